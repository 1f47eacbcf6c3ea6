"""Metadata read from a parsed page: JSON-LD, Open Graph and <meta>, headings, <time>, links."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml.html import HtmlElement

from newsspider.urls import http_url

ARTICLE_TYPES = frozenset(
    {
        "Article",
        "NewsArticle",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
        "OpinionNewsArticle",
        "BackgroundNewsArticle",
        "ReviewNewsArticle",
        "AskPublicNewsArticle",
        "BlogPosting",
        "LiveBlogPosting",
        "Report",
    }
)
# Types that say "this page is about many things" (home, section, profile, static pages).
NON_ARTICLE_TYPES = frozenset(
    {
        "CollectionPage",
        "ProfilePage",
        "AboutPage",
        "ContactPage",
        "SearchResultsPage",
    }
)


@dataclass(slots=True)
class PageMetadata:
    """Everything the page says about itself, before reconciliation into a record."""

    jsonld: dict[str, Any] = field(default_factory=dict)
    jsonld_types: set[str] = field(default_factory=set)
    meta: dict[str, list[str]] = field(default_factory=dict)
    html_title: str | None = None
    h1: str | None = None
    canonical: str | None = None
    lang: str | None = None
    time_datetime: str | None = None

    def first_meta(self, *names: str) -> str | None:
        """The first non-empty value among the given <meta> names/properties."""
        for name in names:
            for value in self.meta.get(name, ()):
                if value:
                    return value
        return None


def _text(element: HtmlElement | None) -> str | None:
    if element is None:
        return None
    text = " ".join(element.text_content().split())
    return text or None


def _jsonld_objects(data: Any) -> Iterator[dict[str, Any]]:
    """Every JSON-LD object in a document, flattening lists and @graph containers."""
    if isinstance(data, list):
        for entry in data:
            yield from _jsonld_objects(entry)
    elif isinstance(data, dict):
        yield data
        graph = data.get("@graph")
        if graph is not None:
            yield from _jsonld_objects(graph)


def jsonld_types(obj: dict[str, Any]) -> set[str]:
    """The schema.org @type names of one JSON-LD object (prefixes like schema: dropped)."""
    raw = obj.get("@type", [])
    names = raw if isinstance(raw, list) else [raw]
    return {str(name).rsplit("/", 1)[-1].rsplit(":", 1)[-1] for name in names if name}


def _read_jsonld(tree: HtmlElement) -> tuple[dict[str, Any], set[str]]:
    """The page's article object (if any) and the set of all JSON-LD types on the page."""
    article: dict[str, Any] = {}
    all_types: set[str] = set()
    for script in tree.iterfind('.//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text or "", strict=False)
        except ValueError:
            continue  # broken JSON-LD is common and never fatal
        for obj in _jsonld_objects(data):
            types = jsonld_types(obj)
            all_types |= types
            if not article and types & ARTICLE_TYPES:
                article = obj
    return article, all_types


def _read_meta(tree: HtmlElement) -> dict[str, list[str]]:
    meta: dict[str, list[str]] = {}
    for element in tree.iterfind(".//meta"):
        key = element.get("property") or element.get("name") or element.get("itemprop")
        content = element.get("content")
        if key and content is not None:
            meta.setdefault(key.strip().lower(), []).append(content.strip())
    return meta


def _first_time_datetime(tree: HtmlElement) -> str | None:
    """The datetime of the first <time> in the article (or page) header."""
    for path in (".//article//time[@datetime]", ".//time[@datetime]"):
        found = tree.find(path)
        if found is not None:
            value: str | None = found.get("datetime")
            return value
    return None


def read_metadata(tree: HtmlElement, url: str) -> PageMetadata:
    """Collect the page's self-description from an already parsed tree."""
    jsonld, types = _read_jsonld(tree)
    canonical = tree.find('.//link[@rel="canonical"]')
    html = tree if tree.tag == "html" else tree.getroottree().getroot()
    return PageMetadata(
        jsonld=jsonld,
        jsonld_types=types,
        meta=_read_meta(tree),
        html_title=_text(tree.find(".//title")),
        h1=_text(tree.find(".//h1")),
        canonical=http_url(url, canonical.get("href")) if canonical is not None else None,
        lang=html.get("lang") or html.get("xml:lang"),
        time_datetime=_first_time_datetime(tree),
    )


def jsonld_names(value: Any) -> list[str]:
    """Names in a JSON-LD author-like value: strings, Person objects, or lists of either."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        name = value.get("name")
        return [name] if isinstance(name, str) else []
    if isinstance(value, list):
        return [name for entry in value for name in jsonld_names(entry)]
    return []


def jsonld_url(value: Any) -> str | None:
    """A URL from a JSON-LD image-like value: a string, an ImageObject, or a list of them."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        found = value.get("url") or value.get("contentUrl")
        return found if isinstance(found, str) else None
    if isinstance(value, list) and value:
        return jsonld_url(value[0])
    return None


_KEYWORD_SPLIT = re.compile(r"\s*[,;]\s*")


def jsonld_strings(value: Any) -> list[str]:
    """A list of strings from a JSON-LD value that may be a string (comma separated) or a list."""
    if isinstance(value, str):
        return [part for part in _KEYWORD_SPLIT.split(value) if part]
    if isinstance(value, list):
        return [part for entry in value for part in jsonld_strings(entry)]
    return []
