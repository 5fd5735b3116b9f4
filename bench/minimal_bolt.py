"""The floor of the Slack path: a Bolt app whose only listener replies to a mention with a constant,
served by the same waitress set-up as precert-bot (bot.commands.serve), configured from the same variables.

    SLACK_BOT_TOKEN=... SLACK_SIGNING_SECRET=... SLACK_API_URL=... python -m bench.minimal_bolt --port 3001
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

REPLY = "ok"


def build(api_url: str, token: str, signing_secret: str) -> App:
    # The same Bolt options precert-bot uses, so the two differ only in what the listener does.
    app = App(
        client=WebClient(token=token, base_url=api_url),
        signing_secret=signing_secret,
        attaching_conversation_kwargs_enabled=False,
    )

    @app.event("app_mention")
    def reply(event: dict[str, Any], say: Any) -> None:
        say(text=REPLY, thread_ts=event.get("thread_ts") or event["ts"])

    return app


def main(argv: Sequence[str] | None = None) -> int:
    from bot.commands.serve import create_http_server

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args(argv)
    app = build(os.environ["SLACK_API_URL"], os.environ["SLACK_BOT_TOKEN"], os.environ["SLACK_SIGNING_SECRET"])
    create_http_server(app, args.host, args.port).run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
