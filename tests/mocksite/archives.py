"""A real HTTP server on loopback serving archive files: Range requests, resets, slow bodies."""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from .server import reset_connection

_RANGE = re.compile(r"bytes=(\d+)-$")
_CHUNK = 16 * 1024


@dataclass
class ServedFile:
    """A file and how it is served: whether Range is honoured, how many answers break midway."""

    data: bytes
    ranges: bool = True
    resets: int = 0  # the first this many answers are cut by a TCP reset halfway through
    served: list[int] = field(default_factory=list)  # the start byte of each answer


class _ArchiveServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.files: dict[str, ServedFile] = {}
        self.chunk_delay = 0.0  # seconds between 16 kB chunks: a slow link, for a kill midway
        self.lock = threading.Lock()

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Stay quiet: the client hangs up on purpose (resets, kills)."""


class _Handler(BaseHTTPRequestHandler):
    server: _ArchiveServer
    protocol_version = "HTTP/1.0"

    def do_GET(self) -> None:
        """The file (from the Range start, where honoured), else 404."""
        served = self.server.files.get(self.path)
        if served is None:
            self.send_error(404)
            return
        match = _RANGE.match(self.headers.get("Range", ""))
        start = int(match.group(1)) if match and served.ranges else 0
        with self.server.lock:
            served.served.append(start)
            reset = served.resets > 0
            served.resets -= reset
        if start >= len(served.data) and start:
            self.send_response(416)
            self.end_headers()
            return
        body = served.data[start:]
        self.send_response(206 if start else 200)
        if start:
            self.send_header("Content-Range", f"bytes {start}-{len(served.data) - 1}/*")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Accept-Ranges", "bytes" if served.ranges else "none")
        self.end_headers()
        if reset:
            self.wfile.write(body[: len(body) // 2])
            time.sleep(0.3)  # a reset drops what the client has not read yet: let it read
            reset_connection(self.connection)
            return
        for begin in range(0, len(body), _CHUNK):
            self.wfile.write(body[begin : begin + _CHUNK])
            time.sleep(self.server.chunk_delay)

    def log_message(self, format: str, *args: Any) -> None:
        """No per-request log line."""


@dataclass
class ArchiveHost:
    """The archive server, running: its base URL and what it serves."""

    base_url: str
    _server: _ArchiveServer = field(repr=False)
    _thread: threading.Thread = field(repr=False)

    def serve(self, path: str, served: ServedFile) -> str:
        """Serve `served` at `path` (from /); its URL."""
        self._server.files[path] = served
        return f"{self.base_url}{path}"

    def slow(self, chunk_delay: float) -> None:
        """Wait this long between 16 kB chunks of every answer from now on."""
        self._server.chunk_delay = chunk_delay

    def stop(self) -> None:
        """Stop serving."""
        self._server.shutdown()
        self._thread.join(timeout=5)
        self._server.server_close()


def start_archive_host() -> ArchiveHost:
    """Serve archive files from a daemon thread on a free loopback port."""
    server = _ArchiveServer()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    return ArchiveHost(f"http://127.0.0.1:{server.server_address[1]}", server, thread)
