"""The store groups quotes by their places and makes the groups a page of records at a time:
the same tables whatever the page size, and never more records held than a page."""

from __future__ import annotations

import hashlib
import random
from pathlib import Path

import pytest

from khaldun.quotes import group_quotes
from khaldun.quotes.finder import quote_id
from khaldun.quotes.group import QuoteTexts, finish_group, number_groups
from khaldun.records import ActorRef, DocResult, Document, Quote
from khaldun.store import Store
from khaldun.store import _quotes

SAID = [
    ("Yoweri Museveni", "UGA", "Anybody who attacks our soldiers across the border will face a strong response"),
    ("Cyril Ramaphosa", "ZAF", "Load shedding will end when the new power stations come fully online next year"),
    ("Abiy Ahmed", "ETH", "Our door remains open to talks with anyone who lays down their weapons"),
    ("Macky Sall", "SEN", "The fishing agreement protects our waters and the livelihoods of our fishermen"),
    (None, None, "We will not allow armed gangs to terrorise farmers in the Rift Valley any longer"),
]


#: Words of the one-off remarks each outlet also reports (quoted once, never again).
VOCABULARY = ("budget", "harbour", "council", "drought", "railway", "teachers", "clinic", "market", "tax",
              "bridge", "election", "court", "river", "police", "wheat", "fuel", "school", "road")


def _versions(words: str, rng: random.Random) -> list[str]:
    """How outlets report the words: verbatim, one word edited, cut short, an excerpt."""
    split = words.split()
    edited = list(split)
    edited[len(split) // 2] = "very " + edited[len(split) // 2]
    return [words, " ".join(edited), " ".join(split[:-2]), " ".join(split[2:8]), words.upper()][:rng.randint(2, 5)]


def _document(n: int, reports: list[tuple[str | None, str | None, str]]) -> DocResult:
    paragraphs = [f"Report {n} from the regional desk."]
    for name, _, words in reports:
        paragraphs.append(f"“{words},” {name or 'an official'} said on day {n}.")
    text = "\n\n".join(paragraphs)
    doc_id = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    quotes = []
    for name, country, words in reports:
        start = text.index(words)
        end = start + len(words)
        speaker = None
        if name is not None:
            s = text.index(name, end)
            speaker = ActorRef(text=name, name=name, country=country, sectors=["GOV"], start=s, end=s + len(name))
        quotes.append(Quote(quote_id=quote_id(doc_id, start, end), doc_id=doc_id, text=words, start=start,
                            end=end, kind="direct", speaker=speaker, cue="say", rule="test"))
    return DocResult(Document(doc_id=doc_id, path=f"d{n}.txt", text=text), quotes=quotes)


def _corpus(seed: int, documents: int) -> list[DocResult]:
    rng = random.Random(seed)
    versions = {words: _versions(words, rng) for _, _, words in SAID}
    out = []
    for n in range(documents):
        reports = []
        for name, country, words in rng.sample(SAID, rng.randint(1, 3)):
            # some outlets leave the speaker out
            reports.append((name if rng.random() < 0.8 else None, country, rng.choice(versions[words])))
        if rng.random() < 0.5:
            remark = " ".join(rng.sample(VOCABULARY, 7))
            reports.append(("Amina Mohammed", "NGA", f"The {remark} matter on day {n}"))
        out.append(_document(n, reports))
    return out


def _tables(store: Store) -> dict[str, list[tuple]]:
    conn = store.connection
    return {table: sorted(conn.execute(f"SELECT * FROM {table}").fetchall())
            for table in ("quote_groups", "quote_links", "quote_speakers", "quote_key_counts")}


def _grouped(path: Path, batches: list[list[DocResult]], chunk: int) -> dict[str, list[tuple]]:
    with Store(path) as store:
        for batch in batches:
            store.write_many(batch)
            _quotes.group_stored_quotes(store.connection, chunk=chunk)
        tables = _tables(store)
        # what group_quotes makes of the stored quotes, all held at once
        groups = group_quotes(_quotes.read_quotes(store.connection))
    assert tables["quote_groups"] == sorted(_quotes._group_row(g) for g in groups)
    assert tables["quote_links"] == sorted((q.quote_id, g.quote_id) for g in groups for q in g.members)
    return tables


@pytest.mark.parametrize("seed", [3, 11])
def test_page_sizes_give_the_tables_of_one_page(tmp_path: Path, seed: int) -> None:
    docs = _corpus(seed, 24)
    # the later batch also quotes Museveni at more length: his group is named after the longest
    # report, so its id changes and every earlier report of it moves to the new id
    name, country, words = SAID[0]
    docs.append(_document(99, [(name, country, f"{words} and we will not hesitate")]))
    first, later = docs[:18], docs[18:]
    with Store(tmp_path / "before.duckdb") as store:
        store.write_many(first)
        store.group_quotes()
        before = dict(store.connection.execute("SELECT quote_id, group_id FROM quote_links").fetchall())
    one = _grouped(tmp_path / "one.duckdb", [first, later], chunk=10_000)
    after = dict(one["quote_links"])
    assert any(after[q] != g for q, g in before.items())  # links moved
    assert len(one["quote_groups"]) >= len(SAID) and len(one["quote_links"]) > len(one["quote_groups"])
    for chunk in (1, 2, 3, 7):
        assert _grouped(tmp_path / f"c{chunk}.duckdb", [first, later], chunk=chunk) == one
    # and one run over everything, in pages, gives what the two runs gave
    assert _grouped(tmp_path / "all.duckdb", [docs], chunk=2) == one


def test_a_page_holds_whole_groups_and_no_more_records_than_it_must(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[int] = [0]
    pages: list[tuple[int, int]] = []  # (records made, groups written) for each page
    record = _quotes._quote

    def counting(row: tuple) -> tuple:
        made[0] += 1
        return record(row)

    real_insert = _quotes.insert_rows

    def insert(conn, table, columns, rows) -> None:
        if table == "_quote_groups_new":
            pages.append((made[0], len(rows)))
            made[0] = 0
        real_insert(conn, table, columns, rows)

    monkeypatch.setattr(_quotes, "_quote", counting)
    monkeypatch.setattr(_quotes, "insert_rows", insert)
    with Store(tmp_path / "db.duckdb") as store:
        store.write_many(_corpus(5, 30))
        _quotes.group_stored_quotes(store.connection, chunk=4)
        groups = store.connection.execute("SELECT count(*) FROM quote_groups").fetchone()[0]
        total = store.connection.execute("SELECT count(*) FROM quotes").fetchone()[0]
    assert sum(made for made, _ in pages) == total and sum(n for _, n in pages) == groups
    # a page holds at most the chunk, unless one group alone is larger: then it holds that group only
    assert all(made <= 4 or n == 1 for made, n in pages)
    assert any(made > 4 for made, _ in pages) and any(n > 1 for _, n in pages)  # both kinds happen


def test_a_page_size_below_one_is_refused(tmp_path: Path) -> None:
    with Store(tmp_path / "db.duckdb") as store:
        with pytest.raises(ValueError, match="chunk"):
            _quotes.group_stored_quotes(store.connection, chunk=0)


def test_numbered_groups_finished_are_the_groups_of_group_quotes() -> None:
    quotes = [(q, f"id:{q.speaker.name}" if q.speaker else None) for d in _corpus(8, 20) for q in d.quotes]
    expected = group_quotes(quotes)
    texts = QuoteTexts()
    numbers = number_groups([(q.quote_id, q.doc_id, q.start, q.end, q.text, sid) for q, sid in quotes], texts)
    assert sorted(n[0] for n in numbers) == sorted(q.quote_id for q, _ in quotes)
    by_id = {q.quote_id: (q, sid) for q, sid in quotes}
    members: dict[int, list] = {}
    speakers: dict[int, str | None] = {}
    for qid, n, speaker_id in numbers:
        members.setdefault(n, []).append(by_id[qid])
        speakers[n] = speaker_id
    assert sorted(members) == list(range(len(members)))  # numbered from 0, none skipped
    finished = sorted((finish_group(members[n], speakers[n], texts) for n in members),
                      key=lambda g: (g.quote_id, g.members[0].doc_id, g.members[0].start))
    assert finished == expected
    # the corpus has what the numbering must get right: groups of several reports, and
    # reports without a speaker inside groups that have one
    assert any(g.reports > 1 for g in expected)
    assert any(g.speaker_id is not None and any(q.speaker is None for q in g.members) for g in expected)
