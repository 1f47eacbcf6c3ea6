"""Whole crawls of the hostile fake sites: every bad input is survived, counted and logged once."""

from __future__ import annotations

import json
import re
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest
from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler

from newsspider.spiders.news import NewsSpider
from tests.conftest import CrawlRun, run_crawl
from tests.mocksite import RunningSite, start_site, stop_sites
from tests.mocksite.hostile import MILLION, USERINFO, GzipBomb

# A timeout short enough that the stalled response ends soon, long enough for any honest page
# on a busy machine; a small DOWNLOAD_MAXSIZE, so that the endless bodies and the bomb stop
# early; no retries, so each failure is met once.
HOSTILE = ["-s", "DOWNLOAD_TIMEOUT=4", "-s", "RETRY_TIMES=0", "-s", f"DOWNLOAD_MAXSIZE={2 << 20}"]
HOSTILE += ["-s", "NEWSSPIDER_SITEMAP_MAX_ENTRIES=10"]


@pytest.fixture(scope="module")
def hostile_sites() -> Iterator[dict[str, RunningSite]]:
    """The hostile sites; "to_localhost" on 127.0.0.2, so that localhost is another address."""
    running = {
        "hostile": start_site("hostile"),
        "robots_error": start_site("robots_error"),
        "robots_stall": start_site("robots_stall"),
        "to_localhost": start_site("to_localhost", host="127.0.0.2"),
    }
    yield running
    stop_sites(running)


@pytest.fixture(scope="module")
def hostile_crawl(
    hostile_sites: dict[str, RunningSite], tmp_path_factory: pytest.TempPathFactory
) -> CrawlRun:
    """One crawl of the hostile site, shared by the tests that inspect it."""
    site = hostile_sites["hostile"]
    return run_crawl(tmp_path_factory.mktemp("hostile"), "-a", f"site={site.base_url}/", *HOSTILE)


def _bad_input_lines(run: CrawlRun, url: str) -> list[str]:
    return [
        line for line in run.log.splitlines() if "Bad input (" in line and f" at {url}:" in line
    ]


def test_every_good_article_is_exported_whole(
    hostile_sites: dict[str, RunningSite], hostile_crawl: CrawlRun
) -> None:
    site = hostile_sites["hostile"]
    assert hostile_crawl.returncode == 0, hostile_crawl.log[-3000:]
    records = {record["url"]: record for record in hostile_crawl.records}
    expected = {site.base_url + article.path: article for article in site.site.articles}
    assert sorted(records) == sorted(expected)
    assert len(hostile_crawl.records) == len(expected), "an article was exported twice"
    for url, article in expected.items():
        record = records[url]
        assert record["title"] == article.article.title, article.note
        assert record["text"] == "\n\n".join(article.article.paragraphs), article.note
        assert "\ufffd" not in json.dumps(record, ensure_ascii=False), article.note


def test_every_bad_input_is_counted_and_logged_once(
    hostile_sites: dict[str, RunningSite], hostile_crawl: CrawlRun
) -> None:
    site = hostile_sites["hostile"]
    for path, kind in site.site.bad.items():
        counted = [
            key for key in hostile_crawl.stats if key.startswith(f"newsspider/bad_input/{kind}")
        ]
        assert counted, (path, kind)
        lines = _bad_input_lines(hostile_crawl, site.base_url + path)
        assert len(lines) == 1, (path, lines)
        assert f"Bad input ({kind}" in lines[0]
    (stall,) = _bad_input_lines(hostile_crawl, site.base_url + "/bad/stall")
    assert "Timeout" in stall


def test_sitemaps_are_streamed_and_cut_at_the_entry_limit(
    hostile_sites: dict[str, RunningSite], hostile_crawl: CrawlRun
) -> None:
    site = hostile_sites["hostile"]
    for path in ("/sitemap-million.xml", "/sitemap-million.xml.gz"):
        # Each of the million entries is over 50 bytes: most of the file was never sent,
        # because the crawl stopped reading at NEWSSPIDER_SITEMAP_MAX_ENTRIES (10).
        assert 0 < site.streamed[path] < MILLION * 50 // 4, path
    sitemaps = hostile_crawl.stat("discovery/sitemap/urlset")
    assert hostile_crawl.stat("discovery/sitemap/urls") <= 10 * sitemaps


def test_the_crawl_stays_on_its_host_but_reads_sitemaps_robots_txt_names(
    hostile_sites: dict[str, RunningSite], hostile_crawl: CrawlRun
) -> None:
    site = hostile_sites["hostile"]
    port = site.base_url.rsplit(":", 1)[1]
    elsewhere = {path for host, path, _ in site.visits if host == f"localhost:{port}"}
    # robots.txt names /cdn/sitemap.xml on localhost; the sitemap index's localhost child,
    # the localhost feed and the localhost article link are never fetched.
    assert "/cdn/sitemap.xml" in elsewhere
    assert elsewhere <= {"/robots.txt", "/cdn/sitemap.xml"}
    assert hostile_crawl.stat("discovery/sitemap/offsite") == 1
    assert {host for host, _, _ in site.visits} == {f"127.0.0.1:{port}", f"localhost:{port}"}


def test_no_credentials_in_requests_logs_or_records(
    hostile_sites: dict[str, RunningSite], hostile_crawl: CrawlRun
) -> None:
    site = hostile_sites["hostile"]
    password = USERINFO.split(":")[1]
    assert any(password in str(a.note) for a in site.site.articles) is False
    assert password not in hostile_crawl.log
    assert password not in json.dumps(hostile_crawl.records)
    assert all(authorization is None for _, _, authorization in site.visits)
    assert hostile_crawl.stat("credentials/removed") >= 1
    served = [r for r in hostile_crawl.records if "valley-library" in r["url"]]
    assert served and served[0]["url"] == served[0]["source_url"]


def test_a_gzip_bomb_is_stopped_by_size_not_memory(
    hostile_sites: dict[str, RunningSite], hostile_crawl: CrawlRun
) -> None:
    bomb = hostile_sites["hostile"].base_url + "/bad/gzip-bomb"
    (line,) = _bad_input_lines(hostile_crawl, bomb)
    assert "during decompression" in line
    assert hostile_crawl.stat("bad_input/too_large") == 3


def test_decompression_stops_at_download_maxsize_in_bounded_memory() -> None:
    # The middleware the crawl relies on, with the crawl's settings, on the same 1 GiB bomb.
    crawler = get_crawler(NewsSpider, {"DOWNLOAD_MAXSIZE": 2 << 20})
    middleware = HttpCompressionMiddleware.from_crawler(crawler)
    url = "http://127.0.0.1/bad/gzip-bomb"
    bomb = HtmlResponse(url, body=b"".join(GzipBomb()()), headers={"Content-Encoding": "gzip"})
    tracemalloc.start()
    try:
        with pytest.raises(IgnoreRequest, match="DOWNLOAD_MAXSIZE"):
            middleware.process_response(Request(url), bomb)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 64 << 20  # it would be 1 GiB, inflated whole


def test_robots_txt_that_fails_or_stalls_allows_everything(
    hostile_sites: dict[str, RunningSite], tmp_path: Path
) -> None:
    failing, stalling = hostile_sites["robots_error"], hostile_sites["robots_stall"]
    run = run_crawl(
        tmp_path, "-a", f"site={failing.base_url}/,{stalling.base_url}/",
        "-s", "DOWNLOAD_TIMEOUT=2", "-s", "RETRY_TIMES=0",
    )  # fmt: skip
    assert run.returncode == 0
    expected = {s.base_url + a.path for s in (failing, stalling) for a in s.site.articles}
    assert {record["url"] for record in run.records} == expected
    assert len(_bad_input_lines(run, failing.base_url + "/robots.txt")) == 1
    assert run.stat("bad_input/http_503") == 1
    (line,) = _bad_input_lines(run, stalling.base_url + "/robots.txt")
    assert re.search(r"Bad input \(network/\w*Timeout\w*\)", line)


def test_a_redirect_to_another_private_address_is_refused(
    hostile_sites: dict[str, RunningSite], tmp_path: Path
) -> None:
    # The site is at 127.0.0.2; its link redirects to localhost (127.0.0.1), which is not.
    site = hostile_sites["to_localhost"]
    run = run_crawl(tmp_path, "-a", f"site={site.base_url}/")
    assert run.returncode == 0
    assert {record["url"] for record in run.records} == {
        site.base_url + a.path for a in site.site.articles
    }
    (line,) = _bad_input_lines(run, site.base_url + "/go/local-news")
    assert "localhost" in line and "127.0.0.1" in line
    assert run.stat("bad_input/private_address") == 1
