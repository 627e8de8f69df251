"""The hand-coded gold scorer, and the coder's accuracy against our gold files (regression floor)."""

from __future__ import annotations

from pathlib import Path

import pytest

from khaldun.cli import sample_articles
from khaldun.eval.handcoded import GoldEvent, load_gold, score
from khaldun.pipeline import run
from khaldun.store import Store

GOLD = Path(__file__).resolve().parents[1] / "gold"


def _event(event_id, etype, actors, recipients, sentence, date=None, path="/x/a.txt"):
    party = lambda c: {"text": c, "name": c, "country": c, "sectors": []}  # noqa: E731
    return {"event_id": event_id, "event_type": etype, "date": date,
            "actor": [party(c) for c in actors], "recipient": [party(c) for c in recipients],
            "evidence": [{"doc_path": path, "sentence": sentence}]}


def test_scorer_counts_type_event_dyad_and_date_matches():
    gold = [
        GoldEvent("a.txt", "met", "CONSULT", frozenset({"IRN", "RUS"}), frozenset(), "2016-02-16"),
        GoldEvent("a.txt", "bombed", "ASSAULT", frozenset({"RUS"}), frozenset({"SYR"}), None),
        GoldEvent("a.txt", "condemned", "ACCUSE", frozenset({"USA"}), frozenset({"RUS"}), None),
    ]
    events = [
        _event("e1", "CONSULT", ["IRN", "RUS"], [], "Dehghan met Shoigu.", "2016-02-16"),
        _event("e2", "ASSAULT", ["RUS"], [], "Russian jets bombed Idlib."),  # recipient missed
        _event("e3", "ACCUSE", ["GBR"], ["RUS"], "Britain condemned the strike."),  # wrong actor
        _event("e4", "SUPPORT", ["USA"], [], "Washington praised nobody."),  # not in gold
        _event("e5", "CONSULT", ["IRN", "RUS"], [], "Dehghan met Shoigu.", path="/x/b.txt"),  # other file
    ]
    s = score(events, gold).as_dict()
    assert s["gold_events"] == 3 and s["coded_events"] == 5
    assert s["type_recall"] == 1.0
    assert s["event_recall"] == round(2 / 3, 3)
    assert s["dyad_recall"] == round(1 / 3, 3)
    assert s["precision"] == round(3 / 5, 3)
    assert s["date_accuracy"] == 1.0


def _scores(paths, gold_file, resources, tmp_path):
    with Store(tmp_path / "g.duckdb") as store:
        run(paths, store, resources)
        return score(store.iter_events(), load_gold(gold_file)).as_dict()


def test_sample_corpus_accuracy_floor(resources, tmp_path):
    s = _scores(sample_articles(), GOLD / "examples.yaml", resources, tmp_path)
    # measured 0.63 / 0.58 / 0.88 when this floor was set: a drop means a regression
    assert s["type_recall"] >= 0.55 and s["event_recall"] >= 0.5 and s["date_accuracy"] >= 0.8


def test_seeds_are_all_coded_and_meet_the_floor(resources, tmp_path, shared):
    seeds = shared / "corpus" / "seeds"
    with Store(tmp_path / "s.duckdb") as store:
        run([seeds], store, resources)
        coded_files = {Path(e["evidence"][0]["doc_path"]).name for e in store.iter_events()}
        s = score(store.iter_events(), load_gold(GOLD / "seeds.yaml")).as_dict()
    assert coded_files == {p.name for p in seeds.glob("*.txt")}
    assert s["type_recall"] >= 0.6 and s["dyad_recall"] >= 0.5
