"""SiteTally: one site's counters during a crawl, and the figures the report shows from them."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

# Problem classes whose first URLs are kept as samples (a counter key starting so).
SAMPLED = ("pages/skipped/", "bad_input/", "missing/published")
SAMPLES_PER_CLASS = 3
# Skip reasons of pages that could have been articles (not navigation, not refused).
NOT_ARTICLE = ("too_short", "no_article_signal", "no_text", "no_title")
# Bad inputs that are failed requests rather than broken content.
ERROR_PREFIXES = ("http_", "network/", "redirect_loop", "too_large")
COVERED_FIELDS = ("title", "published", "authors", "image", "description")
WORD_BUCKETS = (200, 400, 600, 800, 1000, 1500)
FRESH_WINDOW = timedelta(days=7)


def status_class(status: int) -> str:
    """The report's column for an HTTP status: 403 and 429 on their own, else 2xx, 3xx, ..."""
    return str(status) if status in (403, 429) else f"{status // 100}xx"


def word_bucket(words: int) -> str:
    """The word-count histogram bucket a record falls in."""
    low = 0
    for high in WORD_BUCKETS:
        if words < high:
            return f"{low}-{high - 1}"
        low = high
    return f"{low}+"


def percentile(values: list[float], share: float) -> float | None:
    """The nearest-rank percentile (share 0.5 for the median), None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, round(share * len(ordered) + 0.5 - 1e-9))
    return ordered[min(rank, len(ordered)) - 1]


@dataclass
class SiteTally:
    """Counters of one site, keyed like the crawl's stats (`pages/skipped/too_short`, ...)."""

    counters: Counter[str] = field(default_factory=Counter)
    samples: dict[str, list[str]] = field(default_factory=dict)
    latencies_s: list[float] = field(default_factory=list)
    extraction_s: list[float] = field(default_factory=list)
    word_counts: list[int] = field(default_factory=list)
    freshness_h: list[float] = field(default_factory=list)

    def count(self, key: str, url: str | None = None, count: int = 1) -> None:
        """Add to a counter; the URL is kept as a sample of its problem class (at most three)."""
        self.counters[key] += count
        if url is not None and key.startswith(SAMPLED):
            kept = self.samples.setdefault(key, [])
            if len(kept) < SAMPLES_PER_CLASS and url not in kept:
                kept.append(url)

    def response(self, status: int, size: int, latency_s: float | None, page: bool) -> None:
        """A response: its status class, its bytes, its download latency; a page if `page`."""
        self.count(f"responses/{status_class(status)}")
        self.count("bytes", count=size)
        if page and 200 <= status < 300:
            self.count("pages/fetched")
        if latency_s is not None:
            self.latencies_s.append(latency_s)

    def record(self, record: dict[str, Any]) -> None:
        """An exported record: its revision, field coverage, date source, length, freshness."""
        self.count("articles")
        self.count("revisions" if record.get("revision", 1) > 1 else "dedupe/exported/new")
        for name in COVERED_FIELDS:
            if not record.get(name):
                self.count(f"missing/{name}", record.get("url"))
        self.count(f"published_source/{record.get('published_source') or 'none'}")
        self.word_counts.append(int(record.get("word_count") or 0))
        fresh = _freshness_h(record.get("published"), record.get("fetched_at"))
        if fresh is not None:
            self.freshness_h.append(fresh)

    def figures(self) -> dict[str, Any]:
        """The site's figures for the report's JSON (`sites.<site>`)."""
        c = self.counters
        articles = c["articles"]
        skipped = _under(c, "pages/skipped/")
        return {
            "requests": c["requests"],
            "responses": _under(c, "responses/"),
            "robots_disallowed": skipped.get("robots_forbidden", 0),
            "sitemaps_read": sum(_under(c, "discovery/sitemap/").get(k, 0) for k in SITEMAP_KINDS),
            "sitemap_urls": c["discovery/sitemap/urls"],
            "feeds_read": c["discovery/feed/read"],
            "feed_urls": c["discovery/feed/urls"],
            "pages_fetched": c["pages/fetched"],
            "articles_exported": articles,
            "revisions": c["revisions"],
            "skipped": skipped,
            "bad_inputs": _under(c, "bad_input/"),
            "duplicates": _under(c, "dedupe/dropped/"),
            "short_or_empty": skipped.get("too_short", 0)
            + skipped.get("no_text", 0)
            + c["bad_input/empty"],
            "missing_share": {
                name: _share(c[f"missing/{name}"], articles) for name in COVERED_FIELDS
            },
            "published_source": _under(c, "published_source/"),
            "word_count_median": _rounded(percentile([float(w) for w in self.word_counts], 0.5)),
            "word_count_histogram": dict(Counter(map(word_bucket, self.word_counts))),
            "furniture_removed": sum(_under(c, "cleaning/removed/").values())
            + c["boilerplate/removed"],
            "freshness_median_hours": _rounded(percentile(self.freshness_h, 0.5), 1),
            "download_latency_ms": _p50_p95(self.latencies_s),
            "extraction_ms": _p50_p95(self.extraction_s),
            "bytes_downloaded": c["bytes"],
            "worker_timeouts": c["workers/timeout"],
            "worker_crashes": c["workers/crashed"],
            "new_pages": c["dedupe/exported/new"]
            + sum(skipped.get(reason, 0) for reason in NOT_ARTICLE)
            + sum(v for k, v in _under(c, "dedupe/dropped/").items() if k != "url"),
            "new_exported": c["dedupe/exported/new"],
            "samples": {key: list(urls) for key, urls in sorted(self.samples.items())},
        }


SITEMAP_KINDS = ("urlset", "sitemapindex")


def _under(counters: Counter[str], prefix: str) -> dict[str, int]:
    return {
        key.removeprefix(prefix): value
        for key, value in sorted(counters.items())
        if key.startswith(prefix) and value
    }


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _rounded(value: float | None, digits: int = 0) -> float | None:
    if value is None:
        return None
    return round(value, digits) if digits else float(round(value))


def _p50_p95(seconds: list[float]) -> dict[str, float | None]:
    return {
        "p50": _rounded(_ms(percentile(seconds, 0.5)), 1),
        "p95": _rounded(_ms(percentile(seconds, 0.95)), 1),
    }


def _ms(seconds: float | None) -> float | None:
    return None if seconds is None else seconds * 1000


def _freshness_h(published: Any, fetched: Any) -> float | None:
    """Hours from publication to fetch, for articles published in the 7 days before the fetch."""
    if not isinstance(published, str) or not isinstance(fetched, str):
        return None
    try:
        age = datetime.fromisoformat(fetched) - datetime.fromisoformat(published)
    except (TypeError, ValueError):  # a date without a time zone against one with
        return None
    if timedelta(0) <= age <= FRESH_WINDOW:
        return age.total_seconds() / 3600
    return None


def median(values: list[float]) -> float | None:
    """The median of some figures, None for none."""
    return statistics.median(values) if values else None


@dataclass
class CrawlTally:
    """Every site's tally in one crawl, its earlier runs, and what the monitors found."""

    sites: dict[str, SiteTally] = field(default_factory=dict)
    earlier: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    final: dict[str, dict[str, Any]] = field(default_factory=dict)
    problems: list[Any] = field(default_factory=list)
    monitored: bool = False

    def site(self, key: str) -> SiteTally:
        """The site's tally, started on first use."""
        if key not in self.sites:
            self.sites[key] = SiteTally()
        return self.sites[key]
