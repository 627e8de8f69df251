"""Articles we wrote for the reuse tests: copied paragraphs, a republished wire story, boilerplate."""

from __future__ import annotations

import pytest

WIRE = """Ministers agree to reopen border crossing after three days of talks

The foreign ministers of Armenia and Azerbaijan agreed on Thursday to reopen the Lachin border crossing to civilian traffic, ending a closure that had stranded hundreds of lorries on both sides since early March.

The agreement was reached after three days of talks in Geneva hosted by the Swiss government, according to a joint statement released late on Wednesday night by the two delegations.

"We have agreed that people and goods must be able to move freely again, and that monitors will be present at the crossing from Monday," the Armenian foreign minister told reporters outside the conference hall.

His Azerbaijani counterpart said the deal did not settle the wider dispute over the region but was "a first step that both governments can build on" in the coming months.

The European Union welcomed the announcement and said it was ready to send a team of civilian observers if both sides requested one, a spokesman for the bloc said in Brussels.

Traffic through the crossing had fallen to almost nothing after a series of shooting incidents in February, which each side blamed on the other and which left two soldiers dead.

Hauliers' associations in both countries said they expected it would take at least a week to clear the backlog of vehicles waiting at the checkpoints once the crossing reopens."""

WIRE_REPUBLISHED = """Lachin crossing to reopen on Monday, ministers say

The foreign ministers of Armenia and Azerbaijan agreed on Thursday to reopen the Lachin border crossing to civilian traffic, ending a closure that had stranded hundreds of lorries on both sides since early March.

The agreement was reached after three days of talks in Geneva hosted by the Swiss government, according to a joint statement released late on Wednesday night by the two delegations.

“We have agreed that people and goods must be able to move freely again, and that monitors will be present at the crossing from Monday,” the Armenian foreign minister told reporters outside the conference hall.

His Azerbaijani counterpart said the deal did not settle the wider dispute over the region but was “a first step that both governments can build on” in the coming months.

The European Union welcomed the announcement and said it was ready to send a team of civilian observers if both sides requested one, a spokesman for the bloc said in Brussels.

Traffic through the crossing had fallen to almost nothing after a series of shooting incidents in February, which each side blamed on the other and which left two soldiers dead.

Hauliers' associations in both countries said they expected it would take at least a week to clear the backlog of vehicles waiting at the checkpoints once the crossing reopens.

Reporting by our Caucasus correspondent; editing by the foreign desk."""

ANALYSIS = """Analysis: a fragile opening in the Caucasus

Diplomats in Yerevan and Baku were cautious on Friday about what the border deal means for the talks on a wider peace treaty, which have stalled twice this year.

The Armenian foreign minister, speaking outside the conference hall in Geneva, put it plainly: ‘We have agreed that people and goods must be able to move freely again, and that monitors will be present at the crossing  from Monday.’

His Azerbaijani counterpart said the deal did not settle the wider dispute over the region but was ‘a first step that both governments can build on’ in the coming months.

Analysts said the presence of monitors was the real concession, because Baku had until now refused any outside presence on what it regards as its own territory.

A senior Western diplomat who followed the talks said the two sides had nearly walked away on the second evening over the wording of the statement on observers.

Opposition politicians in Armenia criticised the deal, saying it gave away too much for too little, and called for a debate in parliament next week."""

DUPLICATE_OF_ANALYSIS = ANALYSIS.replace("‘", "'").replace("’", "'").replace("  ", " ").replace(
    "\n\n", "\n \n"
)

PROTEST = """Thousands march in Tbilisi against foreign agents bill

Follow us on Twitter

Thousands of people marched through the centre of Tbilisi on Sunday evening to protest against a draft law that would require organisations receiving foreign funding to register as foreign agents.

Police blocked the road leading to the parliament building and used water cannon against a group of protesters who tried to break through the line shortly before midnight.

The governing party says the bill is needed to make the funding of non-governmental groups transparent, while critics say it copies a Russian law used to silence dissent.

Share this article

Subscribe to our daily briefing to get the top stories in your inbox

Sign up for our newsletter"""

FLOODS = """Floods force evacuation of villages in northern Italy

Follow us on Twitter

Rescue teams evacuated more than two thousand people from villages in the Emilia-Romagna region on Tuesday after two rivers burst their banks following days of heavy rain.

The regional president said the damage to roads and farmland was worse than in the floods of the previous spring and asked the government in Rome to declare a state of emergency.

Weather forecasters expect the rain to ease by Thursday, but warned that the ground was saturated and that landslides remained likely in the hills above Bologna.

Share this article

Subscribe to our daily briefing to get the top stories in your inbox

Sign up for our newsletter"""

# The second quoted paragraph of WIRE split in two, inside an otherwise different story.
SPLIT_COPY = """Border talks end with deal on monitors

Negotiators left Geneva on Thursday after talks that officials on both sides described as the most productive in a year.

The agreement was reached after three days of talks in Geneva hosted by the Swiss government,

according to a joint statement released late on Wednesday night by the two delegations.

Neither delegation took questions from the press before leaving the hotel where the talks were held."""


@pytest.fixture()
def articles() -> dict[str, str]:
    """Our test articles by id."""
    return {
        "wire": WIRE,
        "wire-republished": WIRE_REPUBLISHED,
        "analysis": ANALYSIS,
        "analysis-copy": DUPLICATE_OF_ANALYSIS,
        "protest": PROTEST,
        "floods": FLOODS,
        "split-copy": SPLIT_COPY,
    }
