"""The Answer as CDS Hooks 2.0 cards: what an EHR shows beside an order as it is written.

One card per drug the answer names, from its lead finding (the most demanding status): the summary
(under 140 characters) says the drug, its status in a few words and the number to call; the detail
quotes the cited lines; the source names the document and its date. A look-alike name gets one "did
you mean" card with the candidates as suggestions. A medication the documents don't name gets no
card: absence is not permission, and a card saying nothing would be noise at order time.

The finding's status is read, never re-derived; CRD's coverage-information pa-needed code goes in the
card's extension where the status maps to one.
"""

from __future__ import annotations

import uuid
from typing import Any

from intents.answer import Answer, Finding
from intents.schedule import lead_finding, status_words
from knowledge.kb import KnowledgeBase

SUMMARY_MAX = 140  # CDS Hooks: "<140-character summary message for display to the user"
SOURCE_LABEL_MAX = 200
WARNING = frozenset({"auth-needed", "auth-needed-oncology"})  # the order can't go ahead without one
# Da Vinci CRD coverage-information pa-needed, for the statuses that map (README: the status table).
CRD_PA_NEEDED = {
    "auth-needed": "auth-needed",
    "auth-needed-oncology": "conditional",
    "site-of-care-review": "conditional",
}
CRD_EXTENSION = "davinci-crd.coverage-information"
NO_CARD = frozenset({"not-listed", "not-found"})


def _clip(text: str, limit: int = SUMMARY_MAX - 1) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip(" ,;:—") + "…"


def _detail(kb: KnowledgeBase, answer: Answer, drug: str, findings: list[Finding]) -> str:
    """Markdown: the reading, each list's finding with its lines quoted, whom to call, the date notes."""
    lines = [r for r in answer.readings if drug in r]
    for f in findings:
        program = kb.program(f.program).short if f.program else "these documents"
        lines.append(f"**{program}** — {f.summary}")
        for c in f.citations:
            lines.append(f"> {' '.join(c.text.split())}  \n> — {c.file.rsplit('/', 1)[-1]}, line {c.line}")
    called = {}
    for f in findings:
        if f.contact and (f.contact.phone or f.contact.fax):
            called.setdefault(f.contact.label, f.contact)
    for c in called.values():
        parts = [f"phone {c.phone}" if c.phone else "", f"fax {c.fax}" if c.fax else ""]
        lines.append(f"{c.label}: " + ", ".join(p for p in parts if p))
    lines += answer.notes
    return "\n\n".join(lines)


def cards(answer: Answer, kb: KnowledgeBase) -> list[dict[str, Any]]:
    """CDS Hooks cards for one medication's answer (an empty list: nothing to show)."""
    if answer.status == "clarify" and answer.candidates:
        return [_did_you_mean(answer)]
    if answer.status != "answered":
        return []
    out = []
    for drug in answer.drugs:
        findings = [f for f in answer.findings if f.drug == drug.name and f.status not in NO_CARD]
        lead = lead_finding(kb, findings)
        if lead is None:
            continue
        call = lead.contact.phone or (f"fax {lead.contact.fax}" if lead.contact.fax else "") if lead.contact else ""
        source = kb.sources[lead.citations[0].source] if lead.citations else kb.source_of(lead.program)
        extension: dict[str, Any] = {"status": lead.status, "programs": [f.program for f in findings]}
        if lead.status in CRD_PA_NEEDED:
            extension["pa-needed"] = CRD_PA_NEEDED[lead.status]
        out.append(
            {
                "uuid": str(uuid.uuid4()),
                "summary": _clip(f"{drug.name}: {status_words(kb, lead)}" + (f" — {call}" if call else "")),
                "indicator": "warning" if lead.status in WARNING else "info",
                "detail": _detail(kb, answer, drug.name, findings),
                # The publisher the manifest records: these are Cigna's documents, never another payer's.
                "source": {
                    "label": _clip(f"{source.publisher}: {source.title} ({source.date_note})", SOURCE_LABEL_MAX)
                },
                "extension": {CRD_EXTENSION: extension},
            }
        )
    return out


def _did_you_mean(answer: Answer) -> dict[str, Any]:
    return {
        "uuid": str(uuid.uuid4()),
        "summary": _clip(answer.headline),
        "indicator": "info",
        "detail": answer.headline,
        "source": {"label": "precert-bot: the drug names Cigna's prior-authorization documents print"},
        "suggestions": [
            {"label": f"{c.name} ({', '.join(c.hcpcs)})" if c.hcpcs else c.name, "uuid": str(uuid.uuid4())}
            for c in answer.candidates
        ],
        "selectionBehavior": "at-most-one",
    }
