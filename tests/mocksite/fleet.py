"""The "fleet" site for shared crawls: 300 articles in three sitemaps, a feed, copies, variants.

Every article is in one of three sitemaps under a sitemap index (each with its lastmod); the
feed lists the latest 20 with a tracking parameter; the home page links 30 of them, some
with a fragment or tracking parameters; /wire/ serves 20 verbatim copies of articles under
other URLs (syndicated stories: exported once, under the first URL). Each story's text is
its own (bulk_article), so a correct shared crawl exports exactly FLEET_ARTICLES records.
"""

from __future__ import annotations

from .articles import Article
from .sites import (
    BULLETIN,
    TEXT,
    ExpectedArticle,
    Resource,
    Site,
    SiteBuilder,
    _bulk_page,
    bulk_article,
    dated_path,
    rss_feed,
    sitemap_index,
    urlset,
    xml_resource,
)

FLEET_ARTICLES = 300
FLEET_SITEMAPS = 3
# /wire/N/ is a verbatim copy of the N-th article, for N below this.
FLEET_WIRE_COPIES = 20
# Numbers of the generated articles (other sites use the low ones).
_FIRST = 5000


def fleet_page(article: Article) -> Resource:
    """A small article page (no site menu): a shared-crawl test does hundreds of them."""
    return _bulk_page(article, menu=False)


def fleet_article_number(index: int) -> int:
    """The bulk_article number of the site's index-th article."""
    return _FIRST + index


def build_fleet(base_url: str) -> Site:
    """Build "fleet": FLEET_ARTICLES articles, sitemap index, feed, wire copies, URL variants."""
    site = SiteBuilder("fleet", BULLETIN, base_url)
    arts = [bulk_article(fleet_article_number(i)) for i in range(FLEET_ARTICLES)]
    for art in arts:
        site.add(dated_path(art), fleet_page(art))
        site.articles.append(ExpectedArticle(dated_path(art), art, art.published, "fleet"))
    per_map = FLEET_ARTICLES // FLEET_SITEMAPS
    children = []
    for number in range(FLEET_SITEMAPS):
        path = f"/sitemaps/articles-{number}.xml"
        chunk = arts[number * per_map : (number + 1) * per_map]
        site.add(path, xml_resource(urlset(site.base, ((dated_path(a), a) for a in chunk))))
        children.append((path, "2024-03-28T08:00:00+00:00"))
    site.add("/sitemap.xml", xml_resource(sitemap_index(site.base, children)))
    robots = f"User-agent: *\nSitemap: {site.base}/sitemap.xml\n"
    site.add("/robots.txt", Resource(body=robots.encode(), headers=TEXT))
    latest = [(dated_path(a) + "?utm_source=rss", a) for a in arts[-20:]]
    site.add("/feed.xml", xml_resource(rss_feed(site.base, BULLETIN.name, latest)))
    for i, art in enumerate(arts[:FLEET_WIRE_COPIES]):
        site.add(f"/wire/{i}/", fleet_page(art))
    variants = ["", "#comments", "?utm_medium=home"]
    teasers = [
        (dated_path(art) + variants[i % 3], art.title, "") for i, art in enumerate(arts[100:130])
    ]
    teasers += [(f"/wire/{i}/", f"Wire copy {i}", "") for i in range(FLEET_WIRE_COPIES)]
    site.page(
        "/",
        BULLETIN.name,
        intro=("Every bulletin is in the sitemaps.",),
        teasers=teasers,
        extra_head=f'<link rel="alternate" type="application/rss+xml" href="{site.base}/feed.xml">',
    )
    return site.build()
