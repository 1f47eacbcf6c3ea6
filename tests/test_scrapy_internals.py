"""The Scrapy internals newsspider reads (newsspider/scrapy_internals.py), on the installed Scrapy.

Each read is exercised on real Scrapy objects: an upgrade that renames one fails here, loudly,
instead of leaving a crawl to wait forever on held records or to confirm exports too early.
"""

from __future__ import annotations

import inspect
import logging
from pathlib import Path
from types import SimpleNamespace

import pytest
from scrapy import Spider
from scrapy.core.downloader import Slot as DownloaderSlot
from scrapy.core.engine import ExecutionEngine
from scrapy.core.engine import _Slot as EngineSlot
from scrapy.core.scheduler import Scheduler
from scrapy.core.scraper import Slot
from scrapy.extensions.feedexport import FeedExporter
from scrapy.http import Request
from scrapy.utils.reactor import CallLaterOnce
from scrapy.utils.test import get_crawler

from newsspider import settings as project_settings
from newsspider.export.atomic_files import AtomicFileFeedStorage
from newsspider.items import ArticleItem
from newsspider.scrapy_internals import (
    download_slot_delay,
    download_slot_key,
    feed_slot_storage,
    idle_but_start,
    only_held_work_left,
    scheduled_requests,
    storages_taking,
    wake_engine,
)


@pytest.fixture
def engine(caplog: pytest.LogCaptureFixture) -> ExecutionEngine:
    # Building download handlers outside a running reactor logs errors; they do not matter here.
    with caplog.at_level(logging.CRITICAL):
        return ExecutionEngine(get_crawler(Spider), lambda _: None)


def test_only_held_work_left_reads_the_scraper_and_the_engine(engine: ExecutionEngine) -> None:
    assert engine._start is None  # the attribute the engine's own idle test reads
    assert only_held_work_left(engine, held=1)  # no scraper slot yet: nothing else to wait for
    engine.scraper.slot = Slot(1_000_000)
    held = Request("https://news.example/held")
    engine.scraper.slot.active.add(held)
    engine.scraper.slot.itemproc_size = 1
    assert only_held_work_left(engine, held=1)
    # Another response in the scraper, or a download under way, is work besides the held one.
    engine.scraper.slot.active.add(Request("https://news.example/other"))
    assert not only_held_work_left(engine, held=1)
    engine.scraper.slot.active.discard(held)
    engine.downloader.active.add(held)
    assert not only_held_work_left(engine, held=1)


def test_scheduled_requests_and_idle_but_start_read_the_engine(engine: ExecutionEngine) -> None:
    # No scheduler yet (the spider not open): nothing queued, nothing keeps the crawl going.
    assert scheduled_requests(engine) == 0
    assert idle_but_start(engine)
    crawler = engine.crawler
    crawler.engine = engine
    spider = Spider("internals")
    spider.crawler = crawler
    scheduler = Scheduler.from_crawler(crawler)
    scheduler.open(spider)
    # The engine's slot needs a running reactor to build; only its scheduler is read here.
    engine._slot = SimpleNamespace(scheduler=scheduler)  # type: ignore[assignment]
    for path in ("a", "b", "c"):
        scheduler.enqueue_request(Request(f"https://news.example/{path}"))
    assert scheduled_requests(engine) == 3
    assert not idle_but_start(engine)  # requests wait in the scheduler
    while scheduler.next_request() is not None:
        pass
    assert scheduled_requests(engine) == 0
    assert idle_but_start(engine)
    engine.downloader.active.add(Request("https://news.example/a"))
    assert not idle_but_start(engine)  # a download under way
    engine.downloader.active.clear()
    engine.scraper.slot = Slot(1_000_000)
    engine.scraper.slot.active.add(Request("https://news.example/b"))
    assert not idle_but_start(engine)  # a response in the scraper


def test_storages_taking_reads_the_feed_exporters_open_files(tmp_path: Path) -> None:
    articles, other = tmp_path / "articles.jsonl", tmp_path / "other.jsonl"
    crawler = get_crawler(
        Spider,
        {
            "FEED_STORAGES": project_settings.FEED_STORAGES,
            "FEEDS": {
                str(articles): {"format": "jsonlines", "item_classes": [ArticleItem]},
                str(other): {"format": "jsonlines", "item_classes": [dict]},
            },
        },
    )
    feeds = FeedExporter.from_crawler(crawler)
    feeds.open_spider(Spider("internals"))
    item = ArticleItem(
        url="https://news.example/a", source_url="https://news.example/a", site="news.example",
        title="A", text="Text", word_count=1, fetched_at="2026-12-04T00:00:00+00:00",
        content_hash="0" * 16, extractor="test",
    )  # fmt: skip
    storages = storages_taking(feeds, item)
    assert [type(storage) for storage in storages] == [AtomicFileFeedStorage]
    assert isinstance(storages[0], AtomicFileFeedStorage)
    assert storages[0].final == articles
    assert feed_slot_storage(feeds.slots[0]) is storages[0]
    # Built by from_crawler: the storage can send feed_file_complete to the crawl.
    assert storages[0].crawler is crawler


def test_download_slot_key_and_delay_read_the_downloader(engine: ExecutionEngine) -> None:
    downloader = engine.downloader
    request = Request("https://news.example:8080/a")
    assert download_slot_key(downloader, request) == "news.example"  # the host, as Scrapy keys it
    assert download_slot_key(downloader, Request("https://x/", meta={"download_slot": "s"})) == "s"
    assert download_slot_delay(downloader, "news.example") == 0.0  # no slot yet
    # The downloader's slot of a request's key (made by its _get_slot); AutoThrottle sets delay.
    downloader.slots["news.example"] = DownloaderSlot(concurrency=2, delay=2.5, jitter=0.5)
    assert download_slot_delay(downloader, "news.example") == 2.5


def test_wake_engine_schedules_the_engines_next_pass(engine: ExecutionEngine) -> None:
    # The engine's slot keeps its next pass as `nextcall` (a CallLaterOnce): the attribute read.
    assert "nextcall" in inspect.signature(EngineSlot.__init__).parameters
    wake_engine(engine)  # no slot yet (the spider not open): nothing to wake, no error
    asked: list[float] = []
    nextcall = CallLaterOnce(lambda: None)
    nextcall.schedule = lambda delay=0.0: asked.append(delay)  # type: ignore[method-assign]
    engine._slot = SimpleNamespace(nextcall=nextcall)  # type: ignore[assignment]
    wake_engine(engine)
    assert len(asked) == 1
