"""Is this page an article? URL shape, JSON-LD and Open Graph types, and body length decide."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from newsspider.pages.metadata import ARTICLE_TYPES, NON_ARTICLE_TYPES, PageMetadata

# Path segments that name listing or static pages, never a single article.
NON_ARTICLE_SEGMENTS = frozenset(
    {
        "tag",
        "tags",
        "topic",
        "topics",
        "author",
        "authors",
        "category",
        "categories",
        "section",
        "sections",
        "archive",
        "archives",
        "page",
        "search",
        "about",
        "about-us",
        "contact",
        "contact-us",
        "privacy",
        "privacy-policy",
        "terms",
        "terms-of-use",
        "terms-of-service",
        "cookies",
        "cookie-policy",
        "imprint",
        "impressum",
        "login",
        "subscribe",
        "newsletter",
        "newsletters",
    }
)
_DATE_IN_PATH = re.compile(r"/(19|20)\d{2}[/-](0?[1-9]|1[0-2])([/-]|$)")
_LONG_ID = re.compile(r"\d{5,}")
_EXTENSION = re.compile(r"\.(s?html?|php|aspx?)$")
_SLUG_MIN_WORDS = 3


def url_shape(url: str) -> str:
    """Classify a URL as 'home', 'listing' (tag, author, static pages), 'article' or 'unknown'."""
    path = urlsplit(url).path
    segments = [_EXTENSION.sub("", seg).lower() for seg in path.split("/") if seg]
    if not segments or segments == ["index"]:
        return "home"
    if any(seg in NON_ARTICLE_SEGMENTS for seg in segments):
        return "listing"
    last = segments[-1]
    if _DATE_IN_PATH.search(path) and not last.isdigit():
        return "article"
    if len(last.split("-")) >= _SLUG_MIN_WORDS + 1 or _LONG_ID.search(last):
        return "article"
    return "unknown"


def is_article_type(metadata: PageMetadata) -> bool:
    """True when JSON-LD declares an article type or Open Graph says og:type=article."""
    og_type = (metadata.first_meta("og:type") or "").lower()
    return bool(metadata.jsonld_types & ARTICLE_TYPES) or og_type == "article"


def skip_reason(url: str, metadata: PageMetadata, word_count: int, min_words: int) -> str | None:
    """Why this page is not an article (a stats key), or None when it is one."""
    shape = url_shape(url)
    if shape == "home":
        return "home"
    if shape == "listing":
        return "listing_url"
    declared = is_article_type(metadata)
    if not declared and metadata.jsonld_types & NON_ARTICLE_TYPES:
        return "listing_type"
    if word_count < min_words:
        return "too_short"
    if not declared and shape != "article":
        return "no_article_signal"
    return None
