"""A server builds the document search before its first question; a one-shot `ask` never does."""

from intents.engine import Engine


def test_the_search_is_built_only_when_asked_or_warmed():
    engine = Engine()
    assert not engine.search.ready
    engine.ask("J9271?")  # a code question never searches the text
    assert not engine.search.ready
    engine.warm()
    assert engine.search.ready


def test_a_swapped_edition_arrives_warm():
    engine = Engine()
    engine.swap(engine.kb)
    assert engine.search.ready
    assert engine.ask("who reviews eviCore requests, are they oncologists?").citations
