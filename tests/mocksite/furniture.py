"""Site "furniture" (Lakeside Herald): three furniture paragraphs inline in every article.

Every article page carries the same three paragraphs of site furniture inside its body,
between article paragraphs (an app promotion, a tip line, an edition line whose numbers change
from page to page), worded unlike anything in newsspider/cleaning/rules.py, so only the learned
model can remove them. Two articles share a quote, which is article text. The seed article
comes first in the sitemap and also carries a reader poll that only a sites-file CSS selector
removes. publish_second_edition adds two articles for a second crawl.
"""

from __future__ import annotations

from dataclasses import replace

from . import articles as a
from .articles import Article
from .sites import (
    JPEG,
    TEXT,
    Brand,
    ExpectedArticle,
    Layout,
    Resource,
    Site,
    SiteBuilder,
    article_page,
    dated_path,
    urlset,
    xml_resource,
)

HERALD = Brand(
    name="Lakeside Herald",
    publisher="Lakeside Herald Ltd",
    sections=(("news", "News"),),
    footer_links=(("/about/", "About us"),),
)
APP_PROMO = (
    "Lakeside Herald readers can now hear every story read aloud in the Herald Listen app, "
    "free on phones and tablets."
)
TIP_LINE = (
    "Seen something we should know about? The newsdesk takes tips around the clock on "
    "0800 555 0199, and every call is answered by a reporter."
)


def edition_line(number: int) -> str:
    """The third furniture paragraph: the same words, other numbers on every page."""
    return (
        f"Today's edition: story {number} of {12 + number % 3}, printed in Kestrel Bay and "
        f"delivered to {1200 + 37 * number} homes."
    )


SHARED_QUOTE = (
    "\u201cWe will not let the harbour silt up again while I am mayor,\u201d said Olwen Prys, "
    "who has promised a review of every contract the old harbour board signed."
)
POLL_TEXT = (
    "Reader poll: should the county pay for the arms-control conference? Vote yes or no, "
    "results at noon."
)
POLL_SELECTOR = ".reader-poll"


def _quoted(article: Article) -> Article:
    """The article with the shared quote as its third paragraph."""
    paragraphs = list(article.paragraphs)
    paragraphs.insert(2, SHARED_QUOTE)
    return replace(article, paragraphs=tuple(paragraphs))


FIRST_EDITION: tuple[Article, ...] = (
    a.SEED,
    _quoted(a.HARBOUR_DREDGING),
    a.HARBOUR_LIDO,
    _quoted(a.HARBOUR_CLOCK),
    a.HARBOUR_MACKEREL,
    a.HARBOUR_REGATTA,
    a.VALLEY_ORCHARDS,
    a.VALLEY_FOOTBRIDGE,
    a.VALLEY_LIBRARY,
    a.VALLEY_DAIRY,
)
SECOND_EDITION: tuple[Article, ...] = (a.SEAGRASS, a.SYMPHONY)
QUOTED = (FIRST_EDITION[1], FIRST_EDITION[3])


def furniture_of(number: int) -> tuple[str, str, str]:
    """The three furniture paragraphs of the page of article `number`."""
    return APP_PROMO, TIP_LINE, edition_line(number)


def served(article: Article, number: int) -> Article:
    """The article as its page shows it: furniture after paragraphs 1 and 3 and before the last."""
    promo, tips, edition = furniture_of(number)
    p = list(article.paragraphs)
    return replace(article, paragraphs=(p[0], promo, *p[1:3], tips, *p[3:-1], edition, p[-1]))


def _add_articles(site: SiteBuilder, arts: tuple[Article, ...], first: int) -> None:
    for number, article in enumerate(arts, first):
        path = dated_path(article)
        layout = Layout(repeat_headline=article is a.SEED)
        page = article_page(HERALD, site.base, path, served(article, number), layout)
        if article is a.SEED:  # the poll ends the story's body
            end = b"</div>\n</article>"
            poll = f'<div class="reader-poll"><p>{POLL_TEXT}</p></div>\n'.encode()
            page = replace(page, body=page.body.replace(end, poll + end, 1))
        site.add(path, page)
        site.add(f"/media/{article.slug}.jpg", JPEG)
        note = f"furniture site, article {number}"
        site.articles.append(ExpectedArticle(path, article, article.published, note))


def _add_listings(site: SiteBuilder, arts: tuple[Article, ...]) -> None:
    site.add("/sitemap.xml", xml_resource(urlset(site.base, ((dated_path(x), x) for x in arts))))


def build_furniture(base_url: str) -> Site:
    """Build "furniture" (Lakeside Herald) as its first edition: ten articles in /sitemap.xml."""
    site = SiteBuilder("furniture", HERALD, base_url)
    robots = f"User-agent: *\nSitemap: {site.base}/sitemap.xml\n"
    site.add("/robots.txt", Resource(body=robots.encode(), headers=TEXT))
    _add_articles(site, FIRST_EDITION, 1)
    _add_listings(site, FIRST_EDITION)
    site.page("/", HERALD.name, intro=("News from around the lake.",))
    return site.build()


def publish_second_edition(site: Site, base_url: str) -> list[ExpectedArticle]:
    """Add SECOND_EDITION's articles to a running "furniture" site; return them."""
    edition = SiteBuilder("furniture", HERALD, base_url)
    _add_articles(edition, SECOND_EDITION, len(FIRST_EDITION) + 1)
    _add_listings(edition, FIRST_EDITION + SECOND_EDITION)
    site.resources.update(edition.resources)
    return edition.articles
