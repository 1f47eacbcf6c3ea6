"""Person names from bylines: prefixes, roles, credentials and dates removed, lists split."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

# What introduces a byline. "By" in any case; the other languages' words only in lower case
# here, since "Di", "De" and "Van" also begin names (_FOREIGN_BY takes them capitalised).
_PREFIX = re.compile(
    r"^(?:(?i:(?:written|posted|published|article|story|words|text|reporting|recipe|"
    r"curated|compiled|created|authored)\s+)?(?i:by)|verfasst von|geschrieben von|von|par|por|"
    r"di|door|av|af|この記事を書いた人|(?i:authors?|autor(?:in|es|en)?|auteur|autore|writer|byline|"
    r"автор[ыи]?|текст|筆者|著者|記者|文|quelle|source|fuente|fonte)\s*[:：]?)(?:\s*[:：]?\s+|\s*[:：]?$)"
)
# "Von Anna Sales", "Par Marc Lefèvre": a capitalised "by" of another language, taken as one
# only before a whole name of two capitalised words or more ("Di Wu", "Von Miller" stay names).
_FOREIGN_BY = frozenset("Von Par Por Di Door Av Af Da".split())
# "This post was written by Ann Lee", "Updated May 3 · By Ann Lee": the name follows "by",
# unless "by" credits another role ("Reviewed by", "Photos by").
_BY_INSIDE = re.compile(
    r"(?<!reviewed )(?<!edited )(?<!checked )(?<!photos )(?<!photo )(?<!illustration )"
    r"(?<!images )\bby\b\s*:?\s*",
    re.IGNORECASE,
)
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
# Where a byline stops naming its authors: a date, an update note, another role's credit.
_STOP = re.compile(
    r"\s*(?:\b(?:last\s+)?(?:updated|modified|published|posted|originally|reviewed|edited|"
    r"fact[- ]checked|medically|photograph(?:y|s|ed)?|illustrations?|read\s+more|more\s+from|"
    r"view\s+all|follow|share|on|at|in|from|who|is|was|has|for|veröffentlicht|aktualisiert|"
    r"publié|publicado|actualizado|pubblicato|aggiornato|gepubliceerd|publicerad)\b|フォロー|"
    r"[^\w\s.,'’&;-]|\s-\s|"
    rf"\d|\b{_MONTH}\.?\s+\d)",
    re.IGNORECASE,
)
# "Dec. 19, 2025 · Ann Lee", "2025-12-17 Ann Lee": a date the byline opens with, then the name.
_LEADING_DATE = re.compile(
    rf"^(?:{_MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}\.?\s+{_MONTH}\.?,?\s+\d{{4}}"
    r"|\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{4})\s*[·•|,:–—-]?\s*",
    re.IGNORECASE,
)
_LIST_SPLIT = re.compile(r"\s*(?:;|,|&|\b(?:and|und|et|y|e|og|en|и)\b)\s*")
_TOKEN = re.compile(r"[^\W\d_]")
# "design: Ann Lee": a lower-case role label before a name.
_LABEL = re.compile(r"^\s*[a-z][a-z ]{0,20}:\s*")
_TRAILING_MONTH = re.compile(rf"^{_MONTH}\.?$", re.IGNORECASE)

# Words of job titles ("Staff Writer", "Senior Reporter"). Many are surnames too ("Sales",
# "Head", "Guest"), so no single one is cut from a name: a title is recognised by its place
# (a part of its own after a comma, or a run of these words ending in one of ROLE_NOUNS).
ROLE_WORDS = frozenset(
    """writer writers editor editors reporter reporters correspondent contributor contributors
    columnist journalist author authors founder co-founder cofounder ceo cto cmo coo cfo
    president director manager head lead consultant staff producer photographer analyst
    expert specialist strategist marketer dietitian nutritionist intern officer chief
    coordinator associate assistant senior junior fellow professor reviewer owner partner
    engineer developer designer scientist researcher host anchor presenter blogger
    contributing managing executive deputy former trending tech technology digital content
    social media marketing news desk team admin administrator moderator guest freelance
    freelancer community development product growth sales editorial research""".split()
)
# The words a job title ends in ("Trending Editor", "Content Marketing Coordinator").
ROLE_NOUNS = frozenset(
    """writer writers editor editors reporter reporters correspondent contributor contributors
    columnist journalist author authors founder co-founder cofounder ceo cto cmo coo cfo
    president director manager consultant producer photographer analyst specialist strategist
    marketer dietitian nutritionist intern officer coordinator engineer developer designer
    scientist researcher presenter blogger freelancer administrator moderator""".split()
)
# Role words that are also surnames: one of them ending a name is the name's.
SURNAME_ROLE_WORDS = frozenset(
    "sales head guest fellow host partner owner lead chief president deputy junior".split()
)
# News agencies: credited in a byline, they stay in the record after the people ("By Anna
# Sales, Reuters"), as the byline credits them.
AGENCIES = frozenset(
    [
        *"""dpa afp reuters ap sid kna epd apa ansa efe anp ntb ritzau upi xinhua kyodo jiji
        yonhap tass interfax ukrinform sda keystone-sda belga ctk pap mti dha iha""".split(),
        *["associated press", "pa media", "press association", "agence france-presse"],
        *["anadolu ajansı", "europa press", "ria novosti"],
    ]
)
# Credentials written after a name, comma separated or not ("Jane Roe, MD", "John Doe RN").
CREDENTIALS = frozenset(
    """md do phd rn bsn msn np pa rd rdn ms ma mba mph dvm vmd cpa cfa cfp esq jd llm
    facp faap dds dmd pharmd lpn lvt vts dacvb faan mfa bsc msc ba bs""".split()
)
# Words that make a name an organisation ("Cleveland Clinic", "USA TODAY", "Everfit Team").
ORGANISATION_WORDS = frozenset(
    """inc inc. llc ltd ltd. gmbh corp corporation company co. group team staff newsroom desk
    news media magazine press times journal daily weekly network foundation clinic
    hospital health university college institute school association society agency
    services solutions studio studios labs lab blog official online center centre
    council department ministry bureau office committee club partners consulting
    insights editorial editors today zeitung tageszeitung nachrichten redaktion rundschau
    kurier anzeiger tagblatt gazette herald tribune chronicle telegraph""".split()
)
# Role words that are no organisation word, and the reverse: made once, not per name.
_TITLE_ONLY_WORDS = ROLE_WORDS - ORGANISATION_WORDS
_UNTITLED_ORGANISATION_WORDS = ORGANISATION_WORDS - ROLE_WORDS
# The newsroom as author, in the languages of our sets: "Redaktion X", "Newsroom X".
_NEWSROOM_WORDS = frozenset(
    "redaktion newsroom rédaction redacción redazione redactie redaktionen редакция".split()
)
# Byline texts that name nobody, and words no name contains ("View All Posts", "The Author").
_NOBODY = frozenset("admin administrator anonymous unknown guest by the".split())
NOT_NAME_WORDS = frozenset(
    """a an this that our your my his her their all more about view posts articles profile
    contact subscribe latest bio meet comments reply menu home search login sign up share
    follow read written published updated posted authored page head extra default type
    event role of mon tue wed thu fri sat sun monday tuesday wednesday thursday friday
    saturday sunday""".split()
)
# Of those, the ones that are also names or initials ("John A. Smith", "Larry Page", "Mark
# Head"): they make a text no name only when written in lower case.
_NAME_LIKE_WORDS = frozenset("a page head more home".split())
# Lower-case words a byline's name may start with: "By the Lavazza Team", "by van Gogh".
_ARTICLES = frozenset("the van von der den de del della di da du la le".split())
_PARTICLES = frozenset(
    "van von der den de del della di da dos du la le st st. bin al el ter ten zu y".split()
)
_MAX_NAME_WORDS = 5
_CAMEL = re.compile(r"[a-z][A-Z]")
_MIN_SITE_KEY = 3


def _bare(word: str) -> str:
    return word.lower().strip(".:,")


def is_role(words: Sequence[str]) -> bool:
    """True when words are a job title alone: 'Staff Writer', 'The Author', 'Editor'."""
    if words and words[0].lower() == "the":
        words = words[1:]
    return (
        bool(words)
        and all(_bare(word) in ROLE_WORDS for word in words)
        and (_bare(words[-1]) in ROLE_NOUNS or len(words) == 1)
    )


def _starts_title(words: Sequence[str], index: int) -> bool:
    word = _bare(words[index])
    if word not in ROLE_WORDS:
        return False
    if word not in SURNAME_ROLE_WORDS:
        return True
    return index < len(words) - 1 and _bare(words[index + 1]) not in ROLE_WORDS


def strip_roles(name: str) -> str:
    """The name without a job title glued after (or before) it: 'Ann Lee Staff Writer'."""
    words = name.split()
    # "CM Craig McCarthy": an avatar's initials printed before the name.
    initials = "".join(word[0] for word in words[1:3]).upper()
    if len(words) >= 3 and words[0].isupper() and words[0].strip(".") == initials:
        words.pop(0)
    # "Author Isaiah Shelton": a title before the name; the name keeps its two words.
    while len(words) > 2 and _bare(words[0]) in ROLE_WORDS:
        words.pop(0)
    # "Liz Kenny Former McKinsey Consultant", "Matt Roe Head Winemaker": a title starts at a
    # role word after the name's first two words; one that may be a surname starts it only
    # before a word of no title ("Nancy Jo Sales Staff Writer" keeps "Sales").
    cut = next((i for i in range(2, len(words)) if _starts_title(words, i)), None)
    words = words[:cut]
    # "Jordana Cepelewicz December": the date's day sat in the next element ("May" is a name).
    while len(words) > 1 and (
        words[-1].lower().strip(".,") in CREDENTIALS
        or (_TRAILING_MONTH.match(words[-1]) and words[-1].lower() != "may")
    ):
        words.pop()
    return " ".join(words)


def _is_org_words(words: Sequence[str]) -> bool:
    """True when a name ends in an organisation word (job titles after it aside), or begins
    with a newsroom's ("Redaktion hessenschau.de")."""
    words = [word.lower().strip(".,") for word in words]
    if len(words) > 1 and words[0] in _NEWSROOM_WORDS:
        return True
    titled = False
    while len(words) > 1 and words[-1] in _TITLE_ONLY_WORDS:
        words.pop()
        titled = True
    # A bare "Staff" (of "Staff Writer") or "Team" names no organisation, nor does a title's
    # first word ("Ann Lee Staff Writer").
    return len(words) > 1 and words[-1] in (
        _UNTITLED_ORGANISATION_WORDS if titled else ORGANISATION_WORDS
    )


def clean_name(text: str) -> str | None:
    """One person's (or organisation's) name from a fragment of a byline, or None."""
    name = " ".join(_PREFIX.sub("", text.strip(" \t\n,;:-–—|")).split())
    words = name.split()
    if _is_org_words(words):
        # "Everfit Team", "HomeAdvisor Staff Writer": an organisation keeps its words.
        while len(words) > 1 and words[-1].lower() in _TITLE_ONLY_WORDS:
            words.pop()
        if len(words) > _MAX_NAME_WORDS + 1 or not _TOKEN.match(words[0]):
            return None  # "Choose Us as the Right Fit to Manage Your Team" is a sentence
        return " ".join(words)
    if is_role(words):
        return None  # "Jane Roe, Staff Writer": the title after the comma
    name = strip_roles(name).strip(" ,;:-–—")
    words = name.split()
    if not words or len(words) > _MAX_NAME_WORDS or not _TOKEN.match(words[0]):
        return None
    if (
        any(_not_name_word(word, index) for index, word in enumerate(words))
        or name.casefold() in _NOBODY
        or "http" in name
    ):
        return None
    return _cjk_name(words)


def _not_name_word(word: str, index: int) -> bool:
    """Whether a word shows a text is no name; 'A.' or a later 'A' is an initial."""
    bare = word.lower().strip(".,")
    if bare not in NOT_NAME_WORDS:
        return False
    if bare not in _NAME_LIKE_WORDS or word.islower():
        return True
    return bare == "a" and index == 0 and not word.endswith(".")


def _cjk_name(words: Sequence[str]) -> str:
    """A CJK byline's name is its first word; what follows is the writer's desk or title."""
    if len(words) > 1 and all(_is_cjk(word) for word in words):
        return words[0]
    return " ".join(words)


def _is_cjk(word: str) -> bool:
    return all("\u3040" <= char <= "\u30ff" or "\u4e00" <= char <= "\u9fff" for char in word)


def strip_foreign_by(text: str) -> str:
    """'Von Anna Sales' without 'Von': a capitalised "by" of another language before a whole
    name or an agency ('Von DPA')."""
    first, _, rest = text.partition(" ")
    following = rest.split()
    if first in _FOREIGN_BY and (
        (len(following) >= 2 and following[0][0].isupper() and following[-1][0].isupper())
        or is_agency(rest)
    ):
        return rest
    return text


def split_names(value: str | None) -> list[str]:
    """Person names from one byline: 'By A, B and C' gives three, 'A; B' two."""
    if not value:
        return []
    text = strip_foreign_by(_LEADING_DATE.sub("", " ".join(value.split())))
    if _PREFIX.match(text) is None and (inside := _BY_INSIDE.search(text)):
        text = text[inside.end() :]
    unprefixed = _PREFIX.sub("", text)
    first = unprefixed.split(" ", 1)[0]
    if unprefixed != text and " " in unprefixed and first.islower() and first not in _ARTICLES:
        return []  # "By relying on the ...": a sentence that opens with "by", not a byline
    text = unprefixed
    match = _STOP.search(text)
    if match and match.start() > 0:
        text = text[: match.start()]
    elif match:
        text = ""
    names = []
    for part in _LIST_SPLIT.split(text):
        if part.lower().strip(" .") in CREDENTIALS:
            continue
        name = clean_name(part)
        if name:
            names.append(name)
    return names


def structured_names(value: str | None) -> list[str]:
    """Names from a JSON-LD or <meta> author value: lists split, roles dropped, nothing cut.

    The value is meant to be names only, so digits and stop words stay ("98 Buck Social",
    "Human in the Loop"); a byline's free text goes through split_names instead.
    """
    if not value:
        return []
    text = _PREFIX.sub("", strip_foreign_by(" ".join(value.split())))
    names = []
    for part in _LIST_SPLIT.split(text):
        if part.lower().strip(" .") in CREDENTIALS:
            continue
        words = _LABEL.sub("", part).strip(" ,;:-–—|").split()
        if is_role(words):
            continue
        name = " ".join(words) if _is_org_words(words) else strip_roles(" ".join(words))
        name = name.strip(" ,;:-–—")
        if _TOKEN.search(name) and name.casefold() not in _NOBODY and "http" not in name:
            names.append(name)
    return names


def unglued(name: str, others: Iterable[str]) -> list[str]:
    """The names a byline's text glued together, as the page's other byline elements show them.

    A byline box's text joins its parts without separators: "Emily Walker Casey McDevitt" is
    two names when "Emily Walker" and "Casey McDevitt" stand apart in it; "Sofia Kondrat
    EdTech" is "Sofia Kondrat" (what follows names no byline of its own: a role, the site).
    """
    shown = [other.split() for other in others if " " in other]
    words, found = name.split(), []
    while words and (
        match := next((w for w in shown if len(w) <= len(words) and words[: len(w)] == w), None)
    ):
        found.append(" ".join(match))
        words = words[len(match) :]
    return found or [name]


def inverted_name(value: str) -> str | None:
    """'Smith, John A.' as 'John A. Smith' (citation meta's order), or None if not that shape."""
    last, comma, first = value.partition(",")
    if not comma or "," in first or any(char.isdigit() for char in value):
        return None
    parts = [last.split(), first.split()]
    if not all(1 <= len(words) <= _MAX_NAME_WORDS // 2 + 1 for words in parts):
        return None
    if first.lower().strip(" .") in CREDENTIALS or is_role(parts[1]) or is_agency(first):
        return None
    return " ".join([*parts[1], *parts[0]])


def is_agency(name: str) -> bool:
    """True when a name is a news agency's: 'dpa', 'Reuters', 'The Associated Press'."""
    folded = " ".join(name.casefold().split())
    return folded.removeprefix("the ") in AGENCIES


def _key(name: str) -> str:
    return "".join(char for char in name.casefold() if char.isalnum())


def is_organisation(name: str, site_names: Iterable[str] = (), hosts: Iterable[str] = ()) -> bool:
    """True when a byline names an organisation: the site itself, a team, a company.

    `site_names` are what the site calls itself; a name containing one is the site
    ("Paycom Blog"). `hosts` are its host labels, which only unmask one-word brands
    ("Buzzsprout" on buzzsprout.com): a personal site's host is its owner's name.
    """
    key = _key(name)
    if is_agency(name):
        return True
    if any(len(site) >= _MIN_SITE_KEY and site in key for site in map(_key, site_names)):
        return True
    if " " not in name.strip() and key in {_key(host) for host in hosts}:
        return True
    return _is_org_words(name.split())


def looks_like_person(name: str) -> bool:
    """Two to five words, capitalised (particles aside), no digits: 'Ann van der Berg'."""
    words = name.split()
    if not 2 <= len(words) <= _MAX_NAME_WORDS or any(char.isdigit() for char in name):
        return False
    if words[0].lower() == "the":
        return False
    return all(word[0].isupper() or word.lower() in _PARTICLES for word in words)


def unique(names: Iterable[str]) -> list[str]:
    """Each name once (case and punctuation ignored), in order."""
    seen: set[str] = set()
    kept = []
    for name in names:
        key = _key(name)
        if key and key not in seen:
            seen.add(key)
            kept.append(name)
    return kept


def is_handle(name: str) -> bool:
    """A user name rather than a name: one token, lower case ('kffnirmitap', 'ann.lee') or with
    a capital after a small letter ('KatieS').

    A name in a script without case ('新間') is no handle. A lone 'McDonald' counts as one too:
    like any handle it is kept when no source names a person.
    """
    if " " in name or not any(char.islower() for char in name):
        return False
    # "KatieS", "annLee": a capital after a small letter ends no name of one word but handles.
    return not any(char.isupper() for char in name) or _CAMEL.search(name) is not None


def choose(
    sources: Sequence[Sequence[str]],
    organisations: Iterable[str] = (),
    hosts: Iterable[str] = (),
) -> list[str]:
    """Persons from the most trusted source naming any, then the agencies it credits; else
    handles; else organisations.

    `organisations` are names known not to be persons: the site's own names, and JSON-LD
    authors typed Organization; `hosts` the site's host labels.
    """
    known, labels = list(organisations), list(hosts)
    tiers: list[list[str]] = [[], [], []]
    for names in sources:
        others = [name for name in names if not is_organisation(name, known, labels)]
        persons = [name for name in others if not is_handle(name)]
        if persons and not tiers[0]:
            # "By Anna Sales, Reuters": the agency stays, after the people, as credited.
            persons += [name for name in names if is_agency(name)]
        for tier, found in enumerate((persons, others, list(names))):
            if found and not tiers[tier]:
                tiers[tier] = found
    return unique(next((tier for tier in tiers if tier), []))
