"""The monitors' rules and the report's "what changed", on figures alone (no crawl)."""

from __future__ import annotations

from typing import Any

from newsspider.report.checks import Thresholds, changes, check_articles, check_coverage

RULES = Thresholds(field_coverage={"title": 1.0, "published": 0.9, "authors": 0.5})


def _run(new_pages: int, new_exported: int, missing_published: float = 0.05) -> dict[str, Any]:
    # Shares of no records are None, as in a crawl's figures.
    shares = {"title": 0.0, "published": missing_published, "authors": 0.0}
    return {
        "articles_exported": new_exported,
        "new_pages": new_pages,
        "new_exported": new_exported,
        "pages_fetched": new_pages + 2,
        "skipped": {"too_short": new_pages - new_exported, "home": 1},
        "bad_inputs": {},
        "missing_share": shares if new_exported else dict.fromkeys(shares),
    }


EARLIER = [_run(40, 36), _run(30, 27), _run(0, 0)]


def test_a_run_that_finds_nothing_new_passes_and_a_collapse_fails() -> None:
    assert check_articles("a.example", _run(0, 0), EARLIER, RULES) == []
    assert check_articles("a.example", _run(9, 0), EARLIER, RULES) == []  # too few to judge
    assert check_articles("a.example", _run(40, 30), EARLIER, RULES) == []
    (problem,) = check_articles("a.example", _run(40, 3), EARLIER, RULES)
    assert problem.site == "a.example" and problem.figure == "new_page_share"
    assert problem.message == (
        "3 of 40 new pages exported as articles (8%), against 90% in earlier runs"
    )


def test_coverage_under_its_threshold_fails_per_field() -> None:
    assert check_coverage("a.example", _run(20, 20), RULES) == []
    (problem,) = check_coverage("a.example", _run(20, 20, missing_published=0.6), RULES)
    assert problem.figure == "coverage/published"
    assert problem.message == "published in 40% of 20 records, below 90%"


def test_jumps_against_earlier_runs_need_a_look() -> None:
    assert changes(_run(40, 36, 0.05), EARLIER, 10) == []
    assert changes(_run(40, 36, 0.6), EARLIER, 10) == ["missing dates 5% → 60%"]
    assert changes(_run(40, 0), EARLIER, 10) == [
        "no articles exported from 40 new pages (earlier runs: 27 articles)",
        "new pages skipped as not articles 10% → 100%",
    ]
