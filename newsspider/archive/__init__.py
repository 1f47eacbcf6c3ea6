"""Raw pages kept as WARC: capture during a crawl, and reading archives back for reprocessing."""
