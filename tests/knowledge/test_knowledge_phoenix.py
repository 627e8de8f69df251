"""Users' PETRARCH/Phoenix actor and agent dictionaries.

The dictionaries in these tests are our own lines about fictional actors
(Kaldoria, Marten Osk, ...), plus a few real names that the bundled knowledge
also has.  The reference Phoenix files in ../shared are only read in place.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from khaldun.actors.mentions import sectors_on
from khaldun.knowledge import DatedRole, Entry, KnowledgeError, load_knowledge
from khaldun.knowledge.phoenix import (
    CameoCodes,
    PhoenixError,
    detect_format,
    display_name,
    iter_actor_records,
    iter_agent_records,
    read_dictionary,
)

ACTORS = """\
# Our own test dictionary: fictional actors, PETRARCH/Phoenix format.
<!-- an XML-style comment line, skipped -->
KALDORIA_  [KLD]
+KALDORIAN_REPUBLIC_
+VESSA_            # the capital stands for the country, as PETRARCH codes it
MARTEN_OSK_
+PRESIDENT_OSK
+OSK_
\t[KLDELI]
\t[KLDGOV >130801]                 # president from 1 August 2013
\t[KLDGOVLEG 19980115-20050630]    # eight-digit dates
\t[KLDOPP <971231]                 # before that, in opposition
KALDORIAN_MINISTRY_OF_DEFENCE_\t[KLDGOVMIL]\t# notes after the code\t$1,000,000
RED_HAND_BRIGADES_(RHB)_ [KLDREB]
+RED_HAND_
HEALTH_WATCH_KALDORIA_  [NGOKLDHLH]
FRONT_OF_THE_NORTH_
NORTHERN_FRONT_ [IMGMUSREB]
NOBODY_IN_PARTICULAR_ [---]
IVAR_TELL_ [KLDGOV > 20010101] [KLDMIL 19900101 - 19991231]
"""

AGENTS = """\
# Our own agents file.
!HERD! = HERDER, HERDSMAN
GOAT_!HERD! [~AGR]
REGIONAL_WARLORD [~REBUAF]
PALACE_GUARD {PALACE_GUARDS} [~MILGOV]
RURAL_POLICE {} [~COP]
MINISTER [~MIL]
RELIEF_CHARITY [NGO~]
UNCODED_THING
"""


@pytest.fixture()
def write(tmp_path: Path):
    """Write a dictionary file and return its path."""

    def _write(text: str, name: str) -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return _write


def _records(text: str, source: str = "test.actors"):
    problems: list = []
    lines = list(enumerate(text.splitlines(), 1))
    return list(iter_actor_records(lines, source, problems)), problems


# --------------------------------------------------------------------------- parsing


def test_actor_records_have_names_aliases_and_dated_codes() -> None:
    records, problems = _records(ACTORS)
    assert problems == []
    by_name = {r.name: r for r in records}
    osk = by_name["MARTEN OSK"]
    assert osk.aliases == ["PRESIDENT OSK", "OSK"]
    assert [(c.code, c.start, c.end) for c in osk.codes] == [
        ("KLDELI", None, None),
        ("KLDGOV", "2013-08-01", None),
        ("KLDGOVLEG", "1998-01-15", "2005-06-30"),
        ("KLDOPP", None, "1997-12-31"),
    ]
    assert osk.line == 6
    # several codes on one line, "> DATE" and "DATE - DATE" with spaces
    tell = by_name["IVAR TELL"]
    assert [(c.code, c.start, c.end) for c in tell.codes] == [
        ("KLDGOV", "2001-01-01", None),
        ("KLDMIL", "1990-01-01", "1999-12-31"),
    ]
    # notes after the code are not part of the name or the code
    assert [c.code for c in by_name["KALDORIAN MINISTRY OF DEFENCE"].codes] == ["KLDGOVMIL"]


def test_a_name_line_without_code_takes_the_next_actors_codes() -> None:
    records, _ = _records(ACTORS)
    by_name = {r.name: r for r in records}
    assert [c.code for c in by_name["FRONT OF THE NORTH"].codes] == ["IMGMUSREB"]
    assert "FRONT OF THE NORTH" not in by_name["NORTHERN FRONT"].aliases  # two actors, one code


def test_two_digit_years_are_read_as_petrarch_reads_them() -> None:
    records, _ = _records("A_PERSON_\n\t[KLDGOV 291231-300101]\n\t[KLDELI <310101]\n")
    codes = records[0].codes
    assert (codes[0].start, codes[0].end) == ("2029-12-31", "2030-01-01")  # 00-30: 20YY
    assert codes[1].end == "1931-01-01"  # 31-99: 19YY


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("\t[KLDGOV]\nA_NAME_ [KLD]\n", 1, "code line before any actor name"),
        ("+AN_ALIAS_\n", 1, "alias line before any actor name"),
        ("A_NAME_\n# comment\n\t[KLDGOV >130801\n", 3, r"'\[' without '\]'"),
        ("A_NAME_ []\n", 1, "empty code"),
        ("A_NAME_ [KLD]\n [KLDGOV]\n[KLDMIL]\n  \n_ [KLD]\n", 5, "needs a name"),
    ],
)
def test_malformed_lines_are_errors_naming_file_and_line(text: str, line: int, message: str) -> None:
    with pytest.raises(PhoenixError, match=message) as caught:
        _records(text, source="mine.actors")
    assert f"mine.actors:{line}:" in str(caught.value)
    assert isinstance(caught.value, KnowledgeError)


def test_unreadable_codes_are_skipped_and_reported_with_their_line() -> None:
    text = (
        "A_NAME_\n"
        "\t[KLDGOV 20130899]\n"  # no 99th day
        "\t[KLDMIL 20130801-20120101]\n"  # ends before it starts
        "\t[+++]\n"  # not a code
        "\t[KLDELI]\n"
    )
    records, problems = _records(text, source="mine.actors")
    assert [c.code for c in records[0].codes] == ["KLDELI"]
    assert [str(p).split(": ")[0] for p in problems] == ["mine.actors:2", "mine.actors:3", "mine.actors:4"]
    assert "not a valid date" in problems[0].message and "before it starts" in problems[1].message


def test_null_coded_and_uncoded_actors_are_skipped(write) -> None:
    read = read_dictionary(write(ACTORS + "LAST_NAME_WITHOUT_CODE_\n", "kaldoria.actors"))
    names = {e.name for e in read.entries}
    assert "Nobody in Particular" not in names and read.skipped == 1
    assert any("LAST NAME WITHOUT CODE" in str(p) and "no code" in str(p) for p in read.problems)


# --------------------------------------------------------------------------- CAMEO codes


@pytest.mark.parametrize(
    ("code", "country", "sectors"),
    [
        ("IRNGOVLEG", "IRN", ("GOV", "LEG")),
        ("SYRMIL", "SYR", ("MIL",)),
        ("USAELI", "USA", ("ELI",)),
        ("IRN", "IRN", ()),
        ("IGOUNOREFHCR", "UNO", ("REF",)),  # UNHCR: a UN body
        ("IGOEUREEC", "EUR", ()),  # the European Union
        ("IGONAT", "IGO", ()),
        ("NGOHLH", "NGO", ("SOC",)),  # health first: civil society
        ("IRNGOVHLH", "IRN", ("GOV",)),  # health after another role: nothing more
        ("IMGMUSALQ", "IMG", ("REB", "REL")),
        ("MNCUSA", "MNC", ("BUS",)),
        ("IRQMUSSHI", "IRQ", ("REL",)),
        ("ROM", "ROU", ()),  # CAMEO codes that differ from ISO 3166
        ("MUS", "MUS", ()),  # Mauritius in first position, Muslim after it
        ("MEAREB", None, ("REB",)),  # a region is no state
        ("ELI", None, ("ELI",)),
    ],
)
def test_cameo_codes_decode_to_country_and_plover_sectors(code: str, country: str | None, sectors) -> None:
    meaning = CameoCodes.load().decode(code)
    assert (meaning.country, meaning.sectors) == (country, sectors)


def test_entries_get_kind_country_sectors_and_roles(write) -> None:
    read = read_dictionary(write(ACTORS, "kaldoria.txt"))
    assert read.format == "actors" and read.problems == []
    by_name = {e.name: e for e in read.entries}
    assert set(by_name) >= {"Kaldoria", "Marten Osk", "Kaldorian Ministry of Defence", "Red Hand Brigades"}

    kaldoria = by_name["Kaldoria"]
    assert (kaldoria.kind, kaldoria.country, kaldoria.sectors) == ("state", "KLD", [])
    assert kaldoria.aliases == ["Kaldoria", "Kaldorian Republic", "Vessa"]

    osk = by_name["Marten Osk"]
    assert (osk.kind, osk.country, osk.sectors) == ("person", "KLD", ["ELI"])
    assert DatedRole(title="KLDGOV", sector="GOV", country="KLD", start="2013-08-01") in osk.roles
    assert DatedRole(title="KLDELI", sector="ELI", country="KLD") in osk.roles  # the default, open
    assert osk.source.endswith("kaldoria.txt:6") and osk.note.startswith("CAMEO KLDELI KLDGOV>2013-08-01")

    ministry = by_name["Kaldorian Ministry of Defence"]
    assert (ministry.kind, ministry.country, ministry.sectors) == ("organization", "KLD", ["GOV", "MIL"])
    brigades = by_name["Red Hand Brigades"]
    assert (brigades.kind, brigades.country, brigades.sectors) == ("group", "KLD", ["REB"])
    assert {"RHB", "Red Hand"} <= set(brigades.aliases)  # "(RHB)" is an acronym of the name
    watch = by_name["Health Watch Kaldoria"]
    assert (watch.kind, watch.country, watch.sectors) == ("organization", "NGO", ["SOC"])
    front = by_name["Northern Front"]
    assert (front.kind, front.country, front.sectors) == ("group", "IMG", ["REB", "REL"])
    assert by_name["Ivar Tell"].kind == "person"  # dated terms of office


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("HASSAN ROUHANI", "Hassan Rouhani"),
        ("BASHAR AL-ASSAD", "Bashar al-Assad"),
        ("U.N. SECRETARY GENERAL", "U.N. Secretary General"),
        ("PKK", "PKK"),
        ("UN", "UN"),
        ("MINISTRY OF DEFENCE", "Ministry of Defence"),
        ("BAHA'I INTERNATIONAL", "Baha'i International"),
        ("O'BRIEN", "O'Brien"),
        ("UN Secy Gen", "UN Secy Gen"),  # written in mixed case: kept
    ],
)
def test_upper_case_names_get_a_readable_form(raw: str, shown: str) -> None:
    assert display_name(raw) == shown


# --------------------------------------------------------------------------- agents


def test_agents_expand_sets_plurals_and_codes() -> None:
    problems: list = []
    agents = list(iter_agent_records(list(enumerate(AGENTS.splitlines(), 1)), "mine.agents", problems))
    phrases = {(a.phrase, a.plural, a.code, a.no_plural) for a in agents}
    assert ("goat herder", None, "~AGR", False) in phrases and ("goat herdsman", None, "~AGR", False) in phrases
    assert ("palace guard", "palace guards", "~MILGOV", False) in phrases
    assert ("rural police", None, "~COP", True) in phrases
    assert [str(p) for p in problems] == ["mine.agents:9: agent 'UNCODED_THING' has no code; skipped"]


def test_agents_file_gives_role_phrases_with_sectors(write) -> None:
    read = read_dictionary(write(AGENTS, "mine.agents"))
    assert read.format == "agents"
    assert read.phrases["regional warlord"] == ["REB", "UAF"]
    assert read.phrases["palace guards"] == ["MIL", "GOV"]
    assert read.phrases["relief charity"] == ["SOC"]


def test_undefined_substitution_set_is_an_error() -> None:
    lines = list(enumerate(["!A! = X, Y", "!B!_MAN [~AGR]"], 1))
    with pytest.raises(PhoenixError, match=r"mine.agents:2: substitution set !B!"):
        list(iter_agent_records(lines, "mine.agents"))


# --------------------------------------------------------------------------- loading


def test_format_is_told_by_extension_or_content(write) -> None:
    assert detect_format(write(ACTORS, "a.txt")) == "actors"
    assert detect_format(write(AGENTS, "b.txt")) == "agents"
    assert detect_format(write(ACTORS, "c.actors")) == "actors"
    assert detect_format(write(AGENTS, "d.agents")) == "agents"
    assert detect_format(write("persons:\n  - name: X\n", "e.yaml")) == "yaml"
    assert detect_format(write("# ours\npersons:\n  - name: X\n    country: KLD\n", "f.txt")) == "yaml"


def test_load_knowledge_accepts_phoenix_files_beside_yaml(write) -> None:
    yaml_file = write("persons:\n  - {name: Dorna Vell, country: KLD, roles: [{title: Mayor, sector: GOV}]}\n",
                      "extra.yaml")
    kb = load_knowledge([write(ACTORS, "kaldoria.txt"), write(AGENTS, "mine.agents"), yaml_file])
    osk = kb.lookup("President Osk")
    assert osk is not None and osk is kb.lookup("MARTEN OSK") and osk.kind == "person"
    assert kb.lookup("Vessa") is kb.lookup("Kaldoria") is kb.country("KLD")
    assert kb.lookup("Dorna Vell").country == "KLD"
    assert kb.sector_of("goat herders") == ["AGR"]  # a new phrase, with its plural
    assert kb.sector_of("minister") == ["GOV"]  # a phrase we know keeps its sectors
    assert kb.lookup("RHB").name == "Red Hand Brigades"


def test_a_dictionary_entry_overrides_the_bundled_one(write, kb) -> None:
    text = (
        "HASSAN_ROUHANI_\n+HASSAN_ROUHANEE_\n\t[IRNELI]\n\t[IRNGOV >20130803]\n"
        "SECRETARY-GENERAL_BAN_KI-MOON_\n+BAN_KI-MOON_\n\t[IGOUNO >20070101]\n"
    )
    loaded = load_knowledge([write(text, "mine.actors")])
    bundled = kb.get("hassan-rouhani")
    rouhani = loaded.get("hassan-rouhani")
    assert rouhani is loaded.lookup("Hassan Rouhanee") is loaded.lookup("Rowhani")  # our aliases stay
    assert rouhani.name == bundled.name  # our spelling of the name is kept
    assert rouhani.sectors == ["ELI"] and {r.title for r in rouhani.roles} == {"IRNELI", "IRNGOV"}
    assert rouhani.source.endswith("mine.actors:1")
    assert len(loaded) == len(kb)  # merged, not added
    # a longer name with our name as its alias is the same person, not a rival for "Ban Ki-moon"
    ban = loaded.lookup("Ban Ki-moon")
    assert ban is not None and ban.key == "ban-ki-moon" and ban.country == "UNO"
    assert loaded.lookup("Secretary-General Ban Ki-moon") is ban


def test_bare_state_names_join_the_state_without_its_demonyms_or_seats(write, kb) -> None:
    text = "SYRIA_ [SYR]\n+SYRIAN_\n+DAMASCUS_\n+SHAM_COUNTRY_\nKREMLIN_ [RUSGOV]\nEGYPT_ [UAR]\n"
    loaded = load_knowledge([write(text, "mine.actors")])
    syria = loaded.country("SYR")
    assert loaded.lookup("Sham Country") is syria and syria.name == "Syria"
    assert loaded.lookup("Syrian") is None and loaded.demonym("Syrians") is syria  # still a demonym
    assert loaded.metonym("Damascus") == (syria, "GOV")  # still the seat of government
    assert loaded.lookup("Kremlin") is None and loaded.metonym("the Kremlin")[0].country == "RUS"
    assert loaded.lookup("Egypt").country == "UAR"  # the user's code wins
    assert len(loaded) == len(kb)


def test_phoenix_names_become_entity_patterns_matched_by_our_component(write) -> None:
    import spacy

    from khaldun.nlp.components import LexiconEntities

    kb = load_knowledge([write(ACTORS, "kaldoria.txt")])
    nlp = spacy.blank("en")
    component = LexiconEntities(nlp.vocab)
    component.add_patterns(kb.entity_patterns())
    doc = component(nlp.make_doc("MARTEN OSK VISITS VESSA. Later, Marten Osk met the Red Hand in Vessa."))
    found = [(e.text, e.label_, e.id_) for e in doc.ents]
    osk, kaldoria = kb.lookup("Marten Osk").key, kb.country("KLD").key
    assert found == [("MARTEN OSK", "PERSON", osk), ("VESSA", "GPE", kaldoria), ("Marten Osk", "PERSON", osk),
                     ("Red Hand", "ORG", kb.lookup("Red Hand").key), ("Vessa", "GPE", kaldoria)]
    assert not component(nlp.make_doc("marten osk visited vessa")).ents  # lower case is no name


def test_pattern_tokens_are_spacys_tokens() -> None:
    import spacy

    from khaldun.knowledge.patterns import _Tokens

    tokenizer = spacy.blank("en").tokenizer
    tokens_of = _Tokens(tokenizer)
    for text in ["Bashar al-Assad", "U.N. Secretary General", "Ban Ki-moon", "O'Brien", "Côte d'Ivoire",
                 "Ill Will Cannot Gonna", "A.H. Belo Corp.", "Group of 77", "Aum Shinrikyo (Aleph)"]:
        assert tokens_of(text) == tuple(t.text for t in tokenizer(text)), text


# --------------------------------------------------------------------------- dated roles


def test_sectors_follow_the_roles_held_on_the_date(write) -> None:
    osk = load_knowledge([write(ACTORS, "kaldoria.txt")]).lookup("Marten Osk")
    assert sectors_on(osk, "2016-05-01") == ["GOV"]
    assert sectors_on(osk, "2000-03") == ["GOV", "LEG"]
    assert sectors_on(osk, "1995") == ["OPP"]
    assert sectors_on(osk, "2010-01-01") == ["ELI"]  # no term then: the default code
    assert sectors_on(osk, None) == ["GOV"]  # no date: the role still held


def test_sectors_no_dated_role_explains_are_kept() -> None:
    cleric = Entry(key="c", name="A Cleric", kind="person", country="IRN", sectors=["GOV", "REL"],
                   roles=[DatedRole(title="Leader", sector="GOV", country="IRN", start="1989-06-04")])
    assert sectors_on(cleric, "2016") == ["GOV", "REL"]
    assert sectors_on(cleric, "1980") == ["REL"]


def test_publication_date_picks_the_role_in_coded_documents(code_text) -> None:
    text = "Hassan Rouhani met Vladimir Putin in Moscow on Tuesday."

    def sectors(published: str) -> list[str]:
        actors = code_text(text, published=published).actors
        return next(a.sectors for a in actors if a.name == "Hassan Rouhani")

    assert sectors("2016-03-29") == ["GOV"]  # President from 2013-08-03
    assert sectors("2012-05-02") == []  # not yet


# --------------------------------------------------------------------------- end to end


KESSNER_ACTORS = """\
# Our own dictionary for the command-line test (fictional actors).
ORVALD_KESSNER_          # a minister from August 2013 only
+KESSNER_
\t[AUTGOV >130801]
NORDMARK_DEFENCE_LEAGUE_ [AUTREB]
"""

KESSNER_ARTICLES = [
    {"id": "k2012", "published": "2012-05-02", "title": "Kessner in Moscow",
     "text": "Orvald Kessner met Sergei Lavrov in Moscow on Tuesday.\n\nThe two men discussed trade, officials said."},
    {"id": "k2014", "published": "2014-05-06", "title": "Kessner in Moscow again",
     "text": "Orvald Kessner met Sergei Lavrov in Moscow on Monday.\n\n"
             "Kessner later criticized the Nordmark Defence League for its attacks on police stations."},
]


def test_khaldun_run_codes_with_a_phoenix_dictionary(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from khaldun.cli import app

    runner = CliRunner()
    (tmp_path / "kessner.actors.txt").write_text(KESSNER_ACTORS, encoding="utf-8")
    (tmp_path / "articles.jsonl").write_text(
        "".join(json.dumps(a) + "\n" for a in KESSNER_ARTICLES), encoding="utf-8"
    )
    db = tmp_path / "k.duckdb"
    result = runner.invoke(app, ["run", str(tmp_path / "articles.jsonl"), "--db", str(db), "--quiet",
                                 "--actors", str(tmp_path / "kessner.actors.txt")])
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in runner.invoke(app, ["events", "--db", str(db)]).stdout.splitlines()
              if line.strip()]

    def kessner(event: dict) -> dict:
        return next(a for a in event["actor"] if a["name"] == "Orvald Kessner")

    meetings = {e["date"][:4]: e for e in events if e["event_type"] == "CONSULT"}
    assert {kessner(meetings[y])["country"] for y in ("2012", "2014")} == {"AUT"}
    assert kessner(meetings["2012"])["sectors"] == []  # not yet a minister
    assert kessner(meetings["2014"])["sectors"] == ["GOV"]
    accuse = next(e for e in events if e["event_type"] == "ACCUSE")
    assert kessner(accuse)["sectors"] == ["GOV"]
    assert [(a["name"], a["country"], a["sectors"]) for a in accuse["recipient"]] == [
        ("Nordmark Defence League", "AUT", ["REB"])
    ]


# --------------------------------------------------------------------------- the reference dictionaries


PHOENIX = ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt",
           "Phoenix.MilNonState.actors.txt", "Phoenix.agents.txt")


@pytest.fixture(scope="module")
def phoenix_files(shared: Path) -> list[Path]:
    return [shared / "dictionaries" / "phoenix" / name for name in PHOENIX]


@pytest.fixture(scope="module")
def phoenix_kb(phoenix_files):
    return load_knowledge(phoenix_files)


def test_the_phoenix_dictionaries_load(phoenix_kb, kb) -> None:
    assert len(phoenix_kb) > 25_000
    kinds = {e.kind for e in phoenix_kb.entries}
    assert kinds == {"state", "organization", "group", "person"}
    assert sum(e.kind == "person" for e in phoenix_kb.entries) > 15_000
    assert len(phoenix_kb.role_phrases) > 2 * len(kb.role_phrases)
    assert phoenix_kb.sector_of("sharecroppers") == ["AGR"]


@pytest.mark.parametrize(
    ("name", "date", "country", "sectors"),
    [
        ("Rouhani", "2016-03-29", "IRN", ["GOV"]),
        ("Hassan Rowhani", None, "IRN", ["GOV"]),
        ("Vladimir Putin", "2016-03-29", "RUS", ["GOV"]),
        ("Bashar al-Assad", "2016-03-29", "SYR", ["GOV"]),
        ("Sergei Lavrov", "2016-03-29", "RUS", ["GOV"]),
        ("Hezbollah", "2016-03-29", "LBN", ["REB"]),
        ("Revolutionary Guards", "2016-03-29", "IRN", ["MIL"]),
        ("Free Syrian Army", "2016-03-29", "SYR", ["REB"]),
    ],
)
def test_seed_actors_resolve_to_their_phoenix_codes(phoenix_kb, name, date, country, sectors) -> None:
    entry = phoenix_kb.lookup(name)
    assert entry is not None and "Phoenix." in entry.source
    assert (entry.country, sectors_on(entry, date)) == (country, sectors)


def test_seed_article_is_coded_with_phoenix_actors(phoenix_kb, resources, shared) -> None:
    from khaldun.ingest import iter_documents
    from khaldun.pipeline import Resources, code_document
    from khaldun.records import Document

    # what Resources.load(actor_files=...) builds, reusing the loaded knowledge, verbs and gazetteer
    places, verbs = resources.places, resources.verbs
    res = Resources.build(phoenix_kb, verbs, places)
    seed = next(p for p in sorted((shared / "corpus" / "seeds").glob("*.txt")) if "Rowhani" in p.read_text())
    document = next(d for d in iter_documents([seed]) if isinstance(d, Document))
    actors = {a.name: a for a in code_document(document, res).actors}
    for name, country in (("Vladimir Putin", "RUS"), ("Hassan Rouhani", "IRN"), ("Bashar al-Assad", "SYR")):
        assert (actors[name].country, actors[name].sectors) == (country, ["GOV"]), name
        assert "Phoenix.Countries" in phoenix_kb.lookup(name).source
    assert actors["Islamic State"].kind == "group" and "REB" in actors["Islamic State"].sectors


def test_petrarch_validation_dictionaries_load_and_resolve(shared: Path) -> None:
    folder = shared / "eval" / "petrarch"
    kb = load_knowledge([folder / "PETR.Validate.actors.txt", folder / "PETR.Validate.agents.txt"])
    arnor, gondor = kb.lookup("Arnor"), kb.lookup("Gondor")
    assert (arnor.kind, arnor.country) == ("state", "ARN")
    assert kb.country("GON") is gondor and kb.lookup("Minas Tirith") is gondor
    assert kb.lookup("Boromir") is None  # coded [---]: not an actor
    assert kb.lookup("Egypt").country == "UAR"
    sam = kb.lookup("Sam Gamgee")
    assert (sam.kind, sam.country) == ("person", "HOB")
    assert sectors_on(sam, "2009-06-01") == ["MIL"]
    assert sectors_on(sam, "2012-12-01") == ["GOV"]
    assert sectors_on(sam, "2014-06-01") == ["ELI"]
    gollum = kb.lookup("Smeagol")
    assert gollum.kind == "person" and sectors_on(gollum, "1997") == ["GOV"] and sectors_on(gollum, "2001") == ["REB"]
    assert kb.sector_of("parliamentary opposition") == ["OPP"]
    ids = {p.get("id") for p in kb.entity_patterns()}
    assert {gondor.key, sam.key} <= ids
