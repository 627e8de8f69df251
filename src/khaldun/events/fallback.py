"""A learned fallback for sentences the rules leave uncoded.

Rules first: :class:`~khaldun.events.coder.EventCoder` codes what its lexicon
knows.  For a sentence where it coded nothing but which names at least one
actor with a country or a sector, :class:`EmbeddingFallback` embeds the
sentence (all-MiniLM-L6-v2, see :mod:`khaldun.events.embedding`) and compares
it with example sentences we wrote (``data/fallback_examples.yaml``): the
nearest examples vote, weighted by similarity, for a CAMEO code or for "no
event".  An event is coded only when an event label wins and its best example
is similar enough; it gets rule ``fallback-embedding`` and a confidence below
every rule's, and its actor is the subject of the sentence's main verb (the
recipient its object, if any).

Only a document's first sentences (its lead) are tried by default: that is
where news states its main event, and where the fallback is right most often.

    fallback = EmbeddingFallback.load(knowledge, verbs, places)   # needs khaldun[embed]
    events += fallback.code(document, doc, found, events)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from khaldun.events.arguments import Arguments
from khaldun.events.modality import clause_tokens, flags_for
from khaldun.knowledge.cameo_plover import cameo_plover
from khaldun.knowledge.verbs import LexiconError, cameo_quad
from khaldun.records import ActorRef, Event, Evidence, Provenance
from khaldun.timeplace.dates import find_date_expressions, resolve_date
from khaldun.timeplace.places import document_context, locate

if TYPE_CHECKING:
    import numpy as np
    from spacy.tokens import Doc, Span, Token

    from khaldun.actors import DocMentions
    from khaldun.events.embedding import SentenceEncoder
    from khaldun.knowledge import Knowledge
    from khaldun.knowledge.verbs import VerbLexicon
    from khaldun.records import Document
    from khaldun.timeplace.gazetteer import Gazetteer

__all__ = ["RULE", "EmbeddingFallback", "Example", "NearestExamples", "Prediction", "load_examples"]

RULE = "fallback-embedding"
EXAMPLES_NAME = "fallback_examples.yaml"
NONE = "none"


@dataclass(frozen=True, slots=True)
class Example:
    """One example sentence and what it codes (``cameo`` None: no event)."""

    text: str
    cameo: str | None
    event_type: str | None = None
    mode: str | None = None

    @property
    def label(self) -> str:
        return self.event_type or NONE


@dataclass(frozen=True, slots=True)
class Prediction:
    """The fallback's answer for one sentence."""

    event_type: str
    cameo: str
    mode: str | None
    similarity: float  # cosine similarity of the best example of the winning type
    share: float  # the winning type's share of the neighbours' weighted vote
    example: str  # the best example of the winning type

    @property
    def quad(self) -> int:
        return cameo_quad(self.cameo)


def load_examples(path: str | Path | None = None) -> list[Example]:
    """Read the example file (the bundled one by default); raises :class:`LexiconError` when malformed."""
    if path is None:
        text = resources.files("khaldun.knowledge").joinpath("data", EXAMPLES_NAME).read_text(encoding="utf-8")
        name = EXAMPLES_NAME
    else:
        text, name = Path(path).read_text(encoding="utf-8"), str(path)
    data = yaml.safe_load(text) or {}
    if not isinstance(data, dict) or not isinstance(data.get("examples"), dict):
        raise LexiconError(f"{name}: expected an 'examples' mapping of CAMEO codes to sentences")
    table = cameo_plover()
    out: list[Example] = []
    for key, sentences in data["examples"].items():
        code = str(key)
        try:
            cameo_quad(code)
        except ValueError as exc:
            raise LexiconError(f"{name}: examples: {exc}") from None
        typed = table.lookup(code)
        if typed is None:
            raise LexiconError(f"{name}: examples: {code!r} is a code PLOVER does not code")
        out.extend(Example(_sentence(s, name, code), code, typed[0], typed[1]) for s in _list(sentences, name, code))
    out.extend(Example(_sentence(s, name, NONE), None) for s in _list(data.get(NONE) or [], name, NONE))
    return out


def _list(value: object, name: str, key: str) -> list:
    if not isinstance(value, list) or not value:
        raise LexiconError(f"{name}: {key!r}: expected a non-empty list of sentences")
    return value


def _sentence(value: object, name: str, key: str) -> str:
    if not isinstance(value, str) or len(value.split()) < 3:
        raise LexiconError(f"{name}: {key!r}: {value!r} is not a sentence")
    return value.strip()


class NearestExamples:
    """k nearest examples by cosine similarity, voting with weight exp(similarity / temperature).

    A low temperature lets a close example outvote several distant ones of another type.
    """

    def __init__(self, examples: list[Example], vectors: np.ndarray, *, k: int = 11,
                 min_similarity: float = 0.3, min_share: float = 0.0, temperature: float = 0.1) -> None:
        if len(examples) != len(vectors):
            raise ValueError("one vector per example")
        self.examples = examples
        self.vectors = vectors
        self.k = min(k, len(examples))
        self.min_similarity = min_similarity
        self.min_share = min_share
        self.temperature = temperature

    @classmethod
    def fit(cls, examples: list[Example], encoder: SentenceEncoder, **kwargs) -> NearestExamples:
        return cls(examples, encoder.encode([e.text for e in examples]), **kwargs)

    def predict(self, vectors: np.ndarray) -> list[Prediction | None]:
        """One prediction per row of unit vectors; None where "no event" wins or nothing is close."""
        import numpy as np

        if len(vectors) == 0:
            return []
        sims = vectors @ self.vectors.T
        top = np.argsort(-sims, axis=1)[:, : self.k]
        out: list[Prediction | None] = []
        for row, idx in zip(sims, top):
            votes: dict[str, float] = defaultdict(float)
            best: dict[str, int] = {}
            for i in idx:
                label = self.examples[i].label
                votes[label] += math.exp((float(row[i]) - float(row[idx[0]])) / self.temperature)
                best.setdefault(label, int(i))  # idx is sorted: the first seen is the nearest
            label = max(votes, key=lambda lab: (votes[lab], row[best[lab]]))
            total = sum(votes.values()) or 1.0
            share = votes[label] / total
            example = self.examples[best[label]]
            similarity = float(row[best[label]])
            if (label == NONE or example.cameo is None or similarity < self.min_similarity
                    or share < self.min_share):
                out.append(None)
                continue
            out.append(Prediction(event_type=label, cameo=example.cameo, mode=example.mode,
                                  similarity=round(similarity, 3), share=round(share, 3), example=example.text))
        return out


class EmbeddingFallback:
    """Codes one event for each uncoded lead sentence that the example sentences recognise."""

    def __init__(self, encoder: SentenceEncoder, classifier: NearestExamples, knowledge: Knowledge,
                 verbs: VerbLexicon, places: Gazetteer | None = None, *, lead_sentences: int | None = 3,
                 confidence: float = 0.3) -> None:
        self.encoder = encoder
        self.classifier = classifier
        self.knowledge = knowledge
        self.verbs = verbs
        self.places = places
        self.lead_sentences = lead_sentences
        self.confidence = confidence

    @classmethod
    def load(cls, knowledge: Knowledge, verbs: VerbLexicon, places: Gazetteer | None = None, *,
             examples: str | Path | None = None, encoder: SentenceEncoder | None = None,
             k: int = 11, min_similarity: float = 0.3, min_share: float = 0.0,
             lead_sentences: int | None = 3, confidence: float = 0.3) -> EmbeddingFallback:
        """Load the model and embed the examples (about 0.5 s on a CPU once the model is in memory).

        Raises :class:`~khaldun.events.embedding.EmbeddingUnavailable` without ``khaldun[embed]``.
        """
        if encoder is None:
            from khaldun.events.embedding import SentenceEncoder

            encoder = SentenceEncoder.load()
        classifier = NearestExamples.fit(load_examples(examples), encoder, k=k,
                                         min_similarity=min_similarity, min_share=min_share)
        return cls(encoder, classifier, knowledge, verbs, places,
                   lead_sentences=lead_sentences, confidence=confidence)

    # -- public -------------------------------------------------------------------
    def candidates(self, doc: Doc, found: DocMentions, events: Iterable[Event]) -> list[Span]:
        """Sentences the fallback may code: in the lead, uncoded, naming a party with a country or sector."""
        coded = {ev.start for e in events for ev in e.evidence}
        known = {m.sentence_index for m in found.mentions if m.country or m.sectors}
        out = []
        for n, sent in enumerate(doc.sents):
            if self.lead_sentences is not None and n >= self.lead_sentences:
                break
            if n not in known or _trimmed(sent)[0] in coded:
                continue
            if sum(1 for t in sent if t.is_alpha) < 5 or not any(t.pos_ in {"VERB", "AUX"} for t in sent):
                continue  # a headline fragment, a byline, a caption
            out.append(sent)
        return out

    def code(self, document: Document, doc: Doc, found: DocMentions, events: list[Event]) -> list[Event]:
        """Fallback events for ``document``, whose rule events are ``events``."""
        sents = self.candidates(doc, found, events)
        if not sents:
            return []
        predictions = self.classifier.predict(self.encoder.encode([s.text.strip() for s in sents]))
        args = Arguments(doc, found, self.knowledge, self.places)
        context = None
        out = []
        for sent, prediction in zip(sents, predictions):
            if prediction is None:
                continue
            if context is None and self.places is not None:
                context = document_context(doc, self.places, self.knowledge, view=found.view_of(doc))
            event = self._event(document, sent, prediction, args, context)
            if event is not None:
                out.append(event)
        return out

    # -- one event ----------------------------------------------------------------------
    def _event(self, document: Document, sent: Span, prediction: Prediction, args: Arguments,
               context) -> Event | None:
        root = _main_verb(sent.root, self.verbs)
        actors, how = args.subjects(root)
        if not actors:
            return None
        recipients: list[ActorRef] = []
        for slot in ("dobj", "phrase"):
            recipients = [r for r in args.slot(root, slot) if r.actor_id not in {a.actor_id for a in actors}]
            if recipients:
                break
        if not any(p.country or p.sectors for p in (*actors, *recipients)):
            return None
        notes = [f"embedding fallback: nearest example {prediction.example!r} "
                 f"(similarity {prediction.similarity}, vote share {prediction.share})",
                 f"actor: {how} of {root.text!r} -> " + ", ".join(f"{a.text!r}={a.name}" for a in actors)]
        if recipients:
            notes.append(f"recipient: object of {root.text!r} -> "
                         + ", ".join(f"{r.text!r}={r.name}" for r in recipients))
        flags = flags_for(root.i, self.verbs, args.view)
        notes.extend(flags.notes)
        date, precision, date_source = _date(root, document, flags.own_future)
        notes.append(f"date: {date_source}")
        location = locate(root.doc, root, self.places, context) if context is not None else None
        s_start, s_end = _trimmed(sent)
        evidence = Evidence(doc_id=document.doc_id, doc_path=document.path, sentence=document.text[s_start:s_end],
                            start=s_start, end=s_end, outlet=document.outlet,
                            trigger_start=root.idx, trigger_end=root.idx + len(root.text))
        event_id = hashlib.sha256(f"{document.doc_id}|{s_start}|{RULE}".encode()).hexdigest()[:16]
        return Event(
            event_id=event_id, event_type=prediction.event_type, cameo=prediction.cameo, quad=prediction.quad,
            actor=actors, recipient=recipients, evidence=[evidence],
            provenance=Provenance(rule=RULE, trigger=root.text, lemma=root.lemma_.lower(),
                                  lexicon=f"{EXAMPLES_NAME}:{prediction.cameo}", notes=notes),
            mode=prediction.mode, date=date, date_precision=precision, date_source=date_source,
            location=location, negated=flags.negated, future=flags.future, hypothetical=flags.hypothetical,
            historical=flags.past_perfect, confidence=self.confidence,
        )


def _main_verb(root: Token, verbs: VerbLexicon) -> Token:
    """The sentence's main verb; for "X did Y, officials said" the reported verb (did)."""
    while root.lemma_.lower() in verbs.reporting_verbs:
        reported = [c for c in root.children if c.dep_ == "ccomp" and c.pos_ in {"VERB", "AUX"}]
        if not reported:
            break
        root = reported[0]
    return root


def _date(root: Token, document: Document, future: bool) -> tuple[str | None, str | None, str]:
    """The first date expression of the main clause, else the publication date."""
    anchor = _parse_iso(document.published)
    tokens = clause_tokens(root)
    if tokens:
        span = root.doc[tokens[0].i:tokens[-1].i + 1]
        for _, _, expr in find_date_expressions(span.text):
            r = resolve_date(expr, anchor, future=future)
            if r is not None and r.interval != "start":
                return r.date, r.precision, f"clause {r.text!r} ({r.rule})"
    if document.published:
        return document.published, "publication", "publication date (no date in the clause)"
    return None, None, "none: no date in the clause and no publication date"


def _parse_iso(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _trimmed(sent: Span) -> tuple[int, int]:
    text = sent.text
    start = sent.start_char + (len(text) - len(text.lstrip()))
    return start, sent.start_char + len(text.rstrip())
