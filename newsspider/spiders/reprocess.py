"""ReprocessSpider: records from archived pages with today's extraction and cleaning, no crawl."""

from __future__ import annotations

import asyncio
import io
import time
import zipfile
from collections.abc import AsyncIterator, Iterable, Iterator
from dataclasses import fields
from pathlib import Path
from typing import Any

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler

from newsspider.archive.http_stream import ArchiveUnavailable, HttpStream
from newsspider.archive.progress import FILES_NAMESPACE, FileLedger, Progress
from newsspider.archive.reader import DAMAGED, ArchivedPage, ArchiveEntry, iter_file, iter_warc
from newsspider.archive.sources import is_url
from newsspider.export.confirmation import exports_confirmed
from newsspider.items import ArticleItem
from newsspider.pages.article import ArticlePage, ExtractionOptions, PageHints
from newsspider.per_crawl import crawl_state
from newsspider.sites import SiteConfig, sites_from_arguments
from newsspider.spiders.page_results import bad_input, record_to_export
from newsspider.stats import inc_stat
from newsspider.urls import site_of
from newsspider.workers.pool import ExtractionWorkers

_BUFFER = 1024 * 1024
# A file's restart point is written to the state at most this often (seconds).
_CHECKPOINT_EVERY = 1.0


class ReprocessSpider(scrapy.Spider):
    """Yield a record for each archived article page; run by `scrapy reprocess ARCHIVE...`."""

    name = "reprocess"
    # Set from the NEWSSPIDER_* settings in from_crawler.
    min_words: int
    files_at_once: int
    retries: int
    retry_delay: float
    timeout: float
    progress_interval: float
    workers: ExtractionWorkers

    def __init__(
        self,
        archives: Iterable[str] = (),
        site: str | None = None,
        sites: str | None = None,
        **kwargs: Any,
    ) -> None:
        configs = self.validate_arguments(site=site, sites=sites, **kwargs)
        super().__init__(**kwargs)
        self.archives = list(archives)
        self.site_label = configs[0].key if len(configs) == 1 else "archive"
        self.site_configs_by_key: dict[str, SiteConfig] = {c.key: c for c in configs}
        self.progress = Progress(len(self.archives))
        # source_url or url -> (ledger, record number) of records on their way to the feeds.
        self._on_the_way: dict[str, list[tuple[FileLedger, int]]] = {}
        self._checkpointed: dict[str, float] = {}

    @staticmethod
    def validate_arguments(
        site: str | None = None, sites: str | None = None, **kwargs: Any
    ) -> list[SiteConfig]:
        """-a site=URL[,URL...] and -a sites=FILE, as for crawl: only those sites' pages."""
        return sites_from_arguments(site, sites, kwargs, required=False)

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> ReprocessSpider:
        """Read the NEWSSPIDER_* settings once; start the extraction workers."""
        spider: ReprocessSpider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        spider.min_words = settings.getint("NEWSSPIDER_MIN_WORDS")
        spider.files_at_once = max(1, settings.getint("NEWSSPIDER_ARCHIVE_FILES_AT_ONCE"))
        spider.retries = settings.getint("NEWSSPIDER_ARCHIVE_RETRIES")
        spider.retry_delay = settings.getfloat("NEWSSPIDER_ARCHIVE_RETRY_DELAY")
        spider.timeout = settings.getfloat("NEWSSPIDER_ARCHIVE_TIMEOUT")
        spider.progress_interval = settings.getfloat("NEWSSPIDER_ARCHIVE_PROGRESS_INTERVAL")
        spider.workers = ExtractionWorkers.from_crawler(crawler)
        crawler.signals.connect(spider.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(spider.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(spider.item_dropped, signal=signals.item_error)
        crawler.signals.connect(spider.exports_confirmed, signal=exports_confirmed)
        return spider

    # --- reading ---------------------------------------------------------------------------

    async def start(self) -> AsyncIterator[ArticleItem]:
        """Read the archives, several at once; records go through the item pipelines and FEEDS."""
        stats = self.crawler.stats
        assert stats is not None
        stats.set_value("newsspider/reprocess/files_listed", len(self.archives))
        records: asyncio.Queue[ArticleItem | None] = asyncio.Queue()
        reading = asyncio.ensure_future(self._read_all(records))
        ticking = asyncio.ensure_future(self._tick())
        try:
            while (record := await records.get()) is not None:
                yield record
        finally:
            ticking.cancel()
            reading.cancel()  # done unless the run was stopped early

    async def _read_all(self, records: asyncio.Queue[ArticleItem | None]) -> None:
        files = asyncio.Semaphore(self.files_at_once)
        # Enough pages on their way for every worker to be busy, few enough to bound memory.
        pages = asyncio.Semaphore(2 * max(1, self.workers.processes) + 2)
        extracting: set[asyncio.Task[None]] = set()

        async def read(name: str) -> None:
            async with files:
                await self._read_file(name, records, pages, extracting)

        try:
            await asyncio.gather(*(read(name) for name in self.archives))
            while extracting:
                await asyncio.gather(*extracting)
        finally:
            records.put_nowait(None)

    async def _read_file(
        self,
        name: str,
        records: asyncio.Queue[ArticleItem | None],
        pages: asyncio.Semaphore,
        extracting: set[asyncio.Task[None]],
    ) -> None:
        store = crawl_state(self.crawler)
        saved = store.get(FILES_NAMESPACE, name) or {}
        if saved.get("done"):
            self.logger.info("Archive %s: finished by an earlier run, skipped", name)
            inc_stat(self.crawler.stats, "reprocess/files_skipped_done")
            self.progress.files_listed -= 1
            return
        ledger = FileLedger(name, restart=int(saved.get("offset", 0)))
        if ledger.restart:
            self.logger.info("Archive %s: resumed at byte %d", name, ledger.restart)
            inc_stat(self.crawler.stats, "reprocess/files_resumed")
        entries = self._entries(name, ledger.restart)
        read = 0
        try:
            while (entry := await asyncio.to_thread(next, entries, None)) is not None:
                read += 1
                number = ledger.read(entry.offset)
                if entry.page is None:
                    self._skipped(name, entry)
                    ledger.settle(number)
                    continue
                await pages.acquire()
                task = asyncio.ensure_future(self._extract(entry.page, ledger, number, records))
                extracting.add(task)
                task.add_done_callback(extracting.discard)
                task.add_done_callback(lambda _: pages.release())
        except ArchiveUnavailable as error:
            self.logger.warning("Archive %s unavailable, going on with the next: %s", name, error)
            inc_stat(self.crawler.stats, "reprocess/files_failed")
            return
        except (OSError, zipfile.BadZipFile) as error:
            if not read and not ledger.restart:
                bad_input(self.crawler, self.logger, "archive_invalid", name, str(error))
                return
            # Broken off (a truncated or corrupt file): what came before it is read.
            detail = f"broken after byte {ledger.last_offset} ({error}); the records before read"
            bad_input(self.crawler, self.logger, "archive_damaged", name, detail)
        if not read and not ledger.restart:
            bad_input(self.crawler, self.logger, "archive_invalid", name, "no WARC record")
            return
        ledger.read_all = True
        self.progress.files_done += 1
        inc_stat(self.crawler.stats, "reprocess/files")
        self.logger.info("Archive %s read to its end: %s", name, self.progress.line())
        self._checkpoint(ledger)

    def _entries(self, name: str, start: int) -> Iterator[ArchiveEntry]:
        wanted = self._wanted if self.site_configs_by_key else None
        if not is_url(name):
            yield from iter_file(Path(name), start, wanted)
            return
        stream = HttpStream(
            name,
            start,
            retries=self.retries,
            retry_delay=self.retry_delay,
            timeout=self.timeout,
            on_retry=lambda _: inc_stat(self.crawler.stats, "reprocess/retries"),
        )
        with stream, io.BufferedReader(stream, _BUFFER) as buffered:
            yield from iter_warc(buffered, wanted)

    def _wanted(self, url: str) -> bool:
        return site_of(url) in self.site_configs_by_key

    def _skipped(self, name: str, entry: ArchiveEntry) -> None:
        self.progress.records += 1
        inc_stat(self.crawler.stats, "reprocess/records")
        if entry.skipped == DAMAGED:
            detail = f"record cut short in {name} at byte {entry.offset}; not exported"
            bad_input(self.crawler, self.logger, "archive_damaged", entry.url, detail)
        else:
            inc_stat(self.crawler.stats, f"reprocess/skipped/{entry.skipped}")

    async def _extract(
        self,
        page: ArchivedPage,
        ledger: FileLedger,
        number: int,
        records: asyncio.Queue[ArticleItem | None],
    ) -> None:
        self.progress.records += 1
        inc_stat(self.crawler.stats, "reprocess/records")
        inc_stat(self.crawler.stats, "reprocess/pages")
        site = page.context.get("site") or site_of(page.url)
        config = self.site_configs_by_key.get(site)
        article = ArticlePage(
            page.url,
            page.body,
            content_type=page.content_type,
            site=site,
            hints=_hints(page.context.get("hints")),
            fetched_at=page.fetched_at,
            opt_out_hints=page.opt_out_hints,
            options=ExtractionOptions(
                min_words=self.min_words,
                extra_boilerplate=config.boilerplate if config else (),
                boilerplate_selectors=config.boilerplate_selectors if config else (),
            ),
        )
        result = await self.workers.extract(article, want_links=False)
        record = None
        if result is not None:
            record = record_to_export(result, page.url, config, self.crawler, self.logger)
        if record is None:
            self._settle(ledger, number)
            return
        self._on_the_way.setdefault(record.source_url, []).append((ledger, number))
        records.put_nowait(record)

    # --- how far each file is settled -------------------------------------------------------

    def item_scraped(self, item: Any) -> None:
        """A record passed the pipelines: settled once its export is final (exports_confirmed)."""
        if isinstance(item, ArticleItem):
            self.progress.exported += 1
            for token in self._on_the_way.pop(item.source_url, []):
                self._on_the_way.setdefault(item.url, []).append(token)

    def item_dropped(self, item: Any) -> None:
        """A record dropped (duplicate, invalid) or failed in a pipeline: settled."""
        if isinstance(item, ArticleItem):
            for ledger, number in self._on_the_way.pop(item.source_url, []):
                self._settle(ledger, number)

    def exports_confirmed(self, urls: list[str]) -> None:
        """These records are in complete feed files: settled."""
        for url in urls:
            for ledger, number in self._on_the_way.pop(url, []):
                self._settle(ledger, number)

    def _settle(self, ledger: FileLedger, number: int) -> None:
        ledger.settle(number)
        self._checkpoint(ledger)

    def _checkpoint(self, ledger: FileLedger) -> None:
        store = crawl_state(self.crawler)
        if ledger.finished:
            store.put(FILES_NAMESPACE, ledger.name, {"done": True})
            inc_stat(self.crawler.stats, "reprocess/files_finished")
            return
        now = time.monotonic()
        if now - self._checkpointed.get(ledger.name, 0.0) >= _CHECKPOINT_EVERY:
            self._checkpointed[ledger.name] = now
            store.put(FILES_NAMESPACE, ledger.name, {"offset": ledger.restart})

    # --- progress ---------------------------------------------------------------------------

    async def _tick(self) -> None:
        while True:
            await asyncio.sleep(self.progress_interval)
            self._progress_stats()
            self.logger.info("Reprocess: %s", self.progress.line())

    def _progress_stats(self) -> None:
        stats = self.crawler.stats
        assert stats is not None
        stats.set_value("newsspider/reprocess/files_done", self.progress.files_done)
        stats.set_value("newsspider/reprocess/records_per_second", round(self.progress.rate(), 1))
        stats.set_value("newsspider/reprocess/exported", self.progress.exported)

    def closed(self, reason: str) -> None:
        """The last progress line and figures."""
        self._progress_stats()
        self.logger.info("Reprocess %s: %s", reason, self.progress.line())


def _hints(stored: object) -> PageHints | None:
    if not isinstance(stored, dict):
        return None
    values = {f.name: stored[f.name] for f in fields(PageHints) if stored.get(f.name) is not None}
    return PageHints(**values)
