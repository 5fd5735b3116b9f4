"""The Answer as CDS Hooks 2.0 cards: what an EHR shows beside an order as it is written.

One card per drug the answer names: the summary (under 140 characters) leads with the drug, what its
most demanding listing requires and the number to call; the detail quotes the cited lines; the source
names the document and its date. A look-alike name gets one "did you mean" card with the candidates
as suggestions; a medication the documents don't name gets no card (absence is not permission, and a
card saying nothing would be noise at order time).

Status words follow Da Vinci CRD's coverage-information codes where one maps (pa-needed:
auth-needed | conditional), carried in each card's extension.
"""

from __future__ import annotations

import uuid
from typing import Any

from intents.answer import Answer, ContactRef, Finding
from intents.schedule import FINDING_ORDER, finding_status
from knowledge.kb import KnowledgeBase
from knowledge.models import PROGRAM_IDS

SUMMARY_MAX = 140  # CDS Hooks: "<140-character summary message for display to the user"
INDICATORS = {"auth-needed": "warning", "conditional": "info", "not-listed": "info"}
# CRD's coverage-information pa-needed codes, for the statuses that have one.
CRD_PA_NEEDED = {"auth-needed": "auth-needed", "conditional": "conditional"}
CRD_EXTENSION = "davinci-crd.coverage-information"


def _clip(text: str, limit: int = SUMMARY_MAX - 1) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip(" ,;:—") + "…"


def _requirement(kb: KnowledgeBase, finding: Finding) -> str:
    """The program's requirement as the manifest words it, up to its first explanation."""
    words = kb.program(finding.program).requirement
    for stop in (":", ", "):
        words = words.split(stop, 1)[0]
    return words


def _phone(answer: Answer, finding: Finding) -> ContactRef | None:
    pool = [c for c in answer.contacts if c.phone or c.fax]
    return next((c for c in pool if c.program == finding.program), None) or (pool[0] if pool else None)


def _detail(kb: KnowledgeBase, answer: Answer, drug: str, findings: list[Finding]) -> str:
    lines = [r for r in answer.readings if drug in r]
    for f in findings:
        if not f.listed:
            continue
        lines.append(f"**{kb.program(f.program).short}** — {f.summary}")
        for c in f.citations:
            lines.append(f"> {' '.join(c.text.split())}  \n> — {c.file.rsplit('/', 1)[-1]}, line {c.line}")
    for c in answer.contacts:
        if any(c.program == f.program for f in findings) and (c.phone or c.fax):
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
        findings = [f for f in answer.findings if f.drug == drug.name and f.listed]
        if not findings:
            continue
        lead = min(findings, key=lambda f: (FINDING_ORDER.index(finding_status(f)), PROGRAM_IDS.index(f.program)))
        status = finding_status(lead)
        contact = _phone(answer, lead)
        call = f" — {contact.phone or 'fax ' + (contact.fax or '')}" if contact else ""
        source = kb.source_of(lead.program)
        out.append(
            {
                "uuid": str(uuid.uuid4()),
                "summary": _clip(f"{drug.name}: {_requirement(kb, lead)}{call}"),
                "indicator": INDICATORS[status],
                "detail": _detail(kb, answer, drug.name, findings),
                # The publisher the manifest records: these are Cigna's documents, never another payer's.
                "source": {"label": _clip(f"{source.publisher}: {source.title} ({source.date_note})", 200)},
                "extension": {
                    CRD_EXTENSION: {
                        "pa-needed": CRD_PA_NEEDED.get(status, "conditional"),
                        "programs": [f.program for f in findings],
                        "hcpcs": list(drug.hcpcs),
                    }
                },
            }
        )
    return out


def _did_you_mean(answer: Answer) -> dict[str, Any]:
    return {
        "uuid": str(uuid.uuid4()),
        "summary": _clip(answer.headline),
        "indicator": "info",
        "detail": answer.headline,
        "source": {"label": "precert-bot: the drug names its documents print"},
        "suggestions": [
            {"label": f"{c.name} ({', '.join(c.hcpcs)})" if c.hcpcs else c.name, "uuid": str(uuid.uuid4())}
            for c in answer.candidates
        ],
        "selectionBehavior": "at-most-one",
    }
