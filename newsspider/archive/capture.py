"""WarcCaptureExtension: every exported article page, request and response, in rotating WARCs."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import UTC, datetime
from http import HTTPStatus
from io import BytesIO
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

from itemadapter import ItemAdapter
from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Request, Response
from scrapy.statscollectors import StatsCollector
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsspider.export.atomic_files import part_path
from newsspider.export.feed_defaults import uri_params, worker_suffix
from newsspider.request_meta import HINTS_KEY, OPTOUTS_KEY
from newsspider.stats import inc_stat
from newsspider.version import EXTRACTOR

# Scrapy hands the spider a de-chunked, decompressed body; these would misdescribe it.
_BODY_HEADERS = frozenset({b"content-length", b"transfer-encoding", b"content-encoding"})
CONTEXT_TYPE = "application/json"


def _header_lines(headers: Any, drop: frozenset[bytes] = frozenset()) -> list[tuple[str, str]]:
    lines = []
    for name in headers:
        if name.lower() in drop:
            continue
        lines += [
            (name.decode("latin-1"), value.decode("latin-1")) for value in headers.getlist(name)
        ]
    return lines


class RotatingWarcWriter:
    """Appends records to DIR/PREFIX-00000.warc.gz, ...: a new file once max_size bytes are in."""

    def __init__(self, directory: Path, prefix: str, max_size: int, info: dict[str, str]) -> None:
        self.directory = directory
        self.prefix = prefix
        self.max_size = max_size
        self.info = info
        self.index = 0
        self.path: Path | None = None
        self.file: IO[bytes] | None = None
        self.writer: WARCWriter | None = None
        self.opened = 0

    def _open(self) -> WARCWriter:
        self.directory.mkdir(parents=True, exist_ok=True)
        self.path = self.directory / f"{self.prefix}-{self.index:05d}.warc.gz"
        self.file = part_path(self.path).open("wb")
        self.writer = WARCWriter(self.file, gzip=True, warc_version="1.1")
        self.writer.write_record(self.writer.create_warcinfo_record(self.path.name, self.info))
        self.opened += 1
        return self.writer

    def write_page(self, request: Request, response: Response, context: dict[str, Any]) -> None:
        """Write the response, its request and newsspider's context; rotate past max_size."""
        writer = self.writer or self._open()
        response_record = _record(
            writer,
            "response",
            response.url,
            response.body,
            http_headers=_response_headers(response),
        )
        linked = {"WARC-Concurrent-To": response_record.rec_headers.get_header("WARC-Record-ID")}
        request_record = _record(
            writer, "request", request.url, request.body,
            http_headers=_request_headers(request), warc_headers_dict=linked,
        )  # fmt: skip
        context_record = _record(
            writer, "metadata", response.url, json.dumps(context, ensure_ascii=False).encode(),
            warc_content_type=CONTEXT_TYPE, warc_headers_dict=linked,
        )  # fmt: skip
        for record in (response_record, request_record, context_record):
            writer.write_record(record)
        assert self.file is not None
        if self.file.tell() >= self.max_size:
            self.close()

    def close(self) -> None:
        """Finish the current file: close it and give it its real name."""
        if self.file is None or self.path is None:
            return
        self.file.close()
        part_path(self.path).replace(self.path)
        self.file = self.writer = None
        self.index += 1


def _record(writer: WARCWriter, kind: str, uri: str, block: bytes, **headers: Any) -> Any:
    return writer.create_warc_record(
        uri, kind, payload=BytesIO(block), length=len(block), **headers
    )


def _response_headers(response: Response) -> StatusAndHeaders:
    try:
        reason = HTTPStatus(response.status).phrase
    except ValueError:
        reason = ""
    lines = _header_lines(response.headers, _BODY_HEADERS)
    lines.append(("Content-Length", str(len(response.body))))
    protocol = response.protocol or "HTTP/1.1"
    return StatusAndHeaders(f"{response.status} {reason}".strip(), lines, protocol=protocol)


def _request_headers(request: Request) -> StatusAndHeaders:
    url = urlsplit(request.url)
    target = (url.path or "/") + (f"?{url.query}" if url.query else "")
    lines = _header_lines(request.headers)
    if not any(name.lower() == "host" for name, _ in lines):
        lines.insert(0, ("Host", url.netloc))  # added by Scrapy's HTTP client on the wire
    return StatusAndHeaders(f"{request.method} {target} HTTP/1.1", lines, is_http_request=True)


class WarcCaptureExtension:
    """Keep the raw article pages as WARC for `scrapy reprocess`: set NEWSSPIDER_WARC_DIR."""

    def __init__(self, directory: str, max_size: int, stats: StatsCollector | None) -> None:
        self.directory = Path(directory)
        self.max_size = max_size
        self.stats = stats
        self.writer: RotatingWarcWriter | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcCaptureExtension:
        """Build from NEWSSPIDER_WARC_DIR (empty: off) and NEWSSPIDER_WARC_MAX_SIZE."""
        directory = crawler.settings.get("NEWSSPIDER_WARC_DIR")
        if not directory:
            # No message: Scrapy would log a WARNING on every crawl for a component off by default.
            raise NotConfigured
        extension = cls(
            directory, crawler.settings.getint("NEWSSPIDER_WARC_MAX_SIZE"), crawler.stats
        )
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.item_scraped, signal=signals.item_scraped)
        # Dropped records are captured too: a better cleaner or schema may keep them later.
        crawler.signals.connect(extension.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self, spider: Spider) -> None:
        """Name the files after the crawl, as the default feed is: news_<site>_<time>-N.warc.gz."""
        now = datetime.now(UTC).replace(microsecond=0).isoformat().replace(":", "-")
        params = uri_params({"time": now}, spider)
        prefix = f"{spider.name}_{params['site']}_{params['time']}{worker_suffix(spider, params)}"
        info = {"software": EXTRACTOR, "format": "WARC File Format 1.1", "isPartOf": spider.name}
        self.writer = RotatingWarcWriter(self.directory, prefix, self.max_size, info)

    def item_scraped(self, item: Any, response: Response | None, spider: Spider) -> None:
        """Capture the page an exported record came from."""
        self._capture(item, response)

    def item_dropped(
        self, item: Any, response: Response | None, exception: BaseException, spider: Spider
    ) -> None:
        """Capture the page of a record a pipeline dropped."""
        self._capture(item, response)

    def _capture(self, item: Any, response: Response | None) -> None:
        # No response: the record did not come from a download (e.g. `scrapy reprocess`).
        if response is None or self.writer is None:
            return
        adapter = ItemAdapter(item)
        hints = response.meta.get(HINTS_KEY)
        context = {
            "site": adapter.get("site"),
            "fetched_at": adapter.get("fetched_at"),
            "hints": asdict(hints) if hints is not None else None,
            # The site's reservations of the URL (robots.txt, tdmrep.json) as the crawl read them.
            "optouts": response.meta.get(OPTOUTS_KEY),
        }
        opened = self.writer.opened
        self.writer.write_page(response.request or Request(response.url), response, context)
        inc_stat(self.stats, "warc/pages")
        # Counted when a file is started: the stats file may be written before the last closes.
        inc_stat(self.stats, "warc/files", self.writer.opened - opened)

    def spider_closed(self, spider: Spider) -> None:
        """Finish the last file."""
        if self.writer is not None:
            self.writer.close()
