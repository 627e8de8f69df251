"""Find the parties of an event in the dependency parse.

The actor is the grammatical subject (or the ``by`` phrase of a passive); a
verb with no subject of its own borrows it from the verb it depends on
("vowed to press ahead", "met and agreed").  Recipients are searched in the
slots the lexicon entry names, in order.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from khaldun.actors import ActorMention, DocMentions
from khaldun.actors.naming import actor_id, generic_name
from khaldun.records import ActorRef

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from khaldun.nlp.view import DocView
    from khaldun.knowledge import Knowledge
    from khaldun.timeplace.gazetteer import Gazetteer

_SUBJ = {"nsubj", "csubj"}
_INHERIT_SUBJ = {"xcomp", "conj", "advcl", "pcomp", "acomp"}  # acomp: "is willing to send"
_SKIP_PUNCT = {"PUNCT", "ADV", "SPACE", "AUX", "PART"}
_SUBJECT_PRONOUNS = frozenset({"it", "they", "he", "she", "we"})
_AMOUNTS = frozenset({"MONEY", "QUANTITY", "CARDINAL", "PERCENT"})
_POSSESSIVE_PRONOUNS = frozenset({"its", "their", "his", "her", "our", "ours", "theirs"})


class Arguments:
    """Resolves parse positions to actor references for one document."""

    def __init__(self, doc: Doc, found: DocMentions, knowledge: Knowledge,
                 places: Gazetteer | None = None, view: DocView | None = None) -> None:
        self.doc = doc
        self.found = found
        self.knowledge = knowledge
        self.places = places
        self.view = view  # the document's parse read once (entities), when the caller has one

    # -- parties at a token ------------------------------------------------------
    def parties_at(self, token: Token) -> list[ActorRef]:
        """Actors named by the phrase headed by ``token``, conjuncts included."""
        refs: list[ActorRef] = []
        for tok in [*_misparsed_conjuncts(token), token, *self._listed_appositions(token), *token.conjuncts]:
            refs.extend(self._at(tok))
        return _unique(refs)

    def _listed_appositions(self, token: Token) -> list[Token]:
        """Members of a list the parser took for an apposition: "Mordor, the Shire, Fornost and
        Bree" (the Shire an ``appos`` of Mordor, with its own conjuncts), "Evil Mordor, the awful
        Fornost, and good Gondor" (Fornost an ``appos``, Gondor a ``conj`` of Mordor).  Only a
        named party counts, and only in a list: "Mordor, the state's fiercest foe," is a description."""
        out: list[Token] = []
        listed = any(c.dep_ == "conj" for c in token.children)
        for child in token.children:
            if (child.dep_ == "appos" and child.i > token.i and (listed or child.conjuncts)
                    and self.found.at(child.i) is not None):
                out += [child, *child.conjuncts]
        return out

    def _at(self, token: Token) -> list[ActorRef]:
        m = self.found.at(token.i)
        if m is None:
            # "the commander of the Guards, Jafari": an appositive or a modifier names it
            for child in token.children:
                if child.dep_ in {"appos", "compound", "poss"}:
                    m = self.found.at(child.i)
                    if m is not None:
                        break
        found_here: list[ActorRef] = []
        if m is None and token.dep_ != "pobj":
            # "the government of Gondor"; "lawmakers in Fornost", "troops from Gondor"
            # (people in subject position: not "an attack ... in south Ithilen")
            people = token.tag_ == "NNS" and token.dep_ in {"nsubj", "nsubjpass", "conj"}
            preps = {"of", "in", "from"} if people else {"of"}
            for child in token.children:
                if child.dep_ == "prep" and child.lower_ in preps:
                    for pobj in child.children:
                        if pobj.dep_ == "pobj" and self.found.at(pobj.i) is not None:
                            m = self.found.at(pobj.i)
                            if people:  # "lawmakers in France and Germany": both
                                others = [self.found.at(c.i) for c in pobj.conjuncts]
                                found_here = [self.ref(o) for o in others if o is not None and o is not m]
        if m is None:
            return self._demonym_modifier(token)
        refs = [self.ref(m), *found_here]
        # "President Putin and Iran's Rowhani" parsed with Putin as a modifier of Rowhani
        for child in token.children:
            if child.dep_ == "nmod":
                other = self.found.at(child.i)
                if other is not None and other.kind == "person" and other is not m:
                    refs.insert(0, self.ref(other))
        if m.label == "ROLE":
            refs.extend(self._coordinated_countries(token, m))
        return refs

    def _demonym_modifier(self, token: Token) -> list[ActorRef]:
        """"criticized the Russian move": the country behind a thing (not behind a sum: "a million
        Swiss francs" names no party)."""
        if token.ent_type_ in _AMOUNTS or any(c.ent_type_ == "MONEY" for c in token.children):
            return []
        for child in [token, *token.children]:
            if child is token and token.dep_ not in {"amod", "compound", "poss"}:
                continue
            if child.dep_ in {"amod", "compound", "poss"}:
                entry = self.knowledge.demonym(child.text) or self.knowledge.lookup(child.text)
                if entry is not None and entry.kind == "state" and entry.country:
                    return [ActorRef(text=child.text, name=entry.name, country=entry.country, sectors=[],
                                     actor_id=actor_id(entry.name, "state", entry.country),
                                     start=child.idx, end=child.idx + len(child.text))]
        return []

    def place_recipient(self, head: Token) -> list[ActorRef]:
        """"struck targets in central Syria": the country where a material event happened."""
        for tok in head.subtree:
            if tok.dep_ != "pobj" or tok.head.lower_ not in {"in", "on", "at", "near", "into", "across"}:
                continue
            for inner in tok.subtree:  # "positions in Idlib and Hama provinces"
                m = self.found.at(inner.i)
                if m is not None and m.kind == "state" and m.country:
                    return [self.ref(m)]
            start, end = tok.left_edge.i, tok.right_edge.i + 1
            ents = self.view.ents_within(start, end) if self.view is not None else self.doc[start:end].ents
            for ent in ents:
                if ent.label_ not in {"GPE", "LOC", "FAC"} or self.places is None:
                    continue
                country = self.places.country_of(ent.text)
                if country:
                    entry = self.knowledge.country(country)
                    name = entry.name if entry is not None else country
                    return [ActorRef(text=ent.text, name=name, country=country, sectors=[],
                                     actor_id=actor_id(name, "state", country),
                                     start=ent.start_char, end=ent.end_char)]
        return []

    def _coordinated_countries(self, token: Token, m: ActorMention) -> list[ActorRef]:
        """"Syrian and Russian jets", "the presidents of Russia and Iran": two countries."""
        modifiers = [c for c in token.children if c.dep_ in {"amod", "compound"}]
        modifiers += [p for c in token.children if c.dep_ == "prep" and c.lower_ == "of"
                      for p in c.children if p.dep_ == "pobj"]
        refs = []
        for child in modifiers:
            for conj in child.conjuncts:
                entry = self.knowledge.demonym(conj.text) or self.knowledge.lookup(conj.text)
                if entry is None or not entry.country or entry.country == m.country:
                    continue
                name = generic_name(self.knowledge, entry.country, m.sectors)
                refs.append(ActorRef(
                    text=conj.text, name=name, country=entry.country, sectors=list(m.sectors),
                    actor_id=actor_id(name, "group", entry.country),
                    start=conj.idx, end=conj.idx + len(conj.text)))
        return refs

    def ref(self, m: ActorMention) -> ActorRef:
        view = self.view
        if view is not None and m.end > m.start:  # the span's text and offsets, read from the view
            last = m.end - 1
            return ActorRef(text=view.span_text(m.start, m.end), name=m.name, country=m.country,
                            sectors=list(m.sectors), actor_id=m.actor_id, start=view.starts[m.start],
                            end=view.ends[last])
        doc_span = self.doc[m.start:m.end]
        return ActorRef(text=doc_span.text, name=m.name, country=m.country, sectors=list(m.sectors),
                        actor_id=m.actor_id, start=doc_span.start_char, end=doc_span.end_char)

    # -- subjects --------------------------------------------------------------
    def subjects(self, verb: Token) -> tuple[list[ActorRef], str]:
        """The actors of a verb and how they were found."""
        seen = set()
        tok, below = verb, None
        while tok.i not in seen:
            seen.add(tok.i)
            passive = any(c.dep_ in {"nsubjpass", "auxpass"} for c in tok.children)
            if passive or tok.dep_ == "acl":
                for c in tok.children:
                    if c.dep_ == "agent":
                        for p in c.children:
                            if p.dep_ == "pobj":
                                return self.parties_at(p), "agent"
                if passive and below is not None and below.dep_ == "xcomp":
                    # "Russia is expected to send", "X was seen to break into", "Iran was asked to
                    # withdraw": the passive subject is the subject of the infinitive
                    raised = [c for c in tok.children if c.dep_ == "nsubjpass"]
                    refs = _unique([r for c in raised for r in self.parties_at(c)])
                    if refs:
                        return refs, f"nsubjpass-of-{tok.lemma_}"
                if passive:
                    return [], "passive-no-agent"
                if tok.tag_ == "VBG":  # "governments battling extremism"
                    return self._at(tok.head), "acl-head"
            subjects = [c for c in tok.children if c.dep_ in _SUBJ]
            if subjects:
                refs = _unique([r for c in subjects for r in self.parties_at(c)])
                if (not refs and tok.dep_ == "ccomp" and tok.head.pos_ == "VERB"
                        and all(c.lower_ in _SUBJECT_PRONOUNS for c in subjects)):
                    # "Palestinian leaders said they would boycott ...": a pronoun the mentions do
                    # not resolve stands for the subject of the reporting clause
                    tok, below = tok.head, tok
                    continue
                return refs, ("nsubj" if tok is verb else f"nsubj-of-{tok.lemma_}")
            if tok.dep_ in _INHERIT_SUBJ and tok.head.i != tok.i:
                tok, below = tok.head, tok
                continue
            break
        if verb.dep_ == "ROOT":
            left = self._left_neighbour(verb)
            if left:
                return left, "left-neighbour"
        return [], "none"

    def grammatical_subjects(self, verb: Token) -> tuple[list[ActorRef], str]:
        """The parties of the verb's grammatical subject, a passive one included ("Syria received",
        "the hostages were freed"), borrowed from the governing verb as :meth:`subjects` does."""
        seen: set[int] = set()
        tok = verb
        while tok.i not in seen:
            seen.add(tok.i)
            subjects = [c for c in tok.children if c.dep_ in _SUBJ or c.dep_ == "nsubjpass"]
            if subjects:
                refs = _unique([r for c in subjects for r in self.parties_at(c)])
                return refs, ("subject" if tok is verb else f"subject of {tok.lemma_}")
            if tok.dep_ in _INHERIT_SUBJ and tok.head.i != tok.i:
                tok = tok.head
                continue
            break
        return [], "none"

    def _left_neighbour(self, verb: Token) -> list[ActorRef]:
        """A subject the parser lost: the mention just before the verb."""
        i = verb.i - 1
        sent_start = verb.sent.start
        while i >= sent_start and verb.doc[i].pos_ in _SKIP_PUNCT:
            i -= 1
        if i < sent_start:
            return []
        m = self.found.at(i)
        return [self.ref(m)] if m is not None else []

    # -- recipients --------------------------------------------------------------
    def slot(self, head: Token, slot: str, exclude: frozenset[str | None] = frozenset(),
             own: frozenset[str] = frozenset()) -> list[ActorRef]:
        """Parties in one recipient slot of ``head`` (a verb or an event noun), leaving out the
        ``exclude`` actor ids: "X and Y warned their populations about Z" (their = X and Y) -> Z;
        and a possessive pronoun of a country in ``own`` (the actors' countries): "the ambassadors
        of X and Y presented their credentials to Z" -> Z."""
        for tok in self.slot_tokens(head, slot):
            refs = [r for r in self.parties_at(tok) if r.actor_id not in exclude
                    and not (r.country in own and r.text.lower() in _POSSESSIVE_PRONOUNS)]
            if refs:
                return refs
        return []

    @staticmethod
    def slot_tokens(head: Token, slot: str) -> list[Token]:
        kids = list(head.children)
        if slot == "dobj":
            # "Putin called Hassan Rouhani": the parser sometimes makes a lone object a predicate (oprd)
            return ([c for c in kids if c.dep_ in {"dobj", "nsubjpass"}]
                    or [c for c in kids if c.dep_ == "oprd"])
        if slot == "iobj":
            return [c for c in kids if c.dep_ in {"dative", "iobj"} and c.pos_ != "ADP"]
        if slot == "nsubjpass":
            return [c for c in kids if c.dep_ == "nsubjpass"]
        if slot in {"poss", "amod", "compound"}:
            return [c for c in kids if c.dep_ == slot]
        if slot == "xcomp-obj":
            return [g for c in kids if c.dep_ == "xcomp" for g in c.children if g.dep_ == "dobj"]
        if slot.startswith("prep:"):
            word = slot[5:]
            if word == "by":
                return [p for c in kids if c.dep_ in {"agent", "prep"} and c.lower_ == "by"
                        for p in c.children if p.dep_ == "pobj"]
            # "sent aid to Syria" is parsed with "to" as a dative
            return [p for c in kids if c.dep_ in {"prep", "dative"} and c.lower_ == word
                    for p in c.children if p.dep_ == "pobj"]
        if slot == "phrase":
            return _phrase_nouns(head)
        if slot.startswith("obj-prep:"):
            word = slot[9:]
            objs = [c for c in kids if c.dep_ in {"dobj", "nsubjpass"}]
            # the object's own phrase first ("signed an accord with X"), then the verb's, which the
            # parser often attaches it to ("celebrated Eid at Y with X")
            return [p for o in [*objs, head] for c in o.children if c.dep_ == "prep" and c.lower_ == word
                    and (o is not head or c.i > head.i) for p in c.children if p.dep_ == "pobj"]
        return []


# Dependencies a verb phrase's own complements hang on, participles on its nouns included ("the embargo
# imposed by X"); clauses (ccomp, advcl, relcl, conj, ...) and
# possessive pronouns ("their populations") are not searched.
_PHRASE_DEPS = {"dobj", "dative", "iobj", "prep", "pobj", "agent", "advmod", "acomp", "npadvmod", "attr", "acl",
                "oprd", "compound", "amod", "nmod", "appos", "pcomp", "nsubjpass"}


def _phrase_nouns(head: Token) -> list[Token]:
    """The nouns of the verb's phrase after the verb, in text order: "fired two shells at Seoul",
    "welcomed a resumption of ties with Osgiliath", "marched close to the border with Mordor"."""
    out: list[Token] = []
    stack = [c for c in head.children if c.i > head.i and c.dep_ in _PHRASE_DEPS]
    while stack:
        tok = stack.pop()
        if (tok.pos_ in {"NOUN", "PROPN", "PRON"} and not (tok.dep_ == "poss" and tok.pos_ == "PRON")
                and not (tok.dep_ == "compound" and tok.head.pos_ == "PROPN")
                and tok.ent_type_ not in _AMOUNTS):  # "a million Swiss francs" names no party
            # a name's first word ("Minas" of "Minas Tirith") is read through its head, with the
            # head's conjuncts ("between Minas Tirith and Osgiliath")
            out.append(tok)
        stack.extend(c for c in tok.children if c.dep_ in _PHRASE_DEPS)
    return sorted(out, key=lambda t: t.i)


def _misparsed_conjuncts(token: Token) -> list[Token]:
    """The first members of a list the parser hung on the last one as a modifier: "Fornost and the
    evil awful Gondor" is parsed with "Fornost" (and its conjuncts) an ``nmod`` of "Gondor"."""
    out: list[Token] = []
    for child in token.children:
        if child.dep_ == "nmod" and child.i < token.i and any(g.dep_ == "cc" for g in child.subtree):
            out += [child, *child.conjuncts]
    return out


def _unique(refs: list[ActorRef]) -> list[ActorRef]:
    out, seen = [], set()
    for r in refs:
        key = r.actor_id or r.name
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out
