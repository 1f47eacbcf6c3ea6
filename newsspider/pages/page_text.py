"""trafilatura's whole-page text (its html2txt), the same string read in one walk of the page.

Before it retries a short extraction in recall mode, trafilatura measures the whole page's
text with html2txt: it copies the page, deletes what BASIC_CLEAN_XPATH selects (asides, footers,
cookie banners ...) and puts a space at the start and end of every block element. That XPath
tests a regular expression on the class and id of every element, each test a call from libxml2
back into Python; with the copy, html2txt is one of the largest costs of a fast pass on the
pages where it runs (docs/benchmarks.md, "Cuts of 2026-12-06, second session"). `page_text`
reads the same string off the page without copying or changing it (newsspider.pages.shortcuts
hands it to trafilatura). The string is trafilatura's to the character: tests/test_page_text.py
compares the two on every fixture page and on the edge cases of the walk.
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement
from trafilatura.baseline import _BLOCK_ELEMS
from trafilatura.settings import _COOKIE_CONSENT_RE
from trafilatura.utils import remove_control_characters

from newsspider.pages.xpath_walks import first_value

# What page_text reads BASIC_CLEAN_XPATH as: a test checks that trafilatura's is still this.
MIRRORED_XPATH = (
    ".//aside|.//div[contains(@class|@id, 'footer')]|.//fencedframe|.//footer|.//script|.//style"
    "|.//svg|.//template"
    f"|.//*[re:test(@class, '{_COOKIE_CONSENT_RE}', 'i')"
    f" or re:test(@id, '{_COOKIE_CONSENT_RE}', 'i')]"
)
_DROPPED_TAGS = frozenset({"aside", "fencedframe", "footer", "script", "style", "svg", "template"})
_BLOCK = frozenset(_BLOCK_ELEMS)
# lxml runs EXSLT's re:test with Python's re, flags "i" as re.IGNORECASE.
_CONSENT = re.compile(_COOKIE_CONSENT_RE, re.IGNORECASE)
# Every branch of the consent pattern holds one of these words: an ASCII class or id without
# any of them (compared in lower case, which is what IGNORECASE does to ASCII) cannot match, and
# most classes are turned away without running the pattern.
_CONSENT_WORDS = ("cookie", "consent", "borlabs", "cmplz", "onetrust", "moove")


def page_text(tree: HtmlElement) -> str:
    """trafilatura.baseline.html2txt(tree), without its copy of the tree or its XPath."""
    body = tree.find(".//body")
    pieces: list[str] = []
    _walk(tree if body is None else body, pieces)
    return " ".join("".join(pieces).split())


def _walk(element: HtmlElement, pieces: list[str]) -> None:
    """Append the element's text as html2txt sees it after cleaning and spacing the tree."""
    block = element.tag in _BLOCK
    text = element.text
    if block:
        pieces.append(" " + _printable(text) if text else " ")
    elif text:
        pieces.append(text)
    # A deleted element's tail joins the text or tail before it (trafilatura's delete_element):
    # it is spaced and filtered as that text is, that of a block element or not.
    host_is_block = block
    for child in element:
        tail = child.tail
        if isinstance(child.tag, str):  # comments and processing instructions add only tails
            if _deleted(child):
                if tail:
                    pieces.append(_printable(tail) if host_is_block else tail)
                continue
            _walk(child, pieces)
            if child.tag in _BLOCK:
                pieces.append(" " + _printable(tail) if tail else " ")
                host_is_block = True
                continue
        if tail:
            pieces.append(tail)
        host_is_block = False


def _deleted(element: HtmlElement) -> bool:
    """Does BASIC_CLEAN_XPATH select this element?"""
    if element.tag in _DROPPED_TAGS:
        return True
    class_, id_ = element.get("class"), element.get("id")
    if class_ is None and id_ is None:
        return False
    # A div's contains(@class|@id, 'footer') reads the first of the two the div has.
    if element.tag == "div" and "footer" in first_value(element, "class", "id"):
        return True
    return bool((class_ and _consent(class_)) or (id_ and _consent(id_)))


def _consent(value: str) -> bool:
    if value.isascii():
        lowered = value.lower()
        if not any(word in lowered for word in _CONSENT_WORDS):
            return False
    return _CONSENT.search(value) is not None


def _printable(text: str) -> str:
    """trafilatura's remove_control_characters, with its common case (nothing to remove) in C."""
    if "".join(text.split()).isprintable():
        return text
    return remove_control_characters(text)
