"""SIGHUP: the bot reads the documents folder again and swaps the knowledge base if it passes the check;
otherwise it keeps answering from the edition it has, and logs why."""

from __future__ import annotations

import logging
import os
import signal
import time
from datetime import date
from pathlib import Path

import pytest

from bot.runtime.reload import Reloader
from intents.engine import Engine
from knowledge.kb import KnowledgeBase
from tests.support import editions as ed
from tests.support.editions import Edition, drill_edition

TODAY = date(2026, 11, 23)


def test_a_good_edition_is_swapped_in(tmp_path: Path, kb: KnowledgeBase) -> None:
    engine = Engine(kb=kb, today=TODAY)
    drill_edition(tmp_path)
    assert Reloader(engine, tmp_path).reload()
    assert engine.kb is not kb and engine.kb.sources["sco_2022"].date_note == ed.NEW_DATE
    assert ed.NEW_PHONE in engine.ask("sco phone?").text


def test_a_bad_edition_keeps_the_old_one_and_logs_why(
    tmp_path: Path, kb: KnowledgeBase, caplog: pytest.LogCaptureFixture
) -> None:
    engine = Engine(kb=kb, today=TODAY)
    Edition(tmp_path).replace(ed.EVICORE, "J9271\tKEYTRUDA\tPEMBROLIZUMAB", "J9271\t****KEYTRUDA\t****PEMBROLIZUMAB")
    with caplog.at_level(logging.ERROR, logger="precert_bot.reload"):
        assert not Reloader(engine, tmp_path).reload()
    assert engine.kb is kb
    assert any("marker '****' has no legend" in r.getMessage() for r in caplog.records)
    assert engine.ask("does keytruda need evicore precert?").status == "answered"


def test_sighup_reloads(tmp_path: Path, kb: KnowledgeBase) -> None:
    engine = Engine(kb=kb, today=TODAY)
    drill_edition(tmp_path)
    previous = signal.getsignal(signal.SIGHUP)
    try:
        Reloader(engine, tmp_path).install()
        os.kill(os.getpid(), signal.SIGHUP)
        deadline = time.monotonic() + 30
        while engine.kb is kb and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        signal.signal(signal.SIGHUP, previous)
    assert engine.kb.sources["sco_2022"].date_note == ed.NEW_DATE
