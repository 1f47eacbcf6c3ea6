"""`make bench-state`: the SQLite state store at a million articles, and the per-page cost;
then the Redis store on a redis-server of its own (AOF on, everysec).

Fills a store with N exported articles (URL, content hash, MinHash signature and its LSH
bands, one fetched URL each) through the store's own API, then measures on the full store:
lookups per second (the middleware's per-request check, exact-hash and LSH candidate
queries), and the whole per-page dedupe path of a crawl (request check, DedupePipeline with
MinHash, IncrementalMiddleware's fetch record, each commit included) on new synthetic
articles. Prints the file size and the process's peak RSS. The filled signatures are random
(MinHash of a million different texts is random-looking too); the per-page part hashes real
text.

Redis: loads `--redis-articles` through `load()` (what `scrapy state --copy-to` does) and
prints Redis memory per 1,000 articles (INFO memory before and after), then the same per-page
path with pages per second, the client's round trips per page (counted where redis-py sends a
command or a pipeline) and Redis commands per page (INFO commandstats).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import resource
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import redis
import redis.connection
from scrapy import Request
from scrapy.http import HtmlResponse

from newsspider import settings
from newsspider.dedupe import Deduplicator, Fingerprinter
from newsspider.drops import DuplicateDropped
from newsspider.items import ArticleItem
from newsspider.middlewares.incremental import IncrementalMiddleware
from newsspider.pages.article import content_hash
from newsspider.pipelines.duplicates import DedupePipeline
from newsspider.state import (
    ExportedArticle,
    LshParams,
    RedisStateStore,
    SQLiteStateStore,
    StateStore,
    StoredArticle,
    StoredFetch,
)
from newsspider.state.store import StoredRecord
from newsspider.urls import UrlNormalizer
from tests.redis_server import RedisServer

BATCH = 10_000
SITES = 1_000
_WORDS = [f"{a}{b}" for a in ("ka", "lo", "mi", "ne", "pu", "ra", "si", "tu") for b in range(400)]


def _url(n: int) -> str:
    return f"https://www.site{n % SITES}.example/news/2025/{n % 12 + 1:02d}/story-{n}-of-the-day"


def _site(n: int) -> str:
    return f"site{n % SITES}.example"


def fill(store: SQLiteStateStore, count: int, num_perm: int, seed: int = 7) -> float:
    """Insert `count` exported articles and their fetches; return the seconds it took."""
    rng = np.random.default_rng(seed)
    now = int(time.time())
    started = time.perf_counter()
    for start in range(0, count, BATCH):
        size = min(BATCH, count - start)
        signatures = rng.integers(0, 2**32, size=(size, num_perm), dtype=np.uint32)
        with store.transaction():
            for offset in range(size):
                n = start + offset
                url = _url(n)
                digest = hashlib.sha256(url.encode()).hexdigest()
                signature = signatures[offset].astype("<u4").tobytes()
                store.save_article(ExportedArticle(url, _site(n), digest, signature, 1, now))
                store.record_fetch([url], url, _site(n), now)
        done = start + size
        if done % 100_000 == 0 or done == count:
            rate = done / (time.perf_counter() - started)
            print(f"  filled {done:>9,} articles ({rate:,.0f}/s)", flush=True)
    return time.perf_counter() - started


def per_second(calls: list[Callable[[], object]]) -> float:
    """How many of these calls run per second."""
    started = time.perf_counter()
    for call in calls:
        call()
    return len(calls) / (time.perf_counter() - started)


def text(rng: random.Random, words: int = 550) -> str:
    """A synthetic article: paragraphs of random words (no two alike)."""
    chosen = rng.choices(_WORDS, k=words)
    return "\n\n".join(" ".join(chosen[i : i + 55]) for i in range(0, words, 55))


def per_page_ms(
    store: StateStore, fingerprinter: Fingerprinter, pages: int
) -> tuple[list[float], float]:
    """Wall milliseconds per page for the crawl's whole dedupe path, and mean CPU ms of this
    thread (the crawl's: the store's checkpoints run on a thread of their own)."""
    normalize = UrlNormalizer()
    deduplicator = Deduplicator(store, fingerprinter, run_started=int(time.time()))
    pipeline = DedupePipeline(deduplicator, normalize)
    middleware = IncrementalMiddleware(store, normalize)
    rng = random.Random(11)
    texts = [text(rng) for _ in range(pages)]
    # One page in ten is a wire copy of an earlier one: a new first paragraph.
    for n in range(10, pages, 10):
        texts[n] = text(rng, 55) + "\n\n" + texts[n - 7].split("\n\n", 1)[1]
    timings = []
    cpu_started = time.thread_time()
    for n, body in enumerate(texts):
        url = f"https://bench.example/world/2025/03/01/new-story-{n}?utm_source=bench"
        started = time.perf_counter()
        request = middleware.get_processed_request(Request(normalize(url)), None)
        assert request is not None
        response = HtmlResponse(url=request.url, body=b"", request=request)
        item = ArticleItem(
            url=response.url,
            source_url=response.url,
            site="bench.example",
            title=f"Story {n}",
            text=body,
            word_count=len(body.split()),
            fetched_at="2025-03-01T00:00:00+00:00",
            content_hash=content_hash(body),
            extractor="bench",
        )
        try:
            pipeline.process_item(item)
            middleware.item_scraped(item, response, None)  # type: ignore[arg-type]
        except DuplicateDropped as dropped:
            middleware.item_dropped(item, response, dropped, None)  # type: ignore[arg-type]
        timings.append((time.perf_counter() - started) * 1000)
    return timings, (time.thread_time() - cpu_started) * 1000 / pages


def main() -> None:
    """Fill, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=1_000_000, help="articles to fill")
    parser.add_argument("--pages", type=int, default=2_000, help="pages for the per-page cost")
    parser.add_argument("--dir", type=Path, default=None, help="where the store goes (temp)")
    parser.add_argument(
        "--redis-articles", type=int, default=100_000, help="articles to load into Redis"
    )
    args = parser.parse_args()
    fingerprinter = Fingerprinter(
        num_perm=settings.NEWSSPIDER_DEDUPE_NUM_PERM,
        shingle_words=settings.NEWSSPIDER_DEDUPE_SHINGLE_WORDS,
        threshold=settings.NEWSSPIDER_DEDUPE_NEAR_THRESHOLD,
    )
    lsh = fingerprinter.lsh
    print(
        f"bench-state: {args.articles:,} articles, {lsh.num_perm} permutations, {lsh.bands} "
        f"bands x {lsh.rows} rows; {os.cpu_count()} cores, load average "
        f"{os.getloadavg()[0]:.1f} at start"
    )
    with tempfile.TemporaryDirectory(dir=args.dir) as folder:
        path = Path(folder) / "state.sqlite"
        store = SQLiteStateStore(path, lsh=lsh)
        seconds = fill(store, args.articles, lsh.num_perm)
        rng = random.Random(3)
        known = [_url(rng.randrange(args.articles)) for _ in range(20_000)]
        missing = [_url(args.articles + n) for n in range(20_000)]
        hashes = [hashlib.sha256(url.encode()).hexdigest() for url in known]
        probes = np.random.default_rng(5).integers(0, 2**32, (5_000, lsh.num_perm), np.uint32)
        signatures = [row.astype("<u4").tobytes() for row in probes]
        fetch_rate = per_second([partial(store.known_fetch, url) for url in known + missing])
        hash_rate = per_second([partial(store.article_with_hash, digest) for digest in hashes])
        lsh_rate = per_second([partial(store.similar_articles, sig) for sig in signatures])
        timings, cpu_ms = per_page_ms(store, fingerprinter, args.pages)
        sample = text(random.Random(1))
        minhash_ms = 1000 / per_second([partial(fingerprinter.signature, sample)] * 200)
        store.close()
        size = sum(f.stat().st_size for f in Path(folder).iterdir())
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    quantiles = statistics.quantiles(timings, n=100)
    print(f"inserts:  {args.articles / seconds:>10,.0f} articles/s (fill, {BATCH:,} per commit)")
    print(f"lookups:  {fetch_rate:>10,.0f} known-URL checks/s (half hits, half misses)")
    print(f"          {hash_rate:>10,.0f} content-hash lookups/s")
    print(f"          {lsh_rate:>10,.0f} LSH candidate queries/s")
    print(
        f"per page: {statistics.fmean(timings):>10.2f} ms mean wall, {quantiles[49]:.2f} ms "
        f"median, {quantiles[98]:.2f} ms p99; {cpu_ms:.2f} ms mean CPU of the crawl's thread; "
        f"{len(timings):,} pages (request check, dedupe, fetch record, one commit; of which "
        f"MinHash {minhash_ms:.2f} ms)"
    )
    print(f"file:     {size / 2**20:>10,.0f} MiB on disk")
    print(f"peak RSS: {peak_mib:>10,.0f} MiB (load average {os.getloadavg()[0]:.1f} at end)")
    bench_redis(args.redis_articles, args.pages, fingerprinter, args.dir)


def _records(count: int, num_perm: int, seed: int = 7) -> Iterator[StoredRecord]:
    """The same synthetic articles as fill(), as records for load()."""
    rng = np.random.default_rng(seed)
    now = int(time.time())
    for start in range(0, count, BATCH):
        size = min(BATCH, count - start)
        signatures = rng.integers(0, 2**32, size=(size, num_perm), dtype=np.uint32)
        for offset in range(size):
            n = start + offset
            url = _url(n)
            digest = hashlib.sha256(url.encode()).hexdigest()
            signature = signatures[offset].astype("<u4").tobytes()
            article = ExportedArticle(url, _site(n), digest, signature, 1, now)
            yield StoredArticle(article, now)
            yield StoredFetch(url, url, _site(n), now, now)


class _RoundTrips:
    """Counts what redis-py sends: one call per command or per pipeline, a round trip each."""

    def __init__(self) -> None:
        self.count = 0
        self._send = redis.connection.Connection.send_packed_command

    def __enter__(self) -> _RoundTrips:
        send = self._send

        def counted(connection: Any, command: Any, check_health: bool = True) -> None:
            self.count += 1
            send(connection, command, check_health)  # type: ignore[no-untyped-call]

        redis.connection.Connection.send_packed_command = counted  # type: ignore[method-assign]
        return self

    def __exit__(self, *exc: object) -> None:
        redis.connection.Connection.send_packed_command = self._send  # type: ignore[method-assign]


def _commands(client: redis.Redis) -> int:
    stats: dict[str, dict[str, int]] = client.info("commandstats")
    return sum(stat["calls"] for name, stat in stats.items() if name != "cmdstat_info")


def bench_redis(count: int, pages: int, fingerprinter: Fingerprinter, folder: Path | None) -> None:
    """The Redis store: load, memory per 1,000 articles, the per-page path and its round trips."""
    lsh: LshParams = fingerprinter.lsh
    with tempfile.TemporaryDirectory(dir=folder) as directory:
        server = RedisServer(Path(directory) / "redis").start()
        try:
            client = server.client()
            before = int(client.info("memory")["used_memory"])
            store = RedisStateStore(server.url, lsh=lsh)
            started = time.perf_counter()
            store.load(_records(count, lsh.num_perm))
            seconds = time.perf_counter() - started
            after = int(client.info("memory")["used_memory"])
            commands = _commands(client)
            with _RoundTrips() as trips:
                timings, cpu_ms = per_page_ms(store, fingerprinter, pages)
            commands = _commands(client) - commands
            store.close()
            aof = sum(f.stat().st_size for f in Path(directory, "redis").rglob("*.aof*"))
        finally:
            server.stop()
    quantiles = statistics.quantiles(timings, n=100)
    mean = statistics.fmean(timings)
    print(f"redis:    {count:,} articles loaded at {count / seconds:,.0f}/s (load(), pipelined)")
    print(
        f"memory:   {(after - before) / count * 1000 / 2**20:>10.2f} MiB per 1,000 articles "
        f"(used_memory {before / 2**20:.1f} -> {after / 2**20:.1f} MiB); AOF {aof / 2**20:,.0f} MiB"
    )
    print(
        f"per page: {mean:>10.2f} ms mean wall ({1000 / mean:,.0f} pages/s), "
        f"{quantiles[49]:.2f} ms median, {quantiles[98]:.2f} ms p99; {cpu_ms:.2f} ms mean CPU; "
        f"{trips.count / pages:.1f} round trips and {commands / pages:.1f} Redis commands per "
        f"page ({len(timings):,} pages, one in ten a wire copy)"
    )
    print(f"          load average {os.getloadavg()[0]:.1f} at end")


if __name__ == "__main__":
    main()
