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


# A menu of links: enough of the page's text that the article is well under half of it.
_MENU = (
    "<header><nav><ul>"
    + "".join(f'<li><a href="/section-{n}">Section {n}</a></li>' for n in range(40))
    + "</ul></nav></header>"
)


def _guide(word: str) -> str:
    """Four sections of a guide: a subheading, a paragraph and a list of long items each."""
    return "".join(
        f"<h2>Step {n} of the guide</h2><p>{word} {n}. {SENTENCE * 3}</p>"
        f"<ul><li>Listed {n}a. {SENTENCE * 2}</li><li>Listed {n}b. {SENTENCE * 2}</li></ul>"
        for n in range(4)
    )


def test_a_frame_whose_prose_stands_in_divs_is_taken_whole() -> None:
    # The fast pass keeps the frame's two <p>s and drops its <div> paragraphs (the page has
    # enough <p> text elsewhere that it does not look in <div>s): the fast text is a small part
    # of its frame, so the full pass runs.
    divs = "".join(f"<div>Divided {n}. {SENTENCE * 3}</div>" for n in range(8))
    about = "".join(f"<p>About {n}. {SENTENCE * 2}</p>" for n in range(3))
    lead = "".join(f"<p>Lead {n}. {SENTENCE * 2}</p>" for n in range(2))
    tree = load_html(
        _page(f'{_MENU}<div class="post-body">{lead}{divs}</div><div class="about">{about}</div>')
    )
    text = main_text(tree, "https://news.example.com/2024/06/21/lido")
    assert "Lead 1." in text
    assert all(f"Divided {n}." in text for n in range(8))


def test_loose_paragraphs_without_a_frame_keep_their_headings_and_lists() -> None:
    # No element of the page matches an article-body pattern: the fast pass gathers the <p>s
    # alone, a small part of the page, and the subheadings and lists between them go.
    footer = "<footer>" + " ".join(f'<a href="/f{n}">Footer link {n}</a>' for n in range(60))
    tree = load_html(
        _page(f'{_MENU}<div id="page"><div class="col">{_guide("Loose")}</div></div>{footer}')
    )
    text = main_text(tree, "https://news.example.com/guides/lido")
    assert "Loose 3." in text
    assert "Step 2 of the guide" in text
    assert "Listed 3b." in text


def test_an_article_nested_in_the_menu_by_broken_markup_is_taken_whole() -> None:
    # The <main> matches a body pattern but sits in a <nav> (an element the menu left open), which
    # trafilatura deletes: it counts as no frame, and the full pass runs.
    menu = "".join(f'<li><a href="/section-{n}">Section {n}</a></li>' for n in range(40))
    tree = load_html(
        _page(f'<header><nav><ul>{menu}</ul><div><main id="content">{_guide("Nested")}</main>')
    )
    text = main_text(tree, "https://news.example.com/guides/lido")
    assert "Nested 3." in text
    assert "Listed 3b." in text


def test_an_article_swallowed_by_an_aside_is_rescued_in_recall_mode() -> None:
    # trafilatura's passes delete the <aside> and find nothing at all; the page has an article's
    # worth of paragraphs, so its recall mode runs last.
    tree = load_html(_page(f'<aside class="menu"><article>{_paragraphs("Aside", 10)}</article>'))
    text = main_text(tree, "https://news.example.com/2024/06/21/lido")
    assert "Aside 0." in text and "Aside 9." in text


def test_a_page_without_an_article_s_worth_of_paragraphs_gets_no_recall_pass() -> None:
    # The same shape with two paragraphs: too little to be an article, the empty text stands.
    tree = load_html(_page(f'<aside class="menu"><article>{_paragraphs("Aside", 2)}</article>'))
    assert main_text(tree, "https://news.example.com/2024/06/21/lido") == ""
