"""The kind of fact a question asks by its shape — a duration, a date, a time of day — and how a
sentence of the documents prints it (data: intents/families/rule_leads.toml [quantity]): 'how many
minutes does the eviCore portal take?' is answered by the sentence printing 'two to five minutes'."""

from __future__ import annotations

import re
from functools import cache

from knowledge.data_files import package_toml


@cache
def rule_leads_data() -> dict:
    return package_toml("intents.families", "rule_leads.toml")


@cache
def _quantities() -> tuple[tuple[re.Pattern[str], re.Pattern[str]], ...]:
    kinds = rule_leads_data()["quantity"].values()
    return tuple((re.compile(k["asks"]), re.compile(k["printed"], re.IGNORECASE)) for k in kinds)


def asked_quantity(text: str) -> re.Pattern[str] | None:
    """How a sentence prints the kind of fact the question asks (a duration, a date, a time), if any."""
    lowered = text.lower()
    return next((printed for asks, printed in _quantities() if asks.search(lowered)), None)
