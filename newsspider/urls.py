"""URLs: joins that never raise (the web is full of malformed links), and UrlNormalizer, one
spelling per URL so the same page is requested and recorded once."""

from __future__ import annotations

import re
from collections.abc import Iterable
from fnmatch import fnmatchcase
from functools import lru_cache
from urllib.parse import unquote_plus, urljoin, urlsplit, urlunsplit

from w3lib.url import canonicalize_url


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


# Query parameters that only say where a click came from; a glob per entry, case-insensitive.
DEFAULT_TRACKING_PARAMS: tuple[str, ...] = (
    "utm_*",
    "fbclid",
    "gclid",
    "gclsrc",
    "dclid",
    "gbraid",
    "wbraid",
    "msclkid",
    "yclid",
    "twclid",
    "ttclid",
    "igshid",
    "li_fat_id",
    "mc_cid",
    "mc_eid",
    "_ga",
    "_gl",
    "_hsenc",
    "_hsmi",
    "__hs*",
    "hsctatrk",
    "mkt_tok",
    "oly_anon_id",
    "oly_enc_id",
    "vero_id",
    "vero_conv",
    "rb_clickid",
    "s_cid",
    "wt_mc",
    "wt_zmc",
    "at_medium",
    "at_campaign",
    "cmpid",
    "ocid",
    "ncid",
    "smid",
    "sr_share",
    "ref_src",
    "ito",
    "spm",
    "_openstat",
)
_DEFAULT_PORTS = {"http": 80, "https": 443}
_EXACT = re.compile(r"^[^*?\[]+$")


class UrlNormalizer:
    """Lower-case host, drop default port, fragment and tracking parameters, sort the query."""

    def __init__(self, tracking_params: Iterable[str] = DEFAULT_TRACKING_PARAMS) -> None:
        patterns = [param.strip().lower() for param in tracking_params if param.strip()]
        # Plain names are looked up in a set; only real globs pay for fnmatch.
        self._exact = frozenset(p for p in patterns if _EXACT.match(p))
        self._globs = tuple(p for p in patterns if not _EXACT.match(p))
        # A page's URL is normalised by the spider, the dedupe and the fetch record in turn.
        self._cached = lru_cache(maxsize=4096)(self._normalize)

    def is_tracking(self, name: str) -> bool:
        """True when a query parameter name is a tracking parameter."""
        key = name.lower()
        return key in self._exact or any(fnmatchcase(key, glob) for glob in self._globs)

    def __call__(self, url: str) -> str:
        """The normalised form of an http(s) URL; other URLs are returned unchanged."""
        return self._cached(url)

    def _normalize(self, url: str) -> str:
        parts = urlsplit(url.strip())
        if parts.scheme.lower() not in _DEFAULT_PORTS:
            return url
        # Filtered as raw text: decoding and re-encoding would mangle non-UTF-8 escapes.
        query = "&".join(
            pair
            for pair in parts.query.split("&")
            if pair and not self.is_tracking(unquote_plus(pair.split("=", 1)[0]))
        )
        netloc = parts.netloc
        try:
            port = parts.port
        except ValueError:  # a malformed port: leave the URL to fail where it is used
            return url
        if port is not None and port == _DEFAULT_PORTS[parts.scheme.lower()]:
            netloc = netloc.rsplit(":", 1)[0]
        rebuilt = urlunsplit((parts.scheme, netloc, parts.path or "/", query, ""))
        # w3lib sorts the query, lower-cases scheme and host and settles percent-encoding,
        # exactly as Scrapy's request fingerprints do.
        return canonicalize_url(rebuilt)


def site_of(url: str) -> str:
    """The site key of a URL: its host (and port), lower case, without a leading 'www.'."""
    netloc = urlsplit(url).netloc.lower().rsplit("@", 1)[-1]
    return netloc.removeprefix("www.") or url
