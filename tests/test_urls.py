"""URL normalisation: one spelling per page, before it is requested and before it is recorded."""

from __future__ import annotations

import pytest

from newsspider.urls import UrlNormalizer

NORMALIZE = UrlNormalizer()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://news.example/world/story?utm_source=tw&utm_medium=social&UTM_Campaign=x",
            "https://news.example/world/story",
        ),
        (
            "https://news.example/story?fbclid=IwAR0&id=7&gclid=abc",
            "https://news.example/story?id=7",
        ),
        ("https://news.example/story#comments", "https://news.example/story"),
        ("HTTPS://News.Example/Story", "https://news.example/Story"),
        ("https://news.example:443/story", "https://news.example/story"),
        ("http://news.example:80/story", "http://news.example/story"),
        ("http://127.0.0.1:8080/story", "http://127.0.0.1:8080/story"),
        ("https://news.example/story?page=2&b=1&a=3", "https://news.example/story?a=3&b=1&page=2"),
        ("https://news.example", "https://news.example/"),
        ("https://news.example/q?s=caf%E9&mc_cid=1", "https://news.example/q?s=caf%E9"),
    ],
    ids=[
        "utm",
        "fbclid-gclid",
        "fragment",
        "host-case",
        "https-port",
        "http-port",
        "other-port",
        "sorted-query",
        "empty-path",
        "latin1-escape",
    ],
)
def test_normalize(url: str, expected: str) -> None:
    assert NORMALIZE(url) == expected


def test_normalizing_twice_changes_nothing() -> None:
    url = NORMALIZE("HTTP://WWW.News.Example:80/a/b?z=1&utm_term=q&a=2#top")
    assert url == "http://www.news.example/a/b?a=2&z=1"
    assert NORMALIZE(url) == url


def test_other_schemes_are_left_alone() -> None:
    for url in ("mailto:desk@news.example", "file:///tmp/page.html", "javascript:void(0)"):
        assert NORMALIZE(url) == url


def test_the_tracking_list_is_a_setting() -> None:
    custom = UrlNormalizer(["ref", "at_*"])
    url = "https://news.example/s?ref=home&at_medium=rss&utm_source=x"
    assert custom(url) == "https://news.example/s?utm_source=x"
    assert UrlNormalizer([])(url) == "https://news.example/s?at_medium=rss&ref=home&utm_source=x"
