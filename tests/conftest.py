"""Shared fixtures: one knowledge base and one engine per test session (both are read-only)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from intents.engine import Engine
from knowledge.kb import KnowledgeBase, load

TODAY = date(2026, 11, 23)
# The tests read a frozen copy of the documents folder: a new edition of a list changes no test.
FROZEN_SOURCES = Path(__file__).resolve().parent / "fixtures" / "sources"
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


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load(FROZEN_SOURCES)


@pytest.fixture(scope="session")
def engine(kb: KnowledgeBase) -> Engine:
    return Engine(kb=kb, today=TODAY)
