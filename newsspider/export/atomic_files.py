"""Local feed files that appear whole: written as `<name>.part`, renamed when complete."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Self

from scrapy import Spider
from scrapy.extensions.feedexport import FileFeedStorage
from twisted.python.failure import Failure

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

# A file still being written carries this suffix; it gets its real name only when complete.
PART_SUFFIX = ".part"
# Signal sent with `storage` (an AtomicFileFeedStorage) when a local feed file is whole on
# disk, just before its rename.
feed_file_complete = object()


def part_path(path: Path) -> Path:
    """Where a file is written before it is complete: `<name>.part` beside it."""
    return path.with_name(path.name + PART_SUFFIX)


class AtomicFileFeedStorage(FileFeedStorage):
    """Local feed files (FEED_STORAGES file): written as `<name>.part`, renamed when complete."""

    def __init__(
        self,
        uri: str,
        *,
        feed_options: dict[str, Any] | None = None,
        crawler: Crawler | None = None,
    ) -> None:
        super().__init__(uri, feed_options=feed_options)
        self.crawler = crawler
        self.final = Path(self.path)
        self.partial = part_path(self.final)
        # Set once the file has its real name.
        self.stored = False

    @classmethod
    def from_crawler(
        cls, crawler: Crawler, uri: str, *, feed_options: dict[str, Any] | None = None
    ) -> Self:
        """Built by Scrapy's FeedExporter; the crawler carries the feed_file_complete signal."""
        return cls(uri, feed_options=feed_options, crawler=crawler)

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
        self.file_complete()
        # rename() within one directory is atomic: a reader sees the whole file or none.
        self.partial.replace(self.final)
        self.stored = True

    def file_complete(self) -> None:
        """Send feed_file_complete: the file is whole on disk and about to get its real name.

        ExportConfirmExtension confirms the file's records then and notes the rename in the
        state, so that a crawl killed between the two has the next crawl finish the rename
        (finish_rename). A receiver that fails stops the rename: the file stays `.part`.
        """
        if self.crawler is None:
            return
        sent = self.crawler.signals.send_catch_log(feed_file_complete, storage=self)
        for _, result in sent:
            if isinstance(result, Failure):
                result.raiseException()


def finish_rename(partial: Path, final: Path, size: int) -> bool:
    """Rename a complete `.part` file that a killed crawl left, if it is still `size` bytes."""
    try:
        if partial.stat().st_size != size:
            return False
    except FileNotFoundError:
        return False
    partial.replace(final)
    return True
