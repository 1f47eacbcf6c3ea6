"""The spider in-process: settings it derives, and its guard around page extraction."""

from __future__ import annotations

import logging

import pytest
from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler

from newsspider.pages.article import ArticlePage, PageResult
from newsspider.request_meta import SITE_KEY
from newsspider.spiders.news import NewsSpider
from tests.conftest import run_callback

ARTICLE_URL = "https://news.example.com/world/2024/06/21/a-story-with-a-long-slug"


def _spider(**settings: object) -> NewsSpider:
    crawler = get_crawler(
        NewsSpider,
        {"NEWSSPIDER_CONTACT_URL": "https://ops.example/crawler", "NEWSSPIDER_WORKERS_PROCESSES": 0}
        | settings,
    )
    spider = crawler._create_spider(site="https://news.example.com/")
    assert isinstance(spider, NewsSpider)
    return spider


def test_user_agent_names_the_contact_url() -> None:
    spider = _spider()
    assert (
        spider.crawler.settings["USER_AGENT"] == "newsspider/0.1.0 (+https://ops.example/crawler)"
    )


def test_own_user_agent_is_kept() -> None:
    spider = _spider(USER_AGENT="MyBot/1.0")
    assert spider.crawler.settings["USER_AGENT"] == "MyBot/1.0"


def test_a_page_whose_extraction_raises_is_logged_counted_and_skipped(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # Stands in for any bug in extraction code: the crawl must survive it.
    def broken(self: ArticlePage, *, want_links: bool = False) -> PageResult:
        raise RuntimeError("extractor bug")

    spider = _spider()
    spider.crawler.stats.open_spider()  # type: ignore[union-attr]
    spider.workers.spider_opened(spider)  # what the spider_opened signal does in a crawl
    monkeypatch.setattr(ArticlePage, "extract", broken)
    request = Request(ARTICLE_URL, meta={SITE_KEY: "news.example.com"})
    response = HtmlResponse(
        ARTICLE_URL, body=b"<html><body><p>x</p></body></html>", request=request
    )
    with caplog.at_level(logging.ERROR):
        assert run_callback(spider.parse_page(response)) == []
    assert f"Extraction failed for {ARTICLE_URL}" in caplog.text
    assert spider.crawler.stats.get_value("newsspider/bad_input/extraction_error") == 1  # type: ignore[union-attr]
