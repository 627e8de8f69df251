"""Read PETRARCH/Phoenix-format actor and agent dictionaries.

Users of PETRARCH, Phoenix and TABARI keep their actors in text dictionaries.
This module reads them as they are, line by line, into khaldun's
:class:`~khaldun.knowledge.model.Entry` records and role phrases, so that
``load_knowledge(["Phoenix.Countries.actors.txt"])`` and ``khaldun run
--actors FILE`` accept them beside our YAML format.

Actor files::

    # a comment; <!-- XML comment lines --> are skipped too
    HASSAN_ROUHANI_              # an actor: its name, then ...
    +ROWHANI_                    # ... aliases ...
        [IRNGOV >20130803]       # ... and codes, here from 3 Aug 2013 on
        [IRNGOVLEG 800528-000526]  # from 28 May 1980 to 26 May 2000 (YYMMDD)
        [IRNELI <800527]         # up to 27 May 1980
    HAMAS [PSEREB]               # name and code on one line

A code line without a date is the actor's default code.  Codes are CAMEO
actor codes: a state or international code ("IRN", "IGO", "NGO", "IMG") then
three-letter roles ("GOV", "MIL", "REB"), translated with the table in
``data/phoenix.yaml`` (:class:`CameoCodes`).  Underscores are
spaces; a trailing underscore (a whole word in PETRARCH) makes no difference
here, since names are matched on whole tokens.  A name line with no code
takes the codes of the next coded actor, as in PETRARCH; an actor coded
``[---]`` (PETRARCH's null code) is skipped.

Agent files map generic role nouns to codes, "~" standing for the country
the agent is attached to::

    !MINIST! = MINISTER, MINISTRY       # a substitution set
    FOREIGN_!MINIST! [~GOV]             # "foreign minister", "foreign ministry"
    REBEL [~REB]
    ARMED_FORCES {} [~MIL]              # {}: no plural; {PLURAL}: this plural

They become role phrases of the PLOVER sectors of their codes.

How entries are built from the codes (decided from the Phoenix files):

* **state**: every code is a bare state code ("AFGHANISTAN_ [AFG]",
  "KABUL_ [AFG]": PETRARCH's cities stand for their country);
* **person**: a code is restricted by dates ("[IRNGOV >130803]": terms of
  office), the name begins with a title ("PRESIDENT_..."), or the code is an
  elite one ("[CHNELI]"); unless the name contains an institution word
  ("MINISTRY", "PARTY", ...).  Of the 18,000 dated actors of
  Phoenix.Countries all but a few dozen are people, and those are caught by
  the institution words;
* **group**: the code is an armed non-state one (IMG, or with REB or UAF);
* **organization**: everything else (ministries, IGOs, NGOs, companies).

``country`` and ``sectors`` come from the default code, or when there is
none from the code of the latest term; every dated code becomes a
:class:`~khaldun.knowledge.model.DatedRole` (title: the CAMEO code), and
when an actor has dated codes its default code becomes an open role too, so
that :meth:`Entry.roles_on` tells which codes applied on a given day.

Malformed lines raise :class:`~khaldun.knowledge.model.KnowledgeError`
naming the file and line; quirks of the real files (several codes on a line,
``[CODE > DATE]`` with a space, trailing notes after the codes, ``[---]``
null codes, seven-digit dates) are tolerated, and codes that cannot be read
are skipped and listed in :attr:`PhoenixDictionary.problems`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from khaldun.knowledge.model import DatedRole, Entry, KnowledgeError, Sector
from khaldun.knowledge.normalize import normalize_name, phrase_key, slugify

if TYPE_CHECKING:
    from khaldun.knowledge.loading import LoadedKnowledge

#: File name endings of our YAML format; other files are read as Phoenix dictionaries.
YAML_SUFFIXES = (".yaml", ".yml")

_TABLE = "phoenix.yaml"
_NULL_CODES = frozenset({"---"})
_CODE = re.compile(r"^[A-Z0-9]{1,30}$")
_DATE = re.compile(r"^\d{6,}$")
_ACRONYM_IN_PARENS = re.compile(r"^[A-Z0-9&.-]{2,10}$")
_MARKER = re.compile(r"!([A-Za-z0-9]+)!")
_SPACE = re.compile(r"\s+")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_VOWELS = frozenset("AEIOUY")
_ARMED_SECTORS = frozenset({"REB", "UAF"})


class PhoenixError(KnowledgeError):
    """A Phoenix dictionary line cannot be read: the message names the file and line."""


@dataclass(frozen=True, slots=True)
class Problem:
    """A code or line that was skipped while reading a dictionary."""

    source: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.source}:{self.line}: {self.message}"


@dataclass(frozen=True, slots=True)
class Code:
    """One CAMEO code of an actor with its date restriction (ISO dates, inclusive)."""

    code: str
    start: str | None = None
    end: str | None = None
    line: int = 0

    @property
    def dated(self) -> bool:
        """True when the code applies only between some dates."""
        return self.start is not None or self.end is not None


@dataclass(slots=True)
class ActorRecord:
    """An actor as written in a dictionary: its name line, aliases and codes."""

    name: str
    line: int
    aliases: list[str] = field(default_factory=list)
    codes: list[Code] = field(default_factory=list)
    null_coded: bool = False  # a "[---]" code: known to the dictionary, coded as nothing


@dataclass(frozen=True, slots=True)
class AgentRecord:
    """A generic role noun of an agents file with its code ("~GOV")."""

    phrase: str
    code: str
    line: int
    plural: str | None = None  # an explicit plural form
    no_plural: bool = False  # "{}": the phrase takes no plural


@dataclass(frozen=True, slots=True)
class CodeMeaning:
    """What a CAMEO actor code says in khaldun's terms."""

    country: str | None
    sectors: tuple[str, ...]
    kind: str | None = None  # "organization"/"group" for international codes
    country_only: bool = False  # a bare state code: "AFG", "IRN"


@dataclass(slots=True)
class PhoenixActor:
    """An entry read from an actor dictionary, with what merging it needs to know."""

    entry: Entry
    bare_country: bool  # every code is a bare state code: the names are names of that state


@dataclass(slots=True)
class PhoenixDictionary:
    """Everything read from one Phoenix file."""

    source: str
    format: str  # "actors" | "agents"
    actors: list[PhoenixActor] = field(default_factory=list)
    phrases: dict[str, list[str]] = field(default_factory=dict)  # role phrase -> PLOVER sectors
    problems: list[Problem] = field(default_factory=list)
    skipped: int = 0  # actors or agents whose codes give nothing khaldun can use

    @property
    def entries(self) -> list[Entry]:
        """The entries of the actors, in file order."""
        return [actor.entry for actor in self.actors]


# --------------------------------------------------------------------------- CAMEO codes


@dataclass(frozen=True, slots=True)
class CameoCodes:
    """What dictionary codes and names mean to khaldun (``data/phoenix.yaml``).

    The CAMEO -> country/sector tables, and the word lists that tell people
    from institutions and give upper-case names a readable form.
    """

    roles: dict[str, str]
    topical: dict[str, str]
    religions: frozenset[str]
    international: dict[str, dict[str, str]]
    igo_bodies: dict[str, str]
    states: dict[str, str]
    regions: frozenset[str]
    institution_words: frozenset[str] = frozenset()
    person_titles: frozenset[str] = frozenset()
    function_words: frozenset[str] = frozenset()
    _decoded: dict[str, CodeMeaning] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def load(cls) -> CameoCodes:
        """Read the bundled table."""
        return _bundled_codes()

    def role_sector(self, part: str, first: bool) -> str | None:
        """PLOVER sector of one three-letter role code (``first``: no role code before it)."""
        if part in self.roles:
            return self.roles[part]
        if part in self.religions:
            return "REL"
        if first and part in self.topical:
            return self.topical[part]
        return None

    def decode(self, code: str) -> CodeMeaning:
        """Country, sectors and kind of a CAMEO actor code ("IRNGOVLEG" -> IRN, GOV LEG)."""
        meaning = self._decoded.get(code)
        if meaning is None:
            meaning = self._decoded[code] = _decode(self, code)
        return meaning


@lru_cache(maxsize=1)
def _bundled_codes() -> CameoCodes:
    text = (resources.files("khaldun.knowledge") / "data" / _TABLE).read_text(encoding="utf-8")
    raw: dict[str, Any] = yaml.safe_load(text)
    return CameoCodes(
        roles=dict(raw["roles"]),
        topical=dict(raw["topical"]),
        religions=frozenset(raw["religions"]),
        international={k: dict(v) for k, v in raw["international"].items()},
        igo_bodies=dict(raw["igo_bodies"]),
        states=dict(raw["states"]),
        regions=frozenset(raw["regions"]),
        institution_words=frozenset(raw["institution_words"]),
        person_titles=frozenset(raw["person_titles"]),
        function_words=frozenset(raw["function_words"]),
    )


def _decode(table: CameoCodes, code: str) -> CodeMeaning:
    parts = [code[i : i + 3] for i in range(0, len(code), 3)]
    head, rest = parts[0], parts[1:]
    kind = None
    implied: str | None = None
    if head in table.states:
        country: str | None = table.states[head]
    elif head in table.international:
        spec = table.international[head]
        country, kind, implied = spec["country"], spec.get("kind"), spec.get("sector")
        if head == "IGO":
            for part in rest:
                if part in table.igo_bodies:
                    country = table.igo_bodies[part]
                    break
    elif head in table.regions:
        country = None  # "MEAREB": a region, not a state
    elif head in table.roles or head in table.religions or head in table.topical:
        country, rest = None, parts  # "[ELI]", "[MED]": a role with no country
    else:
        country = head if len(head) == 3 and head.isalpha() else None
    sectors: list[str] = []
    for part in rest:
        sector = table.role_sector(part, first=not sectors)
        if sector and sector not in sectors:
            sectors.append(sector)
    if implied:  # "IMGMUSALQ": an armed group first, Muslim second
        sectors = [implied, *(s for s in sectors if s != implied)]
    only = kind is None and country is not None and head not in table.regions and not rest
    return CodeMeaning(country=country, sectors=tuple(sectors), kind=kind, country_only=only)


# --------------------------------------------------------------------------- reading lines


def read_lines(path: str | Path) -> Iterator[tuple[int, str]]:
    """(line number, text) of a file, decoded as UTF-8 line by line (cp1252 where that fails)."""
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed by the with block below
    except OSError as exc:
        raise KnowledgeError(f"{path}: cannot read dictionary ({exc.strerror})") from exc
    with handle:
        for number, raw in enumerate(handle, 1):
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                text = raw.decode("cp1252", errors="replace")
            text = text.rstrip("\r\n")
            yield number, (text.lstrip("\ufeff") if number == 1 else text)


def _content_lines(lines: Iterable[tuple[int, str]]) -> Iterator[tuple[int, str]]:
    """Lines with comments removed: ``#`` to the end of a line, ``<...>`` lines and ``<!-- -->`` blocks."""
    in_block = False
    for number, text in lines:
        stripped = text.strip()
        if in_block:
            in_block = "-->" not in stripped
            continue
        if stripped.startswith("<"):
            in_block = stripped.startswith("<!--") and "-->" not in stripped
            continue
        if "---STOP---" in stripped:
            return
        if "#" in text:
            text = text[: text.index("#")]
        if text.strip():
            yield number, text.rstrip()


def iter_actor_records(
    lines: Iterable[tuple[int, str]], source: str, problems: list[Problem] | None = None
) -> Iterator[ActorRecord]:
    """Stream the actors of an actor dictionary (see the module docstring).

    ``lines`` are (line number, text) pairs as from :func:`read_lines`.
    Codes that cannot be read are skipped and added to ``problems``; lines
    that make no sense raise :class:`PhoenixError`.
    """
    problems = problems if problems is not None else []
    current: ActorRecord | None = None
    waiting: list[ActorRecord] = []  # name lines still without a code

    def finish(record: ActorRecord) -> Iterator[ActorRecord]:
        if not record.codes and not record.null_coded:
            waiting.append(record)
            return
        for earlier in waiting:
            earlier.codes = list(record.codes)
            yield earlier
        waiting.clear()
        yield record

    for number, text in _content_lines(lines):
        stripped = text.strip()
        if stripped.startswith("["):
            if current is None:
                raise PhoenixError(f"{source}:{number}: a code line before any actor name: {stripped!r}")
            _add_codes(current, stripped, source, number, problems)
        elif stripped.startswith("+"):
            if current is None:
                raise PhoenixError(f"{source}:{number}: an alias line before any actor name: {stripped!r}")
            name_part, codes = _split_codes(stripped)
            for alias in name_part.split("+"):
                alias = _clean_name(alias)
                if alias:
                    current.aliases.append(alias)
            if codes:
                _add_codes(current, codes, source, number, problems)
        else:
            if current is not None:
                yield from finish(current)
            name_part, codes = _split_codes(stripped)
            name = _clean_name(name_part)
            if not name:
                raise PhoenixError(f"{source}:{number}: an actor line needs a name before its code: {stripped!r}")
            current = ActorRecord(name=name, line=number)
            if codes:
                _add_codes(current, codes, source, number, problems)
    if current is not None:
        yield from finish(current)
    for record in waiting:
        problems.append(Problem(source, record.line, f"actor {record.name!r} has no code; skipped"))


def _add_codes(record: ActorRecord, text: str, source: str, number: int, problems: list[Problem]) -> None:
    """Add the codes of *text* to *record*, noting a null code."""
    record.codes.extend(_codes(text, source, number, problems))
    if "[---" in text.replace(" ", ""):
        record.null_coded = True


def _split_codes(text: str) -> tuple[str, str]:
    """Split "NAME_ [CODE] notes" into the name and the code part."""
    at = text.find("[")
    return (text, "") if at < 0 else (text[:at], text[at:])


def _codes(text: str, source: str, number: int, problems: list[Problem]) -> list[Code]:
    """Every ``[CODE restriction]`` group in *text*; notes after the last group are ignored."""
    found: list[Code] = []
    rest = text
    while "[" in rest:
        at = rest.index("[")
        close = rest.find("]", at)
        if close < 0:
            raise PhoenixError(f"{source}:{number}: '[' without ']': {text.strip()!r}")
        body = rest[at + 1 : close].strip()
        rest = rest[close + 1 :]
        code = _code(body, source, number, problems)
        if code is not None:
            found.append(code)
    return found


def _code(body: str, source: str, number: int, problems: list[Problem]) -> Code | None:
    """One bracket's content: "IRNGOV", "IRNGOV >20130803", "IRNGOV 800528-000526", "--- <950630"."""
    if not body:
        raise PhoenixError(f"{source}:{number}: an empty code '[]'")
    head, _, restriction = body.partition(" ")
    code = head.split("/")[0].upper()  # "ELR/GAL": alternatives, the first one counts
    restriction = restriction.strip()
    if code in _NULL_CODES:
        return None
    if not _CODE.match(code):
        problems.append(Problem(source, number, f"{head!r} is not a CAMEO code; skipped"))
        return None
    try:
        start, end = _restriction(restriction)
    except ValueError as exc:
        problems.append(Problem(source, number, f"[{body}]: {exc}; code skipped"))
        return None
    odd = [d for d in re.findall(r"\d+", restriction) if len(d) not in (6, 8)]
    if odd:
        read = ", ".join(filter(None, (start, end)))
        problems.append(Problem(source, number, f"[{body}]: date {odd[0]!r} read as PETRARCH does ({read})"))
    return Code(code=code, start=start, end=end, line=number)


def _restriction(text: str) -> tuple[str | None, str | None]:
    """(start, end) of ">DATE", "<DATE", "DATE-DATE" or a bare "DATE" (a start)."""
    text = text.replace(" ", "")
    if not text:
        return None, None
    if text[0] == ">":
        return _date(text[1:]), None
    if text[0] == "<":
        return None, _date(text[1:])
    if "-" in text:
        first, _, second = text.partition("-")
        start, end = _date(first), _date(second)
        if end < start:
            raise ValueError(f"the period ends ({end}) before it starts ({start})")
        return start, end
    return _date(text), None


def _date(text: str) -> str:
    """ISO date of a PETRARCH date: YYYYMMDD, or YYMMDD with 00-30 read as 20YY, else 19YY.

    As in PETRARCH, eight digits or more are read as YYYYMMDD from the first
    eight, six or seven as YYMMDD from the first six.
    """
    if not _DATE.match(text):
        raise ValueError(f"{text!r} is not a YYMMDD or YYYYMMDD date")
    if len(text) >= 8:
        year, month, day = int(text[:4]), int(text[4:6]), int(text[6:8])
    else:
        year, month, day = int(text[:2]), int(text[2:4]), int(text[4:6])
        year += 2000 if year <= 30 else 1900
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError as exc:
        raise ValueError(f"{text!r} is not a valid date") from exc


def iter_agent_records(
    lines: Iterable[tuple[int, str]], source: str, problems: list[Problem] | None = None
) -> Iterator[AgentRecord]:
    """Stream the agents of an agents dictionary, substitution sets expanded."""
    problems = problems if problems is not None else []
    sets: dict[str, list[str]] = {}
    for number, text in _content_lines(lines):
        stripped = text.strip()
        if "=" in stripped and stripped.startswith("!") and "[" not in stripped:
            marker, _, members = stripped.partition("=")
            name = marker.strip().strip("!")
            if not name or not marker.strip().endswith("!"):
                raise PhoenixError(f"{source}:{number}: a substitution set is written !NAME! = A, B: {stripped!r}")
            sets[name.upper()] = [m.strip() for m in members.split(",") if m.strip()]
            continue
        if "[" not in stripped:
            problems.append(Problem(source, number, f"agent {stripped!r} has no code; skipped"))
            continue
        phrase_part, _, code_part = stripped.partition("[")
        close = code_part.find("]")
        if close < 0:
            found = re.match(r"\s*(~?[A-Za-z0-9]+~?)\s*[})]?\s*$", code_part)
            if found is None:
                raise PhoenixError(f"{source}:{number}: '[' without ']': {stripped!r}")
            problems.append(Problem(source, number, f"']' missing; read as [{found.group(1)}]"))
            close = found.end(1)
        code = code_part[:close].strip().upper()
        if not code or not re.fullmatch(r"~?[A-Z0-9]+~?", code):
            problems.append(Problem(source, number, f"[{code}] is not an agent code; skipped"))
            continue
        plural: str | None = None
        no_plural = False
        if "{" in phrase_part:
            if "}" not in phrase_part:
                raise PhoenixError(f"{source}:{number}: '{{' without '}}': {stripped!r}")
            inside = phrase_part[phrase_part.index("{") + 1 : phrase_part.index("}")].strip()
            phrase_part = phrase_part[: phrase_part.index("{")]
            plural, no_plural = (inside or None), not inside
        for phrase in _expand(phrase_part, sets, source, number):
            forms = _expand(plural, sets, source, number) if plural else [None]
            for form in forms:
                yield AgentRecord(
                    phrase=_phrase(phrase),
                    code=code,
                    line=number,
                    plural=_phrase(form) if form else None,
                    no_plural=no_plural,
                )


def _expand(text: str, sets: dict[str, list[str]], source: str, number: int) -> list[str]:
    """Replace each !MARKER! by every member of its set ("FOREIGN_!MINIST!")."""
    match = _MARKER.search(text)
    if match is None:
        return [text]
    members = sets.get(match.group(1).upper())
    if members is None:
        raise PhoenixError(f"{source}:{number}: substitution set !{match.group(1)}! is not defined above")
    expanded = []
    for member in members:
        expanded.extend(_expand(text[: match.start()] + member + text[match.end() :], sets, source, number))
    return expanded


def _phrase(text: str) -> str:
    """An agent phrase as a lower-case role phrase: "FOREIGN_MINISTER " -> "foreign minister"."""
    return _SPACE.sub(" ", text.replace("_", " ")).strip().lower()


# --------------------------------------------------------------------------- names


def _clean_name(text: str) -> str:
    """Underscores to spaces, stray brackets and quotes dropped: "AL-QAEDA_" -> "AL-QAEDA"."""
    text = text.replace("_", " ").replace("`", "'")
    text = re.sub(r'["\[\]{}]', "", text)
    return _SPACE.sub(" ", text).strip(" ,;:-")


def display_name(text: str) -> str:
    """A readable form of an upper-case dictionary name, which our matching accepts.

    "HASSAN ROUHANI" -> "Hassan Rouhani", "BASHAR AL-ASSAD" -> "Bashar al-Assad",
    "U.N. SECRETARY GENERAL" -> "U.N. Secretary General", "PKK" -> "PKK".
    Short words without vowels and two-letter words stay in capitals (acronyms);
    names the user wrote in mixed case are kept as written.
    """
    words = text.split(" ")
    return " ".join(_display_word(word, index == 0) for index, word in enumerate(words))


@lru_cache(maxsize=65_536)
def _display_word(word: str, first: bool) -> str:
    if any(c.islower() for c in word) or not any(c.isalpha() for c in word):
        return word
    if "." in word and re.fullmatch(r"(?:[A-Z]\.)+[A-Z]?", word):
        return word  # U.N., U.S.
    pieces = re.split(r"([-'])", word)
    out: list[str] = []
    for i, piece in enumerate(pieces):
        lower = piece.lower()
        if piece in {"-", "'", ""}:
            out.append(piece)
        elif lower in CameoCodes.load().function_words and not (first and i == 0 and lower not in {"al", "el"}):
            out.append(lower)  # "Bashar al-Assad", "Ministry of Defence"
        elif i and pieces[i - 1] == "'" and len(piece) == 1:
            out.append(lower)  # "BAHA'I", "ARAB'S"
        elif (len(piece) > 1 and not _VOWELS & set(piece)) or (len(word) == 2 and word.isalpha()):
            out.append(piece)  # IRGC, PKK, UN, EU
        else:
            out.append(piece.capitalize())
    return "".join(out)


def _alias_forms(name: str) -> list[str]:
    """Display forms of a name: "BOUTROS-GHALI" gives "Boutros-Ghali" and "Boutros-ghali".

    The second form lets a hyphenated name match however its second half is
    written ("Ban Ki-moon", "Ban Ki-Moon").
    """
    shown = display_name(name)
    forms = [shown]
    if "-" in shown:
        relaxed = re.sub(r"(?<=[A-Za-z])-([A-Z])(?=[a-z])", lambda m: "-" + m.group(1).lower(), shown)
        relaxed = re.sub(r"\b(al|el)-([a-z])", lambda m: f"{m.group(1)}-{m.group(2).upper()}", relaxed)
        if relaxed != shown:
            forms.append(relaxed)
    return forms


def _split_parenthesis(name: str) -> tuple[str, list[str]]:
    """ "ADEN ABYAN ISLAMIC ARMY (AAIA)" -> ("ADEN ABYAN ISLAMIC ARMY", ["AAIA"])."""
    extra = []
    for inner in re.findall(r"\(([^()]*)\)", name):
        inner = inner.strip()
        if _ACRONYM_IN_PARENS.match(inner):
            extra.append(inner)
    bare = _SPACE.sub(" ", re.sub(r"\([^()]*\)?", " ", name)).strip(" ,;:-")
    return (bare or name.replace("(", "").replace(")", "")), extra


# --------------------------------------------------------------------------- entries


def actor_entry(record: ActorRecord, source: str, table: CameoCodes | None = None) -> Entry | None:
    """The :class:`Entry` for one actor record, or None when none of its codes says anything."""
    table = table or CameoCodes.load()
    codes = [c for c in record.codes if c.code]
    if not codes:
        return None
    meanings = {c.code: table.decode(c.code) for c in codes}
    default = next((c for c in codes if not c.dated), None)
    dated = [c for c in codes if c.dated]
    latest = max(dated, key=lambda c: c.start or "0000") if dated else None
    main = meanings[(default or latest or codes[0]).code]
    country = main.country or next(
        (meanings[c.code].country for c in ([latest] if latest else []) + codes if meanings[c.code].country), None
    )
    name, extra = _split_parenthesis(record.name)
    kind = _kind(name, codes, meanings, main, table)
    roles: list[DatedRole] = []
    if dated:
        for code in codes:  # file order; the default code as an open role
            meaning = meanings[code.code]
            for sector in meaning.sectors or (None,):
                roles.append(
                    DatedRole(title=code.code, sector=sector, country=meaning.country, start=code.start, end=code.end)
                )
    if default is not None:
        sectors = list(main.sectors)
    else:  # every sector the actor was ever coded with; Entry.roles_on() says when
        sectors = list(dict.fromkeys(s for c in codes for s in meanings[c.code].sectors))
    forms = [name, *extra]
    for alias in record.aliases:
        bare, more = _split_parenthesis(alias)
        forms += [bare, *more]
    aliases: list[str] = []
    for form in forms:
        for shown in _alias_forms(form):
            if shown not in aliases:
                aliases.append(shown)
    shown_name = aliases[0]
    return Entry(
        key=_slug(shown_name) or f"phoenix-{record.line}",
        name=shown_name,
        kind=kind,
        country=country,
        sectors=sectors,
        aliases=aliases,
        roles=roles,
        source=f"{source}:{record.line}",
        note="CAMEO " + " ".join(_code_text(c) for c in codes),
    )


def _slug(name: str) -> str:
    """:func:`slugify`, faster for the plain ASCII names of most dictionaries."""
    if name.isascii():
        return _NOT_SLUG.sub("-", name.lower().replace("'", "")).strip("-")
    return slugify(name)


def _code_text(code: Code) -> str:
    """ "IRNGOV", "IRNGOV>2013-08-03", "IRNGOV<1980-05-27", "IRNGOV:1980-05-28..2000-05-26"."""
    if code.start and code.end:
        return f"{code.code}:{code.start}..{code.end}"
    if code.start:
        return f"{code.code}>{code.start}"
    if code.end:
        return f"{code.code}<{code.end}"
    return code.code


def _kind(
    name: str, codes: list[Code], meanings: dict[str, CodeMeaning], main: CodeMeaning, table: CameoCodes
) -> str:
    if all(not m.sectors and m.kind is None and m.country for m in meanings.values()):
        return "state"  # "AFGHANISTAN_ [AFG]", "NEW_CALEDONIA_ [FRANCL]"
    dated = any(c.dated for c in codes)
    if _titled(name, table) and (dated or main.kind is None):
        return "person"  # "PRESIDENT_HOSNI_MUBARAK", "GENERAL_SECRETARY_OF_THE_..._PARTY"
    armed = "group" if _ARMED_SECTORS & set(main.sectors) else None
    words = [w.strip(".,'()").lower() for w in name.split()]
    if set(words) & table.institution_words:
        return main.kind or armed or "organization"
    if dated or (main.sectors[:1] == ("ELI",) and len(words) <= 4 and main.kind is None):
        return "person"  # terms of office; elites ("DENG_XIAOPING_ [CHNELI]")
    return main.kind or armed or "organization"


def _titled(name: str, table: CameoCodes) -> bool:
    first = name.split(" ", 1)[0].lower()
    return first in table.person_titles and " " in name


def agent_sectors(record: AgentRecord, table: CameoCodes | None = None) -> list[str]:
    """PLOVER sectors of an agent's code: "~GOVMIL" -> [GOV, MIL], "NGO~" -> [SOC]."""
    table = table or CameoCodes.load()
    code = record.code.replace("~", "")
    parts = [code[i : i + 3] for i in range(0, len(code), 3)]
    sectors: list[str] = []
    for part in parts:
        sector = table.role_sector(part, first=not sectors)
        if sector and sector not in sectors:
            sectors.append(sector)
    return sectors


# --------------------------------------------------------------------------- files


def detect_format(path: str | Path, head: str | None = None) -> str:
    """ "yaml", "actors" or "agents" for a dictionary file, from its name or its first lines.

    ``.yaml``/``.yml`` are ours; ``.actors``/``.agents`` are Phoenix; for any
    other name (``.txt``) the content decides: agents files give codes with
    "~" ("[~GOV]"), YAML files start with a ``section:`` key.
    """
    path = Path(path)
    name = path.name.lower()
    if name.endswith(YAML_SUFFIXES):
        return "yaml"
    if name.endswith(".agents"):
        return "agents"
    if name.endswith(".actors"):
        return "actors"
    if head is None:
        head = "\n".join(text for _, text in islice(read_lines(path), 400))
    lines = [text for _, text in _content_lines(enumerate(head.splitlines(), 1))]
    if lines and all(re.match(r"^\s*(?:[a-z_]+:|-\s|\s)", line) for line in lines[:20]) and re.match(
        r"^[a-z_]+:", lines[0]
    ):
        return "yaml"
    coded = [line for line in lines if "[" in line]
    agent_like = sum("~" in line.split("[", 1)[1] for line in coded)
    if coded and agent_like * 2 >= len(coded):
        return "agents"
    if "agent" in name and not coded:
        return "agents"
    return "actors"


def read_dictionary(path: str | Path, format: str | None = None) -> PhoenixDictionary:
    """Read one Phoenix actor or agents file (``format``: "actors"/"agents"; detected when None)."""
    source = str(path)
    format = format or detect_format(path)
    if format not in {"actors", "agents"}:
        raise KnowledgeError(f"{source}: not a Phoenix dictionary (looks like {format})")
    table = CameoCodes.load()
    result = PhoenixDictionary(source=source, format=format)
    if format == "agents":
        for agent in iter_agent_records(read_lines(path), source, result.problems):
            sectors = agent_sectors(agent, table)
            if not sectors:
                result.skipped += 1
                continue
            for phrase in (agent.phrase, agent.plural):
                if phrase:
                    held = result.phrases.setdefault(phrase, [])
                    held.extend(s for s in sectors if s not in held)
        return result
    for record in iter_actor_records(read_lines(path), source, result.problems):
        entry = actor_entry(record, source, table)
        if entry is None:
            result.skipped += 1
        else:
            bare = all(table.decode(code.code).country_only for code in record.codes)
            result.actors.append(PhoenixActor(entry, bare))
    return result


# --------------------------------------------------------------------------- merging


def merge_dictionary(loaded: LoadedKnowledge, dictionary: PhoenixDictionary) -> None:
    """Merge a read dictionary into the knowledge loaded so far (bundled files first).

    An actor whose name normalises like the name of a known entry -- or like
    an alias of exactly one known entry -- overrides that entry: its kind,
    country, sectors and roles replace the known ones, its aliases are added,
    and the known display name is kept (dictionary names are upper case).
    Two actors of one file with one name make one entry.  Actors coded with a
    bare state code ("KABUL_ [AFG]") add their names to that state, except
    names the state already has as demonyms, capital or seats of power
    ("AFGHAN", "TEHRAN"), which keep their meaning.  Agents add role phrases;
    phrases the knowledge already has keep their sectors (see
    :func:`merge_phrases`).
    """
    if dictionary.format == "agents":
        merge_phrases(loaded, dictionary.phrases)
        return
    index = _MergeIndex(loaded)
    for actor in dictionary.actors:
        index.merge(actor, dictionary.source)


def merge_phrases(loaded: LoadedKnowledge, phrases: dict[str, list[str]]) -> None:
    """Add role phrases (phrase -> PLOVER sectors) to the loaded sectors.

    A phrase the knowledge already maps to sectors keeps them: our role words
    carry finer sectors than CAMEO agent codes ("defence minister" is GOV and
    MIL; the agents file says ~GOV).  New phrases join each of their sectors.
    """
    known = {phrase_key(p) for sector in loaded.sectors.values() for p in sector.phrases}
    for phrase, sectors in phrases.items():
        key = phrase_key(phrase)
        if not key or key in known:
            continue
        known.add(key)
        for code in sectors:
            sector = loaded.sectors.setdefault(code, Sector(code=code, description=""))
            sector.phrases.append(phrase)


class _MergeIndex:
    """Names and aliases of the loaded entries, kept up to date while merging."""

    def __init__(self, loaded: LoadedKnowledge) -> None:
        self.loaded = loaded
        self.aliases: dict[str, set[str]] = {}  # normalised alias -> entry keys
        self.states: dict[str, str] = {}  # country code -> key of its state entry
        self.seats: dict[str, str] = {}  # normalised capital or seat of power -> country
        for entry in loaded.entries.values():
            self._index(entry)

    def _index(self, entry: Entry) -> None:
        for alias in entry.aliases:
            self.aliases.setdefault(normalize_name(alias), set()).add(entry.key)
        if entry.kind == "state" and entry.country:
            self.states.setdefault(entry.country, entry.key)
            for seat in [m.text for m in entry.metonyms] + ([entry.capital] if entry.capital else []):
                self.seats.setdefault(normalize_name(seat), entry.country)

    def _holder(self, names: Iterable[str], kind: str) -> Entry | None:
        """The one entry of *kind* that has one of *names* as its name or an alias."""
        entries = self.loaded.entries
        found: set[str] = set()
        for name in names:
            key = self.loaded.names.get(name)
            found |= {key} if key in entries else self.aliases.get(name, set())
        matching = [entries[k] for k in found if k in entries and entries[k].kind == kind]
        return matching[0] if len(matching) == 1 else None

    def _find(self, actor: PhoenixActor) -> Entry | None:
        """The known entry this actor is: by name, by alias, or (bare codes) its state."""
        entries = self.loaded.entries
        new = actor.entry
        name = normalize_name(new.name)
        key = self.loaded.names.get(name)
        if key in entries:
            return entries[key]
        holders = self.aliases.get(name, set())
        if len(holders) == 1:
            return entries.get(next(iter(holders)))
        if actor.bare_country and new.country in self.states:
            return entries.get(self.states[new.country])
        # "SECRETARY-GENERAL_BAN_KI-MOON" with "+BAN_KI-MOON": an alias of two words or more
        longer = [normalize_name(a) for a in new.aliases[1:] if " " in a.strip()]
        return self._holder(longer, new.kind) if longer else None

    def merge(self, actor: PhoenixActor, source: str) -> None:
        """Add the actor's entry, or merge it into the entry it names."""
        new = actor.entry
        target = self._find(actor)
        if target is None:
            if self.seats.get(normalize_name(new.name)) == new.country:
                return  # "KREMLIN_ [RUSGOV]": our seat of power already stands for the government
            self._add(new)
            return
        same_file = target.source.rsplit(":", 1)[0] == source
        if target.kind == "state" and (actor.bare_country or new.kind != "state"):
            if actor.bare_country and normalize_name(new.name) == normalize_name(target.name):
                target.country = new.country  # "EGYPT [UAR]": the user's code for the state
            self._add_aliases(target, new.aliases, skip_state_words=True)
            return
        if same_file:
            target.roles.extend(r for r in new.roles if r not in target.roles)
            target.sectors.extend(s for s in new.sectors if s not in target.sectors)
        else:
            target.kind, target.country = new.kind, new.country
            target.sectors, target.roles = list(new.sectors), list(new.roles)
            target.source, target.note = new.source, new.note
        self._add_aliases(target, new.aliases, skip_state_words=False)

    def _add(self, entry: Entry) -> None:
        entries = self.loaded.entries
        key, n = entry.key, 1
        while key in entries:
            n += 1
            key = f"{entry.key}~{n}"
        entry.key = key
        entries[key] = entry
        self.loaded.names.setdefault(normalize_name(entry.name), key)
        self._index(entry)

    def _add_aliases(self, target: Entry, aliases: list[str], *, skip_state_words: bool) -> None:
        held = {normalize_name(a) for a in target.aliases}
        if skip_state_words:
            from khaldun.knowledge.lexicon import demonym_forms

            held |= {normalize_name(d) for d in demonym_forms(target.demonyms)}
            held |= {normalize_name(m.text) for m in target.metonyms}
            if target.capital:
                held.add(normalize_name(target.capital))
        for alias in aliases:
            key = normalize_name(alias)
            if key and key not in held:
                held.add(key)
                target.aliases.append(alias)
                self.aliases.setdefault(key, set()).add(target.key)
