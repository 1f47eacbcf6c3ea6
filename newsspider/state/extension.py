"""StateExtension: opens NEWSSPIDER_STATE for the crawl and records when each site was crawled."""

from __future__ import annotations

from datetime import UTC, datetime

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from newsspider.state.backends import open_state_store
from newsspider.state.store import StateStore


class StateExtension:
    """Keeps the state store open during a crawl; switch off with -s NEWSSPIDER_STATE=''."""

    def __init__(self, crawler: Crawler, location: str) -> None:
        self.crawler = crawler
        self.location = location
        self.store: StateStore | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StateExtension:
        """Build from NEWSSPIDER_STATE; NotConfigured when it is empty."""
        location = crawler.settings.get("NEWSSPIDER_STATE")
        if not location:
            raise NotConfigured("NEWSSPIDER_STATE is empty")
        extension = cls(crawler, location)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self, spider: Spider) -> None:
        """Open the store."""
        self.store = open_state_store(self.location)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        """Record the crawl's end time per site, then close the store."""
        if self.store is None:
            return
        finished = datetime.now(UTC).isoformat(timespec="seconds")
        for site in getattr(spider, "site_configs", ()):
            self.store.put("site_crawls", site.key, {"finished_at": finished, "reason": reason})
        self.store.close()
        self.store = None
