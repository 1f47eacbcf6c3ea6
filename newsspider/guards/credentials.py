"""Keep credentials out of requests, logs and records: user:password@ in URLs is removed."""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from scrapy import Request
from scrapy.crawler import Crawler

from newsspider.items import ArticleItem
from newsspider.stats import inc_stat

logger = logging.getLogger(__name__)


def strip_userinfo(url: str) -> str:
    """url without 'user:password@' (unchanged if it has none or cannot be parsed)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))


class CredentialsMiddleware:
    """Reschedule a request whose URL carries user:password@ without it (on by default).

    Why: such URLs come from pages, sitemaps and redirects, i.e. from strangers; sending their
    credentials on, or writing them to the log, leaks them.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CredentialsMiddleware:
        """Build it."""
        return cls(crawler)

    def process_request(self, request: Request) -> Request | None:
        """The same request without the URL's credentials, or None to go on."""
        clean = strip_userinfo(request.url)
        if clean == request.url:
            return None
        logger.debug("Removed credentials from the URL of %s", clean)
        inc_stat(self.crawler.stats, "credentials/removed")
        return request.replace(url=clean)


class CredentialsPipeline:
    """Remove user:password@ from the URLs of every record (url, source_url, image)."""

    def process_item(self, item: Any) -> Any:
        """The item with clean URLs."""
        if not isinstance(item, ArticleItem):
            return item
        url, source_url = strip_userinfo(item.url), strip_userinfo(item.source_url)
        image = strip_userinfo(item.image) if item.image else item.image
        if (url, source_url, image) == (item.url, item.source_url, item.image):
            return item  # nearly every record: no copy of the whole record for nothing
        return replace(item, url=url, source_url=source_url, image=image)
