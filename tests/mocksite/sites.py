"""Site builders: each turns a base URL into a path -> response map plus its manifest."""

from __future__ import annotations

import gzip
import hashlib
import json
import random
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from html import escape
from typing import Literal

from . import articles as a
from .articles import Article, ReaderComment

HTML_UTF8: tuple[tuple[str, str], ...] = (("Content-Type", "text/html; charset=utf-8"),)


@dataclass(frozen=True)
class Resource:
    """One canned HTTP response."""

    status: int = 200
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = HTML_UTF8
    # Misbehaviours for the hostile sites; the defaults serve `body` with its Content-Length.
    stream: Callable[[], Iterable[bytes]] | None = None  # a body made while it is sent
    length: int | None = None  # Content-Length to announce (None: len(body); none for a stream)
    fault: Literal["", "reset", "reset_body", "stall"] = ""  # see server._Handler


@dataclass(frozen=True)
class ExpectedArticle:
    """An article page that a crawl must export, with the values the record must carry."""

    path: str
    article: Article
    published: str | None
    note: str = ""


@dataclass(frozen=True)
class Site:
    """A whole fake site: what it serves and what a correct crawl of it yields."""

    name: str
    resources: dict[str, Resource]
    articles: tuple[ExpectedArticle, ...]
    non_articles: tuple[str, ...]
    bad: dict[str, str]
    disallowed: tuple[str, ...] = ()


@dataclass(frozen=True)
class Brand:
    """What every page of one site shares: name, navigation and page furniture options."""

    name: str
    publisher: str
    sections: tuple[tuple[str, str], ...]
    footer_links: tuple[tuple[str, str], ...]
    comment_policy: str | None = None
    author_pages: bool = False
    tag_pages: bool = False
    newsletter: bool = False

    def section_label(self, slug: str) -> str:
        """Return the display name of a section."""
        return dict(self.sections).get(slug, slug.capitalize())


Encoding = Literal["utf-8", "cp1252", "utf-8-bom"]


@dataclass(frozen=True)
class Layout:
    """How one article page differs from its site's standard article template."""

    metadata: bool = True
    dates: bool = True
    plain_byline: bool = False
    repeat_headline: bool = False
    share_bar: bool = False
    related: tuple[tuple[str, str], ...] = ()
    comments: tuple[ReaderComment, ...] = ()
    encoding: Encoding = "utf-8"

    def describe(self) -> str:
        """Say in a few words what this layout exercises, for ExpectedArticle.note."""
        parts = []
        if self.repeat_headline:
            parts.append("headline repeated as h2, site footer inside <article>")
        if not self.dates:
            parts.append("no date anywhere in the HTML (only in the news sitemap)")
        if not self.metadata:
            parts.append('no JSON-LD, no og:type, <p class="byline">By A and B</p>')
        if self.encoding == "cp1252":
            parts.append("windows-1252 bytes, charset only in <meta>")
        if self.encoding == "utf-8-bom":
            parts.append("UTF-8 with BOM, no charset anywhere")
        if self.comments:
            parts.append("reader comments block after the article")
        if self.related:
            parts.append("related-articles aside and share bar inside the article")
        return "; ".join(parts) or "plain"


# --- small helpers --------------------------------------------------------------------------

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def slugify(text: str) -> str:
    """Turn a name or tag into a URL slug."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def dated_path(article: Article) -> str:
    """Return the usual /<section>/<yyyy>/<mm>/<dd>/<slug> article path."""
    day = article.published[:10].replace("-", "/")
    return f"/{article.section}/{day}/{article.slug}"


def news_path(article: Article, number: int) -> str:
    """Return a /news/<slug>-<6 digit id>.html article path."""
    return f"/news/{article.slug}-{number:06d}.html"


def _human_date(iso: str) -> str:
    when = datetime.fromisoformat(iso)
    return f"{when.day} {MONTHS[when.month - 1]} {when.year}, {when:%H:%M} GMT"


def _rfc822(iso: str) -> str:
    return format_datetime(datetime.fromisoformat(iso))


def _and_join(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _noise(size: int, seed: bytes) -> bytes:
    """Return deterministic random-looking bytes (a SHA-256 chain)."""
    out = bytearray()
    block = seed
    while len(out) < size:
        block = hashlib.sha256(block).digest()
        out += block
    return bytes(out[:size])


# A JFIF header, a quantisation-table-sized run of noise and an end marker: enough for anything
# that sniffs magic bytes to call it a JPEG, and clearly not HTML.
JPEG_BYTES = (
    b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    + b"\xff\xdb\x00\x43\x00"
    + _noise(64, b"jpeg")
    + b"\xff\xd9"
)
JPEG = Resource(body=JPEG_BYTES, headers=(("Content-Type", "image/jpeg"),))
XML = (("Content-Type", "application/xml; charset=utf-8"),)
TEXT = (("Content-Type", "text/plain; charset=utf-8"),)


def html_resource(text: str, encoding: Encoding = "utf-8", status: int = 200) -> Resource:
    """Encode a page the way the layout says, with the matching Content-Type header."""
    if encoding == "cp1252":
        # No charset in the header: the <meta charset> is the only declaration.
        return Resource(status, text.encode("cp1252"), (("Content-Type", "text/html"),))
    if encoding == "utf-8-bom":
        return Resource(status, b"\xef\xbb\xbf" + text.encode(), (("Content-Type", "text/html"),))
    return Resource(status, text.encode())


def xml_resource(text: str, headers: tuple[tuple[str, str], ...] = XML) -> Resource:
    """Wrap an XML document (sitemap, feed) in a response."""
    return Resource(body=text.encode(), headers=headers)


# --- page templates -------------------------------------------------------------------------


def _text(text: str) -> str:
    """Escape text content; apostrophes and quotes stay as typed, as on most real pages."""
    return escape(text, quote=False)


def _links(items: Iterable[tuple[str, str]], cls: str, tag: str = "ul") -> str:
    lis = "".join(f'<li><a href="{escape(p)}">{_text(t)}</a></li>' for p, t in items)
    return f'<{tag} class="{cls}">{lis}</{tag}>'


def _site_header(brand: Brand) -> str:
    nav = ""
    if brand.sections:
        items = ((f"/{slug}/", label) for slug, label in brand.sections)
        nav = f'\n  <nav class="main-nav" aria-label="Sections">{_links(items, "nav")}</nav>'
    return (
        f'<header class="site-header">\n  <a class="logo" href="/">{_text(brand.name)}</a>'
        f"{nav}\n</header>"
    )


def _site_footer(brand: Brand) -> str:
    return (
        '<footer class="site-footer">\n'
        f'  <nav class="footer-nav">{_links(brand.footer_links, "footer-links")}</nav>\n'
        # No year in the copyright line: htmldate would take it for a publication date.
        f'  <p class="copyright">© {_text(brand.publisher)}. All rights reserved.</p>\n'
        "</footer>"
    )


def _document(
    brand: Brand, *, title: str, head: str, body: str, charset: str | None = "utf-8"
) -> str:
    meta_charset = f'<meta charset="{charset}">\n' if charset else ""
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n'
        f"{meta_charset}"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_text(title)}</title>\n{head}</head>\n<body>\n"
        f"{_site_header(brand)}\n{body}\n{_site_footer(brand)}\n</body>\n</html>\n"
    )


def _teasers(items: Iterable[tuple[str, str, str]]) -> str:
    lis = "".join(
        f'<li class="teaser"><h3 class="teaser-title"><a href="{escape(path)}">{_text(title)}'
        f'</a></h3><p class="teaser-summary">{_text(summary)}</p></li>\n'
        for path, title, summary in items
    )
    return f'<ul class="teasers">\n{lis}</ul>'


def listing_page(
    brand: Brand,
    base: str,
    path: str,
    heading: str,
    *,
    intro: Sequence[str] = (),
    teasers: Iterable[tuple[str, str, str]] = (),
    extra_head: str = "",
) -> Resource:
    """Render a non-article page: home, section, tag, author or static prose page."""
    title = brand.name if path == "/" else f"{heading} | {brand.name}"
    head = (
        f'<meta name="description" content="{escape(intro[0] if intro else heading)}">\n'
        f'<link rel="canonical" href="{escape(base + path)}">\n'
        '<meta property="og:type" content="website">\n'
        f'<meta property="og:title" content="{escape(title)}">\n{extra_head}'
    )
    prose = "".join(f"<p>{_text(p)}</p>\n" for p in intro)
    listing = _teasers(teasers)
    body = f'<main class="page">\n<h1>{_text(heading)}</h1>\n{prose}{listing}\n</main>'
    return html_resource(_document(brand, title=title, head=head, body=body))


def _jsonld(brand: Brand, base: str, path: str, article: Article, dates: bool) -> str:
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": base + path},
        "headline": article.title,
        "description": article.description,
        "image": [f"{base}/media/{article.slug}.jpg"],
    }
    if dates:
        data["datePublished"] = article.published
        if article.modified:
            data["dateModified"] = article.modified
    data["author"] = [
        {"@type": "Person", "name": name, "url": f"{base}/author/{slugify(name)}/"}
        if brand.author_pages
        else {"@type": "Person", "name": name}
        for name in article.authors
    ]
    data["articleSection"] = brand.section_label(article.section)
    data["keywords"] = list(article.tags)
    data["publisher"] = {
        "@type": "Organization",
        "name": brand.name,
        "logo": {"@type": "ImageObject", "url": f"{base}/media/logo.jpg"},
    }
    text = json.dumps(data, ensure_ascii=False, indent=2).replace("</", "<\\/")
    return f'<script type="application/ld+json">\n{text}\n</script>\n'


def _article_head(brand: Brand, base: str, path: str, article: Article, layout: Layout) -> str:
    title = f"{article.title} | {brand.name}"
    head = [
        f'<meta name="description" content="{escape(article.description)}">',
        f'<link rel="canonical" href="{escape(base + path)}">',
    ]
    if layout.metadata:
        head += [
            f'<meta name="author" content="{escape(_and_join(article.authors))}">',
            '<meta property="og:type" content="article">',
            f'<meta property="og:site_name" content="{escape(brand.name)}">',
            f'<meta property="og:title" content="{escape(title)}">',
            f'<meta property="og:description" content="{escape(article.description)}">',
            f'<meta property="og:url" content="{escape(base + path)}">',
            f'<meta property="og:image" content="{base}/media/{article.slug}.jpg">',
        ]
        if layout.dates:
            head.append(f'<meta property="article:published_time" content="{article.published}">')
            if article.modified:
                head.append(f'<meta property="article:modified_time" content="{article.modified}">')
        section = brand.section_label(article.section)
        head.append(f'<meta property="article:section" content="{escape(section)}">')
        head += [f'<meta property="article:tag" content="{escape(t)}">' for t in article.tags]
    joined = "\n".join(head) + "\n"
    if layout.metadata:
        joined += _jsonld(brand, base, path, article, layout.dates)
    return joined


def _byline(brand: Brand, article: Article, layout: Layout) -> str:
    time = (
        f'<time class="published" datetime="{article.published}">'
        f"{_human_date(article.published)}</time>"
        if layout.dates
        else ""
    )
    if layout.plain_byline:
        dateline = f'\n<p class="dateline">{time}</p>' if time else ""
        return f'<p class="byline">By {_text(_and_join(article.authors))}</p>{dateline}'
    names = [
        f'<a rel="author" href="/author/{slugify(n)}/">{_text(n)}</a>'
        if brand.author_pages
        else f'<span class="author">{_text(n)}</span>'
        for n in article.authors
    ]
    return f'<div class="story-meta"><span class="byline">By {_and_join(names)}</span> {time}</div>'


SHARE_BAR = (
    '<div class="share-bar" aria-label="Share this article"><span class="share-label">Share'
    '</span> <button type="button" data-network="facebook">Facebook</button> '
    '<button type="button" data-network="x">X</button> '
    '<button type="button" data-network="whatsapp">WhatsApp</button> '
    '<button type="button" data-network="email">Email</button> '
    '<button type="button" class="copy-link">Copy link</button></div>\n'
)


def _article_element(brand: Brand, article: Article, layout: Layout) -> str:
    kicker = ""
    if brand.sections:
        label = _text(brand.section_label(article.section))
        kicker = f'<p class="kicker"><a href="/{article.section}/">{label}</a></p>\n'
    repeat = (
        f'<h2 class="headline-repeat">{_text(article.title)}</h2>\n'
        if layout.repeat_headline
        else ""
    )
    paragraphs = [f"<p>{_text(p)}</p>\n" for p in article.paragraphs]
    if layout.related:
        aside = (
            '<aside class="related"><h2>Related articles</h2>'
            f"{_links(layout.related, 'related-list')}</aside>\n"
        )
        paragraphs.insert(3, aside)
    if brand.comment_policy:
        # The site's comment-policy line sits in the article flow, as on the seed's site.
        paragraphs.append(f"<p>{_text(brand.comment_policy)}</p>\n")
    return (
        '<article class="story">\n<header class="story-header">\n'
        f'{kicker}<h1 class="headline">{_text(article.title)}</h1>\n{repeat}'
        f"{_byline(brand, article, layout)}\n</header>\n"
        f"{SHARE_BAR if layout.share_bar else ''}"
        f'<figure class="lead-image"><img src="/media/{article.slug}.jpg" '
        f'alt="{escape(article.title)}" width="1200" height="675"></figure>\n'
        f'<div class="story-body">\n{"".join(paragraphs)}</div>\n</article>'
    )


def _comments_block(brand: Brand, comments: Sequence[ReaderComment]) -> str:
    policy = (
        f'<p class="comment-policy">{_text(brand.comment_policy)}</p>\n'
        if brand.comment_policy
        else ""
    )
    items = "".join(
        f'<li class="comment"><p class="comment-meta"><span class="comment-author">'
        f'{_text(c.author)}</span> <time datetime="{c.posted}">{_human_date(c.posted)}</time>'
        f'</p><p class="comment-body">{_text(c.text)}</p></li>\n'
        for c in comments
    )
    return (
        f'<section id="comments" class="comments">\n<h2>Comments ({len(comments)})</h2>\n'
        f'{policy}<ol class="comment-list">\n{items}</ol>\n'
        '<form class="comment-form" action="/comments/post" method="post">'
        '<label>Your comment <textarea name="comment" rows="4"></textarea></label> '
        '<button type="submit">Post comment</button></form>\n</section>'
    )


NEWSLETTER_BOX = (
    '<section class="newsletter"><h2>The Morning Briefing</h2>'
    "<p>The day's essential stories in your inbox before 7am, every weekday.</p>"
    '<form action="/newsletter/subscribe" method="post"><label for="nl-email">Email address'
    '</label> <input id="nl-email" type="email" name="email" required> '
    '<button type="submit">Sign up</button></form>'
    '<p class="small">You can unsubscribe at any time. See our '
    '<a href="/privacy/">privacy policy</a>.</p></section>'
)


def article_page(
    brand: Brand,
    base: str,
    path: str,
    article: Article,
    layout: Layout,
    *,
    most_read: Sequence[tuple[str, str]] = (),
) -> Resource:
    """Render an article page with its site's furniture around the <article>."""
    parts = [_article_element(brand, article, layout)]
    if layout.comments:
        parts.append(_comments_block(brand, layout.comments))
    if brand.tag_pages:
        tags = ((f"/tag/{slugify(t)}/", t) for t in article.tags)
        parts.append(f'<nav class="story-tags"><h2>Topics</h2>{_links(tags, "tags")}</nav>')
    sidebar = ""
    if most_read or brand.newsletter:
        ranked = _links(most_read, "ranked", "ol")
        most = (
            f'<section class="most-read"><h2>Most read</h2>{ranked}</section>' if most_read else ""
        )
        sidebar = (
            f'\n<aside class="sidebar">{most}{NEWSLETTER_BOX if brand.newsletter else ""}</aside>'
        )
    content = "\n".join(parts)
    body = f'<main class="page">\n<div class="content">\n{content}\n</div>{sidebar}\n</main>'
    text = _document(
        brand,
        title=f"{article.title} | {brand.name}",
        head=_article_head(brand, base, path, article, layout),
        body=body,
        charset={"utf-8": "utf-8", "cp1252": "windows-1252", "utf-8-bom": None}[layout.encoding],
    )
    return html_resource(text, layout.encoding)


# --- sitemaps and feeds ---------------------------------------------------------------------

SITEMAP_NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
NEWS_NS = 'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"'


def urlset(base: str, entries: Iterable[tuple[str, Article]]) -> str:
    """Render a plain sitemap <urlset>."""
    urls = "".join(
        f"<url><loc>{_text(base + path)}</loc>"
        f"<lastmod>{art.modified or art.published}</lastmod></url>\n"
        for path, art in entries
    )
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset {SITEMAP_NS}>\n{urls}</urlset>\n'


def news_urlset(base: str, publication: str, entries: Iterable[tuple[str, Article]]) -> str:
    """Render a Google News sitemap <urlset>."""
    urls = "".join(
        f"<url><loc>{_text(base + path)}</loc>"
        f"<lastmod>{art.modified or art.published}</lastmod>"
        "<news:news><news:publication>"
        f"<news:name>{_text(publication)}</news:name><news:language>en</news:language>"
        f"</news:publication><news:publication_date>{art.published}</news:publication_date>"
        f"<news:title>{_text(art.title)}</news:title></news:news></url>\n"
        for path, art in entries
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset {SITEMAP_NS} {NEWS_NS}>\n'
        f"{urls}</urlset>\n"
    )


def sitemap_index(base: str, entries: Iterable[tuple[str, str]]) -> str:
    """Render a <sitemapindex> of (path, lastmod) entries."""
    maps = "".join(
        f"<sitemap><loc>{_text(base + path)}</loc><lastmod>{lastmod}</lastmod></sitemap>\n"
        for path, lastmod in entries
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex {SITEMAP_NS}>\n'
        f"{maps}</sitemapindex>\n"
    )


def rss_feed(base: str, title: str, entries: Sequence[tuple[str, Article]]) -> str:
    """Render an RSS 2.0 feed of articles."""
    items = "".join(
        f"<item><title>{_text(art.title)}</title><link>{_text(base + path)}</link>"
        f'<guid isPermaLink="true">{_text(base + path)}</guid>'
        f"<pubDate>{_rfc822(art.published)}</pubDate>"
        f"<dc:creator>{_text(_and_join(art.authors))}</dc:creator>"
        f"<category>{_text(art.section)}</category>"
        f"<description>{_text(art.description)}</description></item>\n"
        for path, art in entries
    )
    latest = _rfc822(max(art.published for _, art in entries))
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
        'xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">\n'
        f"<channel><title>{_text(title)}</title><link>{base}/</link>"
        f"<description>Latest stories from {_text(title)}</description>"
        f"<language>en-gb</language><lastBuildDate>{latest}</lastBuildDate>"
        f'<atom:link href="{base}/feed.xml" rel="self" type="application/rss+xml"/>\n'
        f"{items}</channel>\n</rss>\n"
    )


def atom_feed(base: str, title: str, entries: Sequence[tuple[str, Article]]) -> str:
    """Render an Atom 1.0 feed of articles."""
    items = "".join(
        f"<entry><title>{_text(art.title)}</title>"
        f'<link rel="alternate" type="text/html" href="{_text(base + path)}"/>'
        f"<id>{_text(base + path)}</id><published>{art.published}</published>"
        f"<updated>{art.modified or art.published}</updated>"
        + "".join(f"<author><name>{_text(n)}</name></author>" for n in art.authors)
        + f"<summary>{_text(art.description)}</summary></entry>\n"
        for path, art in entries
    )
    updated = max(art.modified or art.published for _, art in entries)
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n'
        f"<title>{_text(title)}</title>"
        f'<link rel="self" type="application/atom+xml" href="{base}/atom.xml"/>'
        f'<link rel="alternate" type="text/html" href="{base}/"/>'
        f"<id>{base}/</id><updated>{updated}</updated>\n{items}</feed>\n"
    )


# --- assembling a site ----------------------------------------------------------------------


class SiteBuilder:
    """Collects one site's resources and manifest while its pages are rendered."""

    def __init__(self, name: str, brand: Brand, base: str) -> None:
        """Start an empty site served at base (no trailing slash)."""
        self.name, self.brand, self.base = name, brand, base.rstrip("/")
        self.resources: dict[str, Resource] = {}
        self.articles: list[ExpectedArticle] = []
        self.non_articles: list[str] = []
        self.bad: dict[str, str] = {}
        self.disallowed: list[str] = []

    def add(self, path: str, resource: Resource) -> None:
        """Serve a resource that is neither an expected article nor a listed page."""
        if path in self.resources:
            raise ValueError(f"{self.name}: {path} defined twice")
        self.resources[path] = resource

    def page(
        self,
        path: str,
        heading: str,
        *,
        intro: Sequence[str] = (),
        teasers: Iterable[tuple[str, str, str]] = (),
        extra_head: str = "",
    ) -> None:
        """Serve a non-article HTML page and list it in non_articles."""
        page = listing_page(
            self.brand,
            self.base,
            path,
            heading,
            intro=intro,
            teasers=teasers,
            extra_head=extra_head,
        )
        self.add(path, page)
        self.non_articles.append(path)

    def article(
        self,
        path: str,
        article: Article,
        layout: Layout = Layout(),
        *,
        routes: str,
        most_read: Sequence[tuple[str, str]] = (),
        expected: bool = True,
    ) -> None:
        """Serve an article page; list it as expected (or as disallowed when not expected)."""
        page = article_page(self.brand, self.base, path, article, layout, most_read=most_read)
        self.add(path, page)
        self.add(f"/media/{article.slug}.jpg", JPEG)
        if not expected:
            self.disallowed.append(path)
            return
        # Article.published is also what the news sitemap and feeds announce, so it is the
        # expected value even for the page that carries no date of its own.
        note = f"layout: {layout.describe()}; found via: {routes}"
        self.articles.append(ExpectedArticle(path, article, article.published, note))

    def build(self) -> Site:
        """Freeze what was collected into a Site."""
        return Site(
            name=self.name,
            resources=dict(self.resources),
            articles=tuple(self.articles),
            non_articles=tuple(self.non_articles),
            bad=dict(self.bad),
            disallowed=tuple(self.disallowed),
        )


def _teaser(path: str, article: Article) -> tuple[str, str, str]:
    return path, article.title, article.description


# --- demo: Daily Meridian -------------------------------------------------------------------

MERIDIAN = Brand(
    name="Daily Meridian",
    publisher="Daily Meridian Media Ltd",
    sections=(
        ("world", "World"),
        ("business", "Business"),
        ("science", "Science"),
        ("sport", "Sport"),
        ("culture", "Culture"),
    ),
    footer_links=(("/about/", "About us"), ("/contact/", "Contact"), ("/privacy/", "Privacy")),
    comment_policy=a.comment_policy("Daily Meridian"),
    author_pages=True,
    tag_pages=True,
    newsletter=True,
)

DEMO_PATHS: dict[Article, str] = {
    a.SEED: dated_path(a.SEED),
    a.SEAGRASS: news_path(a.SEAGRASS, 731946),
    a.SYMPHONY: dated_path(a.SYMPHONY),
    a.CAFE: news_path(a.CAFE, 482913),
    a.SHIPYARD: dated_path(a.SHIPYARD),
    a.CUP_TIE: dated_path(a.CUP_TIE),
    a.WHEAT: dated_path(a.WHEAT),
    a.PRINTING_MUSEUM: dated_path(a.PRINTING_MUSEUM),
    a.BUS_FLEET: dated_path(a.BUS_FLEET),
    a.RATES: dated_path(a.RATES),
    a.SPRINTER: dated_path(a.SPRINTER),
    a.TRIPLE_STAR: dated_path(a.TRIPLE_STAR),
    a.FLOOD_TALKS: dated_path(a.FLOOD_TALKS),
    a.THEATRE: news_path(a.THEATRE, 619384),
}

# Discovery routes. Each article has at least one; FEED_ONLY and SECTION_ONLY have exactly one,
# so they are also kept off every other listing (home, tag, author, most read, related).
NEWS_SITEMAP = (
    a.SEED,
    a.SEAGRASS,
    a.CAFE,
    a.CUP_TIE,
    a.RATES,
    a.SPRINTER,
    a.TRIPLE_STAR,
)
PAGES_SITEMAP = (a.SYMPHONY, a.SHIPYARD, a.WHEAT, a.FLOOD_TALKS, a.THEATRE)
FEED = (a.SEED, a.CUP_TIE, a.PRINTING_MUSEUM, a.THEATRE)
HOME = (a.SEED, a.CAFE, a.CUP_TIE, a.RATES, a.TRIPLE_STAR, a.FLOOD_TALKS)
FEED_ONLY = a.PRINTING_MUSEUM
SECTION_ONLY = a.BUS_FLEET
MOST_READ = (a.SEED, a.RATES, a.CUP_TIE, a.FLOOD_TALKS, a.CAFE)

DEMO_LAYOUTS: dict[Article, Layout] = {
    a.SEED: Layout(repeat_headline=True),
    a.SEAGRASS: Layout(dates=False),
    a.SYMPHONY: Layout(metadata=False, plain_byline=True),
    a.CAFE: Layout(encoding="cp1252"),
    a.SHIPYARD: Layout(encoding="utf-8-bom"),
    a.CUP_TIE: Layout(comments=a.CUP_TIE_COMMENTS),
    a.WHEAT: Layout(
        share_bar=True,
        related=tuple((DEMO_PATHS[x], x.title) for x in (a.SEAGRASS, a.TRIPLE_STAR, a.FLOOD_TALKS)),
    ),
}

# Bad inputs, each linked from a section page as if it were a story: (path, kind, section,
# headline, summary).
DEMO_BAD = (
    (
        "/news/broken-binary-123456.html",
        "not_html",
        "business",
        "Markets live: shares edge higher as oil slips",
        "Follow the day's trading as it happens.",
    ),
    (
        "/news/empty-page-234567.html",
        "empty",
        "business",
        "Pensions: what the new rules mean for savers",
        "Our guide to the changes.",
    ),
    (
        "/news/gone-345678.html",
        "http_404",
        "world",
        "Election live: results as they come in",
        "Every result, seat by seat.",
    ),
    (
        "/news/error-456789.html",
        "http_500",
        "world",
        "Explainer: who sits on the river basin commission?",
        "The people behind the flood talks.",
    ),
    (
        "/news/loop-a-567890.html",
        "redirect_loop",
        "culture",
        "Review: a bold new Hamlet at the Playhouse",
        "Four stars for a production that takes risks.",
    ),
    (
        "/images/photo-678901.jpg",
        "image",
        "science",
        "Picture of the week: the night sky over Kestrel Bay",
        "Our readers' best astronomy photograph.",
    ),
)
LOOP_B = "/news/loop-b-567891.html"


def _routes(article: Article) -> str:
    found = [
        name
        for name, members in (
            ("news sitemap (gzip)", NEWS_SITEMAP),
            ("pages sitemap", PAGES_SITEMAP),
            ("RSS feed", FEED),
            ("home page", HOME),
        )
        if article in members
    ]
    if article is not FEED_ONLY:
        found.append(f"/{article.section}/ section page")
    if article not in (FEED_ONLY, SECTION_ONLY):
        found.append("tag and author pages")
    return ", ".join(found)


def _error_page(brand: Brand, status: int, heading: str, message: str) -> Resource:
    text = _document(
        brand,
        title=f"{heading} | {brand.name}",
        head="",
        body=f"<h1>{heading}</h1><p>{message}</p>",
    )
    return html_resource(text, status=status)


def _add_demo_bad(site: SiteBuilder) -> None:
    """Serve the bad inputs that the section pages link to, and list them in site.bad."""
    by_kind = {
        "not_html": Resource(
            body=_noise(3000, b"broken-binary"), headers=(("Content-Type", "text/html"),)
        ),
        "empty": Resource(),
        "http_404": _error_page(site.brand, 404, "Page not found", "This story was removed."),
        "http_500": _error_page(site.brand, 500, "Internal Server Error", "Please try later."),
        "image": JPEG,
    }
    for path, kind, *_ in DEMO_BAD:
        site.bad[path] = kind
        if kind != "redirect_loop":
            site.add(path, by_kind[kind])
            continue
        site.bad[LOOP_B] = kind
        for here, there in ((path, LOOP_B), (LOOP_B, path)):
            site.add(here, Resource(302, b"", (("Location", site.base + there), *HTML_UTF8)))


def _add_demo_discovery(site: SiteBuilder) -> None:
    """Serve robots.txt, the sitemap index, both sitemaps and the RSS feed."""
    base, name = site.base, site.brand.name
    robots = f"User-agent: *\nDisallow: /admin/\n\nSitemap: {base}/sitemap_index.xml\n"
    site.add("/robots.txt", Resource(body=robots.encode(), headers=TEXT))
    news = news_urlset(base, name, ((DEMO_PATHS[x], x) for x in NEWS_SITEMAP))
    # mtime=0 keeps the gzip bytes identical from build to build.
    gzipped = gzip.compress(news.encode(), mtime=0)
    site.add(
        "/sitemap-news.xml.gz",
        Resource(body=gzipped, headers=(("Content-Type", "application/gzip"),)),
    )
    pages = urlset(base, ((DEMO_PATHS[x], x) for x in PAGES_SITEMAP))
    site.add("/sitemap-pages.xml", xml_resource(pages))
    index = sitemap_index(
        base,
        (
            ("/sitemap-news.xml.gz", max(x.modified or x.published for x in NEWS_SITEMAP)),
            ("/sitemap-pages.xml", max(x.modified or x.published for x in PAGES_SITEMAP)),
        ),
    )
    site.add("/sitemap_index.xml", xml_resource(index))
    feed = rss_feed(base, name, [(DEMO_PATHS[x], x) for x in FEED])
    rss = (("Content-Type", "application/rss+xml; charset=utf-8"),)
    site.add("/feed.xml", xml_resource(feed, rss))


def _demo_teasers(arts: Iterable[Article]) -> list[tuple[str, str, str]]:
    return [_teaser(DEMO_PATHS[x], x) for x in arts]


def _add_demo_pages(site: SiteBuilder) -> None:
    """Serve home, section, tag, author and static pages, all listed in non_articles."""
    brand = site.brand
    feed_link = (
        f'<link rel="alternate" type="application/rss+xml" title="{brand.name}" href="/feed.xml">\n'
    )
    intro = ("Independent news from home and abroad.",)
    site.page("/", brand.name, intro=intro, teasers=_demo_teasers(HOME), extra_head=feed_link)
    for slug, label in brand.sections:
        arts = [x for x in DEMO_PATHS if x.section == slug and x is not FEED_ONLY]
        bad = [(path, title, summary) for path, _, sec, title, summary in DEMO_BAD if sec == slug]
        intro = (f"The latest {label.lower()} news and analysis.",)
        site.page(f"/{slug}/", label, intro=intro, teasers=_demo_teasers(arts) + bad)
    listed = [x for x in DEMO_PATHS if x not in (FEED_ONLY, SECTION_ONLY)]
    for tag in sorted({t for x in DEMO_PATHS for t in x.tags}):
        arts = [x for x in listed if tag in x.tags]
        site.page(f"/tag/{slugify(tag)}/", f"Topic: {tag}", teasers=_demo_teasers(arts))
    for author, bio in a.DEMO_AUTHOR_BIOS.items():
        arts = [x for x in listed if author in x.authors]
        teasers = _demo_teasers(arts)
        site.page(f"/author/{slugify(author)}/", author, intro=(bio,), teasers=teasers)
    site.page("/about/", "About the Daily Meridian", intro=a.DEMO_ABOUT)
    site.page("/contact/", "Contact us", intro=a.DEMO_CONTACT)
    site.page("/privacy/", "Privacy policy", intro=a.DEMO_PRIVACY)


def build_demo(base_url: str) -> Site:
    """Build "demo" (Daily Meridian): every discovery route, layout quirk and bad input."""
    site = SiteBuilder("demo", MERIDIAN, base_url)
    most_read = [(DEMO_PATHS[x], x.title) for x in MOST_READ]
    # On the dateless page even links must not carry a date: htmldate reads dated hrefs.
    undated = [(p, t) for p, t in most_read if not re.search(r"/\d{4}/\d{2}/\d{2}/", p)]
    undated.append((DEMO_PATHS[a.THEATRE], a.THEATRE.title))
    for art, path in DEMO_PATHS.items():
        layout = DEMO_LAYOUTS.get(art, Layout())
        reads = most_read if layout.dates else undated
        site.article(path, art, layout, routes=_routes(art), most_read=reads)
    site.add("/media/logo.jpg", JPEG)
    _add_demo_discovery(site)
    _add_demo_pages(site)
    _add_demo_bad(site)
    return site.build()


# --- linksonly: Harbour Gazette -------------------------------------------------------------

GAZETTE = Brand(
    name="Harbour Gazette",
    publisher="Harbour Gazette",
    sections=(("harbour", "Harbour"), ("town", "Town"), ("sport", "Sport")),
    footer_links=(("/about/", "About"), ("/contact/", "Contact")),
)
GAZETTE_ARTICLES = (
    a.HARBOUR_DREDGING,
    a.HARBOUR_LIDO,
    a.HARBOUR_CLOCK,
    a.HARBOUR_MACKEREL,
    a.HARBOUR_REGATTA,
)


def build_linksonly(base_url: str) -> Site:
    """Build "linksonly" (Harbour Gazette): no sitemap, no feed; home -> section -> article."""
    site = SiteBuilder("linksonly", GAZETTE, base_url)
    site.add("/robots.txt", Resource(body=b"User-agent: *\nDisallow: /private/\n", headers=TEXT))
    for art in GAZETTE_ARTICLES:
        site.article(dated_path(art), art, routes=f"home -> /{art.section}/ section page -> link")
    memo = a.HARBOUR_LEAKED_MEMO
    site.article(dated_path(memo), memo, routes="robots.txt forbids it", expected=False)
    site.page("/", GAZETTE.name, intro=("News from Porthaven and the bay.",))
    for slug, label in GAZETTE.sections:
        teasers = [_teaser(dated_path(x), x) for x in GAZETTE_ARTICLES if x.section == slug]
        if slug == "town":
            teasers.append(_teaser(dated_path(memo), memo))
        site.page(f"/{slug}/", label, intro=(f"{label} news from Porthaven.",), teasers=teasers)
    site.page("/about/", "About the Harbour Gazette", intro=a.HARBOUR_ABOUT)
    site.page("/contact/", "Contact the Gazette", intro=a.HARBOUR_CONTACT)
    return site.build()


# --- guess: Valley Ledger -------------------------------------------------------------------

LEDGER = Brand(
    name="Valley Ledger",
    publisher="Valley Ledger Co-operative",
    sections=(),
    footer_links=(("/about/", "About"), ("/contact/", "Contact")),
)
LEDGER_SITEMAP = (a.VALLEY_ORCHARDS, a.VALLEY_FOOTBRIDGE)
LEDGER_FEED = (a.VALLEY_LIBRARY, a.VALLEY_DAIRY)


def build_guess(base_url: str) -> Site:
    """Build "guess" (Valley Ledger): unadvertised /sitemap.xml plus an Atom feed, no links."""
    site = SiteBuilder("guess", LEDGER, base_url)
    base = site.base
    site.add("/robots.txt", Resource(body=b"User-agent: *\nDisallow: /search\n", headers=TEXT))
    for art in LEDGER_SITEMAP:
        site.article(dated_path(art), art, routes="/sitemap.xml (not named in robots.txt)")
    for art in LEDGER_FEED:
        site.article(dated_path(art), art, routes="Atom feed /atom.xml")
    site.add(
        "/sitemap.xml", xml_resource(urlset(base, ((dated_path(x), x) for x in LEDGER_SITEMAP)))
    )
    atom = atom_feed(base, LEDGER.name, [(dated_path(x), x) for x in LEDGER_FEED])
    site.add(
        "/atom.xml", xml_resource(atom, (("Content-Type", "application/atom+xml; charset=utf-8"),))
    )
    feed_link = (
        f'<link rel="alternate" type="application/atom+xml" title="{LEDGER.name}" '
        'href="/atom.xml">\n'
    )
    site.page(
        "/",
        LEDGER.name,
        intro=("Community news for Wyreford and the Wyre valley.",),
        extra_head=feed_link,
    )
    site.page("/about/", "About the Valley Ledger", intro=a.VALLEY_ABOUT)
    site.page("/contact/", "Contact the Ledger", intro=a.VALLEY_CONTACT)
    return site.build()


# --- heavy: Ridge Courier -------------------------------------------------------------------

COURIER = Brand(name="Ridge Courier", publisher="Ridge Courier", sections=(), footer_links=())
COURIER_ARTICLES = GAZETTE_ARTICLES
# A page from a read-aloud tool that wraps each word in its own <span>: trafilatura 2.3.1 spends
# half a minute on it (its time grows with the square of the spans), in about 60 MB of memory.
SLOW_PATH = "/news/2024/06/21/read-aloud-council-minutes"
SLOW_SPANS = 40_000
# A live page of half a million one-line updates (6.5 MB): its parsed tree takes about 160 MB.
HUGE_PATH = "/news/2024/06/21/live-every-update-since-1990"
HUGE_UPDATES = 500_000


def _heavy_page(title: str, body: bytes) -> Resource:
    """An article page around a large body, assembled as bytes (the site builds in a blink)."""
    head = (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<title>{title}</title>\n<meta property="og:type" content="article">\n'
        f"</head>\n<body>\n<main><article><h1>{title}</h1>\n"
    )
    return Resource(body=b"".join((head.encode(), body, b"\n</article></main>\n</body></html>\n")))


def build_heavy(base_url: str) -> Site:
    """Build "heavy" (Ridge Courier): articles, plus a page that hangs extraction and a page
    whose extraction needs more memory than a worker may take; all listed in /sitemap.xml."""
    site = SiteBuilder("heavy", COURIER, base_url)
    base = site.base
    spans = b"<p>" + b"<span>word </span>" * SLOW_SPANS + b"</p>"
    site.add(SLOW_PATH, _heavy_page("Council minutes, read aloud", spans))
    site.add(HUGE_PATH, _heavy_page("Every update since 1990", b"<p>Update</p>" * HUGE_UPDATES))
    site.bad.update({SLOW_PATH: "hang", HUGE_PATH: "huge"})
    for art in COURIER_ARTICLES:
        site.article(dated_path(art), art, routes="/sitemap.xml")
    robots = f"User-agent: *\nSitemap: {base}/sitemap.xml\n"
    site.add("/robots.txt", Resource(body=robots.encode(), headers=TEXT))
    locs = [dated_path(x) for x in COURIER_ARTICLES] + [SLOW_PATH, HUGE_PATH]
    entries = "".join(f"<url><loc>{base}{path}</loc></url>" for path in locs)
    sitemap = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>\n'
    )
    site.add("/sitemap.xml", xml_resource(sitemap))
    site.page("/", COURIER.name, intro=("News from the ridge towns.",))
    return site.build()


# --- bulk: Ridge Bulletin -------------------------------------------------------------------

BULLETIN = Brand(name="Ridge Bulletin", publisher="Ridge Bulletin", sections=(), footer_links=())
BULK_ARTICLES = 60
_BULK_WORDS = (
    "council",
    "market",
    "harbour",
    "school",
    "bridge",
    "river",
    "library",
    "farm",
    "road",
    "station",
    "weather",
    "budget",
    "festival",
    "museum",
    "hospital",
    "ferry",
    "union",
    "club",
    "park",
    "garden",
    "theatre",
    "orchestra",
    "bakery",
    "mayor",
    "teacher",
    "nurse",
    "engineer",
    "farmer",
    "driver",
    "runner",
    "volunteer",
    "resident",
    "visitor",
    "committee",
    "plan",
    "report",
    "survey",
    "vote",
    "grant",
    "repair",
    "opening",
    "closure",
    "delay",
    "rise",
    "fall",
    "record",
    "season",
    "harvest",
    "storm",
    "flood",
    "drought",
    "traffic",
    "rent",
    "price",
    "wage",
    "tax",
    "fee",
    "ticket",
    "queue",
    "crowd",
    "shelter",
    "path",
    "north",
    "south",
    "east",
    "west",
    "old",
    "new",
    "small",
    "large",
    "early",
    "late",
    "busy",
    "quiet",
    "local",
    "regional",
)


def bulk_article(number: int) -> Article:
    """A generated article; every one has its own text (no two are near-duplicates)."""
    words = random.Random(number).choices(_BULK_WORDS, k=10 * 14)
    sentences = [" ".join(words[i : i + 14]).capitalize() + "." for i in range(0, len(words), 14)]
    return Article(
        slug=f"ridge-bulletin-{number}-{'-'.join(words[:3])}",
        title=f"Bulletin {number}: {sentences[0][:-1]}",
        section="news",
        authors=("Ridge Bulletin staff",),
        published=f"2024-03-{1 + number % 28:02d}T08:00:00+00:00",
        modified=None,
        description="",
        tags=(),
        paragraphs=tuple(" ".join(sentences[i : i + 3]) for i in (1, 4, 7)),
    )


# Site-wide navigation, as big as on a real news site: extraction has to work through it, a
# download hardly notices it, so downloads can run far ahead of extraction.
_BULK_MENU = "".join(f'<li><a href="/topic/{i}/">Topic {i}</a></li>' for i in range(600))


def _bulk_page(article: Article, *, menu: bool = True) -> Resource:
    """A plain article page: Open Graph type, menu, headline, date, paragraphs (quick to render)."""
    paragraphs = "".join(f"<p>{text}</p>" for text in article.paragraphs)
    page = (
        f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{article.title}</title>\n"
        '<meta property="og:type" content="article">\n'
        f'<meta property="article:published_time" content="{article.published}">\n'
        f'<meta name="author" content="{article.authors[0]}">\n'
        f"</head>\n<body>\n{f'<nav><ul>{_BULK_MENU}</ul></nav>' if menu else ''}\n"
        f"<article><h1>{article.title}</h1>\n{paragraphs}\n</article>\n"
        "</body>\n</html>\n"
    )
    return Resource(body=page.encode())


def build_bulk(base_url: str) -> Site:
    """Build "bulk" (Ridge Bulletin): 60 articles, all in /sitemap.xml, no links."""
    site = SiteBuilder("bulk", BULLETIN, base_url)
    arts = [bulk_article(number) for number in range(BULK_ARTICLES)]
    for art in arts:
        site.add(dated_path(art), _bulk_page(art))
        site.articles.append(ExpectedArticle(dated_path(art), art, art.published, "bulk"))
    robots = f"User-agent: *\nSitemap: {site.base}/sitemap.xml\n"
    site.add("/robots.txt", Resource(body=robots.encode(), headers=TEXT))
    site.add("/sitemap.xml", xml_resource(urlset(site.base, ((dated_path(x), x) for x in arts))))
    site.page("/", BULLETIN.name, intro=("Every bulletin is in the sitemap.",))
    return site.build()


# --- talk: Ridge Forum: one article under tens of thousands of reader comments -------------

FORUM = Brand(name="Ridge Forum", publisher="Ridge Forum", sections=(), footer_links=())
# The first four are plain; the last one carries TALK_COMMENTS comments (a page of about 5 MB).
TALK_ARTICLES = GAZETTE_ARTICLES
TALK_PATH = dated_path(GAZETTE_ARTICLES[-1])
TALK_COMMENTS = 20_000
# One comment block, the same markup as _comments_block's, filled in by a %-format (the page has
# to build in milliseconds, like every mock site).
_TALK_COMMENT = (
    '<li class="comment"><p class="comment-meta"><span class="comment-author">Reader %d</span> '
    '<time datetime="2024-06-21T%02d:%02d:00+00:00">21 June 2024, %02d:%02d GMT</time></p>'
    '<p class="comment-body">%s</p></li>\n'
)


def talk_thread(count: int) -> str:
    """A comments section of `count` blocks: author, time and a sentence each."""
    rng = random.Random(count)
    sentences = [" ".join(rng.choices(_BULK_WORDS, k=8)).capitalize() + "." for _ in range(101)]
    items = "".join(
        _TALK_COMMENT % (n, n % 24, n % 60, n % 24, n % 60, sentences[n % 101])
        for n in range(count)
    )
    return (
        f'<section id="comments" class="comments">\n<h2>Comments ({count})</h2>\n'
        f'<ol class="comment-list">\n{items}</ol>\n</section>'
    )


def build_talk(base_url: str) -> Site:
    """Build "talk" (Ridge Forum): articles in /sitemap.xml, the last one under a 5 MB thread."""
    site = SiteBuilder("talk", FORUM, base_url)
    for art in TALK_ARTICLES:
        site.article(dated_path(art), art, routes="/sitemap.xml")
    plain = site.resources[TALK_PATH].body.decode()
    # The thread goes right after the article, where _comments_block would put it.
    page = plain.replace("</article>", "</article>\n" + talk_thread(TALK_COMMENTS), 1)
    site.resources[TALK_PATH] = html_resource(page)
    robots = f"User-agent: *\nSitemap: {site.base}/sitemap.xml\n"
    site.add("/robots.txt", Resource(body=robots.encode(), headers=TEXT))
    entries = ((dated_path(x), x) for x in TALK_ARTICLES)
    site.add("/sitemap.xml", xml_resource(urlset(site.base, entries)))
    site.page("/", FORUM.name, intro=("Every story, and what readers say about it.",))
    return site.build()


SITES: dict[str, Callable[[str], Site]] = {
    "demo": build_demo,
    "linksonly": build_linksonly,
    "guess": build_guess,
    "heavy": build_heavy,
    "bulk": build_bulk,
    "talk": build_talk,
}

# Sites defined in their own modules, on the helpers above (imported last: they import these).
from .fleet import build_fleet  # noqa: E402
from .furniture import build_furniture  # noqa: E402
from .live import build_live, build_wire  # noqa: E402
from .optout import build_optout  # noqa: E402
from .relayout import build_relayout  # noqa: E402

SITES.update(
    live=build_live,
    wire=build_wire,
    furniture=build_furniture,
    relayout=build_relayout,
    optout=build_optout,
    fleet=build_fleet,
)
