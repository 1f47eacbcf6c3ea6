"""Raw pages: WARC capture during a crawl, and `scrapy reprocess` of the archives, no network."""

from __future__ import annotations

import json
import zipfile
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tests.conftest import CrawlRun, run_crawl, run_reprocess
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


def _by_url(records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {str(record["url"]): record for record in records}


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


def test_reprocess_gives_the_same_records_without_network(
    sites: dict[str, RunningSite], captured: tuple[CrawlRun, list[Path]], tmp_path: Path
) -> None:
    crawl, files = captured
    asked = len(sites["demo"].requests)
    done, again = run_reprocess(tmp_path, *map(str, files))
    assert done.returncode == 0, done.stderr[-3000:]
    assert len(sites["demo"].requests) == asked, "reprocess went to the network"
    assert len(again.records) == len(crawl.records) == 14
    assert _by_url(again.records) == _by_url(crawl.records)
    assert again.stat("schema/valid") == 14
    assert again.stat("reprocess/files") == len(files)
    # The crawl's report, for a reprocess run too.
    (report,) = (tmp_path / "output").glob("report_*.json")
    sites_report = json.loads(report.read_text(encoding="utf-8"))["sites"]
    assert {site: figures["articles_exported"] for site, figures in sites_report.items()} == {
        crawl.records[0]["site"]: 14
    }


def test_reprocess_extracts_only_the_named_sites_pages(
    captured: tuple[CrawlRun, list[Path]], tmp_path: Path
) -> None:
    _, files = captured
    done, again = run_reprocess(tmp_path, *map(str, files), "-a", "site=https://elsewhere.example/")
    assert done.returncode == 0, done.stderr[-3000:]
    assert again.records == []
    assert again.stat("reprocess/skipped/other_site") == 14 and again.stat("reprocess/pages") == 0


def _hostile_warc(path: Path, page: bytes, url: str) -> None:
    """A WARC from elsewhere: a page whose stored context has a fetch time that is no date."""
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        response = writer.create_warc_record(
            url, "response", payload=BytesIO(page), length=len(page), http_headers=http
        )
        context = json.dumps({"site": "elsewhere.example", "fetched_at": "yesterday"}).encode()
        linked = {"WARC-Concurrent-To": response.rec_headers.get_header("WARC-Record-ID")}
        metadata = writer.create_warc_record(url, "metadata", payload=BytesIO(context),
                                             length=len(context), warc_headers_dict=linked,
                                             warc_content_type="application/json")  # fmt: skip
        writer.write_record(response)
        writer.write_record(metadata)


def test_reprocess_reads_wacz_and_drops_invalid_records_through_the_pipelines(
    captured: tuple[CrawlRun, list[Path]], tmp_path: Path
) -> None:
    crawl, files = captured
    wacz = tmp_path / "crawl.wacz"
    with zipfile.ZipFile(wacz, "w") as archive:
        archive.writestr("datapackage.json", json.dumps({"profile": "data-package"}))
        for path in files:
            archive.write(path, f"archive/{path.name}")
    seed = next(r for r in crawl.records if "russia-north-korea" in str(r["url"]))
    with files[0].open("rb") as stream:
        page = next(r.content_stream().read() for r in ArchiveIterator(stream)
                    if r.rec_type == "response")  # fmt: skip
    _hostile_warc(tmp_path / "elsewhere.warc.gz", page, "https://elsewhere.example/a/1")
    (tmp_path / "notes.warc").write_text("not an archive\n")
    done, again = run_reprocess(
        tmp_path, str(wacz), str(tmp_path / "elsewhere.warc.gz"), str(tmp_path / "notes.warc")
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert _by_url(again.records) == _by_url(crawl.records)
    assert seed["url"] in _by_url(again.records)
    assert again.stat("schema/invalid/fetched_at/pattern") == 1
    assert again.stat("bad_input/archive_invalid") == 1


def test_reprocess_without_archives_is_a_usage_error(tmp_path: Path) -> None:
    done, _ = run_reprocess(tmp_path, str(tmp_path / "missing.warc.gz"))
    assert done.returncode == 2
    assert "no such file" in done.stderr and "missing.warc.gz" in done.stderr
