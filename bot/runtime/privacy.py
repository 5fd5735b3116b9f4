"""Patient identifiers in questions: masked wherever a question's text may be logged, and spotted so the
bot can remind people not to post them.

The patterns aim at what staff paste from a chart or an eligibility screen: dates of birth, Social
Security numbers, member or subscriber ids, phone numbers. Cigna's own phone and fax numbers (the ones
the loaded documents print, read from the knowledge base's contacts) are left alone: asking about them
is the point. Names are not detected; that is why message text stays out of the logs unless
LOG_MESSAGE_TEXT=true.
"""

from __future__ import annotations

import re
from datetime import date

from knowledge.kb import KnowledgeBase, default_kb

# Letters on a telephone keypad: Cigna prints 1.800.88Cigna.
_KEYPAD = str.maketrans(
    {
        c: str(d)
        for d, letters in enumerate(("", "", "abc", "def", "ghi", "jkl", "mno", "pqrs", "tuv", "wxyz"))
        for c in letters
    }
)
_allowed_phones: frozenset[str] | None = None


def phone_digits(value: str) -> str:
    """The ten digits of a number as a document prints it ('1.800.88Cigna (882.4462)' -> '8008824462')."""
    return _digits(value.split("(")[0].lower().translate(_KEYPAD))


def allow_phones_of(kb: KnowledgeBase) -> None:
    """Leave the numbers this knowledge base's contacts print unmasked: asking about them is the point.
    Called at start-up and after each reload, so a new edition's number is allowed with no code change."""
    global _allowed_phones
    contacts = [*kb.general_contacts, *(c for p in kb.programs.values() for c in p.contacts)]
    _allowed_phones = frozenset(
        phone_digits(field.value) for c in contacts for field in (c.phone, c.fax) if field is not None
    )


def allowed_phones() -> frozenset[str]:
    if _allowed_phones is None:
        allow_phones_of(default_kb())
    assert _allowed_phones is not None
    return _allowed_phones


_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
# [0-9], not \d: \d also matches other scripts' digits, which nobody types into an id.
_PATTERNS = {
    "ssn": r"(?<![0-9])[0-9]{3}[- ][0-9]{2}[- ][0-9]{4}(?![0-9])",
    "phone": r"(?<![0-9])(?:\+?1[\s.-]?)?(?:\([0-9]{3}\)\s?|[0-9]{3}[\s.-]?)[0-9]{3}[\s.-]?[0-9]{4}(?![0-9])",
    "date": (
        r"(?<![0-9])(?:[0-9]{1,2}[/.-][0-9]{1,2}[/.-](?:[0-9]{4}|[0-9]{2})"
        r"|(?:19|20)[0-9]{2}[/.-][0-9]{1,2}[/.-][0-9]{1,2})(?![0-9])"
        rf"|\b{_MONTH}\s{{1,3}}[0-9]{{1,2}}(?:st|nd|rd|th)?,?\s{{1,3}}(?:19|20)[0-9]{{2}}\b"
        rf"|\b[0-9]{{1,2}}[\s/-]{{1,3}}{_MONTH}[\s/-]{{1,3}}(?:19|20)[0-9]{{2}}\b"
    ),
    # A labelled id: "member id U123456789", "subscriber #: 44-556677", "MRN 0012345", "U1234 5678". At
    # least five digits, so "patient 72" is not one; no "policy": coverage policy numbers are the
    # documents' own. Every repeat is bounded: 'member-member-…' or 'member' and four thousand spaces
    # must not make the scan quadratic (bench: worst-case input).
    "labelled_id": (
        r"\b(?:member|subscriber|insured|patient|mrn|medical\s+record|account|acct)\b"
        r"(?:\s{0,3}(?:id|number|num|no)\b)?\.?\s{0,3}[#:]{0,3}\s{0,3}"
        # five digits in the id itself, or an id with digits whose next group has three or more
        # ('U1234 5678'); not 'age 72 weight 80'.
        r"(?=(?:[A-Za-z-]{0,12}[0-9]){5}|[A-Za-z-]{0,3}[0-9][A-Za-z0-9-]{0,20}\s[0-9]{3,})"
        r"[A-Za-z0-9-]{1,40}(?:\s[0-9]{2,20}(?![0-9])){0,4}"
    ),
    # An unlabelled one: a long run of digits with at most a few letters before it (Cigna's are a letter
    # and eight digits). HCPCS codes are a letter and four digits, so they are not caught.
    "id": r"(?<![A-Za-z0-9])[A-Za-z]{0,3}[0-9]{7,40}(?:[\s-]?[0-9]{2}(?![0-9]))?(?![A-Za-z0-9])",
}
_IDENTIFIER = re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in _PATTERNS.items()), re.IGNORECASE)
_DOB_CUE = re.compile(
    r"\b(?:dob|d\.o\.b|date\s{1,3}of\s{1,3}birth|born|birth\s{0,3}date|birthday|b/d)\b", re.IGNORECASE
)
# The documents' own dates run from 2017; a date from before 2005 in a question is someone's birthday.
OLDEST_DOCUMENT_YEAR = 2005


def _digits(text: str) -> str:
    digits = re.sub(r"[^0-9]", "", text)
    return digits[1:] if len(digits) == 11 and digits.startswith("1") else digits


def _identifiers(text: str) -> list[re.Match[str]]:
    """Each identifier-looking span, Cigna's phone numbers excepted."""
    return [m for m in _IDENTIFIER.finditer(text) if not (m.lastgroup == "phone" and _digits(m[0]) in allowed_phones())]


def mask_identifiers(text: str) -> str:
    """The text with every identifier-looking span replaced by its kind in brackets ('[ssn]')."""
    out, end = [], 0
    for match in _identifiers(text):
        kind = "id" if match.lastgroup == "labelled_id" else match.lastgroup
        out += [text[end : match.start()], f"[{kind}]"]
        end = match.end()
    return "".join([*out, text[end:]])


def _year(date_text: str) -> int:
    numbers = re.findall(r"[0-9]+", date_text)
    four = [n for n in numbers if len(n) == 4]
    if four:
        return int(four[0])
    two = int(numbers[-1])  # m/d/yy
    return 2000 + two if two <= date.today().year % 100 else 1900 + two


def _is_birth_date(match: re.Match[str], text: str) -> bool:
    before = text[max(0, match.start() - 24) : match.start()]
    return bool(_DOB_CUE.search(before)) or _year(match[0]) < OLDEST_DOCUMENT_YEAR


def looks_like_patient_identifier(text: str) -> bool:
    """Whether a question seems to carry a patient identifier. Stricter than masking about dates, which
    questions about the documents mention too: a date counts when it follows 'DOB' or 'born', or is
    too old to be about a document."""
    return any(match.lastgroup != "date" or _is_birth_date(match, text) for match in _identifiers(text))
