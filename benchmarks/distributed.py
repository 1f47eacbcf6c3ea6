"""`make bench-distributed`: 1, 2 and 3 workers of one shared crawl of the `make bench` site.

For each worker count: a fresh redis-server of its own (free loopback port, AOF on, everysec),
the bench site (AEB pages under `--copies` URLs each) in its own process, and N `scrapy crawl
news -s NEWSSPIDER_STATE=redis://...` processes started together at full speed (no delay, no
AutoThrottle). Timed from the first worker's start to the last one's exit (which includes
NEWSSPIDER_IDLE_TIMEOUT, set to 2 s here, at the end of the run), and to the last export.
Printed per run: pages per second, CPU per page over every worker process, Redis round trips
per page (commands clients sent: a Lua script call is one) and Redis operations per page (those
inside Lua scripts too), both counted with MONITOR, and Redis memory per 1,000 exported
articles: all of it, and what stays once the run's queue and seen-set are gone (the state).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import redis

from benchmarks.throughput import FULL_SPEED, ProcessSampler, start_site
from tests.redis_server import RedisServer

ROOT = Path(__file__).resolve().parent.parent
SCRAPY = str(Path(sys.executable).parent / "scrapy")
# The run ends this long after the last request: short, so it weighs little in the timing.
IDLE_TIMEOUT_S = 2


@dataclass
class FleetRun:
    """What one shared crawl with N workers did."""

    workers: int
    processes_each: int
    urls: int
    exported: int
    per_worker: list[int]
    seconds: float
    to_last_export: float
    cpu: float
    commands: int
    operations: int
    memory: int
    state_memory: int
    codes: list[int]
    busiest: list[tuple[int, str]]


class CommandCounter(threading.Thread):
    """Counts Redis commands with MONITOR: those clients sent (round trips) and those Lua ran."""

    def __init__(self, server: RedisServer) -> None:
        super().__init__(daemon=True)
        self.client = server.client()
        self.sent: Counter[str] = Counter()
        self.scripted: Counter[str] = Counter()
        self._monitor = self.client.monitor()  # type: ignore[no-untyped-call]
        self._monitor.__enter__()

    def run(self) -> None:
        """Read the monitor stream until the server goes."""
        try:
            while True:
                command = self._monitor.next_command()
                name = str(command["command"]).split(" ", 1)[0].strip('"').lower()
                target = self.scripted if command.get("client_type") == "lua" else self.sent
                target[name] += 1
        except (redis.RedisError, OSError, ValueError):
            return


def run_fleet(base_url: str, urls: int, workers: int, tmp: Path) -> FleetRun:
    """Start the workers on a fresh Redis, wait for all of them to exit, read Redis's figures."""
    server = RedisServer(tmp / "redis").start()
    try:
        client = server.client()
        memory_before = int(client.info("memory")["used_memory"])
        counter = CommandCounter(server)
        counter.start()
        env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "newsspider.settings"}
        processes, samplers = [], []
        # N workers on one machine share its cores, as a user would set them up.
        processes_each = max(1, (os.cpu_count() or 1) // workers)
        started = time.perf_counter()
        for number in range(workers):
            workdir = tmp / f"worker-{number}"
            workdir.mkdir()
            command = [SCRAPY, "crawl", "news", "-a", f"site={base_url}/", *FULL_SPEED,
                       "-s", f"NEWSSPIDER_STATE={server.url}",
                       "-s", f"NEWSSPIDER_IDLE_TIMEOUT={IDLE_TIMEOUT_S}",
                       "-s", f"LOG_FILE={workdir / 'crawl.log'}",
                       "-s", f"NEWSSPIDER_WORKERS_PROCESSES={processes_each}",
                       "-s", "NEWSSPIDER_REPORT_DIR="]  # fmt: skip
            process = subprocess.Popen(command, cwd=workdir, env=env)
            processes.append(process)
            samplers.append(ProcessSampler(process.pid, interval=0.5))
        codes = [process.wait() for process in processes]
        seconds = time.perf_counter() - started
        for sampler in samplers:
            sampler.stop()
        files = [sorted((tmp / f"worker-{n}" / "output").glob("*.jsonl")) for n in range(workers)]
        per_worker = [sum(len(path.read_bytes().splitlines()) for path in paths) for paths in files]
        last_export = max(
            (path.stat().st_mtime for paths in files for path in paths), default=time.time()
        )
        to_last_export = seconds - (time.time() - last_export) - IDLE_TIMEOUT_S
        time.sleep(0.5)  # the monitor's last lines
        commands = sum(counter.sent.values())
        operations = commands + sum(counter.scripted.values())
        busiest = [(calls, name) for name, calls in counter.sent.most_common(8)]
        memory = int(client.info("memory")["used_memory"]) - memory_before
        # What outlives the run: drop its queue, seen-set and heartbeats (they expire in a day).
        for key in client.scan_iter("newsspider:crawl:*"):
            client.delete(key)
        for key in client.scan_iter("newsspider:politeness:*"):
            client.delete(key)
        state_memory = int(client.info("memory")["used_memory"]) - memory_before
        return FleetRun(
            workers=workers,
            processes_each=processes_each,
            urls=urls,
            exported=sum(per_worker),
            per_worker=per_worker,
            seconds=seconds,
            to_last_export=to_last_export,
            cpu=sum(sum(sampler.cpu.values()) for sampler in samplers),
            commands=commands,
            operations=operations,
            memory=memory,
            state_memory=state_memory,
            codes=codes,
            busiest=busiest,
        )
    finally:
        server.stop()


def report(run: FleetRun) -> None:
    """Print one run's figures."""
    pages = max(run.urls, 1)
    articles = max(run.exported, 1)
    print(f"  {run.workers} worker(s), {run.processes_each} extraction process(es) each: "
          f"{run.urls / run.seconds:6.1f} pages/s start to exit "
          f"({run.seconds:.1f} s; {run.urls / max(run.to_last_export, 0.1):.1f} pages/s to the "
          f"last export), exported {run.exported} ({' + '.join(map(str, run.per_worker))}), "
          f"exit codes {run.codes}")  # fmt: skip
    print(f"    CPU per page, all worker processes: {1000 * run.cpu / pages:.1f} ms; "
          f"Redis round trips per page {run.commands / pages:.1f}, "
          f"operations per page {run.operations / pages:.1f}")  # fmt: skip
    each = ", ".join(f"{name} {calls / pages:.2f}"
                     for calls, name in run.busiest)  # fmt: skip
    print(f"    Redis round trips per page, by command: {each}")
    print(f"    Redis memory: {run.memory / 2**20:.1f} MB at the end of the run, "
          f"{run.state_memory / 2**20:.1f} MB once its queue and seen-set are gone (the state: "
          f"{run.state_memory / pages * 1000 / 2**20:.2f} MB per 1,000 URLs fetched, "
          f"{run.state_memory / articles * 1000 / 2**20:.2f} MB per 1,000 articles "
          "exported)")  # fmt: skip


def main() -> int:
    """Each worker count in turn, on the same site; 1 if any worker failed."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--aeb", type=Path, default=ROOT.parent / "shared" / "bench" / "aeb")
    parser.add_argument("--copies", type=int, default=10, help="URLs per AEB page (default 10)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 3])
    args = parser.parse_args()
    # Page by page: the last distinct text comes near the end, so "to the last export" is
    # nearly the whole crawl less the idle timeout.
    site, base_url, urls = start_site(args.aeb, args.copies, "--page-by-page")
    failed = False
    try:
        print(f"make bench-distributed: {urls} article URLs ({args.copies} per AEB page), "
              f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}")  # fmt: skip
        for workers in args.workers:
            with tempfile.TemporaryDirectory(prefix="newsspider-fleet-") as tmp:
                run = run_fleet(base_url, urls, workers, Path(tmp))
            report(run)
            failed = failed or any(run.codes)
    finally:
        site.terminate()
        site.wait()
    print(json.dumps({"load_average_after": os.getloadavg()[0]}))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
