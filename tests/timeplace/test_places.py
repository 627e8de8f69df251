"""Toponyms: the transliteration-aware normaliser, resolution, datelines and each event's place.

Every sentence here is written by us.
"""

from __future__ import annotations

import pytest

from khaldun.timeplace.gazetteer import distance_km
from khaldun.timeplace.places import dateline, document_context, locate, resolve_toponym
from khaldun.timeplace.toponyms import name_key, skeleton

# --- the normaliser ----------------------------------------------------------------------------------


@pytest.mark.parametrize("variant, canonical", [
    ("Jisr ash-Shughur", "Jisr ash Shughūr"),        # hyphen, macron
    ("Jisr al-Shughour", "Jisr ash Shughūr"),        # other article, ou/u
    ("Deir Ezzor", "Deir ez-Zor"),                   # assimilated article glued to the noun
    ("Deir al-Zour", "Deir ez-Zor"),                 # al/ez, ou/o
    ("Dayr az Zawr", "Deir ez-Zor"),                 # ay/ei, aw/o
    ("Qamishli", "Al Qāmishlī"),                     # leading article, diacritics
    ("Kamishly", "Al Qāmishlī"),                     # k/q, y/i
    ("Raqqa", "Ar Raqqah"),                          # article, final h
    ("Rakka", "Ar Raqqah"),                          # doubled k/q
    ("Hama", "Ḩamāh"),                               # ḩ-style dot-below letters, final h
    ("Idlip", "Idlib"),                              # p/b
    ("Edlib", "Idlib"),                              # e/i
    ("Sana'a", "Sanaa"),                             # apostrophe
    ("Homs", "Hims"),                                # o/i
    ("Mosul", "Mawsil"),                             # o/aw
    ("Kiev", "Kyiv"),                                # ie/yi
])
def test_spelling_variants_meet_on_one_skeleton(variant, canonical):
    assert skeleton(variant) == skeleton(canonical)


@pytest.mark.parametrize("one, other", [("Homs", "Hama"), ("Idlib", "Aleppo"), ("Raqqa", "Riyadh"),
                                        ("Deir ez-Zor", "Deir Hafer")])
def test_different_names_keep_different_skeletons(one, other):
    assert skeleton(one) != skeleton(other)


def test_name_key_is_exact_up_to_case_accents_and_punctuation():
    assert name_key("Jisr ash-Shughūr") == name_key("JISR ASH SHUGHUR") == "jisr ash shughur"
    assert name_key("Sana’a") == "sanaa"
    assert name_key("the Gaza Strip") == "gaza strip"
    assert name_key("Deir Ezzor") != name_key("Deir ez-Zor")  # that one is the skeleton's job


# --- the gazetteer and resolution ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def gaz(resources):
    return resources.places


def test_gazetteer_keeps_the_ner_fixup_api(gaz):
    assert "Palmyra" in gaz and "Idlib" in gaz
    assert "Blorfington" not in gaz
    assert gaz.country_of("Idlib") == "SYR"
    assert gaz.country_of("Palmyra") == "SYR"
    assert "aleppo" in gaz.names


@pytest.mark.parametrize("name, context, expected, country", [
    ("Jisr ash-Shughur", [], "Jisr ash Shughūr", "SYR"),
    ("Jisr al-Shughour", ["SYR"], "Jisr ash Shughūr", "SYR"),
    ("Deir al-Zour", [], "Deir ez-Zor", "SYR"),      # an alternate name: no context needed
    ("Deir Ezzor", ["SYR"], "Deir ez-Zor", "SYR"),   # a variant: trusted in a Syrian story
    ("Qamishli", [], "Al Qāmishlī", "SYR"),
    ("Kamishly", ["SYR"], "Al Qāmishlī", "SYR"),
    ("Palmyra", ["SYR"], "Tadmur", "SYR"),
    ("Raqqa", [], "Ar Raqqah", "SYR"),
    ("Hama", [], "Ḩamāh", "SYR"),
    ("Idlip", [], "Idlib", "SYR"),
    ("Kiev", [], "Kyiv", "UKR"),
])
def test_transliterated_names_resolve(gaz, name, context, expected, country):
    loc = resolve_toponym(name, context, gaz)
    assert loc is not None and loc.name == expected and loc.country == country
    assert loc.precision == "city" and loc.geonameid is not None


def test_a_spelling_variant_needs_the_documents_country(gaz):
    assert resolve_toponym("Deir Ezzor", ["SYR"], gaz).name == "Deir ez-Zor"
    assert resolve_toponym("Deir Ezzor", [], gaz) is None  # no guessing without context
    assert resolve_toponym("Strait", ["GBR"], gaz) is None  # a common noun is not the town of Street


def test_documents_countries_choose_among_namesakes(gaz):
    assert resolve_toponym("Tripoli", [], gaz).country == "LBY"  # the larger one
    assert resolve_toponym("Tripoli", ["LBN"], gaz).country == "LBN"
    assert resolve_toponym("Paris", ["USA"], gaz).country == "FRA"  # context does not beat a capital


def test_precision_classes(gaz):
    syria = resolve_toponym("Syria", [], gaz)
    assert (syria.precision, syria.country) == ("country", "SYR")
    assert 100 < distance_km(syria.lat, syria.lon, 33.51, 36.29) < 500  # its middle, not Damascus
    region = resolve_toponym("Idlib province", [], gaz)
    assert (region.name, region.precision) == ("Idlib Governorate", "region")
    assert resolve_toponym("Donetsk region", [], gaz).name == "Donetsk Oblast"
    assert resolve_toponym("Texas", [], gaz).precision == "region"
    assert resolve_toponym("the Kerch Strait", [], gaz).precision == "region"
    assert resolve_toponym("northern Idlib", [], gaz).name == "Idlib"


def test_demonyms_stand_for_countries_with_knowledge(gaz, resources):
    loc = resolve_toponym("Syrian", [], gaz, knowledge=resources.knowledge)
    assert (loc.name, loc.precision) == ("Syria", "country")
    assert resolve_toponym("Syrian", [], gaz) is None or resolve_toponym("Syrian", [], gaz).country != "SYR"


# --- datelines -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("QAMISHLI, Syria (AP) — Kurdish-led fighters said on Sunday they had pushed back an assault.",
     "Al Qāmishlī"),
    ("Qamishli, Syria – Kurdish-led fighters said on Sunday they had pushed back an assault.", "Al Qāmishlī"),
    ("Truce talks stall\n\nSANAA — Coalition jets struck the northern outskirts overnight.", "Sanaa"),
    ("BEIRUT, Oct 8 (Reuters) - Lebanon's army said it had closed two border crossings.", "Beirut"),
    ("KYIV, Ukraine — The city's mayor ordered shelters opened around the clock.", "Kyiv"),
])
def test_dateline_is_the_documents_place(gaz, text, expected):
    loc = dateline(text, gaz)
    assert loc is not None and loc.name == expected


@pytest.mark.parametrize("text", [
    "Photo: Rescue workers search the rubble of a market hall.\n\nThe army said it would investigate.",
    "By JOHN SMITH — The army said it would investigate the strike.",
    "Jane Doe - The ministry said talks would resume.",
    "The ministers met in Geneva on Monday - and agreed on little.",
])
def test_no_dateline(gaz, text):
    assert dateline(text, gaz) is None


# --- each event's place ------------------------------------------------------------------------------------


def _token(doc, word):
    return next(t for t in doc if t.text == word)


def test_the_place_of_the_events_own_clause(resources):
    doc = resources.nlp("Russian jets carried out airstrikes on positions in Idlib and Hama on Tuesday, "
                        "a monitoring group said.")
    for word in ("airstrikes", "carried"):
        loc = locate(doc, _token(doc, word), resources.places)
        assert loc is not None and loc.name == "Idlib", word


def test_clause_place_not_other_places_of_the_document(resources):
    doc = resources.nlp("Aleppo has been quiet for weeks. Syrian officials met Turkish envoys in Ankara on "
                        "Monday. The two sides agreed to extend the truce.")
    assert locate(doc, _token(doc, "met"), resources.places).name == "Ankara"
    assert locate(doc, _token(doc, "agreed"), resources.places) is None  # Aleppo and Ankara are elsewhere


def test_falls_back_to_the_dateline(resources):
    doc = resources.nlp("DAMASCUS, Syria (AP) — The government accused rebels of breaking the ceasefire. "
                        "Envoys met in Geneva to save the truce.")
    assert locate(doc, _token(doc, "accused"), resources.places).name == "Damascus"
    assert locate(doc, _token(doc, "met"), resources.places).name == "Geneva"


def test_parties_are_not_places(resources):
    doc = resources.nlp("Russia criticised the decision, and Moscow backed Damascus.")
    assert locate(doc, _token(doc, "criticised"), resources.places) is None
    assert locate(doc, _token(doc, "backed"), resources.places) is None


def test_an_object_town_places_a_material_event(resources):
    doc = resources.nlp("Government forces recaptured Palmyra on Sunday after weeks of fighting in Syria.")
    loc = locate(doc, _token(doc, "recaptured"), resources.places)
    assert loc is not None and loc.name == "Tadmur"


def test_a_place_noun_and_of(resources):
    doc = resources.nlp("Rebels shelled the eastern outskirts of Aleppo overnight.")
    assert locate(doc, _token(doc, "shelled"), resources.places).name == "Aleppo"


def test_region_word_after_the_name(resources):
    doc = resources.nlp("Turkish troops advanced in Idlib province on Friday.")
    loc = locate(doc, _token(doc, "advanced"), resources.places)
    assert loc is not None and (loc.name, loc.precision) == ("Idlib Governorate", "region")


def test_document_context_counts_countries_and_demonyms(resources):
    doc = resources.nlp("QAMISHLI, Syria (AP) — Iraqi officials said the border with Turkey stays closed.")
    context = document_context(doc, resources.places, resources.knowledge)
    assert {"SYR", "IRQ", "TUR"} <= set(context.countries)
    assert context.dateline is not None and context.dateline.country == "SYR"


def test_coded_events_carry_their_location(code_text):
    result = code_text("QAMISHLI, Syria (AP) — Turkish warplanes bombed Kurdish positions near Qamishli "
                       "on Sunday, the Syrian Observatory said.\n\nIn Ankara, the defence ministry "
                       "said the operation would continue.")
    located = {e.provenance.trigger: e.location for e in result.events}
    assert located, "no event coded"
    bombed = located.get("bombed")
    assert bombed is not None and (bombed.name, bombed.country, bombed.precision) == ("Al Qāmishlī", "SYR", "city")
    assert any("place:" in note for e in result.events for note in e.provenance.notes)
