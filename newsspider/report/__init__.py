"""The crawl report: per-site figures, run history, checks, JSON and HTML; no Scrapy."""
