"""`scrapy reprocess` of WARCs over HTTP: a path list, site filters, damage, resets, resuming."""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import signal
import socket
import sqlite3
import subprocess
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from benchmarks.site import aeb_sources
from benchmarks.warc_files import write_warc
from newsspider import extract_article
from newsspider.archive.http_stream import ArchiveUnavailable, HttpStream
from newsspider.archive.reader import ArchiveEntry, iter_file
from newsspider.archive.sources import Selection, archive_names
from tests.conftest import CRAWL_ENV, ROOT, reprocess_command, run_reprocess
from tests.mocksite.archives import ArchiveHost, ServedFile, start_archive_host

HOSTS = ("news-a.example", "news-b.example", "other.example")
NAMED = "site=https://news-a.example/,https://news-b.example/"
# CC-NEWS file names: the date and time the file was started. The fourth is after --to; the
# fifth is listed but not on the server.
NAMES = [
    "crawl-data/CC-NEWS/2024/03/CC-NEWS-20240301000000-00000.warc.gz",
    "crawl-data/CC-NEWS/2024/03/CC-NEWS-20240302000000-00001.warc.gz",
    "crawl-data/CC-NEWS/2024/03/CC-NEWS-20240303000000-00002.warc.gz",
    "crawl-data/CC-NEWS/2024/04/CC-NEWS-20240402000000-00003.warc.gz",
    "crawl-data/CC-NEWS/2024/03/CC-NEWS-20240304000000-00004.warc.gz",
]
SLICE = ["--to", "2024-03-31"]
# The third file is cut in the middle of its eighth record (news-a.example: a named site).
CUT_RECORD = 7


@dataclass
class Corpus:
    """The archive files' pages, and what a reprocess of the named sites must export."""

    files: list[bytes]
    articles: set[str]  # source URLs of the named sites' article pages in the readable records
    other_site: int  # records of other.example before the cut
    damaged_url: str


def _pages() -> list[tuple[str, bytes]]:
    """The AEB fixture pages, each at a URL on one of three hosts in turn."""
    pages = []
    for number, (url, html) in enumerate(aeb_sources(ROOT / "tests" / "fixtures" / "aeb")):
        host = HOSTS[number % len(HOSTS)]
        pages.append((f"https://{host}/p{number}{urlsplit(url).path}", html))
    return pages


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    """Four gzip WARCs: pages 0-9, 10-19, 20-30 (cut short), and 0-2 again (after --to)."""
    workdir = tmp_path_factory.mktemp("warcs")
    pages = _pages()
    files = []
    for number, chunk in enumerate([pages[0:10], pages[10:20], pages[20:], pages[0:3]]):
        path = workdir / f"{number}.warc.gz"
        offsets = write_warc(path, chunk)
        data = path.read_bytes()
        if number == 2:
            data = data[
                : offsets[CUT_RECORD] + (offsets[CUT_RECORD + 1] - offsets[CUT_RECORD]) // 2
            ]
        files.append(data)
    readable = pages[: 20 + CUT_RECORD]
    articles = {
        url
        for url, html in readable
        if urlsplit(url).hostname != "other.example" and extract_article(html, url) is not None
    }
    other = sum(urlsplit(url).hostname == "other.example" for url, _ in readable)
    return Corpus(files, articles, other, pages[20 + CUT_RECORD][0])


@pytest.fixture(scope="module")
def host() -> Iterator[ArchiveHost]:
    """The loopback server of archive files and path lists."""
    running = start_archive_host()
    yield running
    running.stop()


def _serve(host: ArchiveHost, corpus: Corpus, prefix: str) -> tuple[str, list[ServedFile]]:
    """The files under /PREFIX/, the first answering without Range and reset once, the second
    reset twice; the URL of their warc.paths.gz."""
    served = [ServedFile(corpus.files[0], ranges=False, resets=1),
              ServedFile(corpus.files[1], resets=2),
              ServedFile(corpus.files[2]), ServedFile(corpus.files[3])]  # fmt: skip
    for name, file in zip(NAMES, served, strict=False):
        host.serve(f"/{prefix}/{name}", file)
    listing = gzip.compress("".join(f"{name}\n" for name in NAMES).encode())
    return host.serve(f"/{prefix}/warc.paths.gz", ServedFile(listing)), served


def _base(host: ArchiveHost, prefix: str) -> list[str]:
    return ["--base-url", f"{host.base_url}/{prefix}/", "-s", "NEWSSPIDER_ARCHIVE_RETRY_DELAY=0.05"]


def test_a_path_list_over_http_exports_the_named_sites_articles_once(
    host: ArchiveHost, corpus: Corpus, tmp_path: Path
) -> None:
    paths, served = _serve(host, corpus, "full")
    done, run = run_reprocess(tmp_path, "--paths", paths, *_base(host, "full"), *SLICE, "-a", NAMED)
    assert done.returncode == 0, done.stderr[-3000:]
    exported = Counter(str(record["source_url"]) for record in run.records)
    assert set(exported) == corpus.articles and max(exported.values()) == 1
    assert run.stat("reprocess/files_listed") == 4 and run.stat("reprocess/files") == 3
    assert served[3].served == [], "the file dated after --to was read"
    # The file that is not there: given up at once (a 404 does not change), the run goes on.
    assert run.stat("reprocess/files_failed") == 1
    assert f"Archive {host.base_url}/full/{NAMES[4]} unavailable" in done.stderr
    # Other hosts: skipped before extraction, counted.
    assert run.stat("reprocess/skipped/other_site") == corpus.other_site
    assert run.stat("reprocess/pages") == 20 + CUT_RECORD - corpus.other_site
    # The cut record: counted and logged as damaged, never exported.
    assert run.stat("bad_input/archive_damaged") == 1
    assert f"Bad input (archive_damaged) at {corpus.damaged_url}" in done.stderr
    # Resets: read on from the byte where they broke (Range), or from the start again.
    assert run.stat("reprocess/retries") == 3
    assert served[0].served == [0, 0] and served[1].served[0] == 0
    assert len(served[1].served) == 3 and 0 < served[1].served[1] < served[1].served[2]
    assert "3 of 4 files done" in done.stderr


def _file_offsets(state: Path) -> dict[str, dict[str, Any]]:
    if not state.exists():
        return {}
    with sqlite3.connect(f"file:{state}?mode=ro", uri=True, timeout=5) as db:
        try:
            rows = db.execute("SELECT key, value FROM state WHERE namespace = 'reprocess_files'")
            return {key: json.loads(value) for key, value in rows}
        except sqlite3.OperationalError:  # the schema is not there yet
            return {}


def test_a_run_killed_midway_resumes_and_a_third_run_exports_nothing(
    host: ArchiveHost, corpus: Corpus, tmp_path: Path
) -> None:
    paths, _ = _serve(host, corpus, "resume")
    state = tmp_path / "state.sqlite"
    first = tmp_path / "first"
    first.mkdir()
    args = ["--paths", paths, *_base(host, "resume"), *SLICE, "-a", NAMED]
    command = reprocess_command(first, *args, output="out-%(batch_id)05d.jsonl", state=state)
    # Each record its own file, none held for the boilerplate model's warm-up: exports become
    # final one by one, and so do the files' restart points.
    command += ["-s", "FEED_EXPORT_BATCH_ITEM_COUNT=1", "-s", "NEWSSPIDER_BOILERPLATE_WARMUP=0"]
    host.slow(0.1)  # about 160 kB/s: a file takes seconds, so the kill lands midway
    run = subprocess.Popen(command, cwd=first, env=CRAWL_ENV, start_new_session=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    deadline = time.monotonic() + 60
    try:
        while run.poll() is None and time.monotonic() < deadline:
            offsets = _file_offsets(state)
            if any(entry.get("offset") for entry in offsets.values()):
                break
            time.sleep(0.05)
    finally:
        host.slow(0.0)
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGKILL)
        run.wait(timeout=30)
    assert run.returncode == -signal.SIGKILL, "the run ended before it was killed"
    before = [json.loads(line) for path in sorted(first.glob("out-*.jsonl"))
              for line in path.read_text().splitlines()]  # fmt: skip

    done, second = run_reprocess(tmp_path / "second", *args, state=state)
    assert done.returncode == 0, done.stderr[-3000:]
    assert second.stat("reprocess/files_resumed") >= 1
    exported = Counter(str(record["source_url"]) for record in before + second.records)
    assert set(exported) == corpus.articles
    assert [url for url, count in exported.items() if count > 1] == []

    done, third = run_reprocess(tmp_path / "third", *args, state=state)
    assert done.returncode == 0, done.stderr[-3000:]
    assert third.records == []
    assert (
        third.stat("reprocess/files_skipped_done") == 3
        and third.stat("reprocess/files_failed") == 1
    )
    assert third.stat("reprocess/records") == 0


def test_a_path_list_is_sliced_by_the_dates_in_file_names_then_by_count(tmp_path: Path) -> None:
    listing = tmp_path / "warc.paths"
    listing.write_text("\n".join([*NAMES, "crawl-data/extra/no-date.warc.gz"]) + "\n")
    names = archive_names(["/data/local.warc.gz"], [str(listing)], "https://data.example/",
                          Selection(date(2024, 3, 2), date(2024, 3, 31)))  # fmt: skip
    assert names == [
        "/data/local.warc.gz",
        "https://data.example/" + NAMES[1],
        "https://data.example/" + NAMES[2],
        "https://data.example/" + NAMES[4],
        "https://data.example/crawl-data/extra/no-date.warc.gz",
    ]
    assert archive_names([], [str(listing)], "https://data.example/", Selection(max_files=2)) == [
        "https://data.example/" + name for name in NAMES[:2]
    ]


def test_a_server_that_refuses_is_given_up_after_the_retries() -> None:
    with socket.socket() as probe:  # a loopback port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    retries: list[str] = []
    stream = HttpStream(f"http://127.0.0.1:{port}/a.warc.gz", retries=2, retry_delay=0.01,
                        on_retry=retries.append)  # fmt: skip
    with stream, pytest.raises(ArchiveUnavailable, match="gave up after 2 retries"):
        stream.read()
    assert len(retries) == 2 and "retry 2 in 0.02 s" in retries[1]


def test_a_local_file_read_from_a_restart_point_never_gives_a_partial_page(
    tmp_path: Path,
) -> None:
    pages = [(f"https://news-a.example/{n}", b"<html><body>%d</body></html>" % n) for n in range(4)]
    whole = tmp_path / "whole.warc.gz"
    offsets = write_warc(whole, pages)
    data, path = whole.read_bytes(), tmp_path / "cut.warc.gz"
    for cut in range(offsets[3], len(data) + 1):  # every cut within the last record
        path.write_bytes(data[:cut])
        entries: list[ArchiveEntry] = []
        # Broken off within the WARC headers: OSError, which the spider counts as damaged.
        with contextlib.suppress(OSError):
            entries.extend(iter_file(path, start=offsets[1]))
        assert [(entry.offset, entry.page.body if entry.page else None) for entry in entries[:2]] \
            == [(offsets[1], pages[1][1]), (offsets[2], pages[2][1])], cut  # fmt: skip
        for entry in entries[2:]:
            assert entry.page is None or entry.page.body == pages[3][1], f"partial page at {cut}"
    assert [entry.skipped for entry in entries] == ["", "", ""], "the whole file: three pages"
