"""What read_metadata finds in the parsed tree: bylines, shown dates, headings, header text."""

from __future__ import annotations

from lxml.html import fromstring

from newsspider.pages.metadata import PageMetadata, read_metadata

URL = "https://www.meridian.example/local/riverside-cafe-to-close"

PAGE = """<html lang="en"><head>
<script type="application/ld+json">{"@graph": [{"@type": "WebPage", "name": "Cafe"},
  {"@type": "NewsArticle", "headline": "Cafe to close"}]}</script>
<script type="application/ld+json">[{"@type": "Person", "name": "Claire Dumont"}]</script>
</head><body>
<header><h1 class="logo">The Meridian</h1>
<nav><ul class="menu"><li><a href="/by-topic/">By topic</a></li></ul></nav></header>
<p class="kicker">Local news</p>
<main><article>
<h1>Cafe to close</h1>
<div class="meta">By <a href="/author/claire-dumont/">Claire</a><a href="/author/marc/">Marc</a>
<time datetime="2025-03-04T08:00:00+01:00">4 March 2025</time>
<span class="updated">Updated <time datetime="2025-03-05">5 March</time></span></div>
<p>The café on Rue Verte will close at the end of the month.</p>
<footer class="entry-footer"><div class="author-box">Claire Dumont writes about the city.</div>
</footer>
</article>
<section class="comments"><p class="comment-author">By Reader One</p>
<time datetime="2025-03-06">6 March</time></section></main>
<aside><time datetime="2024-01-01">1 Jan</time></aside>
<footer><p class="site-credit">Website by Studio X</p></footer>
</body></html>"""


def read(html: str = PAGE) -> PageMetadata:
    """read_metadata on a parsed page."""
    return read_metadata(fromstring(html), URL)


def test_every_jsonld_object_is_kept_in_page_order() -> None:
    metadata = read()
    assert [obj.get("@type") for obj in metadata.jsonld_objects] == [
        None,  # the @graph container itself
        "WebPage",
        "NewsArticle",
        "Person",
    ]
    assert metadata.jsonld["headline"] == "Cafe to close"


def test_headings_are_all_h1s_in_order() -> None:
    assert read().h1s == ["The Meridian", "Cafe to close"]


def test_bylines_are_in_page_order_with_words_apart() -> None:
    bylines = read().bylines
    assert bylines[:3] == ["By Claire Marc 4 March 2025 Updated 5 March", "Claire", "Marc"]
    assert "Claire Dumont writes about the city." in bylines  # the article's own footer


def test_menus_comments_and_the_page_footer_give_no_bylines() -> None:
    bylines = read().bylines
    assert not any("topic" in text or "Reader" in text or "Studio" in text for text in bylines)


def test_dates_after_the_headline_come_first_and_say_what_they_are() -> None:
    marks = read().dates
    assert [(mark.value, mark.after_headline) for mark in marks] == [
        ("2025-03-04T08:00:00+01:00", True),
        ("2025-03-05", True),
        ("2024-01-01", True),  # an aside after the article, still after the h1
    ]
    assert "updated" in marks[1].prop
    assert "updated" not in marks[0].prop


def test_header_text_spans_the_first_h1() -> None:
    text = read().header_text
    assert "Local news" in text
    assert "4 March 2025" in text
    assert "The café on Rue Verte" in text


def test_page_without_h1_has_no_header_text() -> None:
    assert read("<html><body><p>March 4, 2025</p></body></html>").header_text == ""
