"""page_date_warning reads a text only as far as it must: same answers, less work."""

from __future__ import annotations

import pytest

import khaldun.ingest.datecheck as datecheck
from khaldun.ingest.datecheck import page_date_warning, text_date_evidence

OLD = ("Rebels shelled the western districts of Aleppo on September 30, 2016, killing at least a dozen "
       "civilians, a monitoring group said. Talks in Geneva broke down in February 2016.")
RECENT = "Government forces shelled villages in Idlib on March 3, 2021, residents said."
NO_YEAR = ("Government forces shelled villages in the south of Idlib on Tuesday, residents said. "
           "Last week 14 people were killed; on the 5th of this month talks failed in March.")


@pytest.fixture
def resolved(monkeypatch) -> list[str]:
    """The expressions page_date_warning resolves."""
    seen: list[str] = []
    original = datecheck.resolve_date

    def spy(expression, anchor, **options):
        seen.append(expression)
        return original(expression, anchor, **options)

    monkeypatch.setattr(datecheck, "resolve_date", spy)
    return seen


def test_a_recent_date_stops_the_scan(resolved):
    text = "\n\n".join([RECENT, OLD, OLD])
    assert page_date_warning(text, "2022-10-07") is None
    assert resolved == ["on March 3, 2021"]


def test_without_a_recent_date_every_date_is_read(resolved):
    text = "\n\n".join([OLD, OLD])
    warning = page_date_warning(text, "2022-10-07")
    assert warning is not None and "2016" in warning
    assert len(resolved) == len([e for e in text_date_evidence(text)]) == 4


def test_the_same_answer_wherever_the_recent_date_stands():
    for page in ("2017-01-01", "2022-10-07", "2030-01-01"):
        first = page_date_warning("\n\n".join([RECENT, OLD]), page)
        last = page_date_warning("\n\n".join([OLD, RECENT]), page)
        assert first == last
    assert page_date_warning(OLD, "2022-10-07") is not None
    assert page_date_warning("\n\n".join([OLD, RECENT]), "2022-10-07") is None


def test_a_text_without_a_written_year_is_not_scanned(resolved):
    assert text_date_evidence(NO_YEAR) == []
    assert page_date_warning(NO_YEAR, "2022-10-07") is None
    assert resolved == []


def test_an_age_counts_as_recent_evidence_too():
    text = ("Fighting has gone on since March 2011. The six-year-old war has killed hundreds of "
            "thousands of people, a monitoring group said.")
    ages = [e for e in text_date_evidence(text) if e.kind == "age"]
    assert [(e.first.year, e.last.year) for e in ages] == [(2017, 2018)]
    assert page_date_warning(text, "2020-06-01") is None  # the age's period ends within two years
    assert page_date_warning(text, "2024-06-01") is not None


def test_the_earliest_page_date_gives_no_error():
    assert page_date_warning(OLD, "0001-01-01") is None
