"""DedupePipeline: each story exported once, across URLs, sites and runs; revisions numbered."""

from __future__ import annotations

import time
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector

from newsspider.dedupe import Candidate, Deduplicator, Fingerprinter
from newsspider.items import ArticleItem
from newsspider.state.extension import crawl_state
from newsspider.urls import UrlNormalizer


class DuplicateDropped(DropItem):
    """A record dropped as a duplicate; logged at DEBUG with the URL it duplicates."""

    def __init__(self, reason: str, duplicate_of: str, source_url: str, detail: str = "") -> None:
        super().__init__(
            f"duplicate ({reason}{detail}) of {duplicate_of}: {source_url}", log_level="DEBUG"
        )
        self.reason = reason
        self.duplicate_of = duplicate_of


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
        settings = crawler.settings
        fingerprinter = Fingerprinter(
            num_perm=settings.getint("NEWSSPIDER_DEDUPE_NUM_PERM"),
            shingle_words=settings.getint("NEWSSPIDER_DEDUPE_SHINGLE_WORDS"),
            threshold=settings.getfloat("NEWSSPIDER_DEDUPE_NEAR_THRESHOLD"),
        )
        deduplicator = Deduplicator(
            crawl_state(crawler), fingerprinter, run_started=int(time.time())
        )
        normalize = UrlNormalizer(settings.getlist("NEWSSPIDER_URL_TRACKING_PARAMS"))
        return cls(deduplicator, normalize, crawler.stats)

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
            self._inc(f"dropped/{reason}")
            detail = f", similarity {decision.similarity:.2f}" if decision.similarity else ""
            raise DuplicateDropped(
                reason, decision.duplicate_of or item.url, item.source_url, detail
            )
        item.revision = decision.revision
        self._inc("exported/revision" if decision.revision > 1 else "exported/new")
        return item

    def _inc(self, event: str) -> None:
        if self.stats is not None:
            self.stats.inc_value(f"newsspider/dedupe/{event}")
