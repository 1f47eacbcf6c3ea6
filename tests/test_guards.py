"""Streaming sitemaps, private addresses and credentials: the pure parts, offline."""

from __future__ import annotations

import asyncio
import gzip
import re
import subprocess
import sys
import zlib
from collections.abc import Iterator
from ipaddress import ip_address

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler

from newsspider.discovery.sitemaps import SitemapReader, parse_sitemap
from newsspider.guards.addresses import PrivateAddressMiddleware, PrivateAddressRefused, is_private
from newsspider.guards.credentials import strip_userinfo
from newsspider.spiders.news import NewsSpider
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


def test_a_reader_that_only_watches_the_limits_counts_entries_without_keeping_them() -> None:
    reader = SitemapReader(max_entries=25, keep_entries=False)
    _feed(reader, MillionSitemap(URLS)())
    sitemap = reader.close()
    assert (sitemap.kind, sitemap.problem, sitemap.entries, reader.count) == (
        "urlset",
        "max_entries",
        [],
        25,
    )


def test_reading_a_whole_large_sitemap_keeps_memory_flat() -> None:
    # In a fresh interpreter, how much the peak memory grows while 60,000 entries stream
    # through the reader, then while the same document is parsed into one tree (as the
    # parser used to do): the first must be a small fraction of the second.
    script = """
from lxml import etree
from newsspider.discovery.sitemaps import SitemapReader
def chunks():
    yield b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
    for _ in range(60):
        yield b"<url><lastmod>2024-01-01</lastmod><priority>0.5</priority></url>\\n" * 1000
    yield b"</urlset>"
def peak():
    # VmHWM, not ru_maxrss: a child started by vfork inherits its parent's ru_maxrss.
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
start = peak()
reader = SitemapReader(max_entries=10**6, max_size=1 << 40)
for chunk in chunks():
    reader.feed(chunk)
assert reader.close().kind == "urlset"
streamed = peak()
assert len(etree.fromstring(b"".join(chunks()), etree.XMLParser(huge_tree=True))) == 60000
print(streamed - start, peak() - streamed)
"""
    output = subprocess.check_output([sys.executable, "-c", script], text=True)
    stream, tree = map(int, output.split())
    assert stream * 10 < tree, (stream, tree)


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


def _address_guard(site: str) -> PrivateAddressMiddleware:
    crawler = get_crawler(NewsSpider, {"NEWSSPIDER_ADDRESSES_REFUSE_PRIVATE": True})
    crawler.spider = crawler._create_spider(site=site)
    return PrivateAddressMiddleware.from_crawler(crawler)


@pytest.mark.parametrize(
    ("connected", "refused"),
    [("127.0.0.1", False), ("127.0.0.2", True), ("10.0.0.7", True), ("93.184.215.14", False)],
)
def test_the_address_a_response_came_from_is_checked(connected: str, refused: bool) -> None:
    # DNS rebinding: the name passed the check, then resolved elsewhere for the connection.
    guard = _address_guard("http://127.0.0.1:8080/")
    url = "http://127.0.0.1:8080/news/story"
    response = HtmlResponse(url, body=b"<html></html>", ip_address=ip_address(connected))
    check = guard.process_response(Request(url), response)
    if refused:
        with pytest.raises(PrivateAddressRefused, match=re.escape(connected)):
            asyncio.run(check)
    else:
        assert asyncio.run(check) is response


def test_a_redirect_to_a_private_address_is_refused_on_the_3xx() -> None:
    guard = _address_guard("http://127.0.0.1:8080/")
    url = "http://127.0.0.1:8080/go"
    for location, refused in [(b"http://169.254.169.254/", True), (b"/elsewhere", False)]:
        response = HtmlResponse(url, status=302, headers={"Location": location})
        check = guard.process_response(Request(url), response)
        if refused:
            with pytest.raises(PrivateAddressRefused, match=re.escape("169.254.169.254")):
                asyncio.run(check)
        else:
            assert asyncio.run(check) is response


def test_the_guard_can_be_switched_off() -> None:
    crawler = get_crawler(NewsSpider, {"NEWSSPIDER_ADDRESSES_REFUSE_PRIVATE": False})
    with pytest.raises(NotConfigured):
        PrivateAddressMiddleware.from_crawler(crawler)
