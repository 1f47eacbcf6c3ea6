"""`make bench`: the whole crawl against one plain trafilatura process, on the same pages.

Serves the AEB pages (each under several URLs) from a separate process on loopback, crawls that
site with `scrapy crawl news` at full speed (no delay, no AutoThrottle; dedupe, state and export
as in any crawl), and times `trafilatura.extract(html, include_comments=False)` over the same
HTML in one process, before and after the crawl. Prints pages per second of each, their ratio,
and the crawl's peak resident memory summed over all its processes (workers included).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psutil
import trafilatura

from benchmarks.site import aeb_sources

ROOT = Path(__file__).resolve().parent.parent
SCRAPY = str(Path(sys.executable).parent / "scrapy")
FULL_SPEED = [
    "-s", "AUTOTHROTTLE_ENABLED=False",
    "-s", "DOWNLOAD_DELAY=0",
    "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16",
    "-s", "LOG_LEVEL=INFO",
]  # fmt: skip


@dataclass
class CrawlFigures:
    """What one crawl of the bench site did."""

    processed: int
    exported: int
    failed: int
    seconds: float
    peak_rss: int
    peak_pss: int
    peaks: dict[str, int]
    cpu: dict[str, float]
    returncode: int

    @property
    def rate(self) -> float:
        """Pages through extraction per second, from the spider's open to its close."""
        return self.processed / self.seconds if self.seconds else 0.0


def baseline(pages: list[bytes]) -> tuple[float, float]:
    """Pages per second of plain trafilatura.extract in this one process, and CPU s per page."""
    started, cpu = time.perf_counter(), time.process_time()
    for html in pages:
        trafilatura.extract(html, include_comments=False)
    seconds = time.perf_counter() - started
    return len(pages) / seconds, (time.process_time() - cpu) / len(pages)


class ProcessSampler:
    """Samples a process and all its descendants until stopped: summed RSS, CPU time of each.

    Every tenth sample also sums PSS (shared pages divided among the processes that share them):
    reading it costs too much CPU to do ten times a second.
    """

    def __init__(self, pid: int, interval: float = 0.1) -> None:
        self.root = psutil.Process(pid)
        self.interval = interval
        self.peak = 0
        self.peak_pss = 0
        self.peaks: dict[str, int] = {}  # per process ("role pid"): its own peak RSS
        self.cpu: dict[str, float] = {}  # per process: its CPU seconds when last seen
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        samples = 0
        while not self._stop.is_set():
            total = pss = 0
            samples += 1
            try:
                for process in [self.root, *self.root.children(recursive=True)]:
                    with process.oneshot():
                        rss, times = process.memory_info().rss, process.cpu_times()
                    total += rss
                    name = f"{_role(process, self.root)} {process.pid}"
                    self.peaks[name] = max(self.peaks.get(name, 0), rss)
                    self.cpu[name] = times.user + times.system
                    if samples % 10 == 0:
                        pss += process.memory_full_info().pss
            except psutil.Error:
                pass  # a process ended between the listing and the reading
            self.peak = max(self.peak, total)
            self.peak_pss = max(self.peak_pss, pss)
            self._stop.wait(self.interval)

    def stop(self) -> None:
        """Stop sampling."""
        self._stop.set()
        self._thread.join()


def _role(process: psutil.Process, root: psutil.Process) -> str:
    if process.pid == root.pid:
        return "crawl"
    if "resource_tracker" in " ".join(process.cmdline()):
        return "resource tracker"
    # Workers are forked from the forkserver, a child of the crawl process.
    return "forkserver" if process.ppid() == root.pid else "worker"


def crawl(base_url: str, workdir: Path, extra: list[str]) -> CrawlFigures:
    """Run `scrapy crawl news` on the bench site and read its stats."""
    stats_file, out = workdir / "stats.json", workdir / "articles.jsonl"
    command = [SCRAPY, "crawl", "news", "-a", f"site={base_url}/", *FULL_SPEED,
               "-s", f"NEWSSPIDER_STATS_FILE={stats_file}",
               "-s", f"NEWSSPIDER_STATE={workdir / 'state.sqlite'}",
               "-s", f"LOG_FILE={workdir / 'crawl.log'}",
               "-O", str(out), *extra]  # fmt: skip
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "newsspider.settings"}
    process = subprocess.Popen(command, cwd=workdir, env=env)
    sampler = ProcessSampler(process.pid)
    returncode = process.wait()
    sampler.stop()
    stats = json.loads(stats_file.read_text()) if stats_file.exists() else {}

    def stat(key: str) -> int:
        return int(stats.get(f"newsspider/{key}", 0))

    failed = stat("workers/timeout") + stat("workers/crashed") + stat("bad_input/extraction_error")
    exported = len(out.read_text(encoding="utf-8").splitlines()) if out.exists() else 0
    return CrawlFigures(
        processed=stat("workers/done") + failed,
        exported=exported,
        failed=failed,
        seconds=float(stats.get("elapsed_time_seconds", 0.0)),
        peak_rss=sampler.peak,
        peak_pss=sampler.peak_pss,
        peaks=sampler.peaks,
        cpu=sampler.cpu,
        returncode=returncode,
    )


def start_site(aeb: Path, copies: int) -> tuple[subprocess.Popen[str], str, int]:
    """Start the bench site in its own process; its base URL and number of article URLs."""
    command = [sys.executable, "-m", "benchmarks.site", "--aeb", str(aeb), "--copies", str(copies)]
    site = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert site.stdout is not None
    ready = json.loads(site.stdout.readline())
    return site, ready["base_url"], ready["pages"]


def _cpu_seconds(process: psutil.Process) -> float:
    times = process.cpu_times()
    return times.user + times.system


def main() -> int:
    """Baseline, crawl, baseline again; print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--aeb", type=Path, default=ROOT.parent / "shared" / "bench" / "aeb")
    parser.add_argument("--copies", type=int, default=10, help="URLs per page (default 10)")
    parser.add_argument("-s", dest="settings", action="append", default=[], metavar="NAME=VALUE",
                        help="extra Scrapy setting for the crawl (repeatable)")  # fmt: skip
    args = parser.parse_args()
    pages = [html for _, html in aeb_sources(args.aeb)]
    site, base_url, urls = start_site(args.aeb, args.copies)
    try:
        server = psutil.Process(site.pid)
        before, cpu_before = baseline(pages)
        server_cpu = _cpu_seconds(server)
        with tempfile.TemporaryDirectory(prefix="newsspider-bench-") as tmp:
            extra = [arg for setting in args.settings for arg in ("-s", setting)]
            figures = crawl(base_url, Path(tmp), extra)
        server_cpu = _cpu_seconds(server) - server_cpu
        after, cpu_after = baseline(pages)
    finally:
        site.terminate()
        site.wait()
    print(f"make bench: {len(pages)} AEB pages x {args.copies} URLs = {urls} article URLs, "
          f"{os.cpu_count()} cores")  # fmt: skip
    cpu = statistics.mean([cpu_before, cpu_after])
    report((before, after), cpu, figures, server_cpu)
    if figures.returncode != 0:
        print(f"  the crawl exited with code {figures.returncode}", file=sys.stderr)
    return figures.returncode


def report(rates: tuple[float, float], cpu: float, figures: CrawlFigures, server: float) -> None:
    """Print the figures: the baseline's rates before and after the crawl, and CPU per page."""
    rate = statistics.mean(rates)
    pages = max(figures.processed, 1)
    crawl_cpu = sum(figures.cpu.values())
    print(f"  trafilatura.extract, one process:  {rate:6.1f} pages/s "
          f"(before the crawl {rates[0]:.1f}, after {rates[1]:.1f})")  # fmt: skip
    print(f"  scrapy crawl news:                 {figures.rate:6.1f} pages/s "
          f"({figures.processed} pages processed, {figures.exported} exported, "
          f"{figures.failed} failed, in {figures.seconds:.1f} s)")  # fmt: skip
    print(f"  ratio crawl / trafilatura:         {figures.rate / rate:6.2f}")
    print(f"  crawl peak RSS, all processes:     {figures.peak_rss / 2**20:6.0f} MB "
          f"(PSS, sampled once a second: {figures.peak_pss / 2**20:.0f} MB)")  # fmt: skip
    each = ", ".join(f"{name} {rss / 2**20:.0f}" for name, rss in figures.peaks.items())
    print(f"    (each process's own peak, MB: {each})")
    # CPU time depends less than pages per second on what else the machine runs.
    print(f"  CPU per page: trafilatura {1000 * cpu:.1f} ms; the crawl, all its processes and "
          f"its start-up, {1000 * crawl_cpu / pages:.1f} ms; the site server "
          f"{1000 * server / pages:.1f} ms")  # fmt: skip
    each = ", ".join(f"{name} {seconds:.1f}" for name, seconds in figures.cpu.items())
    print(f"    (CPU seconds of each crawl process: {each})")


if __name__ == "__main__":
    sys.exit(main())
