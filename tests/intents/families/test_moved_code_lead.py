"""A code that names no drug, whose row says it moved to another program ('HIT Tpn 2 Liter Diem - Moved to
Home Health program.'): the move leads, in phrasings of our own ('does S9366 still need home infusion
precert?' is answered by it), never as a no."""

from __future__ import annotations

from intents.engine import Engine


def test_a_drugless_code_whose_row_moved_leads_with_the_move(engine: Engine) -> None:
    answer = engine.ask("S9368 - still on home infusion?")
    assert answer.headline.startswith("S9368 moved to another program")
    assert "Moved to Home Health program" in answer.headline
