"""The App Home tab: what the bot answers, from which documents, with example questions."""

from __future__ import annotations

from typing import Any

from bot.slack.listeners.base import Incoming, listener
from bot.slack.listeners.shared.services import ListenerServices
from render.slack_blocks import home_view


def _view(services: ListenerServices) -> dict[str, Any]:
    # Once per knowledge base: a reload (SIGHUP) brings new editions, and the view lists them.
    return services.memo(
        f"home_view:{id(services.engine.kb)}",
        lambda: home_view(services.engine.kb.sources.values(), services.engine.ask("help").examples),
    )


def _accepts(services: ListenerServices, request: Incoming) -> bool:
    return request.event.get("tab") == "home"


@listener("app_home_opened", event="app_home_opened", accepts=_accepts)
def on_home_opened(services: ListenerServices, request: Incoming) -> None:
    view = _view(services)
    services.sender.post(
        request, lambda: services.clients.poster.views_publish(user_id=request.event["user"], view=view)
    )
