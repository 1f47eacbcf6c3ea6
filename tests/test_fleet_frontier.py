"""The shared crawl's Redis queue, on a real redis-server: leases, acknowledgements, takeover."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
import redis.asyncio as aioredis

from newsspider.distributed import frontier as frontier_module
from newsspider.distributed.frontier import Outbox, RedisFrontier, crawl_key
from tests.redis_server import RedisServer


def run(redis_server: RedisServer, body: Callable[..., Awaitable[Any]]) -> Any:
    """Run `body(make_worker)` on a fresh event loop; make_worker(name) -> a joined frontier."""

    async def main() -> Any:
        clients: list[aioredis.Redis] = []

        async def worker(name: str) -> RedisFrontier:
            client = aioredis.from_url(redis_server.url)
            clients.append(client)
            frontier = RedisFrontier(client, "newsspider:crawl:test", name)
            await frontier.join()
            return frontier

        try:
            return await body(worker)
        finally:
            for client in clients:
                await client.aclose()

    return asyncio.run(main())


def test_the_first_worker_starts_a_run_the_next_ones_join_it(redis_server: RedisServer) -> None:
    async def body(worker: Callable[[str], Awaitable[RedisFrontier]]) -> list[str | None]:
        first = await worker("a")
        second = await worker("b")
        return [first.run, second.run]

    assert run(redis_server, body) == ["1", "1"]


def test_a_url_is_queued_once_per_run_and_discovery_comes_first(redis_server: RedisServer) -> None:
    async def body(worker: Callable[[str], Awaitable[RedisFrontier]]) -> Any:
        a, b = await worker("a"), await worker("b")
        page = Outbox(1, b"fp-page", b"page")
        added = await a.enqueue([page, Outbox(0, b"fp-sitemap", b"sitemap")], [])
        again = await b.enqueue([page, Outbox(1, None, b"retry, not filtered")], [])
        taken = await b.take(10)
        return added, again, [entry.data for entry in taken]

    added, again, taken = run(redis_server, body)
    assert added == (2, 0, 0)
    assert again == (1, 1, 0)
    assert taken == [b"sitemap", b"page", b"retry, not filtered"]


def test_the_run_ends_only_when_nothing_is_queued_leased_by_the_dead_or_busy(
    redis_server: RedisServer,
) -> None:
    async def body(worker: Callable[[str], Awaitable[RedisFrontier]]) -> list[Any]:
        a, b = await worker("a"), await worker("b")
        states = []
        await a.enqueue([Outbox(1, b"1", b"one")], [])
        states.append(await a.tick(lease_ms=200, busy=False, idle_ms=0))  # queued
        [entry] = await b.take(5)
        await b.tick(lease_ms=200, busy=True, idle_ms=0)
        await asyncio.sleep(0.3)  # b's heartbeat expires: it died holding its lease
        states.append(await a.tick(lease_ms=200, busy=False, idle_ms=0))
        reclaimed = await a.reclaim("b", max_deliveries=5)
        states.append([e.data for e in reclaimed.claimed])
        await a.enqueue([], [(entry.stream, entry.id)])
        states.append(await a.tick(lease_ms=200, busy=False, idle_ms=0))
        # A worker joining now starts the next run.
        states.append((await worker("c")).run)
        return states

    queued, dead, claimed, ended, next_run = run(redis_server, body)
    assert queued == ("busy", [])
    assert dead == ("dead", ["b"])
    assert claimed == [b"one"]
    assert ended == ("ended", [])
    assert next_run == "2"


def test_a_worker_taken_for_dead_cannot_acknowledge_what_another_took_over(
    redis_server: RedisServer,
) -> None:
    async def body(worker: Callable[[str], Awaitable[RedisFrontier]]) -> Any:
        a, b = await worker("a"), await worker("b")
        await a.enqueue([Outbox(1, b"1", b"one")], [])
        [entry] = await b.take(5)
        await a.reclaim("b", max_deliveries=5)
        # b comes back from a pause and acknowledges what it had: a holds it now.
        late = await b.enqueue([], [(entry.stream, entry.id)])
        # Had a died too, a third worker still finds the request to redo.
        again = await (await worker("c")).reclaim("a", max_deliveries=5)
        return late, [e.data for e in again.claimed]

    late, again = run(redis_server, body)
    assert late == (0, 0, 0)
    assert again == [b"one"]


def test_a_worker_finds_again_what_it_holds_when_an_answer_was_lost(
    redis_server: RedisServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(frontier_module, "HELD_PAGE", 2)  # several pages of them

    async def body(worker: Callable[[str], Awaitable[RedisFrontier]]) -> Any:
        a, b = await worker("a"), await worker("b")
        await a.enqueue([Outbox(1, f"{n}".encode(), f"page {n}".encode()) for n in range(4)], [])
        await a.enqueue([Outbox(0, b"s", b"sitemap")], [])
        await b.take(1)  # another worker's lease is not a's
        taken = await a.take(10)  # as if the answer never came
        await a.enqueue([], [(taken[0].stream, taken[0].id)])
        return taken[1:], await a.held()

    taken, held = run(redis_server, body)
    assert held == taken
    assert [entry.data for entry in held] == [b"page 1", b"page 2", b"page 3"]


def test_a_request_delivered_too_often_goes_to_the_dead_letters(redis_server: RedisServer) -> None:
    async def body(worker: Callable[[str], Awaitable[RedisFrontier]]) -> Any:
        a = await worker("a")
        await a.enqueue([Outbox(1, b"p", b"poison")], [])
        holder = a
        for name in ("b", "c"):
            await holder.take(1) if holder is a else None
            nxt = await worker(name)
            await holder.leave()
            got = await nxt.reclaim(holder.worker, max_deliveries=2)
            holder = nxt
        return got, await redis_server_client_lrange(redis_server, a.dead_letters)

    got, letters = run(redis_server, body)
    assert got.claimed == []
    assert [(entry.data, n) for entry, n in got.buried] == [(b"poison", 2)]
    assert letters == [b"poison"]


async def redis_server_client_lrange(redis_server: RedisServer, key: str) -> list[bytes]:
    client = aioredis.from_url(redis_server.url)
    try:
        return list(await client.lrange(key, 0, -1))
    finally:
        await client.aclose()


def test_crawl_key_names_the_spider_and_its_sites_in_any_order() -> None:
    assert crawl_key("news", ["a.example", "b.example"]) == crawl_key(
        "news", ["b.example", "a.example"]
    )
    assert crawl_key("news", ["a.example"]) != crawl_key("news", ["b.example"])
