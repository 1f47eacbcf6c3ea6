"""Page dates: parsing the shapes pages use, sanity checks, URL and header datelines."""

from __future__ import annotations

import pytest

from newsspider.pages.fields.date_parsing import (
    before,
    days_between,
    english_date,
    first_plausible,
    header_date,
    header_datelines,
    parse_date,
    rejection,
    url_date,
)

FETCHED = "2025-06-01T12:00:00+00:00"

_MONTH_WORDS = (
    "January Jan February Feb March Mar April Apr May June Jun July Jul August Aug "
    "September Sep Sept October Oct November Nov December Dec"
).split()


def english_dates() -> list[str]:
    """Every month word in each case and shape pages write, on days that test the suffixes."""
    days = ((1, "st"), (2, "nd"), (3, ""), (11, "th"), (29, ""), (31, ""))
    return [
        shape.format(month=case(word), day=day, suffix=suffix, year=(1987, 2019, 2031)[day % 3])
        for word in _MONTH_WORDS
        for case in (str.title, str.upper)
        for day, suffix in days
        for shape in (
            "{month}. {day}{suffix}, {year}",
            "{day:02d}{suffix} {month} {year}",
            "{day}. {month}, {year}",
        )
    ]


def test_english_dates_are_read_as_dateparser_reads_them() -> None:
    from dateparser.date import DateDataParser  # noqa: PLC0415

    reference = DateDataParser(languages=["en"], settings={"STRICT_PARSING": True})
    read = 0
    for text in english_dates():
        found = english_date(text)
        if found is None:  # an impossible day ("Feb. 31"): left to dateparser
            continue
        read += 1
        expected = reference.get_date_data(text).date_obj
        assert expected is not None, text
        assert found == expected.date().isoformat(), text
    assert read > 600


@pytest.mark.parametrize(
    ("value", "language", "expected"),
    [
        # ISO 8601 as JSON-LD and Open Graph write it: offsets kept, fractions dropped
        ("2025-03-04T08:00:00+01:00", None, "2025-03-04T08:00:00+01:00"),
        ("2025-10-08T21:33:14.140Z", None, "2025-10-08T21:33:14+00:00"),
        ("2023-05-17T00:00:00+0000", None, "2023-05-17T00:00:00+00:00"),
        ("2025-11-25T08:33:24", None, "2025-11-25T08:33:24"),
        ("2025-12-11 00:00:00", None, "2025-12-11T00:00:00"),
        ("2024-06-21", None, "2024-06-21"),
        # RFC 822 as feeds and some meta tags write it
        ("Fri, 21 Jun 2024 09:30:00 GMT", None, "2024-06-21T09:30:00+00:00"),
        # textual dates in JSON-LD or <time> text, English and localised month names
        ("Jun 24, 2025", "en", "2025-06-24"),
        ("March 11, 2026", None, "2026-03-11"),
        ("Page updated: 12 November 2025", "en", "2025-11-12"),
        ("12 novembre 2025", "fr", "2025-11-12"),
        ("3. März 2024", "de", "2024-03-03"),
        ("21 de junio de 2024", "es", "2024-06-21"),
        ("2025年3月4日", "ja", "2025-03-04"),
        ("13/11/2025 09:21:40", "en", "2025-11-13T09:21:40"),
        # an unknown language code falls back to English
        ("Jun 24, 2025", "xx", "2025-06-24"),
        # not dates
        ("", None, None),
        ("yesterday", "en", None),
        ("Top 10 trends", "en", None),
        (None, None, None),
    ],
)
def test_parse_date(value: str | None, language: str | None, expected: str | None) -> None:
    assert parse_date(value, language) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://news.example/world/2024/06/21/arms-deal", "2024-06-21"),
        ("https://news.example/2024/6/1/short-month-and-day", "2024-06-01"),
        ("https://news.example/politics/2024-06-21-arms-deal", "2024-06-21"),
        ("https://news.example/story/20240621/arms-deal", "2024-06-21"),
        ("https://news.example/2024/06/arms-deal", None),  # no day: no publication day
        ("https://news.example/2024/13/45/not-a-date", None),
        ("https://news.example/article/12345678901", None),
        ("https://news.example/x?date=2024-06-21", None),  # the query is no part of the path
    ],
)
def test_url_date(url: str, expected: str | None) -> None:
    assert url_date(url) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-06-01T12:30:00+00:00", None),  # within the clock skew
        ("2025-06-01T14:00:00+00:00", "future"),
        ("2025-06-02T01:00:00+14:00", None),  # the same moment in Kiribati
        ("2025-06-02", None),  # already June 2nd east of UTC
        ("2025-06-03", "future"),
        ("2030-01-01T00:00:00Z", "future"),
        ("1989-12-31", "before_1990"),
        ("1970-01-01T00:00:00+00:00", "before_1990"),  # a zero timestamp
        ("1990-01-01", None),
    ],
)
def test_rejection(value: str, expected: str | None) -> None:
    assert rejection(value, FETCHED) == expected


def test_first_plausible_takes_the_next_source_after_a_rejection() -> None:
    choice = first_plausible(
        [
            ("jsonld", lambda: "2099-01-01T00:00:00Z"),
            ("meta", lambda: None),
            ("time", lambda: "not a date"),
            ("url", lambda: "2025-05-30"),
            ("htmldate", lambda: pytest.fail("a later source must not be asked")),
        ],
        FETCHED,
    )
    assert (choice.value, choice.source, choice.rejected) == ("2025-05-30", "url", ("future",))


def test_first_plausible_with_nothing_plausible() -> None:
    choice = first_plausible([("jsonld", lambda: "1970-01-01")], FETCHED)
    assert (choice.value, choice.source, choice.rejected) == (None, None, ("before_1990",))


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Advent of Code 2025 week 2 20 December 2025 I did the puzzles", "en", "2025-12-20"),
        ("By Daryl Austin Published March 9, 2026 Fasting is", "en", "2026-03-09"),
        ("Back to all articles February 4, 2025 - 11 min read", "en", "2025-02-04"),
        ("By The Currency editors 12.12.2025 Key takeaways", "en", "2025-12-12"),
        ("How Do Vacuum Robots Navigate? 2024-11-06 When we talk", "en", "2024-11-06"),
        ("Von Hans Müller am 3. März 2024 um 10:00", "de", "2024-03-03"),
        # an update note is not the publication date; the next dateline is
        ("Updated: December 31, 2024 Written by Ann Lee", "en", None),
        ("Last updated: Dec 12, 2025 · Published Nov 2, 2025", "en", "2025-11-02"),
        ("Best laptops of 2026 tested by our editors", "en", None),
        ("", "en", None),
    ],
)
def test_header_date(text: str, language: str, expected: str | None) -> None:
    assert header_date(text, language) == expected


@pytest.mark.parametrize(
    ("earlier", "later", "expected"),
    [
        ("2025-01-01T10:00:00+00:00", "2025-01-01T11:00:00+00:00", True),
        ("2025-01-01T12:00:00+02:00", "2025-01-01T11:00:00+00:00", True),  # 10:00 UTC
        ("2025-01-01", "2025-01-01T11:00:00+00:00", False),  # a day is not before its hours
        ("2024-12-31", "2025-01-01T00:30:00+00:00", True),
    ],
)
def test_before(earlier: str, later: str, expected: bool) -> None:
    assert before(earlier, later) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("By Ann Lee May 28, 2025", [("2025-05-28", False)]),
        (
            "Updated May 28, 2025 · Published April 6, 2015",
            [("2025-05-28", True), ("2015-04-06", False)],
        ),
        ("Last modified: 3 March 2024", [("2024-03-03", True)]),
        ("No date here", []),
    ],
)
def test_header_datelines(text: str, expected: list[tuple[str, bool]]) -> None:
    assert header_datelines(text, "en") == expected


@pytest.mark.parametrize(
    ("earlier", "later", "expected"),
    [
        ("2025-03-03", "2025-03-04T02:00:00+00:00", 1),  # the day as each is written
        ("2013-12-30", "2024-08-07T12:01:51+00:00", 3873),
        ("2025-03-04T23:00:00-05:00", "2025-03-04", 0),
    ],
)
def test_days_between(earlier: str, later: str, expected: int) -> None:
    assert days_between(earlier, later) == expected
