"""`precert-bot check FILE|-`: a schedule in, one checked row per input row out (table, CSV or JSON).

A progress bar goes to standard error for a large file when standard error is a terminal; nothing
of the file (patient columns included) is logged or written anywhere but standard output."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from render.schedule_tables import print_table, to_csv, to_json
from schedule_check.checker import Checker, read_schedule, summarize
from schedule_check.tabular import decode

EXIT_UNREADABLE = 2
PROGRESS_MIN_ROWS = 500  # smaller files are checked before a bar would be seen


def run_check(args: argparse.Namespace) -> int:
    from intents.engine import Engine

    try:
        data = sys.stdin.buffer.read() if args.file == "-" else Path(args.file).read_bytes()
    except OSError as error:
        print(f"precert-bot: cannot read {args.file}: {error.strerror or error}", file=sys.stderr)
        return EXIT_UNREADABLE
    engine = Engine()
    table = read_schedule(engine, decode(data), None if args.file == "-" else args.file)
    checker = Checker(engine)
    if len(table.rows) >= PROGRESS_MIN_ROWS and sys.stderr.isatty():
        from rich.console import Console
        from rich.progress import Progress

        with Progress(console=Console(stderr=True), transient=True) as bar:
            task = bar.add_task("checking", total=len(table.rows))
            rows = list(checker.check_table(table, lambda n: bar.advance(task, n)))
    else:
        rows = list(checker.check_table(table))
    summary = summarize(rows)
    if args.csv:
        sys.stdout.write(to_csv(rows))
    elif args.json:
        sys.stdout.write(to_json(rows, summary) + "\n")
    else:
        print_table(rows, summary)
    return 0
