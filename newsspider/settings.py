"""Scrapy settings of newsspider, grouped by component; every value can be overridden with -s."""

from __future__ import annotations

from newsspider.urls import DEFAULT_TRACKING_PARAMS

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

# --- Export ---------------------------------------------------------------------------------
# Default feed: one JSON Lines file per crawl under output/; -o/-O replace it as usual.
FEEDS = {
    "output/%(name)s_%(site)s_%(time)s.jsonl": {"format": "jsonlines", "encoding": "utf8"},
}
FEED_URI_PARAMS = "newsspider.feeds.uri_params"
FEED_EXPORT_ENCODING = "utf-8"

# --- URLs -----------------------------------------------------------------------------------
# Query parameters dropped from every URL before it is requested or recorded (globs, any case).
NEWSSPIDER_URL_TRACKING_PARAMS = list(DEFAULT_TRACKING_PARAMS)

# --- Dedupe ---------------------------------------------------------------------------------
# A text whose MinHash-estimated Jaccard similarity (of word shingles) to an exported one is at
# least this is a near-duplicate. 0.7: a ~500-word story reprinted with a new first paragraph
# and a footer scores about 0.8; unrelated stories score under 0.1.
NEWSSPIDER_DEDUPE_NEAR_THRESHOLD = 0.7
# Words per shingle and MinHash permutations; a state file keeps the values it was built with.
NEWSSPIDER_DEDUPE_SHINGLE_WORDS = 5
NEWSSPIDER_DEDUPE_NUM_PERM = 64

# --- State ----------------------------------------------------------------------------------
# Where the crawl's state lives: a SQLite file path; empty to keep none (dedupe then works
# within one crawl only, in memory).
NEWSSPIDER_STATE = "output/state.sqlite"
# Entries no crawl has seen for this many days are forgotten at the start of a crawl; 0: never.
NEWSSPIDER_STATE_EXPIRE_DAYS = 30
# How long a crawl waits for another crawl's write on the same state file, in seconds.
NEWSSPIDER_STATE_BUSY_TIMEOUT = 30.0

# --- Monitoring -----------------------------------------------------------------------------
# Write the final crawl stats as JSON to this path (for scheduled jobs); empty to disable.
NEWSSPIDER_STATS_FILE = ""

EXTENSIONS = {
    "newsspider.extensions.StatsFileExtension": 500,
    "newsspider.state.extension.StateExtension": 510,
}
SPIDER_MIDDLEWARES = {
    "newsspider.middlewares.incremental.IncrementalMiddleware": 600,
}
ITEM_PIPELINES = {
    "newsspider.pipelines.canonical.CanonicalUrlPipeline": 100,
    "newsspider.pipelines.dedupe.DedupePipeline": 800,
}

LOG_LEVEL = "INFO"
