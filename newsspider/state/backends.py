"""open_state_store: pick the StateStore backend that NEWSSPIDER_STATE names."""

from __future__ import annotations

from newsspider.settings import NEWSSPIDER_REDIS_TIMEOUT, NEWSSPIDER_STATE_BUSY_TIMEOUT
from newsspider.state.lsh import LshParams
from newsspider.state.redis_store import DEFAULT_HEARTBEAT_S, RedisStateStore
from newsspider.state.sqlite import SQLiteStateStore
from newsspider.state.store import StateStore

REDIS_SCHEMES = ("redis://", "rediss://")


def is_redis(location: str) -> bool:
    """Whether NEWSSPIDER_STATE names a Redis server (else a SQLite file)."""
    return location.startswith(REDIS_SCHEMES)


def open_state_store(
    location: str,
    *,
    busy_timeout_s: float = NEWSSPIDER_STATE_BUSY_TIMEOUT,
    lsh: LshParams | None = None,
    redis_timeout_s: float = NEWSSPIDER_REDIS_TIMEOUT,
    heartbeat_s: float = DEFAULT_HEARTBEAT_S,
) -> StateStore:
    """Open the store named by NEWSSPIDER_STATE: a redis:// URL, a SQLite path, or ':memory:'."""
    if is_redis(location):
        return RedisStateStore(
            location, lsh=lsh, timeout_s=redis_timeout_s, heartbeat_s=heartbeat_s
        )
    return SQLiteStateStore(
        location.removeprefix("sqlite:///"), busy_timeout_s=busy_timeout_s, lsh=lsh
    )
