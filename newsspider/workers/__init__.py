"""Extraction workers: the process pool, each worker's set-up, warm-up and memory.

Import nothing here: the forkserver imports newsspider.workers.preload, and this package's
__init__ with it, before any worker is forked; Scrapy must not come along.
"""
