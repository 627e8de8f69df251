"""Actor records list clean names as variants; a coordination of countries is several actors.

Sentences written for these tests.
"""

from __future__ import annotations


def _actor(result, name, country=None):
    found = [a for a in result.actors if a.name == name and (country is None or a.country == country)]
    assert found, f"no actor {name!r}: {[a.name for a in result.actors]}"
    return found[0]


def test_determiners_and_negation_are_not_part_of_a_variant(code_text):
    result = code_text("The Kremlin said no Russian ground troops would be sent to Syria. "
                       "The Russian foreign ministry said the strikes would go on.")
    military = _actor(result, "Russian military")
    assert "Russian ground troops" in military.variants
    assert all(not v.lower().startswith(("no ", "the ")) for a in result.actors for v in a.variants)
    assert "Russian foreign ministry" in _actor(result, "Russian government").variants


def test_a_coordination_naming_two_countries_is_two_actors(code_text):
    result = code_text("Lavrov said the plan would allow Russian and US officers to work together "
                       "against the militants.")
    russian = _actor(result, "Russian military")
    american = _actor(result, "American military", "USA")
    assert "MIL" in american.sectors
    for actor in (russian, american):
        assert not any(" and " in v for v in actor.variants)
    us_mention = next(m for m in result.mentions if m.actor_id == american.actor_id)
    assert us_mention.text == "US" and us_mention.rule.endswith("+coordination")


def test_one_member_described_by_a_role_is_not_a_name_of_the_group(code_text):
    result = code_text("A Russian general told reporters in Moscow that Russian warplanes had struck "
                       "targets near Hama.")
    military = _actor(result, "Russian military")
    assert "Russian warplanes" in military.variants
    assert not any("general" in v for v in military.variants)
    assert any(r.text == "Russian general" for r in military.roles)  # kept as a role


def test_a_role_whose_country_comes_from_the_document_is_a_role_not_a_name(code_text):
    result = code_text("Russian warplanes struck rebel positions near Hama on Tuesday. "
                       "Moscow said its jets had hit ammunition depots.")
    military = _actor(result, "Russian military")
    assert "jets" not in military.variants and "its jets" not in military.variants
    assert any(r.text == "jets" for r in military.roles)


def test_a_phrase_owned_by_several_countries_is_no_one_actor(code_text):
    result = code_text("Ukrainian sailors were detained in the most serious clash between the two "
                       "countries' forces since 2014.")
    assert not any("forces" in m.text for m in result.mentions)


def test_a_word_cut_at_a_hyphen_is_made_whole(code_text):
    result = code_text("Russian long-range bombers took off from Hamedan on Tuesday.")
    assert any(v.startswith("Russian long-range") for v in _actor(result, "Russian military").variants)


def test_the_definite_role_takes_the_country_of_the_same_role_named_before(code_text):
    result = code_text("Russian border guards fired on three Ukrainian boats near the Kerch Strait. "
                       "Ukraine's president said the border guards had rammed a tugboat.")
    guards = [m for m in result.mentions if m.text == "the border guards"]
    assert guards and "+antecedent" in guards[0].rule
    assert _actor(result, "Russian military").actor_id == guards[0].actor_id


def test_government_forces_belong_to_the_country_where_they_fight(code_text):
    result = code_text("Tehran and Moscow discussed the war in Syria, where Iranian advisers fight "
                       "alongside government forces. Iranian officials praised Russia.")
    forces = next(m for m in result.mentions if m.text == "government forces")
    assert _actor(result, "Syrian military").actor_id == forces.actor_id
