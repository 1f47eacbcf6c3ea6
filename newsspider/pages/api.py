"""The public, Scrapy-free entry point: one page in, one record (or None) out."""

from __future__ import annotations

from newsspider.pages.article import ArticlePage, ExtractionOptions, PageHints


def extract_article(
    html: bytes | str,
    url: str,
    *,
    hints: PageHints | None = None,
    options: ExtractionOptions | None = None,
) -> dict[str, object] | None:
    """Return the record the crawl would export for this page, or None if it is no article."""
    return ArticlePage(url, html, hints=hints, options=options).extract().as_dict()
