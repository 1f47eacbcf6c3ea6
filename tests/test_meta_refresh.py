"""HeadMetaRefreshMiddleware: the redirects of Scrapy's MetaRefreshMiddleware, on real objects."""

from __future__ import annotations

from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.settings import Settings
from scrapy.utils.conf import build_component_list
from scrapy.utils.test import get_crawler

from newsspider.middlewares.meta_refresh import HEAD_BYTES, HeadMetaRefreshMiddleware

URL = "https://news.example/world/2024/06/21/story"
REFRESH = b'<meta http-equiv="refresh" content="0; url=https://news.example/moved">'
FILLER = b"<p>" + b"A long article paragraph. " * 40 + b"</p>"


def _middleware() -> HeadMetaRefreshMiddleware:
    return HeadMetaRefreshMiddleware.from_crawler(get_crawler())


def _page(head: bytes, paragraphs: int) -> HtmlResponse:
    body = b"<html><head>" + head + b"</head><body>" + FILLER * paragraphs + b"</body></html>"
    return HtmlResponse(URL, body=body, encoding="utf-8", request=Request(URL))


def test_a_refresh_in_the_head_of_a_long_page_redirects() -> None:
    response = _page(REFRESH, paragraphs=200)
    assert len(response.body) > HEAD_BYTES
    redirected = _middleware().process_response(response.request, response)
    assert isinstance(redirected, Request)
    assert redirected.url == "https://news.example/moved"


def test_a_long_page_without_refresh_comes_back_whole() -> None:
    response = _page(b"<title>Story</title>", paragraphs=200)
    assert _middleware().process_response(response.request, response) is response


def test_a_short_page_is_handled_as_scrapy_does() -> None:
    response = _page(REFRESH, paragraphs=1)
    redirected = _middleware().process_response(response.request, response)
    assert isinstance(redirected, Request)
    assert redirected.url == "https://news.example/moved"


def test_a_refresh_after_the_first_4096_characters_is_ignored_as_by_scrapy() -> None:
    response = _page(b"<title>Story</title>" + b"<!-- x -->" * 500 + REFRESH, paragraphs=200)
    assert _middleware().process_response(response.request, response) is response


def test_it_takes_the_place_of_scrapys_in_the_project() -> None:
    settings = Settings()
    settings.setmodule("newsspider.settings")
    middlewares = build_component_list(settings.getwithbase("DOWNLOADER_MIDDLEWARES"))
    assert "newsspider.middlewares.meta_refresh.HeadMetaRefreshMiddleware" in middlewares
    assert "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware" not in middlewares


def test_a_refresh_spelled_in_capitals_redirects() -> None:
    response = _page(REFRESH.replace(b"refresh", b"REFRESH"), paragraphs=200)
    redirected = _middleware().process_response(response.request, response)
    assert isinstance(redirected, Request)
    assert redirected.url == "https://news.example/moved"


def test_a_refresh_in_a_utf16_page_redirects() -> None:
    # The word is not in the bytes as ASCII: such a page is decoded, as Scrapy does.
    html = "<html><head>" + REFRESH.decode() + "</head><body>" + FILLER.decode() * 3
    body = html.encode("utf-16-le")
    response = HtmlResponse(URL, body=body, encoding="utf-16-le", request=Request(URL))
    redirected = _middleware().process_response(response.request, response)
    assert isinstance(redirected, Request)
    assert redirected.url == "https://news.example/moved"
