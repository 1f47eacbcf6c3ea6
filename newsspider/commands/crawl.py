"""`scrapy crawl`, with an up-front check of the -a arguments and an exit status for monitors."""

from __future__ import annotations

import argparse
import logging

from scrapy import Spider
from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.crawler import Crawler

from newsspider.stats import PREFIX

logger = logging.getLogger(__name__)


class Command(ScrapyCrawlCommand):
    """Scrapy's crawl command; a spider with `validate_arguments` gets its -a checked first.

    With NEWSSPIDER_MONITORS_FAIL=True, a failed monitor makes the command exit with status 1.
    """

    crawler: Crawler | None = None

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        """Validate the spider arguments (a UsageError exits 2 with the message), then crawl."""
        if len(args) == 1 and self.crawler_process is not None:
            spider_class = self.crawler_process.spider_loader.load(args[0])
            validate = getattr(spider_class, "validate_arguments", None)
            if callable(validate):
                validate(**opts.spargs)
        super().run(args, opts)
        if self.crawler is None or self.crawler.stats is None:
            return
        stats = self.crawler.stats.get_stats()
        failed = sum(int(v) for k, v in stats.items() if k.startswith(PREFIX + "monitors/failed/"))
        if failed and self.crawler.settings.getbool("NEWSSPIDER_MONITORS_FAIL"):
            logger.error(
                "Monitors failed %d times: exit status 1 (NEWSSPIDER_MONITORS_FAIL)", failed
            )
            self.exitcode = 1

    def _create_crawler(self, spidercls: type[Spider] | str) -> Crawler:
        """Scrapy's crawler, kept to read its stats once the crawl is over."""
        self.crawler = super()._create_crawler(spidercls)
        return self.crawler
