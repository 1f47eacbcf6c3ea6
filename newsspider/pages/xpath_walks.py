"""trafilatura's costliest element XPaths read by walks of the tree: the same elements, in order.

trafilatura prunes and frames the page with XPaths such as `.//*[self::div or self::section]
[re:test(@class, '...') or @class='post']`. libxml2 evaluates every predicate on every
element of the page, and each `re:test` is a call from libxml2 back into Python; together these
expressions were about a fifth of a record's time (docs/benchmarks.md, "Cuts of 2026-12-06,
third session"). A walk lets lxml pick the elements by tag in C and tests their attributes with
the same regular expressions in Python, for the same list of elements in document order.

Each walk is written for one XPath's shape, and reads its regular expressions out of
trafilatura's own XPath, so the token lists are always trafilatura's. `installable_walks()`
gives a walk only while trafilatura's XPath still has the shape the walk was written for (the
XPath's text with its regular expressions left out), so a trafilatura whose XPath changed keeps
its own. newsspider.pages.shortcuts puts the walks in place while our passes run;
tests/test_xpath_walks.py compares each walk with its XPath on every fixture page and on shaped
cases.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from lxml import etree
from lxml.html import HtmlElement
from trafilatura import xpaths

Select = Callable[[HtmlElement], list[HtmlElement]]
# A walk's builder: from the regular expressions of its XPath, in the order they appear there.
Build = Callable[[Sequence[re.Pattern[str]]], Select]

# `re:test(<attributes>, '<pattern>')` in trafilatura's XPaths; lxml runs EXSLT's re:test as
# Python's re.search with no flags when none are given.
_RE_TEST = re.compile(r"re:test\((@[\w@|-]+), '([^']*)'\)")
_ELEMENT = etree.Element  # as a tag filter: elements only, as `*` selects (no comments)


class XPathWalk:
    """A stand-in for one of trafilatura's XPaths: called on an element, the same elements."""

    def __init__(self, xpath: etree.XPath, select: Select) -> None:
        self.xpath = xpath
        # trafilatura's XPath source, for code that reads it (newsspider.pages.body does).
        self.path: str = xpath.path
        self._select = select

    def __call__(self, tree: Any) -> Any:
        """The elements the XPath selects under `tree`, in document order."""
        if isinstance(tree, etree._Element):  # lxml's element type (HtmlElement's base)
            return self._select(tree)
        return self.xpath(tree)  # a whole document, which trafilatura never passes


def skeleton(path: str) -> str:
    """The XPath with its regular expressions left out and its white space collapsed."""
    return " ".join(_RE_TEST.sub(r"re:test(\1, ...)", path).split())


def first_value(element: HtmlElement, first: str, second: str) -> str:
    """The string XPath reads for `@first|@second`: the value of the one written first, or ''."""
    value: str | None = element.get(first)
    other: str | None = element.get(second)
    if value is None:
        return other or ""
    if other is None:
        return value
    # A union of two attributes is in document order: the order they are written in.
    names = element.keys()
    return value if names.index(first) < names.index(second) else other


def _comments_and_lists(patterns: Sequence[re.Pattern[str]]) -> Select:
    """REMOVE_COMMENTS_AND_LISTS_XPATH[0]: comment sections, and ol/ul lists of comments."""
    any_id, any_class, list_id, list_class = patterns

    def select(tree: HtmlElement) -> list[HtmlElement]:
        found = []
        for element in tree.iterdescendants("div", "list", "section", "details", "ol", "ul"):
            id_, class_ = element.get("id"), element.get("class")
            by_class = class_ is not None and any_class.search(class_) is not None
            if not by_class and (id_ is None or any_id.search(id_) is None):
                continue
            if element.tag not in ("ol", "ul") or (
                (class_ is not None and list_class.search(class_) is not None)
                or (id_ is not None and list_id.search(id_) is not None)
            ):
                found.append(element)
        return found

    return select


def _appended_articles(patterns: Sequence[re.Pattern[str]]) -> Select:
    """RAW_TREE_PRUNE_XPATH[0]: infinite-scroll containers, unless they hold the page's h1."""
    any_id, any_class, named_id, named_class = patterns

    def select(tree: HtmlElement) -> list[HtmlElement]:
        found = []
        for element in tree.iterdescendants("div", "section", "aside"):
            id_, class_ = element.get("id") or "", element.get("class") or ""
            if any_id.search(id_) is None and any_class.search(class_) is None:
                continue
            if (
                next(element.iterdescendants("h1"), None) is None
                or named_id.search(id_) is not None
                or named_class.search(class_) is not None
            ):
                found.append(element)
        return found

    return select


def _share_buttons(patterns: Sequence[re.Pattern[str]]) -> Select:
    """RAW_TREE_PRUNE_XPATH[1]: elementor's share buttons (no regular expression)."""
    del patterns

    def select(tree: HtmlElement) -> list[HtmlElement]:
        return [
            element
            for element in tree.iterdescendants("div", "section", "aside")
            if "elementor-share-buttons" in (element.get("class") or "")
        ]

    return select


def _boilerplate(patterns: Sequence[re.Pattern[str]]) -> Select:
    """OVERALL_DISCARD_XPATH[0]: navigation, consent, sharing, ads and the like, by id and class."""
    consent, by_id, by_class = patterns

    def select(tree: HtmlElement) -> list[HtmlElement]:
        found = []
        for element in tree.iterdescendants("div", "item", "list", "p", "section", "span"):
            get = element.get
            id_, class_ = get("id"), get("class")
            if (
                (class_ is not None and by_class.search(class_) is not None)
                or (id_ is not None and by_id.search(id_) is not None)
                or (
                    (id_ is not None or class_ is not None)
                    and consent.search(first_value(element, "id", "class")) is not None
                )
                or get("data-lp-replacement-content") is not None
                or "nav" in (get("role") or "").replace("N", "n")
                or "MostPopularStories" in (get("data-component") or "")
            ):
                found.append(element)
        return found

    return select


def _hidden_and_replies(patterns: Sequence[re.Pattern[str]]) -> Select:
    """OVERALL_DISCARD_XPATH[1]: hidden elements, comment titles and replies, on any element."""
    hidden, by_id, by_class = patterns

    def select(tree: HtmlElement) -> list[HtmlElement]:
        found = []
        for element in tree.iterdescendants(_ELEMENT):
            if not element.keys():  # every test reads an attribute
                continue
            get = element.get
            id_, class_, style = get("id"), get("class"), get("style")
            if (
                class_ == "comments-title"
                or (class_ is not None and by_class.search(class_) is not None)
                or (id_ is not None and by_id.search(id_) is not None)
                or (style is not None and ("display:none" in style or "display: none" in style))
                or get("aria-hidden") == "true"
                or (
                    (id_ is not None or class_ is not None)
                    and first_value(element, "id", "class").startswith("reply-")
                )
                or (
                    (id_ is not None or style is not None)
                    and hidden.search(first_value(element, "id", "style")) is not None
                )
            ):
                found.append(element)
        return found

    return select


def _article_body(patterns: Sequence[re.Pattern[str]]) -> Select:
    """BODY_XPATH[0]: the article's container; `[1]` keeps the first of each set of siblings."""
    by_id, by_class = patterns

    def select(tree: HtmlElement) -> list[HtmlElement]:
        found, parents = [], set()
        for element in tree.iterdescendants("article", "div", "main", "section"):
            get = element.get
            id_, class_ = get("id"), get("class")
            if (
                class_ in ("post", "entry")
                or id_ == "articleContent"
                or get("itemprop") == "articleBody"
                or (id_ is not None and by_id.search(id_) is not None)
                or (class_ is not None and by_class.search(class_) is not None)
            ):
                # `.//*[...][1]` is the first match among each element's children: in document
                # order, a later match under the same parent is not selected.
                parent = element.getparent()
                if parent not in parents:
                    parents.add(parent)
                    found.append(element)
        return found

    return select


# Each walk, by trafilatura's list and index, with the shape of the XPath it was written for.
WALKS: dict[tuple[str, int], tuple[str, Build]] = {
    ("REMOVE_COMMENTS_AND_LISTS_XPATH", 0): (
        ".//*[self::div or self::list or self::section or self::details or self::ol or self::ul]"
        "[ re:test(@id, ...) or re:test(@class, ...)][ not(self::ol or self::ul) or "
        "re:test(@id, ...) or re:test(@class, ...)]",
        _comments_and_lists,
    ),
    ("RAW_TREE_PRUNE_XPATH", 0): (
        ".//*[self::div or self::section or self::aside][ re:test(@id, ...) or "
        "re:test(@class, ...)][ not(.//h1) or re:test(@id, ...) or re:test(@class, ...)]",
        _appended_articles,
    ),
    ("RAW_TREE_PRUNE_XPATH", 1): (
        ".//*[self::div or self::section or self::aside]"
        "[contains(@class, 'elementor-share-buttons')]",
        _share_buttons,
    ),
    ("OVERALL_DISCARD_XPATH", 0): (
        ".//*[self::div or self::item or self::list or self::p or self::section or self::span][ "
        "@data-lp-replacement-content or contains(translate(@role, 'N', 'n'), 'nav') or "
        "contains(@data-component, 'MostPopularStories') or re:test(@id|@class, ...) or "
        "re:test(@id, ...) or re:test(@class, ...)]",
        _boilerplate,
    ),
    ("OVERALL_DISCARD_XPATH", 1): (
        ".//*[@class='comments-title' or starts-with(@id|@class, 'reply-') or "
        "re:test(@id|@style, ...) or contains(@style, 'display:none') or "
        "contains(@style, 'display: none') or re:test(@id, ...) or re:test(@class, ...) or "
        "@aria-hidden='true']",
        _hidden_and_replies,
    ),
    ("BODY_XPATH", 0): (
        ".//*[self::article or self::div or self::main or self::section][ @class='post' or "
        "@class='entry' or @itemprop='articleBody' or @id='articleContent' or "
        "re:test(@id, ...) or re:test(@class, ...) ][1]",
        _article_body,
    ),
}


def installable_walks() -> list[tuple[list[Any], int, XPathWalk]]:
    """(trafilatura's XPath list, index, walk) for each XPath that still has its walk's shape."""
    installable = []
    for (name, index), (shape, build) in WALKS.items():
        expressions: list[Any] = getattr(xpaths, name)
        xpath = expressions[index]
        if skeleton(xpath.path) != shape:
            continue
        patterns = [re.compile(pattern) for _, pattern in _RE_TEST.findall(xpath.path)]
        # The walks skip an attribute that is missing, where XPath tests the empty string: the
        # same only while no pattern matches the empty string.
        if any(pattern.search("") is not None for pattern in patterns):
            continue
        installable.append((expressions, index, XPathWalk(xpath, build(patterns))))
    return installable
