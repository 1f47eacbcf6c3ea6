"""paywalled: what the page's JSON-LD says about paid access, and whether the text is cut."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cssselect import SelectorError
from lxml.html import HtmlElement

from newsspider.pages.metadata import PageMetadata

# A paywalled part with fewer words than this in the page is a placeholder: the text was cut.
_MIN_PART_WORDS = 10


@dataclass(frozen=True, slots=True)
class Paywall:
    """paywalled, where the page said so (`jsonld`, `jsonld_haspart`), and whether text is cut."""

    paywalled: bool = False
    source: str | None = None
    # True: the paywalled part is missing from the page; False: it is there; None: unknown.
    truncated: bool | None = None


def _not_free(obj: dict[str, Any]) -> bool:
    value = obj.get("isAccessibleForFree")
    if isinstance(value, str):
        return value.strip().lower() in {"false", "no", "0"}
    return value is False


def _parts(obj: dict[str, Any]) -> list[dict[str, Any]]:
    parts = obj.get("hasPart")
    found = parts if isinstance(parts, list) else [parts]
    return [part for part in found if isinstance(part, dict)]


def _part_in_page(tree: HtmlElement, selector: str) -> bool | None:
    """Is the paywalled part's text in the page? None when the selector is no CSS."""
    try:
        elements = tree.cssselect(selector)
    except (SelectorError, ValueError):
        return None
    words = sum(len(element.text_content().split()) for element in elements)
    return words >= _MIN_PART_WORDS


def paywall(metadata: PageMetadata, tree: HtmlElement) -> Paywall:
    """The page's paywall as its JSON-LD states it (isAccessibleForFree, hasPart cssSelector)."""
    found = Paywall()
    for obj in metadata.jsonld_objects:
        for part in _parts(obj):
            selector = part.get("cssSelector")
            if _not_free(part) and isinstance(selector, str) and selector.strip():
                in_page = _part_in_page(tree, selector.strip())
                truncated = None if in_page is None else not in_page
                return Paywall(True, "jsonld_haspart", truncated)
        if _not_free(obj) and not found.paywalled:
            found = Paywall(True, "jsonld")
    return found
