"""Parse HTML like trafilatura, repairing what libxml2 gives up on: nesting thousands deep."""

from __future__ import annotations

import re

from lxml.html import HtmlElement
from trafilatura.utils import load_html

# libxml2 stops parsing at 256 open elements ("Excessive depth in document") and everything
# after that point is lost. Tags that must be closed are capped well below that, leaving
# room for the <p>, <li>, <td> ... (not counted: they close themselves) in between.
MAX_DEPTH = 100
# A parsed tree that reaches this depth is at (or near) libxml2's limit and was probably cut
# short there; an XPath of this many steps finds such an element in one C-level pass.
_NEAR_LIMIT = "/".join(["*"] * 240)
# How far down the open-tag stack an end tag looks for its start tag, so that stray end
# tags cost O(1), not O(depth).
_END_TAG_REACH = 512

# Opaque runs first (comments, scripts, styles: their '<' are not tags), then any tag.
_TOKEN = re.compile(
    r"<!--.*?(?:-->|\Z)"
    r"|<(script|style|textarea|title)\b[^>]*>.*?(?:</\1\s*>|\Z)"
    r"|<(/?)([A-Za-z][^\s/>]*)[^>]*?(/?)>",
    re.DOTALL | re.IGNORECASE,
)
_NOT_COUNTED = frozenset(
    # void elements, and elements whose end tag is optional (the parser closes them)
    "area base br col embed hr img input link meta param source track wbr "
    "p li dt dd option optgroup tr td th thead tbody tfoot colgroup caption rp rt "
    "html head body".split()
)
# Removed block-level tags leave a space so that words on both sides stay apart.
_BLOCK = frozenset(
    "div section article main aside header footer nav table ul ol dl blockquote figure "
    "form center fieldset details address".split()
)


def parse_html(html: str) -> HtmlElement | None:
    """trafilatura's load_html; a tree cut short by excessive nesting is parsed again repaired."""
    tree = load_html(html)
    if tree is None or not tree.xpath(_NEAR_LIMIT):
        return tree
    repaired = repair_html(html)
    return load_html(repaired) if repaired != html else tree


def _step(stack: list[str], match: re.Match[str]) -> int:
    """Apply one token to the stack of open counted tags; the level it opens or closes, or 0."""
    closing, name, self_closing = match.group(2), match.group(3), match.group(4)
    if name is None or self_closing:
        return 0
    name = name.lower()
    if name in _NOT_COUNTED:
        return 0
    if not closing:
        stack.append(name)
        return len(stack)
    # An end tag closes its start tag and every tag left open inside it, as parsers do.
    reach = max(0, len(stack) - _END_TAG_REACH)
    for index in range(len(stack) - 1, reach - 1, -1):
        if stack[index] == name:
            del stack[index:]
            return index + 1
    return 0


def repair_html(html: str) -> str:
    """Return html with tags nested deeper than MAX_DEPTH removed (their text kept)."""
    out: list[str] = []
    stack: list[str] = []
    last = 0
    for match in _TOKEN.finditer(html):
        # A tag that opens, or closes, a level beyond the cap goes; what is inside stays.
        if _step(stack, match) > MAX_DEPTH:
            out.append(html[last : match.start()])
            out.append(" " if (match.group(3) or "").lower() in _BLOCK else "")
            last = match.end()
    if not out:
        return html
    out.append(html[last:])
    return "".join(out)
