"""Article detection: URL shapes and the decision table."""

from __future__ import annotations

import pytest

from newsspider.pages.detection import effective_words, skip_reason, url_shape
from newsspider.pages.metadata import PageMetadata


@pytest.mark.parametrize(
    ("url", "shape"),
    [
        ("https://news.example.com/", "home"),
        ("https://news.example.com/index.html", "home"),
        ("https://news.example.com/world/", "unknown"),
        ("https://news.example.com/tag/elections/", "listing"),
        ("https://news.example.com/author/jane-doe/", "listing"),
        ("https://news.example.com/about/", "listing"),
        ("https://news.example.com/privacy-policy", "listing"),
        ("https://news.example.com/contact-us.html", "listing"),
        ("https://news.example.com/world/page/2/", "listing"),
        ("https://news.example.com/world/2024/06/21/us-concerned-over-arms-deal", "article"),
        ("https://news.example.com/2024/06/", "unknown"),
        ("https://news.example.com/news/council-approves-budget-123456.html", "article"),
        ("https://news.example.com/politics/council-approves-new-bridge-budget", "article"),
        ("https://news.example.com/politics/new-bridge-budget", "unknown"),
        ("https://news.example.com/politics/budget", "unknown"),
        ("https://news.example.com/archive/2014/04/plato-to-plumbers/361373/", "article"),
        ("https://news.example.com/topics/gadgets/best-electric-scooter-for-commuters", "article"),
        ("https://news.example.com/topic/coffee", "listing"),
        ("https://news.example.com/article/3834/1", "article"),
        ("https://news.example.com/news/news_view.html?idx=8576&page=1", "article"),
    ],
)
def test_url_shape(url: str, shape: str) -> None:
    assert url_shape(url) == shape


ARTICLE_URL = "https://news.example.com/world/2024/06/21/us-concerned-over-arms-deal"
PLAIN_URL = "https://news.example.com/world/budget"


def paragraphs(count: int, words: int) -> list[str]:
    """`count` paragraphs of `words` words each."""
    return [" ".join(["word"] * words)] * count


PROSE = paragraphs(4, 60)
TEASERS = paragraphs(12, 25)
OG_ARTICLE = PageMetadata(meta={"og:type": ["article"]})


@pytest.mark.parametrize(
    ("url", "metadata", "text", "reason"),
    [
        (ARTICLE_URL, PageMetadata(), TEASERS, None),
        (ARTICLE_URL, PageMetadata(), paragraphs(1, 20), "too_short"),
        (PLAIN_URL, PageMetadata(), TEASERS, "no_article_signal"),
        (PLAIN_URL, PageMetadata(), PROSE, None),
        # one block of prose with no paragraph breaks is prose too; a short one is not enough
        (PLAIN_URL, PageMetadata(), paragraphs(1, 300), None),
        (PLAIN_URL, PageMetadata(), paragraphs(1, 180), "no_article_signal"),
        (PLAIN_URL, PageMetadata(), [*paragraphs(1, 50), *paragraphs(3, 25)], "no_article_signal"),
        (PLAIN_URL, PageMetadata(jsonld_types={"NewsArticle"}), TEASERS, None),
        (PLAIN_URL, PageMetadata(jsonld_types={"NewsArticle"}), paragraphs(1, 45), None),
        (PLAIN_URL, PageMetadata(jsonld_types={"NewsArticle"}), paragraphs(1, 30), "too_short"),
        (PLAIN_URL, PageMetadata(meta={"og:type": ["article"]}), TEASERS, None),
        (PLAIN_URL, PageMetadata(jsonld_types={"CollectionPage"}), TEASERS, "listing_type"),
        ("https://news.example.com/", PageMetadata(jsonld_types={"NewsArticle"}), PROSE, "home"),
        ("https://news.example.com/tag/x/", PageMetadata(), PROSE, "listing_url"),
        ("https://news.example.com/about/", PageMetadata(), PROSE, "listing_url"),
        # under a listing word, a page that declares an article and has prose is one ...
        ("https://news.example.com/topic/history-of-coffee", OG_ARTICLE, PROSE, None),
        # ... but not a tag page of teasers, whatever it declares, nor a static page
        ("https://news.example.com/tag/x/", OG_ARTICLE, TEASERS, "listing_url"),
        ("https://news.example.com/about/", OG_ARTICLE, PROSE, "listing_url"),
    ],
)
def test_skip_reason(url: str, metadata: PageMetadata, text: list[str], reason: str | None) -> None:
    assert skip_reason(url, metadata, text, min_words=80) == reason


def test_unspaced_scripts_are_counted_by_characters() -> None:
    japanese = ["東京都は新しい防災計画を発表し、沿岸部の避難路を拡充すると明らかにした。" * 8]
    assert effective_words(japanese[0]) > 80
    assert skip_reason(ARTICLE_URL, PageMetadata(), japanese, min_words=80) is None
