"""Cleaning rules: repeated headlines and generic boilerplate families."""

from __future__ import annotations

import pytest
from lxml.html import fromstring

from newsspider import extract_article
from newsspider.cleaning.rules import drop_boilerplate, drop_elements, drop_repeated_titles
from newsspider.pages.article import ExtractionOptions
from tests.mocksite.furniture import POLL_SELECTOR, POLL_TEXT, build_furniture

BODY = "Officials said the bridge will open in May after two years of work on the river crossing."


def test_repeated_title_dropped_once_or_twice() -> None:
    kept, removed = drop_repeated_titles(
        ["Bridge to open in May", "BRIDGE TO OPEN IN MAY!", BODY], ["Bridge to open in May"]
    )
    assert kept == [BODY]
    assert removed == 2


def test_title_inside_text_is_kept() -> None:
    kept, _ = drop_repeated_titles([BODY, "Bridge to open in May"], ["Bridge to open in May"])
    assert kept == [BODY, "Bridge to open in May"]


@pytest.mark.parametrize(
    ("paragraph", "rule"),
    [
        (
            "The comments posted here are not from Cnews Live. Kindly refrain from using "
            "derogatory, personal, or obscene words in your comments.",
            "comment_policy",
        ),
        ("Comments posted below do not reflect the views of the Valley Ledger.", "comment_policy"),
        ("Follow us on Twitter and Facebook for the latest updates.", "follow_us"),
        ("Sign up for our daily newsletter to get the top stories.", "newsletter_prompt"),
        ("Also read: Ten things to know about the new bridge", "read_more_link"),
    ],
)
def test_generic_boilerplate(paragraph: str, rule: str) -> None:
    kept, removed = drop_boilerplate([BODY, paragraph])
    assert kept == [BODY]
    assert removed == {rule: 1}


def test_prose_that_mentions_comments_is_kept() -> None:
    prose = (
        "The minister's comments on Tuesday were not from a prepared statement, aides said, "
        "and they caused a stir among members of the committee who had expected a short "
        "briefing on the budget, the bridge and the schools programme, not a long speech "
        "about the future of the party and its leadership before the election next spring."
    )
    kept, removed = drop_boilerplate([prose])
    assert kept == [prose]
    assert not removed


def test_site_phrase() -> None:
    kept, removed = drop_boilerplate(
        [BODY, "Get the Morning Brief in your inbox."], ["morning brief"]
    )
    assert kept == [BODY]
    assert removed == {"site_phrase": 1}


def test_selectors_remove_elements_and_keep_the_text_after_them() -> None:
    html = '<div><p>Story.</p><p class="promo">Buy now</p> Tail text.<aside>x</aside></div>'
    tree = fromstring(html)
    assert drop_elements(tree, [".promo", "aside"]) == 2
    assert tree.text_content() == "Story. Tail text."


def test_sites_file_selectors_apply_before_extraction() -> None:
    base = "http://herald.example"
    site = build_furniture(base)
    seed = site.articles[0]
    html, url = site.resources[seed.path].body, base + seed.path
    plain = extract_article(html, url)
    options = ExtractionOptions(boilerplate_selectors=(POLL_SELECTOR,))
    cleaned = extract_article(html, url, options=options)
    assert plain is not None and cleaned is not None
    assert str(plain["text"]).endswith("\n\n" + POLL_TEXT)
    assert cleaned["text"] == str(plain["text"]).removesuffix("\n\n" + POLL_TEXT)
