"""Exports a corpus builder reads: files that appear whole, Parquet, compressed JSON Lines, CSV."""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import signal
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import zstandard
from scrapy.settings import Settings

from newsspider.export.feed_defaults import default_feeds
from newsspider.items import ARTICLE_FIELDS
from newsspider.pages.fields.signals import SIGNAL_NAMES
from tests.conftest import SCRAPY, run_crawl
from tests.mocksite import RunningSite


def _jsonl(data: bytes) -> list[dict[str, Any]]:
    return [json.loads(line) for line in data.decode("utf-8").splitlines()]


def _read_zstd(path: Path) -> bytes:
    with zstandard.ZstdDecompressor().stream_reader(io.BytesIO(path.read_bytes())) as reader:
        return reader.read()


def _read_parquet(path: Path) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = pq.read_table(path).to_pylist()
    return rows


READERS = {
    "parquet": _read_parquet,
    "jsonl": lambda path: _jsonl(path.read_bytes()),
    "jsonl.gz": lambda path: _jsonl(gzip.decompress(path.read_bytes())),
    "jsonl.zst": lambda path: _jsonl(_read_zstd(path)),
}


def _kill_after_first_batch(workdir: Path, site: RunningSite) -> Path:
    """Crawl slowly into the default feed, as Parquet in 2-item batches; SIGKILL it mid-way."""
    command = [SCRAPY, "crawl", "news", "-a", f"site={site.base_url}/",
               "-s", "NEWSSPIDER_EXPORT_FORMAT=parquet", "-s", "FEED_EXPORT_BATCH_ITEM_COUNT=2",
               # Slow and one at a time, so the crawl is surely still running when killed.
               "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0.2",
               "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1",
               # Records one by one: released held records come in a burst, whose batches
               # are all open at once for a moment.
               "-s", "NEWSSPIDER_BOILERPLATE_WARMUP=0",
               "-s", f"NEWSSPIDER_STATE={workdir / 'state.sqlite'}",
               "-s", f"LOG_FILE={workdir / 'crawl.log'}"]  # fmt: skip
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "newsspider.settings"}
    output = workdir / "output"
    crawl = subprocess.Popen(command, cwd=workdir, env=env)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and crawl.poll() is None:
            if list(output.glob("news_*.parquet")) and list(output.glob("news_*.part")):
                break
            time.sleep(0.02)
    finally:
        crawl.send_signal(signal.SIGKILL)
        crawl.wait(timeout=30)
    assert crawl.returncode == -signal.SIGKILL, "the crawl ended before it could be killed"
    return output


def test_killed_crawl_leaves_whole_parquet_batches_in_the_default_feed(
    sites: dict[str, RunningSite], tmp_path: Path
) -> None:
    site = sites["demo"]
    output = _kill_after_first_batch(tmp_path, site)
    finished = sorted(output.glob("news_*.parquet"))
    assert finished, "no batch was finished before the kill"
    assert len(finished) < len(site.site.articles) / 2, "the crawl was not killed mid-way"
    port = site.base_url.rsplit(":", 1)[1]
    for batch, path in enumerate(finished, start=1):
        assert path.name.startswith(f"news_127.0.0.1-{port}_")
        assert path.name.endswith(f"_{batch:05d}.parquet")
        rows = _read_parquet(path)
        assert len(rows) == 2, path.name
        assert all(str(row["url"]).startswith(site.base_url) for row in rows)
    (unfinished,) = output.glob("news_*.part")
    assert unfinished.name == finished[-1].name.replace(
        f"_{len(finished):05d}.parquet", f"_{len(finished) + 1:05d}.parquet.part"
    )
    with pytest.raises(pa.ArrowInvalid):  # why it must not carry the real name
        pq.read_table(unfinished)


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


# --- one crawl of the demo site into every format at once -----------------------------------

FEEDS = {
    "out.jsonl": {"format": "jsonlines"},
    "out.parquet": {"format": "parquet"},
    "batch-%(batch_id)02d.parquet": {"format": "parquet", "batch_item_count": 4},
    "out.csv": {"format": "csv"},
    "out.jsonl.gz": {"format": "jsonlines",
                     "postprocessing": ["scrapy.extensions.postprocessing.GzipPlugin"]},
    "out.jsonl.zst": {"format": "jsonlines",
                      "postprocessing": ["newsspider.export.zstd_plugin.ZstdPlugin"]},
}  # fmt: skip
# What the README documents for the Parquet columns.
PARQUET_TYPES = {
    "url": pa.string(), "source_url": pa.string(), "site": pa.string(),
    "site_name": pa.string(), "title": pa.string(),
    "description": pa.string(), "authors": pa.list_(pa.string()),
    "published": pa.timestamp("us", tz="UTC"), "published_source": pa.string(),
    "modified": pa.timestamp("us", tz="UTC"),
    "language": pa.string(), "section": pa.string(), "tags": pa.list_(pa.string()),
    "image": pa.string(), "text": pa.string(), "word_count": pa.int64(),
    "fetched_at": pa.timestamp("us", tz="UTC"), "content_hash": pa.string(),
    "extractor": pa.string(), "revision": pa.int64(), "schema_version": pa.int64(),
    "id": pa.string(), "language_score": pa.float64(), "language_declared": pa.string(),
    "paywalled": pa.bool_(), "paywall_source": pa.string(), "paywall_truncated": pa.bool_(),
    "tdm_reserved": pa.bool_(), "tdm_sources": pa.list_(pa.string()), "tdm_policy": pa.string(),
    "license": pa.string(), "duplicate_of": pa.string(), "duplicate_similarity": pa.float64(),
    "cluster_id": pa.string(),
    # signals: a struct, each number its own typed sub-column
    "signals": pa.struct(
        [pa.field("word_count", pa.int64(), nullable=False)]
        + [pa.field(name, pa.float64(), nullable=False) for name in SIGNAL_NAMES[1:-1]]
        + [pa.field("stop_word_count", pa.int64())]
    ),
}  # fmt: skip
TIMESTAMPS = ("published", "modified", "fetched_at")


@pytest.fixture(scope="module")
def every_format(sites: dict[str, RunningSite], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo site crawled once into every FEEDS entry above; returns the folder."""
    workdir = tmp_path_factory.mktemp("formats")
    settings = ["-s", f"FEEDS={json.dumps(FEEDS)}", "-s", "NEWSSPIDER_PARQUET_ROW_GROUP_SIZE=3"]
    run = run_crawl(workdir, "-a", f"site={sites['demo'].base_url}/", *settings, output=None)
    assert run.returncode == 0, run.log[-3000:]
    assert run.stat("schema/valid") == run.stats["item_scraped_count"] == 14
    # output/ holds the crawl report only (NEWSSPIDER_REPORT_DIR), no feed.
    assert not list(workdir.glob("output/news_*")), "FEEDS must replace the default output/ feed"
    assert len(list(workdir.glob("output/report_*.html"))) == 1
    return workdir


def _as_parquet_row(record: dict[str, Any]) -> dict[str, Any]:
    """A JSON Lines record as the README says Parquet holds it."""
    row = dict(record)
    for name in TIMESTAMPS:
        if row[name] is not None:
            moment = datetime.fromisoformat(row[name])
            row[name] = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return row


def test_parquet_has_the_documented_types(every_format: Path) -> None:
    schema = pq.read_schema(every_format / "out.parquet")
    assert {field.name: field.type for field in schema} == PARQUET_TYPES
    assert list(schema.names) == list(ARTICLE_FIELDS)


def test_parquet_equals_the_json_lines_of_the_same_crawl(every_format: Path) -> None:
    records = READERS["jsonl"](every_format / "out.jsonl")
    assert len(records) == 14
    assert _read_parquet(every_format / "out.parquet") == [_as_parquet_row(r) for r in records]


def test_parquet_is_written_in_row_groups_as_items_arrive(every_format: Path) -> None:
    metadata = pq.ParquetFile(every_format / "out.parquet").metadata
    sizes = [metadata.row_group(i).num_rows for i in range(metadata.num_row_groups)]
    assert sizes == [3, 3, 3, 3, 2]


def test_parquet_batches_are_each_a_valid_file(every_format: Path) -> None:
    batches = sorted(every_format.glob("batch-*.parquet"))
    assert [path.name for path in batches] == [f"batch-{n:02d}.parquet" for n in (1, 2, 3, 4)]
    assert [pq.ParquetFile(path).metadata.num_rows for path in batches] == [4, 4, 4, 2]
    rows = [row for path in batches for row in _read_parquet(path)]
    assert rows == _read_parquet(every_format / "out.parquet")
    assert not list(every_format.glob("*.part"))


@pytest.mark.parametrize("suffix", ["jsonl.gz", "jsonl.zst"])
def test_compressed_json_lines_equal_the_plain_ones(every_format: Path, suffix: str) -> None:
    plain = READERS["jsonl"](every_format / "out.jsonl")
    assert READERS[suffix](every_format / f"out.{suffix}") == plain


def test_csv_joins_list_fields_with_a_pipe(every_format: Path) -> None:
    records = READERS["jsonl"](every_format / "out.jsonl")
    with (every_format / "out.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == list(ARTICLE_FIELDS)
    assert any(len(record["authors"]) > 1 for record in records)
    for row, record in zip(rows, records, strict=True):
        assert row["authors"] == " | ".join(record["authors"])
        assert row["tags"] == " | ".join(record["tags"])
        assert row["text"] == record["text"]
        assert int(row["word_count"]) == record["word_count"]
        assert row["modified"] == (record["modified"] or "")
        assert json.loads(row["signals"]) == record["signals"]
