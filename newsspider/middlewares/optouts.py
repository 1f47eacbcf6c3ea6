"""OptOutMiddleware: a site's robots.txt and TDMRep file, read once per run, mark its pages."""

from __future__ import annotations

import logging

from scrapy.crawler import Crawler
from scrapy.http import Request, Response
from scrapy.http.request import NO_CALLBACK
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred

from newsspider.discovery.optouts import SiteOptOuts, parse_robots, parse_tdmrep
from newsspider.pages.fields.optouts import OPT_OUT_HEADERS, OptOutHints, opt_out_hints
from newsspider.per_crawl import robots_responses
from newsspider.request_meta import DISCOVERY_KEY, OPTOUT_FETCH_KEY, OPTOUTS_KEY, SITE_KEY
from newsspider.stats import inc_stat

logger = logging.getLogger(__name__)

TDMREP_PATH = "/.well-known/tdmrep.json"


class OptOutMiddleware:
    """Sets OPTOUTS_KEY on page requests: what robots.txt AI groups and tdmrep.json reserve.

    On in DOWNLOADER_MIDDLEWARES. The two files are fetched once per site and run, before the
    site's first page; the robots.txt agents are NEWSSPIDER_TDM_AGENTS.
    """

    # Ahead of the pages waiting for them, as Scrapy's RobotsTxtMiddleware does.
    FETCH_PRIORITY = 1000

    def __init__(self, crawler: Crawler, agents: list[str]) -> None:
        self.crawler = crawler
        self.agents = agents
        self._sites: dict[str, SiteOptOuts | Deferred[None]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> OptOutMiddleware:
        """Read NEWSSPIDER_TDM_AGENTS once."""
        return cls(crawler, crawler.settings.getlist("NEWSSPIDER_TDM_AGENTS"))

    async def process_request(self, request: Request) -> None:
        """Wait for the site's files (first page only), then mark the request."""
        meta = request.meta
        if SITE_KEY not in meta or meta.get(DISCOVERY_KEY) or meta.get(OPTOUT_FETCH_KEY):
            return
        parts = urlparse_cached(request)
        if parts.scheme not in {"http", "https"}:
            return
        site = await self._site(f"{parts.scheme}://{parts.netloc}")
        meta[OPTOUTS_KEY] = site.sources_for(request.url)

    async def _site(self, origin: str) -> SiteOptOuts:
        known = self._sites.get(origin)
        if isinstance(known, SiteOptOuts):
            return known
        if known is not None:  # another page of the site is fetching the files: wait for it
            # (Each waiter's callback passes None down a Deferred's chain, so the site is read
            # from the dict, not from the Deferred's result.)
            await maybe_deferred_to_future(known)
            return self._site_now(origin)
        waiting: Deferred[None] = Deferred()
        self._sites[origin] = waiting
        site = SiteOptOuts()  # what stays if reading fails: nothing reserved
        try:
            site = await self._read_site(origin)
        finally:
            self._sites[origin] = site
            waiting.callback(None)
        return site

    def _site_now(self, origin: str) -> SiteOptOuts:
        site = self._sites[origin]
        assert isinstance(site, SiteOptOuts)
        return site

    async def _read_site(self, origin: str) -> SiteOptOuts:
        # RobotsTxtOnceMiddleware (before this one) fetched it for this page: read that.
        fetched = robots_responses(self.crawler).get(origin)
        if fetched is not None:
            robots_body = fetched.body if fetched.status == 200 else None
        else:
            robots_body = await self._fetch(origin + "/robots.txt")
        robots, agents = parse_robots((robots_body or b"").decode("utf-8", "replace"), self.agents)
        inc_stat(self.crawler.stats, "tdm/robots_agents", len(agents))
        tdm_body = await self._fetch(origin + TDMREP_PATH)
        rules = parse_tdmrep(tdm_body) if tdm_body is not None else None
        if tdm_body is not None and rules is None:
            logger.info(
                "Not a TDMRep file (no JSON list of rules), ignored: %s", origin + TDMREP_PATH
            )
            inc_stat(self.crawler.stats, "tdm/tdmrep_invalid")
        elif rules is not None:
            inc_stat(self.crawler.stats, "tdm/tdmrep_found")
        return SiteOptOuts(robots, agents, rules or [])

    async def _fetch(self, url: str) -> bytes | None:
        """The body of a 200 response, or None: a missing or failing file reserves nothing."""
        request = Request(
            url,
            callback=NO_CALLBACK,
            priority=self.FETCH_PRIORITY,
            dont_filter=True,
            meta={"dont_obey_robotstxt": True, OPTOUT_FETCH_KEY: True},
        )
        assert self.crawler.engine is not None
        try:
            response = await self.crawler.engine.download_async(request)
        except Exception as error:  # any failure means no file, as for robots.txt
            logger.debug("No %s (%s)", url, error)
            return None
        return response.body if response.status == 200 else None


def response_opt_out_hints(response: Response) -> OptOutHints:
    """The response's reservation headers and OptOutMiddleware's mark of its URL, as hints."""
    headers = {
        name: ", ".join(value.decode("latin-1") for value in values)
        for name in OPT_OUT_HEADERS
        if (values := response.headers.getlist(name))
    }
    sources, policy = response.meta.get(OPTOUTS_KEY, ((), None))
    return opt_out_hints(headers, sources, policy)
