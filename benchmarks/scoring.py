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


# --- fundus-dev's method (its README): tokens, titles, author sets ------------------------

_QUOTES = str.maketrans("", "", "\"'`´«»‹›‘’‚‛“”„‟")
_DASHES = re.compile(r"[\u2010-\u2015\u2212-]")


def token_prf(true: str, predicted: str) -> tuple[float, float, float]:
    """Bag-of-tokens precision, recall and F1 of one page (whitespace tokens, multiset)."""
    truth, prediction = Counter(true.split()), Counter(predicted.split())
    common = sum((truth & prediction).values())
    if not common:
        return 0.0, 0.0, 0.0
    precision = common / sum(prediction.values())
    recall = common / sum(truth.values())
    return precision, recall, 2 * precision * recall / (precision + recall)


def fundus_title_key(text: str | None) -> str:
    """NFKC, case folded, whitespace collapsed, quote marks and zero-width marks dropped, dashes
    made one."""
    folded = unicodedata.normalize("NFKC", text or "").casefold().translate(_QUOTES)
    visible = "".join(char for char in folded if unicodedata.category(char) != "Cf")
    return " ".join(_DASHES.sub("-", visible).split())


def fundus_title_matches(predicted: str | None, true: str) -> bool:
    """fundus-dev title check: equal after fundus_title_key."""
    return fundus_title_key(predicted) == fundus_title_key(true)


def author_sets(predicted: Iterable[str], true: Iterable[str]) -> tuple[bool, bool]:
    """fundus-dev author checks: (one name equal to a true one, the two sets equal)."""
    guessed = {" ".join(name.casefold().split()) for name in predicted} - {""}
    truth = {" ".join(name.casefold().split()) for name in true} - {""}
    return bool(guessed & truth), guessed == truth
