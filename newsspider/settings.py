"""Scrapy settings of newsspider, grouped by component; every value can be overridden with -s."""

from __future__ import annotations

import os

BOT_NAME = "newsspider"
SPIDER_MODULES = ["newsspider.spiders"]
NEWSPIDER_MODULE = "newsspider.spiders"
COMMANDS_MODULE = "newsspider.commands"

# --- Politeness -----------------------------------------------------------------------------
ROBOTSTXT_OBEY = True
# USER_AGENT is built from this by NewsSpider.update_settings unless you set USER_AGENT yourself.
NEWSSPIDER_CONTACT_URL = "https://github.com/newsspider/newsspider"
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_DELAY = 0.25
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
DOWNLOAD_TIMEOUT = 30
RETRY_TIMES = 2
REDIRECT_MAX_TIMES = 5
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False

# --- Discovery ------------------------------------------------------------------------------
# How many link hops from a home page (or configured start URL) navigation follows.
NEWSSPIDER_LINK_DEPTH = 2
# Largest sitemap (after gunzip) that is read, in bytes, and most entries taken from one file.
NEWSSPIDER_SITEMAP_MAX_SIZE = 50 * 1024 * 1024
NEWSSPIDER_SITEMAP_MAX_ENTRIES = 50_000

# --- Extraction -----------------------------------------------------------------------------
# A page with fewer words of main text is not exported as an article.
NEWSSPIDER_MIN_WORDS = 80

# --- Workers: where page-to-record work runs ------------------------------------------------
# Worker processes that extract pages, off the crawl's reactor thread; 0 extracts in-process
# (for debugging: no time bound, no memory limit).
NEWSSPIDER_WORKERS_PROCESSES = os.cpu_count() or 1
# A page whose extraction takes longer (seconds) is abandoned and its worker replaced; 0: no bound.
NEWSSPIDER_WORKERS_TIMEOUT = 30.0
# A worker whose resident memory goes over this (MB) ends itself and is replaced; 0: no limit.
NEWSSPIDER_WORKERS_MEMORY_LIMIT_MB = 1024
# Back-pressure (Scrapy's own setting, its default value): a page waiting for a worker keeps its
# response in Scrapy's scraper; above this many bytes of them Scrapy stops downloading.
SCRAPER_SLOT_MAX_ACTIVE_SIZE = 5_000_000
# Scrapy starts this many asyncio tasks for the output of every response (default 100); a page
# yields one record or a list of links, and the pipelines do not wait on I/O.
CONCURRENT_ITEMS = 8

# --- Export ---------------------------------------------------------------------------------
# Default feed: one JSON Lines file per crawl under output/; -o/-O replace it as usual.
FEEDS = {
    "output/%(name)s_%(site)s_%(time)s.jsonl": {"format": "jsonlines", "encoding": "utf8"},
}
FEED_URI_PARAMS = "newsspider.feeds.uri_params"
FEED_EXPORT_ENCODING = "utf-8"

# --- State ----------------------------------------------------------------------------------
# Where the crawl's state lives: a SQLite file path; empty to keep no state.
NEWSSPIDER_STATE = "output/state.sqlite"

# --- Monitoring -----------------------------------------------------------------------------
# Write the final crawl stats as JSON to this path (for scheduled jobs); empty to disable.
NEWSSPIDER_STATS_FILE = ""

EXTENSIONS = {
    "newsspider.extensions.StatsFileExtension": 500,
    "newsspider.state.StateExtension": 510,
}

LOG_LEVEL = "INFO"
