"""Why a record is dropped: the DropItem subclasses, each counted and logged per reason."""

from __future__ import annotations

from typing import Any

from scrapy import Spider
from scrapy.exceptions import DropItem
from scrapy.http import Response
from scrapy.logformatter import LogFormatter, LogFormatterResult
from twisted.python.failure import Failure


class DuplicateDropped(DropItem):
    """A record dropped as a duplicate; logged at DEBUG with the URL it duplicates."""

    def __init__(self, reason: str, duplicate_of: str, source_url: str, detail: str = "") -> None:
        super().__init__(
            f"duplicate ({reason}{detail}) of {duplicate_of}: {source_url}", log_level="DEBUG"
        )
        self.reason = reason
        self.duplicate_of = duplicate_of


class InvalidRecord(DropItem):
    """A record that does not match the JSON Schema; `reason` names the field and the rule."""

    def __init__(self, reason: str, message: str) -> None:
        # DEBUG: the one-line WARNING below already names the URL; Scrapy's default drop
        # message would dump the whole record.
        super().__init__(f"invalid record ({reason}): {message}", log_level="DEBUG")
        self.reason = reason


class ReservedDropped(DropItem):
    """A record its publisher reserved from text and data mining (NEWSSPIDER_TDM=skip)."""

    def __init__(self, source_url: str, sources: list[str]) -> None:
        super().__init__(
            f"reserved from mining ({', '.join(sources)}): {source_url}", log_level="DEBUG"
        )
        self.sources = sources


class StateRefused(DropItem):
    """A record the state store refused to record (Redis gone, or this worker taken for dead).

    Not an outcome: in a shared crawl its request stays unacknowledged and is redone.
    """

    def __init__(self, source_url: str, why: str) -> None:
        super().__init__(f"not recorded, the state refused it ({why}): {source_url}",
                         log_level="WARNING")  # fmt: skip


OWN_DROPS = (DuplicateDropped, InvalidRecord, ReservedDropped, StateRefused)


class DropLogFormatter(LogFormatter):
    """Scrapy's log lines (LOG_FORMATTER), a dropped record's being one line without the record."""

    def dropped(
        self,
        item: Any,
        exception: BaseException,
        response: Response | Failure | None,
        spider: Spider,
    ) -> LogFormatterResult:
        """Scrapy's line; ours without the record (their messages name its URL)."""
        result = super().dropped(item, exception, response, spider)
        # The message as text, not the exception: Scrapy keeps these keywords in a variable of
        # the frame that the exception's traceback holds, and with the exception among them
        # each dropped record (its text included) would wait in a reference cycle for the
        # garbage collector instead of being freed at once.
        result["args"] = {"exception": str(exception), "item": item}
        if isinstance(exception, OWN_DROPS):
            result["msg"] = "Dropped: %(exception)s"
        return result
