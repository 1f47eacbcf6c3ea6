"""SQLiteStateStore: the StateStore in one SQLite file, its MinHash LSH index in a table."""

from __future__ import annotations

import json
import logging
import socket
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import psutil

from newsspider.settings import NEWSSPIDER_STATE_BUSY_TIMEOUT
from newsspider.state.lsh import LshParams
from newsspider.state.store import (
    ExportedArticle,
    FileRename,
    Forgotten,
    KnownFetch,
    SiteState,
    StateMismatchError,
    StoredArticle,
    StoredEntry,
    StoredFetch,
    StoredRecord,
)

T = TypeVar("T")
logger = logging.getLogger(__name__)
MEMORY = ":memory:"
# How often the background thread folds the WAL back into the database file.
_CHECKPOINT_EVERY_S = 1.0
# Bounded memory: SQLite's page cache is the only thing that grows with the store.
_CACHE_KIB = 32 * 1024
_SCHEMA = """
CREATE TABLE IF NOT EXISTS state (
    namespace TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    updated_at REAL NOT NULL,
    PRIMARY KEY (namespace, key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
-- AUTOINCREMENT: fetches point at article ids, which must never be handed out twice.
CREATE TABLE IF NOT EXISTS articles (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    url TEXT NOT NULL UNIQUE,
    site TEXT NOT NULL,
    content_hash BLOB NOT NULL,
    signature BLOB NOT NULL,
    revision INTEGER NOT NULL,
    exported_at INTEGER NOT NULL,
    seen_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_by_hash ON articles (content_hash);
CREATE TABLE IF NOT EXISTS lsh (
    band_key INTEGER NOT NULL,
    article INTEGER NOT NULL,
    PRIMARY KEY (band_key, article)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS fetches (
    url TEXT PRIMARY KEY,
    article INTEGER NOT NULL,
    site TEXT NOT NULL,
    fetched_at INTEGER NOT NULL,
    seen_at INTEGER NOT NULL
) WITHOUT ROWID;
-- The crawls that opened the store for a run (see open_run): a row outlives a killed crawl.
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    host TEXT NOT NULL,
    pid INTEGER NOT NULL,
    created REAL NOT NULL,
    began INTEGER NOT NULL
);
-- Exports of a run not yet in a complete feed file, and what the article was before (NULL for
-- a new one), so that a killed run's exports can be undone.
CREATE TABLE IF NOT EXISTS pending (
    article INTEGER NOT NULL,
    run INTEGER NOT NULL,
    content_hash BLOB,
    signature BLOB,
    revision INTEGER,
    exported_at INTEGER,
    PRIMARY KEY (run, article)
) WITHOUT ROWID;
-- Complete feed files whose records are confirmed, between the confirmation and the rename.
CREATE TABLE IF NOT EXISTS renames (
    partial TEXT PRIMARY KEY,
    final TEXT NOT NULL,
    size INTEGER NOT NULL,
    run INTEGER NOT NULL
) WITHOUT ROWID;
"""


class SQLiteStateStore:
    """StateStore in a SQLite file; WAL and a busy timeout let two crawls share it safely."""

    over_network = False

    def __init__(
        self,
        path: str | Path,
        *,
        busy_timeout_s: float = NEWSSPIDER_STATE_BUSY_TIMEOUT,
        lsh: LshParams | None = None,
    ) -> None:
        self.path = str(path)
        if self.path != MEMORY:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, timeout=busy_timeout_s, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        # NORMAL in WAL mode: a power cut may lose the last commits, never corrupt the file.
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute(f"PRAGMA cache_size=-{_CACHE_KIB}")
        self._checkpointer: _Checkpointer | None = None
        self._run: int | None = None
        if self.path != MEMORY:
            # A checkpoint inside a commit stalls the crawl's thread for tens of milliseconds
            # (it copies and syncs pages): a thread of our own does them instead.
            self._db.execute("PRAGMA wal_autocheckpoint=0")
            self._checkpointer = _Checkpointer(self.path, busy_timeout_s)
            self._checkpointer.start()
        with self._atomic():
            # executescript() would COMMIT first; statements one by one stay in this transaction.
            self._create_schema()
            self.lsh = self._check_lsh(lsh)

    def _create_schema(self) -> None:
        for statement in _SCHEMA.split(";"):
            if statement.strip():
                self._db.execute(statement)

    def _check_lsh(self, wanted: LshParams | None) -> LshParams | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = 'lsh'").fetchone()
        stored = LshParams(**json.loads(row[0])) if row else None
        if stored is None and wanted is not None:
            self._db.execute(
                "INSERT INTO meta (key, value) VALUES ('lsh', ?)", (json.dumps(wanted.as_dict()),)
            )
            return wanted
        if stored is not None and wanted is not None and stored != wanted:
            raise StateMismatchError(
                f"the state file {self.path} indexes MinHash signatures as {stored.as_dict()}, "
                f"this crawl's settings give {wanted.as_dict()}; keep NEWSSPIDER_DEDUPE_NUM_PERM "
                "and NEWSSPIDER_DEDUPE_NEAR_THRESHOLD as they were, or use a new NEWSSPIDER_STATE"
            )
        return stored

    # --- transactions -------------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """BEGIN IMMEDIATE ... COMMIT: the write lock is taken before the first read."""
        with self._atomic():
            yield

    def atomically(self, fn: Callable[[], T]) -> T:
        """fn inside one BEGIN IMMEDIATE transaction: no other crawl writes in between."""
        with self._atomic():
            return fn()

    @contextmanager
    def _atomic(self) -> Iterator[None]:
        if self._db.in_transaction:  # already inside transaction(): join it
            yield
            return
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    # --- key-value entries ------------------------------------------------------------------

    def get(self, namespace: str, key: str) -> Any | None:
        """The JSON value stored under (namespace, key), or None."""
        row = self._db.execute(
            "SELECT value FROM state WHERE namespace = ? AND key = ?", (namespace, key)
        ).fetchone()
        return json.loads(row[0]) if row else None

    def put(self, namespace: str, key: str, value: Any) -> None:
        """Store a JSON-serialisable value under (namespace, key)."""
        self._db.execute(
            "INSERT INTO state (namespace, key, value, updated_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (namespace, key) DO UPDATE SET value = excluded.value, "
            "updated_at = excluded.updated_at",
            (namespace, key, json.dumps(value), time.time()),
        )

    def delete(self, namespace: str, key: str) -> None:
        """Forget one entry."""
        self._db.execute("DELETE FROM state WHERE namespace = ? AND key = ?", (namespace, key))

    def keys(self, namespace: str) -> list[str]:
        """All keys of a namespace, sorted."""
        rows = self._db.execute(
            "SELECT key FROM state WHERE namespace = ? ORDER BY key", (namespace,)
        ).fetchall()
        return [row[0] for row in rows]

    # --- exported articles --------------------------------------------------------------------

    def article(self, url: str) -> ExportedArticle | None:
        """The exported article with this canonical URL."""
        row = self._db.execute(
            "SELECT url, site, content_hash, signature, revision, exported_at "
            "FROM articles WHERE url = ?",
            (url,),
        ).fetchone()
        if row is None:
            return None
        return ExportedArticle(row[0], row[1], row[2].hex(), row[3], row[4], row[5])

    def article_with_hash(self, content_hash: str) -> str | None:
        """The canonical URL of an exported article with exactly this content hash."""
        row = self._db.execute(
            "SELECT url FROM articles WHERE content_hash = ? LIMIT 1",
            (bytes.fromhex(content_hash),),
        ).fetchone()
        return row[0] if row else None

    def similar_articles(self, signature: bytes, limit: int = 50) -> list[tuple[str, bytes]]:
        """(URL, signature) of exported articles sharing an LSH band with this signature."""
        keys = self._lsh().band_keys(signature)
        marks = ",".join("?" * len(keys))
        rows = self._db.execute(
            "SELECT url, signature FROM articles WHERE id IN "
            f"(SELECT article FROM lsh WHERE band_key IN ({marks})) LIMIT ?",
            (*keys, limit),
        ).fetchall()
        return [(row[0], row[1]) for row in rows]

    def save_article(self, article: ExportedArticle) -> None:
        """Record an export (a new article or a new revision of one) and index its signature."""
        lsh = self._lsh()
        with self._atomic():
            row = self._db.execute(
                "SELECT id, content_hash, signature, revision, exported_at FROM articles "
                "WHERE url = ?",
                (article.url,),
            ).fetchone()
            values = (
                article.site,
                bytes.fromhex(article.content_hash),
                article.signature,
                article.revision,
                article.exported_at,
                article.exported_at,
            )
            if row is None:
                cursor = self._db.execute(
                    "INSERT INTO articles (site, content_hash, signature, revision, exported_at, "
                    "seen_at, url) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (*values, article.url),
                )
                article_id = cursor.lastrowid
                assert article_id is not None
            else:
                article_id = row[0]
                self._unindex([(article_id, row[2])])
                self._db.execute(
                    "UPDATE articles SET site = ?, content_hash = ?, signature = ?, revision = ?, "
                    "exported_at = ?, seen_at = ? WHERE id = ?",
                    (*values, article_id),
                )
            self._index(lsh, article_id, article.signature)
            if self._run is not None:
                # OR IGNORE: a second save in one run keeps what the article was before the run.
                self._db.execute(
                    "INSERT OR IGNORE INTO pending (article, run, content_hash, signature, "
                    "revision, exported_at) VALUES (?, ?, ?, ?, ?, ?)",
                    (article_id, self._run, *(row[1:] if row else (None,) * 4)),
                )

    def _index(self, lsh: LshParams, article_id: int, signature: bytes) -> None:
        self._db.executemany(
            "INSERT OR IGNORE INTO lsh (band_key, article) VALUES (?, ?)",
            [(key, article_id) for key in lsh.band_keys(signature)],
        )

    def _lsh(self) -> LshParams:
        if self.lsh is None:
            raise StateMismatchError(f"the state file {self.path} has no MinHash index settings")
        return self.lsh

    def _unindex(self, articles: Iterable[tuple[int, bytes]]) -> None:
        if self.lsh is None:  # no index settings: nothing was ever indexed
            return
        lsh = self.lsh
        self._db.executemany(
            "DELETE FROM lsh WHERE band_key = ? AND article = ?",
            [(key, article_id) for article_id, sig in articles for key in lsh.band_keys(sig)],
        )

    # --- fetched URLs -------------------------------------------------------------------------

    def known_fetch(self, url: str) -> KnownFetch | None:
        """What this fetched URL led to, while that article is still in the store."""
        row = self._db.execute(
            "SELECT a.url, f.fetched_at FROM fetches f JOIN articles a ON a.id = f.article "
            "WHERE f.url = ?",
            (url,),
        ).fetchone()
        return KnownFetch(url, row[0], row[1]) if row else None

    def known_fetches(self, urls: Sequence[str]) -> list[KnownFetch | None]:
        """known_fetch of each URL, in their order."""
        return [self.known_fetch(url) for url in urls]

    def record_fetch(self, urls: Sequence[str], resolved: str, site: str, when: int) -> None:
        """These URLs were fetched and led to the exported article at `resolved`."""
        with self._atomic():
            row = self._db.execute("SELECT id FROM articles WHERE url = ?", (resolved,)).fetchone()
            if row is None:  # forgotten meanwhile: nothing to point at
                return
            self._db.executemany(
                "INSERT INTO fetches (url, article, site, fetched_at, seen_at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (url) DO UPDATE SET "
                "article = excluded.article, fetched_at = excluded.fetched_at, "
                "seen_at = excluded.seen_at",
                [(url, row[0], site, when, when) for url in dict.fromkeys(urls)],
            )
            self._db.execute("UPDATE articles SET seen_at = ? WHERE id = ?", (when, row[0]))

    def touch(self, urls: Sequence[str], when: int) -> None:
        """These known URLs were seen again (not fetched): keep them and their articles."""
        params = [(when, url) for url in urls]
        with self._atomic():
            self._db.executemany("UPDATE fetches SET seen_at = ? WHERE url = ?", params)
            self._db.executemany(
                "UPDATE articles SET seen_at = ?1 WHERE id = "
                "(SELECT article FROM fetches WHERE url = ?2)",
                params,
            )

    # --- runs: an export is final once the feed file that holds it is complete --------------

    def open_run(self) -> int:
        """Start this crawl's run; first undo what killed runs exported to no complete file.

        Returns how many exports were undone. Until `confirm` names an article, its export
        stays pending: a run that ends (or dies) with it pending has it undone, so the next
        run fetches and exports it again.
        """
        me = psutil.Process()
        with self._atomic():
            undone = self.undo_dead_runs()
            cursor = self._db.execute(
                "INSERT INTO runs (host, pid, created, began) VALUES (?, ?, ?, ?)",
                (socket.gethostname(), me.pid, me.create_time(), int(time.time())),
            )
            self._run = cursor.lastrowid
        return undone

    def undo_dead_runs(self) -> int:
        """Undo the pending exports of runs whose process is gone (this host's); count them."""
        with self._atomic():
            runs = self._db.execute("SELECT id, host, pid, created FROM runs").fetchall()
            dead = [run for run, *who in runs if run != self._run and not _alive(*who)]
            return self._undo(dead)

    def confirm(self, urls: Sequence[str], rename: FileRename | None = None) -> None:
        """These articles of this run are in complete feed files: their exports are final.

        With `rename`, the file that completes them is noted until `renamed` (see
        `unfinished_renames`), in the same transaction.
        """
        if self._run is None or (not urls and rename is None):
            return
        with self._atomic():
            self._db.executemany(
                "DELETE FROM pending WHERE run = ? AND article = "
                "(SELECT id FROM articles WHERE url = ?)",
                [(self._run, url) for url in urls],
            )
            if rename is not None:
                self._db.execute(
                    "INSERT OR REPLACE INTO renames (partial, final, size, run) "
                    "VALUES (?, ?, ?, ?)",
                    (rename.partial, rename.final, rename.size, self._run),
                )

    def renamed(self, partial: str) -> None:
        """The file noted by `confirm` has its real name now."""
        self._db.execute("DELETE FROM renames WHERE partial = ?", (partial,))

    def unfinished_renames(self) -> list[FileRename]:
        """Files noted by runs that ended (or were killed) before renaming them."""
        rows = self._db.execute(
            "SELECT partial, final, size FROM renames WHERE run NOT IN (SELECT id FROM runs)"
        ).fetchall()
        return [FileRename(*row) for row in rows]

    def _undo(self, runs: Sequence[int]) -> int:
        """Undo the pending exports of these runs (and of runs no longer listed); count them."""
        marks = ",".join("?" * len(runs))
        which = f"run IN ({marks}) OR run NOT IN (SELECT id FROM runs)"
        # Latest run first: where two runs saved one article, the earliest state is restored.
        rows = self._db.execute(
            "SELECT article, content_hash, signature, revision, exported_at, "
            f"COALESCE((SELECT began FROM runs WHERE id = run), 0) FROM pending WHERE {which} "
            "ORDER BY run DESC",
            runs,
        ).fetchall()
        undone = 0
        for article_id, content_hash, signature, revision, exported_at, began in rows:
            now = self._db.execute(
                "SELECT signature FROM articles WHERE id = ?", (article_id,)
            ).fetchone()
            if now is None:  # forgotten meanwhile
                continue
            undone += 1
            self._unindex([(article_id, now[0])])
            if content_hash is None:  # new in that run: forget it and every URL that led to it
                self._db.execute("DELETE FROM fetches WHERE article = ?", (article_id,))
                self._db.execute("DELETE FROM articles WHERE id = ?", (article_id,))
                continue
            # A revision: back to the one before; its page's fetch is forgotten so that the
            # next run fetches the page again and finds the new text.
            self._db.execute(
                "UPDATE articles SET content_hash = ?, signature = ?, revision = ?, "
                "exported_at = ? WHERE id = ?",
                (content_hash, signature, revision, exported_at, article_id),
            )
            self._index(self._lsh(), article_id, signature)
            self._db.execute(
                "DELETE FROM fetches WHERE article = ? AND fetched_at >= ?", (article_id, began)
            )
        self._db.execute(f"DELETE FROM pending WHERE {which}", runs)
        self._db.execute(f"DELETE FROM runs WHERE id IN ({marks})", runs)
        return undone

    # --- upkeep -------------------------------------------------------------------------------

    def expire(self, before: int) -> Forgotten:
        """Forget everything not seen since `before`."""
        with self._atomic():
            articles, _ = self._forget_articles("seen_at < ?", before)
            fetches = self._db.execute("DELETE FROM fetches WHERE seen_at < ?", (before,))
            entries = self._db.execute("DELETE FROM state WHERE updated_at < ?", (before,))
            return Forgotten(articles, fetches.rowcount, entries.rowcount)

    def sites(self) -> list[str]:
        """Every site with exported articles or fetched URLs, sorted."""
        rows = self._db.execute(
            "SELECT site FROM articles UNION SELECT site FROM fetches ORDER BY site"
        ).fetchall()
        return [row[0] for row in rows]

    def site_state(self, site: str, recent: int = 10) -> SiteState:
        """Counts, last times and the latest exports of one site."""
        articles, last_export = self._db.execute(
            "SELECT COUNT(*), MAX(exported_at) FROM articles WHERE site = ?", (site,)
        ).fetchone()
        fetches, last_fetch = self._db.execute(
            "SELECT COUNT(*), MAX(fetched_at) FROM fetches WHERE site = ?", (site,)
        ).fetchone()
        rows = self._db.execute(
            "SELECT url FROM articles WHERE site = ? ORDER BY exported_at DESC, id DESC LIMIT ?",
            (site, recent),
        ).fetchall()
        latest = [found for (url,) in rows if (found := self.article(url)) is not None]
        return SiteState(
            site, articles, fetches, last_export, last_fetch, self.get("site_crawls", site), latest
        )

    def forget_site(self, site: str) -> Forgotten:
        """Forget a site's articles, fetched URLs and key-value entries (keyed by the site)."""
        with self._atomic():
            articles, _ = self._forget_articles("site = ?", site)
            fetches = self._db.execute("DELETE FROM fetches WHERE site = ?", (site,))
            entries = self._db.execute("DELETE FROM state WHERE key = ?", (site,))
            return Forgotten(articles, fetches.rowcount, entries.rowcount)

    def forget_url(self, url: str) -> Forgotten:
        """Forget a fetched URL, or an exported article and every URL that led to it."""
        with self._atomic():
            articles, ids = self._forget_articles("url = ?", url)
            fetches = self._db.execute(
                f"DELETE FROM fetches WHERE url = ? OR article IN ({','.join('?' * len(ids))})",
                (url, *ids),
            )
            return Forgotten(articles, fetches.rowcount)

    def _forget_articles(self, where: str, value: str | int) -> tuple[int, list[int]]:
        """Delete the articles matching `where` and their index entries; count and ids."""
        old = self._db.execute(
            f"SELECT id, signature FROM articles WHERE {where}", (value,)
        ).fetchall()
        self._unindex(old)
        self._db.execute(f"DELETE FROM articles WHERE {where}", (value,))
        return len(old), [article_id for article_id, _ in old]

    # --- copies between stores -----------------------------------------------------------------

    def is_empty(self) -> bool:
        """Whether the file holds no article, fetched URL or key-value entry."""
        row = self._db.execute(
            "SELECT EXISTS (SELECT 1 FROM articles) OR EXISTS (SELECT 1 FROM fetches) "
            "OR EXISTS (SELECT 1 FROM state)"
        ).fetchone()
        return not row[0]

    def dump(self) -> Iterator[StoredRecord]:
        """Every article (oldest first), fetched URL and key-value entry."""
        for row in self._db.execute(
            "SELECT url, site, content_hash, signature, revision, exported_at, seen_at "
            "FROM articles ORDER BY id"
        ):
            article = ExportedArticle(row[0], row[1], row[2].hex(), row[3], row[4], row[5])
            yield StoredArticle(article, row[6])
        for row in self._db.execute(
            "SELECT f.url, a.url, f.site, f.fetched_at, f.seen_at FROM fetches f "
            "JOIN articles a ON a.id = f.article ORDER BY f.url"
        ):
            yield StoredFetch(*row)
        for namespace, key, value, updated_at in self._db.execute(
            "SELECT namespace, key, value, updated_at FROM state ORDER BY namespace, key"
        ):
            yield StoredEntry(namespace, key, json.loads(value), updated_at)

    def load(self, records: Iterable[StoredRecord]) -> None:
        """Add the records in one transaction (not part of any run: nothing is pending)."""
        lsh = self._lsh()
        with self._atomic():
            for record in records:
                if isinstance(record, StoredArticle):
                    article = record.article
                    cursor = self._db.execute(
                        "INSERT INTO articles (url, site, content_hash, signature, revision, "
                        "exported_at, seen_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (article.url, article.site, bytes.fromhex(article.content_hash),
                         article.signature, article.revision, article.exported_at,
                         record.seen_at),
                    )  # fmt: skip
                    assert cursor.lastrowid is not None
                    self._index(lsh, cursor.lastrowid, article.signature)
                elif isinstance(record, StoredFetch):
                    self._db.execute(
                        "INSERT INTO fetches (url, article, site, fetched_at, seen_at) "
                        "SELECT ?, id, ?, ?, ? FROM articles WHERE url = ?",
                        (record.url, record.site, record.fetched_at, record.seen_at,
                         record.resolved),
                    )  # fmt: skip
                else:
                    self._db.execute(
                        "INSERT OR REPLACE INTO state (namespace, key, value, updated_at) "
                        "VALUES (?, ?, ?, ?)",
                        (record.namespace, record.key, json.dumps(record.value),
                         record.updated_at),
                    )  # fmt: skip

    def close(self) -> None:
        """End the run (undoing what it left pending), close (the last out folds the WAL)."""
        if self._run is not None:
            with self._atomic():
                self._undo([self._run])
            self._run = None
        if self._checkpointer is not None:
            self._checkpointer.stop()
        self._db.close()


def _alive(host: str, pid: int, created: float) -> bool:
    """Whether the process of a run still runs; a run of another host is taken as alive."""
    if host != socket.gethostname():
        return True
    try:
        # The creation time tells a reused process id from the run's own process.
        return abs(psutil.Process(pid).create_time() - created) < 1e-3
    except psutil.NoSuchProcess:
        return False
    except psutil.AccessDenied:
        return True


class _Checkpointer(threading.Thread):
    """Folds the WAL into the database file every second, off the crawl's thread."""

    def __init__(self, path: str, busy_timeout_s: float) -> None:
        super().__init__(name="newsspider-state-checkpoint", daemon=True)
        self._path = path
        self._busy_timeout_s = busy_timeout_s
        self._stopping = threading.Event()

    def run(self) -> None:
        """PASSIVE checkpoints: they never wait for, nor block, the crawl's writes."""
        db = sqlite3.connect(self._path, timeout=self._busy_timeout_s, isolation_level=None)
        try:
            while not self._stopping.wait(_CHECKPOINT_EVERY_S):
                try:
                    db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                except sqlite3.Error as error:  # the next round will try again
                    logger.debug("State checkpoint of %s failed: %s", self._path, error)
        finally:
            db.close()

    def stop(self) -> None:
        """Stop after the current checkpoint."""
        self._stopping.set()
        self.join()
