"""Local feed files that appear whole: written as `<name>.part`, renamed when complete."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from scrapy import Spider
from scrapy.extensions.feedexport import FileFeedStorage

# A file still being written carries this suffix; it gets its real name only when complete.
PART_SUFFIX = ".part"


def part_path(path: Path) -> Path:
    """Where a file is written before it is complete: `<name>.part` beside it."""
    return path.with_name(path.name + PART_SUFFIX)


class AtomicFileFeedStorage(FileFeedStorage):
    """Local feed files (FEED_STORAGES file): written as `<name>.part`, renamed when complete."""

    def __init__(self, uri: str, *, feed_options: dict[str, Any] | None = None) -> None:
        super().__init__(uri, feed_options=feed_options)
        self.final = Path(self.path)
        self.partial = part_path(self.final)
        # Set once the file has its real name.
        self.stored = False
        # Called when the file is whole on disk, just before the rename: ExportConfirmExtension
        # confirms the file's records there and notes the rename in the state, so that a crawl
        # killed between the two has the next crawl finish the rename (finish_rename).
        self.before_rename: Callable[[], None] | None = None

    def open(self, spider: Spider) -> IO[bytes]:
        """Open the `.part` file; with -o (append), it starts as a copy of the existing file."""
        self.final.parent.mkdir(parents=True, exist_ok=True)
        if self.write_mode == "ab" and self.final.exists():
            shutil.copyfile(self.final, self.partial)
            return self.partial.open("ab")
        # Never append to a `.part` file a killed crawl left: nothing in it was exported.
        return self.partial.open("wb")

    def store(self, file: IO[bytes]) -> None:
        """Flush to disk, close, then rename the `.part` file to its real name."""
        file.flush()
        # Only a file on disk can be renamed whole; durability first, then the rename.
        os.fsync(file.fileno())
        file.close()
        if self.before_rename is not None:
            self.before_rename()
        # rename() within one directory is atomic: a reader sees the whole file or none.
        self.partial.replace(self.final)
        self.stored = True


def finish_rename(partial: Path, final: Path, size: int) -> bool:
    """Rename a complete `.part` file that a killed crawl left, if it is still `size` bytes."""
    try:
        if partial.stat().st_size != size:
            return False
    except FileNotFoundError:
        return False
    partial.replace(final)
    return True
