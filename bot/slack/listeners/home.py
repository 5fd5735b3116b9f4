"""The App Home tab: what the bot answers, from which documents, with example questions."""

from __future__ import annotations

from typing import Any

from bot.slack.listeners.base import Incoming, listener
from bot.slack.listeners.kit import Kit
from render.slack_blocks import home_view


def _view(kit: Kit) -> dict[str, Any]:
    # Once per knowledge base: a reload (SIGHUP) brings new editions, and the view lists them.
    return kit.memo(
        f"home_view:{id(kit.engine.kb)}",
        lambda: home_view(kit.engine.kb.sources.values(), kit.engine.ask("help").examples),
    )


def _accepts(kit: Kit, request: Incoming) -> bool:
    return request.event.get("tab") == "home"


@listener("app_home_opened", event="app_home_opened", accepts=_accepts)
def on_home_opened(kit: Kit, request: Incoming) -> None:
    view = _view(kit)
    kit.post(request, lambda: kit.client.views_publish(user_id=request.event["user"], view=view))
