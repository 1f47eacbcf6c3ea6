"""Command line: serve mock sites until SIGTERM or SIGINT, after printing their URLs as JSON."""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from collections.abc import Sequence
from types import FrameType

from .server import start_sites, stop_sites
from .sites import SITES


def main(argv: Sequence[str] | None = None) -> int:
    """Run `python -m tests.mocksite --site demo [--site guess] [--port N]`."""
    parser = argparse.ArgumentParser(
        prog="python -m tests.mocksite",
        description="Serve fake news sites on loopback; print {name: base_url} as one JSON line.",
    )
    parser.add_argument(
        "--site", dest="sites", action="append", required=True, choices=sorted(SITES)
    )
    parser.add_argument("--port", type=int, default=0, help="fixed port (one site only)")
    parser.add_argument("--host", default="127.0.0.1")
    args = parser.parse_args(argv)
    sites = list(dict.fromkeys(args.sites))
    if args.port and len(sites) > 1:
        parser.error("--port can only be used with a single --site")

    stopping = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stopping.set()

    # Installed before serving so an early SIGTERM still ends in a clean exit.
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        running = start_sites(sites, host=args.host, port=args.port)
    except OSError as exc:
        print(f"mocksite: cannot listen: {exc}", file=sys.stderr)
        return 1
    print(json.dumps({name: run.base_url for name, run in running.items()}), flush=True)
    try:
        # A timed wait keeps the main thread responsive to signals on every platform.
        while not stopping.wait(0.2):
            pass
    finally:
        stop_sites(running)
    return 0


if __name__ == "__main__":
    sys.exit(main())
