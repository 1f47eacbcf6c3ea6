"""Deduplicator: new article, new revision, or a duplicate (url, canonical, exact, near)?"""

from __future__ import annotations

from dataclasses import dataclass

from newsspider.dedupe.minhash import Fingerprinter
from newsspider.state.store import ExportedArticle, StateStore

REASONS = ("url", "canonical", "exact", "near")
# Copies of another story, which NEWSSPIDER_DEDUPE=tag exports tagged; "url" and "canonical"
# are the same page fetched again, never exported twice.
COPY_REASONS = ("exact", "near")


@dataclass(frozen=True, slots=True)
class Candidate:
    """What the dedupe needs of one record; URLs already normalised."""

    url: str
    fetched_url: str
    site: str
    text: str
    content_hash: str


@dataclass(frozen=True, slots=True)
class Decision:
    """Export the record as `revision`, or drop it: `reason` and the URL it duplicates."""

    export: bool
    revision: int = 1
    reason: str | None = None
    duplicate_of: str | None = None
    similarity: float | None = None
    # The revision of duplicate_of's record as exported (its cluster's first record).
    duplicate_revision: int = 1

    @property
    def is_copy(self) -> bool:
        """A duplicate of another story's text (exact or near), not the same page again."""
        return not self.export and self.reason in COPY_REASONS


class Deduplicator:
    """Decides across sites and runs, and records each export in the state store."""

    def __init__(self, store: StateStore, fingerprinter: Fingerprinter, *, run_started: int):
        self.store = store
        self.fingerprinter = fingerprinter
        self.run_started = run_started

    def decide(self, candidate: Candidate, now: int) -> Decision:
        """Decide, record the export and where the fetched URL led, in one atomic step.

        Atomic against other crawls sharing the store (SQLite: one write transaction, one
        commit per page; Redis: the whole decision is retried when another process wrote
        what it read), so two crawls never both export one story.
        """
        return self.store.atomically(lambda: self._decide_and_record(candidate, now))

    def _decide_and_record(self, candidate: Candidate, now: int) -> Decision:
        # Reads first, then writes: what atomically() asks of a sequence it may run again.
        decision = self._decide(candidate, now)
        resolved = candidate.url if decision.export else decision.duplicate_of
        if resolved is not None:
            self.store.record_fetch([candidate.fetched_url], resolved, candidate.site, now)
        return decision

    def _decide(self, candidate: Candidate, now: int) -> Decision:
        previous = self.store.article(candidate.url)
        if previous is not None:
            return self._seen_url(candidate, previous, now)
        twin = self.store.article_with_hash(candidate.content_hash)
        if twin is not None:
            return self._copy_of(twin, "exact", 1.0)
        signature = self.fingerprinter.signature(candidate.text)
        similarity, closest = self._closest(signature)
        if closest is not None and similarity >= self.fingerprinter.threshold:
            return self._copy_of(closest, "near", similarity)
        self._save(candidate, signature, 1, now)
        return Decision(export=True, revision=1)

    def _copy_of(self, url: str, reason: str, similarity: float) -> Decision:
        original = self.store.article(url)
        revision = original.revision if original is not None else 1
        return Decision(
            export=False,
            reason=reason,
            duplicate_of=url,
            similarity=similarity,
            duplicate_revision=revision,
        )

    def _seen_url(self, candidate: Candidate, previous: ExportedArticle, now: int) -> Decision:
        """The canonical URL was exported: a new revision of the same page, or a duplicate."""
        fetch = self.store.known_fetch(candidate.fetched_url)
        # Only a page fetched again (not an AMP copy or an old slug found later) can revise.
        same_page = fetch is not None and fetch.resolved == candidate.url
        # Within one run a changed text is not a revision (a page can't change mid-crawl).
        if (
            same_page
            and previous.content_hash != candidate.content_hash
            and previous.exported_at <= self.run_started
        ):
            revision = previous.revision + 1
            self._save(candidate, self.fingerprinter.signature(candidate.text), revision, now)
            return Decision(export=True, revision=revision)
        reason = "url" if same_page else "canonical"
        return Decision(export=False, reason=reason, duplicate_of=candidate.url)

    def _closest(self, signature: bytes) -> tuple[float, str | None]:
        best, closest = 0.0, None
        for url, other in self.store.similar_articles(signature):
            similarity = self.fingerprinter.similarity(signature, other)
            if similarity > best:
                best, closest = similarity, url
        return best, closest

    def _save(self, candidate: Candidate, signature: bytes, revision: int, now: int) -> None:
        self.store.save_article(
            ExportedArticle(
                url=candidate.url,
                site=candidate.site,
                content_hash=candidate.content_hash,
                signature=signature,
                revision=revision,
                exported_at=now,
            )
        )
