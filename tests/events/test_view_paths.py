"""The event stages read the parse by token index through the document's DocView: a token or
its index gives the same answer, and the per-document and per-lexicon memos change no answer."""

from __future__ import annotations

from khaldun.events.arguments import Arguments
from khaldun.events.modality import flags_for
from khaldun.knowledge import verbs as verbs_module
from khaldun.timeplace.places import document_context, locate_event


def _parse(resources, text):
    doc = resources.nlp(text)
    found = resources.finder.find(doc, "2016-03-29")
    return doc, found, found.view_of(doc)


def _token(doc, word):
    return next(t for t in doc if t.text == word)


def test_flags_read_from_the_view_match_the_tokens(resources):
    doc, _, view = _parse(resources, "Turkey said it would not send troops to Syria, officials in Ankara said.")
    send = _token(doc, "send")
    by_token = flags_for(send, resources.verbs)
    by_index = flags_for(send.i, resources.verbs, view)
    assert by_index.negated and by_index.future
    assert by_index.reporter is not None and by_index.reporter.text == "said"
    assert (by_token.negated, by_token.future, by_token.hypothetical, by_token.notes) == (
        by_index.negated, by_index.future, by_index.hypothetical, by_index.notes)


def test_arguments_take_a_token_or_its_index(resources):
    doc, found, view = _parse(resources, "Russian jets struck rebel positions in Idlib province, "
                                         "and Iran sent aid to the Syrian government.")
    args = Arguments(doc, found, resources.knowledge, resources.places, view=view)
    struck, sent = _token(doc, "struck"), _token(doc, "sent")
    actors, how = args.subjects(struck.i)
    assert (actors, how) == args.subjects(struck)
    assert [a.country for a in actors] == ["RUS"]
    recipients = args.slot(sent.i, "prep:to")
    assert recipients == args.slot(sent, "prep:to")
    assert [r.country for r in recipients] == ["SYR"]
    assert [r.country for r in args.place_recipient(struck.i)] == ["SYR"]


def test_an_event_is_placed_alike_from_a_token_or_its_index(resources):
    doc, _, view = _parse(resources, "Syrian troops shelled rebel positions in Aleppo on Sunday.")
    shelled = _token(doc, "shelled")
    context = document_context(doc, resources.places, resources.knowledge, view=view)
    by_index = locate_event(doc, shelled.i, resources.places, context)
    by_token = locate_event(doc, shelled, resources.places)  # no context: built, with a view, here
    assert by_index is not None and by_index.location.name == "Aleppo"
    assert by_token == by_index


def test_lexicon_answers_are_fresh_lists_and_the_memo_is_bounded(resources, monkeypatch):
    lexicon = verbs_module.load_verbs()
    first = lexicon.verbs_for("attack")
    assert first
    first.clear()  # the caller's list: the lexicon's answer is unchanged
    assert lexicon.verbs_for("attack") == list(lexicon._lookup(lexicon.verbs, "attack"))
    assert lexicon.verbs_for("criticise") == lexicon.verbs_for("criticize")  # the spelling fallback, remembered
    monkeypatch.setattr(verbs_module, "_MEMO_SIZE", 8)
    for word in ("bomb", "shell", "meet", "visit", "sign", "accuse", "warn", "deploy", "free", "arrest"):
        lexicon.verbs_for(word)
        lexicon.nouns_for(word)
    assert len(lexicon._memo) <= 8
    assert lexicon.nouns_for("airstrike") == list(lexicon._lookup(lexicon.nouns, "airstrike"))


def test_one_expression_is_read_back_or_forward_by_its_clause(code_text):
    # the date expressions, resolved once per document, are still resolved per tense
    text = "Russian jets bombed rebel positions in Aleppo on Sunday. Iran will send troops to Syria on Sunday."
    dates = sorted((e.actor[0].country, e.date) for e in code_text(text).events)
    assert ("RUS", "2016-03-27") in dates  # published Tuesday 2016-03-29: the Sunday before
    assert ("IRN", "2016-04-03") in dates  # "will": the Sunday after
