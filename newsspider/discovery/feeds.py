"""Parse RSS 2.0, RSS 1.0 (RDF) and Atom feeds, and find the feeds a web page advertises."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import lxml.html
from lxml import etree

from newsspider.discovery.sitemaps import (
    child_text,
    children_named,
    element_text,
    local_name,
    maybe_gunzip,
    safe_xml_root,
)
from newsspider.timestamps import to_iso8601
from newsspider.urls import http_url, is_http_url, join_url

FEED_MEDIA_TYPES = frozenset({"application/rss+xml", "application/atom+xml"})

# Date elements by preference; the older spellings (dc:date in RSS 1.0, Atom 0.3's
# issued/modified) are still served by many CMSs.
_RSS_PUBLISHED = ("pubDate", "date", "published", "issued")
_ATOM_PUBLISHED = ("published", "issued", "created")
_UPDATED = ("updated", "modified")

# lxml refuses str input that carries an encoding declaration (XHTML pages do).
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One item of an RSS or Atom feed."""

    link: str
    title: str | None = None
    published: str | None = None  # ISO 8601: RSS pubDate / dc:date, Atom published
    updated: str | None = None  # ISO 8601: Atom updated, RSS dc:modified


def parse_feed(body: bytes, base_url: str | None = None) -> list[FeedEntry]:
    """Parse RSS 2.0, RSS 1.0 (RDF) or Atom; never raises; returns [] for anything else."""
    xml = maybe_gunzip(body)
    root = safe_xml_root(xml, base_url) if xml else None
    if root is None:
        return []
    kind = local_name(root)
    items: Iterable[etree._Element]
    parse: Callable[[etree._Element, str | None], FeedEntry | None]
    if kind in {"rss", "RDF"}:
        items, parse = _rss_items(root), _parse_rss_item
    elif kind == "feed":
        items, parse = children_named(root, "entry"), _parse_atom_entry
    else:
        return []
    entries = (parse(item, base_url) for item in items)
    return [entry for entry in entries if entry is not None]


def feed_urls_from_html(html: str | lxml.html.HtmlElement, base_url: str) -> list[str]:
    """Absolute http(s) URLs of a page's RSS/Atom <link rel="alternate">, in order, each once."""
    # An already parsed page (the crawl's) is used as it is: a page is parsed once.
    root = html if isinstance(html, lxml.html.HtmlElement) else _html_root(html)
    if root is None:
        return []
    base = _document_base(root, base_url)
    urls: dict[str, None] = {}  # an ordered set
    for link in root.iter("link"):
        if _is_feed_link(link):
            url = http_url(base, link.get("href"))
            if url is not None:
                urls.setdefault(url)
    return list(urls)


# --- RSS 2.0 and RSS 1.0 ----------------------------------------------------------------


def _rss_items(root: etree._Element) -> list[etree._Element]:
    # RSS 2.0 nests items in <channel>, RSS 1.0 makes them siblings of it; accepting both
    # places for both formats also covers the feeds that get this wrong.
    items = list(children_named(root, "item"))
    for channel in children_named(root, "channel"):
        items.extend(children_named(channel, "item"))
    return items


def _parse_rss_item(item: etree._Element, base_url: str | None) -> FeedEntry | None:
    return _entry(item, _rss_link(item, _base_of(item, base_url)), _RSS_PUBLISHED)


def _rss_link(item: etree._Element, base: str | None) -> str | None:
    text = child_text(item, "link")
    if text is not None:
        return join_url(base, text)
    # An <atom:link href> in an item also matches the local name 'link' but has no text.
    href = _alternate_href(item)
    if href is not None:
        return join_url(base, href)
    return _permalink_guid(item, base) or _rdf_about(item, base)


def _permalink_guid(item: etree._Element, base: str | None) -> str | None:
    for guid in children_named(item, "guid"):
        text = element_text(guid).strip()
        flag = (guid.get("isPermaLink") or "").strip().lower()
        if not text or flag == "false":
            continue
        # isPermaLink defaults to true, yet feeds routinely omit it on ids like '12345';
        # without an explicit 'true' only an absolute URL is taken for a link.
        if flag == "true":
            return join_url(base, text)
        if is_http_url(text):
            return text
    return None


def _rdf_about(item: etree._Element, base: str | None) -> str | None:
    # RSS 1.0 identifies each item by its URL in rdf:about.
    for name, value in item.attrib.items():
        if str(name).rpartition("}")[2] == "about" and str(value).strip():
            return join_url(base, str(value).strip())
    return None


# --- Atom -------------------------------------------------------------------------------


def _parse_atom_entry(entry: etree._Element, base_url: str | None) -> FeedEntry | None:
    href = _alternate_href(entry)
    link = join_url(_base_of(entry, base_url), href) if href else None
    return _entry(entry, link, _ATOM_PUBLISHED)


def _entry(
    element: etree._Element, link: str | None, published: tuple[str, ...]
) -> FeedEntry | None:
    """The entry of an RSS item or Atom entry whose link is known; None without a link."""
    if link is None:
        return None
    return FeedEntry(
        link=link,
        title=_title(element),
        published=_first_date(element, published),
        updated=_first_date(element, _UPDATED),
    )


def _alternate_href(element: etree._Element) -> str | None:
    # An entry may offer several alternates (the article, a PDF, a translation); the HTML
    # one, or the one without a type, is the page to crawl.
    hrefs: list[tuple[bool, str]] = []
    for link in children_named(element, "link"):
        rel = (link.get("rel") or "alternate").strip().lower()
        href = (link.get("href") or "").strip()
        if rel == "alternate" and href:
            media_type = (link.get("type") or "html").lower()
            hrefs.append(("html" in media_type, href))
    preferred = [href for is_html, href in hrefs if is_html]
    if preferred:
        return preferred[0]
    return hrefs[0][1] if hrefs else None


# --- Shared -----------------------------------------------------------------------------


def _base_of(element: etree._Element, base_url: str | None) -> str | None:
    # Element.base applies xml:base (common in Atom) on top of the document URL.
    try:
        return element.base or base_url
    except ValueError:  # an xml:base that is not valid UTF-8
        return base_url


def _title(element: etree._Element) -> str | None:
    for title in children_named(element, "title"):
        text = element_text(title)
        # Atom's type="html" title is escaped markup ('Chips &lt;3 nm&gt;'), not the text.
        if (title.get("type") or "").strip().lower() == "html":
            text = _html_to_text(text)
        return " ".join(text.split()) or None
    return None


def _html_to_text(markup: str) -> str:
    try:
        return str(lxml.html.fragment_fromstring(markup, create_parent="div").text_content())
    except (etree.LxmlError, ValueError):
        return markup


def _first_date(element: etree._Element, names: Iterable[str]) -> str | None:
    # A later element is tried when an earlier one is present but unparseable.
    for name in names:
        value = to_iso8601(child_text(element, name))
        if value is not None:
            return value
    return None


# --- HTML -------------------------------------------------------------------------------


def _html_root(html: str) -> lxml.html.HtmlElement | None:
    text = _XML_DECLARATION.sub("", html.lstrip("\ufeff"), count=1).replace("\x00", "")
    try:
        return lxml.html.fromstring(text)
    except (etree.LxmlError, ValueError):  # an empty or whitespace-only document
        return None


def _document_base(root: lxml.html.HtmlElement, base_url: str) -> str:
    for base in root.iter("base"):
        href = (base.get("href") or "").strip()
        if href:
            return join_url(base_url, href) or base_url
    return base_url


def _is_feed_link(link: lxml.html.HtmlElement) -> bool:
    rels = (link.get("rel") or "").lower().split()
    media_type = (link.get("type") or "").split(";")[0].strip().lower()
    return "alternate" in rels and media_type in FEED_MEDIA_TYPES
