"""Hostile fake sites: every kind of bad input, next to good articles that must still be exported.

"hostile" serves pages with lying charsets, broken HTML, files that are not HTML, failing and
misbehaving responses (resets, stalls, endless bodies, a gzip bomb), redirects to private
addresses, hostile sitemaps (a loop, a million entries, billion laughs, fake gzip) and a
sitemap on another host name (localhost) that its robots.txt names. The small sites fail in
robots.txt (503, stall) or redirect to localhost from another loopback address.
"""

from __future__ import annotations

import random
import struct
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache

import ftfy.bad_codecs  # noqa: F401  (registers the "sloppy-windows-1252" codec)

from . import articles as a
from .articles import Article
from .sites import (
    HTML_UTF8,
    SITEMAP_NS,
    SITES,
    TEXT,
    XML,
    Brand,
    ExpectedArticle,
    Layout,
    Resource,
    Site,
    SiteBuilder,
    article_page,
    rss_feed,
    sitemap_index,
    urlset,
    xml_resource,
)

MIB = 1 << 20
MILLION = 1_000_000
USERINFO = "reader:s3cret-Passw0rd"  # in links and a canonical URL; must never be logged

COURIER = Brand(
    name="Northgate Courier",
    publisher="Northgate Courier Ltd",
    sections=(),
    footer_links=(("/about/", "About"),),
)


def zero_bomb(mib: int) -> bytes:
    """A valid one-member gzip file of `mib` MiB of zeros, built without compressing them all.

    After the first MiB, deflate emits the same bytes for every further MiB of zeros, so the
    steady-state block is repeated; only the CRC needs a pass over the data (fast).
    """
    chunk = bytes(MIB)
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    first = compressor.compress(chunk) + compressor.flush(zlib.Z_SYNC_FLUSH)
    steady = compressor.compress(chunk) + compressor.flush(zlib.Z_SYNC_FLUSH)
    final_block = compressor.flush()[:-8]  # drop the trailer computed for 2 MiB
    crc = 0
    for _ in range(mib):
        crc = zlib.crc32(chunk, crc)
    trailer = struct.pack("<II", crc, (mib * MIB) & 0xFFFFFFFF)
    return first + steady * (mib - 1) + final_block + trailer


@lru_cache(maxsize=1)
def _gigabyte_bomb() -> bytes:
    return zero_bomb(1024)  # ~1 MiB on the wire, 1 GiB inflated


@dataclass(frozen=True)
class GzipBomb:
    """A body that is ~1 MiB of gzip and inflates to 1 GiB of zeros (built on first use)."""

    def __call__(self) -> Iterator[bytes]:
        """Yield the bomb."""
        yield _gigabyte_bomb()


@dataclass(frozen=True)
class Endless:
    """A body of HTML filler that never ends (until the client hangs up)."""

    def __call__(self) -> Iterator[bytes]:
        """Yield filler forever."""
        yield b"<!DOCTYPE html><html><body>"
        filler = b"<p>" + b"filler " * 9000 + b"</p>\n"
        while True:
            yield filler


@dataclass(frozen=True)
class MillionSitemap:
    """A sitemap of a million entries, made while it is sent: plain or gzip, no Content-Length.

    Entries cycle through real article URLs; each carries a comment of random hex, so that
    the gzip form does not compress to almost nothing (and cannot be sent whole before the
    client stops reading).
    """

    urls: tuple[str, ...]
    gzip: bool = False

    def __call__(self) -> Iterator[bytes]:
        """Yield the sitemap in chunks of a thousand entries."""
        noise = random.Random(1)
        compressor = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
        pack: Callable[[bytes], bytes] = compressor.compress if self.gzip else bytes
        yield pack(f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset {SITEMAP_NS}>\n'.encode())
        for start in range(0, MILLION, 1000):
            batch = "".join(
                f"<url><loc>{self.urls[n % len(self.urls)]}</loc>"
                f"<!-- {noise.getrandbits(160):040x} --></url>\n"
                for n in range(start, start + 1000)
            )
            yield pack(batch.encode())
        yield pack(b"</urlset>\n")
        if self.gzip:
            yield compressor.flush()


def _entity(n: int) -> str:
    reference = f"&lol{n - 1};"
    return f' <!ENTITY lol{n} "{reference * 10}">\n'


# lol9 expands to 10^9 "lol"s: three gigabytes from a few hundred bytes.
BILLION_LAUGHS_DTD = (
    '<!DOCTYPE {root} [\n <!ENTITY lol0 "lol">\n'
    + "".join(_entity(n) for n in range(1, 10))
    + "]>\n"
)


def _billion_laughs(root: str, body: str) -> Resource:
    xml = '<?xml version="1.0"?>\n' + BILLION_LAUGHS_DTD.format(root=root) + body
    return Resource(body=xml.encode(), headers=XML)


# --- good articles with broken pages ----------------------------------------------------------


def _page(site: SiteBuilder, path: str, article: Article) -> str:
    return article_page(site.brand, site.base, path, article, Layout()).body.decode()


def _declared(text: str, charset: str) -> str:
    return text.replace('<meta charset="utf-8">', f'<meta charset="{charset}">', 1)


def _mojibake(text: str, article: Article) -> str:
    """The page with its paragraphs double-encoded, as a CMS that mixed up charsets shows them."""
    for paragraph in article.paragraphs:
        escaped = paragraph.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        text = text.replace(escaped, escaped.encode().decode("sloppy-windows-1252"))
    return text


def _deep(text: str) -> str:
    return text.replace("<body>\n", "<body>\n" + "<div>" * 3000, 1).replace(
        "</body>", "</div>" * 3000 + "</body>", 1
    )


def _truncated(text: str, article: Article) -> tuple[str, Article]:
    third = article.paragraphs[2]
    cut = text.index(third) + len(third) // 2
    kept = (*article.paragraphs[:2], third[: len(third) // 2].strip())
    return text[:cut], replace(article, paragraphs=kept)


def _unclosed(text: str) -> str:
    for tag in ("p", "div", "li", "ul", "article", "section", "header", "main", "body", "html"):
        text = text.replace(f"</{tag}>", "")
    return text


def _with_userinfo(text: str, base: str, path: str) -> str:
    secret = base.replace("://", f"://{USERINFO}@", 1) + path
    return text.replace(f'href="{base}{path}"', f'href="{secret}"').replace(
        f'content="{base}{path}"', f'content="{secret}"'
    )


@dataclass(frozen=True)
class Broken:
    """One good article served broken, and how the crawl must still export it."""

    path: str
    article: Article
    note: str


def _add_broken_articles(site: SiteBuilder) -> list[Broken]:
    base = site.base
    made: list[Broken] = []

    def add(path: str, article: Article, note: str, resource: Resource, expect: Article) -> None:
        site.add(path, resource)
        site.articles.append(ExpectedArticle(path, expect, article.published, note))
        made.append(Broken(path, article, note))

    path = "/news/cafe-takeover-111111.html"
    text = _declared(_page(site, path, a.CAFE), "utf-8")
    add(path, a.CAFE, "windows-1252 bytes; header and <meta> say UTF-8",
        Resource(body=text.encode("cp1252")), a.CAFE)  # fmt: skip
    path = "/news/harbour-dredging-222222.html"
    text = _declared(_page(site, path, a.HARBOUR_DREDGING), "iso-8859-1")
    latin1 = (("Content-Type", "text/html; charset=iso-8859-1"),)
    add(path, a.HARBOUR_DREDGING, "UTF-8 bytes; header and <meta> say ISO-8859-1",
        Resource(body=text.encode(), headers=latin1), a.HARBOUR_DREDGING)  # fmt: skip
    path = "/news/flood-talks-333333.html"
    text = _declared(_page(site, path, a.FLOOD_TALKS), "windows-1252")
    cp1252 = (("Content-Type", "text/html; charset=windows-1252"),)
    add(path, a.FLOOD_TALKS, "UTF-8 BOM; header and <meta> say windows-1252",
        Resource(body=b"\xef\xbb\xbf" + text.encode(), headers=cp1252), a.FLOOD_TALKS)  # fmt: skip
    path = "/news/orchard-nets-444444.html"
    text = _mojibake(_page(site, path, a.VALLEY_ORCHARDS), a.VALLEY_ORCHARDS)
    add(path, a.VALLEY_ORCHARDS, "mojibake in the page itself ('â€œ' for '“')",
        Resource(body=text.encode()), a.VALLEY_ORCHARDS)  # fmt: skip
    path = "/news/bus-fleet-555555.html"
    text = _deep(_page(site, path, a.BUS_FLEET))
    add(path, a.BUS_FLEET, "inside 3000 nested <div>s", Resource(body=text.encode()), a.BUS_FLEET)
    path = "/news/harbour-clock-666666.html"
    text, kept = _truncated(_page(site, path, a.HARBOUR_CLOCK), a.HARBOUR_CLOCK)
    add(path, a.HARBOUR_CLOCK, "truncated in the middle of its third paragraph",
        Resource(body=text.encode()), kept)  # fmt: skip
    path = "/news/printing-museum-777777.html"
    text = _unclosed(_page(site, path, a.PRINTING_MUSEUM))
    add(
        path,
        a.PRINTING_MUSEUM,
        "no end tags at all",
        Resource(body=text.encode()),
        a.PRINTING_MUSEUM,
    )
    path = "/news/valley-library-888888.html"
    text = _with_userinfo(_page(site, path, a.VALLEY_LIBRARY), base, path)
    add(path, a.VALLEY_LIBRARY, "linked, and canonical, with user:password@ in the URL",
        Resource(body=text.encode()), a.VALLEY_LIBRARY)  # fmt: skip
    path = "/news/valley-dairy-999999.html"
    add(path, a.VALLEY_DAIRY, "only in a sitemap on another host that robots.txt names",
        Resource(body=_page(site, path, a.VALLEY_DAIRY).encode()), a.VALLEY_DAIRY)  # fmt: skip
    return made


# --- bad input ---------------------------------------------------------------------------------

PDF = (
    b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    + b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n" * 20
    + b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4


def _redirect(location: str, status: int = 302) -> Resource:
    return Resource(status, b"", (("Location", location), *HTML_UTF8))


def _bad_resources(base: str, port: str) -> dict[str, tuple[str, Resource]]:
    """path -> (the stats kind under newsspider/bad_input/ it must give, what is served)."""
    html_type = (("Content-Type", "text/html"),)
    pdf = (("Content-Type", "application/pdf"),)
    bomb = (*HTML_UTF8, ("Content-Encoding", "gzip"))
    stall = b"<html><body><p>" * 500
    return {
        "/bad/pdf-as-html": ("not_html", Resource(body=PDF, headers=html_type)),
        "/bad/report": ("not_html", Resource(body=PDF, headers=pdf)),
        "/bad/png-as-html": ("not_html", Resource(body=PNG, headers=html_type)),
        "/bad/empty": ("empty", Resource()),
        "/bad/empty-untyped": ("empty", Resource(headers=())),
        "/bad/forbidden": ("http_403", Resource(403, b"<html><body>Forbidden</body></html>")),
        "/bad/gone": ("http_410", Resource(410, b"<html><body>Gone</body></html>")),
        "/bad/unavailable": ("http_503", Resource(503, b"<html><body>Busy</body></html>")),
        "/bad/self-redirect": ("redirect_loop", _redirect(f"{base}/bad/self-redirect")),
        "/bad/chain-1": ("redirect_loop", _redirect(f"{base}/bad/chain-2")),
        "/bad/reset": ("network/", Resource(fault="reset")),
        "/bad/reset-mid-body": ("network/", Resource(body=PDF, fault="reset_body")),
        "/bad/stall": ("network/", Resource(body=stall, fault="stall")),
        "/bad/huge-declared": ("too_large", Resource(stream=Endless(), length=64 * MIB)),
        "/bad/huge-streamed": ("too_large", Resource(stream=Endless())),
        "/bad/gzip-bomb": ("too_large", Resource(stream=GzipBomb(), headers=bomb)),
        "/bad/to-metadata": ("private_address", _redirect("http://169.254.169.254/meta-data/")),
        "/bad/to-private-net": ("private_address", _redirect("http://10.0.0.1/admin/")),
        "/bad/to-loopback-v6": ("private_address", _redirect(f"http://[::1]:{port}/")),
        "/bad/to-other-loopback": ("private_address", _redirect(f"http://127.0.0.2:{port}/")),
    }


def _add_discovery(site: SiteBuilder, good: list[Broken], port: str) -> dict[str, str]:
    """Serve robots.txt, the hostile sitemaps and feed; return path -> expected stats kind."""
    base = site.base
    cdn = f"http://localhost:{port}"
    robots = (
        f"User-agent: *\nDisallow: /admin/\n\nSitemap: {base}/sitemap_index.xml\n"
        f"Sitemap: {cdn}/cdn/sitemap.xml\n"
    )
    site.add("/robots.txt", Resource(body=robots.encode(), headers=TEXT))
    listed = [b for b in good if b.article is not a.VALLEY_DAIRY]
    urls = tuple(base + b.path for b in listed)
    gz = (("Content-Type", "application/gzip"),)
    bad = {
        "/sitemap_index.xml": "sitemap_loop",
        "/sitemap-million.xml": "sitemap_max_entries",
        "/sitemap-million.xml.gz": "sitemap_max_entries",
        "/sitemap-plain.xml.gz": "sitemap_not_gzip",
        "/sitemap-corrupt.xml.gz": "sitemap_gzip",
        "/sitemap-laughs.xml": "sitemap_entities",
        "/sitemap-soft-404.xml": "sitemap_invalid",
        "/sitemap-cut.xml": "sitemap_malformed",
        "/feed-laughs.xml": "feed_invalid",
    }
    children = [(path, "2025-01-01") for path in bad if path.startswith("/sitemap")]
    unnamed = f"<sitemap><loc>{cdn}/cdn/unnamed-sitemap.xml</loc></sitemap>\n"
    index = sitemap_index(base, children).replace("</sitemapindex>", unnamed + "</sitemapindex>")
    site.add("/sitemap_index.xml", xml_resource(index))
    site.add("/sitemap-million.xml", Resource(stream=MillionSitemap(urls), headers=XML))
    site.add(
        "/sitemap-million.xml.gz", Resource(stream=MillionSitemap(urls, gzip=True), headers=gz)
    )
    pairs = [(b.path, b.article) for b in listed]
    site.add("/sitemap-plain.xml.gz", Resource(body=urlset(base, pairs[:2]).encode(), headers=gz))
    site.add("/sitemap-corrupt.xml.gz", Resource(body=b"\x1f\x8b\x08\x00" + PNG, headers=gz))
    laughs = (
        f"<urlset {SITEMAP_NS}><url><loc>{urls[0]}</loc><lastmod>&lol9;</lastmod></url></urlset>"
    )
    site.add("/sitemap-laughs.xml", _billion_laughs("urlset", laughs))
    site.add("/sitemap-soft-404.xml", Resource(body=b"<html><body><h1>Moved</h1></body></html>"))
    cut = urlset(base, pairs[2:4])
    # Cut off inside its last entry, before the <loc> text.
    site.add("/sitemap-cut.xml", xml_resource(cut[: cut.rindex("<url>") + len("<url><lo")]))
    item = "<item><title>&lol9;</title><link>&lol9;</link></item>"
    site.add("/feed-laughs.xml", _billion_laughs("rss", f"<rss><channel>{item}</channel></rss>"))
    # On another host name for the same server: only the sitemap robots.txt names is read.
    dairy = next(b for b in good if b.article is a.VALLEY_DAIRY)
    site.add("/cdn/sitemap.xml", xml_resource(urlset(base, [(dairy.path, dairy.article)])))
    site.add("/cdn/unnamed-sitemap.xml", xml_resource(urlset(base, pairs)))
    site.add("/cdn/feed.xml", xml_resource(rss_feed(base, COURIER.name, pairs)))
    return bad


def build_hostile(base_url: str) -> Site:
    """Build "hostile" (Northgate Courier): good articles among every kind of bad input."""
    site = SiteBuilder("hostile", COURIER, base_url)
    port = site.base.rsplit(":", 1)[1]
    good = _add_broken_articles(site)
    bad = _bad_resources(site.base, port)
    for path, (kind, resource) in bad.items():
        site.add(path, resource)
        site.bad[path] = kind
    for n in range(2, 9):  # /bad/chain-1 redirects more often than REDIRECT_MAX_TIMES (5)
        site.add(f"/bad/chain-{n}", _redirect(f"{site.base}/bad/chain-{n + 1}"))
    site.bad.update(_add_discovery(site, good, port))
    secret_base = site.base.replace("://", f"://{USERINFO}@", 1)
    teasers = [
        (secret_base + b.path if "password" in b.note else b.path, b.article.title, b.note)
        for b in good
        if b.article is not a.VALLEY_DAIRY
    ]
    teasers += [(path, f"Story {n}", kind) for n, (path, (kind, _)) in enumerate(bad.items())]
    teasers.append((f"http://localhost:{port}/news/offsite-000000.html", "Elsewhere", "offsite"))
    rss = '<link rel="alternate" type="application/rss+xml" href="{}">\n'
    feeds = rss.format("/feed-laughs.xml") + rss.format(f"http://localhost:{port}/cdn/feed.xml")
    intro = ("News, whatever the web throws at us.",)
    site.page("/", COURIER.name, intro=intro, teasers=teasers, extra_head=feeds)
    site.page("/about/", "About the Courier", intro=("A newspaper for a hostile web.",))
    return site.build()


# --- small sites: robots.txt that fails, a redirect to localhost --------------------------------


def _one_article_site(
    name: str, base_url: str, article: Article, robots: Resource, *, link: str = ""
) -> SiteBuilder:
    site = SiteBuilder(name, COURIER, base_url)
    path = f"/news/{article.slug}-123456.html"
    site.article(path, article, routes="home page")
    site.add("/robots.txt", robots)
    teasers = [(path, article.title, article.description)]
    if link:
        teasers.append((link, "Local news", "Elsewhere"))
    site.page("/", COURIER.name, intro=("News.",), teasers=teasers)
    return site


def build_robots_error(base_url: str) -> Site:
    """Build "robots_error": robots.txt answers 503; Scrapy's rules then allow everything."""
    robots = Resource(503, b"<html><body>Service unavailable</body></html>")
    return _one_article_site("robots_error", base_url, a.VALLEY_FOOTBRIDGE, robots).build()


def build_robots_stall(base_url: str) -> Site:
    """Build "robots_stall": robots.txt never finishes; Scrapy's rules then allow everything."""
    robots = Resource(body=b"User-agent: *\nDisallow: /news/\n" * 100, headers=TEXT, fault="stall")
    return _one_article_site("robots_stall", base_url, a.HARBOUR_LIDO, robots).build()


def build_to_localhost(base_url: str) -> Site:
    """Build "to_localhost": a link that redirects to http://localhost:<port>/ (for 127.0.0.2)."""
    robots = Resource(body=b"User-agent: *\nDisallow:\n", headers=TEXT)
    link = "/go/local-news"
    site = _one_article_site("to_localhost", base_url, a.HARBOUR_MACKEREL, robots, link=link)
    port = site.base.rsplit(":", 1)[1]
    site.add(link, _redirect(f"http://localhost:{port}/"))
    site.bad[link] = "private_address"
    return site.build()


SITES.update(
    {
        "hostile": build_hostile,
        "robots_error": build_robots_error,
        "robots_stall": build_robots_stall,
        "to_localhost": build_to_localhost,
    }
)
