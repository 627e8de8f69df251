"""Office holders: "Iran's defence chief" is Hossein Dehghan in February 2016.

A role phrase names a person when the document has said who holds the
office ("Brigadier General Hossein Dehghan, Iran's defense minister, ...
Iran's defence chief said") or when a dictionary knows who held it on the
article's date (the dated roles of ``persons.yaml`` and of users'
dictionaries).  Offices are compared by :func:`office_key`: lowercase, no
"the", one spelling of "defence" and "spokesman", and the synonyms of
``knowledge/data/offices.yaml`` folded onto one title.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml

from khaldun.knowledge import Entry
from khaldun.knowledge.model import DatedRole

#: Spellings folded before synonyms are looked up.
_SPELLINGS = {"defense": "defence", "spokeswoman": "spokesman", "spokesperson": "spokesman",
              "u.n.": "un", "u.n": "un", "secretary general": "secretary-general"}
_SPELLING_PATTERNS = [(re.compile(rf"(?<![\w.]){re.escape(old)}(?!\w)"), new) for old, new in _SPELLINGS.items()]
_DROP = {"the", "a", "an", "'s", "’s", "s"}
_WORD = re.compile(r"[\w.'’-]+")
#: Modifiers that make a role phrase name someone other than the current holder.
#: Titles whose office keys an OfficeIndex remembers (the memo is emptied when full).
_MEMO_SIZE = 4096
NOT_CURRENT = frozenset({"former", "ex", "then", "late", "acting", "deputy", "vice", "incoming",
                         "outgoing", "future", "next", "previous", "interim"})


def _fold(text: str) -> str:
    words = [w for w in _WORD.findall(text.lower().replace("-", " - ")) if w not in _DROP]
    text = " ".join(words).replace(" - ", "-")
    for pattern, new in _SPELLING_PATTERNS:
        text = pattern.sub(new, text)
    return text


def load_synonyms(path: str | Path | None = None) -> dict[str, str]:
    """Map of folded title -> folded canonical office, read from ``offices.yaml``."""
    if path is None:
        raw = resources.files("khaldun.knowledge").joinpath("data/offices.yaml").read_text("utf-8")
    else:
        raw = Path(path).read_text("utf-8")
    data = yaml.safe_load(raw) or {}
    out: dict[str, str] = {}
    for office, others in (data.get("offices") or {}).items():
        key = _fold(str(office))
        out[key] = key
        for other in others or ():
            out.setdefault(_fold(str(other)), key)
    return out


def office_key(title: str, synonyms: Mapping[str, str]) -> str:
    """The office a title names: "Defense Minister" and "defence chief" -> "defence minister"."""
    folded = _fold(title)
    return synonyms.get(folded, folded)


@dataclass(frozen=True, slots=True)
class Holder:
    """Who held an office, according to a dictionary."""

    entry: Entry
    role: DatedRole


class OfficeIndex:
    """Dictionary persons by (country, office), for finding who held an office on a date."""

    def __init__(self, entries: Iterable[Entry], synonyms: Mapping[str, str] | None = None) -> None:
        self.synonyms = dict(load_synonyms() if synonyms is None else synonyms)
        self._keys: dict[str, str] = {}  # title -> office key
        self._holders: dict[tuple[str, str], list[Holder]] = {}
        for entry in entries:
            if entry.kind != "person":
                continue
            for role in entry.roles:
                country = role.country or entry.country
                if not country or not role.title or not (role.start or role.end):
                    continue  # a role with no dates says nothing of when the office was held
                key = (country, office_key(role.title, self.synonyms))
                self._holders.setdefault(key, []).append(Holder(entry, role))

    def key(self, title: str) -> str:
        """:func:`office_key` of *title* with this index's synonyms."""
        key = self._keys.get(title)
        if key is None:
            if len(self._keys) >= _MEMO_SIZE:
                self._keys.clear()
            key = self._keys[title] = office_key(title, self.synonyms)
        return key

    def holder(self, country: str | None, title: str, date: str | None) -> Holder | None:
        """The one person who held *title* in *country* on *date*; None when unknown or ambiguous.

        With no date there is no telling who held it: None.
        """
        if not country or not date:
            return None
        found = [h for h in self._holders.get((country, self.key(title)), ()) if h.role.covers(date)]
        people = {h.entry.key for h in found}
        return found[0] if len(people) == 1 else None


__all__ = ["Holder", "NOT_CURRENT", "OfficeIndex", "load_synonyms", "office_key"]
