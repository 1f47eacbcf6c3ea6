"""Links of a parsed page: where navigation can go next and which feeds it advertises."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urldefrag, urljoin

from lxml.html import HtmlElement

from newsspider.discovery.feeds import feed_urls_from_html


def page_links(tree: HtmlElement, base_url: str) -> tuple[list[str], list[str]]:
    """Absolute http(s) URLs of the page's <a href> links and advertised feeds, each once."""
    base_element = tree.find(".//base[@href]")
    base = urljoin(base_url, base_element.get("href", "")) if base_element is not None else base_url
    links = _unique(
        urldefrag(urljoin(base, anchor.get("href", "").strip())).url
        for anchor in tree.iterfind(".//a[@href]")
    )
    return links, feed_urls_from_html(tree, base_url)


def _unique(urls: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for url in urls:
        if url.startswith(("http://", "https://")):
            seen.setdefault(url, None)
    return list(seen)
