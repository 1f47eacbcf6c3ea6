"""`make bench-archive`: reading a local WARC of about 10,000 pages, filtered and not.

Builds, under a temporary folder, a gzip WARC of the AEB pages cycled over ten hosts
(site0.example ... site9.example). Prints records per second of: FastWARC and warcio reading
every record's headers and body (same file, same run, best of three); `scrapy reprocess` of the
file with `-a site=` one host (10% of the pages) and with no filter; and a plain loop of the
chosen reader plus `trafilatura.extract` over the same records, in one process.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import trafilatura
from fastwarc.warc import ArchiveIterator as FastIterator
from fastwarc.warc import WarcRecordType
from warcio.archiveiterator import ArchiveIterator as WarcioIterator

from benchmarks.site import aeb_sources
from benchmarks.throughput import ProcessSampler
from benchmarks.warc_files import write_warc

ROOT = Path(__file__).resolve().parent.parent
SCRAPY = str(Path(sys.executable).parent / "scrapy")
HOSTS = 10


def build(aeb: Path, pages: int, path: Path) -> None:
    """The bench WARC: `pages` records, the AEB pages in turn, host i % 10."""
    sources = list(aeb_sources(aeb))
    records = []
    for number in range(pages):
        url, html = sources[number % len(sources)]
        parts = urlsplit(url)
        records.append((f"https://site{number % HOSTS}.example/c{number}{parts.path}", html))
    write_warc(path, records)


def read_fastwarc(path: Path) -> int:
    """Every response's headers and body read with FastWARC; how many."""
    count = 0
    with path.open("rb") as stream:
        for record in FastIterator(stream, parse_http=True):
            if record.record_type == WarcRecordType.response:
                record.reader.read()
                count += 1
    return count


def read_warcio(path: Path) -> int:
    """Every response's headers and body read with warcio; how many."""
    count = 0
    with path.open("rb") as stream:
        for record in WarcioIterator(stream):
            if record.rec_type == "response":
                record.content_stream().read()
                count += 1
    return count


def best_rate(read: Callable[[Path], int], path: Path, rounds: int = 3) -> float:
    """Records per second, the best of `rounds` reads."""
    best = 0.0
    for _ in range(rounds):
        began = time.perf_counter()
        count = read(path)
        best = max(best, count / (time.perf_counter() - began))
    return best


def baseline(path: Path) -> float:
    """Records per second of FastWARC plus trafilatura.extract, in this one process."""
    began, count = time.perf_counter(), 0
    with path.open("rb") as stream:
        for record in FastIterator(stream, parse_http=True):
            if record.record_type == WarcRecordType.response:
                html = record.reader.read().decode("utf-8", "replace")
                trafilatura.extract(html, include_comments=False)
                count += 1
    return count / (time.perf_counter() - began)


def reprocess(path: Path, workdir: Path, *args: str) -> tuple[float, dict[str, object]]:
    """Records per second of `scrapy reprocess` over the file (its own state), and its stats."""
    workdir.mkdir()
    stats_file = workdir / "stats.json"
    command = [SCRAPY, "reprocess", str(path), *args, "-O", str(workdir / "out.jsonl"),
               "-s", f"NEWSSPIDER_STATS_FILE={stats_file}",
               "-s", f"NEWSSPIDER_STATE={workdir / 'state.sqlite'}",
               "-s", f"LOG_FILE={workdir / 'reprocess.log'}"]  # fmt: skip
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "newsspider.settings"}
    process = subprocess.Popen(command, cwd=workdir, env=env)
    sampler = ProcessSampler(process.pid)
    returncode = process.wait()
    sampler.stop()
    if returncode != 0:
        raise SystemExit(f"scrapy reprocess exited with code {returncode}")
    stats = json.loads(stats_file.read_text())
    records = int(stats.get("newsspider/reprocess/records", 0))
    stats["cpu"] = ", ".join(f"{name} {seconds:.1f}" for name, seconds in sampler.cpu.items())
    stats["peak_rss_mb"] = sampler.peak // 2**20
    return records / float(stats["elapsed_time_seconds"]), stats


def _report(label: str, rate: float, stats: dict[str, object]) -> None:
    seconds = float(str(stats["elapsed_time_seconds"]))
    print(f"  scrapy reprocess, {label}: {rate:,.0f} records/s, "
          f"{stats.get('newsspider/reprocess/pages', 0)} pages extracted, "
          f"{stats.get('item_scraped_count', 0)} records exported, in {seconds:.1f} s, "
          f"peak RSS {stats['peak_rss_mb']} MB")  # fmt: skip
    print(f"    (CPU seconds: {stats['cpu']})")


def main() -> int:
    """Build the WARC, time the readers, the reprocess runs and the plain loop; print."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--aeb", type=Path, default=ROOT.parent / "shared" / "bench" / "aeb")
    parser.add_argument("--pages", type=int, default=10_000, help="records in the WARC")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="newsspider-bench-archive-") as tmp:
        path = Path(tmp) / "bench.warc.gz"
        build(args.aeb, args.pages, path)
        size = path.stat().st_size / 1e6
        print(f"make bench-archive: {args.pages} pages over {HOSTS} hosts, {size:.0f} MB gzip "
              f"WARC, {os.cpu_count()} cores")  # fmt: skip
        fast, slow = best_rate(read_fastwarc, path), best_rate(read_warcio, path)
        print(f"  read only, FastWARC: {fast:,.0f} records/s")
        print(f"  read only, warcio:   {slow:,.0f} records/s  (FastWARC {fast / slow:.1f}x)")
        filtered, stats = reprocess(
            path, Path(tmp) / "one-site", "-a", "site=https://site0.example/"
        )
        _report("-a site= one host (10%)", filtered, stats)
        everything, stats = reprocess(path, Path(tmp) / "all")
        _report("no filter", everything, stats)
        plain = baseline(path)
        print(f"  plain loop, FastWARC + trafilatura.extract, one process: {plain:,.1f} records/s")
        print(f"  ratios to the plain loop: filtered {filtered / plain:.1f}, "
              f"no filter {everything / plain:.2f}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
