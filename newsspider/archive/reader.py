"""Pages read back from WARC (.warc, .warc.gz) and WACZ files, with what the crawl knew of them.

FastWARC reads the records (chosen over warcio by `make bench-archive`, docs/benchmarks.md).
"""

from __future__ import annotations

import json
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from fastwarc.warc import ArchiveIterator, WarcRecord, WarcRecordType

from newsspider.archive.capture import CONTEXT_TYPE
from newsspider.pages.fields.optouts import OPT_OUT_HEADERS, OptOutHints, opt_out_hints

_WARC_SUFFIXES = (".warc", ".warc.gz")
HTML_TYPES = ("text/html", "application/xhtml+xml")
# What a record was, for the records that give no page (the reprocess stats' keys).
OTHER_SITE = "other_site"
NOT_A_PAGE = "not_a_page"
DAMAGED = "damaged"
NOT_A_RESPONSE = "not_a_response"


@dataclass(frozen=True, slots=True)
class ArchivedPage:
    """One archived HTTP response: URL, status, body and the context newsspider stored beside it."""

    url: str
    status: int
    body: bytes
    content_type: str | None
    warc_date: str
    context: dict[str, Any] = field(default_factory=dict)
    # The response's reservation headers (OPT_OUT_HEADERS), lower-case names.
    opt_out_headers: dict[str, str] = field(default_factory=dict)

    @property
    def opt_out_hints(self) -> OptOutHints:
        """The page's reservation headers and its site's reservations as the crawl read them."""
        stored = self.context.get("optouts")
        sources, policy = stored if isinstance(stored, list) and len(stored) == 2 else ((), None)
        return opt_out_hints(
            self.opt_out_headers,
            [source for source in sources if isinstance(source, str)],
            policy if isinstance(policy, str) else None,
        )

    @property
    def fetched_at(self) -> str:
        """When the page was fetched, ISO 8601 UTC: as the crawl recorded it, else WARC-Date."""
        recorded = self.context.get("fetched_at")
        if isinstance(recorded, str):
            return recorded
        try:
            moment = datetime.fromisoformat(self.warc_date.replace("Z", "+00:00"))
        except ValueError:
            return self.warc_date  # the schema pipeline then drops the record, with the reason
        return moment.isoformat(timespec="seconds")


@dataclass(frozen=True, slots=True)
class ArchiveEntry:
    """One WARC record read: where it starts in the file, and its page or why it gives none."""

    offset: int
    url: str
    page: ArchivedPage | None = None
    skipped: str = ""


def iter_pages(path: Path) -> Iterator[ArchivedPage]:
    """Every HTML page in a WARC file, or in the archive/ WARCs of a WACZ, in file order."""
    for entry in iter_file(path):
        if entry.page is not None:
            yield entry.page


def iter_file(
    path: Path, start: int = 0, wanted: Callable[[str], bool] | None = None
) -> Iterator[ArchiveEntry]:
    """Every record of a local WARC (from byte `start`) or of a WACZ's WARCs (whole)."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as wacz:
            names = [n for n in wacz.namelist() if n.startswith("archive/")]
            for name in sorted(n for n in names if n.endswith(_WARC_SUFFIXES)):
                with wacz.open(name) as stream:
                    yield from iter_warc(stream, wanted)
    else:
        with path.open("rb") as stream:
            stream.seek(start)
            yield from iter_warc(stream, wanted)


def iter_warc(
    stream: IO[bytes], wanted: Callable[[str], bool] | None = None
) -> Iterator[ArchiveEntry]:
    """Every record of a WARC stream from where it is, in order; offsets are the stream's tell().

    A response of a URL `wanted` refuses is skipped without reading its body; so is a response
    that is no 2xx HTML page. A response whose body is cut short (a truncated file) is
    DAMAGED, never a page.
    """
    # A page is held until its context record (newsspider writes it after the page and its
    # request) or a record that is not about the page; the page's request is given meanwhile.
    pending: tuple[str, ArchiveEntry] | None = None
    try:
        for record in ArchiveIterator(stream, parse_http=False):
            entry = _entry(record, record.stream_pos, wanted)
            if pending is not None and _is_context_of(record, pending[0]):
                held = pending[1]
                assert held.page is not None
                yield replace(held, page=replace(held.page, context=_context(record)))
                pending = None
                continue
            if pending is not None and _concurrent_to(record) != pending[0]:
                yield pending[1]
                pending = None
            if entry.page is not None:
                pending = (record.record_id or "", entry)
            else:
                yield entry
    except OSError:
        if pending is not None:  # complete: the break is after it
            yield pending[1]
        raise
    if pending is not None:
        yield pending[1]


def _entry(record: WarcRecord, offset: int, wanted: Callable[[str], bool] | None) -> ArchiveEntry:
    url = record.headers.get("WARC-Target-URI") or ""
    skipped = _skipped_unread(record, url, wanted)
    return ArchiveEntry(offset, url, skipped=skipped) if skipped else _read(record, offset, url)


def _skipped_unread(record: WarcRecord, url: str, wanted: Callable[[str], bool] | None) -> str:
    """Why the record is skipped from its WARC headers alone; '' to read it."""
    if record.record_type != WarcRecordType.response:
        return NOT_A_RESPONSE
    if wanted is not None and not wanted(url):
        return OTHER_SITE
    if record.headers.get("Content-Length") is None:  # required: cut within the WARC headers
        return DAMAGED
    return "" if record.is_http else NOT_A_PAGE


def _read(record: WarcRecord, offset: int, url: str) -> ArchiveEntry:
    record.parse_http()
    headers = record.http_headers
    status = (headers.status_code if headers is not None else None) or 0
    if headers is None or not status:  # no status line: cut within the HTTP headers, or none
        cut = len(record.reader.read()) < record.content_length
        return ArchiveEntry(offset, url, skipped=DAMAGED if cut else NOT_A_PAGE)
    content_type = headers.get("Content-Type")
    media_type = (content_type or "text/html").split(";")[0].strip().lower()
    if not 200 <= status < 300 or media_type not in HTML_TYPES:
        return ArchiveEntry(offset, url, skipped=NOT_A_PAGE)
    body = record.reader.read()
    if len(body) < record.content_length:
        return ArchiveEntry(offset, url, skipped=DAMAGED)
    page = ArchivedPage(
        url=url,
        status=status,
        body=_decoded(body, headers.get("Transfer-Encoding"), headers.get("Content-Encoding")),
        content_type=content_type,
        warc_date=record.headers.get("WARC-Date") or "",
        opt_out_headers={name: value for name in OPT_OUT_HEADERS if (value := headers.get(name))},
    )
    return ArchiveEntry(offset, url, page)


def _decoded(body: bytes, transfer: str | None, encoding: str | None) -> bytes:
    """The body as the page was sent: other archivers keep chunking and gzip; ours has none.

    Not FastWARC's auto_decode: it needs the HTTP headers parsed for every record (before the
    site filter) and hides the stored length that tells a damaged record.
    """
    try:
        if transfer and transfer.strip().lower() == "chunked":
            body = _unchunked(body)
        if encoding and encoding.strip().lower() in {"gzip", "x-gzip", "deflate"}:
            body = zlib.decompressobj(zlib.MAX_WBITS | 32).decompress(body)
    except (ValueError, zlib.error):
        return body  # stored decoded after all, as Common Crawl does
    return body


def _unchunked(body: bytes) -> bytes:
    parts, position = [], 0
    while position < len(body):
        end = body.index(b"\r\n", position)
        size = int(body[position:end].split(b";")[0], 16)
        if size == 0:
            break
        parts.append(body[end + 2 : end + 2 + size])
        position = end + 2 + size + 2
    return b"".join(parts)


def _concurrent_to(record: WarcRecord) -> str | None:
    return record.headers.get("WARC-Concurrent-To")


def _is_context_of(record: WarcRecord, response_id: str) -> bool:
    return bool(
        record.record_type == WarcRecordType.metadata
        and record.headers.get("Content-Type") == CONTEXT_TYPE
        and _concurrent_to(record) == response_id
    )


def _context(record: WarcRecord) -> dict[str, Any]:
    try:
        value = json.loads(record.reader.read())
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
