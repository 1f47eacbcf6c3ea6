"""RedisProxy: a TCP proxy to a real Redis on loopback that can lose or hold back its answers."""

from __future__ import annotations

import contextlib
import socket
import threading
import time


class RedisProxy:
    """Forwards a client's connections to Redis; armed, it loses the answer to the next EXEC.

    Losing an answer is what a client sees when Redis runs a transaction and stops (or the
    connection breaks) before its answer arrives. With `hold_s` set, each answer is held back
    that long: a slow Redis, far away or busy.
    """

    def __init__(self, port: int) -> None:
        self.target = port
        self.armed = threading.Event()
        self.dropped = threading.Event()
        self.muted = threading.Event()
        # Seconds each answer is held back (0: none); `holding` is set while one is.
        self.hold_s = 0.0
        self.holding = threading.Event()
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(("127.0.0.1", self.target))
            except OSError:  # Redis is down: the client sees its connection closed
                client.close()
                continue
            threading.Thread(target=self._pipe, args=(client, upstream, True), daemon=True).start()
            threading.Thread(target=self._pipe, args=(upstream, client, False), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket, to_redis: bool) -> None:
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                if not to_redis and self.muted.is_set():
                    continue  # the answer is lost
                if to_redis and self.armed.is_set() and b"EXEC" in data:
                    self.armed.clear()
                    self.muted.set()
                    sink.sendall(data)
                    time.sleep(0.5)  # Redis runs it; its answer never reaches the client
                    self.dropped.set()
                    self.muted.clear()
                    for end in (source, sink):
                        with contextlib.suppress(OSError):
                            end.shutdown(socket.SHUT_RDWR)
                    return
                if not to_redis and self.hold_s:
                    self.holding.set()
                    time.sleep(self.hold_s)
                    self.holding.clear()
                sink.sendall(data)

    def close(self) -> None:
        """Stop accepting connections."""
        self.server.close()
