"""Imported by the extraction workers' forkserver only: warm-up work, so workers fork warm.

trafilatura, justext and htmldate (with dateparser) load data on first use: justext's stoplists
of every language, dateparser's locale tables and time zone patterns. That takes one to two
seconds, which each new worker (and each replacement of a hung or dead one) would otherwise spend
on its first pages. Done here, before any worker is forked, it is done once per crawl.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys

from htmldate.extractors import external_date_parser

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

# Only an optimisation: a failure here must not take the forkserver, and so every worker, down.
with contextlib.suppress(Exception):
    ArticlePage("https://warmup.invalid/harbour/2024/06/21/dredging-the-channel", _ARTICLE).extract(
        want_links=True
    )
    ArticlePage("https://warmup.invalid/notice", _SHORT).extract(want_links=True)
    # htmldate hands some date strings to dateparser, whose first call compiles its time zone
    # patterns: 1.4 s. The pages above do not need it; some real pages do.
    external_date_parser("21 June 2024 09:30 BST", "%Y-%m-%d")


def adopt_main_script() -> None:
    """Mark the crawl's main script as this process's own, so workers do not run it again."""
    # multiprocessing.spawn._fixup_main_from_path skips a script whose path __main__.__file__
    # already names. The script is `scrapy` (Scrapy's command line); workers never use it.
    main_script = os.environ.get("NEWSSPIDER_PARENT_MAIN")
    if main_script:
        sys.modules["__main__"].__file__ = main_script


adopt_main_script()
# What the forkserver holds now is shared by every worker: keep the garbage collector off it, so
# that collections in a worker neither walk these objects nor copy the pages they live on.
gc.freeze()
