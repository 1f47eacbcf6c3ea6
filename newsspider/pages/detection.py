"""Is this page an article? URL shape, JSON-LD and Open Graph types, and body length decide."""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import parse_qsl, urlsplit

from newsspider.pages.metadata import ARTICLE_TYPES, NON_ARTICLE_TYPES, PageMetadata

# A URL whose last path segment is one of these is a static or index page, never an article.
STATIC_SEGMENTS = frozenset(
    """about about-us contact contact-us privacy privacy-policy terms terms-of-use
    terms-of-service cookies cookie-policy imprint impressum login subscribe newsletter
    newsletters search archive archives sitemap tags topics authors categories sections""".split()
)
# A short name under one of these (/tag/elections/, /author/jane-doe/, /page/2/) is a listing.
LISTING_PARENTS = frozenset(
    """tag tags topic topics author authors category categories section sections page search
    archive archives""".split()
)
# /article/3834/, /story/123456: a content-type word followed by a numeric id.
ITEM_PARENTS = frozenset("article articles story stories post posts news".split())
ID_PARAMETERS = frozenset(
    """id idx aid articleid article_id storyid story_id newsid news_id p no sn contentid
    docid""".split()
)
_DATE_IN_PATH = re.compile(r"/(19|20)\d{2}[/-](0?[1-9]|1[0-2])([/-]|$)")
_LONG_ID = re.compile(r"\d{5,}")
_EXTENSION = re.compile(r"\.(s?html?|php|aspx?|asp|jsp|cms)$")
_SLUG_SPLIT = re.compile(r"[-_+]")
_SLUG_MIN_WORDS = 4
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
# Paragraphs of real prose: listing teasers are shorter than this.
_PROSE_PARAGRAPH_WORDS = 40
_PROSE_PARAGRAPHS = 2
# Or one unbroken block this long: pages whose text comes out with no paragraph breaks are
# prose too, while the blurb of an about or section page (the about-page fixture: 184 words)
# is shorter.
_PROSE_BLOCK_WORDS = 250


def _is_article_slug(segment: str) -> bool:
    return len(_SLUG_SPLIT.split(segment)) >= _SLUG_MIN_WORDS or bool(_LONG_ID.search(segment))


def _has_id_parameter(query: str) -> bool:
    return any(
        name.lower() in ID_PARAMETERS and len(value) >= 3 and value.isdigit()
        for name, value in parse_qsl(query)
    )


def url_shape(url: str) -> str:
    """Classify a URL as 'home', 'listing' (tag, author, static pages), 'article' or 'unknown'."""
    parts = urlsplit(url)
    segments = [_EXTENSION.sub("", seg).lower() for seg in parts.path.split("/") if seg]
    if not segments or segments == ["index"]:
        return "article" if _has_id_parameter(parts.query) else "home"
    last = segments[-1]
    looks_like_article = (
        (_DATE_IN_PATH.search(parts.path) is not None and not last.isdigit())
        or _is_article_slug(last)
        or _has_id_parameter(parts.query)
        or (len(segments) >= 2 and segments[-2] in ITEM_PARENTS and last.isdigit())
        or (len(segments) >= 3 and segments[-3] in ITEM_PARENTS and segments[-2].isdigit())
    )
    if last in STATIC_SEGMENTS:
        return "listing"
    if len(segments) >= 2 and segments[-2] in LISTING_PARENTS and not looks_like_article:
        return "listing"
    return "article" if looks_like_article else "unknown"


def effective_words(text: str) -> int:
    """Words for length checks: whitespace words, or CJK characters / 2 for unspaced scripts."""
    return max(len(text.split()), len(_CJK.findall(text)) // 2)


def has_prose(paragraphs: Sequence[str]) -> bool:
    """True when the main text has paragraphs of running prose, not just teasers and captions."""
    lengths = [effective_words(paragraph) for paragraph in paragraphs]
    long_ones = sum(1 for words in lengths if words >= _PROSE_PARAGRAPH_WORDS)
    return long_ones >= _PROSE_PARAGRAPHS or max(lengths, default=0) >= _PROSE_BLOCK_WORDS


def is_article_type(metadata: PageMetadata) -> bool:
    """True when JSON-LD declares an article type or Open Graph says og:type=article."""
    og_type = (metadata.first_meta("og:type") or "").lower()
    return bool(metadata.jsonld_types & ARTICLE_TYPES) or og_type == "article"


def _article_under_listing(url: str, metadata: PageMetadata, paragraphs: Sequence[str]) -> bool:
    """An article whose URL sits under a listing word (/topic/history-of-coffee): it says so.

    Tag and topic pages declare themselves collections or websites and show teasers, not
    prose; a static page (about, contact) is never an article, whatever it declares.
    """
    last = urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]
    if _EXTENSION.sub("", last).lower() in STATIC_SEGMENTS:
        return False
    return is_article_type(metadata) and has_prose(paragraphs)


def skip_reason(
    url: str, metadata: PageMetadata, paragraphs: Sequence[str], min_words: int
) -> str | None:
    """Why this page is not an article (a stats key), or None when it is one."""
    shape = url_shape(url)
    if shape == "home":
        return "home"
    if shape == "listing" and not _article_under_listing(url, metadata, paragraphs):
        return "listing_url"
    words = effective_words(" ".join(paragraphs))
    # A page that declares itself an article may be short (a breaking-news item).
    if is_article_type(metadata):
        return None if words >= min_words // 2 else "too_short"
    if words < min_words:
        return "too_short"
    if shape == "article" or has_prose(paragraphs):
        return None
    return "listing_type" if metadata.jsonld_types & NON_ARTICLE_TYPES else "no_article_signal"
