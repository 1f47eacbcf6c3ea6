"""Parse XML sitemaps and sitemap indexes, plain or gzip-compressed, without trusting them."""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TypedDict

from lxml import etree

from newsspider.settings import NEWSSPIDER_SITEMAP_MAX_ENTRIES, NEWSSPIDER_SITEMAP_MAX_SIZE
from newsspider.timestamps import to_iso8601
from newsspider.urls import join_url

GZIP_MAGIC = b"\x1f\x8b"
DEFAULT_MAX_GUNZIP_SIZE = NEWSSPIDER_SITEMAP_MAX_SIZE
_GZIP_WBITS = 16 + zlib.MAX_WBITS  # gzip header and trailer (CRC, size) are checked

_ENTRY_TAG = {"urlset": "url", "sitemapindex": "sitemap"}
_CHUNK = 64 * 1024  # bytes parsed (and, for gzip, inflated) at a time
# The first start tag after the prolog (declaration, comments, DOCTYPE): the root element.
_ROOT_TAG = re.compile(
    rb"^(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE(?:[^\[>]|\[.*?\])*>|\s)*"
    rb"<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)(?=[\s/>])",
    re.DOTALL,
)


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
    # What was wrong or cut short, if anything: 'gzip' (corrupt or truncated gzip),
    # 'entities' (a DTD declaring entities, never expanded), 'malformed' (the XML ends before
    # its root element does), 'max_entries' or 'max_size' (reading stopped at a limit); the
    # entries that could be read are kept, except for 'gzip'.
    problem: str | None = None


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


class _XmlOptions(TypedDict):
    resolve_entities: bool
    no_network: bool
    huge_tree: bool
    recover: bool
    remove_comments: bool
    remove_pis: bool


# Parser options for untrusted XML: no entity expansion (billion laughs), no network (XXE),
# libxml2's size limits kept, and recovery from broken markup.
SAFE_XML: _XmlOptions = {
    "resolve_entities": False,
    "no_network": True,
    "huge_tree": False,
    "recover": True,
    "remove_comments": True,
    "remove_pis": True,
}


def safe_xml_root(body: bytes, base_url: str | None = None) -> etree._Element | None:
    """Parse untrusted XML bytes without entity expansion or network access; None if hopeless."""
    parser = etree.XMLParser(**SAFE_XML)
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


def parse_sitemap(
    body: bytes,
    base_url: str | None = None,
    max_entries: int = NEWSSPIDER_SITEMAP_MAX_ENTRIES,
    max_size: int = DEFAULT_MAX_GUNZIP_SIZE,
) -> Sitemap:
    """Parse a sitemap or sitemap index (plain or gzip bytes); never raises; malformed: invalid."""
    reader = SitemapReader(base_url, max_entries, max_size)
    for start in range(0, len(body), _CHUNK):
        if not reader.feed(body[start : start + _CHUNK]):
            break
    return reader.close()


class SitemapReader:
    """Parse a sitemap as its bytes arrive, in bounded memory: feed() chunks, then close().

    Gzip is inflated a chunk at a time and each entry is dropped from the tree once read, so
    neither the inflated file nor its tree is ever held whole; reading stops at max_entries
    entries or max_size inflated bytes.
    """

    def __init__(
        self,
        base_url: str | None = None,
        max_entries: int = NEWSSPIDER_SITEMAP_MAX_ENTRIES,
        max_size: int = DEFAULT_MAX_GUNZIP_SIZE,
        *,
        keep_entries: bool = True,
    ) -> None:
        self.base_url = base_url
        self.max_entries = max_entries
        self.max_size = max_size
        # False: entries are counted, not kept (a reader that only watches the limits).
        self.keep_entries = keep_entries
        self.kind = ""
        self.entries: list[SitemapEntry] = []
        self.count = 0
        self.problem: str | None = None
        self.done = False
        self._head: bytes | None = b""  # the first bytes, until they tell whether it is gzip
        self._gzip: zlib._Decompress | None = None
        self._gzip_ended = False
        self._size = 0
        self._prolog = b""  # the XML before its root tag is known
        self._parser: etree.XMLPullParser | None = None
        self._root: etree._Element | None = None
        self._root_ended = False
        self._read = 0  # entries read since the tree was last pruned

    def feed(self, data: bytes) -> bool:
        """Take the next bytes; returns False once nothing more is wanted."""
        if self.done or not data:
            return not self.done
        if self._head is not None and len(self._head) + len(data) < len(GZIP_MAGIC):
            self._head += data
            return True
        if self._head is not None:
            data, self._head = self._head + data, None
            if data.startswith(GZIP_MAGIC):
                self._gzip = zlib.decompressobj(_GZIP_WBITS)
        if self._gzip is None:
            self._xml(data)
        else:
            self._inflate(data)
        return not self.done

    def close(self) -> Sitemap:
        """Finish reading; the sitemap as far as it was read."""
        if self._head:
            self._xml(self._head)
        if not self.done:
            if self._gzip is not None and not self._gzip_ended:
                self._stop("gzip")  # truncated
            elif self._parser is not None:
                ended = self._root_ended
                self._events(close=True)
                if not ended and self.kind in _ENTRY_TAG:
                    self.problem = self.problem or "malformed"  # truncated: the root never ended
        if self.problem == "gzip" or self.kind not in _ENTRY_TAG:
            return Sitemap(kind="invalid", entries=[], problem=self.problem)
        return Sitemap(kind=self.kind, entries=self.entries, problem=self.problem)

    def _stop(self, problem: str | None = None) -> None:
        self.done = True
        self.problem = self.problem or problem

    def _inflate(self, data: bytes) -> None:
        # Output is taken a chunk at a time (max_length), so a bomb never inflates at once.
        while data and not self.done:
            assert self._gzip is not None
            if self._gzip_ended:
                # Several concatenated members are one gzip file; anything else after the
                # last member (servers pad with NULs) is ignored, as gzip(1) does.
                if not data.startswith(GZIP_MAGIC):
                    return
                self._gzip, self._gzip_ended = zlib.decompressobj(_GZIP_WBITS), False
            try:
                out = self._gzip.decompress(data, _CHUNK)
            except zlib.error:
                self._stop("gzip")
                return
            self._xml(out)
            if self._gzip.eof:
                self._gzip_ended = True
                data = self._gzip.unused_data
            else:
                data = self._gzip.unconsumed_tail

    def _xml(self, data: bytes) -> None:
        room = self.max_size - self._size
        self._size += len(data)
        over = len(data) > room
        if over:  # what fits is still read
            data = data[: max(room, 0)]
        if self._parser is None:
            data = self._start_parser(data)
        if self._parser is not None and data:
            try:
                self._parser.feed(data)
            except (etree.LxmlError, ValueError):
                self._stop()
                return
            self._events()
        if over:
            self._stop("max_size")

    def _start_parser(self, data: bytes) -> bytes:
        """Find the root tag in the prolog; make a parser that reports only it and its entries.

        Why: a parser reporting every element costs Python work for each <loc>, <lastmod> ...;
        reporting only entries reads a sitemap several times faster.
        """
        # Generators that print a blank line before '<?xml ...?>' are common; libxml2 then
        # refuses the declaration, so leading whitespace is dropped.
        self._prolog = (self._prolog + data).lstrip(b" \t\r\n")
        match = _ROOT_TAG.search(self._prolog)
        if match is None:
            if len(self._prolog) > _CHUNK:  # no sitemap has a prolog that long
                self._stop()
            return b""
        prefix = (match.group(1) or b"").decode("latin-1")
        kind = match.group(2).decode("latin-1")
        if kind not in _ENTRY_TAG:
            self._stop()
            return b""
        # '{*}url' is <url> in any namespace; a prefix nobody declared stays in the tag.
        tags = [f"{{*}}{tag}" for tag in (kind, _ENTRY_TAG[kind])]
        if prefix:
            tags += [prefix + tag for tag in (kind, _ENTRY_TAG[kind])]
        self._parser = etree.XMLPullParser(events=("end",), tag=tags, **SAFE_XML)
        data, self._prolog = self._prolog, b""
        return data

    def _events(self, *, close: bool = False) -> None:
        assert self._parser is not None
        try:
            root = self._parser.close() if close else None
            for _, element in self._parser.read_events():
                if self.done:
                    return
                self._end(element)  # type: ignore[arg-type]  # only "end" events: elements
        except (etree.LxmlError, ValueError):  # recover=True still gives up on some input
            self._stop()
            return
        if root is not None and self._root is None:
            # libxml2 stopped reporting early (it does so after an entity it will not
            # expand); what it built before that is read from the tree.
            for child in list(root):  # a copy: reading entries prunes the tree
                if local_name(child) == _ENTRY_TAG.get(local_name(root)):
                    self._end(child)
            self._found_root(root)

    def _end(self, element: etree._Element) -> None:
        parent = element.getparent()
        if parent is None:  # the root itself
            self._found_root(element)
            self._root_ended = True
            return
        if parent.getparent() is not None:
            return  # an entry-named element deeper down is no entry
        self._found_root(parent)
        if self.count >= self.max_entries:
            self._stop("max_entries")
            return
        entry = _parse_entry(element, self.base_url)
        if entry is not None:
            self.count += 1
            if self.keep_entries:
                self.entries.append(entry)
        element.clear()
        # Read entries leave the tree (a thousand at a time), so memory does not grow with
        # the file; the element just read and those after it stay.
        self._read += 1
        if self._read >= 1024:
            del parent[: parent.index(element)]
            self._read = 0

    def _found_root(self, root: etree._Element) -> None:
        if self._root is not None:
            return
        self._root = root
        self.kind = local_name(root)
        if _declares_entities(root):
            # Entities are never expanded (billion laughs), but no honest sitemap has them.
            self.problem = self.problem or "entities"


def _declares_entities(root: etree._Element) -> bool:
    dtd = root.getroottree().docinfo.internalDTD
    # lxml-stubs lack DTD.iterentities().
    return dtd is not None and any(True for _ in dtd.iterentities())  # type: ignore[attr-defined]


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
