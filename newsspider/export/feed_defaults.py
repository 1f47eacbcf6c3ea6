"""The default feed: one file per crawl under output/, %(site)s in its path, its format."""

from __future__ import annotations

import re
from typing import Any
from weakref import WeakKeyDictionary

from scrapy import Spider
from scrapy.settings import SETTINGS_PRIORITIES, BaseSettings
from scrapy.utils.python import without_none_values

from newsspider.distributed.fleet import is_shared_crawl, worker_id

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_CRAWL_TIMES: WeakKeyDictionary[Spider, str] = WeakKeyDictionary()
DEFAULT_FEED_PATH = "output/%(name)s_%(site)s_%(time)s"
# NEWSSPIDER_EXPORT_COMPRESSION value -> (Scrapy feed post-processing plugin, file suffix).
COMPRESSIONS: dict[str, tuple[str, str]] = {
    "gzip": ("scrapy.extensions.postprocessing.GzipPlugin", ".gz"),
    "zstd": ("newsspider.export.zstd_plugin.ZstdPlugin", ".zst"),
    "bz2": ("scrapy.extensions.postprocessing.Bz2Plugin", ".bz2"),
    "lzma": ("scrapy.extensions.postprocessing.LZMAPlugin", ".xz"),
}
# File extension per feed format where it is not the format's own name.
EXTENSIONS = {"jsonlines": "jsonl"}


def uri_params(params: dict[str, Any], spider: Spider) -> dict[str, Any]:
    """Add `site` (a file-name-safe label of the crawled sites) and `worker` (this process's
    name in a shared crawl); `time` is the crawl's first."""
    label = getattr(spider, "site_label", "") or spider.name
    # Scrapy gives each batch file its own time; one crawl's files should share a name prefix
    # (and the WARC files theirs), so the first time asked for stands for the whole crawl.
    started = _CRAWL_TIMES.setdefault(spider, params["time"])
    site = _UNSAFE.sub("-", label).strip("-") or spider.name
    return {**params, "site": site, "time": started, "worker": worker_id()}


def worker_suffix(spider: Spider, params: dict[str, Any]) -> str:
    """`_<worker>` in a shared crawl (files of workers sharing a folder never collide), else ''."""
    return f"_{params['worker']}" if is_shared_crawl(spider.settings) else ""


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
    if is_shared_crawl(settings):  # workers sharing output/ never write one file
        path += "_%(worker)s"
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


def feeds_shared_by_workers(settings: BaseSettings) -> list[str]:
    """Local feed files of a shared crawl whose name every worker would write alike."""
    if not is_shared_crawl(settings):
        return []
    uris = settings.getdict("FEEDS")
    return [
        uri
        for uri in uris
        if "%(worker)s" not in uri and (uri.startswith("file:") or "://" not in uri)
    ]
