"""Scrapy's own floor for `make bench`: a plain spider that downloads the bench pages and stops.

The site's sitemap, then each page it lists, with robots.txt obeyed, at the crawl's concurrency
and no delay; the callback does nothing with the page. What this costs per page is what any
Scrapy crawl of these pages pays before it does anything with them (`scrapy runspider`, no
project settings).
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from typing import Any

import scrapy
from scrapy.http import Response

_LOC = re.compile(rb"<loc>([^<]+)</loc>")


class PlainSpider(scrapy.Spider):
    """Downloads the sitemap's pages and does nothing with them."""

    name = "plain"
    custom_settings = {
        "CONCURRENT_REQUESTS": 16,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
        "DOWNLOAD_DELAY": 0,
        "ROBOTSTXT_OBEY": True,
    }

    def __init__(self, site: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.site = site.rstrip("/")

    async def start(self) -> AsyncIterator[scrapy.Request]:
        """The sitemap first."""
        yield scrapy.Request(self.site + "/sitemap.xml", callback=self.parse_sitemap)

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        """A request for each URL the sitemap lists."""
        for url in _LOC.findall(response.body):
            yield scrapy.Request(url.decode(), callback=self.parse_page)

    def parse_page(self, response: Response) -> None:
        """Nothing: the page was downloaded, which is what this spider measures."""
