"""DedupePipeline: each story exported once (or tagged), across URLs, sites and runs."""

from __future__ import annotations

import time
from typing import Any

from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from newsspider.dedupe import Candidate, Decision, Deduplicator
from newsspider.drops import DuplicateDropped, StateRefused
from newsspider.items import ArticleItem, record_id
from newsspider.per_crawl import crawl_state, fingerprinter, url_normalizer
from newsspider.state import StateUnavailableError
from newsspider.stats import inc_stat
from newsspider.urls import UrlNormalizer

DEDUPE_MODES = ("drop", "tag")


class DedupePipeline:
    """Drops (or, with NEWSSPIDER_DEDUPE=tag, tags) duplicates; on in ITEM_PIPELINES."""

    def __init__(
        self,
        deduplicator: Deduplicator,
        normalize: UrlNormalizer,
        stats: StatsCollector | None = None,
        *,
        mode: str = "drop",
    ) -> None:
        if mode not in DEDUPE_MODES:
            raise ValueError(f"NEWSSPIDER_DEDUPE={mode!r}: use one of {', '.join(DEDUPE_MODES)}")
        self.deduplicator = deduplicator
        self.normalize = normalize
        self.stats = stats
        self.tag = mode == "tag"

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupePipeline:
        """Build from the NEWSSPIDER_DEDUPE* settings and the crawl's state store."""
        deduplicator = Deduplicator(
            crawl_state(crawler), fingerprinter(crawler), run_started=int(time.time())
        )
        mode = crawler.settings.get("NEWSSPIDER_DEDUPE")
        return cls(deduplicator, url_normalizer(crawler), crawler.stats, mode=mode)

    def process_item(self, item: Any) -> Any:
        """Return the record with its revision (and tags) set, or raise DuplicateDropped."""
        if not isinstance(item, ArticleItem):
            return item
        candidate = Candidate(
            url=item.url,
            fetched_url=self.normalize(item.source_url),
            site=item.site,
            text=item.text,
            content_hash=item.content_hash,
        )
        try:
            decision = self.deduplicator.decide(candidate, int(time.time()))
        except StateUnavailableError as error:
            inc_stat(self.stats, "dedupe/state_refused")
            raise StateRefused(item.source_url, str(error)) from error
        if decision.export:
            item.revision = decision.revision
            item.refresh_id()
            kind = "revision" if decision.revision > 1 else "new"
            inc_stat(self.stats, f"dedupe/exported/{kind}")
            return item
        if self.tag and decision.is_copy and decision.duplicate_of is not None:
            return self._tagged(item, decision, decision.duplicate_of)
        reason = decision.reason or "url"
        inc_stat(self.stats, f"dedupe/dropped/{reason}")
        detail = f", similarity {decision.similarity:.2f}" if reason == "near" else ""
        raise DuplicateDropped(reason, decision.duplicate_of or item.url, item.source_url, detail)

    def _tagged(self, item: ArticleItem, decision: Decision, original: str) -> ArticleItem:
        """The copy exported with the URL and id of its cluster's first record."""
        item.duplicate_of = original
        item.duplicate_similarity = round(decision.similarity or 1.0, 4)
        item.cluster_id = record_id(original, decision.duplicate_revision)
        inc_stat(self.stats, f"dedupe/tagged/{decision.reason}")
        return item
