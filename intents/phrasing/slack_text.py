"""What of a Slack message is the question, and what is context: a quoted earlier message ("> …" lines,
Slack's quote markup) and struck text ("~Rituxan~") are what was said before or taken back, and a sign-off
after the question mark ("… sco? thx!", "…? tia - Jen", "…? 🙏") is said to the reader — none of them
is what is asked now."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from intents.phrasing.shape import small_talk
from intents.phrasing.words import phrasing_data

_QUOTE_MARK = re.compile(r"^\s*(?:>|&gt;)+\s?")
# A quote typed on the same line as the question (or flattened onto one): up to the end of its sentence.
_QUOTED_SENTENCE = re.compile(r"^\s*(?:>|&gt;)+\s?(?P<quote>[^\n]*?[?!.])\s+(?P<rest>\S.*)$", re.DOTALL)
# Slack's strike-through: a tilde right before a word and right after one, on one line.
# A typed mention ('@precert-bot', '@channel'; Slack's own <@U…> markup is read elsewhere): who is
# addressed, not what is asked. Only at the start of a word, so an email address is kept.
_TYPED_MENTION = re.compile(r"(?<!\S)@[\w.-]+[:,]?")
# Two tildes on each side ('~~Tysabri~~', markdown's strike typed in Slack) strike the same words.
_STRUCK = re.compile(r"(?<![\w~])(?P<mark>~~?)(?=[^\s~])(?P<struck>[^~\n]*?\S)(?P=mark)(?![\w~])")
# A quote flattened onto the question's line with no full stop ('> pt on Herceptin who do I call for
# Kadcyla'): it ends where the asker's own words turn (phrasing.toml [quote_turns]), after this many words.
MIN_QUOTE_WORDS = 2
# What may follow a question's last question mark and still be a sign-off: short, one line.
MAX_SIGN_OFF = 60
# Emoji as Slack writes them, emoticons, and the signs around them: nothing asked.
_DECORATION = re.compile(r":[a-z0-9_+\-']+:|[:;]-?[()dp/]|[^\x00-\x7f]|[!.~*_]+")
# Who signs: '- Jen', ', Maria RN', '— Dr. Lee' (a name only after thanks, or with the signer's role).
_SIGNER = re.compile(r"^(?P<talk>.*?)\s*[-,]\s*(?P<who>(?:dr\.?\s+)?[a-z][a-z.']*(?:\s+[a-z][a-z.']*){0,2})\s*$")
# Words that carry a question on ('thanks - and Ocrevus', 'thx, also Tysabri'): never part of a signature.
_CONNECTOR = re.compile(r"\b(?:and|also|plus|or|what|how|about|too|same|for|the|is|does|do|can|pls|please)\b")
_ROLE = re.compile(
    r"^[-,\s]*(?:dr\.?\s+)?[a-z]+(?:\s+[a-z]+)?\s*,?\s*(?:rn|np|lpn|md|do|cma|cpc|bsn|msn|pharmd|pa-c)\s*$"
)


@dataclass(frozen=True)
class Message:
    question: str  # what is asked
    quoted: str = ""  # an earlier message quoted above it
    struck: tuple[str, ...] = ()  # words struck through: taken back

    @property
    def context(self) -> str:
        return self.quoted


def read_message(raw: str) -> Message:
    """Split a message into its question and its context. A message that is all quote (a question pasted
    as a quote and nothing more) is its own question; a sign-off after the question is left out."""
    message = _split(raw)
    asked = without_sign_off(message.question)
    if message.quoted and _verifies().match(asked):
        # '> Kadcyla needs evicore' / 'is that true?': the quote is what is asserted, to be checked.
        said = " ".join(message.quoted.split()).rstrip(" ?.!")
        return replace(message, question=phrasing_data()["quote_verified"]["assertion"].format(quote=said), quoted="")
    return message if asked is message.question else replace(message, question=asked)


@cache
def _verifies() -> re.Pattern[str]:
    return re.compile(phrasing_data()["quote_verified"]["asks"], re.IGNORECASE)


def without_sign_off(question: str) -> str:
    """'tysabri sco? thx!' -> 'tysabri sco?': what follows the last question mark when it only thanks,
    signs or decorates ('tia - Jen', '- Maria, RN', '🙏', ':)'). Anything else after it is kept."""
    end = question.rfind("?")
    if end < 0:
        return question
    tail = question[end + 1 :]
    if not tail.strip() or len(tail) > MAX_SIGN_OFF or "\n" in tail.strip():
        return question
    said = " ".join(_DECORATION.sub(" ", tail.lower().replace("\u2014", "-").replace("\u2013", "-")).split())
    return question[: end + 1] if _signs_off(said) else question


def _signs_off(said: str) -> bool:
    if not said.strip(" -") or _ROLE.match(said):
        return True
    if small_talk(said) in ("thanks", "farewell"):
        return True
    signed = _SIGNER.match(said)
    if signed is None or _CONNECTOR.search(signed.group("who")):
        return False  # 'thanks, and ocrevus': more is asked
    talk = signed.group("talk").strip(" -")
    return bool(talk) and small_talk(talk) in ("thanks", "farewell")


def _split(raw: str) -> Message:
    if "@" in raw:
        raw = _TYPED_MENTION.sub(" ", raw).strip() or raw
    if "~" not in raw and ">" not in raw and "&gt;" not in raw:
        return Message(raw)
    struck = tuple(m.group("struck") for m in _STRUCK.finditer(raw))
    text = _STRUCK.sub(" ", raw) if struck else raw
    lines = text.split("\n")
    quoted = [_QUOTE_MARK.sub("", line) for line in lines if _QUOTE_MARK.match(line)]
    asked = [line for line in lines if not _QUOTE_MARK.match(line)]
    if quoted and any(line.strip() for line in asked):
        return Message("\n".join(asked), "\n".join(quoted), struck)
    one_line = _QUOTED_SENTENCE.match(text) if quoted and len(lines) == 1 else None
    if one_line:
        return Message(one_line.group("rest"), one_line.group("quote"), struck)
    turned = _quote_turned(quoted[0]) if quoted and len(lines) == 1 else None
    if turned:
        return Message(turned[1], turned[0], struck)
    if quoted:  # nothing but the quote: it is what is asked
        return Message("\n".join(quoted), "", struck)
    if not text.strip():  # everything struck: the struck words are all there is to answer
        return Message(raw.replace("~", " "), "", ())
    return Message(text, "", struck)


@cache
def _turns() -> re.Pattern[str]:
    """The words that begin what the asker says after a quote ('what about', 'and for', 'who', 'ok')."""
    return re.compile(r"\s(?:" + "|".join(phrasing_data()["quote_turns"]["opens"]) + r")\b", re.IGNORECASE)


def _quote_turned(line: str) -> tuple[str, str] | None:
    """(quote, question) of a one-line quote with no sentence end, split where the asker's words turn:
    '> Zolgensma's fax is on the form and for Kymriah?' -> ("Zolgensma's fax is on the form", 'and for
    Kymriah?'). None where no turn follows the quote's first words (all of it is the quote)."""
    for turn in _turns().finditer(line):
        quote, rest = line[: turn.start()].strip(), line[turn.start() :].strip()
        if len(quote.split()) >= MIN_QUOTE_WORDS and rest:
            return quote, rest
    return None
