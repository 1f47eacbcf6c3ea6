"""Feed exporters for what Scrapy's FEEDS lacks: Parquet, and CSV with a documented list join."""

from __future__ import annotations

import json
from typing import IO, Any

from scrapy.crawler import Crawler
from scrapy.exporters import BaseItemExporter
from scrapy.exporters import CsvItemExporter as ScrapyCsvItemExporter
from scrapy.utils.misc import build_from_crawler, load_object

# How CSV cells hold list fields (authors, tags): the items joined by this separator.
CSV_LIST_SEPARATOR = " | "
# Scrapy loads every FEED_EXPORTERS class when a crawl starts; pyarrow alone would add 60 MB
# to every crawl's memory, Parquet or not. So the class named there only loads the real one
# (newsspider.export.parquet_exporter) when a feed asks for Parquet.
PARQUET_EXPORTER = "newsspider.export.parquet_exporter.ParquetItemExporter"


class ParquetItemExporter:
    """FEED_EXPORTERS `parquet`: loads the pyarrow exporter only when a feed uses it."""

    @classmethod
    def from_crawler(cls, crawler: Crawler, file: IO[bytes], **kwargs: Any) -> BaseItemExporter:
        """The pyarrow-based exporter, built as Scrapy would build it."""
        exporter: BaseItemExporter = build_from_crawler(
            load_object(PARQUET_EXPORTER), crawler, file, **kwargs
        )
        return exporter


class CsvItemExporter(ScrapyCsvItemExporter):
    """FEED_EXPORTERS `csv`: Scrapy's CSV, list fields joined, object fields (signals) as JSON."""

    def __init__(self, file: Any, *, join_multivalued: str = CSV_LIST_SEPARATOR, **kwargs: Any):
        super().__init__(file, join_multivalued=join_multivalued, **kwargs)

    def _join_if_needed(self, value: Any) -> Any:
        # Python's repr of a dict is no format another tool reads; JSON is.
        if isinstance(value, dict):
            return json.dumps(value, ensure_ascii=False, sort_keys=True)
        return super()._join_if_needed(value)
