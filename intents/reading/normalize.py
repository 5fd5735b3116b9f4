"""Turn a raw question (Slack markup, trademark signs, punctuation) into tokens the matcher reads."""

from __future__ import annotations

import re
import string
import unicodedata
from dataclasses import dataclass

from intents.phrasing.words import spell_out_contractions
from intents.reading.word_runs import WordRuns
from knowledge.names import squash  # the project's one name key; re-exported for the matcher

__all__ = ["MAX_QUESTION_CHARS", "Normalized", "encodable", "normalize", "squash", "strip_markup"]

MAX_QUESTION_CHARS = 4000

# A mention's or a special's label is a display name (Slack: at most 80 characters): bounded, so an
# unclosed '<@U1|' repeated down a message is not a scan to the message's end from each one.
LABEL_CHARS = 80
_SLACK_USER = re.compile(rf"<@[A-Z0-9]+(?:\|[^>]{{0,{LABEL_CHARS}}})?>")
_SLACK_SPECIAL = re.compile(rf"<!(?:[a-z]+)(?:\^[^>|]{{0,{LABEL_CHARS}}})?(?:\|[^>]{{0,{LABEL_CHARS}}})?>")
_SLACK_LABELLED = re.compile(r"<(?:https?://|mailto:|#)[^>|]*\|([^>]*)>")
_SLACK_LINK = re.compile(r"<(?:https?://|mailto:|#)[^>]*>")
_EMOJI = re.compile(r":[a-z0-9_+\-']+:")
_FORMATTING = re.compile(r"[`*_~>]+")
_NO_FORMATTING = frozenset(map(chr, range(128))) - set("`*_~>")  # ASCII but Slack's formatting marks
_TRADEMARK = re.compile(r"[®™℠©]|\((?:r|tm|c)\)", re.IGNORECASE)
_POSSESSIVE = re.compile(r"(?<=\w)['’]s\b")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
# Words are letters/digits, joined by inner hyphens ('humate-p', 'ado-trastuzumab'); 'sco+' keeps
# its plus because SCO+ is a different list from SCO.
TOKEN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\+?")
_TOKENS = WordRuns(TOKEN, string.ascii_lowercase + string.digits, "-+")
# HCPCS written any common way: J9271, j9271, J 9271, j-9271, J.9271. Separated forms only for the
# letters drug codes use, so that 'a 2018 list' is not read as code A2018.
_CODE_JOINED = re.compile(r"\b([a-z])[-.]?(\d{4})(?:\b|(?=(?:j[a-gjkwz]|tb)\b))")
# ...with a drug-billing modifier typed onto it ('J9271JZ', 'Q5103JW': discarded drug, none discarded,
# 340B): the code, the modifier left as a word of its own.
_CODE_SPACED = re.compile(r"(?<![\w-])([jqcsb])\s+[-.]?\s*(\d{4})\b")  # (not the q of "sub-q")
_CPT = re.compile(r"(?<![\d.])(\d{5})(?![\d.])")
# A HCPCS code's four digits typed without its letter ('9271 evicore', 'jcode 9271'): not part of a
# phone number, a date or an amount ('668.9250', '1/2024', '1000 mg').
_DIGITS = re.compile(r"(?<![\w.,/:$#-])(\d{4})(?![\w/:%-]|[.,]\d)(?!\s*(?:mg|mcg|ml|units?|iu)\b)")
# ...and a year ('added in 2017') unless the question says it is a code.
_YEARS = range(1900, 2100)
_CODE_WORD = re.compile(r"\b(?:j-?\s?codes?|codes?|hcpcs|cpt)\b")
# ... and never a year after a month ('the nov 2017 letter', 'codes added in January 2018'), codes said or not.
_MONTH_YEAR = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+(?:\d{1,2},?\s+)?(?=\d{4}\b)"
)
# ... nor a recent year after a preposition of time ('the 53 codes were added in 2017', 'on the list since
# 2019'), codes said or not: Q2017 and C2019 are read only as typed with their letter.
_PREPOSITION_YEAR = re.compile(r"\b(?:in|since|during|until|till|before|after|from|by)\s+(?=(?:19[9]\d|20[0-3]\d)\b)")
# A surrogate standing alone: what a JSON escape pairing with nothing ('\\ud800') decodes to.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_ANY_DIGIT = re.compile(r"\d")  # each pattern above reads digits (\d: any script's, as theirs do)


@dataclass(frozen=True)
class Normalized:
    original: str
    clean: str  # markup removed, lowercase, spaces tidied
    tokens: tuple[str, ...]
    codes: tuple[tuple[str, str], ...]  # (code, text as typed)
    numbers: tuple[str, ...]  # five-digit numbers (CPT codes if the KB knows them)
    truncated: bool
    digits: tuple[str, ...] = ()  # four-digit numbers (a HCPCS code without its letter, if the KB has one)


def encodable(text: str) -> str:
    """The text with each lone surrogate as U+FFFD. Slack's and an EHR's JSON may escape one that pairs
    with nothing; UTF-8 can't write it, so an answer echoing the question could be neither sent nor
    serialised (bad input gets an answer, never a crash)."""
    if text.isascii():
        return text
    return _LONE_SURROGATE.sub("\ufffd", text)


def strip_markup(text: str) -> str:
    if "<" in text:  # Slack's markup is in angle brackets: most questions have none
        text = _SLACK_USER.sub(" ", text)
        text = _SLACK_SPECIAL.sub(" ", text)
        text = _SLACK_LABELLED.sub(r" \1 ", text)
        text = _SLACK_LINK.sub(" ", text)
    if "&" in text:  # an entity ('&amp;', Slack's '&lt;'): html.unescape leaves text without one as it is
        import html  # imported by the first message that has one (~2 ms of a one-shot start)

        text = html.unescape(text)
    if ":" in text:
        text = _EMOJI.sub(" ", text)
    return text


def normalize(raw: str) -> Normalized:
    truncated = len(raw) > MAX_QUESTION_CHARS
    # NFKC: full-width 'ｋｅｙｔｒｕｄａ' and other compatibility forms read as the letters they are (after the
    # trademark signs go: NFKC would spell ™ out as 'TM').
    text = raw[:MAX_QUESTION_CHARS]
    if not text.isascii() or "(" in text:  # ASCII without a '(tm)' has no sign and no compatibility form
        text = unicodedata.normalize("NFKC", _TRADEMARK.sub("", text))
    # 'doesn't' spelled out before words are cut: never 'keytruda doesn', a name that isn't one.
    text = strip_markup(text)
    if not text.isascii():  # (curly quotes and dashes are not ASCII: an ASCII text has none to straighten)
        text = text.translate(_QUOTES)
    text = spell_out_contractions(text.lower())
    if "'" in text:
        text = _POSSESSIVE.sub("", text)
    if not _NO_FORMATTING.issuperset(text):
        text = _FORMATTING.sub(" ", text)
    clean = " ".join(text.lower().split())
    if _ANY_DIGIT.search(clean) is None:  # no code, number or year to read: most questions name a drug
        return Normalized(raw, clean, tuple(_TOKENS.findall(clean)), (), (), truncated, ())
    found: list[tuple[int, str, str]] = []
    spans: list[tuple[int, int]] = []
    taken: set[int] = set()  # positions inside a code already read: a set, since a wall of codes has hundreds
    for pattern in (_CODE_SPACED, _CODE_JOINED):
        for m in pattern.finditer(clean):
            if m.start() in taken:
                continue
            spans.append(m.span())
            taken.update(range(*m.span()))
            found.append((m.start(), (m.group(1) + m.group(2)).upper(), m.group(0).strip()))
    codes = [(code, typed) for _, code, typed in sorted(found)]
    pieces, at = [], 0
    for s, e in sorted(spans):
        pieces += [clean[at:s], " "]
        at = e
    without_codes = "".join([*pieces, clean[at:]])
    numbers = tuple(_CPT.findall(without_codes))
    tokens = tuple(t for t in _TOKENS.findall(without_codes) if t not in numbers)
    says_code = bool(_CODE_WORD.search(without_codes))
    digits = tuple(
        d
        for d in _DIGITS.findall(without_codes)
        if (says_code and not _dated(d, without_codes)) or int(d) not in _YEARS
    )
    return Normalized(raw, clean, tokens, tuple(codes), numbers, truncated, digits)


def _dated(digits: str, text: str) -> bool:
    """Whether these four digits are a year printed after a month ('nov 2017') or a preposition of time
    ('added in 2017'): a date, never a code."""
    return int(digits) in _YEARS and any(
        text.startswith(digits, m.end()) for pattern in (_MONTH_YEAR, _PREPOSITION_YEAR) for m in pattern.finditer(text)
    )
