"""Which sites to crawl: `-a site=URL[,URL...]` or a TOML sites file, validated up front."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from cssselect import SelectorError
from scrapy.exceptions import UsageError

from newsspider.cleaning.rules import css_xpath
from newsspider.urls import site_of

SITE_KEYS = (
    "url",
    "start_urls",
    "feeds",
    "sitemaps",
    "allow",
    "deny",
    "boilerplate",
    "boilerplate_selectors",
)
SITES_FILE_EXAMPLE = """\
[[site]]
url = "https://www.example-news.com/"           # required: the home page
start_urls = ["https://www.example-news.com/world/"]  # optional extra listing pages
feeds = ["https://www.example-news.com/rss.xml"]      # optional extra RSS/Atom feeds
sitemaps = ["https://www.example-news.com/news-sitemap.xml"]  # optional extra sitemaps
allow = ["/20[0-9]{2}/"]        # optional: only URLs matching one of these are exported
deny = ["/video/", "/live/"]   # optional: URLs matching any of these are never requested
boilerplate = ["Sign up for the Morning Brief"]  # optional: phrases removed from text
boilerplate_selectors = [".promo", "aside.newsletter"]  # optional: elements removed (CSS)
"""


@dataclass(frozen=True)
class SiteConfig:
    """One site to crawl: its home page and optional extra entry points and URL rules."""

    url: str
    start_urls: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    allow: tuple[re.Pattern[str], ...] = ()
    deny: tuple[re.Pattern[str], ...] = ()
    boilerplate: tuple[str, ...] = ()
    boilerplate_selectors: tuple[str, ...] = ()
    key: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", site_of(self.url))

    def owns(self, url: str) -> bool:
        """True when the URL is on this site's own host (with or without www.)."""
        return urlsplit(url).scheme in {"http", "https"} and site_of(url) == self.key

    def may_request(self, url: str) -> bool:
        """True when navigation may fetch this URL: on the site and not denied."""
        return self.owns(url) and not any(pattern.search(url) for pattern in self.deny)

    def may_export(self, url: str) -> bool:
        """True when a page at this URL may be exported (the allow patterns, if any)."""
        return not self.allow or any(pattern.search(url) for pattern in self.allow)


def _check_url(value: object, where: str) -> str:
    if not isinstance(value, str) or urlsplit(value.strip()).scheme not in {"http", "https"}:
        raise UsageError(f"{where}: {value!r} is not an http(s) URL, e.g. https://www.example.com/")
    url = value.strip()
    return url if urlsplit(url).path else url + "/"


def _strings(entry: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = entry.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise UsageError(f"{where}: '{key}' must be a list of strings")
    return tuple(value)


def _patterns(entry: dict[str, Any], key: str, where: str) -> tuple[re.Pattern[str], ...]:
    try:
        return tuple(re.compile(text) for text in _strings(entry, key, where))
    except re.error as error:
        raise UsageError(f"{where}: '{key}' has an invalid regular expression: {error}") from error


def _selectors(entry: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    selectors = _strings(entry, key, where)
    for selector in selectors:
        try:
            css_xpath(selector)
        except SelectorError as error:
            raise UsageError(
                f"{where}: '{key}' has an invalid CSS selector {selector!r}: {error}"
            ) from error
    return selectors


def site_from_entry(entry: dict[str, Any], where: str) -> SiteConfig:
    """Build and validate one site from a sites-file table."""
    unknown = sorted(set(entry) - set(SITE_KEYS))
    if unknown:
        raise UsageError(f"{where}: unknown key(s) {unknown}; allowed: {', '.join(SITE_KEYS)}")
    if "url" not in entry:
        raise UsageError(f"{where}: 'url' (the site's home page) is required")
    url = _check_url(entry["url"], where)
    return SiteConfig(
        url=url,
        start_urls=tuple(
            _check_url(urljoin(url, u), where) for u in _strings(entry, "start_urls", where)
        ),
        feeds=tuple(_check_url(urljoin(url, u), where) for u in _strings(entry, "feeds", where)),
        sitemaps=tuple(
            _check_url(urljoin(url, u), where) for u in _strings(entry, "sitemaps", where)
        ),
        allow=_patterns(entry, "allow", where),
        deny=_patterns(entry, "deny", where),
        boilerplate=_strings(entry, "boilerplate", where),
        boilerplate_selectors=_selectors(entry, "boilerplate_selectors", where),
    )


def load_sites_file(path: str) -> list[SiteConfig]:
    """Read a TOML sites file: one [[site]] table per site."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise UsageError(f"-a sites={path}: cannot read the file ({error.strerror})") from error
    except tomllib.TOMLDecodeError as error:
        raise UsageError(f"-a sites={path}: not valid TOML ({error})") from error
    tables = data.get("site")
    extra = sorted(set(data) - {"site"})
    if extra or not isinstance(tables, list) or not tables:
        raise UsageError(
            f"-a sites={path}: expected one or more [[site]] tables, like:\n{SITES_FILE_EXAMPLE}"
        )
    return [site_from_entry(entry, f"{path} [[site]] #{n}") for n, entry in enumerate(tables, 1)]


def resolve_sites(site: str | None, sites: str | None) -> list[SiteConfig]:
    """The sites of a crawl from the spider arguments; a usage error explains what is allowed."""
    if not site and not sites:
        raise UsageError(
            "tell the spider what to crawl: -a site=https://www.example-news.com/ "
            "(several: comma separated) or -a sites=sites.toml"
        )
    configs: list[SiteConfig] = []
    if site:
        configs += [
            SiteConfig(url=_check_url(part, "-a site")) for part in site.split(",") if part.strip()
        ]
    if sites:
        configs += load_sites_file(sites)
    unique: dict[str, SiteConfig] = {}
    for config in configs:
        unique.setdefault(config.key, config)
    return list(unique.values())


def sites_from_arguments(
    site: str | None, sites: str | None, others: dict[str, Any], *, required: bool = True
) -> list[SiteConfig]:
    """The sites the -a arguments name; a UsageError for any other argument, listing the allowed."""
    # Scrapyd passes _job and friends; anything else is a typo worth stopping for.
    unknown = sorted(key for key in others if not key.startswith("_"))
    if unknown:
        raise UsageError(
            f"unknown spider argument(s) {unknown}; allowed: -a site=URL[,URL...] "
            "and -a sites=FILE.toml"
        )
    if not required and not (site or sites):
        return []
    return resolve_sites(site, sites)
