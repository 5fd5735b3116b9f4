"""A yes/no or an assertion answered by an item of a printed list whose lead-in states a requirement
('… you will continue to submit precertification requests through eviCore for:' above '- All chemotherapy
medications, … as well as oral chemotherapy medications.'). When the item and its lead-in print every word
the question asks besides a list's own fact (need, go through, precert: phrasing.toml [list_fact] words),
the item is the documents' yes ('po chemo evicore?', 'oral chemo too?'); an assertion that it isn't so
('so oral chemo doesn't need precert, right?', 'evicore is only for IV chemo, not oral?') is not what they
say. Never from absence: a word the item doesn't print leaves the quote to speak for itself."""

from __future__ import annotations

import re
from functools import cache

from intents.draft import Draft
from intents.families.passages import passage_hits
from intents.phrasing.shape import Shape
from intents.phrasing.words import phrasing_data
from intents.reading.literal_gate import gated
from intents.reading.question import Question
from intents.reading.search import Hit, all_stems_of, stems_of

_WORD = re.compile(r"[a-z0-9][a-z0-9'/.-]*")
_LETTERS = re.compile(r"[a-z0-9]+")


@cache
def _pattern(key: str) -> re.Pattern[str]:
    return gated(re.compile(phrasing_data()["requirement_items"][key]))


@cache
def _allowed() -> re.Pattern[str]:
    return re.compile(phrasing_data()["list_fact"]["words"])


def asks_an_item(q: Question, shape: Shape) -> bool:
    """A yes/no ('po chemo evicore?', 'do oral chemo meds need precert?'), one said with 'too?' ('oral chemo
    too?'), or an assertion of the requirement, its absence or its limits."""
    return shape.yes_no or shape.asserted or shape.either or _pattern("too").search(q.text) is not None


def rule_item_lead(draft: Draft, q: Question, shape: Shape) -> bool:
    """An assertion answered by a rule whose lines are a requirement list's items ('oral chemo is handled by
    Cigna directly, not evicore, right?' of the eviCore scope rule): each item the rule cites decides as a
    quoted one would."""
    cited = {(c.source, c.line) for st in draft.statements for c in st.citations}
    for p in draft.kb.passages:
        if p.context and (p.source, p.citations[0].line) in cited and _is_requirement(p.context[-1].text):
            hit = Hit(citations=p.citations, context=p.context, score=0.0, coverage=1.0, sentence=p.text, passage=True)
            if item_lead(draft, q, shape, hit):
                return True
    return False


def item_lead(draft: Draft, q: Question, shape: Shape, item: Hit | None = None) -> bool:
    """The documents' verdict on the requirement item the passage quotes (or `item`), said first."""
    hit = item or _requirement_item(q)
    say = phrasing_data()["requirement_items"]
    if hit is None or draft.headline.startswith(tuple(say["led"])):
        return False  # (the search's own 'Yes —' may lead already)
    said, asked = f"{hit.context[-1].text} {hit.sentence}", q.norm.clean
    if not _pattern("subject").search(asked):
        return False  # ('oral antibiotics', 'oral meds': not what the items are about)
    beyond = _pattern("beyond").search(asked) is not None  # ('all oral chemo …?': more than an item says)
    negated = _pattern("negated").search(asked) is not None
    if shape.claim in ("no_pa", "not_listed") and _says_all(q, asked, said):
        key = "not_so"  # 'so oral chemo doesn't need precert, right?'
    elif shape.claim in ("only", "condition") and _denies_the_item(q, said):
        key = "not_so"  # 'evicore is only for IV chemo, not oral, right?'
    elif shape.asserted and _sent_elsewhere(q, hit, said):
        key = "not_so"  # 'evicore is just for infusions, oral chemo goes thru Cigna right?'
    elif shape.claim == "listed" and not negated and not beyond and _says_all(q, asked, said):
        key = "correct"  # 'oral chemo goes through evicore too, right?'
    elif shape.claim == "listed" and _denies(asked) and not _printed_negation(hit) and _says_all(q, asked, said):
        key = "not_so"  # 'so evicore doesn't do oral chemo?': denied, of an item that denies nothing
    elif shape.either and not shape.asserted:
        return _which_desk(draft, q, hit, said)  # 'does oral chemo go thru evicore or cigna?'
    elif not shape.asserted and not beyond and _negations_printed(asked, hit) and _says_all(q, asked, said):
        key = "yes"  # ('chemo with no code yet' of 'have not yet received an assigned code')
    else:
        return False
    draft.headline = say[key].format(headline=draft.headline, call=_call(draft))
    return True


def _which_desk(draft: Draft, q: Question, hit: Hit, said: str) -> bool:
    """An either/or between desks, one of which the lead-in names ('… requests through eviCore for:'):
    that desk, when the item prints the rest of the question."""
    desk = _pattern("desk").search(hit.context[-1].text)
    if desk is None or not _negations_printed(q.norm.clean, hit):
        return False
    name = desk.group("desk")
    rest = _pattern("alternatives").sub(" ", q.norm.clean)
    if name.lower() not in q.text or not _says_all(q, rest, said):
        return False
    say = phrasing_data()["requirement_items"]
    draft.headline = say["which"].format(desk=name, headline=draft.headline, call=_call(draft))
    return True


def _call(draft: Draft) -> str:
    """Whom the quoted line's document sends the asker to (the passage's team, else Cigna's line)."""
    program = draft.contact_programs[0] if draft.contact_programs else None
    contacts = draft.kb.contacts(program) if program else draft.kb.general_contacts
    contact = next((c for c in contacts if c.phone), None)
    if contact is None:
        return ""
    return phrasing_data()["requirement_items"]["call"].format(label=contact.label, phone=contact.phone.value)


def _requirement_item(q: Question) -> Hit | None:
    """The passage quoted, when it is an item under a lead-in that states a requirement."""
    if q.searcher is None:
        return None
    hits = passage_hits(q)
    hit = hits[0] if hits else None
    if hit is None or not hit.in_scope or not hit.context:
        return None
    return hit if _is_requirement(hit.context[-1].text) else None


def _is_requirement(lead_in: str) -> bool:
    return lead_in.rstrip().endswith(":") and _pattern("lead_in").search(lead_in) is not None


def _negations_printed(text: str, hit: Hit) -> bool:
    """A question that negates asks what the item says only when the item negates too ('chemo w/o a J
    code yet' of 'not yet received an assigned code'); else its yes would answer another question."""
    return _pattern("negated").search(text) is None or _printed_negation(hit)


def _denies(text: str) -> bool:
    """The verb of the assertion is negated ('evicore doesn't do oral chemo'), not a list beside it
    ('…through evicore, not cigna')."""
    return _pattern("denies").search(text) is not None


def _printed_negation(hit: Hit) -> bool:
    return _pattern("negated").search(hit.sentence.lower()) is not None


def _sent_elsewhere(q: Question, hit: Hit, said: str) -> bool:
    """The assertion sends what the item prints to a desk other than its lead-in's."""
    desk = _pattern("desk").search(hit.context[-1].text)
    if desk is None:
        return False
    own = desk.group("desk").lower()
    for m in _all_pattern("elsewhere").finditer(q.norm.clean):
        if re.sub(r"[\s-]", "", m.group("desk")) != own and _says_all(q, m.group("what"), said):
            return True
    return False


@cache
def _all_pattern(key: str) -> re.Pattern[str]:
    return gated(re.compile(phrasing_data()["items_said_of_all"][key]))


def _says_all(q: Question, text: str, said: str) -> bool:
    """Every word of `text` besides a list's own fact, the lists' names and the drugs typed is printed by
    the item or its lead-in (by any synonym); of an item said of all of a kind, any route of it is too."""
    if _all_pattern("every").match(said.split(":")[-1].lower()):
        said = " ".join([said, *(m.group(0) for m in _all_pattern("routes").finditer(text))])
    printed = set(all_stems_of(said))
    # A list's own fact ('need', 'go through', 'precert') is the lead-in's, said in its own words; a letter
    # standing alone ('J code', 'w/o') is no word of the topic.
    unasked = [w for w in _WORD.findall(text) if _allowed().match(w) and not set(stems_of(w)) <= printed]
    unasked += [w for w in _LETTERS.findall(text) if len(w) == 1]
    ignore = q.name_stems() | {s for w in unasked for s in stems_of(w)}
    return q.searcher is not None and q.searcher.says_all(text, said, ignore)


def _denies_the_item(q: Question, said: str) -> bool:
    """'… only for IV chemo, not oral': what the assertion denies ('oral') is what the item prints."""
    denied = [m.group("what") for m in _pattern("denied").finditer(q.text)]
    return bool(denied) and all(_says_all(q, d, said) for d in denied)
