"""RobotsTxtOnceMiddleware: a site's robots.txt fetched once per run, for all who read it."""

from __future__ import annotations

from typing import Any

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.http import Response
from scrapy.utils.httpobj import urlparse_cached

from newsspider.per_crawl import robots_responses
from newsspider.stats import inc_stat

ROBOTS_PATH = "/robots.txt"
# On a robots.txt response that this middleware fetched before and hands out again.
REUSED_FLAG = "robots.txt fetched once"


def origin_of(request: Request) -> str:
    """scheme://host[:port] of the request's URL."""
    parts = urlparse_cached(request)
    return f"{parts.scheme}://{parts.netloc}"


class RobotsTxtOnceMiddleware(RobotsTxtMiddleware):
    """Scrapy's RobotsTxtMiddleware, whose robots.txt response also serves the crawl's readers.

    Three parts of a crawl read a site's robots.txt: this middleware (the rules for our user
    agent), the spider (its Sitemap: lines) and OptOutMiddleware (the groups of AI crawlers).
    Each fetched it on its own, three requests per site and run. This middleware keeps the
    response it fetched (robots_responses); the spider's request for the same file gets that
    response without a download, and OptOutMiddleware reads it. On in DOWNLOADER_MIDDLEWARES,
    at Scrapy's place for its RobotsTxtMiddleware (100), which is off.
    """

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.responses = robots_responses(crawler)

    async def process_request(self, request: Request, spider: Spider | None = None) -> Any:
        """Scrapy's check; then, for a robots.txt already fetched, that response."""
        await super().process_request(request)
        if request.meta.get("dont_obey_robotstxt") or not _is_robots_txt(request):
            return None
        fetched = self.responses.get(origin_of(request))
        if fetched is None:  # its fetch failed: the request tries on its own
            return None
        inc_stat(self.crawler.stats, "robots/reused")
        return fetched.replace(request=request, flags=[*fetched.flags, REUSED_FLAG])

    async def _parse_robots(self, response: Response, netloc: str, request: Request) -> None:
        # Scrapy's own step from a fetched robots.txt to its rules: the one place the
        # middleware holds the response (newsspider/scrapy_internals.py says why).
        self.responses[origin_of(request)] = response  # the request's host is `netloc`
        await super()._parse_robots(response, netloc, request)


def _is_robots_txt(request: Request) -> bool:
    parts = urlparse_cached(request)
    return parts.path == ROBOTS_PATH and not parts.query
