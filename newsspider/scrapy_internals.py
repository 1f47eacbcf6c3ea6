"""The one place that reads Scrapy internals; tests/test_scrapy_internals.py guards each read.

Why these are needed, since nothing public does the job:
- The learned-boilerplate pipeline holds a site's first records until its model is warm. A held
  record keeps its response active in the scraper, so the spider never goes idle and no public
  signal says "only held records are left"; the check reads the scraper's slot and the engine's
  start-request iterator, as `ExecutionEngine.spider_is_idle` itself does.
- Export confirmation must know which feed files a record is about to be written to, before a
  full batch replaces them; the FeedExporter keeps its open files (slots) and their item
  filters to itself.
- A shared crawl's scheduler fills its local queue from Redis in the background; the engine
  asks a scheduler for requests only when something wakes it (a download ends, a request is
  queued, its 5-second heartbeat), so `wake_engine` schedules its next pass, as it does itself.
- The politeness middleware limits downloads per downloader slot, so it asks the downloader for
  a request's slot key, and spaces a site's downloads across workers by this worker's delay for
  the slot (AutoThrottle changes it as the crawl goes, as AutoThrottle itself reads it).
- The spider keeps the pages that sitemaps and feeds list in a compact frontier of its own and
  hands them to Scrapy from start() as the scheduler drains (the engine pulls start() lazily),
  so it asks how many requests the scheduler holds, and whether anything but start() is left.
A Scrapy upgrade that renames any of these fails that test, not a crawl in production.

Two more live where they must:
- newsspider/commands/crawl.py: the crawl command overrides ScrapyCommand._create_crawler to
  keep the crawler and read its stats after the crawl (the monitors' exit status);
  tests/test_report.py's monitors test fails if that hook goes away.
- newsspider/middlewares/robots.py: RobotsTxtOnceMiddleware overrides
  RobotsTxtMiddleware._parse_robots, the one step that holds the robots.txt response Scrapy's
  middleware fetched, so that the spider and OptOutMiddleware read that response instead of
  fetching the file twice more; tests/test_optouts_crawl.py counts one robots.txt request per
  run and fails if the hook goes away.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scrapy.extensions.feedexport import FeedExporter

if TYPE_CHECKING:
    from scrapy.core.downloader import Downloader
    from scrapy.core.engine import ExecutionEngine
    from scrapy.crawler import Crawler
    from scrapy.extensions.feedexport import FeedSlot, FeedStorageProtocol
    from scrapy.http import Request


def only_held_work_left(engine: ExecutionEngine, held: int) -> bool:
    """True when the crawl can go on only once the `held` records are released.

    Each held record keeps its response active in Scrapy's scraper, so the spider never goes
    idle (no spider_idle, no spider_closed) while one is held; and held responses count towards
    SCRAPER_SLOT_MAX_ACTIVE_SIZE, which can stop downloads.
    """
    slot = engine.scraper.slot
    if slot is None:
        return True
    others = slot.queue or len(slot.active) > held or slot.itemproc_size > held
    if others or engine.downloader.active:
        return False
    scheduler = engine.scheduler
    # start() not yet exhausted: the engine's own idle test (spider_is_idle) reads it too.
    more = engine._start is not None or (scheduler is not None and scheduler.has_pending_requests())
    return not more or engine.needs_backout()


def scheduled_requests(engine: ExecutionEngine) -> int:
    """How many requests wait in the engine's scheduler (Scrapy's own scheduler has a len)."""
    scheduler = engine.scheduler
    return len(scheduler) if scheduler is not None else 0  # type: ignore[arg-type]


def idle_but_start(engine: ExecutionEngine) -> bool:
    """True when nothing but start() keeps the crawl going (spider_is_idle less its start test)."""
    slot = engine.scraper.slot
    if slot is not None and not slot.is_idle():
        return False
    if engine.downloader.active:
        return False
    scheduler = engine.scheduler
    return scheduler is None or not scheduler.has_pending_requests()


def feed_storages_taking(crawler: Crawler, item: Any) -> list[FeedStorageProtocol]:
    """The storages of the crawl's open feed files whose filters accept this item."""
    feeds = crawler.get_extension(FeedExporter)
    return storages_taking(feeds, item) if feeds is not None else []


def storages_taking(feeds: FeedExporter, item: Any) -> list[FeedStorageProtocol]:
    """The storages of the FeedExporter's open feed files whose filters accept this item."""
    return [slot.storage for slot in feeds.slots if slot.filter.accepts(item)]


def feed_slot_storage(slot: FeedSlot) -> FeedStorageProtocol:
    """The storage of a feed file, as the feed_slot_closed signal hands it over (its slot)."""
    return slot.storage


def wake_engine(engine: ExecutionEngine) -> None:
    """Have the engine ask the scheduler for requests (and check for idleness) soon."""
    slot = engine._slot
    if slot is not None:
        slot.nextcall.schedule()


def download_slot_key(downloader: Downloader, request: Request) -> str:
    """The downloader slot a request will download in (its host, or meta's download_slot)."""
    return downloader.get_slot_key(request)


def download_slot_delay(downloader: Downloader, key: str) -> float:
    """The delay of the downloader's slot (AutoThrottle adjusts it); 0 before the slot exists."""
    slot = downloader.slots.get(key)
    return float(slot.delay) if slot is not None else 0.0
