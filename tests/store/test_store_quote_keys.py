"""Quote lookup keys are hashed where a document is coded and stored with its quotes."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from khaldun.quotes.group import hashed_keys, key_hash, lookup_keys
from khaldun.records import DocResult, Document
from khaldun.store import Store, encode_result

ARTICLE = """Iran and Syria Sign Defence Pact

Iran's defence minister Hossein Dehqan met his Syrian counterpart Fahd al-Freij in Damascus on Monday.

"We will stand with our Syrian brothers until the end," Dehqan told reporters after the meeting.
"""

REPRINT = """Tehran Pledges Support to Damascus

"We will stand with our Syrian brothers until the very end," Dehqan told reporters after the meeting.

Turkish troops shelled Kurdish positions near Afrin on Sunday, the army said.
"""


@pytest.fixture(scope="module")
def coded(resources) -> list[DocResult]:
    from khaldun.pipeline import code_document

    return [code_document(Document(doc_id=f"{n:016x}", path=f"wire/{n}.txt", text=text,
                                   published="2016-03-29", outlet="Gulf Wire"), resources)
            for n, text in enumerate((ARTICLE, REPRINT))]


def _keys_and_groups(store: Store) -> tuple[list, list]:
    conn = store.connection
    keys = sorted(conn.execute("SELECT quote_id, \"key\" FROM quote_keys").fetchall())
    links = sorted(conn.execute("SELECT quote_id, group_id FROM quote_links").fetchall())
    return keys, links


def test_hashed_keys_are_the_stable_hashes_of_the_lookup_keys():
    text = "We will stand with our Syrian brothers until the end"
    keys = lookup_keys(text)
    assert hashed_keys(text) == [key_hash(k) for k in keys]
    assert len(set(hashed_keys(text))) == len(keys) == 1 + len(text.split()) - 2
    assert key_hash("N:we will win") == key_hash("N:we will win") != key_hash("N:we will lose")
    assert all(-(2**63) <= h < 2**63 for h in hashed_keys(text))


def test_encoded_rows_carry_each_quotes_keys(coded):
    for result in coded:
        assert result.quotes
        rows = pickle.loads(pickle.dumps(encode_result(result)))
        assert rows.quote_keys == [(q.quote_id, h) for q in result.quotes for h in hashed_keys(q.text)]


def test_keys_are_written_with_the_quotes_and_grouping_uses_them(coded, tmp_path):
    with Store(tmp_path / "k.duckdb") as store:
        store.write_many([encode_result(r) for r in coded])
        written, _ = _keys_and_groups(store)
        assert written == sorted((q.quote_id, h) for r in coded for q in r.quotes for h in hashed_keys(q.text))
        store.group_quotes()
        keys, links = _keys_and_groups(store)
    assert keys == written  # grouping adds no second copy
    # the reprint's slightly longer quote joins the original's group
    assert len({group for _, group in links}) < len(links)


def test_quotes_stored_without_keys_get_them_when_grouped(coded, tmp_path):
    """Rows from before keys were sent (a database written by an older version)."""
    with Store(tmp_path / "new.duckdb") as store:
        store.write_many([encode_result(r) for r in coded])
        store.group_quotes()
        expected = _keys_and_groups(store)
    with Store(tmp_path / "old.duckdb") as store:
        store.write_many([dataclasses.replace(encode_result(r), quote_keys=[]) for r in coded])
        assert store.connection.execute("SELECT count(*) FROM quote_keys").fetchall() == [(0,)]
        store.group_quotes()
        assert _keys_and_groups(store) == expected


def _counts(store: Store) -> tuple[list, list]:
    conn = store.connection
    kept = sorted(conn.execute('SELECT "key", holders FROM quote_key_counts').fetchall())
    counted = sorted(conn.execute('SELECT "key", count(*) FROM quote_keys GROUP BY "key"').fetchall())
    return kept, counted


def test_key_holders_are_counted_as_quotes_are_grouped(coded, tmp_path):
    # what a later run's closure reads to tell common keys: kept, not counted again each run
    with Store(tmp_path / "c.duckdb") as store:
        store.write_many([encode_result(coded[0])])
        store.group_quotes()
        kept, counted = _counts(store)
        assert kept == counted and kept
        store.write_many([encode_result(coded[1])])
        store.group_quotes()  # the reprint's quotes: added to the counts, the first ones not again
        kept, counted = _counts(store)
        assert kept == counted and any(holders == 2 for _, holders in kept)
        store.group_quotes(full=True)
        store.group_quotes()
        assert _counts(store) == (kept, counted)


def test_key_holders_of_a_database_from_before_are_counted_once(coded, tmp_path):
    with Store(tmp_path / "old.duckdb") as store:
        store.write_many([encode_result(coded[0])])
        store.group_quotes()
        store.connection.execute("DELETE FROM quote_key_counts")  # as written before the counts
        store.write_many([encode_result(coded[1])])
        store.group_quotes()
        kept, counted = _counts(store)
        assert kept == counted and any(holders == 2 for _, holders in kept)
        # no quote grouped (its grouping state lost): no key counted twice when all are regrouped
        store.connection.execute("DELETE FROM quote_speakers")
        store.group_quotes()
        assert _counts(store) == (kept, counted)


def _prefix_sizes(store: Store) -> dict[str, tuple[int, int, int]]:
    """For each quote: its keys, its prefix keys, and how many of those are not its keys."""
    rows = store.connection.execute("""
        SELECT k.quote_id, count(DISTINCT k."key"),
               (SELECT count(*) FROM quote_prefixes p WHERE p.quote_id = k.quote_id),
               (SELECT count(*) FROM quote_prefixes p WHERE p.quote_id = k.quote_id
                AND p."key" NOT IN (SELECT "key" FROM quote_keys x WHERE x.quote_id = k.quote_id))
        FROM quote_keys k GROUP BY k.quote_id""").fetchall()
    return {quote_id: (n, prefix, strange) for quote_id, n, prefix, strange in rows}


def test_each_grouped_quote_has_its_prefix_recorded_once(coded, tmp_path):
    """A quote's prefix is all its keys but ``need - 1`` of them (``need``: half its keys, at
    least one), so that any quote saying the same words shares one; a database from before
    prefixes gets them."""
    with Store(tmp_path / "one.duckdb") as store:
        store.write_many([encode_result(r) for r in coded])
        store.group_quotes()
        _, expected = _keys_and_groups(store)
    with Store(tmp_path / "p.duckdb") as store:
        store.write_many([encode_result(coded[0])])
        store.group_quotes()
        first = _prefix_sizes(store)
        assert first and all(prefix == n - max(1, n // 2) + 1 and not strange
                             for n, prefix, strange in first.values())
        assert any(prefix < n for n, prefix, _ in first.values())
        store.connection.execute("DELETE FROM quote_prefixes")  # as written before the prefixes
        store.write_many([encode_result(coded[1])])
        store.group_quotes()
        both = _prefix_sizes(store)
        assert both.keys() > first.keys() and all(prefix == n - max(1, n // 2) + 1 and not strange
                                                  for n, prefix, strange in both.values())
        # the groups are those of one run over both
        assert _keys_and_groups(store)[1] == expected
        store.group_quotes(full=True)
        assert _prefix_sizes(store) == both  # none recorded twice
