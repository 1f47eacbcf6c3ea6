"""The crawl's state store: one small interface, an embedded SQLite backend by default."""

from __future__ import annotations

from newsspider.state.extension import StateExtension
from newsspider.state.store import SQLiteStateStore, StateStore, open_state_store

__all__ = ["SQLiteStateStore", "StateExtension", "StateStore", "open_state_store"]
