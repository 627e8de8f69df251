"""Event coding from the dependency parse, on sentences we wrote."""

from __future__ import annotations

import pytest


def _events(result, event_type=None):
    return [e for e in result.events if event_type is None or e.event_type == event_type]


def _one(result, event_type):
    found = _events(result, event_type)
    assert found, f"no {event_type} in {[(e.event_type, e.provenance.trigger) for e in result.events]}"
    return found[0]


def _countries(parties):
    return {p.country for p in parties}


def test_appeal_codes_request_to_the_party_called_on(code_text):
    result = code_text("Egypt called on Ethiopia to halt the filling of the dam.")
    e = _one(result, "REQUEST")
    assert _countries(e.actor) == {"EGY"} and _countries(e.recipient) == {"ETH"}
    assert e.cameo.startswith("0") or e.cameo.startswith("1")
    assert not _events(result, "COERCE")  # the requested act is not itself an event


def test_weekday_resolves_against_the_publication_date(code_text):
    # published Tuesday 2016-03-29: "on Sunday" is 2016-03-27
    result = code_text("Israeli jets struck a weapons depot near Damascus on Sunday.", published="2016-03-29")
    e = _one(result, "ASSAULT")
    assert _countries(e.actor) == {"ISR"}
    assert (e.date, e.date_precision) == ("2016-03-27", "day")
    assert "Sunday" in e.date_source


def test_no_date_in_clause_falls_back_to_publication_with_its_own_precision(code_text):
    result = code_text("Turkey expelled two Dutch diplomats.", published="2017-03-12")
    e = _one(result, "SANCTION")
    assert (e.date, e.date_precision) == ("2017-03-12", "publication")


def test_no_anchor_means_no_date(code_text):
    result = code_text("Turkey expelled two Dutch diplomats on Friday.", published=None)
    e = _one(result, "SANCTION")
    assert e.date is None and e.date_precision is None


def test_negation_is_flagged_not_dropped(code_text):
    result = code_text("Saudi Arabia did not attend the talks with Iran in Geneva.")
    e = _one(result, "CONSULT")
    assert e.negated


def test_future_support_is_coded_agree(code_text):
    result = code_text("Russia will provide Syria with air defence systems, the minister said.")
    e = _one(result, "AGREE")
    assert e.future and _countries(e.actor) == {"RUS"} and "SYR" in _countries(e.recipient)


def test_reported_speech_codes_the_reported_event_not_the_saying(code_text):
    result = code_text("The ministry said Turkish jets bombed Kurdish fighters in northern Iraq.")
    e = _one(result, "ASSAULT")
    assert "TUR" in _countries(e.actor)
    assert any("reported by" in n for n in e.provenance.notes)


def test_plain_statement_is_not_an_event(code_text):
    result = code_text("The minister said the situation in the north was calm.")
    assert result.events == []


def test_passive_voice_takes_the_agent_as_actor(code_text):
    result = code_text("The town of Manbij was captured by Kurdish-led forces on Friday.", published="2016-08-14")
    e = _one(result, "ASSAULT")
    assert e.actor and e.date == "2016-08-12"


def test_compound_actors_are_all_listed(code_text):
    result = code_text("Syrian and Russian warplanes bombed rebel positions in Idlib on Tuesday.")
    e = _one(result, "ASSAULT")
    assert {"SYR", "RUS"} <= _countries(e.actor)


def test_phone_call_lists_both_parties_as_actors(code_text):
    result = code_text("Egyptian President Abdel Fattah el-Sisi spoke by phone with Vladimir Putin on Monday.")
    e = _one(result, "CONSULT")
    assert _countries(e.actor) == {"EGY", "RUS"} and e.recipient == []


def test_evidence_offsets_and_provenance(code_text):
    text = "Background paragraph without events.\n\nJordan condemned the attack on its embassy."
    result = code_text(text)
    e = _one(result, "ACCUSE")
    ev = e.evidence[0]
    assert text[ev.start:ev.end] == "Jordan condemned the attack on its embassy."
    assert text[ev.trigger_start:ev.trigger_end] == "condemned"
    assert e.provenance.lemma == "condemn" and e.provenance.lexicon
    assert e.quad in (1, 2, 3, 4)


@pytest.mark.parametrize("text", [
    "Subscribe to our newsletter",
    "Please enter your comment!",
])
def test_page_furniture_codes_nothing(code_text, text):
    assert code_text(text).events == []


def test_event_ids_are_stable(code_text):
    text = "Iran seized a British tanker in the Strait of Hormuz on Friday."
    a = code_text(text, published="2019-07-20")
    b = code_text(text, published="2019-07-20")
    assert [e.event_id for e in a.events] == [e.event_id for e in b.events] != []


def test_joint_exercises_are_military_cooperation_not_mobilisation(code_text):
    result = code_text("Egypt and Greece began joint naval drills in the Mediterranean on Monday.")
    e = _one(result, "COOPERATE")
    assert _countries(e.actor) == {"EGY", "GRC"} and e.cameo == "062"
    solo = code_text("Egypt held naval drills in the Mediterranean on Monday.")
    assert _one(solo, "MOBILIZE").cameo.startswith("15")


def test_events_between_unknown_parties_are_not_political_events(code_text):
    # nobody here has a country or a sector: a sports broadcast, not an event
    assert code_text("Jerry Howarth called many of Bautista's big moments on the radio.").events == []
    # the same verb with a known party is coded
    assert code_text("Vladimir Putin called Hassan Rouhani on Monday.").events


def test_object_pronoun_is_not_the_clause_subject(code_text):
    result = code_text("Egyptian President Abdel Fattah el-Sisi met Jordan's King Abdullah on Sunday "
                       "and urged him to reopen the border crossing.")
    request = _one(result, "REQUEST")
    assert _countries(request.actor) == {"EGY"}
    assert request.recipient and "EGY" not in _countries(request.recipient)


def test_reaction_to_an_earlier_event_takes_its_actors_as_recipients(code_text):
    result = code_text("Israeli jets struck a weapons depot near Damascus on Sunday.\n\n"
                       "Iran condemned the attack on Monday.\n\n"
                       "The Kremlin welcomed the talks.")
    accuse = _one(result, "ACCUSE")
    assert _countries(accuse.actor) == {"IRN"} and _countries(accuse.recipient) == {"ISR"}
    assert any("earlier ASSAULT" in n for n in accuse.provenance.notes)
    # nothing earlier that "the talks" could refer to: no recipient is invented
    support = _one(result, "SUPPORT")
    assert support.recipient == []


def test_the_place_country_is_the_recipient_only_of_foreign_actors(code_text):
    [foreign] = code_text("Russian jets bombed targets in Idlib on Monday.").events
    assert [r.country for r in foreign.recipient] == ["SYR"]
    [own] = code_text("Syrian jets bombed targets in Idlib on Monday.").events
    assert own.recipient == []
    assert any("in the actor's country" in note for note in own.provenance.notes)


def test_a_modal_covers_the_verbs_coordinated_under_it(code_text):
    events = code_text("The Syrian army must continue and intensify the military operation against the "
                       "militants, the minister said.").events
    assert events and all(e.hypothetical for e in events)
    [real] = code_text("The Syrian army continued and intensified the military operation against the "
                       "militants, the minister said.").events
    assert not real.hypothetical
