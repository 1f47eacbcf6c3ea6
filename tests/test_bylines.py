"""Bylines into person names: one row per byline shape met on real pages."""

from __future__ import annotations

import pytest

from newsspider.pages.fields.bylines import (
    choose,
    inverted_name,
    is_handle,
    split_names,
    structured_names,
    unglued,
)


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        ("By Helen Marsh", ["Helen Marsh"]),
        (
            "By Claire Dumont, Marc Lefèvre and Ann Lee",
            ["Claire Dumont", "Marc Lefèvre", "Ann Lee"],
        ),
        ("Claire Dumont; Marc Lefèvre", ["Claire Dumont", "Marc Lefèvre"]),
        ("By Jane Doe & John Roe | March 3, 2024", ["Jane Doe", "John Roe"]),
        ("BY JANE DOE", ["JANE DOE"]),
        ("by: Ziyi Xu, Dec 17, 2025", ["Ziyi Xu"]),
        ("Written by John Crenshaw", ["John Crenshaw"]),
        (
            "This post was written by Danielle Padula, Head of Community Development",
            ["Danielle Padula"],
        ),
        ("Posted on May 3, 2024 by Ann Lee", ["Ann Lee"]),
        (
            "Updated January 08, 2026 Written by Meghan Neville Content Marketing Coordinator",
            ["Meghan Neville"],
        ),
        # roles glued to the name, before or after it
        ("Nicoletta Richardson Trending Editor", ["Nicoletta Richardson"]),
        ("Liz Kenny Former McKinsey Consultant", ["Liz Kenny"]),
        ("Author Isaiah Shelton", ["Isaiah Shelton"]),
        (
            "By Chris McNamara ⋅ Founder and Editor-in-Chief ⋅ Updated May 6, 2025",
            ["Chris McNamara"],
        ),
        # credentials after the name
        ("Doris Munoz-Mantilla, MD, FOMA", ["Doris Munoz-Mantilla", "FOMA"]),
        ("Article by Cara Dumaplin RN, BSN", ["Cara Dumaplin"]),
        # a date glued to the name by the page's markup
        ("Jordana Cepelewicz December", ["Jordana Cepelewicz"]),
        ("Haley Hoekstra • March 3", ["Haley Hoekstra"]),
        ("Theresa May", ["Theresa May"]),
        # an avatar's initials before the name
        ("CM Craig McCarthy Last updated", ["Craig McCarthy"]),
        # other languages' bylines
        ("von Hans Müller und Eva Schmidt", ["Hans Müller", "Eva Schmidt"]),
        ("par Claire Dumont et Marc Lefèvre", ["Claire Dumont", "Marc Lefèvre"]),
        ("por Ana García y Luis Pérez", ["Ana García", "Luis Pérez"]),
        # names that begin like a foreign "by"
        ("Di Wu", ["Di Wu"]),
        # nobody named
        ("By", []),
        ("Written By", []),
        ("The Author", []),
        ("Reviewed by Dr. Ann Lee", []),
        ("Updated March 2, 2025", []),
        ("View All Posts", []),
        ("By relying on expert service when needed, you keep your car running", []),
        ("By handling routine tasks centrally, HR professionals can focus", []),
        ("By the Lavazza Team", ["the Lavazza Team"]),
        ("", []),
        # surnames are an open class: names that are also words, initials, particles, hyphens
        # and other scripts stay whole; roles and agencies are told by position and punctuation
        ("By John A. Smith", ["John A. Smith"]),
        ("By Larry Page", ["Larry Page"]),
        ("By Nancy Jo Sales", ["Nancy Jo Sales"]),
        ("By Christopher Guest", ["Christopher Guest"]),
        ("By Mark Head", ["Mark Head"]),
        ("By Anna Sales, Reuters", ["Anna Sales", "Reuters"]),
        ("By Adrienne Rich and Neil Young", ["Adrienne Rich", "Neil Young"]),
        ("By Carole King, Gordon Brown, Tom Small", ["Carole King", "Gordon Brown", "Tom Small"]),
        ("By Jack Black & Kate Bush", ["Jack Black", "Kate Bush"]),
        ("By J. R. R. Tolkien", ["J. R. R. Tolkien"]),
        ("By Ann van der Berg", ["Ann van der Berg"]),
        ("By María de la Cruz", ["María de la Cruz"]),
        ("By Ahmed bin Rashid", ["Ahmed bin Rashid"]),
        ("By Sinéad O'Connor", ["Sinéad O'Connor"]),
        ("By Anne-Marie Slaughter-Smith", ["Anne-Marie Slaughter-Smith"]),
        ("Автор: Иван Петров", ["Иван Петров"]),
        ("Иван Петров и Анна Смирнова", ["Иван Петров", "Анна Смирнова"]),
        ("By 山田太郎", ["山田太郎"]),
        # a role after the name: after a comma, or a title ending in a role noun
        ("By Mark Head, Senior Reporter", ["Mark Head"]),
        ("Nancy Jo Sales Staff Writer", ["Nancy Jo Sales"]),
        ("Ann Lee | Staff Writer", ["Ann Lee"]),
        # "by" of other languages, capitalised, before a whole name or an agency
        ("Von Anna Sales", ["Anna Sales"]),
        ("Par Marc Lefèvre", ["Marc Lefèvre"]),
        ("Por Ana García", ["Ana García"]),
        ("Di Marco Rossi", ["Marco Rossi"]),
        ("Door Jan de Vries", ["Jan de Vries"]),
        ("Von DPA", ["DPA"]),
        ("Von Miller", ["Von Miller"]),
        # a "Source:" label; a slash ends the credit, as it does a name ("Ann Lee / Photos")
        ("Quelle: sid/dpa", ["sid"]),
        # a profile box: label, name, desk, follow button, interests
        ("この記事を書いた人 渡辺洋介 東京社会部 フォロー 専門・関心分野 戦争", ["渡辺洋介"]),
        # a date the byline opens with, before the name
        ("Dec. 19, 2025 · Ann Lee on behalf of the Docs team", ["Ann Lee"]),
        ("Dec 17, 2025 Julian K. Arni", ["Julian K. Arni"]),
        ("2025-12-17 Marc Lefèvre", ["Marc Lefèvre"]),
        ("19.12.2025 | Иван Петров", ["Иван Петров"]),
        ("Sat, 20 Dec, 2025 - 06:36", []),
        # a publication note in another language names nobody
        ("Veröffentlicht am 27.04.24 um 07:39 Uhr", []),
        ("A Day in the Life", []),
    ],
)
def test_split_names(byline: str, expected: list[str]) -> None:
    assert split_names(byline) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Helen Marsh", ["Helen Marsh"]),
        ("Linny and Peter", ["Linny", "Peter"]),
        ("Jane Roe, Staff Writer", ["Jane Roe"]),
        ("3i Global", ["3i Global"]),
        ("Human in the Loop", ["Human in the Loop"]),
        ("design: Scott McDaniel; code: Steve Beger", ["Scott McDaniel", "Steve Beger"]),
        ("Everfit Team", ["Everfit Team"]),
        ("262588213843476", []),
        ("admin", []),
    ],
)
def test_structured_names(value: str, expected: list[str]) -> None:
    assert structured_names(value) == expected


@pytest.mark.parametrize(
    ("sources", "organisations", "hosts", "expected"),
    [
        # JSON-LD names a person: it wins over the bylines
        ([["Helen Marsh"], [], ["Someone Else"]], [], [], ["Helen Marsh"]),
        # JSON-LD names the publisher, a byline names a person: the person
        ([["Cleveland Clinic"], [], ["Holly Wilgus"]], [], [], ["Holly Wilgus"]),
        ([["USA TODAY"], [], ["Brian Truitt"]], ["USA TODAY"], [], ["Brian Truitt"]),
        # an organisation typed as such in JSON-LD, a person in <meta>
        ([["Acme Widgets"], ["Ann Lee"], []], ["Acme Widgets"], [], ["Ann Lee"]),
        # the site's one-word brand as author, a person in the byline
        ([["Buzzsprout"], [], ["Alban Brooke"]], [], ["buzzsprout"], ["Alban Brooke"]),
        # a personal site: its owner's name is also its host name, and stays a person
        ([["Toby Hede"], [], []], [], ["tobyhede"], ["Toby Hede"]),
        # a single given name in JSON-LD is a person, not to be replaced by byline junk
        ([["Lauren"], [], ["Jaime Marchwinski"]], [], [], ["Lauren"]),
        # a handle loses to a full name found in a byline
        ([["kffnirmitap"], [], ["Nirmita Panchal"]], [], [], ["Nirmita Panchal"]),
        # nobody but organisations: the most trusted one is kept rather than nothing
        ([["The Investopedia Team"], [], []], [], [], ["The Investopedia Team"]),
        # each name once, in page order
        ([["Ann Lee", "Bo Chen", "ann lee"]], [], [], ["Ann Lee", "Bo Chen"]),
        # an agency credited after the people stays, after them
        ([[], [], ["Anna Sales", "Reuters"]], [], [], ["Anna Sales", "Reuters"]),
        ([["Felix Roe", "Jörg Lee", "dpa"]], [], [], ["Felix Roe", "Jörg Lee", "dpa"]),
        # an agency alone beats the site's own name in a later source
        ([["dpa"], ["Stuttgarter Bote"], []], ["Stuttgarter Bote"], [], ["dpa"]),
        # the site's own name only when it is the only credit
        ([["Daily Bugle"], [], ["Ann Lee"]], ["Daily Bugle"], [], ["Ann Lee"]),
        ([["Daily Bugle"], [], []], ["Daily Bugle"], [], ["Daily Bugle"]),
        # a name in a script without case is a person, not a user handle
        ([["新間"], [], ["Ann Lee"]], [], [], ["新間"]),
        # the newsroom as author is an organisation
        ([["Redaktion Bugle"], [], ["Ann Lee"]], [], [], ["Ann Lee"]),
        ([[], [], []], [], [], []),
    ],
)
def test_choose(
    sources: list[list[str]], organisations: list[str], hosts: list[str], expected: list[str]
) -> None:
    assert choose(sources, organisations, hosts) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Smith, John A.", "John A. Smith"),
        ("You, Xiaoying", "Xiaoying You"),
        ("van der Berg, Ann", "Ann van der Berg"),
        ("Jane Roe, MD", None),
        ("Jane Roe, Staff Writer", None),
        ("Ann Lee, Reuters", None),
        ("Ann Lee, Bo Chen, Eva Li", None),
        ("Ann Lee", None),
    ],
)
def test_inverted_name(value: str, expected: str | None) -> None:
    assert inverted_name(value) == expected


@pytest.mark.parametrize(
    ("name", "others", "expected"),
    [
        # two names glued by a byline box's text, each shown apart by its children
        (
            "Emily Walker Casey McDevitt",
            ["Emily Walker", "Casey McDevitt"],
            ["Emily Walker", "Casey McDevitt"],
        ),
        # a role or the site glued after the name: the name its own element shows
        ("Sofia Kondrat EdTech", ["Sofia Kondrat", "EdTech Content"], ["Sofia Kondrat"]),
        ("Brian Truitt DAILY BUGLE", ["Brian Truitt"], ["Brian Truitt"]),
        # nothing shown apart: the name stays whole, a one-word part cuts nothing
        ("Nancy Jo Sales", [], ["Nancy Jo Sales"]),
        ("Mark Head", ["Mark"], ["Mark Head"]),
        ("Ann van der Berg", ["Ann van der Berg"], ["Ann van der Berg"]),
        ("Anna Sales", ["Anna Sales Reuters"], ["Anna Sales"]),
    ],
)
def test_unglued(name: str, others: list[str], expected: list[str]) -> None:
    assert unglued(name, others) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("kffnirmitap", True),
        ("ann.lee", True),
        ("KatieS", True),  # a capital after a small letter: a user name's
        ("Lauren", False),
        ("Ann Lee", False),
        ("新間", False),
        ("ANN", False),
    ],
)
def test_is_handle(name: str, expected: bool) -> None:
    assert is_handle(name) is expected
