"""A word pattern's `findall`, read without the pattern when it can only find runs of characters: an
ASCII text holding none of the characters that make a word more than a run (an apostrophe, a hyphen,
a plus) is cut into runs by one bytes translation and a split, a fraction of `findall`'s cost (every
question is cut into words half a dozen times). Any other text is read by the pattern itself."""

from __future__ import annotations

import re


class WordRuns:
    """`pattern.findall`, for a pattern whose matches in a text without `specials` are exactly the
    maximal runs of the characters `kept`."""

    __slots__ = ("pattern", "specials", "table")

    def __init__(self, pattern: re.Pattern[str], kept: str, specials: str = ""):
        self.pattern, self.specials = pattern, specials
        self.table = bytes(c if chr(c) in kept else ord(" ") for c in range(256))

    def findall(self, text: str) -> list[str]:
        if not text.isascii():
            return self.pattern.findall(text)
        for c in self.specials:
            if c in text:
                return self.pattern.findall(text)
        return text.encode("ascii").translate(self.table).decode("ascii").split()
