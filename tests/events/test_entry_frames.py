"""The coder's verb entry and event history, read once per verb and without copies, answer as the
lexicon's own conditions (:meth:`VerbEntry.applies`, :meth:`VerbEntry.applies_context`) and the
list of earlier events would."""

from __future__ import annotations

import datetime as dt

import pytest

from khaldun.events.coder import _Context, _Doc, _History, _joined_words, _object_lemmas, _temporal_preps
from khaldun.nlp.view import DocView

TEXT = (
    "On Sunday, Russia called on Syria to halt the shelling of Idlib, and Turkey called for talks. "
    "The United States launched airstrikes on Raqqa and carried out a raid near Deir ez-Zor, while "
    "Iran stepped up its support for the militias and gave the army new rockets. "
    "Jordan suspended aid deliveries to the camps, Egypt extended an invitation to the envoy and "
    "Qatar provided Syria with food aid. Israel fired two artillery shells at the border post. "
    "The rebels pulled out of Aleppo and handed over the prisoners to the Red Crescent. "
    "Germany imposed sanctions on the banks; France lifted its embargo and held talks with Iran. "
    "On Monday the ministers staged a walkout, and the protesters called the move a provocation."
)


def _reference_entry(coder, view: DocView, i: int, temporal: frozenset[int]):
    """The first entry whose conditions hold, with the arguments read as :meth:`VerbEntry.applies`
    documents them: preposition and particle texts, object lemmas, the lemmas of each preposition's
    objects and, for entries that list their objects, the objects' noun modifiers."""
    lemma, form = view.lemma_lower[i], view.lower[i]
    candidates = [*(coder.verbs.verbs_for(form) if form != lemma else []), *coder.verbs.verbs_for(lemma)]
    kids = view.children(i)
    preps = [view.words[c] for c in kids if view.dep[c] in {"prep", "agent", "dative"} and c > i and c not in temporal]
    particles = [view.words[c] for c in kids if view.dep[c] == "prt"]
    objects = [c for c in kids if view.dep[c] in {"dobj", "nsubjpass"}]
    objects += [g for o in objects for g in view.conjuncts(o)]
    prep_objects: dict[str, list[str]] = {}
    for c in kids:
        if view.dep[c] in {"prep", "agent", "dative"} and c > i:
            prep_objects.setdefault(view.lower[c], []).extend(
                w for p in view.children(c) if view.dep[p] in {"pobj", "pcomp"} for w in _object_lemmas(view, p))
    lemmas = [w for o in objects for w in _object_lemmas(view, o)] or [None]
    modifiers = [view.lemma_lower[c] for o in objects for c in view.children(o)
                 if view.dep[c] == "compound" and view.pos[c] == "NOUN"]
    modifiers += [w for o in objects for w in _joined_words(view, o)]
    for entry in candidates:
        if not (any(entry.applies(preps, particles, obj, prep_objects) for obj in lemmas)
                or (entry.objects and any(entry.applies(preps, particles, m, prep_objects) for m in modifiers))):
            continue
        context = _Context(view.token(i))
        if not entry.applies_context(context.window, context.compound, context.phrases):
            continue
        return entry
    return None


@pytest.fixture(scope="module")
def doc(resources):
    return resources.nlp(TEXT)


def test_each_verbs_entry_is_the_first_whose_conditions_hold(doc, resources):
    coder = resources.coder
    view = DocView(doc)
    state = _Doc(view, dt.date(2019, 5, 7))
    temporal = _temporal_preps(view)
    verbs = [t.i for t in doc if t.pos_ == "VERB"]
    found = {i: coder._verb_entry(i, state) for i in verbs}
    assert found == {i: _reference_entry(coder, view, i, temporal) for i in verbs}
    by_word = {doc[i].text: e for i, e in found.items() if e is not None}
    # conditional frames pick different senses of one verb
    assert by_word["called"].type == "REQUEST"  # "called on Syria", "called for talks"
    assert by_word["launched"].type == "ASSAULT" and by_word["carried"].type == "ASSAULT"
    assert {"suspended", "provided", "imposed", "lifted"} <= set(by_word)
    assert len({id(e) for e in by_word.values()}) >= 8


def test_the_history_reads_earlier_events_latest_first_without_a_copy():
    done, current = ["a", "b"], ["c"]
    history = _History(done, current)  # type: ignore[arg-type]
    assert list(reversed(history)) == ["c", "b", "a"] and list(history) == ["a", "b", "c"]
    current.append("d")  # the sentence's next event is seen by the next trigger
    assert list(reversed(history)) == list(reversed(done + current)) and len(history) == 4
    assert not _History([], [])
