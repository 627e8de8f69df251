"""Incremental cross-document steps: a batch added later gives what one run over everything gives,
rewrites only what it touches, and a re-run changes nothing."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from khaldun.pipeline import cross_document, run
from khaldun.store import Store
from khaldun.store._schema import CROSS_DOCUMENT_COLUMNS

TABLES = CROSS_DOCUMENT_COLUMNS  # the tables compared, with their columns

TEHRAN = """Iran and Russia Discuss Air Defence Deal
August 23, 2016

Iranian general Mahmoud Qassem met Russian Defence Minister Sergei Shoigu in Moscow on Monday to discuss the delivery of air defence systems.

“Our cooperation with Russia is strategic and will continue,” Mahmoud Qassem told reporters after the meeting.

Qassem said Iran would buy more Russian fighter jets next year.

Mahmoud Qassem later visited a tank factory outside Moscow, and Mahmoud Qassem is due back in Tehran on Wednesday.
"""

# another report of the same meeting, spelling the general's name another way,
# and copying the quote word for word
MOSCOW = """Iranian General in Moscow for Arms Talks
August 23, 2016

Iranian general Mahmud Kassem met Russian Defence Minister Sergei Shoigu in Moscow on Monday to discuss the delivery of air defence systems.

“Our cooperation with Russia is strategic and will continue,” Mahmud Kassem told reporters after the meeting.

Residents of Tehran said they followed the talks closely.
"""

NILE = """Egypt and Sudan Hold Talks
March 30, 2016

Egyptian Foreign Minister Sameh Shoukry met his Sudanese counterpart Ibrahim Ghandour in Khartoum on Tuesday.

“We agreed to settle the border question through dialogue,” Shoukry said after the talks.
"""

ANDES = """Peru Protest Turns Violent
May 4, 2016

Police in Lima fired tear gas at thousands of protesters who marched on the Congress building on Tuesday.

Peruvian President Ollanta Humala said the government would talk to the unions.
"""


def _write(directory: Path, articles: dict[str, str]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in articles.items():
        (directory / name).write_text(text, encoding="utf-8")
    return directory


def _tables(store: Store) -> dict[str, list[tuple]]:
    conn = store.connection
    return {t: sorted(conn.execute(f"SELECT {cols} FROM {t}").fetchall(), key=repr) for t, cols in TABLES.items()}


def _with_rowids(store: Store) -> dict[str, list[tuple]]:
    """Every cross-document row with its rowid (a rewritten row gets a new rowid)."""
    return {t: sorted(store.connection.execute(f"SELECT rowid, * FROM {t}").fetchall(), key=repr)
            for t in TABLES}


def _named(events: list[dict]) -> list[dict]:
    """Events with each evidence file named without its folder (the two runs read other folders)."""
    return [e | {"evidence": [v | {"doc_path": Path(v["doc_path"]).name} for v in e["evidence"]]}
            for e in events]


def _rowids(store: Store, table: str, key: str) -> dict[str, int]:
    """Each row's DuckDB rowid: a row deleted and inserted again gets a new one."""
    return dict(store.connection.execute(f"SELECT {key}, rowid FROM {table}").fetchall())


@pytest.fixture(scope="module")
def databases(tmp_path_factory, resources) -> tuple[Path, Path, dict]:
    """One database coded in one run, one coded in two (the Tehran report later)."""
    root = tmp_path_factory.mktemp("incremental")
    # the later batch: a report spelling the general's name the way most mentions do, which
    # makes it his canonical name (old events change parties), and a copy of a stored article
    first = _write(root / "first", {"moscow.txt": MOSCOW, "nile.txt": NILE, "andes.txt": ANDES})
    later = _write(root / "later", {"tehran.txt": TEHRAN, "peru-copy.txt": ANDES})
    together = _write(root / "together", {"tehran.txt": TEHRAN, "nile.txt": NILE, "andes.txt": ANDES,
                                          "moscow.txt": MOSCOW, "peru-copy.txt": ANDES})
    one, two = root / "one.duckdb", root / "two.duckdb"
    with Store(one) as store:
        run([together], store, resources)
    with Store(two) as store:
        run([first], store, resources)
        before = {"merged": _rowids(store, "merged_events", "merged_id"),
                  "stories": _rowids(store, "stories", "story_id"),
                  "groups": _rowids(store, "quote_groups", "group_id"),
                  "tables": _tables(store), "later": later}
        run([later], store, resources)
    return one, two, before


def test_two_runs_give_what_one_run_gives(databases) -> None:
    one, two, before = databases
    with Store(one, read_only=True) as a, Store(two, read_only=True) as b:
        tables_a, tables_b = _tables(a), _tables(b)
        events_a, events_b = list(a.iter_events()), list(b.iter_events())
        quotes_b = list(b.iter_quotes(speaker="Kassem"))
    assert tables_a == tables_b
    assert _named(events_a) == _named(events_b)
    # the general's canonical actor changed: the spelling of the earlier report is merged into it
    dehqan = [r for r in tables_b["actor_links"] if r[0] != r[1]]
    assert dehqan and not [r for r in before["tables"]["actor_links"] if r[0] != r[1]]
    # the later report did change something: the meeting is one event told twice ...
    [meeting] = [e for e in events_b if e["event_type"] == "CONSULT"
                 and "Sergei Shoigu" in [p["name"] for p in e["actor"] + e["recipient"]]]
    assert meeting["reports"] == 2 and meeting["documents"] == 2
    assert [p["name"] for p in meeting["actor"] + meeting["recipient"]].count("Mahmoud Qassem") == 1
    # ... the two spellings are one minister, and the quote is one quote with two reports
    assert any(q["reports"] == 2 and q["text"].startswith("Our cooperation with Russia") for q in quotes_b)
    assert tables_b["merged_events"] != before["tables"]["merged_events"]
    assert tables_b["quote_groups"] != before["tables"]["quote_groups"]


def test_rows_the_new_batch_does_not_touch_are_left_alone(databases) -> None:
    _, two, before = databases
    with Store(two, read_only=True) as store:
        merged = _rowids(store, "merged_events", "merged_id")
        stories = _rowids(store, "stories", "story_id")
        groups = _rowids(store, "quote_groups", "group_id")
        others = [r[0] for r in store.connection.execute(
            "SELECT group_id FROM quote_groups WHERE speaker_name IN ('Sameh Shoukry', 'Ollanta Humala')"
        ).fetchall()]
        nile = {r[0] for r in store.connection.execute(
            "SELECT DISTINCT l.merged_id FROM event_links l JOIN evidence ev ON ev.event_id = l.event_id "
            "JOIN documents d ON d.doc_id = ev.doc_id WHERE d.path LIKE '%nile.txt'").fetchall()}
        andes = {tuple(r) for r in store.connection.execute(
            "SELECT merged_id, documents FROM merged_events WHERE merged_id IN (SELECT l.merged_id "
            "FROM event_links l JOIN evidence ev ON ev.event_id = l.event_id "
            "JOIN documents d ON d.doc_id = ev.doc_id WHERE d.path LIKE '%andes.txt')").fetchall()}
        story_ids = {r[0] for r in store.connection.execute(
            "SELECT story_id FROM story_documents s JOIN documents d ON d.doc_id = s.doc_id "
            "WHERE d.path LIKE '%nile.txt' OR d.path LIKE '%andes.txt'").fetchall()}
    assert nile and andes and len(story_ids) == 2
    # the Egyptian events, the Egyptian and Peruvian stories and quotes keep their very rows
    assert {m: merged[m] for m in nile} == {m: before["merged"][m] for m in nile}
    # the Peruvian events were rewritten: their article has a copy now
    assert all(documents == 2 and merged[m] != before["merged"][m] for m, documents in andes)
    assert {s: stories[s] for s in story_ids} == {s: before["stories"][s] for s in story_ids}
    assert others and all(groups[g] == before["groups"][g] for g in others)
    # while the touched meeting was rewritten
    assert set(merged) != set(before["merged"]) or any(merged[m] != before["merged"][m] for m in merged)


def test_a_rerun_changes_nothing(databases, tmp_path, resources) -> None:
    _, two, before = databases
    copy = tmp_path / "copy.duckdb"
    copy.write_bytes(two.read_bytes())
    with Store(copy) as store:
        rows = _with_rowids(store)
        summary = run([before["later"]], store, resources)
        assert (summary.documents, summary.skipped) == (0, 2)
        assert _with_rowids(store) == rows
        cross_document(store)
        assert _with_rowids(store) == rows


def test_full_recompute_gives_the_same_tables(databases, tmp_path) -> None:
    _, two, _ = databases
    copy = tmp_path / "copy.duckdb"
    copy.write_bytes(two.read_bytes())
    with Store(copy) as store:
        tables = _tables(store)
        cross_document(store, full=True)
        assert _tables(store) == tables


def test_a_database_without_the_incremental_state_is_recomputed_once(databases, tmp_path) -> None:
    """What an older database looks like: merged tables filled, no state: the next run redoes all."""
    one, _, _ = databases
    copy = tmp_path / "old.duckdb"
    copy.write_bytes(one.read_bytes())
    conn = duckdb.connect(str(copy))
    for table in ("event_blocks", "merge_actor_links", "merge_doc_copies", "quote_speakers", "quote_keys",
                  "quote_key_counts"):
        conn.execute(f"DROP TABLE {table}")
    conn.execute("DELETE FROM story_documents WHERE story_id IN (SELECT min(story_id) FROM stories)")
    conn.close()
    with Store(copy) as store:
        cross_document(store)
        with Store(one, read_only=True) as reference:
            assert _tables(store) == _tables(reference)
