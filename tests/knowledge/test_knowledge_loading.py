"""Loading the bundled knowledge and users' YAML files."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from khaldun.knowledge import DatedRole, Entry, Knowledge, KnowledgeError, load_knowledge


def test_bundled_knowledge_has_every_kind(kb: Knowledge) -> None:
    kinds = {entry.kind for entry in kb.entries}
    assert kinds == {"state", "organization", "group", "person"}
    assert sum(entry.kind == "state" for entry in kb.entries) > 200
    assert sum(entry.kind == "person" for entry in kb.entries) >= 60


def test_entries_are_typed_and_traceable(kb: Knowledge) -> None:
    rouhani = kb.get("hassan-rouhani")
    assert isinstance(rouhani, Entry)
    assert rouhani.kind == "person" and rouhani.country == "IRN"
    assert rouhani.name in rouhani.aliases and "Rowhani" in rouhani.aliases
    assert rouhani.source.endswith("persons.yaml")
    assert rouhani.roles == [
        DatedRole(title="President", sector="GOV", country="IRN", start="2013-08-03", end="2021-08-03")
    ]
    assert rouhani.sectors == ["GOV"]  # derived from the roles


def test_loading_is_fast() -> None:
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        load_knowledge()
        best = min(best, time.perf_counter() - started)
    assert best < 0.5


def test_each_load_builds_a_fresh_object(kb: Knowledge) -> None:
    again = load_knowledge()
    assert again is not kb
    assert again.get("syr") is not kb.get("syr")


def test_user_file_extends_a_bundled_entry(write_yaml) -> None:
    path = write_yaml(
        """
groups:
  - name: Hezbollah
    aliases: [Hizb Allah]
    roles: []
"""
    )
    kb = load_knowledge([path])
    entry = kb.lookup("Hizb Allah")
    assert entry is not None and entry.key == "hezbollah"
    assert kb.lookup("Hizbollah") is entry  # bundled aliases kept
    assert entry.sectors == ["REB", "PTY"]  # untouched fields kept
    assert entry.source == str(path)


def test_user_file_overrides_scalars_and_sectors_by_key(write_yaml) -> None:
    path = write_yaml(
        """
groups:
  - key: islamic-state
    country: SYR
    sectors: [REB, CRM]
"""
    )
    entry = load_knowledge([path]).lookup("Daesh")
    assert entry is not None
    assert (entry.country, entry.sectors) == ("SYR", ["REB", "CRM"])
    assert "ISIL" in entry.aliases


def test_user_state_is_matched_by_its_country_code(write_yaml) -> None:
    path = write_yaml(
        """
states:
  - country: SYR
    demonyms: [Shami]
    metonyms: {Qasioun: MIL}
"""
    )
    kb = load_knowledge([path])
    assert kb.demonym("Shamis") is kb.country("SYR")
    assert kb.demonym("Syrian") is kb.country("SYR")
    assert kb.metonym("Qasioun") == (kb.country("SYR"), "MIL")
    assert kb.metonym("Damascus") == (kb.country("SYR"), "GOV")


def test_user_file_adds_new_entries_of_each_kind(write_yaml) -> None:
    path = write_yaml(
        """
persons:
  - name: Jane Placeholder
    country: ATA
    aliases: [Placeholder]
    roles:
      - {title: Governor, sector: GOV, from: 2019, to: 2020-06}
organizations:
  - name: Coastal Fishers Union
    country: NZL
    sectors: [LAB, AGR]
sectors:
  MIL:
    phrases: [frogman]
places:
  - {name: Greater Syria, label: LOC}
"""
    )
    kb = load_knowledge([path])
    person = kb.lookup("placeholder")
    assert person is not None and person.kind == "person"
    assert person.roles[0].start == "2019" and person.roles[0].end == "2020-06"
    assert person.sectors == ["GOV"]
    assert kb.lookup("Coastal Fishers Union").sectors == ["LAB", "AGR"]
    assert kb.sector_of("frogmen") == ["MIL"]
    assert kb.sector_of("army") == ["MIL"]  # bundled phrases kept
    assert any(place.name == "Greater Syria" for place in kb.places)


def test_later_user_files_win(write_yaml) -> None:
    first = write_yaml("groups:\n  - {key: taliban, country: PAK}\n", "first.yaml")
    second = write_yaml("groups:\n  - {key: taliban, country: AFG}\n", "second.yaml")
    assert load_knowledge([first, second]).lookup("Taliban").country == "AFG"
    assert load_knowledge([second, first]).lookup("Taliban").country == "PAK"


def test_replace_and_remove(write_yaml) -> None:
    path = write_yaml(
        """
groups:
  - {name: Hamas, country: PSE, sectors: [PTY], replace: true}
  - {key: free-syrian-army, remove: true}
"""
    )
    kb = load_knowledge([path])
    hamas = kb.lookup("Hamas")
    assert hamas.sectors == ["PTY"]
    assert kb.lookup("Islamic Resistance Movement") is None  # replaced: bundled aliases gone
    assert kb.lookup("Free Syrian Army") is None and kb.get("free-syrian-army") is None


def test_renaming_keeps_the_old_name_as_alias(write_yaml) -> None:
    path = write_yaml("persons:\n  - {key: walid-muallem, name: Walid al-Moualem}\n")
    entry = load_knowledge([path]).get("walid-muallem")
    assert entry.name == "Walid al-Moualem"
    assert "Walid Muallem" in entry.aliases


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("groups:\n  - {name: X Front, colour: red}\n", "unknown field"),
        ("militias:\n  - {name: X Front}\n", "unknown section"),
        ("groups:\n  - {name: X Front, sectors: [ZZZ]}\n", "unknown sector"),
        ("groups:\n  - {name: X Front, country: Syria}\n", "country must be"),
        ("persons:\n  - {name: A B, roles: [{title: Envoy, from: 'March 2015'}]}\n", "dates are ISO"),
        ("persons:\n  - {name: A B, roles: [{title: Envoy, from: 2016-01-01, to: 2015-01-01}]}\n", "after it ends"),
        ("persons:\n  - {name: A B, roles: [{sector: GOV}]}\n", "needs a title"),
        ("groups:\n  - {aliases: [Nameless]}\n", "needs a key, a name"),
        ("states:\n  - {name: Atlantis}\n", "needs a country code"),
        ("groups: [unclosed\n", "invalid YAML"),
        ("- just a list\n", "mapping of sections"),
    ],
)
def test_malformed_user_files_are_reported_with_their_path(write_yaml, text: str, message: str) -> None:
    path = write_yaml(text)
    with pytest.raises(KnowledgeError, match=message) as caught:
        load_knowledge([path])
    assert str(path) in str(caught.value)


def test_missing_user_file_is_a_knowledge_error(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeError, match="cannot read"):
        load_knowledge([tmp_path / "absent.yaml"])


def test_empty_user_file_changes_nothing(write_yaml, kb: Knowledge) -> None:
    assert len(load_knowledge([write_yaml("")])) == len(kb)
