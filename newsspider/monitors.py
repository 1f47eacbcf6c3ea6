"""The crawl's health monitors, run by spidermon when the spider closes (SPIDERMON_ENABLED)."""

from __future__ import annotations

import logging
import warnings
from collections.abc import Callable, Iterable
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import ScrapyDeprecationWarning
from spidermon import Monitor, MonitorSuite, monitors

from newsspider.per_crawl import crawl_tally
from newsspider.report.checks import (
    Problem,
    Thresholds,
    check_articles,
    check_coverage,
    check_finish,
    check_ratios,
)
from newsspider.stats import inc_stat

logger = logging.getLogger(__name__)
# spidermon 1.27's runner logs through Spider.log, which Scrapy deprecates: one WARNING line
# per crawl that says nothing about the crawl.
warnings.filterwarnings(
    "ignore", r"Spider\.log\(\) is deprecated", ScrapyDeprecationWarning, r"spidermon\."
)


def thresholds(crawler: Crawler) -> Thresholds:
    """The NEWSSPIDER_MONITORS_* settings."""
    settings = crawler.settings
    coverage = settings.getdict("NEWSSPIDER_MONITORS_FIELD_COVERAGE")
    return Thresholds(
        field_coverage={name: float(share) for name, share in coverage.items()},
        article_share_ratio=settings.getfloat("NEWSSPIDER_MONITORS_ARTICLE_SHARE_RATIO"),
        min_new_pages=settings.getint("NEWSSPIDER_MONITORS_MIN_NEW_PAGES"),
        max_bad_input_share=settings.getfloat("NEWSSPIDER_MONITORS_MAX_BAD_INPUT_SHARE"),
        max_error_share=settings.getfloat("NEWSSPIDER_MONITORS_MAX_ERROR_SHARE"),
    )


class _SiteMonitor(Monitor):  # type: ignore[misc]  # spidermon ships no type information
    """Runs one check over every site of the crawl; each problem is one ERROR line."""

    def run_check(self, check: Callable[[Crawler, str, dict[str, Any]], Iterable[Problem]]) -> None:
        """Check each site, report what failed, and fail the monitor when anything did."""
        crawler: Crawler = self.data.crawler
        tally = crawl_tally(crawler)
        tally.monitored = True
        found = [p for site, figures in tally.final.items() for p in check(crawler, site, figures)]
        fail(crawler, found)
        self.assertFalse(found, "; ".join(f"{p.site}: {p.message}" for p in found))


def fail(crawler: Crawler, problems: Iterable[Problem]) -> None:
    """Log, count and keep (for the report) the problems a monitor found."""
    tally = crawl_tally(crawler)
    for problem in problems:
        where = f"site {problem.site}" if problem.site else "crawl"
        logger.error("Monitor failed: %s: %s: %s", where, problem.figure, problem.message)
        inc_stat(crawler.stats, f"monitors/failed/{problem.check}")
        tally.problems.append(problem)


@monitors.name("Articles")
class ArticlesMonitor(_SiteMonitor):
    """Of a site's new pages, the share exported has not collapsed against its earlier runs."""

    def test_new_page_share(self) -> None:
        """NEWSSPIDER_MONITORS_ARTICLE_SHARE_RATIO, NEWSSPIDER_MONITORS_MIN_NEW_PAGES."""
        self.run_check(
            lambda crawler, site, figures: check_articles(
                site, figures, crawl_tally(crawler).earlier.get(site, []), thresholds(crawler)
            )
        )


@monitors.name("Field coverage")
class CoverageMonitor(_SiteMonitor):
    """Each field in at least its share of a site's records (NEWSSPIDER_MONITORS_FIELD_COVERAGE)."""

    def test_coverage(self) -> None:
        """Fields under their threshold fail."""
        self.run_check(
            lambda crawler, site, figures: check_coverage(site, figures, thresholds(crawler))
        )


@monitors.name("Bad input and errors")
class RatiosMonitor(_SiteMonitor):
    """Bad inputs per response and failed requests per request under their thresholds."""

    def test_ratios(self) -> None:
        """NEWSSPIDER_MONITORS_MAX_BAD_INPUT_SHARE, NEWSSPIDER_MONITORS_MAX_ERROR_SHARE."""
        self.run_check(
            lambda crawler, site, figures: check_ratios(site, figures, thresholds(crawler))
        )


@monitors.name("Finish reason")
class FinishMonitor(Monitor):  # type: ignore[misc]  # spidermon ships no type information
    """The crawl ended with finish reason `finished`."""

    def test_finished(self) -> None:
        """Anything else (shutdown, closespider_*, memusage_exceeded) fails."""
        crawler: Crawler = self.data.crawler
        assert crawler.stats is not None
        found = check_finish(crawler.stats.get_value("finish_reason"))
        fail(crawler, found)
        self.assertFalse(found, "; ".join(p.message for p in found))


class CrawlHealthSuite(MonitorSuite):  # type: ignore[misc]  # spidermon ships no type information
    """newsspider's monitors (SPIDERMON_SPIDER_CLOSE_MONITORS); add spidermon's actions to it."""

    monitors = [ArticlesMonitor, CoverageMonitor, RatiosMonitor, FinishMonitor]
