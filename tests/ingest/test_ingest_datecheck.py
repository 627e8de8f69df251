"""Page dates the text contradicts (crawl dates) are kept, with a readable warning.

Every article here is written by us; the seed check reads ../shared in place.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from khaldun.ingest import iter_documents
from khaldun.ingest.datecheck import date_above_headline, page_date_warning, text_date_evidence
from khaldun.ingest.documents import build_document
from khaldun.records import Document

EXAMPLES = Path(__file__).resolve().parents[2] / "src" / "khaldun" / "examples"

STALE_STORY = (
    "Rebels shelled the western districts of Aleppo on September 30, 2016, killing at least a dozen "
    "civilians, a monitoring group said.\n\n"
    "The government offensive, backed by Russian air power since September 2015, has cut the last "
    "road into the eastern neighbourhoods."
)
FRESH_BACKGROUND = (
    "Government forces shelled villages in the south of Idlib on Tuesday, residents said.\n\n"
    "The war began in March 2011 with protests against President Bashar al-Assad. Russia has "
    "backed Damascus since it intervened in 2015, and Turkey has kept troops in the north since 2016."
)


def kinds(text: str) -> list[tuple[str, str]]:
    return [(e.text, e.kind) for e in text_date_evidence(text)]


# --- what the text says about its own date ----------------------------------------------------------------
def test_each_mention_is_weighed_by_what_it_says_about_the_present() -> None:
    assert kinds(STALE_STORY) == [("on September 30, 2016", "day"), ("since September 2015", "background")]
    assert kinds(FRESH_BACKGROUND) == [
        ("in March 2011", "month"), ("in 2015", "background"), ("since 2016", "background")]


def test_relative_dates_are_no_evidence() -> None:
    assert kinds("Talks resumed on Tuesday after a pause last May and again earlier this month.") == []


def test_a_since_clause_makes_its_date_background() -> None:
    text = "It is the worst attack since foreign-backed militancy broke out in the country in March 2011."
    assert kinds(text) == [("in March 2011", "background")]
    # a full stop ends the clause: the next sentence's year is evidence again
    assert kinds("Fighting has raged since the uprising. In 2012, the militia was formed.") == [
        ("In 2012", "year-in")]


def test_bare_adjectival_year_weighs_nothing() -> None:
    evidence = text_date_evidence("Iran and the powers met to rescue the deal. The talks began in 2013.")
    assert [(e.text, e.kind, e.weight) for e in evidence] == [("in 2013", "year-in", 0.25)]


def test_an_age_dated_by_the_start_the_text_gives() -> None:
    text = ("The six-year-old war has killed hundreds of thousands of people since it began in "
            "March 2011.")
    ages = [e for e in text_date_evidence(text) if e.kind == "age"]
    assert [(e.text, e.first.year, e.last.year) for e in ages] == [("six-year-old war", 2017, 2018)]


def test_an_age_without_a_single_start_is_ignored() -> None:
    text = "The five-year conflict has drawn in Russia since 2015 and Turkey since 2016."
    assert [e for e in text_date_evidence(text) if e.kind == "age"] == []


# --- the warning ----------------------------------------------------------------------------------------------
def test_stale_day_date_flags_a_much_later_page_date() -> None:
    warning = page_date_warning(STALE_STORY, "2022-10-07")
    assert warning == ("text dates point to 2016 (latest explicit date 2016-09-30: 'on September 30, 2016'), "
                       "page date 2022-10-07 may be a crawl date")


def test_day_date_within_two_years_may_be_fresh() -> None:
    assert page_date_warning(STALE_STORY, "2016-10-02") is None
    assert page_date_warning(STALE_STORY, "2018-09-15") is None  # an anniversary piece could say that
    assert page_date_warning(STALE_STORY, "2018-10-15") is not None


def test_a_chronology_ending_a_year_before_the_page_date_is_not_flagged() -> None:
    text = ("The pianist won his first national prize in April 2014. In April 2015 he toured Germany, "
            "and in 2016 he took the special prize at a competition in Warsaw.")
    assert page_date_warning(text, "2018-04-06") is None
    assert page_date_warning(text, "2019-04-06") is not None  # four dated steps, all over two years old


def test_background_years_never_flag_fresh_news() -> None:
    assert page_date_warning(FRESH_BACKGROUND, "2022-03-01") is None
    # a month of background alone is not enough, even above the headline ...
    assert page_date_warning("The war began in March 2011.", "2022-03-01") is None
    # ... and "since" dates are no evidence at all
    assert page_date_warning(FRESH_BACKGROUND.replace("began in", "began, since"), "2022-03-01",
                             above_headline=True) is None


def test_one_recent_mention_clears_old_ones() -> None:
    text = STALE_STORY + " The ceasefire of February 2022 collapsed within days."
    assert page_date_warning(text, "2022-10-07") is None


def test_above_headline_adds_to_medium_evidence_but_never_flags_alone() -> None:
    text = "Russia began its air campaign in Syria in September 2015, at the request of Damascus."
    assert page_date_warning(text, "2022-10-07") is None
    warning = page_date_warning(text, "2022-10-07", above_headline=True)
    assert warning is not None and "2015-09" in warning and "above the headline" in warning
    assert page_date_warning("Troops clashed on Tuesday.", "2022-10-07", above_headline=True) is None


def test_age_contradicting_the_page_date_flags_it() -> None:
    text = ("The six-year-old war has killed hundreds of thousands of people since it began in "
            "March 2011.")
    warning = page_date_warning(text, "2022-10-07")
    assert warning is not None and warning.startswith("text dates point to 2017")
    assert page_date_warning(text, "2017-06-01") is None


@pytest.mark.parametrize("published", [None, "", "not a date"])
def test_no_usable_page_date_no_warning(published: str | None) -> None:
    assert page_date_warning(STALE_STORY, published) is None


# --- at ingest --------------------------------------------------------------------------------------------------
def test_date_line_above_the_headline() -> None:
    assert date_above_headline("\n\ufeffFriday, October 7, 2022\n\nTroops advance on Idlib\n\nText.")
    assert not date_above_headline("Troops advance on Idlib\n\nFriday, October 7, 2022\n\nText.")


def test_build_document_flags_a_crawl_date_above_the_headline() -> None:
    raw = ("Monday, March 6, 2023\n\n"
           "Syrian and Russian jets strike rebel positions in Idlib\n\n"
           "Syrian and Russian warplanes struck rebel positions in Idlib province on Tuesday, a monitor said.\n\n"
           "Russia began its air campaign in Syria in September 2015 at the request of Damascus.\n")
    doc = build_document(raw, path="crawl.txt", source_format="txt")
    assert isinstance(doc, Document)
    assert (doc.published, doc.published_source) == ("2023-03-06", "text-header")
    assert doc.published_warning is not None and "2023-03-06 may be a crawl date" in doc.published_warning
    # the same page with its date under the headline: the text alone is not enough
    below = raw.replace("Monday, March 6, 2023\n\n", "").replace("Idlib\n\n", "Idlib\n\nMonday, March 6, 2023\n\n", 1)
    doc = build_document(below, path="article.txt", source_format="txt")
    assert isinstance(doc, Document) and doc.published == "2023-03-06" and doc.published_warning is None


def test_sample_corpus_has_no_warnings() -> None:
    docs = [d for d in iter_documents([EXAMPLES]) if isinstance(d, Document)]
    assert len(docs) >= 15 and all(d.published_warning is None for d in docs)


def test_only_seed_002_is_flagged(shared: Path) -> None:
    docs = {Path(d.path).name[:3]: d for d in iter_documents([shared / "corpus" / "seeds"])
            if isinstance(d, Document)}
    assert len(docs) == 5
    flagged = {key: d.published_warning for key, d in docs.items() if d.published_warning}
    assert list(flagged) == ["002"]
    assert "page date 2022-10-07 may be a crawl date" in flagged["002"]
    assert dt.date.fromisoformat(docs["002"].published) == dt.date(2022, 10, 7)  # kept


# --- event dates counted from a doubtful page date ----------------------------------------------------------------
def test_event_dates_from_a_doubtful_page_date_say_so(resources) -> None:
    from khaldun.ingest import doc_id_for
    from khaldun.pipeline import code_document

    text = ("Syrian and Russian warplanes bombed rebel positions in Idlib on Tuesday.\n\n"
            "Rebels shelled government positions near Aleppo on September 30, 2016.")
    warning = page_date_warning(text, "2022-10-07")
    assert warning is not None
    doc = Document(doc_id=doc_id_for(text), path="t.txt", text=text, published="2022-10-07",
                   published_warning=warning)
    events = code_document(doc, resources).events
    by_date = {e.date: e.date_source for e in events}
    assert "2022-10-04" in by_date and "page date doubtful" in by_date["2022-10-04"]  # Tuesday, counted
    assert "2016-09-30" in by_date and "doubtful" not in by_date["2016-09-30"]  # written in full
    doc.published_warning = None
    assert not any("doubtful" in (e.date_source or "") for e in code_document(doc, resources).events)


def test_history_is_no_crawl_gap() -> None:
    text = "The archduke was shot in Sarajevo in June 1914, and the old bridge reopened on 12 May 1970."
    assert page_date_warning(text, "2018-04-05", above_headline=True) is None
    assert page_date_warning(text, "1975-04-05", above_headline=True) is not None


def test_a_date_repeated_counts_once() -> None:
    once = "Russia began its air campaign in September 2015."
    assert page_date_warning(once + " It has flown sorties since September 2015, and in September 2015 "
                             "it struck Homs.", "2022-10-07") is None
    assert page_date_warning(once + " Turkey shot down a Russian jet in November 2015.", "2022-10-07") is not None
