"""The event merge rule on events as the coder reports them (pure function, no parsing)."""

from __future__ import annotations

import random

from khaldun.merge import EventInfo, Place, date_span, dates_compatible, merge_events, party_key, side_keys

SYRIA = frozenset({"state:SYR"})
REBELS = frozenset({"group:SYR:REB"})
PALMYRA = Place("Tadmur", "SYR", "city", 34.56, 38.28)
HOMS = Place("Homs", "SYR", "city", 34.73, 36.71)
SHAMKHANI = frozenset({"actor:shamkhani"})


def ev(event_id: str, doc: str, date: str | None, precision: str | None = "day", *,
       actors=SYRIA, recipients=REBELS, place=None, event_type="ASSAULT", mode=None,
       negated=False, future=False) -> EventInfo:
    return EventInfo(event_id=event_id, doc_id=doc, event_type=event_type, actors=actors,
                     recipients=recipients, date=date, date_precision=precision, place=place,
                     mode=mode, negated=negated, future=future)


def groups(events, related=None) -> list[list[str]]:
    return [m.event_ids for m in merge_events(events, related)]


def test_same_happening_told_by_three_outlets_is_one_event() -> None:
    events = [ev("e1", "reuters", "2016-03-27", place=PALMYRA),
              ev("e2", "tass", "2016-03-27"),
              ev("e3", "irna", "2016-03-29", "publication", place=PALMYRA)]
    merged = merge_events(events)
    assert [m.event_ids for m in merged] == [["e1", "e2", "e3"]]
    assert merged[0].doc_ids == ["irna", "reuters", "tass"]
    assert merged[0].representative.event_id == "e1"  # a day date and a city beat a publication date
    assert "across documents" in merged[0].rule


def test_never_merges_two_different_days() -> None:
    assert groups([ev("e1", "a", "2016-03-27"), ev("e2", "b", "2016-03-28")]) == [["e1"], ["e2"]]


def test_a_month_date_between_two_days_is_ambiguous_and_stays_alone() -> None:
    events = [ev("e1", "a", "2016-03-27"), ev("e2", "b", "2016-03-05"), ev("e3", "c", "2016-03-01", "month")]
    assert groups(events) == [["e1"], ["e2"], ["e3"]]


def test_a_month_date_joins_the_only_day_of_that_month() -> None:
    events = [ev("e1", "a", "2016-03-27"), ev("e2", "c", "2016-03-01", "month"), ev("e3", "d", "2016-04-02")]
    assert groups(events) == [["e1", "e2"], ["e3"]]


def test_different_actors_or_types_never_merge() -> None:
    events = [ev("e1", "a", "2016-03-27"),
              ev("e2", "b", "2016-03-27", actors=frozenset({"state:RUS"})),
              ev("e3", "c", "2016-03-27", event_type="SEIZE")]
    assert groups(events) == [["e1"], ["e2"], ["e3"]]


def test_different_recipients_never_merge_but_a_missing_one_is_compatible() -> None:
    events = [ev("e1", "a", "2016-03-27"),
              ev("e2", "b", "2016-03-27", recipients=frozenset({"state:TUR"})),
              ev("e3", "c", "2016-03-27", recipients=frozenset())]
    # e3 fits both e1 and e2: ambiguous, so it stays on its own
    assert groups(events) == [["e1"], ["e2"], ["e3"]]
    assert groups([ev("e1", "a", "2016-03-27"), ev("e3", "c", "2016-03-27", recipients=frozenset())]) == [
        ["e1", "e3"]]


def test_negated_or_future_events_stay_apart_from_real_ones() -> None:
    events = [ev("e1", "a", "2016-03-27"), ev("e2", "b", "2016-03-27", negated=True),
              ev("e3", "c", "2016-03-27", future=True)]
    assert groups(events) == [["e1"], ["e2"], ["e3"]]


def test_places_must_agree() -> None:
    far = [ev("e1", "a", "2016-03-27", place=PALMYRA), ev("e2", "b", "2016-03-27", place=HOMS)]
    assert groups(far) == [["e1"], ["e2"]]  # about 160 km apart
    other_country = Place("Mosul", "IRQ", "city", 36.34, 43.13)
    assert groups([ev("e1", "a", "2016-03-27", place=Place("Syria", "SYR", "country")),
                   ev("e2", "b", "2016-03-27", place=other_country)]) == [["e1"], ["e2"]]
    assert groups([ev("e1", "a", "2016-03-27", place=Place("Syria", "SYR", "country")),
                   ev("e2", "b", "2016-03-27", place=PALMYRA)]) == [["e1", "e2"]]


def test_modes_must_agree_when_both_are_known() -> None:
    events = [ev("e1", "a", "2016-03-27", mode="aerial"), ev("e2", "b", "2016-03-27", mode="firearms"),
              ev("e3", "c", "2016-03-27", mode="aerial")]
    assert groups(events) == [["e1", "e3"], ["e2"]]


def test_undated_events_merge_only_when_the_link_is_safe() -> None:
    dated, undated = ev("e1", "a", "2016-03-27"), ev("e2", "b", None, None)
    assert groups([dated, undated]) == [["e1"], ["e2"]]  # generic parties, unrelated documents
    assert groups([dated, undated], related=lambda x, y: {x, y} == {"a", "b"}) == [["e1", "e2"]]
    call = dict(event_type="CONSULT", actors=frozenset({"actor:rouhani", "actor:putin"}), recipients=frozenset())
    assert groups([ev("c1", "a", None, None, **call), ev("c2", "b", None, None, **call)]) == [["c1", "c2"]]
    same_doc = [ev("e3", "a", None, None), ev("e4", "a", None, None)]
    assert groups(same_doc) == [["e3", "e4"]]


def test_result_does_not_depend_on_input_order() -> None:
    events = [ev(f"e{i}", f"d{i % 4}", f"2016-03-{20 + i % 5:02d}", "day" if i % 3 else "publication",
                 recipients=REBELS if i % 2 else frozenset(), actors=SYRIA if i % 7 else SHAMKHANI)
              for i in range(30)]
    expected = groups(events)
    for seed in range(5):
        shuffled = events[:]
        random.Random(seed).shuffle(shuffled)
        assert groups(shuffled) == expected
    assert sorted(e for g in expected for e in g) == sorted(e.event_id for e in events)


def test_date_spans_by_precision() -> None:
    assert [d.isoformat() for d in date_span("2016-03-01", "month")] == ["2016-03-01", "2016-03-31"]
    assert [d.isoformat() for d in date_span("2016-03-29", "publication")] == ["2016-03-26", "2016-03-29"]
    assert [d.isoformat() for d in date_span("2015-12-01", "season")] == ["2015-12-01", "2016-02-29"]
    assert date_span(None, None) is None
    assert dates_compatible(("2016-03-27", "day"), ("2016-03-29", "publication"))
    assert not dates_compatible(("2016-03-25", "day"), ("2016-03-29", "publication"))
    assert dates_compatible(("2016-07-14", "day"), ("2016-06-01", "season"))


def test_a_state_and_its_organs_are_one_party() -> None:
    assert party_key("a1", "state", "Syria", "SYR", []) == party_key("a2", "group", "Syrian military", "SYR", ["MIL"])
    assert party_key("a3", "group", "Syrian rebels", "SYR", ["REB"]) == "group:SYR:REB"
    assert party_key("a4", "person", "Bashar al-Assad", "SYR", ["GOV"]) == "actor:a4"


def test_a_state_beside_its_own_named_leader_adds_nothing() -> None:
    one = side_keys([("actor:putin", "RUS"), ("state:TUR", "TUR"), ("actor:erdogan", "TUR")])
    other = side_keys([("actor:erdogan", "TUR"), ("actor:putin", "RUS")])
    assert one == other == {"actor:putin", "actor:erdogan"}
    # a state with no named person of its own stays a party
    assert side_keys([("actor:putin", "RUS"), ("state:TUR", "TUR")]) == {"actor:putin", "state:TUR"}


def test_a_month_date_fitting_three_days_stays_alone_and_the_next_day_report_still_joins() -> None:
    # e4 fits the clusters of e1, e2 and e3 (ambiguous: alone); e5, a later report of
    # the 5th, fits only e2's cluster, which e4 did not join
    events = [ev("e1", "a", "2016-03-27"), ev("e2", "b", "2016-03-05"), ev("e3", "c", "2016-03-12"),
              ev("e4", "d", "2016-03-01", "month"), ev("e5", "e", "2016-03-05", place=PALMYRA)]
    assert groups(events) == [["e1"], ["e2", "e5"], ["e3"], ["e4"]]


def _scan_every_cluster(events, related=None) -> list[list[str]]:
    """The merge rule as its docstring states it, with no index: each event, most exact first,
    is checked against every cluster so far and joins the only one that takes it."""
    from khaldun.merge.events import _exactness, block_key, compatible

    blocks: dict[tuple, list] = {}
    for event in events:
        blocks.setdefault(block_key(event), []).append(event)
    out = []
    for members in blocks.values():
        clusters: list[list] = []
        for event in sorted(members, key=_exactness):
            fits = [c for c in clusters if all(compatible(event, o, related) for o in c)]
            if len(fits) == 1:
                fits[0].append(event)
            else:
                clusters.append([event])
        out.extend(sorted(e.event_id for e in c) for c in clusters)
    return sorted(out)


def _random_block(rng: random.Random, n: int, days: int) -> list[EventInfo]:
    """One block's worth of reports: most dated to the day, some by publication, month, week,
    season or year, a few undated, with a date that does not parse or a precision and no
    date (so a cluster can start undated and take a dated report later); places, modes and
    recipients that sometimes disagree, and parties that sometimes name a person."""
    precisions = ["day", "publication", "month", "week", "season", "year", None, "day"]
    weights = [60, 15, 6, 3, 2, 2, 6, 1]
    events = []
    for i in range(n):
        precision = rng.choices(precisions, weights)[0]
        day = 1 + rng.randrange(days)
        date = None if precision is None else f"2016-{1 + (day - 1) // 28:02d}-{1 + (day - 1) % 28:02d}"
        if i % 97 == 5:  # a date string the coder kept but no calendar reads
            date = "2016-02-30"
        if i % 13 == 4:  # a precision kept without its date: sorted among the dated events
            date, precision = None, "day"
        events.append(ev(
            f"e{i:04d}", f"d{rng.randrange(max(1, n // 4))}", date, precision,
            actors=SHAMKHANI if rng.random() < 0.1 else SYRIA,
            recipients=rng.choice([REBELS, REBELS, frozenset()]),
            place=rng.choice([None, None, PALMYRA, HOMS]),
            mode=rng.choice([None, None, "airstrike", "shelling"])))
    return events


def test_the_day_index_finds_the_clusters_a_scan_of_every_cluster_finds() -> None:
    """The clusters a dated event may join are looked up by day: the result must be the rule's,
    on blocks spread over few and many days, with and without reuse links between documents."""
    for seed in range(40):
        rng = random.Random(seed)
        events = _random_block(rng, rng.choice([20, 60, 150]), rng.choice([3, 20, 200]))
        linked = {(a, b) for a in range(40) for b in range(40) if (a * 7 + b * 3 + seed) % 11 == 0}

        def related(a: str, b: str) -> bool:
            return (int(a[1:]), int(b[1:])) in linked or (int(b[1:]), int(a[1:])) in linked

        for rel in (None, related):
            assert sorted(groups(events, rel)) == _scan_every_cluster(events, rel), seed
