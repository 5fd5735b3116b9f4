"""Load the five documents, link their rows into drugs, and answer look-ups."""

from __future__ import annotations

import re
import tomllib
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from knowledge import names
from knowledge.models import (
    PROGRAM_IDS,
    Cited,
    Code,
    Contact,
    Drug,
    Listing,
    Note,
    Program,
    ProgramId,
    Rule,
    Source,
)
from knowledge.parsers import PARSERS, Document, SourceFormatError
from knowledge.parsers.base import SOURCES_DIR

MANIFEST = Path(__file__).resolve().parent / "sources.toml"

# Tables that name drugs directly (brand and generic columns). Code tables are linked to these.
NAMED_TABLES = frozenset({"evicore_oncology", "sco_plus", "sco", "gene_therapy", "cellular_therapy"})
POLICY_LIST = "Enhanced Specialty Care Options drug list"
MIN_NAME_KEY = 5  # shorter words in a code description ("Inj", "Nos") are never taken for a product name
PAREN = re.compile(r"\(([^()]*)\)")


@dataclass
class KnowledgeBase:
    sources: dict[str, Source]
    programs: dict[ProgramId, Program]
    drugs: dict[str, Drug]
    codes: dict[str, Code]
    listings: list[Listing]
    general_contacts: tuple[Contact, ...] = ()
    code_listings: dict[str, list[Listing]] = field(default_factory=dict)
    _by_key: dict[str, list[str]] = field(default_factory=dict)
    _by_code: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
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

    def stats(self) -> dict:
        rows = {p: 0 for p in PROGRAM_IDS}
        for listing in self.listings:
            rows[listing.program] += 1
        return {"programs": rows, "drugs": len(self.drugs)}


# -- loading ---------------------------------------------------------------------------------------


def _cited(doc: Document, spec: dict) -> Cited:
    number = doc.find(spec["anchor"])
    if spec["value"] not in doc.lines[number - 1]:
        raise SourceFormatError(f"{doc.file_name}:{number}: {spec['value']!r} is not on the anchored line")
    return Cited(value=spec["value"], citation=doc.cite(number))


def _load_document(entry: dict, directory: Path):
    doc = Document.read(entry["id"], entry["file"], directory)
    for spec in entry.get("note", []):
        number = doc.find(spec["anchor"])
        doc.notes[spec["symbol"]] = Note(
            symbol=spec["symbol"], meaning=spec["meaning"], citation=doc.cite(number), status=spec.get("status")
        )
    date_line = doc.find(entry["date_anchor"])
    source = Source(
        id=entry["id"],
        title=entry["title"],
        publisher=entry["publisher"],
        date=entry.get("date"),
        date_note=entry.get("date") or entry["date_note"],
        year=entry.get("year"),
        date_citation=doc.cite(date_line),
        file=doc.path,
    )
    contacts = [
        Contact(
            program=spec.get("program"),
            label=spec["label"],
            **{f: _cited(doc, spec[f]) for f in ("phone", "fax", "email", "url", "hours") if f in spec},
        )
        for spec in entry.get("contact", [])
    ]
    rules = [
        Rule(
            id=spec["id"],
            program=spec["program"],
            topics=tuple(spec["topics"]),
            summary=spec["summary"],
            citations=tuple(doc.cite(doc.find(a)) for a in spec["anchors"]),
        )
        for spec in entry.get("rule", [])
    ]
    return doc, source, contacts, rules, PARSERS[entry["parser"]](doc)


class _Linker:
    """Groups listings into drugs: one drug per real product, whatever the spelling."""

    def __init__(self, same_product: list[dict]):
        self.canonical: dict[str, str] = {}  # name key -> group key
        for entry in same_product:
            head = names.key(entry["names"][0])
            for name in entry["names"]:
                self.canonical[names.key(name)] = head
        self.groups: dict[str, list[Listing]] = defaultdict(list)
        self.spellings: dict[str, list[str]] = defaultdict(list)
        self.generics: dict[str, list[str]] = defaultdict(list)
        self.by_code: dict[str, list[str]] = defaultdict(list)
        self.by_generic: dict[str, list[str]] = defaultdict(list)

    def group_of(self, name: str) -> str:
        k = names.key(name)
        return self.canonical.get(k, k)

    def add(self, group: str, listing: Listing, spelling: str | None = None, generic: str | None = None):
        if listing not in self.groups[group]:
            self.groups[group].append(listing)
            for code in listing.codes:
                if code not in names.UNCLASSIFIED_CODES and group not in self.by_code[code]:
                    self.by_code[code].append(group)
        if spelling and spelling not in self.spellings[group]:
            self.spellings[group].append(spelling)
        if generic and generic.lower() not in self.generics[group]:
            self.generics[group].append(generic.lower())
            if group not in self.by_generic[names.key(generic)]:
                self.by_generic[names.key(generic)].append(group)

    def codes_of(self, group: str) -> set[str]:
        return {c for x in self.groups[group] for c in x.codes if c not in names.UNCLASSIFIED_CODES}

    def has_code(self, group: str, code: str) -> bool:
        return group in self.by_code.get(code, ())

    def groups_with_code(self, code: str) -> list[str]:
        return list(self.by_code.get(code, ()))

    def groups_with_generic(self, generic: str) -> list[str]:
        return list(self.by_generic.get(names.key(generic), ())) if names.key(generic) else []


def _paren_names(description: str) -> list[str]:
    out = []
    for inner in PAREN.findall(description):
        for part in re.split(r"/|,| or ", inner):
            if part.strip():
                out.append(part.strip())
    return out


def _code_row_generic(description: str) -> str:
    text = re.sub(r"^(?:Injection|Infusion|injection|infusion),?\s*", "", description)
    return re.split(r"[,(]", text, maxsplit=1)[0].strip()


def _link_code_table_row(linker: _Linker, listing: Listing) -> list[str]:
    """A policy code-table row belongs to the drug(s) its description names.

    The brand in parentheses is the primary key; the generic and the code confirm it. Where they
    disagree ('J3380 vedolizumab (Vpriv)'), the drug that other lists also file under this code wins.
    """
    description = listing.description or ""
    code = listing.codes[0]
    known = [g for g in (linker.group_of(n) for n in _paren_names(description)) if g in linker.groups]
    by_generic = linker.groups_with_generic(_code_row_generic(description))
    if known and by_generic and not set(known) & set(by_generic):
        filed_elsewhere = [g for g in known if linker.codes_of(g) and not linker.has_code(g, code)]
        confirmed = [g for g in by_generic if linker.has_code(g, code)]
        if filed_elsewhere and confirmed:
            return confirmed
    if known:
        return list(dict.fromkeys(known))
    # A generic alone ('immune globulin') can name a whole class: only trust it where the code agrees.
    agreeing = [g for g in by_generic if linker.has_code(g, code) or not linker.codes_of(g)]
    if agreeing:
        return agreeing
    return linker.groups_with_code(code)


_ROUTES = {
    "iv": re.compile(r"\b(?:iv|intravenous(?:ly)?|infusion)\b", re.IGNORECASE),
    "sq": re.compile(r"\b(?:sq|subq|sc|subcutaneous(?:ly)?)\b", re.IGNORECASE),
}


def _routes(text: str) -> set[str]:
    return {route for route, pattern in _ROUTES.items() if pattern.search(text)}


def _same_route(linker: _Linker, description: str, groups: list[str]) -> list[str]:
    """Of the drugs a code is filed under, the ones given the way the row says: the policy files J1602
    under both Simponi (SQ) and Simponi Aria (IV), and 'Golimumab For Iv Use' is Simponi Aria."""
    wanted = _routes(description)
    if len(groups) < 2 or len(wanted) != 1:
        return groups
    given = {
        g: set().union(*(_routes(f"{x.route or ''} {x.description or ''}") for x in linker.groups[g])) for g in groups
    }
    matching = [g for g in groups if given[g] & wanted and not given[g] - wanted]
    return matching or groups


def _link_home_infusion_row(linker: _Linker, listing: Listing, products: dict[str, dict]) -> list[str]:
    """Link by drug-specific code, then by a name in the description; never by an unclassified code."""
    found: list[str] = []
    for code in listing.codes:
        found += linker.groups_with_code(code)
    found = _same_route(linker, listing.description or "", found)
    words = re.findall(r"[A-Za-z][A-Za-z0-9-]+", listing.description or "")
    for size in (3, 2, 1):
        for i in range(len(words) - size + 1):
            phrase = " ".join(words[i : i + size])
            g = linker.group_of(phrase)
            if g in linker.groups and g not in found and len(g) >= MIN_NAME_KEY:
                found.append(g)
            elif not found:
                # As for code tables: a generic phrase ('Immune Globulin') counts only where the code agrees.
                code = listing.codes[0] if listing.codes else ""
                found += [
                    x
                    for x in linker.groups_with_generic(phrase)
                    if x not in found and (linker.has_code(x, code) or not linker.codes_of(x))
                ]
    product = products.get(listing.codes[0]) if listing.codes else None
    if not found and product:
        if product["name"].lower() not in (listing.description or "").lower():
            raise SourceFormatError(f"home infusion {product['code']}: {product['name']!r} not in its description")
        found.append(linker.group_of(product["name"]))
    return found


def _display_name(spellings: list[str]) -> str:
    mixed = [s for s in spellings if not s.isupper() and s[:1].isupper()]
    return mixed[0] if mixed else names.display(spellings[0])


def _program_order(listing: Listing) -> int:
    return PROGRAM_IDS.index(listing.program)


def load(directory: Path = SOURCES_DIR, manifest: Path = MANIFEST) -> KnowledgeBase:
    config = tomllib.loads(manifest.read_text(encoding="utf-8"))
    sources: dict[str, Source] = {}
    programs: dict[ProgramId, Program] = {}
    listings: list[Listing] = []
    general_contacts: list[Contact] = []
    for entry in config["document"]:
        _, source, contacts, rules, parsed = _load_document(entry, directory)
        sources[source.id] = source
        listings += parsed
        general_contacts += [c for c in contacts if c.program is None]
        for spec in entry["program"]:
            pid = spec["id"]
            programs[pid] = Program(
                id=pid,
                name=spec["name"],
                short=spec["short"],
                source=source.id,
                requirement=spec["requirement"],
                status=spec["status"],
                through=spec["through"],
                contacts=tuple(c for c in contacts if c.program == pid),
                rules=tuple(r for r in rules if r.program == pid),
            )
    # SCO+ and the coverage policy share the SCO team's line; the coverage policy itself prints none.
    sco = programs["sco"]
    for pid in ("sco_plus", "site_of_care_policy"):
        programs[pid] = programs[pid].model_copy(
            update={"contacts": sco.contacts, "rules": programs[pid].rules + sco.rules}
        )

    linker = _Linker(config.get("same_product", []))
    for listing in listings:
        if listing.program in NAMED_TABLES or listing.table == POLICY_LIST:
            for name in listing.names:
                linker.add(linker.group_of(name), listing, name, listing.generic)
    for listing in listings:
        if listing.program == "site_of_care_policy" and listing.table != POLICY_LIST:
            for group in _link_code_table_row(linker, listing):
                linker.add(group, listing)
    products = {p["code"]: p for p in config.get("home_infusion_product", [])}
    for listing in listings:
        if listing.program == "home_infusion":
            for group in _link_home_infusion_row(linker, listing, products):
                product = products.get(listing.codes[0]) if listing.codes else None
                spelling = product["name"] if product and linker.group_of(product["name"]) == group else None
                generic = spelling if product and product.get("generic") else None
                linker.add(group, listing, spelling, generic)

    drugs: dict[str, Drug] = {}
    for group, rows in linker.groups.items():
        spellings = linker.spellings[group]
        name = _display_name(spellings)
        codes = list(dict.fromkeys(c for x in sorted(rows, key=_program_order) for c in x.codes))
        drugs[group] = Drug(
            id=group,
            name=name,
            generics=tuple(linker.generics[group]),
            aliases=tuple(s for s in spellings if s != name),
            codes=tuple(codes),
            listings=tuple(sorted(rows, key=_program_order)),
        )

    codes: dict[str, Code] = {}
    descriptions: dict[str, list[Cited]] = defaultdict(list)
    for listing in listings:
        for code in listing.codes:
            if listing.description:
                descriptions[code].append(Cited(value=listing.description, citation=listing.citation))
            else:
                descriptions.setdefault(code, [])
    for code, cited in descriptions.items():
        codes[code] = Code(code=code, descriptions=tuple(cited), unclassified=code in names.UNCLASSIFIED_CODES)
    return KnowledgeBase(
        sources=sources,
        programs=programs,
        drugs=drugs,
        codes=codes,
        listings=listings,
        general_contacts=tuple(general_contacts),
    )


@cache
def default_kb() -> KnowledgeBase:
    return load()
