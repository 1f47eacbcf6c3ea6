"""Bytes to text for HTML pages: the same charset rules the crawl and `extract_article` use."""

from __future__ import annotations

from charset_normalizer import from_bytes
from w3lib.encoding import html_to_unicode

# A page is binary when this share of its first bytes are control characters (not \t\n\r\f).
_BINARY_SHARE = 0.05
_SNIFF_BYTES = 4096
_CONTROL_BYTES = bytes(sorted(frozenset(range(32)) - {9, 10, 12, 13}))


def _guess_encoding(body: bytes) -> str | None:
    """Guess the charset of a page that declares none: UTF-8 if it decodes, else a detector."""
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8"
    best = from_bytes(body[:65536]).best()
    # cp1252 is what an undeclared Western page almost always is; prefer it to exotic guesses.
    if best is None or best.encoding in {"cp1250", "cp1251", "latin_1", "iso8859_15"}:
        return "cp1252"
    return str(best.encoding)


def decode_html(body: bytes, content_type: str | None = None) -> str:
    """Decode a page honouring BOM, then the HTTP charset, then <meta>, then a guess."""
    _, text = html_to_unicode(content_type, body, auto_detect_fun=_guess_encoding)
    return text


def looks_binary(body: bytes) -> bool:
    """True when the bytes are not text at all (an image or binary file served as HTML)."""
    head = body[:_SNIFF_BYTES]
    if not head:
        return False
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    # bytes.translate deletes them in C: a Python loop over 4 KB took a millisecond a page.
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return controls / len(head) > _BINARY_SHARE
