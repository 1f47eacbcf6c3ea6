"""Scrapy settings of newsspider, grouped by component; every value can be overridden with -s."""

from __future__ import annotations

import os

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
# Scrapy's remote control (on by default since 2.19) is an HTTP server that runs Python code sent
# to it, with a job file in the user's profile: like the telnet console, not something every
# scheduled crawl should open.
REMOTE_CONTROL_ENABLED = False
# PolitenessMiddleware holds CONCURRENT_REQUESTS_PER_DOMAIN also with DOWNLOAD_DELAY = 0 (Scrapy's
# own slot does not), and with a Redis, holds it and the delay for all workers of a shared crawl.
NEWSSPIDER_POLITENESS_ENABLED = True
# The Redis of the site leases; empty: NEWSSPIDER_STATE when that is a redis:// URL, else none
# (the limit then holds per process).
NEWSSPIDER_POLITENESS_REDIS_URL = ""
# Seconds between a worker's asks for a lease of a site whose leases are all taken (at random
# between half and one and a half times this).
NEWSSPIDER_POLITENESS_POLL_INTERVAL = 0.1
# A lease lasts the request's DOWNLOAD_TIMEOUT plus its slot's delays plus this many seconds,
# unless released before: how long a killed worker's leases keep their places.
NEWSSPIDER_POLITENESS_LEASE_MARGIN = 10.0

# --- Discovery ------------------------------------------------------------------------------
# How many link hops from a home page (or configured start URL) navigation follows.
NEWSSPIDER_LINK_DEPTH = 2
# Largest sitemap (after gunzip) that is read, in bytes, and most entries taken from one file:
# the sitemaps.org limits for one file.
NEWSSPIDER_SITEMAP_MAX_SIZE = 50 * 1024 * 1024
NEWSSPIDER_SITEMAP_MAX_ENTRIES = 50_000

# --- Guards against hostile input ---------------------------------------------------------
# Refuse hosts at private, loopback, link-local and metadata addresses (unless a site on the
# command line is itself at such an address).
NEWSSPIDER_ADDRESSES_REFUSE_PRIVATE = True
DOWNLOADER_MIDDLEWARES = {
    # Before OffsiteMiddleware (50): credentials leave the URL before anything logs it.
    "newsspider.guards.credentials.CredentialsMiddleware": 40,
    # Sees a 3xx response before RedirectMiddleware (600) does: a redirect to a private
    # address is refused and counted there (OffsiteMiddleware would drop it uncounted).
    "newsspider.guards.addresses.PrivateAddressMiddleware": 650,
    # Sets a sitemap's download_maxsize, which HttpCompressionMiddleware (590) honours too.
    "newsspider.guards.sitemap_limits.SitemapStreamMiddleware": 560,
    # After RobotsTxtOnceMiddleware (100): only pages the crawl may fetch wait for the site's
    # robots.txt AI groups and tdmrep.json.
    "newsspider.middlewares.optouts.OptOutMiddleware": 110,
    # Scrapy's RobotsTxtMiddleware at its place, whose robots.txt response serves the spider's
    # request for it and OptOutMiddleware too: one fetch per site and run instead of three.
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "newsspider.middlewares.robots.RobotsTxtOnceMiddleware": 100,
    # Scrapy's meta-refresh redirects, at its place (580), without decoding every whole page.
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "newsspider.middlewares.meta_refresh.HeadMetaRefreshMiddleware": 580,
    # Last before the download (after HttpCacheMiddleware's 900), so its process_response and
    # process_exception run first after it: a place is held only while the request is in the
    # downloader's slot. Middlewares that download something first (robots.txt, tdmrep.json)
    # make their pages wait before they take a place, not while holding one.
    "newsspider.middlewares.politeness.PolitenessMiddleware": 950,
}

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
# Back-pressure (Scrapy's own setting; its default is 5 MB): a page waiting for a worker keeps its
# response in Scrapy's scraper; above this many bytes of them Scrapy stops downloading. 2 MB is
# a few dozen pages, enough to keep every worker busy, and keeps the crawl's memory low.
SCRAPER_SLOT_MAX_ACTIVE_SIZE = 2_000_000
# Scrapy starts this many asyncio tasks for the output of every response (default 100); a page
# yields one record or a list of links, and the pipelines do not wait on I/O.
CONCURRENT_ITEMS = 8

# --- Export ---------------------------------------------------------------------------------
# Without FEEDS, -o or -O: one file per crawl, output/news_<site>_<time>.<ext>, in this format
# (any FEED_EXPORTERS name: jsonlines, parquet, csv, json, xml) and, for text formats,
# compressed with gzip, zstd, bz2 or lzma ('' for none). FEEDS, -o or -O replace it whole.
NEWSSPIDER_EXPORT_FORMAT = "jsonlines"
NEWSSPIDER_EXPORT_COMPRESSION = ""
ADDONS = {"newsspider.export.feed_defaults.DefaultFeedAddon": 0}
FEED_EXPORTERS = {
    "parquet": "newsspider.export.exporters.ParquetItemExporter",
    # Scrapy's CSV, with list fields (authors, tags) joined by " | ".
    "csv": "newsspider.export.exporters.CsvItemExporter",
}
# Parquet: rows per row group (the most rows held in memory per file) and column compression
# (zstd, snappy, gzip, brotli, lz4 or none).
NEWSSPIDER_PARQUET_ROW_GROUP_SIZE = 1000
NEWSSPIDER_PARQUET_COMPRESSION = "zstd"
FEED_URI_PARAMS = "newsspider.export.feed_defaults.uri_params"
# Local feed files (each batch file too) are written as NAME.part and renamed when complete.
FEED_STORAGES = {
    "": "newsspider.export.atomic_files.AtomicFileFeedStorage",
    "file": "newsspider.export.atomic_files.AtomicFileFeedStorage",
}
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

# drop: a duplicate (exact or near) is not exported; tag: it is exported with duplicate_of,
# duplicate_similarity and its cluster's cluster_id, for a later step to choose.
NEWSSPIDER_DEDUPE = "drop"

# --- Publisher opt-outs (text and data mining, AI training) --------------------------------
# flag: a reserved page is exported with tdm_reserved true; skip: it is not exported (counted).
NEWSSPIDER_TDM = "flag"
# The AI and mining crawlers whose own robots.txt groups reserve a page when they disallow it.
NEWSSPIDER_TDM_AGENTS = [
    "GPTBot", "ChatGPT-User", "OAI-SearchBot", "CCBot", "Google-Extended", "anthropic-ai",
    "ClaudeBot", "Claude-Web", "PerplexityBot", "Bytespider", "Applebot-Extended",
    "Meta-ExternalAgent", "FacebookBot", "Amazonbot", "cohere-ai", "Diffbot", "omgili",
    "ImagesiftBot", "Timpibot", "AI2Bot", "Ai2Bot-Dolma",
]  # fmt: skip

# --- Pipelines ------------------------------------------------------------------------------
# Validate every record against schema/article.schema.json and drop the invalid ones.
NEWSSPIDER_SCHEMA_ENABLED = True

# --- Learned boilerplate ---------------------------------------------------------------------
# A paragraph is a site's furniture (removed from its records) when it recurs, after case,
# whitespace and digits are normalised, on at least MIN_PAGES of the site's article pages and
# on at least MIN_SHARE of them. 3 pages: a quote two related articles share is kept, and
# nothing is removed on the strength of one page. 10%: furniture (comment policies, app and
# newsletter prompts, a wire service's rights line) sits on a large share of a site's pages,
# while a background paragraph reused by a running story sits on a few of the hundreds a crawl
# sees. Never removed: furniture that would be most (over half the characters) of a record.
NEWSSPIDER_BOILERPLATE_ENABLED = True
NEWSSPIDER_BOILERPLATE_MIN_PAGES = 3
NEWSSPIDER_BOILERPLATE_MIN_SHARE = 0.1
# A site's first records are held until its model has seen this many of its pages (at most this
# many minus one are held per site; each keeps its page in memory); 0: never hold. Held records
# are released anyway once nothing else is left to crawl.
NEWSSPIDER_BOILERPLATE_WARMUP = 10

# --- State ----------------------------------------------------------------------------------
# Where the crawl's state lives: a SQLite file path; empty to keep none (dedupe then works
# within one crawl only, in memory); a Redis URL (redis://host:port/db) makes this process one
# worker of a crawl shared by every process started with that URL and the same sites
# (docs/distributed.md).
NEWSSPIDER_STATE = "output/state.sqlite"
# Entries no crawl has seen for this many days are forgotten at the start of a crawl; 0: never.
NEWSSPIDER_STATE_EXPIRE_DAYS = 30
# How long a crawl waits for another crawl's write on the same state file, in seconds.
NEWSSPIDER_STATE_BUSY_TIMEOUT = 30.0
# With NEWSSPIDER_STATE=redis://...: how long, in seconds, a call to the state keeps retrying
# while Redis is unreachable (refused, reset, restarting or loading its AOF) before the crawl
# stops with an error. A Redis restart takes seconds; 60 rides one out without hiding an outage.
NEWSSPIDER_REDIS_TIMEOUT = 60.0

# --- Shared crawls (NEWSSPIDER_STATE=redis://...) -------------------------------------------
# A worker that has not beaten its heartbeat for this many seconds counts as dead: another
# worker undoes its unconfirmed exports and takes over the requests it leased.
NEWSSPIDER_LEASE_TIMEOUT = 30.0
# The run ends, and every worker exits, once nothing is queued and no worker has had a request
# to work on for this many seconds.
NEWSSPIDER_IDLE_TIMEOUT = 15.0
# A request delivered this many times (its workers died each time) goes to the dead-letter list.
NEWSSPIDER_MAX_DELIVERIES = 3

# --- Monitoring -----------------------------------------------------------------------------
# Write the final crawl stats as JSON to this path (for scheduled jobs); empty to disable.
NEWSSPIDER_STATS_FILE = ""
# The crawl report, report_<site>_<time>.html and .json, goes to this folder; empty: none.
NEWSSPIDER_REPORT_DIR = "output/"
# Runs kept per site in the state's run history (what the report and the monitors compare with).
NEWSSPIDER_REPORT_HISTORY_RUNS = 20
# spidermon runs newsspider's monitors when the spider closes; its actions (mail, Slack) are
# switched on with its own settings (docs/report.md).
SPIDERMON_ENABLED = True
SPIDERMON_SPIDER_CLOSE_MONITORS = ["newsspider.monitors.CrawlHealthSuite"]
# A failed monitor makes `scrapy crawl` exit with status 1 (for cron, Scrapyd, CI).
NEWSSPIDER_MONITORS_FAIL = False
# Least share of a site's exported records that has each field.
NEWSSPIDER_MONITORS_FIELD_COVERAGE = {"title": 1.0, "published": 0.9, "authors": 0.5}
# Of a site's new pages (not fetched before) that could be articles, the share exported may not
# fall under this ratio of its earlier runs' median; judged from MIN_NEW_PAGES new pages on.
NEWSSPIDER_MONITORS_ARTICLE_SHARE_RATIO = 0.5
NEWSSPIDER_MONITORS_MIN_NEW_PAGES = 10
# Most bad inputs per response, and failed requests (HTTP and network errors) per request.
NEWSSPIDER_MONITORS_MAX_BAD_INPUT_SHARE = 0.2
NEWSSPIDER_MONITORS_MAX_ERROR_SHARE = 0.2

# --- Raw pages ------------------------------------------------------------------------------
# Keep every exported article page (request and response) as WARC in this folder, for
# `scrapy reprocess`; empty: off. A new file is started once one holds MAX_SIZE bytes.
NEWSSPIDER_WARC_DIR = ""
NEWSSPIDER_WARC_MAX_SIZE = 1024 * 1024 * 1024

# --- Archives: `scrapy reprocess` -----------------------------------------------------------
# Where the entries of a path list (--paths) are, unless --base-url says: Common Crawl's data host.
NEWSSPIDER_ARCHIVE_BASE_URL = "https://data.commoncrawl.org/"
# Archive files read at the same time, each by its own thread; their pages go to the workers.
NEWSSPIDER_ARCHIVE_FILES_AT_ONCE = 2
# A broken or refused connection to an archive is tried again this many times in a row (no byte
# read in between), after RETRY_DELAY seconds, then twice as long each time; then the run goes
# on with the next file.
NEWSSPIDER_ARCHIVE_RETRIES = 5
NEWSSPIDER_ARCHIVE_RETRY_DELAY = 2.0
# Seconds without a byte from the archive's server before the connection counts as broken.
NEWSSPIDER_ARCHIVE_TIMEOUT = 60.0
# Seconds between progress lines in the log (one more at the end of each file).
NEWSSPIDER_ARCHIVE_PROGRESS_INTERVAL = 60.0

EXTENSIONS = {
    # Below FeedExporter's 0: it must see a record before the feed files it goes to are full.
    "newsspider.export.confirmation.ExportConfirmExtension": -10,
    "newsspider.extensions.stats_file.StatsFileExtension": 500,
    "newsspider.extensions.state.StateExtension": 510,
    "newsspider.archive.capture.WarcCaptureExtension": 520,
    # Before Spidermon: the figures are final when the monitors read them.
    "newsspider.extensions.report.ReportExtension": 530,
    "spidermon.contrib.scrapy.extensions.Spidermon": 540,
    "scrapy.extensions.logstats.LogStats": None,
    "newsspider.extensions.progress.ProgressLogStats": 0,
}
SPIDER_MIDDLEWARES = {
    "newsspider.middlewares.incremental.IncrementalMiddleware": 600,
}
ITEM_PIPELINES = {
    # Credentials out of URLs first, so nothing later sees or stores them.
    "newsspider.guards.credentials.CredentialsPipeline": 50,
    "newsspider.pipelines.canonical_url.CanonicalUrlPipeline": 100,
    # After the URL is canonical (a page is learned once), before the schema check and the
    # dedupe see the cleaned text, word_count and content_hash.
    "newsspider.pipelines.learned_boilerplate.LearnedBoilerplatePipeline": 300,
    # Invalid records are dropped before the dedupe remembers them as exported.
    "newsspider.pipelines.schema_validation.SchemaValidationPipeline": 500,
    # NEWSSPIDER_TDM=skip: reserved pages dropped before the dedupe remembers them.
    "newsspider.pipelines.optouts.OptOutPipeline": 700,
    "newsspider.pipelines.duplicates.DedupePipeline": 800,
}

LOG_LEVEL = "INFO"
LOG_FORMATTER = "newsspider.drops.DropLogFormatter"
