"""IncrementalMiddleware: don't fetch again what already led to an exported article."""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Sequence
from datetime import UTC, datetime
from typing import Any

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.signalmanager import SignalManager
from scrapy.spidermiddlewares.base import BaseSpiderMiddleware
from scrapy.statscollectors import StatsCollector

from newsspider.drops import DuplicateDropped
from newsspider.per_crawl import crawl_state, state_thread, url_normalizer
from newsspider.request_meta import LASTMOD_KEY
from newsspider.state.store import KnownFetch, StateStore
from newsspider.state.thread import StateThread
from newsspider.stats import inc_site_stat, inc_stat
from newsspider.urls import UrlNormalizer, site_of

logger = logging.getLogger(__name__)
# Skipped URLs are marked as seen in batches: one write per request would be wasted work.
_TOUCH_BATCH = 256
# Requests looked up in one call on the state's thread (a store over a network).
_LOOKUP_BATCH = 100


class IncrementalMiddleware(BaseSpiderMiddleware):
    """Skips requests whose URL led to an export, unless newer; on in SPIDER_MIDDLEWARES."""

    def __init__(
        self,
        store: StateStore,
        normalize: UrlNormalizer,
        stats: StatsCollector | None = None,
        signals: SignalManager | None = None,
        thread: StateThread | None = None,
    ) -> None:
        # BaseSpiderMiddleware's __init__ only keeps the crawler, which this class never uses.
        self.store = store
        self.normalize = normalize
        self.stats = stats
        self.signals = signals
        # A store over a network (Redis) is asked on its own thread, a batch of requests at a
        # time, so that the event loop goes on meanwhile; None: asked here, one at a time.
        self.thread = thread
        self._seen: list[str] = []

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IncrementalMiddleware:
        """Build with the crawl's state store and NEWSSPIDER_URL_TRACKING_PARAMS."""
        middleware = cls(
            crawl_state(crawler),
            url_normalizer(crawler),
            crawler.stats,
            crawler.signals,
            state_thread(crawler),
        )
        crawler.signals.connect(middleware.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(middleware.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    def get_processed_request(self, request: Request, response: Response | None) -> Request | None:
        """The request, or None when its URL is known and not modified since it was fetched."""
        url = self.normalize(request.url)
        return self._judged(request, url, self.store.known_fetch(url))

    async def process_spider_output_async(
        self, response: Response | None, result: AsyncIterator[Any], spider: Spider | None = None
    ) -> AsyncIterator[Any]:
        """The callback's output in its order, less the requests that need no fetch."""
        output = super().process_spider_output_async(response, result)
        async for thing in output if self.thread is None else self._checked(result):
            yield thing

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        """The start requests, less those that need no fetch."""
        output = super().process_start(start)
        async for thing in output if self.thread is None else self._checked(start):
            yield thing

    async def _checked(self, output: AsyncIterator[Any]) -> AsyncIterator[Any]:
        # Requests are looked up a batch at a time (a sitemap yields thousands at once);
        # anything else in the output waits for the requests before it, so the order holds.
        batch: list[Request] = []
        async for thing in output:
            if isinstance(thing, Request):
                batch.append(thing)
                if len(batch) < _LOOKUP_BATCH:
                    continue
            for request in await self._judged_batch(batch):
                yield request
            batch = []
            if not isinstance(thing, Request):
                yield thing
        for request in await self._judged_batch(batch):
            yield request

    async def _judged_batch(self, batch: list[Request]) -> list[Request]:
        if not batch or self.thread is None:
            return batch
        urls = [self.normalize(request.url) for request in batch]
        known = await self.thread.call(self.store.known_fetches, urls)
        judged = (self._judged(*looked_up) for looked_up in zip(batch, urls, known, strict=True))
        return [request for request in judged if request is not None]

    def _judged(self, request: Request, url: str, known: KnownFetch | None) -> Request | None:
        """The request, or None when the fetch record `known` says it needs no fetch."""
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
