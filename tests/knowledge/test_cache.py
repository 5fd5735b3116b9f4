"""Built editions kept on disk: read back only for the very bytes and code they were built from, and
never a reason to fail."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from intents.engine import Engine
from intents.reading.entities import Matcher
from knowledge import kb as kb_module
from knowledge.cache import CACHE_ENV, edition_key
from knowledge.kb import load
from knowledge.manifest import SOURCES_ENV
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
REPO = Path(__file__).resolve().parents[2]


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


# A fresh interpreter that answers one question from the cached edition, as `precert-bot ask` does, and
# reports what it loaded and which record classes built their validators.
ONE_SHOT = """
import json, sys
from intents.engine import Engine
from knowledge import models
Engine().ask("does keytruda need evicore precert?").contract()
built = sorted(name for name in dir(models)
               if isinstance(getattr(models, name), type) and issubclass(getattr(models, name), models.Record)
               and getattr(models, name).__pydantic_complete__)
print(json.dumps({"modules": sorted(sys.modules), "built": built}))
"""


def _one_shot(cache: Path, documents: Path) -> dict:
    env = {**os.environ, CACHE_ENV: str(cache), SOURCES_ENV: str(documents)}
    out = subprocess.run([sys.executable, "-c", ONE_SHOT], env=env, cwd=REPO, check=True, capture_output=True)
    return json.loads(out.stdout)


def test_a_start_from_the_cache_reads_no_folder_and_builds_no_record_validators(cache, documents) -> None:
    """What a one-shot `ask` pays for (bench, "Start-up"): an edition read back from the cache needs no
    loader, parser or manifest (nor its models), and its records no validators (unpickling validates
    nothing; an answer's parts build their own, with the citation's schema inside); the data files read
    back parsed need no TOML parser. The first start, which builds, does load them."""
    first = _one_shot(cache, documents)
    assert "knowledge.loader" in first["modules"]
    second = _one_shot(cache, documents)
    never = {"knowledge.loader", "knowledge.parsers.layouts", "knowledge.legends", "knowledge.manifest", "tomllib"}
    assert not never & set(second["modules"])
    assert second["built"] == []


def test_the_search_thesaurus_is_kept_with_its_edition(cache, documents, monkeypatch) -> None:
    from intents.reading import search

    question = "does keytruda need evicore precert?"  # searches the lines beside the drug's rows
    first = Engine(kb=load(documents), today=TODAY)
    answer = first.ask(question).contract()
    assert any(p.name.startswith("thesaurus-") for p in cache.iterdir())
    monkeypatch.setattr(search, "thesaurus_of", lambda *_: pytest.fail("indexed again, though it was kept"))
    again = Engine(kb=load(documents), today=TODAY)
    assert again.search.thesaurus.read_concepts("grace period") == first.search.thesaurus.read_concepts("grace period")
    assert again.ask(question).contract() == answer
