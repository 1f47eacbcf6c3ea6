"""Dedupe and incremental crawls, end to end: `scrapy crawl news` against "live" and "wire"."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.conftest import (
    CRAWL_ENV,
    SCRAPY,
    CrawlRun,
    crawl_command,
    crawl_result,
    run_crawl,
    validate_record,
)
from tests.mocksite import RunningSite, start_site, start_sites, stop_sites
from tests.mocksite import live_articles as la
from tests.mocksite.live import AMP_PATH, OLD_SLUG_PATH, TRAM_PATH, publish_second_edition
from tests.mocksite.sites import dated_path

LIVE_ARTICLES = [dated_path(x) for x in (la.TRAM, la.MARKET, la.LIBRARY, la.HEATWAVE)]
# Every path on "live" that is an article page, whatever its URL.
LIVE_ARTICLE_PAGES = {*LIVE_ARTICLES, AMP_PATH, OLD_SLUG_PATH}


@pytest.fixture(scope="module")
def pair() -> Iterator[dict[str, RunningSite]]:
    """The "live" site (first edition, never changed here) and the "wire" site."""
    running = start_sites(["live", "wire"])
    yield running
    stop_sites(running)


@pytest.fixture(scope="module")
def live_then_wire(
    pair: dict[str, RunningSite], tmp_path_factory: pytest.TempPathFactory
) -> tuple[CrawlRun, CrawlRun, Path]:
    """A crawl of live, then a crawl of wire on the same state file."""
    workdir = tmp_path_factory.mktemp("live-then-wire")
    state = workdir / "state.sqlite"
    live = run_crawl(workdir / "live", "-a", f"site={pair['live'].base_url}/", state=state)
    # The state as live left it, for the same wire crawl with NEWSSPIDER_DEDUPE=tag.
    shutil.copy(state, workdir / "after-live.sqlite")
    wire = run_crawl(workdir / "wire", "-a", f"site={pair['wire'].base_url}/", state=state)
    return live, wire, state


def _titles(run: CrawlRun) -> list[str]:
    return sorted(str(record["title"]) for record in run.records)


def test_one_story_reached_five_ways_is_exported_once(
    pair: dict[str, RunningSite], tmp_path: Path
) -> None:
    live, wire = pair["live"], pair["wire"]
    before = len(live.requests)
    run = run_crawl(tmp_path, "-a", f"site={live.base_url}/,{wire.base_url}/")
    assert run.returncode == 0, run.log[-3000:]
    tram = [r for r in run.records if r["title"] in (la.TRAM.title, la.TRAM_WIRE.title)]
    assert len(tram) == 1, [r["source_url"] for r in tram]
    library = [r for r in run.records if r["title"] in (la.LIBRARY.title, la.LIBRARY_COPY.title)]
    assert len(library) == 1
    assert len(run.records) == 4  # TRAM, MARKET, LIBRARY once each, and wire's own FERRY
    requested = live.requests[before:]
    assert AMP_PATH in requested and OLD_SLUG_PATH in requested
    assert not [path for path in requested if "utm_" in path or "fbclid" in path]
    assert run.stat("url/normalized") >= 1
    dropped = {reason: run.stat(f"dedupe/dropped/{reason}") for reason in ("canonical", "near")}
    assert run.stat("dedupe/dropped/exact") == 1
    # AMP and old slug resolve to TRAM's URL; which copy of TRAM comes first decides the reason.
    assert sum(dropped.values()) == 3, dropped
    for record in run.records:
        validate_record(record)
        assert record["revision"] == 1


def test_amp_page_and_old_slug_resolve_to_the_canonical_article(
    pair: dict[str, RunningSite], live_then_wire: tuple[CrawlRun, CrawlRun, Path]
) -> None:
    live_run, _, _ = live_then_wire
    base = pair["live"].base_url
    assert live_run.returncode == 0, live_run.log[-3000:]
    assert sorted(str(r["url"]) for r in live_run.records) == sorted(
        base + dated_path(x) for x in (la.TRAM, la.MARKET, la.LIBRARY)
    )
    assert live_run.stat("dedupe/dropped/canonical") == 2
    for alias in (AMP_PATH, OLD_SLUG_PATH):
        assert f"duplicate (canonical) of {base}{TRAM_PATH}: {base}{alias}" in live_run.log


def test_copies_on_another_site_in_a_later_crawl_are_dropped_with_the_url_they_duplicate(
    pair: dict[str, RunningSite], live_then_wire: tuple[CrawlRun, CrawlRun, Path]
) -> None:
    _, wire_run, _ = live_then_wire
    live, wire = pair["live"].base_url, pair["wire"].base_url
    assert wire_run.returncode == 0, wire_run.log[-3000:]
    assert _titles(wire_run) == [la.FERRY.title]
    assert wire_run.stat("dedupe/dropped/near") == 1
    assert wire_run.stat("dedupe/dropped/exact") == 1
    near = "DEBUG: Dropped: duplicate (near, similarity 0."
    lines = [line for line in wire_run.log.splitlines() if near in line]
    assert len(lines) == 1
    assert lines[0].endswith(f"of {live}{TRAM_PATH}: {wire}{dated_path(la.TRAM_WIRE)}")
    exact = f"duplicate (exact) of {live}{dated_path(la.LIBRARY)}: {wire}"
    assert exact + dated_path(la.LIBRARY_COPY) in wire_run.log


def test_with_tag_copies_are_exported_with_the_first_story_and_its_cluster(
    pair: dict[str, RunningSite], live_then_wire: tuple[CrawlRun, CrawlRun, Path]
) -> None:
    live_run, _, state = live_then_wire
    live, wire = pair["live"].base_url, pair["wire"].base_url
    run = run_crawl(
        state.parent / "wire-tagged", "-a", f"site={wire}/", "-s", "NEWSSPIDER_DEDUPE=tag",
        state=state.parent / "after-live.sqlite",
    )  # fmt: skip
    assert run.returncode == 0, run.log[-3000:]
    originals = {record["url"]: record for record in live_run.records}
    by_title = {record["title"]: record for record in run.records}
    assert sorted(by_title) == sorted([la.FERRY.title, la.TRAM_WIRE.title, la.LIBRARY_COPY.title])
    for title, original, kind in [
        (la.TRAM_WIRE.title, live + TRAM_PATH, "near"),
        (la.LIBRARY_COPY.title, live + dated_path(la.LIBRARY), "exact"),
    ]:
        copy = by_title[title]
        assert copy["duplicate_of"] == original
        assert copy["cluster_id"] == originals[original]["id"] == originals[original]["cluster_id"]
        assert copy["id"] != copy["cluster_id"]
        assert run.stat(f"dedupe/tagged/{kind}") == 1
    assert by_title[la.LIBRARY_COPY.title]["duplicate_similarity"] == 1.0
    assert 0.7 <= by_title[la.TRAM_WIRE.title]["duplicate_similarity"] < 1.0
    ferry = by_title[la.FERRY.title]
    assert ferry["cluster_id"] == ferry["id"] and ferry["duplicate_of"] is None
    assert ferry["duplicate_similarity"] is None
    assert run.stat("dedupe/dropped/near") == run.stat("dedupe/dropped/exact") == 0


def test_second_crawl_fetches_no_article_third_exports_the_new_and_the_changed(
    tmp_path: Path,
) -> None:
    live = start_site("live")
    try:
        state, site = tmp_path / "state.sqlite", f"site={live.base_url}/"
        first = run_crawl(tmp_path / "1", "-a", site, state=state)
        assert first.returncode == 0, first.log[-3000:]
        assert _titles(first) == sorted([la.TRAM.title, la.MARKET.title, la.LIBRARY.title])

        before = len(live.requests)
        second = run_crawl(tmp_path / "2", "-a", site, state=state)
        assert second.returncode == 0, second.log[-3000:]
        assert second.records == []
        fetched = live.requests[before:]
        assert {"/", "/robots.txt", "/sitemap.xml", "/atom.xml", "/city/"} <= set(fetched)
        assert LIVE_ARTICLE_PAGES.isdisjoint(fetched), fetched
        assert second.stat("dedupe/dropped/url") >= 5  # 3 articles, the AMP page, the old slug
        assert f"Duplicate (url), not fetched: {live.base_url}{AMP_PATH} led to" in second.log

        now = datetime.now(UTC).isoformat(timespec="seconds")
        edition = publish_second_edition(live.site, live.base_url, lastmod=now)
        before = len(live.requests)
        third = run_crawl(tmp_path / "3", "-a", site, state=state)
        assert third.returncode == 0, third.log[-3000:]
        for run in (first, second, third):
            assert " ERROR: " not in run.log, run.log[-3000:]
        assert not Path(f"{state}-wal").exists(), "the state file was not closed"
        by_path = {str(r["url"]).removeprefix(live.base_url): r for r in third.records}
        assert sorted(by_path) == sorted([edition.added, edition.changed])
        assert by_path[edition.added]["revision"] == 1
        assert by_path[edition.changed]["revision"] == 2
        assert str(by_path[edition.changed]["text"]).endswith(la.MARKET_CORRECTED.paragraphs[-1])
        assert by_path[edition.changed]["modified"] == now
        fetched_articles = LIVE_ARTICLE_PAGES & set(live.requests[before:])
        assert fetched_articles == {edition.added, edition.changed}
        for record in third.records:
            validate_record(record)
    finally:
        live.stop()


def test_two_crawls_at_once_share_one_state_file(
    pair: dict[str, RunningSite], tmp_path: Path
) -> None:
    state = tmp_path / "state.sqlite"
    site = f"site={pair['live'].base_url}/"
    workdirs = [tmp_path / "a", tmp_path / "b"]
    crawls = []
    for workdir in workdirs:
        workdir.mkdir()
        command = crawl_command(workdir, "-a", site, output="out.jsonl", state=state)
        crawls.append(
            subprocess.Popen(command, cwd=workdir, env=CRAWL_ENV, stderr=subprocess.PIPE, text=True)
        )
    runs = [
        crawl_result(workdir, crawl.wait(timeout=180), crawl.communicate()[1], "out.jsonl")
        for workdir, crawl in zip(workdirs, crawls, strict=True)
    ]
    assert [run.returncode for run in runs] == [0, 0], runs[0].log[-2000:] + runs[1].log[-2000:]
    exported = sorted(str(r["title"]) for run in runs for r in run.records)
    assert exported == sorted([la.TRAM.title, la.MARKET.title, la.LIBRARY.title])
    with sqlite3.connect(state) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def _state_command(state: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [SCRAPY, "state", *args, "-s", f"NEWSSPIDER_STATE={state}"]
    return subprocess.run(
        command, check=False, cwd=state.parent, env=CRAWL_ENV, capture_output=True, text=True
    )


def test_state_command_shows_a_site_and_forgets_a_url_or_a_site(
    pair: dict[str, RunningSite], live_then_wire: tuple[CrawlRun, CrawlRun, Path], tmp_path: Path
) -> None:
    state = tmp_path / "state.sqlite"
    shutil.copy(live_then_wire[2], state)
    live, wire = pair["live"].base_url, pair["wire"].base_url
    live_key, wire_key = live.removeprefix("http://"), wire.removeprefix("http://")

    listed = _state_command(state)
    assert listed.returncode == 0, listed.stderr
    assert f"{live_key}: 3 articles exported, 5 URLs fetched" in listed.stdout
    assert f"{wire_key}: 1 articles exported, 3 URLs fetched" in listed.stdout

    shown = _state_command(state, live + "/")
    assert f"site {live_key} in {state}" in shown.stdout
    assert "articles exported: 3" in shown.stdout
    assert "last crawl finished: " in shown.stdout and "(finished)" in shown.stdout
    assert f"revision 1  {live}{TRAM_PATH}" in shown.stdout
    assert "boilerplate model: 3 pages, 0 furniture paragraphs" in shown.stdout

    forgot = _state_command(state, "--forget-url", f"{live}{TRAM_PATH}?utm_source=x")
    assert forgot.stdout.strip() == (
        f"forgot {live}{TRAM_PATH}: 1 article(s), 4 fetched URL(s), 0 other entries"
    )

    forgot = _state_command(state, live_key, "--forget")
    # The other entries: the site's last crawl time, its learned boilerplate model and its run
    # history (the report's).
    assert forgot.stdout.strip() == (
        f"forgot site {live_key}: 2 article(s), 2 fetched URL(s), 3 other entries"
    )
