"""ExtractionWorkers: page-to-record work in a pool of worker processes, off the reactor thread."""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import sys
import threading
import time
from concurrent.futures import TimeoutError as FutureTimeout
from typing import TYPE_CHECKING

from pebble import ProcessExpired, ProcessPool
from scrapy import signals

from newsspider.pages.article import ArticlePage, PageResult
from newsspider.stats import inc_site_stat, inc_stat, site_timing
from newsspider.workers.memory import release_freed_memory
from newsspider.workers.worker import MAIN_SCRIPT_ENV, MEMORY_EXIT_CODE, init_worker

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.crawler import Crawler
    from scrapy.signalmanager import SignalManager
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

# What the forkserver imports before it forks any worker, so that a new worker (a replacement
# too) is ready at once: the page code, warmed up.
PRELOAD = ["newsspider.workers.preload"]
# multiprocessing runs the parent's main script again in each new worker, which for `scrapy
# crawl` imports all of Scrapy and Twisted: 40 MB more per worker, for nothing. Asking the
# forkserver to preload "__main__" instead does not work on Python 3.11 (the forkserver never
# receives the path). So start() puts the path in MAIN_SCRIPT_ENV and the preload module marks it
# as already run in the forkserver (newsspider.workers.preload.adopt_main_script), which workers
# inherit.


class ExtractionWorkers:
    """Run ArticlePage.extract in worker processes; NEWSSPIDER_WORKERS_PROCESSES=0 runs it here.

    A page that takes longer than the time bound is abandoned and its worker replaced; a worker
    that dies (or goes over its memory limit) is replaced and its page counted as failed.
    """

    def __init__(
        self,
        processes: int,
        timeout: float,
        memory_limit_mb: int,
        stats: StatsCollector | None = None,
        signals: SignalManager | None = None,
    ) -> None:
        self.processes = processes
        self.timeout = timeout if timeout > 0 else None
        self.memory_limit_mb = memory_limit_mb
        self.stats = stats
        self.signals = signals
        self.queued = 0
        self._pool: ProcessPool | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ExtractionWorkers:
        """Read the NEWSSPIDER_WORKERS_* settings once, start the workers; stop with the spider."""
        settings = crawler.settings
        workers = cls(
            processes=settings.getint("NEWSSPIDER_WORKERS_PROCESSES"),
            timeout=settings.getfloat("NEWSSPIDER_WORKERS_TIMEOUT"),
            memory_limit_mb=settings.getint("NEWSSPIDER_WORKERS_MEMORY_LIMIT_MB"),
            signals=crawler.signals,
        )
        crawler.signals.connect(workers.spider_opened, signal=signals.spider_opened)
        # The crawl process holds response bodies until a worker takes them: same ratchet.
        release_freed_memory()
        crawler.signals.connect(workers.stop, signal=signals.spider_closed)
        # Now, not when the spider opens: the workers boot while Scrapy sets itself up.
        workers.start()
        return workers

    def spider_opened(self, spider: Spider) -> None:
        """Count into the crawl's stats: there are none before the crawl starts."""
        self.stats = spider.crawler.stats

    def start(self) -> None:
        """Start the worker processes (none when extraction runs in-process)."""
        if self._pool is not None:
            return
        if self.processes <= 0:
            logger.info("Extraction runs in-process, on the reactor thread (debugging mode)")
            return
        # forkserver: workers are forked from a clean process (no threads, no sockets) that has
        # imported and warmed up the page code, not from the crawl itself.
        methods = multiprocessing.get_all_start_methods()
        method = "forkserver" if "forkserver" in methods else "spawn"
        context = multiprocessing.get_context(method)
        if method == "forkserver":
            context.set_forkserver_preload(PRELOAD)
            main_script = getattr(sys.modules["__main__"], "__file__", None)
            if main_script is not None:
                # The same path that multiprocessing.spawn sends to each new worker.
                os.environ[MAIN_SCRIPT_ENV] = os.path.normpath(os.path.abspath(main_script))  # noqa: PTH100
        self._pool = ProcessPool(
            max_workers=self.processes,
            initializer=init_worker,
            initargs=(self.memory_limit_mb * 1024 * 1024,),
            context=context,
        )
        # The first task starts the pool: the forkserver imports and warms up (a second or two)
        # while Scrapy sets up and fetches robots.txt and sitemaps, without blocking it.
        threading.Thread(target=self._pool.schedule, args=(os.getpid,), daemon=True).start()
        logger.info(
            "Extraction runs in worker processes: %d (%s), each page in %s s at most",
            self.processes,
            method,
            self.timeout or "unlimited",
        )

    def stop(self) -> None:
        """Stop the workers; pages still in extraction (a crawl stopped early) are dropped."""
        if self._pool is not None:
            self._pool.stop()  # type: ignore[no-untyped-call]  # pebble leaves it unannotated
            self._pool.join()
            self._pool = None

    async def extract(self, page: ArticlePage, *, want_links: bool) -> PageResult | None:
        """The page's result, or None when extraction failed (logged and counted)."""
        self.queued += 1
        started = time.monotonic()
        if self.stats is not None:
            self.stats.max_value("newsspider/workers/max_queued", self.queued)
        try:
            if self._pool is None:
                result = page.extract(want_links=want_links)
            else:
                future = self._pool.schedule(
                    page.extract, kwargs={"want_links": want_links}, timeout=self.timeout
                )
                result = await asyncio.wrap_future(future)
        except FutureTimeout:
            logger.warning(
                "Extraction of %s took over %s s: page abandoned, worker replaced",
                page.url,
                self.timeout,
            )
            inc_site_stat(self.stats, self.signals, "workers/timeout", page.url, site=page.site)
            return None
        except ProcessExpired as error:
            logger.warning(
                "Worker died (%s) while extracting %s: page failed, worker replaced",
                self._why(error.exitcode),
                page.url,
            )
            inc_site_stat(self.stats, self.signals, "workers/crashed", page.url, site=page.site)
            return None
        except Exception:  # one bad page must never stop the crawl
            logger.exception("Extraction failed for %s", page.url)
            kind = "bad_input/extraction_error"
            inc_site_stat(self.stats, self.signals, kind, page.url, site=page.site)
            return None
        finally:
            self.queued -= 1
        inc_stat(self.stats, "workers/done")
        if self.signals is not None:
            seconds = time.monotonic() - started
            self.signals.send_catch_log(
                site_timing, key="extraction", url=page.url, seconds=seconds, site=page.site
            )
        return result

    def _why(self, exitcode: int) -> str:
        if exitcode == MEMORY_EXIT_CODE:
            return f"over its memory limit of {self.memory_limit_mb} MB"
        if exitcode < 0:
            return f"killed by signal {-exitcode}"
        return f"exit code {exitcode}"
