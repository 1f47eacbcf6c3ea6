"""ReprocessSpider: records from archived pages with today's extraction and cleaning, no network."""

from __future__ import annotations

import zipfile
from collections.abc import AsyncIterator, Iterable
from dataclasses import fields
from pathlib import Path
from typing import Any

import scrapy
from scrapy.crawler import Crawler
from scrapy.exceptions import UsageError
from warcio.exceptions import ArchiveLoadFailed

from newsspider.archive.reader import ArchivedPage, iter_pages
from newsspider.items import ArticleItem
from newsspider.pages.article import ArticlePage, ExtractionOptions, PageHints
from newsspider.sites import SiteConfig, load_sites_file
from newsspider.spiders.page_results import bad_input, record_to_export
from newsspider.stats import inc_stat
from newsspider.urls import site_of

HTML_TYPES = ("text/html", "application/xhtml+xml")


class ReprocessSpider(scrapy.Spider):
    """Yield a record for each archived article page; run by `scrapy reprocess ARCHIVE...`."""

    name = "reprocess"
    # Set from NEWSSPIDER_MIN_WORDS in from_crawler.
    min_words: int

    def __init__(
        self, archives: Iterable[str] = (), sites: str | None = None, **kwargs: Any
    ) -> None:
        self.validate_arguments(sites=sites, **kwargs)
        super().__init__(**kwargs)
        self.archives = [Path(name) for name in archives]
        self.site_label = "archive"
        configs = load_sites_file(sites) if sites else []
        self.site_configs_by_key: dict[str, SiteConfig] = {c.key: c for c in configs}

    @staticmethod
    def validate_arguments(sites: str | None = None, **kwargs: Any) -> None:
        """Only -a sites=FILE (for per-site boilerplate and allow rules) is accepted."""
        unknown = sorted(key for key in kwargs if not key.startswith("_"))
        if unknown:
            raise UsageError(f"unknown argument(s) {unknown}; allowed: -a sites=FILE.toml")

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> ReprocessSpider:
        """Read NEWSSPIDER_MIN_WORDS once, as the crawl does."""
        spider: ReprocessSpider = super().from_crawler(crawler, *args, **kwargs)
        spider.min_words = crawler.settings.getint("NEWSSPIDER_MIN_WORDS")
        return spider

    async def start(self) -> AsyncIterator[ArticleItem]:
        """Read each archive in turn; records go through the item pipelines and FEEDS."""
        for path in self.archives:
            inc_stat(self.crawler.stats, "reprocess/files")
            try:
                for page in iter_pages(path):
                    record = self._record(page)
                    if record is not None:
                        yield record
            except (OSError, ArchiveLoadFailed, zipfile.BadZipFile) as error:
                bad_input(self.crawler, self.logger, "archive_invalid", str(path), str(error))

    def _record(self, page: ArchivedPage) -> ArticleItem | None:
        inc_stat(self.crawler.stats, "reprocess/responses")
        media_type = (page.content_type or "text/html").split(";")[0].strip().lower()
        if not 200 <= page.status < 300 or media_type not in HTML_TYPES:
            inc_stat(self.crawler.stats, "reprocess/skipped/not_a_page")
            return None
        site = page.context.get("site") or site_of(page.url)
        config = self.site_configs_by_key.get(site)
        article = ArticlePage(
            page.url,
            page.body,
            content_type=page.content_type,
            site=site,
            hints=_hints(page.context.get("hints")),
            fetched_at=page.fetched_at,
            opt_out_hints=page.opt_out_hints,
            options=ExtractionOptions(
                min_words=self.min_words,
                extra_boilerplate=config.boilerplate if config else (),
                boilerplate_selectors=config.boilerplate_selectors if config else (),
            ),
        )
        try:
            result = article.extract()
        except Exception:  # one bad page must never stop the run
            self.logger.exception("Extraction failed for %s", page.url)
            inc_stat(self.crawler.stats, "bad_input/extraction_error")
            return None
        return record_to_export(result, page.url, config, self.crawler, self.logger)


def _hints(stored: object) -> PageHints | None:
    if not isinstance(stored, dict):
        return None
    values = {f.name: stored[f.name] for f in fields(PageHints) if stored.get(f.name) is not None}
    return PageHints(**values)
