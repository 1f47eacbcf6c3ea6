"""Article texts and page prose of the fake news sites, kept as plain data."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Article:
    """One news article: its metadata and its true body, paragraph by paragraph."""

    slug: str
    title: str
    section: str
    authors: tuple[str, ...]
    published: str
    modified: str | None
    description: str
    tags: tuple[str, ...]
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class ReaderComment:
    """One reader comment shown under an article."""

    author: str
    posted: str
    text: str


# --- The seed article (verbatim from ../shared/seed/cnews-article.txt) -----------------------

SEED_FOOTER = (
    "The comments posted here are not from Cnews Live. Kindly refrain from using derogatory, "
    "personal, or obscene words in your comments."
)


def comment_policy(site_name: str) -> str:
    """Return the seed site's comment-policy footer with another site's name in it."""
    return SEED_FOOTER.replace("Cnews Live", site_name)


SEED = Article(
    slug="us-concerned-over-potential-russia-north-korea-arms-deal",
    title="U.S. Concerned Over Potential Russia-North Korea Arms Deal",
    section="world",
    authors=("Helen Marsh",),
    published="2024-06-21T09:30:00+00:00",
    modified="2024-06-21T14:05:00+00:00",
    description=(
        "Washington warns that Russian weapons for Pyongyang would destabilise the Korean "
        "Peninsula and breach U.N. Security Council resolutions."
    ),
    tags=("Russia", "North Korea", "United States", "Diplomacy"),
    paragraphs=(
        "U.S. State Department spokesperson Matthew Miller expressed deep concern over Russian "
        "President Vladimir Putin's comments on Thursday about potentially supplying weapons to "
        "North Korea following a defense pact with Pyongyang.",
        "Putin, after visiting North Korea, indicated that such an arms supply would be a "
        "reciprocal response to the West arming Ukraine. He also warned South Korea against "
        "arming Ukraine, suggesting it would provoke a painful response from Moscow.",
        "Miller emphasized the destabilizing effect such actions could have on the Korean "
        "Peninsula and potential violations of U.N. Security Council resolutions, which Russia "
        "has supported. The defense pact between Putin and North Korean leader Kim Jong Un, "
        "signed on Wednesday, commits both nations to immediate military assistance if either "
        "faces armed aggression.",
        "White House national security spokesperson John Kirby noted the predictable nature of "
        "this development, linking it to Russia's desperation for foreign assistance. He "
        "mentioned ongoing concerns about Russia supporting North Korea's missile and nuclear "
        "programs.",
        "U.S. officials believe North Korea seeks advanced military technologies from Russia, "
        "while Western nations allege North Korea has already supplied Russia with artillery "
        "shells and ballistic missiles, claims both countries deny.",
        "Russia's veto of extending a U.N. body monitoring sanctions on North Korea has drawn "
        "Western condemnation.",
        "Kirby also suggested that the Russia-North Korea pact would concern China, potentially "
        "undermining Beijing's influence over its neighbors and impacting China's strategic "
        "ambitions.",
        "Analysts, such as former Obama administration Asia specialist Evan Medeiros, warned that "
        "the pact could destabilize the region by providing North Korea with advanced military "
        "capabilities and possibly emboldening Kim Jong Un. There are fears this could lead to "
        "renewed nuclear testing by North Korea.",
        "In response, Senators Lindsey Graham and Richard Blumenthal reiterated their call for "
        "the U.S. to designate Russia as a state sponsor of terrorism, a proposal the Biden "
        "administration has not yet endorsed due to concerns over diplomatic repercussions. "
        "Russia has warned that such a designation could severely damage or even sever "
        "diplomatic ties with the U.S.",
    ),
)

# --- Daily Meridian (demo site): original fictional articles ---------------------------------

# The body deliberately names no date, month or year: on its page the only date is in the
# news sitemap, and a date-shaped string in the text would give the extractor a false one.
SEAGRASS = Article(
    slug="seagrass-meadows-return-to-kestrel-bay-after-years-of-replanting",
    title="Seagrass Meadows Return to Kestrel Bay After Years of Replanting",
    section="science",
    authors=("Jonah Whitcombe",),
    published="2024-11-05T07:45:00+00:00",
    modified=None,
    description=(
        "Volunteer divers who sowed seeds by hand have brought back eleven hectares of "
        "seagrass to a bay where it had all but vanished."
    ),
    tags=("Environment", "Oceans", "Conservation"),
    paragraphs=(
        "Seagrass is spreading across the floor of Kestrel Bay for the first time in living "
        "memory, according to a survey by volunteer divers who have spent years replanting the "
        "sheltered inlet by hand.",
        "The survey, carried out over three weekends by members of the Kestrel Bay Sub-Aqua Club "
        "and marine scientists from the regional university, found dense meadows covering "
        "roughly eleven hectares, up from a few scattered patches when the project began.",
        "“When we started, you could swim the length of the bay and see nothing but bare sand "
        "and the odd mooring chain,” said Alison Treharne, the club's conservation officer. "
        "“Now there are places where the blades brush your mask and you can hear the shrimp "
        "clicking.”",
        "Seagrass meadows store carbon in their sediments far faster than most forests on land, "
        "and they shelter juvenile fish, cuttlefish and seahorses. Along much of the coast they "
        "were lost over the last century to disease, dredging and pollution from sewage "
        "overflows.",
        "The replanting relied on a low-tech method: divers collected seeds from surviving "
        "meadows further along the coast, packed them into small hessian bags filled with sand "
        "and dropped them from boats at carefully mapped spots. Scientists estimate that more "
        "than a million seeds have been sown so far.",
        "Dr Kwame Mensah, a marine ecologist who advises the project, cautioned that the gains "
        "remained fragile. Anchors dragged by leisure boats can tear up young shoots, and a "
        "single wet summer of heavy run-off could smother them. The harbour authority has agreed "
        "to install eco-moorings, which keep their chains clear of the seabed, in the most "
        "sensitive parts of the bay.",
        "The club now hopes to train volunteers from neighbouring harbours. “The lesson is that "
        "it can be done by ordinary people with boats and patience,” Treharne said.",
    ),
)

SYMPHONY = Article(
    slug="lost-symphony-by-mill-town-composer-gets-first-performance",
    title="Lost Symphony by Mill-Town Composer Gets Its First Performance",
    section="culture",
    authors=("Isabel Ferreira", "Samuel Achterberg"),
    published="2024-09-14T18:20:00+00:00",
    modified=None,
    description=(
        "A symphony written by a self-taught textile worker more than a century ago was "
        "finally played, to a standing ovation in Halbury Town Hall."
    ),
    tags=("Classical music", "Heritage"),
    paragraphs=(
        "A symphony written more than a century ago by a textile worker who taught himself music "
        "in the evenings received its first performance on Saturday night, to a standing "
        "ovation in Halbury Town Hall.",
        "The score of Edwin Pickersgill's Symphony in D minor was discovered two years ago in a "
        "box of papers donated to the town library by a descendant. It had been catalogued as "
        "“loom accounts” because the top sheet was a page of weaving orders.",
        "Pickersgill, who worked twelve-hour shifts at the Crossley mill and died in his "
        "forties, wrote four movements for full orchestra without ever, as far as historians "
        "know, hearing an orchestra play. Letters found with the score show that he sent it to "
        "two conductors in London, both of whom returned it unopened.",
        "The Halbury Philharmonic, an amateur orchestra of sixty players, spent eight months "
        "preparing a performing edition with help from musicologists at the local "
        "conservatoire. Its conductor, Margaret Oyelaran, said the music had surprised everyone. "
        "“We expected something charming and provincial. What we found is a composer with a "
        "real sense of drama, especially in the slow movement, which builds from a single "
        "clarinet line into something enormous.”",
        "Several of Pickersgill's descendants travelled from as far as New Zealand for the "
        "concert. The orchestra plans to record the symphony in the spring and has applied for "
        "funding to publish the score so that other ensembles can perform it.",
    ),
)

# Served encoded as windows-1252: every character here must exist in that code page.
CAFE = Article(
    slug="swiss-cafe-chain-agrees-takeover-by-dutch-investor",
    title="Swiss Café Chain Agrees €2.5 Billion Takeover by Dutch Investor",
    section="business",
    authors=("Priya Raghunathan",),
    published="2024-10-08T11:00:00+00:00",
    modified="2024-10-08T16:40:00+00:00",
    description=(
        "Van Haaren Capital will buy Kaffeehaus Brunner, the Zürich café chain with 640 "
        "outlets, in a deal worth €2.5 billion including debt."
    ),
    tags=("Mergers and acquisitions", "Retail", "Switzerland"),
    paragraphs=(
        "Kaffeehaus Brunner, the Zürich-based café chain known for its copper-topped counters "
        "and almond croissants, has agreed to be acquired by the Dutch investment firm Van "
        "Haaren Capital in a deal that values the business at €2.5 billion including debt.",
        "The agreement, announced on Tuesday, ends months of speculation about the future of the "
        "family-controlled company, which operates 640 cafés in Switzerland, Germany, Austria "
        "and northern Italy and employs about 11,000 people.",
        "Van Haaren will pay 41 Swiss francs per share in cash, a premium of 28 percent to the "
        "price before reports of the talks first emerged. The Brunner family, which owns 54 "
        "percent of the shares, has given an irrevocable commitment to accept the offer.",
        "“My grandfather opened the first café with a borrowed espresso machine and a loan from "
        "the butcher next door,” said the chairwoman, Lena Brunner-Schütz. “We have looked for "
        "a partner who will keep the cafés recognisably ours while giving them the money to "
        "grow.”",
        "The buyer said it planned to open about 200 new cafés over five years, with a focus on "
        "railway stations and airports, and to invest €300 million in modernising kitchens and "
        "roasting facilities. It said there were no plans to close the company's roastery in "
        "Winterthur.",
        "Analysts were broadly positive. “The price is full but not crazy for a brand with this "
        "kind of loyalty,” said Jürgen Adler, a consumer analyst at a Frankfurt bank. The deal "
        "still needs clearance from competition authorities in the European Union and "
        "Switzerland and is expected to close in the first quarter.",
    ),
)

SHIPYARD = Article(
    slug="gdansk-shipyard-wins-contract-to-build-baltic-ferry-fleet",
    title="Gdańsk Shipyard Wins Contract to Build Baltic Ferry Fleet",
    section="world",
    authors=("Tomasz Wierzbicki",),
    published="2025-02-17T08:15:00+00:00",
    modified=None,
    description=(
        "Six hybrid-electric ferries for southern Baltic routes make up the largest civilian "
        "order at the yard in a generation."
    ),
    tags=("Poland", "Shipping", "Energy"),
    paragraphs=(
        "A shipyard in Gdańsk has won a contract worth more than 900 million złoty to build six "
        "hybrid-electric ferries for routes across the southern Baltic, the largest civilian "
        "order at the yard in a generation.",
        "The vessels, ordered by the ferry operator Baltic Link, will each carry up to 600 "
        "passengers and 180 cars and will run on batteries when entering and leaving port, "
        "switching to engines burning low-sulphur fuel on the open sea.",
        "Workers gathered in the yard's main hall on Monday as the agreement was signed. “For "
        "years people said shipbuilding here was finished, that it belonged in a museum,” said "
        "Krzysztof Nowicki, the yard's chief executive. “Today we show that Gdańsk can build the "
        "ships of the next thirty years.”",
        "The first steel is due to be cut in the autumn, and the first ferry is scheduled to "
        "enter service within three years. The yard expects to hire about 400 additional "
        "welders, electricians and engineers, many of them through an apprenticeship programme "
        "with technical schools in Gdynia and Elbląg.",
        "Baltic Link said the new fleet would cut its carbon emissions by roughly a third. "
        "Environmental groups welcomed the order but urged ports along the route to install "
        "shore power so that the ferries could charge while docked rather than running their "
        "engines.",
    ),
)

CUP_TIE = Article(
    slug="late-header-sends-northfield-rovers-into-cup-semi-final",
    title="Late Header Sends Northfield Rovers Into Cup Semi-Final",
    section="sport",
    authors=("Marcus Lindqvist",),
    published="2025-03-09T21:40:00+00:00",
    modified="2025-03-10T08:05:00+00:00",
    description=(
        "Substitute Danny Okonkwo scored in the 94th minute to beat Eastbrook Athletic and end "
        "a 31-year wait for a County Cup semi-final."
    ),
    tags=("Football", "County Cup"),
    paragraphs=(
        "Northfield Rovers reached the semi-finals of the County Cup for the first time in 31 "
        "years after a header from substitute Danny Okonkwo in the 94th minute beat Eastbrook "
        "Athletic 2-1 at a rain-soaked Mill Lane on Sunday.",
        "The home side had trailed for most of the afternoon after Eastbrook's captain, Lewis "
        "Farraday, curled a free kick into the top corner just before half-time. Rovers pressed "
        "throughout the second half but found Eastbrook's goalkeeper, Tom Birchall, in inspired "
        "form.",
        "The equaliser came with eleven minutes left, when the midfielder Sean Gallacher drove a "
        "low shot through a crowd of players from the edge of the area. With extra time looming, "
        "Okonkwo, who had been on the pitch for barely five minutes, rose above two defenders to "
        "meet a corner from the left.",
        "“I just closed my eyes and hoped,” Okonkwo said afterwards, still wearing his boots in "
        "the car park as supporters queued for photographs. “My dad was in the stand. He's been "
        "coming here since before I was born.”",
        "The Rovers manager, Claire Hutchings, in her first season in charge, praised her side's "
        "patience. “We didn't panic. We kept moving the ball and trusted that the chances would "
        "come,” she said. “This club has waited a long time for a day like this.”",
        "Rovers will play either Castlegate Town or Whitmoor United in the semi-final next "
        "month. The draw takes place on Tuesday evening.",
    ),
)

CUP_TIE_COMMENTS = (
    ReaderComment(
        author="RoversTilIDie",
        posted="2025-03-09T22:15:00+00:00",
        text=(
            "Was there with my lad. Best afternoon at Mill Lane since the promotion season. "
            "Okonkwo has to start next week."
        ),
    ),
    ReaderComment(
        author="Margaret H.",
        posted="2025-03-09T23:02:00+00:00",
        text="What a finish! Shame about the weather but nobody cared by the end.",
    ),
    ReaderComment(
        author="eastbrook_exile",
        posted="2025-03-10T07:48:00+00:00",
        text="Gutted, but Birchall deserved better than that. Good luck in the semi, Rovers.",
    ),
)

WHEAT = Article(
    slug="drought-tolerant-wheat-holds-up-in-field-trials-on-three-continents",
    title="Drought-Tolerant Wheat Holds Up in Field Trials on Three Continents",
    section="science",
    authors=("Ruth Adebayo", "Jonah Whitcombe"),
    published="2024-12-03T10:00:00+00:00",
    modified=None,
    description=(
        "A conventionally bred wheat gave up to a fifth more grain than local varieties in a "
        "drought, with no penalty in wet years."
    ),
    tags=("Agriculture", "Climate", "Environment"),
    paragraphs=(
        "A variety of wheat bred to cope with long dry spells produced up to a fifth more grain "
        "than conventional varieties during a severe drought, according to results from field "
        "trials in Kenya, Argentina and Australia published on Tuesday.",
        "The variety, developed by an international team of plant breeders over more than a "
        "decade, carries a gene from a wild grass that helps the plant close the pores on its "
        "leaves more quickly when water runs short, reducing the amount it loses to "
        "evaporation.",
        "In trials across 14 sites, the new wheat matched existing varieties in years with "
        "normal rainfall and outperformed them when the rains failed. At the driest site, in "
        "western New South Wales, it yielded 1.9 tonnes per hectare against 1.5 tonnes for the "
        "best local variety.",
        "“What farmers tell us is that they cannot afford a crop that does brilliantly in a dry "
        "year and badly in a wet one,” said Dr Amara Nwosu, a crop physiologist who led the "
        "Kenyan trials. “The important result here is that there was no penalty in good "
        "years.”",
        "The wheat was produced by conventional cross-breeding rather than genetic "
        "modification, which the researchers said should make it easier to release in countries "
        "with strict rules on genetically modified crops.",
        "Independent scientists welcomed the findings but noted that three seasons of data were "
        "not enough to judge how the variety would fare against pests and diseases over the "
        "long term. Seed companies in Argentina and Kenya have applied to register it, and the "
        "first commercial seed could reach farmers within three years.",
        "The researchers have made the seed freely available to public breeding programmes, "
        "which they hope will cross it with varieties adapted to local soils and climates.",
    ),
)

PRINTING_MUSEUM = Article(
    slug="museum-of-printing-reopens-with-hands-on-letterpress-workshops",
    title="Museum of Printing Reopens With Hands-On Letterpress Workshops",
    section="culture",
    authors=("Isabel Ferreira",),
    published="2025-04-22T09:00:00+00:00",
    modified=None,
    description=(
        "After an eighteen-month refurbishment, visitors in Ashcombe can set type by hand and "
        "pull prints on century-old presses."
    ),
    tags=("Museums", "Heritage"),
    paragraphs=(
        "The Museum of Printing in Ashcombe reopened on Saturday after an eighteen-month "
        "refurbishment, with a new workshop where visitors can set type by hand and pull prints "
        "on presses more than a hundred years old.",
        "The museum, housed in a former newspaper works on the edge of the old market square, "
        "holds one of the country's largest collections of wooden type, some of it carved for "
        "circus posters and auction bills. Much of it had been stored in crates for decades "
        "because there was no room to display it.",
        "The refurbishment, which cost £3.4 million, added a glass-roofed gallery in what was "
        "once the paper store and restored the building's original skylights. A lift now reaches "
        "the upper floor, which had been closed to wheelchair users for the museum's entire "
        "history.",
        "“People come in thinking printing is something that happens inside a machine in an "
        "office,” said the museum's director, Fiona Albright. “Then they ink up a block of type, "
        "pull the lever and see their own name appear on the paper, back to front until it "
        "isn't. You can watch the moment it clicks.”",
        "The workshop will run daily sessions for schools during term time and open sessions at "
        "weekends. Volunteers, many of them retired compositors and printers, will lead the "
        "classes. Entry to the museum remains free.",
    ),
)

BUS_FLEET = Article(
    slug="moorland-bus-operator-orders-120-electric-buses",
    title="Moorland Bus Operator Orders 120 Electric Buses in Fleet Overhaul",
    section="business",
    authors=("Owen Callaghan",),
    published="2025-01-28T13:30:00+00:00",
    modified=None,
    description=(
        "Moorland Connect will replace nearly half its diesel fleet within two years after "
        "winter trials on its longest, hilliest route."
    ),
    tags=("Transport", "Energy"),
    paragraphs=(
        "Moorland Connect, the bus company that runs most services across the northern uplands, "
        "has ordered 120 electric buses in a £58 million deal that will replace nearly half its "
        "diesel fleet within two years.",
        "The buses will be built in Northern Ireland and based at the company's depots in "
        "Skipford and Hawley Bridge, where work has begun on charging equipment capable of "
        "recharging the whole fleet overnight.",
        "Rural routes have long been considered the hardest to electrify because of the "
        "distances involved and the steep climbs. Moorland Connect said it had spent a year "
        "testing two demonstrator vehicles on its longest route, a 54-mile run over the tops, "
        "through a winter that included several days of snow. Neither ran out of charge.",
        "“The numbers finally work,” said the managing director, Graham Esterhuizen. “The buses "
        "cost more to buy, but fuel and maintenance are far cheaper, and passengers like them. "
        "They are quieter and smoother, and on the hills you notice the difference.”",
        "The purchase was part-funded by a government grant for zero-emission buses. Unions "
        "welcomed the order but called for guarantees that engineers at the company's diesel "
        "workshops would be retrained rather than made redundant.",
    ),
)

RATES = Article(
    slug="central-bank-holds-rates-as-services-inflation-proves-stubborn",
    title="Central Bank Holds Rates as Services Inflation Proves Stubborn",
    section="business",
    authors=("Owen Callaghan", "Priya Raghunathan"),
    published="2024-07-30T12:05:00+00:00",
    modified="2024-07-30T15:30:00+00:00",
    description=(
        "Seven of nine policymakers voted to keep the main rate at 5.25 percent, saying wage-"
        "driven price rises are still too strong."
    ),
    tags=("Interest rates", "Inflation", "Economy"),
    paragraphs=(
        "The central bank left its main interest rate unchanged at 5.25 percent on Tuesday, "
        "saying that price rises in the services sector were still running too hot to justify "
        "the first cut since the rate-raising cycle began.",
        "Seven of the nine members of the monetary policy committee voted to hold, while two "
        "voted for a quarter-point reduction, the same split as at the previous meeting. "
        "Markets had priced in a small chance of a cut, and the currency rose slightly after "
        "the announcement.",
        "Headline inflation has fallen sharply over the past year and is now close to the "
        "bank's 2 percent target, helped by lower energy and food prices. But services "
        "inflation, which is driven largely by wages, remained at 5.7 percent in the latest "
        "figures.",
        "“We have made real progress, and I want to be clear that the direction of travel is "
        "downwards,” the governor, Eleanor Whitlock, told reporters. “But we need to be "
        "confident that inflation will stay low, not merely that it has touched the target for "
        "a month or two.”",
        "Business groups expressed disappointment. The Federation of Small Enterprises said many "
        "of its members were struggling with borrowing costs and that a delay risked pushing "
        "firms into difficulty over the winter.",
        "Economists said the decision made a cut at the next meeting more likely, provided wage "
        "growth continued to cool. Several noted that the bank had softened its language, "
        "dropping a warning that rates might need to rise again.",
    ),
)

SPRINTER = Article(
    slug="teenage-sprinter-takes-national-200m-title-in-rain-soaked-final",
    title="Teenage Sprinter Takes National 200m Title in Rain-Soaked Final",
    section="sport",
    authors=("Marcus Lindqvist",),
    published="2024-08-11T17:50:00+00:00",
    modified=None,
    description=(
        "Keisha Adeyemi, 17, became the youngest national 200 metres champion in more than "
        "forty years, beating the defending champion."
    ),
    tags=("Athletics",),
    paragraphs=(
        "Seventeen-year-old Keisha Adeyemi became the youngest national 200 metres champion in "
        "more than forty years on Sunday, holding off a field of seasoned senior athletes in a "
        "final run through driving rain.",
        "Adeyemi, who is still studying for her final school exams, clocked 22.94 seconds into a "
        "slight headwind, finishing a tenth of a second ahead of the defending champion, Rachel "
        "Thornbury. Her time was a personal best despite conditions that forced organisers to "
        "delay the start of the session by twenty minutes.",
        "Drawn in lane seven, she could not see most of her rivals until the final bend. “I "
        "just told myself to run my own race and not look across,” she said. “When I came off "
        "the bend and there was nobody in front of me, I didn't quite believe it.”",
        "Her coach, Desmond Akers, who has trained her since she joined the local athletics club "
        "at the age of nine, said the priority remained her education. “She'll sit her exams "
        "first. Then we'll talk about the international season.”",
        "The victory is likely to secure Adeyemi a place in the senior relay squad for the "
        "European Championships. Thornbury, 29, said she was delighted to have been beaten by "
        "“the future of the event”, and predicted that the teenager would run under 22.5 "
        "seconds within two years.",
    ),
)

TRIPLE_STAR = Article(
    slug="amateur-astronomers-help-confirm-rare-triple-star-system",
    title="Amateur Astronomers Help Confirm Rare Triple Star System",
    section="science",
    authors=("Ruth Adebayo",),
    published="2025-05-14T06:00:00+00:00",
    modified=None,
    description=(
        "Hundreds of hours of back-garden observations showed that a faint star in Cygnus is "
        "three stars in a tight orbital dance."
    ),
    tags=("Astronomy", "Citizen science"),
    paragraphs=(
        "A group of amateur astronomers working from back gardens and rooftops has helped "
        "confirm that a faint star in the constellation Cygnus is in fact three stars locked in "
        "a complex orbital dance, a discovery described in a paper published this week.",
        "The system, known only by a catalogue number, was first flagged by a space telescope "
        "that measures tiny dips in starlight. Its light curve showed an irregular pattern of "
        "eclipses that did not match any simple model.",
        "Professional astronomers asked for help from a network of amateur observers, who "
        "between them recorded more than 300 hours of measurements over two years using "
        "telescopes costing a few thousand pounds each. Their observations pinned down the "
        "timing of eclipses that the space telescope had missed while it was pointed elsewhere.",
        "Analysis of the combined data showed that two of the stars orbit each other every 1.8 "
        "days, while the third circles the pair every 47 days, passing in front of them from "
        "time to time. Such tightly packed triple systems are rare and offer an unusual test of "
        "theories of how stars form.",
        "“It is humbling,” said Dr Hannah Okoye, an astrophysicist at the university "
        "observatory who led the study. “Some of the most important data points in this paper "
        "came from a retired schoolteacher with a telescope in his shed.”",
        "That schoolteacher, Geoffrey Pell, 71, said he had not expected to see his name on a "
        "scientific paper. “I've been looking at the sky since I was a boy. It's nice to think "
        "I've finally given something back.”",
    ),
)

FLOOD_TALKS = Article(
    slug="flood-barrier-talks-stall-as-river-nations-dispute-funding",
    title="Flood Barrier Talks Stall as River Nations Dispute Funding",
    section="world",
    authors=("Tomasz Wierzbicki", "Helen Marsh"),
    published="2024-10-02T16:10:00+00:00",
    modified=None,
    description=(
        "The four countries of the Tessa basin agree the barriers must be built but not how to "
        "split the €4 billion bill."
    ),
    tags=("Climate", "Diplomacy", "Flooding"),
    paragraphs=(
        "Negotiations over a shared system of flood barriers along the lower Tessa river broke "
        "up in Vienna on Wednesday without agreement, after the four countries of the basin "
        "failed to settle how the €4 billion cost should be divided.",
        "The plan, drawn up after floods two years ago that killed 38 people and forced the "
        "evacuation of more than 100,000, would combine raised embankments, two large retention "
        "basins and movable gates near the river's mouth.",
        "Downstream countries, which suffered most in the floods, argue that the cost should be "
        "shared according to the length of riverbank in each country. Upstream governments say "
        "that formula would make them pay for protection that mainly benefits their neighbours, "
        "and have proposed splitting costs according to the population protected.",
        "“Everyone in this room agrees that the barriers must be built,” said Amalia Strand, "
        "the mediator appointed by the river basin commission. “What we do not yet have is an "
        "agreement on the bill. That is normal. It is also not acceptable for it to take much "
        "longer.”",
        "Engineers warn that every year of delay raises the risk. Climate models suggest that "
        "the kind of rainfall that caused the last disaster could become three times as likely "
        "by the middle of the century.",
        "Delegates agreed to meet again in six weeks. The European Investment Bank has offered "
        "to lend up to half of the cost on favourable terms once a deal is reached.",
    ),
)

THEATRE = Article(
    slug="open-air-theatre-festival-sells-out-in-record-time",
    title="Open-Air Theatre Festival Sells Out in Record Time",
    section="culture",
    authors=("Isabel Ferreira", "Samuel Achterberg"),
    published="2025-06-19T12:00:00+00:00",
    modified=None,
    description=(
        "Tickets for the Cliffside festival went in under four hours, and organisers have added "
        "six performances with seats kept for locals."
    ),
    tags=("Theatre", "Festivals"),
    paragraphs=(
        "Tickets for this summer's Cliffside Open-Air Theatre Festival sold out in under four "
        "hours on Monday, the fastest in the festival's 46-year history, prompting organisers "
        "to add six extra performances.",
        "The festival stages plays in a former quarry carved into the headland, where audiences "
        "sit on grass terraces facing the sea. This year's programme includes a new staging of "
        "The Tempest, a musical adaptation of a classic children's novel and a comedy by a "
        "local playwright about a village cricket team.",
        "Demand was driven partly by a popular television documentary about the festival "
        "broadcast in the spring, which showed volunteers rebuilding the stage after a winter "
        "storm. Organisers said more than 30,000 people had joined the online queue by the time "
        "sales opened.",
        "“It is wonderful and slightly terrifying,” said the artistic director, Rosalind "
        "Achebe. “We are a small team and a lot of volunteers, and the quarry only holds so "
        "many people. We want to make sure that locals who have supported us for years can "
        "still get in.”",
        "The festival said a quarter of the tickets for the additional performances would be "
        "reserved for residents of the surrounding district and offered at reduced prices. A "
        "ballot for returned tickets will open next month.",
    ),
)

DEMO_AUTHOR_BIOS: dict[str, str] = {
    "Helen Marsh": (
        "Helen Marsh is the Daily Meridian's diplomatic editor. She has reported from more than "
        "forty countries, covering summits, ceasefire talks and the quieter work of embassies, "
        "and spent six years as the paper's Washington correspondent. Before joining the "
        "Meridian she worked for a regional news agency. She studied history and Russian and "
        "still reads the foreign press before breakfast every morning."
    ),
    "Tomasz Wierzbicki": (
        "Tomasz Wierzbicki is the Daily Meridian's Europe correspondent, based in Vienna. He "
        "writes about trade, energy and the politics of the European Union, and about the "
        "industrial towns of central Europe where he grew up. He previously reported on "
        "shipping and ports for a business weekly, and speaks Polish, German and English with "
        "varying degrees of patience."
    ),
    "Priya Raghunathan": (
        "Priya Raghunathan is the Daily Meridian's business editor. She leads coverage of "
        "companies, deals and markets, and has a particular interest in family-owned firms and "
        "the way they change hands. Before journalism she spent five years as an accountant, "
        "which she says taught her to read the notes at the back of an annual report before "
        "the glossy pages."
    ),
    "Owen Callaghan": (
        "Owen Callaghan is the Daily Meridian's economics correspondent. He covers interest "
        "rates, inflation, public spending and transport, and writes a weekly column explaining "
        "one economic statistic in plain language. He joined the paper from a local newspaper "
        "in the north, where he reported on bus routes, factory closures and council budgets, "
        "subjects he still returns to whenever he can."
    ),
    "Ruth Adebayo": (
        "Ruth Adebayo is the Daily Meridian's science editor. Trained as a biochemist, she left "
        "the laboratory to write about research for general readers and has covered medicine, "
        "space and agriculture for more than a decade. She is especially interested in science "
        "done by amateurs and volunteers, and in how new findings reach the people whose lives "
        "they might change."
    ),
    "Jonah Whitcombe": (
        "Jonah Whitcombe is the Daily Meridian's environment correspondent. He reports on "
        "climate, wildlife, farming and the sea, and spends as much time as he can outdoors "
        "with the people doing the work, from divers and foresters to plant breeders. He grew "
        "up on the coast, learned to sail before he could ride a bicycle, and keeps bees on an "
        "allotment near the office."
    ),
    "Marcus Lindqvist": (
        "Marcus Lindqvist writes about sport for the Daily Meridian, with a particular love of "
        "lower-league football and athletics. He has covered cup runs, relegation battles and "
        "national championships, often from draughty press boxes with unreliable wireless "
        "connections. He played semi-professional football until a knee injury ended his "
        "career and still coaches a youth team on Saturday mornings."
    ),
    "Isabel Ferreira": (
        "Isabel Ferreira is the Daily Meridian's arts correspondent. She covers theatre, "
        "classical music, museums and festivals, from national institutions to village halls, "
        "and believes the best stories are often found far from the capital. She previously "
        "worked as a stage manager for a touring theatre company and still cannot watch a "
        "scene change without timing it."
    ),
    "Samuel Achterberg": (
        "Samuel Achterberg writes about music and the performing arts for the Daily Meridian. "
        "A former orchestral viola player, he reviews concerts and opera and reports on the "
        "amateur ensembles, choirs and festivals that keep live music going across the "
        "country. He is working on a book about forgotten working-class composers of the "
        "industrial age and the libraries that keep their scores."
    ),
}

DEMO_ABOUT = (
    "The Daily Meridian is an independent daily newspaper and news website. It was founded by "
    "a group of printers and reporters who believed that a town deserved a paper written by "
    "people who lived in it, and that belief still shapes how we work today.",
    "Our newsroom of around ninety journalists covers world affairs, business, science, sport "
    "and culture, with correspondents in several European capitals and a network of "
    "contributors across the regions. We publish around the clock online and print a morning "
    "edition six days a week.",
    "The Meridian is owned by a charitable trust whose only purpose is to secure the paper's "
    "editorial independence. No proprietor, advertiser or political party has any say over "
    "what we report. Our editor is appointed by the trustees and answers to our readers.",
    "We aim to be accurate, fair and clear. When we get something wrong, we correct it "
    "promptly and openly, and our readers' editor publishes a weekly column explaining the "
    "corrections we have made and why. If you think we have made a mistake, please tell us.",
    "Journalism costs money. If you value what we do, please consider subscribing or becoming "
    "a supporter.",
)

DEMO_CONTACT = (
    "Newsdesk: if you have a story for us, email newsdesk@dailymeridian.example or call the "
    "newsroom on 020 7946 0000. For confidential tips, ask for our secure contact details.",
    "Corrections: please write to the readers' editor at readers@dailymeridian.example with "
    "a link to the article and a short description of the error.",
    "Subscriptions and deliveries: our customer service team can be reached on 020 7946 0001, "
    "Monday to Saturday, from 8am to 6pm.",
    "Postal address: Daily Meridian, 14 Foundry Lane, London EC1 4XX.",
)

DEMO_PRIVACY = (
    "This privacy notice explains how Daily Meridian Media Ltd (“we”, “us”) collects, uses and "
    "protects personal information when you visit our website, subscribe to our newsletters or "
    "purchase a subscription. We are the data controller for the information described in this "
    "notice.",
    "We collect information you give us directly, such as your name, email address, postal "
    "address and payment details when you register, subscribe or contact us. We also collect "
    "information automatically when you use our website, including your IP address, device "
    "type, browser settings and the pages you view, by means of cookies and similar "
    "technologies.",
    "We use this information to provide the services you have requested, to manage your "
    "account and subscription, to send you newsletters you have signed up for, to understand "
    "how our website is used so that we can improve it, and, where you have consented, to "
    "show you advertising that is relevant to your interests. We rely on the performance of a "
    "contract, our legitimate interests, your consent or a legal obligation as the lawful "
    "basis for each of these purposes.",
    "We do not sell your personal information. We share it only with service providers who "
    "process it on our behalf under written contracts, such as payment processors and email "
    "delivery services, and with public authorities where the law requires us to do so. Some "
    "of these providers may process information outside the United Kingdom, in which case we "
    "put appropriate safeguards in place.",
    "We keep personal information only for as long as necessary for the purposes described "
    "above, after which it is deleted or anonymised. You have the right to access, correct or "
    "delete your personal information, to object to or restrict its processing, to withdraw "
    "your consent at any time and to complain to the data protection regulator. To exercise "
    "any of these rights, please write to our data protection officer at "
    "privacy@dailymeridian.example.",
)

# --- Harbour Gazette (linksonly site) -----------------------------------------------------------

HARBOUR_DREDGING = Article(
    slug="harbour-master-approves-dredging-plan-for-silted-eastern-berths",
    title="Harbour Master Approves Dredging Plan for Silted Eastern Berths",
    section="harbour",
    authors=("Bethan Pryce",),
    published="2024-04-18T10:00:00+00:00",
    modified=None,
    description=(
        "About 40,000 cubic metres of mud will be removed from berths that boats cannot use "
        "at low tide."
    ),
    tags=("Harbour", "Fishing"),
    paragraphs=(
        "Dredging of the silted eastern berths at Porthaven harbour will begin in the autumn "
        "after the harbour master approved a plan to remove around 40,000 cubic metres of mud "
        "and sand that have built up since the last major clearance.",
        "Fishing boats and visiting yachts have been unable to use three of the eastern berths "
        "at low tide for more than a year, and skippers have complained of running aground on "
        "the approach channel during spring tides.",
        "The harbour master, Alun Bowen, said the work would take about ten weeks and would be "
        "carried out by a specialist contractor using a backhoe dredger mounted on a pontoon. "
        "The spoil will be tested for contamination and, if clean, deposited at a licensed site "
        "offshore.",
        "“The harbour is the reason this town exists,” Bowen said. “If boats cannot get in and "
        "out safely, everything else suffers, from the fish market to the cafés on the quay.”",
        "The £1.2 million cost will be met from harbour reserves and a grant from the coastal "
        "communities fund. Some residents have raised concerns about noise, and the harbour "
        "board has agreed that no work will take place between eight in the evening and seven "
        "in the morning.",
    ),
)

HARBOUR_LIDO = Article(
    slug="council-votes-to-reopen-victorian-lido-after-eight-year-closure",
    title="Council Votes to Reopen Victorian Lido After Eight-Year Closure",
    section="town",
    authors=("Callum Reid",),
    published="2024-05-06T21:30:00+00:00",
    modified=None,
    description=(
        "The seawater pool below the promenade will reopen next summer after a campaign raised "
        "more than £300,000."
    ),
    tags=("Council", "Leisure"),
    paragraphs=(
        "Porthaven's Victorian lido will reopen to swimmers next summer after councillors voted "
        "unanimously on Monday night to fund repairs to the seawater pool, which has been closed "
        "since cracks were found in its walls eight years ago.",
        "The open-air pool, built in 1894 on the rocks below the promenade, was once one of the "
        "busiest in the county, with crowds of several thousand on hot days. Since its closure "
        "it has filled with seaweed and become a haunt for gulls.",
        "A campaign group, Friends of Porthaven Lido, raised more than £300,000 through events, "
        "donations and a sponsored swim across the bay, and the council will add £900,000 from "
        "its regeneration budget. Engineers will reline the pool, repair the tidal sluice and "
        "rebuild the changing rooms.",
        "“People have told us their grandparents learned to swim here, their parents courted "
        "here, and they want their own children to have the same memories,” said Joan Madoc, "
        "who chairs the campaign group. “Tonight that became possible.”",
        "Councillor Rhys Tanner, who proposed the motion, said the lido would be free for "
        "residents under 16 and would host sessions for local swimming clubs. Work is due to "
        "start in October.",
    ),
)

HARBOUR_CLOCK = Article(
    slug="volunteers-restore-market-hall-clock-by-hand",
    title="Volunteers Restore Market Hall Clock by Hand",
    section="town",
    authors=("Nia Holloway",),
    published="2024-06-12T09:15:00+00:00",
    modified=None,
    description=(
        "Retired engineers, a jeweller and two students rebuilt the stopped clock after a "
        "professional quote came to £80,000."
    ),
    tags=("Heritage", "Volunteering"),
    paragraphs=(
        "The clock on Porthaven's market hall is keeping time again after a team of volunteers "
        "spent two winters dismantling, cleaning and rebuilding its mechanism by hand.",
        "The clock, installed in 1872, stopped working more than a decade ago when a worn gear "
        "slipped, leaving its four faces permanently showing twenty past three. A quote for "
        "professional restoration came to more than £80,000, a sum the town council said it "
        "could not justify.",
        "Instead, a group of retired engineers, a jeweller and two sixth-form students "
        "volunteered to do the work themselves. They carried the mechanism down the tower piece "
        "by piece, cleaned more than 400 components in paraffin and made a replacement gear on "
        "a lathe in a member's garage.",
        "“The hardest part was working out how it all went back together,” said Trevor Langley, "
        "a retired marine engineer who led the group. “We took about two thousand photographs "
        "on the way down, and we still needed most of them.”",
        "The clock was restarted at a small ceremony on Saturday, when the bell struck noon for "
        "the first time in years. A rota of volunteers will wind it every week, climbing 86 "
        "steps to do so.",
    ),
)

HARBOUR_MACKEREL = Article(
    slug="fishing-co-operative-reports-best-mackerel-season-in-a-decade",
    title="Fishing Co-operative Reports Best Mackerel Season in a Decade",
    section="harbour",
    authors=("Bethan Pryce", "Callum Reid"),
    published="2024-08-27T07:00:00+00:00",
    modified=None,
    description=(
        "Line-caught landings almost doubled as large shoals came close to shore in June and July."
    ),
    tags=("Fishing", "Harbour"),
    paragraphs=(
        "Porthaven's fishing co-operative has reported its best mackerel season in ten years, "
        "with members landing more than 300 tonnes of the fish between May and August, almost "
        "twice last year's total.",
        "The co-operative's twelve boats, most of them small day boats that fish with hand "
        "lines, benefited from unusually large shoals close to the shore during June and July. "
        "Skippers said the fish were bigger and in better condition than in recent seasons.",
        "Scientists at the marine research station along the coast said warmer water and "
        "plentiful supplies of the small fish that mackerel feed on were probably responsible, "
        "but warned against reading too much into one good year.",
        "“We've had seasons where we barely covered the fuel,” said Gwen Trevithick, who "
        "skippers the Morning Star with her son. “This year we were coming in with the boat full "
        "by midday. You make the most of it, because you never know what next year brings.”",
        "Because the fish are caught by line rather than net, the co-operative's mackerel "
        "carries a sustainability label and commands a premium price at markets in the cities. "
        "The co-operative said it would use some of the extra income to buy a second ice "
        "machine for the quay.",
    ),
)

HARBOUR_REGATTA = Article(
    slug="rowing-club-wins-coastal-regatta-for-third-year-running",
    title="Rowing Club Wins Coastal Regatta for Third Year Running",
    section="sport",
    authors=("Nia Holloway",),
    published="2024-09-15T18:45:00+00:00",
    modified=None,
    description=(
        "Porthaven crews won seven of fourteen races on a choppy course off Gull Point to keep "
        "the overall trophy."
    ),
    tags=("Rowing",),
    paragraphs=(
        "Porthaven Rowing Club won the overall trophy at the Western Coastal Regatta for the "
        "third year in a row on Saturday, taking first place in seven of the fourteen races on a "
        "choppy course off Gull Point.",
        "The club's women's four, stroked by Megan Powell, set the tone early with a commanding "
        "win in the opening race, finishing nearly twenty seconds ahead of their nearest rivals. "
        "The men's veteran crew, whose combined age is 231, followed with victory in the "
        "afternoon.",
        "Conditions were difficult throughout, with a westerly wind raising a swell that swamped "
        "two boats from other clubs. Safety boats stood by and no one was hurt.",
        "“Our crews train in exactly this kind of water all winter, so when it's rough we feel "
        "at home,” said the club captain, Dafydd Ellis. “The juniors were brilliant too. Some "
        "of them were rowing their first regatta.”",
        "The club, which was founded in 1903 and rows traditional wooden gigs, has seen its "
        "membership double in five years and now has more than 150 members. It is raising money "
        "to build a new boathouse after its current shed was damaged in a storm last winter.",
    ),
)

# A real-looking article that robots.txt forbids: a crawler must never fetch it.
HARBOUR_LEAKED_MEMO = Article(
    slug="leaked-memo-story",
    title="Leaked Memo Shows Council Weighed Selling Harbour Car Park",
    section="private",
    authors=("Callum Reid",),
    published="2024-05-02T08:00:00+00:00",
    modified=None,
    description=(
        "An internal paper valued the car park at up to £2.5 million despite public assurances "
        "that it was not for sale."
    ),
    tags=("Council",),
    paragraphs=(
        "Porthaven town council considered selling the harbour car park to a property developer "
        "last year, according to an internal memo seen by the Harbour Gazette, despite repeated "
        "public assurances that the site was not for sale.",
        "The memo, written by a senior officer during budget discussions, sets out options for "
        "raising money to cover a shortfall. It describes the car park as the council's most "
        "valuable asset and estimates that it could fetch between £2 million and £2.5 million "
        "if sold with planning permission for flats.",
        "Traders on the quay said they were alarmed. “Without that car park, visitors simply "
        "won't stop here,” said one shop owner, who asked not to be named. “Half my takings "
        "come from people who pull in for an hour on the way somewhere else.”",
        "A council spokesperson said the memo was one of many options papers prepared during "
        "budget discussions and that no decision to sell had ever been taken. “The car park "
        "remains in council ownership and there are no plans to change that,” she said.",
    ),
)

HARBOUR_ABOUT = (
    "The Harbour Gazette has reported on Porthaven and the villages along the bay since the "
    "days when it was printed above the chandler's on the quay. Today it is published online "
    "every day and in print every Thursday by a small team of local reporters.",
)

HARBOUR_CONTACT = (
    "Send news, letters and photographs to newsroom@harbourgazette.example, or drop in to our "
    "office at 3 Quay Street, Porthaven, on weekday mornings.",
)

# --- Valley Ledger (guess site) -----------------------------------------------------------------

VALLEY_ORCHARDS = Article(
    slug="orchard-growers-turn-to-netting-as-hailstorms-grow-more-frequent",
    title="Orchard Growers Turn to Netting as Hailstorms Grow More Frequent",
    section="farming",
    authors=("Ffion Abbott",),
    published="2025-05-20T07:30:00+00:00",
    modified=None,
    description=(
        "Three damaging storms in five years are changing how fruit is grown in the valley."
    ),
    tags=("Farming", "Weather"),
    paragraphs=(
        "Apple and pear growers across the Wyre valley are covering their orchards with hail "
        "nets after three damaging storms in five years, in one of the biggest changes to the "
        "way fruit has been grown in the valley for generations.",
        "The black nets, stretched on poles above the trees, can stop hailstones that would "
        "otherwise bruise or split the fruit and make it unfit for sale. They cost about "
        "£25,000 per hectare to install, and growers say they must be replaced every ten to "
        "twelve years.",
        "Tom Ashdown, whose family has farmed at Lower Ridding for four generations, lost almost "
        "half his crop of dessert apples to a ten-minute storm two summers ago. “The fruit was "
        "ready to pick the following week,” he said. “You stand there afterwards looking at "
        "apples lying in the grass and wondering how you'll pay the pickers.”",
        "Nets bring other benefits, including protection from sunburn and birds, but some "
        "growers worry that they will make pollination harder and change the look of a "
        "landscape that draws visitors each spring to see the blossom.",
        "The valley growers' association is lobbying for grants to help smaller farms meet the "
        "cost, arguing that the alternative is that orchards will be grubbed up and replaced "
        "with arable crops.",
    ),
)

VALLEY_FOOTBRIDGE = Article(
    slug="new-footbridge-links-riverside-estate-to-town-centre",
    title="New Footbridge Links Riverside Estate to Town Centre",
    section="news",
    authors=("George Tallis",),
    published="2025-06-03T11:20:00+00:00",
    modified="2025-06-03T15:00:00+00:00",
    description="The walk into town from the Riverside estate drops from twenty minutes to five.",
    tags=("Transport", "Riverside"),
    paragraphs=(
        "A new footbridge across the river Wyre opened on Monday, cutting the walk from the "
        "Riverside estate to the town centre from more than twenty minutes to about five.",
        "Until now, residents of the estate, which is home to about 3,000 people, had to walk "
        "along a busy main road and cross the river by the old road bridge, which has narrow "
        "pavements and no cycle lane. Parents had long complained that the route was unsafe "
        "for children walking to the secondary school.",
        "The steel bridge, 62 metres long and wide enough for pedestrians and cyclists to pass "
        "side by side, was lifted into place by crane in a single overnight operation in March. "
        "It cost £4.1 million, paid for mainly from a national active travel fund.",
        "“It sounds like a small thing, but it changes daily life,” said Parveen Akhtar, who "
        "chairs the Riverside residents' association and campaigned for the bridge for nine "
        "years. “My neighbours can walk to the doctor's, the library, the market. They are not "
        "cut off any more.”",
        "The bridge is lit at night and has been designed to withstand flood levels higher than "
        "those recorded in the valley's worst floods. A competition to name it, run with local "
        "primary schools, will close at the end of the month.",
    ),
)

VALLEY_LIBRARY = Article(
    slug="library-lends-out-tools-from-drills-to-sewing-machines",
    title="Library Lends Out Tools, From Drills to Sewing Machines",
    section="news",
    authors=("Ffion Abbott",),
    published="2025-07-11T08:45:00+00:00",
    modified=None,
    description="Wyreford library's new 'library of things' offers more than 120 items to borrow.",
    tags=("Libraries", "Community"),
    paragraphs=(
        "Borrowers at Wyreford library can now take home a power drill, a carpet cleaner or a "
        "sewing machine as easily as a novel, after the library opened what it calls a library "
        "of things on its ground floor.",
        "The scheme offers more than 120 items, most of them donated by residents or bought with "
        "a small grant from a community foundation. Members pay a few pounds to borrow an item "
        "for a week, and the money goes towards repairs and replacements.",
        "The librarian, Samira Haddad, said the idea came from conversations with visitors who "
        "were buying tools they would use once and then store for years. “Most drills are used "
        "for about thirteen minutes in their whole lives,” she said. “It makes much more sense "
        "for a town to share them.”",
        "In the first fortnight, the most popular items were a pressure washer, a tile cutter "
        "and a set of camping gear. A volunteer who repaired sewing machines for forty years "
        "runs a clinic every Saturday to show borrowers how to use them.",
        "The library hopes the scheme will bring in people who have not visited for years. More "
        "than 60 new members signed up in its first week, and staff say several of them left "
        "with a book as well as a tool.",
    ),
)

VALLEY_DAIRY = Article(
    slug="valley-dairy-farm-installs-robotic-milking-parlour",
    title="Valley Dairy Farm Installs Robotic Milking Parlour",
    section="farming",
    authors=("George Tallis",),
    published="2025-08-26T06:30:00+00:00",
    modified=None,
    description="At Hillend Farm the cows now choose when to be milked, and give more milk.",
    tags=("Farming", "Technology"),
    paragraphs=(
        "Cows at Hillend Farm above Wyreford have started choosing when to be milked, after the "
        "family that runs the farm installed four robotic milking machines in a new barn.",
        "Rather than being brought in twice a day at fixed times, the farm's 240 Holstein cows "
        "walk into the robots when they choose, tempted by a ration of feed. Lasers guide the "
        "cups into place, and sensors record how much milk each cow gives and check for early "
        "signs of illness.",
        "Rachel Morgan, who farms Hillend with her husband, said most of the herd learned the "
        "routine within a fortnight, though a few older cows had to be coaxed. “There's one "
        "called Daisy who still waits by the gate at half past five every morning, because "
        "that's when milking used to be,” she said.",
        "The system cost about £800,000 including the barn, a large investment for a family "
        "farm. Morgan said it had been made necessary by the difficulty of finding staff willing "
        "to start work before dawn every day of the year, and had freed her and her husband to "
        "spend more time on the land and with their children.",
        "The cows are giving about ten percent more milk on average, which the Morgans put down "
        "to being milked more often and on their own schedule. Several neighbouring farmers have "
        "visited to see the system for themselves.",
    ),
)

VALLEY_ABOUT = (
    "The Valley Ledger is a community news service for Wyreford and the villages of the Wyre "
    "valley, run by a not-for-profit co-operative of readers and reporters.",
)

VALLEY_CONTACT = (
    "Write to the editor at editor@valleyledger.example. We read everything, even if we cannot "
    "reply to every message.",
)
