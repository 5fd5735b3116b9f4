"""The safety rules, as properties over every drug × program × phrasing of a question:

- absence is not permission: a finding that a list doesn't name the drug, or that no document has the
  name, carries the fixed caveat, and no answer reads absence as "no precert needed" in any wording;
- the number a finding says to call is the one its program's manifest entry names;
- every quoted line is verbatim at its line of its file;
- a look-alike name never answers for the other drug.

The expectations are read from the manifest and the documents themselves (tomllib, the text files),
not from the knowledge base the answers are built from, so a loader bug can't agree with itself."""

from __future__ import annotations

import re
import string
import tomllib
from functools import cache
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from intents.answer import Answer, Finding
from intents.engine import Engine
from intents.wording_table import sentence
from knowledge.kb import load
from knowledge.models import Citation
from tests.conftest import FROZEN_SOURCES, TODAY

ROOT = Path(__file__).resolve().parents[2]
ABSENCE_CAVEAT = sentence("absence_caveat")  # intents/wording.toml
ENGINE = Engine(kb=load(FROZEN_SOURCES), today=TODAY)
KB = ENGINE.kb
MANIFEST = tomllib.loads((FROZEN_SOURCES / "sources.toml").read_text(encoding="utf-8"))
PROGRAMS = {p["id"]: p for d in MANIFEST["document"] for p in d.get("program", [])}
CONTACTS = [c for d in MANIFEST["document"] for c in d.get("contact", [])]

# "no/not … need/require … precert/PA/auth" and its kin, in any order within one sentence. Broad on
# purpose: a false alarm here is a sentence to reword, a miss is a nurse told a drug needs no precert.
AUTH = r"(?:pre-?cert\w*|prior[- ]?auth\w*|\bPA\b|\bauth\w*|approval)"
NEG = r"(?:\bno\b|\bnot\b|n't\b|\bnever\b|\bwithout\b|\bnone\b|\bnothing\b)"
NEED = r"(?:\bneed\w*|\brequire\w*|\bnecessary\b|\bhave to\b|\bmust\b)"
GAP = r"[^.;:!?\n]{0,60}?"
PERMISSION = re.compile(
    "|".join(
        [
            NEG + GAP + NEED + GAP + AUTH,  # "doesn't need precert", "no need for prior auth"
            AUTH + GAP + NEG + GAP + NEED,  # "precert isn't needed", "PA: not required"
            r"(?:\bis not|\bisn't|\bare not|\baren't|\bnot)\s+(?:needed|required|necessary)\b",  # "not required"
            r"\b(?:no|without|zero)\s+" + AUTH,  # "no auth", "without precert"
            r"\bexempt\b",
            r"\bnot subject to\b",
        ]
    ),
    re.IGNORECASE,
)
QUOTED = re.compile(r"“[^”]*”")  # a document's own words, quoted and cited: not the bot's claim

# How people name each program in a question; the program's own short name is always one of them.
PROGRAM_WORDS = {
    "evicore_oncology": ["eviCore", "evicore oncology"],
    "sco": ["SCO", "site of care"],
    "sco_plus": ["SCO+", "site of care"],
    "site_of_care_policy": ["site of care policy", "hospital outpatient infusion"],
    "home_infusion": ["home infusion", "infusion at home"],
    "gene_therapy": ["gene therapy program", "gene therapy"],
    "cellular_therapy": ["cellular therapy", "CAR-T"],
}
PHRASINGS = [
    "does {drug} need {program} precert?",
    "{drug} {program} prior auth?",
    "is {drug} on the {program} list",
    "{drug} - {program}, PA required?",
    "who do I call for {drug} {program} auth",
    "can {drug} go through {program} without precert",
    "{program}: {drug}?",
    "no auth needed for {drug} under {program}, right?",
]
BARE_PHRASINGS = ["{drug}", "{drug} precert?", "does {drug} need prior authorization", "{drug} fax and phone"]


def program_words(program: str) -> list[str]:
    return [PROGRAMS[program]["short"], *PROGRAM_WORDS.get(program, [])]


NAMES = sorted({name for drug in KB.drugs.values() for name in (drug.name, *drug.aliases)})
CODES = sorted({code for drug in KB.drugs.values() for code in drug.codes})
question = st.one_of(
    st.builds(
        lambda name, program, phrasing: phrasing.format(drug=name, program=program),
        st.sampled_from(NAMES + CODES),
        st.sampled_from(sorted(PROGRAMS)).flatmap(lambda p: st.sampled_from(program_words(p))),
        st.sampled_from(PHRASINGS),
    ),
    st.builds(
        lambda name, phrasing: phrasing.format(drug=name),
        st.sampled_from(NAMES + CODES),
        st.sampled_from(BARE_PHRASINGS),
    ),
)
# Names no document has (pseudo-words), asked the same ways.
unknown_name = st.text(string.ascii_lowercase, min_size=6, max_size=12).map(lambda w: w + "mab")
unknown_question = st.builds(
    lambda name, phrasing: phrasing.format(drug=name, program="eviCore"),
    unknown_name,
    st.sampled_from(PHRASINGS + BARE_PHRASINGS),
)


def absences(answer: Answer) -> list[Finding]:
    return [f for f in answer.findings if f.status in ("not-listed", "not-found")]


def permission_said(text: str) -> list[str]:
    return [m.group(0) for m in PERMISSION.finditer(QUOTED.sub("“…”", text))]


# -- absence is not permission


def assert_absence_is_not_permission(answer: Answer) -> None:
    for f in absences(answer):
        assert not f.listed and not f.citations, f
        assert ABSENCE_CAVEAT in f.summary, f.summary
        assert permission_said(f.summary) == [], f.summary
        assert permission_said(f.detail) == [], f.detail
    if answer.status == "not_found" or any(f.status == "not-found" for f in answer.findings):
        assert ABSENCE_CAVEAT.lower() in answer.text.lower(), answer.text
    assert permission_said(answer.text) == [], (answer.question, answer.text)
    assert permission_said(answer.headline) == [], (answer.question, answer.headline)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(question)
def test_absence_is_never_said_as_permission_for_any_drug_program_or_phrasing(text: str) -> None:
    assert_absence_is_not_permission(ENGINE.ask(text))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(unknown_question)
def test_a_name_no_document_has_is_not_found_with_the_caveat(text: str) -> None:
    answer = ENGINE.ask(text)
    assert_absence_is_not_permission(answer)


def test_every_drug_not_on_a_list_asked_about_is_said_to_be_absent_with_the_caveat() -> None:
    """Exhaustive where hypothesis samples: each drug, asked about each list that doesn't name it."""
    asked = 0
    for drug in KB.drugs.values():
        for program in (p for p in PROGRAMS if not drug.listings_for(p)):
            answer = ENGINE.ask(f"does {drug.name} need {PROGRAMS[program]['short']} precert?")
            hits = [f for f in answer.findings if f.drug == drug.name and f.program == program]
            assert [f.status for f in hits] == ["not-listed"], (drug.name, program, answer.findings)
            assert_absence_is_not_permission(answer)
            # Said as exactly that: not on this list (never "not found": the documents print the name).
            short = re.escape(PROGRAMS[program]["short"])
            assert re.search(rf"not on the [^.]*\b{short}", answer.headline), (drug.name, answer.headline)
            assert_printed_name_is_never_not_found(answer, drug.name)
            asked += 1
    assert asked > len(KB.drugs)  # most drugs are on one or two of the seven lists


def assert_printed_name_is_never_not_found(answer: Answer, name: str) -> None:
    """A word the documents print is never "not found" (GUIDE rule 2's other half)."""
    text = answer.text.lower()
    for said in (f"{name.lower()}: not found", f"couldn't find “{name.lower()}”", f"“{name.lower()}”: not found"):
        assert said not in text, (answer.question, said)
    assert not any(f.status == "not-found" and f.drug.lower() == name.lower() for f in answer.findings)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(KB.drugs)), st.sampled_from(PHRASINGS + BARE_PHRASINGS))
def test_a_drug_the_documents_name_is_never_not_found(drug_id: str, phrasing: str) -> None:
    drug = KB.drugs[drug_id]
    answer = ENGINE.ask(phrasing.format(drug=drug.name, program="eviCore"))
    assert answer.status != "not_found", answer.text
    assert_printed_name_is_never_not_found(answer, drug.name)


def test_the_permission_pattern_catches_the_ways_of_saying_it() -> None:
    """The pattern is the test's eyes: it must see every wording the rule forbids, and not the caveat."""
    for said in [
        "Keytruda: not on the SCO list, so precert isn't needed.",
        "No auth needed.",
        "Prior authorization is not required for Ocrevus.",
        "It doesn't need a PA.",
        "You don't have to get precert for this one.",
        "no precertification required",
        "There is no need for prior auth here.",
        "PA: not required",
        "can be given without precert",
        "not required",
        "isn't needed",
        "Exempt from the eviCore program.",
    ]:
        assert permission_said(said), said
    for fine in [
        f"I couldn't find “x” in the loaded documents. {ABSENCE_CAVEAT}: check Cigna's current lists.",
        "Keytruda: not on the home infusion precert list. It is on: eviCore oncology precert list.",
        "Ocrevus: site-of-care review at prior authorization (on the SCO site-of-care list).",
        "They don't say what Aetna requires. What they say for Cigna:",
    ]:
        assert permission_said(fine) == [], fine


# -- whom to call


@cache
def manifest_phones(program: str | None) -> tuple[str, ...]:
    """The phones the manifest names for a program (its own contacts, else the program it shares them
    with); for None, the general lines (contacts of no program)."""
    own = tuple(c["phone"]["value"] for c in CONTACTS if c.get("program") == program and "phone" in c)
    shared = PROGRAMS.get(program or "", {}).get("shares")
    return own or (manifest_phones(shared) if shared else ())


def expected_phones(f: Finding) -> tuple[str, ...]:
    general = manifest_phones(None)
    if f.program is None:
        return general
    if f.status == "auth-needed-oncology":
        # Marked for oncology use: eviCore's team for the oncology use, Cigna for the other one.
        evicore = next(p for p in PROGRAMS.values() if p.get("through") == "evicore")
        return manifest_phones(evicore["id"]) if f.through == "evicore" else general
    return manifest_phones(f.program) or general  # a list that prints no number: Cigna's general line


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(question)
def test_every_findings_phone_is_the_one_its_programs_manifest_entry_names(text: str) -> None:
    answer = ENGINE.ask(text)
    for f in answer.findings:
        if f.status in ("not-listed", "pharmacy-benefit", "moved"):
            # Nobody to call for a list that doesn't name the drug (its team would be the wrong desk).
            assert f.contact is None, (text, f)
            continue
        if f.contact is None or f.contact.phone is None:
            # Only a finding nobody is to be called for has no number: absence, pharmacy benefit, moved.
            assert f.status in ("not-listed", "pharmacy-benefit", "moved"), f
            continue
        assert f.contact.phone in expected_phones(f), (text, f.program, f.status, f.through, f.contact.phone)
        assert f.contact in answer.contacts  # the number the finding names is one the answer gives
        # and the number is printed on the line its contact cites
        assert f.contact.phone in f.contact.citation.text or any(
            f.contact.phone in c.text for c in answer.citations if c.file == f.contact.citation.file
        ), f.contact


# -- citations


@cache
def document_lines(file: str) -> tuple[str, ...]:
    return tuple((ROOT / file).read_text(encoding="utf-8").split("\n"))


def every_citation(answer: Answer) -> list[Citation]:
    return [
        *answer.citations,
        *(c for f in answer.findings for c in f.citations),
        *(c for s in (*answer.statements, *answer.legend) for c in s.citations),
        *(ref.citation for ref in answer.contacts),
        *(f.contact.citation for f in answer.findings if f.contact),
    ]


def assert_cited_verbatim(answer: Answer) -> None:
    for c in every_citation(answer):
        lines = document_lines(c.file)
        assert 1 <= c.line <= len(lines), (c.file, c.line)
        assert lines[c.line - 1] == c.text, (c.file, c.line, c.text)
        assert c.source in KB.sources and KB.sources[c.source].file in c.file, c


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(question)
def test_every_citation_is_verbatim_at_its_file_and_line(text: str) -> None:
    answer = ENGINE.ask(text)
    assert_cited_verbatim(answer)
    # A listed finding rests on its rows: it is never uncited.
    assert all(f.citations for f in answer.findings if f.listed), answer.findings


def test_every_row_of_every_drug_is_cited_verbatim_when_asked_by_name() -> None:
    cited = 0
    for drug in KB.drugs.values():
        answer = ENGINE.ask(f"{drug.name} prior authorization")
        assert_cited_verbatim(answer)
        cited += len(answer.citations)
    assert cited >= len(KB.drugs)


# -- look-alikes


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def look_alike_pairs() -> list[tuple[str, str]]:
    """Pairs of drugs whose names (or aliases) read alike, neither containing the other (a name that
    contains another, 'Herceptin Hylecta', is asked with both words) nor shared between them."""
    names = {d.id: {n for n in (d.name, *d.aliases) if len(_key(n)) >= 5} for d in KB.drugs.values()}
    pairs = set()
    ids = sorted(names)
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            if names[a] & names[b]:
                continue
            for x in names[a]:
                for y in names[b]:
                    kx, ky = _key(x), _key(y)
                    if kx in ky or ky in kx or kx == ky:
                        continue
                    if fuzz.ratio(kx, ky) >= 75:
                        pairs.add((x, y) if x < y else (y, x))
    return sorted(pairs)


LOOK_ALIKES = look_alike_pairs()


def owners(name: str) -> set[str]:
    return {d.name for d in KB.drugs.values() if name in (d.name, *d.aliases)}


def test_there_are_look_alikes_to_test() -> None:
    assert len(LOOK_ALIKES) >= 5, LOOK_ALIKES


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(LOOK_ALIKES), st.booleans(), st.sampled_from(PHRASINGS + BARE_PHRASINGS))
def test_a_look_alike_name_never_answers_for_the_other_drug(pair: tuple[str, str], flip: bool, phrasing: str) -> None:
    asked, other = reversed(pair) if flip else pair
    answer = ENGINE.ask(phrasing.format(drug=asked, program="eviCore"))
    wrong = owners(other) - owners(asked)
    assert wrong, (asked, other)
    assert not wrong & {d.name for d in answer.drugs}, (asked, [d.name for d in answer.drugs])
    assert not wrong & {f.drug for f in answer.findings}, (asked, answer.findings)
    assert owners(asked) & {d.name for d in answer.drugs}, (asked, answer.status, [d.name for d in answer.drugs])
