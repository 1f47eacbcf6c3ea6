"""Normalise the date strings found in sitemaps and feeds to ISO 8601."""

from __future__ import annotations

import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime

# Output carries whole seconds only, and datetime.fromisoformat rejects more than six
# fractional digits (some CMSs emit nanoseconds), so the fraction is dropped before parsing.
_FRACTION = re.compile(r"(?<=\d{2}:\d{2}:\d{2})[.,]\d+")

# Everything a malformed date may make the standard parsers raise; a bad date in one
# entry must never abort the parsing of a whole sitemap or feed.
_PARSE_ERRORS = (ValueError, TypeError, IndexError, OverflowError)


def to_iso8601(value: str | None) -> str | None:
    """Normalise an ISO 8601, RFC 822 or 'YYYY-MM-DD' date string to ISO 8601, else None."""
    if not value or not isinstance(value, str):
        return None
    text = value.strip()
    if not text:
        return None
    day = _parse_date_only(text)
    if day is not None:
        return day.isoformat()
    moment = _parse_iso_datetime(text) or _parse_rfc822(text)
    if moment is None:
        return None
    return moment.replace(microsecond=0).isoformat()


def _parse_date_only(text: str) -> date | None:
    # Checked first: datetime.fromisoformat would turn '2024-06-21' into midnight and the
    # caller could no longer tell a day from an instant.
    try:
        return date.fromisoformat(text)
    except _PARSE_ERRORS:
        return None


def _parse_iso_datetime(text: str) -> datetime | None:
    # Feeds in the wild use a lowercase 't'/'z' or a space separator; fromisoformat
    # accepts the space, the upper-casing handles the rest.
    try:
        return datetime.fromisoformat(_FRACTION.sub("", text.upper()))
    except _PARSE_ERRORS:
        return None


def _parse_rfc822(text: str) -> datetime | None:
    # An unknown zone name (e.g. 'CEST') or '-0000' yields a naive datetime: the offset is
    # then genuinely unknown and is left out rather than guessed.
    try:
        return parsedate_to_datetime(text)
    except _PARSE_ERRORS:
        return None
