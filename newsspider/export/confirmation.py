"""ExportConfirmExtension: an export is final in the state once its feed files are complete."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.extensions.feedexport import FeedSlot

from newsspider.export.atomic_files import (
    AtomicFileFeedStorage,
    feed_file_complete,
    finish_rename,
)
from newsspider.per_crawl import crawl_state
from newsspider.scrapy_internals import feed_slot_storage, feed_storages_taking
from newsspider.state.store import FileRename, StateStore
from newsspider.stats import inc_stat

logger = logging.getLogger(__name__)
# Sent with urls=[...] when those records' exports become final (`scrapy reprocess` then knows
# how far into an archive file a re-run may skip).
exports_confirmed = object()


class ExportConfirmExtension:
    """Confirms exports in the state when feed files complete; on when NEWSSPIDER_STATE is set.

    The dedupe records an export when the record passes it, before any feed has it; a crawl
    killed then would have the state believe in records no complete file holds. So an export
    stays pending until every feed file it went to has been stored, and the next run undoes
    what a killed run left pending. A local file's records are confirmed just before its
    rename, together with a note of the rename, which the next run finishes if need be.
    """

    def __init__(self, crawler: Crawler, store: StateStore) -> None:
        self.crawler = crawler
        self.store = store
        # URL -> feed files holding it that are not complete yet.
        self._waiting: dict[str, int] = {}
        # id(storage) -> URLs written to that feed file (a storage lives until its file is stored).
        self._file_urls: dict[int, list[str]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ExportConfirmExtension:
        """Build with the crawl's state store; NotConfigured when NEWSSPIDER_STATE is empty."""
        if not crawler.settings.get("NEWSSPIDER_STATE"):
            raise NotConfigured("NEWSSPIDER_STATE is empty: nothing outlives the crawl")
        extension = cls(crawler, crawl_state(crawler))
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        # Connected before FeedExporter's (EXTENSIONS priority below 0), so this sees the
        # feed files a record is about to be written to, before a full batch replaces them.
        crawler.signals.connect(extension.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(extension.feed_slot_closed, signal=signals.feed_slot_closed)
        crawler.signals.connect(extension.feed_file_complete, signal=feed_file_complete)
        return extension

    def spider_opened(self, spider: Spider) -> None:
        """Start the run: undo the unconfirmed exports of killed crawls, finish their renames."""
        undone = self.store.open_run()
        if undone:
            logger.warning(
                "State: %d exports of a crawl that was killed were in no complete feed file; "
                "they will be exported again",
                undone,
            )
            inc_stat(self.crawler.stats, "state/undone", undone)
        for rename in self.store.unfinished_renames():
            if finish_rename(Path(rename.partial), Path(rename.final), rename.size):
                logger.warning(
                    "State: %s was complete when its crawl was killed; renamed it to %s",
                    rename.partial,
                    rename.final,
                )
                inc_stat(self.crawler.stats, "state/renamed")
            else:
                logger.warning(
                    "State: %s, complete when its crawl was killed, is gone or changed; "
                    "its records count as exported",
                    rename.partial,
                )
            self.store.renamed(rename.partial)

    def item_scraped(self, item: Any, spider: Spider) -> None:
        """Note which feed files the record goes to; with none, its export is final now."""
        url = getattr(item, "url", None)
        if not isinstance(url, str):
            return
        storages = feed_storages_taking(self.crawler, item)
        if not storages:
            self._confirm([url])
            return
        self._waiting[url] = self._waiting.get(url, 0) + len(storages)
        for storage in storages:
            self._file_urls.setdefault(id(storage), []).append(url)

    def feed_file_complete(self, storage: AtomicFileFeedStorage) -> None:
        """A local feed file is whole on disk: confirm its records and note its rename."""
        if id(storage) not in self._file_urls:
            return
        size = storage.partial.stat().st_size
        rename = FileRename(str(storage.partial), str(storage.final), size)
        self._confirm(self._completed(storage), rename)

    def feed_slot_closed(self, slot: FeedSlot) -> None:
        """A feed file was stored: the rename is done, or (other storages) confirm it now."""
        storage = feed_slot_storage(slot)
        if isinstance(storage, AtomicFileFeedStorage):
            if storage.stored:
                self.store.renamed(str(storage.partial))
            return
        self._confirm(self._completed(storage))

    def _confirm(self, urls: list[str], rename: FileRename | None = None) -> None:
        self.store.confirm(urls, rename)
        if urls:
            self.crawler.signals.send_catch_log(exports_confirmed, urls=urls)

    def _completed(self, storage: object) -> list[str]:
        """The URLs of this feed file that are now in every file they went to."""
        done = []
        for url in self._file_urls.pop(id(storage), []):
            self._waiting[url] -= 1
            if not self._waiting[url]:
                del self._waiting[url]
                done.append(url)
        return done
