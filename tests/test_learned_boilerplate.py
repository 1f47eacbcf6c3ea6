"""The per-site learned boilerplate model and its pipeline, without a crawl."""

from __future__ import annotations

import asyncio

import pytest
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from newsspider.cleaning.learned import WINDOW_PAGES, SiteModel, Thresholds, fingerprint
from newsspider.cleaning.rules import drop_boilerplate
from newsspider.items import ArticleItem
from newsspider.pages.article import content_hash
from newsspider.pipelines.learned_boilerplate import NAMESPACE, LearnedBoilerplatePipeline
from newsspider.state import SQLiteStateStore
from tests.mocksite import articles as a
from tests.mocksite.furniture import APP_PROMO, SHARED_QUOTE, TIP_LINE, edition_line

THRESHOLDS = Thresholds(min_pages=3, min_share=0.1)
STORIES = [
    a.HARBOUR_DREDGING,
    a.HARBOUR_LIDO,
    a.HARBOUR_CLOCK,
    a.HARBOUR_MACKEREL,
    a.HARBOUR_REGATTA,
    a.VALLEY_ORCHARDS,
]


def _letters(n: int) -> str:
    """n spelt in letters: distinct paragraphs must not differ by digits alone."""
    return "".join(chr(97 + int(digit)) for digit in str(n))


def _page(n: int) -> list[str]:
    """A page of story n with the furniture site's three furniture paragraphs."""
    body = list(STORIES[n % len(STORIES)].paragraphs)
    return [body[0], APP_PROMO, *body[1:3], TIP_LINE, *body[3:], edition_line(n)]


def test_fingerprint_ignores_case_whitespace_and_digits() -> None:
    assert fingerprint("Story 3 of 12,  delivered\nto 1,237 homes.") == fingerprint(
        "STORY 41 of 9, delivered to 2,000 homes."
    )
    assert fingerprint("Delivered to homes.") != fingerprint("Delivered to houses.")


def test_furniture_of_the_test_site_is_not_in_the_generic_rules() -> None:
    # Otherwise the crawl test would not show that the model learned it.
    furniture = [APP_PROMO, TIP_LINE, edition_line(7)]
    kept, removed = drop_boilerplate(furniture)
    assert kept == furniture and not removed


def test_paragraphs_on_three_pages_and_ten_percent_are_removed() -> None:
    model = SiteModel()
    for n in range(3):
        model.learn(_page(n))
    cleaned = model.clean(_page(7), THRESHOLDS)
    assert cleaned.paragraphs == list(STORIES[7 % len(STORIES)].paragraphs)
    assert cleaned.removed == 3


def test_never_on_the_strength_of_one_or_two_pages() -> None:
    model = SiteModel()
    model.learn(_page(0))
    model.learn(_page(1))
    assert model.clean(_page(2), THRESHOLDS).paragraphs == _page(2)
    with pytest.raises(ValueError, match="at least 2"):
        Thresholds(min_pages=1)


def test_a_quote_two_articles_share_is_kept() -> None:
    model = SiteModel()
    quoted = [[*story.paragraphs[:2], SHARED_QUOTE, *story.paragraphs[2:]] for story in STORIES]
    model.learn(quoted[0])
    model.learn(quoted[1])
    for story in STORIES[2:]:
        model.learn(story.paragraphs)
    assert SHARED_QUOTE in model.clean(quoted[0], THRESHOLDS).paragraphs


def test_share_of_the_sites_pages_is_required_too() -> None:
    model = SiteModel()
    for story in STORIES[:3]:
        model.learn([*story.paragraphs, SHARED_QUOTE])
    quoted = [*STORIES[0].paragraphs, SHARED_QUOTE]
    assert SHARED_QUOTE not in model.clean(quoted, THRESHOLDS).paragraphs
    # The same three pages among 40 of the site: under 10%, article text.
    for n in range(37):
        model.learn([f"Story {_letters(n)} of the site, its own text."])
    assert SHARED_QUOTE in model.clean(quoted, THRESHOLDS).paragraphs


def test_furniture_that_is_most_of_the_text_is_kept() -> None:
    model = SiteModel()
    for n in range(5):
        model.learn(_page(n))
    short = [APP_PROMO, TIP_LINE, "A one-line story."]
    cleaned = model.clean(short, THRESHOLDS)
    assert cleaned.paragraphs == short
    assert cleaned.spared == 2 and cleaned.removed == 0


def test_model_round_trips_through_json_and_rejects_garbage() -> None:
    model = SiteModel()
    for n in range(4):
        model.learn(_page(n))
    again = SiteModel.from_json(model.to_json())
    assert again == model
    for bad in (None, [], {"version": 99}, {"version": 1, "pages": "x", "counts": {}}):
        assert SiteModel.from_json(bad) is None


def test_model_stays_bounded_and_keeps_its_furniture() -> None:
    model = SiteModel()
    for n in range(WINDOW_PAGES + 10):
        model.learn([f"Unique paragraph {_letters(n)}.", APP_PROMO])
    assert model.pages < WINDOW_PAGES
    # Unique paragraphs fade out; the furniture stays furniture.
    assert len(model.counts) < WINDOW_PAGES
    assert model.is_furniture(APP_PROMO, THRESHOLDS)


# --- the pipeline, driven directly -----------------------------------------------------------


def _record(n: int, site: str = "herald.example") -> ArticleItem:
    text = "\n\n".join(_page(n))
    return ArticleItem(
        url=f"https://{site}/news/{n}",
        source_url=f"https://{site}/news/{n}",
        site=site,
        title=f"Story {n}",
        text=text,
        word_count=len(text.split()),
        fetched_at="2026-11-28T00:00:00+00:00",
        content_hash=content_hash(text),
        extractor="test",
    )


def _pipeline(store: SQLiteStateStore, warmup: int) -> LearnedBoilerplatePipeline:
    return LearnedBoilerplatePipeline(store, THRESHOLDS, warmup)


def test_first_records_wait_for_the_warmup_and_come_out_clean() -> None:
    store = SQLiteStateStore(":memory:")
    pipeline = _pipeline(store, warmup=4)

    async def run() -> list[ArticleItem]:
        tasks = []
        for n in range(6):
            tasks.append(asyncio.create_task(pipeline.process_item(_record(n))))
            await asyncio.sleep(0)
            if n < 3:  # not yet four pages: held
                assert not tasks[-1].done() and len(pipeline.held["herald.example"]) == n + 1
        return list(await asyncio.gather(*tasks))

    for n, record in enumerate(asyncio.run(run())):
        assert record.text.split("\n\n") == list(STORIES[n % len(STORIES)].paragraphs)
        assert record.word_count == len(record.text.split())
        assert record.content_hash == content_hash(record.text)
    assert not pipeline.held


def test_model_saved_at_close_is_warm_for_the_next_crawl() -> None:
    store = SQLiteStateStore(":memory:")
    first = _pipeline(store, warmup=4)

    async def feed(pipeline: LearnedBoilerplatePipeline, numbers: range) -> list[ArticleItem]:
        return list(await asyncio.gather(*(pipeline.process_item(_record(n)) for n in numbers)))

    asyncio.run(feed(first, range(5)))
    first.close_spider()
    assert store.get(NAMESPACE, "herald.example")["pages"] == 5
    second = _pipeline(store, warmup=4)

    async def one() -> ArticleItem:
        # Not held: awaiting it alone would hang if it were.
        return await asyncio.wait_for(second.process_item(_record(9)), timeout=60)

    record = asyncio.run(one())
    assert record.text.split("\n\n") == list(STORIES[9 % len(STORIES)].paragraphs)


def test_held_records_are_released_with_what_is_known() -> None:
    store = SQLiteStateStore(":memory:")
    pipeline = _pipeline(store, warmup=50)

    async def run() -> list[ArticleItem]:
        tasks = [asyncio.create_task(pipeline.process_item(_record(n))) for n in range(4)]
        await asyncio.sleep(0)
        assert not any(task.done() for task in tasks)
        pipeline.release_all()  # what the end of the crawl does
        return list(await asyncio.gather(*tasks))

    records = asyncio.run(run())
    assert [r.text.split("\n\n") for r in records] == [
        list(STORIES[n].paragraphs) for n in range(4)
    ]


def test_a_site_is_held_once_per_crawl_even_while_its_model_is_cold() -> None:
    """After the first release, a site still short of the warm-up is cleaned, not held again."""
    store = SQLiteStateStore(":memory:")
    pipeline = _pipeline(store, warmup=50)

    async def run() -> ArticleItem:
        first = asyncio.create_task(pipeline.process_item(_record(0)))
        await asyncio.sleep(0)
        pipeline.release_all()
        await first
        # One page seen of 50: cold, yet not held (awaiting it alone would hang if it were).
        return await asyncio.wait_for(pipeline.process_item(_record(1)), timeout=10)

    record = asyncio.run(run())
    # Two pages are too few to call anything furniture: the record goes on as it came.
    assert record.text == "\n\n".join(_page(1))
    assert not pipeline.held


def test_unreadable_stored_model_is_bad_input_not_a_crash() -> None:
    store = SQLiteStateStore(":memory:")
    store.put(NAMESPACE, "herald.example", {"version": 1, "pages": "many", "counts": []})
    stats = MemoryStatsCollector(get_crawler())
    pipeline = LearnedBoilerplatePipeline(store, THRESHOLDS, warmup=0, stats=stats)
    record = asyncio.run(pipeline.process_item(_record(0)))
    assert record.text == "\n\n".join(_page(0))  # a fresh model: nothing known yet
    assert stats.get_value("newsspider/bad_input/boilerplate_state") == 1
    pipeline.close_spider()
    assert store.get(NAMESPACE, "herald.example") == pipeline.models["herald.example"].to_json()


def test_a_page_reached_twice_is_learned_once() -> None:
    pipeline = _pipeline(SQLiteStateStore(":memory:"), warmup=0)

    async def feed() -> None:
        for record in (_record(0), _record(0), _record(1)):
            await pipeline.process_item(record)

    asyncio.run(feed())
    assert pipeline.models["herald.example"].pages == 2
