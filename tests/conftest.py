"""Shared fixtures: one knowledge base and one engine per test session (both are read-only)."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import settings

from intents.engine import Engine
from knowledge.cache import CACHE_ENV
from knowledge.kb import KnowledgeBase, load
from knowledge.manifest import SOURCES_ENV, sources_dir

# A real Redis server, shared by every test that asks for one (tests/support/redis_server.py).
pytest_plugins = ["tests.support.redis_server"]

# CI is a gate: there every property test draws the same examples each run (derandomize), so a pass or a
# failure is the code's, not the draw's. Everywhere else (a developer's run, the team's landings) each run
# draws new examples and keeps exploring; what one finds is fixed and stays in the test as an example.
settings.register_profile("ci", derandomize=True, database=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

TODAY = date(2026, 11, 23)
# The tests read a frozen copy of the documents folder: a new edition of a list changes no test. The
# processes they start (the CLI, the bot) and default_kb() read it too, through PRECERT_SOURCES; the live
# folder (whatever PRECERT_SOURCES named, else the packaged one) gets invariant tests only.
FROZEN_SOURCES = Path(__file__).resolve().parent / "fixtures" / "sources"
LIVE_SOURCES = sources_dir()
os.environ[SOURCES_ENV] = str(FROZEN_SOURCES)
# Built editions are cached (knowledge/cache.py) in a folder of the run's own, for the processes the tests
# start too: the user's cache is neither read nor filled by a test.
_CACHE = tempfile.mkdtemp(prefix="precert-test-cache-")
os.environ[CACHE_ENV] = _CACHE
atexit.register(shutil.rmtree, _CACHE, True)
# What the bots the tests run count of unanswered questions (bot/gaps.py) goes to a folder of the run's
# own, never the checkout's ./var.
_DATA = tempfile.mkdtemp(prefix="precert-test-data-")
os.environ.setdefault("PRECERT_DATA_DIR", _DATA)
atexit.register(shutil.rmtree, _DATA, True)
# Absence is not permission: no answer may say any of these, whatever it was asked.
NEVER_SAY = (
    "not required",
    "does not require",
    "doesn't require",
    "does not need",
    "doesn't need",
    "no prior auth",
    "no precert needed",
    "no precertification needed",
)


# Beside the checkout, not in it: the answer checker and its samples, and the documents as Cigna
# published them. CI (CI=true, or PRECERT_REQUIRE_SHARED=1 as .ci/run sets) fails without them rather
# than skipping, as PRECERT_REQUIRE_REDIS does for Redis: a missing folder must not pass as green.
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
REQUIRE_SHARED_ENV = "PRECERT_REQUIRE_SHARED"


def shared_path(*parts: str) -> Path:
    """A file or folder under ../shared: the test is skipped without it, or fails where CI requires it."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        reason = f"{path} is not beside this checkout"
        if os.environ.get("CI") == "true" or os.environ.get(REQUIRE_SHARED_ENV) == "1":
            pytest.fail(f"{reason}, and CI ({REQUIRE_SHARED_ENV} or CI=true) requires it", pytrace=False)
        pytest.skip(reason)
    return path


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load(FROZEN_SOURCES)


@pytest.fixture(scope="session")
def engine(kb: KnowledgeBase) -> Engine:
    return Engine(kb=kb, today=TODAY)


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data folder of the test's own (PRECERT_DATA_DIR) for every bot it starts, in process or not:
    the checkout's ./var is neither read nor filled, and no test sees another's outbox or events."""
    folder = tmp_path / "var"
    monkeypatch.setenv("PRECERT_DATA_DIR", str(folder))
    return folder
