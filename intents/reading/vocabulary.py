"""Words that are never read as a drug name, read from intents/reading/vocabulary.toml (data: a word
people type that is taken for an unknown drug is a data change).

A word of a question that is neither in here nor a known name is a candidate drug name: it is
matched fuzzily, and if nothing matches it is reported as "not found in the loaded documents".
"""

from __future__ import annotations

from intents.reading.payers import payer_words
from knowledge.data_files import package_toml

_WORDS: dict[str, list[str]] = {
    name: words.split() for name, words in package_toml("intents.reading", "vocabulary.toml").items()
}

# The parties and programs the documents name: domain words, checked by `kb check` to be in them.
PARTY_WORDS: frozenset[str] = frozenset(_WORDS["parties"])
DOMAIN_WORDS: frozenset[str] = frozenset(_WORDS["domain"]) | PARTY_WORDS
STOPWORDS: frozenset[str] = (
    frozenset(_WORDS["english"])
    | DOMAIN_WORDS
    | frozenset(_WORDS["chat"])
    | frozenset(_WORDS["presentation"])
    | frozenset(_WORDS["biosimilar_words"])
    | payer_words()
)
ROMAN_NUMERALS: frozenset[str] = frozenset(_WORDS["roman_numerals"])
DESCRIPTION_FILLER: frozenset[str] = frozenset(_WORDS["description_filler"])
SERVICE_WORDS: frozenset[str] = frozenset(_WORDS["service"])
DESCRIPTION_TERMS: frozenset[str] = ROMAN_NUMERALS | frozenset(_WORDS["description_terms"])
GENERIC_PARTS: frozenset[str] = frozenset(_WORDS["generic_parts"])
BIOSIMILAR_WORDS: frozenset[str] = frozenset(_WORDS["biosimilar_words"])


def party_word_problems(document_text: str) -> list[str]:
    """What `kb check` says of the party words: each is in the documents' text (lower-cased; 'lifesource'
    is printed only inside an email address, 'evi' and 'core' only inside 'eviCore')."""
    return [
        f"intents/reading/vocabulary.toml: party word {word!r} is in none of the documents"
        for word in sorted(PARTY_WORDS)
        if word not in document_text
    ]
