"""Which archive files a reprocess run reads: local paths, http(s) URLs and path lists."""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from newsspider.archive.http_stream import HttpStream

# CC-NEWS names a file by the time its crawl started: CC-NEWS-20240131231514-01234.warc.gz.
_FILE_DATE = re.compile(r"(?<!\d)(\d{4})(\d{2})(\d{2})\d{6}(?!\d)")


def is_url(name: str) -> bool:
    """True for an http(s) URL (read over the network), False for a local path."""
    return urlsplit(name).scheme in {"http", "https"}


def file_date(name: str) -> date | None:
    """The date in an archive file's name (CC-NEWS: YYYYMMDDhhmmss), or None."""
    match = _FILE_DATE.search(name.rsplit("/", 1)[-1])
    if match is None:
        return None
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def parse_day(text: str, option: str) -> date:
    """A --from/--to value, YYYY-MM-DD or YYYYMMDD; ValueError says what is expected."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"{option} {text!r}: expected a date, YYYY-MM-DD") from None


def read_path_list(location: str) -> list[str]:
    """The entries of a path list (`warc.paths.gz` or plain text), local or over http(s)."""
    if is_url(location):
        with HttpStream(location) as stream:
            data = stream.read()
    else:
        data = Path(location).read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    lines = data.decode("utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


@dataclass(frozen=True)
class Selection:
    """A slice of a path list: file dates from/to (inclusive) and at most max_files files."""

    day_from: date | None = None
    day_to: date | None = None
    max_files: int = 0

    def apply(self, names: Iterable[str]) -> list[str]:
        """The names in the slice, in list order; a name with no date passes the date bounds."""
        chosen = []
        for name in names:
            day = file_date(name)
            if day is not None and self.day_from is not None and day < self.day_from:
                continue
            if day is not None and self.day_to is not None and day > self.day_to:
                continue
            chosen.append(name)
            if self.max_files and len(chosen) >= self.max_files:
                break
        return chosen


def archive_names(
    files: Sequence[str], path_lists: Sequence[str], base_url: str, selection: Selection
) -> list[str]:
    """Every archive to read: the files given, then each path list's entries joined to base_url."""
    names = list(files)
    for location in path_lists:
        names += [
            entry if is_url(entry) else urljoin(base_url, entry.lstrip("/"))
            for entry in read_path_list(location)
        ]
    return selection.apply(dict.fromkeys(names))
