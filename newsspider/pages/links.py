"""Links of a parsed page: where navigation can go next and which feeds it advertises."""

from __future__ import annotations

from urllib.parse import urldefrag

from lxml.html import HtmlElement

from newsspider.discovery.feeds import feed_urls_from_html
from newsspider.urls import http_url


def page_links(tree: HtmlElement, base_url: str) -> tuple[list[str], list[str]]:
    """Absolute http(s) URLs of the page's <a href> links and advertised feeds, each once."""
    base_element = tree.find(".//base[@href]")
    base = http_url(base_url, base_element.get("href")) if base_element is not None else None
    base = base or base_url
    links: dict[str, None] = {}  # an ordered set
    for anchor in tree.iterfind(".//a[@href]"):
        url = http_url(base, anchor.get("href"))
        if url is not None:
            links.setdefault(urldefrag(url).url)
    return list(links), feed_urls_from_html(tree, base_url)
