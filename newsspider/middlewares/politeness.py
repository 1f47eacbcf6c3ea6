"""PolitenessMiddleware: a site's download limit, held per process or by a whole fleet via Redis."""

from __future__ import annotations

import asyncio
import itertools
import logging
import random
import time
import uuid
from collections import defaultdict
from weakref import WeakKeyDictionary

import redis
from scrapy import signals
from scrapy.core.downloader import Downloader
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Request, Response
from scrapy.settings import BaseSettings
from scrapy.utils.asyncio import is_asyncio_available

from newsspider.middlewares.site_leases import SiteLeases
from newsspider.scrapy_internals import download_slot_delay, download_slot_key
from newsspider.state.backends import is_redis
from newsspider.stats import inc_stat

logger = logging.getLogger(__name__)

# After a failed Redis call, seconds before the next try: the request waits (it is not sent
# without a lease), the client reconnects on its own.
REDIS_RETRY_SECONDS = 1.0
# A request gives up waiting for an unreachable Redis this long after NEWSSPIDER_REDIS_TIMEOUT:
# by then a shared crawl's scheduler has stopped the worker (nothing acknowledged), and the
# crawl can close instead of waiting on requests that never get a place.
GIVE_UP_MARGIN_S = 5.0


class PolitenessUnavailable(IgnoreRequest):
    """Redis, which holds the sites' places, stayed unreachable for too long."""


def fleet_redis_url(settings: BaseSettings) -> str:
    """The Redis that holds the site leases: the setting's, else NEWSSPIDER_STATE's; '' for none."""
    url = str(settings.get("NEWSSPIDER_POLITENESS_REDIS_URL") or "")
    state = str(settings.get("NEWSSPIDER_STATE") or "")
    if not url and is_redis(state):
        url = state
    if url and not is_redis(url):
        raise ValueError(f"NEWSSPIDER_POLITENESS_REDIS_URL={url!r}: a redis:// or rediss:// URL")
    return url


class PolitenessMiddleware:
    """Holds CONCURRENT_REQUESTS_PER_DOMAIN per site, also with DOWNLOAD_DELAY = 0.

    On in DOWNLOADER_MIDDLEWARES, last before the download (see settings.py). Alone, a local
    semaphore per downloader slot; with a Redis (fleet_redis_url), a lease per request in Redis,
    so the limit and the delay hold for all workers together (SiteLeases).
    """

    def __init__(self, crawler: Crawler, leases: SiteLeases | None) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.leases = leases
        self.limit = max(settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN"), 1)
        self.delay = settings.getfloat("DOWNLOAD_DELAY")
        self.timeout = settings.getfloat("DOWNLOAD_TIMEOUT")
        self.margin = settings.getfloat("NEWSSPIDER_POLITENESS_LEASE_MARGIN")
        self.poll = settings.getfloat("NEWSSPIDER_POLITENESS_POLL_INTERVAL")
        self.give_up_s = settings.getfloat("NEWSSPIDER_REDIS_TIMEOUT") + GIVE_UP_MARGIN_S
        # Since when lease requests have failed (monotonic clock); None while Redis answers.
        self._down_since: float | None = None
        self._local: defaultdict[str, asyncio.Semaphore] = defaultdict(
            lambda: asyncio.Semaphore(self.limit)
        )
        # One request per site and worker asks Redis at a time; the others queue behind it here.
        self._turns: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)
        # What each request holds (its slot key, and its lease token on Redis), until released.
        # Keyed by the request object: retries and redirects copy meta, never this.
        self._held: WeakKeyDictionary[Request, tuple[str, str | None]] = WeakKeyDictionary()
        self._worker = uuid.uuid4().hex[:12]
        self._tokens = itertools.count()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PolitenessMiddleware:
        """Off with NEWSSPIDER_POLITENESS_ENABLED=False; on Redis when fleet_redis_url names one."""
        if not crawler.settings.getbool("NEWSSPIDER_POLITENESS_ENABLED"):
            raise NotConfigured("NEWSSPIDER_POLITENESS_ENABLED is off")
        if not is_asyncio_available():
            raise NotConfigured("needs the asyncio reactor (TWISTED_REACTOR)")
        url = fleet_redis_url(crawler.settings)
        middleware = cls(crawler, SiteLeases.from_url(url) if url else None)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    async def spider_closed(self) -> None:
        """Close the Redis connections."""
        if self.leases is not None:
            await self.leases.close()

    async def process_request(self, request: Request) -> None:
        """Wait until the request's site has room for it (and, on Redis, its delay is over)."""
        key = download_slot_key(self._downloader(), request)
        started = time.monotonic()
        token: str | None = None
        if self.leases is None:
            waits = self._local[key].locked()
            await self._local[key].acquire()
        else:
            token, waits = await self._lease(key, request)
        self._held[request] = (key, token)
        if waits:
            inc_stat(self.crawler.stats, "politeness/waits")
            inc_stat(
                self.crawler.stats, "politeness/wait_ms", round(1000 * (time.monotonic() - started))
            )

    async def process_response(self, request: Request, response: Response) -> Response:
        """Give the request's place back as soon as its download is over."""
        await self._release(request)
        return response

    async def process_exception(self, request: Request, exception: Exception) -> None:
        """A failed download gives its place back too."""
        await self._release(request)

    async def _lease(self, key: str, request: Request) -> tuple[str, bool]:
        """A lease token for the request, and whether it had to wait for it."""
        token = f"{self._worker}:{next(self._tokens)}"
        assert self.leases is not None
        waits = self._turns[key].locked()
        async with self._turns[key]:
            while True:
                delay = max(self.delay, download_slot_delay(self._downloader(), key))
                # Long enough for the download, and for this worker's slot to start it: the
                # slot holds at most `limit` leased requests, each up to `delay` apart.
                timeout = float(request.meta.get("download_timeout", self.timeout))
                lease = timeout + self.limit * delay + self.margin
                try:
                    attempt = await self.leases.acquire(
                        key, token, limit=self.limit, delay=delay, lease=lease
                    )
                except redis.RedisError as error:
                    self._redis_error("acquire", key, error)
                    # Counted over all requests: once Redis has been away that long, each
                    # further request fails at once instead of waiting again.
                    self._down_since = self._down_since or time.monotonic()
                    if time.monotonic() - self._down_since > self.give_up_s:
                        raise PolitenessUnavailable(
                            f"Redis unreachable for {self.give_up_s:g}s (politeness leases)"
                        ) from error
                    wait = REDIS_RETRY_SECONDS
                else:
                    self._down_since = None
                    inc_stat(self.crawler.stats, "politeness/redis/acquire")
                    if attempt.granted:
                        return token, waits
                    # A full site frees a place when any worker's download ends, which no
                    # worker is told: ask again, at random around the poll interval, so that
                    # workers asking in step do not starve each other.
                    wait = self.poll * random.uniform(0.5, 1.5) if attempt.full else attempt.wait
                waits = True
                await asyncio.sleep(wait)

    async def _release(self, request: Request) -> None:
        held = self._held.pop(request, None)
        if held is None:  # a response from a middleware before this one: nothing was taken
            return
        key, token = held
        if token is None:
            self._local[key].release()
            return
        assert self.leases is not None
        try:
            await self.leases.release(key, token)
        except redis.RedisError as error:  # the lease then frees itself when it expires
            self._redis_error("release", key, error)
        else:
            inc_stat(self.crawler.stats, "politeness/redis/release")

    def _redis_error(self, call: str, key: str, error: redis.RedisError) -> None:
        logger.warning("Politeness lease %s for %s failed: %s", call, key, error)
        inc_stat(self.crawler.stats, "politeness/redis/errors")

    def _downloader(self) -> Downloader:
        assert self.crawler.engine is not None
        return self.crawler.engine.downloader
