"""precert-bot command line: ask, chat, check, kb, serve."""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys


def _engine():
    from intents.engine import Engine

    engine = Engine()
    _started()
    return engine


def _started() -> None:
    """Start-up is over: what it built (the edition read back, the models, the patterns) lives as long as
    the process, so the cyclic collector, paused through it (main), is left to look only at what comes
    after: gc.freeze moves everything so far out of its sight, then it runs as usual."""
    gc.freeze()
    gc.enable()


def cmd_ask(args: argparse.Namespace) -> int:
    from intents.text import TERMINAL_WIDTH, render_text

    engine = _engine()
    if args.jsonl:
        # One question per line, one JSON answer per line, in order. Each line is its own
        # conversation: lines of a batch are independent questions.
        for line in sys.stdin:
            question = line.rstrip("\n")
            answer = engine.ask(question)
            sys.stdout.write(answer.contract_json() + "\n")
            sys.stdout.flush()
        return 0
    question = " ".join(args.question)
    if not question and not sys.stdin.isatty():
        question = sys.stdin.read()
    answer = engine.ask(question)
    if args.json:
        print(json.dumps(answer.contract(), ensure_ascii=False, indent=2))
    else:
        print(render_text(answer, TERMINAL_WIDTH, sources=args.sources))
    return 0


def cmd_chat(args: argparse.Namespace) -> int:
    from intents.text import TERMINAL_WIDTH, render_text
    from intents.wording_table import sentence

    engine = _engine()
    conversation = "cli-chat"
    print(sentence("chat_banner"))
    while True:
        try:
            question = input("> ")
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        if question.strip().lower() in {"quit", "exit", ":q"}:
            return 0
        print(render_text(engine.ask(question, conversation_id=conversation), TERMINAL_WIDTH, sources=args.sources))


def cmd_kb(args: argparse.Namespace) -> int:
    from bot.commands.kb import run

    return run(args)


def cmd_check(args: argparse.Namespace) -> int:
    from bot.commands.check import run_check

    return run_check(args)


def cmd_serve(args: argparse.Namespace) -> int:
    from bot.commands.serve import main as serve_main

    return serve_main(args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="precert-bot", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    ask = sub.add_parser("ask", help="answer one question (or --jsonl: one per line on stdin)")
    ask.add_argument("question", nargs="*")
    ask.add_argument("--json", action="store_true", help="print the answer as JSON")
    ask.add_argument("--jsonl", action="store_true", help="read questions from stdin, one JSON answer per line")
    ask.add_argument("--sources", "-v", action="store_true", help="add the verbatim lines the answer rests on")
    ask.set_defaults(func=cmd_ask)

    chat = sub.add_parser("chat", help="interactive session that keeps conversation context")
    chat.add_argument("--sources", "-v", action="store_true", help="add the verbatim lines each answer rests on")
    chat.set_defaults(func=cmd_chat)

    from bot.commands.kb import add_parser as add_kb_parser

    add_kb_parser(sub, cmd_kb)

    check = sub.add_parser("check", help="check a schedule: one status per row of a CSV/TSV file (or - for stdin)")
    check.add_argument("file", help="a CSV or TSV file with a drug or code column, or - for standard input")
    form = check.add_mutually_exclusive_group()
    form.add_argument("--csv", action="store_true", help="write the checked rows as CSV")
    form.add_argument("--json", action="store_true", help="write the checked rows and a summary as JSON")
    check.set_defaults(func=cmd_check)

    serve = sub.add_parser("serve", help="run the Slack app (Socket Mode, or --http)")
    serve.add_argument("--http", action="store_true", help="serve Slack's HTTP requests at /slack/events")
    # PORT: the container's port (deploy/Dockerfile), read by its health check too. argparse applies
    # `type` to a string default, so a malformed PORT is a one-line usage error.
    serve.add_argument("--port", type=int, default=os.environ.get("PORT", "3000"), help="default: $PORT or 3000")
    serve.add_argument("--host", default="0.0.0.0")
    serve.add_argument(
        "--answers",
        action="store_true",
        help="answer from the Redis outbox only, acknowledging nothing (what ANSWER_PROCESSES starts)",
    )
    serve.set_defaults(func=cmd_serve)
    return parser


EXIT_BAD_DOCUMENTS = 2  # as for a bad setting: fix the folder, then run again
EXIT_READER_GONE = 141  # what a shell reports for a writer stopped by SIGPIPE (128 + 13)


def main(argv: list[str] | None = None) -> int:
    # Start-up allocates hundreds of thousands of objects that live as long as the process and form no
    # garbage cycles; the cyclic collector spent ~30 ms of a one-shot `ask` looking through them. It is
    # paused until the engine is built (_started), or until a command that builds none begins.
    gc.disable()
    try:
        return _run(argv)
    finally:
        gc.enable()


def _run(argv: list[str] | None) -> int:
    # Pasted text can be anything: undecodable bytes become U+FFFD rather than a traceback.
    for stream in (sys.stdin, sys.stdout):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")
    args = build_parser().parse_args(argv)
    if args.func not in (cmd_ask, cmd_chat):  # these build their engine first (_engine)
        _started()
    from knowledge.kb import KnowledgeError

    try:
        return args.func(args)
    except KnowledgeError as error:  # a documents folder that fails `kb check`: each problem, no traceback
        print(f"precert-bot: {error}", file=sys.stderr)
        return EXIT_BAD_DOCUMENTS
    except BrokenPipeError:  # `ask --jsonl < many | head`: the reader left, which is not an error worth a traceback
        # Python flushes stdout again at exit; point it at /dev/null so that flush can't raise a second time.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_READER_GONE


if __name__ == "__main__":
    sys.exit(main())
