"""HeadMetaRefreshMiddleware: Scrapy's meta-refresh redirects, without decoding the whole page."""

from __future__ import annotations

from scrapy import Request, Spider
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware
from scrapy.http import HtmlResponse, Response

# Scrapy looks for a refresh in the first 4096 characters of the text, but decodes the whole
# body to get them: on the reactor thread, for every page. No encoding takes more than four
# bytes a character, so these bytes hold those characters.
HEAD_BYTES = 4 * 4096


class HeadMetaRefreshMiddleware(MetaRefreshMiddleware):
    """MetaRefreshMiddleware reading only the page's first bytes (replaces it in settings.py)."""

    def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Request | Response:
        """A redirect request for a refresh in the page's head, else the response unchanged."""
        if isinstance(response, HtmlResponse) and _no_refresh(response.body[:HEAD_BYTES]):
            return response
        if not isinstance(response, HtmlResponse) or len(response.body) <= HEAD_BYTES:
            return super().process_response(request, response)
        head = response.replace(body=response.body[:HEAD_BYTES])
        result = super().process_response(request, head)
        return response if result is head else result


def _no_refresh(head: bytes) -> bool:
    """True when these bytes cannot hold a meta refresh (in any ASCII-compatible encoding)."""
    # Most pages have none, and seeing that in the bytes saves decoding the head and building a
    # second response on the reactor thread for each of them. UTF-16 and UTF-32 spell the word
    # with NUL bytes between its letters: those pages take Scrapy's way.
    return b"\x00" not in head and b"refresh" not in head.lower()
