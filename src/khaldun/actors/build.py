"""Turn resolved mentions of one document into Mention and Actor records."""

from __future__ import annotations

from typing import TYPE_CHECKING

from khaldun.actors.mentions import DocMentions
from khaldun.actors.naming import actor_id
from khaldun.records import Actor, Mention, Role

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from khaldun.knowledge import Knowledge


def build_actors(doc_id: str, doc: Doc, found: DocMentions, knowledge: Knowledge,
                 date: str | None) -> tuple[list[Mention], list[Actor]]:
    """Assign actor ids and aggregate mentions per actor (variants, roles, counts)."""
    actors: dict[str, Actor] = {}
    mentions: list[Mention] = []
    for m in found.mentions:
        aid = actor_id(m.name, m.kind, m.country)
        m.actor_id = aid
        span = doc[m.start:m.end]
        mentions.append(Mention(doc_id=doc_id, sentence_index=m.sentence_index,
                                start=span.start_char, end=span.end_char, text=span.text,
                                label=m.label, actor_id=aid, rule=m.rule))
        actor = actors.get(aid)
        if actor is None:
            actor = actors[aid] = Actor(actor_id=aid, name=m.name, kind=m.kind, country=m.country,
                                        sectors=[], source="lexicon" if m.entry_key else "inferred")
        actor.mentions += 1
        if m.label != "PRON" and m.text not in actor.variants:
            actor.variants.append(m.text)
        for s in m.sectors:
            if s not in actor.sectors:
                actor.sectors.append(s)
        if m.role_text and m.sectors:
            role = Role(country=m.country, sector=m.sectors[0], text=m.role_text, date=date)
            if all((r.text, r.sector) != (role.text, role.sector) for r in actor.roles):
                actor.roles.append(role)
    return mentions, list(actors.values())
