"""StateThread: a network store's per-page calls made off the crawl's event loop, in order."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")


class StateThread:
    """One thread for a network store's calls: the event loop goes on while Redis answers.

    One thread, not a pool: the calls are made in the order they were asked for (a record's
    dedupe decision after the ones before it), as they were on the event loop.
    """

    def __init__(self) -> None:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="newsspider-state")

    async def call(self, fn: Callable[..., T], *args: object) -> T:
        """fn(*args) on the state's thread; its result or its exception, when it is done."""
        return await asyncio.wrap_future(self._executor.submit(fn, *args))

    def close(self) -> None:
        """Wait for the calls already asked for, then end the thread."""
        self._executor.shutdown(wait=True)
