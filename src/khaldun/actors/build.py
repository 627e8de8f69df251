"""Turn resolved mentions of one document into Mention and Actor records.

An actor record gathers what the document says of it: the names it goes by
(clean variants, see :mod:`khaldun.actors.variants`), its sectors, and the
roles it was seen in with their country, sector and date.  A role phrase
that coordinates countries ("Russian and US officers") counts for each
country: the other countries get an actor and a mention of their own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from spacy.tokens import Doc  # at run time: a compiled build reads them

from khaldun.actors.mentions import ActorMention, DocMentions
from khaldun.actors.naming import ActorIds, generic_name
from khaldun.actors.variants import clean_words, conj_linked, coordinated_at, variant_at
from khaldun.records import Actor, Mention, Role

if TYPE_CHECKING:
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
    id_of = found.ids if found.ids is not None else ActorIds()  # actor ids, each hashed once

    linked = conj_linked(view)
    heads = view.heads
    # the heads whose modifiers ("Syrian and Russian jets") or "of" objects ("presidents of Russia and Iran")
    # may be coordinated: only their role phrases can name other countries (see coordinated_at)
    coordinating = {heads[t] for t in linked}
    coordinating.update([heads[t] for t in coordinating])
    actors: dict[str, Actor] = {}
    mentions: list[Mention] = []
    roles_seen: set[tuple[str, str, str]] = set()  # (actor id, role text, sector) of the roles recorded
    cleaner = found.cleaner  # the finder's memo of cleaned words, when it made these mentions
    cleaned: dict[tuple[int, int], str] = {}  # clean_words of each span, read once (variants, role texts)

    def clean(start: int, end: int) -> str:
        text = cleaned.get((start, end))
        if text is None:
            text = cleaned[start, end] = (clean_words(view, start, end) if cleaner is None
                                          else cleaner(view, start, end))
        return text

    def add_role(actor: Actor, country: str | None, sector: str, text: str | None) -> None:
        # one role per (text, sector): the date is the document's, the same for all
        if text and (actor.actor_id, text, sector) not in roles_seen:
            roles_seen.add((actor.actor_id, text, sector))
            actor.roles.append(Role(country=country, sector=sector, text=text, date=date))

    for m in found.mentions:
        aid = id_of(m.name, m.kind, m.country)
        m.actor_id = aid
        label = m.label
        mentions.append(Mention(doc_id=doc_id, sentence_index=m.sentence_index,
                                start=starts[m.start], end=ends[m.end - 1], text=view.span_text(m.start, m.end),
                                label=label, actor_id=aid, rule=m.rule))
        actor = _actor(actors, aid, m.name, m.kind, m.country, "lexicon" if m.entry_key else "inferred")
        actor.mentions += 1
        others = (coordinated_at(view, m.head, knowledge, m.country, linked)
                  if label == "ROLE" and m.head in coordinating else [])
        role_phrase = m.role_text is not None and label != "PRON" and m.role_text == m.text
        borrowed = role_phrase and any(tag in m.rule for tag in _BORROWED_COUNTRY)
        variant = None if others or borrowed else variant_at(view, m.start, m.end, m.head, label=label,
                                                             kind=m.kind, role_phrase=role_phrase, clean=clean)
        if variant and variant not in actor.variants:
            actor.variants.append(variant)
        _add_sectors(actor, m.sectors)
        role_text = _role_text(m, clean) if m.role_text and m.sectors and label != "PRON" else None
        if role_text:
            add_role(actor, m.country, m.sectors[0], role_text)
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
                add_role(other, entry.country, m.sectors[0], _role_text(m, clean))
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


def _role_text(m: ActorMention, clean: Callable[[int, int], str]) -> str | None:
    """The role as written, without leading determiners ("the Syrian army" -> "Syrian army");
    ``clean`` gives :func:`~khaldun.actors.variants.clean_words` of a span of the document."""
    if m.label == "ROLE" and m.role_text == m.text:
        return clean(m.start, m.end) or m.role_text
    return _strip_determiner(m.role_text or "") or None


def _strip_determiner(text: str) -> str:
    words = text.split()
    while len(words) > 1 and words[0].lower() in {"the", "a", "an", "his", "her", "its", "their", "no"}:
        words = words[1:]
    return " ".join(words)
