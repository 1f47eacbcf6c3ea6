"""IncrementalMiddleware on real Scrapy requests and responses and a real state file."""

from __future__ import annotations

from pathlib import Path

from scrapy import Request
from scrapy.http import HtmlResponse

from newsspider.dedupe import Fingerprinter
from newsspider.items import ArticleItem
from newsspider.middlewares.incremental import IncrementalMiddleware
from newsspider.request_meta import LASTMOD_KEY
from newsspider.spiders.news import NewsSpider
from newsspider.state import ExportedArticle, SQLiteStateStore
from newsspider.urls import UrlNormalizer

STORY = "https://news.example/world/2025/03/01/story"
FETCHED_AT = 1_750_000_000  # 2025-06-15T15:06:40+00:00


def _middleware(tmp_path: Path) -> IncrementalMiddleware:
    store = SQLiteStateStore(tmp_path / "state.sqlite", lsh=Fingerprinter().lsh)
    store.save_article(ExportedArticle(STORY, "news.example", "ab" * 32, bytes(256), 1, 1))
    store.record_fetch([STORY], STORY, "news.example", FETCHED_AT)
    return IncrementalMiddleware(store, UrlNormalizer())


def test_known_urls_are_skipped_unless_modified_since_the_fetch(tmp_path: Path) -> None:
    middleware = _middleware(tmp_path)
    new = Request("https://news.example/world/2025/03/02/other")
    assert middleware.get_processed_request(new, None) is new
    assert middleware.get_processed_request(Request(STORY + "?utm_source=rss"), None) is None
    older = Request(STORY, meta={LASTMOD_KEY: "2025-06-15T15:00:00+00:00"})
    assert middleware.get_processed_request(older, None) is None
    newer = Request(STORY, meta={LASTMOD_KEY: "2025-06-15T16:00:00+01:00"})  # 15:00 UTC
    assert middleware.get_processed_request(newer, None) is None
    newer = Request(STORY, meta={LASTMOD_KEY: "2025-06-15T15:10:00Z"})
    assert middleware.get_processed_request(newer, None) is newer
    day_only = Request(STORY, meta={LASTMOD_KEY: "2025-06-16"})
    assert middleware.get_processed_request(day_only, None) is day_only


def test_urls_redirected_to_an_exported_page_are_remembered(tmp_path: Path) -> None:
    middleware = _middleware(tmp_path)
    short = "https://news.example/s/4f2a"
    redirected = Request(STORY, meta={"redirect_urls": [short]})
    response = HtmlResponse(STORY, body=b"<html></html>", request=redirected)
    item = ArticleItem(
        url=STORY,
        source_url=STORY,
        site="news.example",
        title="Story",
        text="text",
        word_count=1,
        fetched_at="2025-06-15T15:06:40+00:00",
        content_hash="ab" * 32,
        extractor="test",
    )
    assert middleware.get_processed_request(Request(short), None) is not None
    middleware.item_scraped(item, response, NewsSpider(site="https://news.example/"))
    assert middleware.get_processed_request(Request(short), None) is None
