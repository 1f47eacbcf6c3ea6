"""Streaming sitemaps, private addresses and credentials: the pure parts, offline."""

from __future__ import annotations

import gzip
import subprocess
import sys
import zlib
from collections.abc import Iterator

import pytest

from newsspider.discovery.sitemaps import SitemapReader, parse_sitemap
from newsspider.guards.addresses import is_private
from newsspider.guards.credentials import strip_userinfo
from tests.mocksite.hostile import MillionSitemap, zero_bomb

URLS = ("https://news.example.com/a", "https://news.example.com/b")


def _feed(reader: SitemapReader, chunks: Iterator[bytes]) -> int:
    """Feed chunks until the reader wants no more; how many chunks it took."""
    taken = 0
    for chunk in chunks:
        taken += 1
        if not reader.feed(chunk):
            break
    return taken


@pytest.mark.parametrize("compressed", [False, True], ids=["plain", "gzip"])
def test_a_million_entry_sitemap_is_read_only_up_to_max_entries(compressed: bool) -> None:
    reader = SitemapReader(max_entries=25)
    taken = _feed(reader, MillionSitemap(URLS, gzip=compressed)())
    sitemap = reader.close()
    assert (sitemap.kind, sitemap.problem, len(sitemap.entries)) == ("urlset", "max_entries", 25)
    assert [entry.loc for entry in sitemap.entries[:3]] == [*URLS, URLS[0]]
    assert taken <= 2  # of the thousand-and-two chunks the server would send


def test_reading_a_whole_large_sitemap_keeps_memory_flat() -> None:
    # In a fresh interpreter: peak memory while streaming 60,000 entries through the reader
    # against building the same document's tree at once (as the parser used to).
    script = """
import resource, sys
from lxml import etree
from newsspider.discovery.sitemaps import SitemapReader
def chunks():
    yield b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
    for _ in range(60):
        yield b"<url><lastmod>2024-01-01</lastmod><priority>0.5</priority></url>\\n" * 1000
    yield b"</urlset>"
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
if sys.argv[1] == "stream":
    reader = SitemapReader(max_entries=10**6, max_size=1 << 40)
    for chunk in chunks():
        reader.feed(chunk)
    assert reader.close().kind == "urlset"
else:
    assert len(etree.fromstring(b"".join(chunks()), etree.XMLParser(huge_tree=True))) == 60000
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before)
"""
    grown = {
        how: int(subprocess.check_output([sys.executable, "-c", script, how], text=True))
        for how in ("stream", "tree")
    }
    assert grown["stream"] * 10 < grown["tree"], grown


def test_max_size_stops_reading_and_keeps_what_was_read() -> None:
    body = b"<urlset>" + b"<url><loc>https://a.example/x</loc></url>" * 1000 + b"</urlset>"
    for data in (body, gzip.compress(body)):
        sitemap = parse_sitemap(data, max_size=4000)
        assert sitemap.problem == "max_size"
        assert 50 < len(sitemap.entries) < 100


def test_a_gzip_bomb_sitemap_stops_at_max_size() -> None:
    sitemap = parse_sitemap(zero_bomb(64), max_size=1 << 20)  # 64 MiB of zeros inflated
    assert sitemap.kind == "invalid"


def test_truncated_and_entity_declaring_sitemaps_are_flagged() -> None:
    cut = b"<urlset><url><loc>https://a.example/1</loc></url><url><loc>https://a.exa"
    assert parse_sitemap(cut).problem == "malformed"
    dtd = b'<!DOCTYPE urlset [<!ENTITY x "y">]><urlset><url><loc>https://a.example/1</loc></url></urlset>'
    sitemap = parse_sitemap(dtd)
    assert (sitemap.problem, [e.loc for e in sitemap.entries]) == (
        "entities",
        ["https://a.example/1"],
    )


def test_the_root_tag_may_be_split_between_chunks() -> None:
    body = b"<?xml version='1.0'?>\n<sitemapindex><sitemap><loc>https://a.example/s.xml</loc></sitemap></sitemapindex>"
    for size in (1, 7, 30):
        reader = SitemapReader()
        for start in range(0, len(body), size):
            reader.feed(body[start : start + size])
        sitemap = reader.close()
        assert (sitemap.kind, len(sitemap.entries)) == ("sitemapindex", 1), size


def test_a_huge_prolog_is_given_up_on() -> None:
    assert parse_sitemap(b"<?xml version='1.0'?>" + b" " * 200_000 + b"<urlset/>").kind == "invalid"
    deflated = zlib.compress(b"<urlset/>")  # zlib, not gzip: not a sitemap either
    assert parse_sitemap(deflated).kind == "invalid"


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1", "127.255.0.9", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1",
        "169.254.169.254", "0.0.0.0", "100.100.100.200", "::1", "::", "fd00:ec2::254",
        "fc00::1", "fe80::1%eth0", "::ffff:127.0.0.1", "::ffff:10.0.0.1",
    ],
)  # fmt: skip
def test_private_addresses(address: str) -> None:
    assert is_private(address)


@pytest.mark.parametrize(
    "address", ["8.8.8.8", "172.32.0.1", "192.169.0.1", "2001:4860::8888", "example.com", ""]
)
def test_public_addresses_and_junk(address: str) -> None:
    assert not is_private(address)


@pytest.mark.parametrize(
    ("url", "clean"),
    [
        ("http://user:pw@news.example.com/a?b#c", "http://news.example.com/a?b#c"),
        ("https://user@news.example.com:8443/", "https://news.example.com:8443/"),
        ("http://a:b@c@news.example.com/", "http://news.example.com/"),
        ("http://news.example.com/a@b", "http://news.example.com/a@b"),
        ("http://[bad/", "http://[bad/"),
        ("", ""),
    ],
)
def test_strip_userinfo(url: str, clean: str) -> None:
    assert strip_userinfo(url) == clean
