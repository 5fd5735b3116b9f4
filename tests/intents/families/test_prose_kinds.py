"""Kinds of prose question that missed (#19), each in phrasings of our own: how long a decision takes is
not how long an approval lasts; a submission question naming oncology but no program is the eviCore
letter's (its telephone sentence, its team's number only); opening hours quoted as printed; the asker's
jargon and shorthand never 'not found'; a rule whose passages people ask about in these words leads;
which drugs a group of programs' lists name; a single case agreement; whether a care-management model
changes the PA rule; a year that dates the list; of passages that carry a question alike, the one asked
in its words; a letter's signature; a fact of a kind no passage prints ('how often'); a policy's number."""

from __future__ import annotations

import pytest

from intents.engine import Engine
from intents.wording_table import phrase, sentence
from tests.support.answers import cites_line, first_sentence

EVICORE_PHONE = "1.866.668.9250"


@pytest.mark.parametrize(
    "question",
    [
        "how long does it take to get a chemo auth approved on the evicore site",
        "whats the tat on an onc precert submitted online",
        "how fast do we hear back from evicore",
    ],
)
def test_how_long_a_decision_takes_is_the_portal_s_minutes(engine: Engine, question: str) -> None:
    a = engine.ask(question)
    assert a.status == "answered", (a.intent, a.text)
    assert cites_line(a, "evicore_oncology_2017", 33), a.text
    assert "two to five minutes" in first_sentence(a.text), a.text


@pytest.mark.parametrize(
    "question",
    [
        "how long is the hospital outpatient approval good for",
        "is there a temp approval while the pt moves out of the hopd",
        "how long does the transition auth last",
    ],
)
def test_how_long_an_approval_lasts_is_the_one_time_30_days(engine: Engine, question: str) -> None:
    a = engine.ask(question)
    assert a.status == "answered", (a.intent, a.text)
    assert cites_line(a, "sco_2022", 33) or cites_line(a, "site_of_care_policy", 30), a.text
    assert "30" in first_sentence(a.text) and "minutes" not in first_sentence(a.text), a.text


@pytest.mark.parametrize(
    "question",
    [
        "can onc precerts be phoned in",
        "are chemo auth requests ok to submit by phone",
        "can oncology requests be called in instead of the portal",
    ],
)
def test_oncology_by_phone_is_the_evicore_telephone_sentence(engine: Engine, question: str) -> None:
    a = engine.ask(question)
    assert a.status == "answered", (a.intent, a.text)
    assert cites_line(a, "evicore_oncology_2017", 37), a.text
    assert EVICORE_PHONE in first_sentence(a.text), a.text
    phones = {c.phone for c in a.contacts if c.phone}
    assert phones <= {EVICORE_PHONE}, phones  # no other team's number for an oncology request


@pytest.mark.parametrize("question", ["evicore hrs?", "what time does the evicore precert line close"])
def test_opening_hours_are_quoted_as_printed(engine: Engine, question: str) -> None:
    """Hours are the document's, verbatim ('7:00 a.m. – 10:00 p.m.'), never rewritten for a sentence splitter."""
    a = engine.ask(question)
    assert "7:00 a.m. – 10:00 p.m. EST" in a.text and "7:00 am" not in a.text, a.text


@pytest.mark.parametrize(
    "question",
    [
        "pt has chf can they get infused in hospital outpt",
        "is there a temp auth at the hopd while we switch sites",
        "sco or sco+, what's the diff",
        "is IOMP evicore's program",
    ],
)
def test_the_asker_s_jargon_is_never_a_drug_not_found(engine: Engine, question: str) -> None:
    a = engine.ask(question)
    assert a.status != "not_found", a.text
    assert "couldn't find" not in a.text and "never mention" not in a.text, a.text


def test_a_rule_people_ask_about_in_these_words_leads(engine: Engine) -> None:
    a = engine.ask("how do we submit onc precert")
    assert a.intent == "policy", a.intent
    assert "website" in first_sentence(a.text) and "single request" not in first_sentence(a.text), a.text


@pytest.mark.parametrize(
    "question",
    [
        "how long is a cigna approval good for",
        "how long is an auth valid",
        "how long does an evicore authorization stay valid",
    ],
)
def test_a_passage_about_one_case_is_only_near_a_question_about_all(engine: Engine, question: str) -> None:
    """The 30-day approval is for requests from a hospital outpatient setting, the six months for patients
    already on a newly added drug (questions.toml only_when): asked of approvals in general, no line
    answers it; they are offered as near, never as the answer, with Cigna's general line."""
    a = engine.ask(question)
    assert a.status == "out_of_scope" and first_sentence(a.text) == sentence("not_said"), a.text
    assert "30" not in a.text.split("\n")[0] and "six months" not in a.text.split("\n")[0], a.text
    assert "882.4462" in a.text and "877.865.6492" not in a.text, a.text


def test_the_case_named_the_passage_answers(engine: Engine) -> None:
    a = engine.ask("how long is the approval good for when the request comes from the hopd")
    assert a.status == "answered" and first_sentence(a.text).startswith("“"), a.text
    assert "30" in first_sentence(a.text), a.text


def test_an_faq_yes_leads_a_yes_no_question_asked_in_its_shape(engine: Engine) -> None:
    a = engine.ask("do gene therapies need prior auth under health matters too")
    # The verdict leads outside the quote, so the first sentence holds it and what it says.
    assert first_sentence(a.text).startswith("Yes — ") and "All FDA-approved" in first_sentence(a.text), a.text
    no = engine.ask("does cigna require the provider to be in the gene therapy network")
    assert not first_sentence(no.text).startswith("No") and "“No." not in first_sentence(no.text), (
        no.text
    )  # a 'No.' denies its own FAQ only


@pytest.mark.parametrize(
    ("question", "phrase"),
    [
        ("once the six months are over what then", "new precertification request"),
        ("what should the hospital infusion room be expected to have", "resuscitation"),
        ("is a cell therapy covered once the PA goes through", "eligible for coverage"),
    ],
)
def test_what_follows_what_it_must_have_and_what_approval_means(engine: Engine, question: str, phrase: str) -> None:
    a = engine.ask(question)
    assert phrase in a.text.split("\n")[0] or phrase in " ".join(a.text.split("\n")[:3]), a.text


def test_a_program_asked_by_its_name_alone_is_said_by_its_passage(engine: Engine) -> None:
    a = engine.ask("what is sco?")
    assert cites_line(a, "sco_2022", 13), a.text


def test_an_unanswered_question_near_a_passage_is_offered_it_with_its_team(engine: Engine) -> None:
    a = engine.ask("does an auth expire")
    assert a.status == "out_of_scope" and first_sentence(a.text) == phrase("not_sure"), a.text
    assert cites_line(a, "sco_2022", 33) or cites_line(a, "site_of_care_policy", 30), a.text
    assert "882.4462" in a.text, a.text  # nothing answers it: Cigna's general line


@pytest.mark.parametrize(
    ("question", "source", "line", "phrase"),
    [
        # Slack spelling: one letter wrong, 'b4', 'tx', 'mo'.
        ("is there a seperate PA form for every gene therapy", "gene_cellular_2024", 35, "forms"),
        ("who looks at drugs b4 they are added to the sco list", "sco_2022", 27, "medical directors"),
        ("can the 30 day hopd approval be renewed", "sco_2022", 33, "one-time"),
        ("evicore website or phone - which is better for onc auths", "evicore_oncology_2017", 33, "preferred"),
    ],
)
def test_slack_spellings_find_the_passage(engine: Engine, question: str, source: str, line: int, phrase: str) -> None:
    a = engine.ask(question)
    assert cites_line(a, source, line) or (source == "sco_2022" and cites_line(a, "site_of_care_policy", 30)), a.text
    assert phrase in a.text, a.text


def test_a_fax_asked_of_no_program_lists_the_teams_that_print_one(engine: Engine) -> None:
    a = engine.ask("cigna prior auth fax #")
    assert first_sentence(a.text).startswith("Gene Therapy Program team") or "833.910.1625" in a.text.split("\n")[0], (
        a.text
    )
    assert "print no fax" not in a.text.split("\n")[0], a.text


def test_rules_of_several_programs_say_whose_rule_leads(engine: Engine) -> None:
    a = engine.ask("how do I submit a precert to cigna")
    assert first_sentence(a.text).startswith("For the "), a.text


@pytest.mark.parametrize(
    "question",
    [
        "which meds need site-of-care review",
        "is there a list of the drugs requiring site of care review at prior authorization",
        "what drugs get site of care review",
    ],
)
def test_which_drugs_a_group_requires_names_each_list(engine: Engine, question: str) -> None:
    a = engine.ask(question)
    assert a.intent == "program_overview" and a.status == "answered", (a.intent, a.text)
    lead = first_sentence(a.text)
    assert "SCO site-of-care list" in lead and "SCO+ site-of-care list" in lead, a.text
    assert "site-of-care coverage policy" in lead, a.text


@pytest.mark.parametrize(
    "question",
    [
        "can an out of network hospital use a single case agreement for a gene therapy",
        "we're not contracted for the gene therapy - is a single case agreement an option",
    ],
)
def test_a_single_case_agreement_question_leads_with_that_sentence(engine: Engine, question: str) -> None:
    a = engine.ask(question)
    assert a.status == "answered", (a.intent, a.text)
    assert cites_line(a, "gene_cellular_2024", 66), a.text
    assert "single case agreement" in first_sentence(a.text), a.text


@pytest.mark.parametrize(
    "question",
    [
        "does being in health matters care management change whether a gene therapy needs PA",
        "does the PA requirement for car-t depend on the member's care management model",
    ],
)
def test_whether_a_model_changes_the_rule_is_the_faq_without_its_yes(engine: Engine, question: str) -> None:
    a = engine.ask(question)
    assert a.status == "answered", (a.intent, a.text)
    assert cites_line(a, "gene_cellular_2024", 62), a.text
    assert not first_sentence(a.text).lower().startswith("yes"), a.text


def test_a_year_that_dates_the_list_is_the_list_s_date(engine: Engine) -> None:
    a = engine.ask("is the site of care list from 2022 still the current one")
    assert a.intent == "list_date", (a.intent, a.text)
    assert "May 2022" in first_sentence(a.text), a.text
    assert "Added in" not in a.text.split("\n")[0], a.text


@pytest.mark.parametrize(
    "question",
    ["is the home infusion list also for medicare advantage members", "home infusion precert for medicaid plans too?"],
)
def test_a_plan_type_against_a_list_is_the_line_of_business_its_rows_print(engine: Engine, question: str) -> None:
    a = engine.ask(question)
    assert a.intent == "lines_of_business", (a.intent, a.text)
    assert "Commercial" in a.text.split("\n")[0], a.text


@pytest.mark.parametrize(
    "question",
    ["where would i find the site of care coverage policy", "where can we find cigna's site of care policy online"],
)
def test_where_a_document_is_found_is_the_sentence_saying_where(engine: Engine, question: str) -> None:
    a = engine.ask(question)
    assert a.status == "answered", (a.intent, a.text)
    assert cites_line(a, "sco_2022", 17) and "CignaforHCP.com" in a.text.split("\n")[0], a.text


def test_a_question_about_one_program_is_not_answered_by_its_sibling_s_passage(engine: Engine) -> None:
    a = engine.ask("are providers told before the gene therapy list is changed")
    assert cites_line(a, "gene_cellular_2024", 13) and not cites_line(a, "gene_cellular_2024", 43), a.text
    assert "855.678.0051" in a.text, a.text


def test_the_coverage_policy_s_number_names_it(engine: Engine) -> None:
    a = engine.ask("what is policy 1605 about")
    assert "site-of-care coverage policy" in a.text.split("\n")[0], (a.intent, a.text)


def test_one_unprinted_word_matched_only_by_an_asked_question_is_no_answer(engine: Engine) -> None:
    a = engine.ask("any cap on the number of doses per authorization")
    assert a.status == "out_of_scope", (a.intent, a.text)


@pytest.mark.parametrize(
    "question",
    ["what's the double asterisk on the evicore list", "two asterisks next to a drug on the oncology list mean what"],
)
def test_a_marker_named_in_words_is_its_legend(engine: Engine, question: str) -> None:
    a = engine.ask(question)
    assert cites_line(a, "evicore_oncology_2017", 65), a.text
    assert "Pharmacy benefit only" in a.text.split("\n")[0] or "pharmacy benefit only" in a.text.split("\n")[0], a.text


@pytest.mark.parametrize(
    "question",
    ["when the six month continuation is over what do we do", "existing chemo pts after 6 months - next steps?"],
)
def test_what_comes_after_a_period_is_the_sentence_that_says_after(engine: Engine, question: str) -> None:
    a = engine.ask(question)
    assert cites_line(a, "evicore_oncology_2017", 19), a.text
    assert "After that time" in first_sentence(a.text) or "after that" in first_sentence(a.text), a.text


def test_a_list_s_lead_in_is_quoted_with_its_items(engine: Engine) -> None:
    a = engine.ask("which sites count as lower intensity ones")
    head = a.text.split("\n")[0].lower()
    assert "home" in head and "ambulatory infusion center" in head and "30" not in head, (a.intent, a.text)


@pytest.mark.parametrize("question", ["do you guys have a grace period", "any grace period on precert?"])
def test_a_grace_period_alone_gives_both_rules(engine: Engine, question: str) -> None:
    """'Grace period' is the 30-day transition and the six-month continuation alike: both are said."""
    a = engine.ask(question)
    assert a.status == "answered", (a.intent, a.text)
    assert cites_line(a, "evicore_oncology_2017", 19), a.text
    assert cites_line(a, "sco_2022", 33) or cites_line(a, "site_of_care_policy", 30), a.text


@pytest.mark.parametrize(
    ("question", "source", "line"),
    [
        # Alike in what they carry, the passage a question people ask is worded like leads.
        ("whats the site of care program at cigna for specialty medications about", "sco_2022", 13),
        ("for SCO+ cancer drugs who decides the auth, cigna or evicore", "sco_2022", 253),
        # ... unless it says less of how it is asked: 'require prior authorization' is the FAQ's.
        ("does cigna require PA for car-t cell therapy", "gene_cellular_2024", 62),
    ],
)
def test_of_passages_alike_the_one_asked_in_these_words_leads(
    engine: Engine, question: str, source: str, line: int
) -> None:
    a = engine.ask(question)
    assert a.status == "answered", (a.intent, a.text)
    # The passage quoted first (after its FAQ question, when it answers one).
    assert any(c.source == source and c.line == line for c in a.citations[:2]), a.text


@pytest.mark.parametrize(
    "question", ["who signed the 2017 evicore letter", "name of the medical director who signed the oncology letter"]
)
def test_a_letter_s_signature_is_a_passage(engine: Engine, question: str) -> None:
    a = engine.ask(question)
    assert a.status == "answered" and "Nimmagadda" in a.text.split("\n")[0], a.text
    assert cites_line(a, "evicore_oncology_2017", 52) and cites_line(a, "evicore_oncology_2017", 53), a.text


def test_a_grace_period_for_a_newly_added_drug_is_the_continuation(engine: Engine) -> None:
    """'Grace period' is a transition word; 'newly added' is what the continuation's lines print."""
    a = engine.ask("grace period for a newly added drug?")
    assert "six months" in first_sentence(a.text), a.text
    assert cites_line(a, "sco_2022", 33) or cites_line(a, "site_of_care_policy", 30), a.text  # still said


@pytest.mark.parametrize(
    "question",
    [
        "policy # of the site of care coverage policy?",
        "what's the policy id for medication administration site of care",
    ],
)
def test_a_policy_number_asked_is_the_sentence_printing_it(engine: Engine, question: str) -> None:
    a = engine.ask(question)
    assert "1605" in first_sentence(a.text) and cites_line(a, "sco_2022", 17), a.text


@pytest.mark.parametrize(
    "question", ["does PA apply to car-t for PHS+ members", "does PA apply for gene therapy under health matters"]
)
def test_an_faq_yes_leads_a_question_asking_whether_it_applies(engine: Engine, question: str) -> None:
    a = engine.ask(question)
    assert first_sentence(a.text).startswith("Yes — "), a.text
    assert cites_line(a, "gene_cellular_2024", 62), a.text


def test_a_frequency_no_passage_prints_is_said_before_the_nearest_line(engine: Engine) -> None:
    a = engine.ask("how often does cigna change the sco drug list")
    assert first_sentence(a.text).startswith("The documents print no schedule"), a.text
    assert cites_line(a, "sco_2022", 23), a.text


@pytest.mark.parametrize(
    ("question", "source", "line"),
    [
        ("does evicore have oncologist reviewers for urgent pediatric precert requests", "evicore_oncology_2017", 40),
        ("do cigna's nurse case managers coordinate care", "sco_2022", 43),
        ("can the gene therapy list change without notice", "gene_cellular_2024", 13),
    ],
)
def test_a_yes_no_question_a_sentence_says_all_of_is_led_by_yes(
    engine: Engine, question: str, source: str, line: int
) -> None:
    a = engine.ask(question)
    assert first_sentence(a.text).startswith("Yes — "), a.text
    assert cites_line(a, source, line), a.text


@pytest.mark.parametrize(
    "question",
    [
        "are evicore reviewers available on weekends",  # a word the sentence doesn't say
        "is every oncology request reviewed by an oncologist",  # beyond what it can affirm
        "can the 30 day hopd approval be given twice",  # 'one-time' is no 'may' of it
    ],
)
def test_no_yes_where_the_sentence_does_not_say_all_of_it(engine: Engine, question: str) -> None:
    a = engine.ask(question)
    assert not first_sentence(a.text).startswith("Yes"), a.text


def test_a_plural_of_an_english_word_is_never_respelled_as_another_word(engine: Engine) -> None:
    a = engine.ask("what kind of places can the sco team send our patients")
    assert cites_line(a, "sco_2022", 15), a.text  # 'places' is not 'replaces' (the coverage policy's conflicts)


@pytest.mark.parametrize(
    ("question", "source", "line", "phrase"),
    [
        (
            "ugh, long day. our coordinator is out sick and I'm covering. where do I upload extra clinicals "
            "for a pending chemo auth?",
            "evicore_oncology_2017",
            35,
            "Upload",
        ),
        (
            "FYI we are a freestanding center that just joined the network. Who reviews the sco drug list for safety?",
            "sco_2022",
            27,
            "medical directors",
        ),
        (
            "Sorry if this was asked before. The front desk wants a one-liner: who signed that 2017 evicore letter?",
            "evicore_oncology_2017",
            52,
            "Nimmagadda",
        ),
    ],
)
def test_a_long_message_is_searched_by_what_it_asks(
    engine: Engine, question: str, source: str, line: int, phrase: str
) -> None:
    """The story before the question ('our coordinator is out sick') is context: an asking sentence with a
    topic of its own is searched by it alone."""
    a = engine.ask(question)
    assert a.status == "answered", (a.intent, a.text)
    assert cites_line(a, source, line) and phrase in a.text.split("\n")[0], a.text


def test_a_message_s_story_words_no_document_prints_do_not_sink_what_it_asks(engine: Engine) -> None:
    a = engine.ask(
        "Some context: our clinic just switched vendors and the whole thing is chaotic. "
        "I see a single star next to some drugs on the evicore list. What does it mean?"
    )
    assert a.status == "answered", (a.intent, a.text)
    assert cites_line(a, "evicore_oncology_2017", 63), a.text
    assert "never mention" not in a.text, a.text


@pytest.mark.parametrize(
    ("question", "source", "line", "phrase"),
    [
        ("is there a quicker way than phoning evicore", "evicore_oncology_2017", 33, "preferred"),
        ("which tab has the clinical upload feature", "evicore_oncology_2017", 35, "Authorization Lookup"),
        (
            "dual indication drug for rheumatoid arthritis - who reviews the request",
            "evicore_oncology_2017",
            63,
            "Cigna",
        ),
        ("whose name is at the bottom of the oncology letter", "evicore_oncology_2017", 52, "Nimmagadda"),
        # Asked word for word as people ask about a passage: the passage, not the rule sharing its topic.
        ("what must a hospital affiliated infusion suite have", "site_of_care_policy", 51, "resuscitation"),
    ],
)
def test_the_asker_s_words_for_what_a_passage_prints(
    engine: Engine, question: str, source: str, line: int, phrase: str
) -> None:
    a = engine.ask(question)
    assert a.status == "answered", (a.intent, a.text)
    assert cites_line(a, source, line) and phrase in a.text.split("\n")[0], a.text


def test_the_letter_names_the_document_not_a_topic(engine: Engine) -> None:
    a = engine.ask("customer service number on the evicore letter")
    assert a.intent == "contacts" and "882.4462" in first_sentence(a.text), (a.intent, a.text)


@pytest.mark.parametrize(
    "question",
    [
        "how long is the one-time hospital approval?",
        "what's the length of the one time HOPD approval",
        "how long does the one-time outpatient hospital approval last?",
    ],
)
def test_the_one_time_approval_named_with_its_setting_between_is_the_30_day_transition(
    engine: Engine, question: str
) -> None:
    # 'one-time hospital approval' is the 30-day approval of a request from a hospital outpatient setting,
    # not the criteria for infusing at the hospital.
    a = engine.ask(question)
    assert a.status == "answered" and "30" in first_sentence(a.text), (a.intent, a.text[:200])
