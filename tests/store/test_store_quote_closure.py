"""A later batch regroups only the quotes its new ones reach (the closure), or all of them when
they reach many: either way the groups are those of one run over everything."""

from __future__ import annotations

from pathlib import Path

import pytest

from khaldun.pipeline import run
from khaldun.store import Store
from khaldun.store import _quotes

SPEAKERS = [
    ("Kenyan Interior Minister Fred Matiangi", "Nairobi",
     "We will not allow armed gangs to terrorise farmers in the Rift Valley any longer"),
    ("Nigerian President Muhammadu Buhari", "Abuja",
     "The security forces have been ordered to rescue every one of the kidnapped students"),
    ("Ethiopian Prime Minister Abiy Ahmed", "Addis Ababa",
     "Our door remains open to talks with anyone who lays down their weapons"),
    ("Ghanaian President Nana Akufo-Addo", "Accra",
     "Cocoa farmers will receive the new price from the first day of the season"),
    ("Senegalese President Macky Sall", "Dakar",
     "The fishing agreement protects our waters and the livelihoods of our fishermen"),
    ("Ugandan President Yoweri Museveni", "Kampala",
     "Anybody who attacks our soldiers across the border will face a strong response"),
    ("South African President Cyril Ramaphosa", "Pretoria",
     "Load shedding will end when the new power stations come fully online next year"),
    ("Tanzanian President Samia Suluhu Hassan", "Dodoma",
     "Investors are welcome and their money will be safe in this country"),
]


def _article(n: int, speaker: str, city: str, words: str, day: str = "Monday") -> str:
    return (f"Statement in {city}\nMarch {n + 2}, 2021\n\n"
            f"{speaker} spoke to reporters in {city} on {day}.\n\n"
            f"“{words},” {speaker.split()[-1]} said.\n")


def _write(directory: Path, articles: dict[str, str]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in articles.items():
        (directory / name).write_text(text, encoding="utf-8")
    return directory


def _groups(path: Path) -> tuple[list[tuple], list[tuple]]:
    with Store(path, read_only=True) as store:
        conn = store.connection
        groups = sorted(conn.execute("SELECT group_id, text, speaker_name, reports, documents "
                                     "FROM quote_groups").fetchall())
        links = sorted(conn.execute("SELECT q.doc_id, l.group_id FROM quote_links l "
                                    "JOIN quotes q USING (quote_id)").fetchall())
    return groups, links


@pytest.fixture(scope="module")
def batches(tmp_path_factory) -> tuple[Path, Path, Path]:
    root = tmp_path_factory.mktemp("closure")
    stored = {f"s{n}.txt": _article(n, *s) for n, s in enumerate(SPEAKERS)}
    stored["short.txt"] = _article(9, "Ivorian President Alassane Ouattara", "Abidjan",
                                   "Our farmers deserve a fair price")
    first = _write(root / "first", stored)
    # the later batch quotes Museveni again, one word edited by another outlet; a few words of
    # Ramaphosa's; Ouattara at length, his short quote inside; and Sall anew
    museveni, city, words = SPEAKERS[5]
    later = _write(root / "later", {
        "reprint.txt": _article(20, museveni, city, words.replace("a strong", "a very strong"), "Tuesday"),
        "excerpt.txt": _article(22, SPEAKERS[6][0], SPEAKERS[6][1], "the new power stations come fully online"),
        "long.txt": _article(23, "Ivorian President Alassane Ouattara", "Abidjan",
                             "Cocoa is the backbone of this economy and our farmers deserve a fair price for "
                             "every bag they deliver to the port this year"),
        "sall.txt": _article(21, "Senegalese President Macky Sall", "Dakar",
                             "Fuel prices will stay where they are until the end of the rainy season"),
    })
    return root, first, later


def _one_and_two_runs(root: Path, first: Path, later: Path, resources, name: str) -> tuple[Path, Path]:
    one, two = root / f"{name}-one.duckdb", root / f"{name}-two.duckdb"
    for path in (one, two):
        path.unlink(missing_ok=True)
    with Store(one) as store:
        run([first, later], store, resources)
    with Store(two) as store:
        run([first], store, resources)
        run([later], store, resources)
    return one, two


@pytest.fixture()
def scopes(monkeypatch) -> list:
    """What each closure of the runs returned (None: it gave up and every quote was regrouped)."""
    seen = []
    closure = _quotes._closure

    def recording(*args):
        seen.append(closure(*args))
        return seen[-1]

    monkeypatch.setattr(_quotes, "_closure", recording)
    return seen


@pytest.mark.parametrize("order", ["rarest", "commonest", "rarest-one-pair-pages"])
def test_a_later_batch_regroups_what_its_quotes_reach(batches, resources, scopes, monkeypatch, order) -> None:
    # any order of a quote's keys makes a prefix that a quote saying the same words shares:
    # commonest first puts the keys many quotes hold in the prefixes
    if order.endswith("one-pair-pages"):  # the closure reads its pairs one at a time, its memo renewed each time
        monkeypatch.setattr(_quotes, "FETCH", 1)
        monkeypatch.setattr(_quotes, "CLOSURE_MEMO", 0)
    if order == "commonest":
        monkeypatch.setattr(_quotes, "_PREFIXES", _quotes._PREFIXES.replace(
            "ORDER BY coalesce(c.holders, 0), k.\"key\"", "ORDER BY coalesce(c.holders, 0) DESC, k.\"key\" DESC"))
        assert _quotes._PREFIXES.count("DESC") == 2
    monkeypatch.setattr(_quotes, "CLOSURE_LIMIT", 1.0)  # a small database: never give up here
    one, two = _one_and_two_runs(*batches, resources, f"closure-{order}")
    # the four new quotes reached the stored Museveni, Ramaphosa and Ouattara quotes, no others
    with Store(two, read_only=True) as store:
        texts = dict(store.connection.execute("SELECT quote_id, text FROM quotes").fetchall())
    assert len(scopes) == 1 and scopes[0] is not None
    reached = sorted(texts[q] for q in scopes[0])
    assert len(reached) == 7 and {t.split()[0] for t in reached} == {
        "Anybody", "Load", "the", "Our", "Cocoa", "Fuel"}
    groups, links = _groups(two)
    assert (groups, links) == _groups(one)
    # the two reports of Museveni's words are one group, under the longer text
    museveni = [g for g in groups if "our soldiers" in g[1]]
    assert [(text, reports, documents) for _, text, _, reports, documents in museveni] == [
        ("Anybody who attacks our soldiers across the border will face a very strong response", 2, 2)]


def test_a_closure_reaching_many_quotes_regroups_them_all(batches, resources, scopes, monkeypatch) -> None:
    monkeypatch.setattr(_quotes, "CLOSURE_LIMIT", 0.1)
    one, two = _one_and_two_runs(*batches, resources, "limit")
    assert scopes == [None]  # given up: every quote regrouped
    assert _groups(two) == _groups(one)


def test_a_quote_sharing_only_its_commonest_keys_by_exactly_the_bound_is_still_reached(tmp_path) -> None:
    """The prefix bound, exactly: quote B has 5 lookup keys and shares 2 with A (7 keys), its two
    commonest (2 * 2 = 5 - 1: enough to say the same words).  B's prefix is its 4 rarest keys,
    so one shared key is the last of it, and the closure reaches B from A, and A from B.  Two
    other quotes hold the shared keys and say something else."""

    same = "the ceasefire talks will resume in Geneva next week"
    quotes = {"A": (same, [1, 2, 101, 102, 103, 104, 105]), "B": (same, [1, 2, 201, 202, 203]),
              "F1": ("the harvest was the best in a decade", [1, 2, *range(300, 318)]),
              "F2": ("prices will stay where they are", [1, 2, *range(400, 418)])}
    with Store(tmp_path / "bound.duckdb") as store:
        conn = store.connection
        for quote_id, (text, keys) in quotes.items():
            conn.execute("INSERT INTO quotes (quote_id, doc_id, text, \"start\", \"end\", kind) "
                         "VALUES (?, ?, ?, 0, ?, 'direct')", [quote_id, f"doc-{quote_id}", text, len(text)])
            conn.execute("INSERT INTO quote_speakers VALUES (?, 'person:speaker', ?)", [quote_id, len(keys)])
            conn.execute("INSERT INTO quote_keys SELECT ?, unnest(?::BIGINT[])", [quote_id, keys])
        _quotes._record_keys(conn, set(quotes))  # as grouping them first did: keys 1 and 2 held by 4
        prefix = conn.execute('SELECT "key" FROM quote_prefixes WHERE quote_id = \'B\' ORDER BY 1').fetchall()
        assert prefix == [(1,), (201,), (202,), (203,)]
        assert _quotes._closure(conn, {"A"}, 1000) == {"A", "B"}
        assert _quotes._closure(conn, {"B"}, 1000) == {"A", "B"}
        # a prefix one key shorter would miss B: the bound is tight
        conn.execute("DELETE FROM quote_prefixes WHERE quote_id = 'B' AND \"key\" = 1")
        assert _quotes._closure(conn, {"A"}, 1000) == {"A"}


def test_a_closure_that_would_compare_too_many_pairs_regroups_them_all(batches, resources, scopes,
                                                                      monkeypatch) -> None:
    """Past the candidate budget (here, any candidate row) the closure gives up before making
    any pair."""
    monkeypatch.setattr(_quotes, "CLOSURE_LIMIT", 1.0)
    monkeypatch.setattr(_quotes, "CANDIDATE_FLOOR", 0)
    monkeypatch.setattr(_quotes, "CANDIDATES_PER_QUOTE", 0.05)
    made: list[str] = []
    original = _quotes.QuoteTexts.same

    def counting(self, a, b):
        made.append(a)
        return original(self, a, b)

    monkeypatch.setattr(_quotes.QuoteTexts, "same", counting)
    one, two = _one_and_two_runs(*batches, resources, "budget")
    assert scopes == [None]  # given up: every quote regrouped
    assert made == []  # no pair was compared
    assert _groups(two) == _groups(one)


def _stored_counts(path: Path) -> tuple[list[tuple], list[tuple]]:
    """The key counts and recorded speakers a grouping leaves, for later batches' closures."""
    with Store(path, read_only=True) as store:
        conn = store.connection
        return (sorted(conn.execute("SELECT * FROM quote_key_counts").fetchall()),
                sorted(conn.execute("SELECT * FROM quote_speakers").fetchall()))


def _one_pass_and_waves(root: Path, first: Path, later: Path, resources, monkeypatch, name: str,
                        wave=lambda total: 3) -> tuple[Path, Path, int]:
    one, waves = root / f"{name}-pass.duckdb", root / f"{name}-waves.duckdb"
    for path in (one, waves):
        path.unlink(missing_ok=True)
    with Store(one) as store:
        run([first, later], store, resources)
        total = store.connection.execute("SELECT count(*) FROM quotes").fetchone()[0]
    monkeypatch.setattr(_quotes, "WAVE", wave(total))
    with Store(waves) as store:
        run([first, later], store, resources)
    return one, waves, total


def test_a_first_run_groups_its_quotes_in_waves_as_one_pass_would(batches, resources, scopes,
                                                                 monkeypatch) -> None:
    """A first run with more quotes than a wave takes them a wave at a time, each grouped with
    what it reaches of the waves before: the groups, and what later batches' closures read, are
    those of one pass over all of them."""
    monkeypatch.setattr(_quotes, "CLOSURE_LIMIT", 1.0)
    one, waves, total = _one_pass_and_waves(*batches, resources, monkeypatch, "waves")
    assert total > 9
    # one pass: no closure; waves: one closure for each wave after the first, none given up
    assert len(scopes) == -(-total // 3) - 1 and None not in scopes
    assert any(len(scope) > 3 for scope in scopes)  # a wave reached quotes of the waves before
    assert all(len(scope) < total for scope in scopes)
    assert _groups(waves) == _groups(one)
    assert _stored_counts(waves) == _stored_counts(one)


def test_a_wave_that_reaches_too_much_leaves_the_rest_to_one_pass(batches, resources, scopes,
                                                                  monkeypatch) -> None:
    monkeypatch.setattr(_quotes, "CLOSURE_LIMIT", 1.0)
    monkeypatch.setattr(_quotes, "CANDIDATE_FLOOR", 0)
    monkeypatch.setattr(_quotes, "CANDIDATES_PER_QUOTE", 0.05)
    one, waves, _ = _one_pass_and_waves(*batches, resources, monkeypatch, "gave-up")
    # the first wave whose quotes meet a grouped one gives up: all regrouped, the waves before included
    assert scopes[-1] is None and None not in scopes[:-1]
    assert _groups(waves) == _groups(one)
    assert _stored_counts(waves) == _stored_counts(one)


def test_a_wave_as_large_as_a_third_of_the_quotes_is_not_taken(batches, resources, scopes, monkeypatch) -> None:
    """Each wave's closure would give up at once (a third of all quotes): one pass, no waves."""
    one, waves, total = _one_pass_and_waves(*batches, resources, monkeypatch, "one-third",
                                            wave=lambda total: -(-total // 3))
    assert 3 < _quotes.WAVE < total
    assert scopes == []  # all grouped in one pass, no wave's closure tried
    assert _groups(waves) == _groups(one)
