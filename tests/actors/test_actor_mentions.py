"""Actor mentions resolved inside one document, on sentences we wrote."""

from __future__ import annotations


def _actors(result):
    return {a.name: a for a in result.actors}


def _mention_actor(result, text):
    ids = {a.actor_id: a for a in result.actors}
    for m in result.mentions:
        if m.text == text:
            return ids[m.actor_id]
    raise AssertionError(f"no mention {text!r}: {[m.text for m in result.mentions]}")


def test_person_takes_country_and_sector_from_the_role_beside_them(code_text):
    result = code_text(
        "Jordan's interior minister Karim Haddadin met his Egyptian counterpart, Samir Fawzy, in Amman "
        "on Sunday.")
    haddadin = _actors(result)["Karim Haddadin"]
    assert haddadin.country == "JOR" and "GOV" in haddadin.sectors
    fawzy = _actors(result)["Samir Fawzy"]
    assert fawzy.country == "EGY" and "GOV" in fawzy.sectors


def test_surname_resolves_to_the_full_name_introduced_earlier(code_text):
    result = code_text(
        "Iraq's defence minister Khalid al-Obaidi visited the front on Monday.\n\n"
        "Obaidi said the army would advance within days.")
    first = _mention_actor(result, "Khalid al-Obaidi")
    later = _mention_actor(result, "Obaidi")
    assert first.actor_id == later.actor_id
    assert first.country == "IRQ"


def test_lexicon_variants_resolve_to_one_canonical_actor(code_text):
    result = code_text(
        "President Hassan Rouhani spoke with Vladimir Putin.\n\nRowhani later praised the talks.")
    a = _mention_actor(result, "Hassan Rouhani")
    b = _mention_actor(result, "Rowhani")
    assert a.actor_id == b.actor_id and a.name == "Hassan Rouhani" and a.country == "IRN"


def test_capitals_and_seats_of_power_stand_for_governments(code_text):
    result = code_text("The Kremlin rejected the claim, and Tehran condemned Washington.")
    assert _mention_actor(result, "Kremlin").country == "RUS"
    tehran = _mention_actor(result, "Tehran")
    assert tehran.country == "IRN" and tehran.sectors == ["GOV"]
    assert _mention_actor(result, "Washington").country == "USA"


def test_role_phrases_get_country_and_sector(code_text):
    result = code_text("The Turkish army shelled positions held by Kurdish militants, "
                       "and Iran's foreign minister criticised the operation.")
    army = _mention_actor(result, "The Turkish army")
    assert army.country == "TUR" and army.sectors == ["MIL"]
    minister = _mention_actor(result, "Iran's foreign minister")
    assert minister.country == "IRN" and minister.sectors[0] == "GOV"


def test_roles_without_a_country_take_the_document_country(code_text):
    result = code_text("Syrian troops entered Aleppo on Sunday.\n\n"
                       "The regime said it had taken the old city.")
    regime = _mention_actor(result, "The regime")
    assert regime.country == "SYR" and regime.sectors == ["GOV"]
    rule = next(m.rule for m in result.mentions if m.text == "The regime")
    assert "document-country" in rule


def test_pronoun_resolves_to_the_person_named_before(code_text):
    result = code_text("Lebanese Prime Minister Tammam Salam flew to Riyadh.\n\nHe met King Salman there.")
    he = next(m for m in result.mentions if m.text == "He")
    salam = _mention_actor(result, "Tammam Salam")
    assert he.actor_id == salam.actor_id


def test_mentions_point_at_their_text(code_text):
    text = "Egypt's foreign minister Sameh Shoukry arrived in Khartoum."
    result = code_text(text)
    for m in result.mentions:
        assert text[m.start:m.end] == m.text


def test_rebels_belong_where_the_fighting_is_not_to_the_most_named_country(code_text):
    result = code_text("Russian jets bombed towns in Syria on Monday. Moscow said Russian pilots hit "
                       "only militants. Russia's defence ministry published a video.\n\n"
                       "Rebel commanders said the strikes killed civilians near Homs.")
    commanders = _mention_actor(result, "Rebel commanders")
    assert commanders.sectors == ["REB"] and commanders.country == "SYR"
