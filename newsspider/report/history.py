"""Each site's last runs, kept in the state store's key-value entries (namespace `report_runs`)."""

from __future__ import annotations

from typing import Any

from newsspider.state.store import StateStore

# One entry per site (keyed by the site, so `scrapy state SITE --forget` clears it too): a list
# of {"finished_at", "finish_reason", "figures"} of its last runs, oldest first.
NAMESPACE = "report_runs"


def load_runs(store: StateStore, site: str, limit: int | None = None) -> list[dict[str, Any]]:
    """The site's last runs, oldest first (at most `limit` of them)."""
    runs = store.get(NAMESPACE, site)
    if not isinstance(runs, list):
        return []
    kept = [run for run in runs if isinstance(run, dict) and isinstance(run.get("figures"), dict)]
    return kept[-limit:] if limit else kept


def save_run(store: StateStore, site: str, run: dict[str, Any], keep: int) -> None:
    """Append this run to the site's history, keeping the last `keep` runs."""

    def append() -> None:
        runs = [*load_runs(store, site), run]
        store.put(NAMESPACE, site, runs[-keep:])

    # Atomic: workers of a shared crawl may save their runs of one site at once.
    store.atomically(append)


def history_sites(store: StateStore) -> list[str]:
    """Every site with a run history, sorted."""
    return store.keys(NAMESPACE)
