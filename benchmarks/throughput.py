"""`make bench`: the whole crawl against a plain trafilatura process, on the same pages, as paid.

For each size (URLs per AEB page: 10 gives about 1,800 URLs, 100 about 18,000), serves the AEB
pages from a separate process on loopback, crawls that site with `scrapy crawl news` at full
speed (no delay, no AutoThrottle; dedupe, state and export as in any crawl), and runs plain
`trafilatura.extract(html, include_comments=False)` over exactly the same pages in a process of
its own. Both are timed from process start to exit; the loop's warm rate (after its first pass)
is printed too. CPU time per page is the sum over every process of each side (the crawl's
workers and forkserver included); peak and final resident memory are given for each process.
Last, Scrapy's own floor: a plain spider that only downloads the same pages.
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
    finals: dict[str, int]
    cpu: dict[str, float]
    returncode: int

    def rate(self, urls: int) -> float:
        """Article URLs per second, from the process's start to its exit."""
        return urls / self.seconds if self.seconds else 0.0


@dataclass
class LoopFigures:
    """What one plain trafilatura process did."""

    pages: int
    seconds: float
    cpu: float
    warm_rate: float
    peak_rss: int
    final_rss: int


def plain_loop(aeb: Path, copies: int) -> LoopFigures:
    """Run benchmarks.plain_loop as its own process, timed from its start to its exit."""
    command = [sys.executable, "-m", "benchmarks.plain_loop", "--aeb", str(aeb),
               "--copies", str(copies)]  # fmt: skip
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    sampler = ProcessSampler(process.pid)
    output, _ = process.communicate()
    seconds = time.perf_counter() - started
    sampler.stop()
    figures = json.loads(output.strip().splitlines()[-1])
    return LoopFigures(
        pages=figures["pages"],
        seconds=seconds,
        cpu=sum(sampler.cpu.values()),
        warm_rate=figures["warm_rate"],
        peak_rss=max(sampler.peaks.values(), default=0),
        final_rss=max(sampler.finals.values(), default=0),
    )


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
        self.finals: dict[str, int] = {}  # per process: its RSS when last seen
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
                    if rss:  # an exited process not yet reaped reads as 0
                        self.finals[name] = rss
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


def plain_spider(base_url: str) -> tuple[float, float]:
    """Scrapy's own floor: benchmarks/plain_spider.py on the site; its seconds and CPU seconds."""
    command = [SCRAPY, "runspider", str(ROOT / "benchmarks" / "plain_spider.py"),
               "-a", f"site={base_url}", "-L", "WARNING"]  # fmt: skip
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, "SCRAPY_SETTINGS_MODULE": ""})
    sampler = ProcessSampler(process.pid)
    process.wait()
    seconds = time.perf_counter() - started
    sampler.stop()
    return seconds, sum(sampler.cpu.values())


def crawl(base_url: str, workdir: Path, extra: list[str]) -> CrawlFigures:
    """Run `scrapy crawl news` on the bench site and read its stats."""
    stats_file, out = workdir / "stats.json", workdir / "articles.jsonl"
    command = [SCRAPY, "crawl", "news", "-a", f"site={base_url}/", *FULL_SPEED,
               "-s", f"NEWSSPIDER_STATS_FILE={stats_file}",
               "-s", f"NEWSSPIDER_STATE={workdir / 'state.sqlite'}",
               "-s", f"LOG_FILE={workdir / 'crawl.log'}",
               "-O", str(out), *extra]  # fmt: skip
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "newsspider.settings"}
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=workdir, env=env)
    sampler = ProcessSampler(process.pid)
    returncode = process.wait()
    seconds = time.perf_counter() - started
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
        seconds=seconds,
        peak_rss=sampler.peak,
        peak_pss=sampler.peak_pss,
        peaks=sampler.peaks,
        finals=sampler.finals,
        cpu=sampler.cpu,
        returncode=returncode,
    )


def start_site(aeb: Path, copies: int, *options: str) -> tuple[subprocess.Popen[str], str, int]:
    """Start the bench site in its own process; its base URL and number of article URLs."""
    command = [sys.executable, "-m", "benchmarks.site", "--aeb", str(aeb), "--copies", str(copies),
               *options]  # fmt: skip
    site = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert site.stdout is not None
    ready = json.loads(site.stdout.readline())
    return site, ready["base_url"], ready["pages"]


def _cpu_seconds(process: psutil.Process) -> float:
    times = process.cpu_times()
    return times.user + times.system


def measure(aeb: Path, copies: int, extra: list[str]) -> int:
    """One size: the plain loop, the crawl, the loop again; print the figures; the exit code."""
    site, base_url, urls = start_site(aeb, copies)
    try:
        server = psutil.Process(site.pid)
        loops = [plain_loop(aeb, copies)]
        server_cpu = _cpu_seconds(server)
        with tempfile.TemporaryDirectory(prefix="newsspider-bench-") as tmp:
            figures = crawl(base_url, Path(tmp), extra)
        server_cpu = _cpu_seconds(server) - server_cpu
        loops.append(plain_loop(aeb, copies))
        floor = plain_spider(base_url)
    finally:
        site.terminate()
        site.wait()
    print(f"make bench: {urls // copies} AEB pages x {copies} URLs = {urls} article URLs, "
          f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}")  # fmt: skip
    report(urls, loops, figures, server_cpu)
    seconds, cpu = floor
    print(f"  Scrapy alone (benchmarks/plain_spider.py: download the pages, nothing more), "
          f"start to exit: {urls / seconds:.1f} pages/s, CPU per page "
          f"{1000 * cpu / urls:.1f} ms")  # fmt: skip
    if figures.returncode != 0:
        print(f"  the crawl exited with code {figures.returncode}", file=sys.stderr)
    return figures.returncode


def main() -> int:
    """Each size in turn; the exit code of the first crawl that failed, else 0."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--aeb", type=Path, default=ROOT.parent / "shared" / "bench" / "aeb")
    parser.add_argument("--copies", type=int, nargs="+", default=[10, 100],
                        help="URLs per page, one run per value (default 10 100)")  # fmt: skip
    parser.add_argument("-s", dest="settings", action="append", default=[], metavar="NAME=VALUE",
                        help="extra Scrapy setting for the crawl (repeatable)")  # fmt: skip
    args = parser.parse_args()
    extra = [arg for setting in args.settings for arg in ("-s", setting)]
    codes = [measure(args.aeb, copies, extra) for copies in args.copies]
    return next((code for code in codes if code), 0)


def report(urls: int, loops: list[LoopFigures], figures: CrawlFigures, server: float) -> None:
    """Print both sides' rates (process start to exit), CPU per page and memory per process."""
    rate = statistics.mean(loop.pages / loop.seconds for loop in loops)
    warm = statistics.mean(loop.warm_rate for loop in loops)
    loop_cpu = statistics.mean(loop.cpu / loop.pages for loop in loops)
    crawl_rate = figures.rate(urls)
    crawl_cpu = sum(figures.cpu.values()) / urls
    print(f"  trafilatura loop, start to exit:   {rate:6.1f} pages/s "
          f"(before the crawl {loops[0].pages / loops[0].seconds:.1f}, "
          f"after {loops[1].pages / loops[1].seconds:.1f}); warm {warm:.1f} pages/s")  # fmt: skip
    print(f"  scrapy crawl news, start to exit:  {crawl_rate:6.1f} pages/s "
          f"({figures.processed} pages extracted for {urls} article URLs, "
          f"{figures.exported} exported, {figures.failed} failed, "
          f"in {figures.seconds:.1f} s)")  # fmt: skip
    against_warm = f"{crawl_rate / warm:.2f}" if warm else "n/a: one pass only"
    print(f"  ratio crawl / loop:                {crawl_rate / rate:6.2f} "
          f"(against the warm loop {against_warm})")  # fmt: skip
    # CPU time depends less than pages per second on what else the machine runs.
    print(f"  CPU per page: loop {1000 * loop_cpu:.1f} ms; crawl, all its processes, "
          f"{1000 * crawl_cpu:.1f} ms ({crawl_cpu / loop_cpu:.2f}x); the site server "
          f"{1000 * server / urls:.1f} ms")  # fmt: skip
    each = ", ".join(f"{name} {seconds:.1f}" for name, seconds in figures.cpu.items())
    print(f"    (CPU seconds of each crawl process: {each})")
    print(f"  crawl peak RSS, all processes:     {figures.peak_rss / 2**20:6.0f} MB "
          f"(PSS, sampled once a second: {figures.peak_pss / 2**20:.0f} MB)")  # fmt: skip
    each = ", ".join(
        f"{name} {figures.peaks[name] / 2**20:.0f}/{figures.finals.get(name, 0) / 2**20:.0f}"
        for name in figures.peaks
    )
    print(f"    (each process's peak/final RSS, MB: {each})")
    print(f"  loop peak/final RSS, MB: {loops[-1].peak_rss / 2**20:.0f}/"
          f"{loops[-1].final_rss / 2**20:.0f}")  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
