"""A site whose layout changes between crawls: "relayout" (Ridge Ledger).

Its first edition is twelve ordinary articles in /sitemap.xml. relaunch() adds twelve more in
a new layout, a script-rendered shell whose text a crawler never sees: they come out as
non-articles, which the article monitor must notice.
"""

from __future__ import annotations

from html import escape

from .articles import Article
from .sites import (
    BULLETIN,
    TEXT,
    Resource,
    Site,
    SiteBuilder,
    bulk_article,
    dated_path,
    urlset,
    xml_resource,
)

EDITION = 12
FIRST = tuple(bulk_article(1000 + number) for number in range(EDITION))
RELAUNCHED = tuple(bulk_article(2000 + number) for number in range(EDITION))


def _shell(title: str) -> Resource:
    """The new layout: a title and an empty mount point; the text arrives by script."""
    page = (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<title>{escape(title)}</title></head>\n<body><div id="app"></div>'
        '<script src="/app.js"></script></body></html>\n'
    )
    return Resource(body=page.encode())


def _sitemap(site: SiteBuilder, arts: tuple[Article, ...]) -> None:
    entries = ((dated_path(a), a) for a in FIRST + arts)
    site.resources["/sitemap.xml"] = xml_resource(urlset(site.base, entries))


def build_relayout(base_url: str) -> Site:
    """Build "relayout" as its first edition: twelve articles, all in /sitemap.xml."""
    site = SiteBuilder("relayout", BULLETIN, base_url)
    for art in FIRST:
        site.article(dated_path(art), art, routes="/sitemap.xml")
    robots = f"User-agent: *\nSitemap: {site.base}/sitemap.xml\n"
    site.add("/robots.txt", Resource(body=robots.encode(), headers=TEXT))
    _sitemap(site, ())
    site.page("/", "Ridge Ledger", intro=("Every story is in the sitemap.",))
    return site.build()


def relaunch(site: Site, base_url: str) -> list[str]:
    """Publish twelve new stories in the new layout on a running "relayout"; their paths."""
    edition = SiteBuilder("relayout", BULLETIN, base_url)
    for art in RELAUNCHED:
        edition.add(dated_path(art), _shell(art.title))
    _sitemap(edition, RELAUNCHED)
    # One dict update, so a request never sees half an edition.
    site.resources.update(edition.resources)
    return [dated_path(art) for art in RELAUNCHED]
