"""bot/ehr/cds.toml, read once: what the CDS Hooks services say and the CRD vocabulary they use."""

from __future__ import annotations

from functools import cache
from typing import Any

from intents.wording_table import placeholder_problems
from knowledge.data_files import package_toml


@cache
def wording() -> dict[str, Any]:
    return package_toml("bot.ehr", "cds.toml")


# The sentences of bot/ehr/cds.toml and the placeholders the code gives each (exactly these).
CDS_FIELDS: dict[str, dict[str, frozenset[str]]] = {
    "cards": {
        "verdict": frozenset({"drug", "status"}),
        "at_hospital": frozenset({"drug", "status"}),
        "source_label": frozenset({"publisher", "title", "date"}),
        "documents_source": frozenset(),
        "did_you_mean_source": frozenset(),
        "use_candidate": frozenset({"name"}),
        "which_product": frozenset({"words"}),
        "which_product_detail": frozenset({"reading"}),
        "not_found": frozenset({"said"}),
        "not_understood": frozenset({"reference"}),
        "not_understood_detail": frozenset(),
        "not_drugs": frozenset({"count"}),
        "not_drugs_detail": frozenset({"references"}),
        "other_payer": frozenset(),
        "detail_finding": frozenset({"list", "summary"}),
        "detail_no_list": frozenset(),
        "detail_quote": frozenset({"text", "file", "line"}),
        "detail_contact": frozenset({"label", "numbers"}),
        "phone": frozenset({"phone"}),
        "fax": frozenset({"fax"}),
    },
    "crd": {
        "update_description": frozenset(),
        "covered_reason": frozenset(),
        "not_found_reason": frozenset(),
        "hospital_outpatient_reason": frozenset(),
        "reason_where": frozenset({"file", "line"}),
        "class_reason": frozenset({"words"}),
    },
}


def cds_problems(table: dict[str, Any] | None = None) -> list[str]:
    """What `kb check` says of bot/ehr/cds.toml: each sentence there, with exactly its placeholders."""
    return placeholder_problems("bot/ehr/cds.toml", wording() if table is None else table, CDS_FIELDS, ("cards", "crd"))
