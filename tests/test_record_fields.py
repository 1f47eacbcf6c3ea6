"""The corpus fields of a record, table-driven on small hand-made pages: language, paywall,
opt-outs (page, robots.txt groups, TDMRep), license and signals."""

from __future__ import annotations

import json
from typing import Any

import pytest
from lxml.html import HtmlElement

from newsspider import extract_article
from newsspider.discovery.optouts import SiteOptOuts, parse_robots, parse_tdmrep
from newsspider.items import record_id
from newsspider.pages.fields.language import choose_language
from newsspider.pages.fields.optouts import OptOutHints, license_url, opt_outs
from newsspider.pages.fields.paywall import paywall
from newsspider.pages.fields.signals import text_signals
from newsspider.pages.metadata import read_metadata
from newsspider.pages.repair import parse_html
from newsspider.settings import NEWSSPIDER_TDM_AGENTS
from tests.conftest import validate_record

URL = "https://news.example/world/2025/05/02/harbour-story"
EN = (
    "The harbour board met on Tuesday evening to discuss the dredging of the outer channel, "
    "which has silted up faster than the engineers had expected after the winter storms."
)
DE = (
    "Der Hafenrat traf sich am Dienstagabend, um über das Ausbaggern der äußeren Fahrrinne zu "
    "beraten, die nach den Winterstürmen schneller verschlammt ist als erwartet."
)
FR = (
    "Le conseil du port s'est réuni mardi soir pour discuter du dragage du chenal extérieur, "
    "qui s'est envasé plus vite que les ingénieurs ne l'avaient prévu après les tempêtes."
)


def _page(head: str = "", body: str = "", lang: str = "en", paragraphs: str = EN) -> str:
    text = "".join(f"<p>{paragraphs} {n}</p>" for n in range(5))
    return (
        f'<html lang="{lang}"><head><title>Harbour story</title>{head}</head><body>'
        f"<article><h1>Harbour story</h1>{text}{body}</article></body></html>"
    )


def _tree(html: str) -> HtmlElement:
    tree = parse_html(html)
    assert tree is not None
    return tree


def _record(html: str) -> dict[str, Any]:
    record = extract_article(html, URL)
    assert record is not None
    validate_record(record)
    return record


# --- language ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "declared", "language", "scored"),
    [
        (EN, "en", "en", True),
        (DE, "en", "de", True),  # an English page of a German site: the text wins
        (FR, None, "fr", True),
        ("Ja.", "de", "de", False),  # too short to say: the declaration stays
        ("Ok, merci.", None, None, False),  # too short and nothing declared
        (f"{EN} {DE} {EN}", "en", "en", False),  # mixed: the detector is unsure, the page decides
        (f"{EN} {DE} {EN}", None, "de", True),  # ... unless the page declares nothing
        ("Die Firma meldet", "fr", "fr", False),  # under 40 letters
    ],
)
def test_language_from_the_text(
    text: str, declared: str | None, language: str | None, scored: bool
) -> None:
    choice = choose_language(text, declared)
    assert (choice.language, choice.declared) == (language, declared)
    assert (choice.score is not None) == scored
    if choice.score is not None:
        assert 0 < choice.score <= 1


def test_record_language_and_declaration() -> None:
    record = _record(_page(lang="en", paragraphs=DE))
    assert (record["language"], record["language_declared"]) == ("de", "en")
    assert record["language_score"] > 0.9


# --- paywall ----------------------------------------------------------------------------------


def _jsonld(data: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


ARTICLE = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Harbour story"}
LOCKED = {"@type": "WebPageElement", "isAccessibleForFree": False, "cssSelector": ".paywall"}
PAID_TEXT = f'<div class="paywall"><p>{EN}</p></div>'


@pytest.mark.parametrize(
    ("jsonld", "body", "expected"),
    [
        (ARTICLE, "", (False, None, None)),
        ({**ARTICLE, "isAccessibleForFree": True}, "", (False, None, None)),
        ({**ARTICLE, "isAccessibleForFree": False}, "", (True, "jsonld", None)),
        ({**ARTICLE, "isAccessibleForFree": "False"}, "", (True, "jsonld", None)),
        # The paywalled section is in the page: the text is whole.
        ({**ARTICLE, "isAccessibleForFree": False, "hasPart": LOCKED}, PAID_TEXT,
         (True, "jsonld_haspart", False)),
        # Its section is missing or empty: the text stops where the paywall cuts it.
        ({**ARTICLE, "isAccessibleForFree": False, "hasPart": [LOCKED]}, "",
         (True, "jsonld_haspart", True)),
        ({**ARTICLE, "hasPart": [LOCKED]}, '<div class="paywall"></div>',
         (True, "jsonld_haspart", True)),
        ({**ARTICLE, "hasPart": {**LOCKED, "cssSelector": "[[bad"}}, "",
         (True, "jsonld_haspart", None)),
        ({"@graph": [ARTICLE, {"@type": "WebPage", "isAccessibleForFree": "false"}]}, "",
         (True, "jsonld", None)),
    ],
)  # fmt: skip
def test_paywall_shapes(jsonld: object, body: str, expected: tuple[object, ...]) -> None:
    html = _page(head=_jsonld(jsonld), body=body)
    tree = _tree(html)
    found = paywall(read_metadata(tree, URL), tree)
    assert (found.paywalled, found.source, found.truncated) == expected
    record = _record(html)
    assert (record["paywalled"], record["paywall_source"], record["paywall_truncated"]) == expected


# --- opt-outs: the page and its response -------------------------------------------------------


@pytest.mark.parametrize(
    ("head", "hints", "sources", "policy"),
    [
        ("", OptOutHints(), [], None),
        ('<meta name="tdm-reservation" content="1">', OptOutHints(), ["tdm_meta"], None),
        ('<meta name="tdm-reservation" content="0">', OptOutHints(), [], None),
        ('<meta name="tdm-reservation" content="1"><meta name="tdm-policy" content="/tdm.json">',
         OptOutHints(), ["tdm_meta"], "https://news.example/tdm.json"),
        ("", OptOutHints(tdm_header="1", tdm_policy_header="https://p.example/policy"),
         ["tdm_header"], "https://p.example/policy"),
        ("", OptOutHints(x_robots_tag="noindex, NoAI"), ["x_robots_tag:noai"], None),
        ('<meta name="robots" content="noimageai">', OptOutHints(),
         ["robots_meta:noimageai"], None),
        ('<meta name="robots" content="noai, noimageai">', OptOutHints(),
         ["robots_meta:noai", "robots_meta:noimageai"], None),
        ('<meta name="robots" content="noindex">', OptOutHints(), [], None),
        ("", OptOutHints(site_sources=("robots_txt:GPTBot", "tdmrep_json"),
                         site_policy="https://news.example/policy.json"),
         ["robots_txt:GPTBot", "tdmrep_json"], "https://news.example/policy.json"),
    ],
)  # fmt: skip
def test_opt_out_sources(
    head: str, hints: OptOutHints, sources: list[str], policy: str | None
) -> None:
    found = opt_outs(read_metadata(_tree(_page(head=head)), URL), URL, hints)
    assert (found.reserved, found.sources, found.policy) == (bool(sources), sources, policy)


def test_a_page_nothing_reserves_says_false() -> None:
    record = _record(_page())
    assert (record["tdm_reserved"], record["tdm_sources"], record["tdm_policy"]) == (
        False,
        [],
        None,
    )


# --- opt-outs: robots.txt groups of AI crawlers ------------------------------------------------

ROBOTS = """
User-agent: *
Disallow: /admin/

User-agent: GPTBot
User-agent: ClaudeBot
Disallow: /news/
Allow: /news/free/

User-agent: CCBot
Disallow: /*.pdf$
Disallow: /archive/*/full

User-agent: Google-Extended
Disallow: /
"""


@pytest.mark.parametrize(
    ("path", "sources"),
    [
        ("/sport/match", ["robots_txt:Google-Extended"]),
        # In the order of NEWSSPIDER_TDM_AGENTS.
        ("/news/story", ["robots_txt:GPTBot", "robots_txt:Google-Extended",
                         "robots_txt:ClaudeBot"]),
        # The longest matching rule wins: Allow /news/free/ over Disallow /news/.
        ("/news/free/story", ["robots_txt:Google-Extended"]),
        ("/files/report.pdf", ["robots_txt:CCBot", "robots_txt:Google-Extended"]),
        ("/files/report.pdf?x=1", ["robots_txt:Google-Extended"]),  # $ ends the path
        ("/archive/2024/full", ["robots_txt:CCBot", "robots_txt:Google-Extended"]),
        # A `*` group is no AI opt-out: it is the crawl's own robots.txt rule.
        ("/admin/page", ["robots_txt:Google-Extended"]),
    ],
)  # fmt: skip
def test_robots_groups_of_ai_crawlers(path: str, sources: list[str]) -> None:
    robots, agents = parse_robots(ROBOTS, list(NEWSSPIDER_TDM_AGENTS))
    site = SiteOptOuts(robots=robots, robots_agents=agents)
    assert list(site.sources_for(f"https://news.example{path}")[0]) == sources


def test_robots_without_ai_groups_reserves_nothing() -> None:
    robots, agents = parse_robots("User-agent: *\nDisallow: /\n", list(NEWSSPIDER_TDM_AGENTS))
    assert (robots, agents) == (None, ())


# --- opt-outs: TDMRep's /.well-known/tdmrep.json -----------------------------------------------

TDMREP = json.dumps(
    [
        {"location": "/news/free/*", "tdm-reservation": 0},
        {"location": "/news/*", "tdm-reservation": 1, "tdm-policy": "https://n.example/p.json"},
        {"location": "*.pdf$", "tdm-reservation": 1},
        {"location": "/", "tdm-reservation": 0},
    ]
).encode()


@pytest.mark.parametrize(
    ("path", "sources", "policy"),
    [
        ("/news/story", ("tdmrep_json",), "https://n.example/p.json"),
        ("/news/free/story", (), None),  # the first matching rule applies
        ("/docs/a.pdf", ("tdmrep_json",), None),
        ("/docs/a.pdf.html", (), None),
        ("/sport/", (), None),
    ],
)
def test_tdmrep_rules(path: str, sources: tuple[str, ...], policy: str | None) -> None:
    rules = parse_tdmrep(TDMREP)
    assert rules is not None
    assert SiteOptOuts(tdm_rules=rules).sources_for(f"https://n.example{path}") == (
        sources,
        policy,
    )


@pytest.mark.parametrize("body", [b"", b"<html>not found</html>", b'{"location": "/"}', b"\xff"])
def test_a_tdmrep_file_that_is_none_gives_no_rules(body: bytes) -> None:
    assert parse_tdmrep(body) is None


# --- license ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("head", "jsonld", "expected"),
    [
        ("", ARTICLE, None),
        ('<link rel="license" href="/licence">', ARTICLE, "https://news.example/licence"),
        ("", {**ARTICLE, "license": "https://creativecommons.org/licenses/by/4.0/"},
         "https://creativecommons.org/licenses/by/4.0/"),
        ("", {**ARTICLE, "license": {"@type": "CreativeWork", "url": "https://l.example/"}},
         "https://l.example/"),
        ("", {**ARTICLE, "license": "CC BY 4.0"}, "CC BY 4.0"),
    ],
)  # fmt: skip
def test_license(head: str, jsonld: object, expected: str | None) -> None:
    tree = _tree(_page(head=head + _jsonld(jsonld)))
    assert license_url(tree, read_metadata(tree, URL), URL) == expected


# --- signals ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("The cat sat.\n\nThe dog ran!", "en",
         {"word_count": 6, "mean_word_length": 3.3333, "terminal_punctuation_lines_fraction": 1.0,
          "duplicate_lines_fraction": 0.0, "stop_word_count": 2}),
        ("Buy now\n\nBuy now\n\nBuy now\n\nRead more.", "en",
         {"duplicate_lines_fraction": 0.5, "duplicate_paragraphs_fraction": 0.5,
          "terminal_punctuation_lines_fraction": 0.25, "top_2gram_chars_fraction": 0.6923}),
        ("# # # 2024 2025 ...", None,
         {"non_alpha_words_fraction": 1.0, "symbol_to_word_ratio": 0.6667,
          "stop_word_count": None}),
        ("Der Hund und die Katze.", "de", {"word_count": 5, "stop_word_count": 3}),
        ("a b c d a b c d", "xx", {"top_4gram_chars_fraction": 1.0, "stop_word_count": None}),
    ],
)  # fmt: skip
def test_signals(text: str, language: str | None, expected: dict[str, object]) -> None:
    signals = text_signals(text, language)
    assert {name: signals[name] for name in expected} == expected


def test_record_signals_and_id() -> None:
    record = _record(_page())
    assert record["signals"]["word_count"] == record["word_count"]
    assert record["id"] == record["cluster_id"] == record_id(URL, 1)
    assert record["id"] == _record(_page())["id"], "the same page, the same id"
    assert record_id(URL, 2) != record["id"]
