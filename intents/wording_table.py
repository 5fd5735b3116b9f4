"""intents/wording.toml, read once: the names, status words, sentences and per-program intents every
channel says and every family uses (data, so that a new program or a reworded verdict is a data change)."""

from __future__ import annotations

import string
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

from knowledge.data_files import package_toml
from knowledge.models import FINDING_STATUSES


@cache
def wording_table() -> dict[str, Any]:
    return package_toml("intents", "wording.toml")


def table_sentence(section: str, key: str, /, **fields: object) -> str:
    """A sentence of the table's `section`, its placeholders filled."""
    return wording_table()[section][key].format(**fields)


def sentence(key: str, /, **fields: object) -> str:
    """A fixed sentence of [sentences], its placeholders filled."""
    return table_sentence("sentences", key, **fields)


def phrase(key: str, /, **fields: object) -> str:
    """A piece of [phrases] (a row's facts, a list cut short, a label), its placeholders filled."""
    return table_sentence("phrases", key, **fields)


def joined(items: Iterable[str], how: str = "and_the") -> str:
    """Names joined as [joins] `how` says: 'SCO list and the SCO+ list'."""
    return wording_table()["joins"][how].join(items)


def named_first(names: Sequence[str], limit: int, rest: str = "and_more") -> str:
    """The first `limit` names, then how many more ([phrases] `rest`: 'and 3 more')."""
    more = len(names) - limit
    return ", ".join(names[:limit]) + (phrase(rest, count=more) if more > 0 else "")


def field_name(field: str) -> str:
    """A contact field in words ('phone number')."""
    return wording_table()["field_names"][field]


def program_intents() -> list[dict[str, Any]]:
    """One intent per program (or manifest group) a question can name: name, programs, order, summary,
    examples."""
    return list(wording_table()["program_intent"])


def intent_words(key: str) -> tuple[str, tuple[str, ...]]:
    """An intent's summary and example questions (help lists them): [intents.<key>], or the per-program
    intent of that name."""
    table = wording_table()
    spec = table["intents"].get(key) or next(s for s in table["program_intent"] if s["name"] == key)
    return spec["summary"], tuple(spec.get("examples", ()))


def intents_worded() -> tuple[str, ...]:
    """Every key of [intents] and every per-program intent's name."""
    table = wording_table()
    return (*table["intents"], *(spec["name"] for spec in table["program_intent"]))


def intents_carrying_programs() -> frozenset[str]:
    """Intents whose programs a bare follow-up ('what about Tysabri?') inherits: every per-program
    intent, and those the table adds (contacts, dates)."""
    table = wording_table()
    return frozenset([*(spec["name"] for spec in table["program_intent"]), *table["follow_up_carries"]])


def program_intent_problems(program_ids: tuple[str, ...], table: dict[str, Any] | None = None) -> list[str]:
    """What `kb check` says of the per-program intents: every program of the manifest is asked about
    under exactly one, and each names only the manifest's programs."""
    specs = (table or wording_table())["program_intent"]
    problems = []
    for program in program_ids:
        owners = [spec["name"] for spec in specs if program in spec["programs"]]
        if len(owners) != 1:
            problems.append(f"intents/wording.toml: program {program} is in {len(owners)} program intents {owners}")
    for spec in specs:
        problems += [
            f"intents/wording.toml: program intent {spec['name']} names {p}, not a program of the manifest"
            for p in spec["programs"]
            if p not in program_ids
        ]
    return problems


# Each sentence of intents/wording.toml and the placeholders the code gives it. [sentences], [phrases]
# and [terminal] must use exactly these; the others may leave some out (a verdict need not name its list).
SENTENCE_FIELDS: dict[str, dict[str, frozenset[str]]] = {
    "sentences": {
        "chat_banner": frozenset(),
        "help_headline": frozenset(),
        "out_of_scope_headline": frozenset({"programs"}),
        "not_found_headline": frozenset({"words"}),
        "unknown_note": frozenset({"words"}),
        "code_not_printed": frozenset({"code"}),
        "drug_not_found": frozenset(),
        "unread_note": frozenset({"words", "were"}),
        "drugs_capped_note": frozenset({"count", "answered", "names"}),
        "codes_capped_note": frozenset({"count", "answered", "names"}),
        "search_capped_note": frozenset({"words"}),
        "no_contact_note": frozenset({"names", "where"}),
        "other_payer_lead": frozenset({"payers", "s"}),
        "for_cigna": frozenset(),
        "not_said": frozenset(),
        "not_said_in": frozenset({"titles"}),
        "not_printed": frozenset({"words"}),
        "unanswered_part": frozenset({"words"}),
        "code_disagreement": frozenset({"drug", "code", "where", "elsewhere"}),
        "quoted_line": frozenset({"title", "date_note", "sentence"}),
        "quoted_verdict": frozenset({"verdict", "title", "date_note", "sentence"}),
        "absence_caveat": frozenset(),
        "not_listed_finding": frozenset({"list", "date"}),
        "not_found_finding": frozenset(),
        "never_mentioned": frozenset({"words"}),
        "did_you_mean_one": frozenset({"name", "typed"}),
        "did_you_mean_several": frozenset({"names", "typed"}),
        "read_as": frozenset({"typed", "drug"}),
        "generic_of": frozenset({"typed", "names"}),
        "word_after_name": frozenset({"word", "drug", "typed"}),
        "stale_note": frozenset({"named", "date"}),
        "code_names_no_drug": frozenset({"code"}),
        "whose": frozenset({"drug"}),
        "code_is_drugs": frozenset({"code", "whose", "paired"}),
        "paired_code": frozenset({"drug", "codes"}),
        "paired_no_code": frozenset({"drug"}),
        "row_without_code": frozenset({"list", "description", "what"}),
        "row_not_marked": frozenset({"drug", "list", "symbol"}),
        "not_on_list": frozenset({"drug", "list"}),
        "marked_only": frozenset({"where", "label", "legend", "line", "count", "named"}),
        "truncated_note": frozenset({"chars"}),
        "codes_count": frozenset({"count"}),
        "code_is": frozenset({"code", "said"}),
        "code_is_several": frozenset({"code", "drugs"}),
        "code_names_no_drug_alone": frozenset({"code"}),
        "code_unclassified_row": frozenset({"code"}),
        "code_unclassified": frozenset({"code"}),
        "code_printed_as": frozenset({"list", "description", "requirement"}),
        "code_names_no_drug_printed": frozenset({"code"}),
        "code_moved_no_drug": frozenset({"code"}),
        "code_printed_moved": frozenset({"list", "description", "note"}),
        "code_filed_under": frozenset({"code", "drugs"}),
        "code_filed_under_none": frozenset(),
        "drug_codes": frozenset({"drug", "codes"}),
        "codes_differ": frozenset(),
        "drug_no_codes": frozenset({"drug"}),
        "date_added": frozenset({"list", "date"}),
        "date_marked": frozenset({"list", "meaning", "symbol"}),
        "date_not_printed": frozenset({"drug"}),
        "family_which_one": frozenset({"count", "family"}),
        "family_none_on": frozenset({"list"}),
        "family_lead": frozenset({"family", "count"}),
        "rows_marked": frozenset({"count", "list", "symbol", "meaning", "names"}),
        "changes_no_history": frozenset(),
        "changes_none_about": frozenset({"subject"}),
        "changes_none_in": frozenset({"scope"}),
        "changes_everywhere": frozenset(),
        "changes_since": frozenset({"scope", "changes"}),
        "row_codes": frozenset({"codes"}),
        "change_added": frozenset({"list", "date", "row", "codes"}),
        "change_removed": frozenset({"list", "row", "codes", "old", "new"}),
        "change_changed": frozenset({"list", "old", "new", "row", "what"}),
        "document_new": frozenset({"title", "date"}),
        "document_gone": frozenset({"title", "date"}),
        "document_replaced": frozenset({"title", "old", "new"}),
        "program_rows": frozenset({"name", "list", "date", "count", "counted"}),
        "program_counted_names": frozenset({"count"}),
        "program_counted_codes": frozenset({"count"}),
        "program_names": frozenset({"names"}),
        "program_ask_by_drug": frozenset(),
        "program_document": frozenset({"lists", "title", "date"}),
        "added_in": frozenset({"when", "names", "count"}),
        "none_added_in": frozenset({"when"}),
        "added_when": frozenset({"when", "names", "count"}),
        "none_added_when": frozenset({"when"}),
        "rows_marked_dated": frozenset({"count", "list", "symbol", "meaning"}),
        "nearest_topic_below": frozenset(),
        "rule_of_program": frozenset({"program", "rule"}),
        "contact_not_printed": frozenset({"fields", "whom"}),
    },
    "phrases": {
        "no_code": frozenset(),
        "no_code_oral": frozenset(),
        "no_code_parenthesised": frozenset(),
        "added": frozenset({"date"}),
        "comma_added": frozenset({"date"}),
        "code_table": frozenset({"codes"}),
        "drug_list": frozenset(),
        "marker_label": frozenset({"symbol"}),
        "footnote_label": frozenset({"symbol"}),
        "note_of_list": frozenset({"label", "list", "meaning"}),
        "dated": frozenset({"date"}),
        "the_list": frozenset({"list"}),
        "and_more": frozenset({"count"}),
        "and_more_below": frozenset({"count"}),
        "and_more_words": frozenset({"count", "s"}),
        "more_below": frozenset({"count"}),
        "on_more_lists": frozenset({"count", "s"}),
        "on_lists": frozenset({"lists"}),
        "not_on": frozenset({"lists"}),
        "also": frozenset({"parts"}),
        "also_on": frozenset({"lists"}),
        "only_on": frozenset({"lists"}),
        "elsewhere_call": frozenset({"list", "label", "phone"}),
        "elsewhere_call_oncology": frozenset({"list", "label", "phone"}),
        "drugs_count": frozenset({"count"}),
        "codes_on": frozenset({"codes", "lists"}),
        "open_yes": frozenset({"label", "hours"}),
        "open_no": frozenset({"label", "hours"}),
        "no_contact_that_document": frozenset(),
        "no_contact_anywhere": frozenset(),
        "described_rows": frozenset({"lists", "have", "count", "s", "words", "rows", "more"}),
        "has": frozenset(),
        "have": frozenset(),
        "family_on_list": frozenset({"list", "requirement", "shown"}),
        "family_count_on": frozenset({"count", "list", "shown"}),
        "rows_changed": frozenset({"count", "s", "verb", "shown"}),
        "rows_with": frozenset({"count", "how", "names"}),
        "range_rows_on": frozenset({"lists", "count"}),
        "struck_left_out": frozenset({"words"}),
        "quote_read_as": frozenset({"names"}),
        "not_sure": frozenset(),
        "not_sure_nothing_near": frozenset(),
    },
    "terminal": {
        "call": frozenset({"label", "phone"}),
        "examples": frozenset(),
        "documents": frozenset({"documents"}),
        "sources": frozenset({"sources"}),
        "note": frozenset({"note"}),
        "quoted": frozenset(),
    },
    "verdict": {
        "not-listed": frozenset({"list"}),
        "other-use": frozenset({"who", "list", "symbol", "legend"}),
        "auth-needed-oncology": frozenset({"list"}),
        "pharmacy-benefit": frozenset({"meaning", "list", "marked"}),
        "pharmacy-benefit-unmarked": frozenset(),
        "marked": frozenset({"symbol"}),
        "site-of-care-review": frozenset({"list", "added"}),
        "added": frozenset({"date"}),
        "moved": frozenset(),
        "auth-needed-evicore": frozenset({"list", "requirement"}),
        "auth-needed-program_team": frozenset({"list", "requirement"}),
        "auth-needed-procedure_list": frozenset({"list", "requirement"}),
        "auth-needed": frozenset({"list", "requirement"}),
        "yes": frozenset(),
        "yes-with": frozenset(),
        "dual-meaning": frozenset({"meaning", "symbol"}),
    },
    "call": {
        "evicore": frozenset({"phone"}),
        "evicore-portal": frozenset({"phone"}),
        "list-prints-none": frozenset({"label", "phone"}),
        "listed": frozenset({"label", "phone"}),
    },
    "brief": {
        key: frozenset({"list"})
        for key in (
            "auth-needed-evicore",
            "auth-needed-procedure_list",
            "auth-needed",
            "other-use",
            "auth-needed-oncology",
            "site-of-care-review",
        )
    },
    "status_words": {status: frozenset({"through"}) for status in FINDING_STATUSES},
}


EXACT_SECTIONS = ("sentences", "phrases", "terminal")

# Sentences saying a name or a list is absent: each carries [sentences] absence_caveat (absence is not
# permission).
ABSENCE_SENTENCES = ("not_found_headline", "unknown_note", "not_listed_finding", "not_found_finding")


def _placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


def placeholder_problems(
    where: str, table: dict[str, Any], fields: dict[str, dict[str, frozenset[str]]], exact: tuple[str, ...]
) -> list[str]:
    """Each sentence `fields` names is in the table (`where`, a TOML file), with only the placeholders the
    code gives it (in the `exact` sections: exactly those), so none fails or loses a word when said."""
    problems = []
    for section, sentences in fields.items():
        for key, given in sentences.items():
            text = (table.get(section) or {}).get(key)
            if not isinstance(text, str):
                problems.append(f"{where}: no [{section}] {key}")
                continue
            try:
                used = _placeholders(text)
            except ValueError as error:
                problems.append(f"{where}: [{section}] {key}: {error}")
                continue
            if not used <= given or (section in exact and used != given):
                problems.append(f"{where}: [{section}] {key} uses {sorted(used)}; it is given {sorted(given)}")
    return problems


def sentence_problems(table: dict[str, Any] | None = None) -> list[str]:
    """What `kb check` says of the sentences of intents/wording.toml (placeholder_problems), and that
    absence is never said without its caveat."""
    table = table or wording_table()
    problems = placeholder_problems("intents/wording.toml", table, SENTENCE_FIELDS, EXACT_SECTIONS)
    caveat = (table.get("sentences") or {}).get("absence_caveat") or ""
    for key in ABSENCE_SENTENCES:
        if caveat not in (table.get("sentences") or {}).get(key, caveat):
            problems.append(f"intents/wording.toml: [sentences] {key} says something is absent without {caveat!r}")
    for field in ("phone", "fax", "email", "url", "hours"):
        if field not in (table.get("field_names") or {}):
            problems.append(f"intents/wording.toml: no [field_names] {field}")
    for how in ("and", "or", "and_the", "or_the"):
        if how not in (table.get("joins") or {}):
            problems.append(f"intents/wording.toml: no [joins] {how}")
    for through in ("evicore", "cigna"):
        if through not in (table.get("through") or {}):
            problems.append(f"intents/wording.toml: no [through] {through}")
    return problems
