"""Publication dates written in page headers, bylines and datelines.

Only explicit, complete dates (day, month and year) are recognised; nothing
is ever filled in from the current date.  All functions return ISO
``YYYY-MM-DD`` strings or ``None``.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime

__all__ = [
    "byline_date",
    "dateline_date",
    "header_date",
    "normalise_date",
]

_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3,
    "apr": 4, "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7,
    "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9, "oct": 10,
    "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}  # fmt: skip

_MONTH = rf"(?P<month>{'|'.join(sorted(_MONTHS, key=len, reverse=True))})\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_WEEKDAY = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?\.?,?"
_ZONE = r"(?:gmt|utc|[a-z]{2,4}t|z|[+-]\d{2}:?\d{2})(?:\s*[+-]\d{1,2}(?::?\d{2})?)?"
_CLOCK = r"\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?\s*(?:[ap]\.?m\.?)?"
_TIME = rf"(?:(?:at|@|[-|,–—])\s*)?{_CLOCK}(?:\s*{_ZONE})?"

# Each form captures day, month and year (the numeric forms under their own names).
_DATE_FORMS = [
    # March 3, 2016 / Mar 29, 2016 / Sept. 3 2016 / Mar 29 16:27:03 2016
    rf"{_MONTH}\s+{_DAY},?\s+(?:{_TIME}\s+)?{_YEAR}",
    # 12 June 2017 / 3rd of March, 2016
    rf"{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}",
    # 2017-06-12, 2017/06/12, 2017.06.12, 2017-06-12T10:00:00Z
    rf"{_YEAR}(?P<sep>[-/.])(?P<nmonth>\d{{1,2}})(?P=sep)(?P<nday>\d{{1,2}})"
    r"(?:T[\d:.]+(?:z|[+-][\d:]+)?)?",
    # 12.06.2017 (day first)
    r"(?P<eday>\d{1,2})\.(?P<emonth>\d{1,2})\.(?P<eyear>(?:19|20)\d{2})",
]

_LABEL = r"(?:(?:posted|published|updated|last\s+updated|first\s+published|created|date|dated)"
_LABEL += r"(?:\s+on)?\s*:?\s*)?"
_BY_NAME = r"(?:\s*(?:[|,–—-]\s*)?by\s+[^\d.]{1,60})?"
# Page furniture after a pipe: "| Middle East", "| Last updated: 21:34".
_PIPE_TAIL = r"(?:\s*[|•·]\s*[^|.]{1,50})?"
_SEPARATORS = " \t|•·-–—,:"


def _full_line(form: str) -> re.Pattern[str]:
    """A whole header line: label, time, weekday, the date, time, "by NAME", "| furniture"."""
    head = rf"{_LABEL}(?:{_TIME}\s*[,|]?\s*)?(?:{_WEEKDAY}\s*)?"
    tail = rf"(?:\s*{_TIME}){{0,2}}{_BY_NAME}{_PIPE_TAIL}"
    return re.compile(f"^{head}{form}{tail}$", re.IGNORECASE)


_PATTERNS = [re.compile(form, re.IGNORECASE) for form in _DATE_FORMS]
_FULL_LINE = [_full_line(form) for form in _DATE_FORMS]
_BYLINE = re.compile(r"^by\s+[A-Z]", re.IGNORECASE)
_DATELINE = re.compile(
    r"^[A-Z][\w.'’ -]{1,40},\s+(?P<rest>.{8,40}?)\s*(?:\([^)]{2,30}\)\s*)?[-–—]\s", re.UNICODE
)


def _iso(year: int, month: int, day: int) -> str | None:
    """Return ``YYYY-MM-DD`` for a valid calendar date, else ``None``."""
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _from_match(match: re.Match[str]) -> str | None:
    groups = match.groupdict()
    if groups.get("month"):
        month = _MONTHS[groups["month"].lower().rstrip(".")]
        return _iso(int(groups["year"]), month, int(groups["day"]))
    if groups.get("nmonth"):
        return _iso(int(groups["year"]), int(groups["nmonth"]), int(groups["nday"]))
    return _iso(int(groups["eyear"]), int(groups["emonth"]), int(groups["eday"]))


def header_date(line: str) -> str | None:
    """Return the date when the whole ``line`` is a date header, else ``None``.

    Accepts an optional label ("Posted on", "Published:"), an optional weekday,
    a time and a trailing "by NAME", e.g. ``Tue Mar 29, 2016 16:27:03``,
    ``Friday, October 7, 2022``, ``Posted on 12 June 2017``, ``2017-06-12``.
    """
    text = line.strip(_SEPARATORS)
    if not text or len(text) > 120:
        return None
    for pattern in _FULL_LINE:
        match = pattern.match(text)
        if match:
            return _from_match(match)
    return None


def byline_date(line: str) -> str | None:
    """Return the date written in a byline such as ``By Jane Roe | March 3, 2016``."""
    if not _BYLINE.match(line) or len(line) > 160 or line.rstrip().endswith("."):
        return None
    return _search(line)


def dateline_date(line: str) -> str | None:
    """Return a full date given in a dateline: ``BEIRUT, March 3, 2016 (Reuters) - ...``."""
    match = _DATELINE.match(line)
    if not match:
        return None
    rest = match.group("rest")
    for pattern in _PATTERNS[:2]:
        found = pattern.fullmatch(rest.strip(" ,"))
        if found:
            return _from_match(found)
    return None


def _search(text: str) -> str | None:
    for pattern in _PATTERNS:
        match = pattern.search(text)
        if match:
            iso = _from_match(match)
            if iso:
                return iso
    return None


def normalise_date(value: str) -> str | None:
    """Normalise a date string from metadata (ISO, RFC 2822, "March 3, 2016", ...).

    Returns ``None`` when the value holds no complete date.
    """
    text = value.strip()
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    return header_date(text) or _search(text)
