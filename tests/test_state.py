"""The StateStore contract, on both backends (a SQLite file, a real Redis): entries survive
reopening and expire, exports are atomic across processes, killed runs are undone."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import random
import signal
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest
import redis

from newsspider.dedupe import Deduplicator, Fingerprinter
from newsspider.dedupe.decide import Candidate
from newsspider.state import (
    ExportedArticle,
    FileRename,
    Forgotten,
    LshParams,
    RedisStateStore,
    SQLiteStateStore,
    StateMismatchError,
    StateStore,
    open_state_store,
)
from tests.conftest import StateBackend


def test_values_survive_reopening(state_backend: StateBackend) -> None:
    store = state_backend.open()
    store.put("sites", "a.example", {"finished_at": "2026-01-01T00:00:00+00:00"})
    store.put("sites", "b.example", {"n": 1})
    store.put("sites", "b.example", {"n": 2})
    store.close()
    again = state_backend.open()
    assert again.get("sites", "b.example") == {"n": 2}
    assert again.keys("sites") == ["a.example", "b.example"]
    again.delete("sites", "a.example")
    assert again.get("sites", "a.example") is None
    again.close()


def test_two_stores_share_one_location(state_backend: StateBackend) -> None:
    first = state_backend.open()
    second = state_backend.open()
    first.put("n", "k", 1)
    assert second.get("n", "k") == 1
    first.close()
    second.close()


def test_the_location_picks_the_backend(state_backend: StateBackend) -> None:
    store = open_state_store(state_backend.location)
    kind = RedisStateStore if state_backend.kind == "redis" else SQLiteStateStore
    assert isinstance(store, kind)
    store.close()


# --- exported articles, fetched URLs and the MinHash index --------------------------------

LSH = LshParams(num_perm=8, bands=4, rows=2)
DAY = 86_400


def _article(url: str, seed: int, *, site: str = "a.example", when: int = 1_000) -> ExportedArticle:
    signature = bytes(range(seed, seed + 32))
    return ExportedArticle(url, site, f"{seed:064x}", signature, 1, when)


def test_articles_are_found_by_url_hash_and_shared_band(state_backend: StateBackend) -> None:
    store = state_backend.open(LSH)
    first = _article("https://a.example/1", 1)
    store.save_article(first)
    store.save_article(_article("https://a.example/2", 100))
    assert store.article("https://a.example/1") == first
    assert store.article("https://a.example/3") is None
    assert store.article_with_hash(f"{1:064x}") == "https://a.example/1"
    assert store.article_with_hash(f"{2:064x}") is None
    # Same first band (bytes 0-7), different elsewhere: a candidate.
    probe = first.signature[:8] + bytes(24)
    assert store.similar_articles(probe) == [("https://a.example/1", first.signature)]
    assert store.similar_articles(bytes(32)) == []
    store.close()


def test_a_revision_replaces_the_index_entries(state_backend: StateBackend) -> None:
    store = state_backend.open(LSH)
    old = _article("https://a.example/1", 1)
    store.save_article(old)
    new = ExportedArticle(old.url, old.site, f"{9:064x}", bytes(range(200, 232)), 2, 2_000)
    store.save_article(new)
    assert store.article(old.url) == new
    assert store.similar_articles(old.signature) == []
    assert store.similar_articles(new.signature) == [(old.url, new.signature)]
    store.close()


def test_fetches_point_at_their_article_while_it_exists(state_backend: StateBackend) -> None:
    store = state_backend.open(LSH)
    store.save_article(_article("https://a.example/1", 1))
    urls = ["https://a.example/amp/1", "https://a.example/1"]
    store.record_fetch(urls, "https://a.example/1", "a.example", 1_500)
    found = store.known_fetch("https://a.example/amp/1")
    assert found is not None
    assert (found.resolved, found.fetched_at) == ("https://a.example/1", 1_500)
    store.record_fetch(["https://a.example/x"], "https://a.example/never-exported", "a.example", 1)
    assert store.known_fetch("https://a.example/x") is None
    asked = ["https://a.example/x", "https://a.example/1", "https://a.example/new"]
    assert store.known_fetches(asked) == [None, store.known_fetch(asked[1]), None]
    assert store.known_fetches([]) == []
    assert store.forget_url("https://a.example/1") == Forgotten(articles=1, fetches=2)
    assert store.known_fetch("https://a.example/amp/1") is None
    store.close()


def test_expiry_forgets_what_was_not_seen_and_keeps_what_was(
    state_backend: StateBackend,
) -> None:
    store = state_backend.open(LSH)
    for n, url in enumerate(["https://a.example/old", "https://a.example/seen"]):
        store.save_article(_article(url, n * 50, when=10 * DAY))
        store.record_fetch([url], url, "a.example", 10 * DAY)
    store.touch(["https://a.example/seen"], 40 * DAY)
    forgotten = store.expire(before=30 * DAY)
    assert (forgotten.articles, forgotten.fetches) == (1, 1)
    assert store.article("https://a.example/old") is None
    assert store.similar_articles(_article("x", 0).signature) == []
    assert store.known_fetch("https://a.example/seen") is not None
    assert store.article("https://a.example/seen") is not None
    store.close()


def test_forget_site_leaves_other_sites(state_backend: StateBackend) -> None:
    store = state_backend.open(LSH)
    for n, site in enumerate(["a.example", "b.example"]):
        url = f"https://{site}/story"
        store.save_article(_article(url, n * 50, site=site))
        store.record_fetch([url], url, site, 1_000)
        store.put("site_crawls", site, {"finished_at": "2026-01-01T00:00:00+00:00"})
    assert store.sites() == ["a.example", "b.example"]
    assert store.forget_site("a.example") == Forgotten(articles=1, fetches=1, entries=1)
    assert store.sites() == ["b.example"]
    state = store.site_state("b.example")
    assert (state.articles, state.fetches, state.last_export) == (1, 1, 1_000)
    assert [article.url for article in state.recent] == ["https://b.example/story"]
    assert state.last_crawl == {"finished_at": "2026-01-01T00:00:00+00:00"}
    store.close()


def test_index_settings_are_kept_with_the_state(state_backend: StateBackend) -> None:
    state_backend.open(LSH).close()
    reopened = state_backend.open()
    assert reopened.lsh == LSH
    reopened.close()
    with pytest.raises(StateMismatchError, match="NEWSSPIDER_DEDUPE_NUM_PERM"):
        state_backend.open(LshParams(num_perm=16, bands=4, rows=4))


def _export_each_once(location: str, count: int, start: Any) -> None:
    """Check-then-save every URL, as the dedupe pipeline does, once both writers are ready."""
    store = open_state_store(location, lsh=LSH)
    start.wait(60)
    for n in range(count):
        url = f"https://a.example/{n}"

        def check_then_save(url: str = url, n: int = n) -> None:
            if store.article(url) is None:
                store.save_article(_article(url, n % 200))

        store.atomically(check_then_save)
        store.record_fetch([url], url, "a.example", n)
    store.close()


def test_two_processes_exporting_the_same_urls_at_once(state_backend: StateBackend) -> None:
    state_backend.open(LSH).close()
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(2)
    workers = [
        context.Process(target=_export_each_once, args=(state_backend.location, 500, start))
        for _ in range(2)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert [worker.exitcode for worker in workers] == [0, 0]
    store = state_backend.open(LSH)
    state = store.site_state("a.example", recent=0)
    assert (state.articles, state.fetches) == (500, 500)
    store.close()
    if state_backend.kind == "sqlite":
        with sqlite3.connect(state_backend.location) as db:
            assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


# --- the dedupe decision, atomic across processes -----------------------------------------

_WORDS = [f"{a}{b}" for a in ("ka", "lo", "mi", "ne", "pu", "ra", "si", "tu") for b in range(400)]
STORIES = 120


def _text(rng: random.Random, words: int = 440) -> str:
    chosen = rng.choices(_WORDS, k=words)
    return "\n\n".join(" ".join(chosen[i : i + 55]) for i in range(0, words, 55))


def _candidates() -> list[tuple[int, Candidate]]:
    """Each story three times: the original, an exact copy and a near copy (a footer added)
    on other sites; (story, candidate) pairs, the same in every process."""
    rng = random.Random(5)
    found = []
    for story in range(STORIES):
        text = _text(rng)
        near = text + "\n\n" + _text(rng, 20)
        for site, body in (("a.example", text), ("b.example", text), ("c.example", near)):
            url = f"https://{site}/story-{story}"
            digest = hashlib.sha256(body.encode()).hexdigest()
            found.append((story, Candidate(url, url, site, body, digest)))
    return found


def _decide_all(location: str, seed: int, start: Any, results: Any) -> None:
    """Decide every candidate in an order of this process's own, once all are ready."""
    store = open_state_store(location, lsh=Fingerprinter().lsh)
    deduplicator = Deduplicator(store, Fingerprinter(), run_started=0)
    candidates = _candidates()
    random.Random(seed).shuffle(candidates)
    start.wait(60)
    exported = [
        (story, candidate.url)
        for story, candidate in candidates
        if deduplicator.decide(candidate, now=1_000).export
    ]
    store.close()
    results.put(exported)


def test_processes_deciding_the_same_stories_at_once_export_each_once(
    state_backend: StateBackend,
) -> None:
    state_backend.open(Fingerprinter().lsh).close()
    context = multiprocessing.get_context("spawn")
    start, results = context.Barrier(3), context.Queue()
    workers = [
        context.Process(target=_decide_all, args=(state_backend.location, seed, start, results))
        for seed in range(3)
    ]
    for worker in workers:
        worker.start()
    exported = [pair for _ in workers for pair in results.get(timeout=240)]
    for worker in workers:
        worker.join(timeout=60)
    assert [worker.exitcode for worker in workers] == [0, 0, 0]
    stories = [story for story, _ in exported]
    # One export per story, whichever copy and whichever process came first.
    assert sorted(stories) == list(range(STORIES))


def test_a_transaction_keeps_other_writers_out(tmp_path: Path) -> None:
    first = SQLiteStateStore(tmp_path / "s.sqlite", lsh=LSH)
    second = SQLiteStateStore(tmp_path / "s.sqlite", busy_timeout_s=0.1)
    with first.transaction():
        assert first.article("https://a.example/1") is None
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            second.save_article(_article("https://a.example/1", 1))
        first.save_article(_article("https://a.example/1", 1))
    assert second.article("https://a.example/1") is not None
    first.close()
    second.close()


# --- runs: exports pending until their feed file is complete --------------------------------


# A killed run is dead once its heartbeat (Redis) has expired: short, so tests wait little.
KILLED_HEARTBEAT_S = 0.5


def _export_and_die(
    location: str,
    confirmed: list[str],
    pending: list[ExportedArticle],
    rename: FileRename | None = None,
) -> None:
    """A crawl's exports, some confirmed, then SIGKILL: no close, no clean-up."""
    store = open_state_store(location, lsh=LSH, heartbeat_s=KILLED_HEARTBEAT_S)
    store.open_run()
    for article in pending:
        store.save_article(article)
        store.record_fetch([article.url], article.url, article.site, int(time.time()))
    store.confirm(confirmed, rename)
    os.kill(os.getpid(), signal.SIGKILL)


def _killed_run(
    backend: StateBackend,
    confirmed: list[str],
    pending: list[ExportedArticle],
    rename: FileRename | None = None,
) -> None:
    process = multiprocessing.get_context("spawn").Process(
        target=_export_and_die, args=(backend.location, confirmed, pending, rename)
    )
    process.start()
    process.join(timeout=60)
    assert process.exitcode == -signal.SIGKILL
    if backend.kind == "redis":
        _wait_until_runs_are_dead(backend.location, KILLED_HEARTBEAT_S)


def _wait_until_runs_are_dead(location: str, heartbeat_s: float) -> None:
    """Until a run's heartbeat key has expired and Redis has been up past the restart grace."""
    client = redis.Redis.from_url(location)

    def dead_run_seen() -> bool:
        runs = client.hkeys("newsspider:runs")
        return any(not client.exists(b"newsspider:alive:" + run) for run in runs)

    deadline = time.monotonic() + 60
    while not dead_run_seen() or (
        int(client.info("server")["uptime_in_seconds"]) < 2 * heartbeat_s
    ):
        assert time.monotonic() < deadline, "a killed run's heartbeat never expired"
        time.sleep(0.1)
    client.close()


def _reopened(backend: StateBackend) -> StateStore:
    return backend.open(LSH, heartbeat_s=KILLED_HEARTBEAT_S)


def test_exports_a_killed_run_did_not_confirm_are_undone(state_backend: StateBackend) -> None:
    kept, lost = _article("https://a.example/kept", 1), _article("https://a.example/lost", 40)
    _killed_run(state_backend, [kept.url], [kept, lost])
    store = _reopened(state_backend)
    assert store.article(lost.url) is not None  # as the killed crawl left it
    assert store.open_run() == 1
    assert store.article(kept.url) == kept
    assert store.known_fetch(kept.url) is not None
    assert store.article(lost.url) is None
    assert store.known_fetch(lost.url) is None
    assert store.similar_articles(lost.signature) == []
    store.close()


def test_an_unconfirmed_revision_goes_back_to_the_one_before(
    state_backend: StateBackend,
) -> None:
    first = _article("https://a.example/story", 1, when=1_000)
    store = state_backend.open(LSH)
    store.save_article(first)
    store.record_fetch([first.url], first.url, first.site, 1_000)
    store.close()
    second = ExportedArticle(first.url, first.site, f"{9:064x}", bytes(range(90, 122)), 2, 5_000)
    _killed_run(state_backend, [], [second])
    store = _reopened(state_backend)
    assert store.open_run() == 1
    assert store.article(first.url) == first
    assert [url for url, _ in store.similar_articles(first.signature)] == [first.url]
    assert store.similar_articles(second.signature) == []
    # Fetched again by the killed run: forgotten, so the next run fetches the new text again.
    assert store.known_fetch(first.url) is None
    store.close()


def test_a_live_run_keeps_its_pending_exports_and_undoes_the_rest_when_it_ends(
    state_backend: StateBackend,
) -> None:
    running = state_backend.open(LSH)
    running.open_run()
    done, unfinished = _article("https://a.example/1", 1), _article("https://a.example/2", 40)
    running.save_article(done)
    running.save_article(unfinished)
    running.confirm([done.url])
    other = state_backend.open(LSH)
    assert other.open_run() == 0  # the first crawl still runs
    assert other.undo_dead_runs() == 0
    assert other.article(unfinished.url) is not None
    running.close()
    assert other.article(done.url) == done
    assert other.article(unfinished.url) is None
    other.close()


def test_undo_dead_runs_undoes_a_killed_run_and_leaves_its_renames_to_finish(
    state_backend: StateBackend,
) -> None:
    kept, lost = _article("https://a.example/kept", 1), _article("https://a.example/lost", 40)
    rename = FileRename("/out/a.jsonl.part", "/out/a.jsonl", 123)
    store = _reopened(state_backend)
    store.open_run()  # a live run of its own, which the undo must leave alone
    mine = _article("https://a.example/mine", 80)
    store.save_article(mine)
    _killed_run(state_backend, [kept.url], [kept, lost], rename)
    assert store.undo_dead_runs() == 1
    assert store.undo_dead_runs() == 0
    assert store.article(lost.url) is None
    assert store.article(kept.url) == kept
    assert store.article(mine.url) is not None
    assert store.unfinished_renames() == [rename]
    store.renamed(rename.partial)
    assert store.unfinished_renames() == []
    store.close()
    reopened = _reopened(state_backend)
    assert reopened.article(mine.url) is None  # its own run's export, undone at close
    reopened.close()


def test_a_state_copied_to_an_empty_store_reads_the_same(state_backend: StateBackend) -> None:
    source = SQLiteStateStore(":memory:", lsh=LSH)
    for n, site in enumerate(["a.example", "b.example", "a.example"]):
        url = f"https://{site}/story-{n}"
        source.save_article(_article(url, n * 40, site=site, when=1_000 + n))
        source.record_fetch([url, url + "?amp"], url, site, 2_000 + n)
    source.put("site_crawls", "a.example", {"finished_at": "x"})
    target = state_backend.open(LSH)
    assert target.is_empty()
    target.load(source.dump())
    assert not target.is_empty()
    assert sorted(map(repr, target.dump())) == sorted(map(repr, source.dump()))
    assert target.site_state("a.example") == source.site_state("a.example")
    signature = _article("x", 40).signature
    assert target.similar_articles(signature) == [("https://b.example/story-1", signature)]
    target.close()
    source.close()
