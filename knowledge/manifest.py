"""The documents folder's manifest (`sources.toml`), read into typed records.

The manifest is data an operator edits: which file is which edition, which layout reads it, the
programs it defines (with the words that name them in questions), and every contact, rule, marker
paraphrase and printed count, each located in the document by an anchor. Nothing here knows a program
id, a phone number or a date: they are all read from the file.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from knowledge.documents_folder import (  # noqa: F401 (the folder's layout, read here and re-exported)
    HISTORY_DIR,
    MANIFEST_NAME,
    PACKAGED_DIR,
    SOURCES_ENV,
    citation_path,
    sources_dir,
)
from knowledge.models import FindingStatus, Through


class Spec(BaseModel):
    # Validated only when a documents folder is read, not when its built edition is (knowledge/cache.py).
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class QuotedSpec(Spec):
    """A value the document prints, on the line the anchor finds."""

    value: str
    anchor: str


class ContactSpec(Spec):
    program: str | None = None
    label: str
    phone: QuotedSpec | None = None
    fax: QuotedSpec | None = None
    email: QuotedSpec | None = None
    url: QuotedSpec | None = None
    hours: QuotedSpec | None = None


class RuleSpec(Spec):
    id: str
    program: str
    topics: tuple[str, ...]
    anchors: tuple[str, ...]
    summary: str  # a paraphrase of the anchored lines; its numbers must be printed there (kb check)


class NoteSpec(Spec):
    """A plain-language paraphrase of a legend line; without one, the legend's own words are used."""

    symbol: str
    meaning: str
    anchor: str | None = None  # optional: the legend line is found by the document's legend pattern
    status: FindingStatus | None = None  # what a row marked with it means, when it changes that
    asks: tuple[str, ...] = ()  # regular expressions asking for the rows it marks
    asks_program: str | None = None  # whose rows (default: the document's one program)
    # A dual-indication marker: the words that name the use its legend sends elsewhere ('for RA', 'not
    # for cancer'), and whose authorization that use is. A question with them is answered for that use.
    other_use: tuple[str, ...] = ()
    other_use_through: Through | None = None


class LegendSpec(Spec):
    """Where a document's marker legends are and how one reads: the symbol is the `symbol` group."""

    pattern: str
    after: str | None = None  # an anchor: legends are printed after this line...
    before: str | None = None  # ...and before this one


class CountSpec(Spec):
    """A number the document prints about its own rows ('we will add 53 … codes'), and which rows it
    counts: the check compares them, so a new edition can't contradict its own letter silently."""

    anchor: str
    number: str  # a regular expression whose first group is the number
    program: str
    marker: str | None = None  # only rows carrying this marker


class ProductSpec(Spec):
    """A product a code list names only inside a description, and no other list names."""

    code: str
    name: str
    generic: bool = False


class TableSpec(Spec):
    """A layout's parameters for one program's table (headings, fixed columns, what a row means)."""

    name: str  # which table, as answers and `kb show` name it
    heading: str | None = None  # the line the table starts after
    category: str | None = None  # procedure lists: the category column every row prints
    requirement: str  # what a row says, in words, for rows that print no requirement of their own
    code_table: str | None = None  # a policy's second table: its CPT/HCPCS codes
    code_requirement: str | None = None


class ProgramSpec(Spec):
    id: str
    name: str
    short: str
    requirement: str
    status: FindingStatus  # what a row of its list means, in the closed vocabulary
    through: Through  # whose prior authorization (or review) it is
    words: tuple[str, ...] = ()  # regular expressions that name this program in a question
    shares: str | None = None  # another program whose contacts and rules apply here too
    table: TableSpec | None = None


class DocumentSpec(Spec):
    id: str
    file: str
    layout: str
    title: str
    publisher: str
    date: str | None = None  # as printed, when the document prints one
    date_note: str | None = None  # how an undated document is described
    date_anchor: str
    year: int | None = None
    program: tuple[ProgramSpec, ...]
    legends: LegendSpec | None = None
    note: tuple[NoteSpec, ...] = ()
    contact: tuple[ContactSpec, ...] = ()
    rule: tuple[RuleSpec, ...] = ()
    count: tuple[CountSpec, ...] = ()
    product: tuple[ProductSpec, ...] = ()

    @model_validator(mode="after")
    def _dated(self) -> DocumentSpec:
        if not (self.date or self.date_note):
            raise ValueError(f"document {self.id}: give `date` (as printed) or `date_note`")
        return self


class SameProductSpec(Spec):
    names: tuple[str, ...] = Field(min_length=2)


class GroupSpec(Spec):
    """Several programs one phrase names together ('site of care': SCO, SCO+ and the policy)."""

    id: str
    programs: tuple[str, ...]
    words: tuple[str, ...]


class Manifest(Spec):
    document: tuple[DocumentSpec, ...]
    unclassified_codes: tuple[str, ...] = ()  # 'not otherwise classified' codes: never a drug's own
    same_product: tuple[SameProductSpec, ...] = ()
    group: tuple[GroupSpec, ...] = ()

    @model_validator(mode="after")
    def _programs_known(self) -> Manifest:
        """Program ids are strings the manifest defines; every reference must be to one of them."""
        ids = [p.id for d in self.document for p in d.program]
        duplicates = {i for i in ids if ids.count(i) > 1}
        if duplicates:
            raise ValueError(f"program id defined twice: {', '.join(sorted(duplicates))}")
        known = set(ids)
        refs = [(f"group {g.id}", p) for g in self.group for p in g.programs]
        for d in self.document:
            refs += [(f"{d.id} contact {c.label!r}", c.program) for c in d.contact if c.program]
            refs += [(f"{d.id} rule {r.id}", r.program) for r in d.rule]
            refs += [(f"{d.id} count", c.program) for c in d.count]
            refs += [(f"program {p.id} shares", p.shares) for p in d.program if p.shares]
            refs += [(f"{d.id} note {n.symbol}", n.asks_program) for n in d.note if n.asks_program]
            if any(n.asks and not n.asks_program for n in d.note) and len(d.program) > 1:
                raise ValueError(f"{d.id}: a note with `asks` needs `asks_program` (the document has several)")
        unknown = [f"{where}: unknown program {pid!r}" for where, pid in refs if pid not in known]
        if unknown:
            raise ValueError("; ".join(unknown))
        doc_ids = [d.id for d in self.document]
        if len(set(doc_ids)) != len(doc_ids):
            raise ValueError("document id defined twice")
        return self

    @property
    def program_ids(self) -> tuple[str, ...]:
        return tuple(p.id for d in self.document for p in d.program)


class ManifestError(ValueError):
    """The manifest can't be read or contradicts itself."""


def read_manifest(directory: Path) -> Manifest:
    path = directory / MANIFEST_NAME
    try:
        data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
        return Manifest.model_validate(data)
    except FileNotFoundError as error:
        raise ManifestError(f"{path}: no manifest") from error
    except tomllib.TOMLDecodeError as error:
        raise ManifestError(f"{path}: {error}") from error
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ManifestError(f"{path}: {where}: {first['msg']}") from error
