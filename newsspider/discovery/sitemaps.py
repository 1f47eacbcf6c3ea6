"""Parse XML sitemaps and sitemap indexes, plain or gzip-compressed, without trusting them."""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from newsspider.discovery.dates import to_iso8601
from newsspider.urls import join_url

GZIP_MAGIC = b"\x1f\x8b"
DEFAULT_MAX_GUNZIP_SIZE = 50 * 1024 * 1024  # the sitemaps.org limit for one uncompressed file
_GZIP_WBITS = 16 + zlib.MAX_WBITS  # gzip header and trailer (CRC, size) are checked

_ENTRY_TAG = {"urlset": "url", "sitemapindex": "sitemap"}


@dataclass(frozen=True, slots=True)
class SitemapEntry:
    """One <url> or <sitemap> entry."""

    loc: str
    lastmod: str | None = None  # ISO 8601, as normalised by to_iso8601
    news_title: str | None = None  # <news:news><news:title>
    news_publication_date: str | None = None  # <news:news><news:publication_date>, ISO 8601


@dataclass(frozen=True, slots=True)
class Sitemap:
    """A parsed sitemap: its kind ('urlset', 'sitemapindex' or 'invalid') and its entries."""

    kind: str
    entries: list[SitemapEntry]


def maybe_gunzip(body: bytes, max_size: int = DEFAULT_MAX_GUNZIP_SIZE) -> bytes | None:
    """Return body gunzipped if it is gzip, else unchanged; None if corrupt or over max_size."""
    if not body.startswith(GZIP_MAGIC):
        return body
    out = bytearray()
    data = body
    # Several concatenated gzip members are one valid gzip file, hence the outer loop.
    while data.startswith(GZIP_MAGIC):
        decompressor = zlib.decompressobj(_GZIP_WBITS)
        try:
            # Asking for at most one byte over the budget bounds the memory a bomb can take.
            # (max(1, ...) because a max_length of 0 would mean "unlimited" to zlib.)
            out += decompressor.decompress(data, max(1, max_size - len(out) + 1))
        except zlib.error:
            return None
        if len(out) > max_size or not decompressor.eof:
            return None  # over budget, or truncated
        data = decompressor.unused_data
    # Anything after the last member that is not another member (servers pad with NULs) is
    # ignored, as gzip(1) does.
    return bytes(out)


# --- Helpers also used by feeds.py and robots.py -----------------------------------------


def safe_xml_root(body: bytes, base_url: str | None = None) -> etree._Element | None:
    """Parse untrusted XML bytes without entity expansion or network access; None if hopeless."""
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        recover=True,
        remove_comments=True,
        remove_pis=True,
    )
    # Generators that print a blank line before '<?xml ...?>' are common; libxml2 then
    # refuses the declaration, so leading whitespace is dropped.
    body = body.lstrip(b" \t\r\n")
    try:
        if base_url:
            return etree.fromstring(body, parser, base_url=base_url)
        return etree.fromstring(body, parser)
    except (etree.LxmlError, ValueError):
        return None


def local_name(element: etree._Element) -> str:
    """The tag of an element without namespace or prefix; '' for comments and entities."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    # '{uri}name' when the namespace is declared; 'prefix:name' when recover=True kept an
    # undeclared prefix verbatim.
    return tag.rpartition("}")[2].rpartition(":")[2]


def children_named(element: etree._Element, name: str) -> Iterator[etree._Element]:
    """Yield the direct children of element whose local name is name."""
    return (child for child in element if local_name(child) == name)


def element_text(element: etree._Element) -> str:
    """All the text inside element (CDATA included), without its tail."""
    # The stubs allow bytes, which lxml only yields for an explicit bytes encoding.
    return "".join(text for text in element.itertext() if isinstance(text, str))


def child_text(element: etree._Element, name: str) -> str | None:
    """The whitespace-stripped text of the first child named name, or None if absent or empty."""
    for child in children_named(element, name):
        text = element_text(child).strip()
        if text:
            return text
    return None


# --- Sitemaps ---------------------------------------------------------------------------


def parse_sitemap(body: bytes, base_url: str | None = None, max_entries: int = 50_000) -> Sitemap:
    """Parse a sitemap or sitemap index (plain or gzip bytes); never raises; malformed: invalid."""
    xml = maybe_gunzip(body)
    root = safe_xml_root(xml) if xml else None
    kind = local_name(root) if root is not None else ""
    if root is None or kind not in _ENTRY_TAG:
        return Sitemap(kind="invalid", entries=[])
    entries: list[SitemapEntry] = []
    for element in children_named(root, _ENTRY_TAG[kind]):
        if len(entries) >= max_entries:
            break
        entry = _parse_entry(element, base_url)
        if entry is not None:
            entries.append(entry)
    return Sitemap(kind=kind, entries=entries)


def _parse_entry(element: etree._Element, base_url: str | None) -> SitemapEntry | None:
    # Only direct children are read, so that <image:loc> or <video:content_loc> nested in
    # extension elements is never mistaken for the page's own <loc>.
    text = child_text(element, "loc")
    loc = join_url(base_url, text) if text else None
    if loc is None:
        return None
    title, published = _parse_news(element)
    return SitemapEntry(
        loc=loc,
        lastmod=to_iso8601(child_text(element, "lastmod")),
        news_title=title,
        news_publication_date=published,
    )


def _parse_news(element: etree._Element) -> tuple[str | None, str | None]:
    for news in children_named(element, "news"):
        title = child_text(news, "title")
        return (
            " ".join(title.split()) if title else None,
            to_iso8601(child_text(news, "publication_date")),
        )
    return None, None
