"""Find the sitemaps of a site: from its robots.txt, else at the conventional locations."""

from __future__ import annotations

from urllib.parse import urlsplit

from newsspider.urls import http_url

USUAL_SITEMAP_PATHS: tuple[str, ...] = (
    "/sitemap.xml",
    "/sitemap_index.xml",
    "/sitemap-index.xml",
    "/news-sitemap.xml",
    "/sitemap-news.xml",
    "/sitemap.xml.gz",
)


def sitemap_urls_from_robots(robots_text: str, base_url: str) -> list[str]:
    """Absolute URLs of the Sitemap: lines of a robots.txt, each once, in order."""
    urls: dict[str, None] = {}  # an ordered set
    for line in robots_text.lstrip("\ufeff").splitlines():
        value = _sitemap_value(line)
        url = http_url(base_url, value) if value else None
        if url is not None:
            urls.setdefault(url)
    return list(urls)


def usual_sitemap_urls(site_url: str) -> list[str]:
    """The conventional sitemap locations of a site, tried when robots.txt names none."""
    try:
        parts = urlsplit(site_url.strip())
    except ValueError:
        return []
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc:
        return []
    # Sitemaps live at the root: a sitemap only covers URLs below its own directory.
    origin = f"{parts.scheme.lower()}://{parts.netloc}"
    return [origin + path for path in USUAL_SITEMAP_PATHS]


def _sitemap_value(line: str) -> str | None:
    key, colon, value = line.partition(":")
    if not colon or key.strip().lower() != "sitemap":
        return None
    # '#' starts a comment anywhere on a robots.txt line (RFC 9309); a fragment would be
    # meaningless in a sitemap URL anyway.
    return value.partition("#")[0].strip() or None
