"""The Redis state store's own behaviour: restarts, an unreachable server, its database."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from newsspider.dedupe import Candidate, Deduplicator
from newsspider.dedupe.minhash import Fingerprinter
from newsspider.state import LshParams, RedisStateStore, StateUnavailableError
from newsspider.state.store import ExportedArticle
from tests.redis_proxy import RedisProxy
from tests.redis_server import RedisServer, free_port

LSH = LshParams(num_perm=8, bands=4, rows=2)


def _article(n: int) -> ExportedArticle:
    return ExportedArticle(f"https://a.example/{n}", "a.example", f"{n:064x}", bytes(32), 1, n)


def test_a_redis_restarted_on_its_aof_mid_use_is_reconnected(redis_server: RedisServer) -> None:
    store = RedisStateStore(redis_server.url, lsh=LSH, heartbeat_s=2.0)
    store.open_run()
    store.save_article(_article(1))
    redis_server.stop()
    redis_server.start()
    # The article survived in the AOF; the connection and the scripts are found again.
    assert store.article(_article(1).url) == _article(1)
    store.save_article(_article(2))
    assert store.atomically(lambda: store.article(_article(2).url)) == _article(2)
    assert store.beat()  # the run is still registered
    store.close()
    assert RedisStateStore(redis_server.url).article(_article(2).url) is None  # undone


def test_a_call_waits_for_a_redis_that_comes_back(redis_server: RedisServer) -> None:
    store = RedisStateStore(redis_server.url, lsh=LSH)
    store.save_article(_article(1))
    redis_server.stop()
    # Started again while the call below is retrying (it waits up to its timeout).
    restart = threading.Timer(1.0, redis_server.start)
    restart.start()
    try:
        assert store.article(_article(1).url) == _article(1)
    finally:
        restart.join()
    store.close()


def test_an_unreachable_redis_is_one_clear_error(tmp_path: Path) -> None:
    url = f"redis://:secret@127.0.0.1:{free_port()}/0"
    with pytest.raises(StateUnavailableError) as raised:
        RedisStateStore(url, timeout_s=0.5)
    message = str(raised.value)
    assert f"redis://:***@127.0.0.1:{url.rsplit(':', 1)[1]}" in message
    assert "NEWSSPIDER_REDIS_TIMEOUT" in message and "secret" not in message


def test_a_redis_going_away_after_opening_is_the_same_error(redis_server: RedisServer) -> None:
    store = RedisStateStore(redis_server.url, lsh=LSH, timeout_s=0.5)
    redis_server.stop()
    with pytest.raises(StateUnavailableError, match="NEWSSPIDER_REDIS_TIMEOUT"):
        store.atomically(lambda: store.article(_article(1).url))
    with pytest.raises(StateUnavailableError, match=redis_server.url):
        store.save_article(_article(1))


def test_the_database_of_the_url_holds_the_state(redis_server: RedisServer) -> None:
    store = RedisStateStore(redis_server.url.removesuffix("/0") + "/3", lsh=LSH)
    store.save_article(_article(1))
    store.put("ns", "k", 1)
    client = redis_server.client()
    assert client.dbsize() == 0
    client.select(3)  # type: ignore[no-untyped-call]
    assert client.exists(b"newsspider:a:https://a.example/1")
    store.close()


def test_a_run_taken_for_dead_records_no_export_and_confirms_nothing(
    redis_server: RedisServer,
) -> None:
    # A machine paused past its heartbeat: its heartbeat key is gone (a long heartbeat, so its
    # thread does not set it again meanwhile) and another worker undoes its run.
    paused = RedisStateStore(redis_server.url, lsh=LSH, heartbeat_s=30)
    paused.open_run()
    client = redis_server.client()
    [run] = client.hkeys(b"newsspider:runs")
    assert client.delete(b"newsspider:alive:" + run) == 1
    other = RedisStateStore(redis_server.url, lsh=LSH, heartbeat_s=0.5)
    # Dead runs are looked for once Redis has been up for two of the looker's heartbeats.
    while int(client.info("server")["uptime_in_seconds"]) < 1:
        time.sleep(0.1)
    other.undo_dead_runs()
    assert client.hkeys(b"newsspider:runs") == []

    # Coming back, it goes on where it was: each write of its run is refused.
    with pytest.raises(StateUnavailableError, match="taken for dead"):
        paused.save_article(_article(1))
    with pytest.raises(StateUnavailableError, match="taken for dead"):
        paused.atomically(lambda: paused.save_article(_article(2)))
    with pytest.raises(StateUnavailableError, match="taken for dead"):
        paused.confirm([_article(1).url])
    # So the others' redo of its pages is exported by them, not dropped as a duplicate.
    assert other.article(_article(1).url) is None
    assert other.article(_article(2).url) is None
    other.close()
    client.close()


def test_a_decision_whose_answer_was_lost_is_not_taken_for_a_duplicate_of_itself(
    redis_server: RedisServer,
) -> None:
    proxy = RedisProxy(redis_server.port)
    store = RedisStateStore(proxy.url, lsh=Fingerprinter().lsh)
    store.open_run()
    deduplicator = Deduplicator(store, Fingerprinter(), run_started=0)
    text = " ".join(f"word{n}" for n in range(300))
    story = Candidate("https://a.example/story", "https://a.example/story", "a.example", text,
                      f"{7:064x}")  # fmt: skip
    proxy.armed.set()
    decision = deduplicator.decide(story, now=1_000)
    assert proxy.dropped.is_set()
    # The transaction ran once: the story is exported (not dropped as a copy of itself).
    assert decision.export
    assert store.article(story.url) is not None
    # And a real second fetch of it is still a duplicate.
    assert not deduplicator.decide(story, now=1_001).export
    store.close()
    proxy.close()
