"""The baseline of `make bench`: plain `trafilatura.extract` over the bench pages, one process.

`python -m benchmarks.plain_loop --aeb DIR --copies N` extracts every AEB page N times (the
crawl fetches each under N URLs), so both sides do the same pages, and prints one JSON line:
pages, the seconds and CPU seconds of the extraction loop, and the warm rate (the loop after
its first pass over the pages, which pays trafilatura's first-use set-up). The caller times the
whole process, from start to exit, as it times the crawl.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import trafilatura

from benchmarks.site import aeb_sources


def main(argv: Sequence[str] | None = None) -> int:
    """Extract every page `copies` times; print the loop's figures as JSON."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.plain_loop", description=__doc__)
    parser.add_argument("--aeb", type=Path, required=True)
    parser.add_argument("--copies", type=int, default=10)
    args = parser.parse_args(argv)
    pages = [html for _, html in aeb_sources(args.aeb)]
    started, cpu_started = time.perf_counter(), time.process_time()
    warm_started = started
    for copy in range(args.copies):
        if copy == 1:
            warm_started = time.perf_counter()
        for html in pages:
            trafilatura.extract(html, include_comments=False)
    ended = time.perf_counter()
    warm_pages = len(pages) * (args.copies - 1)
    figures = {
        "pages": len(pages) * args.copies,
        "loop_seconds": ended - started,
        "loop_cpu_seconds": time.process_time() - cpu_started,
        "warm_rate": warm_pages / (ended - warm_started) if warm_pages else 0.0,
    }
    print(json.dumps(figures), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
