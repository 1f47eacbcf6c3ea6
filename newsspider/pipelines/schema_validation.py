"""SchemaValidationPipeline: every record is checked against schema/article.schema.json."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import fastjsonschema
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.statscollectors import StatsCollector

from newsspider.drops import InvalidRecord
from newsspider.items import load_schema, record_fields
from newsspider.stats import inc_stat

logger = logging.getLogger(__name__)


def invalid_reason(error: ValidationError) -> str:
    """`<field>/<keyword>` for a schema violation, e.g. `published/pattern`, `title/required`."""
    instance, rule, schema = error.instance, error.validator_value, error.schema
    if error.validator == "required" and isinstance(instance, dict) and isinstance(rule, list):
        missing = [name for name in rule if name not in instance]
        return f"{missing[0] if missing else 'record'}/required"
    if error.validator == "additionalProperties" and isinstance(instance, dict):
        known = schema.get("properties", {}) if isinstance(schema, dict) else {}
        extra = sorted(name for name in instance if name not in known)
        return f"{extra[0] if extra else 'record'}/unknown_field"
    field = str(error.absolute_path[0]) if error.absolute_path else "record"
    return f"{field}/{error.validator}"


class SchemaValidationPipeline:
    """Drop records that break the JSON Schema; off with NEWSSPIDER_SCHEMA_ENABLED=False."""

    def __init__(self, schema: dict[str, Any], stats: StatsCollector | None = None) -> None:
        # Not Draft202012Validator.check_schema(schema) here: the schema is the one shipped with
        # the package, checked against the metaschema by the tests, not once more in every crawl.
        self.validator = Draft202012Validator(schema)
        # The schema compiled to Python code: a record's check costs microseconds on the reactor
        # thread instead of a fraction of a millisecond. jsonschema stays the judge: it names
        # the reason of a failure, and a record it finds valid passes.
        self.is_valid = _compiled(schema)
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SchemaValidationPipeline:
        """Build from settings; NotConfigured when NEWSSPIDER_SCHEMA_ENABLED is false."""
        if not crawler.settings.getbool("NEWSSPIDER_SCHEMA_ENABLED"):
            raise NotConfigured("NEWSSPIDER_SCHEMA_ENABLED is false")
        return cls(load_schema(), crawler.stats)

    def process_item(self, item: Any) -> Any:
        """Pass a valid record on; raise InvalidRecord (counted per reason) for any other."""
        record = record_fields(item)
        error = None if self.is_valid(record) else best_match(self.validator.iter_errors(record))
        if error is None:
            inc_stat(self.stats, "schema/valid")
            return item
        reason = invalid_reason(error)
        inc_stat(self.stats, f"schema/invalid/{reason}")
        logger.warning("Invalid record (%s) from %s: %s", reason, record.get("url"), error.message)
        raise InvalidRecord(reason, error.message)


def _compiled(schema: dict[str, Any]) -> Callable[[dict[str, Any]], bool]:
    """A fast validity test of a record against the schema (fastjsonschema's generated code)."""
    validate = fastjsonschema.compile(schema)

    def is_valid(record: dict[str, Any]) -> bool:
        try:
            validate(record)
        except fastjsonschema.JsonSchemaException:
            return False
        return True

    return is_valid
