"""What the batch writer encodes: JSON as ``asdict`` would give it, actor counts summed over documents."""

from __future__ import annotations

import dataclasses
import json
from datetime import date

from khaldun.records import Actor, DocResult, Location, Provenance, Role
from khaldun.store import Store
from khaldun.store._write import to_json


def test_to_json_writes_records_as_asdict_would() -> None:
    prov = Provenance("verb-frame", "struck", "strike", "verbs.yaml:strike", ["actor from subject 'jets'"])
    place = Location("Idlib", "SYR", 35.93, 36.63, "city", 169389)
    roles = [Role("IRN", "GOV", "Iranian Defence Minister", "2016-03-29"), Role("IRN", "MIL")]
    for value in (prov, place, roles, {"where": place, "when": (1, 2.5, None, True)}):
        assert to_json(value) == json.dumps(json.loads(json.dumps(_asdict(value))), ensure_ascii=False)
    assert to_json(None) is None
    assert to_json({"day": date(2016, 3, 29), "name": "Ḥamāh"}) == '{"day": "2016-03-29", "name": "Ḥamāh"}'


def _asdict(value):
    if dataclasses.is_dataclass(value):
        return dataclasses.asdict(value)
    if isinstance(value, dict):
        return {k: _asdict(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_asdict(v) for v in value]
    return value


def _with_actors(result: DocResult, *actors: Actor) -> DocResult:
    return dataclasses.replace(result, actors=[*result.actors, *actors])


def test_an_actor_listed_twice_in_a_document_counts_its_largest_count_once(
    db_path, doc_a: DocResult, doc_b: DocResult
) -> None:
    twice = [Actor("person:shoigu", "Sergei Shoigu", "person", "RUS", ["GOV"], ["Shoigu"], mentions=2),
             Actor("person:shoigu", "Sergei Shoigu", "person", None, ["MIL", "GOV"], ["Sergei Shoigu"],
                   [Role("RUS", "MIL", "Defence Minister")], mentions=3)]
    once = Actor("person:shoigu", "S. Shoigu", "person", "RUS", ["GOV"], ["S. Shoigu"], mentions=1)
    with Store(db_path) as store:
        store.write_many([_with_actors(doc_a, *twice)])
        store.write_many([_with_actors(doc_b, once)])  # a later batch: the stored row is merged with it
        row = store.connection.execute(
            "SELECT name, country, sectors, variants, roles, mentions FROM actors WHERE actor_id = ?",
            ["person:shoigu"]).fetchone()
        per_doc = store.connection.execute(
            "SELECT doc_id, mentions FROM doc_actors WHERE actor_id = ? ORDER BY doc_id",
            ["person:shoigu"]).fetchall()
    name, country, sectors, variants, roles, mentions = row
    assert (name, country, sectors) == ("Sergei Shoigu", "RUS", ["GOV", "MIL"])
    assert variants == ["Shoigu", "Sergei Shoigu", "S. Shoigu"]
    assert json.loads(roles) == [{"country": "RUS", "sector": "MIL", "text": "Defence Minister", "date": None}]
    assert sorted(per_doc) == sorted([(doc_a.document.doc_id, 3), (doc_b.document.doc_id, 1)])
    assert mentions == 3 + 1
