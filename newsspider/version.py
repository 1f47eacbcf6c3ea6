"""The package version and the extractor signature stamped on every record."""

from __future__ import annotations

from importlib.metadata import version

__version__ = "0.1.0"
# From the installed distribution: importing trafilatura for its __version__ would load it in
# the crawl process, which never extracts.
EXTRACTOR = f"newsspider/{__version__} trafilatura/{version('trafilatura')}"
