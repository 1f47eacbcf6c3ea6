"""`scrapy extract FILE... [--url URL]`: run the page-to-record code on saved pages."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from newsspider.pages.article import extract_article


class Command(ScrapyCommand):
    """Print one JSON record per line for each saved page that is an article."""

    requires_project = True
    requires_crawler_process = False
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        """Command syntax."""
        return "FILE... [--url URL]"

    def short_desc(self) -> str:
        """One line for `scrapy -h`."""
        return "Extract article records from saved HTML files (no network)"

    def long_desc(self) -> str:
        """Longer help text."""
        return (
            "Run newsspider's detection, extraction and cleaning on saved pages and print one "
            "JSON record per line on stdout. Pages that are not articles are reported on stderr. "
            "--url gives the page's original URL (one file only); otherwise file:// is used."
        )

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        """Add --url to Scrapy's global options."""
        super().add_options(parser)
        parser.add_argument("--url", help="the URL the page was fetched from")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        """Extract each file and print its record."""
        if not args:
            raise UsageError("give at least one HTML file")
        if opts.url and len(args) > 1:
            raise UsageError("--url applies to a single file")
        for name in args:
            path = Path(name)
            try:
                body = path.read_bytes()
            except OSError as error:
                print(f"{name}: cannot read ({error.strerror})", file=sys.stderr)
                self.exitcode = 1
                continue
            record = extract_article(body, opts.url or path.resolve().as_uri())
            if record is None:
                print(f"{name}: not an article", file=sys.stderr)
                continue
            print(json.dumps(record, ensure_ascii=False))
