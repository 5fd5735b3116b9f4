"""The results as a plain-text table (what a person reads and pastes into the README) and as JSON."""

from __future__ import annotations

import json
import math
from pathlib import Path

from bench.targets import Target

LABEL = 42  # width of the first column


def _num(value: float | None, digits: int = 3) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    return f"{value:,.{digits}f}"


def _acc(acc: dict) -> str:
    text = f"{acc['right']}/{acc['total']} right ({acc['accuracy']:.0%})"
    return text + (f", {acc['asked']} asked" if acc["asked"] else "")


def _row(label: str, *cells: str, width: int = 9) -> str:
    return f"  {label:<{LABEL}}" + "".join(f"{c:>{width}}" for c in cells)


def _head(title: str, *columns: str, width: int = 9) -> str:
    return f"{title:<{LABEL + 2}}" + "".join(f"{c:>{width}}" for c in columns)


def _engine_section(results: dict) -> list[str]:
    e = results["engine"]
    lines = [_head("Per question, in process, one core", "p50 ms", "p99 ms", "max ms")]
    # Each question as never asked before (nothing kept by its text): what a new question costs.
    lines.append(_row("engine: ask -> JSON, first sight", *_lat(e)) + f"  {_acc(e['accuracy'])}")
    if "thread_cpu" in e:  # the CPU each answer took: other processes' turns on the core left out
        lines.append(_row("  first sight, thread CPU", *_lat(e["thread_cpu"])))
    again = e.get("repeated")
    if again:  # the same questions asked over and over: each read once, then answered from that reading
        lines.append(_row("  asked again", *_lat(again)) + f"  {e['qps']:,.0f} q/s")
    lines.append(_row("  of which normalize + match", *_lat(results["matcher_only"])))
    for b in results["baselines"].values():
        extra = f"  engine {b['engine_speedup_p50']:.1f}x faster (p50); {_acc(b['accuracy'])}"
        lines.append(_row(f"baseline: {b['label']}", *_lat(b)) + extra)
    passes = f"{again['blocks']} blocks of {again['passes'] // again['blocks']} passes each" if again else ""
    lines.append(
        f"  (p50, p99: median over {e['blocks']} first-sight passes (asked again: {passes}); max: over all "
        f"{e['n']:,} answers; baselines {results['baselines']['difflib']['passes']} passes)"
    )
    return lines


def _lat(stats: dict) -> tuple[str, str, str]:
    return _num(stats["p50_ms"]), _num(stats["p99_ms"]), _num(stats["max_ms"])


def _startup_section(s: dict) -> list[str]:
    def row(label: str, name: str, ratio: str) -> str:
        return _row(label, _num(s[name]["median_s"]), ratio, width=10)

    return [
        _head(f"Start-up, spawn to exit, median of {s['runs']}", "seconds", "ratio", width=10),
        row("python -m bot ask (the CLI), first answer", "cli_ask", f"{s['cli_ratio']:.2f}x"),
        row("  bare import of its library modules", "cli_bare_import", "1.00x"),
        row("  (of their top-level packages only)", "cli_bare_import_packages", f"{s['cli_ratio_packages']:.2f}x"),
        row("serve: its modules, Engine(), first answer", "serve_first_answer", f"{s['serve_ratio']:.2f}x"),
        row("  bare import of its library modules", "serve_bare_import", "1.00x"),
        row("  (of their top-level packages only)", "serve_bare_import_packages", f"{s['serve_ratio_packages']:.2f}x"),
        row("first answer, documents never read before", "first_answer_unbuilt", f"{s['unbuilt_ratio']:.2f}x"),
        f"  (the CLI's libraries: {', '.join(s['cli_libraries'])}, {s['cli_library_modules']} modules;",
        f"   serve's: {', '.join(s['serve_libraries'])}, {s['serve_library_modules']} modules;",
        "   read from each process's sys.modules; bytecode compiled beforehand; the built edition read back",
        "   from the cache (knowledge/cache.py) except in the last row, whose ratio is to the CLI's import;",
        "   a ratio in parentheses is against an import of the top-level packages alone)",
    ]


def _growth_section(rows: list[dict]) -> list[str]:
    columns = ("drugs", "names", "build s", "p50 ms", "p99 ms", "max ms", "RSS MiB")
    lines = [_head("Growth, one process per size", *columns)]
    for row in rows:
        build = row["kb_load_s"] + row["engine_build_s"]
        cells = (f"{row['drugs']:,}", f"{row['names']:,}", _num(build, 2), *_lat(row["latency"]))
        lines.append(_row(f"{row['scale']}x", *cells, _num(row["peak_rss_after_load_mib"], 0)))
    lines.append("  (p50, p99: median over passes; RSS: peak resident memory once the KB and engine are loaded)")
    return lines


def _slack_section(sl: dict) -> list[str]:
    lines = [
        f"Slack path, {sl['events']} signed events per app, request -> chat.postMessage at the fake Web API",
        _head("", "p50 ms", "p99 ms", "max ms", "ack p50"),
    ]
    for key in ("floor", "bot"):
        app = sl[key]
        lines.append(_row(app["label"], *_lat(app), _num(app["ack"]["p50_ms"])))
    lines.append(_row("precert-bot / minimal Bolt app", f"{sl['ratio_p50']:.2f}x", f"{sl['ratio_p99']:.2f}x"))
    return lines


def _socket_mode_section(sm: dict, http: dict | None) -> list[str]:
    if "skipped" in sm:
        return [f"Slack path, Socket Mode: not measured ({sm['skipped']})"]
    lines = [
        f"Slack path, Socket Mode: {sm['events']} app_mention envelopes over a WebSocket to `serve`, "
        "beside HTTP mode's signed events",
        _head("", "p50 ms", "p99 ms", "max ms"),
        _row("Socket Mode: envelope -> ack on the socket", *_lat(sm["ack"])),
        _row("Socket Mode: envelope -> chat.postMessage", *_lat(sm["reply"])),
    ]
    if http:
        bot = http["bot"]
        lines.append(_row("HTTP mode: request -> ack (HTTP 200)", *_lat(bot["ack"])))
        lines.append(_row("HTTP mode: request -> chat.postMessage", *_lat(bot)))
    return lines


def _throughput_section(tp: dict) -> list[str]:
    if "skipped" in tp:
        return [f"Slack throughput: not measured ({tp['skipped']})"]
    lines = [
        f"Slack throughput, {tp['events']} signed events per app at concurrency {tp['concurrency']}, "
        "request -> answer at the fake Web API",
        _head("", "events/s", "ack p50", "ack p99"),
    ]
    for key in ("floor", "bot", "embedded"):
        app = tp.get(key)
        if app is not None:
            p50, p99 = _num(app["ack"]["p50_ms"]), _num(app["ack"]["p99_ms"])
            lines.append(_row(app["label"], f"{app['events_per_s']:,.0f}", p50, p99))
    for name, prefix in (("precert-bot + Redis", ""), ("precert-bot + SQLite", "embedded_")):
        if f"{prefix}events_per_s_ratio" in tp:
            ratio, ack = tp[f"{prefix}events_per_s_ratio"], tp[f"{prefix}ack_p50_ratio"]
            lines.append(_row(f"{name} / minimal Bolt app", f"{ratio:.2f}x", f"{ack:.2f}x"))
    return lines


def _schedules_section(sc: dict) -> list[str]:
    check, cds = sc["check"], sc["cds_hooks"]
    return [
        f"Schedules: `check` on a {check['rows']:,}-row CSV ({check['distinct_cells']:,} distinct cells), in process",
        _row(
            "read, check every row, write CSV",
            f"{check['rows_per_s']:,.0f} rows/s",
            f"{check['seconds']:.2f} s",
            width=14,
        ),
        _row(
            "precert-bot check --csv FILE (a process)",
            f"{check['cli_seconds']:.2f} s",
            f"{check['cli_rows_out']:,} rows",
            width=14,
        ),
        f"CDS Hooks order-sign, {cds['requests']} signed calls (1-3 draft orders each, a Cigna Coverage), "
        "request -> cards + coverage information",
        _head("", "p50 ms", "p99 ms", "max ms"),
        _row("precert-bot serve --http /cds-services", *_lat(cds))
        + f"  {cds['cards']} cards, {cds.get('system_actions', 0)} system actions",
    ]


def _answer_size_section(sz: dict) -> list[str]:
    single, every, contact, slack = sz["single_drug"], sz["all"], sz["contact"], sz["slack"]
    share = contact["share_in_lead"]
    return [
        f"Answer size: the `text` of {sz['answers']} answers (the short answer `ask` prints), and their Slack messages",
        _head("", "p50", "p90", "max"),
        _row(
            f"single-drug answers ({single['n']}), characters",
            _num(single["p50_chars"], 0),
            _num(single["p90_chars"], 0),
            "",
        ),
        _row(
            "all answers, characters",
            _num(every["p50_chars"], 0),
            _num(every["p90_chars"], 0),
            f"{every['max_chars']:,}",
        ),
        _row(
            "number to call in the first 300 characters",
            f"{contact['number_in_lead']}/{contact['n']}",
            "-" if share is None else f"{share:.0%}",
            "",
        )
        + f"  median position {_num(contact['median_position'], 0)}",
        _row(
            "largest Slack message, JSON characters / blocks",
            f"{slack['largest_json_chars']:,}",
            f"{slack['largest_blocks']}",
            "",
        )
        + f"  {'within' if slack['within_limits'] else 'OVER'} Slack's limits; {slack['items_cut']} items cut",
    ]


def _worst_case_section(wc: dict) -> list[str]:
    lines = [
        f"Worst-case input: crafted messages through the Slack answer path (cap, mention stripper, engine, "
        f"Block Kit, privacy checks), slowest of {wc['rounds']}",
        _head("", "chars", "max ms", "max CPU ms"),
    ]
    for row in wc["inputs"]:
        lines.append(_row(row["input"], f"{row['chars']:,}", _num(row["max_ms"]), _num(row.get("max_cpu_ms"))))
    return lines


def render(results: dict, targets: list[Target]) -> str:
    m, q = results["meta"], results["questions"]
    modified = " (modified)" if m["tree_modified"] else ""
    lines = [
        f"precert-bot benchmark ({m['mode']}): {m['cpus']} CPUs, {m['cpu_model']}, Python {m['python']}, "
        f"commit {m['commit']}{modified}",
        f"questions: {q['total']} ({q['dev']} dev + {q['own']} own); accuracy on the {q['scored']} dev cases "
        "naming one drug or none",
        "",
        *_engine_section(results),
    ]
    if results.get("startup"):
        lines += ["", *_startup_section(results["startup"])]
    if results.get("growth"):
        lines += ["", *_growth_section(results["growth"])]
    if results.get("slack"):
        lines += ["", *_slack_section(results["slack"])]
        if results.get("slack_throughput"):
            lines += ["", *_throughput_section(results["slack_throughput"])]
    elif "slack_skipped" in results:
        lines += ["", f"Slack path: not measured ({results['slack_skipped']})"]
    if results.get("socket_mode"):
        lines += ["", *_socket_mode_section(results["socket_mode"], results.get("slack"))]
    if results.get("schedules"):
        lines += ["", *_schedules_section(results["schedules"])]
    if results.get("worst_case"):
        lines += ["", *_worst_case_section(results["worst_case"])]
    if results.get("answer_size"):
        lines += ["", *_answer_size_section(results["answer_size"])]
    lines += ["", "Targets"]
    for t in targets:
        mark = {True: "met   ", False: "MISSED", None: "n/a   "}[t.met]
        value = _num(t.value, 3 if t.unit in ("ms", "x") else 0)
        lines.append(f"  [{mark}] {t.text:<62} {value} {t.unit}")
    return "\n".join(lines)


def write_json(results: dict, *paths: Path) -> None:
    text = json.dumps(results, indent=2) + "\n"
    for path in paths:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
