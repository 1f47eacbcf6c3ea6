"""LearnedBoilerplatePipeline: paragraphs a site repeats on many pages leave every record."""

from __future__ import annotations

import asyncio
import hashlib
import logging
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet.task import LoopingCall

from newsspider.cleaning.learned import SiteModel, Thresholds
from newsspider.items import ArticleItem
from newsspider.pages.article import content_hash, count_words
from newsspider.per_crawl import crawl_state
from newsspider.scrapy_internals import only_held_work_left
from newsspider.stats import inc_stat

if TYPE_CHECKING:
    from scrapy.core.engine import ExecutionEngine
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

    from newsspider.state.store import StateStore

logger = logging.getLogger(__name__)
# The state store's key-value namespace of the models, one entry per site.
NAMESPACE = "boilerplate"
# Seconds between checks whether held records are all that keeps the crawl from ending.
_WATCH_EVERY_S = 1.0


class LearnedBoilerplatePipeline:
    """Learns each site's furniture paragraphs and removes them; NEWSSPIDER_BOILERPLATE_* settings.

    A site's first records wait (held) until its model has seen NEWSSPIDER_BOILERPLATE_WARMUP
    pages, so they come out as clean as the later ones; models live in the state store.
    """

    def __init__(
        self,
        store: StateStore,
        thresholds: Thresholds,
        warmup: int,
        stats: StatsCollector | None = None,
    ) -> None:
        if warmup < 0:
            raise ValueError(f"NEWSSPIDER_BOILERPLATE_WARMUP={warmup}: must be 0 or more")
        self.store = store
        self.thresholds = thresholds
        self.warmup = warmup
        self.stats = stats
        self.models: dict[str, SiteModel] = {}
        self.held: dict[str, list[asyncio.Future[None]]] = {}
        # Sites whose first records have gone: holding is for a site's first records only. A
        # site whose pages repeat (one story under many URLs) warms up slowly, and holding its
        # records again and again would stall the crawl each time held pages fill Scrapy's
        # SCRAPER_SLOT_MAX_ACTIVE_SIZE.
        self._released: set[str] = set()
        # Canonical URLs and texts learned in this crawl: a page counts once, however reached.
        # 64-bit hashes: a long crawl keeps a few dozen bytes per page here.
        self._learned: set[int] = set()
        self._watch: LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> LearnedBoilerplatePipeline:
        """Build from the NEWSSPIDER_BOILERPLATE_* settings; off when _ENABLED is false."""
        settings = crawler.settings
        if not settings.getbool("NEWSSPIDER_BOILERPLATE_ENABLED"):
            raise NotConfigured("NEWSSPIDER_BOILERPLATE_ENABLED is false")
        thresholds = Thresholds(
            min_pages=settings.getint("NEWSSPIDER_BOILERPLATE_MIN_PAGES"),
            min_share=settings.getfloat("NEWSSPIDER_BOILERPLATE_MIN_SHARE"),
        )
        pipeline = cls(
            crawl_state(crawler),
            thresholds,
            settings.getint("NEWSSPIDER_BOILERPLATE_WARMUP"),
            crawler.stats,
        )

        def watch() -> None:
            assert crawler.engine is not None
            pipeline.watch(crawler.engine)

        crawler.signals.connect(watch, signal=signals.spider_opened, weak=False)
        return pipeline

    # --- records ------------------------------------------------------------------------------

    async def process_item(self, item: Any) -> Any:
        """Learn from the record, hold it while its site's model is cold, then clean it."""
        if not isinstance(item, ArticleItem):
            return item
        model = self._model(item.site)
        paragraphs = item.text.split("\n\n")
        if self._first_sight(item):
            model.learn(paragraphs)
            inc_stat(self.stats, f"boilerplate/{item.site}/pages")
        if model.pages < self.warmup and item.site not in self._released:
            waiting = self.held.setdefault(item.site, [])
            # A site whose records are not new pages could stay cold: never hold more than
            # warmup records of a site.
            if len(waiting) + 1 < self.warmup:
                logger.debug("Holding %s until %s's boilerplate is learned", item.url, item.site)
                inc_stat(self.stats, f"boilerplate/{item.site}/held")
                future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
                waiting.append(future)
                await future
                return self._clean(item, paragraphs)
        self.release(item.site)
        return self._clean(item, paragraphs)

    def _first_sight(self, item: ArticleItem) -> bool:
        """True for a page this site's model has not learned yet (in this crawl or before)."""
        keys = {_key(item.url), _key(item.content_hash)}
        if keys & self._learned:
            return False
        self._learned |= keys
        # Exported by an earlier crawl: that crawl's model learned it then.
        return self.store.article(item.url) is None

    def _clean(self, item: ArticleItem, paragraphs: list[str]) -> ArticleItem:
        cleaned = self._model(item.site).clean(paragraphs, self.thresholds)
        if cleaned.spared:
            logger.debug("Furniture kept in %s: it is most of the text", item.url)
            inc_stat(self.stats, f"boilerplate/{item.site}/spared", cleaned.spared)
        if cleaned.removed:
            item.text = "\n\n".join(cleaned.paragraphs)
            item.word_count = count_words(item.text)
            item.content_hash = content_hash(item.text)
            inc_stat(self.stats, f"boilerplate/{item.site}/removed", cleaned.removed)
        return item

    def release(self, site: str) -> None:
        """Let the site's held records go on (cleaned with what its model knows now)."""
        waiting = self.held.pop(site, [])
        self._released.add(site)
        for future in waiting:
            if not future.done():
                future.set_result(None)
        inc_stat(self.stats, f"boilerplate/{site}/released", len(waiting))

    def release_all(self) -> None:
        """Let every held record go on."""
        for site in list(self.held):
            self.release(site)

    # --- the end of the crawl -------------------------------------------------------------------

    def watch(self, engine: ExecutionEngine) -> None:
        """Release held records once nothing else keeps the crawl going (it would wait forever)."""

        def check() -> None:
            held = sum(map(len, self.held.values()))
            if held and only_held_work_left(engine, held):
                logger.info("Releasing %d held records: nothing else is left to crawl", held)
                self.release_all()

        self._watch = LoopingCall(check)
        self._watch.start(_WATCH_EVERY_S, now=False)

    def close_spider(self) -> None:
        """Save every site's model in the state store, for the next crawl."""
        if self._watch is not None and self._watch.running:
            self._watch.stop()
        self.release_all()
        for site, model in self.models.items():
            self.store.put(NAMESPACE, site, model.to_json())
            logger.info(
                "Boilerplate model of %s: %d pages, %d furniture paragraphs",
                site,
                model.pages,
                model.furniture_count(self.thresholds),
            )

    # --- models -------------------------------------------------------------------------------

    def _model(self, site: str) -> SiteModel:
        model = self.models.get(site)
        if model is None:
            model = self.models[site] = self._load(site)
        return model

    def _load(self, site: str) -> SiteModel:
        stored = self.store.get(NAMESPACE, site)
        if stored is None:
            return SiteModel()
        model = SiteModel.from_json(stored)
        if model is None:
            logger.warning("Bad input (boilerplate_state) for %s: stored model unreadable", site)
            inc_stat(self.stats, "bad_input/boilerplate_state")
            return SiteModel()
        inc_stat(self.stats, f"boilerplate/{site}/loaded_pages", model.pages)
        return model


def _key(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "little")
