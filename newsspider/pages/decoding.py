"""Bytes to text for HTML pages: the same charset rules the crawl and `extract_article` use."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes
from ftfy import TextFixerConfig, fix_text
from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding, read_bom

# A page is binary when this share of its first bytes are control characters (not \t\n\r\f).
_BINARY_SHARE = 0.05
_SNIFF_BYTES = 4096
_CONTROL_BYTES = bytes(sorted(frozenset(range(32)) - {9, 10, 12, 13}))
# Signatures of formats that servers hand out as text/html by mistake: PDF, images, archives,
# media. Checked after leading whitespace, which some servers prepend.
_MAGIC = (
    b"%PDF-",
    b"\x89PNG\r\n\x1a\n",
    b"GIF87a",
    b"GIF89a",
    b"\xff\xd8\xff",
    b"RIFF",
    b"PK\x03\x04",
    b"\x1f\x8b",
    b"\xfd7zXZ\x00",
    b"7z\xbc\xaf\x27\x1c",
    b"OggS",
    b"wOFF",
    b"wOF2",
    b"\x7fELF",
)
# Detector guesses worth trusting: multi-byte encodings and non-Latin scripts. Any other
# guess (on short Western texts the detector names cp775, cp1257, mac_roman ...) garbles
# accents that windows-1252 reads right.
_TRUSTED_GUESSES = frozenset(
    "utf_8 utf_16 utf_16_le utf_16_be utf_32 utf_32_le utf_32_be gb18030 gbk gb2312 hz "
    "big5 big5hkscs cp950 shift_jis cp932 euc_jp euc_jis_2004 euc_jisx0213 iso2022_jp "
    "iso2022_kr euc_kr cp949 johab cp1253 iso8859_7 mac_greek cp1255 iso8859_8 cp1256 "
    "iso8859_6 cp874 tis_620 iso8859_11 koi8_r koi8_u iso8859_5 mac_cyrillic cp866".split()
)
# The characters trafilatura removes before parsing (XML forbids them), as UTF-8 bytes:
# C0 controls but tab, LF and CR (U+FFFE and U+FFFF are EF BF BE and EF BF BF).
_XML_INVALID_BYTES = bytes(sorted(frozenset(range(32)) - {9, 10, 13}))
_HIGH_BYTES = re.compile(rb"[\x80-\xff]+")
_UTF16_32 = frozenset({"utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"})
# UTF-8 read as windows-1252 or Latin-1: a lead byte (C2-F4) shown as 'Â'..'ô' followed by a
# continuation byte (80-BF) shown as a C1 control, a cp1252 symbol or U+00A0-U+00BF. Text
# without this pattern has no such mojibake and skips ftfy, which is slow.
_MOJIBAKE_HINT = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
    "\u02c6\u02dc\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030"
    "\u2039\u203a\u20ac\u2122]"
)
# The same pattern in UTF-8 bytes, searched on pages read as UTF-8 (nearly all): every lead
# character is \xc3 and a byte, and the regex engine skips from one \xc3 to the next, ten
# times faster than through the decoded text. In valid UTF-8 it matches exactly where the
# pattern above matches the text.
_MOJIBAKE_HINT_UTF8 = re.compile(
    rb"\xc3[\x82-\xb4](?:\xc2[\x80-\xbf]|\xc5[\x92\x93\xa0\xa1\xb8\xbd\xbe]|\xc6\x92"
    rb"|\xcb[\x86\x9c]|\xe2\x80[\x93\x94\x98-\x9a\x9c-\x9e\xa0-\xa2\xa6\xb0\xb9\xba]"
    rb"|\xe2\x82\xac|\xe2\x84\xa2)"
)
# Only the encoding repair of ftfy: its other fixes (curly quotes, ligatures, widths) would
# change text that is not broken, and its lossy-sequence fix writes U+FFFD.
_MOJIBAKE_ONLY = TextFixerConfig(
    replace_lossy_sequences=False,
    unescape_html=False,
    remove_terminal_escapes=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    remove_control_chars=False,
    normalization=None,
    explain=False,
)


def _undecodable_as_latin1(error: UnicodeError) -> tuple[str, int]:
    # A byte no candidate could decode is kept as the Latin-1 character of the same value,
    # never turned into U+FFFD: ftfy can still repair it, and no readable text is lost.
    if not isinstance(error, UnicodeDecodeError):
        raise error
    bad = error.object[error.start : error.end]
    return bytes(bad).decode("latin-1"), error.end


codecs.register_error("newsspider-latin1", _undecodable_as_latin1)


def _guess_encoding(body: bytes) -> str:
    """Guess the charset of a page that declares none: UTF-8 if it decodes, else a detector."""
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8"
    head = body[:65536]
    best = from_bytes(head).best()
    # cp1252 is what an undeclared (or wrongly declared) Western page almost always is. Its
    # non-ASCII bytes stand alone (an accent inside a word); CJK, Greek or Cyrillic text
    # comes in runs of them, and only then is the detector's guess believed.
    if best is None or best.encoding not in _TRUSTED_GUESSES or _mostly_lone_high_bytes(head):
        return "cp1252"
    return str(best.encoding)


def _mostly_lone_high_bytes(body: bytes) -> bool:
    runs = _HIGH_BYTES.findall(body)
    lone = sum(1 for run in runs if len(run) == 1)
    return lone * 2 > sum(len(run) for run in runs)


def _declared(body: bytes, content_type: str | None) -> list[tuple[str, bytes]]:
    """(encoding, body without BOM) candidates, in precedence order: BOM, header, <meta>."""
    candidates: list[tuple[str, bytes]] = []
    bom_encoding, bom = read_bom(body)
    if bom_encoding is not None and bom is not None:
        candidates.append((bom_encoding, body[len(bom) :]))
        body = body[len(bom) :]
    header = http_content_type_encoding(content_type)
    if header is not None:
        candidates.append((header, body))
    meta = html_body_declared_encoding(body)
    if meta is not None:
        # A <meta> declaring UTF-16/32 is read from ASCII-compatible bytes, so it cannot be
        # true; browsers use UTF-8 instead (WHATWG "prescan").
        candidates.append(("utf-8" if meta in _UTF16_32 else meta, body))
    return candidates


def _strict(body: bytes, encoding: str) -> str | None:
    try:
        text = body.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None
    # An ASCII-incompatible codec (UTF-16 on ASCII bytes) "decodes" markup into nonsense.
    if b"<" in body and "<" not in text:
        return None
    return text


def decode_html(body: bytes | str, content_type: str | None = None) -> str:
    """Decode a page: BOM, then HTTP charset, then <meta>, then a guess; then repair mojibake.

    A declaration is taken only if the bytes really decode with it, so a page that says
    UTF-8 but is windows-1252 (or disagrees between BOM, header and <meta>) still reads.
    """
    return decode_page(body, content_type)[0]


def decode_page(body: bytes | str, content_type: str | None = None) -> tuple[str, bool]:
    """decode_html, and whether the text surely holds no character XML forbids.

    Known only for UTF-8 pages without mojibake, from their bytes (a C-level byte filter is
    several times faster than a regex over the text): the parser then skips its own search.
    """
    if isinstance(body, str):
        return repair_mojibake(body), False
    text, encoding, data = _decode(body, content_type)
    if codecs.lookup(encoding).name == "utf-8" and not _MOJIBAKE_HINT_UTF8.search(data):
        # The bytes show no mojibake, so the text has none.
        return text, not _has_xml_invalid(data)
    return repair_mojibake(text), False


def _has_xml_invalid(utf8: bytes) -> bool:
    """Does UTF-8 text hold a C0 control other than tab, LF and CR, or U+FFFE or U+FFFF?"""
    if len(utf8.translate(None, _XML_INVALID_BYTES)) != len(utf8):
        return True
    # A one-byte search runs as memchr, many times faster than a longer one: most pages have
    # no EF byte at all (U+F000 and above), and only they are searched further.
    return (
        b"\xef" in utf8
        and b"\xef\xbf" in utf8
        and (b"\xef\xbf\xbe" in utf8 or b"\xef\xbf\xbf" in utf8)
    )


def _decode(body: bytes, content_type: str | None) -> tuple[str, str, bytes]:
    """The text, the encoding that read it, and the bytes it was read from (BOM dropped)."""
    for encoding, data in _declared(body, content_type):
        text = _strict(data, encoding)
        if text is not None:
            return text, encoding, data
    data = body[len(read_bom(body)[1] or b"") :]
    encoding = _guess_encoding(data)
    return data.decode(encoding, errors="newsspider-latin1"), encoding, data


def repair_mojibake(text: str) -> str:
    """Undo mojibake ('CafÃ©' for 'Café') where ftfy finds it unambiguous; else text as is."""
    if text.isascii() or not _MOJIBAKE_HINT.search(text):
        return text
    # ftfy takes seconds over megabytes, so only the lines that show the pattern are fixed.
    lines = text.splitlines(keepends=True)
    return "".join(
        fix_text(line, _MOJIBAKE_ONLY) if _MOJIBAKE_HINT.search(line) else line for line in lines
    )


def looks_binary(body: bytes) -> bool:
    """True when the bytes are not text at all (an image, PDF or binary file served as HTML)."""
    head = body[:_SNIFF_BYTES]
    if not head:
        return False
    if head.lstrip().startswith(_MAGIC):
        return True
    if read_bom(head)[0] in _UTF16_32:
        return False  # NUL bytes are how UTF-16 and UTF-32 write ASCII
    if b"\x00" in head:
        return True
    # bytes.translate deletes them in C: a Python loop over 4 KB took a millisecond a page.
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return controls / len(head) > _BINARY_SHARE
