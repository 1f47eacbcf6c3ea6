"""tdm_reserved, tdm_sources, tdm_policy and license: what the publisher reserved, and how."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from lxml.html import HtmlElement

from newsspider.pages.metadata import PageMetadata, jsonld_url
from newsspider.urls import http_url

# Directives of robots meta tags and X-Robots-Tag headers that opt out of AI use.
NOAI_DIRECTIVES = ("noai", "noimageai")
_DIRECTIVE_SPLIT = re.compile(r"[\s,]+")
# The response headers a reservation comes in (lower case); a WARC capture keeps them.
OPT_OUT_HEADERS = ("tdm-reservation", "tdm-policy", "x-robots-tag")


@dataclass(frozen=True, slots=True)
class OptOutHints:
    """What the response and its site said before the page was read (the crawl fills it in).

    `site_sources` are the site-wide reservations covering the page's URL (robots.txt groups
    of AI crawlers, `/.well-known/tdmrep.json`), `site_policy` the tdmrep.json policy URL.
    """

    tdm_header: str | None = None
    tdm_policy_header: str | None = None
    x_robots_tag: str | None = None
    site_sources: tuple[str, ...] = ()
    site_policy: str | None = None


def opt_out_hints(
    headers: Mapping[str, str], site_sources: Iterable[str] = (), site_policy: str | None = None
) -> OptOutHints:
    """The hints from a response's OPT_OUT_HEADERS and the site's reservations of its URL."""
    return OptOutHints(
        tdm_header=headers.get("tdm-reservation"),
        tdm_policy_header=headers.get("tdm-policy"),
        x_robots_tag=headers.get("x-robots-tag"),
        site_sources=tuple(site_sources),
        site_policy=site_policy,
    )


@dataclass(frozen=True, slots=True)
class OptOuts:
    """The record's opt-out fields."""

    reserved: bool
    sources: list[str]
    policy: str | None


def _reserves(value: str | None) -> bool:
    # TDMRep: "1" reserves the rights, "0" (or anything else) does not.
    return value is not None and value.strip() == "1"


def _noai(value: str | None) -> list[str]:
    words = {word.lower() for word in _DIRECTIVE_SPLIT.split(value or "")}
    return [directive for directive in NOAI_DIRECTIVES if directive in words]


def opt_outs(metadata: PageMetadata, url: str, hints: OptOutHints | None = None) -> OptOuts:
    """Every source that reserves the page from text and data mining or AI use, in one record."""
    hints = hints or OptOutHints()
    sources = list(hints.site_sources)
    if _reserves(hints.tdm_header):
        sources.append("tdm_header")
    if _reserves(metadata.first_meta("tdm-reservation")):
        sources.append("tdm_meta")
    sources += [f"x_robots_tag:{word}" for word in _noai(hints.x_robots_tag)]
    for content in metadata.meta.get("robots", []):
        sources += [f"robots_meta:{word}" for word in _noai(content)]
    policy = hints.tdm_policy_header or metadata.first_meta("tdm-policy") or hints.site_policy
    sources = list(dict.fromkeys(sources))
    return OptOuts(bool(sources), sources, http_url(url, policy) if sources else None)


def license_url(tree: HtmlElement, metadata: PageMetadata, url: str) -> str | None:
    """`<link rel="license">` (or `<a rel="license">`) made absolute, else the JSON-LD license."""
    for element in tree.iterfind(".//*[@rel]"):
        if element.tag in {"link", "a"} and "license" in element.get("rel", "").lower().split():
            found = http_url(url, element.get("href"))
            if found:
                return found
    # A URL or a name ("CC BY 4.0"), as the publisher wrote it; a CreativeWork by its URL.
    found = jsonld_url(metadata.jsonld.get("license"), keys=("url", "@id"))
    return (found.strip() or None) if found else None
