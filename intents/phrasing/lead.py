"""The documents' verdict leads the answer in the shape the question was asked: "Yes — …" for a yes/no
question, "Correct — …" / "Not what the documents say — …" for an assertion, what the documents decide
for a coverage question. Read from the answer's findings (never from absence: a name no document
lists is never a no)."""

from __future__ import annotations

import re
from datetime import datetime
from functools import cache
from typing import Literal

from intents.draft import Draft, edition_memo, note_kind
from intents.families.number_lookup import NUMBER_FIELDS, TYPED_NUMBER, printed_numbers
from intents.identity_memo import MAX_EDITION_TABLES, ByIdentity
from intents.phrasing.list_fact import asks_list_fact
from intents.phrasing.refine import exact_list_words
from intents.phrasing.scope import scoped_rules
from intents.phrasing.shape import MAX_TAIL, Shape
from intents.phrasing.words import phrasing_data, phrasing_words
from intents.reading.literal_gate import gated
from intents.reading.non_drug_words import clinic_words
from intents.reading.question import Question
from intents.wording import quote, row_statement
from intents.wording_table import joined, named_first, phrase
from knowledge.kb import KnowledgeBase
from knowledge.models import Drug, Listing, MarkedWords, ProgramId

Verdict = Literal["yes", "listed", "absent", "not_found"]
# A drug's verdict over its findings: a listing that requires authorization outweighs the rest.
_PRECEDENCE: tuple[Verdict, ...] = ("yes", "listed", "absent", "not_found")


def verdicts(draft: Draft, lists: tuple[str, ...] = ()) -> dict[str, Verdict]:
    """Per drug (or name no document has): what its findings in this answer say (on `lists` only, when
    the question names lists exactly)."""
    statuses = phrasing_words().yes_statuses
    out: dict[str, Verdict] = {}
    for f in draft.findings:
        if lists and f.program is not None and f.program not in lists:
            continue
        v: Verdict = (
            "not_found"
            if f.status == "not-found"
            else "yes"
            if f.listed and f.status in statuses
            else "listed"
            if f.listed
            else "absent"
        )
        before = out.get(f.drug)
        out[f.drug] = v if before is None else min(before, v, key=_PRECEDENCE.index)
    return out


def _say(key: str, **values: str) -> str:
    return phrasing_words().sentences[key].format(**values)


def _names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def asks_the_named_lists_fact(draft: Draft, q: Question, shape: Shape) -> bool:
    """The list's own fact asked (intents/phrasing/list_fact.py) of a list that requires it: a list named by
    its words that requires nothing of the drug has no yes of its own ('does Abecma need gene therapy
    PA?'), nor does a plan type its rows don't print ('Medicare Advantage and commercial pts both?')."""
    named = () if shape.lists else tuple(named_programs(q))
    if named and "yes" not in verdicts(draft, named).values():
        return False
    return asks_list_fact(draft, q) and not _plan_beyond_rows(draft, q)


def other_use_denied(draft: Draft, q: Question) -> bool:
    """'Revlimid requests for non-cancer uses go to Cigna, not eviCore, right?': every list the assertion
    denies is one whose marker sends the use asked about elsewhere (its finding's desk is not the list's)."""
    denied = q.phrasing.denied
    return bool(denied) and all(
        any(
            f.program == p and f.listed and f.through and f.through != draft.kb.program(p).through
            for f in draft.findings
        )
        for p in denied
    )


def other_use_claimed(draft: Draft, q: Question) -> bool:
    """'Aranesp needs eviCore precert for CKD anemia, right?': every list the assertion names is one whose
    marker sends the use asked about elsewhere."""
    named = named_programs(q)
    return bool(named) and all(
        any(
            f.program == p and f.listed and f.through and f.through != draft.kb.program(p).through
            for f in draft.findings
        )
        for p in named
    )


def marker_asked_lead(draft: Draft, q: Question, shape: Shape) -> bool:
    """A marker asked of a drug yes or no, named by its words ('one of the new 2018 eviCore drugs', 'dual
    indication') or by a word for markers ('marked', 'asterisk'): the drug's rows answer it, never the
    drug's own yes."""
    opens_yes_no = shape.yes_no or (not shape.asserted and phrasing_words().yes_opener.match(q.text) is not None)
    marker_words = membership_words().search(q.text) is not None
    membership = opens_yes_no and not shape.asserted and q.found.drugs and (marker_words or asked_marker(draft, q))
    if not membership:
        return False
    # Named by a word of its own ('2018', 'dual', 'Embarc'), a marker's 'No' is the drug's row's; named
    # only by what it means ('was Keytruda added to eviCore?'), a drug on the list is never a bare No.
    specific = marker_words or _marker_specific().search(q.text) is not None
    asked = "asked" if specific else "asked_listed"
    return marker_membership_lead(draft, q, asked) or (marker_words and any_marker_lead(draft, q))


def code_owners_lead(draft: Draft, q: Question, shape: Shape) -> bool:
    """One code typed beside drugs, asked which of them it is ('J9355 - Herceptin or Kadcyla?') or said to
    be only theirs ('J0897 is only Xgeva, right?'): the drugs the documents print it for."""
    codes = [c for c in q.found.codes if c.known and not draft.kb.codes[c.code].unclassified]
    if len(codes) != 1 or not q.found.drugs:
        return False
    code = codes[0].code
    printed = {d.id: d.name for d in draft.kb.drugs_with_code(code)}
    asked = {m.drug_id: draft.kb.drugs[m.drug_id].name for m in q.found.drugs}
    say = phrasing_data()["premise"]
    after_only = [q.text[m.end() :] for m in _only_drug().finditer(q.text)]
    only = [m for m in q.found.drugs if any(rest.startswith(m.text) for rest in after_only)]
    if shape.asserted and only and set(asked) <= set(printed):
        key = "code_only_exact" if set(asked) == set(printed) else "code_only_more"
        names = _names(sorted(printed.values(), key=str.lower))
        draft.headline = say[key].format(code=code, names=names, headline=draft.headline)
        return True
    either = len(asked) > 1 and re.search(say["either"], q.text) is not None
    owners = [n for i, n in asked.items() if i in printed]
    if not either or not owners or len(owners) == len(asked):
        return False
    others = [n for i, n in asked.items() if i not in printed]
    draft.headline = say["code_which"].format(
        code=code, owners=_names(owners), others=_names(others), headline=draft.headline
    )
    return True


@cache
def _only_drug() -> re.Pattern[str]:
    return gated(re.compile(phrasing_data()["premise"]["only_drug"]))


def code_asked_lead(draft: Draft, q: Question) -> bool:
    """A drug asked to have a code the documents print for other drugs only: no, and whose it is."""
    mismatch = _code_of_another_drug(draft, q)
    if mismatch is None:
        return False
    code, others = mismatch
    drugs = _names([draft.kb.drugs[m.drug_id].name for m in q.found.drugs])
    said = phrasing_data()["premise"]["code_asked"]
    draft.headline = said.format(code=code, others=others, drugs=drugs, headline=draft.headline)
    return True


def unlisted_code_lead(draft: Draft, q: Question) -> bool:
    """A miscellaneous code typed with no drug ('we'd bill it under J9999 - still eviCore?'), asked of a
    list whose document has a rule on such codes (the manifest's topic): its yes, that rule first."""
    codes = [c.code for c in q.found.codes if c.known and draft.kb.codes[c.code].unclassified]
    if len(codes) != 1 or q.found.drugs or not asks_list_fact(draft, q):
        return False
    topic = phrasing_data()["list_fact"]["unlisted_topic"]
    rules = [r for p in named_programs(q) for r in draft.kb.rules(program=p, topic=topic)]
    if not rules:
        return False
    draft.add_rules(rules[:1])
    short = draft.kb.program(rules[0].program).short
    said = phrasing_data()["list_fact"]["unlisted_lead"]
    draft.headline = said.format(code=codes[0], short=short, rule=rules[0].summary, headline=draft.headline)
    return True


def _month(date: str) -> tuple[int, int] | None:
    try:
        parsed = datetime.strptime(date.strip(), "%B %Y")
    except ValueError:
        return None
    return parsed.year, parsed.month


def added_order_lead(draft: Draft, q: Question) -> bool:
    """Two drugs asked which was added first ('before', 'after') to a list: their rows' dates compared,
    on a list both are on (the lists named first)."""
    say = phrasing_data()["when"]
    order = next((k for k, w in say["order_words"].items() if re.search(w, q.text)), None)
    drugs = list({m.drug_id: draft.kb.drugs[m.drug_id] for m in q.found.drugs}.values())
    if order is None or len(drugs) != 2:
        return False
    named = named_programs(q)
    for program in [*named, *draft.kb.program_ids]:
        dates = [next((x.date_added for x in d.listings_for(program) if x.date_added), None) for d in drugs]
        months = [_month(d) for d in dates if d]
        if len(months) != 2 or None in months:
            continue
        first, second = months
        held = first < second if order == "before" else first > second  # type: ignore[operator]
        key = "order_yes" if held else ("order_same" if first == second else "order_no")
        short = draft.kb.program(program).short
        lead_line = say[key].format(a=drugs[0].name, b=drugs[1].name, da=dates[0], db=dates[1], list=short)
        draft.headline = f"{lead_line} {draft.headline}"
        return True
    return False


def one_of_a_group(draft: Draft, q: Question) -> tuple[str, ...]:
    """'Ocrevus SCO+?': a list named by its own words, one of a group's lists ('site of care': SCO, SCO+,
    the policy), is what is asked; the drug's rows on the group's other lists don't make it a yes."""
    if not q.found.drugs:
        return ()
    named = set(named_programs(q))
    if named and any(named < group for group in edition_memo(draft.kb, ("program_groups",), _groups, draft.kb)):
        return tuple(p for p in q.programs if p in named)
    return ()


def _groups(kb: KnowledgeBase) -> tuple[frozenset[str], ...]:
    """The lists of each group of the lists' words ('site of care': SCO, SCO+, the policy), once per edition."""
    return tuple(frozenset(words.programs) for words in kb.vocabulary.programs if words.group)


def scope_lead(draft: Draft, q: Question) -> bool:
    """A rule's scope asserted, answered by another family (a passage): the lists printing the rule lead."""
    scoped = scoped_rules(draft, q)
    if scoped is None or draft.headline.startswith(scoped[1]):
        return False
    rules, verdict = scoped
    draft.add_rules(rules)
    draft.headline = f"{verdict} {draft.headline}"
    return True


def _shorts(draft: Draft, programs: list[ProgramId]) -> str:
    return joined(list(dict.fromkeys(draft.kb.program(p).short for p in programs)), "and_the")


def same_list_lead(draft: Draft, q: Question) -> None:
    """The lists every drug named is on, from their rows: 'Yes — … all on the …' or 'No — … share no list'."""
    say = phrasing_data()["same"]
    drugs = list({m.drug_id: draft.kb.drugs[m.drug_id] for m in q.found.drugs}.values())
    shared = [p for p in drugs[0].programs() if all(p in d.programs() for d in drugs[1:])]
    names = _names([d.name for d in drugs])
    if shared:
        lead_line = say["shared" if len(drugs) > 2 else "shared_two"].format(names=names, lists=_shorts(draft, shared))
    else:
        each = "; ".join(say["each"].format(drug=d.name, lists=_shorts(draft, d.programs())) for d in drugs)
        lead_line = say["apart"].format(names=names, each=each)
    draft.headline = f"{lead_line} {draft.headline}"


def coverage_rule(draft: Draft) -> None:
    """What a listed drug's own document says about coverage ('eligible for coverage when the prior
    authorization review is completed…'), said after the lead: the documents' own words on it."""
    topic = phrasing_data()["coverage"]["rule_topic"]
    listed = dict.fromkeys(f.program for f in draft.findings if f.listed and f.program)
    rules = [r for p in listed for r in draft.kb.rules(program=p, topic=topic)]
    if rules and rules[0].summary not in draft.headline:  # (the topic's own answer may have said it)
        draft.add_rules(rules[:1])
        draft.headline += " " + rules[0].summary


@cache
def _duration() -> re.Pattern[str]:
    return re.compile(phrasing_data()["premise"]["duration"], re.IGNORECASE)


def _durations(text: str) -> list[tuple[str, float | None, float | None]]:
    """(unit, low, high) of each duration in the text; a number it can't read ('a few') is None."""
    words = phrasing_data()["premise"]["number_words"]

    def number(word: str | None) -> float | None:
        if word is None:
            return None
        return float(word) if word.isdigit() else words.get(word.lower())

    out = []
    units = phrasing_data()["duration_held"]["units"]
    for m in _duration().finditer(text):
        low = number(m.group("a"))
        high = number(m.group("b")) if m.group("b") else low
        unit = m.group("unit").lower()
        out.append((units.get(unit, unit), low, high))
    return out


def duration_lead(draft: Draft, q: Question) -> bool:
    """A duration asserted against the answer's own quoted ones: in a unit they never use ('2 weeks' where
    the line says 'two to five minutes'), or outside every one of them in the same unit ('60 days' where
    it says '30-day'), it is not what the documents say; within one, the rest of the claim decides."""
    asserted, quoted = _durations(q.text), _durations(draft.headline)
    if quoted and re.search(phrasing_data()["duration_held"]["unbounded"], q.text):
        # 'current chemo patients are grandfathered forever, right?' of '… or for six months'
        draft.headline = _say("premise.not_so", headline=draft.headline)
        return True
    if not asserted or not quoted:
        return False
    verdicts = set()
    for unit, low, high in asserted:
        same = [(lo, hi) for u, lo, hi in quoted if u == unit]
        if not same:
            verdicts.add("not_so")
        elif low is None or any(lo is None for lo, _ in same):
            return False  # 'a few minutes': the reader compares
        else:
            inside = any(lo <= low and high <= hi for lo, hi in same)  # type: ignore[operator]
            verdicts.add("held" if inside else "not_so")
    if "not_so" not in verdicts:
        # A duration the line bears out may sit in a claim that says more ('renewed monthly'): Correct only
        # when the line prints the rest of it.
        if not _claim_printed(draft, q):
            return False
        draft.headline = _say("premise.correct", headline=draft.headline)
        return True
    draft.headline = _say("premise.not_so", headline=draft.headline)
    return True


def _claim_printed(draft: Draft, q: Question) -> bool:
    """Every topic word of the assertion, its durations and tail aside, is a word the documents print, and
    the answer's lead prints it; nothing beyond the line is claimed ('every', 'renewed', 'only')."""
    text, search = _duration().sub(" ", q.norm.clean), q.searcher
    if search is None or re.search(phrasing_data()["duration_held"]["beyond"], text):
        return False
    # (a word no document prints may be read as a printed one it resembles: 'renewed' is no 'reviewed')
    named = search.thesaurus.member_group
    if any(
        c.weight > 0 and tuple(c.word.split()) not in named and not all(map(search.printed, c.word.split()))
        for c in search.concepts(text)
    ):
        return False
    # (the quoted sentence's own lines: 'the eviCore website' of the line's first sentence)
    lines = " ".join(c.text for c in draft.statements[0].citations) if draft.statements else ""
    return search.says_all(text, f"{draft.headline} {lines}", q.name_stems())


def coverage_rule_lead(draft: Draft, q: Question, shape: Shape) -> bool:
    """A coverage question about a program, answered by its document's rule on coverage: the documents
    decide prior authorization first; an assertion that coverage is certain ('approval means Cigna will
    definitely cover it') is not what the rule says (coverage varies with the benefit plan)."""
    topic = phrasing_data()["coverage"]["rule_topic"]
    summaries = {r.summary for r in draft.kb.rules(topic=topic)}
    if not draft.statements or draft.statements[0].summary not in summaries:
        return False
    certain = shape.asserted and _certain_words().search(q.text) is not None
    said = phrasing_data()["coverage"]["not_certain"] if certain else phrasing_words().sentences["coverage.lead"]
    draft.headline = said.format(headline=draft.headline)
    return True


@cache
def _certain_words() -> re.Pattern[str]:
    return gated(re.compile(phrasing_data()["coverage"]["certain"]))


_FAQ_VERDICT = re.compile(r"^(Yes|No)\.\s")


def faq_premise_lead(draft: Draft, q: Question) -> bool:
    """An assertion answered by an FAQ whose answer opens 'Yes.' or 'No.': the FAQ's verdict is the
    assertion's only when both say the FAQ question's strong word ('all', 'any', 'special' — 'any REMS
    certified hospital can give Kymriah' is 'are ALL REMS-certified providers contracted?'), turned over
    when the assertion denies ('not all gene therapies need PA'). Else the FAQ only resembles it."""
    faq = next(
        (
            (c.text, a.text)
            for st in draft.statements
            for c, a in zip(st.citations, st.citations[1:], strict=False)
            if c.text.rstrip().endswith("?") and _FAQ_VERDICT.match(a.text)
        ),
        None,
    )
    if faq is None:
        return False
    asked, answer = faq
    data = phrasing_data()["premise"]
    shared = [w for w in data["faq_strong"] if re.search(w, asked.lower()) and re.search(w, q.text)]
    if not shared:
        return False
    said_no = _FAQ_VERDICT.match(answer).group(1) == "No"  # type: ignore[union-attr]
    denied = re.search(data["faq_denied"], q.text) is not None
    if not denied and re.search(data["faq_other_denial"], q.text):
        return False
    led = f"{'No' if said_no else 'Yes'} — “"
    if not denied and led in draft.headline:
        # The FAQ's own verdict leads its quote: that quote leads the answer ('so any REMS certified center
        # can give Yescarta?' of a drug's line, then 'No — “…must be contracted…”').
        at = draft.headline.find(led)
        if at > 0:
            draft.headline = f"{draft.headline[at:]} {draft.headline[:at].rstrip()}"
        return True
    key = "correct" if said_no == denied else ("faq_no" if said_no else "not_so")
    headline = re.sub(data["faq_replaced"], "", draft.headline)
    draft.headline = data[key].format(headline=headline)
    return True


def faq_asked_lead(draft: Draft, q: Question) -> bool:
    """A drug's question asking an FAQ's own question by its strong word ('is there a special PA process
    for Ocrevus since it's on the SCO list?'): the FAQ answer of the drug's documents that opens 'Yes.' or
    'No.' and whose question says that word leads, quoted, before the drug's answer."""
    if not q.found.drugs or q.searcher is None or not phrasing_words().yes_opener.search(q.text):
        return False
    strong = [w for w in phrasing_data()["premise"]["faq_strong"] if re.search(w, q.text)]
    if not strong:
        return False
    programs = {p for m in q.found.drugs for p in draft.kb.drugs[m.drug_id].programs()}
    sources = frozenset(draft.kb.source_of(p).id for p in programs)
    hit = next((h for h in q.hits(sources, 0.0)[:1] if h.context and _FAQ_VERDICT.match(h.sentence)), None)
    if hit is None or not any(re.search(w, hit.context[0].text.lower()) for w in strong):
        return False
    # (the quote leads with the FAQ's own Yes or No: wording.quoted_line)
    draft.headline = phrasing_data()["faq_asked"]["lead"].format(quote=quote(draft, [hit])[0], headline=draft.headline)
    return True


MAX_YES_NAMED = 4  # drugs named in a partial yes; more are counted


def yes_lead(
    draft: Draft, found: dict[str, Verdict], shape: Shape, unknown_names: tuple[str, ...] = (), fact: bool = True
) -> None:
    """'Yes — …' for the drugs whose findings require authorization, when the question asks just that
    (`fact`: intents/phrasing/list_fact.py); else the drug's own answer leads, without a yes."""
    yes = [name for name, v in found.items() if v == "yes"]
    elsewhere = bool(set(verdicts(draft).values()) & {"yes", "listed"}) if shape.lists else False
    if not yes and elsewhere and set(found.values()) == {"absent"}:
        # 'is Neulasta on the SCO list?': its answer leads with the coverage policy; not on the list named.
        draft.headline = _say("premise.not_on_named", lists=_list_names(draft, shape.lists), headline=draft.headline)
    if not yes or not (fact or shape.permission):  # absent, or no document has it: never a no
        return
    unknown = [f"“{name}”" for name in unknown_names]
    if unknown:
        # 'do Keytruda and Skyrizi need PA?': the yes is Keytruda's; the name no document has is said in
        # the same first sentence, never folded into the yes.
        draft.headline = _say(
            "yes.lead_yes_unknown", names=_names(yes), unknown=_names(unknown), headline=draft.headline
        )
    elif len(yes) == len(found):
        # 'is that ok with Cigna?': a bare 'Yes' would read as permission; the documents say PA first.
        key = "yes.lead_permission" if shape.permission else "yes.lead_yes"
        draft.headline = _say(key, headline=draft.headline)
    elif len(yes) > MAX_YES_NAMED:  # a class's products ('IVIG in the home'): counted, the list follows
        draft.headline = _say("yes.lead_yes_many", headline=draft.headline)
    else:
        draft.headline = _say("yes.lead_yes_some", names=_names(yes), headline=draft.headline)


@cache
def _plan_words() -> re.Pattern[str]:
    return gated(re.compile(phrasing_data()["lob"]["asks"]))


def _plan_beyond_rows(draft: Draft, q: Question) -> bool:
    """A plan type asked beside rows that print their line of business, other than that one
    ('Ocrevus home infusion precert for a Medicare Advantage pt?' of rows printing 'Commercial'): a yes
    would answer for a plan the rows don't name (the rows' own line of business is said after)."""
    asked = [m.group(0) for m in _plan_words().finditer(q.text)]  # (another payer's name: 'for Cigna' says it)
    if not asked:
        return False
    cited = {(c.file, c.line) for f in draft.findings if f.listed for c in f.citations}
    printed = {
        x.line_of_business.lower()
        for x in draft.kb.listings
        if x.line_of_business and (x.citation.file, x.citation.line) in cited
    }
    return bool(printed) and any(a not in printed for a in asked)


def named_list_lead(draft: Draft, q: Question) -> bool:
    """'is Abecma a gene therapy?', 'Is Zolgensma a cell therapy per Cigna?': drugs asked to be among the
    drugs of lists named by their words (not what they require) that are on none of them but on another
    list: No, and the lists they are on follow (phrasing.toml [named_lists])."""
    named = tuple(named_programs(q))
    say = phrasing_data()["named_lists"]
    if not named or not q.found.drugs or q.found.unknown or not re.search(say["membership"], q.text):
        return False
    if re.search(say["requirement"], q.text):
        return False  # 'does Abecma need gene therapy PA?': absence from a list is never a 'no' to that
    found = verdicts(draft, named)
    if not found or set(found.values()) != {"absent"} or not {"yes", "listed"} & set(verdicts(draft).values()):
        return False
    names = list(found)
    verb = "is" if len(names) == 1 else "are"
    lists = _list_names(draft, named)
    draft.headline = say["no"].format(names=_names(names), verb=verb, lists=lists, headline=draft.headline)
    return True


def named_programs(q: Question) -> list[ProgramId]:
    if q.phrasing.lists:
        return list(q.phrasing.lists)
    return [p for p in q.programs if p not in q.context_programs and p not in q.phrasing.denied]


def _list_names(draft: Draft, lists: tuple[str, ...]) -> str:
    return joined((draft.kb.program(p).short for p in lists), "or_the")


def premise_lead(draft: Draft, q: Question, shape: Shape, found: dict[str, Verdict]) -> None:
    claim, headline = shape.claim, draft.headline
    kinds = set(found.values())
    mismatch = _code_of_another_drug(draft, q)
    if mismatch and shape.asserted:
        # 'Keytruda J9299 needs eviCore, right?': J9299 is Opdivo's; whatever Keytruda needs, the pairing
        # asserted is not what the documents print.
        code, others = mismatch
        drugs = _names([draft.kb.drugs[m.drug_id].name for m in q.found.drugs])
        draft.headline = _say("premise.code_other", code=code, others=others, drugs=drugs, headline=headline)
        return
    if (shape.asserted and (number_premise_lead(draft, q) or fact_premise_lead(draft, q))) or (
        claim == "listed" and q.found.drugs and marker_membership_lead(draft, q)
    ):
        return  # a number's team and field; 'Luxturna and Zolgensma are both Embarc, right?': each drug's rows
    if claim == "no_pa" and _list_not_needed_lead(draft, q):
        return  # 'Zolgensma doesn't need eviCore, correct?': said of the eviCore list, as 'not on eviCore' is
    if claim in ("only", "condition") and draft.intent == "drug_family":
        class_lead(draft, q)  # 'home infusion precert only applies to IVIG, right?'
        return
    if claim == "only":
        if _only_about_the_drug(draft, q):
            _membership_lead(draft, q)
        else:
            set_lead(draft, q)
        return
    if claim == "no_pa":
        # ('not on the SCO list, so no PA needed': no PA is a claim about every list, not the one named)
        if "yes" not in kinds | set(verdicts(draft).values()):
            draft.headline = _say("premise.not_said", headline=headline)
            return
        absent = [f for f in draft.findings if not f.listed and f.program in named_programs(q)]
        if absent and phrasing_words().not_listed.search(q.text):
            lists = joined(dict.fromkeys(draft.kb.program(f.program).short for f in absent if f.program), "or_the")
            draft.headline = _say("premise.partly", drug=absent[0].drug, lists=lists, headline=headline)
        else:
            draft.headline = _say("premise.not_so", headline=headline)
    elif claim == "not_listed" and (named_programs(q) or re.search(r"\blists?\b", q.text)):
        named = named_programs(q)
        asked = [f for f in draft.findings if f.program in named] if named else draft.findings
        if any(f.listed for f in asked):
            draft.headline = _say("premise.not_so", headline=headline)
        elif kinds == {"not_found"} or _asserts_beyond_lists(draft, q):
            draft.headline = _say("premise.not_said", headline=headline)
        else:
            draft.headline = _say("premise.correct", headline=headline)
    elif claim == "listed" and not q.asks_date and (q.asks_pa or q.programs) and _codes_are_the_drugs(draft, q):
        if "not_found" in kinds:
            draft.headline = _say("premise.not_said", headline=headline)
        elif _borne_out(draft, q) and _numbers_borne_out(draft, q):
            # Listed is all a list bears out: 'Zolgensma can be given by any hospital, right?' is not.
            beyond = _asserts_beyond_lists(draft, q) or _negates_beyond_lists(draft, q)
            key = "premise.not_said" if beyond else "premise.correct"
            draft.headline = _say(key, headline=headline)
        else:
            draft.headline = _say("premise.not_so", headline=headline)
    elif claim == "condition" and kinds == {"yes"}:
        key = _condition_verdict(draft, q)
        draft.headline = _say(key, headline=headline) if key else headline


def _list_not_needed_lead(draft: Draft, q: Question) -> bool:
    """A found drug said not to need a list by name ('… doesn't need eviCore'): Correct when none of the lists
    so named holds it, not so when one does; any other 'doesn't need' is a claim about authorization."""
    before = re.compile(phrasing_data()["premise"]["list_not_needed"])
    lists = {
        p
        for entry in draft.kb.vocabulary.programs
        for m in re.finditer("|".join(entry.words), q.text)
        if before.search(q.text, 0, m.start())
        for p in entry.programs
    }
    asked = [f for f in draft.findings if f.program in lists]
    if not lists or not q.found.drugs or q.found.unknown or not asked:
        return False
    key = "premise.not_so" if any(f.listed for f in asked) else "premise.correct"
    draft.headline = _say(key, headline=draft.headline)
    return True


def _condition_verdict(draft: Draft, q: Question) -> str | None:
    """A condition asserted of listed drugs ('… only if …'): the [premise] sentence that answers it."""
    if not _conditional(draft):
        return "premise.no_condition"
    if _oncology_use_held(draft, q):
        return "premise.correct"  # 'Prolia only goes to eviCore if it's for oncology?': other uses go to Cigna
    if _unconditional(draft, q):
        # 'Prolia needs PA only if it's for cancer?': its eviCore listing is for oncology, but another
        # list requires authorization whatever the use or setting.
        return "premise.not_so"
    return None


_WORD = re.compile(r"[a-z0-9][a-z0-9'.-]*")
_SENTENCE_END = re.compile(r"[.!?:]\s+")  # ("re: …" before a colon is context too)
_CLAUSE_END = re.compile(r",\s+|\s+-+\s+")


def _asserts_beyond_lists(draft: Draft, q: Question) -> bool:
    """The assertion has a word besides the drugs, codes, programs and listing words a list can confirm
    ('…can be given by any hospital', '…every 6 months', '…is approved automatically')."""
    words = phrasing_words()
    text = q.text
    tail = words.premise_tail.search(text, max(0, len(text) - MAX_TAIL))
    text = text[: tail.start()] if tail else text
    preface = words.premise_preface.match(text)
    text = text[preface.end() :] if preface else text
    for named in [m.text for m in q.found.drugs] + [c.text for c in q.found.codes]:
        text = text.replace(named, " ")
    for number in _typed_numbers(draft, q):  # (their owners are checked by _numbers_borne_out)
        text = text.replace(number, " ")
    text = _amount().sub(" ", text)  # a dose typed ('infliximab-dyyb 5mg/kg') is context
    text = exact_list_words().sub(" ", text)  # 'regular SCO', 'SCO (not plus)': a list's name
    if len({m.drug_id for m in q.found.drugs}) > 1:  # 'A, B, C are all car-t': each of them
        text = re.sub(phrasing_data()["several_named"]["each"], " ", text)
    for entry in draft.kb.vocabulary.programs:
        text = re.sub("|".join(entry.words), " ", text)
    text = _SENTENCE_END.split(text)[-1]  # earlier sentences are context ('we do a lot of Neulasta. …')
    *context, claim = _CLAUSE_END.split(text)
    # ('infusing Remicade at home next wk, Cigna needs precert right?': a clause before the claim that only
    # sets the scene — who, when, where, a yes/no's own words — is context, not more asserted)
    if any(not context_word(w.strip(".-")) for clause in context for w in _WORD.findall(clause) if w.strip(".-")):
        return True
    # (a disease or specialty the clinic names is the use given for, not more asserted: 'Xgeva goes thru eviCore
    # for bone mets'; a use its row sends elsewhere is answered before this, by the drug's other-use verdict)
    return any(
        not words.listing_words.match(w.strip(".-")) and not _uses().match(w.strip(".-"))
        for w in _WORD.findall(claim)
        if w.strip(".-")
    )


def _negates_beyond_lists(draft: Draft, q: Question) -> bool:
    """A 'not' in a claim that a drug is listed that denies no list ('Keytruda is not a drug that needs PA,
    right?'): phrasing.toml [negated_claim]."""
    say = phrasing_data()["negated_claim"]
    text, words = q.text, phrasing_words()
    tail = words.premise_tail.search(text, max(0, len(text) - MAX_TAIL))
    tail = tail or words.tag_tail.search(text, max(0, len(text) - MAX_TAIL))  # '…, doesn't it?'
    text = text[: tail.start()] if tail else text
    for m in re.finditer(say["negation"], text):
        rest = text[m.end() :]
        between = re.match(say["between"], rest)  # ('not through the …')
        rest = rest[between.end() :] if between else rest
        named = any(re.match("|".join(e.words), rest) for e in draft.kb.vocabulary.programs)
        if not (named or re.match(say["desks"], rest) or exact_list_words().match(rest)):
            return True
    return False


@cache
def _amount() -> re.Pattern[str]:
    return gated(re.compile(phrasing_data()["list_fact"]["amount"]))


@cache
def _uses() -> re.Pattern[str]:
    return re.compile(phrasing_data()["premise_context"]["uses"])


@cache
def _context_words() -> re.Pattern[str]:
    return re.compile(phrasing_data()["premise_context"]["words"])


def context_word(word: str) -> bool:
    """A word that sets the scene of an assertion (who, when, where) or a listing word: a clause of only
    these, before the asserted one, asserts nothing more."""
    return bool(phrasing_words().listing_words.match(word) or _context_words().match(word)) or word in _clinic()


@cache
def _clinic() -> frozenset[str]:
    return clinic_words()


_OWN_DESKS = ("evicore", "program_team")  # prior authorization at a desk of its own, not Cigna's


def _typed_numbers(draft: Draft, q: Question) -> list[str]:
    return [m.group(0) for m in TYPED_NUMBER.finditer(q.text) if printed_numbers(draft.kb, m.group(0))]


def _numbers_borne_out(draft: Draft, q: Question) -> bool:
    """'Yescarta PA goes to <the cellular team's number>, right?': every number typed is printed by the team
    of a list the drugs are on (a list without a number of its own: Cigna's general line)."""
    typed = _typed_numbers(draft, q)
    if not typed:
        return True
    listed = {f.program for f in draft.findings if f.listed and f.program}
    own = {p for m in q.found.drugs for p in draft.kb.drugs[m.drug_id].programs()}
    desks = {p for p in own if draft.kb.program(p).through in _OWN_DESKS}
    if q.asks_pa and desks:
        listed = desks  # 'Keytruda precert goes to the SCO team at …': its precert is eviCore's desk
    teams = {draft.kb.program(p).shares or p for p in listed} | listed
    teams |= {None} if any(not draft.kb.contacts(p) for p in listed) else set()
    return all(any(owner in teams for owner, _, _ in printed_numbers(draft.kb, n)) for n in typed)


def fact_premise_lead(draft: Draft, q: Question) -> bool:
    """A drug's row fact asserted: the month or year it was added ('Keytruda was added to SCO+ in 2022,
    right?' against 'March 2021'), or its code ('Ocrevus is J2350, correct?'), read from its rows."""
    drugs = [draft.kb.drugs[m.drug_id] for m in q.found.drugs]
    typed = _TYPED_DATE.search(q.text)
    if drugs and typed and q.asks_date:
        named = named_programs(q)
        rows = [x for d in drugs for x in d.listings if x.date_added and (not named or x.program in named)]
        if not rows:
            return _date_of_a_list_without_the_drug(draft, drugs, named)
        year, month = _month_or_year(typed.group(0)) or (0, None)
        dates = [_month_or_year(x.date_added or "") for x in rows]
        held = any(d and d[0] == year and (month is None or d[1] == month) for d in dates)
        draft.headline = _say("premise.correct" if held else "premise.not_so", headline=draft.headline)
        return True
    # (every row of the drug printing a code prints the one typed: where the documents disagree, not 'Correct')
    printed_everywhere = all(c.code in x.codes for d in drugs for x in d.listings if x.codes for c in q.found.codes)
    if (
        drugs
        and q.found.codes
        and printed_everywhere
        and _codes_are_the_drugs(draft, q)
        and not _asserts_beyond_lists(draft, q)
    ):
        draft.headline = _say("premise.correct", headline=draft.headline)
        return True
    return False


def _date_of_a_list_without_the_drug(draft: Draft, drugs: list[Drug], named: list[ProgramId]) -> bool:
    """'Xolair was added to SCO+ in 2017, right?': no drug named is on the list named at all (each is on
    another): not what the documents say, whatever the date."""
    if not named or any(x.program in named for d in drugs for x in d.listings) or not all(d.listings for d in drugs):
        return False
    say = phrasing_data()["premise"]["date_not_on_named"]
    lists = joined(dict.fromkeys(draft.kb.program(p).short for p in named), "or_the")
    names = _names([d.name for d in drugs])
    draft.headline = say.format(
        drugs=names, verb="is" if len(drugs) == 1 else "are", lists=lists, headline=draft.headline
    )
    return True


_TYPED_DATE = re.compile(r"\b(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+)?(?:19|20)\d\d\b")


def _month_or_year(text: str) -> tuple[int, int | None] | None:
    """(year, month) of 'March 2021', (year, None) of '2021'."""
    year = re.search(r"(?:19|20)\d\d", text)
    if year is None:
        return None
    month = re.match(r"\s*([a-z]{3})", text.lower())
    months = phrasing_data()["edition_asked"]["months"]
    number = next((k + 1 for k, m in enumerate(months) if month and m.startswith(month.group(1))), None)
    return int(year.group(0)), number


def number_premise_lead(draft: Draft, q: Question) -> bool:
    """A number asserted of a drug ('the fax for Zolgensma is <the cellular team's fax>, right?'): printed by
    the drug's team, as the field asserted, and nothing else said."""
    if not q.found.drugs or not _typed_numbers(draft, q):
        return False
    held = _numbers_borne_out(draft, q) and _fields_borne_out(draft, q) and _borne_out(draft, q)
    key = "premise.not_so" if not held else "premise.not_said" if _asserts_beyond_lists(draft, q) else "premise.correct"
    draft.headline = _say(key, headline=draft.headline)
    return True


def _fields_borne_out(draft: Draft, q: Question) -> bool:
    """Every number typed is printed as the field asked (the eviCore phone typed as 'the fax': not)."""
    asked = {f for f in q.contact_fields if f in NUMBER_FIELDS}
    printed = {field for _, _, field in printed_numbers(draft.kb, q.text)}
    return not asked or bool(asked & printed)


def _code_of_another_drug(draft: Draft, q: Question) -> tuple[str, str] | None:
    """A code typed beside a drug that the documents print for other drugs only: (code, whose it is)."""
    if not q.found.drugs:
        return None
    named = {m.drug_id for m in q.found.drugs}
    for c in q.found.codes:
        owners = draft.kb.drugs_with_code(c.code) if c.known else []
        if owners and not {d.id for d in owners} & named and not draft.kb.codes[c.code].unclassified:
            return c.code, _names([d.name for d in owners])
    return None


def _codes_are_the_drugs(draft: Draft, q: Question) -> bool:
    """No code typed, or every one typed is the named drugs' own ('Zolgensma J3399 is gene therapy, right?')."""
    if not q.found.codes:
        return True
    named = {m.drug_id for m in q.found.drugs}
    return bool(named) and all(
        c.known and {d.id for d in draft.kb.drugs_with_code(c.code)} & named for c in q.found.codes
    )


def _only_about_the_drug(draft: Draft, q: Question) -> bool:
    """'Keytruda is only an eviCore thing': 'only' after the drug limits the drug's lists; 'Embarc only
    applies to Zolgensma' (before it) limits a set of drugs."""
    only = phrasing_words().only.search(q.text)
    if only is None or q.text[max(0, only.start() - 4) : only.start()] == "the " or named_marker(draft, q) is not None:
        return False  # 'Zolgensma is the only one Embarc applies to': a set, by its marker or 'the only'
    first = min((q.text.find(m.text) for m in q.found.drugs if m.text in q.text), default=-1)
    return 0 <= first < only.start()


def _membership_lead(draft: Draft, q: Question) -> None:
    """The drug is on the lists named and on no other."""
    named = set(named_programs(q))
    if not named or not q.found.drugs:
        return
    drugs = [draft.kb.drugs[m.drug_id] for m in q.found.drugs]
    denied = set(q.phrasing.denied)
    if denied:  # 'only on SCO+, not SCO': on a list named, on none denied
        held = all(set(d.programs()) & named and not set(d.programs()) & denied for d in drugs)
    else:
        held = all(set(d.programs()) <= named for d in drugs)
    key = "premise.correct" if held else "premise.not_so"
    draft.headline = _say(key, headline=draft.headline)


def _borne_out(draft: Draft, q: Question) -> bool:
    """'Kadcyla goes through eviCore, right?': every drug has a listing requiring authorization on the
    lists the assertion names (any list when it names none)."""
    named, statuses = named_programs(q), phrasing_words().yes_statuses
    denied = [
        d for m in q.found.drugs for d in [draft.kb.drugs[m.drug_id]] if set(d.programs()) & set(q.phrasing.denied)
    ]
    if denied:  # 'Keytruda goes through Cigna, not eviCore': it is on the list denied
        return False
    if not named and q.phrasing.denied and q.found.drugs:
        # 'Kymriah needs PA through Cigna, not eviCore': on some list requiring it other than the one denied.
        drugs = [draft.kb.drugs[m.drug_id] for m in q.found.drugs]
        return all(
            any(p not in q.phrasing.denied and draft.kb.program(p).status in statuses for p in d.programs())
            for d in drugs
        )
    drugs = {f.drug for f in draft.findings}
    held = {f.drug for f in draft.findings if f.listed and f.status in statuses and (not named or f.program in named)}
    return bool(drugs) and held == drugs and _on_each_list_named(draft, q, named)


def _on_each_list_named(draft: Draft, q: Question, named: list[ProgramId]) -> bool:
    """'Opdivo is eviCore and home infusion, right?': each list named by words of its own holds the drug
    (a group's word — 'site of care' — is held by any of its lists); 'eviCore or SCO+' by any one."""
    if re.search(r"\bor\b", q.text):
        return True
    statuses = phrasing_words().yes_statuses
    asked = [
        set(entry.programs) & set(named)
        for entry in draft.kb.vocabulary.programs
        if set(entry.programs) & set(named) and _program_words_of(entry.words).search(q.text)
    ]
    yes = {(f.drug, f.program) for f in draft.findings if f.listed and f.status in statuses}
    return all(any((f.drug, p) in yes for p in lists) for lists in asked for f in draft.findings)


@cache
def _program_words_of(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(words))


def _conditional(draft: Draft) -> bool:
    """A list whose own rule is conditional (site of care: the setting; dual indications: the use)
    answers a condition in its verdict; a plain requirement has none. The answer's lead finding decides."""
    lead = next((f for f in draft.findings if f.listed), None)
    return lead is not None and lead.status in ("site-of-care-review", "auth-needed-oncology")


def _unconditional(draft: Draft, q: Question) -> bool:
    """A listing whose requirement holds whatever the condition asked: a plain 'auth-needed' always; for a
    setting asked ('only when given in the hospital'), an oncology listing too (it is the use's, not the
    setting's)."""
    # (the lists the condition's words name, when it names any: 'only if it's for cancer' of eviCore names
    # a use, whatever other lists the drug's answer brings in)
    setting = any(draft.kb.program(p).status == "site-of-care-review" for p in q.phrasing.named or q.programs)
    holds = {"auth-needed", "auth-needed-oncology"} if setting else {"auth-needed"}
    # 'Entyvio only needs site-of-care review when it's in a hospital outpatient setting': the lists the
    # assertion names are what it is about; another list's requirement doesn't contradict it.
    named = q.phrasing.named
    return any(f.listed and f.status in holds and (not named or f.program in named) for f in draft.findings)


def _oncology_use_held(draft: Draft, q: Question) -> bool:
    """An oncology use asserted as the condition of the lists named, each of which lists the drug for its
    oncology indications only (a dual-indication marker)."""
    named = q.phrasing.named
    asked = [f for f in draft.findings if f.listed and f.program in named]
    if not named or not asked or not _oncology_use().search(q.text):
        return False
    return all(f.status == "auth-needed-oncology" for f in asked)


@cache
def _oncology_use() -> re.Pattern[str]:
    return gated(re.compile(phrasing_data()["premise"]["oncology_use"]))


MAX_UNMARKED_NAMED = 12  # rows without the marker named in the first sentence


def marker_membership_lead(draft: Draft, q: Question, asked: str = "") -> bool:
    """Drugs asserted (or, `asked`, asked yes or no) to carry the marker the question names: each drug's
    rows on that marker's list ('is Keytruda marked ***?', 'was Velcade one of the 2018 additions?'). A
    marker named only by its meaning ('was Keytruda added to eviCore?') is never a bare 'No' for a drug
    the list does print: on the list, but not among the rows it marks ('asked_listed')."""
    marked = asked_marker(draft, q)
    if marked is None:
        return False
    drugs = [draft.kb.drugs[m.drug_id] for m in q.found.drugs]
    rows = [x for d in drugs for x in d.listings_for(marked.program)]
    marking = [x for x in draft.kb.listings if x.program == marked.program and _marks(x, marked.symbol)]
    if not marking:
        return False
    note = next(n for n in marking[0].notes if n.symbol == marked.symbol)
    carrying = [d.name for d in drugs if any(_marks(x, marked.symbol) for x in d.listings_for(marked.program))]
    others = [d.name for d in drugs if d.name not in carrying]
    values = {
        "label": f"{note_kind(note.symbol)} {note.symbol}",
        "short": draft.kb.program(marked.program).short,
        "meaning": note.meaning,
        "k": str(len(marking)),
    }
    data = phrasing_data()["premise"]
    listed = all(d.listings_for(marked.program) for d in drugs)
    mode = "asked_listed_" if asked == "asked_listed" and listed and not carrying else "asked_" if asked else ""
    if not others and re.search(data["absolute"], q.text) and re.search(data["hedged"], note.meaning):
        # 'Luxturna has Embarc no matter what, right?': the marker says it *may* apply.
        lead_line = data["marked_hedged"].format(names=_names(carrying), **values)
    elif (
        not others
        and mode == "asked_"
        and re.search(data["hedged"], note.meaning)
        and not _marks_asked(q)
        and not _condition_asked(q, note.meaning)
    ):
        # 'does Luxturna need Embarc?': its row's note says only that Embarc may apply, never a bare 'Yes'.
        lead_line = data["asked_marked_may"].format(names=_names(carrying), **values)
    elif not others:
        lead_line = data[f"{mode}marked_all"].format(names=_names(carrying), **values)
    else:
        key = f"{mode}marked_some" if carrying else f"{mode}marked_none"
        lead_line = data[key].format(marked=_names(carrying or others), unmarked=_names(others), **values)
    for x in rows:
        draft.use_program(x.program)
        draft.statements.append(row_statement(draft, x))
    draft.headline = f"{lead_line} {draft.headline}"
    return True


def _condition_asked(q: Question, meaning: str) -> bool:
    """The question states the marker's own condition ('… from a specialty pharmacy if site of care management
    isn't feasible?' of '… if site-of-care management is not feasible'): its yes is asked under it."""
    said = re.search(phrasing_data()["condition_asked"]["clause"], q.text)
    printed = re.search(phrasing_data()["condition_asked"]["clause"], meaning.lower())
    if said is None or printed is None or q.searcher is None:
        return False
    return q.searcher.says_all(said.group("clause"), printed.group("clause"))


def _marks_asked(q: Question) -> bool:
    """The question asks of the mark itself ('is Luxturna marked 2?', 'one of the Embarc ones?'), not
    whether the drug needs what the mark is about ('does Luxturna need Embarc?')."""
    needed = re.search(phrasing_data()["premise"]["marker_needed"], q.text) is not None
    return not needed or membership_words().search(q.text) is not None


def any_marker_lead(draft: Draft, q: Question) -> bool:
    """'does Keytruda have an asterisk on the eviCore list?': no marker named, so the markers the drug's
    rows carry on the lists named (on its lists that print markers, when none is named)."""
    named = set(named_programs(q))
    marking = {x.program for x in draft.kb.listings if x.notes}
    drugs = [draft.kb.drugs[m.drug_id] for m in q.found.drugs]
    rows = [x for d in drugs for x in d.listings if x.program in (named or marking)]
    if len(drugs) != 1 or not (named & marking if named else rows):
        return False
    say = phrasing_data()["premise"]
    marks = [
        say["asked_any_mark"].format(
            label=f"{note_kind(n.symbol)} {n.symbol}", short=draft.kb.program(x.program).short, meaning=n.meaning
        )
        for x in rows
        for n in x.notes
    ]
    if marks:
        draft.headline = (
            f"{say['asked_any'].format(names=drugs[0].name, marks='; '.join(dict.fromkeys(marks)))} {draft.headline}"
        )
    else:
        shorts = _names(
            list(dict.fromkeys(draft.kb.program(p).short for p in (named & marking or {x.program for x in rows})))
        )
        said = say["asked_any_rows"].format(short=shorts)
        draft.headline = f"{say['asked_any_none'].format(names=drugs[0].name, rows=said)} {draft.headline}"
    return True


def _marks(x: Listing, symbol: str) -> bool:
    return any(n.symbol == symbol for n in x.notes)


def asked_marker(draft: Draft, q: Question) -> MarkedWords | None:
    """The marker a question names by its words, else by its symbol typed ('marked *** on eviCore')."""
    named = named_marker(draft, q)
    if named is not None or not q.marked:
        return named
    program, symbol = q.marked[0]
    return MarkedWords(program=program, symbol=symbol, words=())


@cache
def _marker_specific() -> re.Pattern[str]:
    return gated(re.compile(phrasing_data()["premise"]["marker_specific"]))


@cache
def membership_words() -> re.Pattern[str]:
    return gated(re.compile(phrasing_data()["premise"]["marker_membership"]))


def all_marked_lead(draft: Draft, q: Question) -> bool:
    """Every row of a list said to carry a marker: the rows it marks, counted against the list's rows."""
    marked = named_marker(draft, q)
    if marked is None:
        return False
    rows = [x for x in draft.kb.listings if x.program == marked.program]
    carrying = [x for x in rows if any(n.symbol == marked.symbol for n in x.notes)]
    if not carrying:
        return False
    note = next(n for n in carrying[0].notes if n.symbol == marked.symbol)
    others = [x for x in rows if not any(n.symbol == marked.symbol for n in x.notes)]  # (not ==: a model compare)
    values = {
        "label": f"{note_kind(note.symbol)} {note.symbol}",
        "short": draft.kb.program(marked.program).short,
        "meaning": note.meaning,
        "k": str(len(carrying)),
        "n": str(len(rows)),
    }
    names = [" / ".join(x.names) or x.description or ", ".join(x.codes) for x in others]
    shown = named_first(names, MAX_UNMARKED_NAMED)
    key = "premise.all_marked" if not others else "premise.some_marked"
    draft.headline = f"{_say(key, names=shown, **values)} {draft.headline}"
    for x in (others or carrying)[:MAX_UNMARKED_NAMED]:
        draft.use_program(x.program)
        draft.statements.append(row_statement(draft, x))
    return True


def named_marker(draft: Draft, q: Question) -> MarkedWords | None:
    return next((m for m, words in _marker_words(draft.kb.vocabulary.marked) if words.search(q.text)), None)


# Each edition's marker words, compiled once (keyed by the tuple's identity, which the value keeps alive).
_MarkerWords = tuple[tuple[MarkedWords, re.Pattern[str]], ...]
_MARKER_WORDS: ByIdentity[tuple[MarkedWords, ...], _MarkerWords] = ByIdentity(MAX_EDITION_TABLES)


def _marker_words(marked: tuple[MarkedWords, ...]) -> tuple[tuple[MarkedWords, re.Pattern[str]], ...]:
    return _MARKER_WORDS.get(marked, _compiled_marker_words)


def _compiled_marker_words(marked: tuple[MarkedWords, ...]) -> _MarkerWords:
    return tuple((m, gated(re.compile("|".join(m.words)))) for m in marked)


def _claimed_set(draft: Draft, q: Question) -> tuple[str, str, list[Listing]] | None:
    """The rows a claimed set is about: a marker's ('Embarc only applies to…') or a named list's."""
    for marked, words in _marker_words(draft.kb.vocabulary.marked):
        if words.search(q.text):
            rows = [
                x
                for x in draft.kb.listings
                if x.program == marked.program and any(n.symbol == marked.symbol for n in x.notes)
            ]
            if rows:
                note = next(n for n in rows[0].notes if n.symbol == marked.symbol)
                short = draft.kb.program(marked.program).short
                label = f"{note_kind(note.symbol)} {note.symbol}"
                return phrase("note_of_list", label=label, list=short, meaning=note.meaning), "marks", rows
    named = named_programs(q)
    if len(named) == 1:
        rows = [x for x in draft.kb.listings if x.program == named[0]]
        return phrase("the_list", list=draft.kb.program(named[0]).short), "lists", rows
    return None


def set_lead(draft: Draft, q: Question) -> None:
    """'Embarc only applies to Zolgensma and Luxturna, right?': the set the rows print, against the one
    asserted."""
    claimed = _claimed_set(draft, q)
    asked = {m.drug_id: draft.kb.drugs[m.drug_id].name for m in q.found.drugs}
    if claimed is None or not asked:
        return
    what, verb, rows = claimed
    lines = {(x.citation.file, x.citation.line) for x in rows}
    in_set = {
        d.id: d.name
        for d in draft.kb.drugs.values()
        if any((x.citation.file, x.citation.line) in lines for x in d.listings)
    }
    names = sorted(in_set.values(), key=str.lower)
    count = str(len(in_set))
    if set(asked) == set(in_set):
        lead_line = _say("premise.set_exact", what=what, verb=verb, names=_names(names), count=count)
    elif set(asked) < set(in_set):
        lead_line = _say(
            "premise.set_more",
            what=what,
            verb=verb,
            count=count,
            asked=_names(list(asked.values())),
            names=", ".join(names),
        )
    else:
        outside = [n for i, n in asked.items() if i not in in_set]
        lead_line = _say(
            "premise.set_other", what=what, verb=verb, count=count, names=", ".join(names), outside=_names(outside)
        )
    for x in rows:
        draft.use_program(x.program)
        draft.statements.append(row_statement(draft, x))
    draft.headline = f"{lead_line} {draft.headline}"


CLASS_EXAMPLES = 3  # rows of other products named when a list is said to hold only one class


def class_lead(draft: Draft, q: Question) -> None:
    """'home infusion precert only applies to IVIG, right?': the named list's rows against the class's rows
    on it (the rows the class answer cites), counted."""
    named = named_programs(q)
    if len(named) != 1 or not draft.drugs:
        return
    program = named[0]
    rows = [x for x in draft.kb.listings if x.program == program]
    cited = {(c.file, c.line) for st in draft.statements for c in st.citations}
    in_class = [x for x in rows if (x.citation.file, x.citation.line) in cited]
    others = [x for x in rows if (x.citation.file, x.citation.line) not in cited]  # (not ==: a model compare)
    family, short = draft.drugs[0].match.text, draft.kb.program(program).short
    if not rows or not in_class:
        return
    if not others:
        draft.headline = _say(
            "premise.class_all", total=str(len(rows)), list=short, family=family, headline=draft.headline
        )
        return
    examples = ", ".join(
        f"{' / '.join(x.names) or x.description} ({', '.join(x.codes) or phrase('no_code')})"
        for x in others[:CLASS_EXAMPLES]
    )
    for x in others[:CLASS_EXAMPLES]:
        draft.statements.append(row_statement(draft, x))
    draft.headline = _say(
        "premise.class_more",
        list=short,
        total=str(len(rows)),
        n=str(len(in_class)),
        family=family,
        rest=str(len(others)),
        examples=examples,
        headline=draft.headline,
    )
