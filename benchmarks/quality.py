"""`make bench-quality`: newsspider.extract_article against trafilatura on AEB, WCXB, fundus.

Prints, for both extractors measured in the same run: main-content precision, recall and F1
(AEB's method; fundus-dev's bag of tokens there), pages per second, and on WCXB and fundus-dev
the share of pages with the right title, authors and publication date, each set scored by its
own README's method.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import trafilatura
from trafilatura.settings import Document

from benchmarks.scoring import (
    PageCounts,
    author_matches,
    author_sets,
    date_matches,
    fundus_title_matches,
    page_counts,
    precision_recall_f1,
    title_matches,
    token_prf,
)
from newsspider import extract_article
from newsspider.workers.warmup import warm_up


@dataclass(frozen=True)
class Page:
    """One benchmark page with its truth."""

    url: str
    html: bytes | str
    body: str
    title: str | None = None
    author: str | None = None
    date: str | None = None
    method: str = "aeb"  # whose scoring: "aeb" (body only), "wcxb" or "fundus"
    authors: tuple[str, ...] = ()  # fundus-dev's true author list


@dataclass(frozen=True)
class Prediction:
    """What an extractor said about a page."""

    text: str
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    date: str | None = None


def aeb_pages(root: Path) -> Iterator[Page]:
    """The AEB pages: html/<id>.html.gz and ground-truth.json."""
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    for key, entry in sorted(truth.items()):
        html = gzip.decompress((root / "html" / f"{key}.html.gz").read_bytes())
        yield Page(url=entry["url"], html=html, body=entry["articleBody"])


def wcxb_pages(root: Path) -> Iterator[Page]:
    """The WCXB pages: html/<id>.html.gz and ground-truth/<id>.json."""
    for path in sorted((root / "ground-truth").glob("*.json")):
        entry = json.loads(path.read_text(encoding="utf-8"))
        truth = entry["ground_truth"]
        html = gzip.decompress((root / "html" / f"{path.stem}.html.gz").read_bytes())
        yield Page(
            url=entry["url"],
            html=html,
            body=truth.get("main_content") or "",
            title=truth.get("title"),
            author=truth.get("author"),
            date=truth.get("publish_date"),
            method="wcxb",
        )


def fundus_pages(root: Path) -> Iterator[Page]:
    """The fundus-dev pages: pages/<key>.html.gz (decoded text, as its README says) and truth."""
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    for key, entry in sorted(truth.items()):
        html = gzip.decompress((root / "pages" / f"{key}.html.gz").read_bytes())
        yield Page(
            url=entry["url"],
            html=html.decode("utf-8"),
            body=entry["body"] or "",
            title=entry.get("title"),
            date=entry.get("publishing_date"),
            method="fundus",
            authors=tuple(entry.get("authors") or ()),
        )


def newsspider_extractor(page: Page) -> Prediction:
    """newsspider.extract_article; a page it does not take for an article predicts nothing."""
    record = extract_article(page.html, page.url)
    if record is None:
        return Prediction(text="")
    return Prediction(
        text=str(record["text"]),
        title=record["title"],  # type: ignore[arg-type]
        authors=list(record["authors"]),  # type: ignore[call-overload]
        date=record["published"],  # type: ignore[arg-type]
    )


def trafilatura_extractor(page: Page) -> Prediction:
    """trafilatura 2.3.1 as the benchmarks run it: include_comments=False; metadata but on AEB."""
    document = trafilatura.bare_extraction(
        page.html, url=page.url, include_comments=False, with_metadata=page.method != "aeb"
    )
    if not isinstance(document, Document):
        return Prediction(text="")
    return Prediction(
        text=document.text or "",
        title=document.title,
        # The WCXB README's method: trafilatura's ";"-joined authors split, nothing else. Our
        # own byline parser would clean its names too and move its figure with our code.
        authors=[name.strip() for name in (document.author or "").split(";") if name.strip()],
        date=document.date,
    )


@dataclass
class Score:
    """Figures of one extractor on one page set."""

    counts: list[PageCounts] = field(default_factory=list)
    tokens: list[tuple[float, float, float]] = field(default_factory=list)
    seconds: float = 0.0
    titles: list[bool] = field(default_factory=list)
    authors: list[bool] = field(default_factory=list)
    exact: list[bool] = field(default_factory=list)
    dates: list[bool] = field(default_factory=list)

    def add(self, page: Page, prediction: Prediction, seconds: float) -> None:
        """Score one page by its set's method."""
        self.seconds += seconds
        if page.method == "fundus":
            self.tokens.append(token_prf(page.body, prediction.text))
            if page.title:
                self.titles.append(fundus_title_matches(prediction.title, page.title))
            if page.authors:
                overlap, exact = author_sets(prediction.authors, page.authors)
                self.authors.append(overlap)
                self.exact.append(exact)
        else:
            self.counts.append(page_counts(page.body, prediction.text))
            if page.title:
                self.titles.append(title_matches(prediction.title, page.title))
            if page.author:
                self.authors.append(author_matches(prediction.authors, page.author))
        if page.date:
            self.dates.append(date_matches(prediction.date, page.date))

    def line(self, name: str) -> str:
        """One printed row."""
        if self.tokens:  # fundus-dev: the per-page figures averaged
            columns = zip(*self.tokens, strict=True)
            precision, recall, f1 = (statistics.mean(column) for column in columns)
        else:
            precision, recall, f1 = precision_recall_f1(self.counts)
        rate = (len(self.counts) + len(self.tokens)) / self.seconds if self.seconds else 0.0
        row = f"  {name:<12} P={precision:.3f} R={recall:.3f} F1={f1:.3f}  {rate:6.1f} pages/s"
        author = "authors overlap" if self.exact else "author"
        for label, hits in (
            ("title", self.titles),
            (author, self.authors),
            ("exact", self.exact),
            ("date", self.dates),
        ):
            if hits:
                row += f"  {label} {sum(hits) / len(hits):5.1%}"
        return row


Extractor = Callable[[Page], Prediction]
EXTRACTORS: dict[str, Extractor] = {
    "newsspider": newsspider_extractor,
    "trafilatura": trafilatura_extractor,
}


# Pages each extractor runs once, untimed, before the timed pass. Pages per second is meant as
# the steady rate of a long run: one-time set-up (tables and caches that dateparser, htmldate,
# justext and trafilatura build on first use) is paid once per crawl worker, before its first
# page, by the forkserver's warm-up, and would otherwise weigh on a 181-page set. So the
# forkserver's warm-up runs first (it warms the libraries both extractors use), then the pages.
WARMUP_PAGES = 20


def measure(pages: list[Page]) -> dict[str, Score]:
    """Run every extractor over the pages (alternating per page, so load affects both alike)."""
    warm_up()
    for page in pages[:WARMUP_PAGES]:
        for extractor in EXTRACTORS.values():
            extractor(page)
    scores = {name: Score() for name in EXTRACTORS}
    for page in pages:
        for name, extractor in EXTRACTORS.items():
            started = time.perf_counter()
            prediction = extractor(page)
            scores[name].add(page, prediction, time.perf_counter() - started)
    return scores


def main() -> None:
    """Parse arguments, run the sets, print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--aeb", type=Path, default=Path("../shared/bench/aeb"))
    parser.add_argument("--wcxb", type=Path, default=Path("../shared/bench/wcxb-dev"))
    parser.add_argument("--fundus", type=Path, default=Path("../shared/bench/fundus-dev"))
    parser.add_argument("--limit", type=int, default=0, help="only the first N pages of each set")
    parser.add_argument("--only", choices=("aeb", "wcxb", "fundus"), help="run one set only")
    args = parser.parse_args()
    for name, loader, root in (
        ("AEB", aeb_pages, args.aeb),
        ("WCXB-dev", wcxb_pages, args.wcxb),
        ("fundus-dev", fundus_pages, args.fundus),
    ):
        key = name.split("-")[0].lower()
        if args.only and args.only != key:
            continue
        if not root.exists():
            print(f"{name}: {root} not found, skipped (pass --{key} PATH)")
            continue
        pages = list(loader(root))[: args.limit or None]
        print(f"{name}: {len(pages)} pages from {root}")
        for extractor, score in measure(pages).items():
            print(score.line(extractor))


if __name__ == "__main__":
    main()
