"""EntryTracker: which leased requests are in flight, and when each one may be acknowledged.

A leased request is acknowledged only when its outcome is final: its callback (or errback) has
run to the end, and each record it yielded was dropped, failed, or is confirmed in a complete
feed file. A request a downloader middleware sends back to the queue (a redirect, a retry) is
final once the new request is queued.
"""

from __future__ import annotations

from collections import defaultdict

# A leased request: (stream, entry id).
Key = tuple[int, str]


class EntryTracker:
    """Counts, per leased request, whether its callback still runs and its unsettled records."""

    def __init__(self) -> None:
        self._running: set[Key] = set()
        self._records: dict[Key, int] = defaultdict(int)
        self._by_url: dict[str, list[Key]] = defaultdict(list)
        # Confirmations that came before the record's item_scraped reached us (a record that
        # goes to no feed file is confirmed by another item_scraped handler first).
        self._confirmed_early: set[str] = set()
        self._ready: list[Key] = []

    @property
    def in_flight(self) -> int:
        """Requests whose callback has not finished."""
        return len(self._running)

    @property
    def waiting(self) -> int:
        """Requests done but for records not yet confirmed in a complete feed file."""
        return len(self._records)

    def known(self) -> set[Key]:
        """The requests running, waiting for their records, or due to be acknowledged."""
        return self._running | self._records.keys() | set(self._ready)

    def started(self, key: Key) -> None:
        """The engine took this leased request."""
        self._running.add(key)

    def record(self, key: Key) -> None:
        """The request's callback yielded a record."""
        self._records[key] += 1

    def finished(self, key: Key) -> None:
        """The request's callback or errback has run to its end."""
        self._running.discard(key)
        self._settle_if_done(key)

    def forwarded(self, key: Key) -> None:
        """A downloader middleware sent the request back to the queue as a new one."""
        self._running.discard(key)
        self._settle_if_done(key)

    def is_running(self, key: Key) -> bool:
        """Whether this request's callback is still to run or running."""
        return key in self._running

    def settled(self, key: Key) -> None:
        """A record of this request was dropped or failed: its outcome is final."""
        if self._records.get(key, 0) > 0:
            self._one_less(key)

    def scraped(self, key: Key, url: str) -> None:
        """A record of this request passed the pipelines: final once `url` is confirmed."""
        if self._records.get(key, 0) <= 0:
            return
        if url in self._confirmed_early:
            self._confirmed_early.discard(url)
            self._one_less(key)
            return
        self._by_url[url].append(key)

    def confirmed(self, urls: list[str]) -> None:
        """These records are in complete feed files."""
        for url in urls:
            keys = self._by_url.pop(url, None)
            if keys is None:
                self._confirmed_early.add(url)
                continue
            for key in keys:
                self._one_less(key)

    def take_ready(self) -> list[Key]:
        """The requests whose outcome became final since the last call."""
        ready, self._ready = self._ready, []
        return ready

    def requeue_ready(self, keys: list[Key]) -> None:
        """Acknowledgements that could not be sent: due again in the next round."""
        self._ready[:0] = keys

    def _one_less(self, key: Key) -> None:
        self._records[key] -= 1
        self._settle_if_done(key)

    def _settle_if_done(self, key: Key) -> None:
        if key in self._running or self._records.get(key, 0) > 0:
            return
        self._records.pop(key, None)
        self._ready.append(key)
