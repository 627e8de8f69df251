"""The one model loader and our pipeline components."""

from __future__ import annotations

import pytest

from khaldun.nlp import ModelNotFound, load_model


def test_load_model_prefers_installed_packages():
    nlp = load_model()
    assert {"parser", "ner", "lemmatizer"} <= set(nlp.pipe_names)


def test_missing_model_names_the_fix():
    with pytest.raises(ModelNotFound, match="requirements/model.txt"):
        load_model("no_such_model_package")


def test_pipeline_adds_our_components(resources):
    names = resources.nlp.pipe_names
    assert names.index("khaldun_paragraphs") < names.index("parser")
    assert names.index("khaldun_lexicon_entities") < names.index("ner") < names.index("khaldun_entity_fixer")


def test_headline_and_date_line_are_not_merged_with_the_story(resources):
    text = ("Turkey Shoots Down Russian Jet Near Syrian Border\n\n"
            "Ankara said its F-16s fired on the plane after ten warnings.")
    sents = [s.text.strip() for s in resources.nlp(text).sents]
    assert sents[0] == "Turkey Shoots Down Russian Jet Near Syrian Border"
    assert sents[1].startswith("Ankara said")


def _ents(resources, text):
    return {e.text: e.label_ for e in resources.nlp(text).ents}


def test_lexicon_names_override_the_model(resources):
    ents = _ents(resources, "President Rouhani spoke with Shamkhani about the fight against Daesh.")
    assert ents.get("Rouhani") == "PERSON"
    assert ents.get("Shamkhani") == "PERSON"
    assert ents.get("Daesh") == "ORG"


def test_towns_tagged_as_people_become_places(resources):
    ents = _ents(resources, "Government troops advanced on Palmyra and shelled villages near Hama.")
    assert ents.get("Palmyra") == "GPE"
    assert ents.get("Hama", "GPE") == "GPE"


def test_lexicon_entities_respect_case_constraints(resources):
    ents = _ents(resources, "Officials told us the US would send envoys to Turkey, not turkey farmers.")
    assert ents.get("US") == "GPE" and ents.get("Turkey") == "GPE"
    assert "us" not in ents and "turkey" not in ents


def test_model_entities_that_are_headline_verbs_are_dropped(resources):
    doc = resources.nlp("Iran Defense Minister Calls on Syria to Intensify Fight against ISIS")
    labels = {e.text: e.label_ for e in doc.ents}
    assert "Calls" not in labels and labels.get("Syria") == "GPE" and labels.get("ISIS") == "ORG"
