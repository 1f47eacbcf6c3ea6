"""Each walk selects what trafilatura's XPath selects: the same elements, in document order."""

from __future__ import annotations

import gzip
from copy import deepcopy
from pathlib import Path

import pytest
from lxml import etree
from lxml.html import HtmlElement
from trafilatura import xpaths
from trafilatura.htmlprocessing import convert_tags, tree_cleaning
from trafilatura.settings import Extractor

from newsspider.pages.decoding import decode_page
from newsspider.pages.repair import parse_html
from newsspider.pages.xpath_walks import WALKS, XPathWalk, first_value, installable_walks

FIXTURES = Path(__file__).parent / "fixtures"
PAGES = sorted(FIXTURES.glob("aeb/html/*.html.gz")) + sorted(FIXTURES.glob("pages/*/input.html"))
INSTALLED = installable_walks()


def _tree(html: bytes) -> HtmlElement:
    text, xml_safe = decode_page(html, None)
    tree = parse_html(text, xml_safe=xml_safe)
    assert tree is not None
    return tree


def _as_trafilatura_prunes_it(tree: HtmlElement) -> HtmlElement:
    # What the XPaths see inside a pass: cleaned, and ul/li/... renamed to list/item/...
    options = Extractor()
    return convert_tags(tree_cleaning(deepcopy(tree), options), options)


def _walk(name: str, index: int) -> XPathWalk:
    return next(
        walk for found, at, walk in INSTALLED if found is getattr(xpaths, name) and at == index
    )


def test_every_walk_stands_in_on_the_pinned_trafilatura() -> None:
    # Fails when trafilatura's XPaths change shape (a new pin): check each walk against the new
    # XPath, then update WALKS.
    assert [(walk.xpath, index) for _, index, walk in INSTALLED] == [
        (getattr(xpaths, name)[index], index) for name, index in WALKS
    ]


@pytest.mark.parametrize("path", PAGES, ids=lambda path: path.name[:24])
def test_each_walk_selects_the_xpath_s_elements_on_a_real_page(path: Path) -> None:
    raw = path.read_bytes()
    page = _tree(gzip.decompress(raw) if path.suffix == ".gz" else raw)
    pruned = _as_trafilatura_prunes_it(page)
    body = pruned.find("body")
    for _, _, walk in INSTALLED:
        for tree in (page, pruned, body if body is not None else pruned):
            assert walk(tree) == walk.xpath(tree), walk.path


# Each case: (name and index of the XPath, HTML, how many elements the XPath selects). The
# count keeps a case from passing with both sides selecting nothing.
CASES = {
    "consent: the first of class and id is tested, class written first": (
        ("OVERALL_DISCARD_XPATH", 0),
        '<div class="cookie-note" id="x">a</div><div id="x" class="cookie-note">b</div>',
        1,
    ),
    "consent: the first of id and class is tested, id written first": (
        ("OVERALL_DISCARD_XPATH", 0),
        '<p id="cookie-bar" class="y">a</p><p class="y" id="cookie-bar">b</p>',
        1,
    ),
    "an empty data-lp-replacement-content counts, role NAV does not": (
        ("OVERALL_DISCARD_XPATH", 0),
        '<span data-lp-replacement-content="">a</span><div role="NAV">b</div>'
        '<div role="Navigation">c</div><section data-component="xMostPopularStories">d</section>',
        3,
    ),
    "only div, item, list, p, section and span are pruned": (
        ("OVERALL_DISCARD_XPATH", 0),
        '<article class="sidebar">a</article><aside id="menu">b</aside><div id="menu">c</div>',
        1,
    ),
    "replies: the first of id and class starts with reply-": (
        ("OVERALL_DISCARD_XPATH", 1),
        '<b class="reply-x" id="y">a</b><b id="y" class="reply-x">b</b><b id="reply-1">c</b>',
        2,
    ),
    "hidden: the first of id and style": (
        ("OVERALL_DISCARD_XPATH", 1),
        '<i style="color:red" id="hidden-x">a</i><i id="hidden-x" style="color:red">b</i>'
        '<i style="x:hidden">c</i>',
        2,
    ),
    "hidden by style, by aria-hidden, and a comments title": (
        ("OVERALL_DISCARD_XPATH", 1),
        '<em style="display: none">a</em><em aria-hidden="true">b</em><em aria-hidden="false">'
        'c</em><h3 class="comments-title">d</h3><!-- hidden comment --><em>plain</em>',
        3,
    ),
    "comment sections, and lists only by the comment tokens": (
        ("REMOVE_COMMENTS_AND_LISTS_XPATH", 0),
        '<div id="disqus_thread">a</div><ul id="disqus_thread"><li>b</li></ul>'
        '<ol class="comment-list"><li>c</li></ol><ul id="comments"><li>d</li></ul>'
        '<section class="post-comments">e</section><div class="commentary">f</div>',
        4,
    ),
    "appended articles, unless they hold the h1": (
        ("RAW_TREE_PRUNE_XPATH", 0),
        '<div class="infinite-scroll"><h1>Title</h1>a</div><div id="infinitescroll">b</div>'
        '<section class="mvp-post-add-box"><h1>Next</h1>c</section>'
        '<p class="infinite-scroll">d</p>',
        2,
    ),
    "elementor share buttons": (
        ("RAW_TREE_PRUNE_XPATH", 1),
        '<aside class="x elementor-share-buttons">a</aside>'
        '<p class="elementor-share-buttons">b</p>',
        1,
    ),
    "the article body: the first match among siblings, and a match inside a match": (
        ("BODY_XPATH", 0),
        '<div class="post">a<div class="entry">b</div><div itemprop="articleBody">c</div></div>'
        '<main id="articleContent">d</main><article class="story">e</article>',
        2,
    ),
    "the article body: regular expressions on id and class, not on other tags": (
        ("BODY_XPATH", 0),
        '<span class="article-body">a</span><section><div id="article-body">b</div></section>'
        '<section><p>x</p><div class="post-content">c</div></section>',
        2,
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_each_walk_selects_the_xpath_s_elements_in_a_shaped_case(case: str) -> None:
    (name, index), html, selected = CASES[case]
    walk = _walk(name, index)
    tree = _tree(f'<html><body aria-hidden="true">{html}</body></html>'.encode())
    body = tree.find("body")
    assert len(walk.xpath(body)) == selected
    # Every element as the context too: `.//*` never selects the context, even where it matches.
    for context in tree.iter(etree.Element):
        assert walk(context) == walk.xpath(context)


def test_first_value_is_the_attribute_written_first() -> None:
    element = _tree(b'<p class="c" id="i">x</p><p id="i">y</p><p>z</p>').find(".//p")
    assert element is not None
    assert first_value(element, "id", "class") == "c"
    later = element.getnext()
    assert later is not None
    assert first_value(later, "class", "id") == "i"
    last = later.getnext()
    assert last is not None
    assert first_value(last, "id", "class") == ""


def test_a_changed_xpath_keeps_trafilatura_s_own() -> None:
    # A trafilatura whose XPath no longer has the walk's shape: no walk stands in for it.
    original = xpaths.BODY_XPATH[0]
    xpaths.BODY_XPATH[0] = etree.XPath(".//article[@class='post']")
    try:
        installed = installable_walks()
    finally:
        xpaths.BODY_XPATH[0] = original
    assert not any(found is xpaths.BODY_XPATH and index == 0 for found, index, _ in installed)
    assert len(installed) == len(WALKS) - 1
