"""Choosing among namesakes, regions, qualifiers and nearby places; several places in one clause.

Every sentence here is written by us.
"""

from __future__ import annotations

import pytest

from khaldun.timeplace.places import document_context, locate_event, place_spans, resolve_toponym


@pytest.fixture(scope="module")
def gaz(resources):
    return resources.places


def _token(doc, word):
    return next(t for t in doc if t.text == word)


def _resolved(resources, text: str, name: str):
    doc = resources.nlp(text)
    context = document_context(doc, resources.places, resources.knowledge)
    return context.resolve(name, resources.places)


# --- several places in the event's clause ------------------------------------------------------------


def test_regions_named_together_place_the_event_with_a_note(resources):
    doc = resources.nlp("Government jets on Tuesday carried out airstrikes on a number of positions in "
                        "Idlib and Hama provinces, a monitoring group said.")
    placed = locate_event(doc, _token(doc, "airstrikes"), resources.places)
    assert placed is not None
    assert (placed.location.name, placed.location.precision, placed.how) == ("Idlib Governorate", "region", "clause")
    assert placed.others == ("Hama Governorate",)
    assert "Hama Governorate" in placed.note() and "of 2" in placed.note()


def test_the_most_specific_of_places_named_together(resources):
    doc = resources.nlp("Militants attacked checkpoints in Syria and Azaz on Friday.")
    placed = locate_event(doc, _token(doc, "attacked"), resources.places)
    assert placed is not None and (placed.location.precision, placed.location.country) == ("city", "SYR")
    assert placed.others == ("Syria",)


def test_countryside_reads_as_the_province(resources):
    doc = resources.nlp("Artillery shelled villages in the Hama countryside overnight.")
    placed = locate_event(doc, _token(doc, "shelled"), resources.places)
    assert placed is not None and placed.location.name == "Hama Governorate"


def test_coded_event_note_names_the_other_places(code_text):
    result = code_text("Syrian and Russian jets on Tuesday conducted airstrikes on a number of positions in "
                       "Idlib and Hama provinces, the defence ministry said.")
    placed = [e for e in result.events if e.location is not None]
    assert placed, "no event placed"
    event = placed[0]
    assert event.location.name == "Idlib Governorate"
    assert any(n.startswith("place: Idlib Governorate (clause;") and "Hama" in n for n in event.provenance.notes)


# --- namesakes ----------------------------------------------------------------------------------------


def test_a_state_outranks_a_small_namesake_town(gaz):
    loc = resolve_toponym("Wyoming", [], gaz)
    assert (loc.country, loc.precision) == ("USA", "region")
    assert resolve_toponym("Montana", [], gaz).country == "USA"
    assert resolve_toponym("New York", [], gaz).precision == "city"  # the city keeps its name
    assert resolve_toponym("Washington", ["USA"], gaz).name.startswith("Washington")
    assert resolve_toponym("Washington", ["USA"], gaz).precision == "city"


def test_an_alternate_name_does_not_beat_a_places_own_name(gaz):
    assert resolve_toponym("Venice", [], gaz).country == "ITA"
    assert resolve_toponym("St. Petersburg", ["RUS"], gaz).country == "RUS"


def test_a_villages_nickname_is_not_a_place(gaz):
    assert resolve_toponym("Western", ["USA"], gaz) is None


def test_official_names_abbreviations_and_regions(gaz):
    assert resolve_toponym("the Republic of Armenia", [], gaz).country == "ARM"
    assert resolve_toponym("BC", ["CAN"], gaz).name == "British Columbia"
    assert resolve_toponym("Korea", [], gaz).country == "KOR"
    assert resolve_toponym("Western Cape", [], gaz).country == "ZAF"
    assert resolve_toponym("Benue State", [], gaz).country == "NGA"
    assert resolve_toponym("Kent", ["GBR"], gaz).country == "GBR"


def test_regions_are_places_for_the_entity_fixup(gaz):
    assert "Tamil Nadu" in gaz and gaz.country_of("Tamil Nadu") == "IND"
    assert gaz.country_of("California") == "USA"
    assert gaz.country_of("Georgia") == "GEO"  # the country still wins the bare name


# --- the document's other places -------------------------------------------------------------------------


def test_a_place_near_the_others_wins(resources):
    text = ("Police in Ridgewood, New Jersey, said the crash closed roads through Allendale and Mahwah "
            "for most of the morning.")
    loc = _resolved(resources, text, "Allendale")
    assert loc is not None and loc.country == "USA" and 40.5 < loc.lat < 41.5 and -75.0 < loc.lon < -73.5


def test_the_qualifier_after_a_comma(resources):
    loc = _resolved(resources, "The festival in Paris, Texas, drew a record crowd on Saturday.", "Paris")
    assert loc is not None and loc.country == "USA"
    loc = _resolved(resources, "Voters in Springfield, Ill., went to the polls on Tuesday.", "Springfield")
    assert loc is not None and 39.0 < loc.lat < 40.5 and -90.5 < loc.lon < -89.0
    assert _resolved(resources, "The delegation flew on to Paris for talks.", "Paris").country == "FRA"


def test_a_county_in_a_british_story(resources):
    text = "Flooding closed schools across Norfolk and Suffolk, the Environment Agency in London said."
    loc = _resolved(resources, text, "Norfolk")
    assert loc is not None and loc.country == "GBR"


# --- recognition -------------------------------------------------------------------------------------------


def test_a_surname_is_not_a_town(resources):
    doc = resources.nlp("President Muhammadu Buhari visited the flooded areas on Monday. "
                        "Buhari promised aid to farmers in Benue State.")
    names = [s.text for s in place_spans(doc, resources.places)]
    assert "Buhari" not in names
    assert any("Benue" in n for n in names)
