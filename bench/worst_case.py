"""Worst-case input: crafted messages that once held the GIL for seconds (long whitespace runs after
an identifier label, repeated mention markup, walls of codes, text at and far past the length cap),
and seeded random messages at the 4,000-character cap (random letters, HCPCS-like codes, misspelt drug
names, dictionary words, distinct pseudo-words: each unfamiliar word once cost a spelling look-up),
each timed through what a Slack message goes through in the bot: the cap and the mention stripper,
the engine, the rendering to Block Kit, and the privacy checks. The slowest run of each is reported;
the target is <= 50 ms each."""

from __future__ import annotations

import random
import string
import time
from collections.abc import Callable
from typing import Any

from english_words import get_english_words_set

from bot.runtime.metrics import Metrics
from bot.runtime.privacy import looks_like_patient_identifier, mask_identifiers
from bot.slack.listeners.threads import question_in
from bot.slack.replies import Answerer
from intents.engine import MAX_QUESTION_CHARS, Engine

BOT_USER_ID = "U0PRECERT"
TARGET_MS = 50.0


def crafted() -> dict[str, str]:
    """name -> message text. Lengths go well past the cap: what Slack lets through is 40,000."""
    return {
        "label then 4,000 spaces": "member" + " " * 3993 + "#",
        "label then 40,000 spaces": "member id" + " " * 40_000 + ":",
        "labels repeated": "member-" * 6000,
        "mention markup, unclosed, 40k": f"<@{BOT_USER_ID}|" * 4000,
        "mention markup, unclosed, 200k": f"<@{BOT_USER_ID}|" * 20_000,
        "mentions, closed, 40k": f"<@{BOT_USER_ID}> " * 3000,
        # 800 codes in 4,799 characters: what the bot reads of it is the first 4,000 (667 codes), and the
        # answer says so.
        "800 codes, cut to 4,000": " ".join(f"J{9000 + n % 999:04d}" for n in range(800)),
        "digits run": "1" * 40_000,
        "dates and slashes": "01/02/" * 7000,
        "month words": "jan " * 10_000 + "1960",
        "one long word": "x" * 40_000,
        "drug names repeated": "keytruda ocrevus tysabri " * 1600,
        "at the cap": ("does keytruda need precert? " * 200)[:MAX_QUESTION_CHARS],
        "punctuation storm": "#:#:" * 10_000,
        "whitespace only": " \t\n" * 13_000,
        "unicode confusables": "кеуtruda ％ " * 3000,
    }


SEED = 21  # the same messages every run: a figure can be compared with the last
CONSONANTS, VOWELS = "bcdfghjklmnpqrstvwxz", "aeiou"
CODE_LETTERS = "ABCJQSX"
# Letters of other scripts, accented Latin, symbols and emoji: what NFKC and the tokenizer must take apart.
UNICODE_LETTERS = (
    "абвгдеёжзийклмнопрстуфхцчшщыэюяαβγδεζηθικλμνξπρστυφχψωéèêëàâäîïôöûüçñßøåæœ漢字薬品承認€™®©½²ﬁ😀💊🩺✅"
)
CODE_FORMS = ("{l}{d}", "{l} {d}", "{l}-{d}", "{l}.{d}", "{d}", "{l}{d}?")
PUNCTUATION = "?!.,;:#*_~>`'\"()[]{}<>|/\\-+=@&%$^"


def _fill(make: Callable[[], str], chars: int = MAX_QUESTION_CHARS) -> str:
    """Words from `make`, space-separated, up to `chars` characters."""
    words: list[str] = []
    used = -1
    while True:
        word = make()
        if used + 1 + len(word) > chars:
            return " ".join(words)
        words.append(word)
        used += 1 + len(word)


def _padded(rng: random.Random, text: str) -> str:
    """The text and one more word of random letters, up to the cap."""
    room = MAX_QUESTION_CHARS - len(text) - 1
    return f"{text} {''.join(rng.choices(string.ascii_lowercase, k=room))}" if room > 0 else text


def _misspelt(rng: random.Random, word: str) -> str:
    """One or two slips: a letter changed, added or dropped."""
    letters = list(word)
    for _ in range(rng.randint(1, 2)):
        at = rng.randrange(len(letters))
        slip = rng.randrange(3)
        if slip == 0:
            letters[at] = rng.choice(string.ascii_lowercase)
        elif slip == 1:
            letters.insert(at, rng.choice(string.ascii_lowercase))
        elif len(letters) > 3:
            del letters[at]
    return "".join(letters)


def generated(engine: Engine, seed: int = SEED) -> dict[str, str]:
    """name -> a seeded message at the length cap, of words the matcher has to weigh one by one."""
    rng = random.Random(seed)
    brands = sorted(d.name for d in engine.kb.drugs.values())
    names = sorted({w for name in brands for w in name.lower().split() if len(w) >= 4})
    dictionary = sorted(get_english_words_set(["gcide"], lower=True, alpha=True))
    seen: set[str] = set()

    def pseudo_word() -> str:  # pronounceable, and never the same twice
        while True:
            word = "".join(rng.choice(CONSONANTS) + rng.choice(VOWELS) for _ in range(rng.randint(2, 5)))
            if word not in seen:
                seen.add(word)
                return word

    return {
        "random letters, 4,000": _fill(lambda: "".join(rng.choices(string.ascii_lowercase, k=rng.randint(4, 10)))),
        "random codes, 4,000": _fill(lambda: f"{rng.choice(CODE_LETTERS)}{rng.randrange(10_000):04d}"),
        "misspelt names, 4,000": _fill(lambda: _misspelt(rng, rng.choice(names))),
        "dictionary words, 4,000": _fill(lambda: rng.choice(dictionary)),
        "distinct pseudo-words, 4,000": _fill(pseudo_word),
        "pseudo-words then a name": _fill(pseudo_word, MAX_QUESTION_CHARS - 30) + " does keytruda need precert",
        "drug names, 4,000": _fill(lambda: rng.choice(brands)),
        "hyphenated pseudo-words, 4,000": _fill(lambda: f"{pseudo_word()}-{pseudo_word()}"),
        **_more_kinds(rng, brands, names, dictionary, pseudo_word, sorted(engine.kb.codes)),
    }


def _more_kinds(
    rng: random.Random,
    brands: list[str],
    names: list[str],
    dictionary: list[str],
    pseudo_word: Callable[[], str],
    codes: list[str],
) -> dict[str, str]:
    """Kinds of message a prober tries that the first ones don't: other scripts, walls of question marks
    and punctuation, long single tokens, codes written every way, many questions in one, and all of it
    mixed."""

    def code() -> str:
        form = rng.choice(CODE_FORMS)
        return form.format(l=rng.choice(CODE_LETTERS), d=f"{rng.randrange(10_000):04d}")

    def unicode_word() -> str:
        return "".join(rng.choices(UNICODE_LETTERS + string.ascii_lowercase, k=rng.randint(2, 10)))

    listed = sorted(c for c in codes if c[:1].isalpha())  # every code the documents print: each one answered
    makers = (
        lambda: rng.choice(dictionary),
        pseudo_word,
        code,
        lambda: _misspelt(rng, rng.choice(names)),
        lambda: rng.choice(brands),
        unicode_word,
        lambda: "".join(rng.choices(PUNCTUATION, k=rng.randint(1, 6))),
        lambda: str(rng.randrange(10 ** rng.randint(1, 11))),
    )
    return {
        "unicode words, 4,000": _fill(unicode_word),
        "question marks, 4,000": _fill(lambda: "?" * rng.randint(1, 12)),
        "words and question marks, 4,000": _fill(lambda: rng.choice(dictionary) + "?" * rng.randint(1, 3)),
        "punctuation wall, 4,000": "".join(rng.choices(PUNCTUATION, k=MAX_QUESTION_CHARS)),
        "long tokens, 4,000": _padded(
            rng, _fill(lambda: "".join(rng.choices(string.ascii_lowercase, k=rng.randint(30, 300))))
        ),
        "codes every way, 4,000": _fill(code),
        "many questions, 4,000": _padded(
            rng, _fill(lambda: f"does {_misspelt(rng, rng.choice(names))} need {rng.choice(dictionary)} precert?")
        ),
        "names and codes, 4,000": _fill(lambda: rng.choice((rng.choice(brands), code()))),
        "mixed, 4,000": _fill(lambda: rng.choice(makers)()),
        "listed codes, 4,000": _fill(lambda: rng.choice(listed)),
    }


def _timed(engine: Engine, answerer: Answerer, text: str) -> tuple[float, float]:
    """(wall ms, this thread's CPU ms): on a busy machine the wall time also counts other processes'
    turns on the core; the CPU time is the input's own cost."""
    started, cpu = time.perf_counter(), time.thread_time()
    question = question_in(text, BOT_USER_ID)
    reply = answerer.ask(question, None, "bench", "-", typed_length=len(text))
    answerer.message(reply, "bench", "-")
    looks_like_patient_identifier(reply.question)
    mask_identifiers(reply.question)
    return (time.perf_counter() - started) * 1000, (time.thread_time() - cpu) * 1000


def measure_worst_case(rounds: int = 3) -> dict[str, Any]:
    engine = Engine()
    engine.warm()  # as `serve` does before it takes questions: the worst case is an input's own cost
    answerer = Answerer(engine, Metrics())
    rows = []
    for name, text in {**crafted(), **generated(engine)}.items():
        runs = [_timed(engine, answerer, text) for _ in range(rounds)]
        wall, cpu = max(r[0] for r in runs), max(r[1] for r in runs)
        rows.append({"input": name, "chars": len(text), "max_ms": round(wall, 2), "max_cpu_ms": round(cpu, 2)})
    worst = max(rows, key=lambda row: row["max_ms"])
    return {"rounds": rounds, "inputs": rows, "slowest": worst, "target_ms": TARGET_MS}
