"""The fields one tag or two decide: canonical URL, description, language, section, tags, image."""

from __future__ import annotations

import re

from newsspider.pages.fields.bylines import unique
from newsspider.pages.metadata import PageMetadata, jsonld_strings, jsonld_url
from newsspider.urls import http_url, site_of

_LANG = re.compile(r"^([a-zA-Z]{2,3})(?:[-_].*)?$")


def canonical_url(metadata: PageMetadata, url: str) -> str:
    """rel=canonical, else og:url, when it points to the same site; else the fetched URL."""
    for candidate in (metadata.canonical, metadata.first_meta("og:url")):
        absolute = http_url(url, candidate)
        if absolute and (url.startswith("file:") or site_of(absolute) == site_of(url)):
            return absolute
    return url


def description(metadata: PageMetadata) -> str | None:
    """og:description, <meta name=description>, or the JSON-LD description."""
    value = metadata.first_meta("og:description", "description", "twitter:description")
    jsonld = metadata.jsonld.get("description")
    if not value and isinstance(jsonld, str):
        value = jsonld
    return " ".join(value.split()) if value else None


def declared_language(metadata: PageMetadata) -> str | None:
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
    return unique([tag.strip() for tag in found if tag.strip()])


def image(metadata: PageMetadata, url: str) -> str | None:
    """og:image, else the JSON-LD image, as an absolute URL."""
    found = metadata.first_meta("og:image", "twitter:image") or jsonld_url(
        metadata.jsonld.get("image")
    )
    return http_url(url, found)
