"""group_quotes: the same quote in several documents is one group."""

from __future__ import annotations

import itertools

from khaldun.quotes import group_quotes, normalize_quote
from khaldun.records import ActorRef, Quote

ANSARI = ActorRef(text="Ansari", name="Hossein Jaber Ansari", country="IRN", sectors=["GOV"], actor_id="a1")


def _q(doc: str, text: str, start: int = 0, kind: str = "direct", speaker=ANSARI, cue="say") -> Quote:
    return Quote(quote_id=f"{doc}:{start}", doc_id=doc, text=text, start=start, end=start + len(text), kind=kind,
                 speaker=speaker, cue=cue)


WIRE = "Our support for the fight against terrorism in the region will continue without pause"


def test_same_words_in_three_documents_make_one_group():
    items = [(_q("d1", WIRE), "a1"), (_q("d2", WIRE.replace("Our", "“Our") + ".”"), "a1"),
             (_q("d3", WIRE.lower(), cue="add"), None)]
    groups = group_quotes(items)
    assert len(groups) == 1
    g = groups[0]
    assert g.reports == 3 and g.documents == 3 and g.speaker_id == "a1" and g.cue == "say"
    assert g.direct and g.speaker.name == "Hossein Jaber Ansari"
    assert [q.doc_id for q in g.members] == ["d1", "d2", "d3"]


def test_a_shorter_excerpt_joins_the_longer_quote_and_the_longest_text_wins():
    short = "the fight against terrorism in the region will continue"
    groups = group_quotes([(_q("d1", short, kind="partial"), "a1"), (_q("d2", WIRE), "a1")])
    assert len(groups) == 1 and groups[0].text == WIRE and groups[0].kind == "direct"


def test_lightly_edited_wire_copy_is_the_same_quote():
    edited = "Our support for the fight against terrorism in this region will continue without any pause"
    assert len(group_quotes([(_q("d1", WIRE), "a1"), (_q("d2", edited), "a1")])) == 1


def test_different_speakers_or_different_words_stay_apart():
    other = ActorRef(text="Peskov", name="Dmitry Peskov", country="RUS", sectors=["GOV"], actor_id="p1")
    groups = group_quotes([(_q("d1", WIRE), "a1"), (_q("d2", WIRE, speaker=other), "p1"),
                           (_q("d3", "The talks in Astana were useful and will go on next month"), "a1")])
    assert len(groups) == 3


def test_short_fragments_only_match_exactly():
    groups = group_quotes([(_q("d1", "very good", kind="partial"), "a1"),
                           (_q("d2", "the situation in Syria is very good"), "a1")])
    assert len(groups) == 2


def test_grouping_does_not_depend_on_input_order():
    items = [(_q("d1", WIRE), "a1"), (_q("d2", WIRE + "."), None),
             (_q("d3", "the fight against terrorism in the region will continue", kind="partial"), "a1"),
             (_q("d4", "The talks in Astana were useful and will go on next month"), "a1"),
             (_q("d5", "The talks in Astana were useful"), None)]
    reference = [(g.quote_id, g.text, [q.quote_id for q in g.members]) for g in group_quotes(items)]
    for perm in itertools.permutations(items):
        got = [(g.quote_id, g.text, [q.quote_id for q in g.members]) for g in group_quotes(list(perm))]
        assert got == reference
    assert len(reference) == 2


def test_normalisation_ignores_case_marks_and_punctuation():
    assert normalize_quote("“We won’t stop,” he said.") == normalize_quote('"we wont stop" he said')


def test_grouping_leaves_the_cycle_collector_as_it_found_it():
    import gc

    items = [(_q("d1", WIRE), "a1"), (_q("d2", WIRE), None)]

    def failing():
        yield items[0]
        raise ValueError("a bad quote")

    assert gc.isenabled()
    try:
        assert len(group_quotes(items)) == 1 and gc.isenabled()
        try:
            group_quotes(failing())
        except ValueError:
            pass
        assert gc.isenabled()  # on again after an error too
        gc.disable()
        assert len(group_quotes(items)) == 1 and not gc.isenabled()  # not switched on behind the caller
    finally:
        gc.enable()
