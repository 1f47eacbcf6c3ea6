"""signals: cheap per-document quality numbers in the style of the Gopher and C4 rules.

Numbers, not verdicts: docs/record.md gives the thresholds Gopher and C4 apply, for a
downstream filter to choose its own. A text here has one paragraph per line, paragraphs
separated by a blank line.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from functools import cache
from itertools import compress, filterfalse, pairwise, repeat
from operator import eq, lt

from justext import get_stoplist

# Languages (ISO 639-1) of py3langid whose stop-word list justext ships, by justext's name.
_STOPLISTS = {
    "af": "Afrikaans", "ar": "Arabic", "bg": "Bulgarian", "bn": "Bengali", "ca": "Catalan",
    "cs": "Czech", "cy": "Welsh", "da": "Danish", "de": "German", "el": "Greek",
    "en": "English", "eo": "Esperanto", "es": "Spanish", "et": "Estonian", "eu": "Basque",
    "fa": "Persian", "fi": "Finnish", "fr": "French", "ga": "Irish", "gl": "Galician",
    "he": "Hebrew", "hi": "Hindi", "hr": "Croatian", "hu": "Hungarian", "hy": "Armenian",
    "id": "Indonesian", "is": "Icelandic", "it": "Italian", "ka": "Georgian", "kk": "Kazakh",
    "ko": "Korean", "ku": "Kurdish", "ky": "Kyrgyz", "la": "Latin", "lb": "Luxembourgish",
    "lt": "Lithuanian", "lv": "Latvian", "mk": "Macedonian", "ml": "Malayalam",
    "mr": "Marathi", "ms": "Malay", "mt": "Maltese", "ne": "Nepali", "nl": "Dutch",
    "nn": "Norwegian_Nynorsk", "no": "Norwegian_Bokmal", "oc": "Occitan", "pl": "Polish",
    "pt": "Portuguese", "qu": "Quechua", "ro": "Romanian", "ru": "Russian", "sk": "Slovak",
    "sl": "Slovenian", "sq": "Albanian", "sr": "Serbian", "sv": "Swedish", "sw": "Swahili",
    "ta": "Tamil", "te": "Telugu", "tl": "Tagalog", "tr": "Turkish", "uk": "Ukrainian",
    "ur": "Urdu", "vi": "Vietnamese", "wa": "Walloon", "yo": "Yoruba",
}  # fmt: skip
_TERMINAL = tuple(".!?…\"'”’»)。！？")
# What a word loses at both ends before it is compared with stop words and counted in n-grams.
_WORD_EDGES = ".,;:!?\"'()[]«»“”‘’"
SIGNAL_NAMES = (
    "word_count", "mean_word_length", "non_alpha_words_fraction", "symbol_to_word_ratio",
    "terminal_punctuation_lines_fraction", "duplicate_lines_fraction",
    "duplicate_line_chars_fraction", "duplicate_paragraphs_fraction",
    "duplicate_paragraph_chars_fraction", "top_2gram_chars_fraction",
    "top_3gram_chars_fraction", "top_4gram_chars_fraction", "stop_word_count",
)  # fmt: skip


@cache
def _stop_words(language: str) -> frozenset[str]:
    return get_stoplist(_STOPLISTS[language])  # type: ignore[no-any-return]


def _ratio(part: float, whole: float) -> float:
    return round(part / whole, 4) if whole else 0.0


def _duplicates(units: list[str]) -> tuple[float, float]:
    """Share of units repeating an earlier one, and the share of characters they hold."""
    seen: set[str] = set()
    repeated = repeated_chars = 0
    for unit in units:
        if unit in seen:
            repeated += 1
            repeated_chars += len(unit)
        seen.add(unit)
    return _ratio(repeated, len(units)), _ratio(repeated_chars, sum(map(len, units)))


def _top_share(counts: Counter[tuple[str, ...]], words: list[str], n: int, total: int) -> float:
    """Share of total held by the top n-gram in counts, or by words' first if none repeats."""
    top = max(counts.values(), default=0)
    if top > 1:
        # The first key reaching the top count, as most_common(1) would pick it.
        gram = next(compress(counts, map(eq, repeat(top), counts.values())))
    elif len(words) >= n:
        gram, top = tuple(words[:n]), 1
    else:
        return 0.0
    return _ratio(sum(map(len, gram)) * top, total)


def _top_ngram_chars(words: list[str]) -> list[float]:
    """Shares of word characters covered by the most frequent 2-, 3- and 4-gram (Gopher's)."""
    total = sum(map(len, words))
    # pairwise builds the bigrams in C: a Python loop over slices cost more than the rest.
    grams: list[tuple[str, ...]] = list(pairwise(words))
    starts: Sequence[int] = range(len(grams))
    shares = []
    for n in (2, 3, 4):
        counts = Counter(grams)
        shares.append(_top_share(counts, words, n, total))
        if n < 4:
            # An (n+1)-gram repeats only if both n-grams in it repeat, so only those are
            # counted next; they stay in text order, so ties still go to the first to appear.
            repeated = list(compress(starts, map(lt, repeat(1), map(counts.get, grams, repeat(0)))))
            following = set(repeated)
            starts = [start for start in repeated if start + 1 in following]
            grams = [tuple(words[start : start + n + 1]) for start in starts]
    return shares


def text_signals(text: str, language: str | None) -> dict[str, float | int | None]:
    """The signals of one record's text; stop_word_count is None without a list for language."""
    # Per word, map() with str's own methods runs in C: a generator or comprehension per word
    # cost more than the rest of the signals together. Lowering never adds or removes
    # whitespace, so the lowered text splits into the lowered words.
    words = text.split()
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    paragraphs = [part.strip() for part in text.split("\n\n") if part.strip()]
    lowered = list(map(str.strip, text.lower().split(), repeat(_WORD_EDGES)))
    top_2grams, top_3grams, top_4grams = _top_ngram_chars(lowered)
    dup_lines, dup_line_chars = _duplicates(lines)
    dup_paragraphs, dup_paragraph_chars = _duplicates(paragraphs)
    stop_words = None
    if language in _STOPLISTS:
        stop_words = sum(map(_stop_words(language).__contains__, lowered))
    return {
        "word_count": len(words),
        "mean_word_length": _ratio(sum(map(len, words)), len(words)),
        "non_alpha_words_fraction": _ratio(
            # Only words that are not all letters (filtered in C) are looked at letter by letter.
            sum(not any(map(str.isalpha, word)) for word in filterfalse(str.isalpha, words)),
            len(words),
        ),
        "symbol_to_word_ratio": _ratio(
            text.count("#") + text.count("...") + text.count("…"), len(words)
        ),
        "terminal_punctuation_lines_fraction": _ratio(
            sum(line.endswith(_TERMINAL) for line in lines), len(lines)
        ),
        "duplicate_lines_fraction": dup_lines,
        "duplicate_line_chars_fraction": dup_line_chars,
        "duplicate_paragraphs_fraction": dup_paragraphs,
        "duplicate_paragraph_chars_fraction": dup_paragraph_chars,
        "top_2gram_chars_fraction": top_2grams,
        "top_3gram_chars_fraction": top_3grams,
        "top_4gram_chars_fraction": top_4grams,
        "stop_word_count": stop_words,
    }
