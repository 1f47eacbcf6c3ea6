"""Reconcile the page's metadata sources into record fields, one small function per field."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from newsspider.pages import bylines, titles
from newsspider.pages.metadata import (
    PageMetadata,
    jsonld_names,
    jsonld_strings,
    jsonld_types,
    jsonld_url,
)
from newsspider.urls import http_url

_LANG = re.compile(r"^([a-zA-Z]{2,3})(?:[-_].*)?$")


def site_of(url: str) -> str:
    """The site key of a URL: its host (and port), lower case, without a leading 'www.'."""
    netloc = urlsplit(url).netloc.lower().rsplit("@", 1)[-1]
    return netloc.removeprefix("www.") or url


def _same_site(url: str, other: str) -> bool:
    return site_of(url) == site_of(other)


def jsonld_of_type(metadata: PageMetadata, *types: str) -> dict[str, Any]:
    """The first JSON-LD object of one of these types (e.g. WebSite, WebPage), else {}."""
    wanted = set(types)
    for obj in metadata.jsonld_objects:
        if jsonld_types(obj) & wanted:
            return obj
    return {}


def _jsonld_name(value: Any) -> str | None:
    names = jsonld_names(value)
    return names[0] if names else None


def site_name(metadata: PageMetadata) -> str | None:
    """og:site_name, else the JSON-LD WebSite or publisher name, else application-name."""
    for candidate in (
        metadata.first_meta("og:site_name"),
        _jsonld_name(jsonld_of_type(metadata, "WebSite")),
        _jsonld_name(metadata.jsonld.get("publisher")),
        metadata.first_meta("application-name", "apple-mobile-web-app-title"),
    ):
        name = titles.clean(candidate)
        if name:
            return name
    return None


def _site_names(metadata: PageMetadata, url: str) -> titles.SiteNames:
    names = [
        metadata.first_meta("og:site_name", "application-name", "apple-mobile-web-app-title"),
        _jsonld_name(jsonld_of_type(metadata, "WebSite")),
        *jsonld_names(metadata.jsonld.get("publisher")),
        (metadata.first_meta("twitter:site") or "").lstrip("@"),
    ]
    sections = [
        metadata.first_meta("article:section"),
        *jsonld_strings(metadata.jsonld.get("articleSection")),
    ]
    return titles.SiteNames(
        [titles.clean(name) for name in names if name],
        url,
        [titles.clean(name) for name in sections if name],
    )


def _stated_titles(metadata: PageMetadata) -> list[str]:
    headline = metadata.jsonld.get("headline") or metadata.jsonld.get("name")
    return [
        value
        for value in (
            headline if isinstance(headline, str) else None,
            metadata.first_meta("og:title"),
            metadata.first_meta("twitter:title"),
            metadata.html_title,
        )
        if value
    ]


def title_variants(metadata: PageMetadata, url: str = "") -> list[str]:
    """Every headline the page states, raw and without a site name, for de-duplication."""
    site = _site_names(metadata, url)
    variants = [titles.clean(value) for value in [*_stated_titles(metadata), *metadata.h1s]]
    variants = [value for value in variants if value]
    return variants + [titles.strip_site(value, site) for value in variants]


def title(metadata: PageMetadata, hint: str | None = None, url: str = "") -> str:
    """The headline: an h1 the JSON-LD, og:title or <title> agree with, else those; no site."""
    stated = _stated_titles(metadata) + ([hint] if hint else [])
    return titles.headline(metadata.h1s, stated, _site_names(metadata, url))


def canonical_url(metadata: PageMetadata, url: str) -> str:
    """rel=canonical, else og:url, when it points to the same site; else the fetched URL."""
    for candidate in (metadata.canonical, metadata.first_meta("og:url")):
        absolute = http_url(url, candidate)
        if absolute and (url.startswith("file:") or _same_site(absolute, url)):
            return absolute
    return url


def description(metadata: PageMetadata) -> str | None:
    """og:description, <meta name=description>, or the JSON-LD description."""
    value = metadata.first_meta("og:description", "description", "twitter:description")
    jsonld = metadata.jsonld.get("description")
    if not value and isinstance(jsonld, str):
        value = jsonld
    return " ".join(value.split()) if value else None


def language(metadata: PageMetadata) -> str | None:
    """ISO 639 code from <html lang>, JSON-LD inLanguage or og:locale."""
    in_language = metadata.jsonld.get("inLanguage")
    for candidate in (
        metadata.lang,
        in_language if isinstance(in_language, str) else None,
        metadata.first_meta("og:locale", "content-language", "language"),
    ):
        match = _LANG.match((candidate or "").strip())
        if match:
            return match.group(1).lower()
    return None


def section(metadata: PageMetadata) -> str | None:
    """JSON-LD articleSection or article:section."""
    sections = jsonld_strings(metadata.jsonld.get("articleSection"))
    return sections[0] if sections else metadata.first_meta("article:section")


def tags(metadata: PageMetadata) -> list[str]:
    """article:tag values and JSON-LD keywords, each once."""
    found = list(metadata.meta.get("article:tag", []))
    found += jsonld_strings(metadata.jsonld.get("keywords"))
    if not found:
        found = jsonld_strings(metadata.first_meta("news_keywords", "keywords"))
    return bylines.unique([tag.strip() for tag in found if tag.strip()])


def image(metadata: PageMetadata, url: str) -> str | None:
    """og:image, else the JSON-LD image, as an absolute URL."""
    found = metadata.first_meta("og:image", "twitter:image") or jsonld_url(
        metadata.jsonld.get("image")
    )
    return http_url(url, found)
