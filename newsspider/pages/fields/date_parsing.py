"""Page dates: parse what the page states, check it is plausible, keep the most trusted one."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from itertools import islice
from typing import TYPE_CHECKING, Any

from newsspider.timestamps import to_iso8601

if TYPE_CHECKING:
    from dateparser.date import DateDataParser

# A date in the page before the web existed is a birth date, a founding year or a bad default.
EARLIEST = date(1990, 1, 1)
# How far past the fetch time a timestamp with an offset may lie (clocks disagree a little) ...
CLOCK_SKEW = timedelta(hours=1)
# ... and a day or a local time without offset, which may be up to 14 hours ahead of UTC.
LOCAL_SKEW = timedelta(hours=15)

_URL_DATE = re.compile(
    r"(?<!\d)((?:19|20)\d{2})[/_.-]?(0[1-9]|1[0-2])[/_.-]?(0[1-9]|[12]\d|3[01])(?!\d)"
)
_URL_DATE_SEPARATED = re.compile(
    r"/((?:19|20)\d{2})[/_-](0?[1-9]|1[0-2])[/_-](0?[1-9]|[12]\d|3[01])(?:/|[_-]|$)"
)
# A textual date inside a longer string ("Updated: 12 November 2025", "3. März 2024, 10:00").
_TEXT_DATE = re.compile(
    r"\d{1,2}\.?\s+(?:de\s+)?[^\W\d_]{3,}\.?,?\s+(?:de\s+)?\d{4}"
    r"|[^\W\d_]{3,}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
    r"|\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
    r"|\d{1,2}[./]\d{1,2}[./]\d{4}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"
)


# A dateline next to the headline: "March 9, 2026", "20 December 2025", "2024-11-06",
# "12.12.2025", "3. März 2024" (the month word is checked when parsed).
_DATELINE = re.compile(
    r"(?<![\w/.-])(?:\d{4}-\d{2}-\d{2}|\d{1,2}\.\d{1,2}\.\d{4}"
    r"|[^\W\d_]{3,}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
    r"|\d{1,2}(?:st|nd|rd|th|\.)?\s+(?:de\s+)?[^\W\d_]{3,}\.?,?\s+(?:de\s+)?\d{4})(?![\w/-])"
)
# What makes a dateline not the publication date: "Updated May 3", "Last modified: ...".
_NOT_PUBLISHED = re.compile(
    r"(?:updated|modified|edited|reviewed|revised|changed|aktualisiert|mis à jour|"
    r"actualizado|aggiornato)\W*(?:on|am|le|el|il)?\W*$",
    re.IGNORECASE,
)
_MAX_DATELINES = 4


# English month names and abbreviations, and the two orders English pages write a day in
# ("Nov. 19, 2019", "November 19th 2019", "19 NOV 2019", "25. September 2018"): read
# directly, as dateparser reads them (tests/test_dates.py compares the two), at a hundredth
# of its cost, and without loading its English locale (0.1 s for the first page).
_ENGLISH_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_ENGLISH_DATE = re.compile(
    r"(?:(?P<month>[a-z]{3,9})\.? (?P<day>\d{1,2})(?:st|nd|rd|th)?,?"
    r"|(?P<day_first>\d{1,2})(?:st|nd|rd|th|\.)? (?P<month_after>[a-z]{3,9})\.?,?) (?P<year>\d{4})",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class DateChoice:
    """The date kept, which source gave it, and why earlier candidates were rejected."""

    value: str | None = None
    source: str | None = None
    rejected: tuple[str, ...] = ()


@lru_cache(maxsize=32)
def _text_parser(languages: tuple[str, ...]) -> DateDataParser:
    # Imported on first use: most pages state their dates in ISO 8601 and never need it.
    from dateparser.date import DateDataParser  # noqa: PLC0415

    return DateDataParser(
        languages=list(languages),
        settings={
            "STRICT_PARSING": True,  # a day, a month and a year, or nothing
            "PREFER_DATES_FROM": "past",
            "RETURN_AS_TIMEZONE_AWARE": False,
            "PARSERS": ["custom-formats", "absolute-time"],
        },
    )


def _parse_text(text: str, language: str | None) -> str | None:
    """A textual date ('12 novembre 2025', '3. März 2024') as YYYY-MM-DD, via dateparser."""
    match = _TEXT_DATE.search(text)
    if match is None:
        return None
    # dateparser tries every language it knows unless told which: seconds per miss.
    languages = tuple(dict.fromkeys(lang for lang in (language, "en") if lang))
    return _parse_date_words(match.group(0), languages)


# A page states its date in several places (header, <time>, microdata) that are each parsed
# more than once, and a site's pages of one day share it: dateparser takes about 2 ms a call.
# Its strict parse of a full day, month and year does not depend on the clock, so caching
# changes no result.
@lru_cache(maxsize=1024)
def _parse_date_words(text: str, languages: tuple[str, ...]) -> str | None:
    if languages == ("en",):
        english = english_date(text)
        if english is not None:
            return english
    try:
        found = _text_parser(languages).get_date_data(text)
    except (ValueError, KeyError):  # an unsupported language code
        found = _text_parser(("en",)).get_date_data(text)
    moment = found.date_obj if found else None
    if not isinstance(moment, datetime):
        return None
    has_time = ":" in text
    return moment.isoformat() if has_time else moment.date().isoformat()


def english_date(text: str) -> str | None:
    """An English "Month day, year" or "day Month year" as YYYY-MM-DD; None for anything else."""
    match = _ENGLISH_DATE.fullmatch(text)
    if match is None:
        return None
    month = _ENGLISH_MONTHS.get((match["month"] or match["month_after"]).lower())
    if month is None:
        return None
    try:
        return date(int(match["year"]), month, int(match["day"] or match["day_first"])).isoformat()
    except ValueError:  # "February 30": dateparser decides
        return None


def parse_date(value: Any, language: str | None = None) -> str | None:
    """Any date a page states, as ISO 8601 (time and offset kept when given), else None."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = " ".join(value.split())
    return to_iso8601(text) or _parse_text(text, language)


def url_date(url: str) -> str | None:
    """The publication day a URL carries: /2024/06/21/, /2024-06-21-slug, /20240621/."""
    path = url.split("?", 1)[0].split("#", 1)[0]
    for pattern in (_URL_DATE_SEPARATED, _URL_DATE):
        for match in pattern.finditer(path):
            try:
                return date(int(match[1]), int(match[2]), int(match[3])).isoformat()
            except ValueError:
                continue
    return None


def _as_utc(iso: str) -> tuple[datetime, bool]:
    """The moment as UTC, and whether the value gave an offset."""
    moment = datetime.fromisoformat(iso)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC), False
    return moment.astimezone(UTC), True


def rejection(iso: str, fetched_at: str) -> str | None:
    """Why a publication date cannot be right ('future', 'before_1990'), or None."""
    moment, has_offset = _as_utc(iso)
    if moment.date() < EARLIEST:
        return "before_1990"
    try:
        fetched, _ = _as_utc(fetched_at)
    except ValueError:  # a fetch time from elsewhere (an archive) that is no date: no upper bound
        return None
    if moment > fetched + (CLOCK_SKEW if has_offset else LOCAL_SKEW):
        return "future"
    return None


def first_plausible(
    candidates: Iterable[tuple[str, Callable[[], Any]]],
    fetched_at: str,
    language: str | None = None,
) -> DateChoice:
    """The first candidate (source, getter) that parses and passes the sanity checks."""
    rejected: list[str] = []
    for source, getter in candidates:
        iso = parse_date(getter(), language)
        if iso is None:
            continue
        reason = rejection(iso, fetched_at)
        if reason is None:
            return DateChoice(iso, source, tuple(rejected))
        rejected.append(reason)
    return DateChoice(rejected=tuple(rejected))


def before(earlier: str, later: str) -> bool:
    """True when the first date is strictly before the second (days compare as days)."""
    if len(earlier) == 10 or len(later) == 10:
        return earlier[:10] < later[:10]
    return _as_utc(earlier)[0] < _as_utc(later)[0]


def days_between(earlier: str, later: str) -> int:
    """Calendar days from the first date's day to the second's, as each is written."""
    return (date.fromisoformat(later[:10]) - date.fromisoformat(earlier[:10])).days


def header_datelines(text: str, language: str | None = None) -> list[tuple[str, bool]]:
    """The dates shown around the headline, each with whether a label calls it an update."""
    return list(_read_datelines(text, language))


# Several of the date rules look at a page's datelines: they are read once per header text.
@lru_cache(maxsize=32)
def _read_datelines(text: str, language: str | None) -> tuple[tuple[str, bool], ...]:
    found: list[tuple[str, bool]] = []
    for match in islice(_DATELINE.finditer(text), _MAX_DATELINES):
        iso = _parse_dateline(match.group(0), language)
        if iso:
            label = text[max(0, match.start() - 25) : match.start()]
            found.append((iso, _NOT_PUBLISHED.search(label) is not None))
    return tuple(found)


def header_date(text: str, language: str | None = None) -> str | None:
    """The first date shown around the headline that is not labelled as an update."""
    return next((iso for iso, update in header_datelines(text, language) if not update), None)


def _parse_dateline(text: str, language: str | None) -> str | None:
    iso = to_iso8601(text)
    if iso:
        return iso
    day, dot, rest = text.partition(".")
    if dot and day.isdigit() and rest[:2].strip(".").isdigit():
        try:  # 12.12.2025: day first wherever dots separate the parts
            month, year = rest.split(".")
            return date(int(year), int(month), int(day)).isoformat()
        except ValueError:
            return None
    return _parse_text(text, language)
