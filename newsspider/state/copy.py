"""copy_state: a whole state from one store into another, empty one (SQLite <-> Redis)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from newsspider.state.store import (
    StateMismatchError,
    StateStore,
    StoredArticle,
    StoredFetch,
    StoredRecord,
)


class StateCopyError(ValueError):
    """The destination of a copy is not empty, or indexes MinHash signatures otherwise."""


@dataclass
class Copied:
    """How many articles, fetched URLs and key-value entries a copy wrote."""

    articles: int = 0
    fetches: int = 0
    entries: int = 0


def copy_state(source: StateStore, destination: StateStore, destination_name: str) -> Copied:
    """Copy every article (signature, revision, times), fetched URL and entry of `source`.

    The destination must be empty and index signatures as the source does (else
    StateCopyError): a copy never merges two states. Pending exports and runs are not
    copied: copy while no crawl runs on the source.
    """
    if source.lsh is not None and destination.lsh not in (None, source.lsh):
        raise StateCopyError(
            f"{destination_name} indexes MinHash signatures as "
            f"{destination.lsh.as_dict()}, the source as {source.lsh.as_dict()}; "
            "copy into an empty state"
        )
    if not destination.is_empty():
        raise StateCopyError(
            f"{destination_name} is not empty: a copy goes into a new state file or an "
            "empty Redis database (forget its sites, or pick another)"
        )
    copied = Copied()

    def counted(records: Iterator[StoredRecord]) -> Iterator[StoredRecord]:
        for record in records:
            if isinstance(record, StoredArticle):
                copied.articles += 1
            elif isinstance(record, StoredFetch):
                copied.fetches += 1
            else:
                copied.entries += 1
            yield record

    try:
        destination.load(counted(source.dump()))
    except StateMismatchError as error:  # a destination without index settings
        raise StateCopyError(f"{destination_name}: {error}") from error
    return copied
