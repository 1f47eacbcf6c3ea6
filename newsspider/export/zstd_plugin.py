"""Feed post-processing Scrapy lacks: zstd (Scrapy ships gzip, bz2 and lzma plugins)."""

from __future__ import annotations

from typing import IO, Any

import zstandard


class ZstdPlugin:
    """Compress a feed with zstd: FEEDS postprocessing `newsspider.export.zstd_plugin.ZstdPlugin`.

    Accepted feed option: `zstd_level` (default 3, zstd's own default; 1-22).
    """

    def __init__(self, file: IO[bytes], feed_options: dict[str, Any]) -> None:
        self.file = file
        level = int(feed_options.get("zstd_level", 3))
        # closefd=False: the feed storage owns the file and closes (and renames) it itself.
        self.writer = zstandard.ZstdCompressor(level=level, write_checksum=True).stream_writer(
            file, closefd=False
        )

    def write(self, data: bytes) -> int:
        """Compress and write; returns the number of uncompressed bytes taken."""
        self.writer.write(data)
        return len(data)

    def close(self) -> None:
        """Write the end of the zstd frame; the file itself stays open."""
        self.writer.flush(zstandard.FLUSH_FRAME)
