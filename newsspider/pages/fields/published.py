"""The record's dates: trusted sources in order, sanity checks, modified never before published."""

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
    """The latest modification date the page states in JSON-LD or <meta>, as ISO 8601.

    A CMS may leave a stale `dateModified` in its JSON-LD while its <meta> carries the last
    edit (or the reverse): the later one is the last modification.
    """
    lang = declared_language(metadata)
    latest: str | None = None
    for value in (
        next(iter(_jsonld_dates(metadata, "dateModified")), None),
        metadata.first_meta(*MODIFIED_META),
    ):
        iso = date_parsing.parse_date(value, lang)
        if iso and (
            latest is None or (iso[:10] != latest[:10] and date_parsing.before(latest, iso))
        ):
            latest = iso
    return latest


# An update this many days or fewer after the publication is a correction of the same article
# (a news story updated the next week); a later one may be a rewrite (an evergreen guide).
REWRITE_DAYS = 30

_MODIFIED_WORDS = ("modif", "updat", "chang", "revis", "edit")


def _says_modified(mark: DateMark) -> bool:
    """Whether a shown date's itemprop, class or text calls it a modification."""
    return any(word in mark.prop for word in _MODIFIED_WORDS)


def _marked_date(metadata: PageMetadata, *, modified: bool) -> str | None:
    """The first <time> or microdata date (after the h1 first) saying it is (not) modified.

    An unlabelled date equal to the stated modification date is that date on display, not the
    publication date ("Updated: <time>"), so it is skipped.
    """
    lang = declared_language(metadata)
    stated = (_stated_modified(metadata) or "")[:10]
    for mark in metadata.dates:
        if _says_modified(mark) != modified:
            continue
        if (
            not modified
            and stated
            and (date_parsing.parse_date(mark.value, lang) or "")[:10] == stated
        ):
            continue
        return mark.value
    return None


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
    choice = _unless_shown_earlier(choice, metadata, fetched_at)
    return _unless_only_shown(choice, metadata, fetched_at)


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


def _unless_shown_earlier(
    choice: DateChoice, metadata: PageMetadata, fetched_at: str
) -> DateChoice:
    """The page's earlier dateline when the stated publication date is a later stamp.

    Two shapes: CMSs that rewrite `datePublished` on every save state it equal to (or even
    after) `dateModified`; migrated and re-imported articles carry the import day while the
    page still shows the original dateline. A dateline a day earlier may be the same moment in
    another time zone, so outside the first shape it must be earlier by more than a day.
    """
    if choice.value is None or choice.source not in {"jsonld", "meta", "time"}:
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


def _only_shown_date(metadata: PageMetadata, *, updates: bool) -> tuple[str, str] | None:
    """The one date the page shows around its headline, if it shows one.

    Datelines in the header text and <time> or microdata dates after the h1 count; two
    different days give None, and so does a date labelled "Updated" unless `updates`.
    """
    lang = declared_language(metadata)
    shown = [
        (iso, "header", update)
        for iso, update in date_parsing.header_datelines(metadata.header_text, lang)
    ]
    for mark in metadata.dates:
        iso = date_parsing.parse_date(mark.value, lang) if mark.after_headline else None
        if iso:
            shown.append((iso, "time", _says_modified(mark)))
    if not shown or (not updates and any(update for _, _, update in shown)):
        return None
    if len({iso[:10] for iso, _, _ in shown}) != 1:
        return None
    # The <time> carries the time and offset the header text lacks.
    iso, source, _ = max(shown, key=lambda entry: (entry[1] == "time", len(entry[0])))
    return iso, source


def _stated_outside_jsonld(metadata: PageMetadata, day: str) -> bool:
    """Whether the page's <meta> tags or shown <time>s state this publication day too."""
    lang = declared_language(metadata)
    values = [metadata.first_meta(*PUBLISHED_META), *(mark.value for mark in metadata.dates)]
    return any(
        (date_parsing.parse_date(value, lang) or "")[:10] == day for value in values if value
    )


def _unless_only_shown(choice: DateChoice, metadata: PageMetadata, fetched_at: str) -> DateChoice:
    """The one date the page shows its readers, when the stated publication is hidden.

    Evergreen pages state an old `datePublished` that they never show and display their
    `dateModified` as the article's date: that shown date is the one a reader (and a citation)
    takes for the publication date. Labelled "Updated", it still wins when the old date is
    in JSON-LD alone: SEO plugins fill `datePublished` with the day the URL was first made,
    while the text on the page is the version of the update; a page whose <meta> or <time>
    tags also state the old date keeps it, and so does one showing a second date.
    """
    if choice.value is None or choice.source not in {"jsonld", "meta"}:
        return choice
    stated = _stated_modified(metadata)
    if stated is None or not date_parsing.before(choice.value, stated):
        return choice
    hidden = (
        choice.source == "jsonld"
        and date_parsing.days_between(choice.value, stated) > REWRITE_DAYS
        and not _stated_outside_jsonld(metadata, choice.value[:10])
    )
    found = _only_shown_date(metadata, updates=hidden)
    if found is None or (found[0][:10] != stated[:10] and not hidden):
        return choice
    if not _may_replace(choice.value, found[0], stated, fetched_at):
        return choice
    return DateChoice(found[0], found[1], (*choice.rejected, "not_shown"))


def _may_replace(published: str, shown: str, modified: str, fetched_at: str) -> bool:
    """Whether a shown date can be the version date of a page stated published and modified."""
    return not (
        date_parsing.before(modified, shown)  # after the last modification: not this version's date
        # 09.10.2024 read day first may be the stated publication written month first
        or date_parsing.day_first_swapped(shown) == published[:10]
        # the next day may be the same moment in the publisher's time zone
        or date_parsing.days_between(published, shown) <= 1
        or date_parsing.rejection(shown, fetched_at) is not None
    )


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
