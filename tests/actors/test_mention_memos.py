"""The finder's memos (sectors by entry and date, role words) answer as the functions they remember."""

from __future__ import annotations

import dataclasses

from khaldun.actors.mentions import ActorMention, _At, sectors_on

TEXT = (
    "Iranian President Hassan Rouhani met Russian Defence Minister Sergei Shoigu in Tehran on Tuesday. "
    "Rouhani said Iran's armed forces would keep supporting the Syrian army. "
    "Rebel commanders in Idlib said government forces shelled their positions."
)


def test_entity_positions_fill_the_first_mention_fields():
    fields = [f.name for f in dataclasses.fields(ActorMention)]
    assert list(_At._fields) == fields[: len(_At._fields)]


def test_sectors_memo_answers_per_entry_and_date(resources):
    finder = resources.finder
    rouhani = next(e for e in resources.knowledge.candidates("Hassan Rouhani") if e.kind == "person")
    assert any(r.start or r.end for r in rouhani.roles)  # dated roles: the date decides
    for date in ("2012-05-01", "2016-03-29", None, "2016-03-29"):
        got = finder._sectors_on(rouhani, date)
        assert got == sectors_on(rouhani, date)
        got.append("XXX")  # callers may change what they get: the memo keeps its own copy
        assert finder._sectors_on(rouhani, date) == sectors_on(rouhani, date)
    assert finder._sectors_on(rouhani, "2012-05-01") != finder._sectors_on(rouhani, "2016-03-29")


def test_a_second_finding_of_the_same_text_is_the_same(resources):
    doc = resources.nlp(TEXT)
    first = resources.finder.find(doc, "2016-03-29").mentions
    again = resources.finder.find(doc, "2016-03-29").mentions  # now from the memos
    assert [(m.text, m.name, m.country, m.sectors, m.rule) for m in first] == \
        [(m.text, m.name, m.country, m.sectors, m.rule) for m in again]
    roles = {m.text: m for m in first if m.label == "ROLE"}
    assert roles["Rebel commanders"].sectors[:1] == ["REB"]
    rouhani = next(m for m in first if m.text == "Rouhani")
    assert rouhani.name == "Hassan Rouhani" and rouhani.country == "IRN"


def test_actor_ids_memo_gives_the_stable_ids():
    from khaldun.actors.naming import ActorIds, actor_id

    ids = ActorIds(size=2)
    keys = [("Hassan Rouhani", "person", "IRN"), ("Syrian military", "group", "SYR"),
            ("Islamic State", "organization", None), ("Hassan Rouhani", "person", "IRN")]
    for key in keys:
        assert ids(*key) == actor_id(*key)
        assert len(ids) <= 2  # emptied when full
    assert ids("Hassan Rouhani", "person", "IRN") != ids("Hassan Rouhani", "person", None)


def test_later_stages_share_the_finders_actor_ids(resources):
    from khaldun.actors import build_actors

    doc = resources.nlp(TEXT)
    found = resources.finder.find(doc, "2016-03-29")
    assert found.ids is resources.finder.ids
    mentions, actors = build_actors("d1", doc, found, resources.knowledge, "2016-03-29")
    found.ids = None  # made by hand: the stage hashes its own, with the same result
    again, _ = build_actors("d1", doc, found, resources.knowledge, "2016-03-29")
    assert [m.actor_id for m in mentions] == [m.actor_id for m in again]
    assert {a.actor_id for a in actors} == {m.actor_id for m in mentions}


def _readings(finder, doc, date):
    return [(m.text, m.label, m.name, m.kind, m.country, m.sectors, m.rule, m.entry_key)
            for m in finder.find(doc, date).mentions]


def test_entity_and_role_readings_do_not_depend_on_what_was_read_before(resources):
    """The (text, label) and role-phrase memos hold what a name means anywhere; what depends on the
    place ("Syrian" modifying "troops" names no one, "the Syrians" is the state) is read in each document."""
    from khaldun.actors.mentions import MentionFinder

    alone = resources.nlp("The Syrians rejected the plan. Rebel commanders met the commanders of the army.")
    modifier = resources.nlp("Syrian troops entered Idlib, and the Kremlin said Russian commanders helped them.")
    expected = {}
    for doc in (alone, modifier):
        fresh = MentionFinder(resources.knowledge, resources.places)  # empty memos
        expected[doc.text] = _readings(fresh, doc, "2019-05-07")
    for order in ((alone, modifier), (modifier, alone)):
        finder = MentionFinder(resources.knowledge, resources.places)
        for doc in order:
            assert _readings(finder, doc, "2019-05-07") == expected[doc.text]
        assert finder._entities and finder._role_phrases  # the memos were used
    by_text = {r[0]: r for r in expected[alone.text]}
    assert by_text["Syrians"][4] == "SYR" and by_text["Syrians"][6].startswith("demonym:")
    assert by_text["Rebel commanders"][5][:1] == ["REB"] and by_text["the commanders"][5][:1] == ["MIL"]
    troops = {r[0]: r for r in expected[modifier.text]}
    assert "Syrian" not in troops  # a demonym modifying a role names no actor of its own
    assert troops["Syrian troops"][4] == "SYR"
    assert troops["Kremlin"][6].startswith("metonym:") and troops["Kremlin"][4:6] == ("RUS", ["GOV"])


def test_coordinated_countries_still_make_their_own_mentions(resources):
    """Only role phrases whose head can reach a conjunct are asked for coordinated countries."""
    from khaldun.actors import build_actors

    doc = resources.nlp("Russian and Turkish officers met in Ankara. The officers agreed on a ceasefire.")
    found = resources.finder.find(doc, "2019-05-07")
    mentions, actors = build_actors("d1", doc, found, resources.knowledge, "2019-05-07")
    coordinated = [m for m in mentions if m.rule.endswith("+coordination")]
    assert [m.text for m in coordinated] == ["Turkish"]
    assert {a.country for a in actors if a.kind == "group"} >= {"RUS", "TUR"}
