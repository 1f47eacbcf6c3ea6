"""OptOutPipeline: pages their publisher reserved from mining are counted, or not exported."""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from newsspider.drops import ReservedDropped
from newsspider.items import ArticleItem
from newsspider.stats import inc_stat

TDM_MODES = ("flag", "skip")


class OptOutPipeline:
    """Counts tdm_reserved records; with NEWSSPIDER_TDM=skip drops them; on in ITEM_PIPELINES."""

    def __init__(self, stats: StatsCollector | None = None, *, mode: str = "flag") -> None:
        if mode not in TDM_MODES:
            raise ValueError(f"NEWSSPIDER_TDM={mode!r}: use one of {', '.join(TDM_MODES)}")
        self.stats = stats
        self.skip = mode == "skip"

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> OptOutPipeline:
        """Build from NEWSSPIDER_TDM."""
        return cls(crawler.stats, mode=crawler.settings.get("NEWSSPIDER_TDM"))

    def process_item(self, item: Any) -> Any:
        """Return the record (counted when reserved), or raise ReservedDropped with skip."""
        if not isinstance(item, ArticleItem) or not item.tdm_reserved:
            return item
        for source in item.tdm_sources:
            inc_stat(self.stats, f"tdm/reserved_by/{source.split(':')[0]}")
        if self.skip:
            inc_stat(self.stats, "tdm/skipped")
            raise ReservedDropped(item.source_url, item.tdm_sources)
        inc_stat(self.stats, "tdm/flagged")
        return item
