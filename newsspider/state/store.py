"""StateStore: what a crawl keeps between runs, behind one small interface (SQLite or Redis)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from newsspider.state.lsh import LshParams

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class ExportedArticle:
    """An exported article: canonical URL, text hash, MinHash signature and revision."""

    url: str
    site: str
    content_hash: str
    signature: bytes
    revision: int
    exported_at: int


@dataclass(frozen=True, slots=True)
class KnownFetch:
    """A URL fetched before and the canonical URL of the exported article it led to."""

    url: str
    resolved: str
    fetched_at: int


@dataclass(frozen=True, slots=True)
class FileRename:
    """A complete feed file (`size` bytes) still to be renamed from `partial` to `final`."""

    partial: str
    final: str
    size: int


@dataclass(frozen=True, slots=True)
class SiteState:
    """What the store holds for one site (for `scrapy state`)."""

    site: str
    articles: int
    fetches: int
    last_export: int | None
    last_fetch: int | None
    last_crawl: Any | None
    recent: list[ExportedArticle] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """An exported article as a store holds it, with when a crawl last saw it (for copies)."""

    article: ExportedArticle
    seen_at: int


@dataclass(frozen=True, slots=True)
class StoredFetch:
    """A fetched URL as a store holds it: the canonical URL it led to and its times."""

    url: str
    resolved: str
    site: str
    fetched_at: int
    seen_at: int


@dataclass(frozen=True, slots=True)
class StoredEntry:
    """A key-value entry as a store holds it, with its last update (seconds, float)."""

    namespace: str
    key: str
    value: Any
    updated_at: float


StoredRecord = StoredArticle | StoredFetch | StoredEntry


@dataclass(frozen=True, slots=True)
class Forgotten:
    """How many entries an expiry or a `forget` removed."""

    articles: int = 0
    fetches: int = 0
    entries: int = 0


class StateStore(Protocol):
    """The crawl's memory between runs, whatever the backend (SQLite file or Redis).

    Times are whole seconds since the epoch. Methods that write several rows are atomic;
    `atomically(fn)` makes a read-then-write sequence atomic against other crawls.
    """

    # The MinHash LSH parameters stored with the index (None: none stored yet).
    lsh: LshParams | None
    # Whether each call waits on a network round trip (Redis): a crawl then makes its per-page
    # calls on a thread of their own (StateThread), so that they never hold up its event loop.
    # Such a store's calls may come from several threads; a local file's (SQLite) from one.
    over_network: bool

    # --- key-value entries: per-site crawl times, the per-site boilerplate model, ... -------

    def get(self, namespace: str, key: str) -> Any | None:
        """The JSON value stored under (namespace, key), or None."""

    def put(self, namespace: str, key: str, value: Any) -> None:
        """Store a JSON-serialisable value under (namespace, key)."""

    def delete(self, namespace: str, key: str) -> None:
        """Forget one entry."""

    def keys(self, namespace: str) -> list[str]:
        """All keys of a namespace."""

    # --- exported articles and their MinHash index ------------------------------------------

    def atomically(self, fn: Callable[[], T]) -> T:
        """Run fn, a check-then-record sequence of this store's calls, atomically; its result.

        fn may run more than once (Redis retries it when another process wrote what it read),
        so it must have no effect but its calls on this store, and make all its reads before
        its first write. Inside fn, the other methods join the one atomic sequence.
        """

    def article(self, url: str) -> ExportedArticle | None:
        """The exported article with this canonical URL."""

    def article_with_hash(self, content_hash: str) -> str | None:
        """The canonical URL of an exported article with exactly this content hash."""

    def similar_articles(self, signature: bytes, limit: int = 50) -> list[tuple[str, bytes]]:
        """(URL, signature) of exported articles sharing an LSH band with this signature."""

    def save_article(self, article: ExportedArticle) -> None:
        """Record an export (a new article or a new revision of one)."""

    # --- runs: an export is final once the feed file that holds it is complete --------------

    def open_run(self) -> int:
        """Start this crawl's run; first undo what killed runs exported to no complete file."""

    def undo_dead_runs(self) -> int:
        """Undo what runs whose process died left pending (as `open_run` does); count it.

        A shared crawl calls it before it takes over a dead worker's requests, so that their
        redo is not dropped as a duplicate of the dead worker's unconfirmed exports.
        """

    def confirm(self, urls: Sequence[str], rename: FileRename | None = None) -> None:
        """These articles of this run are in complete feed files: their exports are final.

        With `rename`, the file that completes them is still to be renamed into place; it
        stays listed until `renamed`, so that a crawl killed before the rename has the next
        one finish it (`unfinished_renames`).
        """

    def renamed(self, partial: str) -> None:
        """The file noted by `confirm` has its real name now."""

    def unfinished_renames(self) -> list[FileRename]:
        """Files noted by runs that ended (or were killed) before renaming them."""

    # --- fetched URLs ---------------------------------------------------------------------

    def known_fetch(self, url: str) -> KnownFetch | None:
        """What this fetched URL led to, while that article is still in the store."""

    def known_fetches(self, urls: Sequence[str]) -> list[KnownFetch | None]:
        """known_fetch of each URL, in their order (over a network: in one round trip)."""

    def record_fetch(self, urls: Sequence[str], resolved: str, site: str, when: int) -> None:
        """These URLs were fetched and led to the exported article at `resolved`."""

    def touch(self, urls: Sequence[str], when: int) -> None:
        """These known URLs were seen again (not fetched): keep them and their articles."""

    # --- upkeep ---------------------------------------------------------------------------

    def expire(self, before: int) -> Forgotten:
        """Forget everything not seen since `before`."""

    def sites(self) -> list[str]:
        """Every site with exported articles or fetched URLs."""

    def site_state(self, site: str, recent: int = 10) -> SiteState:
        """Counts, last times and the latest exports of one site."""

    def forget_site(self, site: str) -> Forgotten:
        """Forget a site's articles, fetched URLs and key-value entries."""

    def forget_url(self, url: str) -> Forgotten:
        """Forget a fetched URL, or an exported article and the URLs that led to it."""

    def is_empty(self) -> bool:
        """Whether the store holds no article, fetched URL or key-value entry."""

    def dump(self) -> Iterator[StoredRecord]:
        """Everything the store holds: its articles, then fetched URLs, then entries."""

    def load(self, records: Iterable[StoredRecord]) -> None:
        """Add records such as `dump` gives (articles before the fetches that point at them)."""

    def close(self) -> None:
        """End the run (undoing exports it left pending), flush and release the store."""


class StateMismatchError(ValueError):
    """The store's MinHash index was built with other parameters than this crawl's."""


class StateUnavailableError(RuntimeError):
    """The state store (a Redis server) did not answer for longer than it may."""
