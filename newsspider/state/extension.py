"""crawl_state: the crawl's one state store; StateExtension: expiry and per-site crawl times."""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime
from weakref import WeakKeyDictionary

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from newsspider.dedupe.minhash import lsh_params
from newsspider.state.backends import open_state_store
from newsspider.state.sqlite import MEMORY
from newsspider.state.store import StateStore

logger = logging.getLogger(__name__)
DAY_S = 24 * 60 * 60
_STORES: WeakKeyDictionary[Crawler, StateStore] = WeakKeyDictionary()


def crawl_state(crawler: Crawler) -> StateStore:
    """The store shared by the crawl's components: NEWSSPIDER_STATE, or in memory when empty."""
    store = _STORES.get(crawler)
    if store is None:
        settings = crawler.settings
        store = open_state_store(
            settings.get("NEWSSPIDER_STATE") or MEMORY,
            busy_timeout_s=settings.getfloat("NEWSSPIDER_STATE_BUSY_TIMEOUT"),
            lsh=lsh_params(
                settings.getfloat("NEWSSPIDER_DEDUPE_NEAR_THRESHOLD"),
                settings.getint("NEWSSPIDER_DEDUPE_NUM_PERM"),
            ),
        )
        _STORES[crawler] = store

        def close() -> None:
            _STORES.pop(crawler, None)
            store.close()

        # engine_stopped comes after every spider_closed handler and pipeline close. A plain
        # function: the signal dispatcher can't call a functools.partial.
        crawler.signals.connect(close, signal=signals.engine_stopped, weak=False)
    return store


class StateExtension:
    """Expiry (NEWSSPIDER_STATE_EXPIRE_DAYS), per-site crawl times; on when NEWSSPIDER_STATE set."""

    def __init__(self, crawler: Crawler, store: StateStore, expire_days: float) -> None:
        self.crawler = crawler
        self.store = store
        self.expire_days = expire_days

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StateExtension:
        """Build from NEWSSPIDER_STATE; NotConfigured when it is empty (nothing to keep)."""
        if not crawler.settings.get("NEWSSPIDER_STATE"):
            raise NotConfigured("NEWSSPIDER_STATE is empty")
        extension = cls(
            crawler,
            crawl_state(crawler),
            crawler.settings.getfloat("NEWSSPIDER_STATE_EXPIRE_DAYS"),
        )
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self, spider: Spider) -> None:
        """Forget what no crawl has seen for expire_days (0: keep everything)."""
        if self.expire_days <= 0:
            return
        forgotten = self.store.expire(int(time.time() - self.expire_days * DAY_S))
        for kind, count in (
            ("articles", forgotten.articles),
            ("fetches", forgotten.fetches),
            ("entries", forgotten.entries),
        ):
            self._inc(f"state/expired/{kind}", count)
        if forgotten.articles or forgotten.fetches or forgotten.entries:
            logger.info(
                "State: forgot %d articles, %d fetched URLs and %d entries not seen for %g days",
                forgotten.articles,
                forgotten.fetches,
                forgotten.entries,
                self.expire_days,
            )

    def spider_closed(self, spider: Spider, reason: str) -> None:
        """Record the crawl's end time per site."""
        finished = datetime.now(UTC).isoformat(timespec="seconds")
        for site in getattr(spider, "site_configs", ()):
            self.store.put("site_crawls", site.key, {"finished_at": finished, "reason": reason})

    def _inc(self, key: str, count: int) -> None:
        if self.crawler.stats is not None and count:
            self.crawler.stats.inc_value(f"newsspider/{key}", count)
