"""The main text of a parsed page: trafilatura's fast pass, and its fallbacks only where needed.

trafilatura's default (non-fast) extraction compares its result with readability's and, for
short or unclean results, justext's. That costs a third of its time and, measured on the AEB
pages, changes the text of 5 pages in 181 (for the worse on balance: F1 0.960 against 0.962 for
the fast pass). On other pages it matters: on WCXB-dev the fast pass alone scores 0.917 against
0.931, nearly all of it on pages where the fast text is a small part of the page's text. So the
fast pass runs first, and the full extraction only when its text looks too short for the page:
0.962 on AEB (2 pages of 181 extracted twice) and 0.930 on WCXB-dev (32 of 711).
"""

from __future__ import annotations

import trafilatura
from lxml import etree
from lxml.html import HtmlElement
from trafilatura.settings import Document
from trafilatura.xml import xmltotxt

# Below this many characters trafilatura itself calls a result short (MIN_EXTRACTED_SIZE).
MIN_TEXT = 250
# The fast text looks too short when under these shares of the page's <p> text or of all its
# visible text (measured on AEB and WCXB-dev: see the module docstring and `make bench-quality`).
PARAGRAPH_SHARE = 0.2
PAGE_SHARE = 0.1
# Plain strings and XPath's own string functions: these run in lxml's C code, about a millisecond
# a page, where a Python loop over the text nodes took several.
# Not "//p//text()": libxml2 merges the text of each <p> into one node set with a duplicate check
# that is quadratic, 8 s on a page of 40,000 <p>s (a long comment thread), against 0.1 s for the
# outermost <p>s' string lengths (and 0.1 ms more on a usual page).
_PARAGRAPHS = etree.XPath("//p[not(ancestor::p)]")
_STRING_LENGTH = etree.XPath("string-length(.)")
_BODY_TEXT_LENGTH = etree.XPath("string-length(normalize-space(//body))")
_CODE_TEXT = etree.XPath(
    "//body//script//text() | //body//style//text() | //body//noscript//text()",
    smart_strings=False,
)


def main_text(tree: HtmlElement, url: str) -> str:
    """trafilatura's main text (comments excluded), its fallbacks run only when they can help."""
    text = _extract(tree, url, fast=True)
    if looks_short(tree, text):
        text = _extract(tree, url, fast=False)
    return text


def looks_short(tree: HtmlElement, text: str) -> bool:
    """Is this text suspiciously short for the page (cheapest test first)?"""
    length = len(text)
    if length < MIN_TEXT:
        return True
    if length < PARAGRAPH_SHARE * paragraph_text_length(tree):
        return True
    return length < PAGE_SHARE * visible_text_length(tree)


def paragraph_text_length(tree: HtmlElement) -> int:
    """Characters of the text inside the page's <p> elements, each text counted once."""
    paragraphs = _PARAGRAPHS(tree)
    if not isinstance(paragraphs, list):
        return 0
    lengths = (_STRING_LENGTH(p) for p in paragraphs if isinstance(p, etree._Element))
    return int(sum(length for length in lengths if isinstance(length, float)))


def visible_text_length(tree: HtmlElement) -> int:
    """Characters of the page's text with spaces collapsed, scripts and styles left out."""
    code = sum(len(" ".join(text.split())) for text in _strings(_CODE_TEXT, tree))
    body = _BODY_TEXT_LENGTH(tree)
    return max(0, int(body) - code) if isinstance(body, float) else 0


def _strings(xpath: etree.XPath, tree: HtmlElement) -> list[str]:
    result = xpath(tree)
    return [text for text in result if isinstance(text, str)] if isinstance(result, list) else []


def _extract(tree: HtmlElement, url: str, *, fast: bool) -> str:
    # trafilatura copies a tree it is given, so ours stays whole for links and metadata.
    document = trafilatura.bare_extraction(
        tree, url=url, fast=fast, include_comments=False, with_metadata=False
    )
    body = document.body if isinstance(document, Document) else None
    return xmltotxt(body, False)
