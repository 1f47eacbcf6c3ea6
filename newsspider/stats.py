"""inc_stat: how every component adds to the crawl's `newsspider/...` stats counters."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scrapy.signalmanager import SignalManager
    from scrapy.statscollectors import StatsCollector

PREFIX = "newsspider/"
# Sent with each counter that belongs to one site's URL (key, url, count, site): the report
# extension keeps per-site counters from it (site None: the site is the URL's).
site_stat = object()
# Sent with a page's extraction time (key, url, seconds, site), for the report's percentiles.
site_timing = object()


def inc_stat(stats: StatsCollector | None, key: str, count: int = 1) -> None:
    """Add `count` to `newsspider/<key>`; nothing without stats or for a count of 0."""
    if stats is not None and count:
        stats.inc_value(PREFIX + key, count)


def inc_site_stat(
    stats: StatsCollector | None,
    signals: SignalManager | None,
    key: str,
    url: str,
    *,
    count: int = 1,
    site: str | None = None,
) -> None:
    """inc_stat, and the `site_stat` signal so that the report counts it for the URL's site."""
    inc_stat(stats, key, count)
    if signals is not None and count:
        signals.send_catch_log(site_stat, key=key, url=url, count=count, site=site)
