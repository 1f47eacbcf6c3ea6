"""`make demo`: serve the bundled fake news site on 127.0.0.1, crawl it, report the export."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRAPY = Path(sys.executable).parent / "scrapy"


def start_demo_site() -> tuple[subprocess.Popen[str], str]:
    """Start the demo site in its own process; return it and its base URL."""
    server = subprocess.Popen(
        [sys.executable, "-m", "tests.mocksite", "--site", "demo", "--port", "0"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert server.stdout is not None
    line = server.stdout.readline()
    if not line:
        server.kill()
        sys.exit("the demo site did not start; see the error above")
    return server, json.loads(line)["demo"]


def main() -> int:
    """Run the demo crawl and print how many articles it exported and where."""
    server, base_url = start_demo_site()
    started = time.time()
    stats_file = ROOT / "output" / "demo-stats.json"
    command = [
        str(SCRAPY), "crawl", "news", "-a", f"site={base_url}/",
        # Our own loopback site: no need to be polite to it.
        "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0",
        "-s", f"NEWSSPIDER_STATS_FILE={stats_file}", "-s", "LOG_LEVEL=WARNING",
        # Each demo serves the site on a new port: a kept state would find every story a
        # duplicate of the last demo's, so this crawl dedupes in memory only.
        "-s", "NEWSSPIDER_STATE=",
    ]  # fmt: skip
    print(f"Demo news site at {base_url}/ ; running: scrapy crawl news -a site={base_url}/")
    try:
        crawl = subprocess.run(command, cwd=ROOT, check=False)
    finally:
        server.terminate()
        server.wait(timeout=10)
    outputs = [p for p in (ROOT / "output").glob("news_*.jsonl") if p.stat().st_mtime >= started]
    if crawl.returncode != 0 or not outputs:
        print(f"the crawl failed (exit code {crawl.returncode})", file=sys.stderr)
        return 1
    output = max(outputs, key=lambda p: p.stat().st_mtime)
    records = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    for record in records:
        print(f"  {record['published'] or '':25.25}  {record['title']}")
    stats = json.loads(stats_file.read_text())
    skipped = sum(v for k, v in stats.items() if k.startswith("newsspider/pages/skipped/"))
    bad = sum(v for k, v in stats.items() if k.startswith("newsspider/bad_input/"))
    print(
        f"Exported {len(records)} articles to {output.relative_to(ROOT)} "
        f"({skipped} non-article pages skipped, {bad} bad inputs counted; "
        f"stats in {stats_file.relative_to(ROOT)})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
