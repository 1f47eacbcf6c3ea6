"""Scoring methods of the public benchmarks: AEB's shingle F1 and WCXB's metadata checks."""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence

_TOKEN = re.compile(r"\w+", re.UNICODE)
_SHINGLE = 4

# (tp, fp, fn) of one page, normalised to sum to 1 so every page weighs the same.
PageCounts = tuple[float, float, float]


def _shingles(text: str) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    count = max(1, len(tokens) - _SHINGLE + 1)
    return Counter(shingle for i in range(count) if (shingle := tuple(tokens[i : i + _SHINGLE])))


def page_counts(true: str, predicted: str) -> PageCounts:
    """AEB's per-page tp/fp/fn over 4-token shingles (multiset), normalised by their sum."""
    truth, prediction = _shingles(true), _shingles(predicted)
    tp = float(sum((truth & prediction).values()))
    fp = float(sum((prediction - truth).values()))
    fn = float(sum((truth - prediction).values()))
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fp == 0 else tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fn == 0 else tp / (tp + fn)


def precision_recall_f1(pages: Sequence[PageCounts]) -> tuple[float, float, float]:
    """Mean precision and recall over pages (AEB's rules), and F1 of those two means."""
    precision = statistics.mean(_precision(*c) for c in pages if c[0] + c[1] > 0)
    recall = statistics.mean(_recall(*c) for c in pages if c[0] + c[2] > 0)
    return precision, recall, 2 * precision * recall / (precision + recall)


def normalise_title(text: str | None) -> str:
    """Case, punctuation and spacing ignored."""
    folded = unicodedata.normalize("NFKC", text or "").casefold()
    return " ".join(_TOKEN.findall(folded))


def title_matches(predicted: str | None, true: str) -> bool:
    """WCXB title check: equal after normalisation."""
    return normalise_title(predicted) == normalise_title(true)


def author_matches(predicted: Iterable[str], true: str) -> bool:
    """WCXB author check: one extracted name is contained in the true author string."""
    truth = normalise_title(true)
    return any(name and normalise_title(name) in truth for name in predicted)


def date_matches(predicted: str | None, true: str) -> bool:
    """WCXB date check: the same calendar day."""
    return bool(predicted) and str(predicted)[:10] == true[:10]
