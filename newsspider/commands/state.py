"""`scrapy state [SITE] [--forget] [--forget-url URL] [--copy-to DEST]`: the crawl's state."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError
from scrapy.settings import BaseSettings

from newsspider.cleaning.learned import SiteModel, Thresholds
from newsspider.per_crawl import url_normalizer_for
from newsspider.pipelines.learned_boilerplate import NAMESPACE as BOILERPLATE
from newsspider.state import (
    Forgotten,
    SiteState,
    StateMismatchError,
    StateStore,
    is_redis,
    open_state_store,
)
from newsspider.state.copy import StateCopyError, copy_state
from newsspider.state.redis_store import without_password
from newsspider.state.sqlite import MEMORY
from newsspider.urls import site_of


class Command(ScrapyCommand):
    """Show what the state holds for a site; forget a site or a URL; copy the whole state."""

    requires_project = True
    requires_crawler_process = False
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        """Command syntax."""
        return "[SITE] [--forget] [--forget-url URL] [--copy-to DEST]"

    def short_desc(self) -> str:
        """One line for `scrapy -h`."""
        return "Show or prune the crawl state (NEWSSPIDER_STATE) of a site or a URL"

    def long_desc(self) -> str:
        """Longer help text."""
        return (
            "Without arguments, list the sites in the state file with their counts. With SITE "
            "(a host such as example.com, or any URL of the site), show its exported articles, "
            "fetched URLs and last crawl; --forget removes all of it, so the next crawl fetches "
            "and exports the site's articles again. --forget-url URL removes one exported "
            "article (and the URLs that led to it) or one fetched URL. --copy-to DEST copies "
            "the whole state into DEST, an empty state: a SQLite file path or a redis:// URL "
            "(moving a one-machine deployment to Redis, or back). The state is the "
            "NEWSSPIDER_STATE setting (-s NEWSSPIDER_STATE=path or redis://host:port/db)."
        )

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        """Add --forget, --forget-url and --copy-to to Scrapy's global options."""
        super().add_options(parser)
        parser.add_argument("--forget", action="store_true", help="forget everything of SITE")
        parser.add_argument("--forget-url", metavar="URL", help="forget one article or URL")
        parser.add_argument(
            "--copy-to", metavar="DEST", help="copy the whole state into DEST (path or redis://)"
        )

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        """Open the state file (never create one) and do what was asked."""
        if len(args) > 1:
            raise UsageError("give at most one SITE")
        if opts.forget and not args:
            raise UsageError("--forget needs the SITE to forget")
        if opts.copy_to and (args or opts.forget_url):
            raise UsageError("--copy-to copies the whole state: give no SITE or --forget-url")
        assert self.settings is not None
        location = existing_state(self.settings)
        if location is None:
            self.exitcode = 1
            return
        path = shown_location(location)
        normalize = url_normalizer_for(self.settings)
        timeout_s = self.settings.getfloat("NEWSSPIDER_REDIS_TIMEOUT")
        store = open_state_store(location, redis_timeout_s=timeout_s)
        try:
            if opts.copy_to:
                self.exitcode = _copy(store, path, opts.copy_to, timeout_s)
                return
            if opts.forget_url:
                url = normalize(opts.forget_url)
                print(f"forgot {url}: {_counts(store.forget_url(url))}")
            if args:
                thresholds = Thresholds(
                    self.settings.getint("NEWSSPIDER_BOILERPLATE_MIN_PAGES"),
                    self.settings.getfloat("NEWSSPIDER_BOILERPLATE_MIN_SHARE"),
                )
                _site(store, path, args[0], forget=opts.forget, thresholds=thresholds)
            elif not opts.forget_url:
                _list_sites(store, path)
        finally:
            store.close()


def existing_state(settings: BaseSettings) -> str | None:
    """NEWSSPIDER_STATE when it names a Redis or a state file that exists; else None, said."""
    location = settings.get("NEWSSPIDER_STATE") or ""
    if is_redis(location):
        return str(location)
    path = location.removeprefix("sqlite:///")
    if not path or path == MEMORY or not Path(path).exists():
        print(f"no state file at {location!r} (NEWSSPIDER_STATE)")
        return None
    return str(location)


def shown_location(location: str) -> str:
    """The state's location as messages show it: a file path, or a URL without its password."""
    if is_redis(location):
        return without_password(location)
    return location.removeprefix("sqlite:///")


def _copy(store: StateStore, source: str, destination: str, timeout_s: float) -> int:
    """Copy the whole state into `destination` (empty); the command's exit code."""
    shown = shown_location(destination)
    try:
        target = open_state_store(destination, lsh=store.lsh, redis_timeout_s=timeout_s)
    except StateMismatchError as error:
        print(f"cannot copy to {shown}: {error}")
        return 1
    try:
        copied = copy_state(store, target, shown)
    except StateCopyError as error:
        print(f"cannot copy to {shown}: {error}")
        return 1
    finally:
        target.close()
    print(
        f"copied {copied.articles} article(s), {copied.fetches} fetched URL(s) and "
        f"{copied.entries} other entr{'y' if copied.entries == 1 else 'ies'} "
        f"from {source} to {shown}"
    )
    return 0


def _site(store: StateStore, path: str, site: str, *, forget: bool, thresholds: Thresholds) -> None:
    """Show or forget one site, given as a host or any URL of it."""
    key = site_of(site if "://" in site else f"http://{site}")
    if forget:
        print(f"forgot site {key}: {_counts(store.forget_site(key))}")
    else:
        print(_describe(store.site_state(key), path))
        model = SiteModel.from_json(store.get(BOILERPLATE, key))
        if model is not None:
            furniture = model.furniture_count(thresholds)
            print(f"  boilerplate model: {model.pages} pages, {furniture} furniture paragraphs")


def _list_sites(store: StateStore, path: str) -> None:
    sites = store.sites()
    print(f"{len(sites)} site(s) in {path}")
    for site in sites:
        state = store.site_state(site, recent=0)
        print(f"  {site}: {state.articles} articles exported, {state.fetches} URLs fetched")


def _describe(state: SiteState, path: str) -> str:
    """The site's state as a few lines of text."""
    crawl = state.last_crawl or {}
    lines = [
        f"site {state.site} in {path}",
        f"  articles exported: {state.articles} (last {_when(state.last_export)})",
        f"  URLs fetched: {state.fetches} (last {_when(state.last_fetch)})",
        f"  last crawl finished: {crawl.get('finished_at', 'never')} ({crawl.get('reason', '-')})",
    ]
    if state.recent:
        lines.append("  latest exports:")
        lines += [
            f"    {_when(article.exported_at)}  revision {article.revision}  {article.url}"
            for article in state.recent
        ]
    return "\n".join(lines)


def _when(epoch: int | None) -> str:
    if epoch is None:
        return "never"
    return datetime.fromtimestamp(epoch, UTC).isoformat(timespec="seconds")


def _counts(forgotten: Forgotten) -> str:
    return (
        f"{forgotten.articles} article(s), {forgotten.fetches} fetched URL(s), "
        f"{forgotten.entries} other entr{'y' if forgotten.entries == 1 else 'ies'}"
    )
