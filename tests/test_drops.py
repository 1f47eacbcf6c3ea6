"""A dropped record's log line, and its memory: freed when dropped, not by the garbage collector."""

from __future__ import annotations

import asyncio
import gc
import logging
import weakref
from collections.abc import Iterator

import pytest
from scrapy import Spider
from scrapy.core.engine import ExecutionEngine
from scrapy.core.scraper import Slot
from scrapy.utils.test import get_crawler

from newsspider.drops import DropLogFormatter, DuplicateDropped

COPY = "https://news.example/copy"


class Record:
    """A record that can be watched with a weak reference."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.text = "word " * 20_000


class DropAsDuplicate:
    """An item pipeline that drops every record as a duplicate, as the dedupe does."""

    def process_item(self, item: Record) -> Record:
        """Raise DuplicateDropped."""
        raise DuplicateDropped("exact", "https://news.example/first", item.url)


@pytest.fixture
def no_collector() -> Iterator[None]:
    """The garbage collector off: what is still alive then is kept by a reference cycle."""
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _dropped_by_scrapy(formatter: str | None) -> weakref.ref[Record]:
    """A record dropped in Scrapy's own scraper; a weak reference to it."""
    settings = {"ITEM_PIPELINES": {f"{__name__}.DropAsDuplicate": 100}}
    if formatter is not None:
        settings["LOG_FORMATTER"] = formatter
    crawler = get_crawler(Spider, settings)
    scraper_log = logging.getLogger("scrapy.core.scraper")
    level = scraper_log.level
    # Building download handlers outside a running reactor logs errors; they do not matter here.
    # A drop logged at DEBUG is not logged at INFO: no log record holds the record either.
    logging.disable(logging.CRITICAL)
    scraper_log.setLevel(logging.INFO)
    try:
        engine = ExecutionEngine(crawler, lambda _: None)
        crawler.spider = Spider("news")
        engine.scraper.slot = Slot(1_000_000)
        record = Record(COPY)
        watched = weakref.ref(record)
        asyncio.run(engine.scraper.start_itemproc_async(record, response=None))
    finally:
        logging.disable(logging.NOTSET)
        scraper_log.setLevel(level)
    del record
    return watched


def test_a_dropped_record_is_freed_when_dropped(no_collector: None) -> None:
    watched = _dropped_by_scrapy("newsspider.drops.DropLogFormatter")
    assert watched() is None


def test_with_scrapys_own_formatter_it_waits_for_the_garbage_collector(
    no_collector: None,
) -> None:
    # What the formatter is for: Scrapy's own keeps the record in a reference cycle.
    watched = _dropped_by_scrapy(None)
    assert watched() is not None
    gc.collect()
    assert watched() is None


def test_a_dropped_record_is_one_line_naming_its_url() -> None:
    crawler = get_crawler(Spider)
    formatter = DropLogFormatter.from_crawler(crawler)
    drop = DuplicateDropped("exact", "https://news.example/first", COPY)
    logged = formatter.dropped(Record(COPY), drop, None, Spider("news", crawler=crawler))
    assert logged["level"] == logging.DEBUG
    assert logged["msg"] % logged["args"] == (
        f"Dropped: duplicate (exact) of https://news.example/first: {COPY}"
    )
