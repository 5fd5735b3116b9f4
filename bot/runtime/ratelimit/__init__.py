"""Questions per person per minute: a fixed window, counted per backend (one per file): memory.py (per
process, for tests), sqlite.py (the data folder's store: across the replica's processes and
restarts), redis.py (across replicas). Enough to stop a script or a stuck client from monopolising
the bot; people asking by hand stay far below it."""

from __future__ import annotations

from bot.runtime.ratelimit.base import DEFAULT_PER_MINUTE, WINDOW_SECONDS, RateLimiter, Unlimited
from bot.runtime.ratelimit.memory import MemoryRateLimiter
from bot.runtime.ratelimit.redis import RedisRateLimiter
from bot.runtime.ratelimit.sqlite import SqliteRateLimiter
from bot.runtime.state import Stores

__all__ = [
    "DEFAULT_PER_MINUTE",
    "WINDOW_SECONDS",
    "MemoryRateLimiter",
    "RateLimiter",
    "RedisRateLimiter",
    "SqliteRateLimiter",
    "Unlimited",
    "make_rate_limiter",
]


def make_rate_limiter(per_minute: int, stores: Stores) -> RateLimiter:
    """Counted where the stores keep their state; 0 (or less) turns the limit off."""
    if per_minute <= 0:
        return Unlimited()
    if stores.link is not None:
        return RedisRateLimiter(stores.link, per_minute)
    if stores.db is not None:
        return SqliteRateLimiter(stores.db, per_minute)
    return MemoryRateLimiter(per_minute)
