"""Find the parties of an event in the dependency parse.

The actor is the grammatical subject (or the ``by`` phrase of a passive); a
verb with no subject of its own borrows it from the verb it depends on
("vowed to press ahead", "met and agreed").  Recipients are searched in the
slots the lexicon entry names, in order.  The parse is read through the
document's :class:`~khaldun.nlp.view.DocView`, by token index; the public
methods take a token or its index.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token  # at run time: a compiled build reads them

from khaldun.actors import ActorMention, DocMentions
from khaldun.actors.naming import actor_id, generic_name
from khaldun.nlp.view import DocView, token_index
from khaldun.records import ActorRef

if TYPE_CHECKING:
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
        self.view = view if view is not None else found.view_of(doc)  # the document's parse read once
        self._id = found.ids if found.ids is not None else actor_id  # the finder's memo of actor ids

    # -- parties at a token ------------------------------------------------------
    def parties_at(self, token: Token | int) -> list[ActorRef]:
        """Actors named by the phrase headed by ``token``, conjuncts included."""
        i = token_index(token)
        view = self.view
        refs: list[ActorRef] = []
        for t in [*_misparsed_conjuncts(view, i), i, *self._listed_appositions(i), *view.conjuncts(i)]:
            refs.extend(self._at(t))
        return _unique(refs)

    def _listed_appositions(self, i: int) -> list[int]:
        """Members of a list the parser took for an apposition: "Mordor, the Shire, Fornost and
        Bree" (the Shire an ``appos`` of Mordor, with its own conjuncts), "Evil Mordor, the awful
        Fornost, and good Gondor" (Fornost an ``appos``, Gondor a ``conj`` of Mordor).  Only a
        named party counts, and only in a list: "Mordor, the state's fiercest foe," is a description."""
        view = self.view
        dep, kids = view.dep, view.children(i)
        out: list[int] = []
        if "appos" not in [dep[c] for c in kids]:
            return out
        listed = any(dep[c] == "conj" for c in kids)
        for child in kids:
            if dep[child] == "appos" and child > i:
                conjuncts = view.conjuncts(child)
                if (listed or conjuncts) and self.found.at(child) is not None:
                    out += [child, *conjuncts]
        return out

    def _at(self, i: int) -> list[ActorRef]:
        view, at = self.view, self.found.at
        dep, kids = view.dep, view.children(i)
        m = at(i)
        if m is None:
            # "the commander of the Guards, Jafari": an appositive or a modifier names it
            for child in kids:
                if dep[child] in {"appos", "compound", "poss"}:
                    m = at(child)
                    if m is not None:
                        break
        found_here: list[ActorRef] = []
        if m is None and dep[i] != "pobj":
            # "the government of Gondor"; "lawmakers in Fornost", "troops from Gondor"
            # (people in subject position: not "an attack ... in south Ithilen")
            people = view.tag[i] == "NNS" and dep[i] in {"nsubj", "nsubjpass", "conj"}
            preps = {"of", "in", "from"} if people else {"of"}
            for child in kids:
                if dep[child] == "prep" and view.lower[child] in preps:
                    for pobj in view.children(child):
                        if dep[pobj] == "pobj" and at(pobj) is not None:
                            m = at(pobj)
                            if people:  # "lawmakers in France and Germany": both
                                others = [at(c) for c in view.conjuncts(pobj)]
                                found_here = [self.ref(o) for o in others if o is not None and o is not m]
        if m is None:
            return self._demonym_modifier(i)
        refs = [self.ref(m), *found_here]
        # "President Putin and Iran's Rowhani" parsed with Putin as a modifier of Rowhani
        for child in kids:
            if dep[child] == "nmod":
                other = at(child)
                if other is not None and other.kind == "person" and other is not m:
                    refs.insert(0, self.ref(other))
        if m.label == "ROLE":
            refs.extend(self._coordinated_countries(i, m))
        return refs

    def _demonym_modifier(self, i: int) -> list[ActorRef]:
        """"criticized the Russian move": the country behind a thing (not behind a sum: "a million
        Swiss francs" names no party)."""
        view = self.view
        dep, label, kids = view.dep, view.ent_label, view.children(i)
        if label[i] in _AMOUNTS or any(label[c] == "MONEY" for c in kids):
            return []
        for child in [i, *kids]:
            if dep[child] in {"amod", "compound", "poss"}:  # the token itself too, as a modifier
                text = view.words[child]
                entry = self.knowledge.demonym(text) or self.knowledge.lookup(text)
                if entry is not None and entry.kind == "state" and entry.country:
                    return [ActorRef(text=text, name=entry.name, country=entry.country, sectors=[],
                                     actor_id=self._id(entry.name, "state", entry.country),
                                     start=view.starts[child], end=view.starts[child] + len(text))]
        return []

    def place_recipient(self, head: Token | int) -> list[ActorRef]:
        """"struck targets in central Syria": the country where a material event happened."""
        view = self.view
        dep, heads, lower = view.dep, view.heads, view.lower
        for tok in view.subtree(token_index(head)):
            if dep[tok] != "pobj" or lower[heads[tok]] not in {"in", "on", "at", "near", "into", "across"}:
                continue
            inner_tokens = view.subtree(tok)
            for inner in inner_tokens:  # "positions in Idlib and Hama provinces"
                m = self.found.at(inner)
                if m is not None and m.kind == "state" and m.country:
                    return [self.ref(m)]
            start, end = min(inner_tokens), max(inner_tokens) + 1  # the pobj's left and right edges
            for ent in view.ents_within(start, end):
                if ent.label_ not in {"GPE", "LOC", "FAC"} or self.places is None:
                    continue
                country = self.places.country_of(ent.text)
                if country:
                    entry = self.knowledge.country(country)
                    name = entry.name if entry is not None else country
                    return [ActorRef(text=ent.text, name=name, country=country, sectors=[],
                                     actor_id=self._id(name, "state", country),
                                     start=ent.start_char, end=ent.end_char)]
        return []

    def _coordinated_countries(self, i: int, m: ActorMention) -> list[ActorRef]:
        """"Syrian and Russian jets", "the presidents of Russia and Iran": two countries."""
        view = self.view
        dep, kids = view.dep, view.children(i)
        modifiers = [c for c in kids if dep[c] in {"amod", "compound"}]
        modifiers += [p for c in kids if dep[c] == "prep" and view.lower[c] == "of"
                      for p in view.children(c) if dep[p] == "pobj"]
        refs = []
        for child in modifiers:
            for conj in view.conjuncts(child):
                text = view.words[conj]
                entry = self.knowledge.demonym(text) or self.knowledge.lookup(text)
                if entry is None or not entry.country or entry.country == m.country:
                    continue
                name = generic_name(self.knowledge, entry.country, m.sectors)
                refs.append(ActorRef(
                    text=text, name=name, country=entry.country, sectors=list(m.sectors),
                    actor_id=self._id(name, "group", entry.country),
                    start=view.starts[conj], end=view.starts[conj] + len(text)))
        return refs

    def ref(self, m: ActorMention) -> ActorRef:
        view = self.view
        if m.end > m.start:  # the span's text and offsets, read from the view
            last = m.end - 1
            return ActorRef(text=view.span_text(m.start, m.end), name=m.name, country=m.country,
                            sectors=list(m.sectors), actor_id=m.actor_id, start=view.starts[m.start],
                            end=view.ends[last])
        doc_span = self.doc[m.start:m.end]
        return ActorRef(text=doc_span.text, name=m.name, country=m.country, sectors=list(m.sectors),
                        actor_id=m.actor_id, start=doc_span.start_char, end=doc_span.end_char)

    # -- subjects --------------------------------------------------------------
    def subjects(self, verb: Token | int) -> tuple[list[ActorRef], str]:
        """The actors of a verb and how they were found."""
        view = self.view
        dep, heads, children = view.dep, view.heads, view.children
        v = token_index(verb)
        seen = set()
        tok, below = v, None
        while tok not in seen:
            seen.add(tok)
            kids = children(tok)
            passive = any(dep[c] in {"nsubjpass", "auxpass"} for c in kids)
            if passive or dep[tok] == "acl":
                for c in kids:
                    if dep[c] == "agent":
                        for p in children(c):
                            if dep[p] == "pobj":
                                return self.parties_at(p), "agent"
                if passive and below is not None and dep[below] == "xcomp":
                    # "Russia is expected to send", "X was seen to break into", "Iran was asked to
                    # withdraw": the passive subject is the subject of the infinitive
                    raised = [c for c in kids if dep[c] == "nsubjpass"]
                    refs = _unique([r for c in raised for r in self.parties_at(c)])
                    if refs:
                        return refs, f"nsubjpass-of-{view.lemma_raw[tok]}"
                if passive:
                    return [], "passive-no-agent"
                if view.tag[tok] == "VBG":  # "governments battling extremism"
                    return self._at(heads[tok]), "acl-head"
            subjects = [c for c in kids if dep[c] in _SUBJ]
            if subjects:
                refs = _unique([r for c in subjects for r in self.parties_at(c)])
                if (not refs and dep[tok] == "ccomp" and view.pos[heads[tok]] == "VERB"
                        and all(view.lower[c] in _SUBJECT_PRONOUNS for c in subjects)):
                    # "Palestinian leaders said they would boycott ...": a pronoun the mentions do
                    # not resolve stands for the subject of the reporting clause
                    tok, below = heads[tok], tok
                    continue
                return refs, ("nsubj" if tok == v else f"nsubj-of-{view.lemma_raw[tok]}")
            if dep[tok] in _INHERIT_SUBJ and heads[tok] != tok:
                tok, below = heads[tok], tok
                continue
            break
        if dep[v] == "ROOT":
            left = self._left_neighbour(v)
            if left:
                return left, "left-neighbour"
        return [], "none"

    def grammatical_subjects(self, verb: Token | int) -> tuple[list[ActorRef], str]:
        """The parties of the verb's grammatical subject, a passive one included ("Syria received",
        "the hostages were freed"), borrowed from the governing verb as :meth:`subjects` does."""
        view = self.view
        dep, heads = view.dep, view.heads
        v = token_index(verb)
        seen: set[int] = set()
        tok = v
        while tok not in seen:
            seen.add(tok)
            subjects = [c for c in view.children(tok) if dep[c] in _SUBJ or dep[c] == "nsubjpass"]
            if subjects:
                refs = _unique([r for c in subjects for r in self.parties_at(c)])
                return refs, ("subject" if tok == v else f"subject of {view.lemma_raw[tok]}")
            if dep[tok] in _INHERIT_SUBJ and heads[tok] != tok:
                tok = heads[tok]
                continue
            break
        return [], "none"

    def _left_neighbour(self, v: int) -> list[ActorRef]:
        """A subject the parser lost: the mention just before the verb."""
        view = self.view
        i = v - 1
        sent_start = view.sents[view.sent_of[v]].start
        while i >= sent_start and view.pos[i] in _SKIP_PUNCT:
            i -= 1
        if i < sent_start:
            return []
        m = self.found.at(i)
        return [self.ref(m)] if m is not None else []

    # -- recipients --------------------------------------------------------------
    def slot(self, head: Token | int, slot: str, exclude: frozenset[str | None] = frozenset(),
             own: frozenset[str] = frozenset()) -> list[ActorRef]:
        """Parties in one recipient slot of ``head`` (a verb or an event noun), leaving out the
        ``exclude`` actor ids: "X and Y warned their populations about Z" (their = X and Y) -> Z;
        and a possessive pronoun of a country in ``own`` (the actors' countries): "the ambassadors
        of X and Y presented their credentials to Z" -> Z."""
        for tok in slot_tokens(self.view, token_index(head), slot):
            refs = [r for r in self.parties_at(tok) if r.actor_id not in exclude
                    and not (r.country in own and r.text.lower() in _POSSESSIVE_PRONOUNS)]
            if refs:
                return refs
        return []


def slot_tokens(view: DocView, head: int, slot: str) -> list[int]:
    """Indices of the tokens in one slot of token ``head`` (a verb or an event noun)."""
    dep, lower, children = view.dep, view.lower, view.children
    kids = children(head)
    if slot == "dobj":
        # "Putin called Hassan Rouhani": the parser sometimes makes a lone object a predicate (oprd)
        return ([c for c in kids if dep[c] in {"dobj", "nsubjpass"}]
                or [c for c in kids if dep[c] == "oprd"])
    if slot == "iobj":
        return [c for c in kids if dep[c] in {"dative", "iobj"} and view.pos[c] != "ADP"]
    if slot == "nsubjpass":
        return [c for c in kids if dep[c] == "nsubjpass"]
    if slot in {"poss", "amod", "compound"}:
        return [c for c in kids if dep[c] == slot]
    if slot == "xcomp-obj":
        return [g for c in kids if dep[c] == "xcomp" for g in children(c) if dep[g] == "dobj"]
    if slot.startswith("prep:"):
        word = slot[5:]
        if word == "by":
            return [p for c in kids if dep[c] in {"agent", "prep"} and lower[c] == "by"
                    for p in children(c) if dep[p] == "pobj"]
        # "sent aid to Syria" is parsed with "to" as a dative
        return [p for c in kids if dep[c] in {"prep", "dative"} and lower[c] == word
                for p in children(c) if dep[p] == "pobj"]
    if slot == "phrase":
        return _phrase_nouns(view, head)
    if slot.startswith("obj-prep:"):
        word = slot[9:]
        objs = [c for c in kids if dep[c] in {"dobj", "nsubjpass"}]
        # the object's own phrase first ("signed an accord with X"), then the verb's, which the
        # parser often attaches it to ("celebrated Eid at Y with X")
        return [p for o in [*objs, head] for c in children(o) if dep[c] == "prep" and lower[c] == word
                and (o != head or c > head) for p in children(c) if dep[p] == "pobj"]
    return []


# Dependencies a verb phrase's own complements hang on, participles on its nouns included ("the embargo
# imposed by X"); clauses (ccomp, advcl, relcl, conj, ...) and
# possessive pronouns ("their populations") are not searched.
_PHRASE_DEPS = {"dobj", "dative", "iobj", "prep", "pobj", "agent", "advmod", "acomp", "npadvmod", "attr", "acl",
                "oprd", "compound", "amod", "nmod", "appos", "pcomp", "nsubjpass"}


def _phrase_nouns(view: DocView, head: int) -> list[int]:
    """The nouns of the verb's phrase after the verb, in text order: "fired two shells at Seoul",
    "welcomed a resumption of ties with Osgiliath", "marched close to the border with Mordor"."""
    dep, pos, heads, children = view.dep, view.pos, view.heads, view.children
    out: list[int] = []
    stack = [c for c in children(head) if c > head and dep[c] in _PHRASE_DEPS]
    while stack:
        tok = stack.pop()
        if (pos[tok] in {"NOUN", "PROPN", "PRON"} and not (dep[tok] == "poss" and pos[tok] == "PRON")
                and not (dep[tok] == "compound" and pos[heads[tok]] == "PROPN")
                and view.ent_label[tok] not in _AMOUNTS):  # "a million Swiss francs" names no party
            # a name's first word ("Minas" of "Minas Tirith") is read through its head, with the
            # head's conjuncts ("between Minas Tirith and Osgiliath")
            out.append(tok)
        stack.extend(c for c in children(tok) if dep[c] in _PHRASE_DEPS)
    return sorted(out)


def _misparsed_conjuncts(view: DocView, i: int) -> list[int]:
    """The first members of a list the parser hung on the last one as a modifier: "Fornost and the
    evil awful Gondor" is parsed with "Fornost" (and its conjuncts) an ``nmod`` of "Gondor"."""
    dep = view.dep
    out: list[int] = []
    for child in view.children(i):
        if dep[child] == "nmod" and child < i and any(dep[g] == "cc" for g in view.subtree(child)):
            out += [child, *view.conjuncts(child)]
    return out


def _unique(refs: list[ActorRef]) -> list[ActorRef]:
    out, seen = [], set()
    for r in refs:
        key = r.actor_id or r.name
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out
