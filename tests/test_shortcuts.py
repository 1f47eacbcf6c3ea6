"""trafilatura's passes give the same text with newsspider's shortcuts as without them."""

from __future__ import annotations

import gzip
from copy import copy
from importlib import import_module
from pathlib import Path

import pytest
import trafilatura
from lxml.html import HtmlElement
from trafilatura.baseline import html2txt
from trafilatura.settings import Document, Extractor

from newsspider.pages.article import ArticlePage
from newsspider.pages.body import drop_code
from newsspider.pages.decoding import decode_page
from newsspider.pages.repair import parse_html
from newsspider.pages.shortcuts import trafilatura_shortcuts
from newsspider.pages.xpath_walks import WALKS

FIXTURES = Path(__file__).parent / "fixtures"
PAGES = sorted(FIXTURES.glob("aeb/html/*.html.gz")) + sorted(FIXTURES.glob("pages/*/input.html"))
CORE = import_module("trafilatura.core")
TRAFILATURA_PREPARE = CORE._prepare_tree
XPATHS = import_module("trafilatura.xpaths")
TRAFILATURA_XPATHS = [getattr(XPATHS, name)[index] for name, index in WALKS]
PASSES = {
    "fast": {"fast": True},
    "full": {"fast": False},
    "recall": {"fast": True, "recall": True},
    "with comments": {"fast": True, "comments": True},
}


def _page(path: Path) -> HtmlElement:
    raw = path.read_bytes()
    text, xml_safe = decode_page(gzip.decompress(raw) if path.suffix == ".gz" else raw, None)
    tree = parse_html(text, xml_safe=xml_safe)
    assert tree is not None
    drop_code(tree)
    return tree


def _text(tree: HtmlElement, kind: str) -> str:
    options = {"comments": False, **PASSES[kind]}
    settings = Extractor(output_format="python", **options)
    document = trafilatura.bare_extraction(copy(tree), options=settings)
    if not isinstance(document, Document):
        return ""
    return f"{document.text}\n--- comments ---\n{document.comments or ''}"


@pytest.mark.parametrize("kind", PASSES)
@pytest.mark.parametrize("path", PAGES, ids=lambda path: path.name[:24])
def test_a_pass_gives_trafilatura_s_own_text(path: Path, kind: str) -> None:
    tree = _page(path)
    with trafilatura_shortcuts():
        shortened = _text(tree, kind)
    assert shortened == _text(tree, kind)


def test_trafilatura_outside_an_extraction_is_left_as_it_was() -> None:
    page = ArticlePage(
        "https://news.example/a", (FIXTURES / "pages/seed-headline-as-h2/input.html").read_bytes()
    )
    assert page.extract().record is not None
    assert CORE.html2txt is html2txt
    assert CORE._prepare_tree is TRAFILATURA_PREPARE
    assert [getattr(XPATHS, name)[index] for name, index in WALKS] == TRAFILATURA_XPATHS


def test_two_threads_blocks_crossing_leave_trafilatura_as_it_was() -> None:
    # Two threads' extractions: the first ends while the second still runs.
    first, second = trafilatura_shortcuts(), trafilatura_shortcuts()
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)
    second.__exit__(None, None, None)
    assert CORE.html2txt is html2txt
    assert CORE._prepare_tree is TRAFILATURA_PREPARE
    assert [getattr(XPATHS, name)[index] for name, index in WALKS] == TRAFILATURA_XPATHS


def test_the_shortcuts_end_with_a_failed_extraction() -> None:
    with pytest.raises(RuntimeError), trafilatura_shortcuts():
        assert CORE.html2txt is not html2txt
        assert [getattr(XPATHS, name)[index] for name, index in WALKS] != TRAFILATURA_XPATHS
        raise RuntimeError
    assert CORE.html2txt is html2txt
    assert CORE._prepare_tree is TRAFILATURA_PREPARE
    assert [getattr(XPATHS, name)[index] for name, index in WALKS] == TRAFILATURA_XPATHS
