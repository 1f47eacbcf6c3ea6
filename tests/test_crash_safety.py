"""Crash safety: a crawl killed with SIGKILL mid-way, then run again, exports each article once."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import CRAWL_ENV, ROOT, crawl_command, run_crawl, validate_record
from tests.crashing_feeds import KILL_AT
from tests.mocksite import RunningSite, start_site

# Exported articles (of the bulk site's 60) at which the first crawl is killed.
KILL_AFTER = 12


@pytest.fixture(scope="module")
def bulk() -> Iterator[RunningSite]:
    """The "bulk" site: 60 articles, all in its sitemap."""
    site = start_site("bulk")
    yield site
    site.stop()


def _saved_articles(state: Path) -> int:
    """How many articles the crawl's dedupe has recorded so far (0 before the file exists)."""
    if not state.exists():
        return 0
    with sqlite3.connect(f"file:{state}?mode=ro", uri=True, timeout=5) as db:
        try:
            return int(db.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
        except sqlite3.OperationalError:  # the schema is not there yet
            return 0


def _complete_lines(path: Path) -> list[dict[str, object]]:
    """The records of a feed file; fails on a line that is not whole JSON."""
    data = path.read_bytes()
    assert not data or data.endswith(b"\n"), f"{path.name}: last line cut off"
    return [json.loads(line) for line in data.splitlines()]


def _kill_mid_crawl(workdir: Path, state: Path, command: list[str], batches: int) -> int:
    """Start the crawl, SIGKILL it and its workers once it has exported KILL_AFTER articles."""
    crawl = subprocess.Popen(  # its own process group: the workers and forkserver are in it
        command, cwd=workdir, env=CRAWL_ENV, start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 120
    try:
        while crawl.poll() is None and time.monotonic() < deadline:
            stored = len(list(workdir.glob("out-*.jsonl")))
            if _saved_articles(state) >= KILL_AFTER and stored >= batches:
                break
            time.sleep(0.05)
    finally:
        if crawl.poll() is None:
            os.killpg(crawl.pid, signal.SIGKILL)
        crawl.wait(timeout=30)
    return crawl.returncode


@pytest.mark.parametrize("batch", [0, 5], ids=["one-file", "batches-of-5"])
def test_a_crawl_killed_mid_way_loses_nothing_and_repeats_nothing(
    bulk: RunningSite, tmp_path: Path, batch: int
) -> None:
    state = tmp_path / "state.sqlite"
    first = tmp_path / "first"
    first.mkdir()
    output = "out-%(batch_id)05d.jsonl" if batch else "out-1.jsonl"
    command = crawl_command(first, "-a", f"site={bulk.base_url}/", output=output, state=state)
    # One page at a time, 0.1-0.3 s apart: the crawl takes over ten seconds, so the kill is
    # sure to land in the middle.
    command += ["-s", "DOWNLOAD_DELAY=0.2", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1",
                "-s", f"FEED_EXPORT_BATCH_ITEM_COUNT={batch}"]  # fmt: skip
    returncode = _kill_mid_crawl(first, state, command, 2 if batch else 0)
    assert returncode == -signal.SIGKILL, "the crawl ended before it was killed"

    # Complete files only have complete records; the file being written is still `.part`.
    files = sorted(first.glob("out-*.jsonl"))
    exported = [record for path in files for record in _complete_lines(path)]
    for record in exported:
        validate_record(record)
    parts = sorted(first.glob("*.part"))
    print(f"\n[{batch=}] killed: {len(files)} complete files, {len(exported)} records, "
          f"{len(parts)} .part file(s): {[p.name for p in parts]}")  # fmt: skip
    assert len(files) >= (2 if batch else 0)
    assert len(parts) <= 1

    # The state file is sound, and what it takes as final is what the complete files hold.
    with sqlite3.connect(state) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        final = {row[0] for row in db.execute(
            "SELECT url FROM articles WHERE id NOT IN (SELECT article FROM pending)")}  # fmt: skip
        pending = db.execute("SELECT COUNT(*) FROM pending").fetchone()[0]
    print(f"[{batch=}] state: {len(final)} exports final, {pending} pending (to undo)")
    assert final == {str(record["url"]) for record in exported}

    again = run_crawl(tmp_path / "second", "-a", f"site={bulk.base_url}/", state=state)
    assert again.returncode == 0, again.log[-3000:]
    print(f"[{batch=}] second run: {len(again.records)} records, "
          f"{again.stat('state/undone')} undone exports")  # fmt: skip
    assert again.stat("state/undone") == pending
    urls = Counter(str(record["url"]) for record in exported + again.records)
    assert [url for url, count in urls.items() if count > 1] == []
    assert set(urls) == {bulk.base_url + article.path for article in bulk.site.articles}


def test_a_crawl_killed_between_a_files_confirmation_and_its_rename(
    bulk: RunningSite, tmp_path: Path
) -> None:
    state = tmp_path / "state.sqlite"
    first = tmp_path / "first"
    first.mkdir()
    site = f"site={bulk.base_url}/"
    command = crawl_command(first, "-a", site, output="out-%(batch_id)05d.jsonl", state=state)
    storage = "tests.crashing_feeds.KillBeforeRenameStorage"
    storages = json.dumps({"": storage, "file": storage})
    command += ["-s", "FEED_EXPORT_BATCH_ITEM_COUNT=5", "-s", f"FEED_STORAGES={storages}"]
    killed = subprocess.run(
        command, cwd=first, env={**CRAWL_ENV, "PYTHONPATH": str(ROOT)}, start_new_session=True,
        capture_output=True, timeout=180, check=False,
    )  # fmt: skip
    assert killed.returncode == -signal.SIGKILL, killed.stderr[-3000:]
    assert (first / "out-00001.jsonl").exists()
    unrenamed = first / f"out-{KILL_AT}.part"
    in_files = _complete_lines(first / "out-00001.jsonl") + _complete_lines(unrenamed)
    with sqlite3.connect(state) as db:
        final = {row[0] for row in db.execute(
            "SELECT url FROM articles WHERE id NOT IN (SELECT article FROM pending)")}  # fmt: skip
    # The second file's records were confirmed, its rename was not done.
    assert final == {str(record["url"]) for record in in_files}
    assert len(final) == 10

    again = run_crawl(tmp_path / "second", "-a", site, state=state)
    assert again.returncode == 0, again.log[-3000:]
    assert again.stat("state/renamed") == 1
    assert f"out-{KILL_AT}.part was complete when its crawl was killed" in again.log
    assert not unrenamed.exists()
    exported = [r for path in sorted(first.glob("out-*.jsonl")) for r in _complete_lines(path)]
    print(f"\n[rename] first run: {len(exported)} records in {len(list(first.glob('out-*.jsonl')))}"
          f" files after the rename; second run: {len(again.records)} records")  # fmt: skip
    urls = Counter(str(record["url"]) for record in exported + again.records)
    assert [url for url, count in urls.items() if count > 1] == []
    assert set(urls) == {bulk.base_url + article.path for article in bulk.site.articles}
