"""`scrapy crawl`, with an up-front check of the -a arguments and an exit status for monitors."""

from __future__ import annotations

import argparse
import gc
import logging

from scrapy import Spider, signals
from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.crawler import Crawler
from scrapy.exceptions import UsageError

from newsspider.export.feed_defaults import feeds_shared_by_workers
from newsspider.stats import PREFIX

logger = logging.getLogger(__name__)


class Command(ScrapyCrawlCommand):
    """Scrapy's crawl command; a spider with `validate_arguments` gets its -a checked first.

    With NEWSSPIDER_MONITORS_FAIL=True, a failed monitor makes the command exit with status 1.
    A shared crawl refuses -o/-O files every worker would write alike, and exits with status 1
    when it stopped because Redis was unreachable.
    """

    crawler: Crawler | None = None

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        """Validate the spider arguments (a UsageError exits 2 with the message), then crawl."""
        if len(args) == 1 and self.crawler_process is not None:
            spider_class = self.crawler_process.spider_loader.load(args[0])
            validate = getattr(spider_class, "validate_arguments", None)
            if callable(validate):
                validate(**opts.spargs)
        assert self.settings is not None
        shared = feeds_shared_by_workers(self.settings)
        if shared:
            raise UsageError(
                f"NEWSSPIDER_STATE is a Redis URL, so this process is one worker of a shared "
                f"crawl and each worker writes its own feed files; {', '.join(shared)} would be "
                "written by every worker alike. Put %(worker)s in the name (for example "
                "-O 'articles-%(worker)s.jsonl'), or leave out -o/-O for the default files."
            )
        super().run(args, opts)
        if self.crawler is None or self.crawler.stats is None:
            return
        stats = self.crawler.stats.get_stats()
        if stats.get("finish_reason") in ("redis_unreachable", "worker_taken_for_dead"):
            self.exitcode = 1
        failed = sum(int(v) for k, v in stats.items() if k.startswith(PREFIX + "monitors/failed/"))
        if failed and self.crawler.settings.getbool("NEWSSPIDER_MONITORS_FAIL"):
            logger.error(
                "Monitors failed %d times: exit status 1 (NEWSSPIDER_MONITORS_FAIL)", failed
            )
            self.exitcode = 1

    def _create_crawler(self, spidercls: type[Spider] | str) -> Crawler:
        """Scrapy's crawler, kept to read its stats once the crawl is over."""
        self.crawler = super()._create_crawler(spidercls)
        self.crawler.signals.connect(freeze_what_the_crawl_built, signal=signals.engine_started)
        return self.crawler


def freeze_what_the_crawl_built() -> None:
    """Keep what exists when the engine starts out of the garbage collector's passes."""
    # Modules, settings and components live as long as the crawl: left in the collector's
    # oldest generation, every full pass of a crawl would walk them all again.
    gc.collect()
    gc.freeze()
