"""Golden page tests: saved pages in tests/fixtures/pages/<case>/ and the record each must give."""

from __future__ import annotations

import gc
import json
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from newsspider import extract_article
from newsspider.pages.article import ArticlePage
from tests.mocksite.articles import SEED

CASES = sorted(p for p in (Path(__file__).parent / "fixtures" / "pages").iterdir() if p.is_dir())


def _load(case: Path) -> tuple[bytes, dict[str, Any], dict[str, Any]]:
    meta = json.loads((case / "meta.json").read_text(encoding="utf-8"))
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    return (case / "input.html").read_bytes(), meta, expected


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_golden_page(case: Path) -> None:
    body, meta, expected = _load(case)
    result = ArticlePage(meta["url"], body, content_type=meta.get("content_type")).extract()
    record = result.as_dict()
    if expected["record"] is None:
        assert record is None, f"{case.name} must not be exported"
        return
    assert record is not None, f"{case.name} was skipped: {result.skip}"
    for field, value in expected["record"].items():
        assert record[field] == value, f"{case.name}: field {field}"
    text = record["text"]
    if "text_paragraphs" in expected:
        assert text.split("\n\n") == expected["text_paragraphs"]
    for snippet in expected.get("text_contains", []):
        assert snippet in text
    for snippet in expected.get("text_not_contains", []):
        assert snippet not in text
    assert not text.startswith(record["title"]), "the headline must not open the text"


def test_seed_cases_cover_the_seed_layouts() -> None:
    names = {case.name for case in CASES}
    assert {"seed-footer-inside-article", "seed-footer-in-comments", "seed-headline-as-h2"} <= names


def test_extract_article_matches_page_object() -> None:
    body, meta, _ = _load(CASES[0].parent / "seed-headline-as-h2")
    record = extract_article(body, meta["url"])
    page_record = ArticlePage(meta["url"], body).extract().as_dict()
    assert record is not None
    assert page_record is not None
    # The same record but for the moment of extraction.
    assert {**record, "fetched_at": None} == {**page_record, "fetched_at": None}
    assert record["title"] == "U.S. Concerned Over Potential Russia-North Korea Arms Deal"


@pytest.mark.parametrize(
    "body",
    [b"", b"   \n", bytes(range(256)) * 20, b"\x89PNG\r\n\x1a\n" + b"\x00" * 500],
    ids=["empty", "blank", "binary", "png"],
)
def test_non_html_gives_none(body: bytes) -> None:
    assert extract_article(body, "https://news.example.com/world/2024/01/02/some-story") is None


def test_str_and_bytes_give_the_same_record() -> None:
    body, meta, _ = _load(CASES[0].parent / "seed-footer-inside-article")
    from_bytes = extract_article(body, meta["url"])
    from_text = extract_article(body.decode("utf-8"), meta["url"])
    assert from_bytes is not None and from_text is not None
    from_bytes.pop("fetched_at")
    from_text.pop("fetched_at")
    assert from_bytes == from_text


MALFORMED_URLS = [
    '<link rel="canonical" href="http://[bad/">',
    '<meta property="og:image" content="http://[x/">',
    '<base href="http://[y/"><a href="/z">z</a>',
]


@pytest.mark.parametrize("extra", MALFORMED_URLS, ids=["canonical", "og-image", "base"])
def test_malformed_urls_in_a_page_are_ignored(extra: str) -> None:
    body = " ".join(["word"] * 200)
    html = (
        f'<html><head>{extra}<meta property="og:type" content="article"><title>A headline</title>'
        f"</head><body><article><h1>A headline</h1><p>{body}</p></article></body></html>"
    )
    url = "https://news.example.com/world/2024/01/01/a-long-article-slug"
    record = extract_article(html, url)
    assert record is not None
    assert record["url"] == url
    assert record["image"] is None


def test_caption_credits_byline_dateline_and_share_bar_stay_out_of_the_text() -> None:
    """A photo caption with its credit inside the body, byline, date line and share bar."""
    first = "".join(f"<p>{p}</p>" for p in SEED.paragraphs[:3])
    rest = "".join(f"<p>{p}</p>" for p in SEED.paragraphs[3:])
    caption = "Matthew Miller at the State Department briefing. Photo: Ken Cedeno / Wire Images"
    html = (
        f'<html><head><title>{SEED.title}</title><meta property="og:type" content="article">'
        f"</head><body><article><h1>{SEED.title}</h1><p class='byline'>By Jane Roe</p>"
        '<time datetime="2024-06-21T09:30:00Z">21 June 2024, 09:30</time>'
        f'{first}<figure><img src="/miller.jpg"><figcaption>{caption}</figcaption></figure>'
        f'{rest}<div class="share-bar">Share this article</div></article></body></html>'
    )
    record = extract_article(html, "https://www.example-news.com/world/2024/06/21/us-concerned")
    assert record is not None
    # Exactly the body paragraphs, with a blank line between paragraphs.
    assert str(record["text"]).split("\n\n") == list(SEED.paragraphs)


def test_a_page_s_parsed_tree_is_not_left_to_the_garbage_collector() -> None:
    # A worker extracts page after page: a tree held in a reference cycle stays in memory until
    # the collector comes by, which then spends its time freeing it.
    pages = [(meta["url"], body) for body, meta, _ in map(_load, CASES)]
    for url, body in pages:  # first use: imports and caches
        ArticlePage(url, body).extract(want_links=True)
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)  # what the collector finds unreachable goes to gc.garbage
    try:
        records = [ArticlePage(url, body).extract(want_links=True).record for url, body in pages]
        gc.collect()
        in_cycles = sum(isinstance(found, etree._Element) for found in gc.garbage)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.collect()
        gc.enable()
    assert sum(record is not None for record in records) >= len(pages) // 2
    assert in_cycles == 0
