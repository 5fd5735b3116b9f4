"""Does a drug need prior authorization, and through whom: one intent per program a question names,
and the general one that reports every program listing the drug."""

from __future__ import annotations

from intents.draft import Draft
from intents.drug_answer import answer_drugs, has_drugs
from intents.families.policy import SITE_OF_CARE
from intents.reading.question import Question
from intents.registry import intent


@intent(
    "evicore",
    order=110,
    summary="eviCore oncology precertification",
    when=lambda q: has_drugs(q) and "evicore_oncology" in q.programs,
    examples=("does Keytruda need eviCore precert?",),
)
@intent(
    "home_infusion",
    order=120,
    summary="Home infusion precertification",
    when=lambda q: has_drugs(q) and "home_infusion" in q.programs,
    examples=("is home infusion allowed for Ocrevus?",),
)
@intent(
    "site_of_care",
    order=130,
    summary="Site of care: SCO, SCO+ and the coverage policy",
    when=lambda q: has_drugs(q) and any(p in q.programs for p in SITE_OF_CARE),
    examples=("is Tysabri subject to site of care redirection?",),
)
@intent(
    "gene_therapy",
    order=140,
    summary="Gene Therapy Program",
    when=lambda q: has_drugs(q) and "gene_therapy" in q.programs,
    examples=("is Zolgensma a gene therapy program drug?",),
)
@intent(
    "cellular_therapy",
    order=150,
    summary="Advanced Cellular Therapy Program (CAR-T)",
    when=lambda q: has_drugs(q) and "cellular_therapy" in q.programs,
    examples=("does Kymriah go through the cellular therapy program?",),
)
@intent(
    "prior_auth",
    order=160,
    summary="Does a drug need prior authorization, and through whom",
    when=has_drugs,
    examples=("does Ocrevus need prior auth?", "what about Tysabri?"),
)
def handle_drug(draft: Draft, q: Question) -> None:
    answer_drugs(draft, q, q.programs or None)
