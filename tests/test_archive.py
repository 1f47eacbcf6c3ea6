"""Raw pages: WARC capture during a crawl."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders

from tests.conftest import CrawlRun, run_crawl
from tests.mocksite import RunningSite


@pytest.fixture(scope="module")
def captured(
    sites: dict[str, RunningSite], tmp_path_factory: pytest.TempPathFactory
) -> tuple[CrawlRun, list[Path]]:
    """The demo site crawled with WARC capture on, files rotated at ~20 kB."""
    workdir = tmp_path_factory.mktemp("capture")
    settings = ["-s", "NEWSSPIDER_WARC_DIR=warc", "-s", "NEWSSPIDER_WARC_MAX_SIZE=20000"]
    run = run_crawl(workdir, "-a", f"site={sites['demo'].base_url}/", *settings)
    assert run.returncode == 0, run.log[-3000:]
    return run, sorted((workdir / "warc").iterdir())


def test_capture_keeps_request_and_response_of_every_article(
    captured: tuple[CrawlRun, list[Path]],
) -> None:
    run, files = captured
    assert len(files) > 1, "files were not rotated by size"
    assert all(path.name.endswith(".warc.gz") for path in files)
    assert run.stat("warc/files") == len(files) and run.stat("warc/pages") == 14
    responses: dict[str, str] = {}
    requests: dict[str, StatusAndHeaders] = {}
    for path in files:
        with path.open("rb") as stream:
            records = list(_summaries(stream))
        assert records[0][0] == "warcinfo"
        for kind, uri, record_id, concurrent_to, http in records[1:]:
            if kind == "response":
                assert http.get_statuscode() == "200"
                assert http.get_header("Content-Type").startswith("text/html")
                responses[record_id] = uri
            elif kind == "request":
                assert http.protocol == "GET"
                assert http.get_header("User-Agent").startswith("newsspider/")
                requests[concurrent_to] = http
    exported = {str(record["source_url"]) for record in run.records}
    assert set(responses.values()) == exported, "only (and all) exported pages are kept"
    assert set(requests) == set(responses), "each response has its request"


def _summaries(stream: Any) -> Any:
    for record in ArchiveIterator(stream):
        headers = record.rec_headers
        yield (record.rec_type, headers.get_header("WARC-Target-URI"),
               headers.get_header("WARC-Record-ID"), headers.get_header("WARC-Concurrent-To"),
               record.http_headers)  # fmt: skip
