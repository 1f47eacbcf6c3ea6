"""Article detection: URL shapes and the decision table."""

from __future__ import annotations

import pytest

from newsspider.pages.detection import skip_reason, url_shape
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
        ("https://news.example.com/politics/budget", "unknown"),
    ],
)
def test_url_shape(url: str, shape: str) -> None:
    assert url_shape(url) == shape


ARTICLE_URL = "https://news.example.com/world/2024/06/21/us-concerned-over-arms-deal"
PLAIN_URL = "https://news.example.com/world/budget"


@pytest.mark.parametrize(
    ("url", "metadata", "words", "reason"),
    [
        (ARTICLE_URL, PageMetadata(), 300, None),
        (ARTICLE_URL, PageMetadata(), 20, "too_short"),
        (PLAIN_URL, PageMetadata(), 300, "no_article_signal"),
        (PLAIN_URL, PageMetadata(jsonld_types={"NewsArticle"}), 300, None),
        (PLAIN_URL, PageMetadata(meta={"og:type": ["article"]}), 300, None),
        (PLAIN_URL, PageMetadata(jsonld_types={"CollectionPage"}), 300, "listing_type"),
        ("https://news.example.com/", PageMetadata(jsonld_types={"NewsArticle"}), 900, "home"),
        ("https://news.example.com/tag/x/", PageMetadata(), 900, "listing_url"),
    ],
)
def test_skip_reason(url: str, metadata: PageMetadata, words: int, reason: str | None) -> None:
    assert skip_reason(url, metadata, words, min_words=80) == reason
