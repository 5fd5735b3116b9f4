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


def test_warming_reads_what_a_first_question_would_read():
    """What the first question compiles or loads (phrasing patterns, people's-name patterns) is
    ready after warm(): an asker after start-up never pays for it."""
    from intents.phrasing.words import phrasing_words
    from intents.reading.non_drug_words import _patterns

    phrasing_words.cache_clear()
    _patterns.cache_clear()
    Engine().warm()
    assert phrasing_words.cache_info().currsize == 1
    assert _patterns.cache_info().currsize == 1


def test_warming_builds_the_answers_json_serializer():
    """The Answer's schema is built at its first use (defer_build, for a one-shot ask): a server's
    warm() builds it, so its first asker's JSON doesn't pay ~6 ms. In a process of its own: this
    session's other tests have built it already."""
    import subprocess
    import sys

    script = (
        "from intents.answer import Answer\n"
        "from intents.engine import Engine\n"
        "engine = Engine()\n"
        "assert not Answer.__pydantic_complete__\n"
        "engine.warm()\n"
        "assert Answer.__pydantic_complete__\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True, timeout=120)
