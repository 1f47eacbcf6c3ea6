"""`scrapy reprocess ARCHIVE...`: records from WARC/WACZ archives, through the crawl's pipelines."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from scrapy.commands import BaseRunSpiderCommand
from scrapy.exceptions import UsageError

from newsspider.archive.sources import Selection, archive_names, is_url, parse_day
from newsspider.spiders.reprocess import ReprocessSpider


class Command(BaseRunSpiderCommand):
    """Re-extract article records from archived pages: same code, same pipelines as a crawl."""

    requires_project = True

    def syntax(self) -> str:
        """Command syntax."""
        return "[options] [ARCHIVE...] [--paths LIST]"

    def short_desc(self) -> str:
        """One line for `scrapy -h`."""
        return "Extract article records from WARC/WACZ archives, local or over http(s)"

    def long_desc(self) -> str:
        """Longer help text."""
        return (
            "Read the HTTP responses of WARC (.warc, .warc.gz) and WACZ files, such as those a "
            "crawl with NEWSSPIDER_WARC_DIR writes, or WARC files over http(s) (streamed, never "
            "stored whole), or the files of a path list such as Common Crawl's CC-NEWS "
            "warc.paths.gz (--paths), and export a record for each article page with the "
            "current extraction and cleaning, through the same item pipelines and feeds as "
            "`scrapy crawl` (-o/-O, FEEDS, NEWSSPIDER_EXPORT_FORMAT). -a site=URL or "
            "-a sites=FILE keeps only those sites' pages. A file finished is not read again by "
            "a later run with the same NEWSSPIDER_STATE; an interrupted one is resumed."
        )

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        """The crawl's options, and the path list and its slice."""
        super().add_options(parser)
        group = parser.add_argument_group("Archives")
        group.add_argument("--paths", metavar="LIST", action="append", default=[],
                           help="a list of WARC paths (warc.paths.gz or plain text), "
                           "local or http(s); may be repeated")  # fmt: skip
        group.add_argument("--base-url", metavar="URL", default=None,
                           help="where the list's relative paths are; by default "
                           "NEWSSPIDER_ARCHIVE_BASE_URL, Common Crawl's data host")  # fmt: skip
        group.add_argument(
            "--from",
            dest="day_from",
            metavar="DATE",
            help="only files whose name's date is on or after DATE (YYYY-MM-DD)",
        )
        group.add_argument(
            "--to",
            dest="day_to",
            metavar="DATE",
            help="only files whose name's date is on or before DATE (YYYY-MM-DD)",
        )
        group.add_argument("--max-files", type=int, default=0, metavar="N",
                           help="read at most N files (after --from/--to)")  # fmt: skip

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        """Check the archives and arguments, then run the ReprocessSpider."""
        if not args and not opts.paths:
            raise UsageError("give at least one WARC or WACZ file or URL, or --paths LIST")
        missing = [name for name in args if not is_url(name) and not Path(name).is_file()]
        missing += [name for name in opts.paths if not is_url(name) and not Path(name).is_file()]
        if missing:
            raise UsageError(f"no such file: {', '.join(missing)}")
        if opts.max_files < 0:
            raise UsageError("--max-files must be 0 (no limit) or more")
        ReprocessSpider.validate_arguments(**opts.spargs)
        assert self.settings is not None
        base_url = opts.base_url or self.settings.get("NEWSSPIDER_ARCHIVE_BASE_URL")
        if not is_url(base_url):
            raise UsageError(f"--base-url {base_url!r}: expected an http(s) URL")
        selection = Selection(_day(opts.day_from, "--from"), _day(opts.day_to, "--to"),
                              opts.max_files)  # fmt: skip
        local = [str(Path(name).resolve()) if not is_url(name) else name for name in args]
        try:
            archives = archive_names(local, opts.paths, base_url, selection)
        except (OSError, ValueError) as error:
            raise UsageError(f"--paths: cannot read the list ({error})") from error
        assert self.crawler_process is not None
        self.crawler_process.crawl(ReprocessSpider, archives=archives, **opts.spargs)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            self.exitcode = 1


def _day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return parse_day(value, option)
    except ValueError as error:
        raise UsageError(str(error)) from error
