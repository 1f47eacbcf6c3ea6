"""Broken pages offline: disagreeing charsets, mojibake, broken HTML, files that are not HTML."""

from __future__ import annotations

import gzip

import lxml.html
import pytest
from trafilatura.utils import load_html as trafilatura_load_html

from newsspider import extract_article
from newsspider.pages.article import ArticlePage
from newsspider.pages.decoding import decode_html, decode_page, repair_mojibake
from newsspider.pages.repair import MAX_DEPTH, parse_html, repair_html
from tests.mocksite.articles import CAFE

URL = "https://news.example.com/business/2024/10/08/swiss-cafe-chain-agrees-takeover"
PARAGRAPHS = list(CAFE.paragraphs)
TEXT = "\n\n".join(PARAGRAPHS)


def page(meta: str = "", body: str | None = None) -> str:
    """A plain article page around CAFE's paragraphs (accents, curly quotes, euro signs)."""
    paragraphs = "".join(f"<p>{p}</p>\n" for p in PARAGRAPHS)
    return (
        f"<!DOCTYPE html>\n<html lang='en'><head>{meta}<title>{CAFE.title}</title>"
        "<meta property='og:type' content='article'></head><body><article>"
        f"<h1>{CAFE.title}</h1>\n{paragraphs if body is None else body}</article></body></html>"
    )


UTF8 = '<meta charset="utf-8">'
CP1252 = '<meta charset="windows-1252">'
LATIN1 = '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'
BOM = b"\xef\xbb\xbf"

# (bytes, Content-Type header): every way the declarations and the bytes disagree.
CHARSET_CASES = {
    "cp1252-bytes-header-says-utf8": (page().encode("cp1252"), "text/html; charset=utf-8"),
    "cp1252-bytes-meta-says-utf8": (page(UTF8).encode("cp1252"), "text/html"),
    "cp1252-bytes-header-and-meta-say-utf8": (
        page(UTF8).encode("cp1252"),
        "text/html; charset=UTF-8",
    ),
    "utf8-bytes-header-says-latin1": (page().encode(), "text/html; charset=iso-8859-1"),
    "utf8-bytes-header-cp1252-meta-utf8": (page(UTF8).encode(), "text/html; charset=cp1252"),
    "utf8-bytes-meta-says-latin1": (page(LATIN1).encode(), None),
    "bom-utf8-header-says-cp1252": (BOM + page(CP1252).encode(), "text/html; charset=cp1252"),
    "bom-utf8-but-cp1252-bytes": (BOM + page(CP1252).encode("cp1252"), "text/html"),
    "meta-says-utf16-bytes-utf8": (page('<meta charset="utf-16">').encode(), None),
    "header-says-utf16-bytes-utf8": (page().encode(), "text/html; charset=utf-16"),
    "utf16-with-bom-header-says-utf8": (page().encode("utf-16"), "text/html; charset=utf-8"),
    "unknown-charset-label": (page('<meta charset="x-no-such">').encode(), "text/html"),
    "double-encoded-mojibake-in-page": (
        page(UTF8).encode().decode("latin-1").encode(),
        "text/html; charset=utf-8",
    ),
}


@pytest.mark.parametrize("case", sorted(CHARSET_CASES))
def test_disagreeing_charsets_still_give_the_true_text(case: str) -> None:
    body, content_type = CHARSET_CASES[case]
    result = ArticlePage(URL, body, content_type=content_type).extract()
    assert result.record is not None, result.skip
    assert result.record.title == CAFE.title
    assert result.record.text == TEXT
    assert "\ufffd" not in result.record.text


def test_mojibake_in_a_text_string_is_repaired() -> None:
    broken = page().encode().decode("cp1252", errors="ignore")
    assert "CafÃ©" in broken
    record = extract_article(broken, URL)
    assert record is not None
    assert record["title"] == CAFE.title
    assert "Zürich-based café chain" in record["text"]


def test_text_that_only_looks_odd_is_left_alone() -> None:
    # Curly quotes, accents and a real 'Ã' next to ASCII are not mojibake.
    for text in ["“Quoted” — déjà vu", "São Paulo's PÃO bakery", "A £5 note", "naïve Ñandú"]:
        assert repair_mojibake(text) == text


def test_undecodable_bytes_never_become_replacement_characters() -> None:
    # 0x81 and 0x9d are undefined in windows-1252; no declaration decodes the page.
    body = page(UTF8).encode("cp1252").replace(b"Brunner", b"Br\x81nn\x9der")
    text = decode_html(body, "text/html; charset=utf-8")
    assert "\ufffd" not in text
    assert "Zürich" in text


def test_deep_nesting_keeps_the_text() -> None:
    for depth in (300, 1000, 5000):
        html = page(UTF8, body="<div>" * depth + "".join(f"<p>{p}</p>" for p in PARAGRAPHS))
        record = extract_article(html, URL)
        assert record is not None, depth
        assert record["text"] == TEXT, depth


def test_repair_caps_nesting_and_keeps_every_word() -> None:
    inner = "<div><span>word</span> and <b>more</b></div>"
    html = "<html><body>" + "<div>" * 3000 + inner + "</div>" * 3000 + "</body></html>"
    repaired = repair_html(html)
    tree = lxml.html.fromstring(repaired)
    depth = max(len(list(element.iterancestors())) for element in tree.iter())
    assert depth <= MAX_DEPTH + 2
    assert " ".join(tree.text_content().split()) == "word and more"


def test_ordinary_pages_are_not_rewritten() -> None:
    html = page(UTF8, body="<div>" * 50 + "<p>x</p>" + "</div>" * 50)
    assert repair_html(html) == html
    tree = parse_html(html)
    assert tree is not None
    assert lxml.html.tostring(tree) == lxml.html.tostring(lxml.html.fromstring(html))


@pytest.mark.parametrize(
    "html",
    [
        page(UTF8),
        '<?xml version="1.0" encoding="utf-8"?>\n' + page(UTF8),  # a str with an encoding
        "<!DOCTYPE html>\n<html/>\n<p>self-closing html</p>",
        "<html><body><!-- a comment --><?pi x?><form><input value=3></form></body></html>",
        "<p>a fragment</p>",
        "plain text, no markup",
        "\x00\x01 control characters <html>x</html>",
        "",
    ],
)
def test_pages_parse_as_trafilatura_parses_them(html: str) -> None:
    # parse_html has its own parser (element classes looked up in C): same tree, or same None;
    # told the text is XML-safe, it skips only trafilatura's search for forbidden characters.
    theirs = trafilatura_load_html(html)
    _, xml_safe = decode_page(html.encode(), "text/html; charset=utf-8")
    for ours in {parse_html(html), parse_html(html, xml_safe=xml_safe)}:
        assert (ours is None) == (theirs is None)
        if ours is not None and theirs is not None:
            assert lxml.html.tostring(ours) == lxml.html.tostring(theirs)


def test_markup_inside_scripts_and_comments_is_not_counted() -> None:
    noise = "<!-- " + "<div>" * 500 + " -->" + "<script>var s='" + "<div>" * 500 + "';</script>"
    html = page(UTF8, body=noise + "".join(f"<p>{p}</p>" for p in PARAGRAPHS))
    assert repair_html(html) == html


def test_truncated_mid_paragraph_keeps_what_arrived() -> None:
    html = page(UTF8)
    cut = html.index(PARAGRAPHS[4]) + len(PARAGRAPHS[4]) // 2
    record = extract_article(html[:cut], URL)
    assert record is not None
    paragraphs = record["text"].split("\n\n")
    assert paragraphs[:4] == PARAGRAPHS[:4]
    assert paragraphs[4] == PARAGRAPHS[4][: len(PARAGRAPHS[4]) // 2].strip()


def test_unclosed_tags_keep_every_paragraph() -> None:
    html = page(UTF8).replace("</p>", "").replace("</article>", "").replace("</body>", "")
    record = extract_article(html, URL)
    assert record is not None
    assert record["text"] == TEXT


def test_an_article_after_a_premature_end_of_document_is_kept() -> None:
    # A template that closes the document in its header include, then prints the article:
    # browsers show it all; libxml2 alone puts the article outside the body.
    paragraphs = "".join(f"<p>{p}</p>\n" for p in PARAGRAPHS)
    html = (
        f"<!DOCTYPE html>\n<html lang='en'><head><title>{CAFE.title}</title>"
        "<meta property='og:type' content='article'></head><body>"
        "<header><nav><a href='/'>Home</a> <a href='/business'>Business</a></nav></header>"
        f"</body></html>\n<main><article><h1>{CAFE.title}</h1>\n{paragraphs}</article></main>"
        "<footer>© The Example News</footer></body></html>"
    )
    record = extract_article(html, URL)
    assert record is not None
    assert record["text"] == TEXT
    tree = parse_html(html)
    assert tree is not None and tree.find("body/main/article") is not None


PDF = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n" * 40
)
NOT_HTML = {
    "pdf": PDF,
    "pdf-after-blank-line": b"\r\n" + PDF,
    "png": b"\x89PNG\r\n\x1a\n" + b"IHDR" * 500,
    "gif": b"GIF89a" + b"abc" * 500,
    "jpeg": b"\xff\xd8\xff\xe0" + b"JFIF" * 500,
    "zip": b"PK\x03\x04" + b"word/document.xml" * 100,
    "gzip": gzip.compress(page().encode(), mtime=0),
    "webp": b"RIFF\x00\x10\x00\x00WEBPVP8 " + b"x" * 500,
}


@pytest.mark.parametrize("kind", sorted(NOT_HTML))
def test_files_served_as_html_are_not_html(kind: str) -> None:
    result = ArticlePage(URL, NOT_HTML[kind], content_type="text/html").extract()
    assert (result.record, result.skip) == (None, "not_html")


def test_deep_nesting_of_structural_tags_is_capped_too() -> None:
    html = "<html><body>" + "<section>" * 3000 + "<p>deep text</p>" + "</section>" * 3000
    tree = lxml.html.fromstring(repair_html(html + "</body></html>"))
    assert max(len(list(element.iterancestors())) for element in tree.iter()) <= MAX_DEPTH + 2
    assert tree.text_content().split() == ["deep", "text"]


def test_furniture_stays_apart_from_the_body_inside_deep_nesting() -> None:
    paragraphs = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    html = page(UTF8, body="<div>" * 3000 + paragraphs + "</div>" * 3000).replace(
        "</article>", "</article><footer><p>© Cafe Times. All rights reserved.</p></footer>"
    )
    record = extract_article(html, URL)
    assert record is not None
    assert record["text"] == TEXT
