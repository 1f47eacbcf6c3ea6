"""The record's metadata fields, one module each (title, authors, published, ...)."""
