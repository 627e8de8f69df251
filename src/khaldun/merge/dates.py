"""The span of days an event date stands for, given its precision.

An event dated "2016-03-27" with day precision happened on that day; one with
month precision some day in March 2016; one dated only by the article's
publication date (``publication``) on that day or in the few days before it.
Two events can be the same happening only if their spans overlap, and two
day-precision dates must be equal (see :func:`dates_compatible`).
"""

from __future__ import annotations

from datetime import date, timedelta

#: How many days before its publication an undated event may have happened.
PUBLICATION_LAG_DAYS = 3

#: Precisions from the most to the least exact (unknown ones rank last).
PRECISION_RANK: dict[str | None, int] = {
    "day": 0, "week": 1, "month": 1, "season": 2, "publication": 3, "year": 4, None: 9,
}  # fmt: skip

_SEASON_MONTHS = {3: (3, 5), 6: (6, 8), 9: (9, 11), 12: (12, 2)}


def date_span(value: str | None, precision: str | None) -> tuple[date, date] | None:
    """First and last day the date may mean; None when there is no date."""
    if not value:
        return None
    try:
        day = date.fromisoformat(value[:10])
    except ValueError:
        return None
    if precision == "day":
        return day, day
    if precision == "publication":
        return day - timedelta(days=PUBLICATION_LAG_DAYS), day
    if precision == "week":
        return day, day + timedelta(days=6)
    if precision == "month":
        return day.replace(day=1), _month_end(day.year, day.month)
    if precision == "season":
        first, last = _SEASON_MONTHS.get(day.month, (day.month, day.month))
        end_year = day.year + 1 if last < first else day.year
        return day.replace(day=1), _month_end(end_year, last)
    if precision == "year":
        return date(day.year, 1, 1), date(day.year, 12, 31)
    return day, day  # unknown precision: read it as a day


def dates_compatible(a: tuple[str | None, str | None], b: tuple[str | None, str | None]) -> bool:
    """Whether two (date, precision) pairs can be the same happening's date.

    Day dates must be equal; other spans must overlap.  An event without a date
    is compatible with nothing (the caller decides whether undated events of
    one document may merge).
    """
    span_a, span_b = date_span(*a), date_span(*b)
    if span_a is None or span_b is None:
        return False
    if a[1] == "day" and b[1] == "day":
        return span_a == span_b
    return span_a[0] <= span_b[1] and span_b[0] <= span_a[1]


def _month_end(year: int, month: int) -> date:
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return following - timedelta(days=1)
