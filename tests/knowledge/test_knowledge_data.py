"""Consistency of the bundled data files."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from khaldun.knowledge import INTERNATIONAL_CODES, Knowledge
from khaldun.knowledge.loading import BUNDLED_FILES

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "build_countries.py"
DATA = REPO / "src" / "khaldun" / "knowledge" / "data"


def _states(kb: Knowledge):
    return [entry for entry in kb.entries if entry.kind == "state"]


def test_bundled_files_exist() -> None:
    for name in BUNDLED_FILES:
        assert (DATA / name).is_file(), name


def test_countries_file_matches_its_generator() -> None:
    spec = importlib.util.spec_from_file_location("build_countries", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.render() == (DATA / "countries.yaml").read_text(encoding="utf-8"), (
        "countries.yaml is stale: run scripts/build_countries.py"
    )


def test_every_state_has_a_demonym_and_a_unique_code(kb: Knowledge) -> None:
    states = _states(kb)
    codes = [state.country for state in states]
    assert len(codes) == len(set(codes))
    for state in states:
        assert re.fullmatch(r"[A-Z]{3}", state.country), state.name
        assert state.demonyms, f"{state.name} has no demonym"
        assert state.key == state.country.lower()


def test_major_states_have_capital_metonyms(kb: Knowledge) -> None:
    for iso3 in ("IRN", "IRQ", "SYR", "RUS", "USA", "GBR", "FRA", "CHN", "TUR", "ISR", "SAU", "EGY", "LBN"):
        state = kb.country(iso3)
        assert state.capital and any(m.text == state.capital for m in state.metonyms), iso3


def test_every_alias_finds_its_own_entry(kb: Knowledge) -> None:
    """No alias is shared by two entries: each one looks its entry up again."""
    for entry in kb.entries:
        for alias in entry.aliases:
            assert kb.candidates(alias) == [entry], f"{alias!r} of {entry.key}"


def test_country_codes_are_known(kb: Knowledge) -> None:
    known = {state.country for state in _states(kb)} | INTERNATIONAL_CODES
    for entry in kb.entries:
        assert entry.country is None or entry.country in known, entry.key
        for role in entry.roles:
            assert role.country is None or role.country in known, f"{entry.key}: {role.title}"


def test_only_context_dependent_bodies_lack_a_country(kb: Knowledge) -> None:
    without = {entry.key for entry in kb.entries if entry.country is None}
    assert without == {"foreign-ministry", "defense-ministry", "interior-ministry"}


def test_persons_have_dated_roles(kb: Knowledge) -> None:
    persons = [entry for entry in kb.entries if entry.kind == "person"]
    assert len(persons) >= 60
    for person in persons:
        assert person.country and person.roles, person.key
        assert person.sectors, person.key
        for role in person.roles:
            assert role.start, f"{person.key}: {role.title} has no start"
            assert role.sector in kb.sectors, f"{person.key}: {role.title}"


def test_role_organisations_exist(kb: Knowledge) -> None:
    for entry in kb.entries:
        for role in entry.roles:
            if role.org is not None:
                assert kb.get(role.org) is not None, f"{entry.key}: {role.org}"


def test_successions_do_not_overlap(kb: Knowledge) -> None:
    """Offices held by one person at a time hand over on the right day."""
    handovers = [
        ("hassan-rouhani", "ebrahim-raisi", "President", "2021-08-03"),
        ("hossein-dehghan", "amir-hatami", "Defence Minister", "2017-08-20"),
        ("mohammad-ali-jafari", "hossein-salami", "Commander of the Revolutionary Guards", "2019-04-21"),
        ("fahd-jassem-al-freij", "ali-abdullah-ayyoub", "Defence Minister", "2018-01-01"),
        ("barack-obama", "donald-trump", "President", "2017-01-20"),
        ("john-kerry", "rex-tillerson", "Secretary of State", None),
        ("ban-ki-moon", "antonio-guterres", "Secretary-General of the United Nations", None),
        ("petro-poroshenko", "volodymyr-zelensky", "President", "2019-05-20"),
        ("nouri-al-maliki", "haider-al-abadi", "Prime Minister", "2014-09-08"),
    ]
    for before, after, title, day in handovers:
        old = [r for r in kb.get(before).roles if r.title == title][-1]
        new = next(r for r in kb.get(after).roles if r.title == title)
        assert old.end is not None and old.end <= new.start, (before, after)
        if day is not None:
            assert old.end == new.start == day, (before, after)


def test_groups_use_rebel_or_party_sectors(kb: Knowledge) -> None:
    for entry in kb.entries:
        if entry.kind == "group":
            assert set(entry.sectors) & {"REB", "OPP", "PTY"}, entry.key


@pytest.mark.parametrize("name", BUNDLED_FILES)
def test_data_files_are_plain_yaml_without_tabs(name: str) -> None:
    text = (DATA / name).read_text(encoding="utf-8")
    assert "\t" not in text
    assert text.endswith("\n")
