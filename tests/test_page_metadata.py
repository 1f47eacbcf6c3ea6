"""From a page's markup to its title, site name, authors and dates, as a reader sees them."""

from __future__ import annotations

import json
from typing import Any

import pytest
from lxml.html import fromstring
from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler

from newsspider.pages.article import ArticlePage, PageHints
from newsspider.pages.fields.authors import authors
from newsspider.pages.fields.published import modified as modified_date
from newsspider.pages.fields.published import published as published_date
from newsspider.pages.fields.site_name import site_name
from newsspider.pages.fields.title import title
from newsspider.pages.metadata import PageMetadata, read_metadata
from newsspider.request_meta import DEPTH_KEY, SITE_KEY
from newsspider.spiders.news import NewsSpider
from tests.conftest import run_callback

URL = "https://www.meridian.example/world/2025/03/04/riverside-cafe-to-close"
FETCHED = "2025-06-01T12:00:00+00:00"
BODY = "<p>" + "The café on Rue Verte will close at the end of the month. " * 12 + "</p>"


def page(head: str = "", body: str = "", jsonld: Any = None) -> str:
    """A page with the given head, body and JSON-LD."""
    script = f'<script type="application/ld+json">{json.dumps(jsonld)}</script>' if jsonld else ""
    return f"<html lang='en'><head>{head}{script}</head><body>{body}</body></html>"


def metadata_of(html: str, url: str = URL) -> PageMetadata:
    """What read_metadata finds in the page."""
    return read_metadata(fromstring(html), url)


YOAST_GRAPH = {
    "@context": "https://schema.org",
    "@graph": [
        {
            "@type": "WebPage",
            "@id": "https://www.meridian.example/x/#webpage",
            "datePublished": "2025-03-04T08:00:00+01:00",
            "dateModified": "2025-03-05T10:00:00+01:00",
        },
        {"@type": "WebSite", "name": "The Meridian"},
        {
            "@type": "Person",
            "@id": "https://www.meridian.example/#/schema/person/1",
            "name": "Claire Dumont",
        },
        {
            "@type": "Person",
            "@id": "https://www.meridian.example/#/schema/person/2",
            "name": "Marc Lefèvre",
        },
    ],
}


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        # JSON-LD Person objects, as a list
        (
            page(
                jsonld={
                    "@type": "NewsArticle",
                    "author": [
                        {"@type": "Person", "name": "Claire Dumont"},
                        {"@type": "Person", "name": "Marc Lefèvre"},
                    ],
                }
            ),
            ["Claire Dumont", "Marc Lefèvre"],
        ),
        # a plain string author
        (page(jsonld={"@type": "Article", "author": "By Helen Marsh"}), ["Helen Marsh"]),
        # a Yoast graph: the article names its authors by @id
        (
            page(
                jsonld={
                    "@graph": [
                        *YOAST_GRAPH["@graph"],
                        {
                            "@type": "Article",
                            "author": [
                                {"@id": "https://www.meridian.example/#/schema/person/1"},
                                {"@id": "https://www.meridian.example/#/schema/person/2"},
                            ],
                        },
                    ]
                }
            ),
            ["Claire Dumont", "Marc Lefèvre"],
        ),
        # the publisher posing as author, a person in the byline
        (
            page(
                body='<article><h1>Cafe to close</h1><p class="byline">By Ann Lee, Staff '
                "Writer</p></article>",
                jsonld={
                    "@type": "NewsArticle",
                    "author": {"@type": "Organization", "name": "The Meridian"},
                },
            ),
            ["Ann Lee"],
        ),
        # <meta name="author"> with two names
        (
            page(head='<meta name="author" content="Claire Dumont; Marc Lefèvre">'),
            ["Claire Dumont", "Marc Lefèvre"],
        ),
        # rel=author
        (page(body='<h1>Cafe</h1><a rel="author" href="/people/ann">Ann Lee</a>'), ["Ann Lee"]),
        # a link to the author's page, after "By" in the parent's text
        (
            page(body='<h1>Cafe</h1><p>By <a href="/author/bo-chen/">Bo Chen</a> · 4 min read</p>'),
            ["Bo Chen"],
        ),
        # a byline with no class at all, but opening with "Written by"
        (page(body="<h1>Cafe</h1><p>Written by John Crenshaw</p>"), ["John Crenshaw"]),
        # a label on its own, the name in the element after it or in its tail
        (
            page(body="<h1>Cafe</h1><div><p>Written by</p><p>Edzel Tabing</p></div>"),
            ["Edzel Tabing"],
        ),
        (
            page(body="<h1>Cafe</h1><div><span>By </span><button>Chase Bernath</button></div>"),
            ["Chase Bernath"],
        ),
        (
            page(
                body="<h1>Cafe</h1><div><h3>Author</h3><p>Lisa D. Ellis</p><p>Lisa writes about "
                "dogs and cats for the magazine.</p></div>"
            ),
            ["Lisa D. Ellis"],
        ),
        (
            page(body="<h1>Cafe</h1><div><strong>Contributors:</strong> Janet Loughrey<br></div>"),
            ["Janet Loughrey"],
        ),
        # ... and not what follows the name (a book's release date in a review's fact box)
        (
            page(
                body="<h1>Cafe</h1><p><strong>Author:</strong> Hope Parry <br><strong>Released:"
                "</strong> June 17, 2025 by Tor Books</p>"
            ),
            ["Hope Parry"],
        ),
        # a link preview's label and data pair
        (
            page(
                head='<meta name="twitter:label1" content="Written by">'
                '<meta name="twitter:data1" content="Nawaz Dhandala">'
                '<meta name="twitter:label2" content="Est. reading time">'
                '<meta name="twitter:data2" content="9 minutes">'
            ),
            ["Nawaz Dhandala"],
        ),
        # readers' names in the comments and menu entries are no bylines
        (
            page(
                body='<nav><ul><li><a href="/x">By industry</a></li></ul></nav><h1>Cafe</h1>'
                '<div id="comments"><p class="comment-author">By Troll Person</p></div>'
            ),
            [],
        ),
        # a role and a date glued to the name
        (
            page(
                body='<h1>Cafe</h1><div class="author-info"><span class="author-name">Rachel '
                "MacDonald Writer</span> <span>Dec 3, 2025</span></div>"
            ),
            ["Rachel MacDonald"],
        ),
        # a byline box whose text glues its parts: its children show the names apart
        (
            page(
                body='<h1>Cafe</h1><div class="byline">Written by: <a href="/author/emily-'
                'walker/">Emily Walker</a><a href="/author/casey-mcdevitt/">Casey McDevitt</a>'
                "</div>"
            ),
            ["Emily Walker", "Casey McDevitt"],
        ),
        (
            page(
                body='<h1>Cafe</h1><div class="post-author">By <a href="/author/sofia-ko/">'
                "Sofia Kondrat</a><span>EdTech</span> <span>Content writer</span></div>"
            ),
            ["Sofia Kondrat"],
        ),
        # an author box too long for a byline (a bio): the name it opens with
        (
            page(
                body='<h1>Cafe</h1><p>Text.</p><div class="blog_author-box"><div>Lauren Vetter'
                "</div><p>Lauren Vetter is a marketing professional "
                + "who writes about healthcare technology and growth. " * 4
                + "</p></div>"
            ),
            ["Lauren Vetter"],
        ),
        # a byline that opens with its date
        (
            page(
                body='<h1>Cafe</h1><div class="publish-date-author">Dec. 19, 2025 &middot; Ann '
                "Lee on behalf of the Docs team</div>"
            ),
            ["Ann Lee"],
        ),
        # a link to the author's archive by query, as WordPress writes it
        (
            page(
                body='<h1>Cafe</h1><h6>Author(s)</h6><ul><li><a href="/library/?_author=Ann'
                '%20Lee">Ann Lee</a></li></ul>'
            ),
            ["Ann Lee"],
        ),
        (
            page(body='<h1>Cafe</h1><p>Text.</p><a href="/?author=7">Bo Chen</a>'),
            ["Bo Chen"],
        ),
        # a button to the author's other articles
        (
            page(
                body="<h1>Cafe</h1><p>Text.</p><button><span>All articles by Elliot Roe</span>"
                "</button>"
            ),
            ["Elliot Roe"],
        ),
        # a given name alone after "by" credits her, before a later teaser's full name
        (
            page(
                body='<h1>Cafe</h1><p class="byline">by Amanda · Dec 20, 2025 · 3 comments</p>'
                '<div class="teaser"><p class="byline">By Heather Roe</p></div>'
            ),
            ["Amanda"],
        ),
        # ... but a lone capitalised word in a byline element without "by" is a category
        (
            page(
                body='<h1>Cafe</h1><p class="author-category">Insights</p>'
                '<p class="byline">By Liza Roe</p>'
            ),
            ["Liza Roe"],
        ),
        # the analytics data layer's post author, when nothing else names one ...
        (
            page(
                head='<script>var dataLayer_content = {"pagePostType":"post",'
                '"pagePostAuthor":"Krystyna"};</script>',
                body="<h1>Cafe</h1>",
            ),
            ["Krystyna"],
        ),
        # ... and after the byline, which may name the writer where it names the poster
        (
            page(
                head='<script>dataLayer.push({"pagePostAuthor":"Emily Roe"});</script>',
                body='<h1>Cafe</h1><p class="byline">By Liz Kenny</p>',
            ),
            ["Liz Kenny"],
        ),
        # a user name in JSON-LD, the person in the byline
        (
            page(
                body='<h1>Cafe</h1><p class="byline">by Aoife O\'Riordan</p>',
                jsonld={"@type": "BlogPosting", "author": {"name": "KatieS"}},
            ),
            ["Aoife O'Riordan"],
        ),
        # nobody but the organisation: better than nothing
        (
            page(
                jsonld={
                    "@type": "BlogPosting",
                    "author": {"@type": "Organization", "name": "Everfit Team"},
                }
            ),
            ["Everfit Team"],
        ),
    ],
)
def test_authors(html: str, expected: list[str]) -> None:
    assert authors(metadata_of(html), URL) == expected


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (
            page(
                head="<title>Cafe to close | The Meridian</title>"
                '<meta property="og:site_name" content="The Meridian">',
                body="<h1>Cafe to close</h1>",
            ),
            ("Cafe to close", "The Meridian"),
        ),
        (
            page(head="<title>Cafe to close - The Meridian</title>", jsonld=YOAST_GRAPH),
            ("Cafe to close", "The Meridian"),
        ),
        (page(head="<title>Cafe to close | Meridian</title>"), ("Cafe to close", None)),
        (
            page(
                head='<meta property="og:title" content="Café &amp; bar to close">'
                '<meta name="application-name" content="Meridian News">'
            ),
            ("Café & bar to close", "Meridian News"),
        ),
    ],
)
def test_title_and_site_name(html: str, expected: tuple[str, str | None]) -> None:
    metadata = metadata_of(html)
    assert (title(metadata, None, URL), site_name(metadata)) == expected


def published(html: str, url: str = URL, **hints: Any) -> tuple[str | None, str | None]:
    """The publication date and its source for a page."""
    choice = published_date(metadata_of(html, url), url, FETCHED, **hints)
    return choice.value, choice.source


PLAIN = "https://www.meridian.example/world/riverside-cafe-to-close"


@pytest.mark.parametrize(
    ("html", "url", "hints", "expected"),
    [
        # JSON-LD first, with its offset
        (
            page(
                head='<meta property="article:published_time" content="2025-03-01">',
                jsonld={"@type": "NewsArticle", "datePublished": "2025-03-04T08:00:00+01:00"},
            ),
            PLAIN,
            {},
            ("2025-03-04T08:00:00+01:00", "jsonld"),
        ),
        # a Yoast graph dates the WebPage node, not the article
        (page(jsonld=YOAST_GRAPH), PLAIN, {}, ("2025-03-04T08:00:00+01:00", "jsonld")),
        # a product's date in JSON-LD is not the article's
        (page(jsonld={"@type": "Product", "datePublished": "2020-01-01"}), PLAIN, {}, (None, None)),
        # article:published_time and <meta name="date">
        (
            page(head='<meta property="article:published_time" content="2025-03-04T07:00:00Z">'),
            PLAIN,
            {},
            ("2025-03-04T07:00:00+00:00", "meta"),
        ),
        (page(head='<meta name="date" content="2022-11-09">'), PLAIN, {}, ("2022-11-09", "meta")),
        # <time> in the header; an "Updated" one is not the publication date
        (
            page(
                body='<h1>Cafe</h1><p class="updated">Updated <time datetime="2025-04-01">'
                'April 1</time></p><p>Published <time datetime="2025-03-04">March 4</time>'
            ),
            PLAIN,
            {},
            ("2025-03-04", "time"),
        ),
        # the sitemap's and the feed's dates, in that order
        (
            page(),
            PLAIN,
            {"hint": "2025-03-04T06:00:00Z", "hint_source": "sitemap"},
            ("2025-03-04T06:00:00+00:00", "sitemap"),
        ),
        (
            page(),
            PLAIN,
            {"hint": "Tue, 04 Mar 2025 06:00:00 +0000", "hint_source": "feed"},
            ("2025-03-04T06:00:00+00:00", "feed"),
        ),
        # the URL's day
        (page(), URL, {}, ("2025-03-04", "url")),
        # a dateline under the headline
        (
            page(body="<h1>Cafe to close</h1><p>By Ann Lee</p><p>4 March 2025</p>"),
            PLAIN,
            {},
            ("2025-03-04", "header"),
        ),
        # a page dated only "Last updated": that date, not htmldate's guess
        (
            page(body="<h1>Cafe to close</h1><p>Last updated: Dec 12, 2024</p>"),
            PLAIN,
            {"guess": lambda: "2024-12-02"},
            ("2024-12-12", "header"),
        ),
        # a date in the future is rejected for the next source
        (
            page(jsonld={"@type": "NewsArticle", "datePublished": "2031-01-01T00:00:00Z"}),
            URL,
            {},
            ("2025-03-04", "url"),
        ),
        # a CMS stamping every save as published: the header's earlier dateline
        (
            page(
                body="<h1>Cafe</h1><p>March 4, 2025</p>",
                jsonld={
                    "@type": "Article",
                    "datePublished": "2025-05-20",
                    "dateModified": "2025-05-20",
                },
            ),
            PLAIN,
            {},
            ("2025-03-04", "header"),
        ),
        # ... or stating it after dateModified
        (
            page(
                body="<h1>Cafe</h1><p>November 2, 2022</p>",
                jsonld={
                    "@type": "Article",
                    "datePublished": "2025-05-12",
                    "dateModified": "2025-05-10",
                },
            ),
            PLAIN,
            {},
            ("2022-11-02", "header"),
        ),
        # ... with the original date only in a <time> showing a relative date
        (
            page(
                body='<h1>Cafe</h1><p>Published <time datetime="2025-02-13T09:00:00-05:00">'
                "3 months ago</time></p>",
                jsonld={
                    "@type": "Article",
                    "datePublished": "2025-05-20T10:00:00Z",
                    "dateModified": "2025-05-20T10:00:00Z",
                },
            ),
            PLAIN,
            {},
            ("2025-02-13T09:00:00-05:00", "time"),
        ),
        # ... but not from a teaser of another article further down
        (
            page(
                body='<h1>Cafe</h1><p><time class="updated" datetime="2025-05-20">Updated'
                '</time></p><p>Related</p><time datetime="2025-02-13">3 months ago</time>',
                jsonld={
                    "@type": "Article",
                    "datePublished": "2025-05-20T10:00:00Z",
                    "dateModified": "2025-05-20T10:00:00Z",
                },
            ),
            PLAIN,
            {},
            ("2025-05-20T10:00:00+00:00", "jsonld"),
        ),
        # a theme's Article object with the day padded to midnight, the CMS's WebPage node
        # with the moment: one publication, and the moment is the one to keep
        (
            page(
                jsonld={
                    "@context": "https://schema.org",
                    "@graph": [
                        {"@type": "Article", "datePublished": "2025-05-17T00:00:00+0000"},
                        {"@type": "WebPage", "datePublished": "2025-05-18T04:39:05+00:00"},
                    ],
                }
            ),
            PLAIN,
            {},
            ("2025-05-18T04:39:05+00:00", "jsonld"),
        ),
        # ... but the same moment in another offset changes nothing
        (
            page(
                jsonld={
                    "@context": "https://schema.org",
                    "@graph": [
                        {"@type": "Article", "datePublished": "2019-08-21T00:00:00-05:00"},
                        {"@type": "WebPage", "datePublished": "2019-08-21T05:00:00+00:00"},
                    ],
                }
            ),
            PLAIN,
            {},
            ("2019-08-21T00:00:00-05:00", "jsonld"),
        ),
        # an article re-imported into a new CMS keeps its original dateline on display
        (
            page(
                body="<h1>Lessons from a failed startup</h1><p>Ann Lee · 7 min read · "
                "Dec 30, 2013</p>",
                head='<meta property="article:published_time" content="2024-08-07T12:01:51Z">',
            ),
            PLAIN,
            {},
            ("2013-12-30", "header"),
        ),
        # a dateline one day before a UTC stamp is the same moment in a western time zone
        (
            page(
                body="<h1>Cafe</h1><p>March 3, 2025</p>",
                head='<meta property="article:published_time" content="2025-03-04T02:00:00Z">',
            ),
            PLAIN,
            {},
            ("2025-03-04T02:00:00+00:00", "meta"),
        ),
        # published is the first publication: an evergreen page showing only its update (its
        # dateModified) keeps the stated publication; the update is the record's `modified`
        (
            page(
                body="<h1>How to rent a car</h1><p>By Ann Lee · May 28, 2025</p>",
                jsonld={
                    "@type": "Article",
                    "datePublished": "2015-04-06T13:52:00-04:00",
                    "dateModified": "2025-05-28T06:58:21-04:00",
                },
            ),
            PLAIN,
            {},
            ("2015-04-06T13:52:00-04:00", "jsonld"),
        ),
        # ... and so does one labelled "Updated" with the old date in JSON-LD alone
        (
            page(
                body="<h1>How to rent a car</h1><p>By Ann Lee · Updated May 28, 2025</p>",
                jsonld={
                    "@type": "Article",
                    "datePublished": "2015-04-06T13:52:00-04:00",
                    "dateModified": "2025-05-28T06:58:21-04:00",
                },
            ),
            PLAIN,
            {},
            ("2015-04-06T13:52:00-04:00", "jsonld"),
        ),
        # ... but not a shown date the day after the stamp: the same moment in local time
        (
            page(
                head='<meta property="article:published_time" content="2025-05-02T23:00:55Z">'
                '<meta property="article:modified_time" content="2025-05-03T21:31:05Z">',
                body="<h1>Brands from the US</h1><p>Words: Ann Lee · Published: 03 May 2025</p>",
            ),
            PLAIN,
            {},
            ("2025-05-02T23:00:55+00:00", "meta"),
        ),
        # ... also when <meta> states a later edit than JSON-LD
        (
            page(
                head='<meta name="updated" content="2025-05-18">',
                body="<h1>Blockchain trends</h1><p>Updated May 18, 2025 · 12 min read</p>",
                jsonld={
                    "@type": "BlogPosting",
                    "datePublished": "2024-06-17",
                    "dateModified": "2024-06-17",
                },
            ),
            PLAIN,
            {},
            ("2024-06-17", "jsonld"),
        ),
        # ... but not a news story corrected the next week: that is the same article
        (
            page(
                body="<h1>Ferry timetable</h1><p>By Ann Lee · Updated May 8, 2025</p>",
                jsonld={
                    "@type": "NewsArticle",
                    "datePublished": "2025-05-01T07:15:00+01:00",
                    "dateModified": "2025-05-08T17:45:00+01:00",
                },
            ),
            PLAIN,
            {},
            ("2025-05-01T07:15:00+01:00", "jsonld"),
        ),
        # ... or an update shown between the stated publication and the last modification
        (
            page(
                body="<h1>How to rent a car</h1><p>By Ann Lee · Updated August 14, 2024</p>",
                jsonld={
                    "@type": "Article",
                    "datePublished": "2024-05-19T22:12:02Z",
                    "dateModified": "2025-04-20T16:06:10Z",
                },
            ),
            PLAIN,
            {},
            ("2024-05-19T22:12:02+00:00", "jsonld"),
        ),
        # ... but not a shown date after the last modification: not this version's date
        (
            page(
                body="<h1>How to rent a car</h1><p>By Ann Lee · Updated May 1, 2025</p>",
                jsonld={
                    "@type": "Article",
                    "datePublished": "2024-05-19T22:12:02Z",
                    "dateModified": "2025-04-20T16:06:10Z",
                },
            ),
            PLAIN,
            {},
            ("2024-05-19T22:12:02+00:00", "jsonld"),
        ),
        # an "Updated" page whose <meta> states the old date too keeps it
        (
            page(
                head='<meta property="article:published_time" content="2015-04-06T17:52:00Z">',
                body="<h1>How to rent a car</h1><p>By Ann Lee · Updated May 28, 2025</p>",
                jsonld={
                    "@type": "Article",
                    "datePublished": "2015-04-06T13:52:00-04:00",
                    "dateModified": "2025-05-28T06:58:21-04:00",
                },
            ),
            PLAIN,
            {},
            ("2015-04-06T13:52:00-04:00", "jsonld"),
        ),
        # a numeric dateline that reads as the stated date month first is that date
        (
            page(
                body="<h1>Renovation phases</h1><p>By Block Team 09.10.2024</p>",
                jsonld={
                    "@type": "Article",
                    "datePublished": "2024-09-10T16:07:00Z",
                    "dateModified": "2025-04-25T17:47:39Z",
                },
            ),
            PLAIN,
            {},
            ("2024-09-10T16:07:00+00:00", "jsonld"),
        ),
        # a stamp rewritten on save is no earlier than the update the page shows: that wins
        (
            page(
                body='<h1>Meals on a budget</h1><p>by Ann Lee, Dietitian</p><div class="date">'
                "Page updated: 12 May 2025</div>",
                jsonld={
                    "@type": "Article",
                    "datePublished": "2025-05-13T09:21:40",
                    "dateModified": "2025-05-13T09:21:40",
                },
            ),
            PLAIN,
            {},
            ("2025-05-12", "header"),
        ),
        # the <time> just above the headline dates the article, not teasers below it
        (
            page(
                body='<p>All posts</p><time class="post-date" datetime="2023-10-12T19:38:01Z">'
                "10/12/2023 7:38 PM</time><h1>Skiplagging, explained</h1>"
                + BODY
                + "".join(
                    f'<div class="teaser"><a href="/p{n}">Another post</a><time '
                    f'class="post-date" datetime="2025-05-1{n}T16:00:05Z">5/1{n}/2025</time>'
                    "</div>"
                    for n in range(3)
                ),
            ),
            PLAIN,
            {},
            ("2023-10-12T19:38:01+00:00", "time"),
        ),
        # ... but a second date shown keeps the stated one
        (
            page(
                body="<h1>How to rent a car</h1><p>May 28, 2025 · April 6, 2015</p>",
                jsonld={
                    "@type": "Article",
                    "datePublished": "2015-04-06T13:52:00-04:00",
                    "dateModified": "2025-05-28T06:58:21-04:00",
                },
            ),
            PLAIN,
            {},
            ("2015-04-06T13:52:00-04:00", "jsonld"),
        ),
    ],
)
def test_published(
    html: str, url: str, hints: dict[str, Any], expected: tuple[str | None, str | None]
) -> None:
    assert published(html, url, **hints) == expected


@pytest.mark.parametrize(
    ("jsonld", "published_value", "expected"),
    [
        (
            {"dateModified": "2025-03-05T10:00:00+01:00"},
            "2025-03-04T08:00:00+01:00",
            ("2025-03-05T10:00:00+01:00", False),
        ),
        ({"dateModified": "2025-03-01"}, "2025-03-04T08:00:00+01:00", (None, True)),
        ({}, "2025-03-04", (None, False)),
    ],
)
def test_modified_never_before_published(
    jsonld: dict[str, str], published_value: str, expected: tuple[str | None, bool]
) -> None:
    metadata = metadata_of(page(jsonld={"@type": "NewsArticle", **jsonld}))
    assert modified_date(metadata, published_value) == expected


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        # JSON-LD and <meta> agree on a day: a ticker's date near the headline is not it
        (
            page(
                head='<meta property="article:published_time" content="2024-08-27T10:32:24Z">',
                body="<h1>Live: the talks</h1><p>16.08.2024: earlier talks ended</p>",
                jsonld={"@type": "NewsArticle", "datePublished": "2024-08-27T10:32:24Z"},
            ),
            ("2024-08-27T10:32:24+00:00", "jsonld"),
        ),
        # ... nor a picture's caption under it
        (
            page(
                head='<meta property="article:published_time" content="2025-01-06T13:55:27Z">',
                body="<h1>Oil dreams</h1><figure><img src='a.jpg'><figcaption>The refinery, "
                "Sunday, Dec. 21, 2024. (Photo: Ann Lee)</figcaption></figure>",
                jsonld={"@type": "NewsArticle", "datePublished": "2025-01-06T13:55:27Z"},
            ),
            ("2025-01-06T13:55:27+00:00", "jsonld"),
        ),
        # a caption's date is no dateline even where the page states no date: the next one is
        (
            page(
                body='<h1>Hantavirus rumours</h1><span class="legend">The ship on May 11, 2025 '
                "(Photo: Ann Lee)</span><p>May 13, 2025</p>"
            ),
            ("2025-05-13", "header"),
        ),
        # an explainer first published years ago, its update shown: published is the first
        # publication, the update goes to `modified`
        (
            page(
                head='<meta property="article:published_time" content="2019-03-01T09:00:00Z">',
                body="<h1>What is a recession?</h1><p>Updated May 28, 2025</p>",
                jsonld={
                    "@type": "Article",
                    "datePublished": "2019-03-01T09:00:00Z",
                    "dateModified": "2025-05-28T06:58:21Z",
                },
            ),
            ("2019-03-01T09:00:00+00:00", "jsonld"),
        ),
    ],
)
def test_published_is_the_stated_publication(html: str, expected: tuple[str, str]) -> None:
    assert published(html, PLAIN) == expected


def test_an_update_shown_is_modified_not_published() -> None:
    metadata = metadata_of(
        page(
            body="<h1>What is a recession?</h1><p>Updated May 28, 2025</p>",
            jsonld={
                "@type": "Article",
                "datePublished": "2019-03-01",
                "dateModified": "2025-05-28",
            },
        )
    )
    choice = published_date(metadata, PLAIN, FETCHED)
    assert (choice.value, modified_date(metadata, choice.value)) == (
        "2019-03-01",
        ("2025-05-28", False),
    )


def test_record_carries_site_name_and_published_source() -> None:
    html = page(
        head="<title>Cafe to close | The Meridian</title>"
        '<meta property="og:site_name" content="The Meridian">',
        body=f"<article><h1>Cafe to close</h1>{BODY}</article>",
        jsonld={"@type": "NewsArticle", "datePublished": "2031-01-01T00:00:00Z"},
    )
    result = ArticlePage(URL, html, fetched_at=FETCHED).extract()
    assert result.record is not None
    assert result.record.site_name == "The Meridian"
    assert (result.record.published, result.record.published_source) == ("2025-03-04", "url")
    assert result.rejected == {"date_rejected/future": 1}


def test_a_date_only_in_a_page_script_is_htmldate_s_guess() -> None:
    # The extraction takes scripts out of the page it works on; htmldate still reads them.
    state = '{"story": {"slug": "cafe", "publish_at": "2025-03-04T09:02:00Z", "draft": false}}'
    html = page(
        head="<title>Cafe to close</title>",
        body=f"<article><h1>Cafe to close</h1>{BODY}</article><script>window.__STATE__ = {state}"
        ";</script>",
    )
    result = ArticlePage(PLAIN, html, fetched_at=FETCHED).extract()
    assert result.record is not None
    assert (result.record.published, result.record.published_source) == ("2025-03-04", "htmldate")
    assert "publish_at" not in result.record.text


def test_feed_hint_is_recorded_as_feed() -> None:
    html = page(body=f"<article><h1>Cafe to close</h1>{BODY}</article>")
    hints = PageHints(published="2025-03-04T06:00:00Z", source="feed")
    result = ArticlePage(PLAIN, html, hints=hints, fetched_at=FETCHED).extract()
    assert result.record is not None
    assert result.record.published_source == "feed"


def test_spider_counts_date_rejections() -> None:
    crawler = get_crawler(NewsSpider, {"NEWSSPIDER_WORKERS_PROCESSES": 0})
    spider = NewsSpider.from_crawler(crawler, site="https://www.meridian.example/")
    html = page(
        body=f"<article><h1>Cafe to close</h1>{BODY}</article>",
        jsonld={
            "@type": "NewsArticle",
            "datePublished": "1970-01-01T00:00:00Z",
            "dateModified": "1969-12-31",
        },
    )
    request = Request(URL, meta={SITE_KEY: "meridian.example", DEPTH_KEY: 2})
    response = HtmlResponse(URL, body=html.encode(), request=request, encoding="utf-8")
    items = run_callback(spider.parse_page(response))
    assert len(items) == 1
    assert crawler.stats is not None
    assert crawler.stats.get_value("newsspider/metadata/date_rejected/before_1990") == 1
