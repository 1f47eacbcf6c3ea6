"""The SQLite state store: values survive reopening, and two connections can share the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsspider.state import SQLiteStateStore, open_state_store


def test_values_survive_reopening(tmp_path: Path) -> None:
    path = tmp_path / "state" / "state.sqlite"
    store = open_state_store(str(path))
    store.put("sites", "a.example", {"finished_at": "2026-01-01T00:00:00+00:00"})
    store.put("sites", "b.example", {"n": 1})
    store.put("sites", "b.example", {"n": 2})
    store.close()
    again = SQLiteStateStore(path)
    assert again.get("sites", "b.example") == {"n": 2}
    assert again.keys("sites") == ["a.example", "b.example"]
    again.delete("sites", "a.example")
    assert again.get("sites", "a.example") is None
    again.close()


def test_two_stores_share_one_file(tmp_path: Path) -> None:
    first = SQLiteStateStore(tmp_path / "s.sqlite")
    second = SQLiteStateStore(tmp_path / "s.sqlite")
    first.put("n", "k", 1)
    assert second.get("n", "k") == 1
    first.close()
    second.close()


def test_unsupported_backend_is_explained() -> None:
    with pytest.raises(ValueError, match="SQLite file path"):
        open_state_store("redis://127.0.0.1:6379/0")
