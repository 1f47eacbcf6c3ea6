"""Sites for dedupe and incremental crawls: "live" changes between crawls, "wire" copies it.

live (Northgate Post) serves TRAM at its URL and also by three other routes: a home-page link
with tracking parameters, an AMP page and an old slug, both with rel=canonical to TRAM. Its
second edition adds HEATWAVE and corrects MARKET (new sitemap lastmod and feed update date).
wire (Riverside Courier) carries an agency copy of TRAM (new lede and footer), a verbatim copy
of LIBRARY under its own headline, and one story of its own (FERRY).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from . import live_articles as la
from .articles import Article
from .sites import (
    JPEG,
    TEXT,
    Brand,
    Layout,
    Resource,
    Site,
    SiteBuilder,
    article_page,
    atom_feed,
    dated_path,
    urlset,
    xml_resource,
)

POST = Brand(
    name="Northgate Post",
    publisher="Northgate Post Ltd",
    sections=(("city", "City"), ("business", "Business")),
    footer_links=(("/about/", "About us"),),
)
COURIER = Brand(
    name="Riverside Courier",
    publisher="Riverside Courier",
    sections=(("news", "News"),),
    footer_links=(("/about/", "About"),),
)

TRAM_PATH = dated_path(la.TRAM)
TRACKING_QUERY = "?utm_source=newsletter&utm_medium=email&utm_campaign=morning&fbclid=IwAR0x9"
AMP_PATH = "/amp" + TRAM_PATH
OLD_SLUG_PATH = "/city/2025/03/14/tram-extension-vote"
FIRST_EDITION = (la.TRAM, la.MARKET, la.LIBRARY)
ATOM = (("Content-Type", "application/atom+xml; charset=utf-8"),)


@dataclass(frozen=True)
class SecondEdition:
    """What publish_second_edition changed: the added and the corrected article's paths."""

    added: str
    changed: str


def _amp(page: Resource) -> Resource:
    """An AMP version of an article page: <html amp>, <amp-img>, the AMP runtime."""
    text = page.body.decode()
    text = text.replace('<html lang="en">', '<html amp lang="en">', 1)
    text = text.replace(
        "</head>", '<script async src="https://cdn.ampproject.org/v0.js"></script>\n</head>', 1
    )
    start = text.index("<img ")
    end = text.index(">", start) + 1
    amp_img = text[start:end].replace("<img ", '<amp-img layout="responsive" ', 1)
    return replace(page, body=(text[:start] + amp_img + "</amp-img>" + text[end:]).encode())


def _teaser(art: Article, path: str | None = None) -> tuple[str, str, str]:
    return path or dated_path(art), art.title, art.description


def _add_listings(site: SiteBuilder, arts: tuple[Article, ...]) -> None:
    """What changes from one edition to the next: home, section pages, sitemap, feed."""
    # The home page links TRAM with tracking parameters only, as a newsletter link would.
    home = [_teaser(x, TRAM_PATH + TRACKING_QUERY if x is la.TRAM else None) for x in arts]
    feed_link = '<link rel="alternate" type="application/atom+xml" href="/atom.xml">\n'
    site.page("/", POST.name, intro=("News from Northgate.",), teasers=home, extra_head=feed_link)
    for slug, label in POST.sections:
        listed = [_teaser(x) for x in arts if x.section == slug]
        if slug == "city":
            listed += [_teaser(la.TRAM, AMP_PATH), _teaser(la.TRAM, OLD_SLUG_PATH)]
        site.page(f"/{slug}/", label, intro=(f"{label} news.",), teasers=listed)
    site.add("/sitemap.xml", xml_resource(urlset(site.base, ((dated_path(x), x) for x in arts))))
    feed = atom_feed(site.base, POST.name, [(dated_path(x), x) for x in arts])
    site.add("/atom.xml", xml_resource(feed, ATOM))


def build_live(base_url: str) -> Site:
    """Build "live" (Northgate Post) as its first edition."""
    site = SiteBuilder("live", POST, base_url)
    robots = f"User-agent: *\nDisallow: /admin/\n\nSitemap: {site.base}/sitemap.xml\n"
    site.add("/robots.txt", Resource(body=robots.encode(), headers=TEXT))
    for art in FIRST_EDITION:
        site.article(dated_path(art), art, routes="sitemap, Atom feed, home and section pages")
    tram = article_page(POST, site.base, TRAM_PATH, la.TRAM, Layout())
    # Served at other URLs, pointing home: every self-reference on them names TRAM's URL.
    site.add(OLD_SLUG_PATH, tram)
    site.add(AMP_PATH, _amp(tram))
    site.add(TRAM_PATH + TRACKING_QUERY, tram)
    _add_listings(site, FIRST_EDITION)
    site.page("/about/", "About the Northgate Post", intro=("An independent city newspaper.",))
    return site.build()


def publish_second_edition(site: Site, base_url: str, lastmod: str) -> SecondEdition:
    """Add HEATWAVE and correct MARKET (modified at `lastmod`) on a running "live" site."""
    corrected = replace(la.MARKET_CORRECTED, modified=lastmod)
    edition = SiteBuilder("live", POST, base_url)
    for art in (corrected, la.HEATWAVE):
        edition.article(dated_path(art), art, routes="second edition")
    _add_listings(edition, (la.TRAM, corrected, la.LIBRARY, la.HEATWAVE))
    # One dict update, so a request never sees half an edition.
    site.resources.update(edition.resources)
    return SecondEdition(added=dated_path(la.HEATWAVE), changed=dated_path(la.MARKET))


def build_wire(base_url: str) -> Site:
    """Build "wire" (Riverside Courier): an agency copy of TRAM, a copy of LIBRARY, FERRY."""
    site = SiteBuilder("wire", COURIER, base_url)
    site.add("/robots.txt", Resource(body=b"User-agent: *\nDisallow:\n", headers=TEXT))
    arts = (la.TRAM_WIRE, la.LIBRARY_COPY, la.FERRY)
    site.article(dated_path(la.FERRY), la.FERRY, routes="home and section page")
    for copy in (la.TRAM_WIRE, la.LIBRARY_COPY):
        # Served and linked but not expected: they duplicate live's articles.
        page = article_page(COURIER, site.base, dated_path(copy), copy, Layout())
        site.add(dated_path(copy), page)
        site.add(f"/media/{copy.slug}.jpg", JPEG)
    teasers = [_teaser(x) for x in arts]
    site.page("/", COURIER.name, intro=("News from the riverside.",), teasers=teasers)
    site.page("/news/", "News", intro=("All the news.",), teasers=teasers)
    site.page("/about/", "About the Courier", intro=("A weekly paper.",))
    return site.build()
