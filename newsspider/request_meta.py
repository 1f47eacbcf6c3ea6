"""The request.meta keys the crawl's components share (no component imports the spider for them)."""

from __future__ import annotations

# The site (its SiteConfig key) a request belongs to.
SITE_KEY = "newsspider_site"
# Link hops from the site's home page or start URL.
DEPTH_KEY = "newsspider_depth"
# Set on sitemap requests at the usual paths, which may well not exist (a 404 is no bad input).
GUESS_KEY = "newsspider_sitemap_guess"
# The sitemap lastmod or feed update date of an article request: IncrementalMiddleware
# fetches a known URL again only when it is newer than the last fetch.
LASTMOD_KEY = "newsspider_lastmod"
# Set on robots.txt, sitemap and feed requests: the SitemapsFirstGate waits for them.
DISCOVERY_KEY = "newsspider_discovery"
# What a sitemap or feed said about the page (PageHints or None), set on its request.
HINTS_KEY = "newsspider_hints"
# Set on sitemap requests: the sitemap indexes that led to it (loops are refused); the
# SitemapStreamMiddleware also reads sitemaps by this key as they download.
SITEMAP_KEY = "newsspider_sitemap_chain"
# Set on article requests by OptOutMiddleware: the site-wide reservations covering the URL
# (robots.txt groups of AI crawlers, tdmrep.json) and the TDMRep policy URL, if any.
OPTOUTS_KEY = "newsspider_optouts"
# Set on OptOutMiddleware's own robots.txt and tdmrep.json requests.
OPTOUT_FETCH_KEY = "newsspider_optout_fetch"
# Set on requests leased from a shared crawl's Redis queue: (stream, entry id), so that the
# request is acknowledged there once its outcome is final (newsspider/distributed).
FLEET_ENTRY_KEY = "newsspider_fleet_entry"
