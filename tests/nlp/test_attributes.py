"""The table attribute ruler gives exactly what the model's own attribute ruler gives."""

from __future__ import annotations

import pytest
from spacy.attrs import DEP, LEMMA, MORPH, POS, TAG

from khaldun.nlp import load_model
from khaldun.nlp.attributes import CachedLemmatizer, TableAttributeRuler, replace_attribute_ruler, wrap_lemmatizer

# Our own sentences, written to reach the ruler's less common rules: contractions, "let's",
# expletive "there", pronouns as subject and object, auxiliaries, determiners used as pronouns,
# "but" as an adverb, and runs of white space.
TEXTS = [
    "There is no sign that the convoy reached Madaya, and there were reports it was turned back.",
    "\"I told them it ain't over,\" the commander said.  \"We're gonna hold the bridge, y'all.\"\n\n"
    "Let's be clear: nothin' has changed since Tuesday.",
    "That was all he said. Which of the two sides fired first is still unknown; those who saw it "
    "say it was the army.",
    "The talks have been postponed, but the envoy did meet the rebels' delegation, and he has "
    "said he would do it again.",
    "Russia's defence ministry said its jets had struck 40 targets, but only 12 of them were "
    "confirmed.\n   \nIt gave no details.",
    "You can't win this war, the minister told them; they got to go home. C'mon, he added.",
]
ATTRS = [TAG, POS, MORPH, LEMMA, DEP]


@pytest.fixture(scope="module")
def models():
    stock = load_model()
    table = load_model()
    replace_attribute_ruler(table)
    wrap_lemmatizer(table)
    return stock, table


def _rows(doc):
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_) for t in doc]


def test_the_swap_keeps_the_component_in_its_place(models):
    stock, table = models
    assert table.pipe_names == stock.pipe_names
    assert isinstance(table.get_pipe("attribute_ruler"), TableAttributeRuler)
    assert isinstance(table.get_pipe("lemmatizer"), CachedLemmatizer)


@pytest.mark.parametrize("text", TEXTS)
def test_same_tags_parts_of_speech_morphology_and_lemmas(models, text):
    stock, table = models
    expected, got = stock(text), table(text)
    assert _rows(got) == _rows(expected)
    assert (got.to_array(ATTRS) == expected.to_array(ATTRS)).all()


def test_rules_the_tables_cannot_hold_still_apply(models):
    """A pattern with an operator goes to the matcher; later rules still win over earlier ones."""
    stock, _ = models
    nlp = load_model()
    ruler = nlp.get_pipe("attribute_ruler")
    # a two-token pattern with an operator (matcher), then a later one-token rule on the same word
    ruler.add([[{"LOWER": "air"}, {"LOWER": "strikes", "OP": "?"}]], {"LEMMA": "air-attack"})
    ruler.add([[{"LOWER": "strikes"}]], {"LEMMA": "strike-late"})
    text = "The air strikes hit the town; more air raids followed."
    expected = _rows(nlp(text))
    replace_attribute_ruler(nlp)
    got = _rows(nlp(text))
    assert got == expected
    assert [row[4] for row in got if row[0] in ("air", "strikes")] == ["air-attack", "strike-late", "air-attack"]


def test_an_empty_document(models):
    _, table = models
    assert len(table("")) == 0


def test_the_lemmatizer_memo_gives_the_same_lemmas_on_a_second_pass(models):
    """Lemmas come from the memo the second time a word is seen: still the lemmatizer's answers."""
    stock, table = models
    text = TEXTS[3] + " " + TEXTS[4]
    first, second = _rows(table(text)), _rows(table(text))
    assert first == second == _rows(stock(text))
    assert {row[4] for row in first if row[0] in ("postponed", "struck", "confirmed")} == {"postpone", "strike", "confirm"}


def test_khaldun_pipeline_uses_the_faster_components(resources):
    assert isinstance(resources.nlp.get_pipe("attribute_ruler"), TableAttributeRuler)
    assert isinstance(resources.nlp.get_pipe("lemmatizer"), CachedLemmatizer)
    # the verb-form fixer still finds the model's irregular verbs through the wrapper
    assert resources.nlp.get_pipe("khaldun_verb_forms").forms.get("retook") == "retake"
