"""Crawl-level extensions: the stats file for scheduled jobs."""

from __future__ import annotations

import json
from pathlib import Path

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured


class StatsFileExtension:
    """Write the final crawl stats as JSON to NEWSSPIDER_STATS_FILE (set it to switch on)."""

    def __init__(self, crawler: Crawler, path: str) -> None:
        self.crawler = crawler
        self.path = Path(path)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StatsFileExtension:
        """Build from settings; off unless NEWSSPIDER_STATS_FILE is set."""
        path = crawler.settings.get("NEWSSPIDER_STATS_FILE")
        if not path:
            raise NotConfigured("NEWSSPIDER_STATS_FILE is not set")
        extension = cls(crawler, path)
        # Connect late (priority low) so the core stats are final when we write.
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_closed(self, spider: Spider, reason: str) -> None:
        """Dump the stats, then rename into place so a reader never sees half a file."""
        assert self.crawler.stats is not None
        stats = dict(self.crawler.stats.get_stats())
        stats["finish_reason"] = reason
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_name(self.path.name + ".part")
        partial.write_text(json.dumps(stats, default=str, indent=2, sort_keys=True))
        partial.replace(self.path)
