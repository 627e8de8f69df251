"""`khaldun stories` and `khaldun quotes`, and merged events in `khaldun show`, as a user runs them."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from khaldun.cli import app

runner = CliRunner()

QUOTE_KEYS = ["quote_id", "text", "speaker", "cue", "direct", "reports", "evidence"]

WIRE = """Russia and Turkey Agree on Idlib Buffer Zone
September 18, 2018

Russian President Vladimir Putin and Turkish President Recep Tayyip Erdogan agreed on Monday to set up a demilitarised zone in Syria's Idlib province.

“We have agreed to create a demilitarised zone between the government troops and the militants,” Putin told reporters after the talks in Sochi.

Erdogan said the deal would prevent a humanitarian catastrophe in the province.
"""

DAILY = """Sochi Deal Spares Idlib, For Now
September 18, 2018

Turkish President Recep Tayyip Erdogan and Russian President Vladimir Putin agreed on Monday to set up a demilitarised zone in Syria's Idlib province.

“We have agreed to create a demilitarised zone between the government troops and the militants,” Putin told reporters after the talks in Sochi.

Residents of Idlib said they were relieved but did not trust the agreement.
"""

OTHER = """Brazil Holds Election
October 8, 2018

Brazilian voters went to the polls on Sunday, and officials said turnout was high.
"""


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    d = tmp_path_factory.mktemp("crossdoc")
    (d / "in").mkdir()
    (d / "in" / "wire.txt").write_text(WIRE, encoding="utf-8")
    (d / "in" / "daily.txt").write_text(DAILY, encoding="utf-8")
    (d / "in" / "other.txt").write_text(OTHER, encoding="utf-8")
    path = d / "k.duckdb"
    result = runner.invoke(app, ["run", str(d / "in"), "--db", str(path), "-q"])
    assert result.exit_code == 0, result.output
    return path


def _jsonl(*args: str) -> list[dict]:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def test_the_same_quote_in_two_articles_is_one_quote_with_two_reports(db) -> None:
    quotes = _jsonl("quotes", "--db", str(db), "--speaker", "Putin", "--format", "jsonl")
    assert quotes and all(list(q)[:7] == QUOTE_KEYS for q in quotes)
    [zone] = [q for q in quotes if q["text"].startswith("We have agreed to create a demilitarised zone")]
    assert zone["speaker"] == {"name": "Vladimir Putin", "country": "RUS"}
    assert zone["direct"] is True and zone["cue"] == "tell"
    assert zone["reports"] == 2 and len({e["doc_id"] for e in zone["evidence"]}) == 2
    for ev in zone["evidence"]:
        assert ev["end"] - ev["start"] == len(zone["text"])
    # the quote marks are not part of the quote
    assert not zone["text"].startswith("“") and not zone["text"].endswith("”")


def test_speaker_filter(db) -> None:
    erdogan = _jsonl("quotes", "--db", str(db), "--speaker", "erdogan", "-f", "jsonl")
    assert erdogan and {q["speaker"]["name"] for q in erdogan} == {"Recep Tayyip Erdoğan"}
    assert any(not q["direct"] for q in erdogan)  # "Erdogan said the deal would prevent ..."
    assert _jsonl("quotes", "--db", str(db), "--speaker", "Bolsonaro", "-f", "jsonl") == []


def test_stories_group_the_two_sochi_articles(db) -> None:
    stories = _jsonl("stories", "--db", str(db), "--format", "jsonl")
    by_size = sorted((s["documents"], sorted(d["title"] for d in s["docs"])) for s in stories)
    assert by_size[-1] == (2, ["Russia and Turkey Agree on Idlib Buffer Zone", "Sochi Deal Spares Idlib, For Now"])
    assert sum(s["documents"] for s in stories) == 3
    top = max(stories, key=lambda s: s["documents"])
    assert "Vladimir Putin" in top["label"] or "Recep Tayyip Erdoğan" in top["label"]
    table = runner.invoke(app, ["stories", "--db", str(db)])
    assert table.exit_code == 0 and "Sochi" in table.stdout


def test_merged_agreement_and_show(db) -> None:
    events = _jsonl("events", "--db", str(db))
    agree = [e for e in events if e["event_type"] == "AGREE"
             and {a["name"] for a in e["actor"]} >= {"Vladimir Putin", "Recep Tayyip Erdoğan"}]
    assert len(agree) == 1
    assert (agree[0]["reports"], agree[0]["documents"]) == (2, 2)
    shown = runner.invoke(app, ["show", agree[0]["event_id"], "--db", str(db)])
    assert shown.exit_code == 0
    assert "2 sentence(s) in 2 document(s)" in shown.stdout and "merged:" in shown.stdout


def test_quotes_table_output(db) -> None:
    result = runner.invoke(app, ["quotes", "--db", str(db)])
    assert result.exit_code == 0 and "Putin" in result.stdout


def test_links_lists_the_copied_paragraph(db) -> None:
    links = _jsonl("links", "--db", str(db), "--format", "jsonl")
    # the quote paragraph is copied word for word; the lead was rewritten only a little
    assert {k["kind"] for k in links} == {"passage"} and max(k["score"] for k in links) == 1.0
    for k in links:
        assert {k["a_title"], k["b_title"]} == {"Russia and Turkey Agree on Idlib Buffer Zone",
                                                "Sochi Deal Spares Idlib, For Now"}
    assert runner.invoke(app, ["links", "--db", str(db)]).exit_code == 0
