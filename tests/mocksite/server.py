"""A real HTTP server on loopback that serves one mock site per port."""

from __future__ import annotations

import socket
import struct
import sys
import threading
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from .sites import SITES, Resource, Site

# How long a stalled response hangs before its connection is dropped (or until stop()).
STALL_SECONDS = 60
NOT_FOUND = Resource(
    status=404,
    body=(
        b'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Page not found'
        b"</title></head><body><h1>Page not found</h1><p>The page you asked for does not exist."
        b"</p></body></html>\n"
    ),
)


class _SiteServer(ThreadingHTTPServer):
    """A threading HTTP server that knows its Site and logs the paths it is asked for."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int]) -> None:
        super().__init__(address, _Handler)
        self.site: Site | None = None
        self.requests: list[str] = []
        # (Host header, path, Authorization header) of each request, in order.
        self.visits: list[tuple[str, str, str | None]] = []
        self.streamed: Counter[str] = Counter()  # bytes of streamed bodies sent, by path
        self.stopping = threading.Event()  # wakes stalled responses on stop()
        self.lock = threading.Lock()

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Stay quiet when a client hangs up early; report anything else as usual."""
        # Crawlers drop connections (timeouts, cancelled downloads); that is not our bug.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    """Answers GET and HEAD from the site's resource map (exact path+query), else 404."""

    server: _SiteServer
    # HTTP/1.0 closes each connection after its response, so no idle keep-alive threads linger
    # after stop().
    protocol_version = "HTTP/1.0"

    def do_GET(self) -> None:
        """Serve the resource and its body."""
        self._respond(with_body=True)

    def do_HEAD(self) -> None:
        """Serve the resource's status and headers only."""
        self._respond(with_body=False)

    def _respond(self, *, with_body: bool) -> None:
        with self.server.lock:
            self.server.requests.append(self.path)
            visit = (self.headers.get("Host", ""), self.path, self.headers.get("Authorization"))
            self.server.visits.append(visit)
        site = self.server.site
        resource = site.resources.get(self.path, NOT_FOUND) if site else NOT_FOUND
        if resource.fault == "reset":
            self._reset()
            return
        self.send_response(resource.status)
        for name, value in resource.headers:
            self.send_header(name, value)
        length = resource.length
        if length is None and resource.stream is None:
            length = len(resource.body)
        if length is not None:
            self.send_header("Content-Length", str(length))
        self.end_headers()
        if not with_body:
            return
        if resource.fault in {"reset_body", "stall"}:
            self.wfile.write(resource.body[: len(resource.body) // 2])
            if resource.fault == "stall":
                self.server.stopping.wait(STALL_SECONDS)
            self._reset()
        elif resource.stream is not None:
            # A body that ends only when the client hangs up (or never, were it not for that).
            for chunk in resource.stream():
                self.wfile.write(chunk)
                with self.server.lock:
                    self.server.streamed[self.path] += len(chunk)
        else:
            self.wfile.write(resource.body)

    def _reset(self) -> None:
        reset_connection(self.connection)

    def log_message(self, format: str, *args: Any) -> None:
        """Drop the default one-line-per-request stderr log."""


def reset_connection(connection: socket.socket) -> None:
    """Drop the connection with a TCP RST (SO_LINGER 0), as a crashing server does."""
    connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    connection.close()


@dataclass
class RunningSite:
    """A mock site being served: where it is, what it serves and what it was asked for."""

    name: str
    site: Site
    base_url: str
    _server: _SiteServer = field(repr=False)
    _thread: threading.Thread = field(repr=False)

    @property
    def requests(self) -> list[str]:
        """Paths (with query) received so far, in order; appended to under a lock."""
        return self._server.requests

    @property
    def visits(self) -> list[tuple[str, str, str | None]]:
        """(Host header, path, Authorization header) of each request so far, in order."""
        return self._server.visits

    @property
    def streamed(self) -> Counter[str]:
        """Bytes of streamed bodies sent so far, by path."""
        return self._server.streamed

    def stop(self) -> None:
        """Stop serving and release the port; safe to call twice."""
        self._server.stopping.set()
        if self._thread.is_alive():
            self._server.shutdown()
            self._thread.join(timeout=5)
        self._server.server_close()


def start_site(name: str, host: str = "127.0.0.1", port: int = 0) -> RunningSite:
    """Build the named site for its address and serve it from a daemon thread."""
    if name not in SITES:
        raise ValueError(f"unknown mock site {name!r}; choose from {', '.join(sorted(SITES))}")
    server = _SiteServer((host, port))
    # The site is built only now because its sitemaps and feeds need the real port.
    base_url = f"http://{host}:{server.server_address[1]}"
    server.site = SITES[name](base_url)
    thread = threading.Thread(
        target=server.serve_forever, name=f"mocksite-{name}", kwargs={"poll_interval": 0.05}
    )
    thread.daemon = True
    thread.start()
    return RunningSite(name, server.site, base_url, server, thread)


def start_sites(
    names: Iterable[str], host: str = "127.0.0.1", port: int = 0
) -> dict[str, RunningSite]:
    """Start one server per named site, each on its own free port (or `port` for a single site)."""
    wanted = list(dict.fromkeys(names))
    if port and len(wanted) != 1:
        raise ValueError("a fixed port needs exactly one site")
    running: dict[str, RunningSite] = {}
    try:
        for name in wanted:
            running[name] = start_site(name, host, port)
    except BaseException:
        stop_sites(running)
        raise
    return running


def stop_sites(running: dict[str, RunningSite]) -> None:
    """Stop every running site."""
    for site in running.values():
        site.stop()
