"""Metadata read from a parsed page: JSON-LD, Open Graph and <meta>, headings, <time>, links."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any

from lxml import etree
from lxml.html import HtmlElement

from newsspider.urls import http_url

ARTICLE_TYPES = frozenset(
    {
        "Article",
        "NewsArticle",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
        "OpinionNewsArticle",
        "BackgroundNewsArticle",
        "ReviewNewsArticle",
        "AskPublicNewsArticle",
        "BlogPosting",
        "LiveBlogPosting",
        "Report",
    }
)
# Types that say "this page is about many things" (home, section, profile, static pages).
NON_ARTICLE_TYPES = frozenset(
    {
        "CollectionPage",
        "ProfilePage",
        "AboutPage",
        "ContactPage",
        "SearchResultsPage",
    }
)


# What marks an element as a byline: rel=author, schema.org microdata, the class or id names
# CMS themes give bylines, links to author pages ("/author/ann-lee/"), and own text opening
# with "By". Checked in one Python pass: the equivalent XPath costs 100 times more.
_AUTHOR_PATHS = re.compile(
    # Written with its first character and a lookahead on the next one in front, so the
    # search (run on every link of a page) skips most of a URL without trying the words.
    r"[/?&](?=[acjpw_])"
    r"(?:(?<=/)(?:authors?|writers?|contributors?|producers|journalists?|autor(?:en)?|auteur)/"
    r"|(?<=[?&])_?author=)",
    re.I,
)
_BYLINE_OPENING = re.compile(
    # The lookahead on the first letters fails fast for the text of nearly every element.
    r"\s*(?=[abcmprsvw])(?:(?:(?:written|posted|authored|article|story|words|reported)\s+)?by\b"
    r"|(?:(?:view\s+)?all|more)\s+(?:articles|posts|stories)\s+by\b"
    r"|authors?:|contributors?:|(?:authors?|contributors?)\s*$)",
    re.I,
)
# A label on its own ("Written by", "Author", "Contributors:") whose name is in the element
# after it: <p>Written by</p><p>Ann Lee</p>, <span>By </span><a>Ann Lee</a>.
_BARE_LABEL = re.compile(
    r"(?:(?:(?:written|posted|authored|article|story|words|reported)\s+)?by"
    r"|authors?|contributors?)\s*:?",
    re.I,
)


def _mark_kind(tag: str, own_text: str | None, attributes: list[tuple[str, str]]) -> int:
    """A shown date, a byline, or neither: one pass over the (usually few) attributes.

    This runs for every element of a page, so it reads each attribute once (separate get()
    calls cost more). A date itemprop wins over byline markers, as it always has.
    """
    if tag == "time":
        return _DATE_MARK
    byline = False
    # The most frequent attributes first: classes, then links. Two comparisons, not a set
    # lookup: the set would hash each attribute name, a fresh string every time.
    for name, value in attributes:
        if name == "class" or name == "id":  # noqa: PLR1714
            if not byline:
                marker = value.lower()
                byline = "author" in marker or "byline" in marker or "writer" in marker
        elif name == "href":
            if not byline and value:
                byline = _AUTHOR_PATHS.search(value) is not None
        elif name == "itemprop":
            if value in _DATE_PROPS:
                return _DATE_MARK
            byline = byline or "author" in value
        elif name == "rel":
            byline = byline or value == "author"
    # Much of a page's own text is the whitespace between tags, which opens with no word.
    if byline or (
        own_text is not None
        and not own_text.isspace()
        and _BYLINE_OPENING.match(own_text) is not None
    ):
        return _BYLINE_MARK
    return _NO_MARK


# Where dates are shown: <time> and schema.org microdata.
_DATE_PROPS = frozenset({"datePublished", "dateModified", "dateCreated"})
_NO_MARK, _DATE_MARK, _BYLINE_MARK = 0, 1, 2
_NOT_TEXT = frozenset({"script", "style", "meta", "link", "img", "svg", "noscript"})
_CAPTION_TAGS = frozenset({"figure", "figcaption"})
# "caption", "legend" or "credit" in any case. The first letter is matched case-sensitively, as
# its own character set: the search then skips the class names without them, where a pattern
# ignoring case from its start is tried at every character of long class lists.
_CAPTION_CLASS = re.compile(r"[cClL](?i:(?<=[cC])(?:aption|redit)|(?<=[lL])egend)")
# Byline and date texts longer than this are bios or paragraphs, not bylines.
_MAX_BYLINE_CHARS = 160
_MAX_HEADINGS = 8
# The article header: breadcrumbs and kicker before the h1, byline and dateline after it.
_HEADER_BEFORE_CHARS = 250
_HEADER_AFTER_CHARS = 400


@dataclass(frozen=True, slots=True)
class DateMark:
    """A date shown in the page: a <time> or microdata element, with where it sits."""

    value: str
    prop: str = ""  # the microdata itemprop, or the element's and its parent's class and text
    after_headline: bool = False  # after the page's first <h1>, where the article begins
    near_headline: bool = False  # in the header text around the first <h1>, the article's own


@dataclass(slots=True)
class PageMetadata:
    """Everything the page says about itself, before reconciliation into a record."""

    jsonld: dict[str, Any] = field(default_factory=dict)
    jsonld_types: set[str] = field(default_factory=set)
    meta: dict[str, list[str]] = field(default_factory=dict)
    html_title: str | None = None
    h1: str | None = None
    canonical: str | None = None
    lang: str | None = None
    time_datetime: str | None = None
    jsonld_objects: list[dict[str, Any]] = field(default_factory=list)
    h1s: list[str] = field(default_factory=list)
    bylines: list[str] = field(default_factory=list)
    dates: list[DateMark] = field(default_factory=list)
    header_text: str = ""  # text shown around the first h1, where datelines are

    def first_meta(self, *names: str) -> str | None:
        """The first non-empty value among the given <meta> names/properties."""
        for name in names:
            for value in self.meta.get(name, ()):
                if value:
                    return value
        return None


def _text(element: HtmlElement | None) -> str | None:
    if element is None:
        return None
    text = " ".join(element.text_content().split())
    return text or None


def _jsonld_objects(data: Any) -> Iterator[dict[str, Any]]:
    """Every JSON-LD object in a document, flattening lists and @graph containers."""
    if isinstance(data, list):
        for entry in data:
            yield from _jsonld_objects(entry)
    elif isinstance(data, dict):
        yield data
        graph = data.get("@graph")
        if graph is not None:
            yield from _jsonld_objects(graph)


def jsonld_types(obj: dict[str, Any]) -> set[str]:
    """The schema.org @type names of one JSON-LD object (prefixes like schema: dropped)."""
    raw = obj.get("@type", [])
    names = raw if isinstance(raw, list) else [raw]
    return {str(name).rsplit("/", 1)[-1].rsplit(":", 1)[-1] for name in names if name}


def _read_jsonld(tree: HtmlElement) -> tuple[dict[str, Any], set[str], list[dict[str, Any]]]:
    """The page's article object (if any), all JSON-LD types, and every object in page order."""
    article: dict[str, Any] = {}
    all_types: set[str] = set()
    objects: list[dict[str, Any]] = []
    for script in tree.iterfind('.//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text or "", strict=False)
        except ValueError:
            continue  # broken JSON-LD is common and never fatal
        for obj in _jsonld_objects(data):
            objects.append(obj)
            types = jsonld_types(obj)
            all_types |= types
            if not article and types & ARTICLE_TYPES:
                article = obj
    return article, all_types, objects


def _read_meta(tree: HtmlElement) -> dict[str, list[str]]:
    meta: dict[str, list[str]] = {}
    for element in tree.iterfind(".//meta"):
        key = element.get("property") or element.get("name") or element.get("itemprop")
        content = element.get("content")
        if key and content is not None:
            meta.setdefault(key.strip().lower(), []).append(content.strip())
    return meta


# The post's author as WordPress's analytics data layer states it (gtm4wp's dataLayer), read
# as an author <meta> named "pagepostauthor": `"pagePostAuthor":"Ann Lee"`.
_DATA_LAYER_AUTHOR = re.compile(r'"pagePostAuthor"\s*:\s*("(?:[^"\\]|\\.)*")')


def _data_layer_author(tree: HtmlElement) -> str | None:
    """The post author's name in the page's analytics data layer, if it states one."""
    for script in tree.iterfind(".//script"):
        text = script.text or ""
        if "pagePostAuthor" in text and (found := _DATA_LAYER_AUTHOR.search(text)):
            value = json.loads(found.group(1))
            return value.strip() if isinstance(value, str) and value.strip() else None
    return None


def _first_time_datetime(tree: HtmlElement) -> str | None:
    """The datetime of the first <time> in the article (or page) header."""
    for path in (".//article//time[@datetime]", ".//time[@datetime]"):
        found = tree.find(path)
        if found is not None:
            value: str | None = found.get("datetime")
            return value
    return None


def _spaced_text(element: HtmlElement) -> str | None:
    """Text with a space between elements: "By<a>Ann Lee</a><span>Dec 3</span>" stays apart."""
    text = " ".join(" ".join(element.itertext()).split())
    return text or None


def _byline_text(element: HtmlElement) -> str:
    """A byline element's text; a bare label's name after it; an author box's first line."""
    text = _spaced_text(element) or element.get("content", "").strip()
    if _BARE_LABEL.fullmatch(text):
        return _labelled_text(element)
    if len(text) > _MAX_BYLINE_CHARS:
        # An author box: the name, then the bio ("Ann Lee" / "Ann Lee writes about ...").
        return next((" ".join(part.split()) for part in element.itertext() if part.strip()), "")
    return text


def _labelled_text(label: HtmlElement) -> str:
    """The name right after a bare byline label, as a byline ("By Ann Lee"), or "".

    The name is the label's tail (<strong>Author:</strong> Ann Lee<br>) or, failing that, the
    next element (<p>Written by</p><p>Ann Lee</p>); what follows (a bio, a release date) is not.
    """
    rest = " ".join((label.tail or "").split())
    if not rest:
        following = label.getnext()
        rest = (_spaced_text(following) or "") if following is not None else ""
    rest = rest.strip(" :")
    return f"By {rest}" if rest and len(rest) <= _MAX_BYLINE_CHARS else ""


def _in_comments(element: HtmlElement) -> bool:
    """In comments, menus or the page footer, where names and dates are not the article's."""
    in_footer = False
    for ancestor in element.iterancestors():
        if ancestor.tag in {"body", "html"}:
            break  # their classes describe the whole page ("has-comments", "menu-open")
        marker = f"{ancestor.get('class', '')} {ancestor.get('id', '')}".lower()
        if "comment" in marker:
            return True
        # Menus hold "By industry", "By use case" entries.
        if ancestor.tag == "nav" or ancestor.get("role") == "navigation":
            return True
        if ancestor.tag in {"ul", "li"} and "menu" in marker:
            return True
        if ancestor.tag in {"article", "main"}:
            return False  # an article's own <footer> carries its author box
        in_footer = in_footer or ancestor.tag == "footer"
    return in_footer


def _is_caption(element: HtmlElement) -> bool:
    """A picture's caption or credit element: <figure>, <figcaption>, a caption or credit class."""
    return element.tag in _CAPTION_TAGS or bool(_CAPTION_CLASS.search(element.get("class", "")))


def _headings(tree: HtmlElement) -> list[str]:
    found = [text for h1 in tree.iterfind(".//h1") if (text := _text(h1))]
    return found[:_MAX_HEADINGS]


def _date_mark(element: HtmlElement, after_headline: bool, near: bool) -> DateMark | None:
    shown = _spaced_text(element) or ""
    value = element.get("datetime") or element.get("content") or shown
    if not value or len(value) > _MAX_BYLINE_CHARS:
        return None
    parent = element.getparent()
    # The kind of date is in the itemprop, or the class of the element or of its wrapper
    # ("field--name-changed"), or its text ("Updated March 3").
    prop = element.get("itemprop") or " ".join(
        (element.get("class", ""), parent.get("class", "") if parent is not None else "", shown)
    )
    return DateMark(value.strip(), prop.lower(), after_headline, near)


def _in_caption(element: HtmlElement, known: dict[HtmlElement, bool]) -> bool:
    """Is the element a caption, or inside one? `known` keeps the answers worked out so far."""
    answer = known.get(element)
    if answer is None:
        answer = known[element] = _is_caption(element) or _in_parent_caption(element, known)
    return answer


def _in_parent_caption(element: HtmlElement, known: dict[HtmlElement, bool]) -> bool:
    """Is the element's parent a caption, or inside one (a <script>'s parent never counts)?"""
    parent = element.getparent()
    return parent is not None and parent.tag not in _NOT_TEXT and _in_caption(parent, known)


class _HeaderWindow:
    """The text shown just before and after the first h1: the article header's dateline."""

    def __init__(self) -> None:
        self.before = ""
        self.after: list[str] = []
        self.after_chars = 0
        self.captions: set[HtmlElement] = set()  # caption elements met so far
        # The elements met before the first h1 (not read until the h1 is met).
        self.elements_before: list[HtmlElement] = []

    def chars_from(self, start: int, limit: int) -> int:
        """Characters of text (own and tail) of the elements before the h1 from `start` on.

        Counted until they pass `limit`: the answer is exact up to the limit.
        """
        chars = 0
        for element in self.elements_before[start:]:
            chars += len(element.text or "") + len(element.tail or "")
            if chars > limit:
                break
        return chars

    def mark_near_above(
        self, marks: list[DateMark], before_h1: list[tuple[DateMark, int]]
    ) -> list[DateMark]:
        """The marks, those of `before_h1` in the window's text before the h1 marked near it.

        `before_h1` pairs each mark met before the h1 with how many elements came before it.
        """
        limit = _HEADER_BEFORE_CHARS
        near = {id(mark) for mark, at in before_h1 if self.chars_from(at, limit) <= limit}
        return [replace(mark, near_headline=True) if id(mark) in near else mark for mark in marks]

    def add_element(self, element: HtmlElement, text: str | None) -> None:
        """Record the text and tail of an element from the h1 on, unless in a picture's caption.

        A date in a caption or credit dates the picture, not the article. Parents come before
        their children: an element is in a caption if its parent is. (Elements are met in page
        order; each one's tail is read with its text, before its children's.)
        """
        in_parent = bool(self.captions) and element.getparent() in self.captions
        in_caption = in_parent or _is_caption(element)
        if in_caption:
            self.captions.add(element)
        self.add(None if in_caption else text)
        self.add(None if in_parent else element.tail)

    def add_before(self, headline: HtmlElement) -> None:
        """Record the texts of the elements met before the first h1, as add_element does after.

        Read back from the h1 only as far as the window reaches: most of a page's elements
        come before its headline (menus, teasers), and only the last few matter here. Their
        caption marks are worked out the same way, as far as they are needed.
        """
        captions: dict[HtmlElement, bool] = {}
        in_caption = partial(_in_caption, known=captions)
        in_parent = partial(_in_parent_caption, known=captions)

        pieces: list[str] = []
        length = 0
        for element in reversed(self.elements_before):
            for text in (
                None if in_parent(element) else element.tail,
                None if in_caption(element) else element.text,
            ):
                if text and text.strip():
                    pieces.append(text)
                    length += len(text) + 1
            if length >= _HEADER_BEFORE_CHARS:
                break
        self.before = "".join(f" {text}" for text in reversed(pieces))[-_HEADER_BEFORE_CHARS:]
        # A caption around the headline holds the text after it too.
        self.captions.update(
            a for a in headline.iterancestors() if a.tag not in _NOT_TEXT and in_caption(a)
        )

    def add(self, text: str | None) -> None:
        """Record text met in page order after the h1, until the window is full."""
        if text and text.strip() and self.after_chars < _HEADER_AFTER_CHARS:
            self.after.append(text)
            self.after_chars += len(text)

    def full(self) -> bool:
        """Has the text after the h1 reached the window's size (nothing more is added)?"""
        return self.after_chars >= _HEADER_AFTER_CHARS

    def text(self) -> str:
        """The window's text, whitespace collapsed."""
        return " ".join(f"{self.before} {' '.join(self.after)}".split())


def _scan(tree: HtmlElement) -> tuple[list[str], list[DateMark], str]:
    """Bylines in page order, shown dates (after the first h1 first), and the header text.

    The article's date sits just below its headline, teasers of other articles around it.
    """
    bylines: list[str] = []
    marks: list[DateMark] = []
    # With how many elements came before the h1 up to it (its own included).
    before_h1: list[tuple[DateMark, int]] = []
    window = _HeaderWindow()
    elements_before = window.elements_before
    seen_h1 = window_full = False
    # Elements only (no comments): this loop visits every element of the page, so it does the
    # least it can for each (one attribute list, one text read).
    for element in tree.iter(etree.Element):
        tag = element.tag
        if tag in _NOT_TEXT:
            continue
        own_text = element.text
        if not seen_h1:  # inline: a call per element costs more than the append
            if tag == "h1":
                window.add_before(element)
                seen_h1 = True
            else:
                elements_before.append(element)
        if seen_h1 and not window_full:  # most of a page lies past its header
            window.add_element(element, own_text)
            window_full = window.full()
        attributes = element.items()
        if not attributes and own_text is None and tag != "time":
            continue  # a bare wrapper: neither a date nor a byline (saves a call)
        kind = _mark_kind(tag, own_text, attributes)
        if kind == _NO_MARK or _in_comments(element):
            continue
        if kind == _DATE_MARK:
            mark = _date_mark(element, seen_h1, near=seen_h1 and not window_full)
            if mark is not None:
                marks.append(mark)
                if not seen_h1:
                    before_h1.append((mark, len(window.elements_before)))
            continue
        text = _byline_text(element)
        if text and len(text) <= _MAX_BYLINE_CHARS and text not in bylines:
            bylines.append(text)
    # A date shown just above the headline is the article's too.
    marks = window.mark_near_above(marks, before_h1) if seen_h1 else marks
    marks.sort(key=lambda mark: (not mark.near_headline, not mark.after_headline))
    return bylines, marks, window.text() if seen_h1 else ""


def read_metadata(tree: HtmlElement, url: str) -> PageMetadata:
    """Collect the page's self-description from an already parsed tree."""
    jsonld, types, objects = _read_jsonld(tree)
    bylines, dates, header_text = _scan(tree)
    canonical = tree.find('.//link[@rel="canonical"]')
    html = tree if tree.tag == "html" else tree.getroottree().getroot()
    meta = _read_meta(tree)
    if data_layer_author := _data_layer_author(tree):
        meta.setdefault("pagepostauthor", []).append(data_layer_author)
    return PageMetadata(
        jsonld=jsonld,
        jsonld_types=types,
        meta=meta,
        html_title=_text(tree.find(".//title")),
        h1=_text(tree.find(".//h1")),
        canonical=http_url(url, canonical.get("href")) if canonical is not None else None,
        lang=html.get("lang") or html.get("xml:lang"),
        time_datetime=_first_time_datetime(tree),
        jsonld_objects=objects,
        h1s=_headings(tree),
        bylines=bylines,
        dates=dates,
        header_text=header_text,
    )


def jsonld_names(value: Any) -> list[str]:
    """Names in a JSON-LD author-like value: strings, Person objects, or lists of either."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        name = value.get("name")
        return [name] if isinstance(name, str) else []
    if isinstance(value, list):
        return [name for entry in value for name in jsonld_names(entry)]
    return []


def jsonld_url(value: Any, keys: tuple[str, ...] = ("url", "contentUrl")) -> str | None:
    """A URL from a JSON-LD image-like value: a string, an object's `keys`, or a list of them."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        found = next((value[key] for key in keys if value.get(key)), None)
        return found if isinstance(found, str) else None
    if isinstance(value, list) and value:
        return jsonld_url(value[0], keys)
    return None


_KEYWORD_SPLIT = re.compile(r"\s*[,;]\s*")


def jsonld_strings(value: Any) -> list[str]:
    """A list of strings from a JSON-LD value that may be a string (comma separated) or a list."""
    if isinstance(value, str):
        return [part for part in _KEYWORD_SPLIT.split(value) if part]
    if isinstance(value, list):
        return [part for entry in value for part in jsonld_strings(entry)]
    return []


def jsonld_of_type(metadata: PageMetadata, *types: str) -> dict[str, Any]:
    """The first JSON-LD object of one of these types (e.g. WebSite, WebPage), else {}."""
    wanted = set(types)
    for obj in metadata.jsonld_objects:
        if jsonld_types(obj) & wanted:
            return obj
    return {}


def first_jsonld_name(value: Any) -> str | None:
    """The first name jsonld_names finds in a JSON-LD value, or None."""
    names = jsonld_names(value)
    return names[0] if names else None
