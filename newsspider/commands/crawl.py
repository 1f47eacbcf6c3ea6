"""`scrapy crawl`, plus an up-front check of the spider's -a arguments for a clean usage error."""

from __future__ import annotations

import argparse

from scrapy.commands.crawl import Command as ScrapyCrawlCommand


class Command(ScrapyCrawlCommand):
    """Scrapy's crawl command; a spider with `validate_arguments` gets its -a checked first."""

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        """Validate the spider arguments (a UsageError exits 2 with the message), then crawl."""
        if len(args) == 1 and self.crawler_process is not None:
            spider_class = self.crawler_process.spider_loader.load(args[0])
            validate = getattr(spider_class, "validate_arguments", None)
            if callable(validate):
                validate(**opts.spargs)
        super().run(args, opts)
