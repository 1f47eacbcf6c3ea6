"""Exports a corpus builder reads: files that appear whole, Parquet, compressed JSON Lines, CSV."""

from __future__ import annotations

import gzip
import io
import json
import os
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
import zstandard
from scrapy.settings import Settings

from newsspider.feeds import default_feeds
from tests.conftest import SCRAPY, run_crawl
from tests.mocksite import RunningSite


def _jsonl(data: bytes) -> list[dict[str, Any]]:
    return [json.loads(line) for line in data.decode("utf-8").splitlines()]


def _read_zstd(path: Path) -> bytes:
    with zstandard.ZstdDecompressor().stream_reader(io.BytesIO(path.read_bytes())) as reader:
        return reader.read()


READERS = {
    "jsonl": lambda path: _jsonl(path.read_bytes()),
    "jsonl.gz": lambda path: _jsonl(gzip.decompress(path.read_bytes())),
    "jsonl.zst": lambda path: _jsonl(_read_zstd(path)),
}


def _kill_after_first_batch(workdir: Path, site: RunningSite, suffix: str) -> None:
    """Crawl slowly in 3-item batches and SIGKILL the crawl while a later batch is written."""
    command = [SCRAPY, "crawl", "news", "-a", f"site={site.base_url}/",
               "-O", f"batch-%(batch_id)02d.{suffix}",
               "-s", "FEED_EXPORT_BATCH_ITEM_COUNT=3",
               # Slow and one at a time, so the crawl is surely still running when killed.
               "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0.4",
               "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1",
               "-s", f"NEWSSPIDER_STATE={workdir / 'state.sqlite'}",
               "-s", f"LOG_FILE={workdir / 'crawl.log'}"]  # fmt: skip
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "newsspider.settings"}
    crawl = subprocess.Popen(command, cwd=workdir, env=env)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and crawl.poll() is None:
            done = list(workdir.glob(f"batch-*.{suffix}"))
            if done and list(workdir.glob("batch-*.part")):
                break
            time.sleep(0.02)
    finally:
        crawl.send_signal(signal.SIGKILL)
        crawl.wait(timeout=30)
    assert crawl.returncode == -signal.SIGKILL, "the crawl ended before it could be killed"


@pytest.mark.parametrize("suffix", ["jsonl"])
def test_killed_crawl_leaves_only_whole_files(
    sites: dict[str, RunningSite], tmp_path: Path, suffix: str
) -> None:
    site = sites["demo"]
    _kill_after_first_batch(tmp_path, site, suffix)
    finished = sorted(tmp_path.glob(f"batch-*.{suffix}"))
    assert finished, "no batch was finished before the kill"
    assert len(finished) < len(site.site.articles) / 3, "the crawl was not killed mid-way"
    for path in finished:
        records = READERS[suffix](path)
        assert len(records) == 3, path.name
        assert all(str(record["url"]).startswith(site.base_url) for record in records)
    (unfinished,) = tmp_path.glob("batch-*.part")
    assert unfinished.name == f"batch-{len(finished) + 1:02d}.{suffix}.part"


@pytest.mark.parametrize(
    ("settings", "path", "plugin"),
    [
        ({}, "output/%(name)s_%(site)s_%(time)s.jsonl", None),
        ({"NEWSSPIDER_EXPORT_COMPRESSION": "gzip"}, "output/%(name)s_%(site)s_%(time)s.jsonl.gz",
         "scrapy.extensions.postprocessing.GzipPlugin"),
        ({"NEWSSPIDER_EXPORT_FORMAT": "csv", "NEWSSPIDER_EXPORT_COMPRESSION": "lzma"},
         "output/%(name)s_%(site)s_%(time)s.csv.xz", "scrapy.extensions.postprocessing.LZMAPlugin"),
        ({"FEED_EXPORT_BATCH_ITEM_COUNT": 100},
         "output/%(name)s_%(site)s_%(time)s_%(batch_id)05d.jsonl", None),
    ],
)  # fmt: skip
def test_default_feed_follows_the_export_settings(
    settings: dict[str, Any], path: str, plugin: str | None
) -> None:
    project = Settings()
    project.setmodule("newsspider.settings")
    project.setdict(settings, priority="cmdline")
    ((uri, options),) = default_feeds(project).items()
    assert uri == path
    assert options.get("postprocessing") == ([plugin] if plugin else None)


@pytest.mark.parametrize(
    ("name", "value"),
    [("NEWSSPIDER_EXPORT_FORMAT", "yaml"), ("NEWSSPIDER_EXPORT_COMPRESSION", "rar")],
)
def test_unknown_export_format_or_compression_says_what_is_allowed(name: str, value: str) -> None:
    project = Settings()
    project.setmodule("newsspider.settings")
    project.set(name, value, priority="cmdline")
    with pytest.raises(ValueError, match=f"{name}='{value}': use one of [a-z]+, "):
        default_feeds(project)


def test_default_feed_compressed_with_zstd(sites: dict[str, RunningSite], tmp_path: Path) -> None:
    site = sites["guess"]
    run = run_crawl(tmp_path, "-a", f"site={site.base_url}/", "-s",
                    "NEWSSPIDER_EXPORT_COMPRESSION=zstd", output=None)  # fmt: skip
    assert run.returncode == 0, run.log[-2000:]
    (written,) = (tmp_path / "output").iterdir()
    assert written.name.startswith("news_127.0.0.1-") and written.name.endswith(".jsonl.zst")
    records = READERS["jsonl.zst"](written)
    assert sorted(r["url"] for r in records) == sorted(
        site.base_url + article.path for article in site.site.articles
    )
