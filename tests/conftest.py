"""Shared test helpers: the fake news sites on loopback, running real crawls, the record schema."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tests.mocksite import RunningSite, start_sites, stop_sites

ROOT = Path(__file__).resolve().parent.parent
SCRAPY = str(Path(sys.executable).parent / "scrapy")
FAST = ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0", "-s", "LOG_LEVEL=DEBUG"]
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


def run_crawl(workdir: Path, *args: str, output: str | None = "out.jsonl") -> CrawlRun:
    """Run `scrapy crawl news ARGS` in a subprocess, fast settings, state and stats in workdir."""
    workdir.mkdir(parents=True, exist_ok=True)
    stats_file = workdir / "stats.json"
    log_file = workdir / "crawl.log"
    command = [SCRAPY, "crawl", "news", *args, *FAST,
               "-s", f"NEWSSPIDER_STATS_FILE={stats_file}",
               "-s", f"NEWSSPIDER_STATE={workdir / 'state.sqlite'}",
               "-s", f"LOG_FILE={log_file}"]  # fmt: skip
    if output:
        command += ["-O", str(workdir / output)]
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "newsspider.settings"}
    done = subprocess.run(
        command, check=False, cwd=workdir, env=env, capture_output=True, text=True, timeout=180
    )
    records = _read_records(workdir / output) if output else []
    # Every record of every crawl test must match the schema, whatever the test checks; with
    # no -O the crawl writes its default feed under output/.
    exported = [workdir / output] if output else sorted(workdir.glob("output/*.jsonl"))
    for path in exported:
        for record in _read_records(path):
            validate_record(record)
    stats = json.loads(stats_file.read_text()) if stats_file.exists() else {}
    log = log_file.read_text(encoding="utf-8") if log_file.exists() else done.stderr
    return CrawlRun(done.returncode, records, stats, log + done.stderr)


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
