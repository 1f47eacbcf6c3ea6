"""NewsSpider: discovery and navigation; page-to-record work lives in newsspider.pages."""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, DownloadCancelledError, IgnoreRequest
from scrapy.http import Request, Response, TextResponse
from scrapy.linkextractors import IGNORED_EXTENSIONS
from scrapy.settings import BaseSettings
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.url import url_has_any_extension
from twisted.python.failure import Failure
from w3lib.url import canonicalize_url

from newsspider.discovery import (
    parse_feed,
    parse_sitemap,
    sitemap_urls_from_robots,
    usual_sitemap_urls,
)
from newsspider.discovery.gate import SitemapsFirstGate
from newsspider.discovery.sitemaps import GZIP_MAGIC
from newsspider.distributed.fleet import FLEET_SCHEDULER, is_shared_crawl
from newsspider.guards.addresses import PrivateAddressRefused
from newsspider.items import ArticleItem
from newsspider.middlewares.optouts import response_opt_out_hints
from newsspider.pages.article import ArticlePage, ExtractionOptions, PageHints, PageResult
from newsspider.per_crawl import url_normalizer
from newsspider.request_meta import (
    DEPTH_KEY,
    DISCOVERY_KEY,
    GUESS_KEY,
    HINTS_KEY,
    LASTMOD_KEY,
    SITE_KEY,
    SITEMAP_KEY,
)
from newsspider.scrapy_internals import idle_but_start, scheduled_requests
from newsspider.sites import SiteConfig, sites_from_arguments
from newsspider.spiders.page_results import bad_input, record_to_export
from newsspider.stats import inc_site_stat, inc_stat
from newsspider.urls import UrlNormalizer
from newsspider.version import __version__
from newsspider.workers.pool import ExtractionWorkers

# Sitemaps read only in part: (stats kind, what the log line says).
SITEMAP_PROBLEMS = {
    "entities": ("sitemap_entities", "declares XML entities (not expanded)"),
    "malformed": ("sitemap_malformed", "broken XML; the entries before the damage are read"),
    "max_entries": ("sitemap_max_entries", "read up to NEWSSPIDER_SITEMAP_MAX_ENTRIES entries"),
    "max_size": ("sitemap_too_large", "read up to NEWSSPIDER_SITEMAP_MAX_SIZE bytes"),
}
_IGNORED_EXTENSIONS = [*IGNORED_EXTENSIONS, "xml", "rss", "json", "gz"]
# The frontier tops Scrapy's scheduler up to this many requests per concurrent download: enough
# that a free download slot never waits for start() to be asked again, few enough that a
# sitemap of any size costs a Request object per entry only while it is about to be fetched.
_FRONTIER_REQUESTS_PER_SLOT = 4
# How often start() looks again when the scheduler is full or discovery is still on the way.
_FRONTIER_POLL_S = 0.02

# A page a sitemap or feed listed, waiting in the frontier: (site key, URL, hints or None).
FrontierEntry = tuple[str, str, PageHints | None]


class NewsSpider(scrapy.Spider):
    """Crawl news sites from their home page: `scrapy crawl news -a site=URL`."""

    name = "news"
    # Set from the crawl's settings in from_crawler (their defaults: newsspider/settings.py).
    link_depth: int
    min_words: int
    sitemap_max_size: int
    sitemap_max_entries: int
    normalize_url: UrlNormalizer
    workers: ExtractionWorkers

    def __init__(self, site: str | None = None, sites: str | None = None, **kwargs: Any) -> None:
        self.site_configs = self.validate_arguments(site=site, sites=sites, **kwargs)
        super().__init__(**kwargs)
        keys = [config.key for config in self.site_configs]
        self.site_label = keys[0] if len(keys) == 1 else f"{keys[0]}-and-{len(keys) - 1}-more"
        self.allowed_domains = sorted({config.key.split(":")[0] for config in self.site_configs})
        self._by_key = {config.key: config for config in self.site_configs}
        self._gate: SitemapsFirstGate[Request] = SitemapsFirstGate()
        # Pages listed by sitemaps and feeds, released to the scheduler as it drains (start()),
        # while that is open; afterwards (or in a shared crawl) their requests go out at once.
        self._frontier: deque[FrontierEntry] = deque()
        self._frontier_open = False
        self._lazy_frontier = False

    @staticmethod
    def validate_arguments(
        site: str | None = None, sites: str | None = None, **kwargs: Any
    ) -> list[SiteConfig]:
        """Check the -a arguments; raise UsageError saying what is allowed."""
        return sites_from_arguments(site, sites, kwargs)

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        """Build an identifying USER_AGENT from NEWSSPIDER_CONTACT_URL unless one is set."""
        super().update_settings(settings)
        if settings.getpriority("USER_AGENT") == 0:  # still Scrapy's own default
            contact = settings.get("NEWSSPIDER_CONTACT_URL")
            settings.set("USER_AGENT", f"newsspider/{__version__} (+{contact})", priority="spider")
        if is_shared_crawl(settings):
            settings.set("SCHEDULER", FLEET_SCHEDULER, priority="spider")

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> NewsSpider:
        """Read the NEWSSPIDER_* settings once."""
        spider: NewsSpider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        spider.link_depth = settings.getint("NEWSSPIDER_LINK_DEPTH")
        spider.min_words = settings.getint("NEWSSPIDER_MIN_WORDS")
        spider.sitemap_max_size = settings.getint("NEWSSPIDER_SITEMAP_MAX_SIZE")
        spider.sitemap_max_entries = settings.getint("NEWSSPIDER_SITEMAP_MAX_ENTRIES")
        spider.normalize_url = url_normalizer(crawler)
        if is_shared_crawl(settings):
            # Sitemaps and pages go to whichever worker is free: no one worker sees when a
            # site's sitemaps are all read. The shared queue hands out discovery first instead.
            spider._gate = SitemapsFirstGate(hold=False)
        else:
            # A shared crawl's queue is in Redis: the whole sitemap goes there, not in memory.
            spider._lazy_frontier = True
        spider.workers = ExtractionWorkers.from_crawler(crawler)
        crawler.signals.connect(spider.request_dropped, signal=signals.request_dropped)
        crawler.signals.connect(spider.spider_idle, signal=signals.spider_idle)
        return spider

    # --- entry points --------------------------------------------------------------------------

    async def start(self) -> AsyncIterator[Request]:
        """For each site: robots.txt (for its sitemaps), the home page, and configured extras.

        Then the pages that sitemaps and feeds list, as the scheduler drains (the frontier).
        """
        for site in self.site_configs:
            for request in self._site_start_requests(site):
                yield request
        if self._lazy_frontier:
            async for request in self._release_frontier():
                yield request

    async def _release_frontier(self) -> AsyncIterator[Request]:
        # Yielded from start(), the requests pass through the spider middlewares (the
        # incremental filter) as a callback's would; engine.crawl() would skip them.
        engine = self.crawler.engine
        assert engine is not None
        wanted = _FRONTIER_REQUESTS_PER_SLOT * self.crawler.settings.getint("CONCURRENT_REQUESTS")
        self._frontier_open = True
        try:
            while True:
                if self._frontier:
                    if scheduled_requests(engine) < wanted:
                        yield self._page_request(*self._frontier.popleft())
                        continue
                elif not self._gate.any_open() or idle_but_start(engine):
                    # Every sitemap and feed read (or nothing else left to wait for): pages
                    # found from now on are requested at once.
                    return
                await asyncio.sleep(_FRONTIER_POLL_S)
        finally:
            self._frontier_open = False

    def _site_start_requests(self, site: SiteConfig) -> Iterator[Request]:
        yield self._discovery_request(
            site, urljoin(site.url, "/robots.txt"), self.parse_robots, errback=self.robots_failed
        )
        for url in (site.url, *site.start_urls):
            yield Request(
                url,
                callback=self.parse_page,
                errback=self.request_failed,
                meta={SITE_KEY: site.key},
            )
        yield from self._feed_requests(site, site.feeds)
        yield from self._sitemap_requests(site, site.sitemaps)

    def _discovery_request(
        self,
        site: SiteConfig,
        url: str,
        callback: Callable[[Response], Iterator[Request]],
        *,
        errback: Callable[[Failure], Iterator[Request]] | None = None,
        guess: bool = False,
    ) -> Request:
        self._gate.opened(site.key)
        return Request(
            url,
            callback=callback,
            errback=errback or self.request_failed,
            meta={SITE_KEY: site.key, DISCOVERY_KEY: True, GUESS_KEY: guess},
            priority=10,
        )

    # --- robots.txt and sitemaps ---------------------------------------------------------------

    def parse_robots(self, response: Response) -> Iterator[Request]:
        """Follow the Sitemap: lines of robots.txt, or try the usual sitemap paths."""
        site = self._site_of(response)
        text = response.text if isinstance(response, TextResponse) else ""
        urls = sitemap_urls_from_robots(text, response.url)
        inc_stat(self.crawler.stats, "discovery/robots_sitemaps", len(urls))
        if urls:
            # The site names these itself, so they are read even on another host.
            yield from self._sitemap_requests(site, urls, named=True)
        elif not site.sitemaps:
            yield from self._sitemap_requests(site, usual_sitemap_urls(site.url), guess=True)
        yield from self._gate.closed(site.key)

    def robots_failed(self, failure: Failure) -> Iterator[Request]:
        """No robots.txt: Scrapy's rules allow everything; look for sitemaps at the usual paths."""
        request = failure.request  # type: ignore[attr-defined]
        error = failure.value
        if isinstance(error, HttpError) and error.response.status < 500:
            self.logger.debug("No robots.txt at %s (%s)", request.url, failure.getErrorMessage())
        else:  # 5xx or no answer: Scrapy's RobotsTxtMiddleware then allows everything
            self._count_failure(request, failure)
        site = self._by_key[request.meta[SITE_KEY]]
        if not site.sitemaps:
            yield from self._sitemap_requests(site, usual_sitemap_urls(site.url), guess=True)
        yield from self._gate.closed(site.key)

    def _sitemap_requests(
        self,
        site: SiteConfig,
        urls: Iterable[str],
        *,
        guess: bool = False,
        named: bool = False,
        chain: tuple[str, ...] = (),
    ) -> Iterator[Request]:
        for url in urls:
            if not named and not site.owns(url):
                self.logger.debug("Sitemap on another host, not named in robots.txt: %s", url)
                inc_stat(self.crawler.stats, "discovery/sitemap/offsite")
                continue
            request = self._discovery_request(site, url, self.parse_sitemap, guess=guess)
            request.meta[SITEMAP_KEY] = chain
            request.meta["allow_offsite"] = named
            yield request

    def _feed_requests(self, site: SiteConfig, urls: Iterable[str]) -> Iterator[Request]:
        for url in urls:
            yield self._discovery_request(site, url, self.parse_feed)

    def parse_sitemap(self, response: Response) -> Iterator[Request]:
        """Sitemap index: follow its sitemaps. Sitemap: request its pages with their hints."""
        site = self._site_of(response)
        yield from self._read_sitemap(site, response)
        yield from self._gate.closed(site.key)

    def _read_sitemap(self, site: SiteConfig, response: Response) -> Iterator[Request]:
        body = response.body
        sitemap = parse_sitemap(body, response.url, self.sitemap_max_entries, self.sitemap_max_size)
        if sitemap.problem == "gzip":
            self._bad_input("sitemap_gzip", response.url, "gzip data that is broken or truncated")
            return
        if sitemap.kind == "invalid":
            if not response.meta.get(GUESS_KEY):
                self._bad_input("sitemap_invalid", response.url, "not a sitemap")
            return
        if _claims_gzip(response) and not body.startswith(GZIP_MAGIC):
            self._bad_input("sitemap_not_gzip", response.url, "said gzip, was plain XML; read")
        if sitemap.problem in SITEMAP_PROBLEMS:
            kind, detail = SITEMAP_PROBLEMS[sitemap.problem]
            self._bad_input(kind, response.url, detail)
        self._site_stat(f"discovery/sitemap/{sitemap.kind}", response.url, site)
        if sitemap.kind == "sitemapindex":
            yield from self._sitemap_index(site, response, [e.loc for e in sitemap.entries])
            return
        for entry in sitemap.entries:
            hints = PageHints(
                entry.news_title, entry.news_publication_date, entry.lastmod, source="sitemap"
            )
            yield from self._article_request(site, entry.loc, hints, "sitemap")

    def _sitemap_index(
        self, site: SiteConfig, response: Response, children: list[str]
    ) -> Iterator[Request]:
        chain = (*response.meta.get(SITEMAP_KEY, ()), response.url)
        seen = {canonicalize_url(url) for url in chain}
        loops = [url for url in children if canonicalize_url(url) in seen]
        for url in loops:
            self._bad_input("sitemap_loop", url, f"listed by {response.url}, which it leads to")
        fresh = [url for url in children if url not in loops]
        yield from self._sitemap_requests(site, fresh, chain=chain)

    # --- feeds ---------------------------------------------------------------------------------

    def parse_feed(self, response: Response) -> Iterator[Request]:
        """RSS or Atom: request each entry's page with the entry's title and dates as hints."""
        site = self._site_of(response)
        entries = parse_feed(response.body, response.url)
        if not entries:
            self._bad_input("feed_invalid", response.url, "no entries in feed")
        else:
            self._site_stat("discovery/feed/read", response.url, site)
        for entry in entries:
            hints = PageHints(entry.title, entry.published, entry.updated, source="feed")
            yield from self._article_request(site, entry.link, hints, "feed")
        yield from self._gate.closed(site.key)

    # --- pages ---------------------------------------------------------------------------------

    async def parse_page(self, response: Response) -> AsyncIterator[ArticleItem | Request]:
        """Export the page if it is an article; otherwise navigate its links and feeds."""
        site = self._site_of(response)
        depth: int = response.meta.get(DEPTH_KEY, 0)
        result = await self._extract(site, response, want_links=depth < self.link_depth)
        if result is None:
            return
        record = record_to_export(result, response.url, site, self.crawler, self.logger)
        if record is not None:
            yield record
        if result.record is not None:
            return
        requests: list[Request] = []
        if depth == 0:
            feeds = [feed for feed in result.feeds if site.may_request(feed)]
            inc_stat(self.crawler.stats, "discovery/feeds", len(feeds))
            requests += self._feed_requests(site, feeds)
        if depth < self.link_depth:
            requests += self._link_requests(site, result.links, depth + 1)
        for request in requests:
            yield request

    async def _extract(
        self, site: SiteConfig, response: Response, *, want_links: bool
    ) -> PageResult | None:
        if not isinstance(response, TextResponse):
            content_type = _content_type(response) or "unknown"
            self._bad_input("not_html", response.url, f"content type {content_type}")
            return None
        # Carried by the request (through redirects too); the WARC capture stores them beside
        # the page for reprocessing.
        hints: PageHints | None = response.meta.get(HINTS_KEY)
        page = ArticlePage(
            response.url,
            response.body,
            content_type=_content_type(response),
            site=site.key,
            hints=hints,
            fetched_at=datetime.now(UTC).isoformat(timespec="seconds"),
            options=ExtractionOptions(
                min_words=self.min_words,
                extra_boilerplate=site.boilerplate,
                boilerplate_selectors=site.boilerplate_selectors,
            ),
            opt_out_hints=response_opt_out_hints(response),
        )
        # In worker processes: the reactor thread goes on downloading meanwhile.
        return await self.workers.extract(page, want_links=want_links)

    def _link_requests(self, site: SiteConfig, links: Iterable[str], depth: int) -> list[Request]:
        requests = []
        for url in map(self._normalized, links):
            if not site.may_request(url) or url_has_any_extension(url, _IGNORED_EXTENSIONS):
                continue
            inc_stat(self.crawler.stats, "discovery/links")
            meta = {SITE_KEY: site.key, DEPTH_KEY: depth}
            requests.append(
                Request(url, callback=self.parse_page, errback=self.request_failed, meta=meta)
            )
        return self._gate.hold_or_pass(site.key, requests)

    def _article_request(
        self, site: SiteConfig, url: str, hints: PageHints, source: str
    ) -> Iterator[Request]:
        url = self._normalized(url)
        if not site.may_request(url):
            inc_stat(self.crawler.stats, f"discovery/{source}/offsite_or_denied")
            return
        self._site_stat(f"discovery/{source}/urls", url, site)
        entry = (site.key, url, hints if hints != PageHints() else None)
        if self._frontier_open:
            self._frontier.append(entry)
        else:
            yield self._page_request(*entry)

    def _page_request(self, site_key: str, url: str, hints: PageHints | None) -> Request:
        # Pages found in sitemaps and feeds are leaves: no link following from them. The hints
        # travel with the request, so a request a middleware drops leaves nothing behind.
        meta = {
            SITE_KEY: site_key,
            DEPTH_KEY: self.link_depth,
            LASTMOD_KEY: hints.modified if hints is not None else None,
            HINTS_KEY: hints,
        }
        return Request(url, callback=self.parse_page, errback=self.request_failed, meta=meta)

    def _normalized(self, url: str) -> str:
        """The URL in its one spelling (no tracking parameters, ...), counted when rewritten."""
        normalized = self.normalize_url(url)
        if normalized != url:
            inc_stat(self.crawler.stats, "url/normalized")
        return normalized

    # --- failures and bookkeeping -------------------------------------------------------------

    def request_failed(self, failure: Failure) -> Iterator[Request]:
        """Log and count a request that produced no usable response; the crawl goes on."""
        request = failure.request  # type: ignore[attr-defined]
        self._count_failure(request, failure)
        if request.meta.get(DISCOVERY_KEY):
            yield from self._gate.closed(request.meta[SITE_KEY])

    def _count_failure(self, request: Request, failure: Failure) -> None:
        error = failure.value
        if isinstance(error, HttpError):
            status = error.response.status
            if request.meta.get(GUESS_KEY):
                self.logger.debug("No sitemap at %s (HTTP %s)", request.url, status)
                inc_stat(self.crawler.stats, "discovery/sitemap/guess_missing")
                return
            self._bad_input(f"http_{status}", request.url, f"HTTP {status}")
        elif isinstance(error, PrivateAddressRefused):
            self._bad_input("private_address", request.url, str(error))
        elif isinstance(error, IgnoreRequest):
            message = failure.getErrorMessage()
            if "DOWNLOAD_MAXSIZE" in message:  # HttpCompressionMiddleware: a gzip bomb
                self._bad_input("too_large", request.url, message)
            elif "robots.txt" in message:
                self.logger.debug("Forbidden by robots.txt: %s", request.url)
                self._site_stat("pages/skipped/robots_forbidden", request.url)
            elif "redirect" in message:  # reported at the URL that was linked
                origin = request.meta.get("redirect_urls", [request.url])[0]
                self._bad_input("redirect_loop", origin, message)
            else:
                self._bad_input("ignored", request.url, message)
        elif isinstance(error, DownloadCancelledError):  # cancelled at DOWNLOAD_MAXSIZE
            message = failure.getErrorMessage() or "body larger than DOWNLOAD_MAXSIZE"
            self._bad_input("too_large", request.url, message)
        else:
            kind = type(error).__name__
            self._bad_input(f"network/{kind}", request.url, failure.getErrorMessage() or kind)

    def request_dropped(self, request: Request, spider: scrapy.Spider) -> None:
        """A redirect back to a URL already visited is a loop (the dupefilter drops it)."""
        if request.url in request.meta.get("redirect_urls", ()):
            self._bad_input("redirect_loop", request.meta["redirect_urls"][0], "redirect loop")
        if request.meta.get(DISCOVERY_KEY):
            self._schedule(self._gate.closed(request.meta[SITE_KEY]))

    def spider_idle(self, spider: scrapy.Spider) -> None:
        """Release link requests still held (a discovery callback failed): never lose them."""
        held = self._gate.release_all()
        if held:
            self._schedule(held)
            raise DontCloseSpider

    def _schedule(self, requests: Iterable[Request]) -> None:
        assert self.crawler.engine is not None
        for request in requests:
            self.crawler.engine.crawl(request)

    def _site_of(self, response: Response) -> SiteConfig:
        return self._by_key[response.meta[SITE_KEY]]

    def _bad_input(self, kind: str, url: str, detail: str) -> None:
        bad_input(self.crawler, self.logger, kind, url, detail)

    def _site_stat(self, key: str, url: str, site: SiteConfig | None = None) -> None:
        stats, signals = self.crawler.stats, self.crawler.signals
        inc_site_stat(stats, signals, key, url, site=site.key if site else None)


def _claims_gzip(response: Response) -> bool:
    return urlsplit(response.url).path.endswith(".gz") or "gzip" in (_content_type(response) or "")


def _content_type(response: Response) -> str | None:
    raw = response.headers.get("Content-Type")
    return raw.decode("latin-1") if raw else None
