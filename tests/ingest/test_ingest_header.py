"""Headline and publication-date detection in the page header."""

from __future__ import annotations

import pytest

from khaldun.ingest import clean_text, header_date, normalise_date
from khaldun.ingest.dates import byline_date, dateline_date

HEADLINE = "Turkey and Russia Agree on New Idlib Patrols"
BODY = [
    "Turkish and Russian officials agreed on Tuesday to run joint patrols along the M4 highway.",
    "The defence ministry in Ankara said the first patrol would start within a week.",
]


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("Tue Mar 29, 2016 16:27:03", "2016-03-29"),
        ("Friday, October 7, 2022", "2022-10-07"),
        ("Posted on 12 June 2017", "2017-06-12"),
        ("Posted on 12 June 2017 by admin", "2017-06-12"),
        ("2017-06-12", "2017-06-12"),
        ("March 3, 2016", "2016-03-03"),
        ("Published: 2019-04-02T08:15:00Z", "2019-04-02"),
        ("Updated 10:30 am GMT, Sept. 3, 2016", "2016-09-03"),
        ("Wednesday 4th of May 2016 | 14:02 GMT", "2016-05-04"),
        ("31.12.2015", "2015-12-31"),
        ("2016-09-10 | Middle East", "2016-09-10"),
        ("11 January 2016 | Last updated: 21:34", "2016-01-11"),
        ("Mon 22 Aug 2016 | 15:02 GMT", "2016-08-22"),
    ],
)
def test_header_date_forms(line: str, iso: str) -> None:
    assert header_date(line) == iso


@pytest.mark.parametrize(
    "line",
    [
        "On March 3, 2016, the army entered the city.",
        "March 3, 2016 — Iranian forces shelled the town",
        "2016-02-30",
        "Friday",
        "Iran will save Assad",
        "Since October 7, the deaths of 220 commanders have been confirmed.",
    ],
)
def test_not_a_header_date(line: str) -> None:
    assert header_date(line) is None


@pytest.mark.parametrize(
    ("layout", "iso"),
    [
        ([HEADLINE, "", "Tue Mar 29, 2016 16:27:03", "", *BODY], "2016-03-29"),
        (["Friday, October 7, 2022", "", HEADLINE, "", *BODY], "2022-10-07"),
        ([HEADLINE, "Posted on 12 June 2017", *BODY], "2017-06-12"),
        ([HEADLINE, "By Jane Roe | March 3, 2016", "", *BODY], "2016-03-03"),
        ([HEADLINE, "", "2017-06-12", "", *BODY], "2017-06-12"),
        (
            [HEADLINE, "", "2016-09-10 | Middle East", "", "By our correspondent", *BODY],
            "2016-09-10",
        ),
    ],
)
def test_header_date_is_recorded_and_its_line_removed(layout: list[str], iso: str) -> None:
    cleaned = clean_text("\n".join(layout))
    assert cleaned.published == iso
    assert cleaned.published_source == "text-header"
    assert cleaned.title == HEADLINE
    assert cleaned.text == "\n\n".join([HEADLINE, *BODY])


def test_date_inside_story_sentence_is_not_a_publication_date() -> None:
    raw = "\n\n".join(
        [HEADLINE, *BODY, "The previous patrol deal was signed on March 5, 2020 in Moscow."]
    )
    cleaned = clean_text(raw)
    assert cleaned.published is None
    assert cleaned.published_source is None
    assert "March 5, 2020" in cleaned.text


def test_date_line_far_below_the_header_is_ignored() -> None:
    filler = [f"Paragraph {n} of the report describes the talks in detail." for n in range(8)]
    cleaned = clean_text("\n\n".join([HEADLINE, *filler, "March 3, 2016", *BODY]))
    assert cleaned.published is None
    assert "March 3, 2016" in cleaned.text


def test_no_date_means_none_never_today() -> None:
    cleaned = clean_text("\n".join([HEADLINE, *BODY]))
    assert cleaned.published is None
    assert cleaned.published_source is None


def test_dateline_with_full_date_gives_published_and_stays_in_text() -> None:
    lead = "BEIRUT, March 3, 2016 (Reuters) - Syrian troops entered the town of Qaryatain."
    cleaned = clean_text("\n\n".join([HEADLINE, lead, BODY[1]]))
    assert cleaned.published == "2016-03-03"
    assert cleaned.published_source == "text-dateline"
    assert lead in cleaned.text


def test_dateline_prefix_without_date_is_kept() -> None:
    lead = "Qamishli, Syria – Kurdish forces said on Monday they had repelled an attack."
    cleaned = clean_text("\n\n".join([HEADLINE, lead]))
    assert cleaned.text.split("\n\n")[1] == lead
    assert cleaned.published is None


def test_byline_and_dateline_helpers() -> None:
    assert byline_date("By Jane Roe and John Doe, March 3, 2016") == "2016-03-03"
    assert byline_date("By Sunday, March 3, 2016, the army had won.") is None
    assert dateline_date("MOSCOW, 12 June 2017 (AFP) — Russia said") == "2017-06-12"
    assert dateline_date("MOSCOW (AFP) — Russia said on Monday") is None


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("2016-03-29T10:00:00Z", "2016-03-29"),
        ("Tue, 29 Mar 2016 16:27:03 +0000", "2016-03-29"),
        ("March 29, 2016", "2016-03-29"),
        ("29 March 2016", "2016-03-29"),
        ("yesterday", None),
        ("2016", None),
        ("", None),
    ],
)
def test_normalise_date(value: str, iso: str | None) -> None:
    assert normalise_date(value) == iso


def test_headline_is_first_paragraph_and_kept_once_when_repeated() -> None:
    raw = "\n".join([HEADLINE, "", HEADLINE, "Tue Mar 29, 2016 16:27:03", "", *BODY])
    cleaned = clean_text(raw)
    assert cleaned.title == HEADLINE
    assert cleaned.title_source == "first-line"
    assert cleaned.text.count(HEADLINE) == 1
    assert cleaned.text.startswith(HEADLINE + "\n\n")
    assert "duplicate-title" in cleaned.removed


def test_headline_directly_above_body_lines() -> None:
    cleaned = clean_text("\n".join([HEADLINE, *BODY]))
    assert cleaned.title == HEADLINE
    assert cleaned.text.split("\n\n") == [HEADLINE, *BODY]


@pytest.mark.parametrize(
    "first",
    [
        BODY[0],  # a sentence, not a headline
        "Turkish officials said on Tuesday that the new patrols,",  # a fragment
        "Kremlin:",  # a label
    ],
)
def test_no_title_when_first_line_is_not_a_headline(first: str) -> None:
    cleaned = clean_text("\n\n".join([first, BODY[1]]))
    assert cleaned.title is None
    assert cleaned.title_source is None


def test_photo_caption_above_story_is_not_the_title() -> None:
    raw = "\n\n".join(["PHOTO: Turkish troops near the M4 highway", *BODY])
    cleaned = clean_text(raw)
    assert cleaned.title is None
    assert cleaned.text == "\n\n".join(BODY)
