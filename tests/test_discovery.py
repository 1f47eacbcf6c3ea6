"""Tests for newsspider.discovery: sitemaps, feeds, robots.txt and date normalisation."""

from __future__ import annotations

import ast
import gzip
import tracemalloc
from pathlib import Path

import pytest

from newsspider.discovery import (
    USUAL_SITEMAP_PATHS,
    FeedEntry,
    Sitemap,
    SitemapEntry,
    feed_urls_from_html,
    maybe_gunzip,
    parse_feed,
    parse_sitemap,
    sitemap_urls_from_robots,
    to_iso8601,
    usual_sitemap_urls,
)
from newsspider.discovery.gate import SitemapsFirstGate
from tests.mocksite.hostile import zero_bomb

FIXTURES = Path(__file__).parent / "fixtures" / "discovery"
SITE = "https://news.example.com/"
MIB = 1 << 20


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def locs(sitemap: Sitemap) -> list[str]:
    return [entry.loc for entry in sitemap.entries]


def urlset(*urls: str, xmlns: str = "http://www.sitemaps.org/schemas/sitemap/0.9") -> bytes:
    body = "".join(f"<url><loc>{url}</loc></url>" for url in urls)
    return f'<?xml version="1.0"?><urlset xmlns="{xmlns}">{body}</urlset>'.encode()


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE urlset [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>https://news.example.com/a</loc></url>
  <url><loc>https://news.example.com/&lol9;</loc><lastmod>&lol9;</lastmod></url>
</urlset>
"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE urlset [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>https://news.example.com/&xxe;</loc></url>
</urlset>
"""


# --- Sitemaps ---------------------------------------------------------------------------


def test_plain_urlset() -> None:
    sitemap = parse_sitemap(fixture("sitemap.xml"), base_url=SITE)

    assert sitemap.kind == "urlset"
    # Whitespace around a loc is stripped, a relative loc is joined, CDATA is read, the
    # <url> without <loc> is skipped and the nested <image:loc> is not taken for the page.
    assert sitemap.entries == [
        SitemapEntry("https://news.example.com/", lastmod="2024-06-21"),
        SitemapEntry(
            "https://news.example.com/world/2024/06/21/summit-ends.html",
            lastmod="2024-06-21T09:30:00+00:00",
        ),
        SitemapEntry(
            "https://news.example.com/economy/2024/06/20/rates-hold.html",
            lastmod="2024-06-20T18:05:12+02:00",
        ),
        SitemapEntry("https://news.example.com/search?q=a&page=2", lastmod=None),
    ]


def test_relative_loc_is_kept_as_is_without_base_url() -> None:
    assert locs(parse_sitemap(fixture("sitemap.xml")))[2] == "/economy/2024/06/20/rates-hold.html"


def test_sitemap_index() -> None:
    sitemap = parse_sitemap(fixture("sitemap_index.xml"), base_url=SITE)

    assert sitemap.kind == "sitemapindex"
    assert sitemap.entries == [
        SitemapEntry(
            "https://news.example.com/sitemaps/news.xml", lastmod="2024-06-21T10:15:00+00:00"
        ),
        SitemapEntry(
            "https://news.example.com/sitemaps/2024-06.xml.gz",
            lastmod="2024-06-20T23:59:59-05:00",
        ),
        SitemapEntry("https://news.example.com/sitemaps/2024-05.xml.gz"),
    ]


def test_news_sitemap() -> None:
    sitemap = parse_sitemap(fixture("news_sitemap.xml"))

    assert sitemap.kind == "urlset"
    assert sitemap.entries == [
        SitemapEntry(
            "https://news.example.com/politics/2024/06/21/vote-delayed.html",
            lastmod="2024-06-21T11:02:00+01:00",
            news_title="Parliament vote delayed & rescheduled",
            news_publication_date="2024-06-21T08:00:00+01:00",
        ),
        SitemapEntry(
            "https://news.example.com/sport/2024/06/20/cup-final.html",
            news_title="Cup final: late winner",
            news_publication_date="2024-06-20",
        ),
    ]


def test_gzip_sitemap_parses_like_the_plain_one() -> None:
    compressed = fixture("sitemap.xml.gz")

    assert compressed.startswith(b"\x1f\x8b")
    assert maybe_gunzip(compressed) == fixture("sitemap.xml")
    assert parse_sitemap(compressed, base_url=SITE) == parse_sitemap(
        fixture("sitemap.xml"), base_url=SITE
    )


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(b"<urlset/>", b"<urlset/>", id="plain-bytes-unchanged"),
        pytest.param(b"", b"", id="empty-unchanged"),
        pytest.param(b"\x1f\x8bnot deflate at all", None, id="magic-then-garbage"),
        pytest.param(gzip.compress(b"<urlset/>" * 100)[:-12], None, id="truncated"),
        pytest.param(
            gzip.compress(b"<urlset>") + gzip.compress(b"</urlset>"),
            b"<urlset></urlset>",
            id="multi-member",
        ),
        pytest.param(gzip.compress(b"<urlset/>") + bytes(64), b"<urlset/>", id="nul-padded"),
    ],
)
def test_maybe_gunzip(body: bytes, expected: bytes | None) -> None:
    assert maybe_gunzip(body) == expected


@pytest.mark.parametrize(
    ("body", "kind", "expected_locs"),
    [
        pytest.param(urlset("https://a.example/x"), "urlset", ["https://a.example/x"], id="plain"),
        pytest.param(b"\x1f\x8b\x08\x00garbage", "invalid", [], id="corrupt-gzip"),
        pytest.param(gzip.compress(urlset("https://a.example/x"))[:30], "invalid", [], id="cut"),
    ],
)
def test_sitemap_that_claims_to_be_gzip(body: bytes, kind: str, expected_locs: list[str]) -> None:
    sitemap = parse_sitemap(body)

    assert (sitemap.kind, locs(sitemap)) == (kind, expected_locs)


def test_gzip_bomb_builder_makes_valid_gzip() -> None:
    # Guards the helper below: a small bomb must decompress to exactly its zeros.
    assert maybe_gunzip(zero_bomb(3), max_size=4 * MIB) == bytes(3 * MIB)


def test_gzip_bomb_is_refused_without_inflating_it() -> None:
    bomb = zero_bomb(200)  # ~200 KB that would inflate to 200 MiB
    assert len(bomb) < MIB

    tracemalloc.start()
    try:
        assert maybe_gunzip(bomb, max_size=MIB) is None
        assert maybe_gunzip(bomb, max_size=MIB - 1) is None
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # Inflating stops at the limit: a few MiB at most were ever held, not 200.
    assert peak < 8 * MIB


def test_gunzip_limit_is_inclusive() -> None:
    data = b"x" * 1000
    assert maybe_gunzip(gzip.compress(data), max_size=1000) == data
    assert maybe_gunzip(gzip.compress(data), max_size=999) is None
    assert maybe_gunzip(gzip.compress(data), max_size=-1) is None


def test_billion_laughs_does_not_expand() -> None:
    sitemap = parse_sitemap(BILLION_LAUGHS)

    assert sitemap.kind == "urlset"
    assert locs(sitemap)[0] == "https://news.example.com/a"
    assert all("lollol" not in entry.loc for entry in sitemap.entries)
    assert all(len(entry.loc) < 100 for entry in sitemap.entries)
    assert all(entry.lastmod is None for entry in sitemap.entries)


def test_external_entity_is_not_fetched() -> None:
    sitemap = parse_sitemap(EXTERNAL_ENTITY)

    assert all("root:" not in entry.loc for entry in sitemap.entries)


@pytest.mark.parametrize(
    ("body", "kind", "expected_locs"),
    [
        pytest.param(b"", "invalid", [], id="empty"),
        pytest.param(b"   \n", "invalid", [], id="blank"),
        pytest.param(b"this is not xml", "invalid", [], id="text"),
        pytest.param(b"<html><body>Not found</body></html>", "invalid", [], id="html-page"),
        pytest.param(fixture("rss2.xml"), "invalid", [], id="a-feed"),
        pytest.param(
            b"<urlset><url><loc>https://a.example/1</loc></url><url><lastmod>2024-",
            "urlset",
            ["https://a.example/1"],
            id="truncated-keeps-what-it-can",
        ),
        pytest.param(
            b"<urlset><url><loc>https://a.example/1</loc></url></urlset><junk",
            "urlset",
            ["https://a.example/1"],
            id="trailing-junk",
        ),
        pytest.param(
            b"\n\n  <?xml version='1.0' encoding='UTF-8'?>"
            + urlset("https://a.example/1").split(b"?>", 1)[1],
            "urlset",
            ["https://a.example/1"],
            id="blank-lines-before-declaration",
        ),
        pytest.param(
            b"<urlset><url><loc>https://a.example/1</loc></url></urlset>",
            "urlset",
            ["https://a.example/1"],
            id="no-namespace",
        ),
        pytest.param(
            urlset("https://a.example/1", xmlns="http://www.google.com/schemas/sitemap/0.84"),
            "urlset",
            ["https://a.example/1"],
            id="old-google-namespace",
        ),
        pytest.param(
            b"<sm:urlset><sm:url><sm:loc>https://a.example/1</sm:loc></sm:url></sm:urlset>",
            "urlset",
            ["https://a.example/1"],
            id="undeclared-prefix",
        ),
        pytest.param(
            b"<urlset><url><loc>http://[bad/</loc></url><url><loc>/ok</loc></url></urlset>",
            "urlset",
            ["https://news.example.com/ok"],
            id="unjoinable-loc-skipped",
        ),
    ],
)
def test_malformed_or_unusual_sitemaps(body: bytes, kind: str, expected_locs: list[str]) -> None:
    sitemap = parse_sitemap(body, base_url=SITE)

    assert sitemap.kind == kind
    assert locs(sitemap) == expected_locs


def test_empty_xmlns_attribute_still_parses() -> None:
    # xmlns="" is legal XML and means "no namespace".
    assert locs(parse_sitemap(urlset("https://a.example/1", xmlns=""))) == ["https://a.example/1"]


@pytest.mark.parametrize(("max_entries", "count"), [(0, 0), (1, 1), (3, 3), (50_000, 4)])
def test_max_entries_is_honoured(max_entries: int, count: int) -> None:
    sitemap = parse_sitemap(fixture("sitemap.xml"), base_url=SITE, max_entries=max_entries)

    assert sitemap.kind == "urlset"
    assert len(sitemap.entries) == count


def test_max_entries_on_a_large_sitemap() -> None:
    body = urlset(*(f"https://a.example/{i}" for i in range(2000)))

    assert locs(parse_sitemap(body, max_entries=10)) == [
        f"https://a.example/{i}" for i in range(10)
    ]


# --- Feeds ------------------------------------------------------------------------------


def test_rss2_feed() -> None:
    entries = parse_feed(fixture("rss2.xml"), base_url=SITE)

    # The <link> wins over a non-permalink guid, a relative <link> is joined, a guid without
    # isPermaLink is used only when it is a URL, and items without any link are dropped.
    assert entries == [
        FeedEntry(
            "https://news.example.com/world/2024/06/21/summit-ends.html",
            title="Summit ends without a deal",
            published="2024-06-21T09:30:00+00:00",
        ),
        FeedEntry(
            "https://news.example.com/economy/2024/06/20/rates-hold.html",
            title='Rates hold at 4% & "steady"',
            published="2024-06-20T18:05:12+02:00",
            updated="2024-06-21T07:00:00+00:00",
        ),
        FeedEntry(
            "https://news.example.com/culture/2024/06/19/festival.html",
            title="Only a guid",
            published="2024-06-19T12:00:00-04:00",
        ),
    ]


def test_rdf_feed() -> None:
    entries = parse_feed(fixture("rdf.xml"))

    # The fixture is ISO-8859-1: the declared encoding must be honoured.
    assert entries == [
        FeedEntry(
            "https://blog.example.org/2024/06/caf%C3%A9",
            title="Café culture",
            published="2024-06-18T20:15:00+02:00",
        ),
        FeedEntry(
            "https://blog.example.org/2024/05/about-only",
            title="Linked only by rdf:about",
            published="2024-05-02",
        ),
    ]


def test_atom_feed() -> None:
    entries = parse_feed(fixture("atom.xml"), base_url="https://elsewhere.example/feed")

    # The text/html alternate beats the PDF one and rel="self"; relative hrefs resolve
    # against xml:base; html and xhtml titles become plain text.
    assert entries == [
        FeedEntry(
            "https://tech.example.net/2024/06/chips",
            title="Chips <3 nm> arrive",
            published="2024-06-21T10:00:00+09:00",
            updated="2024-06-21T11:30:00+00:00",
        ),
        FeedEntry(
            "https://tech.example.net/2024/06/phones",
            title="New phones",
            updated="2024-06-20T08:00:00+00:00",
        ),
        FeedEntry(
            "https://tech.example.net/reviews/laptop",
            title="Laptop review",
            published="2024-06-19",
        ),
    ]


def test_atom_relative_link_uses_base_url_without_xml_base() -> None:
    body = b"""<feed xmlns="http://www.w3.org/2005/Atom">
      <entry><title>T</title><link href="/a/1"/><updated>2024-06-21T10:00:00Z</updated></entry>
    </feed>"""

    assert parse_feed(body, base_url=SITE) == [
        FeedEntry("https://news.example.com/a/1", title="T", updated="2024-06-21T10:00:00+00:00")
    ]


def test_gzip_feed() -> None:
    assert parse_feed(gzip.compress(fixture("rss2.xml")), base_url=SITE) == parse_feed(
        fixture("rss2.xml"), base_url=SITE
    )


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(b"", id="empty"),
        pytest.param(b"<<<>>>", id="garbage"),
        pytest.param(b"<html><head><title>Feed</title></head></html>", id="html"),
        pytest.param(fixture("sitemap.xml"), id="sitemap"),
        pytest.param(b"\x1f\x8b\x08garbage", id="corrupt-gzip"),
        pytest.param(BILLION_LAUGHS.replace(b"urlset", b"rss"), id="billion-laughs"),
    ],
)
def test_parse_feed_returns_nothing_for_non_feeds(body: bytes) -> None:
    assert parse_feed(body) == []


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        pytest.param(
            """<html><head>
            <link rel="stylesheet" href="/style.css">
            <link rel="alternate" type="application/rss+xml" title="World" href="/world/rss">
            <link rel="alternate" type="application/atom+xml" href="https://x.example/a.atom">
            <link rel="alternate" type="application/rss+xml" href="/world/rss">
            <link rel="alternate" hreflang="fr" href="/fr/">
            <link rel="alternate" type="application/json" href="/feed.json">
            </head><body></body></html>""",
            ["https://news.example.com/world/rss", "https://x.example/a.atom"],
            id="order-dedupe-relative",
        ),
        pytest.param(
            """<LINK REL="Alternate Feed" TYPE="Application/RSS+XML; charset=utf-8" HREF="f">""",
            ["https://news.example.com/section/f"],
            id="case-and-parameters",
        ),
        pytest.param(
            """<head><base href="https://cdn.example.com/feeds/">
            <link rel="alternate" type="application/rss+xml" href="top.xml"></head>""",
            ["https://cdn.example.com/feeds/top.xml"],
            id="base-element",
        ),
        pytest.param(
            """<?xml version="1.0" encoding="utf-8"?>
            <html xmlns="http://www.w3.org/1999/xhtml"><head>
            <link rel="alternate" type="application/atom+xml" href="/atom" /></head></html>""",
            ["https://news.example.com/atom"],
            id="xhtml-with-declaration",
        ),
        pytest.param(
            """<body><p>feed below</p>
            <link rel="alternate" type="application/rss+xml" href="/in-body.rss">
            <link rel="alternate" type="application/rss+xml" href="javascript:void(0)">
            <link rel="alternate" type="application/rss+xml" href="">
            <link rel="alternate" type="application/rss+xml">""",
            ["https://news.example.com/in-body.rss"],
            id="body-and-unusable-hrefs",
        ),
        pytest.param("", [], id="empty"),
        pytest.param("   ", [], id="blank"),
        pytest.param("\x00\x01<<<garbage>>>&&&", [], id="garbage"),
    ],
)
def test_feed_urls_from_html(html: str, expected: list[str]) -> None:
    assert feed_urls_from_html(html, "https://news.example.com/section/") == expected


# --- robots.txt -------------------------------------------------------------------------


def test_sitemap_urls_from_robots_fixture() -> None:
    robots = fixture("robots.txt").decode()

    # Case-insensitive key, relative path joined, comments and duplicates dropped, empty
    # and non-http values ignored, order kept.
    assert sitemap_urls_from_robots(robots, "https://news.example.com/robots.txt") == [
        "https://news.example.com/sitemap_index.xml",
        "https://news.example.com/sitemaps/news.xml",
        "https://cdn.example.com/sitemaps/video.xml",
    ]


@pytest.mark.parametrize(
    ("robots", "expected"),
    [
        pytest.param("sitemap: /s.xml", ["https://a.example/s.xml"], id="lowercase-relative"),
        pytest.param(
            "\ufeffSitemap: https://a.example/1.xml\r\nSitemap : https://a.example/2.xml\r\n",
            ["https://a.example/1.xml", "https://a.example/2.xml"],
            id="bom-crlf-space-before-colon",
        ),
        pytest.param("User-agent: *\nDisallow: /\n", [], id="none"),
        pytest.param("", [], id="empty"),
        pytest.param("Sitemaps: https://a.example/x.xml", [], id="other-key"),
    ],
)
def test_sitemap_urls_from_robots(robots: str, expected: list[str]) -> None:
    assert sitemap_urls_from_robots(robots, "https://a.example/robots.txt") == expected


@pytest.mark.parametrize(
    ("site_url", "origin"),
    [
        ("https://news.example.com", "https://news.example.com"),
        ("https://news.example.com/world/?page=2", "https://news.example.com"),
        ("HTTP://news.example.com:8080/", "http://news.example.com:8080"),
    ],
)
def test_usual_sitemap_urls(site_url: str, origin: str) -> None:
    urls = usual_sitemap_urls(site_url)

    assert urls == [origin + path for path in USUAL_SITEMAP_PATHS]
    assert urls[0] == origin + "/sitemap.xml"


@pytest.mark.parametrize("site_url", ["", "news.example.com", "ftp://news.example.com/"])
def test_usual_sitemap_urls_needs_an_http_site(site_url: str) -> None:
    assert usual_sitemap_urls(site_url) == []


# --- Dates ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-06-21", "2024-06-21"),
        (" 2024-06-21\n", "2024-06-21"),
        ("2024-06-21T09:30:00Z", "2024-06-21T09:30:00+00:00"),
        ("2024-06-21T09:30:00z", "2024-06-21T09:30:00+00:00"),
        ("2024-06-21T09:30Z", "2024-06-21T09:30:00+00:00"),
        ("2024-06-21T09:30:00+02:00", "2024-06-21T09:30:00+02:00"),
        ("2024-06-21T09:30:00-0500", "2024-06-21T09:30:00-05:00"),
        ("2024-06-21T09:30:00.123456789+01:00", "2024-06-21T09:30:00+01:00"),
        ("2024-06-21 09:30:00", "2024-06-21T09:30:00"),
        ("2024-06-21T09:30:00", "2024-06-21T09:30:00"),
        ("Fri, 21 Jun 2024 09:30:00 GMT", "2024-06-21T09:30:00+00:00"),
        ("Fri, 21 Jun 2024 09:30:00 +0200", "2024-06-21T09:30:00+02:00"),
        ("21 Jun 2024 09:30:00 EST", "2024-06-21T09:30:00-05:00"),
        ("Fri, 21 Jun 24 09:30:00 +0000", "2024-06-21T09:30:00+00:00"),
        ("Fri, 21 Jun 2024 09:30:00 CEST", "2024-06-21T09:30:00"),  # unknown zone: no offset
        ("Fri, 21 Jun 2024 09:30:00 -0000", "2024-06-21T09:30:00"),  # RFC 2822: zone unknown
        (None, None),
        ("", None),
        ("   ", None),
        ("yesterday", None),
        ("2024-13-45", None),
        ("2024-06-21T25:00:00Z", None),
        ("Fri, 32 Jun 2024 09:30:00 GMT", None),
    ],
)
def test_to_iso8601(value: str | None, expected: str | None) -> None:
    assert to_iso8601(value) == expected


# --- Contract ---------------------------------------------------------------------------


def test_discovery_does_not_import_scrapy() -> None:
    # The parsers must run in a plain process (e.g. an offline re-parse job).
    package = Path(__file__).parent.parent / "newsspider" / "discovery"
    imported: set[str] = set()
    for source in package.glob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module)
    assert not {name for name in imported if name.split(".")[0] in {"scrapy", "twisted"}}


# --- the sitemaps-first gate --------------------------------------------------------------


def test_gate_holds_links_until_discovery_closes() -> None:
    gate: SitemapsFirstGate[str] = SitemapsFirstGate()
    assert gate.hold_or_pass("a", ["x"]) == ["x"]  # nothing open: pass through
    gate.opened("a")
    gate.opened("a")
    assert gate.hold_or_pass("a", ["p1", "p2"]) == []
    assert gate.hold_or_pass("b", ["q"]) == ["q"]  # other sites are not held
    assert gate.closed("a") == []
    assert gate.closed("a") == ["p1", "p2"]
    assert gate.closed("a") == []  # closing more than opened never goes negative
    gate.opened("a")
    gate.hold_or_pass("a", ["p3"])
    assert gate.release_all() == ["p3"]
