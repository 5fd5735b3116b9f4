"""Linking rows across documents into drugs: one drug per real product, whatever the spelling.

Rows that print names (brand, generic) are grouped by name. Code tables (a policy's CPT/HCPCS table,
a procedure list) are linked to those drugs through drug-specific codes and the names their
descriptions print, never through an unclassified code.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import TYPE_CHECKING

from knowledge import names
from knowledge.models import Drug, Listing

if TYPE_CHECKING:  # the manifest's models are built only where a folder is read
    from knowledge.manifest import ProductSpec, SameProductSpec

MIN_NAME_KEY = 5  # shorter words in a code description ("Inj", "Nos") are never taken for a product name
PAREN = re.compile(r"\(([^()]*)\)")
# Layouts whose rows are codes with descriptions, and how each is linked.
CODE_TABLE_LAYOUTS = frozenset({"policy"})
PROCEDURE_LIST_LAYOUTS = frozenset({"home_infusion", "procedure_list"})


class _Linker:
    """Groups listings into drugs: one drug per real product, whatever the spelling."""

    def __init__(self, same_product: tuple[SameProductSpec, ...], unclassified: frozenset[str]):
        self.problems: list[str] = []
        self.unclassified = unclassified
        self.canonical: dict[str, str] = {}  # name key -> group key
        for entry in same_product:
            head = names.key(entry.names[0])
            for name in entry.names:
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
                if code not in self.unclassified and group not in self.by_code[code]:
                    self.by_code[code].append(group)
        if spelling and spelling not in self.spellings[group]:
            self.spellings[group].append(spelling)
        if generic and generic.lower() not in self.generics[group]:
            self.generics[group].append(generic.lower())
            if group not in self.by_generic[names.key(generic)]:
                self.by_generic[names.key(generic)].append(group)

    def codes_of(self, group: str) -> set[str]:
        return {c for x in self.groups[group] for c in x.codes if c not in self.unclassified}

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


def _link_procedure_row(linker: _Linker, listing: Listing, products: dict[str, ProductSpec]) -> list[str]:
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
        if product.name.lower() not in (listing.description or "").lower():
            linker.problems.append(
                f"{listing.citation.file}:{listing.citation.line}: manifest product {product.name!r} is not in "
                f"the description of {product.code}"
            )
            return found
        found.append(linker.group_of(product.name))
    return found


def _display_name(spellings: list[str]) -> str:
    mixed = [s for s in spellings if not s.isupper() and s[:1].isupper()]
    return mixed[0] if mixed else names.display(spellings[0])


def link(
    listings: list[Listing],
    program_ids: tuple[str, ...],
    layouts: dict[str, str],
    products: dict[str, dict[str, ProductSpec]],
    same_product: tuple[SameProductSpec, ...],
    unclassified: frozenset[str] = frozenset(),
) -> tuple[dict[str, Drug], list[str]]:
    """Drugs by id, and the problems linking found. `layouts` maps program id -> its document's layout;
    `products` maps program id -> code -> a product its list names only in a description."""
    order = {p: i for i, p in enumerate(program_ids)}
    linker = _Linker(same_product, unclassified)
    for listing in listings:
        if listing.names:
            for name in listing.names:
                linker.add(linker.group_of(name), listing, name, listing.generic)
    for listing in listings:
        if not listing.names and layouts.get(listing.program) in CODE_TABLE_LAYOUTS:
            for group in _link_code_table_row(linker, listing):
                linker.add(group, listing)
    for listing in listings:
        if layouts.get(listing.program) in PROCEDURE_LIST_LAYOUTS:
            mine = products.get(listing.program, {})
            for group in _link_procedure_row(linker, listing, mine):
                product = mine.get(listing.codes[0]) if listing.codes else None
                spelling = product.name if product and linker.group_of(product.name) == group else None
                generic = spelling if product and product.generic else None
                linker.add(group, listing, spelling, generic)

    drugs: dict[str, Drug] = {}
    for group, rows in linker.groups.items():
        spellings = linker.spellings[group]
        if not spellings:
            continue  # a code row linked to a name no list prints: nothing to call the drug
        ordered = sorted(rows, key=lambda x: order.get(x.program, len(order)))
        name = _display_name(spellings)
        drugs[group] = Drug(
            id=group,
            name=name,
            generics=tuple(linker.generics[group]),
            aliases=tuple(s for s in spellings if s != name),
            codes=tuple(dict.fromkeys(c for x in ordered for c in x.codes)),
            listings=tuple(ordered),
        )
    return drugs, linker.problems
