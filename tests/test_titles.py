"""Headlines: site and section names removed, the h1 readers see preferred when it agrees."""

from __future__ import annotations

import pytest

from newsspider.pages.fields.title import SiteNames, clean, headline, host_labels, strip_site

NEWS = "https://www.dailymeridian.example/world/2024/06/21/arms-deal"


@pytest.mark.parametrize(
    ("title", "names", "url", "sections", "expected"),
    [
        # "Headline | Site" with og:site_name
        (
            "Arms deal worries Washington | Daily Meridian",
            ["Daily Meridian"],
            NEWS,
            [],
            "Arms deal worries Washington",
        ),
        # "Site - Headline": the site's name leads
        (
            "Daily Meridian - Arms deal worries Washington",
            ["Daily Meridian"],
            NEWS,
            [],
            "Arms deal worries Washington",
        ),
        # "Series: Headline" keeps its colon's prefix (a site's, a series' or the headline's own)
        (
            "Climate change: 5 innovative solutions",
            [],
            "https://www.neste.example/news/x",
            [],
            "Climate change: 5 innovative solutions",
        ),
        # no og:site_name: the host names the site ("CBC Bank" on cbcbank.com)
        (
            "Top Nine Financial Tips for Working Adults | CBC Bank",
            [],
            "https://www.cbcbank.com/blog/tips",
            [],
            "Top Nine Financial Tips for Working Adults",
        ),
        (
            "Best EVs of 2026 - Move.org",
            [],
            "https://www.move.org/best-evs/",
            [],
            "Best EVs of 2026",
        ),
        # "Headline - Site - Tagline": the site's tagline goes with it
        (
            "US News MBA Rankings: Full & Part Time Programs - Stacy Blackman Consulting - MBA "
            "Admissions Consulting",
            ["Stacy Blackman Consulting"],
            "https://www.stacyblackman.example/x",
            [],
            "US News MBA Rankings: Full & Part Time Programs",
        ),
        # a trailing section name goes, a leading one is part of the headline
        (
            "How meditation rewires brains | Opinion",
            [],
            NEWS,
            ["Opinion"],
            "How meditation rewires brains",
        ),
        (
            "Wedding Planning Tools – Caterer Comparison Spreadsheet",
            [],
            NEWS,
            ["Wedding Planning Tools"],
            "Wedding Planning Tools – Caterer Comparison Spreadsheet",
        ),
        # a host label that is only part of a segment does not make it the site's
        (
            "recap 2025 - updates at OSSO",
            [],
            "https://www.osso.nl/blog/2025/recap2025",
            [],
            "recap 2025 - updates at OSSO",
        ),
        # separators inside the headline stay when no segment is the site's
        (
            "Best Apps to Learn a Language in 2025 – Top 10 Picks",
            [],
            "https://talkreal.org/en/blog/apps/",
            [],
            "Best Apps to Learn a Language in 2025 – Top 10 Picks",
        ),
        # the site's name and a date after commas: "Headline, Daily Site, 18.05.2026"
        (
            "Kenya: Nairobi from below, Weekly Meridian, 18.05.2026",
            ["Meridian"],
            NEWS,
            [],
            "Kenya: Nairobi from below",
        ),
        # one word after a separator labels the title: a section, a kind, a site
        (
            "Budget travel on a shoestring - Infographic",
            [],
            NEWS,
            [],
            "Budget travel on a shoestring",
        ),
        ("Why the harbour floods | Opinion", [], NEWS, [], "Why the harbour floods"),
        # a pipe separates labels: a tagline at most half as long as the headline goes ...
        (
            "Best Residential Movers in Springfield 2025 | Top 19 Companies",
            [],
            NEWS,
            [],
            "Best Residential Movers in Springfield 2025",
        ),
        # ... a longer one stays, and so does a pipe after a kicker
        (
            "Top 10 Cameras of 2025 Under $2500 | The Best Mirrorless Cameras on the Market",
            [],
            NEWS,
            [],
            "Top 10 Cameras of 2025 Under $2500 | The Best Mirrorless Cameras on the Market",
        ),
        (
            "BUDGET 3.0 | Tax office gets R4bn to hire debt collectors",
            [],
            NEWS,
            [],
            "BUDGET 3.0 | Tax office gets R4bn to hire debt collectors",
        ),
        # a dash continues a headline: its clause stays, however short
        (
            "Launch date for new phones set – what we expect",
            [],
            NEWS,
            [],
            "Launch date for new phones set – what we expect",
        ),
        (
            "Best Bread Machines – My Favorites!",
            [],
            NEWS,
            [],
            "Best Bread Machines – My Favorites!",
        ),
        # ... but a host label inside a headline's own last item is no site
        (
            "What meditation can do for your mind, mood, and health",
            ["Meridian Health Publishing"],
            "https://www.health.meridian.example/aging/meditation",
            [],
            "What meditation can do for your mind, mood, and health",
        ),
    ],
)
def test_strip_site(
    title: str, names: list[str], url: str, sections: list[str], expected: str
) -> None:
    assert strip_site(title, SiteNames(names, url, sections)) == expected


@pytest.mark.parametrize(
    ("headings", "stated", "expected"),
    [
        # the h1 agrees with og:title once the site name is off: the h1 wins
        (
            ["Arms deal worries Washington"],
            ["Arms deal worries Washington | Daily Meridian"],
            "Arms deal worries Washington",
        ),
        # several h1s (logo, then headline): the one the metadata agrees with
        (
            ["Daily Meridian", "Arms deal worries Washington"],
            ["Arms deal worries Washington - Daily Meridian"],
            "Arms deal worries Washington",
        ),
        # the only h1 differs from the SEO title: the page shows the h1
        (
            ["Top 10 Health and Nutrition Trends to Watch"],
            ["Health And Nutrition Trends For 2026 - Daily Meridian"],
            "Top 10 Health and Nutrition Trends to Watch",
        ),
        # ... and so is one h1 written twice (for narrow and for wide screens)
        (
            ["Top 10 Health and Nutrition Trends to Watch"] * 2,
            ["Health And Nutrition Trends For 2026 - Daily Meridian"],
            "Top 10 Health and Nutrition Trends to Watch",
        ),
        # ... but two different h1s, neither agreeing, are no headline: the stated title
        (
            ["Top 10 Health and Nutrition Trends to Watch", "Five Trends for Your Garden"],
            ["Health And Nutrition Trends For 2026 - Daily Meridian"],
            "Health And Nutrition Trends For 2026",
        ),
        # ... and so is the only one of several h1s that shares a word with the stated
        # title, the others being boxes ("More from the Region", "Subscribe")
        (
            ["Top 10 Health and Nutrition Trends to Watch", "More from the Region"],
            ["Health And Nutrition Trends For 2026 - Daily Meridian"],
            "Top 10 Health and Nutrition Trends to Watch",
        ),
        (
            ["Subscribe to Meridian", "Top 10 Health and Nutrition Trends to Watch"],
            ["Health And Nutrition Trends For 2026 - Daily Meridian"],
            "Top 10 Health and Nutrition Trends to Watch",
        ),
        # a one- or two-word h1 is a section label, not the headline
        (
            ["Index funds"],
            ["Index Funds: How to Invest | Daily Meridian"],
            "Index Funds: How to Invest",
        ),
        # an h1 that swallowed the dateline wraps the stated title: the stated title is clean
        (
            ["Top Strategies to Optimize Blockchain Performance Posted on July 1, 2024 by infuy"],
            ["Top Strategies to Optimize Blockchain Performance"],
            "Top Strategies to Optimize Blockchain Performance",
        ),
        # an h1 that puts a label before the stated title: "Blog: <title>"
        (
            ["Blog: Best Social Media Agencies in 2025 (Ranked & Reviewed)"],
            ["Best Social Media Agencies in 2025 (Ranked & Reviewed) | Daily Meridian"],
            "Best Social Media Agencies in 2025 (Ranked & Reviewed)",
        ),
        # ... but a colon that is the headline's own stays
        (
            ["Index Funds: How to Invest"],
            ["Index Funds: How to Invest | Daily Meridian"],
            "Index Funds: How to Invest",
        ),
        # several h1s that all disagree: the stated title
        (
            ["Contact Us", "Follow Us"],
            ["Addressing Smart Home Security Concerns"],
            "Addressing Smart Home Security Concerns",
        ),
        # the JSON-LD headline cut at 110 characters: og:title continues it
        (
            [],
            [
                "Fix It Friday: How To Arrange Your Living Room (Including",
                "Fix It Friday: How To Arrange Your Living Room (Including One Trick) - Meridian",
            ],
            "Fix It Friday: How To Arrange Your Living Room (Including One Trick)",
        ),
        # entities written literally into JSON-LD and meta
        (
            [],
            ["Budget Traveler&#8217;s Guide &amp; Tips &#8211; 2025"],
            "Budget Traveler’s Guide & Tips – 2025",
        ),
        # a kicker and its headline in two elements of the h1 lose their separator in its
        # text: the stated title has it
        (
            ["Protest dayThe 9th of July draws near"],
            ["Protest day / The 9th of July draws near", "Protest day The 9th of July draws near"],
            "Protest day / The 9th of July draws near",
        ),
        (
            ["Flood inquiry Two resignations - and many open questions"],
            ["Flood inquiry: Two resignations - and many open questions | Daily Meridian"],
            "Flood inquiry: Two resignations - and many open questions",
        ),
        # ... or only the space after it
        (
            ["Police catch two thieves:Stolen jewels found"],
            ["Police catch two thieves: Stolen jewels found - Daily Meridian"],
            "Police catch two thieves: Stolen jewels found",
        ),
        # the stated title has a kicker the h1 shows elsewhere: the stated title
        (
            ["Medals for killing"],
            ["Veterans Day: Medals for killing | Daily Meridian"],
            "Veterans Day: Medals for killing",
        ),
        # ... unless that kicker is the site's name: the h1
        (
            ["Medals for killing"],
            ["Daily Meridian: Medals for killing"],
            "Medals for killing",
        ),
        # each has a kicker of its own: the headline they share
        (
            ["Crisis in the north - «Restraint has much to do with Washington»"],
            ["Attack on the border: «Restraint has much to do with Washington»"],
            "«Restraint has much to do with Washington»",
        ),
        # ... but one kicker written longer in the h1 is still the stated title's
        (
            ["Premier League Setback in title race - Liverpool lose at Everton"],
            ["Setback in title race - Liverpool lose at Everton"],
            "Setback in title race - Liverpool lose at Everton",
        ),
        # an h1 that continues the stated title is the headline in full (the stated one was
        # shortened for search results); a date or a source's host after it is no headline
        (
            ["House Renovation Costs in the Bay Area: Room-by-Room Breakdown"],
            ["House Renovation Costs in the Bay Area | Daily Meridian"],
            "House Renovation Costs in the Bay Area: Room-by-Room Breakdown",
        ),
        (
            ["Graduates find degrees no longer guarantee jobs (news.example) 87"],
            ["Graduates find degrees no longer guarantee jobs"],
            "Graduates find degrees no longer guarantee jobs",
        ),
        # ... but a stated title in other case is not taken for the h1's spelling
        (
            ["Arms deal worries Washington"],
            ["ARMS DEAL WORRIES WASHINGTON!"],
            "Arms deal worries Washington",
        ),
        # no h1 and no metadata but a feed title
        ([], ["Storm floods the harbour road"], "Storm floods the harbour road"),
        ([], [], ""),
    ],
)
def test_headline(headings: list[str], stated: list[str], expected: str) -> None:
    site = SiteNames(["Daily Meridian", "Meridian"], NEWS)
    assert headline(headings, stated, site) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://home.tarkett.co.uk/en_GB/blog/x", {"tarkett"}),
        ("https://www.cbcbank.com/", {"cbcbank"}),
        ("https://blog.my-site.io/post", {"mysite"}),
    ],
)
def test_host_labels(url: str, expected: set[str]) -> None:
    assert host_labels(url) == expected


def test_clean_decodes_entities_twice_encoded() -> None:
    assert clean("Cybersecurity M&amp;#038;A  Roundup") == "Cybersecurity M&A Roundup"
