"""Built editions kept on disk: read back only for the very bytes and code they were built from, and
never a reason to fail."""

from __future__ import annotations

import shutil
import stat
from pathlib import Path

import pytest

from intents.engine import Engine
from intents.reading.entities import Matcher
from knowledge import kb as kb_module
from knowledge.cache import CACHE_ENV, edition_key
from knowledge.kb import load
from tests.conftest import FROZEN_SOURCES, TODAY

QUESTIONS = (
    "does keytruda need evicore precert?",
    "home infusion tpn?",
    "J9271?",
    "zolgensma fax",
    "is home infusion allowed for ocrevus",
    "xolaire",
    "who reviews evicore requests - are they oncologists?",
)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(CACHE_ENV, str(folder))
    return folder


@pytest.fixture
def documents(tmp_path: Path) -> Path:
    copy = tmp_path / "sources"
    shutil.copytree(FROZEN_SOURCES, copy)
    return copy


def forbid_building(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("built again, though the edition was cached")

    monkeypatch.setattr(kb_module, "check", refuse)
    monkeypatch.setattr(Matcher, "__init__", refuse)


def test_a_second_start_reads_the_edition_back_built(cache, documents, monkeypatch) -> None:
    first = load(documents)
    fresh = Engine(kb=first, today=TODAY)
    assert sorted(p.name.split("-")[0] for p in cache.iterdir()) == ["kb", "matcher"]
    forbid_building(monkeypatch)
    again = load(documents)
    assert again is not first and again.edition_key == first.edition_key
    assert again.drugs == first.drugs and again.listings == first.listings
    cached = Engine(kb=again, today=TODAY)
    for question in QUESTIONS:
        assert cached.ask(question).contract() == fresh.ask(question).contract(), question


def test_a_changed_byte_is_a_new_edition(cache, documents) -> None:
    before = load(documents)
    policy = next(p for p in documents.iterdir() if "Policy" in p.name or "policy" in p.name)
    # A byte no anchor quotes (the manifest's and questions.toml's anchors must still match).
    policy.write_bytes(policy.read_bytes().replace(b"Chicago, IL.", b"Chicago, IL.."))
    assert edition_key(documents) != before.edition_key
    after = load(documents)
    assert after.edition_key == edition_key(documents)


def test_the_folder_is_part_of_the_key_because_citations_name_it(cache, documents, tmp_path) -> None:
    other = tmp_path / "elsewhere"
    shutil.copytree(documents, other)
    assert edition_key(documents) != edition_key(other)
    assert load(other).directory == other


def test_a_damaged_cache_file_is_built_anew(cache, documents, caplog) -> None:
    expected = load(documents)
    for path in cache.iterdir():
        path.write_bytes(path.read_bytes()[:100])
    rebuilt = load(documents)
    assert rebuilt.drugs == expected.drugs
    assert "unreadable" in caplog.text
    assert Engine(kb=rebuilt, today=TODAY).ask("J9271?").citations


def test_kept_files_are_the_users_alone(cache, documents) -> None:
    Matcher.of(load(documents))
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    assert {stat.S_IMODE(p.stat().st_mode) for p in cache.iterdir()} == {0o600}


def test_an_unwritable_cache_only_means_a_slower_start(tmp_path, documents, monkeypatch) -> None:
    blocked = tmp_path / "a-file-not-a-folder"
    blocked.write_text("")
    monkeypatch.setenv(CACHE_ENV, str(blocked / "cache"))
    assert load(documents).drugs


def test_off_keeps_nothing(tmp_path, documents, monkeypatch) -> None:
    monkeypatch.setenv(CACHE_ENV, "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert load(documents).edition_key
    assert not (tmp_path / "xdg").exists() and not (tmp_path / "home").exists()


def test_a_folder_that_fails_its_check_is_never_cached(cache, documents) -> None:
    manifest = documents / "sources.toml"
    manifest.write_text(manifest.read_text() + "\n[[broken\n")
    with pytest.raises(kb_module.KnowledgeError):
        load(documents)
    assert not any(cache.glob("kb-*"))
