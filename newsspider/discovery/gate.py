"""SitemapsFirstGate: hold a site's link-found pages until its sitemaps and feeds are read."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Generic, TypeVar

T = TypeVar("T")


class SitemapsFirstGate(Generic[T]):
    """Counts each site's open robots/sitemap/feed fetches and holds link requests meanwhile.

    Why: a page found by following links and by a sitemap is fetched once (the dupefilter), and
    only the sitemap's request carries its news:publication_date and title. Reading sitemaps and
    feeds first makes the result independent of which answer arrives first.
    """

    def __init__(self, *, hold: bool = True) -> None:
        self._hold = hold
        self._open: Counter[str] = Counter()
        self._held: defaultdict[str, list[T]] = defaultdict(list)

    def opened(self, site: str) -> None:
        """A discovery fetch (robots.txt, sitemap, feed) for the site was scheduled."""
        self._open[site] += 1

    def closed(self, site: str) -> list[T]:
        """A discovery fetch finished (or failed); returns what to release now."""
        self._open[site] = max(0, self._open[site] - 1)
        return self._held.pop(site, []) if self._open[site] == 0 else []

    def any_open(self) -> bool:
        """True while some site still has a discovery fetch on the way."""
        return any(self._open.values())

    def hold_or_pass(self, site: str, items: Iterable[T]) -> list[T]:
        """Hold the items while the site's discovery is open (holding on), else return them."""
        if self._hold and self._open[site] > 0:
            self._held[site].extend(items)
            return []
        return list(items)

    def release_all(self) -> list[T]:
        """Everything still held (for when the crawl would otherwise go idle)."""
        held = [item for items in self._held.values() for item in items]
        self._held.clear()
        return held
