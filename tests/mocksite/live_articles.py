"""Article texts of the "live" site (Northgate Post) and the "wire" site (Riverside Courier)."""

from __future__ import annotations

from dataclasses import replace

from .articles import Article

TRAM = Article(
    slug="northgate-approves-tram-extension-to-the-university",
    title="Northgate approves tram extension to the university",
    section="city",
    authors=("Priya Castell",),
    published="2025-03-14T08:10:00+00:00",
    modified=None,
    description="Councillors back a 4.2 km line from the station to the campus, opening in 2028.",
    tags=("Transport", "Trams", "Council"),
    paragraphs=(
        "Northgate city council voted on Thursday night to extend the tram line from the central "
        "station to the university campus, ending a decade of argument over how students and "
        "staff should cross the river valley every morning.",
        "The 4.2 kilometre extension will add six stops, including one at the rebuilt hospital "
        "on Carver Road, and is expected to carry eleven thousand passengers a day once it opens "
        "in the spring of 2028. Councillors approved the plan by thirty-one votes to nine.",
        "The council leader, Rowan Achebe, told the chamber that the decision was the most "
        "important transport choice the city had made since the first line opened in 1994. "
        "Buses on the hill route were full before eight o'clock, she said, and the road could "
        "not be widened without demolishing two rows of listed houses.",
        "Opponents argued that the projected cost of 212 million pounds was too high for a city "
        "of Northgate's size and that the money should instead go to electric buses, which "
        "could be running within two years rather than five. Several residents of the Marsh "
        "Lane estate said the works would close their only road for most of a summer.",
        "Under the approved plan, the regional transport fund will pay sixty per cent of the "
        "cost, the university has pledged eighteen million pounds, and the rest will be "
        "borrowed against future fare income. The council's finance officer said the borrowing "
        "would be repaid within twenty-five years on cautious passenger forecasts.",
        "Construction is due to start next January with the strengthening of the Weir Street "
        "bridge, which will carry the tracks over the river. The contractor will have to keep "
        "one lane open for traffic throughout, and night work will be limited to forty nights "
        "a year after complaints during the building of the first line.",
        "The students' union welcomed the vote and said that rents close to the campus had "
        "risen sharply because so many students wanted to avoid the bus journey. A faster link "
        "to the station, it said, would let more of them live in cheaper districts further "
        "from the university without losing an hour each day.",
        "Local businesses on the route were divided. Traders on Carver Road expect more footfall "
        "once the stop outside the hospital opens, but several shop owners near the bridge fear "
        "that a year of roadworks will drive customers to the retail park on the ring road.",
        "A public inquiry into the compulsory purchase of eleven small plots of land along the "
        "old railway cutting is expected in the autumn. If the inspector approves the orders, "
        "the first trams could be tested on the new track in the winter of 2027.",
    ),
)

MARKET = Article(
    slug="covered-market-reopens-after-roof-repairs",
    title="Covered market reopens after two years of roof repairs",
    section="business",
    authors=("Tomasz Heller",),
    published="2025-03-12T07:45:00+00:00",
    modified=None,
    description="Fifty-four stalls are back under the Victorian iron roof on Bell Street.",
    tags=("Business", "Markets", "Heritage"),
    paragraphs=(
        "Northgate's covered market reopened on Wednesday after two years of repairs to its "
        "Victorian iron roof, with fifty-four of its sixty stalls let before the doors opened.",
        "The repairs cost 4.1 million pounds, most of it from a national heritage grant, and "
        "replaced more than three thousand panes of glass as well as the rusted gutters that "
        "had let rain fall on the fishmongers' counters for years.",
        "Traders who spent the two years in temporary cabins on the car park said that trade "
        "had fallen by a third while they were outside. Several said the first morning back "
        "under the roof had been the busiest they could remember.",
        "The market's manager, Ines Okafor, said the six empty stalls would be offered first "
        "to young businesses at half the usual rent for a year, a scheme the council hopes will "
        "bring food stalls and repair workshops back to Bell Street.",
    ),
)

MARKET_CORRECTED = replace(
    MARKET,
    paragraphs=(
        *MARKET.paragraphs[:1],
        MARKET.paragraphs[1].replace("4.1 million", "4.6 million"),
        *MARKET.paragraphs[2:],
        "Correction: an earlier version of this article gave the cost of the repairs as 4.1 "
        "million pounds. The final cost was 4.6 million pounds.",
    ),
)

LIBRARY = Article(
    slug="libraries-abolish-late-fees",
    title="City libraries abolish late fees from April",
    section="city",
    authors=("Priya Castell",),
    published="2025-03-10T11:00:00+00:00",
    modified=None,
    description="Readers with overdue books will no longer be fined at Northgate's nine libraries.",
    tags=("Libraries", "Council"),
    paragraphs=(
        "Northgate's nine public libraries will stop charging late fees from the first of April, "
        "the council announced on Monday, after a trial in two branches brought back thousands "
        "of books that had been missing for years.",
        "During the six-month trial in Eastgate and Millbrook, more than four thousand overdue "
        "books were returned, some borrowed before the turn of the century, and the number of "
        "children with library cards rose by a fifth.",
        "Fees brought in about thirty thousand pounds a year, less than the cost of chasing "
        "them, according to the council. Readers who lose a book will still be asked to pay "
        "for a replacement.",
    ),
)

HEATWAVE = Article(
    slug="heatwave-warning-issued-for-the-weekend",
    title="Heatwave warning issued for the weekend",
    section="city",
    authors=("Tomasz Heller",),
    published="2025-03-20T06:30:00+00:00",
    modified=None,
    description="Temperatures could reach thirty-one degrees on Saturday afternoon.",
    tags=("Weather", "Health"),
    paragraphs=(
        "Forecasters have issued an amber heat warning for Northgate and the river valley from "
        "Friday evening until Monday morning, with temperatures expected to reach thirty-one "
        "degrees on Saturday afternoon.",
        "The city's health service asked residents to check on elderly neighbours, to keep "
        "curtains closed on sunny windows and to avoid strenuous exercise between eleven in the "
        "morning and four in the afternoon.",
        "The council said that the paddling pools in Weir Park and Carver Fields would open a "
        "month early and that the central library and the covered market would stay open until "
        "nine in the evening as cool places to shelter.",
    ),
)

FERRY = Article(
    slug="riverside-ferry-timetable-changes-from-monday",
    title="Riverside ferry timetable changes from Monday",
    section="news",
    authors=("Alma Brandt",),
    published="2025-03-13T09:00:00+00:00",
    modified=None,
    description="Early crossings move fifteen minutes earlier to meet the first trains.",
    tags=("Transport", "Ferry"),
    paragraphs=(
        "The Riverside ferry will run to a new timetable from Monday, with the first three "
        "crossings of the day leaving fifteen minutes earlier so that passengers can catch the "
        "first trains from Northgate station.",
        "The operator said that the change followed a survey of regular passengers, most of "
        "whom commute to the city. The last crossing of the evening will leave at a quarter to "
        "eleven instead of half past ten on Fridays and Saturdays.",
        "Season tickets bought before Monday remain valid, and the fares are unchanged until "
        "the annual review in September.",
    ),
)

# The wire site's copy of TRAM: a new first paragraph (the agency's lede) and a footer.
TRAM_WIRE = replace(
    TRAM,
    slug="tram-line-to-reach-university-after-council-vote",
    title="Tram line to reach university after council vote",
    section="news",
    authors=("Northern News Agency",),
    description="Northgate councillors back a tram extension to the campus.",
    paragraphs=(
        "NORTHGATE (Northern News Agency) - A tram line to the university will be built after "
        "a late-night council vote, the latest city in the region to back light rail.",
        *TRAM.paragraphs[1:],
        "This story was supplied by the Northern News Agency and is republished under licence.",
    ),
)

# The wire site's verbatim copy of LIBRARY under its own headline and URL.
LIBRARY_COPY = replace(
    LIBRARY,
    slug="northgate-scraps-library-fines",
    title="Northgate scraps library fines",
    section="news",
    description="Overdue books will no longer cost readers money.",
)
