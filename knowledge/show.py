"""`precert-bot kb show NAME_OR_CODE`: everything the knowledge base holds about one thing."""

from __future__ import annotations

from knowledge import names
from knowledge.kb import KnowledgeBase
from knowledge.models import Citation, Drug, Listing


def _cite(c: Citation) -> str:
    return f"    {c.file.rsplit('/', 1)[-1]}:{c.line}  {c.text.strip()}"


def _listing(kb: KnowledgeBase, x: Listing) -> list[str]:
    program = kb.programs[x.program]
    source = kb.sources[program.source]
    facts = [f"codes {', '.join(x.codes)}" if x.codes else "no code"]
    for label, value in (
        ("generic", x.generic),
        ("route", x.route),
        ("added", x.date_added),
        ("requirement", x.requirement),
        ("line of business", x.line_of_business),
        ("status", x.status_note),
    ):
        if value:
            facts.append(f"{label} {value}")
    out = [f"  [{x.program}] {program.short} ({source.date_note}) — {'; '.join(facts)}"]
    out += [f"      note {n.symbol}: {n.meaning}" for n in x.notes]
    out += [_cite(c) for c in (x.citation, *x.extra_citations)]
    return out


def show_drug(kb: KnowledgeBase, drug: Drug) -> str:
    lines = [f"{drug.name}"]
    if drug.generics:
        lines.append(f"  generic: {'; '.join(drug.generics)}")
    if drug.aliases:
        lines.append(f"  also printed as: {', '.join(drug.aliases)}")
    lines.append(f"  codes: {', '.join(drug.codes) or 'none printed'}")
    for x in drug.listings:
        lines += _listing(kb, x)
    return "\n".join(lines)


def show(kb: KnowledgeBase, query: str) -> str:
    code = names.normalize_code(query)
    if code:
        record = kb.codes.get(code)
        if record is None:
            return f"Nothing in the loaded documents for code {code}."
        lines = [f"{code}{' (unclassified / not otherwise classified code)' if record.unclassified else ''}"]
        for d in kb.drugs_with_code(code):
            lines.append(f"  drug: {d.name}")
        for x in kb.listings_with_code(code):
            label = ", ".join(x.names) or x.description or ""
            lines.append(f"  {label}")
            lines += _listing(kb, x)
        return "\n".join(lines)
    drugs = kb.drugs_named(query)
    if not drugs:
        return f"Nothing in the loaded documents is named {query!r}."
    return "\n\n".join(show_drug(kb, d) for d in drugs)
