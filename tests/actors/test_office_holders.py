"""Role phrases resolve to the person holding the office.

The person the document names in the office comes first, then the dictionary's
holder on the article's date.  Sentences written for these tests; the person
"Kamran Tavakoli" is made up, so only the document can say who he is.
"""

from __future__ import annotations

import pytest


def _actor_of(result, text):
    ids = {a.actor_id: a for a in result.actors}
    for m in result.mentions:
        if m.text == text:
            return ids[m.actor_id], m
    raise AssertionError(f"no mention {text!r}: {[m.text for m in result.mentions]}")


def test_the_office_named_by_the_document_resolves_to_its_holder(code_text):
    result = code_text("Kamran Tavakoli, Iran's defense minister, held talks in Moscow on Tuesday. "
                       "Iran's defence chief said the talks covered fighter jets.")
    actor, mention = _actor_of(result, "Iran's defence chief")
    assert actor.name == "Kamran Tavakoli" and actor.kind == "person" and actor.country == "IRN"
    assert mention.rule.endswith("+office-holder:document")


@pytest.mark.parametrize("published, holder", [("2016-02-16", "Hossein Dehghan"),
                                                ("2018-05-01", "Amir Hatami")])
def test_the_dictionary_holder_on_the_article_date(code_text, published, holder):
    result = code_text("The Iranian defense minister said the S-300 system was operational.", published)
    actor, mention = _actor_of(result, "The Iranian defense minister")
    assert actor.name == holder and "+office-holder:lexicon:" in mention.rule


def test_former_deputy_and_indefinite_roles_name_no_holder(code_text):
    result = code_text("A former Iranian defense minister and a deputy Iranian foreign minister "
                       "criticised the deal.", "2016-02-16")
    assert all(a.kind != "person" for a in result.actors)


def test_no_date_no_holder(code_text):
    result = code_text("The Iranian defense minister said the S-300 system was operational.", None)
    actor, _ = _actor_of(result, "The Iranian defense minister")
    assert actor.kind == "group" and actor.name == "Iranian government"


def test_a_title_written_before_the_name_is_the_persons_role(code_text):
    result = code_text("Putin met Rouhani and Supreme Leader Ayatollah Ali Khamenei in Tehran.", "2015-11-23")
    actor, _ = _actor_of(result, "Supreme Leader")
    assert actor.name == "Ali Khamenei"
    assert any(r.text == "Supreme Leader" and r.date == "2015-11-23" for r in actor.roles)
    assert "Supreme Leader" not in actor.variants


def test_a_descriptor_role_lands_on_the_person_with_the_date(code_text):
    result = code_text("Iran's defense minister Hossein Dehghan met his Russian counterpart in Moscow.",
                       "2016-02-16")
    dehghan = next(a for a in result.actors if a.name == "Hossein Dehghan")
    roles = [(r.text, r.country, r.sector, r.date) for r in dehghan.roles]
    assert ("Iran's defense minister", "IRN", "GOV", "2016-02-16") in roles
    assert "Iran's defense minister" not in dehghan.variants


@pytest.mark.parametrize("text, phrase, country, sector", [
    ("The Kremlin rejected the accusation on Monday.", "Kremlin", "RUS", "GOV"),
    ("Iran's regime rejected the accusation on Monday.", "Iran's regime", "IRN", "GOV"),
    ("Pro-regime forces shelled Daraa in Syria on Monday.", "Pro-regime forces", "SYR", "MIL"),
])
def test_seats_and_regime_phrases_give_country_and_sector(code_text, text, phrase, country, sector):
    actor, _ = _actor_of(result := code_text(text), phrase)
    assert actor.country == country and actor.sectors[0] == sector, result.mentions


def test_a_source_close_to_a_regime_speaks_for_it(code_text):
    actor, mention = _actor_of(code_text("A source close to the Assad regime said the talks went well."),
                               "A source")
    assert (actor.country, actor.sectors[0]) == ("SYR", "GOV") and mention.rule.endswith("+close-to")
