"""Runs inside each extraction worker process: its set-up and its memory watchdog (no Scrapy)."""

from __future__ import annotations

import os
import signal
import threading
import time

import psutil

from newsspider.workers.memory import release_freed_memory

# A worker that goes over its memory limit ends itself with this exit code, so the crawl can
# say why the page it held failed. 75 is EX_TEMPFAIL: "try again later", not a bug in the page.
MEMORY_EXIT_CODE = 75
# The environment variable in which the crawl names its main script for the forkserver
# (ExtractionWorkers.start sets it, newsspider.workers.preload reads it).
MAIN_SCRIPT_ENV = "NEWSSPIDER_PARENT_MAIN"
# How often the watchdog looks at the worker's memory, in seconds: a page that parses into a
# huge tree grows by a few hundred MB per second, so this overshoots the limit by tens of MB.
POLL_INTERVAL = 0.05


def init_worker(memory_limit: int) -> None:
    """Set up a new worker: Ctrl-C is the crawl's business; watch memory if a limit is set."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A worker parses page after page into trees of a few MB each: without this, its resident
    # memory ratchets up to the largest pages seen and stays there.
    release_freed_memory()
    if memory_limit > 0:
        watchdog = threading.Thread(
            target=watch_memory, args=(memory_limit,), name="memory-watchdog", daemon=True
        )
        watchdog.start()


def watch_memory(limit: int) -> None:
    """End this process at once when its resident memory goes over `limit` bytes."""
    process = psutil.Process()
    while process.memory_info().rss <= limit:
        time.sleep(POLL_INTERVAL)
    # os._exit, not sys.exit: the main thread is busy inside the extraction and must not get to
    # finish (or to allocate more) first.
    os._exit(MEMORY_EXIT_CODE)
