"""ReportExtension: per-site figures of the crawl, its run history, the report files."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from itemadapter import ItemAdapter
from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Request, Response

from newsspider.drops import DuplicateDropped
from newsspider.export.feed_defaults import uri_params, worker_suffix
from newsspider.items import record_fields
from newsspider.per_crawl import crawl_state, crawl_tally
from newsspider.report.history import load_runs, save_run
from newsspider.report.render import build_report, site_report, write_report
from newsspider.report.tally import CrawlTally
from newsspider.request_meta import DISCOVERY_KEY, SITE_KEY
from newsspider.state.store import StateStore
from newsspider.stats import PREFIX, site_stat, site_timing
from newsspider.urls import site_of

logger = logging.getLogger(__name__)


class ReportExtension:
    """Count per site, keep the run history, write report_<site>_<time>.html and .json.

    On unless NEWSSPIDER_REPORT_DIR is empty (no files) and spidermon is off (no monitors).
    """

    def __init__(
        self,
        crawler: Crawler,
        tally: CrawlTally,
        store: StateStore,
        *,
        directory: str,
        keep: int,
        min_new_pages: int,
    ) -> None:
        self.crawler = crawler
        self.min_new_pages = min_new_pages
        self.tally = tally
        self.store = store
        self.directory = directory
        self.keep = keep
        self.known: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ReportExtension:
        """Build from NEWSSPIDER_REPORT_DIR, _HISTORY_RUNS and NEWSSPIDER_MONITORS_MIN_NEW_PAGES."""
        settings = crawler.settings
        directory = settings.get("NEWSSPIDER_REPORT_DIR") or ""
        if not directory and not settings.getbool("SPIDERMON_ENABLED"):
            raise NotConfigured("NEWSSPIDER_REPORT_DIR is empty and spidermon is off")
        extension = cls(
            crawler,
            crawl_tally(crawler),
            crawl_state(crawler),
            directory=directory,
            keep=settings.getint("NEWSSPIDER_REPORT_HISTORY_RUNS"),
            min_new_pages=settings.getint("NEWSSPIDER_MONITORS_MIN_NEW_PAGES"),
        )
        for handler, signal in (
            (extension.spider_opened, signals.spider_opened),
            (extension.request_reached_downloader, signals.request_reached_downloader),
            (extension.response_received, signals.response_received),
            (extension.item_scraped, signals.item_scraped),
            (extension.item_dropped, signals.item_dropped),
            (extension.site_stat, site_stat),
            (extension.site_timing, site_timing),
            (extension.spider_closed, signals.spider_closed),
        ):
            crawler.signals.connect(handler, signal=signal)
        return extension

    def spider_opened(self, spider: Spider) -> None:
        """Load each site's earlier runs; hook the writing in after the monitors."""
        self.known = {site.key for site in getattr(spider, "site_configs", ())}
        for site in sorted(self.known):
            self.tally.site(site)
            self.tally.earlier[site] = [run["figures"] for run in load_runs(self.store, site)]
        # Connected now, once every extension is built: it runs after Spidermon's own
        # spider_closed handler, so the report lists what the monitors found.
        self.crawler.signals.connect(self.write, signal=signals.spider_closed)

    def _site(self, url: str, site: str | None = None) -> str:
        """The site a URL counts for: given, else its host's, else the only site crawled."""
        key = site or site_of(url)
        if key not in self.known and len(self.known) == 1:
            return next(iter(self.known))
        return key

    def request_reached_downloader(self, request: Request, spider: Spider) -> None:
        """Count a request sent, for its site."""
        self.tally.site(self._site(request.url, request.meta.get(SITE_KEY))).count("requests")

    def response_received(self, response: Response, request: Request, spider: Spider) -> None:
        """Count a response: status class, bytes, download latency, page or not."""
        site = self._site(response.url, request.meta.get(SITE_KEY))
        latency = request.meta.get("download_latency")
        page = not request.meta.get(DISCOVERY_KEY)
        self.tally.site(site).response(response.status, len(response.body), latency, page)

    def item_scraped(self, item: Any, spider: Spider) -> None:
        """Count an exported record for its site."""
        record = record_fields(item)
        self.tally.site(self._site(str(record.get("url", "")), record.get("site"))).record(record)

    def item_dropped(self, item: Any, exception: BaseException, spider: Spider) -> None:
        """Count a duplicate for its site, by reason."""
        if isinstance(exception, DuplicateDropped):
            record = ItemAdapter(item)
            site = self._site(str(record.get("url", "")), record.get("site"))
            self.tally.site(site).count(f"dedupe/dropped/{exception.reason}")

    def site_stat(self, key: str, url: str, count: int, site: str | None) -> None:
        """A newsspider counter that belongs to one site's URL."""
        self.tally.site(self._site(url, site)).count(key, url, count)

    def site_timing(self, key: str, url: str, seconds: float, site: str | None) -> None:
        """A page's extraction time."""
        self.tally.site(self._site(url, site)).extraction_s.append(seconds)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        """Freeze the figures before the monitors read them."""
        stats = self.crawler.stats
        assert stats is not None
        for site, tally in self.tally.sites.items():
            removed = stats.get_value(f"{PREFIX}boilerplate/{site}/removed", 0)
            tally.count("boilerplate/removed", count=int(removed))
            self.tally.final[site] = tally.figures()

    def write(self, spider: Spider, reason: str) -> None:
        """Save this run in each site's history, then write the report files."""
        finished = datetime.now(UTC).isoformat(timespec="seconds")
        report_sites = {}
        for site, figures in self.tally.final.items():
            problems = [p for p in self.tally.problems if p.site == site]
            earlier = self.tally.earlier.get(site, [])
            report_sites[site] = site_report(figures, earlier, problems, self.min_new_pages)
            run = {
                "finished_at": finished,
                "finish_reason": reason,
                "figures": figures,
                "problems": [p.as_dict() for p in problems],
            }
            # Crawls only: a `scrapy reprocess` run fetches nothing and is no run of the site.
            if site in self.known:
                save_run(self.store, site, run, self.keep)
        if not self.directory:
            return
        stats = self.crawler.stats
        assert stats is not None
        started = stats.get_value("start_time")
        crawl = {
            "spider": spider.name,
            "started_at": started.isoformat(timespec="seconds") if started else None,
            "finished_at": finished,
            "finish_reason": reason,
            "monitors_ran": self.tally.monitored,
        }
        report = build_report(report_sites, self.tally.problems, crawl)
        now = datetime.now(UTC).replace(microsecond=0).isoformat().replace(":", "-")
        params = uri_params({"time": now}, spider)
        name = f"report_{params['site']}_{params['time']}{worker_suffix(spider, params)}.html"
        html = Path(self.directory) / name
        write_report(report, html)
        logger.info("Crawl report: %s (and .json)", html)
