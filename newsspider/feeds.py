"""Feed helpers: the default feed under output/, %(site)s in its path, files that appear whole."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any
from weakref import WeakKeyDictionary

from scrapy import Spider
from scrapy.extensions.feedexport import FileFeedStorage
from scrapy.settings import SETTINGS_PRIORITIES, BaseSettings
from scrapy.utils.python import without_none_values

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_CRAWL_TIMES: WeakKeyDictionary[Spider, str] = WeakKeyDictionary()
# A file still being written carries this suffix; it gets its real name only when complete.
PART_SUFFIX = ".part"
DEFAULT_FEED_PATH = "output/%(name)s_%(site)s_%(time)s"
# NEWSSPIDER_EXPORT_COMPRESSION value -> (Scrapy feed post-processing plugin, file suffix).
COMPRESSIONS: dict[str, tuple[str, str]] = {
    "gzip": ("scrapy.extensions.postprocessing.GzipPlugin", ".gz"),
    "zstd": ("newsspider.postprocessing.ZstdPlugin", ".zst"),
    "bz2": ("scrapy.extensions.postprocessing.Bz2Plugin", ".bz2"),
    "lzma": ("scrapy.extensions.postprocessing.LZMAPlugin", ".xz"),
}
# File extension per feed format where it is not the format's own name.
EXTENSIONS = {"jsonlines": "jsonl"}


def uri_params(params: dict[str, Any], spider: Spider) -> dict[str, Any]:
    """Add `site` (a file-name-safe label of the crawled sites); `time` is the crawl's first."""
    label = getattr(spider, "site_label", "") or spider.name
    # Scrapy gives each batch file its own time; one crawl's files should share a name prefix
    # (and the WARC files theirs), so the first time asked for stands for the whole crawl.
    started = _CRAWL_TIMES.setdefault(spider, params["time"])
    return {**params, "site": _UNSAFE.sub("-", label).strip("-") or spider.name, "time": started}


def default_feeds(settings: BaseSettings) -> dict[str, dict[str, Any]]:
    """The FEEDS of a crawl given no -o/-O/FEEDS: one file under output/ in the chosen format."""
    format_ = settings.get("NEWSSPIDER_EXPORT_FORMAT")
    compression = settings.get("NEWSSPIDER_EXPORT_COMPRESSION") or ""
    formats = sorted(without_none_values(settings.getwithbase("FEED_EXPORTERS")))
    if format_ not in formats:
        raise ValueError(f"NEWSSPIDER_EXPORT_FORMAT={format_!r}: use one of {', '.join(formats)}")
    if compression and compression not in COMPRESSIONS:
        choices = ", ".join(COMPRESSIONS)
        raise ValueError(f"NEWSSPIDER_EXPORT_COMPRESSION={compression!r}: use one of {choices}")
    if compression and format_ == "parquet":
        raise ValueError(
            "Parquet compresses its columns itself: see NEWSSPIDER_PARQUET_COMPRESSION"
        )
    path = DEFAULT_FEED_PATH
    # Scrapy refuses batches whose file names would collide.
    if settings.getint("FEED_EXPORT_BATCH_ITEM_COUNT") > 0:
        path += "_%(batch_id)05d"
    path += "." + EXTENSIONS.get(format_, format_)
    options: dict[str, Any] = {"format": format_, "encoding": "utf8"}
    if compression:
        plugin, suffix = COMPRESSIONS[compression]
        path += suffix
        options["postprocessing"] = [plugin]
    return {path: options}


class DefaultFeedAddon:
    """Set the default FEEDS from NEWSSPIDER_EXPORT_FORMAT/_COMPRESSION (ADDONS in settings.py)."""

    def update_settings(self, settings: BaseSettings) -> None:
        """Only when FEEDS is Scrapy's default: FEEDS, -o or -O from the user replace it whole."""
        if (settings.getpriority("FEEDS") or 0) > SETTINGS_PRIORITIES["default"]:
            return
        settings.set("FEEDS", default_feeds(settings), priority="addon")


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
