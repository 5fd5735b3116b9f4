"""The documents' verdict first, for questions as people type them in Slack: a marker or a code asked of
a named drug, an 'only'/'no matter what' overstatement, a true claim with filler ('now'), a question
after a 'so we got …' preface, a printed number looked up, and the asked fact before the rest ('what time
does eviCore close'). Phrasings of the tester's own."""

from __future__ import annotations

import pytest

from intents.engine import Engine
from tests.support.answers import first_sentence


@pytest.mark.parametrize(
    ("question", "starts", "says"),
    [
        ("is keytruda marked *** on the evicore list", "No —", "53"),
        ("Is Keytruda one of the new 2018 evicore drugs?", "No —", "01/01/2018"),
        ("was Velcade one of the drugs added to evicore in Jan 2018?", "Yes —", "01/01/2018"),
        ("is Kymriah Q2041?", "No —", "Yescarta"),
        ("J0897 is only xgeva right?", "Not what the documents say", "Prolia"),
        ("J9355 - herceptin or kadcyla?", "J9355 is Herceptin", "Kadcyla"),
        ("Ruxience is only on SCO+ not SCO right?", "Not what the documents say", "SCO site-of-care list"),
        ("Luxturna has Embarc benefit protection no matter what, correct?", "Not what the documents say", "may apply"),
        ("neulasta needs evicore precert now, right?", "Correct —", "eviCore"),
        ("so we got a referral for Entyvio, does home infusion for entyvio need a precert?", "Yes —", "Cigna"),
        ("is Tecartus handled the same way as Zolgensma?", "No —", "Gene Therapy Program"),
    ],
)
def test_the_verdict_leads(engine: Engine, question: str, starts: str, says: str) -> None:
    lead = first_sentence(engine.ask(question).text)
    assert lead.startswith(starts) and says in lead


@pytest.mark.parametrize(
    ("question", "number"),
    [
        ("how many pharmacy-benefit-only drugs are on the evicore list", "4 rows"),
        ("how many drugs need evicore starting 1/1/2018", "53 rows"),
        ("what time does evicore close", "10:00 p.m"),
        ("what is 855.678.0051", "Gene Therapy Program"),
        ("how many days is the transition approval when moving a pt out of the HOPD", "30"),
    ],
)
def test_the_asked_number_or_name_is_the_first_sentence(engine: Engine, question: str, number: str) -> None:
    assert number in first_sentence(engine.ask(question).text)
