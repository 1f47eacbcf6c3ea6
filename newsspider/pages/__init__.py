"""Page objects: (url, html) in, article record out; no Scrapy imports here."""
