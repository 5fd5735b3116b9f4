"""The Answer as CDS Hooks cards: what an EHR shows beside an order, only where a person must act.

A card per drug actually ordered whose documents ask for something (prior authorization, a site-of-care
review, another benefit or program): the summary (under 140 characters) says the drug, its status and
the number to call — the same first number `precert-bot ask` gives (intents/text.py's call_first);
the detail quotes the cited lines; the source names Cigna's document and its date; the program's pages
are `links`. A look-alike name gets a "did you mean" card whose suggestions change the order; a class
name (a generic several products share) asks which product; an order the documents don't name, or one
nothing could be read from, says so — absence is never read as permission. Every card names its order
(`davinci-crd.associated-resource`) and carries CRD's card type as `source.topic`.

Coverage information itself is never a card (CRD): bot/ehr/cds_coverage.py writes it as system actions.
"""

from __future__ import annotations

import copy
import uuid
from typing import Any

from bot.ehr.cds_orders import HCPCS_SYSTEM, Order
from bot.ehr.cds_wording import wording
from intents.answer import Answer, DrugRef, Finding
from intents.text import call_first
from intents.wording import status_words
from knowledge.kb import KnowledgeBase

SUMMARY_MAX = 140  # CDS Hooks: "<140-character summary message for display to the user"
SOURCE_LABEL_MAX = 200
WARNING = frozenset({"auth-needed", "auth-needed-oncology"})  # the order can't go ahead without one
NO_CARD = frozenset({"not-listed", "not-found"})
CLASS_MATCH = "generic"  # a drug found only through a generic name several products share
ASSOCIATED = "davinci-crd.associated-resource"


def clip(text: str, limit: int = SUMMARY_MAX - 1) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip(" ,;:—") + "…"


def topic() -> dict[str, str]:
    crd = wording()["crd"]
    return {"system": crd["card_type_system"], "code": crd["card_type_code"], "display": crd["card_type_display"]}


def _card(order: Order, summary: str, indicator: str, detail: str, source: str) -> dict[str, Any]:
    card: dict[str, Any] = {
        "uuid": str(uuid.uuid4()),
        "summary": clip(summary),
        "indicator": indicator,
        "source": {"label": clip(source, SOURCE_LABEL_MAX), "topic": topic()},
        "extension": {ASSOCIATED: [{"reference": order.reference}]},
    }
    if detail.strip():
        card["detail"] = detail
    return card


def ordered_drugs(answer: Answer, order: Order) -> list[DrugRef]:
    """The drugs the order is for: those its HCPCS codes or bracketed brand name single out, or found by
    name; a generic several products share is no order for all of them (an empty list then)."""
    codes = set(order.codes)
    brands = {b.lower() for b in order.brands}
    named = [
        d
        for d in answer.drugs
        if codes & set(d.hcpcs) or d.name.lower() in brands or (d.match.method != CLASS_MATCH and not codes)
    ]
    if named or codes:
        return named
    return answer.drugs if len(answer.drugs) == 1 else []


def is_class_order(answer: Answer, order: Order) -> bool:
    return answer.status == "answered" and len(answer.drugs) > 1 and not ordered_drugs(answer, order)


def lead_of(answer: Answer, drug: str) -> Finding | None:
    """The drug's leading finding: the first the engine lists for it, as the CLI's first sentence."""
    lead = answer.lead_for(drug)  # the CLI's lead (intents/answer.py)
    return lead if lead is not None and lead.status not in NO_CARD else None


def _detail(kb: KnowledgeBase, answer: Answer, drug: str, findings: list[Finding]) -> str:
    """Markdown: the reading, each list's finding with its lines quoted, whom to call, the date notes."""
    words = wording()["cards"]
    lines = [r for r in answer.readings if drug in r]
    for f in findings:
        program = kb.program(f.program).short if f.program else words["detail_no_list"]
        lines.append(words["detail_finding"].format(list=program, summary=f.summary))
        for c in f.citations:
            text, file = " ".join(c.text.split()), c.file.rsplit("/", 1)[-1]
            lines.append(words["detail_quote"].format(text=text, file=file, line=c.line))
    called = {}
    for f in findings:
        if f.contact and (f.contact.phone or f.contact.fax):
            called.setdefault(f.contact.label, f.contact)
    for c in called.values():
        parts = [
            words["phone"].format(phone=c.phone) if c.phone else "",
            words["fax"].format(fax=c.fax) if c.fax else "",
        ]
        lines.append(words["detail_contact"].format(label=c.label, numbers=", ".join(p for p in parts if p)))
    lines += answer.notes
    return "\n\n".join(lines)


def _links(answer: Answer, findings: list[Finding]) -> list[dict[str, str]]:
    """The program pages and portals the drug's findings cite, as absolute links (CRD: links belong in
    Card.links, not only in the markdown)."""
    seen: dict[str, str] = {}
    contacts = [f.contact for f in findings if f.contact] + [c for c in answer.contacts if c.program]
    programs = {f.program for f in findings}
    for c in contacts:
        if c.url and c.program in programs:
            url = c.url if "://" in c.url else f"https://{c.url}"
            seen.setdefault(url, c.label)
    return [{"label": label, "url": url, "type": "absolute"} for url, label in seen.items()]


def drug_card(kb: KnowledgeBase, answer: Answer, order: Order, drug: DrugRef) -> dict[str, Any] | None:
    lead = lead_of(answer, drug.name)
    if lead is None:
        return None
    findings = [f for f in answer.findings if f.drug == drug.name and f.status not in NO_CARD]
    first = answer.first_call(drug.name)  # the answer may be about more drugs
    fax = lead.contact.fax if lead.contact else None
    call = first.phone if first else (wording()["cards"]["fax"].format(fax=fax) if fax else "")
    source = kb.sources[lead.citations[0].source] if lead.citations else kb.source_of(lead.program)
    label = wording()["cards"]["source_label"].format(
        publisher=source.publisher, title=source.title, date=source.date_note
    )
    where = "at_hospital" if order.hospital_outpatient and lead.status == "site-of-care-review" else "verdict"
    said = wording()["cards"][where].format(drug=drug.name, status=status_words(kb, lead))
    card = _card(
        order,
        said + (f" — {call}" if call else ""),
        "warning" if lead.status in WARNING else "info",
        _detail(kb, answer, drug.name, findings),
        label,
    )
    links = _links(answer, findings)
    if links:
        card["links"] = links
    return card


def with_medication(order: Order, name: str, hcpcs: list[str]) -> dict[str, Any]:
    """The order with its medication changed to a named product (and its HCPCS codes)."""
    resource = copy.deepcopy(order.resource)
    concept: dict[str, Any] = {"text": name}
    if hcpcs:
        concept["coding"] = [{"system": HCPCS_SYSTEM, "code": code} for code in hcpcs]
    for key in ("medicationReference", "medication"):
        resource.pop(key, None)
    if resource.get("resourceType") == "ServiceRequest":
        resource["code"] = concept
    else:
        resource["medicationCodeableConcept"] = concept
    return resource


def _choice_card(order: Order, summary: str, detail: str, choices: list[tuple[str, list[str]]]) -> dict[str, Any]:
    """A card whose suggestions each change the order to one product: clicking one does something."""
    words = wording()["cards"]
    card = _card(order, summary, "warning", detail, words["did_you_mean_source"])
    card["suggestions"] = [
        {
            "label": f"{name} ({', '.join(hcpcs)})" if hcpcs else name,
            "uuid": str(uuid.uuid4()),
            "actions": [
                {
                    "type": "update",
                    "description": words["use_candidate"].format(name=name),
                    "resource": with_medication(order, name, hcpcs),
                }
            ],
        }
        for name, hcpcs in choices
    ]
    card["selectionBehavior"] = "at-most-one"
    return card


def order_cards(kb: KnowledgeBase, answer: Answer, order: Order) -> list[dict[str, Any]]:
    """The cards for one order (none when the order is answered and asks nothing of anyone)."""
    words = wording()["cards"]
    if not order.question:
        summary = words["not_understood"].format(reference=order.reference)
        return [_card(order, summary, "warning", words["not_understood_detail"], words["documents_source"])]
    if answer.status == "clarify" and answer.candidates:
        choices = [(c.name, c.hcpcs) for c in answer.candidates]
        return [_choice_card(order, answer.headline, answer.headline, choices)]
    if is_class_order(answer, order):
        reading = answer.readings[0] if answer.readings else answer.headline
        summary = words["which_product"].format(words=order.words or order.question)
        detail = words["which_product_detail"].format(reading=reading)
        return [_choice_card(order, summary, detail, [(d.name, d.hcpcs) for d in answer.drugs])]
    drugs = ordered_drugs(answer, order) if answer.status == "answered" else []
    cards = [c for d in drugs if (c := drug_card(kb, answer, order, d))]
    if cards:
        return cards
    # Not in the documents, or nothing they say applies: said plainly, with whom to ask instead.
    said = answer.headline.split(". ", 1)[0].rstrip(".") + "."
    first = call_first(answer)
    summary = words["not_found"].format(said=said) + (f" — {first.phone}" if first and first.phone else "")
    detail = "\n\n".join([answer.headline, *answer.notes])
    return [_card(order, summary, "info", detail, words["documents_source"])]


def not_drug_orders_card(orders: list[Order]) -> dict[str, Any]:
    """One card for the orders that are not drug orders: checked and deliberately not answered."""
    words = wording()["cards"]
    references = ", ".join(o.reference for o in orders)
    card = _card(
        orders[0],
        words["not_drugs"].format(count=len(orders)),
        "info",
        words["not_drugs_detail"].format(references=references),
        words["documents_source"],
    )
    card["extension"][ASSOCIATED] = [{"reference": o.reference} for o in orders]
    return card
