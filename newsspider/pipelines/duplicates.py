"""DedupePipeline: each story exported once, across URLs, sites and runs; revisions numbered."""

from __future__ import annotations

import time
from typing import Any

from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from newsspider.dedupe import Candidate, Deduplicator
from newsspider.drops import DuplicateDropped
from newsspider.items import ArticleItem
from newsspider.per_crawl import crawl_state, fingerprinter, url_normalizer
from newsspider.stats import inc_stat
from newsspider.urls import UrlNormalizer


class DedupePipeline:
    """Drops records exported before (url, canonical, exact, near); on in ITEM_PIPELINES."""

    def __init__(
        self,
        deduplicator: Deduplicator,
        normalize: UrlNormalizer,
        stats: StatsCollector | None = None,
    ) -> None:
        self.deduplicator = deduplicator
        self.normalize = normalize
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupePipeline:
        """Build from the NEWSSPIDER_DEDUPE_* settings and the crawl's state store."""
        deduplicator = Deduplicator(
            crawl_state(crawler), fingerprinter(crawler), run_started=int(time.time())
        )
        return cls(deduplicator, url_normalizer(crawler), crawler.stats)

    def process_item(self, item: Any) -> Any:
        """Return the record with its revision set, or raise DuplicateDropped."""
        if not isinstance(item, ArticleItem):
            return item
        candidate = Candidate(
            url=item.url,
            fetched_url=self.normalize(item.source_url),
            site=item.site,
            text=item.text,
            content_hash=item.content_hash,
        )
        decision = self.deduplicator.decide(candidate, int(time.time()))
        if not decision.export:
            reason = decision.reason or "url"
            inc_stat(self.stats, f"dedupe/dropped/{reason}")
            detail = f", similarity {decision.similarity:.2f}" if decision.similarity else ""
            raise DuplicateDropped(
                reason, decision.duplicate_of or item.url, item.source_url, detail
            )
        item.revision = decision.revision
        inc_stat(
            self.stats,
            "dedupe/exported/revision" if decision.revision > 1 else "dedupe/exported/new",
        )
        return item
