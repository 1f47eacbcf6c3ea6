"""Deduplication without Scrapy: MinHash fingerprints and the new/revision/duplicate decision."""

from __future__ import annotations

from newsspider.dedupe.decide import REASONS, Candidate, Decision, Deduplicator
from newsspider.dedupe.minhash import Fingerprinter, lsh_params, shingle_hashes

__all__ = [
    "REASONS",
    "Candidate",
    "Decision",
    "Deduplicator",
    "Fingerprinter",
    "lsh_params",
    "shingle_hashes",
]
