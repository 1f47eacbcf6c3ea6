"""When trafilatura's fallback comparison runs: only where the fast pass's text looks short."""

from __future__ import annotations

from trafilatura.utils import load_html

from newsspider.pages.body import looks_short, visible_text_length

SENTENCE = "The council voted on Tuesday to reopen the old lido after eight years. "


def _page(body: str) -> str:
    return (
        f'<!DOCTYPE html><html lang="en"><head><title>Lido</title></head><body>{body}</body></html>'
    )


def test_visible_text_leaves_out_scripts_and_collapses_spaces() -> None:
    tree = load_html(_page('<p>Lido   reopens</p><script>var tracking = {"id": 42};</script>'))
    assert visible_text_length(tree) == len("Lido reopens")


def test_a_text_that_covers_the_page_is_kept() -> None:
    tree = load_html(_page(f"<nav>Home News Sport</nav><article><p>{SENTENCE * 10}</p></article>"))
    assert not looks_short(tree, SENTENCE * 10)


def test_under_250_characters_is_short() -> None:
    tree = load_html(_page(f"<p>{SENTENCE * 3}</p>"))
    assert looks_short(tree, SENTENCE * 3)


def test_a_small_part_of_the_page_paragraphs_is_short() -> None:
    # Ten paragraphs of article text, of which the fast pass kept one.
    tree = load_html(_page("".join(f"<p>{SENTENCE * 4}</p>" for _ in range(10))))
    assert looks_short(tree, SENTENCE * 4)


def test_a_small_part_of_the_page_text_is_short() -> None:
    # The body is in <div>s, not <p>s: the page's whole visible text is the measure.
    tree = load_html(_page("".join(f"<div>{SENTENCE * 4}</div>" for _ in range(30))))
    assert looks_short(tree, SENTENCE * 4)
