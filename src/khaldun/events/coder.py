"""Code PLOVER events from the dependency parse of one document.

For every verb whose lemma is in the verb lexicon, the first entry whose
conditions hold (a preposition, a particle, an object noun) gives the event
type, mode and CAMEO code.  Event nouns ("Russian airstrikes on Idlib") are
coded the same way from the noun lexicon.  Reporting verbs code nothing
themselves; the clause they report is coded as usual and the reporter kept
in the provenance.  An event needs an actor: a clause without one (a bare
passive, a slogan) codes nothing.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token  # at run time: a compiled build reads them

from khaldun.actors.dating import parties_on
from khaldun.events.arguments import Arguments
from khaldun.events.modality import Flags, flags_for
from khaldun.knowledge.verbs import cameo_quad
from khaldun.nlp.view import DocView
from khaldun.records import ActorRef, Event, Evidence, Provenance
from khaldun.timeplace.dates import ResolvedDate, find_date_expressions, resolve_date
from khaldun.timeplace.places import CandidateMemo, PlaceContext, document_context, locate_event

if TYPE_CHECKING:
    from khaldun.actors import DocMentions
    from khaldun.knowledge import Knowledge
    from khaldun.knowledge.verbs import NounEntry, VerbEntry, VerbLexicon
    from khaldun.records import Document
    from khaldun.timeplace.gazetteer import Gazetteer

# PLOVER: future consultation, support, cooperation or aid is coded AGREE,
# with the CAMEO "intent" code that matches.
_FUTURE_AS_AGREE = {"CONSULT": "036", "SUPPORT": "032", "COOPERATE": "031", "AID": "033",
                    "RETREAT": "035", "CONCEDE": "035"}
_HISTORICAL_DAYS = 60
# Verbs of saying whose object noun is talk, not the subject's own act ("says coordination needed");
# "announced the release", "confirmed the deployment" do report the subject's act.
_PURE_SPEECH = {"say", "tell", "add", "note", "claim", "report", "quote", "write", "insist", "argue",
                "believe", "think", "stress", "explain", "suggest", "hope", "predict", "estimate", "describe"}
# Reactions ("Iran condemned the attack", "welcomed the agreement") whose object names an earlier event.
_REACTION_TYPES = {"SUPPORT", "ACCUSE", "REJECT"}
_AGREEMENTS = frozenset({"AGREE", "CONSULT", "CONCEDE"})
_GENERIC_EVENT_NOUNS: dict[str, frozenset[str]] = {  # noun -> event types it can refer to (empty: any)
    "agreement": _AGREEMENTS, "deal": _AGREEMENTS, "accord": _AGREEMENTS, "plan": _AGREEMENTS,
    "proposal": _AGREEMENTS, "initiative": _AGREEMENTS,
    "move": frozenset(), "decision": frozenset(), "step": frozenset(), "action": frozenset(),
    "measure": frozenset(),
}
# Prepositions that make an event noun the circumstance of a verb, whose actor it shares:
# "killed ten in an airstrike", "spoke over the phone", "pressed on with the offensive".
_CIRCUMSTANCE_PREPS = {"in", "during", "via", "through", "over", "with"}
# Material events whose target is a place: the place's country is the recipient.
_PLACE_RECIPIENT_TYPES = {"ASSAULT", "COERCE", "AID", "MOBILIZE"}


@dataclass(slots=True)
class _Trigger:
    token: Token
    entry: VerbEntry | NounEntry
    rule: str


class _Doc:
    """What the coder reads and remembers while coding one document: the parse as a
    :class:`DocView` and answers that depend only on a token (its verb entry, its clause's date)."""

    __slots__ = ("anchor", "candidates", "dates", "entries", "nouns", "resolved", "sentences", "temporal", "verbs",
                 "view")

    def __init__(self, view: DocView, anchor: dt.date | None, resolved: DateMemo | None = None) -> None:
        self.view = view
        self.temporal = _temporal_preps(view)  # prepositions of time ("on Sunday"), read once
        self.candidates: tuple[list[int], list[int]] | None = None  # verbs and event nouns that may trigger
        self.anchor = anchor
        self.entries: dict[int, VerbEntry | None] = {}  # token index -> its verb entry
        self.nouns: dict[str, list[NounEntry]] = {}  # noun lemma -> its entries
        self.verbs: dict[str, bool] = {}  # verb lemma or form -> whether it has entries
        self.dates: dict[tuple[int, bool], ResolvedDate | None] = {}  # (clause head, future) -> date
        self.resolved = resolved if resolved is not None else DateMemo()  # expressions resolved, kept by the coder
        self.sentences: dict[int, tuple[int, int, str]] = {}  # sentence start -> its trimmed bounds and text

    def sentence(self, sent: Span, text: str) -> tuple[int, int, str]:
        """The sentence's character bounds without its outer spaces, and its text (once per sentence)."""
        found = self.sentences.get(sent.start)
        if found is None:
            start, end = _trimmed(sent, self.view)
            found = self.sentences[sent.start] = (start, end, text[start:end])
        return found


class _History:
    """The events coded before a trigger: the document's earlier sentences' (``done``) and its
    own sentence's so far (``current``), both read in place, latest first, by ``reversed``."""

    __slots__ = ("current", "done")

    def __init__(self, done: list[Event], current: list[Event]) -> None:
        self.done, self.current = done, current

    def __bool__(self) -> bool:
        return bool(self.done or self.current)

    def __len__(self) -> int:
        return len(self.done) + len(self.current)

    def __iter__(self) -> Iterator[Event]:
        yield from self.done
        yield from self.current

    def __reversed__(self) -> Iterator[Event]:
        yield from reversed(self.current)
        yield from reversed(self.done)


class DateMemo:
    """:func:`resolve_date` answers kept across documents, by (expression, anchor, future).

    ``resolve_date`` is a pure function of those three, answers are immutable, and news of
    one day repeats its date expressions ("on Sunday", "last week"); the memo is emptied when
    it holds ``size`` answers."""

    def __init__(self, size: int = 16_384) -> None:
        self.size = size
        self._found: dict[tuple[str, dt.date | None, bool], ResolvedDate | None] = {}

    def resolve(self, expr: str, anchor: dt.date | None, future: bool) -> ResolvedDate | None:
        """``resolve_date(expr, anchor, future=future)``, remembered."""
        key = (expr, anchor, future)
        found = self._found
        if key in found:
            return found[key]
        if len(found) >= self.size:
            found.clear()
        r = found[key] = resolve_date(expr, anchor, future=future)
        return r

    def __len__(self) -> int:
        return len(self._found)


class EventCoder:
    """Codes the events of one parsed document (pure: what it keeps between documents is
    only memos of place look-ups and resolved dates, which do not change any answer)."""

    def __init__(self, verbs: VerbLexicon, knowledge: Knowledge, places: Gazetteer | None = None) -> None:
        self.verbs = verbs
        self.knowledge = knowledge
        self.places = places
        self._place_memo = CandidateMemo(places) if places is not None else None
        self._date_memo = DateMemo()

    def code(self, document: Document, doc: Doc, found: DocMentions) -> list[Event]:
        state = _Doc(found.view_of(doc), _parse_iso(document.published), self._date_memo)
        args = Arguments(doc, found, self.knowledge, self.places, view=state.view)
        places = (document_context(doc, self.places, self.knowledge, self._place_memo, view=state.view)
                  if self.places is not None else None)
        events: list[Event] = []
        for sent in doc.sents:
            coded: list[Event] = []
            history = _History(events, coded)  # what came before each trigger, read without a copy
            for trig in self._triggers(sent, state):
                event = self._event(document, sent, trig, args, state, places, history)
                if event is not None:
                    coded.append(event)
                    back = _reverse_event(event, trig.entry)
                    if back is not None:
                        coded.append(back)
            events.extend(_merge_restatements(coded))
        return events

    # -- triggers ------------------------------------------------------------
    def _candidates(self, state: _Doc) -> tuple[list[int], list[int]]:
        """The document's possible triggers, in one pass over its tokens: verbs (not adjectival:
        "the wounded") and nouns whose lemma has noun entries."""
        if state.candidates is None:
            view, known = state.view, state.nouns
            verbs: list[int] = []
            nouns: list[int] = []
            for i, (p, d) in enumerate(zip(view.pos, view.dep)):
                if p == "VERB":
                    if d != "amod":
                        verbs.append(i)
                elif p == "NOUN" or p == "PROPN":
                    lemma = view.lemma_lower[i]
                    entries = known.get(lemma)
                    if entries is None:
                        entries = known[lemma] = self.verbs.nouns_for(lemma)
                    if entries:
                        nouns.append(i)
            state.candidates = (verbs, nouns)
        return state.candidates

    def _triggers(self, sent: Span, state: _Doc) -> list[_Trigger]:
        view = state.view
        dep, lower, children = view.dep, view.lower, view.children
        out: list[_Trigger] = []
        consumed: set[int] = set()
        verbs, nouns = self._candidates(state)
        start, end = sent.start, sent.end
        for i in verbs[bisect.bisect_left(verbs, start):bisect.bisect_left(verbs, end)]:
            entry = self._entry_at(i, state)
            if entry is None or self._requested(i, state):
                continue
            if ({"oprd", "dobj"} <= {dep[c] for c in children(i)}
                    and (entry.type == "CONSULT" or view.lemma_lower[i] == "call")):
                continue  # "called the move a provocation" characterises; it is no call
            out.append(_Trigger(view.token(i), entry, "verb-frame"))
            objects = [c for c in children(i) if dep[c] in {"dobj", "nsubjpass"}]
            consumed.update(objects)
            # "provide Syria with support": the noun restates the verb's event
            consumed.update(p for c in children(i) if dep[c] == "prep" and lower[c] == "with" and objects
                            for p in children(c) if dep[p] == "pobj")
        for i in nouns[bisect.bisect_left(nouns, start):bisect.bisect_left(nouns, end)]:
            if i in consumed:
                continue
            entries = state.nouns[view.lemma_lower[i]]
            temporal = state.temporal
            preps = [view.words[c] for c in children(i) if dep[c] == "prep" and c not in temporal]
            noun_entry = next((e for e in entries if e.applies(preps)), None)
            if noun_entry is not None:
                out.append(_Trigger(view.token(i), noun_entry, "nominal"))
        return out

    def _entry_at(self, i: int, state: _Doc) -> VerbEntry | None:
        """:meth:`_verb_entry` of token ``i``, remembered for the document; a token whose form and
        lemma have no entry is answered from the view, without reading its arguments."""
        if i in state.entries:
            return state.entries[i]
        view, known = state.view, state.verbs
        lemma, form = view.lemma_lower[i], view.lower[i]
        for word in (lemma, form):
            if word not in known:
                known[word] = bool(self.verbs.verbs_for(word))
        if not known[lemma] and (form == lemma or not known[form]):
            state.entries[i] = None
            return None
        entry = state.entries[i] = self._verb_entry(i, state)
        return entry

    def _verb_entry(self, i: int, state: _Doc) -> VerbEntry | None:
        """The entry of verb token ``i``: the first of its lemma's whose conditions hold.

        The conditions are :meth:`VerbEntry.applies` and :meth:`VerbEntry.applies_context`, tested
        here on the verb's arguments read once (a :class:`_Frame`, filled on first use: a verb whose
        first entry has no condition is answered without reading them)."""
        view = state.view
        lemma, form = view.lemma_lower[i], view.lower[i]
        # an entry for the inflected form itself (a PETRARCH "LEFT" block) comes before the lemma's
        candidates = [*(self.verbs.verbs_for(form) if form != lemma else []), *self.verbs.verbs_for(lemma)]
        frame: _Frame | None = None
        context: _Context | None = None
        for entry in candidates:
            if not entry.conditional:
                return entry  # no condition: applies whatever the verb's arguments
            frame = frame or _Frame(view, i, state.temporal)
            if not entry.fits_frame(frame.preps, frame.particles, frame.prep_objects):
                continue
            if not _object_fits(entry, frame.lemmas) and not (
                    entry.objects and _object_fits(entry, frame.modifiers())):
                continue
            if entry.before or entry.object_words or entry.compound_subject:
                context = context or _Context(view.token(i))  # built only for PETRARCH pattern conditions
                if not entry.applies_context(context.window, context.compound, context.phrases):
                    continue
            return entry
        return None

    def _requested(self, i: int, state: _Doc) -> bool:
        """The action asked for in "called on Syria to intensify" is not itself an event."""
        view = state.view
        if view.dep[i] not in {"xcomp", "ccomp"}:
            return False
        head = view.heads[i]
        entry = self._entry_at(head, state) if view.pos[head] == "VERB" else None
        return entry is not None and entry.type in {"REQUEST", "REJECT", "THREATEN"}

    # -- one event -------------------------------------------------------------
    def _event(self, document: Document, sent: Span, trig: _Trigger, args: Arguments,
               state: _Doc, places: PlaceContext | None = None,
               history: _History | list[Event] | None = None) -> Event | None:
        tok, entry = trig.token, trig.entry
        notes: list[str] = []
        swapped = trig.rule != "nominal" and bool(getattr(entry, "actor", ()))
        if trig.rule == "nominal":
            actors, how = self._noun_actors(tok, entry, args, state)
        elif swapped:
            actors, how = self._swapped_actors(tok, entry, args)
        else:
            actors, how = args.subjects(tok)
        if not actors:
            return None
        notes.append(f"actor: {how} -> " + ", ".join(f"{a.text!r}={a.name}" for a in actors))
        recipients: list[ActorRef] = []
        actor_ids = {a.actor_id for a in actors}
        own = frozenset(a.country for a in actors if a.country)
        if swapped:
            recipients, where = args.grammatical_subjects(tok)
            if recipients:
                notes.append(f"recipient: {where} (role-swapped entry) -> "
                             + ", ".join(f"{r.text!r}={r.name}" for r in recipients))
        for slot in () if swapped else entry.recipient:
            recipients = args.slot(tok, slot, frozenset(actor_ids), own)
            if recipients:
                notes.append(f"recipient: {slot} -> " + ", ".join(f"{r.text!r}={r.name}" for r in recipients))
                break
        if not recipients and trig.rule == "nominal" and getattr(entry, "reciprocal", False) and history:
            host = _manner_host(tok, history)
            if host is not None:
                recipients = [dataclasses.replace(p, sectors=list(p.sectors)) for p in (*host.actor, *host.recipient)]
                notes.append(f"recipient: the other parties of {host.provenance.trigger!r}, "
                             f"which the {tok.text!r} was the manner of")
        if not recipients and entry.recipient and entry.type in _PLACE_RECIPIENT_TYPES:
            recipients = args.place_recipient(tok)
            own = frozenset(a.country for a in actors if a.country)
            if recipients and recipients[0].country in own:
                # an army retaking a town of its own country does not target its own state
                notes.append(f"recipient: none (the place {recipients[0].text!r} is in the actor's country)")
                recipients = []
            if recipients:
                notes.append(f"recipient: country of the place {recipients[0].text!r}")
        if not recipients and entry.type in _REACTION_TYPES and history:
            earlier = _reacted_to(tok, history, self.verbs, actor_ids)
            if earlier is not None:
                recipients = [dataclasses.replace(p, sectors=list(p.sectors)) for p in earlier.actor]
                notes.append(f"recipient: the actors of the earlier {earlier.event_type} "
                             f"{earlier.provenance.trigger!r} that the object refers to")
        recipients = [r for r in recipients if r.actor_id not in actor_ids]
        if not any(p.country or p.sectors for p in (*actors, *recipients)):
            return None  # nobody known: sports commentators "call" games, firms "release" apps
        if getattr(entry, "reciprocal", False) and recipients:
            actors, recipients = actors + recipients, []
            notes.append("reciprocal: recipients listed as actors")
        i = tok.i
        flags = flags_for(i, self.verbs, state.view)
        notes.extend(flags.notes)
        _pattern_modality(entry, flags, notes)
        future = flags.future or bool(getattr(entry, "future", False))
        event_type, cameo = entry.type, entry.cameo
        if future and event_type in _FUTURE_AS_AGREE:
            notes.append(f"future {event_type} coded AGREE")
            event_type, cameo = "AGREE", _FUTURE_AS_AGREE[event_type]
        if event_type == "MOBILIZE" and _joint(tok):
            notes.append("joint manoeuvres coded COOPERATE (military cooperation)")
            event_type, cameo = "COOPERATE", "062"
        elif future and event_type == "ASSAULT" and not flags.hypothetical:
            notes.append("future ASSAULT (a vow of force) coded THREATEN")
            event_type, cameo = "THREATEN", "138"
        view = state.view
        if flags.reporter is not None:
            said = flags.reporter.i
            subject = _subject_index(view, said)
            reporter = args.parties_at(subject) if subject is not None else []
            who = reporter[0].name if reporter else view.words[said]
            notes.append(f"reported by: {who} ({view.words[said]!r})")
        anchor = state.anchor
        date, precision, date_source = self._date(i, state, document, flags.own_future)
        if date and date != document.published:  # dated roles apply on the event's own date
            actors, recipients = parties_on(actors, date, self.knowledge), parties_on(recipients, date, self.knowledge)
        notes.append(f"date: {date_source}")
        historical = flags.past_perfect or _long_before(date, anchor)
        placed = locate_event(view.doc, i, self.places, places) if places is not None else None
        location = placed.location if placed is not None else None
        if placed is not None:
            notes.append(placed.note())
        confidence = float(getattr(entry, "confidence", 0.7) or 0.7)
        if how in {"left-neighbour"} or any(a.text.lower() in {"he", "she", "it", "they", "its", "his"}
                                            for a in actors):
            confidence *= 0.8
        if trig.rule == "nominal":
            confidence *= 0.9
        s_start, s_end, sentence = state.sentence(sent, document.text)
        trigger_start, trigger_end = view.starts[i], view.ends[i]
        evidence = Evidence(doc_id=document.doc_id, doc_path=document.path, sentence=sentence,
                            start=s_start, end=s_end, outlet=document.outlet,
                            trigger_start=trigger_start, trigger_end=trigger_end)
        event_id = hashlib.sha256(f"{document.doc_id}|{trigger_start}|{event_type}".encode()).hexdigest()[:16]
        return Event(
            event_id=event_id, event_type=event_type, cameo=cameo, quad=cameo_quad(cameo),
            actor=actors, recipient=recipients, evidence=[evidence],
            provenance=Provenance(rule=trig.rule, trigger=view.words[i], lemma=view.lemma_lower[i],
                                  lexicon=entry.source, notes=notes),
            mode=entry.mode, contexts=list(getattr(entry, "contexts", []) or []),
            date=date, date_precision=precision, date_source=date_source, location=location,
            negated=flags.negated, future=future, hypothetical=flags.hypothetical,
            historical=historical, confidence=round(confidence, 3),
        )

    @staticmethod
    def _swapped_actors(tok: Token, entry: VerbEntry | NounEntry, args: Arguments) -> tuple[list[ActorRef], str]:
        """The actor of a role-swapped entry ("received arms from Russia"): the first of its actor
        slots that names a party other than the verb's subject."""
        subjects = frozenset(r.actor_id for r in args.grammatical_subjects(tok)[0])
        for slot in entry.actor:
            refs = args.slot(tok, slot, subjects)
            if refs:
                return refs, f"{slot} (role-swapped entry)"
        return [], "none"

    def _noun_actors(self, tok: Token, entry: VerbEntry | NounEntry, args: Arguments,
                     state: _Doc) -> tuple[list[ActorRef], str]:
        for slot in entry.actor:
            refs = args.slot(tok, slot)
            if refs:
                return refs, f"noun {slot}"
        verb, circumstance = _host_verb(tok)
        if verb is None:
            return [], "none"
        if tok.dep_ == "pobj" and not circumstance and verb.pos_ == "VERB":
            host = self._entry_at(verb.i, state)
            if host is not None and host.type == "ACCUSE" and tok.head.lower_ in {"for", "of"}:
                # "blamed government aircraft for a strike", "accused Russia of the attack": the accused
                refs = args.slot(verb, "dobj")
                return refs, (f"object of {verb.text!r}" if refs else f"none: topic of {verb.text!r}")
            if host is not None or verb.lemma_.lower() in self.verbs.reporting_verbs:
                # "congratulated Assad on the recapture", "warned of an attack": the noun is the topic
                # of another act; the speaker did not recapture or attack
                return [], f"none: topic of {verb.text!r}"
        if tok.dep_ == "dobj" and any(c.dep_ == "oprd" for c in verb.children):
            return [], f"none: characterised by {verb.text!r}"  # "called the strike a violation"
        if (tok.dep_ == "dobj" and verb.pos_ == "VERB" and self._entry_at(verb.i, state) is None
                and any(c.dep_ == "prep" and c.lower_ == "as" for c in verb.children)):
            # "regarded the strike as an act of aggression": an opinion of the strike, not the speaker's
            return [], f"none: characterised by {verb.text!r} ... as"
        if verb.pos_ == "VERB" and verb.lemma_.lower() not in _PURE_SPEECH:
            refs, how = args.subjects(verb)
            if refs:
                return refs, f"{how} of {verb.text!r}"
        return [], "none"

    # -- date -----------------------------------------------------------------
    def _date(self, tok: int, state: _Doc, document: Document,
              future: bool) -> tuple[str | None, str | None, str]:
        view = state.view
        head, moved = tok, False
        for _ in range(4):
            found = _clause_date(head, state, future)
            if found is not None:
                r = found
                return r.date, r.precision, f"clause {r.text!r} ({r.rule})" + _doubtful_anchor(document, r.anchored)
            if view.dep[head] in {"conj", "xcomp"}:  # (a root is its own head: never conj or xcomp)
                head, moved = view.heads[head], True
                continue
            if view.pos[tok] in {"NOUN", "PROPN"} and not moved:
                head, moved = view.heads[tok], True
                continue
            break
        if document.published:
            return (document.published, "publication",
                    "publication date (no date in the clause)" + _doubtful_anchor(document, True))
        return None, None, "none: no date in the clause and no publication date"


def _doubtful_anchor(document: Document, anchored: bool) -> str:
    """A note on dates counted from a page date the text contradicts (Document.published_warning)."""
    return "; page date doubtful, may be a crawl date" if anchored and document.published_warning else ""


class _Frame:
    """A verb's arguments as :meth:`VerbEntry.applies` reads them (lower-cased): its preposition
    children after it (not those of time: "on Sunday"), its particles, its object lemmas (conjuncts
    included; ``None`` without an object) and, on demand, the lemmas of each preposition's objects
    and the objects' noun modifiers."""

    __slots__ = ("_modifiers", "_prep_heads", "i", "lemmas", "objects", "particles", "preps", "view")

    def __init__(self, view: DocView, i: int, temporal: frozenset[int]) -> None:
        # a frame's preposition follows its verb ("called on Syria"; not "On Sunday, X called")
        self.view, self.i = view, i
        dep, lower = view.dep, view.lower
        preps: set[str] = set()
        particles: set[str] = set()
        objects: list[int] = []
        prep_heads: list[int] = []
        for c in view.children(i):  # one pass over the children, each list in the children's order
            d = dep[c]
            if d in _FRAME_PREP_DEPS and c > i:
                if c not in temporal:
                    preps.add(lower[c])
                prep_heads.append(c)
            elif d == "prt":
                particles.add(lower[c])
            elif d in _OBJECT_DEPS:
                objects.append(c)
        objects += [g for o in objects for g in view.conjuncts(o)]
        self.preps, self.particles, self.objects, self._prep_heads = preps, particles, objects, prep_heads
        self.lemmas: list[str | None] = [word for o in objects for word in _object_lemmas(view, o)] or [None]
        self._modifiers: list[str] | None = None

    def prep_objects(self, prep: str) -> list[str]:
        """The lemmas of the objects of the verb's ``prep`` children ("sanctions" of "call for sanctions")."""
        view = self.view
        dep, lower, children = view.dep, view.lower, view.children
        return [word for c in self._prep_heads if lower[c] == prep
                for p in children(c) if dep[p] in _PREP_OBJECT_DEPS for word in _object_lemmas(view, p)]

    def modifiers(self) -> list[str]:
        """"suspended aid deliveries", "ended mediation efforts": a noun modifier of the object may
        name the listed thing, for entries that list their objects (never to escape a not_objects)."""
        if self._modifiers is None:
            view = self.view
            dep, pos, children = view.dep, view.pos, view.children
            found = [view.lemma_lower[c] for o in self.objects for c in children(o)
                     if dep[c] == "compound" and pos[c] == "NOUN"]
            found += [word for o in self.objects for word in _joined_words(view, o)]
            self._modifiers = found
        return self._modifiers


_FRAME_PREP_DEPS = frozenset({"prep", "agent", "dative"})
_PREP_OBJECT_DEPS = frozenset({"pobj", "pcomp"})
_OBJECT_DEPS = frozenset({"dobj", "nsubjpass"})


def _object_fits(entry: VerbEntry, words: list[str | None] | list[str]) -> bool:
    """Whether one of ``words`` (object lemmas, lower-case; ``None``: no object) meets the entry's
    object conditions (:meth:`VerbEntry.fits_object`)."""
    return any(entry.fits_object(word or None) for word in words)


class _Context:
    """What PETRARCH pattern conditions look at around a verb, computed on first use."""

    __slots__ = ("_compound", "_phrases", "_subject", "_window", "verb")

    def __init__(self, verb: Token) -> None:
        self.verb = verb
        self._subject: Token | None | bool = False
        self._window: list[frozenset[str]] | None = None
        self._phrases: list[list[frozenset[str]]] | None = None

    @property
    def subject(self) -> Token | None:
        """The verb's subject, or (for a pronoun or a verb without one) the governing verb's:
        "Ethiopia indicated it would act" -> Ethiopia."""
        if self._subject is False:
            found, tok = None, self.verb
            for _ in range(6):
                subj = next((c for c in tok.children if c.dep_ in _SUBJECT_DEPS), None)
                if subj is not None:
                    found = found or subj
                    if subj.pos_ != "PRON":
                        found = subj
                        break
                if tok.dep_ not in _CLAUSE_LINKS or tok.head.i == tok.i:
                    break
                tok = tok.head
            self._subject = found
        return self._subject  # type: ignore[return-value]

    @property
    def window(self) -> list[frozenset[str]]:
        """Word forms from the subject to the verb (from the sentence start without a subject)."""
        if self._window is None:
            subj = self.subject
            sent = self.verb.sent
            start = subj.left_edge.i if subj is not None and subj.i < self.verb.i else sent.start
            self._window = [_forms(t) for t in self.verb.doc[max(start, sent.start):self.verb.i]]
        return self._window

    @property
    def compound(self) -> bool:
        """Whether the subject is coordinated ("Gondor and Osgiliath have delayed")."""
        subj = self.subject
        return subj is not None and (bool(subj.conjuncts) or any(
            c.dep_ == "nmod" and any(g.dep_ == "cc" for g in c.children) for c in subj.children))

    @property
    def phrases(self) -> list[list[frozenset[str]]]:
        """Word forms of the verb's complements after it (objects, infinitives, adverbs), in text order."""
        if self._phrases is None:
            tokens = sorted(t for c in self.verb.children if c.i > self.verb.i and c.dep_ in _PHRASE_DEPS
                            for t in c.subtree)
            self._phrases = [[_forms(t) for t in tokens]]
        return self._phrases


_SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
_CLAUSE_LINKS = {"xcomp", "ccomp", "conj", "advcl", "pcomp", "acomp"}
# complements whose words a PETRARCH pattern after the verb tests ("* ARTILLERY": "fired two
# artillery shells"; "* WAR": "vowed to wage war"); prepositions are tested on their own
_PHRASE_DEPS = {"dobj", "nsubjpass", "dative", "xcomp", "advmod", "npadvmod", "oprd", "attr", "acomp", "prt"}


def _forms(tok: Token) -> frozenset[str]:
    return frozenset((tok.lower_, tok.lemma_.lower()))


def _pattern_modality(entry: VerbEntry | NounEntry, flags: Flags, notes: list[str]) -> None:
    """A PETRARCH pattern that names the negation or the modal ("WILL NOT *", "SAID WOULD *") codes
    the negated or intended act itself: its code already says so, so the event is not flagged."""
    words = {w for item in getattr(entry, "before", ()) for w in item.split("|")}
    if not words:
        return
    if flags.negated and words & _NEGATIONS:
        flags.negated = False
        notes.append("negation is part of the pattern: not flagged")
    if (flags.hypothetical or flags.future) and words & _MODALS:
        flags.hypothetical = flags.future = False
        notes.append("modal is part of the pattern: not flagged")


_NEGATIONS = frozenset({"not", "n't", "never", "no", "neither", "nor"})
_MODALS = frozenset({"would", "will", "should", "could", "may", "might", "can", "shall", "wo", "ca", "must"})


def _reacted_to(trigger: Token, history: _History | list[Event], verbs: VerbLexicon,
                actor_ids: set[str | None]) -> Event | None:
    """The earlier event that the trigger's object refers to: "condemned the attack" -> the attack.

    The object is an event noun (or a generic one: "the move", "the agreement") naming no party
    of its own; the most recent earlier event of the noun's type (any type for a generic noun),
    by other actors, is the one meant.
    """
    objects = [c for c in trigger.children if c.dep_ in {"dobj", "nsubjpass"}]
    objects += [p for o in [trigger, *objects] for c in o.children if c.dep_ == "prep"
                and c.lower_ in {"for", "of", "against", "over", "on", "to"}
                for p in c.children if p.dep_ == "pobj"]  # "voiced support for the strike"
    for noun in objects:
        if any(t.ent_type_ in {"PERSON", "ORG", "GPE", "NORP"} for t in noun.subtree):
            continue  # the object names its own party
        lemma = noun.lemma_.lower()
        entries = verbs.nouns_for(lemma)
        wanted = {entries[0].type} if entries else _GENERIC_EVENT_NOUNS.get(lemma)
        if wanted is None:
            continue
        candidates = [e for e in reversed(history)
                      if (not wanted or e.event_type in wanted) and not {a.actor_id for a in e.actor} & actor_ids]
        # a verb frame ("the United States fired missiles") is surer than a noun ("regarded the strike as")
        ranked = [e for e in candidates if e.provenance.rule == "verb-frame"] or candidates
        if ranked:
            return ranked[0]
    return None


def _reverse_event(event: Event, entry: VerbEntry | NounEntry) -> Event | None:
    """The event the recipient performs back, for entries with a paired CAMEO code (a visit: the host hosts)."""
    reverse = getattr(entry, "reverse", None)
    if reverse is None or not event.recipient or event.negated:
        return None
    cameo, event_type, mode = reverse
    notes = [*event.provenance.notes, f"paired code {event.cameo}:{cameo}: the recipient's act back"]
    return dataclasses.replace(
        event, event_id=hashlib.sha256(f"{event.event_id}|reverse".encode()).hexdigest()[:16],
        event_type=event_type, cameo=cameo, quad=cameo_quad(cameo), mode=mode,
        actor=[dataclasses.replace(p, sectors=list(p.sectors)) for p in event.recipient],
        recipient=[dataclasses.replace(p, sectors=list(p.sectors)) for p in event.actor],
        evidence=list(event.evidence), contexts=list(event.contexts),
        provenance=dataclasses.replace(event.provenance, rule=event.provenance.rule + "+reverse", notes=notes),
    )


def _temporal_preps(view: DocView) -> frozenset[int]:
    """The prepositions of time ("on Sunday", "in March"): no frame condition ("call on", "call for").

    A preposition is one when some ``pobj`` child of it is in a DATE or TIME entity: the heads
    of such objects, found in one pass over the document."""
    heads = view.heads
    return frozenset(heads[p] for p, (d, label) in enumerate(zip(view.dep, view.ent_label))
                     if d == "pobj" and label in _TIME_LABELS and heads[p] != p)


_TIME_LABELS = frozenset({"DATE", "TIME"})


def _host_verb(noun: Token) -> tuple[Token | None, bool]:
    """The verb an event noun depends on, and whether the noun is its circumstance.

    "killed ten in an airstrike", "congratulated X in a phone call": a circumstance
    (the verb's actor acts in it); "congratulated X on the recapture": a topic.
    """
    if noun.dep_ == "pobj" and noun.head.dep_ == "prep":
        return noun.head.head, noun.head.lower_ in _CIRCUMSTANCE_PREPS
    if noun.dep_ in {"dobj", "nsubjpass"}:
        return noun.head, False
    return None, False


def _manner_host(noun: Token, history: _History | list[Event]) -> Event | None:
    """The event coded for the verb that ``noun`` is the circumstance of ("in a telephone call")."""
    verb, circumstance = _host_verb(noun)
    if verb is None or not circumstance or verb.pos_ != "VERB":
        return None
    for event in reversed(history):
        ev = event.evidence[0] if event.evidence else None
        if ev is not None and ev.trigger_start == verb.idx and event.provenance.rule == "verb-frame":
            return event
    return None


def _joint(trigger: Token) -> bool:
    """"began joint military exercises", "joint drills": the parties act together."""
    nouns = [trigger] + [c for c in trigger.children if c.dep_ in {"dobj", "nsubjpass"}]
    nouns += [p for n in nouns for c in n.children if c.dep_ == "prep" and c.lower_ == "of"
              for p in c.children if p.dep_ == "pobj"]  # "a new round of joint exercises"
    return any(m.lower_ in {"joint", "combined", "bilateral", "trilateral"}
               for n in nouns for m in n.children if m.dep_ in {"amod", "compound"})


def _joined_words(view: DocView, obj: int) -> list[str]:
    """The whole word when the tokenizer split object token ``obj`` ("cease-fire", "war games").

    Only entries that list their objects read these (never to escape a ``not_objects``:
    "demonstrated its missile capability" is not "missilecapability")."""
    words = []
    left, lemma = obj - 2, view.lemma_lower[obj]
    if left >= 0 and view.words[obj - 1] == "-" and view.heads[left] == obj:
        words.append(view.lower[left] + lemma)
    if obj > 0 and view.dep[obj - 1] == "compound" and view.heads[obj - 1] == obj:
        words.append(view.lower[obj - 1] + lemma)
    return words


def _object_lemmas(view: DocView, obj: int) -> list[str]:
    """The lemma of object token ``obj``, and the noun after "of" when the object is a quantity or part."""
    dep, children, lemma_lower = view.dep, view.children, view.lemma_lower
    lemmas = [lemma_lower[obj]]
    # "25,000 tons of food aid", "part of a military aid program": the noun after "of"
    for prep in children(obj):
        if dep[prep] == "prep" and view.lower[prep] == "of":
            for pobj in children(prep):
                if dep[pobj] == "pobj":
                    lemmas.append(lemma_lower[pobj])
                    lemmas.extend(lemma_lower[c] for c in children(pobj) if dep[c] == "compound")
    return lemmas


def _merge_restatements(events: list[Event]) -> list[Event]:
    """One sentence, one happening: "agreed to cooperate", "launched an offensive to retake".

    Events of the same sentence with the same type and the same actors are one
    event; the first (verb frames come before nouns) is kept and takes the
    recipients the others found.
    """
    kept: list[Event] = []
    for event in events:
        key = (event.event_type, frozenset(a.actor_id for a in event.actor), event.negated)
        twin = next((k for k in kept if (k.event_type, frozenset(a.actor_id for a in k.actor),
                                          k.negated) == key), None)
        if twin is None:
            kept.append(event)
            continue
        known = {r.actor_id for r in twin.recipient}
        twin.recipient.extend(r for r in event.recipient if r.actor_id not in known)
        twin.provenance.notes.append(f"also restated by {event.provenance.trigger!r} ({event.provenance.rule})")
    return kept


def _clause_date(head: int, state: _Doc, future: bool) -> ResolvedDate | None:
    """The date of the clause headed by token ``head`` (remembered for the document)."""
    key = (head, future)
    if key not in state.dates:
        state.dates[key] = _find_clause_date(head, state, future)
    return state.dates[key]


def _find_clause_date(head: int, state: _Doc, future: bool) -> ResolvedDate | None:
    """The first of the clause's date expressions that resolves: its DATE entities, then the
    expressions :func:`find_date_expressions` finds in its text (searched only when no entity
    resolves, since an entity that does always comes first)."""
    view = state.view
    tokens = view.clause(head)
    if not tokens:
        return None
    perfect = any(view.dep[c] == "aux" and view.lemma_raw[c] == "have" for c in view.children(head))
    ent_type, ent_iob, n = view.ent_label, view.ent_iob_, len(view)
    for t in tokens:
        if ent_type[t] == "DATE" and ent_iob[t] == "B":
            ent_end = t + 1
            while ent_end < n and ent_iob[ent_end] == "I":
                ent_end += 1
            r = _usable_date(view.span_text(t, ent_end), state, future, perfect)
            if r is not None:
                return r
    for expr in _clause_expressions(tokens, view):
        r = _usable_date(expr, state, future, perfect)
        if r is not None:
            return r
    return None


def _usable_date(expr: str, state: _Doc, future: bool, perfect: bool) -> ResolvedDate | None:
    """``expr`` resolved against the document's anchor (remembered by the coder's :class:`DateMemo`), unless it
    resolves to nothing or starts an interval ("since 2003") in a clause not in the perfect."""
    r = state.resolved.resolve(expr, state.anchor, future)
    if r is None or (r.interval == "start" and not perfect):
        return None  # "the first deployment since 2003" does not date the deployment
    return r


def _clause_expressions(tokens: tuple[int, ...], view: DocView) -> list[str]:
    """The date expressions found in the clause's text whose tokens belong to the clause."""
    lo, hi = tokens[0], tokens[-1]
    found = find_date_expressions(view.span_text(lo, hi + 1))
    out: list[str] = []
    if found:
        ids = set(tokens)
        span = view.doc[lo:hi + 1]
        for start, end, expr in found:
            # keep expressions whose tokens belong to this clause
            char = span.start_char + start
            tok = span.char_span(start, end, alignment_mode="expand")
            if tok is not None and tok.root.i in ids:
                out.append(expr)
            elif tok is None and any(view.starts[t] == char for t in tokens):
                out.append(expr)
    return out


def _subject_index(view: DocView, verb: int) -> int | None:
    """The first ``nsubj`` or ``nsubjpass`` child of token ``verb``."""
    dep = view.dep
    return next((c for c in view.children(verb) if dep[c] in _REPORTER_SUBJECTS), None)


_REPORTER_SUBJECTS = frozenset({"nsubj", "nsubjpass"})


def _trimmed(sent: Span, view: DocView) -> tuple[int, int]:
    text = view.span_text(sent.start, sent.end)
    start = sent.start_char + (len(text) - len(text.lstrip()))
    end = sent.start_char + len(text.rstrip())
    return start, end


def _parse_iso(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _long_before(date: str | None, anchor: dt.date | None) -> bool:
    d = _parse_iso(date)
    return d is not None and anchor is not None and (anchor - d).days > _HISTORICAL_DAYS
