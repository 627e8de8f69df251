"""Sector, demonym and metonym lookups are remembered per surface form: the same answers, fresh lists, bounded."""

from __future__ import annotations

from khaldun.knowledge import Knowledge, load_knowledge
from khaldun.knowledge import lexicon


def test_a_remembered_answer_is_the_first_answer(kb: Knowledge) -> None:
    first = kb.sector_of("defence minister")
    assert first[:1] == ["GOV"]
    first.append("XXX")  # a caller changing its list changes no later answer
    assert kb.sector_of("defence minister") == first[:-1]
    assert kb.sector_of("Defence-Minister") == first[:-1]
    assert kb.sector_of("gardener") == []
    syrian = kb.demonym("Syrians")
    assert syrian is not None and syrian.country == "SYR" and kb.demonym("Syrians") is syrian
    assert kb.demonym_candidates("Congolese") == kb.demonym_candidates("Congolese") and kb.demonym("Congolese") is None
    kremlin = kb.metonym("the Kremlin")
    assert kremlin is not None and kremlin[0].country == "RUS" and kb.metonym("the Kremlin") == kremlin


def test_the_memos_are_bounded(monkeypatch) -> None:
    monkeypatch.setattr(lexicon, "_MEMO_SIZE", 4)
    kb = load_knowledge()
    words = ["soldier", "minister", "rebel", "police officer", "journalist", "refugee", "banker"]
    answers = [kb.sector_of(w) for w in words]
    assert len(kb._sectors_of) <= 4
    assert [kb.sector_of(w) for w in words] == answers and answers[0] and answers[2][:1] == ["REB"]
