"""`scrapy state` on Redis, and `scrapy state --copy-to`: a real crawl's state, both ways."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsspider.state import LshParams, RedisStateStore, open_state_store
from tests.conftest import CRAWL_ENV, SCRAPY, run_crawl
from tests.mocksite import RunningSite, start_sites, stop_sites
from tests.mocksite.live import TRAM_PATH
from tests.redis_server import RedisServer


@pytest.fixture(scope="module")
def pair() -> Iterator[dict[str, RunningSite]]:
    """The "live" and "wire" sites (wire carries a copy of a live story)."""
    running = start_sites(["live", "wire"])
    yield running
    stop_sites(running)


def _state(location: str | Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [SCRAPY, "state", *args, "-s", f"NEWSSPIDER_STATE={location}"]
    return subprocess.run(
        command, check=False, cwd=Path(__file__).parent.parent, env=CRAWL_ENV,
        capture_output=True, text=True,
    )  # fmt: skip


def _dump(location: str | Path) -> list[str]:
    store = open_state_store(str(location))
    try:
        return sorted(map(repr, store.dump()))
    finally:
        store.close()


def test_a_crawl_state_copied_to_redis_and_back(
    pair: dict[str, RunningSite], redis_server: RedisServer, tmp_path: Path
) -> None:
    sqlite = tmp_path / "state.sqlite"
    live, wire = pair["live"].base_url, pair["wire"].base_url
    assert run_crawl(tmp_path / "live", "-a", f"site={live}/", state=sqlite).records
    assert run_crawl(tmp_path / "wire", "-a", f"site={wire}/", state=sqlite).returncode == 0
    url = redis_server.url

    copied = _state(sqlite, "--copy-to", url)
    assert copied.returncode == 0, copied.stderr
    assert copied.stdout.startswith("copied 4 article(s), 8 fetched URL(s) and ")
    assert copied.stdout.strip().endswith(f"from {sqlite} to {url}")
    assert _dump(url) == _dump(sqlite)

    # `scrapy state` says the same of both.
    for args in ([], [live + "/"], [wire + "/"]):
        on_file, on_redis = _state(sqlite, *args), _state(url, *args)
        assert on_redis.returncode == 0, on_redis.stderr
        assert on_redis.stdout == on_file.stdout.replace(str(sqlite), url)
    live_key = live.removeprefix("http://")
    assert f"{live_key}: 3 articles exported, 5 URLs fetched" in _state(url).stdout

    # A copy never merges: the destination must be empty.
    again = _state(sqlite, "--copy-to", url)
    assert again.returncode == 1
    assert again.stdout.strip() == (
        f"cannot copy to {url}: {url} is not empty: a copy goes into a new state file or an "
        "empty Redis database (forget its sites, or pick another)"
    )
    other = url.removesuffix("/0") + "/1"
    RedisStateStore(other, lsh=LshParams(num_perm=16, bands=4, rows=4)).close()
    refused = _state(sqlite, "--copy-to", other)
    assert refused.returncode == 1
    assert refused.stdout.startswith(f"cannot copy to {other}: the state at {other} indexes")

    # A crawl on the Redis copy knows everything: nothing new to export.
    # A crawl on a Redis state is a worker of a shared crawl: its default feed file (no -O).
    again = tmp_path / "again"
    second = run_crawl(again, "-a", f"site={live}/", state=url, output=None)  # type: ignore[arg-type]
    assert second.returncode == 0, second.log[-3000:]
    exported = [path.read_text() for path in (again / "output").glob("*.jsonl")]
    assert exported == [""]

    # And back into a new SQLite file, which then reads as the Redis state does.
    back = tmp_path / "back" / "state.sqlite"
    returned = _state(url, "--copy-to", str(back))
    assert returned.returncode == 0, returned.stderr
    assert _dump(back) == _dump(url)
    forgot = [_state(loc, "--forget-url", f"{live}{TRAM_PATH}") for loc in (url, back)]
    assert forgot[0].stdout == forgot[1].stdout
    assert forgot[0].stdout.startswith(f"forgot {live}{TRAM_PATH}: 1 article(s)")
    forgot = [_state(loc, live_key, "--forget") for loc in (url, back)]
    assert forgot[0].stdout == forgot[1].stdout
    assert _dump(back) == _dump(url)
