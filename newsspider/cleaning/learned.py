"""The per-site learned boilerplate model: paragraphs a site repeats on many of its pages."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from newsspider.settings import NEWSSPIDER_BOILERPLATE_MIN_PAGES, NEWSSPIDER_BOILERPLATE_MIN_SHARE

MODEL_VERSION = 1
# A furniture paragraph is removed only while what it removes is at most this share of the
# record's characters: a "paragraph that is most of the page's text" is the page.
MAX_REMOVED_SHARE = 0.5
# Pages and counts are halved once a site's model has seen this many pages: the model follows
# furniture that changes, and paragraphs seen once (article text) fade out, so it stays small.
WINDOW_PAGES = 1000
_DIGITS = re.compile(r"\d+")


# A record's paragraphs are fingerprinted when the model learns them and again when they are
# cleaned, and furniture recurs on page after page: a small cache serves both.
@lru_cache(maxsize=4096)
def fingerprint(paragraph: str) -> str:
    """A short hash of the paragraph with case, whitespace and digits normalised."""
    folded = unicodedata.normalize("NFKC", paragraph).casefold()
    normal = _DIGITS.sub("0", " ".join(folded.split()))
    return hashlib.blake2b(normal.encode(), digest_size=8).hexdigest()


@dataclass(frozen=True, slots=True)
class Thresholds:
    """When a recurring paragraph is furniture: seen on at least min_pages pages and min_share."""

    min_pages: int = NEWSSPIDER_BOILERPLATE_MIN_PAGES
    min_share: float = NEWSSPIDER_BOILERPLATE_MIN_SHARE

    def __post_init__(self) -> None:
        if self.min_pages < 2:
            raise ValueError(
                f"NEWSSPIDER_BOILERPLATE_MIN_PAGES={self.min_pages}: must be at least 2 "
                "(a paragraph is never furniture on the strength of one page)"
            )
        if not 0 < self.min_share <= 1:
            raise ValueError(
                f"NEWSSPIDER_BOILERPLATE_MIN_SHARE={self.min_share}: must be > 0 and <= 1"
            )


@dataclass(slots=True)
class Cleaned:
    """A record's paragraphs after cleaning: what was kept, removed, and spared."""

    paragraphs: list[str]
    removed: int = 0
    # Furniture paragraphs kept because removing them would have taken most of the text.
    spared: int = 0


@dataclass(slots=True)
class SiteModel:
    """Paragraph fingerprints counted over one site's article pages (each page counted once)."""

    pages: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    def learn(self, paragraphs: Iterable[str]) -> None:
        """Count one more page and each distinct paragraph on it."""
        self.pages += 1
        for key in {fingerprint(p) for p in paragraphs if p.strip()}:
            self.counts[key] = self.counts.get(key, 0) + 1
        if self.pages >= WINDOW_PAGES:
            self._halve()

    def _halve(self) -> None:
        self.pages //= 2
        self.counts = {key: count // 2 for key, count in self.counts.items() if count >= 2}

    def is_furniture(self, paragraph: str, thresholds: Thresholds) -> bool:
        """True when the paragraph recurs on enough pages, and a large enough share of them."""
        return self._frequent(self.counts.get(fingerprint(paragraph), 0), thresholds)

    def _frequent(self, count: int, thresholds: Thresholds) -> bool:
        return count >= thresholds.min_pages and count >= thresholds.min_share * self.pages

    def clean(self, paragraphs: Sequence[str], thresholds: Thresholds) -> Cleaned:
        """Drop furniture paragraphs, unless together they are most of the text."""
        furniture = [self.is_furniture(p, thresholds) for p in paragraphs]
        if not any(furniture):
            return Cleaned(list(paragraphs))
        total = sum(len(p) for p in paragraphs)
        removed = sum(len(p) for p, drop in zip(paragraphs, furniture, strict=True) if drop)
        if removed > MAX_REMOVED_SHARE * total:
            return Cleaned(list(paragraphs), spared=sum(furniture))
        kept = [p for p, drop in zip(paragraphs, furniture, strict=True) if not drop]
        return Cleaned(kept, removed=sum(furniture))

    def furniture_count(self, thresholds: Thresholds) -> int:
        """How many distinct paragraphs the model takes for furniture now."""
        return sum(1 for count in self.counts.values() if self._frequent(count, thresholds))

    def to_json(self) -> dict[str, Any]:
        """The model as plain JSON values, for the state store."""
        return {"version": MODEL_VERSION, "pages": self.pages, "counts": self.counts}

    @classmethod
    def from_json(cls, value: object) -> SiteModel | None:
        """A model stored by to_json, or None when the value is not one."""
        if not isinstance(value, dict) or value.get("version") != MODEL_VERSION:
            return None
        pages, counts = value.get("pages"), value.get("counts")
        if not isinstance(pages, int) or pages < 0 or not isinstance(counts, dict):
            return None
        if not all(isinstance(k, str) and isinstance(c, int) and c > 0 for k, c in counts.items()):
            return None
        return cls(pages, dict(counts))
