"""One acknowledged Slack request as plain data: what the outbox (bot/slack/outbox/) keeps and any replica
answers from."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Incoming:
    """One acknowledged Slack request: its kind (for logs and metrics), its id, the body as Bolt parsed
    it, and the bot's own user id. Plain data, so that answering it needs nothing from the moment it
    arrived: not Bolt's say/respond, nor the thread that acknowledged it."""

    kind: str
    request_id: str
    body: dict[str, Any]
    bot_user_id: str | None = None
    acked_at: float = 0.0  # time.time() when acknowledged: deliveries give up a deadline after it
    # True when another replica may have answered it already (taken over from a replica that stopped
    # answering, or queued here while Redis was away): look for the answer before posting one.
    recheck: bool = False
    retry: int = 0  # Slack's X-Slack-Retry-Num: this is Slack's retry of a request it sent before

    def to_json(self) -> str:
        # The fields as they are, not dataclasses.asdict: that deep-copies the body first (a third of the
        # outbox's put, before Slack gets its acknowledgement). The JSON is the same.
        return json.dumps({f.name: getattr(self, f.name) for f in FIELDS}, separators=(",", ":"))

    @classmethod
    def from_json(cls, data: str | bytes) -> Incoming:
        return cls(**json.loads(data))

    @property
    def event(self) -> dict[str, Any]:
        return self.body.get("event") or {}

    @property
    def action(self) -> dict[str, Any]:
        actions = self.body.get("actions") or [{}]
        return actions[0]

    @property
    def team_id(self) -> str | None:
        return self.body.get("team_id") or (self.body.get("team") or {}).get("id")


FIELDS = dataclasses.fields(Incoming)
