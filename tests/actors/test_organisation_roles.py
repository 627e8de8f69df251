"""An organisation's name modifying a generic role head names the organisation.

"Islamic State militants", "Hezbollah fighters", "Taliban insurgents", "Houthi rebels":
the organisation, not "Iraqi rebels" or "Lebanese rebels".  Sentences written for these tests.
"""

from __future__ import annotations

import pytest


def _mention_actor(result, text):
    ids = {a.actor_id: a for a in result.actors}
    for m in result.mentions:
        if m.text == text:
            return ids[m.actor_id]
    raise AssertionError(f"no mention {text!r}: {[m.text for m in result.mentions]}")


@pytest.mark.parametrize("text, phrase, organisation", [
    ("Syrian government troops recaptured the ancient city of Palmyra from Islamic State militants on Sunday.",
     "Islamic State militants", "Islamic State"),
    ("Israeli jets struck Hezbollah fighters near the Syrian border on Monday.",
     "Hezbollah fighters", "Hezbollah"),
    ("Afghan troops clashed with Taliban insurgents in Helmand province.",
     "Taliban insurgents", "Taliban"),
    ("Saudi-led coalition jets bombed Houthi rebels in Sanaa on Monday.",
     "Houthi rebels", "Houthis"),
    ("Islamic State's fighters fled the city before dawn.",
     "Islamic State's fighters", "Islamic State"),
])
def test_organisation_modifying_a_role_head_is_the_organisation(code_text, text, phrase, organisation):
    result = code_text(text)
    actor = _mention_actor(result, phrase)  # the whole name: not "State militants"
    assert actor.name == organisation
    assert actor.kind in {"group", "organization"}
    # one actor for the name and the phrase
    assert actor.actor_id == _mention_actor(result, organisation if organisation != "Houthis" else "Houthi").actor_id


def test_organisation_phrase_is_the_recipient_of_the_event(code_text):
    result = code_text("Syrian government troops recaptured the ancient city of Palmyra from Islamic State "
                       "militants on Sunday.")
    assault = next(e for e in result.events if e.event_type == "ASSAULT")
    assert [p.name for p in assault.recipient] == ["Islamic State"]
    assert assault.recipient[0].text == "Islamic State militants"


def test_states_and_seats_of_government_still_give_a_country_role(code_text):
    result = code_text("Kremlin officials and Syrian rebels met Turkish troops in Ankara on Monday.")
    assert _mention_actor(result, "Kremlin officials").name == "Russian government"
    assert _mention_actor(result, "Syrian rebels").name == "Syrian rebels"
    assert _mention_actor(result, "Turkish troops").name == "Turkish military"


def test_a_person_beside_an_organisation_role_stays_the_person(code_text):
    result = code_text("Hezbollah leader Hassan Nasrallah vowed revenge for the killing on Sunday.")
    nasrallah = _mention_actor(result, "Hassan Nasrallah")
    assert nasrallah.kind == "person" and nasrallah.country == "LBN"
