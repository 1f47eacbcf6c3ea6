"""LshParams: how a MinHash signature is cut into LSH bands, and each band's index key."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

SIGNATURE_VALUE_BYTES = 4  # signatures are little-endian uint32 values


@dataclass(frozen=True, slots=True)
class LshParams:
    """A signature of num_perm values is indexed as `bands` bands of `rows` values each."""

    num_perm: int
    bands: int
    rows: int

    def band_keys(self, signature: bytes) -> list[int]:
        """One signed 64-bit key per band; two signatures share a key when that band is equal."""
        width = self.rows * SIGNATURE_VALUE_BYTES
        return [
            int.from_bytes(
                # The band number salts the hash, so equal values in different bands differ.
                hashlib.blake2b(
                    signature[band * width : (band + 1) * width],
                    digest_size=8,
                    person=band.to_bytes(2, "little"),
                ).digest(),
                "little",
                signed=True,
            )
            for band in range(self.bands)
        ]

    def as_dict(self) -> dict[str, int]:
        """The parameters as plain JSON values (stored with the index)."""
        return {"num_perm": self.num_perm, "bands": self.bands, "rows": self.rows}
