"""A class of products named by its generic lists the products each list prints."""

from __future__ import annotations

from intents.engine import Engine


def test_immune_globulin_at_home_lists_every_product_the_home_infusion_list_prints(engine: Engine) -> None:
    a = engine.ask("IVIG home infusion - which products need precert?")
    assert a.intent == "drug_family" and a.status == "answered"
    for name in ("Privigen", "Octagam", "Gammagard", "Hizentra", "J1566"):
        assert name in a.headline
    assert "Asceniv" not in a.headline  # on the SCO list, not the home infusion list
    assert {f.program for f in a.findings} == {"home_infusion"}
    assert any(f.drug == "Asceniv" and not f.listed for f in a.findings)


def test_the_class_alone_is_answered_per_list_not_out_of_scope(engine: Engine) -> None:
    a = engine.ask("does immune globulin need precert?")
    assert a.status == "answered"
    assert "on the SCO site-of-care list" in a.headline and "on the home infusion precert list" in a.headline


def test_a_product_named_with_the_class_is_that_product(engine: Engine) -> None:
    assert engine.ask("is Privigen ivig covered at home").intent == "home_infusion"
