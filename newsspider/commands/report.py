"""`scrapy report [SITE...] -o report.html`: the crawl report over each site's last runs."""

from __future__ import annotations

import argparse
from pathlib import Path

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from newsspider.commands.state import existing_state
from newsspider.report.checks import Problem
from newsspider.report.history import history_sites, load_runs
from newsspider.report.render import build_report, site_report, write_report
from newsspider.state import open_state_store
from newsspider.urls import site_of


class Command(ScrapyCommand):
    """Build the report of the crawls' run history (NEWSSPIDER_STATE), the last run in front."""

    requires_project = True
    requires_crawler_process = False
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        """Command syntax."""
        return "[SITE...] [-o report.html] [--runs N]"

    def short_desc(self) -> str:
        """One line for `scrapy -h`."""
        return "Write the crawl report (HTML and JSON) of the sites' last runs in the state"

    def long_desc(self) -> str:
        """Longer help text."""
        return (
            "The report a crawl writes (NEWSSPIDER_REPORT_DIR), built from the run history in "
            "the state file (NEWSSPIDER_STATE): each SITE's last run, with its articles per run "
            "and what changed over the last N runs (--runs, default 10). Without SITE, every "
            "site with a history. -o names the HTML file; the JSON goes beside it (.json)."
        )

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        """Add -o and --runs to Scrapy's global options."""
        super().add_options(parser)
        parser.add_argument("-o", "--output", default="report.html", help="the HTML file")
        parser.add_argument("--runs", type=int, default=10, help="runs per site (default 10)")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        """Read the history, write the report, print where it is."""
        if opts.runs < 1:
            raise UsageError("--runs must be 1 or more")
        assert self.settings is not None
        location = existing_state(self.settings)
        if location is None:
            self.exitcode = 1
            return
        min_new = self.settings.getint("NEWSSPIDER_MONITORS_MIN_NEW_PAGES")
        store = open_state_store(location)
        try:
            wanted = [site_of(s if "://" in s else f"http://{s}") for s in args]
            sites, problems = {}, []
            for site in wanted or history_sites(store):
                runs = load_runs(store, site, opts.runs)
                if not runs:
                    print(f"no run history for {site}")
                    continue
                *earlier, last = runs
                found = [Problem(**p) for p in last.get("problems", [])]
                problems += found
                figures = [run["figures"] for run in earlier]
                sites[site] = site_report(last["figures"], figures, found, min_new)
        finally:
            store.close()
        if not sites:
            self.exitcode = 1
            return
        html = Path(opts.output)
        write_report(build_report(sites, problems, None), html)
        print(f"report of {len(sites)} site(s): {html} and {html.with_suffix('.json')}")
