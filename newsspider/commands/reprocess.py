"""`scrapy reprocess ARCHIVE...`: records from WARC/WACZ archives, through the crawl's pipelines."""

from __future__ import annotations

import argparse
from pathlib import Path

from scrapy.commands import BaseRunSpiderCommand
from scrapy.exceptions import UsageError

from newsspider.spiders.reprocess import ReprocessSpider


class Command(BaseRunSpiderCommand):
    """Re-extract article records from archived pages with no network: same code, same pipelines."""

    requires_project = True

    def syntax(self) -> str:
        """Command syntax."""
        return "[options] ARCHIVE..."

    def short_desc(self) -> str:
        """One line for `scrapy -h`."""
        return "Extract article records again from WARC/WACZ archives (no network)"

    def long_desc(self) -> str:
        """Longer help text."""
        return (
            "Read the HTTP responses of WARC (.warc, .warc.gz) and WACZ files, such as those a "
            "crawl with NEWSSPIDER_WARC_DIR writes, and export a record for each article page "
            "with the current extraction and cleaning, through the same item pipelines and "
            "feeds as `scrapy crawl` (-o/-O, FEEDS, NEWSSPIDER_EXPORT_FORMAT). "
            "-a sites=FILE applies a sites file's boilerplate and allow rules."
        )

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        """Check the archives and arguments, then run the ReprocessSpider."""
        if not args:
            raise UsageError("give at least one WARC or WACZ file")
        missing = [name for name in args if not Path(name).is_file()]
        if missing:
            raise UsageError(f"no such file: {', '.join(missing)}")
        ReprocessSpider.validate_arguments(**opts.spargs)
        assert self.crawler_process is not None
        self.crawler_process.crawl(ReprocessSpider, archives=args, **opts.spargs)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            self.exitcode = 1
