"""Resolve time expressions in news text to absolute dates.

News anchors time to the publication date: "On Sunday" in an article published
Tuesday 2016-03-29 means 2016-03-27.  :func:`resolve_date` turns one expression
into a :class:`ResolvedDate` with our own rules (fast, predictable) and falls
back to dateparser, offline, only for shapes the rules do not cover.  Without
an anchor, expressions that need one resolve to ``None``: never to today.
:func:`find_date_expressions` finds candidate expressions in a clause, careful
not to take the modal "May" or a "march" for a month.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

__all__ = ["ANCHOR_FREE_RULES", "ResolvedDate", "find_date_expressions", "iter_date_expressions", "resolve_date",
           "warm_up"]


@dataclass(frozen=True)
class ResolvedDate:
    """An expression resolved to a period: ``date`` is its first day."""

    date: str  # ISO "YYYY-MM-DD"
    precision: str  # "day" | "week" | "month" | "season" | "year"
    rule: str  # which rule resolved it: "weekday", "last-month-name", "dateparser", ...
    text: str  # the expression as found
    interval: str | None = None  # "start" for "since ...", "end" for "until ...", else None

    @property
    def anchored(self) -> bool:
        """Whether the date was computed from the anchor or a reference (not written in full)."""
        return self.rule not in ANCHOR_FREE_RULES


#: Rules whose dates are written out in full and need no anchor.
ANCHOR_FREE_RULES = frozenset({"absolute-date", "month-year", "season-year", "year"})


MONTHS = {name: i + 1 for i, name in enumerate(
    "january february march april may june july august september october november december".split())}
MONTHS.update({name[:3]: num for name, num in MONTHS.items()} | {"sept": 9})
WEEKDAYS = {name: i for i, name in enumerate("monday tuesday wednesday thursday friday saturday sunday".split())}
WEEKDAYS.update({"tue": 1, "tues": 1, "thur": 3, "thurs": 3} | {name[:3]: num for name, num in WEEKDAYS.items()})
SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}  # northern hemisphere
NUMBERS = {w: i for i, w in enumerate("one two three four five six seven eight nine ten eleven twelve".split(), 1)}
NUMBERS |= {"a": 1, "an": 1}
SHIFT = {"last": -1, "this": 0, "next": 1}
AMBIGUOUS_MONTHS = {"may", "march"}  # also a modal verb and a noun
DAY_WORDS = {"today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
             "yesterday": -1, "last night": -1, "tomorrow": 1}
_PART_OF_DAY = r"(?:\s(?:morning|afternoon|evening|night))?"

# --- resolving one expression -------------------------------------------------------------------------
_MON = r"(?P<mon>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
_MD, _DM = rf"{_MON}\s{_DAY}", rf"{_DAY}\s(?:of\s)?{_MON}"  # "March 28", "28 (of) March"
_YEAR = r"(?P<year>(?:1[89]|20|21)\d\d)"
_WDAY_PREFIX = r"(?:(?:" + "|".join(WEEKDAYS) + r")\.?,?\s)?"
_UNIT = r"(?P<unit>day|week|month|year)s?"
_PERIOD = r"(?P<unit>week|month|year)s?"  # "next day" is no period: see _day_offset
_NUM = r"(?P<num>\d{1,3}|" + "|".join(NUMBERS) + ")"
_REL = r"(?P<rel>last|this|next)"
_SEASON = r"(?P<season>" + "|".join(SEASONS) + ")"

_POSSESSIVE = re.compile(r"['’]s?$")
_INTERVAL = re.compile(r"(?i)(since|from|starting(?:\s(?:in|on|from))?|until|till|through)\s")
_LEAD = re.compile(  # fillers before the date proper; "in" stays in "in two weeks"
    r"(?i)^(?:(?:on|in(?!\s\S+\s(?:day|week|month|year)s?$)|during|at|of|by|around|throughout|the|early|late|mid)"
    r"(?:\s|-))+")

Match = re.Match[str]
Result = tuple[dt.date, str, str] | None  # (first day, precision, rule)


def _first_of(year: int, month: int) -> dt.date:
    """First day of a month, with months past 12 or below 1 carried into the year."""
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return dt.date(year, month, 1)


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _fixed(m: Match, anchor: dt.date | None, future: bool) -> Result:
    """Dates that need no anchor: '2016-03-28', 'March 28, 2016', 'March 2011', 'spring 2013', '2012'."""
    groups, year = m.groupdict(), int(m["year"])
    if "season" in groups:
        return dt.date(year, SEASONS[m["season"]], 1), "season", "season-year"
    if "mon" not in groups:
        return dt.date(year, 1, 1), "year", "year"
    month = MONTHS.get(m["mon"]) or int(m["mon"])
    try:
        if "day" not in groups:
            return dt.date(year, month, 1), "month", "month-year"
        return dt.date(year, month, int(m["day"])), "day", "absolute-date"
    except ValueError:  # "2016-13-45", "February 30, 2016"
        return None


def _month_day(m: Match, anchor: dt.date, future: bool) -> Result:
    """Most recent such day on or before the anchor (the next one on or after it if ``future``)."""
    month, day, step = MONTHS[m["mon"]], int(m["day"]), 1 if future else -1
    for year in range(anchor.year, anchor.year + 9 * step, step):  # 9 years always reach a 29 February
        try:
            found = dt.date(year, month, day)
        except ValueError:
            continue
        if (found >= anchor) if future else (found <= anchor):
            return found, "day", "month-day"
    return None


def _month_name(m: Match, anchor: dt.date, future: bool) -> Result:
    """'May', 'last May', 'next May', 'this May', 'May last year' at month precision."""
    month, rel = MONTHS[m["mon"]], m["rel"] or ("future" if future else "past")
    if m["yrel"]:
        year = anchor.year + SHIFT[m["yrel"]]
        return dt.date(year, month, 1), "month", "month-relative-year"
    year = anchor.year
    if rel in ("past", "last"):  # on or before / strictly before the anchor's month
        year -= month > anchor.month or (rel == "last" and month == anchor.month)
    elif rel in ("future", "next"):
        year += month < anchor.month or (rel == "next" and month == anchor.month)
    rule = "month-name" if rel in ("past", "future") else f"{rel}-month-name"
    return dt.date(year, month, 1), "month", rule


def _weekday(m: Match, anchor: dt.date, future: bool) -> Result:
    """Most recent such weekday on or before the anchor; 'next'/``future`` look forward."""
    wanted, rel = WEEKDAYS[m["wday"]], m["rel"]
    if rel == "next" or (future and rel != "last"):
        ahead = (wanted - anchor.weekday()) % 7 or (7 if rel == "next" else 0)
        return anchor + dt.timedelta(days=ahead), "day", "weekday"
    back = (anchor.weekday() - wanted) % 7 or (7 if rel == "last" else 0)
    return anchor - dt.timedelta(days=back), "day", "weekday"


def _relative_day(m: Match, anchor: dt.date, future: bool) -> Result:
    return anchor + dt.timedelta(days=DAY_WORDS[m["word"]]), "day", "relative-day"


def _relative_period(m: Match, anchor: dt.date, future: bool) -> Result:
    """'last week', 'this month', 'earlier this year', 'next week': the whole period."""
    shift, unit = SHIFT[m["rel"]], m["unit"]
    if unit == "week":
        return _monday(anchor) + dt.timedelta(weeks=shift), "week", "relative-week"
    if unit == "month":
        return _first_of(anchor.year, anchor.month + shift), "month", "relative-month"
    return dt.date(anchor.year + shift, 1, 1), "year", "relative-year"


def _offset(m: Match, anchor: dt.date, future: bool) -> Result:
    """'two days ago', 'a year ago', 'in two weeks' at the precision of the unit; 'two days' is a duration."""
    if bool(m["ahead"]) == bool(m["ago"]):
        return None
    num, unit = NUMBERS.get(m["num"]) or int(m["num"]), m["unit"]
    num, rule = (num, "in") if m["ahead"] else (-num, "ago")
    if unit == "day":
        return anchor + dt.timedelta(days=num), "day", rule
    if unit == "week":
        return _monday(anchor + dt.timedelta(weeks=num)), "week", rule
    if unit == "month":
        return _first_of(anchor.year, anchor.month + num), "month", rule
    return dt.date(anchor.year + num, 1, 1), "year", rule


def _season(m: Match, anchor: dt.date, future: bool) -> Result:
    """'last summer', 'this spring', 'in the winter' (winter starts in December of the year before).

    Bare seasons take the latest one started by the anchor (the current or next one if ``future``);
    'this' takes the nearer of the one just gone and the coming one: in March, "this winter" is
    the one that just ended and "this summer" the coming one.
    """
    start, rel = SEASONS[m["season"]] - 1, m["rel"]
    month = anchor.year * 12 + anchor.month - 1  # months counted from year 0
    current = month - (month - 2) % 3  # start of the season under way (Mar, Jun, Sep, Dec)
    found = current - (current - start) % 12  # latest such season started by the anchor
    if found == current:
        found += {"last": -12, "next": 12}.get(rel, 0)
    else:
        gone, ahead = month - (found + 2), found + 12 - month  # months since it ended, until the next
        nearer_ahead = ahead < gone or (ahead == gone and future)
        if rel == "next" or (rel is None and future) or (rel == "this" and nearer_ahead):
            found += 12
    rule = f"{rel}-season" if rel in ("last", "next") else "season"
    return dt.date(found // 12, found % 12 + 1, 1), "season", rule


def _weekend(m: Match, anchor: dt.date, future: bool) -> Result:
    """'over the weekend', 'at the weekend', 'last/this/next weekend': the week holding its Saturday.

    Bare and 'this' take the latest weekend started by the anchor (the coming one if ``future``
    and none is under way); 'last' skips a weekend under way; 'next' is the coming one.
    """
    weekday, rel = anchor.weekday(), m["rel"]
    started = anchor - dt.timedelta(days=(weekday - 5) % 7)  # latest Saturday on or before the anchor
    coming = anchor + dt.timedelta(days=(5 - weekday) % 7)  # first Saturday on or after it
    under_way = weekday >= 5
    if rel == "last":
        saturday = started - dt.timedelta(weeks=1) if under_way else started
    elif rel == "next":
        saturday = started + dt.timedelta(weeks=1) if under_way else coming
    else:
        saturday = coming if future and not under_way else started
    return _monday(saturday), "week", "weekend"


def _day_of_month(m: Match, anchor: dt.date, future: bool) -> Result:
    """'on the 15th': the latest such day on or before the anchor (on or after it if ``future``).

    'the 15th of last month' names the month; months without the day (a 31st) are skipped.
    """
    day, mrel = int(m["day"]), m["mrel"]
    month = anchor.year * 12 + anchor.month - 1
    if mrel:
        first = _first_of(anchor.year, anchor.month + {"last": -1, "previous": -1, "next": 1}.get(mrel, 0))
        try:
            return first.replace(day=day), "day", "day-of-month"
        except ValueError:
            return None
    step = 1 if future else -1
    for k in range(0, 3 * step, step):  # a 31st is at most two months away
        first = _first_of(month // 12, month % 12 + 1 + k)
        try:
            found = first.replace(day=day)
        except ValueError:
            continue
        if (found >= anchor) if future else (found <= anchor):
            return found, "day", "day-of-month"
    return None


_DAY_STEP = {"previous": -1, "before": -1, "earlier": -1, "next": 1, "following": 1, "after": 1,
             "later": 1, "same": 0}


def _day_offset(m: Match, reference: dt.date, future: bool) -> Result:
    """'a day earlier', 'the previous day', 'the day after', 'two days later': from the reference date."""
    num = m.groupdict().get("num")
    count = 1 if num is None else NUMBERS.get(num) or int(num)
    return reference + dt.timedelta(days=count * _DAY_STEP[m["dir"]]), "day", "day-offset"


_Handler = Callable[[Match, dt.date | None, bool], Result]
# (pattern over the lower-cased, normalised expression; handler; what it is resolved against:
#  "" nothing, "anchor" the publication date, "reference" the date of the event told before)
_RULES: tuple[tuple[re.Pattern[str], _Handler, str], ...] = tuple((re.compile(p), h, a) for p, h, a in (
    (r"(?P<year>\d{4})-(?P<mon>\d\d)-(?P<day>\d\d)", _fixed, ""),
    (rf"{_WDAY_PREFIX}{_MD},?\s{_YEAR}", _fixed, ""),
    (rf"{_WDAY_PREFIX}{_DM},?\s{_YEAR}", _fixed, ""),
    (rf"{_MON},?\s(?:of\s)?{_YEAR}", _fixed, ""),
    (rf"{_SEASON},?\s(?:of\s)?{_YEAR}", _fixed, ""),
    (_YEAR, _fixed, ""),
    (rf"{_WDAY_PREFIX}{_MD}", _month_day, "anchor"),
    (rf"{_WDAY_PREFIX}{_DM}", _month_day, "anchor"),
    (rf"(?:{_REL}\s)?{_MON}(?:,?\s(?:of\s)?(?P<yrel>last|this|next)\syear)?", _month_name, "anchor"),
    (rf"(?:{_REL}\s)?(?P<wday>" + "|".join(WEEKDAYS) + ")" + _PART_OF_DAY, _weekday, "anchor"),
    ("(?P<word>" + "|".join(DAY_WORDS) + ")" + _PART_OF_DAY, _relative_day, "anchor"),
    (rf"(?:over\s(?:the\s)?)?(?:{_REL}\s)?weekend", _weekend, "anchor"),
    (r"(?P<day>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)(?:\sof\s(?:the\s)?(?P<mrel>this|last|previous|next)\smonth)?",
     _day_of_month, "anchor"),
    (rf"{_NUM}\sdays?\s(?P<dir>earlier|later|before|after)", _day_offset, "reference"),
    (r"(?P<dir>previous|next|following|same)\sday", _day_offset, "reference"),
    (r"day\s(?P<dir>before|after)", _day_offset, "reference"),
    (rf"(?:(?:earlier|later)\s)?{_REL}\s{_PERIOD}", _relative_period, "anchor"),
    (rf"(?:(?P<ahead>in)\s)?{_NUM}\s{_UNIT}(?P<ago>\sago)?", _offset, "anchor"),
    (rf"(?:{_REL}\s)?{_SEASON}", _season, "anchor"),
))


def _normalise(expression: str) -> tuple[str, str | None]:
    """Strip possessives, interval words and fillers: 'since the summer' -> ('summer', 'start')."""
    text = _POSSESSIVE.sub("", " ".join(expression.split()).strip(" ,.;:"))
    interval = None
    if found := _INTERVAL.match(text):
        interval = "start" if found[1].lower().startswith(("since", "from", "starting")) else "end"
        text = text[found.end():]
    return _LEAD.sub("", text, count=1), interval


def resolve_date(expression: str, anchor: dt.date | None, *, future: bool = False,
                 reference: dt.date | None = None) -> ResolvedDate | None:
    """Resolve a time expression against the publication date ``anchor``.

    ``future=True`` reads bare weekdays, months, days and seasons forward ("on Sunday" in a
    forecast).  Expressions counted from another event ("a day earlier", "the previous day",
    "two days later") are resolved against ``reference``, the date of the event the text told
    before; never against the anchor, which they are rarely about.  Returns ``None`` for
    non-dates and for relative expressions without their anchor or reference.
    """
    if isinstance(anchor, dt.datetime):
        anchor = anchor.date()
    if isinstance(reference, dt.datetime):
        reference = reference.date()
    text, interval = _normalise(expression)
    words = set(re.findall(r"[A-Za-z]+", text))
    if words & AMBIGUOUS_MONTHS and not re.search(r"\d", text):
        return None  # lower-case "may"/"march" without a number: a verb or a noun
    low = text.lower()
    for pattern, handler, needs in _RULES:
        if found := pattern.fullmatch(low):
            base = reference if needs == "reference" else anchor
            if needs and base is None:
                return None
            result = handler(found, base, future)
            break
    else:
        result = _dateparser_fallback(text, anchor, future) if text else None
    if result is None:
        return None
    day, precision, rule = result
    return ResolvedDate(day.isoformat(), precision, rule, expression, interval)


@functools.lru_cache(maxsize=4096)  # pure, and dateparser takes milliseconds a call
def _dateparser_fallback(text: str, anchor: dt.date | None, future: bool) -> Result:
    """Ask dateparser (imported lazily; it never touches the network) about an unknown shape.

    Without an anchor the text is parsed against two far-apart bases and accepted only when
    both agree, so relative expressions cannot silently resolve against today.  A result whose
    year is not the one written ("the 1990s" comes back as the base date) is refused.
    """
    from dateparser.date import DateDataParser  # slow import: only when the rules fail

    bases = [anchor] if anchor is not None else [dt.date(1990, 2, 14), dt.date(2011, 9, 3)]
    found: set[Result] = set()
    for base in bases:
        settings = {"RELATIVE_BASE": dt.datetime.combine(base, dt.time(23, 59)), "RETURN_AS_TIMEZONE_AWARE": False,
                    "PREFER_DATES_FROM": "future" if future else "past", "PREFER_DAY_OF_MONTH": "first"}
        data = DateDataParser(languages=["en"], settings=settings).get_date_data(text)
        if data.date_obj is None:
            return None
        day, period = data.date_obj.date(), data.period or "day"
        if any(int(year) != day.year for year in re.findall(r"\b\d{4}", text)):
            return None
        if period not in ("week", "month", "year"):
            period = "day"
        first = {"week": _monday(day), "month": day.replace(day=1), "year": day.replace(month=1, day=1)}
        found.add((first.get(period, day), period, "dateparser"))
    return found.pop() if len(found) == 1 else None


def warm_up() -> None:
    """Pay dateparser's one-off set-up now rather than in the first document that needs it.

    Its import and the patterns it compiles on first use take a few tenths of a second, once
    per process: :meth:`khaldun.pipeline.Resources.build` calls this at load time, so a forked
    worker pool inherits the set-up instead of paying it in every worker.  Results are
    unchanged (nothing is cached here).
    """
    from dateparser.date import DateDataParser

    settings = {"RELATIVE_BASE": dt.datetime(2000, 1, 1, 23, 59), "RETURN_AS_TIMEZONE_AWARE": False,
                "PREFER_DATES_FROM": "past", "PREFER_DAY_OF_MONTH": "first"}
    DateDataParser(languages=["en"], settings=settings).get_date_data("a fortnight ago")


# --- finding expressions in a clause ------------------------------------------------------------------
_F_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December" \
           r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)"
_F_DAY = r"\b(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?\b"
_F_YEAR = r"(?<![\w$£€.,/])(?<!\w\()(?:19|20)\d\d(?!\w|[.,/]\d)"  # not in "/2016/03/", "string(1938)"
_F_WDAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
_F_WDAY_PREFIX = rf"(?:(?:{_F_WDAY}|Mon|Tue|Wed|Thu|Fri|Sat|Sun)\.?,?\s+)?"
_F_SEASON = r"(?i:spring|summer|autumn|fall|winter)"
# words that may follow "on the 15th" (a noun there makes it "the 15th floor", "the 4th division")
_NOT_NOUN = ("(?:it|he|she|they|we|i|the|a|an|and|but|or|when|as|after|before|in|at|on|to|with|from|for"
             "|by|during|until|amid|while|this|that|its|his|her|their|was|were|is|had|has)")
_FIND = re.compile(rf"""
    \b(?=\w)  # every expression starts a word: skipping other positions makes the scan 3x faster
    (?P<pre>\b(?i:since|from|until|till|through|on|in|during|of|by|before|after|throughout)\s+(?i:the\s+)?)?
    (?P<mod>\b(?i:last|next|this|early|late|mid)(?:\s+|-))?
    (?:(?P<iso>\b\d{{4}}-\d\d-\d\d\b)
     | (?P<date>{_F_WDAY_PREFIX}(?:{_F_MONTH}\s+{_F_DAY},?|{_F_DAY}\s+(?:of\s+)?{_F_MONTH},?)\s+{_F_YEAR})
     | (?P<month_year>\b{_F_MONTH},?\s+(?:of\s+)?{_F_YEAR})
     | (?P<season_year>\b{_F_SEASON},?\s+(?:of\s+)?{_F_YEAR})
     | (?P<month_day>{_F_WDAY_PREFIX}\b(?:{_F_MONTH}\s+{_F_DAY}|{_F_DAY}\s+(?:of\s+)?{_F_MONTH}\b))
     | (?P<month>\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\b
        (?!['’]s\b)(?:,?\s+(?:of\s+)?(?i:last|this|next)\s+year\b)?)
     | (?P<weekday>\b{_F_WDAY}\b(?:['’]s\b)?)
     | (?P<relative>\b(?i:yesterday|today|tomorrow|tonight|last\s+night|this\s+(?:morning|afternoon|evening)
        |(?:(?:earlier|later)\s+)?(?:last|this|next)\s+(?:week|month|year)
        |(?:last|this|next|(?:over|at|during|on)\s+the)\s+weekend
        |(?:\d{{1,3}}|{"|".join(NUMBERS)})\s+(?:(?:day|week|month|year)s?\s+ago|days?\s+(?:earlier|later))
        |the\s+(?:(?:previous|next|following|same)\s+day|day\s+(?:before\s+yesterday|after\s+tomorrow
           |(?:before|after)(?!\s+(?:yesterday|tomorrow|the|a|an|his|her|its|their|this|that)\b)(?!\s+[A-Z\d])))
        )\b(?:['’]s\b)?)
     | (?P<day_of_month>(?<=\bthe\s)(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)\b
        (?:\s+of\s+(?:the\s+)?(?i:this|last|previous|next)\s+month\b
         |(?!['’\w-]|\s+(?:of\s+)?(?!{_NOT_NOUN}\b)[A-Za-z])))  # not "the 15th century", "the 4th floor"
     | (?P<season>\b{_F_SEASON}\b(?!\s+of\b))
     | (?P<year>{_F_YEAR})
    )""", re.VERBOSE)
# What every expression :data:`_FIND` accepts contains: a digit, a month's first letters, or a word of
# time ("Sunday", "yesterday", "tonight", "weekend", "two months ago", "summer"); text with none of them
# has no date expression.
_MAYBE_DATE = re.compile(r"\d|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
                         r"|(?i:day|tomorrow|night|morning|afternoon|evening|week|month|year"
                         r"|spring|summer|autumn|fall|winter)")
# The same in lower-cased ASCII text, where case-insensitive matching is plain lower-casing (and
# four times faster than the pattern above).
_MAYBE_DATE_ASCII = re.compile(r"\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|day|tomorrow|night|morning"
                               r"|afternoon|evening|week|month|year|spring|summer|autumn|fall|winter")
_DAY_OF_MONTH_PRE = re.compile(r"(?i)(?:on|since|from|until|till|through|by|before|after)\b")
_KEEP_PRE = re.compile(r"(?i)(?:since|from|until|till|through|on|in|during)\b")
_NOT_WEEKDAY_BEFORE = re.compile(r"\b(?:Good|Black|Holy|Palm|Ash|Easter|Maundy|Bloody)\s+$")


def _accept(found: Match, text: str) -> bool:
    """Reject matches that are probably not dates: bare month names, 'the Sunday Times', 'Russia Today'."""
    kind, qualified = found.lastgroup, bool(found["pre"] or found["mod"])
    before, after = text[max(0, found.start(kind) - 20):found.start(kind)], text[found.end():found.end() + 3]
    if kind in ("month", "season"):
        return qualified  # "May the ...", "June said", "a harsh winter", "the fall of Aleppo" stay out
    if kind == "year":
        return qualified or not re.match(r"\s+[a-z]", after)  # "2000 troops" is a number
    if kind == "weekday":
        return not (_NOT_WEEKDAY_BEFORE.search(before)
                    or (re.search(r"\b[Tt]he\s+$", before) and re.match(r"\s+[A-Z]", after)))
    if kind == "day_of_month":  # "on the 15th", "since the 1st"; not "the 15th century"
        return bool(found["pre"]) and _DAY_OF_MONTH_PRE.match(found["pre"]) is not None
    if kind == "relative" and found[kind][0].isupper() and not qualified:
        tail = text[:found.start(kind)].rstrip()
        return not tail or tail[-1] in ".!?:;\"“‘(\n"  # mid-sentence "Russia Today" is a channel
    return True


def _may_hold_date(text: str) -> bool:
    """Whether ``text`` has one of the words every date expression contains (:data:`_MAYBE_DATE`)."""
    if text.isascii():
        return _MAYBE_DATE_ASCII.search(text.lower()) is not None
    return _MAYBE_DATE.search(text) is not None


def find_date_expressions(text: str) -> list[tuple[int, int, str]]:
    """Spans ``(start, end, expression)`` of time expressions in ``text``, left to right.

    Interval and position words worth keeping ("since", "until", "in", "on") belong to the span;
    month names and seasons count only with a qualifier, a day or a year beside them.
    """
    if not _may_hold_date(text):
        return []  # most clauses name no time: one quick scan instead of the full pattern's
    return list(iter_date_expressions(text))


def iter_date_expressions(text: str) -> Iterator[tuple[int, int, str]]:
    """:func:`find_date_expressions` one at a time, the text scanned only as far as it is read
    (a caller looking for one kind of date stops at the first)."""
    for found in _FIND.finditer(text):
        if not _accept(found, text):
            continue
        start = found.start("mod") if found["mod"] else found.start(found.lastgroup)
        if found["pre"] and _KEEP_PRE.match(found["pre"]):
            start = found.start("pre")
        yield start, found.end(), text[start:found.end()]
