"""Typed objects of the actor knowledge base: entries, dated roles, sectors."""

from __future__ import annotations

from dataclasses import dataclass, field

#: Entry kinds, and the spaCy entity label their names get.
KINDS: dict[str, str] = {
    "state": "GPE",
    "organization": "ORG",
    "group": "ORG",
    "person": "PERSON",
}

#: Country codes PLOVER uses for actors that belong to no single state.
INTERNATIONAL_CODES: frozenset[str] = frozenset({"IGO", "UNO", "EUR", "NGO", "ISM", "IMG", "MNC"})


class KnowledgeError(ValueError):
    """A knowledge file is malformed: the message names the file and the entry."""


def _date_floor(value: str) -> str:
    """Earliest day a (possibly partial) ISO date can mean: "2015" -> "2015-01-01"."""
    return (value + "-01-01")[:10] if len(value) == 4 else (value + "-01")[:10]


def _date_ceiling(value: str) -> str:
    """Latest day a (possibly partial) ISO date can mean: "2015-08" -> "2015-08-31".

    Months are given 31 days: the result is only ever compared as a string.
    """
    return (value + "-12-31")[:10] if len(value) == 4 else (value + "-31")[:10]


@dataclass(slots=True, frozen=True)
class DatedRole:
    """An office an actor held, e.g. President of Iran from 2013-08-03 to 2021-08-03.

    ``start``/``end`` are ISO dates, possibly partial ("1998", "2015-08");
    ``None`` means open-ended.  ``country`` is the code the actor is coded with
    in this role (UNO for the UN Secretary-General); ``org`` the key of the
    organisation the role belongs to, if any.
    """

    title: str
    sector: str | None
    country: str | None
    start: str | None = None
    end: str | None = None
    org: str | None = None

    def covers(self, date: str | None) -> bool:
        """Whether the role was held on *date* (ISO, possibly partial).

        A missing date matches every role.  Both ends are inclusive, so on a
        handover day the outgoing and the incoming holder both match.
        """
        if not date:
            return True
        if self.start and _date_ceiling(date) < _date_floor(self.start):
            return False
        return not (self.end and _date_floor(date) > _date_ceiling(self.end))


@dataclass(slots=True, frozen=True)
class Metonym:
    """A place or building that stands for an actor: "the Kremlin" for Russia's government."""

    text: str
    sector: str
    label: str = "GPE"  # entity label of the surface form: GPE for cities, ORG for seats


@dataclass(slots=True)
class Entry:
    """One known actor: a state, an organisation, an armed group or a person.

    ``aliases`` holds every surface form that names the actor, canonical name
    included.  ``lookup_only`` lists forms that :meth:`Knowledge.lookup`
    accepts but that are too ambiguous to become spaCy patterns ("America",
    "Fars").  ``source`` is the file that last defined or changed the entry.
    """

    key: str
    name: str
    kind: str
    country: str | None
    sectors: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    roles: list[DatedRole] = field(default_factory=list)
    source: str = ""
    demonyms: list[str] = field(default_factory=list)
    metonyms: list[Metonym] = field(default_factory=list)
    capital: str | None = None
    lookup_only: list[str] = field(default_factory=list)
    transnational: bool = False
    note: str | None = None

    def roles_on(self, date: str | None) -> list[DatedRole]:
        """Roles held on *date*, in file order; every role when *date* is None."""
        return [role for role in self.roles if role.covers(date)]


@dataclass(slots=True)
class Sector:
    """A PLOVER sector code with the role words that signal it."""

    code: str
    description: str
    phrases: list[str] = field(default_factory=list)


@dataclass(slots=True, frozen=True)
class Place:
    """A place name that contains a country name or demonym but is not that country.

    "Latin America" and "Persian Gulf" become patterns of their own so that
    "America" and "Persian" inside them are not tagged as actors.
    """

    name: str
    label: str = "LOC"


@dataclass(slots=True, frozen=True)
class Resolution:
    """What :meth:`Knowledge.resolve` found for a surface form, and how."""

    entry: Entry
    sectors: tuple[str, ...]
    via: str  # "alias" | "metonym" | "demonym"
