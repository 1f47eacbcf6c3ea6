"""Discovery parsers: sitemaps, RSS/Atom feeds and robots.txt, as pure functions."""

from __future__ import annotations

from newsspider.discovery.feeds import FeedEntry, feed_urls_from_html, parse_feed
from newsspider.discovery.robots import (
    USUAL_SITEMAP_PATHS,
    sitemap_urls_from_robots,
    usual_sitemap_urls,
)
from newsspider.discovery.sitemaps import Sitemap, SitemapEntry, maybe_gunzip, parse_sitemap
from newsspider.timestamps import to_iso8601

__all__ = [
    "USUAL_SITEMAP_PATHS",
    "FeedEntry",
    "Sitemap",
    "SitemapEntry",
    "feed_urls_from_html",
    "maybe_gunzip",
    "parse_feed",
    "parse_sitemap",
    "sitemap_urls_from_robots",
    "to_iso8601",
    "usual_sitemap_urls",
]
