"""Who said it: the subject of a cue, resolved to an actor with the document's mentions.

The speaker token comes from the parse (the subject of the cue verb, the
object of "quote", the object of "according to"); the actor comes from the
mentions the actor stage found (:class:`~khaldun.actors.mentions.DocMentions`),
which already resolve surnames ("Dehqan"), pronouns ("he") and roles named
next to a person ("his counterpart, Fahd Jassem al-Freij").  A definite role
with no person beside it ("the top general", "the President") is taken to be
the person of that role named earlier in the document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token  # at run time: a compiled build reads them

from khaldun.actors.naming import ActorIds
from khaldun.nlp.view import DocView, token_index
from khaldun.records import ActorRef

if TYPE_CHECKING:
    from khaldun.actors.mentions import ActorMention, DocMentions
    from khaldun.knowledge import Knowledge
    from khaldun.quotes.cues import CueLexicon

__all__ = ["Speaker", "SpeakerResolver", "speaker_index", "speaker_token"]

_RELATIVE = {"who", "that", "which"}
_CLIMB = {"conj", "xcomp", "advcl", "pcomp", "prep", "ccomp"}
_UNRESOLVABLE_PRONOUNS = {"it", "they", "them", "this", "that", "which", "what", "we", "i", "you", "one"}
_LEADING_DETERMINERS = ("the ", "a ", "an ")
_TITLES = {"mr", "mrs", "ms", "dr", "maj", "gen", "brig", "col", "lt", "sgt", "capt", "adm", "chief", "sheikh"}
# how sure we are of a speaker, by how it was found
CONFIDENCE = {"name": 0.9, "pronoun": 0.8, "role-person": 0.75, "role": 0.7, "phrase": 0.5}


@dataclass(slots=True)
class Speaker:
    """A resolved speaker and how it was found (a key of :data:`CONFIDENCE`)."""

    ref: ActorRef
    how: str
    kind: str | None = None  # person | organization | state | group; None for a bare phrase

    @property
    def confidence(self) -> float:
        return CONFIDENCE[self.how]


def speaker_token(cue: Token, cues: CueLexicon, view: DocView | None = None) -> Token | None:
    """The token naming who spoke, for the cue verb ``cue``.

    "X said" -> X; "IRNA quoted the president as saying" -> president;
    "X was quoted as saying" -> X; "congratulated Y and said" -> the subject
    of "congratulated"; "sources who said" -> sources; "a spokesman saying" ->
    spokesman.  None when the verb has no speaker in the sentence, or when its
    passive subject is the addressee ("X was told that ...").  ``view`` is the
    document's :class:`~khaldun.nlp.view.DocView` (built here when not given).
    """
    view = view if view is not None else DocView(cue.doc)
    found = speaker_index(view, cue.i, cues)
    return view.token(found) if found is not None else None


def speaker_index(view: DocView, cue: int, cues: CueLexicon) -> int | None:
    """:func:`speaker_token` by token index: the index of the speaker of cue verb ``cue``, or None."""
    dep, heads, lemmas, children = view.dep, view.heads, view.lemma_lower, view.children
    tok = cue
    for step_count in range(6):
        kids = children(tok)
        if lemmas[tok] in cues.quote_verbs:
            for wanted in ("dobj", "nsubjpass"):
                found = next((c for c in kids if dep[c] == wanted), None)
                if found is not None:
                    return found
        subject = next((c for c in kids if dep[c] == "nsubj"), None)
        if subject is not None:
            if view.lower[subject] in _RELATIVE and dep[tok] == "relcl":
                return heads[tok]
            return subject
        agent = next((c for c in kids if dep[c] == "agent"), None)
        if agent is not None:
            pobj = next((c for c in children(agent) if dep[c] == "pobj"), None)
            if pobj is not None:
                return pobj
        if step_count == 0 and any(dep[c] == "nsubjpass" for c in kids):
            return None  # "X was told that ...": X is the addressee
        head = heads[tok]
        if dep[tok] in {"acl", "relcl"} and view.pos[head] in {"NOUN", "PROPN"}:
            if lemmas[head] not in cues.nouns:
                # "a spokesman saying ...", but not "rebels described as ...": they are described
                return head if view.tag[tok] == "VBG" else None
            # "sent a message to congratulate him": the sender of the message
            tok = heads[head] if dep[head] in {"dobj", "pobj"} else head
            if dep[tok] == "prep":
                tok = heads[tok]
            continue
        if dep[tok] not in _CLIMB or head == tok:
            return None
        step = dep[tok]
        tok = head
        if step in {"conj", "advcl"} and dep[tok] == "ccomp" and cues.is_verb(view.lemma_raw[heads[tok]]) \
                and not cues.is_verb(view.lemma_raw[tok]):
            # 'X said [Y reached …] and pledged …', 'X said [Y finished], adding …': the parse
            # hung the speech act inside the reported clause; X made it
            tok = heads[tok]
    return None


#: Titles of heads of state and government: such a person is also "the leader".
_HEADS = frozenset({"president", "premier", "king", "queen", "emir", "sultan", "monarch", "chancellor",
                    "ayatollah"})


class SpeakerResolver:
    """Turns speaker tokens of one document into :class:`~khaldun.records.ActorRef`."""

    def __init__(self, doc: Doc, found: DocMentions, cues: CueLexicon,
                 knowledge: Knowledge | None = None) -> None:
        self.doc = doc
        self.view = found.view_of(doc)
        self.knowledge = knowledge
        self.found = found
        self.cues = cues
        self._person_words: dict[str, set[str]] = {}  # the words of _person_texts, split once
        self._ids = found.ids if found.ids is not None else ActorIds()  # actor ids, each hashed once
        self._texts: dict[str, str] | None = None  # see _person_texts

    @property
    def _person_texts(self) -> dict[str, str]:
        """Every text a person was called by, to match "the top general" to "General Hatami" (built
        when first asked: most documents never ask)."""
        if self._texts is None:
            texts: dict[str, str] = {}
            for m in self.found.mentions:
                if m.kind == "person" and m.label != "PRON":
                    words = f"{m.text} {m.role_text or ''}".lower()
                    texts[m.name] = texts.get(m.name, "") + " " + words
            self._texts = texts
        return self._texts

    def resolve(self, token: Token | int) -> Speaker | None:
        """The speaker named by ``token`` (the head of the speaker phrase: a ``Token`` or its index)."""
        i = token_index(token)
        view = self.view
        m = self._mention(i)
        if m is not None:
            return self._from_mention(m)
        pos = view.pos[i]
        if pos == "PRON" or view.lower[i] in _UNRESOLVABLE_PRONOUNS:
            return None
        if view.lemma_lower[i] in self.cues.not_speakers or pos not in {"NOUN", "PROPN"}:
            return None
        phrase = self._phrase(i)
        if view.tag[i] in {"NN", "NNP"} and self._definite(i):
            country = self._demonym_country(i)
            person = self._titled_person(i, country, [], min(view.descendants(i)), view.sent_of[i])
            if person is not None and (country is None or person.country == country):
                found = self._from_mention(person)
                found.ref.text, found.ref.start, found.ref.end = phrase.ref.text, phrase.ref.start, phrase.ref.end
                found.how = "role-person"
                return found
        return phrase

    def _definite(self, i: int) -> bool:
        """Token ``i`` has the determiner "the"."""
        view = self.view
        return any(view.dep[c] == "det" and view.lower[c] == "the" for c in view.children(i))

    def _demonym_country(self, i: int) -> str | None:
        """The country of a demonym or name modifying token ``i`` ("the Iranian president")."""
        if self.knowledge is None:
            return None
        view = self.view
        for child in view.children(i):
            if view.dep[child] in {"amod", "compound", "poss"}:
                text = view.words[child]
                entry = self.knowledge.demonym(text) or self.knowledge.lookup(text)
                if entry is not None and entry.country:
                    return entry.country
        return None

    # -- internals ------------------------------------------------------------
    def _mention(self, i: int) -> ActorMention | None:
        """The actor mention token ``i`` names, if any."""
        m = self.found.by_token.get(i)
        if m is not None and (m.kind == "person" or m.label != "ROLE"):
            return m
        # "The commander of the Guards, Mohammad Ali Jafari,": the person the role phrase names
        person = self._person_in_phrase(i)
        if person is not None:
            return person
        if m is not None:
            return m
        for child in self.view.children(i):
            if self.view.dep[child] in {"appos", "compound"}:
                inner = self.found.by_token.get(child)
                if inner is not None and inner.kind in {"organization", "state"}:
                    return inner
        if self.view.pos[i] == "PROPN":
            return self._by_surname(i)
        return None

    def _person_in_phrase(self, i: int) -> ActorMention | None:
        """A person named inside the speaker phrase of token ``i``, not behind "for", "to", "with" ..."""
        view = self.view
        dep = view.dep
        stack = [i]
        while stack:
            tok = stack.pop()
            for child in view.children(tok):
                if dep[child] == "prep" and view.lower[child] != "of":
                    continue
                if dep[child] in {"relcl", "acl", "advcl", "ccomp", "conj", "cc", "punct"} and dep[child] != "punct":
                    continue
                m = self.found.by_token.get(child)
                if m is not None and m.kind == "person" and m.label != "PRON":
                    return m
                stack.append(child)
        return None

    def _by_surname(self, i: int) -> ActorMention | None:
        """"Ansari" (token ``i``) when the parser found no mention: the person of that surname named earlier."""
        word = self.view.words[i].lower()
        for m in self.found.mentions:
            if m.kind == "person" and m.label != "PRON" and m.name.lower().split()[-1:] == [word]:
                return m
        return None

    def _from_mention(self, m: ActorMention) -> Speaker:
        view = self.view
        how = "name"
        name, country, sectors, kind = m.name, m.country, list(m.sectors), m.kind
        if m.label == "PRON":
            how = "pronoun"
        elif m.label == "ROLE" and m.kind != "person":
            person = self._role_person(m)
            if person is not None:
                how = "role-person"
                name, kind = person.name, "person"
                country, sectors = person.country or country, list(person.sectors) or sectors
            elif not m.sectors or m.name.split()[-1:] == ["unknown"] or "document-country" in m.rule:
                return self._phrase(m.head)  # "a source": no role the lexicon knows
            else:
                how = "role"
        elif m.label == "ROLE":
            how = "role-person"
        aid = self._actor_id(name, kind, country) if how == "role-person" and m.kind != "person" else (
            m.actor_id or self._actor_id(name, kind, country))
        ref = ActorRef(text=view.span_text(m.start, m.end), name=name, country=country, sectors=sectors,
                       actor_id=aid, start=view.starts[m.start], end=view.ends[m.end - 1])
        return Speaker(ref=ref, how=how, kind=kind)

    def _actor_id(self, name: str, kind: str | None, country: str | None) -> str:
        """:func:`~khaldun.actors.naming.actor_id`, hashed once (per process with the finder's memo)."""
        return self._ids(name, kind, country)

    def _role_person(self, m: ActorMention) -> ActorMention | None:
        """"the top general" -> the general named earlier; None for "a spokesman", "officials"."""
        if self.view.tag[m.head] not in {"NN", "NNP"} or not self._definite(m.head):
            return None
        # a country the actor stage guessed from the document says nothing about who this is
        country = None if "document-country" in m.rule else m.country
        return self._titled_person(m.head, country, m.sectors, m.start, m.sentence_index)

    def _titled_person(self, head: int, country: str | None, sectors: list[str], before: int,
                       sentence: int) -> ActorMention | None:
        """The person called "the <title>" (the title is token ``head``): the latest one known by that
        title, or a recent one of the same country and sector known by no other title."""
        title = self.view.lemma_lower[head]
        if title not in self.cues.person_titles:
            return None  # "the ministry", "the army": an institution, not one person
        for p in reversed(self.found.mentions):
            if p.start >= before or p.kind != "person" or p.label == "PRON":
                continue
            words = self._words_of(p.name)
            if title in words:
                return p
            specific = words & (self.cues.person_titles - self.cues.generic_titles)
            if specific and not (title in self.cues.generic_titles and specific <= _HEADS):
                continue  # "spokesman Ibrahim Kalin" is not "the president"; a president is "the leader"
            if p.sentence_index >= sentence - 3 and (country is None or p.country == country) and (
                    not sectors or set(p.sectors) & set(sectors)) and (country or sectors):
                return p
        return None

    def _words_of(self, name: str) -> set[str]:
        """The words a person was called by (see ``_person_texts``)."""
        words = self._person_words.get(name)
        if words is None:
            words = self._person_words[name] = set(re.findall(r"\w+", self._person_texts.get(name, "")))
        return words

    def _phrase(self, i: int) -> Speaker:
        """A speaker no lexicon knows (token ``i`` heads it): "a source close to the regime", "witnesses"."""
        view = self.view
        left = min(view.descendants(i))  # the token's left edge
        right = max([i] + [max(view.descendants(c)) for c in view.rights(i)  # their right edges
                           if view.dep[c] not in {"relcl", "acl", "appos", "punct", "cc", "conj"}]) + 1
        right = min(right, i + 8)
        comma = next((t for t in range(i, min(right, view.n)) if view.words[t] in {",", "(", "—", "–"}), None)
        stop = comma if comma is not None else right
        start_char = view.starts[left] if stop > left else self.doc[left:stop].start_char
        text = view.span_text(left, stop).strip(" ,")
        name = text
        for det in _LEADING_DETERMINERS:
            if name.lower().startswith(det):
                name = name[len(det):]
                break
        if view.pos[i] == "PROPN":
            name = self._proper_name(i) or name
        ref = ActorRef(text=text, name=name, country=None, sectors=[],
                       actor_id=None, start=start_char, end=start_char + len(text))
        return Speaker(ref=ref, how="phrase")

    def _proper_name(self, i: int) -> str | None:
        """"Guards chief Major General Mohammad Ali Jafari" -> "Mohammad Ali Jafari" (token ``i``: the last
        word; read from the view)."""
        view = self.view
        text, lower, spaced = view.words, view.lower, view.spaced
        words = [i]
        while words[0] > 0:
            left = words[0] - 1
            hyphen = text[left] in {"-", "–"} and not spaced[left] and left > 0 and not spaced[left - 1]
            if hyphen:  # "OVD-Info"
                words[:0] = [left - 1, left]
            elif view.pos[left] == "PROPN" and view.dep[left] == "compound":  # "Major General Mohammad Ali Jafari"
                words.insert(0, left)
            else:
                break
        while len(words) > 1 and (lower[words[0]].rstrip(".") in _TITLES or (
                self.knowledge is not None and self.knowledge.sector_of(lower[words[0]]))):
            words = words[1:]
        return "".join([text[w] + " " if spaced[w] else text[w] for w in words]).strip() if words else None
