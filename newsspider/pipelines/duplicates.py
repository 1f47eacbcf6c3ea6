"""DedupePipeline: each story exported once (or tagged), across URLs, sites and runs."""

from __future__ import annotations

import time
from typing import Any

from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from newsspider.dedupe import Candidate, Decision, Deduplicator
from newsspider.drops import DuplicateDropped, StateRefused
from newsspider.items import ArticleItem, record_id
from newsspider.per_crawl import crawl_state, fingerprinter, state_thread, url_normalizer
from newsspider.state import StateUnavailableError
from newsspider.state.thread import StateThread
from newsspider.stats import inc_stat
from newsspider.urls import UrlNormalizer

DEDUPE_MODES = ("drop", "tag")


class DedupeRules:
    """What both dedupe pipelines share: the record's candidate and what a decision does."""

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

    def _candidate(self, item: ArticleItem) -> Candidate:
        return Candidate(
            url=item.url,
            fetched_url=self.normalize(item.source_url),
            site=item.site,
            text=item.text,
            content_hash=item.content_hash,
        )

    def _refused(self, item: ArticleItem, error: StateUnavailableError) -> StateRefused:
        inc_stat(self.stats, "dedupe/state_refused")
        return StateRefused(item.source_url, str(error))

    def _apply(self, item: ArticleItem, decision: Decision) -> ArticleItem:
        """The record as the decision has it: exported, tagged, or dropped (raised)."""
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


class DedupePipeline(DedupeRules):
    """Drops (or, with NEWSSPIDER_DEDUPE=tag, tags) duplicates; on in ITEM_PIPELINES."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupeRules:
        """Build from the NEWSSPIDER_DEDUPE* settings and the crawl's state store.

        With a state over the network (Redis) the pipeline decides on the state's thread.
        """
        deduplicator = Deduplicator(
            crawl_state(crawler), fingerprinter(crawler), run_started=int(time.time())
        )
        mode = crawler.settings.get("NEWSSPIDER_DEDUPE")
        normalize, stats = url_normalizer(crawler), crawler.stats
        thread = state_thread(crawler)
        if thread is None:
            return cls(deduplicator, normalize, stats, mode=mode)
        return OffLoopDedupePipeline(deduplicator, normalize, stats, mode=mode, thread=thread)

    def process_item(self, item: Any) -> Any:
        """Return the record with its revision (and tags) set, or raise DuplicateDropped."""
        if not isinstance(item, ArticleItem):
            return item
        try:
            decision = self.deduplicator.decide(self._candidate(item), int(time.time()))
        except StateUnavailableError as error:
            raise self._refused(item, error) from error
        return self._apply(item, decision)


class OffLoopDedupePipeline(DedupeRules):
    """DedupePipeline whose decisions wait on Redis on the state's thread, not the event loop."""

    def __init__(self, *args: Any, thread: StateThread, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.thread = thread

    async def process_item(self, item: Any) -> Any:
        """As DedupePipeline's, with the decision's round trips off the event loop."""
        if not isinstance(item, ArticleItem):
            return item
        decide = self.deduplicator.decide
        try:
            decision = await self.thread.call(decide, self._candidate(item), int(time.time()))
        except StateUnavailableError as error:
            raise self._refused(item, error) from error
        # Stats and the record are touched here, on the event loop, as everywhere else.
        return self._apply(item, decision)
