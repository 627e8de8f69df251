"""Merging across documents end to end: run the pipeline on articles that tell one happening."""

from __future__ import annotations

import pytest

from khaldun.pipeline import run
from khaldun.store import Store

CALL = ("Russian President Vladimir Putin congratulated Syrian President Bashar al-Assad on the recapture "
        "of Palmyra in a telephone call on Sunday, the Kremlin said.")

LEVANT = f"""Syrian Troops Retake Palmyra
March 28, 2016

Syrian government troops recaptured the ancient city of Palmyra from Islamic State militants on Sunday, the army said.

{CALL}
"""

GULF = f"""Palmyra Back in Government Hands After Three-Week Offensive
March 28, 2016

Syria's army retook Palmyra from Islamic State fighters on Sunday after a three-week offensive.

{CALL}

The ancient site had been held by the militants since May.
"""

NILE = """Egypt and Sudan Hold Talks
March 30, 2016

Egyptian Foreign Minister Sameh Shoukry met his Sudanese counterpart Ibrahim Ghandour in Khartoum on Tuesday.
"""


@pytest.fixture()
def corpus(tmp_path):
    d = tmp_path / "news"
    d.mkdir()
    (d / "levant.txt").write_text(LEVANT, encoding="utf-8")
    (d / "levant-mirror.txt").write_text(LEVANT, encoding="utf-8")  # the same page saved twice
    (d / "gulf.txt").write_text(GULF, encoding="utf-8")
    (d / "nile.txt").write_text(NILE, encoding="utf-8")
    return d


def _support(events):
    return [e for e in events if e["event_type"] == "SUPPORT"
            and [a["name"] for a in e["actor"]] == ["Vladimir Putin"]]


def test_one_happening_many_reports(corpus, tmp_path, resources) -> None:
    with Store(tmp_path / "k.duckdb") as store:
        run([corpus], store, resources)
        events = list(store.iter_events())
        links = list(store.iter_links())
        stories = list(store.iter_stories())
    [call] = _support(events)
    assert [r["name"] for r in call["recipient"]] == ["Bashar al-Assad"]
    assert call["date"] == "2016-03-27"
    # told in two articles (one saved twice), both sentences kept as evidence
    assert call["reports"] == 2 and len(call["evidence"]) == 2
    assert len({e["doc_id"] for e in call["evidence"]}) == 2
    assert call["documents"] == 3
    # ... but the Gulf article copied the Levant paragraph: one independent source
    assert call["independent_sources"] == 1
    assert [(k["kind"], k["score"]) for k in links] == [("passage", 1.0)]
    [talks] = [e for e in events if e["event_type"] == "CONSULT" and "Sameh Shoukry" in
               [a["name"] for a in e["actor"]]]
    assert (talks["reports"], talks["documents"], talks["independent_sources"]) == (1, 1, 1)
    # the two Palmyra articles are one story, the Nile talks another
    titles = sorted(sorted(d["title"] for d in s["docs"]) for s in stories)
    assert titles == [["Egypt and Sudan Hold Talks"],
                      ["Palmyra Back in Government Hands After Three-Week Offensive",
                       "Syrian Troops Retake Palmyra"]]


def test_rerun_and_member_ids(corpus, tmp_path, resources) -> None:
    with Store(tmp_path / "k.duckdb") as store:
        run([corpus], store, resources)
        before = (list(store.iter_events()), list(store.iter_links()), list(store.iter_stories()),
                  store.counts())
        run([corpus], store, resources)
        after = (list(store.iter_events()), list(store.iter_links()), list(store.iter_stories()),
                 store.counts())
        assert before == after
        [call] = _support(after[0])
        detail = store.get_event(call["event_id"])
        assert len(detail["merged"]["event_ids"]) == 2
        other = next(i for i in detail["merged"]["event_ids"] if i != call["event_id"])
        assert store.get_event(other)["event_id"] == call["event_id"]  # any member id opens the merge


def test_adding_a_document_later_merges_it(corpus, tmp_path, resources) -> None:
    (corpus / "gulf.txt").rename(tmp_path / "gulf.txt")
    with Store(tmp_path / "k.duckdb") as store:
        run([corpus], store, resources)
        [call] = _support(store.iter_events())
        assert (call["reports"], call["independent_sources"]) == (1, 1)
        run([tmp_path / "gulf.txt"], store, resources)
        [call] = _support(store.iter_events())
        assert (call["reports"], call["documents"], call["independent_sources"]) == (2, 3, 1)
