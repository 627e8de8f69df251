"""Reading events back: record shape, order, details, and CAMEO-style dyads."""

from __future__ import annotations

from typing import Any

import pytest

from khaldun.records import ActorRef, DocResult, Event, Provenance
from khaldun.store import Store
from khaldun.store._dyadic import DYADIC_COLUMNS, dyadic_rows

EVENT_KEYS = [
    "event_id",
    "event_type",
    "mode",
    "contexts",
    "cameo",
    "quad",
    "date",
    "date_precision",
    "actor",
    "recipient",
    "location",
    "negated",
    "future",
    "hypothetical",
    "historical",
    "confidence",
    "reports",
    "documents",
    "independent_sources",
    "evidence",
]


@pytest.fixture
def full(store: Store, doc_a: DocResult, doc_b: DocResult) -> Store:
    store.write(doc_a)
    store.write(doc_b)
    return store


def test_event_record_shape(full: Store, doc_b: DocResult) -> None:
    events = {e["event_id"]: e for e in full.iter_events()}
    assert all(list(e) == EVENT_KEYS for e in events.values())
    strike = events["ev-idlib-strike"]
    assert strike["actor"] == [
        {"text": "Russian jets", "name": "Russia", "country": "RUS", "sectors": ["MIL"]}
    ]
    assert strike["recipient"] == [
        {"text": "rebel positions", "name": "rebels", "country": "SYR", "sectors": ["REB"]}
    ]
    assert strike["location"] == {
        "name": "Idlib",
        "country": "SYR",
        "lat": 35.93,
        "lon": 36.63,
        "precision": "region",
        "geonameid": 169387,
    }
    assert list(strike["location"]) == ["name", "country", "lat", "lon", "precision", "geonameid"]
    sentence = doc_b.sentences[1]
    assert strike["evidence"] == [
        {
            "doc_id": doc_b.document.doc_id,
            "doc_path": "wire/2018-09-05-idlib.txt",
            "outlet": "Levant Monitor",
            "sentence": sentence.text,
            "start": sentence.start,
            "end": sentence.end,
        }
    ]
    assert (strike["quad"], strike["cameo"], strike["mode"]) == (4, "195", "aerial")
    assert strike["negated"] is False and strike["confidence"] == 0.9
    advisers = events["ev-iransyria-advisers"]
    assert advisers["contexts"] == ["military"]
    assert advisers["future"] is True
    assert advisers["location"] is None
    assert events["ev-iransyria-call"]["recipient"] == []


def test_events_ordered_by_date_then_id_with_undated_last(full: Store) -> None:
    order = [(e["date"], e["event_id"]) for e in full.iter_events()]
    assert order == [
        ("2016-03-28", "ev-iransyria-call"),
        ("2016-03-29", "ev-iransyria-advisers"),
        ("2018-09", "ev-idlib-appeal"),
        ("2018-09-04", "ev-idlib-strike"),
        (None, "ev-iransyria-praise"),
    ]


def test_same_date_sorted_by_event_id(store: Store, draft: Any) -> None:
    d = draft("wire/same-day.txt", ["Protesters marched in Tehran on Friday and again in Qom."])
    ref = d.party(0, "Protesters", "protesters", "IRN", ["CVL"])
    prov = Provenance("verb-frame", "marched", "march", "verbs.yaml:march")
    for event_id in ("ev-z", "ev-a", "ev-m", "ev-undated"):
        date = None if event_id == "ev-undated" else "2019-11-15"
        evidence = [d.evidence(0, "marched")]
        d.events.append(Event(event_id, "PROTEST", "141", 3, [ref], [], evidence, prov, date=date))
    store.write(d.result())
    assert [e["event_id"] for e in store.iter_events()] == ["ev-a", "ev-m", "ev-z", "ev-undated"]


def test_get_event_adds_details(full: Store, doc_a: DocResult) -> None:
    event = full.get_event("ev-iransyria-call")
    assert event is not None
    assert list(event) == [*EVENT_KEYS[:8], "date_source", *EVENT_KEYS[8:], "provenance", "merged"]
    assert event["date_source"] == "clause: on Monday"
    assert event["provenance"] == {
        "rule": "verb-frame",
        "trigger": "telephoned",
        "lemma": "telephone",
        "lexicon": "verbs.yaml:telephone",
        "notes": ["trigger 'telephoned'"],
    }
    text = doc_a.document.text
    dehqan = event["actor"][0]
    assert dehqan["actor_id"] == "person:hossein-dehqan"
    assert text[dehqan["start"] : dehqan["end"]] == "Hossein Dehqan"
    [evidence] = event["evidence"]
    assert text[evidence["trigger_start"] : evidence["trigger_end"]] == "telephoned"
    assert text[evidence["start"] : evidence["end"]] == evidence["sentence"]


def test_get_event_unknown_is_none(full: Store) -> None:
    assert full.get_event("no-such-event") is None
    assert full.get_event("' OR '1'='1") is None


def test_dyadic_two_actors_one_recipient(full: Store) -> None:
    rows = [r for r in full.iter_events(dyadic=True) if r["event_id"] == "ev-iransyria-praise"]
    assert [(r["source_name"], r["target_name"]) for r in rows] == [
        ("Russia", "Syrian Arab Army"),
        ("Iran", "Syrian Arab Army"),
    ]
    assert all(list(r) == list(DYADIC_COLUMNS) for r in rows)
    assert rows[1]["source_country"] == "IRN" and rows[1]["target_sectors"] == "MIL"
    assert rows[0]["sentence"].startswith("Russia and Iran both praised")


def test_dyadic_reciprocal_event_gives_both_directions(full: Store) -> None:
    rows = [r for r in full.iter_events(dyadic=True) if r["event_id"] == "ev-iransyria-call"]
    assert [(r["source_name"], r["target_name"]) for r in rows] == [
        ("Hossein Dehqan", "Fahd al-Freij"),
        ("Fahd al-Freij", "Hossein Dehqan"),
    ]
    assert rows[0]["source_sectors"] == "GOV;MIL"
    assert {r["mode"] for r in rows} == {"phone"}


def test_dyadic_rows_cover_every_event(full: Store) -> None:
    rows = list(full.iter_events(dyadic=True))
    per_event: dict[str, int] = {}
    for row in rows:
        per_event[row["event_id"]] = per_event.get(row["event_id"], 0) + 1
    assert per_event == {
        "ev-iransyria-call": 2,
        "ev-iransyria-advisers": 1,
        "ev-idlib-appeal": 1,
        "ev-idlib-strike": 1,
        "ev-iransyria-praise": 2,
    }
    appeal = next(r for r in rows if r["event_id"] == "ev-idlib-appeal")
    assert (appeal["target_name"], appeal["target_country"]) == ("allied forces", None)


def _record(actors: list[ActorRef], recipients: list[ActorRef]) -> dict[str, object]:
    def party(ref: ActorRef) -> dict[str, object]:
        return {
            "text": ref.text,
            "name": ref.name,
            "country": ref.country,
            "sectors": ref.sectors,
            "actor_id": ref.actor_id,
        }

    return {
        "event_id": "ev-x",
        "event_type": "PROTEST",
        "mode": None,
        "cameo": "140",
        "quad": 3,
        "date": None,
        "date_precision": None,
        "actor": [party(a) for a in actors],
        "recipient": [party(r) for r in recipients],
        "negated": False,
        "future": False,
        "confidence": 0.5,
        "evidence": [],
    }


def test_dyadic_single_actor_without_recipient_has_empty_target() -> None:
    students = ActorRef("Students", "students", "IRN", ["EDU", "CVL"])
    [row] = dyadic_rows(_record([students], []))
    assert (row["source_name"], row["source_sectors"]) == ("students", "EDU;CVL")
    assert (row["target_name"], row["target_country"], row["target_sectors"]) == (None, None, None)
    assert row["doc_id"] is None and row["sentence"] is None


def test_dyadic_same_entity_twice_is_not_a_dyad() -> None:
    first = ActorRef("Moscow", "Russia", "RUS", ["GOV"], "state:RUS")
    again = ActorRef("the Kremlin", "Russia", "RUS", ["GOV"], "state:RUS")
    turkey = ActorRef("Ankara", "Turkey", "TUR", ["GOV"], "state:TUR")
    assert len(dyadic_rows(_record([first, again], []))) == 1
    rows = dyadic_rows(_record([first, again, turkey], []))
    assert [(r["source_name"], r["target_name"]) for r in rows] == [
        ("Russia", "Turkey"),
        ("Turkey", "Russia"),
    ]


def test_dyadic_three_reciprocal_actors_give_six_ordered_pairs() -> None:
    parties = [
        ActorRef(n, n, c, ["GOV"])
        for n, c in (("Russia", "RUS"), ("Iran", "IRN"), ("Turkey", "TUR"))
    ]
    rows = dyadic_rows(_record(parties, []))
    pairs = {(r["source_name"], r["target_name"]) for r in rows}
    assert len(rows) == len(pairs) == 6
    assert all(source != target for source, target in pairs)
