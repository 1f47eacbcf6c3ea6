"""Property tests: for any input the page and discovery parsers answer, never raise, never hang.

Each test bounds its examples and its deadline, so the suite stays fast; `make fuzz` runs the
same targets for as long as you like (see fuzz/targets.py).
"""

from __future__ import annotations

import gzip
import string
from datetime import timedelta

import lxml.html
from hypothesis import example, given, settings
from hypothesis import strategies as st
from trafilatura.utils import INVALID_XML_CHARS

from newsspider.discovery import parse_feed, parse_sitemap, sitemap_urls_from_robots
from newsspider.discovery.robots import usual_sitemap_urls
from newsspider.discovery.sitemaps import SitemapReader
from newsspider.pages.article import ArticlePage
from newsspider.pages.decoding import decode_html, decode_page
from newsspider.pages.repair import MAX_DEPTH, repair_html
from newsspider.urls import is_http_url
from tests.conftest import validate_record

URL = "https://news.example.com/world/2024/06/21/a-story-with-a-long-slug"
# Extraction is tens of milliseconds; the generous deadline only catches a hang.
PAGES = settings(max_examples=40, deadline=timedelta(seconds=5))
PARSERS = settings(max_examples=100, deadline=timedelta(seconds=2))

# --- strategies -------------------------------------------------------------------------------

WORDS = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=30
)
CHARSETS = st.sampled_from(
    ["utf-8", "UTF-8", "windows-1252", "iso-8859-1", "utf-16", "shift_jis", "koi8-r", "x-bogus", ""]
)
CONTENT_TYPES = st.one_of(
    st.none(), CHARSETS.map(lambda c: f"text/html; charset={c}" if c else "text/html")
)
TAGS = st.sampled_from(
    ["p", "div", "article", "main", "span", "h1", "h2", "li", "ul", "table", "td", "section",
     "footer", "nav", "aside", "b", "a", "script", "style", "time", "figure", "blockquote"]
)  # fmt: skip


@st.composite
def html_documents(draw: st.DrawFn) -> str:
    """Plausible, often broken, article pages: random nesting, metadata, junk and truncation."""
    parts: list[str] = []
    for _ in range(draw(st.integers(0, 40))):
        kind = draw(st.integers(0, 5))
        tag = draw(TAGS)
        if kind == 0:
            parts.append(f"<{tag}>")
        elif kind == 1:
            parts.append(f"</{tag}>")
        elif kind == 2:
            parts.append(draw(WORDS))
        elif kind == 3:
            parts.append("<p>" + " ".join(draw(st.lists(WORDS, min_size=5, max_size=60))) + "</p>")
        elif kind == 4:
            parts.append("<div>" * draw(st.integers(0, 400)))
        else:
            parts.append(draw(st.sampled_from(JUNK)))
    head = draw(st.sampled_from(HEADS))
    text = f"<html><head>{head}</head><body>{''.join(parts)}</body></html>"
    cut = draw(st.integers(0, len(text)))
    return text[: cut if draw(st.booleans()) else len(text)]


JUNK = [
    '<script type="application/ld+json">{"@type": "NewsArticle", "headline": 5, "author": '
    '[null, {"name": ["x"]}], "datePublished": "yesterday"}</script>',
    '<script type="application/ld+json">{"@graph": [[[]]], </script>',
    '<meta property="og:type" content="article"><meta property="article:published_time" '
    'content="2024-13-45T99:99">',
    '<link rel="canonical" href="http://[::1"><meta property="og:image" content="javascript:x">',
    "<!-- <div><div><div> -->",
    "<![CDATA[ <p>not a paragraph</p> ]]>",
    "\x00\x01\x02",
    "&#0; &#xD800; &bogus; &amp",
    '<html lang="xx-Bogus-Tag-123"><time datetime="0000-00-00">',
]
HEADS = [
    "",
    "<title>A headline for this story</title>",
    '<meta charset="utf-8"><title>Title | Site</title><meta property="og:type" content="article">',
    '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">',
    '<meta charset="utf-16"><meta name="author" content="A, B and C">',
]


def _check(body: bytes | str, content_type: str | None = None) -> None:
    """The page gives a valid record or a reason to skip it; nothing else."""
    result = ArticlePage(URL, body, content_type=content_type).extract(want_links=True)
    if result.record is None:
        assert result.skip
    else:
        validate_record(result.as_dict() or {})
    assert all(is_http_url(link) for link in result.links)


# --- pages ------------------------------------------------------------------------------------


@PAGES
@given(st.binary(max_size=4096), CONTENT_TYPES)
@example(b"\xff\xfe<\x00h\x00", "text/html")
@example(b"%PDF-1.4\n" + b"x" * 300, None)
def test_any_bytes_give_a_record_or_none(body: bytes, content_type: str | None) -> None:
    _check(body, content_type)


@settings(PAGES, max_examples=25)
@given(html_documents(), CHARSETS, CONTENT_TYPES, st.booleans())
def test_any_broken_page_gives_a_record_or_none(
    html: str, charset: str, content_type: str | None, as_bytes: bool
) -> None:
    if not as_bytes:
        _check(html)
    elif charset not in ("", "x-bogus"):
        _check(html.encode(charset, errors="replace"), content_type)


# Western prose: ASCII words, some with an accented letter or typographic punctuation.
ACCENTED = "éèêëàâäçîïôöùûüÿñÉÀÇÜÖßæøå€£“”‘’–—…«»"
WORD = st.builds(
    lambda word, extra, at: word[:at] + extra + word[at:],
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123456789,.'-", min_size=1, max_size=10),
    st.sampled_from(["", "", *ACCENTED]),
    st.integers(0, 10),
)
READABLE = st.lists(WORD, min_size=1, max_size=40).map(" ".join)


@PAGES
@given(
    READABLE,
    st.sampled_from(["utf-8", "cp1252"]),
    st.sampled_from([None, "utf-8", "windows-1252", "iso-8859-1"]),
    st.sampled_from([None, "utf-8", "windows-1252", "iso-8859-1"]),
    st.booleans(),
)
def test_readable_text_survives_any_charset_declaration(
    text: str, encoding: str, header: str | None, meta: str | None, bom: bool
) -> None:
    html = (
        f"<html><head>{f'<meta charset={meta!r}>' if meta else ''}<title>t</title></head>"
        f"<body><p>The opening sentence of a story.</p><p>{text}</p></body></html>"
    )
    body = html.encode(encoding)
    if bom and encoding == "utf-8":
        body = b"\xef\xbb\xbf" + body
    decoded = decode_html(body, f"text/html; charset={header}" if header else None)
    assert "\ufffd" not in decoded
    assert f"<p>{text}</p>" in decoded


@PARSERS
@given(st.binary(max_size=2048), CONTENT_TYPES)
def test_decoding_never_invents_replacement_characters(body: bytes, ctype: str | None) -> None:
    # Without the bytes of U+FFFD itself (EF BF BD, FF FD, FD FF, 84 31 A4 37 in gb18030),
    # no output may contain it: an undecodable byte stays a character of its own.
    body = bytes(b for b in body if b not in (0xEF, 0xFD, 0x84))
    assert "\ufffd" not in decode_html(body, ctype)


# Text mixing plain letters, accented ones (the lead characters of mojibake) and the symbols
# that follow them when UTF-8 is read as windows-1252.
MOJIBAKE_PRONE = st.text(
    alphabet=st.sampled_from(list("aé Ã©ÂâÄ€™–—“”…\u00a0\u0153\u0192\u02c6\u00c2\u00f4\u00f5")),
    max_size=60,
)


@PARSERS
@given(MOJIBAKE_PRONE)
def test_utf8_bytes_are_repaired_like_the_same_text(text: str) -> None:
    # A page read as UTF-8 is checked for mojibake on its bytes, a text page on its characters:
    # both must agree.
    html = f"<html><body><p>{text}</p></body></html>"
    assert decode_html(html.encode(), "text/html; charset=utf-8") == decode_html(html)


@PARSERS
@given(st.text(alphabet=st.sampled_from(list("ab é\t\n\r\x00\x01\x0b\x0c\x1f\ufffe\uffff\ufffd"))))
def test_pages_said_xml_safe_hold_no_character_xml_forbids(text: str) -> None:
    # decode_page checks the bytes; trafilatura's regex over the text must agree.
    decoded, xml_safe = decode_page(f"<p>{text}</p>".encode(), "text/html; charset=utf-8")
    assert xml_safe == (INVALID_XML_CHARS.search(decoded) is None)


@settings(PARSERS, max_examples=40)
@given(st.integers(0, 1500), st.integers(0, 1500), TAGS, st.text(string.ascii_letters, min_size=1))
def test_repair_keeps_text_and_bounds_depth(opened: int, closed: int, tag: str, word: str) -> None:
    html = "<html><body>" + f"<{tag}>" * opened + f"<p>{word}</p>" + f"</{tag}>" * closed
    repaired = repair_html(html)
    if opened <= MAX_DEPTH or tag in {"p", "li", "td", "script", "style"}:
        assert repaired == html
    tree = lxml.html.fromstring(repaired)
    assert word in tree.text_content()
    # libxml2 gives up at 256 levels; the repaired page stays well below.
    assert max(len(list(element.iterancestors())) for element in tree.iter()) < 2 * MAX_DEPTH + 10


# --- sitemaps, feeds, robots.txt ---------------------------------------------------------------


@st.composite
def sitemap_documents(draw: st.DrawFn) -> bytes:
    """Sitemaps and indexes with odd entries, namespaces, junk, truncation and gzip."""
    kind, entry = draw(st.sampled_from([("urlset", "url"), ("sitemapindex", "sitemap")]))
    ns = draw(
        st.sampled_from(['xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"', "", 'xmlns=""'])
    )
    children = draw(
        st.lists(
            st.one_of(
                WORDS.map(lambda w: f"<loc>{w}</loc>"),
                st.sampled_from(
                    [
                        "<loc>https://a.example/x</loc>",
                        "<loc>/rel</loc>",
                        "<lastmod>2024-02-30</lastmod>",
                        "<news:news><news:title>T</news:title></news:news>",
                        "<loc><![CDATA[https://b.example/]]></loc>",
                        "<loc>&lol;</loc>",
                        "<image:loc>https://i.example/</image:loc>",
                    ]
                ),
            ),
            max_size=4,
        )
    )
    entries = "".join(
        f"<{entry}>{''.join(children)}</{entry}>" for _ in range(draw(st.integers(0, 30)))
    )
    prolog = draw(
        st.sampled_from(["", '<?xml version="1.0"?>', "\n\n", '<!DOCTYPE x [<!ENTITY lol "l">]>'])
    )
    data = f"{prolog}<{kind} {ns}>{entries}</{kind}>".encode()
    data = data[: draw(st.integers(0, len(data)))] if draw(st.booleans()) else data
    return gzip.compress(data, mtime=0) if draw(st.booleans()) else data


def _valid_sitemap(body: bytes) -> None:
    sitemap = parse_sitemap(body, "https://news.example.com/sitemap.xml", max_entries=20)
    assert sitemap.kind in {"urlset", "sitemapindex", "invalid"}
    assert len(sitemap.entries) <= 20
    assert all(isinstance(entry.loc, str) and entry.loc for entry in sitemap.entries)
    if sitemap.kind == "invalid":
        assert sitemap.entries == []


@PARSERS
@given(st.one_of(st.binary(max_size=4096), sitemap_documents()))
def test_any_bytes_give_a_sitemap_or_invalid(body: bytes) -> None:
    _valid_sitemap(body)


@PARSERS
@given(sitemap_documents(), st.lists(st.integers(1, 300), min_size=1, max_size=20))
def test_reading_in_chunks_gives_the_same_sitemap(body: bytes, sizes: list[int]) -> None:
    whole = parse_sitemap(body, max_entries=20)
    reader = SitemapReader(max_entries=20)
    start = 0
    for size in sizes * (len(body) // sum(sizes) + 1):
        if start >= len(body) or not reader.feed(body[start : start + size]):
            break
        start += size
    assert reader.close() == whole


@st.composite
def feed_documents(draw: st.DrawFn) -> bytes:
    """RSS and Atom feeds with odd items, links, dates and truncation."""
    atom = draw(st.booleans())
    field = st.one_of(
        WORDS.map(lambda w: f"<title>{w}</title>"),
        WORDS.map(lambda w: f"<link>{w}</link>" if not atom else f'<link href="{w}"/>'),
        st.sampled_from(
            [
                "<link>https://a.example/s</link>",
                '<link rel="alternate" href="/x" type="text/html"/>',
                "<pubDate>Thu, 31 Feb 2024 99:00:00 GMT</pubDate>",
                "<updated>2024-06-21T10:00:00Z</updated>",
                '<guid isPermaLink="true">https://g.example/1</guid>',
                '<title type="html">&lt;b&gt;x</title>',
            ]
        ),
    )
    item = "entry" if atom else "item"
    items = "".join(
        f"<{item}>{''.join(draw(st.lists(field, max_size=5)))}</{item}>"
        for _ in range(draw(st.integers(0, 10)))
    )
    doc = (
        f'<feed xmlns="http://www.w3.org/2005/Atom">{items}</feed>'
        if atom
        else f'<rss version="2.0"><channel>{items}</channel></rss>'
    ).encode()
    return doc[: draw(st.integers(0, len(doc)))] if draw(st.booleans()) else doc


@PARSERS
@given(st.one_of(st.binary(max_size=4096), feed_documents()))
def test_any_bytes_give_feed_entries_or_nothing(body: bytes) -> None:
    entries = parse_feed(body, "https://news.example.com/feed.xml")
    assert all(isinstance(entry.link, str) and entry.link for entry in entries)


ROBOTS_LINES = st.one_of(
    st.text(max_size=80),
    st.sampled_from(
        [
            "Sitemap: /s.xml",
            "sitemap:https://a.example/s.xml # c",
            "SITEMAP: http://[bad/",
            "Sitemap:",
            "User-agent: *",
            "Disallow: /",
            "Sitemap: javascript:alert(1)",
            "\ufeffSitemap: /x",
        ]
    ),
)


@PARSERS
@given(
    st.lists(ROBOTS_LINES, max_size=30), st.sampled_from(["https://a.example/", "http://[x", ""])
)
def test_any_robots_txt_gives_http_sitemap_urls(lines: list[str], base: str) -> None:
    urls = sitemap_urls_from_robots("\n".join(lines), base)
    assert all(is_http_url(url) for url in urls)
    assert len(urls) == len(set(urls))
    assert all(is_http_url(url) for url in usual_sitemap_urls(base))


@PARSERS
@given(st.binary(min_size=1, max_size=256))
def test_any_bytes_as_robots_txt_bytes(body: bytes) -> None:
    # Scrapy hands robots.txt over as text decoded leniently; the same must hold for any bytes.
    urls = sitemap_urls_from_robots(body.decode("utf-8", errors="replace"), "https://a.example/")
    assert all(is_http_url(url) for url in urls)
