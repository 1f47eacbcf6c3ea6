"""FleetScheduler: Scrapy's scheduler for a shared crawl, its queue in Redis (see frontier.py).

Scrapy calls a scheduler synchronously; Redis is never called from those calls. A task on the
asyncio loop (the reactor's own) moves requests between Redis and two local lists: `buffer`
(leased requests fetched ahead, handed to the engine by `next_request`) and `outbox` (requests
the crawl found, queued in Redis in batches together with the acknowledgements that are due).
The same task beats the worker's heartbeat, takes over a dead worker's leases, and learns when
the run is over; then `spider_idle` lets the spider close and the process exits by itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import logging
import pickle
import time
from collections import deque
from collections.abc import AsyncIterator, Callable, Iterator
from typing import TYPE_CHECKING, Any

import redis.asyncio as aioredis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from scrapy import Request, Spider, signals
from scrapy.core.scheduler import BaseScheduler
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Response
from scrapy.utils.defer import deferred_from_coro
from scrapy.utils.request import request_from_dict

from newsspider.distributed.fleet import worker_id
from newsspider.distributed.frontier import Entry, Outbox, RedisFrontier, crawl_key
from newsspider.distributed.tracking import EntryTracker, Key
from newsspider.drops import StateRefused
from newsspider.export.confirmation import exports_confirmed
from newsspider.per_crawl import crawl_state
from newsspider.request_meta import DISCOVERY_KEY, FLEET_ENTRY_KEY
from newsspider.scrapy_internals import wake_engine
from newsspider.state.store import StateUnavailableError
from newsspider.stats import inc_stat

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from twisted.internet.defer import Deferred
    from twisted.python.failure import Failure

logger = logging.getLogger(__name__)
# Seconds between heartbeats (and run-state checks); the lease timeout is many of these.
TICK_S = 1.0
# Most requests queued (or acknowledged) in one round trip.
BATCH = 200
REDIS_ERRORS = (RedisConnectionError, RedisTimeoutError, OSError)


class FleetScheduler(BaseScheduler):
    """Leases requests from the shared crawl's Redis queue; queues what the crawl finds there."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.url = str(settings.get("NEWSSPIDER_STATE"))
        self.lease_ms = int(settings.getfloat("NEWSSPIDER_LEASE_TIMEOUT") * 1000)
        self.idle_ms = int(settings.getfloat("NEWSSPIDER_IDLE_TIMEOUT") * 1000)
        self.max_deliveries = settings.getint("NEWSSPIDER_MAX_DELIVERIES")
        self.redis_timeout_s = settings.getfloat("NEWSSPIDER_REDIS_TIMEOUT")
        # Enough leased requests ahead to keep every download slot busy, few enough that the
        # other workers get their share.
        self.ahead = max(4, 2 * settings.getint("CONCURRENT_REQUESTS"))
        self.worker = worker_id()
        self.buffer: deque[Entry] = deque()
        self.outbox: list[Outbox] = []
        self.tracker = EntryTracker()
        self.frontier: RedisFrontier | None = None
        self.spider: Spider | None = None
        self.ended = False
        # Until the spider first goes idle its start requests may still be coming: the worker
        # counts as busy, so that a run can't end before a slow worker has queued them.
        self.started = False
        self.failure: str | None = None
        self._wakeup = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._stopping = False
        # Once set, the worker takes no more requests and takes over no dead worker's: it only
        # beats its heartbeat and acknowledges what its feed files confirm.
        self.spider_closing = False
        self._closing: asyncio.Future[None] | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FleetScheduler:
        """Build from NEWSSPIDER_STATE and the NEWSSPIDER_* fleet settings."""
        scheduler = cls(crawler)
        for handler, signal in (
            (scheduler.spider_idle, signals.spider_idle),
            (scheduler.item_scraped, signals.item_scraped),
            (scheduler.item_dropped, signals.item_dropped),
            (scheduler.item_failed, signals.item_error),
            (scheduler.records_confirmed, exports_confirmed),
            (scheduler.engine_stopped, signals.engine_stopped),
        ):
            crawler.signals.connect(handler, signal=signal)
        return scheduler

    # --- Scrapy's scheduler interface ----------------------------------------------------------

    def open(self, spider: Spider) -> Deferred[None]:
        """Join the run in progress (or start one), then start the Redis task."""
        self.spider = spider
        return deferred_from_coro(self._open(spider))

    async def _open(self, spider: Spider) -> None:
        sites = [config.key for config in getattr(spider, "site_configs", ())]
        client = aioredis.from_url(self.url)
        self.frontier = RedisFrontier(client, f"newsspider:crawl:{crawl_key(spider.name, sites)}",
                                      self.worker)  # fmt: skip
        started = await self.frontier.join()
        inc_stat(self.crawler.stats, "fleet/runs_started" if started else "fleet/runs_joined")
        logger.info(
            "Shared crawl: worker %s %s run %s (%s)",
            self.worker,
            "started" if started else "joined",
            self.frontier.run,
            self.frontier.prefix,
        )
        self._task = asyncio.ensure_future(self._loop())

    def close(self, reason: str) -> None:
        """The spider closes; the task goes on until the engine stops (acknowledgements)."""
        self.spider_closing = True
        self._wakeup.set()

    def has_pending_requests(self) -> bool:
        """Leased requests fetched ahead and not yet handed to the engine."""
        return bool(self.buffer)

    def enqueue_request(self, request: Request) -> bool:
        """Queue the request in Redis (in the next batch); the seen-set there drops repeats."""
        entry: Key | None = request.meta.get(FLEET_ENTRY_KEY)
        self.outbox.append(self._outbox(request))
        if entry is not None and self.tracker.is_running(entry):
            # A redirect or a retry of a leased request: that request is done once this is queued.
            self.tracker.forwarded(entry)
        self._wakeup.set()
        return True

    def next_request(self) -> Request | None:
        """The next leased request, tracked until its outcome is final."""
        while self.buffer:
            entry = self.buffer.popleft()
            if len(self.buffer) < self.ahead // 2:
                self._wakeup.set()
            request = self._request(entry)
            if request is not None:
                return request
        self._wakeup.set()
        return None

    # --- signals ---------------------------------------------------------------------------------

    def spider_idle(self, spider: Spider) -> None:
        """Keep the spider open until the run is over (or Redis was lost for too long)."""
        # Scrapy calls this only once every start request has been handled.
        self.started = True
        if not (self.ended or self.failure) or self.outbox:
            raise DontCloseSpider

    def item_scraped(self, item: Any, response: Response | Failure | None) -> None:
        """A record passed the pipelines; its request waits for its confirmation."""
        key = _entry_of(response)
        if key is None:
            return
        url = getattr(item, "url", None)
        if isinstance(url, str):
            self.tracker.scraped(key, url)
        else:
            self.tracker.settled(key)

    def item_dropped(
        self, item: Any, response: Response | Failure | None, exception: BaseException
    ) -> None:
        """A record was dropped: final, unless the state refused to record it."""
        self._settled(response, exception)

    def item_failed(self, item: Any, response: Response | Failure | None, failure: Failure) -> None:
        """A record failed in a pipeline: final, unless the state refused it."""
        self._settled(response, failure.value)

    def _settled(self, response: Response | Failure | None, why: BaseException | None) -> None:
        if isinstance(why, (StateRefused, StateUnavailableError)):
            # Not an outcome: refused because this worker was taken for dead (or Redis stayed
            # away). The request stays unacknowledged and is redone by the others; the next
            # tick stops this worker.
            self._wakeup.set()
            return
        key = _entry_of(response)
        if key is not None:
            self.tracker.settled(key)

    def records_confirmed(self, urls: list[str]) -> None:
        """Records in complete feed files: their requests may be acknowledged."""
        self.tracker.confirmed(urls)
        self._wakeup.set()

    async def engine_stopped(self) -> None:
        """Every feed file is stored: acknowledge what it confirmed, leave, close the client."""
        self._stopping = True
        self._wakeup.set()
        if self._task is not None:
            await self._task
        if self.frontier is not None:
            if not self.failure:
                await self._flush()
                await self.frontier.leave()
                # The stats were written when the spider closed; the last acknowledgements,
                # due when the feed files closed, come after: this line has the total.
                logger.info(
                    "Shared crawl: worker %s acknowledged %d requests in all; %d left "
                    "unacknowledged (redone by others or the next run)",
                    self.worker,
                    self.crawler.stats.get_value("newsspider/queue/acked", 0),
                    self.tracker.waiting + self.tracker.in_flight,
                )
            await self.frontier.client.aclose()

    # --- the Redis task --------------------------------------------------------------------------

    async def _loop(self) -> None:
        assert self.frontier is not None
        next_tick = 0.0
        lost_since: float | None = None
        while not (self._stopping or self.failure):
            self._wakeup.clear()
            answered = self.frontier.answered
            try:
                if lost_since is not None:
                    await self._pick_up_lost_leases()
                await self._flush()
                if len(self.buffer) < self.ahead // 2 and not (self.ended or self.spider_closing):
                    await self._take()
                if time.monotonic() >= next_tick:
                    next_tick = time.monotonic() + TICK_S
                    await self._tick()
                if self.frontier.answered > answered:
                    lost_since = None
            except REDIS_ERRORS as error:
                lost_since = lost_since or time.monotonic()
                if time.monotonic() - lost_since > self.redis_timeout_s:
                    self._give_up(error)
                    return
                logger.warning("Shared crawl: Redis at %s unreachable (%s); retrying", self.url,
                               error)  # fmt: skip
                await asyncio.sleep(min(2.0, self.redis_timeout_s / 4))
                continue
            wait = 0.05 if len(self.buffer) < self.ahead // 2 and not self.ended else TICK_S
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wakeup.wait(), timeout=wait)

    async def _flush(self) -> None:
        """Queue the outbox, then acknowledge what is final (after what it led to), in batches."""
        assert self.frontier is not None
        acks = self.tracker.take_ready()
        requests, self.outbox = self.outbox, []
        try:
            while requests or acks:
                batch, requests = requests[:BATCH], requests[BATCH:]
                due, acks = ([], acks) if requests else (acks[:BATCH], acks[BATCH:])
                added, duplicates, acked = await self.frontier.enqueue(batch, due)
                stats = self.crawler.stats
                inc_stat(stats, "queue/enqueued", added)
                inc_stat(stats, "queue/duplicates", duplicates)
                inc_stat(stats, "queue/acked", acked)
        except BaseException:
            # Nothing is lost: what was not sent goes first in the next round.
            self.outbox[:0] = requests
            self.tracker.requeue_ready(acks)
            raise

    async def _pick_up_lost_leases(self) -> None:
        """After Redis was away: lease what Redis says this worker holds and it does not know."""
        assert self.frontier is not None
        # A call Redis ran but whose answer never came (it stopped, the connection broke) may
        # have leased requests to this worker: no other worker takes them over while it lives.
        known = self.tracker.known() | {(entry.stream, entry.id) for entry in self.buffer}
        lost = [e for e in await self.frontier.held() if (e.stream, e.id) not in known]
        if lost:
            self.buffer.extend(lost)
            inc_stat(self.crawler.stats, "queue/recovered", len(lost))
            logger.warning("Shared crawl: %d requests leased to this worker in calls whose "
                           "answer was lost; taken up again", len(lost))  # fmt: skip
            self._wake_engine()

    async def _take(self) -> None:
        assert self.frontier is not None
        entries = await self.frontier.take(self.ahead - len(self.buffer))
        if entries:
            self.buffer.extend(entries)
            inc_stat(self.crawler.stats, "queue/taken", len(entries))
            self._wake_engine()

    async def _tick(self) -> None:
        assert self.frontier is not None
        if getattr(crawl_state(self.crawler), "lost", False):
            self._stop("worker_taken_for_dead", "its state run was taken for dead and undone by "
                       "another worker (no heartbeat for too long: an overloaded or paused "
                       "machine?); what it held is redone by the others")  # fmt: skip
            return
        busy = not self.started or bool(self.buffer or self.outbox or self.tracker.in_flight)
        state, dead = await self.frontier.tick(lease_ms=self.lease_ms, busy=busy,
                                               idle_ms=self.idle_ms)  # fmt: skip
        if state == "ended" and not self.ended:
            self.ended = True
            logger.info("Shared crawl: run %s is over; worker %s stops", self.frontier.run,
                        self.worker)  # fmt: skip
            self._wake_engine()
        if not dead or self.spider_closing:
            return
        # Just after a Redis restart, live workers' heartbeats may have expired while it was
        # down and not be set again yet: take over only once every live worker has had a whole
        # lease period to beat (the state store waits likewise before undoing a run).
        if await self.frontier.uptime_s() * 1000 < self.lease_ms:
            return
        for worker in dead:
            await self._take_over(worker)

    async def _take_over(self, dead: str) -> None:
        """A dead worker's leases: its pending exports undone first, then its requests redone."""
        assert self.frontier is not None
        # Before its requests are redone: a redo must not be dropped as a duplicate of an export
        # that is in no complete feed file.
        undone = crawl_state(self.crawler).undo_dead_runs()
        inc_stat(self.crawler.stats, "state/undone", undone)
        reclaimed = await self.frontier.reclaim(dead, self.max_deliveries)
        if reclaimed.claimed:
            self.buffer.extend(reclaimed.claimed)
            inc_stat(self.crawler.stats, "queue/reclaimed", len(reclaimed.claimed))
            logger.warning(
                "Shared crawl: took over %d requests of worker %s, which stopped answering "
                "(%d of its exports undone)",
                len(reclaimed.claimed),
                dead,
                undone,
            )
            self._wake_engine()
        for entry, deliveries in reclaimed.buried:
            inc_stat(self.crawler.stats, "queue/dead_letter")
            logger.error(
                "Shared crawl: %s was delivered %d times and never finished; moved to the "
                "dead-letter list %s",
                _url_of(entry.data),
                deliveries,
                self.frontier.dead_letters,
            )

    def _give_up(self, error: BaseException) -> None:
        self._stop(
            "redis_unreachable",
            f"Redis at {self.url} unreachable for more than NEWSSPIDER_REDIS_TIMEOUT="
            f"{self.redis_timeout_s:g}s ({error})",
        )

    def _stop(self, reason: str, why: str) -> None:
        """Close the spider with `reason`: nothing more is acknowledged, files stay unfinished."""
        if self.failure:
            return
        self.failure = reason
        logger.error(
            "Shared crawl: %s; this worker stops. Its unfinished feed files stay unfinished and "
            "what it held is redone by the others or by the next run.",
            why,
        )
        engine = self.crawler.engine
        if engine is not None:
            self._closing = asyncio.ensure_future(engine.close_spider_async(reason=self.failure))

    def _wake_engine(self) -> None:
        if self.crawler.engine is not None:
            wake_engine(self.crawler.engine)

    # --- requests in and out -------------------------------------------------------------------

    def _outbox(self, request: Request) -> Outbox:
        callback, errback = request.callback, request.errback
        if isinstance(callback, TrackedCallback) or isinstance(errback, TrackedCallback):
            request = request.replace(callback=_original(callback), errback=_original(errback))
        data = request.to_dict(spider=self.spider)
        data["meta"] = {k: v for k, v in data["meta"].items() if k != FLEET_ENTRY_KEY}
        stream = 0 if request.meta.get(DISCOVERY_KEY) else 1
        fingerprint = None
        if not request.dont_filter:
            fingerprint = self.crawler.request_fingerprinter.fingerprint(request)
        return Outbox(stream, fingerprint, pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))

    def _request(self, entry: Entry) -> Request | None:
        key: Key = (entry.stream, entry.id)
        try:
            request = request_from_dict(pickle.loads(entry.data), spider=self.spider)
        except Exception as error:  # a request this version can't read: final, never retried
            logger.error("Shared crawl: unreadable request %s in the queue: %r", entry.id, error)
            inc_stat(self.crawler.stats, "queue/unreadable")
            self.tracker.started(key)
            self.tracker.finished(key)
            return None
        request.meta[FLEET_ENTRY_KEY] = key
        self.tracker.started(key)
        assert self.spider is not None
        callback = request.callback or self.spider._parse
        request.callback = TrackedCallback(self.tracker, key, callback)
        request.errback = TrackedCallback(self.tracker, key, request.errback)
        return request


class TrackedCallback:
    """A request's callback or errback that tells the tracker what it yields and when it ends.

    A class, not a closure: Scrapy inspects each new generator function's source for a return
    value, which a closure per request would pay for every time.
    """

    def __init__(self, tracker: EntryTracker, key: Key, original: Callable[..., Any] | None):
        self.tracker = tracker
        self.key = key
        self.original = original

    def __call__(self, *args: Any, **kwargs: Any) -> Iterator[Any] | AsyncIterator[Any]:
        """Run the original, passing its output on."""
        original = self.original
        if original is None:  # no errback: Scrapy logs the failure; the request is done
            self.tracker.finished(self.key)
            args[0].raiseException()
            raise AssertionError("unreachable")
        if inspect.isasyncgenfunction(original):
            return self._async(original(*args, **kwargs))
        return self._sync(original(*args, **kwargs))

    def _sync(self, output: Any) -> Iterator[Any]:
        try:
            for item in output or ():
                self._note(item)
                yield item
        finally:
            self.tracker.finished(self.key)

    async def _async(self, output: AsyncIterator[Any]) -> AsyncIterator[Any]:
        try:
            async for item in output:
                self._note(item)
                yield item
        finally:
            self.tracker.finished(self.key)

    def _note(self, item: Any) -> None:
        if not isinstance(item, Request):
            self.tracker.record(self.key)


def _entry_of(response: Response | Failure | None) -> Key | None:
    """The leased request a record came from (the item signals pass its response)."""
    request = getattr(response, "request", None)
    meta = getattr(request, "meta", None) or {}
    key = meta.get(FLEET_ENTRY_KEY)
    return key if isinstance(key, tuple) else None


def _original(callback: Any) -> Any:
    return callback.original if isinstance(callback, TrackedCallback) else callback


def _url_of(data: bytes) -> str:
    try:
        return str(pickle.loads(data)["url"])
    except Exception:
        return "(unreadable request)"
