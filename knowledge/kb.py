"""The knowledge base: the documents' rows linked into drugs, and the look-ups the answer layer uses.

Reading a folder is knowledge/loader.py; linking rows into drugs is knowledge/linking.py; the manifest
is knowledge/manifest.py. The folder is PRECERT_SOURCES when set, else the packaged one.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from knowledge import names
from knowledge.asked import Asked, ThesaurusGroup, unasked
from knowledge.cache import edition_key, remembered
from knowledge.documents_folder import HISTORY_DIR, MANIFEST_NAME, sources_dir
from knowledge.models import Code, Contact, Drug, Listing, Program, ProgramId, Rule, Source, Vocabulary
from knowledge.passages import Passage


class KnowledgeError(ValueError):
    """A documents folder that does not pass the check: one line per problem."""

    def __init__(self, directory: Path, problems: list[str]):
        self.directory, self.problems = directory, problems
        super().__init__(f"{directory}: {len(problems)} problem(s)\n" + "\n".join(problems))


@dataclass
class KnowledgeBase:
    sources: dict[str, Source]
    programs: dict[ProgramId, Program]
    drugs: dict[str, Drug]
    codes: dict[str, Code]
    listings: list[Listing]
    general_contacts: tuple[Contact, ...] = ()
    program_ids: tuple[ProgramId, ...] = ()  # in the manifest's order
    vocabulary: Vocabulary = field(default_factory=Vocabulary)  # the words questions name programs by
    directory: Path | None = None  # the documents folder it was read from
    history: KnowledgeBase | None = None  # the previous editions, when the folder keeps them
    code_listings: dict[str, list[Listing]] = field(default_factory=dict)
    edition_key: str | None = None  # what it was built from (knowledge/cache.py), when read from a folder
    passages: tuple[Passage, ...] = ()  # the documents' prose, each citable (knowledge/passages.py)
    asked: tuple[Asked, ...] = ()  # what people ask about the passages (questions.toml)
    thesaurus: tuple[ThesaurusGroup, ...] = ()  # the domain's words for the same thing (thesaurus.toml)
    _by_key: dict[str, list[str]] = field(default_factory=dict)
    _by_code: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.program_ids:
            self.program_ids = tuple(self.programs)  # built by hand (benchmarks): the programs' own order
        by_key: dict[str, list[str]] = defaultdict(list)
        by_code: dict[str, list[str]] = defaultdict(list)
        for drug in self.drugs.values():
            for name in (drug.name, *drug.aliases, *drug.generics):
                k = names.key(name)
                if k and drug.id not in by_key[k]:
                    by_key[k].append(drug.id)
            for code in drug.codes:
                by_code[code].append(drug.id)
        code_listings: dict[str, list[Listing]] = defaultdict(list)
        for listing in self.listings:
            for code in listing.codes:
                code_listings[code].append(listing)
        self._by_key, self._by_code, self.code_listings = dict(by_key), dict(by_code), dict(code_listings)

    # -- look-ups ------------------------------------------------------------------------------
    def drugs_named(self, name: str) -> list[Drug]:
        """Drugs whose brand, alias or generic name is exactly this (typography ignored)."""
        return [self.drugs[i] for i in self._by_key.get(names.key(name), [])]

    def drugs_with_code(self, code: str) -> list[Drug]:
        return [self.drugs[i] for i in self._by_code.get(code, [])]

    def listings_with_code(self, code: str) -> list[Listing]:
        return self.code_listings.get(code, [])

    def name_keys(self) -> dict[str, list[str]]:
        """Every comparison key -> drug ids; the matcher builds its indexes from this."""
        return self._by_key

    def program(self, program: ProgramId) -> Program:
        return self.programs[program]

    def source_of(self, program: ProgramId) -> Source:
        return self.sources[self.programs[program].source]

    def contacts(self, program: ProgramId) -> tuple[Contact, ...]:
        return self.programs[program].contacts

    def rules(self, program: ProgramId | None = None, topic: str | None = None) -> list[Rule]:
        out = []
        for p in self.programs.values():
            if program is not None and p.id != program:
                continue
            out.extend(r for r in p.rules if topic is None or topic in r.topics)
        return out

    def editions(self) -> list[dict[str, str | None]]:
        """The documents loaded, with the dates they print: what /healthz and `kb stats` report."""
        return [{"id": s.id, "file": s.file, "date": s.date_note} for s in self.sources.values()]

    def stats(self) -> dict:
        rows = dict.fromkeys(self.program_ids or self.programs, 0)
        for listing in self.listings:
            rows[listing.program] = rows.get(listing.program, 0) + 1
        return {"programs": rows, "drugs": len(self.drugs), "editions": self.editions()}


def check(
    directory: Path | None = None, *, history: bool = True, strict: bool = False
) -> tuple[KnowledgeBase | None, list[str]]:
    """Read a folder and list its problems; the knowledge base is None when there are any. The folder's
    history/ (the previous edition, when kept) is read and checked too, one level deep. `strict`: a
    passage of prose that no entry of questions.toml asks about is a problem too."""
    # Imported here: a process whose edition comes back built (knowledge/cache.py) never reads a folder,
    # and the loader brings every parser and the linking with it.
    from knowledge.loader import read_folder

    directory = directory or sources_dir()
    loaded = read_folder(directory)
    if strict and loaded.manifest is not None:
        loaded.problems += unasked(loaded.passages, loaded.asked)
    if loaded.problems or loaded.manifest is None:
        return None, loaded.problems
    kb = KnowledgeBase(
        sources=loaded.sources,
        programs=loaded.programs,
        drugs=loaded.drugs,
        codes=loaded.codes,
        listings=loaded.listings,
        general_contacts=tuple(loaded.general_contacts),
        program_ids=loaded.manifest.program_ids,
        vocabulary=loaded.vocabulary,
        directory=directory,
        passages=loaded.passages,
        asked=loaded.asked,
        thesaurus=loaded.thesaurus,
    )
    previous_dir = directory / HISTORY_DIR
    if history and (previous_dir / MANIFEST_NAME).is_file():
        previous, problems = check(previous_dir, history=False)
        if previous is None:
            return None, [f"{HISTORY_DIR}/{p}" for p in problems]
        kb.history = previous
    return kb, []


def load(directory: Path | None = None) -> KnowledgeBase:
    """The knowledge base of a folder (default: PRECERT_SOURCES, else the packaged documents);
    KnowledgeError lists every problem when the folder doesn't pass the check."""
    directory = directory or sources_dir()
    key = edition_key(directory)

    def build() -> KnowledgeBase:
        kb, problems = check(directory)
        if kb is None:
            raise KnowledgeError(directory, problems)
        kb.edition_key = key
        return kb

    # A folder that built before is read back built (knowledge/cache.py): the key covers its every byte.
    return remembered("kb", key, build)


@cache
def default_kb() -> KnowledgeBase:
    return load()
