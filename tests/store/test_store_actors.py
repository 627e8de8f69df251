"""Actors are shared across documents: one row, merged, counted once per document."""

from __future__ import annotations

import dataclasses

from khaldun.records import DocResult
from khaldun.store import Store


def _actor(store: Store, actor_id: str) -> dict[str, object]:
    return next(a for a in store.iter_actors() if a["actor_id"] == actor_id)


def test_actor_seen_in_two_documents_is_merged(
    store: Store, doc_a: DocResult, doc_b: DocResult
) -> None:
    store.write(doc_a)
    assert _actor(store, "state:IRN")["mentions"] == 3
    store.write(doc_b)
    iran = _actor(store, "state:IRN")
    assert iran["name"] == "Iran"
    assert iran["sectors"] == ["GOV", "MIL"]
    assert iran["variants"] == ["Iran", "Tehran", "Islamic Republic of Iran"]
    assert iran["roles"] == [
        {"country": "IRN", "sector": "GOV", "text": "Islamic Republic of Iran", "date": None}
    ]
    assert iran["mentions"] == 3 + 2
    assert iran["documents"] == 2
    ids = [a["actor_id"] for a in store.iter_actors()]
    assert len(ids) == len(set(ids)) == 7
    per_doc = store.connection.execute(
        "SELECT doc_id, mentions FROM doc_actors WHERE actor_id = ? ORDER BY mentions DESC",
        ["state:IRN"],
    ).fetchall()
    assert per_doc == [(doc_a.document.doc_id, 3), (doc_b.document.doc_id, 2)]


def test_rewriting_a_document_does_not_double_count(
    store: Store, doc_a: DocResult, doc_b: DocResult
) -> None:
    store.write(doc_a)
    store.write(doc_b)
    store.write(doc_a)
    store.write(doc_b)
    assert _actor(store, "state:IRN")["mentions"] == 5
    assert _actor(store, "org:syrian-army")["mentions"] == 2


def test_missing_country_is_filled_but_first_name_kept(
    store: Store, doc_a: DocResult, doc_b: DocResult
) -> None:
    doc_a.actors = [
        dataclasses.replace(a, country=None) if a.actor_id == "state:RUS" else a
        for a in doc_a.actors
    ]
    doc_b.actors = [
        dataclasses.replace(a, name="Russian Federation") if a.actor_id == "state:RUS" else a
        for a in doc_b.actors
    ]
    store.write(doc_a)
    store.write(doc_b)
    russia = _actor(store, "state:RUS")
    assert russia["name"] == "Russia"
    assert russia["country"] == "RUS"
    assert russia["variants"] == ["Russia", "Russian jets"]


def test_count_falls_back_to_resolved_mentions(store: Store, doc_a: DocResult) -> None:
    doc_a.actors = [dataclasses.replace(a, mentions=0) for a in doc_a.actors]
    store.write(doc_a)
    counts = {a["actor_id"]: a["mentions"] for a in store.iter_actors()}
    expected: dict[str, int] = {}
    for mention in doc_a.mentions:
        expected[mention.actor_id] = expected.get(mention.actor_id, 0) + 1  # type: ignore[index]
    assert counts == expected
    assert counts["state:IRN"] == 3


def test_actor_listed_twice_in_one_document_is_one_row(store: Store, doc_a: DocResult) -> None:
    iran = next(a for a in doc_a.actors if a.actor_id == "state:IRN")
    doc_a.actors.append(dataclasses.replace(iran, variants=["Islamic Republic"], sectors=["GOV"]))
    store.write(doc_a)
    merged = _actor(store, "state:IRN")
    assert merged["variants"] == ["Iran", "Tehran", "Islamic Republic"]
    assert merged["mentions"] == 3
    assert merged["documents"] == 1


def test_actors_most_mentioned_first(store: Store, doc_a: DocResult, doc_b: DocResult) -> None:
    store.write(doc_a)
    store.write(doc_b)
    actors = list(store.iter_actors())
    assert actors[0]["actor_id"] == "state:IRN"
    mentions = [a["mentions"] for a in actors]
    assert mentions == sorted(mentions, reverse=True)
    assert list(actors[0]) == [
        "actor_id",
        "name",
        "kind",
        "country",
        "sectors",
        "variants",
        "roles",
        "mentions",
        "documents",
        "source",
        "merged_ids",
    ]


def test_counts_stay_the_sum_over_documents_across_batches(
    store: Store, doc_a: DocResult, doc_b: DocResult
) -> None:
    # a batch adds to the stored counts; a stored document in it is skipped, not added again
    store.write(doc_a)
    store.write_many([doc_a, doc_b])
    off = store.connection.execute(
        """SELECT a.actor_id, a.mentions, d.total FROM actors a
           JOIN (SELECT actor_id, sum(mentions) AS total FROM doc_actors GROUP BY actor_id) d
           USING (actor_id) WHERE a.mentions <> d.total"""
    ).fetchall()
    assert off == []
    assert _actor(store, "state:IRN")["mentions"] == 3 + 2
    assert store.connection.execute("SELECT count(*) FROM actors").fetchone()[0] == 7
