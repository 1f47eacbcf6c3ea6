"""The crawl's state store: one small interface, an embedded SQLite backend by default."""

from __future__ import annotations

from newsspider.state.backends import open_state_store
from newsspider.state.lsh import LshParams
from newsspider.state.sqlite import SQLiteStateStore
from newsspider.state.store import (
    ExportedArticle,
    FileRename,
    Forgotten,
    KnownFetch,
    SiteState,
    StateMismatchError,
    StateStore,
)

__all__ = [
    "ExportedArticle",
    "FileRename",
    "Forgotten",
    "KnownFetch",
    "LshParams",
    "SQLiteStateStore",
    "SiteState",
    "StateMismatchError",
    "StateStore",
    "open_state_store",
]
