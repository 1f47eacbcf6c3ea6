"""Scrapy extensions: the crawl state's upkeep and the stats file."""
