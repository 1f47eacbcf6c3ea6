"""Pages read back from WARC (.warc, .warc.gz) and WACZ files, with what the crawl knew of them."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator
from warcio.recordloader import ArcWarcRecord

from newsspider.archive.capture import CONTEXT_TYPE
from newsspider.pages.fields.optouts import OPT_OUT_HEADERS, OptOutHints, opt_out_hints

_WARC_SUFFIXES = (".warc", ".warc.gz")


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


def iter_pages(path: Path) -> Iterator[ArchivedPage]:
    """Every HTTP response in a WARC file, or in the archive/ WARCs of a WACZ, in file order."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as wacz:
            names = [n for n in wacz.namelist() if n.startswith("archive/")]
            for name in sorted(n for n in names if n.endswith(_WARC_SUFFIXES)):
                with wacz.open(name) as stream:
                    yield from _iter_warc(stream)
    else:
        with path.open("rb") as stream:
            yield from _iter_warc(stream)


def _iter_warc(stream: IO[bytes]) -> Iterator[ArchivedPage]:
    # A response is held until the next record: newsspider writes its context right after.
    pending: tuple[str, ArchivedPage] | None = None
    for record in ArchiveIterator(stream):
        if record.rec_type == "response" and record.http_headers is not None:
            if pending is not None:
                yield pending[1]
            pending = (record.rec_headers.get_header("WARC-Record-ID"), _page(record))
        elif pending is not None and _is_context_of(record, pending[0]):
            yield replace(pending[1], context=_context(record))
            pending = None
    if pending is not None:
        yield pending[1]


def _page(record: ArcWarcRecord) -> ArchivedPage:
    headers = record.http_headers
    return ArchivedPage(
        url=record.rec_headers.get_header("WARC-Target-URI"),
        status=int(headers.get_statuscode() or 0),
        # content_stream() undoes chunking and gzip that other archivers keep; ours has none.
        body=record.content_stream().read(),
        content_type=headers.get_header("Content-Type"),
        warc_date=record.rec_headers.get_header("WARC-Date") or "",
        opt_out_headers={
            name: value for name in OPT_OUT_HEADERS if (value := headers.get_header(name))
        },
    )


def _is_context_of(record: ArcWarcRecord, response_id: str) -> bool:
    return bool(
        record.rec_type == "metadata"
        and record.rec_headers.get_header("Content-Type") == CONTEXT_TYPE
        and record.rec_headers.get_header("WARC-Concurrent-To") == response_id
    )


def _context(record: ArcWarcRecord) -> dict[str, Any]:
    try:
        value = json.loads(record.content_stream().read())
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
