"""StateExtension: the state's upkeep around a crawl (expiry, per-site crawl times)."""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from newsspider.per_crawl import crawl_state
from newsspider.state.store import StateStore
from newsspider.stats import inc_stat

logger = logging.getLogger(__name__)
DAY_S = 24 * 60 * 60


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
            inc_stat(self.crawler.stats, f"state/expired/{kind}", count)
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
