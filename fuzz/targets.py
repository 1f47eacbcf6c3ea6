"""Fuzz targets: `python -m fuzz.targets TARGET [libFuzzer flags] [CORPUS_DIR ...]`.

TARGET is one of extract, sitemap, feed, robots. Each feeds the fuzzer's bytes to a parser and
fails (saving the input as crash-*) if it raises or returns something invalid; libFuzzer's
-timeout flags an input that makes it hang. `make fuzz` runs every target for FUZZ_SECONDS.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from importlib import resources

import atheris
import jsonschema

with atheris.instrument_imports(include=["newsspider"]):
    from newsspider.discovery import parse_feed, parse_sitemap, sitemap_urls_from_robots
    from newsspider.pages.article import ArticlePage
    from newsspider.urls import is_http_url

URL = "https://news.example.com/world/2024/06/21/a-story-with-a-long-slug"
SCHEMA = json.loads(
    resources.files("newsspider").joinpath("schema/article.schema.json").read_text()
)
CONTENT_TYPES = (None, "text/html", "text/html; charset=utf-8", "text/html; charset=iso-8859-1")


def extract(data: bytes) -> None:
    """Any bytes, under any Content-Type: a schema-valid record or a reason to skip."""
    content_type = CONTENT_TYPES[data[0] % len(CONTENT_TYPES)] if data else None
    result = ArticlePage(URL, data[1:], content_type=content_type).extract(want_links=True)
    if result.record is None:
        assert result.skip, "no record and no reason"
    else:
        jsonschema.validate(result.as_dict(), SCHEMA)
    assert all(is_http_url(link) for link in result.links)


def sitemap(data: bytes) -> None:
    """Any bytes: a sitemap whose entries have URLs, or 'invalid' with none."""
    parsed = parse_sitemap(data, "https://news.example.com/sitemap.xml", max_entries=100)
    assert parsed.kind in {"urlset", "sitemapindex", "invalid"}
    assert all(entry.loc for entry in parsed.entries)
    assert parsed.kind != "invalid" or not parsed.entries


def feed(data: bytes) -> None:
    """Any bytes: feed entries with links, or none."""
    assert all(entry.link for entry in parse_feed(data, "https://news.example.com/feed.xml"))


def robots(data: bytes) -> None:
    """Any robots.txt: only absolute http(s) sitemap URLs, each once."""
    urls = sitemap_urls_from_robots(data.decode("utf-8", "replace"), "https://news.example.com/")
    assert all(is_http_url(url) for url in urls) and len(urls) == len(set(urls))


TARGETS: dict[str, Callable[[bytes], None]] = {
    "extract": extract,
    "sitemap": sitemap,
    "feed": feed,
    "robots": robots,
}


def main() -> None:
    """Run one target under libFuzzer; the remaining arguments go to libFuzzer."""
    if len(sys.argv) < 2 or sys.argv[1] not in TARGETS:
        sys.exit(f"usage: python -m fuzz.targets {{{','.join(TARGETS)}}} [libFuzzer flags]")
    target = TARGETS[sys.argv.pop(1)]
    atheris.Setup(sys.argv, target)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
