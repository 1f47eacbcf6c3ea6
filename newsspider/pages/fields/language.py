"""language: detected from the text (py3langid), the page's own declaration kept beside it."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from py3langid.langid import MODEL_FILE, LanguageIdentifier

# Fewer letters than this say too little for a guess to beat what the page declares.
MIN_LETTERS = 40
# Below this probability the guess is unsure (mixed or very short texts): the page's
# declaration wins, if it makes one.
MIN_SCORE = 0.5
# The start of the text decides: a longer sample costs time and changes no answer on
# ../shared/bench/fundus-dev (docs/benchmarks.md, make bench-language).
SAMPLE_CHARS = 1000


@dataclass(frozen=True, slots=True)
class LanguageChoice:
    """The record's language, the detector's probability for it (None: declared) and the page's."""

    language: str | None
    score: float | None
    declared: str | None


@cache
def _identifier() -> Any:
    # Loaded once per process (0.3 s): the model ships inside the package, nothing downloads.
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect(text: str) -> tuple[str, float] | None:
    """The language of the text and its probability, or None for a text with too few letters."""
    sample = text[:SAMPLE_CHARS]
    if sum(char.isalpha() for char in sample) < MIN_LETTERS:
        return None
    code, score = _identifier().classify(sample)
    return str(code), round(float(score), 4)


def choose_language(text: str, declared: str | None) -> LanguageChoice:
    """The text's language when the detector is sure or the page declares none; else the page's."""
    guess = detect(text)
    if guess is not None and (guess[1] >= MIN_SCORE or declared is None):
        return LanguageChoice(guess[0], guess[1], declared)
    return LanguageChoice(declared, None, declared)
