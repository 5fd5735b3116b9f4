"""How drug names and codes are cleaned and compared across documents.

The documents print one drug many ways ("GAMUNEX®C", "Gamunex® C", "Gamunex-C/Gammaked"):
trademark signs, footnote digits and list markers are typography, not part of the name.
"""

from __future__ import annotations

import re

_TRADEMARKS = re.compile(r"\[\^?(?:®|™|℠)\]|[®™℠]|(?<=[a-z])TM\b|(?<=[a-z])SM\b")
_SUPERSCRIPTS = re.compile(r"[¹²³⁴⁵⁶⁷⁸⁹⁰]")
# Marker symbols are whatever the legends print ('*', '***', '†'); a cell may carry several joined by
# '/' ('*/***'). Which ones exist, and what they mean, is read from the legend lines, not listed here.
MARKER_CHARS = "*†‡§¶"
_MARKERS = re.compile(rf"^[{MARKER_CHARS}]+(?:/[{MARKER_CHARS}]+)*\s*")
_TRAILING_MARKERS = re.compile(rf"\s*[{MARKER_CHARS}]+$")
_SPACES = re.compile(r"\s+")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")

# HCPCS level II (letter + 4 digits) and CPT (5 digits).
CODE_RE = re.compile(r"^(?:[A-Z]\d{4}|\d{5})$")


def split_marker(text: str) -> tuple[str, str]:
    """'*/***AZACITIDINE' -> ('*/***', 'AZACITIDINE'); 'KEYTRUDA†' -> ('†', 'KEYTRUDA')."""
    m = _MARKERS.match(text)
    if m:
        return m.group(0).strip(), text[m.end() :]
    m = _TRAILING_MARKERS.search(text)
    if m:
        return m.group(0).strip(), text[: m.start()]
    return "", text


def marker_symbols(marker: str) -> list[str]:
    """'*/***' -> ['*', '***']."""
    return [m for m in marker.split("/") if m]


def superscripts(text: str) -> tuple[str, ...]:
    """Footnote numbers printed as superscripts: 'ELIGARD® ³' -> ('3',)."""
    table = str.maketrans("¹²³⁴⁵⁶⁷⁸⁹⁰", "1234567890")
    return tuple(ch.translate(table) for ch in _SUPERSCRIPTS.findall(text))


def clean(text: str) -> str:
    """Drop trademark signs, superscript footnotes and list markers; tidy spaces."""
    text = _TRADEMARKS.sub("", text)
    text = _SUPERSCRIPTS.sub("", text)
    _, text = split_marker(text.strip())
    text = text.replace("( ", "(").replace(" )", ")")
    return _SPACES.sub(" ", text).strip(" ,;")


def squash(text: str) -> str:
    """Lowercase letters and digits only: the project's one way to compare names and words."""
    if text.isascii() and text.isalnum():  # most words: nothing to take out (the pattern costs ~4 K instructions)
        return text.lower()
    return _NON_ALNUM.sub("", text.lower())


def key(name: str) -> str:
    """Comparison key for a name as a document prints it ('Gamunex® C' -> 'gamunexc')."""
    return squash(clean(name))


def display(name: str) -> str:
    """A readable form for an all-caps name ('SIMPONI ARIA' -> 'Simponi Aria')."""
    name = clean(name)
    if name.isupper() or name.upper() == name:
        return " ".join(w.capitalize() if w.isalpha() else w.title() for w in name.split(" "))
    return name


def normalize_code(text: str) -> str | None:
    """'j-9271', 'J 9271', 'j9271' -> 'J9271'; None when it is not a code."""
    compact = re.sub(r"[\s\-.]", "", text).upper()
    return compact if CODE_RE.match(compact) else None


def split_codes(cell: str) -> tuple[str, ...]:
    """'J9999/C9399', 'J3490, J3590' -> each code; '#N/A' and blanks -> ()."""
    out = []
    for part in re.split(r"[/,\s]+", cell.strip()):
        code = normalize_code(part)
        if code:
            out.append(code)
    return tuple(out)
