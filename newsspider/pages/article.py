"""ArticlePage: turns (url, html) into an ArticleItem or a reason to skip the page."""

from __future__ import annotations

import contextlib
import hashlib
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime

from htmldate import find_date
from lxml.html import HtmlElement
from trafilatura.metadata import examine_meta, extract_author, extract_meta_json, extract_url
from trafilatura.settings import Document, set_date_params
from trafilatura.utils import load_html

from newsspider.cleaning.rules import drop_boilerplate, drop_repeated_titles
from newsspider.items import ArticleItem
from newsspider.pages import fields
from newsspider.pages.body import main_text
from newsspider.pages.decoding import decode_html, looks_binary
from newsspider.pages.detection import skip_reason
from newsspider.pages.links import page_links
from newsspider.pages.metadata import PageMetadata, read_metadata
from newsspider.version import EXTRACTOR


@dataclass(frozen=True, slots=True)
class PageHints:
    """What a sitemap or feed said about a page before it was fetched."""

    title: str | None = None
    published: str | None = None
    modified: str | None = None


@dataclass(frozen=True, slots=True)
class ExtractionOptions:
    """Knobs of page-to-record work; the crawl builds them from NEWSSPIDER_* settings."""

    min_words: int = 80
    extra_boilerplate: tuple[str, ...] = ()


@dataclass(slots=True)
class PageResult:
    """The outcome for one page: a record, or why there is none, plus what the page links to."""

    record: ArticleItem | None = None
    skip: str | None = None
    removed: Counter[str] = field(default_factory=Counter)
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
    ) -> None:
        self.url = url
        self.body = body
        self.content_type = content_type
        self.site = site or fields.site_of(url)
        self.hints = hints or PageHints()
        self.fetched_at = fetched_at or datetime.now(UTC).isoformat(timespec="seconds")
        self.options = options or ExtractionOptions()

    def extract(self, *, want_links: bool = False) -> PageResult:
        """Decide whether the page is an article and, if so, build its clean record."""
        if isinstance(self.body, bytes):
            if not self.body.strip():
                return PageResult(skip="empty")
            if looks_binary(self.body):
                return PageResult(skip="not_html")
            html = decode_html(self.body, self.content_type)
        else:
            html = self.body
        if not html.strip():
            return PageResult(skip="empty")
        tree = load_html(html)
        if tree is None:
            return PageResult(skip="not_html")
        result = self._extract_from_tree(tree)
        if want_links and result.record is None:
            result.links, result.feeds = page_links(tree, self.url)
        return result

    def _extract_from_tree(self, tree: HtmlElement) -> PageResult:
        metadata = read_metadata(tree, self.url)
        raw_text = main_text(tree, self.url)
        paragraphs = [" ".join(line.split()) for line in raw_text.splitlines()]
        paragraphs = [line for line in paragraphs if line]
        reason = skip_reason(
            self.url, metadata, count_words(" ".join(paragraphs)), self.options.min_words
        )
        if reason is not None:
            return PageResult(skip=reason)
        return self._build_record(tree, metadata, paragraphs)

    def _build_record(
        self, tree: HtmlElement, metadata: PageMetadata, paragraphs: list[str]
    ) -> PageResult:
        fallback = _Fallback(tree, self.url)
        title = fields.title(metadata, self.hints.title)
        removed: Counter[str] = Counter()
        paragraphs, repeated = drop_repeated_titles(
            paragraphs, [title, *fields.title_variants(metadata)]
        )
        removed["repeated_title"] += repeated
        paragraphs, boilerplate = drop_boilerplate(paragraphs, self.options.extra_boilerplate)
        removed.update(boilerplate)
        text = "\n\n".join(paragraphs)
        if not text or not title:
            return PageResult(skip="no_text" if not text else "no_title", removed=removed)
        record = ArticleItem(
            url=fields.canonical_url(metadata, self.url),
            source_url=self.url,
            site=self.site,
            title=title,
            description=fields.description(metadata),
            authors=fields.authors(metadata) or fallback.authors(),
            published=fields.published(metadata, self.hints.published) or fallback.published(),
            modified=fields.modified(metadata, self.hints.modified),
            language=fields.language(metadata),
            section=fields.section(metadata),
            tags=fields.tags(metadata),
            image=fields.image(metadata, self.url),
            text=text,
            word_count=count_words(text),
            fetched_at=self.fetched_at,
            content_hash=content_hash(text),
            extractor=EXTRACTOR,
        )
        return PageResult(record=record, removed=+removed)


class _Fallback:
    """trafilatura's own metadata search, run only for the fields the page lacks of ours.

    The steps of trafilatura.metadata.extract_metadata, in its order, but only those the asked
    field needs: the byline search for authors, htmldate for the date. The whole search, most of
    it unused here, took a fifth of the extraction time of the AEB pages.
    """

    def __init__(self, tree: HtmlElement, url: str) -> None:
        self._tree = tree
        self._url = url
        self._document: Document | None = None

    def _meta(self) -> Document:
        if self._document is None:
            document = examine_meta(self._tree)
            if document.author and " " not in document.author:
                document.author = None  # a single word: no person's name (trafilatura's rule)
            with contextlib.suppress(Exception):  # trafilatura guards its JSON-LD reader so too
                document = extract_meta_json(self._tree, document)
            self._document = document
        return self._document

    def authors(self) -> list[str]:
        """Author names trafilatura found in <meta>, JSON-LD or bylines."""
        document = self._meta()
        if not document.author:
            document.author = extract_author(self._tree)
        document.clean_and_trim()
        return fields.split_names(document.author)

    def published(self) -> str | None:
        """trafilatura's (htmldate's) publication date guess."""
        document = self._meta()
        url = document.url or extract_url(self._tree, self._url)
        document.date = find_date(self._tree, **set_date_params(True), url=url)
        document.clean_and_trim()
        return fields.iso_date(document.date)
