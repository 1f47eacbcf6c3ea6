"""Publisher opt-outs end to end: `scrapy crawl news` against the "optout" site."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from newsspider.middlewares.optouts import TDMREP_PATH
from newsspider.pipelines.optouts import OptOutPipeline
from tests.conftest import CrawlRun, crawl_result, run_crawl, run_reprocess
from tests.mocksite import RunningSite, start_site
from tests.mocksite.optout import RESERVATIONS


@pytest.fixture(scope="module")
def optout() -> Iterator[RunningSite]:
    """The "optout" site for this module."""
    running = start_site("optout")
    yield running
    running.stop()


@pytest.fixture(scope="module")
def flagged_workdir(optout: RunningSite, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site crawled with NEWSSPIDER_TDM at its default, flag, its pages kept as WARC."""
    workdir = tmp_path_factory.mktemp("flag")
    run = run_crawl(workdir, "-a", f"site={optout.base_url}/", "-s", "NEWSSPIDER_WARC_DIR=warc")
    assert run.returncode == 0, run.log[-3000:]
    return workdir


@pytest.fixture(scope="module")
def flagged(flagged_workdir: Path) -> CrawlRun:
    """What the flag crawl left (its return code checked by flagged_workdir)."""
    return crawl_result(flagged_workdir, 0, "", "out.jsonl")


def test_reserved_pages_are_flagged_with_their_sources(
    optout: RunningSite, flagged: CrawlRun
) -> None:
    found = {
        record["url"].removeprefix(optout.base_url): (record["tdm_sources"], record["tdm_policy"])
        for record in flagged.records
    }
    assert found == RESERVATIONS
    for record in flagged.records:
        assert record["tdm_reserved"] is bool(record["tdm_sources"])
    assert flagged.stat("tdm/flagged") == 4
    assert flagged.stat("tdm/reserved_by/robots_txt") == 2
    assert flagged.stat("tdm/tdmrep_found") == 1
    # Fetched once for the run, however many pages the site has.
    assert optout.requests.count(TDMREP_PATH) == 1
    # robots.txt too: the robots middleware's response served the spider and the opt-outs.
    assert optout.requests.count("/robots.txt") == 1
    assert flagged.stat("robots/reused") == 1  # the spider's request, answered without a fetch


def test_reprocess_keeps_what_the_site_and_the_response_reserved(
    flagged: CrawlRun, flagged_workdir: Path, tmp_path: Path
) -> None:
    archives = sorted((flagged_workdir / "warc").iterdir())
    done, again = run_reprocess(tmp_path, *map(str, archives))
    assert done.returncode == 0, done.stderr[-3000:]

    def reservations(run: CrawlRun) -> dict[str, tuple[object, ...]]:
        fields = ("tdm_reserved", "tdm_sources", "tdm_policy")
        return {record["url"]: tuple(record[f] for f in fields) for record in run.records}

    assert reservations(again) == reservations(flagged)


def test_with_skip_reserved_pages_are_counted_not_exported(
    optout: RunningSite, flagged: CrawlRun, tmp_path: Path
) -> None:
    run = run_crawl(tmp_path, "-a", f"site={optout.base_url}/", "-s", "NEWSSPIDER_TDM=skip")
    assert run.returncode == 0, run.log[-3000:]
    free = [path for path, (sources, _) in RESERVATIONS.items() if not sources]
    assert [record["url"] for record in run.records] == [optout.base_url + p for p in free]
    assert run.stat("tdm/skipped") == 4
    assert "reserved from mining (robots_txt:GPTBot): " + optout.base_url + "/news/" in run.log


def test_a_mode_not_allowed_says_which_are() -> None:
    with pytest.raises(ValueError, match="NEWSSPIDER_TDM='keep': use one of flag, skip"):
        OptOutPipeline(mode="keep")
