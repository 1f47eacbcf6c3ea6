"""URL helpers that never raise: the web is full of malformed links."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit


def join_url(base_url: str | None, url: str) -> str | None:
    """url made absolute against base_url (kept as is without one); None if it cannot be parsed."""
    if not base_url:
        return url
    try:
        return urljoin(base_url, url)
    except ValueError:  # e.g. 'http://[bad/': urllib raises on malformed IPv6 hosts
        return None


def http_url(base_url: str, href: str | None) -> str | None:
    """href made absolute against base_url if the result is an http(s) URL, else None."""
    url = join_url(base_url, href.strip()) if href else None
    return url if url is not None and is_http_url(url) else None


def is_http_url(url: str) -> bool:
    """Whether url is an absolute http or https URL with a host."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in {"http", "https"} and bool(parts.netloc)
