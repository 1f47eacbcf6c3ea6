"""Shared crawls: several `scrapy crawl news` workers on one real Redis, the "fleet" mock site.

Each worker runs in its own directory (its own output/ and stats file), as on its own machine;
all of them get NEWSSPIDER_STATE=redis://... and the same site.
"""

from __future__ import annotations

import json
import os
import pickle
import re
import signal
import subprocess
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CRAWL_ENV, crawl_command, validate_record
from tests.mocksite.fleet import (
    FLEET_ARTICLES,
    FLEET_WIRE_COPIES,
    fleet_article_number,
    fleet_page,
)
from tests.mocksite.server import RunningSite, start_site
from tests.mocksite.sites import bulk_article, dated_path, urlset, xml_resource
from tests.redis_server import RedisServer

# Small timeouts, so that a run ends and a dead worker is replaced within seconds.
# A dead worker's politeness places come back after DOWNLOAD_TIMEOUT plus the lease margin.
FLEET = ["-s", "NEWSSPIDER_IDLE_TIMEOUT=2", "-s", "NEWSSPIDER_LEASE_TIMEOUT=5",
         "-s", "NEWSSPIDER_WORKERS_PROCESSES=1", "-s", "NEWSSPIDER_REPORT_DIR=",
         "-s", "DOWNLOAD_TIMEOUT=5", "-s", "NEWSSPIDER_POLITENESS_LEASE_MARGIN=1"]  # fmt: skip


WIRE_ORIGINALS = [
    dated_path(bulk_article(fleet_article_number(n))) for n in range(FLEET_WIRE_COPIES)
]


@pytest.fixture
def fleet_site() -> Iterator[RunningSite]:
    """The "fleet" site, fresh for each test (one test changes a page)."""
    site = start_site("fleet")
    try:
        yield site
    finally:
        site.stop()


@dataclass
class Worker:
    """One worker process of a shared crawl, in its own directory."""

    workdir: Path
    process: subprocess.Popen[str]

    def stats(self) -> dict[str, Any]:
        """Its final stats (NEWSSPIDER_STATS_FILE)."""
        path = self.workdir / "stats.json"
        return json.loads(path.read_text()) if path.exists() else {}

    def stat(self, key: str) -> int:
        """One newsspider counter of its stats."""
        return int(self.stats().get(f"newsspider/{key}", 0))

    def records(self) -> list[dict[str, Any]]:
        """The records of its complete feed files (a `.part` file is not complete)."""
        return [
            json.loads(line)
            for path in sorted((self.workdir / "output").glob("*.jsonl"))
            for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()
        ]

    def log(self) -> str:
        """Its log file."""
        path = self.workdir / "crawl.log"
        return path.read_text(encoding="utf-8") if path.exists() else ""


def start_fleet(root: Path, redis: RedisServer, site: RunningSite, count: int,
                *extra: str) -> list[Worker]:  # fmt: skip
    """Start `count` workers of one shared crawl of the site, each in its own session."""
    workers = []
    for number in range(count):
        workdir = root / f"worker-{number}"
        workdir.mkdir(parents=True)
        command = crawl_command(workdir, "-a", f"site={site.base_url}/", output=None, state=None)
        command += [*FLEET, "-s", f"NEWSSPIDER_STATE={redis.url}", *extra]
        process = subprocess.Popen(
            command, cwd=workdir, env=CRAWL_ENV, text=True, start_new_session=True,
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )  # fmt: skip
        workers.append(Worker(workdir, process))
    return workers


def wait_for(workers: list[Worker], timeout: float = 240) -> list[int]:
    """Wait until every worker exits by itself; their exit statuses."""
    deadline = time.monotonic() + timeout
    codes = []
    for worker in workers:
        try:
            worker.process.wait(timeout=max(1.0, deadline - time.monotonic()))
        finally:
            if worker.process.poll() is None:
                os.killpg(worker.process.pid, signal.SIGKILL)
        codes.append(worker.process.returncode)
    return codes


def wait_for_a_third(site: RunningSite, worker: Worker | None = None) -> None:
    """Return once a third of the articles were fetched (the worker, if given, still running)."""
    deadline = time.monotonic() + 120
    while len(article_fetches(site)) < FLEET_ARTICLES // 3:
        assert time.monotonic() < deadline, "the crawl never got a third of the way"
        assert worker is None or worker.process.poll() is None, "the worker ended too soon"
        time.sleep(0.02)


def wait_for_files(workers: list[Worker]) -> None:
    """Return once every worker has begun its feed file (Scrapy opens it at the first record)."""
    deadline = time.monotonic() + 120
    while not all(list((w.workdir / "output").glob("*.jsonl.part")) for w in workers):
        assert time.monotonic() < deadline, "a worker never began its feed file"
        assert all(w.process.poll() is None for w in workers), "a worker ended too soon"
        time.sleep(0.05)


def article_fetches(site: RunningSite) -> list[str]:
    """Requests for article pages so far."""
    paths = {article.path for article in site.site.articles}
    return [path for path in site.requests if path.split("?")[0] in paths]


def union(workers: list[Worker]) -> Counter[str]:
    """How often each story is in the complete feed files of all workers (schema-checked).

    A story is named by its article's URL; a wire copy (/wire/N/) is the same story as the
    site's N-th article, and whichever of the two was exported first stands for both.
    """
    stories: Counter[str] = Counter()
    for worker in workers:
        for record in worker.records():
            validate_record(record)
            stories[story_of(str(record["url"]), worker)] += 1
    return stories


def story_of(url: str, worker: Worker) -> str:
    """The article URL of a record's story."""
    base, _, path = url.partition("/wire/")
    if not path:
        return url
    return base + WIRE_ORIGINALS[int(path.strip("/"))]


def expected_urls(site: RunningSite) -> set[str]:
    """Every article of the site, once."""
    return {site.base_url + article.path for article in site.site.articles}


def test_three_workers_export_every_article_once_and_end_by_themselves(
    fleet_site: RunningSite, redis_server: RedisServer, tmp_path: Path
) -> None:
    workers = start_fleet(tmp_path / "first", redis_server, fleet_site, 3)
    codes = wait_for(workers)
    assert codes == [0, 0, 0], [w.log()[-3000:] for w in workers]

    urls = union(workers)
    assert [url for url, count in urls.items() if count > 1] == []
    assert set(urls) == expected_urls(fleet_site)
    assert len(urls) == FLEET_ARTICLES
    # Each worker did part of the work; discovery was done once for the whole fleet.
    assert all(w.records() for w in workers), [len(w.records()) for w in workers]
    requests = Counter(path.split("?")[0] for path in fleet_site.requests)
    assert requests["/sitemap.xml"] == 1
    assert [requests[f"/sitemaps/articles-{n}.xml"] for n in range(3)] == [1, 1, 1]
    assert requests["/feed.xml"] == 1
    assert requests["/"] == 1
    started = [w.stat("fleet/runs_started") for w in workers]
    assert sorted(started) == [0, 0, 1]

    # A second run: nothing new, no exported article fetched again.
    before = len(article_fetches(fleet_site))
    again = start_fleet(tmp_path / "second", redis_server, fleet_site, 3)
    assert wait_for(again) == [0, 0, 0]
    assert union(again) == Counter()
    assert article_fetches(fleet_site)[before:] == []

    # One article changes, and its sitemap says so: the next run exports its revision once.
    # One with no wire copy: of a story and its copy, either may have been exported first.
    article = fleet_site.site.articles[50]
    # Changed after the last run fetched it: the sitemap's lastmod is later than that fetch.
    now = datetime.now(UTC).isoformat(timespec="seconds")
    paragraphs = ("A correction was added to this bulletin.", *article.article.paragraphs)
    changed = replace(article.article, paragraphs=paragraphs, modified=now)
    resources = fleet_site.site.resources
    resources[article.path] = fleet_page(changed)
    sitemap = "/sitemaps/articles-0.xml"
    entries = [(a.path, changed if a.path == article.path else a.article)
               for a in fleet_site.site.articles[:100]]  # fmt: skip
    resources[sitemap] = xml_resource(urlset(fleet_site.base_url, entries))
    third = start_fleet(tmp_path / "third", redis_server, fleet_site, 3)
    assert wait_for(third) == [0, 0, 0]
    records = [record for worker in third for record in worker.records()]
    assert [(r["url"], r["revision"]) for r in records] == [(fleet_site.base_url + article.path, 2)]


def test_a_killed_worker_s_requests_are_redone_and_nothing_is_exported_twice(
    fleet_site: RunningSite, redis_server: RedisServer, tmp_path: Path
) -> None:
    workers = start_fleet(tmp_path, redis_server, fleet_site, 3)
    victim = workers[0]
    wait_for_a_third(fleet_site, victim)
    os.killpg(victim.process.pid, signal.SIGKILL)
    victim.process.wait()
    survivors = workers[1:]
    assert wait_for(survivors) == [0, 0], [w.log()[-3000:] for w in survivors]

    urls = union(workers)
    assert [url for url, count in urls.items() if count > 1] == []
    assert set(urls) == expected_urls(fleet_site)
    # The killed worker's unfinished file stays unfinished; its leased requests were redone.
    assert list((victim.workdir / "output").glob("*.jsonl")) == []
    assert sum(w.stat("queue/reclaimed") for w in survivors) >= 1
    assert "took over" in "".join(w.log() for w in survivors)


def test_a_redis_restart_mid_crawl_loses_nothing(
    fleet_site: RunningSite, redis_server: RedisServer, tmp_path: Path
) -> None:
    workers = start_fleet(tmp_path, redis_server, fleet_site, 3)
    wait_for_a_third(fleet_site)
    redis_server.stop()
    time.sleep(1.0)
    redis_server.start()
    assert wait_for(workers) == [0, 0, 0], [w.log()[-3000:] for w in workers]

    urls = union(workers)
    assert [url for url, count in urls.items() if count > 1] == []
    assert set(urls) == expected_urls(fleet_site)
    assert "unreachable" in "".join(w.log() for w in workers)


def test_a_shared_crawl_refuses_one_output_file_for_every_worker(
    fleet_site: RunningSite, redis_server: RedisServer, tmp_path: Path
) -> None:
    command = crawl_command(tmp_path, "-a", f"site={fleet_site.base_url}/", output="out.jsonl",
                            state=None)  # fmt: skip
    command += ["-s", f"NEWSSPIDER_STATE={redis_server.url}"]
    done = subprocess.run(command, cwd=tmp_path, env=CRAWL_ENV, text=True, capture_output=True,
                          timeout=60, check=False)  # fmt: skip
    assert done.returncode == 2
    assert "Put %(worker)s in the name" in done.stderr
    assert fleet_site.requests == []


def test_workers_stop_when_redis_stays_away_and_the_next_workers_finish_the_run(
    fleet_site: RunningSite, redis_server: RedisServer, tmp_path: Path
) -> None:
    first = start_fleet(tmp_path / "first", redis_server, fleet_site, 2,
                        "-s", "NEWSSPIDER_REDIS_TIMEOUT=3")  # fmt: skip
    wait_for_a_third(fleet_site)
    # On a loaded machine a worker may have fetched pages and exported none yet: its feed file
    # would not exist, and the test is about what becomes of such a file.
    wait_for_files(first)
    redis_server.stop()
    assert wait_for(first) == [1, 1], [w.log()[-3000:] for w in first]
    for worker in first:
        assert "unreachable for more than NEWSSPIDER_REDIS_TIMEOUT" in worker.log()
        # Nothing it wrote counts as complete: the state could not confirm it.
        assert worker.records() == []
        assert list((worker.workdir / "output").glob("*.jsonl.part"))

    redis_server.start()
    second = start_fleet(tmp_path / "second", redis_server, fleet_site, 2)
    assert wait_for(second) == [0, 0], [w.log()[-3000:] for w in second]
    stories = union(first + second)
    assert [url for url, count in stories.items() if count > 1] == []
    assert set(stories) == expected_urls(fleet_site)


def test_a_paused_worker_taken_for_dead_exports_nothing_twice(
    fleet_site: RunningSite, redis_server: RedisServer, tmp_path: Path
) -> None:
    workers = start_fleet(tmp_path, redis_server, fleet_site, 3)
    paused = workers[0]
    wait_for_a_third(fleet_site, paused)
    # A machine that stops answering for longer than the lease timeout, then comes back once
    # another worker has taken over its requests (and undone its exports).
    os.killpg(paused.process.pid, signal.SIGSTOP)
    deadline = time.monotonic() + 120
    while "took over" not in "".join(w.log() for w in workers[1:]):
        assert time.monotonic() < deadline, "nobody took over the paused worker's requests"
        time.sleep(0.2)
    os.killpg(paused.process.pid, signal.SIGCONT)
    codes = wait_for(workers)
    assert codes[1:] == [0, 0], [w.log()[-3000:] for w in workers]
    # Taken for dead and undone: nothing it wrote becomes a complete file.
    assert "taken for dead" in paused.log()
    assert list((paused.workdir / "output").glob("*.jsonl")) == []

    stories = union(workers)
    assert [url for url, count in stories.items() if count > 1] == []
    assert set(stories) == expected_urls(fleet_site)
    assert sum(w.stat("queue/reclaimed") for w in workers[1:]) >= 1


def test_a_request_whose_workers_keep_dying_goes_to_the_dead_letters(
    fleet_site: RunningSite, redis_server: RedisServer, tmp_path: Path
) -> None:
    # One delivery allowed: the requests the killed worker held have had theirs.
    workers = start_fleet(tmp_path, redis_server, fleet_site, 2,
                          "-s", "NEWSSPIDER_MAX_DELIVERIES=1")  # fmt: skip
    victim, survivor = workers
    wait_for_a_third(fleet_site, victim)
    os.killpg(victim.process.pid, signal.SIGKILL)
    victim.process.wait()
    assert wait_for([survivor]) == [0], survivor.log()[-3000:]

    # Each one is counted, logged with its URL, and kept in the run's dead-letter list.
    buried = re.findall(r"Shared crawl: (\S+) was delivered 1 times and never finished; "
                        r"moved to the dead-letter list (\S+)", survivor.log())  # fmt: skip
    assert buried, survivor.log()[-3000:]
    assert survivor.stat("queue/dead_letter") == len(buried)
    assert survivor.stat("queue/reclaimed") == 0
    assert all(url.startswith(fleet_site.base_url) for url, _ in buried)
    letters = redis_server.client().lrange(buried[0][1], 0, -1)
    assert len(letters) == len(buried)
    assert {url for url, _ in buried} <= {pickle.loads(letter)["url"] for letter in letters}
    # Nothing is exported twice meanwhile, and every other article is exported.
    stories = union(workers)
    assert [url for url, count in stories.items() if count > 1] == []
    assert len(stories) >= FLEET_ARTICLES - len(buried)
