"""The health checks of a crawl (the monitors' rules) and what changed since earlier runs."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from newsspider.report.tally import ERROR_PREFIXES, NOT_ARTICLE, median


@dataclass(frozen=True)
class Thresholds:
    """The NEWSSPIDER_MONITORS_* settings (defaults in newsspider/settings.py)."""

    field_coverage: Mapping[str, float] = field(default_factory=dict)
    article_share_ratio: float = 0.5
    min_new_pages: int = 10
    max_bad_input_share: float = 0.2
    max_error_share: float = 0.2


@dataclass(frozen=True)
class Problem:
    """A failed check: the site (empty for the whole crawl), the figure, and what is wrong."""

    site: str
    check: str
    figure: str
    message: str

    def as_dict(self) -> dict[str, str]:
        """The problem in the report's JSON."""
        return {
            "site": self.site,
            "check": self.check,
            "figure": self.figure,
            "message": self.message,
        }


def new_page_share(figures: Mapping[str, Any]) -> float | None:
    """Of the pages new to a run that could be articles, the share exported (None: none new)."""
    new = int(figures.get("new_pages") or 0)
    return int(figures.get("new_exported") or 0) / new if new else None


def check_articles(
    site: str, figures: Mapping[str, Any], earlier: Sequence[Mapping[str, Any]], t: Thresholds
) -> list[Problem]:
    """The share of new pages exported has not collapsed against the site's earlier runs."""
    share = new_page_share(figures)
    if share is None or int(figures["new_pages"]) < t.min_new_pages:
        return []  # nothing (or too little) new: an incremental run that finds nothing is normal
    before = median(
        [s for f in earlier if int(f.get("new_pages") or 0) >= t.min_new_pages
         if (s := new_page_share(f)) is not None]
    )  # fmt: skip
    if before is None or share >= before * t.article_share_ratio:
        return []
    message = (
        f"{figures['new_exported']} of {figures['new_pages']} new pages exported as articles "
        f"({share:.0%}), against {before:.0%} in earlier runs"
    )
    return [Problem(site, "articles", "new_page_share", message)]


def check_coverage(site: str, figures: Mapping[str, Any], t: Thresholds) -> list[Problem]:
    """Each field is in at least its threshold share of the site's exported records."""
    if not figures.get("articles_exported"):
        return []
    problems = []
    for name, wanted in sorted(t.field_coverage.items()):
        missing = figures["missing_share"].get(name)
        if missing is None:
            continue
        coverage = 1 - missing
        if coverage < wanted:
            records = figures["articles_exported"]
            message = f"{name} in {coverage:.0%} of {records} records, below {wanted:.0%}"
            problems.append(Problem(site, "coverage", f"coverage/{name}", message))
    return problems


def error_count(figures: Mapping[str, Any]) -> int:
    """Failed requests: HTTP errors, network errors, redirect loops, oversized bodies."""
    return sum(n for kind, n in figures["bad_inputs"].items() if kind.startswith(ERROR_PREFIXES))


def check_ratios(site: str, figures: Mapping[str, Any], t: Thresholds) -> list[Problem]:
    """Bad inputs (per response) and failed requests (per request) under their thresholds."""
    problems = []
    errors = error_count(figures)
    bad = sum(figures["bad_inputs"].values()) - errors
    responses = sum(figures["responses"].values())
    requests = int(figures["requests"]) or responses
    for check, count, whole, limit in (
        ("bad_input", bad, responses, t.max_bad_input_share),
        ("errors", errors, requests, t.max_error_share),
    ):
        if whole and count / whole > limit:
            message = f"{count} of {whole} ({count / whole:.0%}), over {limit:.0%}"
            problems.append(Problem(site, check, f"{check}_share", message))
    return problems


def check_site(
    site: str, figures: Mapping[str, Any], earlier: Sequence[Mapping[str, Any]], t: Thresholds
) -> list[Problem]:
    """Every per-site check of one run."""
    return [
        *check_articles(site, figures, earlier, t),
        *check_coverage(site, figures, t),
        *check_ratios(site, figures, t),
    ]


def check_finish(reason: str | None) -> list[Problem]:
    """The crawl finished on its own (not cancelled, shut down or out of memory)."""
    if reason == "finished":
        return []
    return [Problem("", "finish_reason", "finish_reason", f"crawl ended with {reason!r}")]


def trend(figures: Mapping[str, Any], min_new_pages: int) -> dict[str, float | int | None]:
    """The figures compared from run to run (shares of new pages from `min_new_pages` on)."""
    new = int(figures.get("new_pages") or 0)
    skipped = figures.get("skipped") or {}
    not_article = sum(int(skipped.get(reason, 0)) for reason in NOT_ARTICLE)
    return {
        "articles_exported": int(figures.get("articles_exported") or 0),
        "new_pages": new,
        "missing_published_share": (figures.get("missing_share") or {}).get("published"),
        "bad_inputs": sum((figures.get("bad_inputs") or {}).values()),
        "not_article_share": round(not_article / new, 4) if new >= max(min_new_pages, 1) else None,
    }


def changes(
    now: Mapping[str, Any], earlier: Sequence[Mapping[str, Any]], min_new_pages: int
) -> list[str]:
    """Jumps against the median of earlier runs worth a look (empty: nothing stands out)."""
    if not earlier:
        return []
    current = trend(now, min_new_pages)
    before = [trend(f, min_new_pages) for f in earlier]
    notes = []

    def typical(name: str) -> float | None:
        return median([float(v) for t in before if (v := t[name]) is not None])

    exported = typical("articles_exported")
    if not current["articles_exported"] and exported and current["not_article_share"] is not None:
        notes.append(f"no articles exported from {current['new_pages']} new pages "
                     f"(earlier runs: {exported:g} articles)")  # fmt: skip
    for name, label in (("missing_published_share", "missing dates"),
                        ("not_article_share", "new pages skipped as not articles")):  # fmt: skip
        value, usual = current[name], typical(name)
        if value is not None and usual is not None and value - usual >= 0.25:
            notes.append(f"{label} {usual:.0%} → {value:.0%}")
    bad, usual_bad = int(current["bad_inputs"] or 0), typical("bad_inputs")
    if usual_bad is not None and bad >= 2 * usual_bad + 5:
        notes.append(f"bad inputs {usual_bad:g} → {bad}")
    return notes
