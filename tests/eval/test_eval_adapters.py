"""`khaldun eval` adapters on small gold files we write, and on the real sets when ../shared is present."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from khaldun.cli import app
from khaldun.eval import conflibert, plover
from khaldun.eval.conflibert import GoldFormatError
from khaldun.eval.run import detect_format

runner = CliRunner()

QUAD_ROWS = [
    ("Iranian jets bombed Kurdish rebel camps in northern Iraq on Monday.", 4),
    ("Egypt and Sudan agreed to hold further talks on the dam.", 1),
    ("The minister said the weather in the capital was mild.", 0),
    ("Germany accused Russia of hacking the parliament's computers.", 3),
]


@pytest.fixture()
def quad_file(tmp_path):
    path = tmp_path / "quad.tsv"
    path.write_text("".join(f"{t}\t{label}\n" for t, label in QUAD_ROWS), encoding="utf-8")
    return path


@pytest.fixture()
def plover_file(tmp_path):
    records = [
        {"id": "DOC", "event": "DOCUMENT", "eventText": "notes"},
        {"id": "1", "event": "DEMAND", "text": "Egypt demanded that Ethiopia halt work on the dam.",
         "source": [{"actorText": "Egypt", "code": "EGY"}], "target": [{"actorText": "Ethiopia", "code": "ETH"}]},
        {"id": "2", "event": "FIGHT", "text": "Turkish troops clashed with Kurdish fighters near the border.",
         "source": [{"actorText": "Turkish troops", "code": "TUR", "sector": "MIL"}], "target": ""},
        {"id": "3", "event": "SUPPORT", "text": "France praised Tunisia for the peaceful election.",
         "source": [{"actorText": "France", "code": "FRA"}], "target": [{"actorText": "Tunisia", "code": "TUN"}]},
    ]
    path = tmp_path / "gsr.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    return path


def test_formats_are_detected(quad_file, plover_file, tmp_path):
    assert detect_format(quad_file) == "conflibert"
    assert detect_format(plover_file) == "plover"
    other = tmp_path / "notes.json"
    other.write_text('{"a": 1}', encoding="utf-8")
    assert detect_format(other) is None


def test_conflibert_quad_scores(quad_file, resources):
    r = conflibert.evaluate(quad_file, resources)
    assert r["sentences"] == 4
    assert r["accuracy"] >= 0.75  # each of these plain sentences is within the lexicon's reach
    assert r["confusion"]["0"]["0"] == 1  # the weather is no event


def test_conflibert_rejects_other_files(tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("a sentence without a label\n", encoding="utf-8")
    with pytest.raises(GoldFormatError, match="bad.tsv:1"):
        conflibert.read(bad)


def test_plover_maps_old_type_names_and_matches_parties(plover_file, resources):
    r = plover.evaluate(plover_file, resources)
    assert r["records"] == 3  # the DOCUMENT record is not an event
    assert set(r["per_type"]) >= {"REQUEST", "ASSAULT", "SUPPORT"}  # DEMAND and FIGHT renamed
    assert r["type_accuracy"] >= 2 / 3
    assert r["source_match_where_type_right"] == 1.0


def test_eval_command_prints_and_writes_json(quad_file, tmp_path):
    out = tmp_path / "r.json"
    result = runner.invoke(app, ["eval", str(quad_file), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "accuracy" in result.stdout
    assert json.loads(out.read_text())["sentences"] == 4


def test_eval_command_refuses_unknown_files(tmp_path):
    other = tmp_path / "x.txt"
    other.write_text("hello", encoding="utf-8")
    assert runner.invoke(app, ["eval", str(other)]).exit_code == 2


def test_real_conflibert_and_plover_sets(shared, resources):
    quad = conflibert.evaluate(shared / "eval" / "conflibert" / "cameo_class.train.tsv", resources, limit=300)
    assert quad["accuracy"] > 0.45 and quad["coverage"] > 0.6
    gsr = plover.evaluate(shared / "eval" / "plover" / "PLOVER_GSR_CAMEO.txt", resources)
    assert gsr["type_accuracy"] > 0.45


BIO = """Turkish B-S
jets I-S
struck O
Kurdish B-T
militants I-T
in O
northern O
Iraq O
. O

Egypt B-S
condemned O
the O
attack O
on O
Jordan B-T
's I-T
embassy I-T
. O
"""


def test_source_target_spans_are_scored_by_overlap(tmp_path, resources):
    from khaldun.eval import roles

    path = tmp_path / "ner.txt"
    path.write_text(BIO, encoding="utf-8")
    assert detect_format(path) == "roles"
    gold = roles.read(path)
    assert gold[0].text.startswith("Turkish jets struck") and gold[0].sources == ((0, 12),)
    r = roles.evaluate(path, resources)
    assert r["sentences"] == 2
    assert r["source"]["recall"] == 1.0 and r["source"]["precision"] == 1.0
    assert r["target"]["gold"] == 2


def test_bio_lines_must_have_tags(tmp_path):
    from khaldun.eval import roles

    path = tmp_path / "bad.txt"
    path.write_text("Turkish B-S\njets\n", encoding="utf-8")
    with pytest.raises(roles.GoldFormatError, match="bad.txt:2"):
        roles.read(path)
