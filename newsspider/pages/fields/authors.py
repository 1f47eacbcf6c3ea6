"""The record's `authors`: who the page credits with the article, persons first.

`authors` are the people credited, each once, in the page's order, then the news agencies
credited with them (as credited: "By Anna Sales, Reuters"); an organisation (the site's own
name, a newsroom) only when no person is credited. Names are kept whole: surnames are an open
class, so no word of a name is dropped for being also a word ("Nancy Jo Sales", "Mark Head").

Sources, in order of trust: JSON-LD `author` (`@id` references resolved), the first author
<meta> (every `citation_author` / `dc.creator`, one per author, in "Last, First" order), a link
preview's "Written by" label pair, then the first byline element naming a person or an agency
(later ones are often other articles' teasers), last the post author a WordPress analytics data
layer states (`"pagePostAuthor"`; it may name the account that posted, not the writer). The
most trusted source naming a person wins; else one naming a user handle; else the most trusted
naming an organisation.

The exceptions, each for a general shape (kept because each gains on one benchmark set and
loses on none, see docs/benchmarks.md; the byline parsing is in bylines.py):
- a byline element that names nobody but an agency is the article's credit, before later
  teasers' bylines;
- a link preview's label pair ("Written by" / "Ann Lee") counts as author <meta>;
- a lower-case one-token name, or one with a capital after a small letter ("KatieS"), is a
  user handle, kept only when no source names a person;
- a byline box whose text glues its parts ("Emily Walker Casey McDevitt", "Sofia Kondrat
  EdTech") gives the names its later byline elements show apart (`bylines.unglued`);
- an author box too long for a byline (the name, then a bio) gives its first line, and a
  byline opening with its date ("Dec. 19, 2025 · Ann Lee") the name after it;
- a link to the author's archive by query ("?author=12") or a "View all posts by Ann Lee"
  element marks a byline, and a given name alone after "by" credits a person.
"""

from __future__ import annotations

from typing import Any

from newsspider.pages.fields import bylines
from newsspider.pages.fields.site_name import site_name
from newsspider.pages.fields.title import clean, host_labels
from newsspider.pages.metadata import PageMetadata, jsonld_names, jsonld_types

AUTHOR_META = (
    "author",
    "article:author",
    "parsely-author",
    "sailthru.author",
    "dc.creator",
    "byl",
    "citation_author",
)
ORGANISATION_TYPES = frozenset(
    {
        "Organization",
        "NewsMediaOrganization",
        "Corporation",
        "LocalBusiness",
        "EducationalOrganization",
    }
)


def _resolve(value: Any, metadata: PageMetadata) -> Any:
    """A JSON-LD {"@id": ...} reference replaced by the object it names (Yoast graphs)."""
    if isinstance(value, list):
        return [_resolve(entry, metadata) for entry in value]
    if isinstance(value, dict) and set(value) <= {"@id", "@type"} and value.get("@id"):
        for obj in metadata.jsonld_objects:
            if obj.get("@id") == value["@id"] and obj is not value and "name" in obj:
                return obj
    return value


def _jsonld_authors(metadata: PageMetadata) -> tuple[list[str], list[str]]:
    """Names of the JSON-LD article's authors, and those of them typed as organisations."""
    raw = metadata.jsonld.get("author") or metadata.jsonld.get("creator")
    entries = _resolve(raw if isinstance(raw, list) else [raw] if raw else [], metadata)
    names: list[str] = []
    organisations: list[str] = []
    for entry in entries:
        found = [
            name
            for raw_name in jsonld_names(entry)
            for name in bylines.structured_names(clean(raw_name))
        ]
        names += found
        if isinstance(entry, dict) and jsonld_types(entry) & ORGANISATION_TYPES:
            organisations += found
    return names, organisations


# Link previews' label/data pairs (Yoast and others): twitter:label1 "Written by",
# twitter:data1 "Ann Lee".
_PREVIEW_AUTHOR_LABELS = frozenset({"written by", "author", "authors", "by"})


def _preview_authors(metadata: PageMetadata) -> list[str]:
    """The value a link-preview label pair gives as the author, if one does."""
    for number in range(1, 5):
        labels = metadata.meta.get(f"twitter:label{number}", [])
        if labels and labels[0].strip().casefold() in _PREVIEW_AUTHOR_LABELS:
            return metadata.meta.get(f"twitter:data{number}", [])[:1]
    return []


# Meta written once per author, each "Last, First" (Highwire Press tags, Dublin Core).
_ONE_PER_AUTHOR_META = frozenset({"citation_author", "dc.creator"})


def _meta_authors(metadata: PageMetadata) -> list[str]:
    """Names of the first author <meta> (every one for one-per-author tags), else a preview's."""
    for meta_name in AUTHOR_META:
        values = [
            value
            for value in metadata.meta.get(meta_name, ())
            if value and not value.startswith(("http://", "https://", "@"))
        ]
        if values and meta_name in _ONE_PER_AUTHOR_META:
            return [name for value in values for name in _one_author(clean(value))]
        if values:
            return bylines.structured_names(clean(values[0]))
    previews = _preview_authors(metadata)
    return [name for value in previews for name in bylines.structured_names(value)]


def _one_author(value: str) -> list[str]:
    inverted = bylines.inverted_name(value)
    return [inverted] if inverted else bylines.structured_names(value)


def _credits(text: str, name: str) -> bool:
    """Whether a byline's name credits someone: a person, an agency, or a given name after
    "by" ("by Amanda · Dec 20"; a lone capitalised word without it is often a category)."""
    return (
        bylines.looks_like_person(name)
        or bylines.is_agency(name)
        or (text[:3].casefold() == "by " and name.istitle() and " " not in name)
    )


def _byline_authors(metadata: PageMetadata) -> list[str]:
    """Names from the first byline element crediting someone, else the first naming anyone;
    later elements are often other articles' teasers."""
    texts = [(text, names) for text in metadata.bylines if (names := bylines.split_names(text))]
    named = [names for _, names in texts]
    for index, (text, names) in enumerate(texts):
        if any(_credits(text, name) for name in names):
            # A byline box's text glues its parts together; its children show them apart.
            others = [name for later in named[index + 1 :] for name in later]
            return [part for name in names for part in bylines.unglued(name, others)]
    return named[0] if named else []


def authors(metadata: PageMetadata, url: str = "") -> list[str]:
    """Person names: JSON-LD author, author <meta>, bylines, then the analytics data layer's
    post author; organisations only if alone."""
    jsonld, organisations = _jsonld_authors(metadata)
    site = site_name(metadata)
    data_layer = bylines.structured_names(metadata.first_meta("pagepostauthor"))
    sources = [jsonld, _meta_authors(metadata), _byline_authors(metadata), data_layer]
    known = [*organisations, *([site] if site else [])]
    return bylines.choose(sources, known, host_labels(url))
