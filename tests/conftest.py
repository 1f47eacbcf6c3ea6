"""Shared test helpers: the fake news sites on loopback, running real crawls, the record schema."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from newsspider.state import StateStore, open_state_store
from newsspider.state.lsh import LshParams
from tests.mocksite import RunningSite, start_sites, stop_sites
from tests.redis_server import RedisServer

ROOT = Path(__file__).resolve().parent.parent
SCRAPY = str(Path(sys.executable).parent / "scrapy")
FAST = ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0", "-s", "LOG_LEVEL=DEBUG"]
CRAWL_ENV = {**os.environ, "SCRAPY_SETTINGS_MODULE": "newsspider.settings"}
SCHEMA = json.loads(
    resources.files("newsspider").joinpath("schema/article.schema.json").read_text()
)


@dataclass
class CrawlRun:
    """What one `scrapy crawl news` run left behind."""

    returncode: int
    records: list[dict[str, Any]]
    stats: dict[str, Any]
    log: str

    def stat(self, key: str) -> int:
        """A newsspider stats counter (0 when absent)."""
        return int(self.stats.get(f"newsspider/{key}", 0))


def crawl_command(workdir: Path, *args: str, output: str | None, state: Path | None) -> list[str]:
    """The `scrapy crawl news ARGS` command line: fast settings, state and stats in workdir."""
    command = [SCRAPY, "crawl", "news", *args, *FAST,
               "-s", f"NEWSSPIDER_STATS_FILE={workdir / 'stats.json'}",
               "-s", f"NEWSSPIDER_STATE={state or workdir / 'state.sqlite'}",
               "-s", f"LOG_FILE={workdir / 'crawl.log'}"]  # fmt: skip
    if output:
        command += ["-O", str(workdir / output)]
    return command


def crawl_result(workdir: Path, returncode: int, stderr: str, output: str | None) -> CrawlRun:
    """Read back what a crawl left in workdir: records, stats and log."""
    stats_file, log_file = workdir / "stats.json", workdir / "crawl.log"
    records = _read_records(workdir / output) if output else []
    # Every record of every crawl test must match the schema, whatever the test checks; with
    # no -O the crawl writes its default feed under output/.
    exported = [workdir / output] if output else sorted(workdir.glob("output/*.jsonl"))
    for path in exported:
        for record in _read_records(path):
            validate_record(record)
    stats = json.loads(stats_file.read_text()) if stats_file.exists() else {}
    log = log_file.read_text(encoding="utf-8") if log_file.exists() else stderr
    return CrawlRun(returncode, records, stats, log + stderr)


def run_crawl(
    workdir: Path, *args: str, output: str | None = "out.jsonl", state: Path | None = None
) -> CrawlRun:
    """Run `scrapy crawl news ARGS` in a subprocess; the state file defaults to workdir's."""
    command = crawl_command(workdir, *args, output=output, state=state)
    done = run_scrapy(workdir, command, timeout=180)
    return crawl_result(workdir, done.returncode, done.stderr, output)


def run_scrapy(workdir: Path, command: list[str], timeout: int) -> subprocess.CompletedProcess[str]:
    """Run a scrapy command line in workdir (created) with the project's settings module."""
    workdir.mkdir(parents=True, exist_ok=True)
    return subprocess.run(
        command, check=False, cwd=workdir, env=CRAWL_ENV, capture_output=True, text=True,
        timeout=timeout,
    )  # fmt: skip


def reprocess_command(
    workdir: Path, *args: str, output: str = "again.jsonl", state: Path | None = None
) -> list[str]:
    """The `scrapy reprocess ARGS -O OUTPUT` command line; state and stats in workdir."""
    return [SCRAPY, "reprocess", *args, *FAST, "-O", str(workdir / output),
            "-s", f"NEWSSPIDER_STATS_FILE={workdir / 'stats.json'}",
            "-s", f"NEWSSPIDER_STATE={state or workdir / 'state.sqlite'}"]  # fmt: skip


def run_reprocess(
    workdir: Path, *args: str, state: Path | None = None
) -> tuple[subprocess.CompletedProcess[str], CrawlRun]:
    """`scrapy reprocess ARGS -O again.jsonl` in workdir (its own state and stats by default)."""
    done = run_scrapy(workdir, reprocess_command(workdir, *args, state=state), timeout=120)
    stats_file = workdir / "stats.json"
    stats = json.loads(stats_file.read_text()) if stats_file.exists() else {}
    records = _read_records(workdir / "again.jsonl")
    return done, CrawlRun(done.returncode, records, stats, done.stderr)


def _read_records(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def validate_record(record: dict[str, Any]) -> None:
    """Raise if the record does not match the shipped JSON Schema."""
    jsonschema.validate(record, SCHEMA)


@pytest.fixture(scope="session")
def sites() -> Iterator[dict[str, RunningSite]]:
    """All fake news sites, each on its own loopback port, for the whole session."""
    running = start_sites(["demo", "linksonly", "guess"])
    yield running
    stop_sites(running)


def run_callback(results: AsyncIterator[Any]) -> list[Any]:
    """Everything an async spider callback yields, run to completion in-process."""

    async def collect() -> list[Any]:
        return [item async for item in results]

    return asyncio.run(collect())


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    """A real redis-server of this test's own, on a free loopback port, AOF on in tmp_path."""
    server = RedisServer(tmp_path / "redis").start()
    try:
        yield server
    finally:
        server.stop()


@dataclass
class StateBackend:
    """Where a contract test's state stores live: a SQLite file, or a real redis-server."""

    kind: str
    location: str

    def open(self, lsh: LshParams | None = None, heartbeat_s: float = 2.0) -> StateStore:
        """A store on this location (SQLite ignores the heartbeat)."""
        return open_state_store(self.location, lsh=lsh, heartbeat_s=heartbeat_s)


@pytest.fixture(params=["sqlite", "redis"])
def state_backend(request: pytest.FixtureRequest, tmp_path: Path) -> StateBackend:
    """Each StateStore contract test runs on both backends: a SQLite file, a real Redis."""
    if request.param == "redis":
        server: RedisServer = request.getfixturevalue("redis_server")
        return StateBackend("redis", server.url)
    return StateBackend("sqlite", str(tmp_path / "state" / "state.sqlite"))
