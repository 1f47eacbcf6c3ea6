"""Parse HTML like trafilatura, repairing what libxml2 gets wrong: deep nesting, early end tags."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

import lxml.html
from lxml import etree
from lxml.html import HtmlComment, HtmlElement, HtmlEntity, HtmlProcessingInstruction
from trafilatura.utils import (
    DOCTYPE_TAG,
    FAULTY_HTML,
    HTML_PARSER,
    is_dubious_html,
    repair_faulty_html,
)

logger = logging.getLogger(__name__)

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
# Beyond the cap, tags go in this order until the page is shallow enough: bare wrappers
# (<div>, <span> without attributes: they carry nothing), then any generic wrapper, then
# anything. Structure and classes nearer the text (<main>, class="byline") survive longest.
_GENERIC = frozenset("div span font center b i u s em strong small big tt".split())
_BARE = re.compile(r"<[A-Za-z]+\s*>")
_PASSES: tuple[Callable[[str, str], bool], ...] = (
    lambda name, tag: name in _GENERIC and _BARE.fullmatch(tag) is not None,
    lambda name, tag: name in _GENERIC,
    lambda name, tag: True,
)
# Removed block-level tags leave a space so that words on both sides stay apart.
_BLOCK = frozenset(
    "div section article main aside header footer nav table ul ol dl blockquote figure "
    "form center fieldset details address".split()
)


# trafilatura's parser settings, with element classes looked up in C. lxml.html's own lookup
# is a Python method called for every element lxml hands out, and trafilatura's passes hand
# out each element of a page many times: a tenth of the extraction time. What it adds, the
# form classes (FormElement, InputElement ...) with their form-filling helpers, nothing here
# uses; every element is an HtmlElement either way.
_PARSER = HTML_PARSER.copy()
_PARSER.set_element_class_lookup(
    etree.ElementDefaultClassLookup(
        element=HtmlElement, comment=HtmlComment, pi=HtmlProcessingInstruction, entity=HtmlEntity
    )
)


def parse_html(html: str, *, xml_safe: bool = False) -> HtmlElement | None:
    """trafilatura's load_html; a tree cut short by excessive nesting is parsed again repaired.

    xml_safe: the caller knows the text holds no character XML forbids (decode_page).
    """
    tree = load_html(html, xml_safe=xml_safe)
    if tree is not None and tree.xpath(_NEAR_LIMIT):
        repaired = repair_html(html)
        if repaired != html:
            tree = load_html(repaired, xml_safe=xml_safe)
    if tree is not None:
        adopt_content_after_end(tree)
    return tree


def adopt_content_after_end(tree: HtmlElement) -> int:
    """Move what a page has after a premature `</html>` into its body; how many elements moved.

    Templates that close the document in their header include (`</body></html>`) and print the
    article after it are shown whole by browsers: HTML5 parsing reads content after the end
    tags into the body. libxml2 puts it in a second root element, outside the body every
    extractor looks in, and the article is lost.
    """
    body = tree.find("body")
    if body is None:
        return 0
    moved = 0
    for later_root in list(tree.itersiblings()):
        if not isinstance(later_root, HtmlElement):
            continue
        if later_root.text and later_root.text.strip():
            append_text(body, later_root.text)
        moved += len(later_root)
        body.extend(list(later_root))
    return moved


def append_text(element: HtmlElement, text: str) -> None:
    """Add text at the end of an element's content: after its last child, or as its text."""
    if len(element):
        last = element[-1]
        last.tail = (last.tail or "") + text
    else:
        element.text = (element.text or "") + text


def load_html(html: str, *, xml_safe: bool = False) -> HtmlElement | None:
    """trafilatura.utils.load_html for a decoded page, step by step, with the parser above."""
    beginning = html[:50].lower()
    dubious = is_dubious_html(beginning)
    html = _repair_markup(html, beginning) if xml_safe else repair_faulty_html(html, beginning)
    tree = None
    as_bytes = False
    try:
        tree = lxml.html.fromstring(html, parser=_PARSER)
    except ValueError:  # "Unicode strings with encoding declaration are not supported."
        tree, as_bytes = _from_bytes(html), True
    except Exception as error:  # trafilatura's own catch-all: no tree
        logger.debug("lxml parsing failed: %s", error)
    if (tree is None or len(tree) < 1) and not as_bytes:
        tree = _from_bytes(html)
    if tree is not None and dubious and len(tree) < 2:
        return None  # not (well-formed) HTML at all
    return tree


def _repair_markup(html: str, beginning: str) -> str:
    """trafilatura's repair_faulty_html but its filter of characters XML forbids."""
    # Its two other steps: a doctype with a slash, and a self-closing <html/>.
    if "doctype" in beginning:
        firstline, _, rest = html.partition("\n")
        html = DOCTYPE_TAG.sub("", firstline, count=1) + "\n" + rest
    for line in html[:4096].splitlines()[:4]:
        if "<html" in line and line.endswith("/>"):
            return FAULTY_HTML.sub(r"\1>", html, count=1)
    return html


def _from_bytes(html: str) -> HtmlElement | None:
    try:
        return lxml.html.fromstring(html.encode("utf8", "surrogatepass"), parser=_PARSER)
    except Exception as error:  # as trafilatura: no tree
        logger.debug("lxml parsing of bytes failed: %s", error)
    return None


def repair_html(html: str) -> str:
    """Return html with tags nested deeper than MAX_DEPTH removed (their text kept)."""
    for removable in _PASSES:
        html, deepest = _flatten(html, removable)
        if deepest <= 2 * MAX_DEPTH:  # well below libxml2's 256, with room for <p>, <li> ...
            break
    return html


def _flatten(html: str, removable: Callable[[str, str], bool]) -> tuple[str, int]:
    """Remove removable tags opened beyond MAX_DEPTH (and their end tags); the depth left."""
    out: list[str] = []
    stack: list[tuple[str, bool]] = []  # open counted tags: (name, removed?)
    depth = deepest = last = 0  # depth: open tags that are kept
    for match in _TOKEN.finditer(html):
        closing, name, self_closing = match.group(2), match.group(3), match.group(4)
        if name is None or self_closing or name.lower() in _NOT_COUNTED:
            continue
        name = name.lower()
        if closing:
            index = _opened_at(stack, name)
            if index is None:
                continue  # a stray end tag: parsers ignore it
            removed = stack[index][1]
            # An end tag closes its start tag and every tag left open inside it.
            depth -= sum(1 for _, gone in stack[index:] if not gone)
            del stack[index:]
        else:
            removed = depth >= MAX_DEPTH and removable(name, match.group(0))
            stack.append((name, removed))
            depth += not removed
            deepest = max(deepest, depth)
        if removed:
            out.append(html[last : match.start()])
            out.append(" " if name in _BLOCK else "")
            last = match.end()
    if not out:
        return html, deepest
    out.append(html[last:])
    return "".join(out), deepest


def _opened_at(stack: list[tuple[str, bool]], name: str) -> int | None:
    """Where the tag an end tag closes sits on the stack (looking only _END_TAG_REACH down)."""
    for index in range(len(stack) - 1, max(0, len(stack) - _END_TAG_REACH) - 1, -1):
        if stack[index][0] == name:
            return index
    return None
