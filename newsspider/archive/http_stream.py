"""HttpStream: a file over http(s) read as a stream, reconnecting at the byte where it broke."""

from __future__ import annotations

import http.client
import io
import logging
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from types import TracebackType

from newsspider.settings import (
    NEWSSPIDER_ARCHIVE_RETRIES,
    NEWSSPIDER_ARCHIVE_RETRY_DELAY,
    NEWSSPIDER_ARCHIVE_TIMEOUT,
)
from newsspider.version import __version__

logger = logging.getLogger(__name__)
_CHUNK = 1024 * 1024
# A 4xx answer will not change on a retry (408 and 429 are the exceptions: they may).
_FINAL_STATUSES = frozenset(range(400, 500)) - {408, 429}


class ArchiveUnavailable(OSError):
    """The file could not be read to its end within the retries (or the server refused it)."""


class HttpStream(io.RawIOBase):
    """Read an http(s) file from byte `start` on, never holding more than one read in memory.

    A connection that breaks (reset, timeout, cut short) is opened again at the byte where
    reading stopped, with an HTTP Range request; a server that ignores Range sends the file from
    its start again and the bytes already read are skipped. Up to `retries` attempts in a row,
    waiting `retry_delay` seconds, then twice as long each time; `on_retry` is told of each.
    """

    def __init__(
        self,
        url: str,
        start: int = 0,
        *,
        retries: int = NEWSSPIDER_ARCHIVE_RETRIES,
        retry_delay: float = NEWSSPIDER_ARCHIVE_RETRY_DELAY,
        timeout: float = NEWSSPIDER_ARCHIVE_TIMEOUT,
        on_retry: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__()
        self.url = url
        self.position = start
        self.retries = retries
        self.retry_delay = retry_delay
        self.timeout = timeout
        self.on_retry = on_retry
        self.ranges_honoured: bool | None = None
        self._response: http.client.HTTPResponse | None = None
        self._at_end = False
        self._failures = 0

    def readable(self) -> bool:
        """A stream to read."""
        return True

    # FastWARC asks where the stream is (its records' offsets); it never moves it.
    def seekable(self) -> bool:
        """Only to say where it is: tell() works, seek() only to where the stream is."""
        return True

    def tell(self) -> int:
        """The byte of the file the stream is at."""
        return self.position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        """Stay where the stream is (the only move it allows)."""
        if (whence, offset) in {(io.SEEK_CUR, 0), (io.SEEK_SET, self.position)}:
            return self.position
        raise io.UnsupportedOperation("an http stream is read in order")

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        """Fill `buffer` from the file; 0 at its end."""
        while not self._at_end:
            try:
                response = self._response or self._open()
                # read1: what has come, not a full buffer (a reset would lose a partial one).
                data = response.read1(len(buffer)) if response is not None else b""
                count = len(data)
                buffer[:count] = data
                # Closed before Content-Length bytes came: broken, not the end.
                if count == 0 and response is not None and response.length:
                    raise http.client.IncompleteRead(b"", response.length)
            except (OSError, http.client.HTTPException) as error:
                self._broken(error)
                continue
            self.position += count
            self._failures = 0
            self._at_end = count == 0
            return count
        return 0

    def _open(self) -> http.client.HTTPResponse | None:
        headers = {"User-Agent": f"newsspider/{__version__}"}
        if self.position:
            headers["Range"] = f"bytes={self.position}-"
        request = urllib.request.Request(self.url, headers=headers)
        try:
            response: http.client.HTTPResponse = urllib.request.urlopen(
                request, timeout=self.timeout
            )
        except urllib.error.HTTPError as error:
            if error.code == 416:  # the range starts at the end: nothing is left to read
                error.close()
                self._at_end = True
                return None
            if error.code in _FINAL_STATUSES:
                error.close()
                raise ArchiveUnavailable(f"{self.url}: HTTP {error.code}") from None
            raise
        self.ranges_honoured = response.status == 206 or not self.position
        if not self.ranges_honoured:
            _skip(response, self.position)
        self._response = response
        return response

    def _broken(self, error: Exception) -> None:
        if isinstance(error, ArchiveUnavailable):
            raise error
        self._close_response()
        self._failures += 1
        if self._failures > self.retries:
            raise ArchiveUnavailable(
                f"{self.url}: {error!r} (gave up after {self.retries} retries)"
            ) from error
        delay = self.retry_delay * 2 ** (self._failures - 1)
        reason = (
            f"{type(error).__name__} at byte {self.position}; retry {self._failures} in {delay:g} s"
        )
        logger.info("Archive %s: %s", self.url, reason)
        if self.on_retry is not None:
            self.on_retry(reason)
        time.sleep(delay)

    def _close_response(self) -> None:
        if self._response is not None:
            self._response.close()
            self._response = None

    def close(self) -> None:
        """Close the connection."""
        self._close_response()
        super().close()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def _skip(response: http.client.HTTPResponse, count: int) -> None:
    """Read and drop `count` bytes: the server sent the file from its start."""
    while count > 0:
        chunk = response.read(min(count, _CHUNK))
        if not chunk:
            raise http.client.IncompleteRead(b"", count)
        count -= len(chunk)
