"""QuoteFinder on sentences we wrote: one test per behaviour."""

from __future__ import annotations

import pytest


def _one(quotes, start_words: str, kind: str | None = None):
    hits = [q for q in quotes if q.text.startswith(start_words) and (kind is None or q.kind == kind)]
    assert hits, f"no quote starting {start_words!r} in {[(q.kind, q.text) for q in quotes]}"
    return hits[0]


# -- direct quotes -------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Vladimir Putin said: “We will not allow anyone to threaten our allies.”",
    'Vladimir Putin said, "We will not allow anyone to threaten our allies."',
    "“We will not allow anyone to threaten our allies,” Vladimir Putin said on Friday.",
    "“We will not allow anyone to threaten our allies,” said Vladimir Putin.",
    "Vladimir Putin told reporters in Moscow “We will not allow anyone to threaten our allies.”",
    "According to Vladimir Putin, “We will not allow anyone to threaten our allies.”",
])
def test_direct_quote_with_cue_before_or_after(quotes_of, text):
    q = _one(quotes_of(text), "We will not allow", "direct")
    assert q.speaker is not None and q.speaker.name == "Vladimir Putin"
    assert q.speaker.country == "RUS"
    assert q.text.rstrip(".") == "We will not allow anyone to threaten our allies"
    assert text[q.speaker.start:q.speaker.end] == q.speaker.text
    assert q.cue in {"say", "tell", "according to"}


def test_a_quote_split_by_its_cue_keeps_its_speaker(quotes_of):
    text = ("Turkish President Recep Tayyip Erdogan spoke after Friday prayers. “We have been patient,” he said. "
            "“Our patience has limits.”")
    quotes = quotes_of(text)
    first, second = _one(quotes, "We have been patient"), _one(quotes, "Our patience has limits")
    assert first.speaker.name == second.speaker.name and "Erdo" in first.speaker.name
    assert second.confidence < first.confidence
    assert second.rule.startswith("direct:continuation")


def test_a_multi_sentence_quote_is_one_span(quotes_of):
    text = ("“The talks failed. Nobody came with a real offer. We go home empty-handed,” "
            "Iranian Foreign Minister Mohammad Javad Zarif said.")
    q = _one(quotes_of(text), "The talks failed")
    assert q.text.endswith("empty-handed") and q.kind == "direct"
    assert q.speaker.name == "Mohammad Javad Zarif"


def test_a_quote_running_on_into_the_next_paragraph(quotes_of):
    text = ("Defence Minister Sergei Shoigu said: “Our aircraft flew forty sorties today.\n\n"
            "“Every target was hit, and none of our pilots was harmed.”\n\n"
            "The ministry did not say where the jets were based.")
    quotes = quotes_of(text)
    first, second = _one(quotes, "Our aircraft flew"), _one(quotes, "Every target was hit")
    assert first.speaker.name == second.speaker.name == "Sergei Shoigu"
    assert "run-on" in second.rule


def test_a_quote_paragraph_after_a_known_speaker(quotes_of):
    text = ("Kremlin spokesman Dmitry Peskov said the sanctions would hurt European farmers more than Russia.\n\n"
            "“Nobody wins a trade war. Europe will understand this sooner or later.”\n\n"
            "The European Commission declined to comment.")
    q = _one(quotes_of(text), "Nobody wins a trade war")
    assert q.speaker is not None and q.speaker.name == "Dmitry Peskov"
    assert q.rule.startswith("direct:previous-paragraph") and q.confidence < 0.8


# -- partial quotes ------------------------------------------------------------------------------

def test_partial_quote_governed_by_an_evaluative_verb(quotes_of):
    q = _one(quotes_of("Vladimir Putin called the strike “an act of aggression” against a sovereign state."),
             "an act of aggression")
    assert q.kind == "partial" and q.speaker.name == "Vladimir Putin" and q.cue == "call"


def test_partial_quote_inside_reported_speech(quotes_of):
    quotes = quotes_of('Russian Foreign Minister Sergei Lavrov said the plan was "a step forward" for Syria.')
    q = _one(quotes, "a step forward")
    assert q.kind == "partial" and q.speaker.name == "Sergei Lavrov"
    indirect = _one(quotes, "the plan was", "indirect")
    assert indirect.speaker.name == "Sergei Lavrov"


# -- indirect speech -----------------------------------------------------------------------------

@pytest.mark.parametrize("text, clause, cue", [
    ("Syrian Defence Minister Fahd Jassem al-Freij said the help of Syria's allies had an important role in the "
     "victory.", "the help of Syria's allies had an important role in the victory", "say"),
    ("Iranian President Hassan Rouhani told Vladimir Putin that the ceasefire must hold across the country.",
     "the ceasefire must hold across the country", "tell"),
    ("Iranian President Hassan Rouhani stressed that foreign troops had no place in Syria.",
     "foreign troops had no place in Syria", "stress"),
    ("According to Hassan Rouhani, the ceasefire has saved thousands of lives.",
     "the ceasefire has saved thousands of lives", "according to"),
    ("The ceasefire has saved thousands of lives, Hassan Rouhani said on Monday.",
     "The ceasefire has saved thousands of lives", "say"),
])
def test_indirect_speech_is_the_reported_clause(quotes_of, text, clause, cue):
    q = _one(quotes_of(text), clause.split()[0], "indirect")
    assert q.text == clause and q.cue == cue
    assert q.speaker is not None and q.speaker.name in {"Fahd Jassem al-Freij", "Hassan Rouhani"}
    assert text[q.start:q.end] == q.text


def test_a_relayed_report_is_attributed_to_the_inner_speaker_only(quotes_of):
    text = ("Russian Foreign Minister Sergei Lavrov told Rex Tillerson that the strike had helped the terrorists, "
            "the foreign ministry said.")
    quotes = quotes_of(text)
    assert [q.speaker.name for q in quotes] == ["Sergei Lavrov"]
    assert quotes[0].text == "the strike had helped the terrorists"


def test_a_speech_act_is_not_reported_speech(quotes_of):
    text = "The United Nations urged both sides to open the roads and condemned the shelling of Aleppo."
    assert quotes_of(text) == []


# -- speakers ------------------------------------------------------------------------------------

def test_surname_and_pronoun_speakers(quotes_of):
    text = ("Iranian Defence Minister Hossein Dehghan met his Russian counterpart in Moscow. Dehghan said the "
            "talks had been useful. He added that Iran would buy more aircraft.")
    quotes = quotes_of(text)
    assert _one(quotes, "the talks").speaker.name == "Hossein Dehghan"
    q = _one(quotes, "Iran would buy")
    assert q.speaker.name == "Hossein Dehghan" and q.speaker.text == "He"


def test_a_definite_role_is_the_person_named_earlier(quotes_of):
    text = ("Iranian Brigadier General Amir Hatami visited the front on Tuesday.\n\n"
            "The top general said the army was ready to defend the border.\n\n"
            "The President said the economy had grown this year.")
    quotes = quotes_of(text)
    general = _one(quotes, "the army was ready")
    assert general.speaker.name == "Amir Hatami" and general.speaker.text == "The top general"
    assert "role-person" in general.rule


def test_an_indefinite_role_stays_a_role(quotes_of):
    q = _one(quotes_of("Secretary of State John Kerry flew to Geneva. A Pentagon spokesman said the jets had "
                       "returned to base."), "the jets had returned")
    assert q.speaker.text == "A Pentagon spokesman" and q.speaker.name != "John Kerry"
    assert q.speaker.country == "USA"


def test_an_unknown_source_is_named_by_its_phrase(quotes_of):
    q = _one(quotes_of("“The convoy will leave at dawn,” a source close to the negotiations said."),
             "The convoy will leave")
    assert q.speaker.name == "source close to the negotiations" and q.speaker.actor_id is None
    assert q.confidence < 0.9


# -- not quotes ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Iran has sent so-called “military advisers” and volunteers to fight in Syria.",
    'The documentary "Last Men in Aleppo" was shown at the festival in January.',
    "The coalition launched Operation “Decisive Storm” in March 2015.",
    "Moscow slams US strike as \"act of aggression\"\n\nRussia condemned the strike on Friday.",
    'The "moderate" rebels took the village of Kafr Nabl on Sunday.',
])
def test_scare_quotes_titles_and_headlines_are_not_quotes(quotes_of, text):
    assert [q for q in quotes_of(text) if q.kind != "indirect"] == []


def test_page_debris_in_quote_marks_is_not_a_quote(quotes_of):
    text = 'string(120) "[{"id":"1802488","title":"Syrian army advances near Palmyra"}]"\n\nThe army advanced.'
    assert quotes_of(text) == []


# -- the record ----------------------------------------------------------------------------------

def test_quote_records_are_stable_and_point_into_the_text(quotes_of):
    text = "“We will rebuild every school,” Syrian President Bashar al-Assad said in Damascus."
    first, again = quotes_of(text), quotes_of(text)
    assert [q.quote_id for q in first] == [q.quote_id for q in again]
    q = first[0]
    assert text[q.start:q.end] == q.text == "We will rebuild every school"
    assert text[q.cue_start:q.cue_end] == "said"
    assert q.sentence_index == 0 and q.direct and q.rule.startswith("direct:after-cue")


def test_the_president_is_not_the_spokesman_quoted_last(quotes_of):
    text = ("Turkish President Tayyip Erdogan flew back from Baku on Wednesday.\n\n"
            "His spokesman Ibrahim Kalin wrote that Turkey would not be deterred by threats.\n\n"
            "“We are not afraid of sanctions,” the president told lawmakers in parliament.\n\n"
            "The Turkish leader said the offensive would go on.")
    quotes = quotes_of(text)
    assert _one(quotes, "Turkey would not be deterred").speaker.name == "Ibrahim Kalin"
    president = _one(quotes, "We are not afraid")
    assert "Erdo" in president.speaker.name and president.speaker.text == "the president"
    leader = _one(quotes, "the offensive would go on")
    assert "Erdo" in leader.speaker.name and leader.speaker.text == "The Turkish leader"


def test_an_anonymous_diplomat_keeps_his_own_words_as_name(quotes_of):
    text = ("Turkish troops crossed the border on Wednesday.\n\n"
            "“It's a mess,” one European diplomat said. “Nobody knows what Washington wants.”")
    quotes = quotes_of(text)
    assert [q.speaker.name for q in quotes] == ["one European diplomat"] * 2
    assert quotes[1].rule.startswith("direct:continuation")


def test_the_channel_of_a_relayed_report_is_not_part_of_the_quote(code_text):
    text = ("Iran's army will keep helping Syria against the militants, the general said, "
            "according to the official news agency IRNA.")
    quotes = code_text(text).quotes
    assert [q.text for q in quotes] == ["Iran's army will keep helping Syria against the militants"]
    assert quotes[0].cue == "say"
