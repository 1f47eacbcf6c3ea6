"""Where a reprocess run may restart a file, and the figures of its progress lines."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

# The state store's key-value namespace for archive files: key the file's name (URL or
# absolute path), value {"done": true} or {"offset": byte where the run restarts}.
FILES_NAMESPACE = "reprocess_files"


@dataclass
class FileLedger:
    """The records of one archive file that are read but not settled yet (not final in the output).

    A record is settled when it gives no record to export, when its record is dropped, or when
    its export is final (its feed file complete). A re-run restarts the file at the first record
    not settled: the records before it are in the output or never will be.
    """

    name: str
    restart: int = 0
    read_all: bool = False
    _open: dict[int, int] = field(default_factory=dict)  # record number -> its byte offset
    _count: int = 0
    _last: int = 0

    def read(self, offset: int) -> int:
        """A record starting at `offset` is read: its number, to settle it with."""
        self._count += 1
        self._open[self._count] = self._last = offset
        return self._count

    def settle(self, number: int) -> None:
        """The record's outcome is final."""
        self._open.pop(number, None)
        # With all settled, a restart reads the last record read once more, at worst.
        self.restart = self._open[next(iter(self._open))] if self._open else self._last

    @property
    def last_offset(self) -> int:
        """Where the last record read starts."""
        return self._last

    @property
    def finished(self) -> bool:
        """Read to its end and every record settled."""
        return self.read_all and not self._open


@dataclass
class Progress:
    """The run's figures: files, records, exports, rate and time left."""

    files_listed: int
    files_done: int = 0
    records: int = 0
    exported: int = 0
    started: float = field(default_factory=time.monotonic)

    def rate(self) -> float:
        """Records read per second since the run started."""
        elapsed = time.monotonic() - self.started
        return self.records / elapsed if elapsed > 0 else 0.0

    def seconds_left(self) -> float | None:
        """Time left at the pace of the files done so far; None before the first is done."""
        if not self.files_done:
            return None
        elapsed = time.monotonic() - self.started
        return elapsed * (self.files_listed - self.files_done) / self.files_done

    def line(self) -> str:
        """The progress log line."""
        left = self.seconds_left()
        return (
            f"{self.files_done} of {self.files_listed} files done, {self.records} records read, "
            f"{self.exported} pages exported, {self.rate():.0f} records/s, "
            f"time left {'unknown' if left is None else _duration(left)}"
        )


def _duration(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m" if hours else f"{minutes}m{secs:02d}s"
