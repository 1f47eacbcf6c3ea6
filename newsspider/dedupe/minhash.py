"""Fingerprinter: MinHash signatures of word shingles (datasketch), LSH bands for the store."""

from __future__ import annotations

import re
import zlib
from functools import lru_cache

import numpy as np
from datasketch import MinHash, MinHashLSH

from newsspider.state.lsh import LshParams

_WORD = re.compile(r"\w+")
_FNV_PRIME = np.uint64(16777619)
_MASK32 = np.uint64(0xFFFFFFFF)
# Signatures of one store must all come from the same permutations: the seed is fixed.
_SEED = 1
# A missed near-duplicate is exported twice; a false candidate only costs one comparison
# of signatures. So the LSH bands are chosen to favour recall.
_LSH_WEIGHTS = (0.1, 0.9)


@lru_cache(maxsize=8)
def lsh_params(threshold: float, num_perm: int) -> LshParams:
    """datasketch's optimal (bands, rows) for this threshold and number of permutations."""
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm, weights=_LSH_WEIGHTS)
    return LshParams(num_perm=num_perm, bands=lsh.b, rows=lsh.r)


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

    def __init__(self, *, num_perm: int = 64, shingle_words: int = 5, threshold: float = 0.7):
        self.num_perm = num_perm
        self.shingle_words = shingle_words
        self.threshold = threshold
        self.lsh = lsh_params(threshold, num_perm)
        # One MinHash, cleared for each text: building one draws its permutations again.
        self._minhash = MinHash(
            num_perm=num_perm,
            seed=_SEED,
            scheme="affine32",
            # The n-grams are hashed already; datasketch's affine32 scheme mixes them again.
            hashfunc=int,
        )

    def signature(self, text: str) -> bytes:
        """The MinHash signature of the text's shingles."""
        self._minhash.clear()
        self._minhash.update_batch(shingle_hashes(text, self.shingle_words))
        return np.asarray(self._minhash.hashvalues, dtype="<u4").tobytes()

    @staticmethod
    def similarity(first: bytes, second: bytes) -> float:
        """Estimated Jaccard similarity of two signatures: the share of equal values."""
        a = np.frombuffer(first, dtype="<u4")
        b = np.frombuffer(second, dtype="<u4")
        if a.shape != b.shape:
            return 0.0
        return float(np.count_nonzero(a == b)) / len(a)
