"""Intent selection from the registry, and help generated from it."""

from __future__ import annotations

import pytest

from intents.engine import Engine
from intents.registry import registry


@pytest.mark.parametrize(
    "question, intent",
    [
        ("help", "help"),
        ("", "help"),
        ("does Keytruda need eviCore precert?", "evicore"),
        ("is home infusion allowed for Ocrevus?", "home_infusion"),
        ("is Tysabri on the site of care list", "site_of_care"),
        ("SCO+ for Xgeva", "site_of_care"),
        ("is Luxturna a gene therapy", "gene_therapy"),
        ("Kymriah CAR-T prior auth", "cellular_therapy"),
        ("who do I call for Zolgensma PA, and the fax?", "contacts"),
        ("evicore hours", "contacts"),
        ("J9271", "code_lookup"),
        ("what is the HCPCS code for Tecentriq", "code_lookup"),
        ("when was Ocrevus added to the SCO list", "dates"),
        ("what are the criteria for hospital outpatient infusion", "policy"),
        ("does Ocrevus need prior auth", "prior_auth"),
        ("does Humira need precert", "not_found"),
        ("what's on the cellular therapy list", "program_overview"),
        ("what does SCO+ mean", "program_overview"),
        ("which documents do you use?", "help"),
        ("which lists is keytruda on", "prior_auth"),
        ("tpn home infusion", "home_infusion_service"),
        ("what is the weather like", "out_of_scope"),
    ],
)
def test_intent(engine: Engine, question: str, intent: str) -> None:
    assert engine.ask(question).intent == intent


def test_asking_what_a_program_means_describes_that_program(engine: Engine) -> None:
    answer = engine.ask("what does SCO+ mean?")
    assert answer.status == "answered"
    assert answer.headline.startswith("Specialty Care Options Plus (SCO+)")
    assert {s.id for s in answer.sources} == {"sco_2022"}


def test_every_intent_with_examples_answers_its_own_examples(engine: Engine) -> None:
    for rule in registry():
        for example in rule.examples:
            answer = engine.ask(example)
            assert answer.status in ("answered", "help"), (rule.name, example, answer.status)


def test_help_is_generated_from_the_registry(engine: Engine) -> None:
    answer = engine.ask("help")
    assert answer.status == "help"
    described = [r for r in registry() if r.examples and r.name != "help"]  # 'help' is no example of itself
    assert len(answer.examples) == len(described)
    for rule in described:
        assert any(rule.summary in line and rule.examples[0] in line for line in answer.examples)
    # The questions people ask most lead: the first five are what Slack shows before "More examples".
    assert answer.examples[0].startswith("does Keytruda need eviCore precert?")
    assert len(answer.sources) == 5


def test_what_evicore_added_is_the_rows_marked_from_2018(engine: Engine) -> None:
    a = engine.ask("how many codes did evicore add")
    assert a.intent == "marked_rows"
    assert a.headline.startswith("53 rows of the eviCore oncology precert list are marked ***")


def test_the_intent_decorator_only_attaches_records() -> None:
    from intents.registry import RECORDS_ATTR, intent

    def handler(draft, q) -> None:
        return None

    decorated = intent("x", order=1, words="help", when=lambda q: True)(handler)  # worded as help is
    assert decorated is handler
    assert [(r.name, r.examples) for r in getattr(handler, RECORDS_ATTR)] == [("x", ("help",))]
    assert all(r.name != "x" for r in registry())  # collected from the family modules only


def test_every_family_module_registers_in_a_distinct_order() -> None:
    rules = registry()
    assert [r.order for r in rules] == sorted({r.order for r in rules})
    assert rules[-1].name == "out_of_scope"
    assert {r.handler.__module__.rsplit(".", 1)[-1] for r in rules} >= {"drugs", "codes", "contacts", "help"}
