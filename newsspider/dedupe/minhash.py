"""Fingerprinter: MinHash signatures of word shingles, LSH bands for the store.

The signatures are datasketch 2's "affine32" MinHash, bit for bit (tests/test_dedupe.py checks
it against datasketch), and the band/row split is datasketch's optimal one. They are written
out here in a few lines of numpy because importing datasketch imports scipy (for that split):
48 MB in every crawl's memory, for one integral.
"""

from __future__ import annotations

import re
import zlib
from functools import lru_cache

import numpy as np

from newsspider.settings import (
    NEWSSPIDER_DEDUPE_NEAR_THRESHOLD,
    NEWSSPIDER_DEDUPE_NUM_PERM,
    NEWSSPIDER_DEDUPE_SHINGLE_WORDS,
)
from newsspider.state.lsh import LshParams

_WORD = re.compile(r"\w+")
_FNV_PRIME = np.uint64(16777619)
_MASK32 = np.uint64(0xFFFFFFFF)
# Signatures of one store must all come from the same permutations: the seed is fixed.
_SEED = 1
# A missed near-duplicate is exported twice; a false candidate only costs one comparison
# of signatures. So the LSH bands are chosen to favour recall.
_LSH_WEIGHTS = (0.1, 0.9)
# MurmurHash3's 32-bit finalizer (shifts and multipliers), which datasketch's affine32 scheme
# applies to each input hash before the permutations.
_FMIX32 = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35))
_MAX32 = np.uint32(0xFFFFFFFF)
# Points of the Simpson's rule integrations in lsh_params: exact enough to pick the same split
# as datasketch's adaptive quadrature.
_INTEGRATION_POINTS = 2001


def _integral(values: np.ndarray, start: float, stop: float) -> float:
    """Simpson's rule over equally spaced samples (an odd number of them) from start to stop."""
    step = (stop - start) / (len(values) - 1)
    weights = np.ones(len(values))
    weights[1:-1:2], weights[2:-1:2] = 4, 2
    return float(step / 3 * np.dot(weights, values))


@lru_cache(maxsize=8)
def lsh_params(threshold: float, num_perm: int) -> LshParams:
    """datasketch's optimal (bands, rows) for this threshold and number of permutations.

    The split that minimises the weighted chance of a false candidate (similarity below the
    threshold, yet one band equal) and of a missed one (similarity above, no band equal).
    """
    below = np.linspace(0.0, threshold, _INTEGRATION_POINTS)
    above = np.linspace(threshold, 1.0, _INTEGRATION_POINTS)
    best, best_error = (0, 0), float("inf")
    for bands in range(1, num_perm + 1):
        for rows in range(1, num_perm // bands + 1):
            false_positive = _integral(1 - (1 - below**rows) ** bands, 0.0, threshold)
            false_negative = _integral((1 - above**rows) ** bands, threshold, 1.0)
            error = false_positive * _LSH_WEIGHTS[0] + false_negative * _LSH_WEIGHTS[1]
            if error < best_error:
                best, best_error = (bands, rows), error
    return LshParams(num_perm=num_perm, bands=best[0], rows=best[1])


def affine32_permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """datasketch's affine32 permutations h -> a*h + b (mod 2**32, a odd) for this seed."""
    generator = np.random.RandomState(seed)
    a = generator.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = generator.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


def affine32_minhash(hashes: list[int], a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The MinHash values (uint32, one per permutation) of a set of 32-bit hashes."""
    if not hashes:
        return np.full(len(a), _MAX32, dtype=np.uint32)
    shift1, multiply1, shift2, multiply2 = _FMIX32
    mixed = np.asarray(hashes, dtype=np.uint32).reshape(-1, 1)
    mixed ^= mixed >> shift1
    mixed *= multiply1
    mixed ^= mixed >> shift2
    mixed *= multiply2
    mixed ^= mixed >> shift1
    # uint32 arithmetic wraps around: that is the modulo 2**32 of the permutations.
    permuted: np.ndarray = (mixed * a + b).min(axis=0)
    return permuted


def shingle_hashes(text: str, size: int) -> list[int]:
    """32-bit hashes of the text's distinct word n-grams (case-folded words, no punctuation)."""
    words = _WORD.findall(text.casefold())
    if not words:
        return []
    # One C-speed hash per word, then n-grams combined in numpy: building every n-gram as a
    # string would cost about as much as the whole 2 ms page budget.
    hashes = np.fromiter(map(zlib.crc32, map(str.encode, words)), np.uint64, len(words))
    count = max(len(words) - size + 1, 1)
    combined = np.zeros(count, dtype=np.uint64)
    for offset in range(min(size, len(words))):
        combined = (combined * _FNV_PRIME + hashes[offset : offset + count]) & _MASK32
    hashes_list: list[int] = np.unique(combined).tolist()
    return hashes_list


class Fingerprinter:
    """Turns article text into a MinHash signature (num_perm uint32 values, as bytes)."""

    def __init__(
        self,
        *,
        num_perm: int = NEWSSPIDER_DEDUPE_NUM_PERM,
        shingle_words: int = NEWSSPIDER_DEDUPE_SHINGLE_WORDS,
        threshold: float = NEWSSPIDER_DEDUPE_NEAR_THRESHOLD,
    ) -> None:
        self.num_perm = num_perm
        self.shingle_words = shingle_words
        self.threshold = threshold
        self.lsh = lsh_params(threshold, num_perm)
        # Drawn once: the permutations are the same for every text.
        self._a, self._b = affine32_permutations(num_perm, _SEED)

    def signature(self, text: str) -> bytes:
        """The MinHash signature of the text's shingles."""
        values = affine32_minhash(shingle_hashes(text, self.shingle_words), self._a, self._b)
        return np.asarray(values, dtype="<u4").tobytes()

    @staticmethod
    def similarity(first: bytes, second: bytes) -> float:
        """Estimated Jaccard similarity of two signatures: the share of equal values."""
        a = np.frombuffer(first, dtype="<u4")
        b = np.frombuffer(second, dtype="<u4")
        if a.shape != b.shape:
            return 0.0
        return float(np.count_nonzero(a == b)) / len(a)
