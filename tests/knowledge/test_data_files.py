"""Data files read back parsed: the same table tomllib gives for the very bytes, never a stale one, and
never a reason to fail."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from knowledge import data_files
from knowledge.cache import CACHE_ENV

TABLE = b'[greeting]\nwords = ["hi", "hello"]\nwhen = 2026-12-04\n'


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(CACHE_ENV, str(folder))
    monkeypatch.setattr(data_files, "_tables", None)  # as a fresh process finds it
    return folder


def fresh_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(data_files, "_tables", None)


def test_a_table_read_back_is_the_one_tomllib_parses(cache, monkeypatch) -> None:
    first = data_files.read_toml(TABLE, "test/a.toml")
    assert first == tomllib.loads(TABLE.decode())
    assert [p.name.split("-")[:2] for p in cache.iterdir()] == [["data", "files"]]
    fresh_process(monkeypatch)
    monkeypatch.setattr(tomllib, "loads", lambda *_: pytest.fail("parsed again, though the bytes were kept"))
    again = data_files.read_toml(TABLE, "test/a.toml")
    assert again == first and again is not first


def test_each_read_is_its_own_copy(cache) -> None:
    one = data_files.read_toml(TABLE, "test/a.toml")
    one["greeting"]["words"].append("changed by one caller")
    assert data_files.read_toml(TABLE, "test/a.toml")["greeting"]["words"] == ["hi", "hello"]


def test_a_changed_file_is_parsed_anew(cache, monkeypatch) -> None:
    data_files.read_toml(TABLE, "test/a.toml")
    fresh_process(monkeypatch)
    changed = TABLE.replace(b'"hello"', b'"hey"')
    assert data_files.read_toml(changed, "test/a.toml")["greeting"]["words"] == ["hi", "hey"]
    fresh_process(monkeypatch)
    assert data_files.read_toml(TABLE, "test/a.toml")["greeting"]["words"] == ["hi", "hello"]


def test_invalid_toml_raises_as_tomllib_does_and_is_not_kept(cache) -> None:
    with pytest.raises(tomllib.TOMLDecodeError):
        data_files.read_toml(b"[broken\n", "test/broken.toml")
    assert not cache.exists() or not any(cache.iterdir())


@pytest.mark.parametrize("damage", [b"", b"not a pickle", b"\x80\x05K\x01."])  # empty, garbage, an int
def test_a_damaged_cache_file_means_parsing(cache, monkeypatch, damage) -> None:
    data_files.read_toml(TABLE, "test/a.toml")
    (kept,) = cache.iterdir()
    kept.write_bytes(damage)
    fresh_process(monkeypatch)
    assert data_files.read_toml(TABLE, "test/a.toml") == tomllib.loads(TABLE.decode())


def test_off_or_unwritable_means_parsing(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv(CACHE_ENV, "off")
    fresh_process(monkeypatch)
    assert data_files.read_toml(TABLE, "test/a.toml") == tomllib.loads(TABLE.decode())
    blocked = tmp_path / "a-file"
    blocked.write_text("a file where the folder would be")
    monkeypatch.setenv(CACHE_ENV, str(blocked))
    fresh_process(monkeypatch)
    assert data_files.read_toml(TABLE, "test/a.toml") == tomllib.loads(TABLE.decode())


def test_a_package_file_reads_as_tomllib_reads_it(cache) -> None:
    path = Path(data_files.__file__).parent.parent / "intents" / "phrasing" / "phrasing.toml"
    assert data_files.package_toml("intents.phrasing", "phrasing.toml") == tomllib.loads(path.read_text("utf-8"))
