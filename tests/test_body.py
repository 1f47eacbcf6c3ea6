"""When trafilatura's fallback comparison runs: only where the fast pass's text looks short."""

from __future__ import annotations

from trafilatura.utils import load_html

from newsspider.pages.body import (
    drop_hidden,
    join_split_body,
    looks_like_prose,
    looks_short,
    main_text,
    visible_text_length,
)

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


def test_a_menu_taken_for_the_body_is_not_prose() -> None:
    menu = "\n".join(["Home", "Council", "Transport", "Leisure centres", "Contact us"] * 20)
    assert not looks_like_prose(menu)
    assert looks_like_prose("\n".join([SENTENCE * 2, "Photo: council", SENTENCE * 3]))


def _paragraphs(word: str, count: int = 4) -> str:
    # Numbered: trafilatura drops a paragraph that repeats another.
    return "".join(f"<p>{word} {number}. {SENTENCE * 3}</p>" for number in range(count))


def test_hidden_elements_are_dropped() -> None:
    tree = load_html(
        _page(
            f"<article>{_paragraphs('Shown', 20)}</article>"
            f'<div style="display: none">{_paragraphs("Styled")}</div>'
            f'<div hidden="">{_paragraphs("Attribute")}</div>'
            f'<div style="visibility:hidden">{_paragraphs("Invisible")}</div>'
        )
    )
    assert drop_hidden(tree) == 3
    assert "Shown" in tree.text_content()
    assert not any(word in tree.text_content() for word in ("Styled", "Attribute", "Invisible"))


def test_a_page_that_hides_most_of_its_text_keeps_it() -> None:
    # Streamed rendering: the article sits in hidden holders that a script moves into place.
    tree = load_html(_page(f"<nav>Home</nav><div hidden>{_paragraphs('Streamed', 10)}</div>"))
    assert drop_hidden(tree) == 0
    assert "Streamed" in main_text(tree, "https://news.example.com/lido")


def _split_body(teasers: str = "") -> str:
    block = '<div class="article-body">{}</div>'
    return _page(
        "<main><article><h1>Lido</h1>"
        f"<div><div>{block.format(_paragraphs('First'))}</div>"
        "<div class='advert'>Advertisement</div>"
        f"<div>{block.format(_paragraphs('Second'))}</div></div>"
        f"</article>{teasers}</main>"
    )


def test_a_body_split_around_an_advert_is_joined() -> None:
    url = "https://news.example.com/2024/06/21/lido-reopens"
    tree = load_html(_split_body())
    text = main_text(tree, url)
    assert "First" in text and "Second" in text
    assert "Advertisement" not in text
    assert "Second" in tree.text_content(), "the page itself stays whole"


def test_teasers_of_the_same_class_elsewhere_are_not_joined() -> None:
    teaser = '<ul><li><div class="article-body"><p>Other story teaser</p></div></li></ul>'
    tree = load_html(_split_body(teasers=f"<aside><div>{teaser}</div></aside>"))
    assert join_split_body(tree) == 1
    first = tree.xpath("//div[@class='article-body']")[0]
    assert "Second" in first.text_content()
    assert "Other story teaser" not in first.text_content()
