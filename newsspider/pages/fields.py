"""Reconcile the page's metadata sources into record fields, one small function per field."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from newsspider.discovery.dates import to_iso8601
from newsspider.pages.metadata import PageMetadata, jsonld_names, jsonld_strings, jsonld_url
from newsspider.urls import http_url

_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—:·»]\s+")
_BY_PREFIX = re.compile(r"^\s*(?:by|von|par|por|di)\s+", re.IGNORECASE)
_NAME_SPLIT = re.compile(r"\s*(?:;|,|\band\b|&|\bund\b|\bet\b|\by\b)\s*", re.IGNORECASE)
_LANG = re.compile(r"^([a-zA-Z]{2,3})(?:[-_].*)?$")
_MAX_NAME_WORDS = 5

PUBLISHED_META = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "dc.date.issued",
    "dcterms.created",
    "dc.date",
    "sailthru.date",
    "parsely-pub-date",
)
MODIFIED_META = ("article:modified_time", "og:updated_time", "datemodified", "dcterms.modified")
AUTHOR_META = ("author", "article:author", "parsely-author", "sailthru.author", "dc.creator")


def site_of(url: str) -> str:
    """The site key of a URL: its host (and port), lower case, without a leading 'www.'."""
    netloc = urlsplit(url).netloc.lower().rsplit("@", 1)[-1]
    return netloc.removeprefix("www.") or url


def _same_site(url: str, other: str) -> bool:
    return site_of(url) == site_of(other)


def iso_date(value: str | None) -> str | None:
    """A date string as ISO 8601, or None when it is not a date."""
    return to_iso8601(value) if value else None


def _site_names(metadata: PageMetadata) -> set[str]:
    names = {metadata.first_meta("og:site_name", "application-name") or ""}
    publisher = metadata.jsonld.get("publisher")
    names.update(jsonld_names(publisher))
    return {name.strip().casefold() for name in names if name.strip()}


def _strip_site_name(title: str, site_names: set[str]) -> str:
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    kept = [part for part in parts if part.strip().casefold() not in site_names]
    if kept and len(kept) < len(parts):
        return " - ".join(kept)
    return title


def title_variants(metadata: PageMetadata) -> list[str]:
    """Every headline the page states, raw and without a site name, for de-duplication."""
    raw = [
        metadata.jsonld.get("headline"),
        metadata.first_meta("og:title"),
        metadata.first_meta("twitter:title"),
        metadata.h1,
        metadata.html_title,
    ]
    names = _site_names(metadata)
    variants = [value for value in raw if isinstance(value, str) and value.strip()]
    return variants + [_strip_site_name(value, names) for value in variants]


def title(metadata: PageMetadata, hint: str | None = None) -> str:
    """The headline: JSON-LD, og:title, <h1>, <title>, then the sitemap/feed title."""
    names = _site_names(metadata)
    candidates = [
        metadata.jsonld.get("headline"),
        metadata.first_meta("og:title"),
        metadata.h1,
        metadata.html_title,
        hint,
    ]
    for candidate in candidates:
        if isinstance(candidate, str) and candidate.strip():
            return _strip_site_name(" ".join(candidate.split()), names)
    return ""


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


def split_names(value: str | None) -> list[str]:
    """Person names from a byline string: 'By A, B and C' or 'A; B' give one name each."""
    if not value:
        return []
    names = []
    for part in _NAME_SPLIT.split(_BY_PREFIX.sub("", value)):
        name = " ".join(_BY_PREFIX.sub("", part).split())
        if name and not name.startswith("http") and len(name.split()) <= _MAX_NAME_WORDS:
            names.append(name)
    return names


def _unique(values: list[str]) -> list[str]:
    seen: set[str] = set()
    kept = []
    for value in values:
        key = value.casefold()
        if key not in seen:
            seen.add(key)
            kept.append(value)
    return kept


def authors(metadata: PageMetadata) -> list[str]:
    """Author names from JSON-LD (persons first), else from author <meta> tags."""
    found = [
        name for raw in jsonld_names(metadata.jsonld.get("author")) for name in split_names(raw)
    ]
    if not found:
        meta = metadata.first_meta(*AUTHOR_META)
        found = split_names(meta)
    return _unique(found)


def published(metadata: PageMetadata, hint: str | None = None) -> str | None:
    """Publication date: JSON-LD, article meta, <time datetime>, then the sitemap/feed date."""
    jsonld = metadata.jsonld.get("datePublished")
    candidates = [
        jsonld if isinstance(jsonld, str) else None,
        metadata.first_meta(*PUBLISHED_META),
        metadata.time_datetime,
        hint,
    ]
    for candidate in candidates:
        date = iso_date(candidate)
        if date:
            return date
    return None


def modified(metadata: PageMetadata, hint: str | None = None) -> str | None:
    """Last modification: JSON-LD dateModified, modified-time meta, then sitemap lastmod."""
    jsonld = metadata.jsonld.get("dateModified")
    for candidate in (
        jsonld if isinstance(jsonld, str) else None,
        metadata.first_meta(*MODIFIED_META),
        hint,
    ):
        date = iso_date(candidate)
        if date:
            return date
    return None


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
    return _unique([tag.strip() for tag in found if tag.strip()])


def image(metadata: PageMetadata, url: str) -> str | None:
    """og:image, else the JSON-LD image, as an absolute URL."""
    found = metadata.first_meta("og:image", "twitter:image") or jsonld_url(
        metadata.jsonld.get("image")
    )
    return http_url(url, found)
