"""What people ask, as data beside the manifest: the questions asked about each passage of prose
(questions.toml) and the domain's words for the same thing (thesaurus.toml).

Each entry of questions.toml is anchored to its passage by a fragment of the passage's text, copied
verbatim: a new edition that rewords the passage no longer matches, and `kb check` says so, so a question
is never answered from a passage that no longer says what it was written for. The anchor also names
the sentence that answers those questions: it leads the answer.
"""

from __future__ import annotations

from pathlib import Path

from knowledge.models import Record
from knowledge.passages import Passage, split_sentences, squashed

QUESTIONS_NAME = "questions.toml"
THESAURUS_NAME = "thesaurus.toml"
MIN_ANCHOR_CHARS = 8  # shorter, and an anchor could match by chance in a new edition


class Asked(Record):
    """Questions people ask that one sentence of one passage answers."""

    passage: str  # Passage.id
    anchor: str  # verbatim fragment of the passage
    sentence: str  # the passage's sentence that holds the anchor
    questions: tuple[str, ...]
    # Thesaurus groups naming the case the passage is about ('hopd' for the 30-day approval of requests
    # from a hospital outpatient setting): a question naming none of them is only near the passage.
    only_when: tuple[str, ...] = ()


class ThesaurusGroup(Record):
    """Words and phrases that mean the same thing here ('grace period', 'transition')."""

    name: str
    members: tuple[str, ...]


def read_thesaurus(directory: Path, problems: list[str]) -> tuple[ThesaurusGroup, ...]:
    import tomllib  # read when a folder is built, not when its built edition is read back (knowledge/cache.py)

    path = directory / THESAURUS_NAME
    if not path.is_file():
        return ()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        problems.append(f"{THESAURUS_NAME}: cannot read ({error})")
        return ()
    groups = []
    owner: dict[str, str] = {}
    for name, members in data.get("groups", {}).items():
        if not isinstance(members, list) or not members or not all(isinstance(m, str) and m.strip() for m in members):
            problems.append(f"{THESAURUS_NAME}: group {name!r} must be a list of words or phrases")
            continue
        for m in members:
            key = " ".join(m.lower().split())
            if key in owner and owner[key] != name:
                problems.append(f"{THESAURUS_NAME}: {m!r} is in both {owner[key]!r} and {name!r}")
            owner[key] = name
        groups.append(ThesaurusGroup(name=name, members=tuple(" ".join(m.lower().split()) for m in members)))
    return tuple(groups)


def read_questions(directory: Path, passages: dict[str, list[Passage]], problems: list[str]) -> tuple[Asked, ...]:
    """Every entry of questions.toml, anchored to its passage; each anchor that matches no passage, or
    more than one, is a problem."""
    import tomllib  # as in read_thesaurus

    path = directory / QUESTIONS_NAME
    if not path.is_file():
        return ()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        problems.append(f"{QUESTIONS_NAME}: cannot read ({error})")
        return ()
    out = []
    for source, entries in data.items():
        if source not in passages:
            problems.append(f"{QUESTIONS_NAME}: [[{source}]] names no document of the manifest")
            continue
        for k, entry in enumerate(entries if isinstance(entries, list) else [], 1):
            asked = _anchored(source, k, entry, passages[source], problems)
            if asked is not None:
                out.append(asked)
    return tuple(out)


def _anchored(source: str, k: int, entry: object, passages: list[Passage], problems: list[str]) -> Asked | None:
    where = f"{QUESTIONS_NAME}: {source} entry {k}"
    if not isinstance(entry, dict):
        problems.append(f"{where}: not a table")
        return None
    anchor, questions = entry.get("anchor"), entry.get("asked")
    if not isinstance(anchor, str) or len(anchor.strip()) < MIN_ANCHOR_CHARS:
        problems.append(f"{where}: 'anchor' must quote at least {MIN_ANCHOR_CHARS} characters of its passage")
        return None
    if not isinstance(questions, list) or not questions or not all(isinstance(q, str) and q.strip() for q in questions):
        problems.append(f"{where} ({anchor!r}): 'asked' must list the questions people ask")
        return None
    fragment = squashed(anchor)
    matches = [p for p in passages if fragment in squashed(p.text)]
    if len(matches) != 1:
        found = "no passage" if not matches else f"{len(matches)} passages ({', '.join(p.id for p in matches)})"
        problems.append(f"{where}: anchor {anchor!r} matches {found} of {source}")
        return None
    passage = matches[0]
    sentences = split_sentences(squashed(passage.text))
    sentence = next((s for s in sentences if fragment in s), squashed(passage.text))
    chosen = entry.get("sentence")
    if chosen is not None:
        # The anchor picks a passage printed twice but for one phrase ('In some cases, a single case
        # agreement may be utilized.' ends both FAQ answers); 'sentence' picks the one that answers.
        if not isinstance(chosen, str) or squashed(chosen) not in sentences:
            problems.append(f"{where}: 'sentence' {chosen!r} is not a sentence of passage {passage.id}")
            return None
        sentence = squashed(chosen)
    only_when = entry.get("only_when", [])
    if not isinstance(only_when, list) or not all(isinstance(g, str) and g for g in only_when):
        problems.append(f"{where}: 'only_when' must list thesaurus groups")
        return None
    return Asked(
        passage=passage.id,
        anchor=fragment,
        sentence=sentence,
        questions=tuple(q.strip() for q in questions),
        only_when=tuple(only_when),
    )


def unknown_scopes(asked: tuple[Asked, ...], groups: tuple[ThesaurusGroup, ...]) -> list[str]:
    """One problem per 'only_when' that names no group of thesaurus.toml."""
    names = {g.name for g in groups}
    return [
        f"{QUESTIONS_NAME}: only_when {g!r} (passage {a.passage}) is no group of {THESAURUS_NAME}"
        for a in asked
        for g in a.only_when
        if g not in names
    ]


def unasked(passages: tuple[Passage, ...], asked: tuple[Asked, ...]) -> list[str]:
    """One problem per passage no entry of questions.toml asks about (`kb check --strict`)."""
    covered = {a.passage for a in asked}
    return [
        f"{QUESTIONS_NAME}: no questions for passage {p.id} ({p.text[:70]!r})" for p in passages if p.id not in covered
    ]
