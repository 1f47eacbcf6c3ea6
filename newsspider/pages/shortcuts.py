"""Shortcuts inside trafilatura's extraction, each giving exactly trafilatura's own result.

trafilatura (pinned to one version, pyproject.toml) looks two functions up in its core module
and its XPaths up in its lists when it runs, and `trafilatura_shortcuts` puts ours there for the
length of one extraction: trafilatura called from anywhere else in the process, or after the
block, is untouched.

- **The whole-page measure** before the recall retry: html2txt copies the page and runs an XPath
  of regular-expression callbacks; `page_text` reads the same string in one walk.
- **The fast pass's unused copy:** `_prepare_tree` copies the cleaned page as a backup for the
  comparison with readability and justext (and for comments), which a fast pass without
  comments never reads. Every other pass gets trafilatura's own `_prepare_tree`.
- **Walks for its costliest XPaths** (newsspider.pages.xpath_walks): the same elements, selected
  by tag in lxml's C code and tested in Python instead of by libxml2's predicate evaluation.

tests/test_shortcuts.py checks that trafilatura's passes give the same text with and without
them; tests/test_page_text.py, that page_text is html2txt to the character;
tests/test_xpath_walks.py, that each walk selects what its XPath selects.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from copy import copy
from importlib import import_module
from typing import Any

from lxml.html import HtmlElement
from trafilatura.baseline import html2txt
from trafilatura.htmlprocessing import convert_tags, tree_cleaning
from trafilatura.settings import Extractor

from newsspider.pages.page_text import page_text
from newsspider.pages.xpath_walks import installable_walks

_CORE = import_module("trafilatura.core")


@contextmanager
def trafilatura_shortcuts() -> Iterator[None]:
    """Let trafilatura's extraction take the shortcuts while the block runs."""
    for name, function in _SHORTCUTS.items():
        setattr(_CORE, name, function)
    for expressions, index, walk in _WALKS:
        expressions[index] = walk
    try:
        yield
    finally:
        for name, function in _TRAFILATURA.items():
            setattr(_CORE, name, function)
        for expressions, index, walk in _WALKS:
            expressions[index] = walk.xpath


def _measure_page(content: object, clean: bool = True) -> str:
    """html2txt's signature: page_text for what the extraction gives it, a parsed page."""
    if isinstance(content, HtmlElement) and clean:
        return page_text(content)
    return html2txt(content, clean)


def _prepare_tree(
    tree: HtmlElement, options: Extractor, url: str | None
) -> tuple[HtmlElement, HtmlElement]:
    """trafilatura's _prepare_tree; in a fast pass without comments, without the backup copy."""
    if not options.fast or options.comments:
        prepared: tuple[HtmlElement, HtmlElement] = _TRAFILATURA["_prepare_tree"](
            tree, options, url
        )
        return prepared
    cleaned = convert_tags(tree_cleaning(copy(tree), options), options, url)
    # The backup's place: nothing in a fast pass without comments reads it.
    return cleaned, cleaned


# Ours, under the names trafilatura's core module looks them up by when it runs (neither is
# among the names it exports, so they are set by name).
_SHORTCUTS: dict[str, Callable[..., object]] = {
    "html2txt": _measure_page,
    "_prepare_tree": _prepare_tree,
}
# trafilatura's own, kept from import: the block always puts these back, so that two blocks
# nested or run by two threads at once cannot leave the shortcuts in place.
_TRAFILATURA: dict[str, Callable[..., Any]] = {name: getattr(_CORE, name) for name in _SHORTCUTS}
# The same for the XPaths: each walk keeps trafilatura's XPath it stands in for, and the block
# puts that back.
_WALKS = installable_walks()
