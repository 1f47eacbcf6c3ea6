"""A site whose publisher reserves some pages from text and data mining: "optout".

Its robots.txt disallows GPTBot on /news/ (everyone else may crawl everything); its
/.well-known/tdmrep.json reserves /opinion/ with a policy; one /city/ page is served with a
`tdm-reservation: 1` header; the other /city/ page is reserved by nothing.
"""

from __future__ import annotations

import json
from dataclasses import replace

from . import live_articles as la
from .sites import (
    HTML_UTF8,
    TEXT,
    Brand,
    Resource,
    Site,
    SiteBuilder,
    dated_path,
    urlset,
    xml_resource,
)

BRAND = Brand(
    name="Harbour Gazette",
    publisher="Harbour Gazette",
    sections=(("news", "News"), ("opinion", "Opinion"), ("city", "City")),
    footer_links=(("/about/", "About"),),
)
NEWS = (replace(la.TRAM, section="news"), replace(la.MARKET, section="news"))
OPINION = replace(la.LIBRARY, section="opinion")
HEADER_RESERVED = replace(la.HEATWAVE, section="city")
FREE = replace(la.FERRY, section="city")
POLICY = "https://harbour-gazette.invalid/tdm-policy.json"
# What each article's record must say: tdm_sources and tdm_policy, by path.
RESERVATIONS: dict[str, tuple[list[str], str | None]] = {
    **{dated_path(art): (["robots_txt:GPTBot"], None) for art in NEWS},
    dated_path(OPINION): (["tdmrep_json"], POLICY),
    dated_path(HEADER_RESERVED): (["tdm_header"], None),
    dated_path(FREE): ([], None),
}


def build_optout(base_url: str) -> Site:
    """Build "optout" (Harbour Gazette): five articles, four of them reserved three ways."""
    site = SiteBuilder("optout", BRAND, base_url)
    robots = (
        "User-agent: GPTBot\nDisallow: /news/\n\n"
        f"User-agent: *\nDisallow:\n\nSitemap: {site.base}/sitemap.xml\n"
    )
    site.add("/robots.txt", Resource(body=robots.encode(), headers=TEXT))
    rules = [
        {"location": "/opinion/*", "tdm-reservation": 1, "tdm-policy": POLICY},
        {"location": "/", "tdm-reservation": 0},
    ]
    json_type = (("Content-Type", "application/json"),)
    site.add(
        "/.well-known/tdmrep.json", Resource(body=json.dumps(rules).encode(), headers=json_type)
    )
    arts = (*NEWS, OPINION, HEADER_RESERVED, FREE)
    for art in arts:
        site.article(dated_path(art), art, routes="sitemap")
    path = dated_path(HEADER_RESERVED)
    site.resources[path] = replace(
        site.resources[path], headers=(*HTML_UTF8, ("tdm-reservation", "1"))
    )
    site.add("/sitemap.xml", xml_resource(urlset(site.base, ((dated_path(x), x) for x in arts))))
    site.page("/", BRAND.name, intro=("News from the harbour.",))
    return site.build()
