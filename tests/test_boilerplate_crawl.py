"""Learned boilerplate, end to end: crawls of "furniture", whose articles carry site furniture."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import CRAWL_ENV, SCRAPY, CrawlRun, run_crawl
from tests.mocksite import RunningSite, start_site
from tests.mocksite.articles import SEED
from tests.mocksite.furniture import (
    APP_PROMO,
    POLL_SELECTOR,
    POLL_TEXT,
    QUOTED,
    SHARED_QUOTE,
    TIP_LINE,
    publish_second_edition,
)
from tests.mocksite.sites import ExpectedArticle

WARMUP = 10  # NEWSSPIDER_BOILERPLATE_WARMUP's default


@pytest.fixture(scope="module")
def herald() -> Iterator[RunningSite]:
    """The furniture site, for this module only: the second-edition test changes it."""
    running = start_site("furniture")
    yield running
    running.stop()


def _sites_file(workdir: Path, site: RunningSite) -> str:
    workdir.mkdir(parents=True, exist_ok=True)
    path = workdir / "sites.toml"
    path.write_text(
        f'[[site]]\nurl = "{site.base_url}/"\nboilerplate_selectors = ["{POLL_SELECTOR}"]\n'
    )
    return str(path)


@pytest.fixture(scope="module")
def herald_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the crawls that share one state file run."""
    return tmp_path_factory.mktemp("herald")


@pytest.fixture(scope="module")
def first_crawl(herald: RunningSite, herald_dir: Path) -> CrawlRun:
    """The first crawl of the site: its model starts empty."""
    return run_crawl(herald_dir / "first", "-a", f"sites={_sites_file(herald_dir, herald)}",
                     state=herald_dir / "state.sqlite")  # fmt: skip


def _site_key(site: RunningSite) -> str:
    return site.base_url.removeprefix("http://")


def _assert_exact(run: CrawlRun, site: RunningSite, expected: list[ExpectedArticle]) -> None:
    """Every expected article exported once, its text exactly its true paragraphs."""
    assert run.returncode == 0, run.log[-3000:]
    records = {str(record["url"]): record for record in run.records}
    assert sorted(records) == sorted(site.base_url + x.path for x in expected)
    for article in expected:
        text = str(records[site.base_url + article.path]["text"])
        assert text.split("\n\n") == list(article.article.paragraphs), article.note
        for furniture in (APP_PROMO, TIP_LINE, "Today's edition", POLL_TEXT):
            assert furniture not in text, article.note


def test_no_furniture_exported_and_no_article_paragraph_lost(
    herald: RunningSite, first_crawl: CrawlRun
) -> None:
    _assert_exact(first_crawl, herald, list(herald.site.articles))
    site = _site_key(herald)
    # Three inline paragraphs learned and removed on each of the ten pages.
    assert first_crawl.stat(f"boilerplate/{site}/removed") == 3 * len(herald.site.articles)
    assert first_crawl.stat(f"boilerplate/{site}/pages") == len(herald.site.articles)
    # The poll is on one page only: the sites file's selector removes it, not the model.
    assert first_crawl.stat("cleaning/removed/selector") == 1


def test_first_articles_are_held_until_the_model_is_warm_then_come_out_clean(
    herald: RunningSite, first_crawl: CrawlRun
) -> None:
    site = _site_key(herald)
    assert first_crawl.stat(f"boilerplate/{site}/held") == WARMUP - 1
    assert first_crawl.stat(f"boilerplate/{site}/released") == WARMUP - 1
    assert first_crawl.stats["item_scraped_count"] == len(herald.site.articles)
    # The very first record the pipeline saw was held, and came out exactly its paragraphs.
    first_url = re.search(r"Holding (\S+) until", first_crawl.log)
    assert first_url is not None
    (record,) = [r for r in first_crawl.records if r["url"] == first_url.group(1)]
    (expected,) = [x for x in herald.site.articles if herald.base_url + x.path == record["url"]]
    assert str(record["text"]).split("\n\n") == list(expected.article.paragraphs)


def test_the_model_is_in_the_state_file(
    herald: RunningSite, first_crawl: CrawlRun, herald_dir: Path
) -> None:
    state = herald_dir / "state.sqlite"
    command = [SCRAPY, "state", _site_key(herald), "-s", f"NEWSSPIDER_STATE={state}"]
    shown = subprocess.run(command, check=True, cwd=herald_dir, env=CRAWL_ENV,
                           capture_output=True, text=True)  # fmt: skip
    # The app promotion, the tip line and the edition line (its numbers vary).
    assert "boilerplate model: 10 pages, 3 furniture paragraphs" in shown.stdout


def test_a_quote_two_articles_share_is_kept(herald: RunningSite, first_crawl: CrawlRun) -> None:
    quoted = {x.title for x in QUOTED}
    texts = [str(r["text"]) for r in first_crawl.records if r["title"] in quoted]
    assert len(texts) == 2
    assert all(SHARED_QUOTE in text for text in texts)


def test_seed_article_is_exactly_its_paragraphs_among_furniture(first_crawl: CrawlRun) -> None:
    (seed,) = [r for r in first_crawl.records if r["title"] == SEED.title]
    assert seed["text"] == "\n\n".join(SEED.paragraphs)


def test_records_held_to_the_end_are_exported_counted_and_remembered(
    herald: RunningSite, tmp_path: Path
) -> None:
    # A warm-up the site never reaches: every record waits for the end of the crawl.
    sites, state = _sites_file(tmp_path, herald), tmp_path / "state.sqlite"
    never_warm = "NEWSSPIDER_BOILERPLATE_WARMUP=50"
    run = run_crawl(tmp_path / "a", "-a", f"sites={sites}", "-s", never_warm, state=state)
    _assert_exact(run, herald, list(herald.site.articles))
    site, count = _site_key(herald), len(herald.site.articles)
    assert run.stat(f"boilerplate/{site}/held") == count
    assert run.stat(f"boilerplate/{site}/released") == count
    assert run.stats["item_scraped_count"] == count == run.stat("dedupe/exported/new")
    assert "Releasing 10 held records: nothing else is left to crawl" in run.log
    # The seed article was among them, whenever it came, and is exactly its paragraphs.
    (seed,) = [x for x in herald.site.articles if x.article is SEED]
    assert f"Holding {herald.base_url}{seed.path} until" in run.log
    # The dedupe remembered them: the same crawl again fetches and exports none of them.
    again = run_crawl(tmp_path / "b", "-a", f"sites={sites}", state=state)
    assert again.returncode == 0 and again.records == []
    assert again.stat("dedupe/dropped/url") == count


# Last in the module: it publishes the site's second edition.
def test_second_crawl_starts_warm_from_the_state(
    herald: RunningSite, first_crawl: CrawlRun, herald_dir: Path
) -> None:
    added = publish_second_edition(herald.site, herald.base_url)
    run = run_crawl(herald_dir / "second", "-a", f"sites={herald_dir / 'sites.toml'}",
                    state=herald_dir / "state.sqlite")  # fmt: skip
    _assert_exact(run, herald, added)
    site = _site_key(herald)
    assert run.stat(f"boilerplate/{site}/loaded_pages") == len(herald.site.articles)
    assert run.stat(f"boilerplate/{site}/held") == 0
    assert run.stat(f"boilerplate/{site}/removed") == 3 * len(added)
