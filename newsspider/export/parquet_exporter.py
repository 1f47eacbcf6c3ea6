"""ParquetItemExporter: typed Parquet columns from the record's JSON Schema (pyarrow)."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import IO, Any

import pyarrow as pa
import pyarrow.parquet as pq
from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exporters import BaseItemExporter

from newsspider.items import load_schema
from newsspider.settings import NEWSSPIDER_PARQUET_COMPRESSION, NEWSSPIDER_PARQUET_ROW_GROUP_SIZE

logger = logging.getLogger(__name__)

# ISO 8601 strings in JSON; real timestamps in Parquet (the instant, kept in UTC).
TIMESTAMP_FIELDS = frozenset({"published", "modified", "fetched_at"})
TIMESTAMP = pa.timestamp("us", tz="UTC")
_ARROW_TYPES = {"string": pa.string(), "integer": pa.int64(), "number": pa.float64(),
                "boolean": pa.bool_()}  # fmt: skip


def _arrow_type(name: str, spec: Mapping[str, Any]) -> tuple[pa.DataType, bool]:
    types = spec["type"] if isinstance(spec["type"], list) else [spec["type"]]
    nullable = "null" in types
    (kind,) = [kind for kind in types if kind != "null"]
    if name in TIMESTAMP_FIELDS:
        # Nullable even for fetched_at: a value that is no date must not sink a row group.
        return TIMESTAMP, True
    if kind == "object":
        # A struct column (signals): each number its own typed, queryable sub-column.
        members = [
            pa.field(key, *_arrow_type(f"{name}.{key}", member))
            for key, member in spec["properties"].items()
        ]
        return pa.struct(members), nullable
    if kind == "array":
        item_type, _ = _arrow_type(name + ".item", spec["items"])
        return pa.list_(item_type), nullable
    return _ARROW_TYPES[kind], nullable


def arrow_schema(json_schema: Mapping[str, Any]) -> pa.Schema:
    """Parquet columns from the record's JSON Schema: its fields, in order, with real types."""
    fields = []
    for name, spec in json_schema["properties"].items():
        arrow_type, nullable = _arrow_type(name, spec)
        fields.append(pa.field(name, arrow_type, nullable=nullable))
    return pa.schema(fields)


def to_timestamp(value: object) -> datetime | None:
    """An ISO 8601 string as an aware datetime; no offset is read as UTC, a bare day as 00:00."""
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


class ParquetItemExporter(BaseItemExporter):
    """FEED_EXPORTERS `parquet`: typed columns; a row group every N items keeps memory bounded."""

    def __init__(
        self,
        file: IO[bytes],
        *,
        row_group_size: int = NEWSSPIDER_PARQUET_ROW_GROUP_SIZE,
        compression: str = NEWSSPIDER_PARQUET_COMPRESSION,
        schema: pa.Schema | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(dont_fail=True, **kwargs)
        self.file = file
        self.row_group_size = max(1, row_group_size)
        self.compression = compression
        full = schema if schema is not None else arrow_schema(load_schema())
        self.columns = self._columns(full)
        self.schema = pa.schema(
            [full.field(source).with_name(column) for source, column in self.columns]
        )
        self.rows: list[dict[str, Any]] = []
        self.writer: pq.ParquetWriter | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler, file: IO[bytes], **kwargs: Any) -> ParquetItemExporter:
        """Read NEWSSPIDER_PARQUET_ROW_GROUP_SIZE and NEWSSPIDER_PARQUET_COMPRESSION once."""
        settings = crawler.settings
        return cls(
            file,
            row_group_size=settings.getint("NEWSSPIDER_PARQUET_ROW_GROUP_SIZE"),
            compression=settings.get("NEWSSPIDER_PARQUET_COMPRESSION"),
            **kwargs,
        )

    def _columns(self, schema: pa.Schema) -> list[tuple[str, str]]:
        # FEED_EXPORT_FIELDS may pick columns (a list) or also rename them (a dict).
        wanted = self.fields_to_export
        if wanted is None:
            return [(name, name) for name in schema.names]
        if isinstance(wanted, Mapping):
            return list(wanted.items())
        return [(name, name) for name in wanted]

    def start_exporting(self) -> None:
        """Write the Parquet header; rows follow in row groups."""
        self.writer = pq.ParquetWriter(self.file, self.schema, compression=self.compression)

    def export_item(self, item: Any) -> None:
        """Buffer the item's row; write a row group once row_group_size rows are waiting."""
        adapter = ItemAdapter(item)
        row = {}
        for source, column in self.columns:
            value = adapter.get(source)
            if source in TIMESTAMP_FIELDS:
                moment = to_timestamp(value)
                if moment is None and value is not None:
                    logger.warning("Not a date in %s of %s: %r", source, adapter.get("url"), value)
                value = moment
            row[column] = value
        self.rows.append(row)
        if len(self.rows) >= self.row_group_size:
            self._write_row_group()

    def finish_exporting(self) -> None:
        """Write the last row group and the footer; the file itself stays open for the storage."""
        self._write_row_group()
        assert self.writer is not None
        self.writer.close()

    def _write_row_group(self) -> None:
        if not self.rows:
            return
        assert self.writer is not None
        self.writer.write_table(pa.Table.from_pylist(self.rows, schema=self.schema))
        self.rows = []
