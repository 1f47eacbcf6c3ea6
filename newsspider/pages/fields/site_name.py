"""The record's site_name: the publication's own name, as the page states it."""

from __future__ import annotations

from newsspider.pages.fields.title import clean
from newsspider.pages.metadata import PageMetadata, first_jsonld_name, jsonld_of_type


def site_name(metadata: PageMetadata) -> str | None:
    """og:site_name, else the JSON-LD WebSite or publisher name, else application-name."""
    for candidate in (
        metadata.first_meta("og:site_name"),
        first_jsonld_name(jsonld_of_type(metadata, "WebSite")),
        first_jsonld_name(metadata.jsonld.get("publisher")),
        metadata.first_meta("application-name", "apple-mobile-web-app-title"),
    ):
        name = clean(candidate)
        if name:
            return name
    return None
