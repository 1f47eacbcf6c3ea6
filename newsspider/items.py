"""The article record: one typed definition, mirrored by schema/article.schema.json."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from importlib import resources
from typing import Any

# Bumped whenever a field is added, removed or changes meaning; the README lists each version.
SCHEMA_VERSION = 3


@dataclass(kw_only=True, slots=True)
class ArticleItem:
    """One exported news article; the README documents each field."""

    url: str
    source_url: str
    site: str
    site_name: str | None = None
    title: str
    description: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    published_source: str | None = None
    modified: str | None = None
    language: str | None = None
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    image: str | None = None
    text: str
    word_count: int
    fetched_at: str
    content_hash: str
    extractor: str
    revision: int = 1
    schema_version: int = SCHEMA_VERSION


ARTICLE_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(ArticleItem))


def load_schema() -> dict[str, Any]:
    """The record's JSON Schema shipped with the package: the contract of every export."""
    text = resources.files("newsspider").joinpath("schema/article.schema.json").read_text()
    schema: dict[str, Any] = json.loads(text)
    return schema
