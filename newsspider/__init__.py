"""newsspider: a Scrapy news crawler that exports clean article records."""

from __future__ import annotations

from newsspider.pages.article import extract_article
from newsspider.version import __version__

__all__ = ["__version__", "extract_article"]
