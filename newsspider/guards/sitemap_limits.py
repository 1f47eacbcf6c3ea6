"""SitemapStreamMiddleware: read sitemaps as they download and stop at the entry and size limits."""

from __future__ import annotations

from weakref import WeakKeyDictionary

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import StopDownload

from newsspider.discovery.sitemaps import SitemapReader
from newsspider.request_meta import SITEMAP_KEY

# Limits that end a download early; the callback then reads the same bytes to the same limit.
_LIMITS = frozenset({"max_entries", "max_size"})


class SitemapStreamMiddleware:
    """Stop a sitemap download at NEWSSPIDER_SITEMAP_MAX_ENTRIES entries or _MAX_SIZE bytes.

    Why: a sitemap of a million entries (or a generator that never ends) is then never held
    whole; only the bytes up to the limit arrive. On by default in DOWNLOADER_MIDDLEWARES.
    """

    def __init__(self, max_entries: int, max_size: int) -> None:
        self.max_entries = max_entries
        self.max_size = max_size
        self._readers: WeakKeyDictionary[Request, SitemapReader] = WeakKeyDictionary()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SitemapStreamMiddleware:
        """Read the sitemap limits once and listen to downloaded bytes."""
        settings = crawler.settings
        middleware = cls(
            settings.getint("NEWSSPIDER_SITEMAP_MAX_ENTRIES"),
            settings.getint("NEWSSPIDER_SITEMAP_MAX_SIZE"),
        )
        crawler.signals.connect(middleware.bytes_received, signal=signals.bytes_received)
        return middleware

    def process_request(self, request: Request) -> None:
        """Sitemaps may be as large as NEWSSPIDER_SITEMAP_MAX_SIZE, not only DOWNLOAD_MAXSIZE."""
        if SITEMAP_KEY in request.meta:
            request.meta.setdefault("download_maxsize", self.max_size)

    def bytes_received(self, data: bytes, request: Request, spider: Spider) -> None:
        """Feed a sitemap's bytes to a reader; stop the download once a limit is reached."""
        if SITEMAP_KEY not in request.meta:
            return
        reader = self._readers.get(request)
        if reader is None:
            # Counted, not kept: the callback parses the whole body again, and two lists of
            # a large sitemap's entries would be held at once.
            reader = self._readers[request] = SitemapReader(
                request.url, self.max_entries, self.max_size, keep_entries=False
            )
        # A reader that gave up for another reason (not XML, or encoded as br) leaves the
        # download alone: the callback judges the whole body.
        if not reader.feed(data) and reader.problem in _LIMITS:
            del self._readers[request]
            raise StopDownload(fail=False)
