"""Fake news sites served on loopback, with manifests of what a correct crawl must export."""

from __future__ import annotations

from . import hostile  # noqa: F401  (registers the hostile sites in SITES)
from .articles import Article, ReaderComment
from .server import RunningSite, start_site, start_sites, stop_sites
from .sites import SITES, ExpectedArticle, Resource, Site

__all__ = [
    "SITES",
    "Article",
    "ExpectedArticle",
    "ReaderComment",
    "Resource",
    "RunningSite",
    "Site",
    "start_site",
    "start_sites",
    "stop_sites",
]
