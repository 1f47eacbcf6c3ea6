"""CanonicalUrlPipeline: the record's `url` in its one normalised spelling."""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from newsspider.items import ArticleItem
from newsspider.per_crawl import url_normalizer
from newsspider.stats import inc_stat
from newsspider.urls import UrlNormalizer


class CanonicalUrlPipeline:
    """Normalises each record's `url` (source_url keeps what was fetched); on in ITEM_PIPELINES."""

    def __init__(self, normalize: UrlNormalizer, stats: StatsCollector | None = None) -> None:
        self.normalize = normalize
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CanonicalUrlPipeline:
        """Build from NEWSSPIDER_URL_TRACKING_PARAMS."""
        return cls(
            url_normalizer(crawler),
            crawler.stats,
        )

    def process_item(self, item: Any) -> Any:
        """Rewrite item.url; count records whose canonical URL is not the URL fetched."""
        if not isinstance(item, ArticleItem):
            return item
        item.url = self.normalize(item.url)
        item.refresh_id()  # the id is the canonical URL's
        if item.url != self.normalize(item.source_url):
            inc_stat(self.stats, "url/canonical_elsewhere")
        return item
