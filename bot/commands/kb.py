"""`precert-bot kb …`: the operator's view of the documents folder.

kb check [DIR] [--strict] load and validate a folder; one line per problem, exit 1 when there are any
                          (--strict: also every passage of prose without questions in questions.toml)
kb diff OLD NEW [--json]  what changed between two editions of the folder
kb stats [--json]         rows per program, drugs, and the editions loaded
kb show NAME_OR_CODE      everything known about a drug or code, with its source lines
kb gaps [--json]          the questions that ended in "not sure" or "did you mean", counted by what was
                          understood of them (intent, topic, nearest passages), never their words
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

EXIT_PROBLEMS = 1


def add_parser(sub: argparse._SubParsersAction, func) -> None:
    kb = sub.add_parser("kb", help="inspect, check and compare the documents folder")
    kb_sub = kb.add_subparsers(dest="kb_command", required=True)
    stats = kb_sub.add_parser("stats", help="rows per program, number of drugs, editions loaded")
    stats.add_argument("--json", action="store_true")
    show = kb_sub.add_parser("show", help="everything known about a drug or code, with citations")
    show.add_argument("name", nargs="+")
    check = kb_sub.add_parser(
        "check", help="validate a documents folder (default: PRECERT_SOURCES or the packaged one)"
    )
    check.add_argument("directory", nargs="?", type=Path)
    check.add_argument("--strict", action="store_true", help="also fail on a passage of prose nobody asks about")
    gaps = kb_sub.add_parser(
        "gaps", help="unanswered questions by intent, topic and nearest passages (PRECERT_DATA_DIR)"
    )
    gaps.add_argument("--json", action="store_true")
    diff = kb_sub.add_parser("diff", help="rows, contacts, dates and drugs changed between two documents folders")
    diff.add_argument("old", type=Path)
    diff.add_argument("new", type=Path)
    diff.add_argument("--json", action="store_true")
    kb.set_defaults(func=func)


def _print_stats(stats: dict) -> None:
    for program, rows in stats["programs"].items():
        print(f"{program:22} {rows:4} rows")
    print(f"{'drugs':22} {stats['drugs']:4}")
    for edition in stats["editions"]:
        print(f"edition {edition['id']}: {edition['date']} ({edition['file']})")


def _check(directory: Path | None, strict: bool = False) -> int:
    from bot.ehr.cds_wording import cds_problems
    from bot.slack.notices import notice_problems
    from intents.reading.question import topic_problems
    from intents.reading.search import document_lines
    from intents.reading.vocabulary import party_word_problems
    from intents.registry import intent_words_problems
    from intents.wording_table import program_intent_problems, sentence_problems
    from knowledge.kb import check
    from knowledge.manifest import sources_dir
    from render.slack_words import slack_message_problems
    from schedule_check.checker import schedule_problems

    directory = directory or sources_dir()
    kb, problems = check(directory, strict=strict)
    if kb is not None:  # the answer layer's own data names the manifest's programs too
        problems = program_intent_problems(kb.program_ids)
        problems += topic_problems({topic for rule in kb.rules() for topic in rule.topics})
        problems += sentence_problems() + notice_problems() + intent_words_problems() + slack_message_problems()
        problems += schedule_problems() + cds_problems()
        problems += party_word_problems(
            "\n".join(line for lines in document_lines(kb).values() for line in lines).lower()
        )
        kb = None if problems else kb
    if kb is None:
        for problem in problems:
            print(problem)
        print(f"{directory}: {len(problems)} problem(s)", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"{directory}: OK")
    _print_stats(kb.stats())
    if kb.history is not None:  # the previous edition "what changed?" answers from
        for edition in kb.history.editions():
            print(f"previous edition {edition['id']}: {edition['date']} ({edition['file']})")
    return 0


def _diff(old_dir: Path, new_dir: Path, as_json: bool) -> int:
    from knowledge.diff import diff, render
    from knowledge.kb import check

    loaded = []
    for directory in (old_dir, new_dir):
        kb, problems = check(directory)
        if kb is None:
            for problem in problems:
                print(problem, file=sys.stderr)
            print(f"{directory}: does not pass `kb check` ({len(problems)} problem(s))", file=sys.stderr)
            return EXIT_PROBLEMS
        loaded.append(kb)
    changes = diff(*loaded)
    print(changes.model_dump_json(indent=2) if as_json else render(changes))
    return 0


def _gaps(as_json: bool) -> int:
    from bot.runtime.gaps import default_gap_log, render, tally

    rows = tally(default_gap_log().read())
    if as_json:
        print(json.dumps([{**gap.model_dump(exclude_none=True), "count": n, "examples": ex} for gap, n, ex in rows]))
    else:
        print(render(rows))
    return 0


def run(args: argparse.Namespace) -> int:
    if args.kb_command == "gaps":
        return _gaps(args.json)
    if args.kb_command == "check":
        return _check(args.directory, args.strict)
    if args.kb_command == "diff":
        return _diff(args.old, args.new, args.json)
    from knowledge.kb import KnowledgeError, default_kb
    from knowledge.show import show

    try:
        kb = default_kb()
    except KnowledgeError as error:
        print(error, file=sys.stderr)
        return EXIT_PROBLEMS
    if args.kb_command == "stats":
        stats = kb.stats()
        if args.json:
            print(json.dumps(stats))
        else:
            _print_stats(stats)
        return 0
    text = show(kb, " ".join(args.name))
    print(text)
    return 0 if not text.startswith("Nothing") else 1
