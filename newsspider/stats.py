"""inc_stat: how every component adds to the crawl's `newsspider/...` stats counters."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scrapy.statscollectors import StatsCollector

PREFIX = "newsspider/"


def inc_stat(stats: StatsCollector | None, key: str, count: int = 1) -> None:
    """Add `count` to `newsspider/<key>`; nothing without stats or for a count of 0."""
    if stats is not None and count:
        stats.inc_value(PREFIX + key, count)
