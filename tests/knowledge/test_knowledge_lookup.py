"""Looking actors up by name, demonym and metonym."""

from __future__ import annotations

import pytest

from khaldun.knowledge import Knowledge


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("United States", "usa"),
        ("the United States", "usa"),
        ("U.S.", "usa"),
        ("US", "usa"),
        ("USA", "usa"),
        ("America", "usa"),
        ("Britain", "gbr"),
        ("UK", "gbr"),
        ("United Kingdom", "gbr"),
        ("Russian Federation", "rus"),
        ("Syrian Arab Republic", "syr"),
        ("Iran\u2019s", "irn"),
        ("IRAN", "irn"),
        ("Côte d\u2019Ivoire", "civ"),
        ("Cote d'Ivoire", "civ"),
        ("Ivory Coast", "civ"),
        ("Daesh", "islamic-state"),
        ("ISIL", "islamic-state"),
        ("Islamic State of Iraq and the Levant", "islamic-state"),
        ("Hizbollah", "hezbollah"),
        ("Jabhat al-Nusra", "al-nusra-front"),
        ("al Nusra", "al-nusra-front"),
        ("Ansar Allah", "houthis"),
        ("the Free Syrian Army", "free-syrian-army"),
        ("Islamic Revolution Guards Corps", "islamic-revolutionary-guard-corps"),
        ("Revolutionary Guard", "islamic-revolutionary-guard-corps"),
        ("IRGC", "islamic-revolutionary-guard-corps"),
        ("Supreme National Security Council", "supreme-national-security-council"),
        ("National Defence Forces", "national-defense-forces"),
        ("U.N.", "united-nations"),
        ("Fars", "fars-news-agency"),
        ("Rowhani", "hassan-rouhani"),
        ("Qasem Soleimani", "qassem-soleimani"),
        ("Dehqan", "hossein-dehghan"),
        ("Bashar Assad", "bashar-al-assad"),
        ("Walid al-Moallem", "walid-muallem"),
        ("Erdogan\u2019s", "recep-tayyip-erdogan"),
        ("Ban Ki-moon", "ban-ki-moon"),
    ],
)
def test_lookup_aliases(kb: Knowledge, text: str, key: str) -> None:
    entry = kb.lookup(text)
    assert entry is not None, text
    assert entry.key == key


@pytest.mark.parametrize("text", ["us", "Us", "is", "who", "Isis goddess", "", "the", "Congo", "Korea", "Salman"])
def test_ordinary_words_and_ambiguous_names_find_nothing(kb: Knowledge, text: str) -> None:
    assert kb.lookup(text) is None


def test_acronyms_are_case_sensitive(kb: Knowledge) -> None:
    assert kb.lookup("WHO").key == "world-health-organization"
    assert kb.lookup("IS").key == "islamic-state"
    assert kb.lookup("Nato").key == kb.lookup("NATO").key == "nato"


def test_candidates_lists_every_match(kb: Knowledge) -> None:
    assert [e.key for e in kb.candidates("Syria")] == ["syr"]
    assert kb.candidates("nowhere at all") == []


def test_entries_carry_country_and_sectors(kb: Knowledge) -> None:
    quds = kb.lookup("Quds Force")
    assert (quds.country, quds.sectors) == ("IRN", ["MIL"])
    assert kb.lookup("Foreign Ministry").country is None
    assert kb.lookup("United Nations").country == "UNO"
    assert kb.lookup("European Union").country == "EUR"
    assert kb.lookup("Arab League").country == "IGO"
    assert kb.lookup("IRNA").sectors == ["MED"] and kb.lookup("IRNA").country == "IRN"
    isis = kb.lookup("ISIS")
    assert isis.transnational and isis.sectors == ["REB"]


def test_country_by_code(kb: Knowledge) -> None:
    assert kb.country("SYR").name == "Syria"
    assert kb.country("irn").name == "Iran"
    assert kb.country("UNO") is None


@pytest.mark.parametrize(
    ("word", "iso3"),
    [
        ("Syrian", "SYR"),
        ("Syrians", "SYR"),
        ("Iranian", "IRN"),
        ("iranians", "IRN"),
        ("Russian", "RUS"),
        ("Afghan", "AFG"),
        ("Afghans", "AFG"),
        ("Iraqi", "IRQ"),
        ("Iraqis", "IRQ"),
        ("Lebanese", "LBN"),
        ("American", "USA"),
        ("British", "GBR"),
        ("Britons", "GBR"),
        ("Saudi", "SAU"),
        ("Emiratis", "ARE"),
        ("South Korean", "KOR"),
        ("North Koreans", "PRK"),
        ("Burkinabe", "BFA"),
    ],
)
def test_demonyms(kb: Knowledge, word: str, iso3: str) -> None:
    entry = kb.demonym(word)
    assert entry is not None and entry.country == iso3


def test_shared_demonyms_are_ambiguous(kb: Knowledge) -> None:
    assert kb.demonym("Congolese") is None
    assert {e.country for e in kb.demonym_candidates("Congolese")} == {"COD", "COG"}
    assert kb.demonym("Korean") is None


@pytest.mark.parametrize(
    ("text", "iso3", "sector"),
    [
        ("Tehran", "IRN", "GOV"),
        ("Moscow", "RUS", "GOV"),
        ("Damascus", "SYR", "GOV"),
        ("Washington", "USA", "GOV"),
        ("Beijing", "CHN", "GOV"),
        ("the Kremlin", "RUS", "GOV"),
        ("The Kremlin\u2019s", "RUS", "GOV"),
        ("the White House", "USA", "GOV"),
        ("Downing Street", "GBR", "GOV"),
        ("the Pentagon", "USA", "MIL"),
        ("the Elysee", "FRA", "GOV"),
        ("Élysée", "FRA", "GOV"),
        ("Kiev", "UKR", "GOV"),
        ("Kyiv", "UKR", "GOV"),
    ],
)
def test_metonyms(kb: Knowledge, text: str, iso3: str, sector: str) -> None:
    found = kb.metonym(text)
    assert found is not None, text
    entry, found_sector = found
    assert (entry.country, found_sector) == (iso3, sector)


def test_territory_capitals_are_not_metonyms(kb: Knowledge) -> None:
    assert kb.country("BMU").capital == "Hamilton"
    assert kb.metonym("Hamilton") is None


def test_resolve_tries_alias_then_metonym_then_demonym(kb: Knowledge) -> None:
    alias = kb.resolve("Hezbollah")
    assert (alias.entry.key, alias.sectors, alias.via) == ("hezbollah", ("REB", "PTY"), "alias")
    seat = kb.resolve("the Kremlin")
    assert (seat.entry.key, seat.sectors, seat.via) == ("rus", ("GOV",), "metonym")
    people = kb.resolve("Iranians")
    assert (people.entry.key, people.sectors, people.via) == ("irn", (), "demonym")
    assert kb.resolve("Gondor") is None


@pytest.mark.parametrize(
    ("key", "date", "titles"),
    [
        ("vladimir-putin", "2010-06-01", ["Prime Minister"]),
        ("vladimir-putin", "2016-03-28", ["President"]),
        ("hassan-rouhani", "2016-03", ["President"]),
        ("hassan-rouhani", "2012-01-01", []),
        ("mike-pompeo", "2018-04-26", ["Director of the CIA", "Secretary of State"]),  # handover day
        ("qassem-soleimani", "2015", ["Commander of the Quds Force"]),
        ("ban-ki-moon", None, ["Secretary-General of the United Nations"]),
    ],
)
def test_roles_on_a_date(kb: Knowledge, key: str, date: str | None, titles: list[str]) -> None:
    assert [role.title for role in kb.get(key).roles_on(date)] == titles


def test_roles_carry_the_coding_country(kb: Knowledge) -> None:
    guterres = kb.lookup("Guterres")
    assert guterres.country == "PRT"
    assert [role.country for role in guterres.roles_on("2018-01-01")] == ["UNO"]
    shamkhani = kb.lookup("Shamkhani")
    assert shamkhani.roles_on("2016-03-28")[0].org == "supreme-national-security-council"
