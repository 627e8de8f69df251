"""Turn resolved mentions of one document into Mention and Actor records.

An actor record gathers what the document says of it: the names it goes by
(clean variants, see :mod:`khaldun.actors.variants`), its sectors, and the
roles it was seen in with their country, sector and date.  A role phrase
that coordinates countries ("Russian and US officers") counts for each
country: the other countries get an actor and a mention of their own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from khaldun.actors.mentions import ActorMention, DocMentions
from khaldun.actors.naming import actor_id, generic_name
from khaldun.actors.variants import clean_words, conj_linked, coordinated_at, variant_at
from khaldun.records import Actor, Mention, Role

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from khaldun.nlp.view import DocView
    from khaldun.knowledge import Knowledge

#: Rules by which a role phrase took a country its words do not name ("the army" in a Syrian story):
#: such a phrase is a role of the actor, not one of its names.
_BORROWED_COUNTRY = ("+document-country", "+possessor", "+antecedent", "+sentence-place")


def build_actors(doc_id: str, doc: Doc, found: DocMentions, knowledge: Knowledge,
                 date: str | None) -> tuple[list[Mention], list[Actor]]:
    """Assign actor ids and aggregate mentions per actor (variants, roles, counts).

    *date* (ISO, the publication date) dates the roles seen.
    """
    view = found.view_of(doc)
    starts, ends = view.starts, view.ends
    ids: dict[tuple[str, str, str | None], str] = {}  # actor ids already hashed in this document

    def id_of(name: str, kind: str, country: str | None) -> str:
        aid = ids.get((name, kind, country))
        if aid is None:
            aid = ids[name, kind, country] = actor_id(name, kind, country)
        return aid

    linked = conj_linked(view)
    actors: dict[str, Actor] = {}
    mentions: list[Mention] = []
    for m in found.mentions:
        aid = id_of(m.name, m.kind, m.country)
        m.actor_id = aid
        mentions.append(Mention(doc_id=doc_id, sentence_index=m.sentence_index,
                                start=starts[m.start], end=ends[m.end - 1], text=view.span_text(m.start, m.end),
                                label=m.label, actor_id=aid, rule=m.rule))
        actor = _actor(actors, aid, m.name, m.kind, m.country, "lexicon" if m.entry_key else "inferred")
        actor.mentions += 1
        others = coordinated_at(view, m.head, knowledge, m.country, linked) if m.label == "ROLE" else []
        role_phrase = m.role_text is not None and m.label != "PRON" and m.role_text == m.text
        borrowed = role_phrase and any(tag in m.rule for tag in _BORROWED_COUNTRY)
        variant = None if others or borrowed else variant_at(view, m.start, m.end, m.head, label=m.label,
                                                             kind=m.kind, role_phrase=role_phrase)
        if variant and variant not in actor.variants:
            actor.variants.append(variant)
        _add_sectors(actor, m.sectors)
        if m.role_text and m.sectors and m.label != "PRON":
            _add_role(actor, Role(country=m.country, sector=m.sectors[0], text=_role_text(view, m),
                                  date=date))
        for token, entry in others:
            # "Syrian and Russian jets": the Russian military is a party too
            name = generic_name(knowledge, entry.country, m.sectors)
            other_id = id_of(name, "group", entry.country)
            mentions.append(Mention(doc_id=doc_id, sentence_index=m.sentence_index,
                                    start=starts[token], end=ends[token], text=view.words[token],
                                    label="ROLE", actor_id=other_id, rule=f"{m.rule}+coordination"))
            other = _actor(actors, other_id, name, "group", entry.country, "inferred")
            other.mentions += 1
            _add_sectors(other, m.sectors)
            if m.sectors:
                _add_role(other, Role(country=entry.country, sector=m.sectors[0],
                                      text=_role_text(view, m), date=date))
    return mentions, list(actors.values())


def _actor(actors: dict[str, Actor], aid: str, name: str, kind: str, country: str | None,
           source: str) -> Actor:
    actor = actors.get(aid)
    if actor is None:
        actor = actors[aid] = Actor(actor_id=aid, name=name, kind=kind, country=country, sectors=[],
                                    source=source)
    return actor


def _add_sectors(actor: Actor, sectors: list[str]) -> None:
    for s in sectors:
        if s not in actor.sectors:
            actor.sectors.append(s)


def _add_role(actor: Actor, role: Role) -> None:
    if role.text and all((r.text, r.sector, r.date) != (role.text, role.sector, role.date)
                         for r in actor.roles):
        actor.roles.append(role)


def _role_text(view: DocView, m: ActorMention) -> str | None:
    """The role as written, without leading determiners ("the Syrian army" -> "Syrian army")."""
    if m.label == "ROLE" and m.role_text == m.text:
        return clean_words(view, m.start, m.end) or m.role_text
    return _strip_determiner(m.role_text or "") or None


def _strip_determiner(text: str) -> str:
    words = text.split()
    while len(words) > 1 and words[0].lower() in {"the", "a", "an", "his", "her", "its", "their", "no"}:
        words = words[1:]
    return " ".join(words)
