"""IncrementalMiddleware: don't fetch again what already led to an exported article."""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.signalmanager import SignalManager
from scrapy.spidermiddlewares.base import BaseSpiderMiddleware
from scrapy.statscollectors import StatsCollector

from newsspider.drops import DuplicateDropped
from newsspider.per_crawl import crawl_state, url_normalizer
from newsspider.request_meta import LASTMOD_KEY
from newsspider.state.store import StateStore
from newsspider.stats import inc_site_stat, inc_stat
from newsspider.urls import UrlNormalizer, site_of

logger = logging.getLogger(__name__)
# Skipped URLs are marked as seen in batches: one write per request would be wasted work.
_TOUCH_BATCH = 256


class IncrementalMiddleware(BaseSpiderMiddleware):
    """Skips requests whose URL led to an export, unless newer; on in SPIDER_MIDDLEWARES."""

    def __init__(
        self,
        store: StateStore,
        normalize: UrlNormalizer,
        stats: StatsCollector | None = None,
        signals: SignalManager | None = None,
    ) -> None:
        # BaseSpiderMiddleware's __init__ only keeps the crawler, which this class never uses.
        self.store = store
        self.normalize = normalize
        self.stats = stats
        self.signals = signals
        self._seen: list[str] = []

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IncrementalMiddleware:
        """Build with the crawl's state store and NEWSSPIDER_URL_TRACKING_PARAMS."""
        middleware = cls(
            crawl_state(crawler), url_normalizer(crawler), crawler.stats, crawler.signals
        )
        crawler.signals.connect(middleware.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(middleware.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    def get_processed_request(self, request: Request, response: Response | None) -> Request | None:
        """The request, or None when its URL is known and not modified since it was fetched."""
        url = self.normalize(request.url)
        known = self.store.known_fetch(url)
        if known is None:
            return request
        lastmod = _epoch(request.meta.get(LASTMOD_KEY))
        if lastmod is not None and lastmod > known.fetched_at:
            inc_stat(self.stats, "dedupe/refetch")
            logger.debug("Modified since last fetch, fetching again: %s", request.url)
            return request
        inc_site_stat(self.stats, self.signals, "dedupe/dropped/url", request.url)
        logger.debug("Duplicate (url), not fetched: %s led to %s", request.url, known.resolved)
        self._seen.append(url)
        if len(self._seen) >= _TOUCH_BATCH:
            self._flush()
        return None

    def item_scraped(self, item: Any, response: Response | None, spider: Spider) -> None:
        """Remember that the URLs redirected to this page led to its exported article."""
        url = getattr(item, "url", None)
        if isinstance(url, str) and isinstance(response, Response):
            self._record_redirects(response, url)

    def item_dropped(
        self, item: Any, response: Response | None, exception: BaseException, spider: Spider
    ) -> None:
        """Remember that the URLs redirected to a duplicate led to the article it duplicates."""
        if isinstance(exception, DuplicateDropped) and isinstance(response, Response):
            self._record_redirects(response, exception.duplicate_of)

    def spider_closed(self, spider: Spider) -> None:
        """Write the last batch of seen URLs."""
        self._flush()

    def _record_redirects(self, response: Response, resolved: str) -> None:
        # The fetched URL itself is recorded by the dedupe, in its own transaction.
        redirected: Sequence[str] = response.meta.get("redirect_urls", ())
        if redirected:
            urls = [self.normalize(url) for url in redirected]
            self.store.record_fetch(urls, resolved, site_of(response.url), int(time.time()))

    def _flush(self) -> None:
        if self._seen:
            self.store.touch(self._seen, int(time.time()))
            self._seen = []


def _epoch(value: object) -> int | None:
    """Seconds since the epoch of an ISO 8601 date (naive means UTC), or None."""
    if not isinstance(value, str) or not value:
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return int(when.timestamp())
