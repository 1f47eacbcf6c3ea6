"""Imported by the extraction workers' forkserver only: warm-up work, so workers fork warm.

The extraction libraries' one-time set-up (newsspider.workers.warmup) is done here, before any
worker is forked, so it is done once per crawl.
"""

from __future__ import annotations

import gc
import os
import sys

from newsspider.workers.warmup import warm_up
from newsspider.workers.worker import MAIN_SCRIPT_ENV

warm_up()


def adopt_main_script() -> None:
    """Mark the crawl's main script as this process's own, so workers do not run it again."""
    # multiprocessing.spawn._fixup_main_from_path skips a script whose path __main__.__file__
    # already names. The script is `scrapy` (Scrapy's command line); workers never use it.
    main_script = os.environ.get(MAIN_SCRIPT_ENV)
    if main_script:
        sys.modules["__main__"].__file__ = main_script


adopt_main_script()
# What the forkserver holds now is shared by every worker: keep the garbage collector off it, so
# that collections in a worker neither walk these objects nor copy the pages they live on.
gc.freeze()
