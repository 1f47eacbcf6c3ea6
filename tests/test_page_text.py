"""page_text: trafilatura's whole-page text, to the character, without copying the page."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from lxml.html import HtmlElement
from trafilatura.baseline import html2txt
from trafilatura.settings import BASIC_CLEAN_XPATH

from newsspider.pages.body import drop_code
from newsspider.pages.decoding import decode_page
from newsspider.pages.page_text import MIRRORED_XPATH, page_text
from newsspider.pages.repair import parse_html

FIXTURES = Path(__file__).parent / "fixtures"
PAGES = sorted(FIXTURES.glob("aeb/html/*.html.gz")) + sorted(FIXTURES.glob("pages/*/input.html"))


def _tree(html: bytes | str) -> HtmlElement:
    text, xml_safe = decode_page(html.encode() if isinstance(html, str) else html, None)
    tree = parse_html(text, xml_safe=xml_safe)
    assert tree is not None
    return tree


def test_trafilatura_still_cleans_the_page_as_page_text_reads_it() -> None:
    assert BASIC_CLEAN_XPATH.path == MIRRORED_XPATH


@pytest.mark.parametrize("path", PAGES, ids=lambda path: path.name[:24])
def test_the_text_of_a_real_page_is_trafilatura_s(path: Path) -> None:
    raw = path.read_bytes()
    tree = _tree(gzip.decompress(raw) if path.suffix == ".gz" else raw)
    assert page_text(tree) == html2txt(tree)
    drop_code(tree)  # as the extraction hands it over
    assert page_text(tree) == html2txt(tree)


# Each case is a shape where reading the page must do what deleting and spacing the tree does.
CASES = {
    "asides, footers and banners go, their tails stay": (
        "<p>Lead<aside>Related</aside> tail</p><footer>Foot</footer>after"
        '<div class="Cookie-Banner">Accept</div><span id="onetrust-x">Consent</span>end'
    ),
    "a div's first of class and id decides the footer test": (
        '<div id="main" class="site-footer">kept</div><div class="footer-x" id="a">gone</div>'
    ),
    "soft hyphens and zero-width spaces: filtered in block text only": (
        "<p>co\u00adop<b>in\u00adline</b>after\u200bbold</p><span>span\u00adtext</span>"
    ),
    "a deleted element's tail takes the filtering of what it joins": (
        "<div><p>para</p><aside>x</aside>tail\u00adone<b>bold</b><aside>y</aside>tail\u00adtwo</div>"
        "<span><aside>z</aside>first\u00adchild</span><div><aside>w</aside>first\u00adblock</div>"
    ),
    "a comment before a deleted element takes its tail, unfiltered": (
        "<div><!-- note -->c<aside>x</aside>tail\u00ad</div>"
    ),
    "nested deletions and blocks with no text": (
        "<div><aside><footer>in</footer>t</aside>u<br>v<hr><ul><li></li><li>w</li></ul></div>"
    ),
    "words run together across inline tags, apart across blocks": (
        "<p>one</p><p>two</p><span>thr</span><span>ee</span><div>fo<div>ur</div></div>"
    ),
    "non-ASCII classes are tested by the pattern itself": (
        '<div class="con\u017fent-banner">long s</div>'
        '<div class="cook\u0130e-banner">dotted I</div>'
        '<div class="coo\u212aie-bar">kelvin</div><div class="consent-\u0131">no match</div>'
    ),
}


@pytest.mark.parametrize("body", CASES.values(), ids=CASES.keys())
def test_the_text_of_a_shaped_page_is_trafilatura_s(body: str) -> None:
    tree = _tree(f"<!DOCTYPE html><html><head><title>t</title></head><body>{body}</body></html>")
    assert page_text(tree) == html2txt(tree)


def test_a_page_without_a_body_element_is_read_whole() -> None:
    tree = _tree("<html><p>one<aside>x</aside>two</p></html>")
    body = tree.find(".//body")
    if body is not None:  # libxml2 adds one: read the fragment the way html2txt does
        body.tag = "section"
    assert page_text(tree) == html2txt(tree)
