"""The package version and the extractor signature stamped on every record."""

from __future__ import annotations

import trafilatura

__version__ = "0.1.0"
EXTRACTOR = f"newsspider/{__version__} trafilatura/{trafilatura.__version__}"
