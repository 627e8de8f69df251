"""Event-date resolution: time expressions anchored to the publication date."""

from __future__ import annotations

import datetime as dt
import socket
import time
from pathlib import Path

import pytest

from khaldun.timeplace import dates
from khaldun.timeplace.dates import ResolvedDate, find_date_expressions, resolve_date

TUESDAY = dt.date(2016, 3, 29)  # anchor used throughout: Tuesday 29 March 2016
SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "seeds"


def resolved(expression: str, anchor: dt.date | None = TUESDAY, **kwargs: bool) -> tuple[str, str] | None:
    """(date, precision) of an expression, or None."""
    found = resolve_date(expression, anchor, **kwargs)
    return None if found is None else (found.date, found.precision)


@pytest.fixture
def no_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if dateparser is asked: the rules must resolve on their own."""
    def refuse(*args: object) -> None:
        raise AssertionError("dateparser fallback called for a shape the rules cover")
    monkeypatch.setattr(dates, "_dateparser_fallback", refuse)


# --- weekdays and days ----------------------------------------------------------------------------------
@pytest.mark.parametrize("expression, expected", [
    ("on Sunday", "2016-03-27"),
    ("Sunday's", "2016-03-27"),
    ("On Monday", "2016-03-28"),
    ("Tuesday", "2016-03-29"),  # the anchor's own weekday is the anchor
    ("Wednesday", "2016-03-23"),
    ("last Tuesday", "2016-03-22"),
    ("next Tuesday", "2016-04-05"),
    ("Saturday night", "2016-03-26"),
    ("yesterday", "2016-03-28"),
    ("today", "2016-03-29"),
    ("tomorrow", "2016-03-30"),
    ("last night", "2016-03-28"),
    ("yesterday's", "2016-03-28"),
])
def test_weekdays_and_days_resolve_before_the_anchor(no_fallback: None, expression: str, expected: str) -> None:
    assert resolved(expression) == (expected, "day")


@pytest.mark.parametrize("expression, expected", [
    ("on Sunday", "2016-04-03"),
    ("Tuesday", "2016-03-29"),
    ("Wednesday", "2016-03-30"),
    ("last Sunday", "2016-03-27"),  # an explicit "last" stays in the past
])
def test_future_reads_weekdays_forward(expression: str, expected: str) -> None:
    assert resolved(expression, future=True) == (expected, "day")


def test_weekday_rule_name_and_text_are_kept() -> None:
    found = resolve_date("On Sunday", TUESDAY)
    assert found == ResolvedDate("2016-03-27", "day", "weekday", "On Sunday")


# --- weeks, months, years relative to the anchor ------------------------------------------------------
@pytest.mark.parametrize("anchor, expression, expected", [
    (TUESDAY, "last week", ("2016-03-21", "week")),
    (TUESDAY, "this week", ("2016-03-28", "week")),
    (TUESDAY, "next week", ("2016-04-04", "week")),
    (dt.date(2016, 1, 5), "last week", ("2015-12-28", "week")),
    (TUESDAY, "last month", ("2016-02-01", "month")),
    (dt.date(2016, 1, 5), "last month", ("2015-12-01", "month")),
    (dt.date(2015, 12, 20), "next month", ("2016-01-01", "month")),
    (TUESDAY, "earlier this month", ("2016-03-01", "month")),
    (TUESDAY, "last year", ("2015-01-01", "year")),
    (TUESDAY, "late last year", ("2015-01-01", "year")),
    (TUESDAY, "earlier this year", ("2016-01-01", "year")),
    (TUESDAY, "two days ago", ("2016-03-27", "day")),
    (TUESDAY, "3 weeks ago", ("2016-03-07", "week")),
    (TUESDAY, "four months ago", ("2015-11-01", "month")),
    (TUESDAY, "a year ago", ("2015-01-01", "year")),
    (TUESDAY, "in two weeks", ("2016-04-11", "week")),
])
def test_relative_periods(no_fallback: None, anchor: dt.date, expression: str, expected: tuple[str, str]) -> None:
    assert resolved(expression, anchor) == expected


def test_a_bare_duration_is_not_a_date() -> None:
    assert resolve_date("two days", TUESDAY) is None


# --- month names ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("anchor, expression, future, expected, rule", [
    (TUESDAY, "last May", False, "2015-05-01", "last-month-name"),
    (dt.date(2016, 5, 20), "last May", False, "2015-05-01", "last-month-name"),
    (dt.date(2016, 6, 2), "last May", False, "2016-05-01", "last-month-name"),
    (TUESDAY, "last January", False, "2016-01-01", "last-month-name"),
    (TUESDAY, "in May", False, "2015-05-01", "month-name"),
    (TUESDAY, "in May", True, "2016-05-01", "month-name"),
    (dt.date(2016, 5, 20), "May", False, "2016-05-01", "month-name"),
    (TUESDAY, "in March", False, "2016-03-01", "month-name"),
    (TUESDAY, "mid-February", False, "2016-02-01", "month-name"),
    (TUESDAY, "next March", False, "2017-03-01", "next-month-name"),
    (TUESDAY, "June last year", False, "2015-06-01", "month-relative-year"),
])
def test_month_names(anchor: dt.date, expression: str, future: bool, expected: str, rule: str) -> None:
    found = resolve_date(expression, anchor, future=future)
    assert found is not None and (found.date, found.precision, found.rule) == (expected, "month", rule)


@pytest.mark.parametrize("expression", ["may", "the march on the capital", "march", "in may"])
def test_lower_case_may_and_march_are_not_months(expression: str) -> None:
    assert resolve_date(expression, TUESDAY) is None


# --- seasons (northern hemisphere) ------------------------------------------------------------------------
@pytest.mark.parametrize("anchor, expression, future, expected", [
    (TUESDAY, "last summer", False, "2015-06-01"),
    (TUESDAY, "Last summer", False, "2015-06-01"),
    (TUESDAY, "this spring", False, "2016-03-01"),
    (TUESDAY, "in the winter", False, "2015-12-01"),
    (dt.date(2016, 2, 10), "in the winter", False, "2015-12-01"),  # Jan/Feb belong to December's winter
    (dt.date(2016, 1, 10), "last winter", False, "2014-12-01"),
    (TUESDAY, "last fall", False, "2015-09-01"),
    (TUESDAY, "last autumn", False, "2015-09-01"),
    (TUESDAY, "this summer", False, "2016-06-01"),  # the coming one is nearer
    (TUESDAY, "this winter", False, "2015-12-01"),  # the one that just ended is nearer
    (TUESDAY, "in the summer", True, "2016-06-01"),
    (dt.date(2016, 7, 15), "last summer", False, "2015-06-01"),
    (dt.date(2016, 7, 15), "this summer", False, "2016-06-01"),
    (dt.date(2016, 10, 1), "next spring", False, "2017-03-01"),
])
def test_seasons(anchor: dt.date, expression: str, future: bool, expected: str) -> None:
    assert resolved(expression, anchor, future=future) == (expected, "season")


def test_season_with_a_year_needs_no_anchor() -> None:
    assert resolved("in spring 2013", None) == ("2013-03-01", "season")
    assert resolved("the summer of 2015", None) == ("2015-06-01", "season")


# --- years, months with years, absolute and anchored days -------------------------------------------------
@pytest.mark.parametrize("expression, expected", [
    ("in 2012", ("2012-01-01", "year")),
    ("2012", ("2012-01-01", "year")),
    ("early 2014", ("2014-01-01", "year")),
    ("in March 2011", ("2011-03-01", "month")),
    ("May 2015", ("2015-05-01", "month")),
    ("March 28, 2016", ("2016-03-28", "day")),
    ("28 March 2016", ("2016-03-28", "day")),
    ("2016-03-28", ("2016-03-28", "day")),
    ("Tuesday, March 29, 2016", ("2016-03-29", "day")),
    ("Tue Mar 29, 2016", ("2016-03-29", "day")),
    ("the 4th of July 2015", ("2015-07-04", "day")),
])
def test_absolute_expressions_need_no_anchor(no_fallback: None, expression: str, expected: tuple[str, str]) -> None:
    assert resolved(expression, None) == expected
    assert resolved(expression, TUESDAY) == expected


@pytest.mark.parametrize("expression", ["February 30, 2016", "2016-13-01", "2016-02-30"])
def test_impossible_dates_do_not_resolve(expression: str) -> None:
    assert resolve_date(expression, TUESDAY) is None


@pytest.mark.parametrize("anchor, expression, future, expected", [
    (TUESDAY, "September 30", False, "2015-09-30"),  # dateparser would send it into the future
    (TUESDAY, "September 30", True, "2016-09-30"),
    (TUESDAY, "March 29", False, "2016-03-29"),
    (TUESDAY, "on March 30", False, "2015-03-30"),
    (TUESDAY, "28 March", False, "2016-03-28"),
    (dt.date(2017, 1, 10), "February 29", False, "2016-02-29"),
    (dt.date(2016, 1, 3), "December 31st", False, "2015-12-31"),
])
def test_month_day_without_year(anchor: dt.date, expression: str, future: bool, expected: str) -> None:
    assert resolved(expression, anchor, future=future) == (expected, "day")


# --- intervals ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("expression, expected", [
    ("since March 2011", ResolvedDate("2011-03-01", "month", "month-year", "since March 2011", "start")),
    ("Since October 7", ResolvedDate("2015-10-07", "day", "month-day", "Since October 7", "start")),
    ("until next week", ResolvedDate("2016-04-04", "week", "relative-week", "until next week", "end")),
    ("from 2012", ResolvedDate("2012-01-01", "year", "year", "from 2012", "start")),
])
def test_interval_words(expression: str, expected: ResolvedDate) -> None:
    assert resolve_date(expression, TUESDAY) == expected


# --- no anchor: never today -------------------------------------------------------------------------------
@pytest.mark.parametrize("expression", [
    "on Sunday", "yesterday", "today", "last week", "last month", "last May", "in May", "last summer",
    "September 30", "earlier this month", "last year", "next week", "two days ago", "a year ago",
    "the day before yesterday", "in 3 days",
])
def test_relative_expressions_without_anchor_are_none(expression: str) -> None:
    assert resolve_date(expression, None) is None


def test_datetime_anchor_is_treated_as_its_date() -> None:
    assert resolved("yesterday", dt.datetime(2016, 3, 29, 23, 59)) == ("2016-03-28", "day")


# --- dateparser fallback ------------------------------------------------------------------------------------
def test_fallback_resolves_other_shapes_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access attempted")
    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    found = resolve_date("the day before yesterday", TUESDAY)
    assert found is not None and (found.date, found.precision, found.rule) == ("2016-03-27", "day", "dateparser")
    assert resolved("an hour ago") == ("2016-03-29", "day")
    assert resolved("at 3 pm") == ("2016-03-29", "day")
    assert resolve_date("in the 1990s", TUESDAY) is None  # dateparser answers with the base date
    assert resolve_date("the march on the capital", TUESDAY) is None
    assert resolve_date("Marching orders were given", TUESDAY) is None


def test_rules_take_microseconds(no_fallback: None) -> None:
    shapes = ["On Sunday", "last May", "last summer", "since March 2011", "September 30", "two days ago"]
    started = time.perf_counter()
    for _ in range(200):
        for shape in shapes:
            resolve_date(shape, TUESDAY)
    per_call = (time.perf_counter() - started) / (200 * len(shapes))
    assert per_call < 200e-6  # about 10 microseconds here; generous for a busy machine


# --- finding expressions ------------------------------------------------------------------------------------
def expressions(text: str) -> list[str]:
    spans = find_date_expressions(text)
    assert all(text[start:end] == found for start, end, found in spans)
    return [found for _, _, found in spans]


@pytest.mark.parametrize("text, expected", [
    ("On Sunday, government troops retook the town, which rebels had held since May 2015.",
     ["On Sunday", "since May 2015"]),
    ("Officials said Sunday's shelling killed 12 people in the old quarter.", ["Sunday's"]),
    ("The envoy, who arrived on 12 April 2016, said talks would resume next week.",
     ["on 12 April 2016", "next week"]),
    ("The ministry said last May that the convoy left on March 3, 2015.", ["last May", "on March 3, 2015"]),
    ("Clashes erupted in the spring of 2014 and again late last year.", ["in the spring of 2014", "late last year"]),
    ("The blockade, in place since 2012, was lifted two days ago.", ["since 2012", "two days ago"]),
    ("Last summer the militia withdrew; earlier this month it returned.", ["Last summer", "earlier this month"]),
    ("The accord signed on 2016-02-27 held until Friday.", ["on 2016-02-27", "until Friday"]),
    ("The border reopened in mid-June after a truce agreed in early 2016.", ["in mid-June", "in early 2016"]),
])
def test_find_date_expressions(text: str, expected: list[str]) -> None:
    assert expressions(text) == expected


@pytest.mark.parametrize("text", [
    "May the new council succeed where the old one failed, the mayor said.",
    "Thousands joined the march on the capital, and the March organisers said police may intervene.",
    "June Ellis, a local teacher, said April had told her about the convoy.",
    "The Sunday Times reported that 2000 troops arrived after Good Friday prayers.",
    "The fall of the city followed a harsh winter and the Arab Spring protests.",
    "Theresa May said in May's cabinet that the number rose to 1500 fighters.",
    "The ministry spent 3.2019 million on the string(1938) field at /2016/03/26/ yesterday's",
])
def test_non_dates_are_not_found(text: str) -> None:
    found = expressions(text)
    assert all(not any(word in item for word in ("May", "March", "June", "April", "Sunday", "fall", "winter",
                                                 "Spring", "2000", "1500", "1938", "2016", "2019"))
               for item in found), found


def test_mid_sentence_channel_name_is_not_today() -> None:
    assert expressions("Russia Today said the clashes began yesterday. Today, officials denied it.") == [
        "yesterday", "Today"]


def test_found_expressions_resolve_in_context() -> None:
    text = ("On Sunday, the army said it had retaken the hill it lost last May. Rebels had held it "
            "since March 2011, and the offensive began September 30 after talks failed last summer.")
    got = {found: resolved(found) for _, _, found in find_date_expressions(text)}
    assert got == {
        "On Sunday": ("2016-03-27", "day"),
        "last May": ("2015-05-01", "month"),
        "since March 2011": ("2011-03-01", "month"),
        "September 30": ("2015-09-30", "day"),
        "last summer": ("2015-06-01", "season"),
    }


# --- real scraped articles (third-party, read from ../shared) ----------------------------------------------
def seed_text(prefix: str) -> str:
    if not SEEDS.is_dir():
        pytest.skip("../shared/corpus/seeds is not available")
    paths = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not paths:
        pytest.skip(f"seed {prefix} is not available")
    return paths[0].read_text(encoding="utf-8")


def test_seed_with_dateline_anchors_its_own_expressions() -> None:
    text = seed_text("001")
    found = [resolve_date(expression, None) for _, _, expression in find_date_expressions(text)]
    datelines = [item for item in found if item is not None and item.precision == "day"]
    assert datelines and datelines[0].date == "2016-03-29"  # the "Tue Mar 29, 2016" header line
    anchor = dt.date.fromisoformat(datelines[0].date)
    resolved_all = {expression: resolve_date(expression, anchor) for _, _, expression in find_date_expressions(text)}
    assert resolved_all["On Sunday"].date == "2016-03-27"
    assert resolved_all["last May"] == ResolvedDate("2015-05-01", "month", "last-month-name", "last May")
    # page debris such as image paths and PHP string lengths holds no dates
    assert all(item.precision != "year" for item in resolved_all.values()), resolved_all


def test_seed_expressions_all_resolve_sensibly() -> None:
    text = seed_text("000")
    got = {expression: resolve_date(expression, TUESDAY) for _, _, expression in find_date_expressions(text)}
    assert got and all(item is not None for item in got.values()), got
    assert got["since May 2015"].interval == "start"
    assert (got["Last summer"].date, got["Last summer"].precision) == ("2015-06-01", "season")
    assert got["September 30"].date == "2015-09-30"
    assert all("2011-01-01" <= item.date <= "2016-03-29" for item in got.values())


# --- weekends, days of the month, days counted from another event --------------------------------------------
@pytest.mark.parametrize("anchor, expression, future, expected", [
    (TUESDAY, "over the weekend", False, "2016-03-21"),  # Sat 26 / Sun 27 March: the week of 21 March
    (TUESDAY, "at the weekend", False, "2016-03-21"),
    (TUESDAY, "on the weekend", False, "2016-03-21"),
    (TUESDAY, "last weekend", False, "2016-03-21"),
    (TUESDAY, "over the weekend", True, "2016-03-28"),  # "will meet over the weekend": 2-3 April
    (TUESDAY, "this weekend", True, "2016-03-28"),
    (TUESDAY, "next weekend", False, "2016-03-28"),
    (dt.date(2016, 3, 27), "over the weekend", True, "2016-03-21"),  # Sunday: the weekend under way
    (dt.date(2016, 3, 27), "last weekend", False, "2016-03-14"),  # ... so "last" is the one before
    (dt.date(2016, 3, 26), "next weekend", False, "2016-03-28"),
    (dt.date(2016, 3, 28), "the weekend's", False, "2016-03-21"),  # Monday paper, weekend just gone
])
def test_weekends_resolve_to_the_week_holding_them(no_fallback: None, anchor: dt.date, expression: str,
                                                   future: bool, expected: str) -> None:
    found = resolve_date(expression, anchor, future=future)
    assert found is not None and (found.date, found.precision, found.rule) == (expected, "week", "weekend")


@pytest.mark.parametrize("anchor, expression, future, expected", [
    (TUESDAY, "on the 15th", False, "2016-03-15"),
    (TUESDAY, "On the 29th", False, "2016-03-29"),  # the anchor's own day
    (TUESDAY, "on the 30th", False, "2016-01-30"),  # no 30 February: the latest 30th is in January
    (TUESDAY, "on the 30th", True, "2016-03-30"),
    (dt.date(2016, 4, 5), "on the 31st", True, "2016-05-31"),
    (dt.date(2016, 1, 10), "on the 15th", False, "2015-12-15"),
    (TUESDAY, "the 15th of last month", False, "2016-02-15"),
    (TUESDAY, "since the 1st", False, "2016-03-01"),
])
def test_day_of_month(no_fallback: None, anchor: dt.date, expression: str, future: bool, expected: str) -> None:
    found = resolve_date(expression, anchor, future=future)
    assert found is not None and (found.date, found.precision, found.rule) == (expected, "day", "day-of-month")


def test_day_of_month_needs_an_anchor() -> None:
    assert resolve_date("on the 15th", None) is None
    assert resolve_date("the 31st of last month", TUESDAY) is None  # February has none


SUNDAY = dt.date(2016, 3, 27)  # the date of the event told before


@pytest.mark.parametrize("expression, expected", [
    ("a day earlier", "2016-03-26"),
    ("one day earlier", "2016-03-26"),
    ("two days earlier", "2016-03-25"),
    ("the previous day", "2016-03-26"),
    ("The day before", "2016-03-26"),
    ("a day later", "2016-03-28"),
    ("the next day", "2016-03-28"),
    ("the following day", "2016-03-28"),
    ("the day after", "2016-03-28"),
    ("three days later", "2016-03-30"),
    ("the same day", "2016-03-27"),
])
def test_days_counted_from_the_event_told_before(no_fallback: None, expression: str, expected: str) -> None:
    found = resolve_date(expression, TUESDAY, reference=SUNDAY)
    assert found is not None and (found.date, found.precision, found.rule) == (expected, "day", "day-offset")


@pytest.mark.parametrize("expression", ["a day earlier", "the previous day", "the next day", "two days later"])
def test_days_from_another_event_are_never_counted_from_the_anchor(no_fallback: None, expression: str) -> None:
    # "lost a confidence vote a day earlier" is about the event told before, not the publication date
    assert resolve_date(expression, TUESDAY) is None


def test_next_day_is_not_next_year(no_fallback: None) -> None:
    assert resolve_date("the next day", TUESDAY) is None
    assert resolved("next year") == ("2017-01-01", "year")


def test_newswire_yesterday_and_today_take_the_dateline_date(no_fallback: None) -> None:
    text = ("MOSCOW, Nov 26 (Wire) - Russian border guards seized three Ukrainian ships yesterday, and "
            "parliament in Kyiv will vote on martial law today.")
    anchor = dt.date(2018, 11, 26)
    got = {found: resolve_date(found, anchor) for _, _, found in find_date_expressions(text)}
    assert {k: (v.date, v.rule) for k, v in got.items() if v} == {
        "Nov 26": ("2018-11-26", "month-day"),
        "yesterday": ("2018-11-25", "relative-day"),
        "today": ("2018-11-26", "relative-day"),
    }


@pytest.mark.parametrize("text, expected", [
    ("Clashes erupted over the weekend in the north.", ["over the weekend"]),
    ("Protesters gathered at the weekend; last weekend's rally was larger.", ["at the weekend", "last weekend's"]),
    ("The cabinet lost a confidence vote a day earlier.", ["a day earlier"]),
    ("The previous day, talks had failed; two days later they resumed.", ["The previous day", "two days later"]),
    ("They met the day before, and again the following day.", ["the day before", "the following day"]),
    ("It happened the day before yesterday.", ["the day before yesterday"]),
    ("On the 13th, gunmen attacked a checkpoint; by the 15th it was retaken.", ["On the 13th", "15th"]),
    ("Prices have risen since the 1st of this month and again on the 15th when fuel ran short.",
     ["since the 1st of this month", "on the 15th"]),
])
def test_find_new_shapes(text: str, expected: list[str]) -> None:
    assert expressions(text) == expected


@pytest.mark.parametrize("text", [
    "The fort dates from the 15th century and stands on the 4th floor of history.",
    "The 3rd Armored Division marked the 20th anniversary on the 2nd-largest base.",
    "Ministers met the day before the vote and the day before Sunday's rally.",
    "The weekend edition said the weekend was quiet.",
])
def test_new_shapes_not_found_in_non_dates(text: str) -> None:
    found = expressions(text)
    assert not any(("th" in item and "weekend" not in item) or "day before" in item or "weekend" in item
                   for item in found), found
