"""open_state_store: pick the StateStore backend that NEWSSPIDER_STATE names."""

from __future__ import annotations

from newsspider.settings import NEWSSPIDER_STATE_BUSY_TIMEOUT
from newsspider.state.lsh import LshParams
from newsspider.state.sqlite import SQLiteStateStore
from newsspider.state.store import StateStore


def open_state_store(
    location: str,
    *,
    busy_timeout_s: float = NEWSSPIDER_STATE_BUSY_TIMEOUT,
    lsh: LshParams | None = None,
) -> StateStore:
    """Open the store named by NEWSSPIDER_STATE: a SQLite file path, or ':memory:'."""
    if location.startswith(("redis://", "rediss://")):
        raise ValueError(
            f"NEWSSPIDER_STATE={location!r}: only a SQLite file path is supported for now"
        )
    return SQLiteStateStore(
        location.removeprefix("sqlite:///"), busy_timeout_s=busy_timeout_s, lsh=lsh
    )
