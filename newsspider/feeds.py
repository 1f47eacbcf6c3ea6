"""Feed URI parameters: lets FEEDS paths say %(site)s."""

from __future__ import annotations

import re
from typing import Any

from scrapy import Spider

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def uri_params(params: dict[str, Any], spider: Spider) -> dict[str, Any]:
    """Add `site` (a file-name-safe label of the crawled sites) to the feed URI parameters."""
    label = getattr(spider, "site_label", "") or spider.name
    return {**params, "site": _UNSAFE.sub("-", label).strip("-") or spider.name}
