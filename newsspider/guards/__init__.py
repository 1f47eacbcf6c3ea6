"""Downloader guards against hostile input: private addresses, credentials, endless sitemaps."""
