"""The main text of a parsed page: trafilatura's fast pass, and its fallbacks only where needed.

trafilatura's default (non-fast) extraction compares its result with readability's and, for
short or unclean results, justext's. That costs a third of its time and rarely changes the text
of a page with a clear article frame; it matters where the fast text is a small part of the
page's text (docs/benchmarks.md, "Where the extraction fallbacks run", has the figures). So the
fast pass runs first, and the full extraction only when its text looks wrong for the page: too
short for it, not prose at all (a menu or link list taken for the body), a small part of the
frame it was taken from (prose in <div>s dropped), or only the page's loose <p>s because the
fast pass found no frame (subheadings and lists between them dropped). When the full pass too
gives (nearly) nothing on a page with an article's worth of <p> text, trafilatura's recall mode
runs last.

Every pass runs on the page without scripts and styles, which are taken out of the caller's
tree (trafilatura copies what it is given, so the fast pass needs no copy of its own). The full
pass runs on a copy without hidden elements: what a reader never sees is not the article, and
readability, in that pass, happily takes a hidden copy of a text (the fast pass drops hidden
blocks itself). When the fast text is a small part of the page's paragraphs, the body may be
split into several containers of the same kind around an advert, of which trafilatura keeps only
the first: they are joined, on a copy, and the fast pass runs again.
"""

from __future__ import annotations

import re
from copy import copy
from functools import cache

import trafilatura
from lxml import etree
from lxml.html import HtmlElement
from trafilatura.settings import MANUALLY_CLEANED, Document, Extractor
from trafilatura.xpaths import BODY_XPATH

from newsspider.pages.detection import effective_words
from newsspider.pages.repair import append_text
from newsspider.pages.shortcuts import trafilatura_shortcuts

# Below this many characters trafilatura itself calls a result short (MIN_EXTRACTED_SIZE).
MIN_TEXT = 250
# The fast text looks too short when under these shares of the page's <p> text or of all its
# visible text (docs/benchmarks.md: where the extraction fallbacks run).
PARAGRAPH_SHARE = 0.2
PAGE_SHARE = 0.1
# The fast text is not prose when less than this share of its characters stands in lines of at
# least PROSE_LINE_WORDS words: a navigation menu or a list of links was taken for the body.
PROSE_SHARE = 0.3
PROSE_LINE_WORDS = 10
# Plain strings and XPath's own string functions: these run in lxml's C code, about a millisecond
# a page, where a Python loop over the text nodes took several.
# Not "//p//text()": libxml2 merges the text of each <p> into one node set with a duplicate check
# that is quadratic, 8 s on a page of 40,000 <p>s (a long comment thread), against 0.1 s for the
# outermost <p>s' string lengths (and 0.1 ms more on a usual page).
_PARAGRAPHS = etree.XPath("//p[not(ancestor::p)]")
_STRING_LENGTH = etree.XPath("string-length(.)")
_BODY_TEXT_LENGTH = etree.XPath("string-length(normalize-space(//body))")
_NORMALIZED_LENGTH = etree.XPath("string-length(normalize-space(.))")
_CODE_TEXT = etree.XPath(
    "//body//script//text() | //body//style//text() | //body//noscript//text()",
    smart_strings=False,
)
_JSON_LD = "application/ld+json"
# What browsers do not render: the hidden attribute, inline display:none or visibility:hidden.
# (aria-hidden is left alone: it hides from screen readers only, and sites put it on visible
# text.) The translate() drops spaces, so "display : none" matches too.
_HIDDEN = etree.XPath(
    "//body//*[@hidden or contains(translate(@style, ' ', ''), 'display:none') or "
    "contains(translate(@style, ' ', ''), 'visibility:hidden')]"
)
# Hidden elements holding more than this share of the page's text are the article itself,
# revealed by a script: they stay.
HIDDEN_MAX_SHARE = 0.5
# A fast text under this share of the page's <p> text may be the first block of a split body:
# only then are the blocks looked for (a small share of pages: docs/benchmarks.md).
SPLIT_BODY_SHARE = 0.6
# How many levels above the first body block a later block's branch may join it.
SPLIT_BODY_REACH = 3
# The fast text is checked against the first body container (below) when under this share of
# the page's <p> text, and the full pass runs when it is under CONTAINER_SHARE of that
# container's text: the fast pass took the right frame but dropped most of it (its prose stands
# in <div>s, which the fast pass keeps only on pages with little <p> text at all).
CONTAINER_CHECK_SHARE = 0.7
CONTAINER_SHARE = 0.5
# A fast text between these shares of the page's <p> text, and under LOOSE_PAGE_SHARE of the
# page's text, may be loose paragraphs gathered without a frame (see _loose_paragraphs_only).
LOOSE_LOW = 0.8
LOOSE_HIGH = 1.1
LOOSE_PAGE_SHARE = 0.4
# When the full pass gives less than MIN_TEXT, trafilatura's recall mode runs if the page has
# this many characters of <p> text: about 200 words, an article's worth.
ARTICLE_PARAGRAPHS = 1000
# trafilatura's first body pattern (article-body classes and ids), without its "[1]": every
# element it matches, not only the first.
_BODY_CONTAINERS = etree.XPath(
    re.sub(r"\]\s*\[1\]\s*$", "]", BODY_XPATH[0].path),
    namespaces={"re": "http://exslt.org/regular-expressions"},
)
# The tags trafilatura deletes with their content before it looks for the frame. Not "form":
# it keeps a form that wraps the page (ASP.NET sites) and handles forms apart.
_CLEANED = frozenset(MANUALLY_CLEANED) - {"form"}
# trafilatura's body patterns: what its fast pass takes for the article's frame (it falls back
# to the page's loose paragraphs when none matches). Only whether any matches counts, so the
# shortest (cheapest: "(.//article)[1]" takes microseconds, the long ones a millisecond) go first.
_FRAMES: list[etree.XPath] = sorted(BODY_XPATH, key=lambda expression: len(expression.path))


def main_text(tree: HtmlElement, url: str) -> str:
    """trafilatura's main text (comments excluded), its fallbacks run only when they can help.

    Takes scripts, styles and drawings out of the tree it is given (drop_code); nothing else
    of it changes.
    """
    drop_code(tree)
    text = _extract(tree, url, fast=True)
    paragraphs = paragraph_text_length(tree)
    visible = visible_text_length(tree)
    if (
        looks_short(tree, text, paragraphs, visible)
        or not looks_like_prose(text)
        or _loose_paragraphs_only(tree, text, paragraphs, visible)
    ):
        return _full_text(copy(tree), url, paragraphs)
    if len(text) < CONTAINER_CHECK_SHARE * paragraphs:
        containers = _elements(_BODY_CONTAINERS, tree)
        if containers and len(text) < CONTAINER_SHARE * _text_length(containers[0]):
            return _full_text(copy(tree), url, paragraphs)
        if len(text) < SPLIT_BODY_SHARE * paragraphs and len(containers) > 1:
            # Joining moves elements: on a copy, so that the caller's tree keeps its shape.
            joined = copy(tree)
            if join_split_body(joined):
                text = _extract(joined, url, fast=True)
    return text


def _full_text(page: HtmlElement, url: str, paragraphs: int) -> str:
    """The full cascade on the page without hidden elements; a recall pass when it finds nothing.

    Both passes can come back (nearly) empty on an article whose frame trafilatura prunes as a
    whole (a body parsed into an <aside> by broken markup). When the page has an article's worth
    of paragraphs, trafilatura's recall mode runs last: it is not run on a page without them (a
    listing, a video page), where an empty text is the right answer and the pass would be
    wasted.
    """
    drop_hidden(page)
    text = _extract(page, url, fast=False)
    if len(text) < MIN_TEXT and paragraphs >= ARTICLE_PARAGRAPHS:
        rescued = _extract(page, url, fast=True, recall=True)
        if len(rescued) > len(text):
            return rescued
    return text


def _loose_paragraphs_only(page: HtmlElement, text: str, paragraphs: int, visible: int) -> bool:
    """Did the fast pass, finding no article frame, keep only the page's loose paragraphs?

    Without a frame of its body patterns, trafilatura's fast pass gathers the <p>s of the whole
    page and drops the subheadings and lists between them. Its text is then about the page's
    <p> text and a small part of the page: only then are the (costly) patterns tried.
    """
    length = len(text)
    if not LOOSE_LOW * paragraphs <= length <= LOOSE_HIGH * paragraphs:
        return False
    if length >= LOOSE_PAGE_SHARE * visible:
        return False
    frames = (_elements(expression, page)[:1] for expression in _FRAMES)
    return not any(_kept(frame) for found in frames for frame in found)


def _kept(element: HtmlElement) -> bool:
    """Does the element outlast trafilatura's cleaning (no ancestor of a tag it deletes)?

    Broken markup (an unclosed element in the menu) can nest the whole article in a <nav> or an
    <aside>: trafilatura deletes it with its frame, and its fast pass falls back as without one.
    """
    return not any(ancestor.tag in _CLEANED for ancestor in element.iterancestors())


def drop_code(tree: HtmlElement) -> None:
    """Take out the page's scripts, styles and drawings, which no pass extracts.

    trafilatura copies and walks the tree it is given several times over; inline scripts
    (hydration data, trackers) are often most of a page's bytes. JSON-LD stays: trafilatura
    reads its type (a forum thread's posts are its content).
    """
    for element in list(tree.iter("script", "style", "svg")):
        if element.tag != "script" or (element.get("type") or "").lower() != _JSON_LD:
            element.drop_tree()


def drop_hidden(tree: HtmlElement) -> int:
    """Remove elements the browser does not show (their tail text stays); how many went.

    Nothing goes when the hidden elements hold most of the page's text: such a page shows its
    article by script (streamed rendering, a "read more" toggle), and it is the article.
    """
    hidden = _elements(_HIDDEN, tree)
    outer = [element for element in hidden if not _inside_any(element, hidden)]
    if not outer:
        return 0
    hidden_text = sum(len(" ".join(element.text_content().split())) for element in outer)
    if hidden_text > HIDDEN_MAX_SHARE * visible_text_length(tree):
        return 0
    for element in outer:
        element.drop_tree()
    return len(outer)


def join_split_body(tree: HtmlElement) -> int:
    """Move the content of later blocks of the article body into its first block.

    Sites cut the body into several `<div class="article-body">` blocks with an advert or a
    newsletter box between them; trafilatura keeps only the first element of its body pattern.
    A later block belongs to the same body when it has the first one's tag and class and sits
    at its depth under a near common ancestor (a list of teasers further down the page is
    nested differently); one nested in another is not a split.
    """
    candidates = _elements(_BODY_CONTAINERS, tree)
    if len(candidates) < 2:
        return 0
    first = candidates[0]
    kind = (first.tag, first.get("class"))
    family = list(first.iterancestors())[:SPLIT_BODY_REACH]
    joined = 0
    for later in candidates[1:]:
        if (later.tag, later.get("class")) != kind or not _cousins(first, later, family):
            continue
        if later.text and later.text.strip():
            append_text(first, later.text)
        first.extend(list(later))
        later.drop_tree()
        joined += 1
    return joined


def looks_short(
    tree: HtmlElement, text: str, paragraphs: int | None = None, visible: int | None = None
) -> bool:
    """Is this text suspiciously short for the page (cheapest test first)?"""
    length = len(text)
    if length < MIN_TEXT:
        return True
    if paragraphs is None:
        paragraphs = paragraph_text_length(tree)
    if length < PARAGRAPH_SHARE * paragraphs:
        return True
    if visible is None:
        visible = visible_text_length(tree)
    return length < PAGE_SHARE * visible


def paragraph_text_length(tree: HtmlElement) -> int:
    """Characters of the text inside the page's <p> elements, each text counted once."""
    paragraphs = _PARAGRAPHS(tree)
    if not isinstance(paragraphs, list):
        return 0
    lengths = (_STRING_LENGTH(p) for p in paragraphs if isinstance(p, etree._Element))
    return int(sum(length for length in lengths if isinstance(length, float)))


def looks_like_prose(text: str) -> bool:
    """Does most of the text stand in lines of running prose (not menu items or link lists)?"""
    lines = [line for line in text.splitlines() if line.strip()]
    total = sum(map(len, lines))
    prose = sum(len(line) for line in lines if effective_words(line) >= PROSE_LINE_WORDS)
    return prose >= PROSE_SHARE * total


def visible_text_length(tree: HtmlElement) -> int:
    """Characters of the page's text with spaces collapsed, scripts and styles left out."""
    code = sum(len(" ".join(text.split())) for text in _strings(_CODE_TEXT, tree))
    body = _BODY_TEXT_LENGTH(tree)
    return max(0, int(body) - code) if isinstance(body, float) else 0


def _strings(xpath: etree.XPath, tree: HtmlElement) -> list[str]:
    result = xpath(tree)
    return [text for text in result if isinstance(text, str)] if isinstance(result, list) else []


def _elements(xpath: etree.XPath, tree: HtmlElement) -> list[HtmlElement]:
    result = xpath(tree)
    if not isinstance(result, list):
        return []
    return [element for element in result if isinstance(element, HtmlElement)]


def _inside_any(element: HtmlElement, others: list[HtmlElement]) -> bool:
    ancestors = set(element.iterancestors())
    return any(other in ancestors for other in others)


def _cousins(first: HtmlElement, later: HtmlElement, family: list[HtmlElement]) -> bool:
    """Same depth (so neither holds the other), and a common ancestor near the first block."""
    ancestors = list(later.iterancestors())
    if len(ancestors) != sum(1 for _ in first.iterancestors()):
        return False
    return any(mine is theirs for mine, theirs in zip(family, ancestors, strict=False))


def _text_length(element: HtmlElement) -> int:
    length = _NORMALIZED_LENGTH(element)
    return int(length) if isinstance(length, float) else 0


@cache
def _pass_settings(*, fast: bool, recall: bool) -> Extractor:
    """trafilatura's settings for one kind of pass (body text only, no comments, no metadata)."""
    return Extractor(output_format="python", fast=fast, recall=recall, comments=False)


def _extract(tree: HtmlElement, url: str, *, fast: bool, recall: bool = False) -> str:
    # Building the settings reads a dozen values from trafilatura's config and the clock, for
    # every page and pass: they are built once per kind of pass and copied with the page's URL.
    # (The clock gives the latest date for metadata extraction, which is off here.)
    settings = copy(_pass_settings(fast=fast, recall=recall))
    settings.url = url
    settings.source = url.encode("utf-8", "replace").decode("utf-8")
    # trafilatura copies a tree it is given, so the prepared one serves both passes.
    with trafilatura_shortcuts():
        document = trafilatura.bare_extraction(tree, options=settings)
    # Its text is already the body as plain text (xmltotxt without formatting, the default
    # of the "python" output): converting the body again would do the same work twice.
    return (document.text or "") if isinstance(document, Document) else ""
