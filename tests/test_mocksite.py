"""Fast checks of the mock news sites and their server (not of the crawler)."""

from __future__ import annotations

import gzip
import json
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from email.message import Message
from pathlib import Path

import pytest

from tests.mocksite import SITES, RunningSite, start_sites, stop_sites
from tests.mocksite.articles import SEED, comment_policy

ROOT = Path(__file__).resolve().parent.parent


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Surface 3xx responses instead of following them."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        """Refuse every redirect."""


# No proxy handler from the environment: these requests must stay on loopback.
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect())


def fetch(url: str) -> tuple[int, Message, bytes]:
    """GET a URL; return status, headers and body, whatever the status."""
    try:
        with OPENER.open(url, timeout=5) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@pytest.fixture(scope="module")
def running() -> Iterator[dict[str, RunningSite]]:
    """Serve every mock site for the tests of this module."""
    sites = start_sites(SITES)
    yield sites
    stop_sites(sites)


def test_sites_build_deterministically() -> None:
    """Each site builds identically every time."""
    for build in SITES.values():
        assert build("http://127.0.0.1:1234") == build("http://127.0.0.1:1234")


def test_serves_pages_and_404s_unknown_paths(running: dict[str, RunningSite]) -> None:
    """Home answers 200 HTML; an unknown path answers a 404 HTML page."""
    base = running["demo"].base_url
    status, headers, body = fetch(base + "/")
    assert status == 200
    assert headers["Content-Type"].startswith("text/html")
    assert b'type="application/rss+xml"' in body
    status, headers, _ = fetch(base + "/no/such/page")
    assert status == 404
    assert headers["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("name", sorted(SITES))
def test_every_manifest_page_answers_200(running: dict[str, RunningSite], name: str) -> None:
    """Every article and non-article page in the manifest is served as HTML."""
    run = running[name]
    assert run.site.articles
    for path in [e.path for e in run.site.articles] + list(run.site.non_articles):
        status, headers, body = fetch(run.base_url + path)
        assert status == 200, path
        assert headers["Content-Type"].startswith("text/html"), path
        assert body, path


def test_news_sitemap_is_gzip(running: dict[str, RunningSite]) -> None:
    """The Google News sitemap is served gzip-compressed, not Content-Encoded."""
    base = running["demo"].base_url
    status, headers, body = fetch(base + "/sitemap-news.xml.gz")
    assert status == 200
    assert headers["Content-Type"] == "application/gzip"
    assert body[:2] == b"\x1f\x8b"
    xml = gzip.decompress(body).decode()
    assert "<news:publication_date>" in xml
    assert base + "/sitemap-news.xml.gz" in fetch(base + "/sitemap_index.xml")[2].decode()


def test_robots_txt(running: dict[str, RunningSite]) -> None:
    """Only demo names a sitemap in robots.txt; every disallowed path is disallowed there."""
    demo = fetch(running["demo"].base_url + "/robots.txt")[2].decode()
    assert f"Sitemap: {running['demo'].base_url}/sitemap_index.xml" in demo
    for name in ("linksonly", "guess"):
        run = running[name]
        robots = fetch(run.base_url + "/robots.txt")[2].decode()
        assert "Sitemap:" not in robots
        rules = [
            line.split(":", 1)[1].strip() for line in robots.splitlines() if "Disallow" in line
        ]
        for path in run.site.disallowed:
            assert any(rule and path.startswith(rule) for rule in rules), path
    assert fetch(running["linksonly"].base_url + "/sitemap.xml")[0] == 404
    assert fetch(running["guess"].base_url + "/sitemap.xml")[0] == 200


def test_bad_inputs(running: dict[str, RunningSite]) -> None:
    """Each bad input misbehaves in exactly its declared way."""
    run = running["demo"]
    for path, kind in run.site.bad.items():
        status, headers, body = fetch(run.base_url + path)
        if kind == "redirect_loop":
            assert status == 302
            assert headers["Location"].startswith(run.base_url + "/news/loop-")
            assert headers["Location"] != run.base_url + path
        elif kind == "http_404":
            assert status == 404
        elif kind == "http_500":
            assert status == 500
        elif kind == "empty":
            assert (status, body) == (200, b"")
        elif kind == "image":
            assert headers["Content-Type"] == "image/jpeg"
            assert body[:3] == b"\xff\xd8\xff"
        else:
            assert kind == "not_html"
            assert b"<html" not in body.lower()
            with pytest.raises(UnicodeDecodeError):
                body.decode()


def test_encodings_and_seed_layout(running: dict[str, RunningSite]) -> None:
    """The windows-1252 and BOM pages are encoded as declared; the seed page has its quirks."""
    run = running["demo"]
    by_slug = {e.article.slug: e.path for e in run.site.articles}
    _, headers, body = fetch(
        run.base_url + by_slug["swiss-cafe-chain-agrees-takeover-by-dutch-investor"]
    )
    assert headers["Content-Type"] == "text/html"
    assert b'<meta charset="windows-1252">' in body
    assert "café".encode("cp1252") in body
    assert "€2.5 billion".encode("cp1252") in body
    _, headers, body = fetch(
        run.base_url + by_slug["gdansk-shipyard-wins-contract-to-build-baltic-ferry-fleet"]
    )
    assert headers["Content-Type"] == "text/html"
    assert body.startswith(b"\xef\xbb\xbf")
    assert b"charset" not in body
    page = fetch(run.base_url + by_slug[SEED.slug])[2].decode()
    article = page[page.index("<article") : page.index("</article>")]
    assert f'<h2 class="headline-repeat">{SEED.title}</h2>' in article
    assert article.rstrip().endswith(f"<p>{comment_policy('Daily Meridian')}</p>\n</div>")


def test_requests_are_recorded(running: dict[str, RunningSite]) -> None:
    """The server logs each requested path, query included, in order."""
    run = running["guess"]
    before = len(run.requests)
    fetch(run.base_url + "/about/")
    fetch(run.base_url + "/atom.xml?probe=1")
    assert run.requests[before:] == ["/about/", "/atom.xml?probe=1"]


def test_cli_prints_urls_and_stops_cleanly_on_sigterm() -> None:
    """`python -m tests.mocksite` prints one JSON line, serves, and exits 0 on SIGTERM."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.mocksite", "--site", "guess"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        urls = json.loads(proc.stdout.readline())
        assert list(urls) == ["guess"]
        assert fetch(urls["guess"] + "/")[0] == 200
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=5) == 0
