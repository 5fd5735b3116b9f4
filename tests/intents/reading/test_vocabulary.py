"""The words never read as a drug name are data (intents/reading/vocabulary.toml); the parties and
programs among them are checked against the documents."""

from __future__ import annotations

from intents.reading.search import document_lines
from intents.reading.vocabulary import DOMAIN_WORDS, PARTY_WORDS, STOPWORDS, party_word_problems
from knowledge.kb import KnowledgeBase


def test_party_words_are_domain_words_and_never_a_drug() -> None:
    assert {"evicore", "cigna", "embarc", "lifesource"} <= PARTY_WORDS <= DOMAIN_WORDS <= STOPWORDS


def test_every_party_word_is_in_the_documents(kb: KnowledgeBase) -> None:
    text = "\n".join(line for lines in document_lines(kb).values() for line in lines).lower()
    assert party_word_problems(text) == []


def test_a_party_word_no_document_has_is_a_problem() -> None:
    (problem,) = [p for p in party_word_problems("cigna evicore embarc") if "lifesource" in p]
    assert "vocabulary.toml" in problem
