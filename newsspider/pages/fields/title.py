"""The record's `title`: the headline as the page shows it, without site or section names.

Sources, in order of trust: the <h1> that a stated title (JSON-LD `headline`, `og:title`,
`twitter:title`, <title>) agrees with; else the page's only <h1>, or the only one of several
that shares a word with a stated title; else the stated titles, then the sitemap's or feed's.
Site names are the page's og:site_name, publisher, WebSite name, application-name and
twitter:site, and its host's labels.

The exceptions, each for a general shape (kept because each gains on one benchmark set and
loses on none, see docs/benchmarks.md):
- an <h1> whose kicker and headline lost their separator in its text takes the stated
  title's spelling ("DemoDer 9. Juli" as "Demo / Der 9. Juli");
- a site name or a numeric date after a comma is cut ("Headline, Daily Site, 18.05.2026");
- what follows the site's name in a title is the site's too ("Headline - Site - Tagline");
- a host label that is most of a segment names the site ("Move.org" on move.org);
- a JSON-LD headline cut short yields to a stated title that continues it;
- one <h1> written twice (one for narrow screens, one for wide) counts as the page's only one;
- a lone <h1> of one or two words is a section label, one wrapping the stated title in more
  words a dateline, and one with a short label before a colon ("Blog: ...") loses the label;
- an <h1> without the short kicker the stated title has before a colon ("Kicker: Headline")
  takes the stated title, unless the kicker is the site's name ("Site Blog: Headline"); an
  <h1> and a stated title with different kickers, the headline they share;
- an <h1> that continues the stated title ("Headline: Why It Matters" over "Headline") is the
  headline in full, unless what it adds holds a year or a host (a dateline, a link's source);
- an <h1> that lost only a space between its elements ("Kicker:Headline") takes the stated
  title's spelling;
- one word (not a number) after a separator ending a title is a label ("... | Opinion",
  "... - Infographic"), and so is a tagline after a pipe at most half as long as the headline.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable, Sequence
from urllib.parse import urlsplit

from newsspider.pages.metadata import (
    PageMetadata,
    first_jsonld_name,
    jsonld_names,
    jsonld_of_type,
    jsonld_strings,
)

# Separators that glue a site or section name to a headline: "Headline | Site", "Site - Headline".
_SEPARATOR = re.compile(r"\s+(?:[|\-–—·•»~/]|::)\s+|\s*[|•·»]\s*")
_WORD = re.compile(r"\w+")
_NOT_WORD = re.compile(r"\W+")
_PUNCTUATION = re.compile(r"[^\w\s]")
_COMMA_TAIL = re.compile(r",\s+([^,]+)$")
_NUMERIC_DATE = re.compile(r"\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{4}-\d{2}-\d{2}")
# Host labels that name no site: "www.", "blog.", public suffixes.
_GENERIC_LABELS = frozenset(
    """www www2 m amp blog blogs news home en us uk de fr es it com org net edu gov co ac io
    info biz ai app dev shop store online""".split()
)
_MIN_LABEL = 3
# A headline is a line, not a paragraph: longer h1 texts are banners or intros.
_MAX_HEADLINE_CHARS = 200
# Edge segments longer than this are part of the headline even when they contain a host label.
_MAX_SITE_WORDS = 8
# "Tageszeitung junge Welt" for "junge Welt": a site's name with a short descriptor before it.
_MAX_NAMED_WORDS = 4
# A page's only h1 is its headline unless it is a label of this many words or fewer...
_MAX_LABEL_WORDS = 2
# ... or wraps the stated title in this many extra words or more ("Posted on May 1 by X").
_MIN_WRAPPER_WORDS = 2
# What a dateline or a link's source adds after a headline: a year, a host ("example-news.com").
_DATED = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)|\w\.[^\W\d_]{2,}\b")
# What ends a kicker before its headline: "Kicker: Headline", "Kicker - Headline".
_KICKER = re.compile(r":\s+|\s+[-–—]\s+")


def clean(text: str | None) -> str:
    """Entities decoded (JSON-LD and meta often carry '&#8217;' literally), whitespace collapsed."""
    if not text:
        return ""
    return " ".join(html.unescape(html.unescape(text)).split())


def key(text: str) -> str:
    """A comparison key: case, accents' composition, punctuation and spacing ignored."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(_WORD.findall(folded))


def _squashed(text: str) -> str:
    return key(text).replace(" ", "")


def host_labels(url: str) -> set[str]:
    """Distinctive labels of the URL's host: 'home.tarkett.co.uk' gives {'tarkett'}."""
    host = urlsplit(url).hostname or ""
    labels = [label for label in host.split(".") if label]
    return {
        label.replace("-", "")
        for label in labels
        if label not in _GENERIC_LABELS and len(label) >= _MIN_LABEL
    }


class SiteNames:
    """What the site calls itself (og:site_name, publisher, WebSite name) and its host labels."""

    def __init__(self, names: Iterable[str], url: str, sections: Iterable[str] = ()) -> None:
        self.names = {_squashed(name) for name in names if _squashed(name)}
        self.labels = host_labels(url)
        self.sections = {_squashed(name) for name in sections if _squashed(name)}

    def is_site(self, segment: str) -> bool:
        """True when a title segment is the site's name (or its host), not part of a headline."""
        squashed = _squashed(segment)
        if not squashed:
            return True
        if squashed in self.names or squashed in self.labels:
            return True
        if len(segment.split()) > _MAX_SITE_WORDS:
            return False
        # "Move.org" for move.org, "UVA SCPS" for scps.virginia.edu, "Encore" for encorerealty.com;
        # the label must be most of the segment: "Updates at Osso" is a headline on osso.nl.
        return any(
            (label in squashed and 2 * len(label) >= len(squashed)) or squashed in label
            for label in self.labels
        ) or any(len(squashed) >= _MIN_LABEL and name.startswith(squashed) for name in self.names)

    def is_named(self, segment: str) -> bool:
        """True when a segment is the site's stated name, after a short descriptor or not
        ("Tageszeitung junge Welt" for "junge Welt"); host labels do not count."""
        squashed = _squashed(segment)
        return len(segment.split()) <= _MAX_NAMED_WORDS and any(
            squashed.endswith(name) for name in self.names
        )

    def is_section(self, segment: str) -> bool:
        """True when a title segment is the article's section ("Opinion", "Blog")."""
        return _squashed(segment) in self.sections


def segments(title: str) -> list[str]:
    """A title cut at its separators: 'A | B - C' gives ['A', 'B', 'C']."""
    return [part.strip() for part in _SEPARATOR.split(title) if part.strip()]


def _strip_comma_tail(title: str, site: SiteNames) -> str:
    """'Headline, Daily Site, 18.05.2026' as 'Headline': a site name or date after a comma."""
    while (found := _COMMA_TAIL.search(title)) and (
        _NUMERIC_DATE.fullmatch(found.group(1)) or site.is_named(found.group(1))
    ):
        title = title[: found.start()]
    return title


def strip_site(title: str, site: SiteNames) -> str:
    """The title without leading or trailing segments that are the site's or section's name."""
    title = _strip_comma_tail(title, site)
    parts = segments(title)
    if len(parts) < 2:
        return title
    # "Headline - Site - Tagline": what follows the site's name is the site's too.
    named = [i for i, part in enumerate(parts) if i > 0 and site.is_site(part)]
    if named:
        parts = parts[: named[0]]
    while len(parts) > 1 and (
        site.is_site(parts[-1]) or site.is_section(parts[-1]) or _is_label(parts, title)
    ):
        parts.pop()
    # A leading section name stays: "Wedding Planning Tools - Caterer Spreadsheet" is a headline.
    while len(parts) > 1 and site.is_site(parts[0]):
        parts.pop(0)
    if len(parts) == len(segments(title)):
        return title
    return _rejoin(title, parts)


def _is_label(parts: Sequence[str], title: str) -> bool:
    """True when a title's last segment labels it rather than continues it.

    One word (not a number) after a separator is a section, a kind or a site ("... | Opinion",
    "... - Infographic"); after a pipe, which separates labels rather than clauses, so is a
    tagline at most half as long as the headline ("... | Top 19 Companies").
    """
    words = len(parts[-1].split())
    if words == 1:
        return not any(char.isdigit() for char in parts[-1])  # "Tips - 2025" is dated
    piped = title[: title.rfind(parts[-1])].rstrip().endswith("|")
    return piped and 2 * words <= sum(len(part.split()) for part in parts[:-1])


def _rejoin(title: str, parts: Sequence[str]) -> str:
    """The kept segments with the separators the title had between them."""
    start = title.find(parts[0])
    end = title.rfind(parts[-1]) + len(parts[-1])
    if 0 <= start < end:
        return title[start:end]
    return " - ".join(parts)


def agrees(heading: str, stated: str) -> bool:
    """True when a heading is the stated title, or its first segment(s) before a separator."""
    heading_key, stated_key = key(heading), key(stated)
    if not heading_key:
        return False
    if heading_key == stated_key:
        return True
    parts = segments(stated)
    return any(key(_rejoin(stated, parts[:n])) == heading_key for n in range(1, len(parts))) or any(
        key(part) == heading_key for part in parts
    )


def _punctuated(heading: str, stated: Sequence[str]) -> str:
    """The heading as a stated title writes it when that adds the separator the markup left out.

    A kicker and its headline in two elements of the h1 lose their separator in its text
    ("Demo" + "Der 9. Juli" gives "DemoDer 9. Juli"); the stated "Demo / Der 9. Juli" has it.
    """
    letters, characters = _NOT_WORD.sub("", heading), "".join(heading.split())
    for title in stated:
        if _NOT_WORD.sub("", title) == letters and _marks(title) > _marks(heading):
            return title
        # "Demo:Der 9. Juli" for "Demo: Der 9. Juli": only the space between them is lost.
        if "".join(title.split()) == characters and len(title.split()) > len(heading.split()):
            return title
    return heading


def _marks(text: str) -> int:
    return len(_PUNCTUATION.findall(text))


def _longest_stated(stated: Sequence[str], site: SiteNames) -> str:
    """The first stated title, or a later one that continues it (JSON-LD headlines get cut)."""
    if not stated:
        return ""
    first = strip_site(stated[0], site)
    for other in stated[1:]:
        longer = strip_site(other, site)
        if len(key(longer)) > len(key(first)) and key(longer).startswith(key(first)):
            first = longer
    return first


def _shows_headline(heading: str, stated: str) -> bool:
    """True when a lone h1 can be the headline, though no stated title agrees with it."""
    words, stated_words = len(key(heading).split()), len(key(stated).split())
    if words <= _MAX_LABEL_WORDS < stated_words:
        return False  # "Web Designs", "Index funds": a section label over the headline
    wraps = key(stated) in key(heading) and words - stated_words >= _MIN_WRAPPER_WORDS
    if wraps and key(heading).split()[:stated_words] == key(stated).split():
        # "Headline: Why It Matters" over "Headline": a stated title shortened for search
        # results; only a date or a host after it ("Headline Posted on May 1, 2024") wraps it.
        folded = unicodedata.normalize("NFKC", heading).casefold()
        tail = folded[list(_WORD.finditer(folded))[stated_words - 1].end() :]
        wraps = bool(_DATED.search(tail))
    return not (stated and wraps)


def _labelled(heading: str, stated: str) -> bool:
    """True when a heading is the stated title under a short label: "Blog: <title>"."""
    label, colon, rest = heading.partition(":")
    return bool(colon) and len(label.split()) <= _MAX_LABEL_WORDS and key(rest) == key(stated)


def _without_label(headings: Sequence[str], stated: str, site: SiteNames) -> str:
    """The headline when an h1 and the stated title differ by a short label before a colon, or ''.

    A label on the h1 ("Blog: Headline") goes, a kicker on the stated title stays ("Kicker:
    Headline" over "Headline"), unless that kicker is the site's name ("Site Blog: Headline").
    """
    for heading in headings:
        if _labelled(heading, stated):
            return stated
        if _labelled(stated, heading):
            return strip_site(heading, site) if site.is_site(stated.partition(":")[0]) else stated
    return ""


def _shared_headline(heading: str, stated: str) -> str:
    """The headline an h1 and a stated title share after two different kickers, or ''.

    "Crisis in the North - «Quote»" shown, "Attack on the Border: «Quote»" stated: each
    source has its own kicker, the headline is what they agree on.
    """
    first, second = _KICKER.split(heading, maxsplit=1), _KICKER.split(stated, maxsplit=1)
    if len(first) != 2 or len(second) != 2 or key(first[1]) != key(second[1]):
        return ""
    # "League Kicker - Headline" beside "Kicker - Headline" is one kicker, written longer.
    kickers = key(first[0]), key(second[0])
    return "" if kickers[0] in kickers[1] or kickers[1] in kickers[0] else first[1]


def _only_heading(headings: Sequence[str], stated: Sequence[str]) -> str:
    """The page's only h1, or the only one of several that shares a word with a stated title.

    Beside the headline a page may mark boxes as h1 ("More from the Region", "Subscribe to
    Site"); when more than one h1 shares a word with the stated titles, none is taken.
    """
    if len(headings) == 1:
        return headings[0]
    words = {word for title in stated for word in key(title).split()}
    about = [heading for heading in headings if words.intersection(key(heading).split())]
    return about[0] if len(about) == 1 else ""


def headline(headings: Sequence[str], stated: Sequence[str], site: SiteNames) -> str:
    """The page's headline: an h1 the metadata agrees with, the only h1, else a stated title."""
    headings = [clean(text) for text in headings]
    # dict.fromkeys: one h1 written twice (a layout for narrow screens, one for wide) is one h1.
    headings = list(
        dict.fromkeys(
            text
            for text in headings
            if 0 < len(text) <= _MAX_HEADLINE_CHARS and not site.is_site(text)
        )
    )
    stated = [text for text in (clean(text) for text in stated) if text]
    bare = [strip_site(title, site) for title in stated]
    for heading in (_punctuated(heading, bare) for heading in headings):
        if any(agrees(heading, title) for title in stated):
            return strip_site(heading, site)
    best = _longest_stated(stated, site)
    if best and (unlabelled := _without_label(headings, best, site)):
        return unlabelled
    for heading in headings:
        if shared := _shared_headline(heading, best):
            return shared
    shown = _only_heading(headings, bare)
    if shown and _shows_headline(shown, best):
        return strip_site(shown, site)
    return best or (headings[0] if headings else "")


# --- the record's title, from the page's metadata ----------------------------------------


def _site_names(metadata: PageMetadata, url: str) -> SiteNames:
    names = [
        metadata.first_meta("og:site_name", "application-name", "apple-mobile-web-app-title"),
        first_jsonld_name(jsonld_of_type(metadata, "WebSite")),
        *jsonld_names(metadata.jsonld.get("publisher")),
        (metadata.first_meta("twitter:site") or "").lstrip("@"),
    ]
    sections = [
        metadata.first_meta("article:section"),
        *jsonld_strings(metadata.jsonld.get("articleSection")),
    ]
    return SiteNames(
        [clean(name) for name in names if name],
        url,
        [clean(name) for name in sections if name],
    )


def _stated_titles(metadata: PageMetadata) -> list[str]:
    headline = metadata.jsonld.get("headline") or metadata.jsonld.get("name")
    return [
        value
        for value in (
            headline if isinstance(headline, str) else None,
            metadata.first_meta("og:title"),
            metadata.first_meta("twitter:title"),
            metadata.html_title,
        )
        if value
    ]


def title_variants(metadata: PageMetadata, url: str = "") -> list[str]:
    """Every headline the page states, raw and without a site name, for de-duplication."""
    site = _site_names(metadata, url)
    variants = [clean(value) for value in [*_stated_titles(metadata), *metadata.h1s]]
    variants = [value for value in variants if value]
    return variants + [strip_site(value, site) for value in variants]


def title(metadata: PageMetadata, hint: str | None = None, url: str = "") -> str:
    """The headline: an h1 the JSON-LD, og:title or <title> agree with, else those; no site."""
    stated = _stated_titles(metadata) + ([hint] if hint else [])
    return headline(metadata.h1s, stated, _site_names(metadata, url))
