"""Fixtures for the store tests: DocResults built by hand from sentences we wrote.

Every offset is computed from the text, so each record points at the exact
characters it came from, as the real pipeline's records do.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable, Iterator, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from khaldun.records import (
    Actor,
    ActorRef,
    DocResult,
    Document,
    Event,
    Evidence,
    Location,
    Mention,
    Provenance,
    Role,
    Sentence,
)
from khaldun.store import Store


class Draft:
    """A document under construction: one sentence per paragraph."""

    def __init__(self, path: str, paragraphs: Sequence[str], **meta: Any) -> None:
        text = "\n\n".join(paragraphs)
        doc_id = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
        self.document = Document(doc_id=doc_id, path=path, text=text, **meta)
        self.sentences: list[Sentence] = []
        cursor = 0
        for index, paragraph in enumerate(paragraphs):
            start = text.index(paragraph, cursor)
            cursor = start + len(paragraph)
            self.sentences.append(Sentence(doc_id, index, start, cursor, paragraph))
        self.mentions: list[Mention] = []
        self.actors: list[Actor] = []
        self.events: list[Event] = []

    def span(self, sentence: int, surface: str) -> tuple[int, int]:
        """Offsets in the document text of ``surface`` inside sentence ``sentence``."""
        s = self.sentences[sentence]
        start = self.document.text.index(surface, s.start, s.end)
        return start, start + len(surface)

    def mention(self, sentence: int, surface: str, label: str, actor_id: str | None) -> None:
        start, end = self.span(sentence, surface)
        self.mentions.append(
            Mention(self.document.doc_id, sentence, start, end, surface, label, actor_id)
        )

    def party(
        self,
        sentence: int,
        surface: str,
        name: str,
        country: str | None,
        sectors: Sequence[str],
        actor_id: str | None = None,
    ) -> ActorRef:
        start, end = self.span(sentence, surface)
        return ActorRef(surface, name, country, list(sectors), actor_id, start, end)

    def evidence(self, sentence: int, trigger: str) -> Evidence:
        s = self.sentences[sentence]
        t_start, t_end = self.span(sentence, trigger)
        return Evidence(
            self.document.doc_id,
            self.document.path,
            s.text,
            s.start,
            s.end,
            self.document.outlet,
            t_start,
            t_end,
        )

    def result(self) -> DocResult:
        return DocResult(self.document, self.sentences, self.mentions, self.actors, self.events)


def provenance(rule: str, trigger: str, lemma: str) -> Provenance:
    return Provenance(rule, trigger, lemma, f"verbs.yaml:{lemma}", [f"trigger {trigger!r}"])


def iran_syria() -> DocResult:
    """A 2016 report of a phone call between two defence ministers (three events)."""
    d = Draft(
        "wire/2016-03-29-iran-syria.txt",
        [
            "Iran promises Syria more military aid",
            "Iran's defence minister Hossein Dehqan telephoned his Syrian counterpart "
            "Fahd al-Freij on Monday.",
            "Dehqan said Tehran would keep sending military advisers to Damascus.",
            "Russia and Iran both praised the Syrian army after the recapture of Palmyra.",
        ],
        title="Iran promises Syria more military aid",
        title_source="first-line",
        published="2016-03-29",
        published_source="text-header",
        outlet="Gulf Wire",
        removed=["share-buttons"],
    )
    d.mention(1, "Iran", "GPE", "state:IRN")
    d.mention(1, "Hossein Dehqan", "PERSON", "person:hossein-dehqan")
    d.mention(1, "Fahd al-Freij", "PERSON", "person:fahd-al-freij")
    d.mention(2, "Dehqan", "PERSON", "person:hossein-dehqan")
    d.mention(2, "Tehran", "GPE", "state:IRN")
    d.mention(2, "Damascus", "GPE", "state:SYR")
    d.mention(3, "Russia", "GPE", "state:RUS")
    d.mention(3, "Iran", "GPE", "state:IRN")
    d.mention(3, "Syrian army", "ORG", "org:syrian-army")
    d.actors = [
        Actor("state:IRN", "Iran", "state", "IRN", ["GOV"], ["Iran", "Tehran"], [], 3, "lexicon"),
        Actor(
            "person:hossein-dehqan",
            "Hossein Dehqan",
            "person",
            "IRN",
            ["GOV", "MIL"],
            ["Hossein Dehqan", "Dehqan"],
            [Role("IRN", "MIL", "defence minister", "2016-03-29")],
            2,
        ),
        Actor(
            "person:fahd-al-freij",
            "Fahd al-Freij",
            "person",
            "SYR",
            ["GOV", "MIL"],
            ["Fahd al-Freij"],
            [Role("SYR", "MIL", "Syrian counterpart")],
            1,
        ),
        Actor("state:SYR", "Syria", "state", "SYR", ["GOV"], ["Damascus"], [], 1, "lexicon"),
        Actor("state:RUS", "Russia", "state", "RUS", ["GOV"], ["Russia"], [], 1, "lexicon"),
        Actor(
            "org:syrian-army",
            "Syrian Arab Army",
            "organization",
            "SYR",
            ["MIL"],
            ["Syrian army"],
            [],
            1,
        ),
    ]
    d.events = [
        Event(
            event_id="ev-iransyria-call",
            event_type="CONSULT",
            cameo="040",
            quad=1,
            actor=[
                d.party(
                    1,
                    "Hossein Dehqan",
                    "Hossein Dehqan",
                    "IRN",
                    ["GOV", "MIL"],
                    "person:hossein-dehqan",
                ),
                d.party(
                    1,
                    "Fahd al-Freij",
                    "Fahd al-Freij",
                    "SYR",
                    ["GOV", "MIL"],
                    "person:fahd-al-freij",
                ),
            ],
            recipient=[],
            evidence=[d.evidence(1, "telephoned")],
            provenance=provenance("verb-frame", "telephoned", "telephone"),
            mode="phone",
            date="2016-03-28",
            date_precision="day",
            date_source="clause: on Monday",
            confidence=0.8,
        ),
        Event(
            event_id="ev-iransyria-advisers",
            event_type="AGREE",
            cameo="033",
            quad=1,
            actor=[
                d.party(
                    2, "Dehqan", "Hossein Dehqan", "IRN", ["GOV", "MIL"], "person:hossein-dehqan"
                )
            ],
            recipient=[d.party(2, "Damascus", "Syria", "SYR", ["GOV"], "state:SYR")],
            evidence=[d.evidence(2, "would keep sending")],
            provenance=provenance("verb-frame", "sending", "send"),
            contexts=["military"],
            date="2016-03-29",
            date_precision="day",
            date_source="publication",
            future=True,
            confidence=0.6,
        ),
        Event(
            event_id="ev-iransyria-praise",
            event_type="SUPPORT",
            cameo="051",
            quad=1,
            actor=[
                d.party(3, "Russia", "Russia", "RUS", ["GOV"], "state:RUS"),
                d.party(3, "Iran", "Iran", "IRN", ["GOV"], "state:IRN"),
            ],
            recipient=[
                d.party(3, "Syrian army", "Syrian Arab Army", "SYR", ["MIL"], "org:syrian-army")
            ],
            evidence=[d.evidence(3, "praised")],
            provenance=provenance("verb-frame", "praised", "praise"),
            location=Location("Palmyra", "SYR", 34.56, 38.27, "city", 163345),
            confidence=0.7,
        ),
    ]
    return d.result()


def idlib() -> DocResult:
    """A 2018 report of airstrikes and an appeal; Iran appears again under other names."""
    d = Draft(
        "wire/2018-09-05-idlib.txt",
        [
            "Jets strike Idlib as Iran calls for coordination",
            "Russian jets struck rebel positions in Idlib province on Tuesday, "
            "the Syrian army said.",
            "The Islamic Republic of Iran's defence minister Amir Hatami urged allied forces "
            "to coordinate their operations.",
        ],
        title="Jets strike Idlib as Iran calls for coordination",
        title_source="first-line",
        published="2018-09-05",
        published_source="html-meta",
        url="https://example.org/2018/09/05/idlib",
        outlet="Levant Monitor",
        source_format="html",
    )
    d.mention(0, "Iran", "GPE", "state:IRN")
    d.mention(1, "Russian jets", "NORP", "state:RUS")
    d.mention(1, "Syrian army", "ORG", "org:syrian-army")
    d.mention(2, "Islamic Republic of Iran", "GPE", "state:IRN")
    d.mention(2, "Amir Hatami", "PERSON", "person:amir-hatami")
    d.actors = [
        Actor(
            "state:IRN",
            "Iran",
            "state",
            "IRN",
            ["GOV", "MIL"],
            ["Iran", "Islamic Republic of Iran"],
            [Role("IRN", "GOV", "Islamic Republic of Iran")],
            2,
            "lexicon",
        ),
        Actor("state:RUS", "Russia", "state", "RUS", ["MIL"], ["Russian jets"], [], 1, "lexicon"),
        Actor(
            "org:syrian-army",
            "Syrian Arab Army",
            "organization",
            "SYR",
            ["MIL"],
            ["Syrian army"],
            [],
            1,
        ),
        Actor(
            "person:amir-hatami",
            "Amir Hatami",
            "person",
            "IRN",
            ["GOV", "MIL"],
            ["Amir Hatami"],
            [Role("IRN", "MIL", "defence minister", "2018-09-05")],
            1,
        ),
    ]
    d.events = [
        Event(
            event_id="ev-idlib-strike",
            event_type="ASSAULT",
            cameo="195",
            quad=4,
            actor=[d.party(1, "Russian jets", "Russia", "RUS", ["MIL"], "state:RUS")],
            recipient=[d.party(1, "rebel positions", "rebels", "SYR", ["REB"])],
            evidence=[d.evidence(1, "struck")],
            provenance=provenance("verb-frame", "struck", "strike"),
            mode="aerial",
            date="2018-09-04",
            date_precision="day",
            date_source="clause: on Tuesday",
            location=Location("Idlib", "SYR", 35.93, 36.63, "region", 169387),
            confidence=0.9,
        ),
        Event(
            event_id="ev-idlib-appeal",
            event_type="REQUEST",
            cameo="020",
            quad=1,
            actor=[
                d.party(
                    2, "Amir Hatami", "Amir Hatami", "IRN", ["GOV", "MIL"], "person:amir-hatami"
                )
            ],
            recipient=[d.party(2, "allied forces", "allied forces", None, ["MIL"])],
            evidence=[d.evidence(2, "urged")],
            provenance=provenance("appeal", "urged", "urge"),
            date="2018-09",
            date_precision="month",
            confidence=0.5,
        ),
    ]
    return d.result()


def hostile() -> DocResult:
    """A document whose every text field is full of SQL and CSV metacharacters."""
    name = "O'Brien\"; DROP TABLE events; --"
    sentence = f"{name} told reporters: \"we reject the deal; it's 100% wrong\" \\ 'quoted'."
    text = f"Headline with 'quotes' and ; semicolons\n\n{sentence}"
    doc_id = hashlib.sha256(text.encode()).hexdigest()[:16]
    start = text.index(sentence)
    doc = Document(
        doc_id=doc_id,
        path='in/it\'s "odd"; DELETE FROM documents;.txt',
        text=text,
        title="Headline with 'quotes' and ; semicolons",
        outlet="Bobby'); DROP TABLE documents;--",
    )
    ref = ActorRef(name, name, "IRL", ["GOV"], "person:obrien", start, start + len(name))
    event = Event(
        event_id="ev-'; DROP TABLE evidence; --",
        event_type="REJECT",
        cameo="120",
        quad=3,
        actor=[ref],
        recipient=[],
        evidence=[Evidence(doc_id, doc.path, sentence, start, start + len(sentence), doc.outlet)],
        provenance=Provenance("verb-frame", "reject", "reject", "verbs.yaml:reject' OR 1=1 --"),
        contexts=["it's; odd"],
    )
    actor = Actor("person:obrien", name, "person", "IRL", ["GOV"], [name, "O'Brien"], [], 1)
    return DocResult(
        doc,
        [
            Sentence(doc_id, 0, 0, start - 2, doc.title or ""),
            Sentence(doc_id, 1, start, start + len(sentence), sentence),
        ],
        [],
        [actor],
        [event],
    )


def strike_report(n: int, day: date | None, precision: str | None = "day", *, actor: str = "Russia",
                  text: str = "", commander: str | None = None) -> DocResult:
    """A wire report of Russian (or Turkish) aircraft striking Syrian rebels, dated ``day``; with
    ``commander``, strikes ordered by that Russian general (a person: ``person:`` + the name)."""
    when = "on the day" if precision == "day" else "that month" if precision == "month" else "recently"
    who = f"General {commander}'s" if commander else f"{actor}n"
    sentence = f"{who} aircraft struck Syrian rebel positions {when}, dispatch {n} said. {text}"
    d = Draft(f"wire/{n:04d}.txt", [sentence.strip()],
              published=None if day is None else day.isoformat(), outlet=f"Outlet {n % 7}")
    country = "RUS" if actor == "Russia" else "TUR"
    party = (d.party(0, f"General {commander}", commander, "RUS", ["MIL"], f"person:{commander.lower()}")
             if commander else d.party(0, f"{actor}n aircraft", actor, country, ["MIL"], f"state:{country}"))
    d.events = [Event(
        event_id=f"ev-{n:04d}", event_type="ASSAULT", cameo="195", quad=4,
        actor=[party],
        recipient=[d.party(0, "Syrian rebel", "Syrian rebels", "SYR", ["REB"])],
        evidence=[d.evidence(0, "struck")], provenance=provenance("verb", "struck", "strike"),
        mode="airstrike", date=None if day is None else day.isoformat(), date_precision=precision,
        date_source=None if day is None else f"clause: {when}", confidence=0.7,
    )]
    return d.result()


@pytest.fixture
def doc_a() -> DocResult:
    return iran_syria()


@pytest.fixture
def doc_b() -> DocResult:
    return idlib()


@pytest.fixture
def doc_hostile() -> DocResult:
    return hostile()


@pytest.fixture
def draft() -> Callable[..., Draft]:
    """Factory of :class:`Draft` documents for tests that need their own events."""
    return Draft


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "khaldun.duckdb"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    with Store(db_path) as opened:
        yield opened


@pytest.fixture
def shared_dir() -> Path:
    """The shared reference data beside the checkout; skips when it is absent."""
    path = Path(__file__).resolve().parents[2] / ".." / "shared"
    if not path.is_dir():
        pytest.skip(f"shared data not found at {path}")
    return path


#: The first day of the strike reports of the batch tests.
FIRST = date(2016, 1, 4)
#: Generals (:func:`generals_history`) whose second spelling is merged into the first, then
#: told apart again.
GENERALS = [("Kartapolov", "Kartapolow"), ("Dvornikov", "Dvornikow"), ("Zhuravlev", "Zhuravlyov"),
            ("Surovikin", "Surowikin"), ("Gerasimov", "Gerasimow"), ("Sanakoyev", "Sanakoev")]


def _first(rng: random.Random) -> list:
    """Reports by the generals under both spellings, by two states, some undated."""
    out, n = [], 0
    for a, b in GENERALS:
        for week in range(3):
            day = FIRST + timedelta(weeks=week, days=rng.randrange(2))
            out += [strike_report(n, day, commander=a), strike_report(n + 1, day, commander=b)]
            n += 2
    for _ in range(30):
        precision = rng.choice(["day", "day", "day", "month", None])
        day = FIRST + timedelta(days=rng.randrange(90))
        out.append(strike_report(n, None if precision is None else day, precision,
                          actor=rng.choice(["Russia", "Turkey"])))
        n += 1
    return out


def _later(rng: random.Random) -> list:
    out = []
    for n in range(500, 520):
        a, b = rng.choice(GENERALS)
        out.append(strike_report(n, FIRST + timedelta(days=rng.randrange(30)), commander=rng.choice([a, b])))
    return out


def generals_history(path: Path, seed: int) -> None:
    """Store the first reports, merge them and build their stories; then tell the spellings
    apart and add later reports: the merge and stories steps to come have reports that leave
    their block and their story, undated reports, and later reports."""
    rng = random.Random(seed)
    with Store(path) as store:
        conn = store.connection
        for a, b in GENERALS:
            conn.execute("INSERT INTO actors (actor_id, name, kind, country) VALUES (?, ?, 'person', 'RUS'), "
                         "(?, ?, 'person', 'RUS')", [f"person:{a.lower()}", a, f"person:{b.lower()}", b])
            conn.execute("INSERT INTO actor_links VALUES (?, ?, 'variant', 0.9)",
                         [f"person:{b.lower()}", f"person:{a.lower()}"])
        store.write_many(_first(rng))
        store.merge_events()
        store.build_stories()
        conn.execute("DELETE FROM actor_links")
        store.write_many(_later(rng))
