"""A static news site of real pages on loopback, for `make bench`: run it as its own process.

`python -m benchmarks.site --aeb DIR --copies N` serves every AEB page under N URLs (so that a
crawl lasts long enough to measure), a sitemap that lists them all, robots.txt pointing at it and
a small home page; it prints its base URL as one JSON line and serves until SIGTERM or SIGINT.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections.abc import Iterator, Sequence
from html import escape
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlsplit

from twisted.internet import reactor as _reactor
from twisted.web import resource, server

Page = tuple[bytes, bytes]  # content type, body
HTML = b"text/html; charset=utf-8"
_PLAIN = re.compile(r"[^A-Za-z0-9_.-]+")
# Twisted's reactor is typed as a module of interfaces; this script only calls what it offers.
reactor = cast(Any, _reactor)


def aeb_sources(root: Path) -> Iterator[tuple[str, bytes]]:
    """(original URL, HTML bytes) of each AEB page, in a stable order."""
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    for key, entry in sorted(truth.items()):
        yield entry["url"], gzip.decompress((root / "html" / f"{key}.html.gz").read_bytes())


def page_paths(original_url: str, copies: int) -> list[str]:
    """The page's paths on the bench site: its own host and path under /c<N>/, once per copy.

    The original path is kept whole, so the URL still looks like the article it is.
    """
    parts = urlsplit(original_url)
    # A query goes into the path, spelled plainly: the crawl normalises query strings (sorts
    # them, drops tracking parameters), and the site answers exact paths only, so a page with a
    # query would be fetched under a URL the site does not know and missed by the crawl.
    tail = parts.path + (f"/q-{_PLAIN.sub('-', parts.query)}" if parts.query else "")
    return [f"/c{copy}/{parts.netloc}{tail}" for copy in range(copies)]


def build_site(
    sources: Sequence[tuple[str, bytes]], copies: int, base: str, *, by_copy: bool = True
) -> dict[str, Page]:
    """Every path the site answers, with what it answers; the sitemap in that order."""
    pages: dict[str, Page] = {}
    # Listed copy by copy (every page once, then every page again): listed page by page, the
    # crawl would fetch one page's copies at once, as many at a time as there are copies (up
    # to CONCURRENT_REQUESTS), and the sizes would differ in what is in flight, not only in
    # length. Page by page, the last distinct text comes near the end of the crawl.
    paths = [page_paths(url, copies) for url, _ in sources]
    order = [(c, n) for c in range(copies) for n in range(len(sources))]
    if not by_copy:
        order.sort(key=lambda copy_page: copy_page[1])
    for copy, number in order:
        pages[paths[number][copy]] = (HTML, sources[number][1])
    locs = "".join(f"<url><loc>{escape(base + path)}</loc></url>\n" for path in pages)
    sitemap = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{locs}</urlset>\n'
    )
    pages["/sitemap.xml"] = (b"application/xml", sitemap.encode())
    pages["/robots.txt"] = (b"text/plain", f"User-agent: *\nSitemap: {base}/sitemap.xml\n".encode())
    home = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Bench News</title>'
        "</head><body><h1>Bench News</h1><p>Every story is listed in the sitemap.</p></body></html>"
    )
    pages["/"] = (HTML, home.encode())
    return pages


class StaticSite(resource.Resource):
    """Answers GET with a page from memory (exact path and query), else 404."""

    isLeaf = True

    def __init__(self, pages: dict[str, Page]) -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # twisted.web is unannotated here
        self.pages = {path.encode(): page for path, page in pages.items()}

    def render_GET(self, request: Any) -> bytes:
        """The page, or a 404."""
        page = self.pages.get(request.uri)
        if page is None:
            request.setResponseCode(404)
            return b"not found"
        request.setHeader(b"content-type", page[0])
        return page[1]


class QuietSite(server.Site):
    """A twisted.web Site that keeps no access log (it would cost CPU on every request)."""

    def log(self, request: Any) -> None:
        """Log nothing."""


def main(argv: Sequence[str] | None = None) -> int:
    """Serve the bench site until SIGTERM or SIGINT."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.site", description=__doc__)
    parser.add_argument("--aeb", type=Path, default=Path("../shared/bench/aeb"))
    parser.add_argument("--copies", type=int, default=10, help="URLs per page (default 10)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument(
        "--page-by-page",
        action="store_true",
        help="list a page's copies one after another (default: copy by copy)",
    )
    args = parser.parse_args(argv)
    sources = list(aeb_sources(args.aeb))
    site = StaticSite({})
    factory = QuietSite(site)  # type: ignore[no-untyped-call]
    port = reactor.listenTCP(0, factory, interface=args.host)
    base = f"http://{args.host}:{port.getHost().port}"
    site.pages = {
        p.encode(): page
        for p, page in build_site(sources, args.copies, base, by_copy=not args.page_by_page).items()
    }
    print(json.dumps({"base_url": base, "pages": len(sources) * args.copies}), flush=True)
    reactor.run()  # stops on SIGTERM and SIGINT
    return 0


if __name__ == "__main__":
    sys.exit(main())
