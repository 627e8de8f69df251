"""Actors merged across documents: ``actor_links``, ``Store.merge_actors`` and the readers."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any
from pathlib import Path

import duckdb

from khaldun.records import Actor, DocResult, Event, Provenance, Role
from khaldun.store import Store, export_actors, export_events


def dehghan_visit(draft: Callable[..., Any]) -> DocResult:
    """A second report spelling both defence ministers differently from ``doc_a``."""
    d = draft(
        "wire/2016-04-02-dehghan.txt",
        [
            "Iranian minister in Damascus",
            "Defence minister Hossein Dehghan met Fahd Jassem al-Freij in Damascus on Saturday.",
            "Dehghan promised more advisers.",
        ],
        published="2016-04-02",
    )
    d.mention(1, "Hossein Dehghan", "PERSON", "person:hossein-dehghan")
    d.mention(1, "Fahd Jassem al-Freij", "PERSON", "person:fahd-jassem-al-freij")
    d.mention(2, "Dehghan", "PERSON", "person:hossein-dehghan")
    d.actors = [
        Actor("person:hossein-dehghan", "Hossein Dehghan", "person", "IRN", ["GOV", "MIL"],
              ["Hossein Dehghan", "Dehghan"], [Role("IRN", "MIL", "Defence minister", "2016-04-02")],
              2),
        Actor("person:fahd-jassem-al-freij", "Fahd Jassem al-Freij", "person", None, ["MIL"],
              ["Fahd Jassem al-Freij"], [], 1),
    ]
    d.events = [
        Event(
            event_id="ev-dehghan-meets",
            event_type="CONSULT",
            cameo="040",
            quad=1,
            actor=[
                d.party(1, "Hossein Dehghan", "Hossein Dehghan", "IRN", ["GOV", "MIL"],
                        "person:hossein-dehghan"),
                d.party(1, "Fahd Jassem al-Freij", "Fahd Jassem al-Freij", None, ["MIL"],
                        "person:fahd-jassem-al-freij"),
            ],
            recipient=[],
            evidence=[d.evidence(1, "met")],
            provenance=Provenance("verb-frame", "met", "meet", "verbs.yaml:meet"),
            date="2016-04-02",
            date_precision="day",
        )
    ]
    return d.result()


def _by_id(store: Store) -> dict[str, dict]:
    return {a["actor_id"]: a for a in store.iter_actors()}


def test_variants_in_two_documents_become_one_canonical_actor(
    store: Store, doc_a: DocResult, draft: Callable[..., Any]
) -> None:
    store.write(doc_a)
    store.write(dehghan_visit(draft))
    before = _by_id(store)
    assert {"person:hossein-dehqan", "person:hossein-dehghan"} <= set(before)

    assert store.merge_actors() == 2
    actors = _by_id(store)
    assert "person:hossein-dehqan" not in actors  # folded into the most mentioned spelling
    dehghan = actors["person:hossein-dehghan"]
    assert dehghan["name"] == "Hossein Dehghan"
    assert dehghan["variants"] == ["Hossein Dehghan", "Dehghan", "Hossein Dehqan", "Dehqan"]
    assert dehghan["mentions"] == 4 and dehghan["documents"] == 2
    assert dehghan["merged_ids"] == ["person:hossein-dehghan", "person:hossein-dehqan"]
    assert [r["text"] for r in dehghan["roles"]] == ["Defence minister", "defence minister"]
    freij = next(a for a in actors.values() if "person:fahd-al-freij" in a["merged_ids"])
    assert sorted(freij["merged_ids"]) == ["person:fahd-al-freij", "person:fahd-jassem-al-freij"]
    assert freij["country"] == "SYR"
    assert len(actors) == len(before) - 2
    assert list(dehghan)[-1] == "merged_ids"


def test_events_report_canonical_names_and_keep_the_text(
    store: Store, doc_a: DocResult, draft: Callable[..., Any]
) -> None:
    store.write(doc_a)
    store.write(dehghan_visit(draft))
    store.merge_actors()
    call = next(e for e in store.iter_events() if e["event_id"] == "ev-iransyria-call")
    assert call["actor"][0] == {"text": "Hossein Dehqan", "name": "Hossein Dehghan",
                                "country": "IRN", "sectors": ["GOV", "MIL"]}
    detail = store.get_event("ev-iransyria-advisers")
    assert detail is not None
    party = detail["actor"][0]
    assert (party["text"], party["name"], party["actor_id"]) == (
        "Dehqan", "Hossein Dehghan", "person:hossein-dehghan"
    )
    # parties of actors that were not merged are untouched
    assert detail["recipient"][0]["name"] == "Syria"
    assert detail["recipient"][0]["actor_id"] == "state:SYR"


def test_merging_again_changes_nothing(
    store: Store, doc_a: DocResult, draft: Callable[..., Any]
) -> None:
    store.write(doc_a)
    store.write(dehghan_visit(draft))
    store.merge_actors()
    sql = "SELECT * FROM actor_links ORDER BY actor_id"
    links = store.connection.execute(sql).fetchall()
    actors = list(store.iter_actors())
    assert store.merge_actors() == 2
    assert store.connection.execute(sql).fetchall() == links
    assert list(store.iter_actors()) == actors
    rules = {row[0]: row[2] for row in links}
    assert rules["person:hossein-dehqan"] == "translit"
    assert rules["person:fahd-jassem-al-freij"] == "canonical"
    assert rules["person:fahd-al-freij"] == "middle-name"


def test_without_merging_every_actor_is_its_own(store: Store, doc_a: DocResult, doc_b: DocResult) -> None:
    store.write(doc_a)
    store.write(doc_b)
    assert store.merge_actors() == 0  # no spelling variants among these actors
    for actor in store.iter_actors():
        assert actor["merged_ids"] == [actor["actor_id"]]


def test_csv_export_lists_merged_ids(
    store: Store, doc_a: DocResult, draft: Callable[..., Any]
) -> None:
    store.write(doc_a)
    store.write(dehghan_visit(draft))
    store.merge_actors()
    out = io.StringIO()
    export_actors(store, "csv", out)
    rows = {r["actor_id"]: r for r in csv.DictReader(io.StringIO(out.getvalue()))}
    assert rows["person:hossein-dehghan"]["merged_ids"] == (
        "person:hossein-dehghan;person:hossein-dehqan"
    )


def test_read_only_store_from_before_actor_links(db_path: Path, doc_a: DocResult) -> None:
    with Store(db_path) as store:
        store.write(doc_a)
    conn = duckdb.connect(str(db_path))
    conn.execute("DROP TABLE actor_links")  # a database written by an older khaldun
    conn.close()
    with Store(db_path, read_only=True) as store:
        assert len(list(store.iter_actors())) == len(doc_a.actors)
        assert len(list(store.iter_events())) == len(doc_a.events)
        assert export_events(store, "parquet", db_path.with_suffix(".parquet")) == len(doc_a.events)
    with Store(db_path) as store:  # opening it writable adds the table
        assert store.merge_actors() == 0


def test_pipeline_run_merges_a_person_spelt_two_ways(tmp_path: Path, resources) -> None:
    from khaldun.pipeline import run

    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "a.txt").write_text(
        "Syrian general vows to hold Deir ez-Zor\n\n"
        "DAMASCUS, Oct. 3 (Levant Wire) - Syrian Major General Issam Zahreddine said on Tuesday "
        "that his troops would hold the besieged city of Deir ez-Zor until reinforcements arrive.\n\n"
        "Zahreddine, who commands the Republican Guard units in the city, met local tribal "
        "leaders and promised them more food deliveries.\n",
        encoding="utf-8",
    )
    (articles / "b.txt").write_text(
        "Army commander killed by landmine in eastern Syria\n\n"
        "BEIRUT, Oct. 19 (Gulf Monitor) - General Essam Zahr al-Din, a senior commander of the "
        "Syrian army, was killed by a landmine near Deir ez-Zor on Wednesday, state television "
        "said.\n\n"
        "Syrian President Bashar al-Assad praised Zahr al-Din as a hero of the war against the "
        "Islamic State group.\n",
        encoding="utf-8",
    )
    db = tmp_path / "k.duckdb"
    with Store(db) as store:
        run([articles], store, resources)
        people = [a for a in store.iter_actors() if a["kind"] == "person"
                  and any("Zahr" in v for v in a["variants"])]
        assert len(people) == 1
        general = people[0]
        assert {"Issam Zahreddine", "Essam Zahr al-Din"} <= set(general["variants"])
        assert general["documents"] == 2
        assert general["country"] == "SYR"
        assert len(general["merged_ids"]) >= 2
        links = store.connection.execute("SELECT * FROM actor_links ORDER BY actor_id").fetchall()
        assert any(a["name"] == "Bashar al-Assad" and a["merged_ids"] == [a["actor_id"]]
                   for a in store.iter_actors())
        # the recipient of Assad's praise is reported under the canonical name
        praise = [p for e in store.iter_events() for p in e["recipient"] if p["text"] == "Zahr al-Din"]
        assert praise and all(p["name"] == general["name"] for p in praise)
        # coding the same input again adds nothing and changes no link
        again = run([articles], store, resources)
        assert again.documents == 0 and again.skipped == 2
        assert store.connection.execute(
            "SELECT * FROM actor_links ORDER BY actor_id"
        ).fetchall() == links
