"""ProgressLogStats: Scrapy's periodic LogStats line, with articles exported and the queue."""

from __future__ import annotations

import logging
from collections.abc import Sized

from scrapy import Spider
from scrapy.extensions.logstats import LogStats

from newsspider.stats import PREFIX

logger = logging.getLogger(__name__)
EXPORTED = (PREFIX + "dedupe/exported/new", PREFIX + "dedupe/exported/revision")


class ProgressLogStats(LogStats):
    """Scrapy's LogStats line (every LOGSTATS_INTERVAL) with articles exported and queued requests.

    In EXTENSIONS instead of scrapy.extensions.logstats.LogStats.
    """

    articles_before = 0

    def log(self, spider: Spider) -> None:
        """One line: pages, items, articles exported (and per minute), requests queued."""
        self.calculate_stats()
        articles = sum(int(self.stats.get_value(key, 0)) for key in EXPORTED)
        rate = (articles - self.articles_before) * self.multiplier
        self.articles_before = articles
        engine = spider.crawler.engine
        scheduler = engine.scheduler if engine is not None else None
        queued = len(scheduler) if isinstance(scheduler, Sized) else 0
        logger.info(
            "Crawled %d pages (at %d pages/min), scraped %d items (at %d items/min), "
            "exported %d articles (at %d articles/min), %d requests queued",
            self.pages,
            self.prate,
            self.items,
            self.irate,
            articles,
            rate,
            queued,
            extra={"spider": spider},
        )
