"""Extraction in worker processes: pages that hang or kill a worker, back-pressure, debugging."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from newsspider.workers.memory import release_freed_memory
from tests.conftest import CrawlRun, run_crawl
from tests.mocksite import RunningSite, start_site, start_sites, stop_sites
from tests.mocksite.sites import (
    HUGE_PATH,
    SLOW_PATH,
    TALK_ARTICLES,
    TALK_COMMENTS,
    TALK_PATH,
)


@pytest.fixture(scope="module")
def heavy_sites() -> Iterator[dict[str, RunningSite]]:
    """The sites whose pages are hard on the workers, for this module only."""
    running = start_sites(["heavy", "bulk"])
    yield running
    stop_sites(running)


def _crawl(site: RunningSite, workdir: Path, **settings: object) -> CrawlRun:
    options = [arg for name, value in settings.items() for arg in ("-s", f"{name}={value}")]
    run = run_crawl(workdir, "-a", f"site={site.base_url}/", *options)
    assert run.returncode == 0, run.log[-3000:]
    # Every article of the site is exported, whatever happened to the other pages.
    assert {str(r["url"]) for r in run.records} == {
        site.base_url + a.path for a in site.site.articles
    }
    return run


def test_pages_that_hang_or_kill_their_worker_do_not_stop_the_crawl(
    heavy_sites: dict[str, RunningSite], tmp_path: Path
) -> None:
    site = heavy_sites["heavy"]
    # One worker: whichever heavy page comes second can only be extracted by a replacement.
    run = _crawl(site, tmp_path, NEWSSPIDER_WORKERS_PROCESSES=1, NEWSSPIDER_WORKERS_TIMEOUT=3,
                 NEWSSPIDER_WORKERS_MEMORY_LIMIT_MB=200)  # fmt: skip
    assert SLOW_PATH in site.requests and HUGE_PATH in site.requests
    assert run.stat("workers/timeout") == 1
    assert run.stat("workers/crashed") == 1
    assert f"Extraction of {site.base_url}{SLOW_PATH} took over 3.0 s: page abandoned" in run.log
    assert (
        f"Worker died (over its memory limit of 200 MB) while extracting {site.base_url}{HUGE_PATH}"
        in run.log
    )


def test_downloads_wait_for_the_workers(
    heavy_sites: dict[str, RunningSite], tmp_path: Path
) -> None:
    site = heavy_sites["bulk"]
    # One worker, four downloads at a time, and room for three 30 KB pages in Scrapy's scraper:
    # once that is full, Scrapy stops downloading until the worker catches up (without it, most
    # of the pages would be seen waiting).
    run = _crawl(site, tmp_path, NEWSSPIDER_WORKERS_PROCESSES=1, CONCURRENT_REQUESTS=4,
                 SCRAPER_SLOT_MAX_ACTIVE_SIZE=100_000)  # fmt: skip
    smallest = min(len(site.site.resources[a.path].body) for a in site.site.articles)
    # At most: what fits in the scraper, the one that tipped it over, and downloads under way.
    bound = 100_000 // smallest + 1 + 4
    assert 1 <= run.stat("workers/max_queued") <= bound < len(site.site.articles) / 4


def test_zero_processes_extracts_in_process(sites: dict[str, RunningSite], tmp_path: Path) -> None:
    run = _crawl(sites["guess"], tmp_path, NEWSSPIDER_WORKERS_PROCESSES=0)
    assert "Extraction runs in-process" in run.log
    assert "Extraction runs in worker processes" not in run.log


def test_glibc_takes_the_memory_settings() -> None:
    """mallopt accepts both settings (the project runs on glibc Linux, as CI does)."""
    assert release_freed_memory() is True


def test_a_5_mb_page_with_20000_comment_blocks_is_extracted_within_the_time_bound(
    tmp_path: Path,
) -> None:
    site = start_site("talk")
    try:
        run = _crawl(site, tmp_path)  # default settings: NEWSSPIDER_WORKERS_TIMEOUT=30
    finally:
        site.stop()
    page = site.site.resources[TALK_PATH].body
    assert len(page) > 5_000_000
    assert page.count(b'<li class="comment">') == TALK_COMMENTS
    assert run.stat("workers/timeout") == 0
    assert run.stat("workers/crashed") == 0
    record = next(r for r in run.records if r["url"] == site.base_url + TALK_PATH)
    timeouts = run.stat("workers/timeout")
    print(f"\n[talk] {len(page):,} bytes, {TALK_COMMENTS:,} comment blocks: exported with "
          f"{record['word_count']} words; workers/timeout {timeouts}")  # fmt: skip
    # The article's own paragraphs, and not a word of the comments.
    assert record["text"] == "\n\n".join(TALK_ARTICLES[-1].paragraphs)
