"""The crawl's state store: one small interface; SQLite by default, Redis for shared crawls."""

from __future__ import annotations

from newsspider.state.backends import is_redis, open_state_store
from newsspider.state.lsh import LshParams
from newsspider.state.redis_store import RedisStateStore
from newsspider.state.sqlite import SQLiteStateStore
from newsspider.state.store import (
    ExportedArticle,
    FileRename,
    Forgotten,
    KnownFetch,
    SiteState,
    StateMismatchError,
    StateStore,
    StateUnavailableError,
    StoredArticle,
    StoredEntry,
    StoredFetch,
)

__all__ = [
    "ExportedArticle",
    "FileRename",
    "Forgotten",
    "KnownFetch",
    "LshParams",
    "RedisStateStore",
    "SQLiteStateStore",
    "SiteState",
    "StateMismatchError",
    "StateStore",
    "StateUnavailableError",
    "StoredArticle",
    "StoredEntry",
    "StoredFetch",
    "is_redis",
    "open_state_store",
]
