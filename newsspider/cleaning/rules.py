"""Cleaning rules: paragraphs of boilerplate families, page elements named by CSS selectors."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache

from cssselect import GenericTranslator
from lxml import etree
from lxml.html import HtmlElement

# Furniture longer than this is rare; a long paragraph that matches a pattern is probably prose.
_MAX_BOILERPLATE_WORDS = 60

# Well-known boilerplate families, matched on whole short paragraphs. Each is generic (no site or
# publisher named) and documented in docs/boilerplate.md; per-site phrases come from the sites file.
GENERIC_BOILERPLATE: dict[str, re.Pattern[str]] = {
    "comment_policy": re.compile(
        r"\bcomments?\s+(?:posted|published|expressed|made|left)\s+"
        r"(?:here|below|on this (?:site|page|website))\b"
        r"|\b(?:views|opinions) expressed in (?:the |these )?comments\b"
        r"|\brefrain from\b.{0,60}\b(?:derogatory|abusive|obscene|offensive|defamatory)\b",
        re.IGNORECASE,
    ),
    "follow_us": re.compile(
        r"^(?:follow us on|join (?:us|our \w+ channel) on|like us on)\b", re.IGNORECASE
    ),
    "newsletter_prompt": re.compile(
        r"^(?:sign up|subscribe) (?:to|for) (?:our|the) \w*\s*newsletter", re.IGNORECASE
    ),
    "read_more_link": re.compile(r"^(?:also read|read also|read more|see also)\s*[:|-]", re.I),
}

_PUNCT_OR_SPACE = re.compile(r"[\W_]+", re.UNICODE)


def normalise_for_match(text: str) -> str:
    """Lower-cased letters and digits only, for comparing headlines and phrases."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _PUNCT_OR_SPACE.sub(" ", folded).strip()


def drop_repeated_titles(paragraphs: Sequence[str], titles: Iterable[str]) -> tuple[list[str], int]:
    """Drop leading paragraphs that repeat the headline (or one of its variants)."""
    wanted = {normalise_for_match(title) for title in titles if title}
    wanted.discard("")
    kept = list(paragraphs)
    removed = 0
    while kept and normalise_for_match(kept[0]) in wanted:
        kept.pop(0)
        removed += 1
    return kept, removed


def drop_boilerplate(
    paragraphs: Sequence[str], extra_phrases: Iterable[str] = ()
) -> tuple[list[str], Counter[str]]:
    """Drop short paragraphs of a known boilerplate family or containing a configured phrase."""
    phrases = [normalise_for_match(phrase) for phrase in extra_phrases if phrase.strip()]
    kept: list[str] = []
    removed: Counter[str] = Counter()
    for paragraph in paragraphs:
        rule = _boilerplate_rule(paragraph, phrases)
        if rule is None:
            kept.append(paragraph)
        else:
            removed[rule] += 1
    return kept, removed


def _boilerplate_rule(paragraph: str, phrases: Sequence[str]) -> str | None:
    if len(paragraph.split()) > _MAX_BOILERPLATE_WORDS:
        return None
    if phrases:  # most sites configure none: no need to normalise the paragraph
        normalised = normalise_for_match(paragraph)
        if any(phrase and phrase in normalised for phrase in phrases):
            return "site_phrase"
    for name, pattern in GENERIC_BOILERPLATE.items():
        if pattern.search(paragraph):
            return name
    return None


@lru_cache(maxsize=256)
def css_xpath(selector: str) -> etree.XPath:
    """The compiled XPath of a CSS selector; cssselect.SelectorError when it is not valid CSS."""
    return etree.XPath(GenericTranslator().css_to_xpath(selector))


def drop_elements(tree: HtmlElement, selectors: Iterable[str]) -> int:
    """Remove the elements matching any of the CSS selectors (their tail text stays)."""
    removed = 0
    for selector in selectors:
        found = css_xpath(selector)(tree)
        for element in found if isinstance(found, list) else []:
            if isinstance(element, HtmlElement) and element.getparent() is not None:
                element.drop_tree()
                removed += 1
    return removed
