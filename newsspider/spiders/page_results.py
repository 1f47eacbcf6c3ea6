"""What a page's extraction gave, counted the same way by the crawl and by `scrapy reprocess`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsspider.stats import inc_site_stat, inc_stat

if TYPE_CHECKING:
    import logging

    from scrapy.crawler import Crawler

    from newsspider.items import ArticleItem
    from newsspider.pages.article import PageResult
    from newsspider.sites import SiteConfig

# Pages that are not articles for these reasons are bad input, not ordinary navigation.
BAD_PAGE_REASONS = frozenset({"empty", "not_html"})


def record_to_export(
    result: PageResult,
    url: str,
    site: SiteConfig | None,
    crawler: Crawler,
    logger: logging.Logger | logging.LoggerAdapter[logging.Logger],
) -> ArticleItem | None:
    """Count the page's outcome; its record when it is an article the site allows, else None."""
    stats, signals = crawler.stats, crawler.signals
    for rule, count in result.removed.items():
        inc_site_stat(stats, signals, f"cleaning/removed/{rule}", url, count=count)
    for reason, count in result.rejected.items():
        inc_stat(stats, f"metadata/{reason}", count)
    if result.record is None:
        reason = result.skip or "unknown"
        if reason in BAD_PAGE_REASONS:
            bad_input(crawler, logger, reason, url, "nothing to extract")
        else:
            logger.debug("Not an article (%s): %s", reason, url)
            inc_site_stat(stats, signals, f"pages/skipped/{reason}", url)
        return None
    if site is not None and not site.may_export(result.record.url):
        inc_site_stat(stats, signals, "pages/skipped/not_allowed", url)
        return None
    inc_stat(stats, "pages/article")
    return result.record


def bad_input(
    crawler: Crawler,
    logger: logging.Logger | logging.LoggerAdapter[logging.Logger],
    kind: str,
    url: str,
    detail: str,
) -> None:
    """One WARNING line with the URL, and the `bad_input/<kind>` counter."""
    logger.warning("Bad input (%s) at %s: %s", kind, url, detail)
    inc_site_stat(crawler.stats, crawler.signals, f"bad_input/{kind}", url)
