"""The record's dates, `published` and `modified`: trusted sources in order, few exceptions.

`published` is when the story was first published; `modified` when it was last changed. An
update date belongs in `modified`, never in `published` while a source states the publication.

`published`, in order of trust: JSON-LD `datePublished` (the article's, else its WebPage
node's), the published <meta>, a <time> or microdata date (near the headline first) not marked
as an update, the sitemap, the feed, the URL, a dateline in the text around the headline, an
"Updated" dateline when the page shows no other, htmldate's guess. Each must be plausible (not
in the future, not before 1990). `modified`: JSON-LD `dateModified`, the modified <meta>, a
<time> marked as an update, the sitemap or feed; dropped when before `published`.

The exceptions, each for a general shape (each kept because it gains on one benchmark set and
loses on none, see docs/benchmarks.md):
- an Article's day padded to midnight yields to the same day's moment in its WebPage node
  (themes that know only the day);
- a stated publication not before the stated modification is a stamp rewritten on every save:
  the earlier date the page shows wins (`modified_as_published`);
- a stated publication more than a day after the dateline the page shows is a migrated
  article's import day: the dateline wins (`later_than_dateline`);
- neither of the two when JSON-LD, <meta> and the URL agree on the day (two of them) and no
  marked-up date on the page says another: a header-text date is then a teaser's or ticker's;
- a picture's caption or credit is no dateline (metadata.py leaves it out of the header text).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from newsspider.pages.fields import date_parsing
from newsspider.pages.fields.date_parsing import DateChoice
from newsspider.pages.fields.simple import declared_language
from newsspider.pages.metadata import ARTICLE_TYPES, DateMark, PageMetadata, jsonld_types

PUBLISHED_META = (
    "article:published_time",
    "og:published_time",
    "og:article:published_time",
    "article:published",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "publication_date",
    "dc.date.issued",
    "dcterms.issued",
    "dcterms.created",
    "dc.date",
    "dcterms.date",
    "date",
    "citation_publication_date",
    "citation_date",
    "sailthru.date",
    "parsely-pub-date",
    "cxenseparse:publishtime",
)
MODIFIED_META = (
    "article:modified_time",
    "og:updated_time",
    "og:article:modified_time",
    "datemodified",
    "dcterms.modified",
    "last-modified",
    "updated",
)


def _page_like(obj: dict[str, Any]) -> bool:
    return any(kind in ARTICLE_TYPES or kind.endswith("Page") for kind in jsonld_types(obj))


def _jsonld_dates(metadata: PageMetadata, key: str) -> list[str]:
    """A JSON-LD date of the article object, else of the page (a Yoast WebPage node).

    Other objects' dates (a product's, a video's, a dataset's) are not the article's.
    """
    values = [metadata.jsonld.get(key)]
    values += [obj.get(key) for obj in metadata.jsonld_objects if _page_like(obj)]
    return [value for value in values if isinstance(value, str) and value.strip()]


def _jsonld_published(metadata: PageMetadata) -> str | None:
    """The article's JSON-LD datePublished; a day padded to midnight yields to a real moment.

    Themes that know only the day write `2023-05-17T00:00:00+00:00` in their Article object
    while the CMS's own WebPage node has `2023-05-18T04:39:05+00:00`: within a day of each
    other, they are one publication, and only the second says when it was.
    """
    values = _jsonld_dates(metadata, "datePublished")
    if not values:
        return None
    lang = declared_language(metadata)
    first = date_parsing.parse_date(values[0], lang)
    if first is None or first[10:19] != "T00:00:00":
        return values[0]
    for value in values[1:]:
        other = date_parsing.parse_date(value, lang)
        if other and other[10:19] not in {"", "T00:00:00"} and _within_a_day(first, other):
            return value
    return values[0]


def _within_a_day(first: str, second: str) -> bool:
    """A day apart at most, and not the same moment written in two offsets."""
    moved = date_parsing.before(first, second) or date_parsing.before(second, first)
    return moved and abs(date_parsing.days_between(first, second)) <= 1


def _stated_modified(metadata: PageMetadata) -> str | None:
    """The modification date the page states, JSON-LD's else <meta>'s, as ISO 8601."""
    lang = declared_language(metadata)
    for value in (
        next(iter(_jsonld_dates(metadata, "dateModified")), None),
        metadata.first_meta(*MODIFIED_META),
    ):
        iso = date_parsing.parse_date(value, lang)
        if iso:
            return iso
    return None


_MODIFIED_WORDS = ("modif", "updat", "chang", "revis", "edit")


def _says_modified(mark: DateMark) -> bool:
    """Whether a shown date's itemprop, class or text calls it a modification."""
    return any(word in mark.prop for word in _MODIFIED_WORDS)


def _marked_date(metadata: PageMetadata, *, modified: bool) -> str | None:
    """The first <time> or microdata date (after the h1 first) saying it is (not) modified."""
    return next((mark.value for mark in metadata.dates if _says_modified(mark) == modified), None)


def published(
    metadata: PageMetadata,
    url: str,
    fetched_at: str,
    *,
    hint: str | None = None,
    hint_source: str = "sitemap",
    guess: Callable[[], str | None] | None = None,
) -> DateChoice:
    """Publication date: JSON-LD, meta, <time>, sitemap, feed, URL, header text, htmldate."""
    candidates: list[tuple[str, Callable[[], Any]]] = [
        ("jsonld", lambda: _jsonld_published(metadata)),
        ("meta", lambda: metadata.first_meta(*PUBLISHED_META)),
        ("time", lambda: _marked_date(metadata, modified=False)),
        ("sitemap", lambda: hint if hint_source == "sitemap" else None),
        ("feed", lambda: hint if hint_source == "feed" else None),
        ("url", lambda: date_parsing.url_date(url)),
        (
            "header",
            lambda: date_parsing.header_date(metadata.header_text, declared_language(metadata)),
        ),
        # A page dated only "Updated ..." shows its readers no other date: that one beats
        # htmldate's guess from elsewhere in the page.
        ("header", lambda: _updated_dateline(metadata)),
        ("htmldate", guess or (lambda: None)),
    ]
    choice = date_parsing.first_plausible(candidates, fetched_at, declared_language(metadata))
    return _unless_shown_earlier(choice, metadata, url, fetched_at)


def _updated_dateline(metadata: PageMetadata) -> str | None:
    """The first dateline around the headline, even one labelled as an update."""
    shown = date_parsing.header_datelines(metadata.header_text, declared_language(metadata))
    return shown[0][0] if shown else None


def _shown_date(metadata: PageMetadata, *, restamped: bool) -> tuple[str, str] | None:
    """The date shown under the headline: header text, else the first <time> when restamped."""
    lang = declared_language(metadata)
    shown = date_parsing.header_date(metadata.header_text, lang)
    if shown is not None:
        return shown, "header"
    if not restamped:
        return None
    # Only the first date after the headline: later ones date teasers of other articles.
    first = next((mark for mark in metadata.dates if mark.after_headline), None)
    if first is not None and not _says_modified(first):
        marked = date_parsing.parse_date(first.value, lang)
        if marked is not None:
            return marked, "time"
    # A stamp rewritten on every save is no earlier than any shown update, and the article
    # was published no later than that update: the shown update is the closer date.
    updated = _updated_dateline(metadata)
    if updated is not None:
        return updated, "header"
    if first is not None:
        marked = date_parsing.parse_date(first.value, lang)
        if marked is not None:
            return marked, "time"
    return None


def _sources_agree(metadata: PageMetadata, url: str, day: str) -> bool:
    """Whether two of JSON-LD, <meta> and the URL state this publication day, and no date
    marked up on the page (<time>, itemprop) says another.

    Two sources agreeing are the publication; a date only in the header text is then another
    story's, a picture's or a ticker's.
    """
    lang = declared_language(metadata)

    def says_day(value: str | None) -> bool:
        return (date_parsing.parse_date(value, lang) or "")[:10] == day

    shown = next((mark.value for mark in metadata.dates if not _says_modified(mark)), None)
    if shown is not None and not says_day(shown):
        return False
    stated = [
        next(iter(_jsonld_dates(metadata, "datePublished")), None),
        metadata.first_meta(*PUBLISHED_META),
        date_parsing.url_date(url),
    ]
    return sum(map(says_day, stated)) >= 2


def _unless_shown_earlier(
    choice: DateChoice, metadata: PageMetadata, url: str, fetched_at: str
) -> DateChoice:
    """The page's earlier dateline when the stated publication date is a later stamp.

    Two shapes: CMSs that rewrite `datePublished` on every save state it equal to (or even
    after) `dateModified`; migrated and re-imported articles carry the import day while the
    page still shows the original dateline. A dateline a day earlier may be the same moment in
    another time zone, so outside the first shape it must be earlier by more than a day.
    """
    if (
        choice.value is None
        or choice.source not in {"jsonld", "meta", "time"}
        or _sources_agree(metadata, url, choice.value[:10])
    ):
        return choice
    stated = _stated_modified(metadata)
    restamped = stated is not None and not date_parsing.before(choice.value, stated)
    if not restamped and choice.source == "time":
        return choice  # a <time> is itself a date shown to readers
    found = _shown_date(metadata, restamped=restamped)
    if found is None or not date_parsing.before(found[0], choice.value):
        return choice
    if not restamped and date_parsing.days_between(found[0], choice.value) <= 1:
        return choice
    if date_parsing.rejection(found[0], fetched_at) is not None:
        return choice
    reason = "modified_as_published" if restamped else "later_than_dateline"
    return DateChoice(found[0], found[1], (*choice.rejected, reason))


def modified(
    metadata: PageMetadata, published: str | None, hint: str | None = None
) -> tuple[str | None, bool]:
    """Last modification (JSON-LD, meta, <time>, sitemap/feed), and whether one was dropped.

    A modification before the publication is dropped: one of the two is wrong, and the
    publication date came from the more trusted source.
    """
    for candidate in (
        _stated_modified(metadata),
        _marked_date(metadata, modified=True),
        hint,
    ):
        value = date_parsing.parse_date(candidate, declared_language(metadata))
        if value:
            if published and date_parsing.before(value, published):
                return None, True
            return value, False
    return None, False
