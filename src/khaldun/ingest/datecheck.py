"""Is the page date the article's own?  Flag page dates the text contradicts.

Scraped pages often carry the day they were crawled rather than the day the
story ran: a site's top bar shows *today's* date above every headline.  The
page date is kept either way; :func:`page_date_warning` only returns a
readable reason when the text's own dates point well before it, e.g.
``"text dates point to 2016 (latest explicit date 2016-09-30), page date
2022-10-07 may be a crawl date"``.

Not every old date is evidence.  Fresh news is full of background years
("since 2011", "since Moscow annexed Crimea in 2014"), so each dated mention
is weighed by what it says about *when the text was written*:

* an explicit day ("on September 30, 2016") dates a recent event: strong;
* an age whose start the text gives ("the six-year-old war" with "since
  March 2011" -> 2017): strong;
* a month or season with its year ("in September 2015"): medium;
* "in YEAR": weak; a bare year ("the 2015 deal"): none;
* an interval start, or a date in a clause opened by "since" earlier in the
  sentence: none (a lower bound that any later date satisfies);
* anything more than :data:`HISTORY_YEARS` before the page date: none (history).

Any dated mention within two years of the page date (or after it) shows that the
text may well be that recent, and nothing is flagged.  Otherwise the weights
of the stale mentions (each date counted once) are added up; a page date
written above the headline (where sites put today's date) adds a little, but
never flags on its own.  A warning needs a total of :data:`THRESHOLD`.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from khaldun.ingest.dates import header_date
from khaldun.ingest.paragraphs import normalise_line
from khaldun.timeplace.dates import NUMBERS, iter_date_expressions, resolve_date

__all__ = [
    "DateEvidence",
    "HISTORY_YEARS",
    "STALE_AFTER_DAYS",
    "THRESHOLD",
    "date_above_headline",
    "page_date_warning",
    "text_date_evidence",
]

#: Every dated mention must end more than this many days before the page date for a warning.
STALE_AFTER_DAYS = 730
#: Mentions older than this (years before the page date) are history, not a crawl gap: no weight.
HISTORY_YEARS = 20
#: Total weight of stale evidence needed for a warning.
THRESHOLD = 1.0
#: Weight added when the page date is the first line of the page, above the headline.
ABOVE_HEADLINE_WEIGHT = 0.5
_WEIGHTS = {"day": 1.0, "age": 1.0, "month": 0.5, "season": 0.5, "year-in": 0.25, "year": 0.0}

# "since" opening a clause earlier in the sentence: "since foreign-backed militancy broke out in ... 2011"
_SINCE_BEFORE = re.compile(r"(?i)\bsince\b(?:\s+\S+){0,12}\s*$")
_SENTENCE_END = re.compile(r"[.!?][\"”’)]*\s+(?=[\"“‘(]?[A-Z])|\n")
_AGE_NUMBER = r"\d{1,2}|" + "|".join(w for w in NUMBERS if w not in ("a", "an"))
_AGE = re.compile(
    rf"(?i)\b(?P<num>{_AGE_NUMBER})[- ]years?(?:[- ](?:old|long))?[- ]"
    r"(?:(?:civil|bloody|brutal|armed|military)\s+)?"
    r"(?P<noun>war|conflict|crisis|uprising|insurgency|revolt|rebellion|siege|blockade|occupation|standoff)\b")


@dataclass(frozen=True, slots=True)
class DateEvidence:
    """One dated mention in the text and what it says about when the text was written."""

    text: str  # the expression as found
    start: int  # character offset in the text
    kind: str  # "day" | "month" | "season" | "year-in" | "year" | "age" | "background"
    first: dt.date  # first day of the period mentioned
    last: dt.date  # last day of the period mentioned
    display: str  # the period as written in a warning: "2016-09-30", "2015-09", "2015"

    @property
    def weight(self) -> float:
        return _WEIGHTS.get(self.kind, 0.0)


def _period_end(first: dt.date, precision: str) -> dt.date:
    if precision == "day":
        return first
    if precision == "week":
        return first + dt.timedelta(days=6)
    if precision == "month":
        return (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    if precision == "season":
        return first.replace(day=1) + dt.timedelta(days=91)
    return dt.date(first.year, 12, 31)


def _display(first: dt.date, precision: str) -> str:
    if precision == "day":
        return first.isoformat()
    if precision in ("month", "season"):
        return first.strftime("%Y-%m")
    return str(first.year)


_FOUR_DIGITS = re.compile(r"\d{4}")


def _sentence_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in _SENTENCE_END.finditer(text)]


def _kind(text: str, starts: list[int], start: int, expression: str, precision: str,
          interval: str | None) -> str:
    sentence = starts[bisect.bisect_right(starts, start) - 1]
    if interval == "start" or _SINCE_BEFORE.search(text[sentence:start]):
        return "background"
    if precision == "year":
        return "year-in" if re.match(r"(?i)(?:in|during)\s", expression) else "year"
    return precision


def _ages(text: str, starts: list[DateEvidence]) -> list[DateEvidence]:
    """"the six-year-old war" dated by the one start year the text gives ("since March 2011")."""
    years = {e.first.year for e in starts}
    if len(years) != 1:
        return []
    start_year = years.pop()
    found = []
    for m in _AGE.finditer(text):
        num = m["num"].lower()
        age = int(num) if num.isdigit() else NUMBERS[num]
        year = start_year + age
        if age < 1 or year > 2100:
            continue
        # N full years after the start: the text was written in that year or the next
        found.append(DateEvidence(m[0], m.start(), "age", dt.date(year, 1, 1), dt.date(year + 1, 12, 31),
                                  f"{year}-{year + 1}"))
    return found


def text_date_evidence(text: str) -> list[DateEvidence]:
    """Every explicit dated mention in ``text`` (anchor-free ones only), in text order.

    Relative expressions ("on Tuesday", "last May") fit any page date and are left out.
    """
    out = list(_explicit_dates(text))
    out += _ages(text, [e for e in out if e.kind == "background"])
    return sorted(out, key=lambda e: e.start)


def _explicit_dates(text: str) -> Iterator[DateEvidence]:
    """The explicit dated mentions of :func:`text_date_evidence` (no ages), one at a time:
    the text is scanned only as far as they are read."""
    if _FOUR_DIGITS.search(text) is None:
        # an anchor-free date is written with its year: the rules that need no anchor all read one,
        # and dateparser's answer counts only when two bases 21 years apart agree on it
        return
    starts = _sentence_starts(text)
    for start, _end, expression in iter_date_expressions(text):
        found = resolve_date(expression, None)
        if found is None or found.precision == "week":
            continue
        first = dt.date.fromisoformat(found.date)
        kind = _kind(text, starts, start, expression, found.precision, found.interval)
        yield DateEvidence(expression, start, kind, first, _period_end(first, found.precision),
                           _display(first, found.precision))


def _evidence_unless_recent(text: str, limit: dt.date) -> list[DateEvidence] | None:
    """:func:`text_date_evidence`, or None as soon as a mention ends on or after ``limit``
    (the rest of the text is then not read)."""
    out: list[DateEvidence] = []
    for evidence in _explicit_dates(text):
        if evidence.last >= limit:
            return None
        out.append(evidence)
    ages = _ages(text, [e for e in out if e.kind == "background"])
    if any(e.last >= limit for e in ages):
        return None
    return sorted(out + ages, key=lambda e: e.start)


def date_above_headline(raw_text: str) -> bool:
    """Whether the page's first non-empty line is a date line (where sites print today's date)."""
    for line in raw_text.lstrip("\ufeff").split("\n", 20)[:20]:
        line = normalise_line(line)
        if line:
            return header_date(line) is not None
    return False


def page_date_warning(text: str, published: str | None, *, above_headline: bool = False) -> str | None:
    """A readable reason to doubt ``published`` (ISO date), or ``None`` when the text agrees.

    ``above_headline`` says the page date was printed above the headline, a weak sign of a
    crawl date that only adds to evidence from the text.
    """
    if not published:
        return None
    try:
        page = dt.date.fromisoformat(published)
    except ValueError:
        return None
    stale = dt.timedelta(days=STALE_AFTER_DAYS)
    limit = page - stale if page - dt.date.min >= stale else dt.date.min
    # None: the text mentions a date near the page date's own (found without reading further)
    evidence = _evidence_unless_recent(text, limit)
    if not evidence:
        return None
    weights: dict[str, float] = {}
    for e in evidence:  # each date counted once, at its strongest
        if e.last.year >= page.year - HISTORY_YEARS:
            weights[e.display] = max(weights.get(e.display, 0.0), e.weight)
    score = sum(weights.values())
    if score <= 0:
        return None
    if above_headline:
        score += ABOVE_HEADLINE_WEIGHT
    if score < THRESHOLD:
        return None
    latest = max(evidence, key=lambda e: (e.last, e.weight))
    year = latest.first.year if latest.kind == "age" else latest.last.year
    reason = (f"text dates point to {year} "
              f"(latest explicit date {latest.display}: {latest.text!r}), "
              f"page date {published} may be a crawl date")
    if above_headline:
        reason += " (it stands above the headline)"
    return reason
