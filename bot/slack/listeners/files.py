"""A schedule shared with the bot: a CSV or TSV file sent in a DM (or attached to a message that
mentions it) is checked row by row and answered, in the file's thread, with the checked table as a
file and a one-line summary ("14 rows: 6 need prior auth — 4 eviCore, 2 Cigna; 1 not in these
documents").

Slack's side: files.info for where to download it (scope files:read), a download with the bot token
(sent only to Slack's own hosts), and files_upload_v2 — files.getUploadURLExternal, the upload,
files.completeUploadExternal — to post the table (scope files:write). The file's name and contents
never reach the logs: a schedule is patient data.
"""

from __future__ import annotations

import logging
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import urlsplit

from slack_sdk.errors import SlackApiError, SlackClientError

from bot.slack.listeners.base import Incoming, from_a_person, listener, message_keys
from bot.slack.listeners.shared.per_person_limit import within_limit
from bot.slack.listeners.shared.services import ListenerServices
from bot.slack.listeners.threads import answer_in_thread
from bot.slack.notices import notice
from render.schedule_tables import to_csv
from schedule_check.checker import Checker, read_schedule, summarize
from schedule_check.tabular import decode

log = logging.getLogger("precert_bot.slack")

TABLE_FILETYPES = frozenset({"csv", "tsv"})
TABLE_MIMETYPES = frozenset({"text/csv", "text/tab-separated-values", "application/csv"})
TABLE_SUFFIXES = (".csv", ".tsv", ".tab")
MAX_FILE_BYTES = 2 * 1024 * 1024  # a year of chair schedules is well under this
MAX_ROWS = 20_000
DOWNLOAD_TIMEOUT_SECONDS = 20
# Where the bot token may be sent to download a file: Slack's own hosts (and the configured API host,
# which in tests is a loopback fake).
SLACK_FILE_HOSTS = ("slack.com", ".slack.com", ".slack-edge.com")


def table_files(event: dict[str, Any]) -> list[dict[str, Any]]:
    """The CSV/TSV files a message carries (by Slack's file type, MIME type or name)."""
    found = []
    for f in event.get("files") or []:
        if not isinstance(f, dict):
            continue
        name = str(f.get("name") or "").lower()
        if (
            f.get("filetype") in TABLE_FILETYPES
            or f.get("mimetype") in TABLE_MIMETYPES
            or name.endswith(TABLE_SUFFIXES)
        ):
            found.append(f)
    return found


def _accepts(services: ListenerServices, request: Incoming) -> bool:
    event = request.event
    return event.get("channel_type") == "im" and from_a_person(event)


@listener("file_share.im", event={"type": "message", "subtype": "file_share"}, accepts=_accepts, keys=message_keys)
def on_file_shared(services: ListenerServices, request: Incoming) -> None:
    """A file in a DM: a schedule is checked; anything else is a message like any other."""
    event = request.event
    if table_files(event):
        check_shared_tables(services, request, event.get("thread_ts") or event["ts"])
    else:
        answer_in_thread(services, request, event.get("thread_ts"))


def _may_send_token(url: str, api_url: str) -> bool:
    """Only to Slack: its file hosts, or the configured API's host and domain (GovSlack's
    files.slack-gov.com beside slack-gov.com; a loopback fake in tests), over https unless it is the
    API's own address."""
    parts, api = urlsplit(url), urlsplit(api_url)
    host, api_host = (parts.hostname or "").lower(), (api.hostname or "").lower()
    if host and host == api_host and parts.scheme == api.scheme:
        return True
    if parts.scheme != "https" or not host:
        return False
    domains = list(SLACK_FILE_HOSTS)
    if api_host and not api_host.replace(".", "").isdigit():
        domains.append("." + ".".join(api_host.split(".")[-2:]))
    return any(host == d.lstrip(".") or host.endswith(d) for d in domains)


def download(services: ListenerServices, file_id: str) -> tuple[str, bytes]:
    """(name, contents) of a shared file: files.info for its private URL, then the bytes."""
    info = services.clients.reader.files_info(file=file_id)
    meta = info.get("file") or {}
    url = meta.get("url_private_download") or meta.get("url_private")
    if not url or not _may_send_token(url, services.clients.poster.base_url):
        raise ValueError("no download URL on Slack's hosts")
    if int(meta.get("size") or 0) > MAX_FILE_BYTES:
        raise OverflowError
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {services.clients.poster.token}"})
    with urllib.request.urlopen(request, timeout=DOWNLOAD_TIMEOUT_SECONDS) as response:
        data = response.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise OverflowError
    return str(meta.get("name") or "schedule.csv"), data


def _checked_name(name: str) -> str:
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return f"{stem}-checked.csv"


def check_shared_tables(services: ListenerServices, request: Incoming, thread: str) -> None:
    """Check every schedule the message carries and answer each in `thread`."""
    tell = services.clients.privately(request, thread)
    if not within_limit(services, request, request.event.get("user"), tell):
        return
    for shared in table_files(request.event):
        _check_shared_table(services, request, thread, shared)


def _say(services: ListenerServices, request: Incoming, thread: str, text: str) -> None:
    channel = request.event["channel"]
    services.sender.post(
        request, lambda: services.clients.poster.chat_postMessage(channel=channel, thread_ts=thread, text=text)
    )


def _check_shared_table(services: ListenerServices, request: Incoming, thread: str, shared: dict[str, Any]) -> None:
    """One shared file: downloaded, checked row by row, and answered with the checked table (or why not)."""
    try:
        name, data = download(services, str(shared.get("id")))
    except OverflowError:
        _say(
            services,
            request,
            thread,
            notice("too_large", limit=notice("megabytes", count=MAX_FILE_BYTES // 1024 // 1024)),
        )
        return
    except (SlackApiError, OSError, ValueError) as error:
        services.metrics.undelivered.labels(request.kind).inc()
        log.error("slack %s %s: shared file unreadable: %s", request.kind, request.request_id, type(error).__name__)
        _say(services, request, thread, notice("could_not_read"))
        return
    table = read_schedule(services.engine, decode(data), name)
    if len(table.rows) > MAX_ROWS:
        _say(services, request, thread, notice("too_large", limit=notice("rows", count=MAX_ROWS)))
        return
    rows = list(Checker(services.engine).check_table(table))
    summary = summarize(rows).text
    log.info(
        "slack %s %s: schedule checked",
        request.kind,
        request.request_id,
        extra={"request_id": request.request_id, "rows": len(rows)},
    )

    def upload() -> Any:
        return services.clients.poster.files_upload_v2(
            channel=request.event["channel"],
            thread_ts=thread,
            content=to_csv(rows),
            filename=_checked_name(name),
            title=notice("checked_title", name=_checked_name(name)),
            initial_comment=summary,
        )

    try:
        delivered = services.sender.post(request, upload)
    except SlackClientError as error:  # the upload step itself failed; its message names the file
        log.error("slack %s %s: table upload failed: %s", request.kind, request.request_id, type(error).__name__)
        delivered = False
    if not delivered:
        _say(services, request, thread, notice("could_not_post", summary=summary))
