"""The article record: one typed definition, mirrored by schema/article.schema.json."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, fields
from importlib import resources
from typing import Any

from itemadapter import ItemAdapter

# Bumped whenever a field is added, removed or changes meaning; the README lists each version.
SCHEMA_VERSION = 4


@dataclass(kw_only=True, slots=True)
class ArticleItem:
    """One exported news article; the README documents each field."""

    # Set from url and revision when left empty (see record_id); cluster_id then equals id.
    id: str = ""
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
    language_score: float | None = None
    language_declared: str | None = None
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    image: str | None = None
    text: str
    word_count: int
    fetched_at: str
    content_hash: str
    extractor: str
    paywalled: bool = False
    paywall_source: str | None = None
    paywall_truncated: bool | None = None
    tdm_reserved: bool = False
    tdm_sources: list[str] = field(default_factory=list)
    tdm_policy: str | None = None
    license: str | None = None
    signals: dict[str, float | int | None] = field(default_factory=dict)
    duplicate_of: str | None = None
    duplicate_similarity: float | None = None
    cluster_id: str = ""
    revision: int = 1
    schema_version: int = SCHEMA_VERSION

    def __post_init__(self) -> None:
        if not self.id:
            self.refresh_id()

    def refresh_id(self) -> None:
        """Set id from url and revision (after either changed); an own cluster follows it."""
        own_cluster = not self.cluster_id or self.cluster_id == self.id
        self.id = record_id(self.url, self.revision)
        if own_cluster:
            self.cluster_id = self.id


def record_id(url: str, revision: int) -> str:
    """The record's stable id: the same canonical URL and revision give the same id anywhere."""
    return hashlib.sha256(f"{url}\n{revision}".encode()).hexdigest()[:32]


ARTICLE_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(ArticleItem))


def load_schema() -> dict[str, Any]:
    """The record's JSON Schema shipped with the package: the contract of every export."""
    text = resources.files("newsspider").joinpath("schema/article.schema.json").read_text()
    schema: dict[str, Any] = json.loads(text)
    return schema


def record_fields(item: Any) -> dict[str, Any]:
    """A record's fields as a dict, to read: a shallow one for an ArticleItem (no deep copy)."""
    if isinstance(item, ArticleItem):
        return {name: getattr(item, name) for name in ARTICLE_FIELDS}
    return ItemAdapter(item).asdict()
