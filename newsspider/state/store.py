"""StateStore: a namespaced key-value interface; SQLiteStateStore implements it in one file."""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path
from typing import Any, Protocol

_SCHEMA = """
CREATE TABLE IF NOT EXISTS state (
    namespace TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    updated_at REAL NOT NULL,
    PRIMARY KEY (namespace, key)
) WITHOUT ROWID
"""


class StateStore(Protocol):
    """What the crawl keeps between runs, whatever the backend (SQLite now, Redis later)."""

    def get(self, namespace: str, key: str) -> Any | None:
        """The JSON value stored under (namespace, key), or None."""

    def put(self, namespace: str, key: str, value: Any) -> None:
        """Store a JSON-serialisable value under (namespace, key)."""

    def delete(self, namespace: str, key: str) -> None:
        """Forget one entry."""

    def keys(self, namespace: str) -> list[str]:
        """All keys of a namespace."""

    def close(self) -> None:
        """Flush and release the store."""


class SQLiteStateStore:
    """StateStore in a SQLite file; WAL and a busy timeout let two crawls share it safely."""

    def __init__(self, path: str | Path, busy_timeout_s: float = 30.0) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, timeout=busy_timeout_s, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute(_SCHEMA)

    def get(self, namespace: str, key: str) -> Any | None:
        """The JSON value stored under (namespace, key), or None."""
        row = self._db.execute(
            "SELECT value FROM state WHERE namespace = ? AND key = ?", (namespace, key)
        ).fetchone()
        return json.loads(row[0]) if row else None

    def put(self, namespace: str, key: str, value: Any) -> None:
        """Store a JSON-serialisable value under (namespace, key)."""
        self._db.execute(
            "INSERT INTO state (namespace, key, value, updated_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (namespace, key) DO UPDATE SET value = excluded.value, "
            "updated_at = excluded.updated_at",
            (namespace, key, json.dumps(value), time.time()),
        )

    def delete(self, namespace: str, key: str) -> None:
        """Forget one entry."""
        self._db.execute("DELETE FROM state WHERE namespace = ? AND key = ?", (namespace, key))

    def keys(self, namespace: str) -> list[str]:
        """All keys of a namespace, sorted."""
        rows = self._db.execute(
            "SELECT key FROM state WHERE namespace = ? ORDER BY key", (namespace,)
        ).fetchall()
        return [row[0] for row in rows]

    def close(self) -> None:
        """Close the connection."""
        self._db.close()


def open_state_store(location: str) -> StateStore:
    """Open the store named by NEWSSPIDER_STATE (a SQLite file path)."""
    if location.startswith(("redis://", "rediss://")):
        raise ValueError(
            f"NEWSSPIDER_STATE={location!r}: only a SQLite file path is supported for now"
        )
    return SQLiteStateStore(location.removeprefix("sqlite:///"))
