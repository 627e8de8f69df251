"""Canonical names and stable ids for actors."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from khaldun.knowledge.normalize import normalize_name

if TYPE_CHECKING:
    from khaldun.knowledge import Knowledge

# How a generic (country, sector) actor is named: "Syrian military", "Iranian government".
SECTOR_NOUNS = {
    "GOV": "government", "MIL": "military", "REB": "rebels", "OPP": "opposition", "COP": "police",
    "SPY": "intelligence", "LEG": "legislature", "JUD": "judiciary", "PRM": "prime minister's office",
    "PTY": "party", "UAF": "armed group", "CVL": "civilians", "REF": "refugees", "MED": "media",
    "JRN": "journalists", "REL": "religious leaders", "BUS": "business", "LAB": "labour", "EDU": "education",
    "ELI": "elites", "SOC": "social groups", "AGR": "agriculture", "CRM": "criminals", "PRE": "presidency",
    "UNK": "unknown",
}


def generic_name(knowledge: Knowledge, country: str | None, sectors: list[str]) -> str:
    """Name of an actor known only by country and sector."""
    noun = SECTOR_NOUNS.get(sectors[0], sectors[0].lower()) if sectors else None
    place = adjective = None
    if country:
        entry = knowledge.country(country)
        place = entry.name if entry is not None else country
        adjective = entry.demonyms[0] if entry is not None and entry.demonyms else None
    if place and noun:
        return f"{adjective or place} {noun}"  # "Syrian military", "UNO government"
    return place or (noun or "unknown")


def actor_id(name: str, kind: str, country: str | None) -> str:
    """Stable id: the same name, kind and country give the same id in every run."""
    key = "|".join((kind, normalize_name(name), country or ""))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


class ActorIds:
    """:func:`actor_id`, remembered: a bounded memo (emptied when full) for a long-lived owner.

    The mention finder keeps one for the documents of a process (the same
    actors come back from one article to the next); the stages after it
    reach it through :class:`~khaldun.actors.mentions.DocMentions`.
    """

    def __init__(self, size: int = 1 << 16) -> None:
        self.size = size
        self._ids: dict[tuple[str, str | None, str | None], str] = {}

    def __len__(self) -> int:
        return len(self._ids)

    def __call__(self, name: str, kind: str | None, country: str | None) -> str:
        """The id of the actor ``name`` of ``kind`` and ``country`` (see :func:`actor_id`)."""
        key = (name, kind, country)
        aid = self._ids.get(key)
        if aid is None:
            if len(self._ids) >= self.size:
                self._ids.clear()
            aid = self._ids[key] = actor_id(name, kind, country)  # type: ignore[arg-type]
        return aid
