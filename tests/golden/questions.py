"""The golden test's questions, generated from the frozen documents folder: every drug by name (plain,
asked about prior authorization, whom to call, misspelt), every code, every program by its names,
contacts, dates, the intents' own example questions, help and small talk, bad input, and short
conversations whose second question leans on the first. Built once, when the answers are recorded;
the test reads the questions back from the recording, so a change here changes nothing until re-recorded.
"""

from __future__ import annotations

from knowledge.kb import KnowledgeBase

# A conversation is a tuple of questions asked in one context; a lone question is a 1-tuple.
Conversation = tuple[str, ...]

EVERY_NTH_DRUG = 4  # the per-program drug questions take a quarter of the drugs (order is the KB's)


def _misspelt(name: str) -> str | None:
    """The name with its second-to-last letter dropped ('keytrda'): the commonest typo shape."""
    word = name.split()[0]
    if len(word) < 6 or not word.isalpha():
        return None
    return (word[:-2] + word[-1]).lower()


def _drug_questions(kb: KnowledgeBase) -> list[Conversation]:
    out: list[Conversation] = []
    for i, drug in enumerate(kb.drugs.values()):
        out += [(drug.name,), (f"does {drug.name} need prior auth?",), (f"who do I call for {drug.name}?",)]
        typo = _misspelt(drug.name)
        if typo:
            out.append((typo,))
        if i % EVERY_NTH_DRUG == 0:
            out += [
                (f"is home infusion allowed for {drug.name}?",),
                (f"does {drug.name} need site of care review?",),
                (f"fax number for {drug.name} precert",),
                (f"does {drug.name} need PA with Aetna?",),
            ]
        for generic in drug.generics[:1]:
            if generic.lower() != drug.name.lower():
                out.append((f"{generic} precert?",))
    return out


def _code_questions(kb: KnowledgeBase) -> list[Conversation]:
    out: list[Conversation] = [(code,) for code in kb.codes]
    out += [(f"what drug is {code}?",) for i, code in enumerate(kb.codes) if i % EVERY_NTH_DRUG == 0]
    return out


def _program_questions(kb: KnowledgeBase) -> list[Conversation]:
    out: list[Conversation] = []
    for program in kb.programs.values():
        for label in (program.short, program.name):
            out += [
                (label,),
                (f"what drugs are on the {label}?",),
                (f"phone number for the {label}",),
                (f"fax for {label}",),
                (f"when was the {label} last updated?",),
                (f"how do I request precert for the {label}?",),
            ]
    return out


def _rule_questions(kb: KnowledgeBase) -> list[Conversation]:
    topics = sorted({topic.replace("_", " ") for rule in kb.rules() for topic in rule.topics})
    return [(f"what about {topic}?",) for topic in topics] + [(f"{topic} rules",) for topic in topics]


GENERAL: tuple[str, ...] = (
    "help",
    "",
    "   ",
    "hi",
    "thanks!",
    "what can you do?",
    "who do I call?",
    "cigna customer service number",
    "what's the fax number?",
    "email for prior auth",
    "hours for precert line",
    "what changed in the latest lists?",
    "which drugs were added January 1, 2018?",
    "which drugs are dual indication?",
    "pharmacy benefit only drugs",
    "drugs on both sco and sco+",
    "embarc",
    "specialty pharmacy",
    "does tylenol need precert?",
    "asdf qwer zxcv",
    "<script>alert(1)</script>",
    "J9999",
    "J3490 precert",
    "Q1234",
    "what's the weather today?",
    "does UnitedHealthcare require PA for Keytruda?",
    "keytruda " * 600,
    "\u202e\u0000keytruda\u200b",
    "KEYTRUDA!!!",
    "keytruda and opdivo",
    "keytruda, opdivo, yervoy, tecentriq, imfinzi",
)

CONVERSATIONS: tuple[Conversation, ...] = (
    ("is home infusion allowed for Ocrevus?", "what about Tysabri?"),
    ("does keytruda need precert?", "and the fax?"),
    ("who do I call for Zolgensma PA?", "what about Kymriah?"),
    ("site of care for remicade", "and home infusion?"),
    ("does flurbo need precert?", "what about it with eviCore?"),
    ("J9271", "who do I call?"),
)


def conversations(kb: KnowledgeBase) -> list[Conversation]:
    """Every golden conversation, in a stable order, each once."""
    examples = sorted({rule_example for rule_example in _examples()})
    found = [
        *_drug_questions(kb),
        *_code_questions(kb),
        *_program_questions(kb),
        *_rule_questions(kb),
        *[(q,) for q in examples],
        *[(q,) for q in GENERAL],
        *CONVERSATIONS,
    ]
    return list(dict.fromkeys(found))


def _examples() -> list[str]:
    from intents.registry import registry

    return [example for rule in registry() for example in rule.examples]
