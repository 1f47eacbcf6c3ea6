"""A shared crawl's per-page state calls wait on Redis off the event loop (a real, slow Redis).

A loopback proxy holds back each of Redis's answers; a ticker task on the event loop counts
its turns while an answer is held. Calls made on the event loop would leave it no turn.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterator
from typing import Any, TypeVar

import pytest
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from newsspider import settings
from newsspider.drops import DuplicateDropped
from newsspider.items import ArticleItem
from newsspider.middlewares.incremental import IncrementalMiddleware
from newsspider.pages.article import content_hash
from newsspider.per_crawl import crawl_state
from newsspider.pipelines.duplicates import DedupePipeline, OffLoopDedupePipeline
from newsspider.spiders.news import NewsSpider
from tests.redis_proxy import RedisProxy
from tests.redis_server import RedisServer

T = TypeVar("T")
STORY = "https://a.example/news/story"
TEXT = " ".join(f"word{n}" for n in range(300))


@pytest.fixture
def slow_redis(redis_server: RedisServer) -> Iterator[RedisProxy]:
    """The test's Redis behind a proxy (answers on time until hold_s is set)."""
    proxy = RedisProxy(redis_server.port)
    yield proxy
    proxy.close()


def _crawler(state: str) -> Crawler:
    project = {name: getattr(settings, name) for name in dir(settings) if name.isupper()}
    crawler = get_crawler(NewsSpider, {**project, "NEWSSPIDER_STATE": state})
    crawl_state(crawler).open_run()
    return crawler


def _item() -> ArticleItem:
    return ArticleItem(
        url=STORY, source_url=STORY, site="a.example", title="A story", text=TEXT,
        word_count=300, fetched_at="2026-12-05T00:00:00+00:00", content_hash=content_hash(TEXT),
        extractor="test",
    )  # fmt: skip


def _turns_while_held(proxy: RedisProxy, work: Callable[[], Awaitable[T]]) -> tuple[T, int]:
    """work()'s result, and how many turns the event loop gave a ticker while Redis held back."""

    async def run() -> tuple[T, int]:
        turns = 0

        async def ticker() -> None:
            nonlocal turns
            while True:
                turns += proxy.holding.is_set()
                await asyncio.sleep(0.005)

        ticking = asyncio.create_task(ticker())
        proxy.hold_s = 0.3
        try:
            result = await work()
        finally:
            proxy.hold_s = 0.0
            ticking.cancel()
        return result, turns

    return asyncio.run(run())


def test_a_dedupe_decision_waits_on_redis_off_the_event_loop(slow_redis: RedisProxy) -> None:
    crawler = _crawler(slow_redis.url)
    pipeline = DedupePipeline.from_crawler(crawler)
    assert isinstance(pipeline, OffLoopDedupePipeline)

    async def first() -> Any:
        return await pipeline.process_item(_item())

    exported, turns = _turns_while_held(slow_redis, first)
    assert exported.revision == 1
    assert turns > 0, "the event loop had no turn while Redis held back its answer"
    assert crawler.stats.get_value("newsspider/dedupe/exported/new") == 1

    # The decision's outcome is the same as on the event loop: the second fetch is dropped.
    with pytest.raises(DuplicateDropped):
        asyncio.run(pipeline.process_item(_item()))
    pipeline.thread.close()
    crawl_state(crawler).close()


def test_the_incremental_check_waits_on_redis_off_the_event_loop(slow_redis: RedisProxy) -> None:
    crawler = _crawler(slow_redis.url)
    store = crawl_state(crawler)
    asyncio.run(DedupePipeline.from_crawler(crawler).process_item(_item()))
    middleware = IncrementalMiddleware.from_crawler(crawler)
    assert middleware.thread is not None
    requests = [Request(f"https://a.example/news/other-{n}") for n in range(150)]
    requests.insert(120, Request(STORY + "?utm_source=feed"))
    page = HtmlResponse("https://a.example/", body=b"<html></html>")

    async def output() -> list[Any]:
        async def callback() -> Any:
            for thing in [*requests[:60], {"not": "a request"}, *requests[60:]]:
                yield thing

        return [t async for t in middleware.process_spider_output_async(page, callback())]

    kept, turns = _turns_while_held(slow_redis, output)
    assert turns > 0, "the event loop had no turn while Redis held back its answer"
    # The exported story's URL is not fetched again; the rest comes out in its order.
    urls = [thing.url if isinstance(thing, Request) else thing for thing in kept]
    assert STORY + "?utm_source=feed" not in urls
    assert urls == [
        *[r.url for r in requests[:60]],
        {"not": "a request"},
        *[r.url for r in requests[60:] if r.url.startswith("https://a.example/news/other")],
    ]
    assert crawler.stats.get_value("newsspider/dedupe/dropped/url") == 1
    assert store.known_fetch(STORY) is not None
    middleware.thread.close()
    store.close()


def test_a_state_file_keeps_its_calls_on_the_event_loop(tmp_path: Any) -> None:
    crawler = _crawler(str(tmp_path / "state.sqlite"))
    assert type(DedupePipeline.from_crawler(crawler)) is DedupePipeline
    assert IncrementalMiddleware.from_crawler(crawler).thread is None
    crawl_state(crawler).close()
