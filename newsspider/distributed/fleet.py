"""Whether a crawl is shared (NEWSSPIDER_STATE is a Redis URL) and this worker's name in it."""

from __future__ import annotations

import os
import secrets
import socket
from functools import cache

from scrapy.settings import BaseSettings

from newsspider.state.backends import is_redis

# The scheduler of a shared crawl (a string: the spider sets it before Scrapy imports it).
FLEET_SCHEDULER = "newsspider.distributed.scheduler.FleetScheduler"


def is_shared_crawl(settings: BaseSettings) -> bool:
    """True when NEWSSPIDER_STATE names a Redis server: this process is one worker of many."""
    return is_redis(str(settings.get("NEWSSPIDER_STATE") or ""))


@cache
def worker_id() -> str:
    """This process's name in a shared crawl: host, process id and a random part.

    Unique per process, not per host (two workers on one machine never share a feed file), and
    the random part tells a restarted process from a dead one that had the same id.
    """
    host = socket.gethostname().split(".")[0] or "host"
    return f"{host}-{os.getpid()}-{secrets.token_hex(2)}"
