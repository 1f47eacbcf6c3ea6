"""The record's contract: schema_version, the JSON Schema file, the README and the pipeline."""

from __future__ import annotations

import dataclasses
import json
import re
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from scrapy.exceptions import NotConfigured
from scrapy.settings import Settings
from scrapy.utils.conf import build_component_list
from scrapy.utils.test import get_crawler

from newsspider import extract_article
from newsspider.drops import InvalidRecord
from newsspider.items import ARTICLE_FIELDS, SCHEMA_VERSION, ArticleItem, load_schema
from newsspider.pipelines.schema_validation import SchemaValidationPipeline
from tests.conftest import ROOT

SEED_PAGE = ROOT / "tests" / "fixtures" / "pages" / "seed-headline-as-h2"


def _seed_item() -> ArticleItem:
    meta = json.loads((SEED_PAGE / "meta.json").read_text(encoding="utf-8"))
    record = extract_article((SEED_PAGE / "input.html").read_bytes(), meta["url"])
    assert record is not None
    return ArticleItem(**record)  # type: ignore[arg-type]


def test_schema_file_item_and_readme_agree() -> None:
    schema = load_schema()
    assert set(schema["properties"]) == set(ARTICLE_FIELDS)
    assert set(schema["required"]) == set(ARTICLE_FIELDS)
    assert schema["properties"]["schema_version"]["const"] == SCHEMA_VERSION
    assert schema["$id"].endswith(f"/article/{SCHEMA_VERSION}.json")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in ARTICLE_FIELDS:
        assert re.search(rf"^\| `{name}` \|", readme, re.MULTILINE), f"README lacks field {name}"
    assert re.search(rf"^- \*\*{SCHEMA_VERSION}\*\*", readme, re.MULTILINE), "version not listed"


def test_the_shipped_schema_is_valid_json_schema() -> None:
    # The pipeline trusts it: it does not check it against the metaschema in every crawl.
    Draft202012Validator.check_schema(load_schema())


def test_records_carry_the_schema_version() -> None:
    assert _seed_item().schema_version == SCHEMA_VERSION


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"published": "yesterday"}, "published/pattern"),
        ({"language": "English"}, "language/pattern"),
        ({"word_count": 0}, "word_count/minimum"),
        ({"authors": "Jane Doe"}, "authors/type"),
        ({"schema_version": 1}, "schema_version/const"),
        ({"title": None}, "title/type"),
        ({"-title": None}, "title/required"),
        ({"+colour": "red"}, "colour/unknown_field"),
    ],
)
def test_invalid_records_are_dropped_with_the_reason_counted(
    change: dict[str, Any], reason: str
) -> None:
    crawler = get_crawler()
    assert crawler.stats is not None
    pipeline = SchemaValidationPipeline(load_schema(), crawler.stats)
    record = dataclasses.asdict(_seed_item())
    for key, value in change.items():
        if key.startswith("-"):
            del record[key[1:]]
        else:
            record[key.lstrip("+")] = value
    with pytest.raises(InvalidRecord) as dropped:
        pipeline.process_item(record)
    assert dropped.value.reason == reason
    assert crawler.stats.get_value(f"newsspider/schema/invalid/{reason}") == 1
    assert crawler.stats.get_value("newsspider/schema/valid") is None


def test_valid_record_passes_unchanged() -> None:
    crawler = get_crawler()
    assert crawler.stats is not None
    pipeline = SchemaValidationPipeline(load_schema(), crawler.stats)
    item = _seed_item()
    assert pipeline.process_item(item) is item
    assert crawler.stats.get_value("newsspider/schema/valid") == 1


def test_pipeline_is_on_in_the_project_and_can_be_switched_off() -> None:
    project = Settings()
    project.setmodule("newsspider.settings")
    pipelines = build_component_list(project.getwithbase("ITEM_PIPELINES"))
    assert "newsspider.pipelines.schema_validation.SchemaValidationPipeline" in pipelines
    assert project.getbool("NEWSSPIDER_SCHEMA_ENABLED")
    with pytest.raises(NotConfigured):
        SchemaValidationPipeline.from_crawler(
            get_crawler(settings_dict={"NEWSSPIDER_SCHEMA_ENABLED": False})
        )


def test_an_invalid_article_item_is_dropped_too() -> None:
    crawler = get_crawler()
    assert crawler.stats is not None
    pipeline = SchemaValidationPipeline(load_schema(), crawler.stats)
    with pytest.raises(InvalidRecord) as dropped:
        pipeline.process_item(dataclasses.replace(_seed_item(), published="last Tuesday"))
    assert dropped.value.reason == "published/pattern"
