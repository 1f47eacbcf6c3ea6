"""One-time set-up of the extraction libraries, done before the first real page.

trafilatura, justext and htmldate (with dateparser) load data on first use: justext's stoplists
of every language, dateparser's locale tables and time zone patterns, htmldate's month names of
every dateparser locale. That takes one to two seconds, which each new worker (and each
replacement of a hung or dead one) would otherwise spend on its first pages.
"""

from __future__ import annotations

import contextlib

from htmldate.extractors import external_date_parser, month_words

from newsspider.pages.article import ArticlePage

_SENTENCE = (
    "The harbour board met on Tuesday evening to discuss the dredging of the outer channel, "
    "which has silted up faster than the engineers had expected after the winter storms. "
)
# Long enough to be an article, with no author and no date in its metadata: the metadata
# fallback and htmldate's search of the text (dateparser) run.
_ARTICLE = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Dredging the channel'
    '</title><meta property="og:type" content="article"></head><body><nav><a href="/">Home</a>'
    '<a href="/harbour/">Harbour</a></nav><article><h1>Dredging the channel</h1>'
    "<p>Published on Tuesday, 21 June 2024 at 9.30 in the morning</p>"
    + "".join(f"<p>{_SENTENCE * 2}</p>" for _ in range(4))
    + "</article><footer><p>Contact the newsroom</p></footer></body></html>"
)
# Too short for trafilatura's own extractor: its justext fallback runs.
_SHORT = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Notice</title></head>'
    "<body><div><p>The ferry timetable changes on Monday.</p></div></body></html>"
)


def warm_up() -> None:
    """Run the libraries' one-time set-up now (never raises: it is only an optimisation)."""
    with contextlib.suppress(Exception):
        ArticlePage(
            "https://warmup.invalid/harbour/2024/06/21/dredging-the-channel", _ARTICLE
        ).extract(want_links=True)
        ArticlePage("https://warmup.invalid/notice", _SHORT).extract(want_links=True)
        # htmldate hands some date strings to dateparser, whose first call compiles its time
        # zone patterns: 1.4 s. The pages above do not need it; some real pages do.
        external_date_parser("21 June 2024 09:30 BST", "%Y-%m-%d")
        # On a page with no date in its markup, htmldate's text search gathers the month names
        # of every dateparser locale once: 0.13 s on the first such page.
        month_words()
