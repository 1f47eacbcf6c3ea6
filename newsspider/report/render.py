"""The report: figures, history and checks into one JSON document and one HTML file."""

from __future__ import annotations

import base64
import hashlib
import json
from collections import Counter
from collections.abc import Mapping, Sequence
from html import escape
from pathlib import Path
from typing import Any

from newsspider.report import charts
from newsspider.report.checks import Problem, changes, trend

REPORT_VERSION = 1
OUTCOMES = ("exported", "duplicates", "skipped", "bad inputs")
# Sorting by a click on a column head; the page reads the same without it (and in print).
SORT_SCRIPT = (
    "document.querySelectorAll('th').forEach((th,i)=>th.addEventListener('click',()=>{"
    "const b=th.closest('table').tBodies[0],d=th.dataset.dir=th.dataset.dir==='a'?'d':'a';"
    "[...b.rows].sort((x,y)=>{const p=x.cells[i].dataset.v??x.cells[i].textContent,"
    "q=y.cells[i].dataset.v??y.cells[i].textContent,n=parseFloat(p)-parseFloat(q);"
    "const r=isNaN(n)?p.localeCompare(q):n;return d==='a'?r:-r}).forEach(r=>b.append(r))}));"
)
_SCRIPT_HASH = base64.b64encode(hashlib.sha256(SORT_SCRIPT.encode()).digest()).decode()
# Nothing may be loaded from anywhere: no connection, font, image or frame; only this page's
# own styles and its one sorting script (by its hash).
CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    f"script-src 'sha256-{_SCRIPT_HASH}'; base-uri 'none'; form-action 'none'"
)
STYLE = """
body{font:13px/1.4 sans-serif;margin:1.5em;color:#222}
table{border-collapse:collapse;font-size:12px}
th,td{border:1px solid #ccc;padding:2px 5px;text-align:right;white-space:nowrap}
th{background:#eef2f5;cursor:pointer;white-space:normal;vertical-align:bottom}
td.site,th.site{text-align:left}.wide{overflow-x:auto}
.look{background:#fdecea;border-left:4px solid #c0392b;padding:.4em .8em}
section.site{page-break-inside:avoid;margin:1em 0}
@media print{@page{size:landscape}body{margin:0;font-size:9px}table{font-size:8px}
.wide{overflow:visible}th{cursor:auto}}
"""


def site_report(
    figures: Mapping[str, Any],
    earlier: Sequence[Mapping[str, Any]],
    problems: Sequence[Problem],
    min_new_pages: int,
) -> dict[str, Any]:
    """A site's section of the report: its figures, trend over earlier runs, changes, problems."""
    return {
        **figures,
        "history": [trend(f, min_new_pages) for f in [*earlier, figures]],
        "changes": changes(figures, earlier, min_new_pages),
        "problems": [p.as_dict() for p in problems],
    }


def build_report(
    sites: Mapping[str, dict[str, Any]],
    problems: Sequence[Problem],
    crawl: Mapping[str, Any] | None,
) -> dict[str, Any]:
    """The whole report: `sites.<site>` from site_report, the monitors' failures, the crawl."""
    look = sorted(site for site, data in sites.items() if data["changes"] or data["problems"])
    return {
        "report_version": REPORT_VERSION,
        "crawl": dict(crawl) if crawl else None,
        "monitors": {"failed": [p.as_dict() for p in problems]},
        "needs_a_look": look,
        "sites": dict(sorted(sites.items())),
    }


def write_report(report: Mapping[str, Any], html_path: Path) -> Path:
    """Write the HTML file and the JSON beside it (same name, .json); the JSON's path."""
    html_path.parent.mkdir(parents=True, exist_ok=True)
    json_path = html_path.with_suffix(".json")
    for path, text in ((html_path, render_html(report)), (json_path, to_json(report))):
        partial = path.with_name(path.name + ".part")
        partial.write_text(text, encoding="utf-8")
        partial.replace(path)
    return json_path


def to_json(report: Mapping[str, Any]) -> str:
    """The report as JSON text."""
    return json.dumps(report, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


# --- HTML -------------------------------------------------------------------------------------

COLUMNS: tuple[tuple[str, str], ...] = (
    ("articles_exported", "exported"),
    ("pages_fetched", "pages"),
    ("requests", "requests"),
    ("responses/2xx", "2xx"),
    ("responses/3xx", "3xx"),
    ("responses/403", "403"),
    ("responses/429", "429"),
    ("responses/4xx", "other 4xx"),
    ("responses/5xx", "5xx"),
    ("robots_disallowed", "robots"),
    ("sitemaps_read", "sitemaps"),
    ("sitemap_urls", "sitemap URLs"),
    ("feeds_read", "feeds"),
    ("feed_urls", "feed URLs"),
    ("revisions", "revisions"),
    ("skipped", "skipped"),
    ("bad_inputs", "bad inputs"),
    ("duplicates", "duplicates"),
    ("short_or_empty", "short/empty"),
    ("missing_share/published", "no date"),
    ("missing_share/authors", "no authors"),
    ("missing_share/image", "no image"),
    ("missing_share/description", "no descr."),
    ("word_count_median", "words p50"),
    ("furniture_removed", "furniture"),
    ("freshness_median_hours", "fresh h p50"),
    ("download_latency_ms/p50", "dl ms p50"),
    ("download_latency_ms/p95", "dl ms p95"),
    ("extraction_ms/p50", "extr ms p50"),
    ("extraction_ms/p95", "extr ms p95"),
    ("bytes_downloaded", "KiB"),
    ("worker_timeouts", "timeouts"),
    ("worker_crashes", "crashes"),
)


def _value(data: Mapping[str, Any], key: str) -> Any:
    head, _, tail = key.partition("/")
    value = data.get(head)
    if tail:
        return value.get(tail, 0) if isinstance(value, Mapping) else None
    return sum(value.values()) if isinstance(value, Mapping) else value


def _cell(key: str, value: Any) -> str:
    if value is None:
        return '<td data-v="-1">–</td>'
    if key.startswith("missing_share/"):
        return f'<td data-v="{value}">{value:.0%}</td>'
    if key == "bytes_downloaded":
        return f'<td data-v="{value}">{value / 1024:.0f}</td>'
    shown = f"{value:g}" if isinstance(value, float) else str(value)
    return f'<td data-v="{value}" class="{escape(key.replace("/", "-"))}">{shown}</td>'


def _row(site: str, data: Mapping[str, Any]) -> str:
    history = [int(run["articles_exported"] or 0) for run in data["history"]]
    spark = charts.sparkline(history, f"{site}: articles per run, last {len(history)} runs")
    cells = "".join(_cell(key, _value(data, key)) for key, _ in COLUMNS)
    return (
        f'<tr data-site="{escape(site)}"><td class="site">{escape(site)}</td>'
        f'<td data-v="{history[-1] if history else 0}">{spark}</td>{cells}</tr>'
    )


def _counts(title: str, counts: Mapping[str, int]) -> str:
    if not counts:
        return ""
    items = ", ".join(f"{escape(k)} {v}" for k, v in sorted(counts.items()))
    return f"<li>{escape(title)}: {items}</li>"


def _site_section(site: str, data: Mapping[str, Any]) -> str:
    samples = "".join(
        f"<li>{escape(kind)}: " + ", ".join(f"<code>{escape(u)}</code>" for u in urls) + "</li>"
        for kind, urls in data["samples"].items()
    )
    notes = "".join(f"<li>{escape(note)}</li>" for note in data["changes"])
    failed = "".join(f"<li>monitor failed: {escape(p['message'])}</li>" for p in data["problems"])
    return (
        f'<section class="site"><h3>{escape(site)}</h3><ul>{failed}{notes}'
        + _counts("skipped", data["skipped"])
        + _counts("bad inputs", data["bad_inputs"])
        + _counts("duplicates", data["duplicates"])
        + _counts("published from", data["published_source"])
        + (f"<li>samples<ul>{samples}</ul></li>" if samples else "")
        + "</ul></section>"
    )


def _outcomes(data: Mapping[str, Any]) -> list[int]:
    return [
        int(data["articles_exported"]),
        sum(data["duplicates"].values()),
        sum(data["skipped"].values()),
        sum(data["bad_inputs"].values()),
    ]


def _subtitle(crawl: Mapping[str, Any] | None) -> str:
    if not crawl:
        return "From the run history in the state store (scrapy report)."
    monitors = "monitors ran" if crawl["monitors_ran"] else "monitors off"
    return (
        f"spider {crawl['spider']} · started {crawl['started_at']} · finished "
        f"{crawl['finished_at']} · finish reason {crawl['finish_reason']} · {monitors}"
    )


def _notes(data: Mapping[str, Any]) -> list[str]:
    return [*(p["message"] for p in data["problems"]), *data["changes"]]


def render_html(report: Mapping[str, Any]) -> str:
    """One self-contained HTML page: a sortable row per site, charts as inline SVG."""
    sites: Mapping[str, Mapping[str, Any]] = report["sites"]
    # Sites that need a look first, then by name.
    order = sorted(sites, key=lambda s: (s not in report["needs_a_look"], s))
    heads = "".join(f"<th>{escape(label)}</th>" for _, label in COLUMNS)
    rows = "".join(_row(site, sites[site]) for site in order)
    words: Counter[str] = Counter()
    sources: Counter[str] = Counter()
    for data in sites.values():
        words.update(data["word_count_histogram"])
        sources.update(data["published_source"])
    buckets = sorted(words, key=lambda b: int(b.split("-")[0].rstrip("+")))
    look = "".join(
        f"<li><b>{escape(s)}</b>: " + "; ".join(map(escape, _notes(sites[s]))) + "</li>"
        for s in report["needs_a_look"]
    )
    crawl_failures = "".join(
        f"<li>{escape(p['message'])}</li>" for p in report["monitors"]["failed"] if not p["site"]
    )
    subtitle = _subtitle(report.get("crawl"))
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>newsspider crawl report</title><style>{STYLE}</style></head>
<body><h1>Crawl report</h1><p>{escape(subtitle)}</p>
{
        f'<div class="look"><h2>Needs a look</h2><ul>{crawl_failures}{look}</ul></div>'
        if look or crawl_failures
        else "<p>Every monitor passed; nothing stands out.</p>"
    }
<h2>Sites</h2>
<div class="wide"><table id="sites"><thead><tr><th class="site">site</th>
<th>articles per run</th>{heads}</tr></thead>
<tbody>{rows}</tbody></table></div>
<h2>Outcomes per site</h2>
{charts.stacked_bars([(s, _outcomes(sites[s])) for s in order], OUTCOMES, "outcomes per site")}
<h2>Word counts of exported articles</h2>
{charts.columns([(b, words[b]) for b in buckets], "word-count distribution")}
<h2>Where <code>published</code> came from</h2>
{charts.bars(sorted(sources.items()), "published_source")}
<h2>Per site</h2>
{"".join(_site_section(site, sites[site]) for site in order)}
<script>{SORT_SCRIPT}</script>
</body></html>
"""
