"""Parties coded by the event's own date: "In 2012, Rouhani ..." is not yet Iran's president.

Mentions take the sectors an actor held on the article's publication date
(:func:`khaldun.actors.mentions.sectors_on`).  An event the text dates
itself ("in 2012", "last March") may fall before or after that: a dictionary
entry with dated roles (``[IRNGOV >20130803]``, ``roles:`` in our YAML) is then
coded with the roles held on the event's date.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from khaldun.actors.mentions import sectors_on

if TYPE_CHECKING:
    from khaldun.knowledge import Entry, Knowledge
    from khaldun.records import ActorRef


def dated_entry(knowledge: Knowledge, ref: ActorRef) -> Entry | None:
    """The dictionary entry a party names, when it has dated roles."""
    for entry in knowledge.candidates(ref.name):
        if entry.name == ref.name and entry.country == ref.country and any(r.start or r.end for r in entry.roles):
            return entry
    return None


def parties_on(refs: list[ActorRef], date: str | None, knowledge: Knowledge) -> list[ActorRef]:
    """*refs* with the sectors of dictionary entries recomputed for *date* (ISO, possibly partial).

    Parties that are not dictionary entries with dated roles are returned
    unchanged; with no date nothing changes.
    """
    if not date:
        return refs
    out = []
    for ref in refs:
        entry = dated_entry(knowledge, ref)
        if entry is not None:
            ref = dataclasses.replace(ref, sectors=sectors_on(entry, date))
        out.append(ref)
    return out


__all__ = ["dated_entry", "parties_on"]
