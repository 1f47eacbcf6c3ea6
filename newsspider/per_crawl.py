"""The objects a crawl's components share, each built once per crawler from its settings."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar, cast
from weakref import WeakKeyDictionary

from scrapy import signals

from newsspider.dedupe.minhash import Fingerprinter
from newsspider.report.tally import CrawlTally
from newsspider.state.backends import open_state_store
from newsspider.state.redis_store import DEFAULT_HEARTBEAT_S
from newsspider.state.sqlite import MEMORY
from newsspider.state.thread import StateThread
from newsspider.urls import UrlNormalizer

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.settings import BaseSettings

    from newsspider.state.store import StateStore

T = TypeVar("T")
_SHARED: WeakKeyDictionary[Crawler, dict[str, object]] = WeakKeyDictionary()


def _shared(crawler: Crawler, name: str, build: Callable[[], T]) -> T:
    """The crawler's one `name`, built on first use."""
    objects = _SHARED.setdefault(crawler, {})
    if name not in objects:
        objects[name] = build()
    return cast(T, objects[name])


def url_normalizer_for(settings: BaseSettings) -> UrlNormalizer:
    """The URL normaliser NEWSSPIDER_URL_TRACKING_PARAMS asks for (commands without a crawl)."""
    return UrlNormalizer(settings.getlist("NEWSSPIDER_URL_TRACKING_PARAMS"))


def url_normalizer(crawler: Crawler) -> UrlNormalizer:
    """The crawl's one URL normaliser: every URL gets the same spelling everywhere."""
    return _shared(crawler, "url_normalizer", lambda: url_normalizer_for(crawler.settings))


def fingerprinter(crawler: Crawler) -> Fingerprinter:
    """The crawl's MinHash fingerprinter, from the NEWSSPIDER_DEDUPE_* settings."""
    settings = crawler.settings
    return _shared(
        crawler,
        "fingerprinter",
        lambda: Fingerprinter(
            num_perm=settings.getint("NEWSSPIDER_DEDUPE_NUM_PERM"),
            shingle_words=settings.getint("NEWSSPIDER_DEDUPE_SHINGLE_WORDS"),
            threshold=settings.getfloat("NEWSSPIDER_DEDUPE_NEAR_THRESHOLD"),
        ),
    )


def crawl_tally(crawler: Crawler) -> CrawlTally:
    """The crawl's per-site figures: the report extension fills them, the monitors read them."""
    return _shared(crawler, "tally", CrawlTally)


def robots_responses(crawler: Crawler) -> dict[str, Response]:
    """The crawl's robots.txt responses by origin (scheme://host): fetched once, read by all."""
    return _shared(crawler, "robots_responses", dict)


def crawl_state(crawler: Crawler) -> StateStore:
    """The crawl's one state store: NEWSSPIDER_STATE, or in memory when it is empty."""
    return _shared(crawler, "state", lambda: _open_state(crawler))


def state_thread(crawler: Crawler) -> StateThread | None:
    """The thread for the state's per-page calls when they go over a network (Redis), or None.

    A local file's calls (SQLite) stay on the event loop: they are shorter than a thread hop.
    """
    if not crawl_state(crawler).over_network:
        return None
    return _shared(crawler, "state_thread", StateThread)


def _open_state(crawler: Crawler) -> StateStore:
    settings = crawler.settings
    store = open_state_store(
        settings.get("NEWSSPIDER_STATE") or MEMORY,
        busy_timeout_s=settings.getfloat("NEWSSPIDER_STATE_BUSY_TIMEOUT"),
        lsh=fingerprinter(crawler).lsh,
        redis_timeout_s=settings.getfloat("NEWSSPIDER_REDIS_TIMEOUT"),
        # A worker's run must count as dead no later than its leased requests are taken over
        # (NEWSSPIDER_LEASE_TIMEOUT): its unconfirmed exports are undone before their redo.
        heartbeat_s=min(DEFAULT_HEARTBEAT_S, settings.getfloat("NEWSSPIDER_LEASE_TIMEOUT") / 2),
    )

    def close() -> None:
        shared = _SHARED.get(crawler, {})
        thread = cast("StateThread | None", shared.pop("state_thread", None))
        if thread is not None:  # its calls are done before the store closes
            thread.close()
        shared.pop("state", None)
        store.close()

    # engine_stopped comes after every spider_closed handler and pipeline close. A plain
    # function: the signal dispatcher can't call a functools.partial.
    crawler.signals.connect(close, signal=signals.engine_stopped, weak=False)
    return store
