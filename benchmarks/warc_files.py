"""WARC files of archived pages, written for `make bench-archive` and the reprocess tests."""

from __future__ import annotations

from collections.abc import Iterable
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

HTML = "text/html; charset=utf-8"


def write_warc(
    path: Path, pages: Iterable[tuple[str, bytes]], when: str = "2024-03-01T12:00:00Z"
) -> list[int]:
    """Write (url, html) pages as gzip WARC response records; the byte offset of each record."""
    offsets = []
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for url, html in pages:
            http = StatusAndHeaders("200 OK", [("Content-Type", HTML)], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                url, "response", payload=BytesIO(html), length=len(html), http_headers=http,
                warc_headers_dict={"WARC-Date": when},
            )  # fmt: skip
            offsets.append(stream.tell())
            writer.write_record(record)
    return offsets
