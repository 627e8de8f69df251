"""Typed records that flow between the stages of the pipeline.

documents -> sentences -> mentions -> actors -> events (and quotes)

Every record is a plain dataclass with no stage-specific logic.  Character
offsets (``start``/``end``) always index into :attr:`Document.text`, the
cleaned text of the document, so any field can be traced back to the exact
characters it came from.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any


def to_dict(record: Any) -> dict[str, Any]:
    """Return a JSON-ready dict of a record (recursively)."""
    return dataclasses.asdict(record)


@dataclass(slots=True)
class Document:
    """One article after ingest and cleaning."""

    doc_id: str  # sha256 (hex, first 16 chars) of the cleaned text
    path: str  # file the article came from
    text: str  # cleaned text; paragraphs separated by a blank line ("\n\n")
    title: str | None = None
    title_source: str | None = None  # how the title was found: "first-line", "html", "jsonl", ...
    published: str | None = None  # ISO date "YYYY-MM-DD" or None: never the run date
    published_source: str | None = None  # "text-header", "html-meta", "jsonl", ...
    published_warning: str | None = None  # why the page date may not be the article's (a crawl date)
    url: str | None = None
    outlet: str | None = None
    source_format: str = "txt"  # txt | html | jsonl | warc (gzip'd files keep their inner format)
    line: int | None = None  # line number inside a JSONL file; record number inside a WARC
    external_id: str | None = None  # the "id" field of a JSONL record; a WARC's WARC-Record-ID
    removed: list[str] = field(default_factory=list)  # kinds of debris removed by cleaning


@dataclass(slots=True)
class IngestProblem:
    """An input that could not be read: reported once, the run goes on."""

    path: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.reason}"


@dataclass(slots=True)
class Sentence:
    doc_id: str
    index: int
    start: int
    end: int
    text: str


@dataclass(slots=True)
class Mention:
    """A span of text that names or describes an actor."""

    doc_id: str
    sentence_index: int
    start: int
    end: int
    text: str
    label: str  # entity label: PERSON, ORG, GPE, NORP, ROLE, ...
    actor_id: str | None = None  # the Actor this mention resolves to
    rule: str = "model"  # what found it: "model", "lexicon:country", "role", ...


@dataclass(slots=True)
class Role:
    """A role an actor was seen in: country + sector, optionally dated."""

    country: str | None
    sector: str | None
    text: str | None = None
    date: str | None = None


@dataclass(slots=True)
class Actor:
    """A canonical actor: one real-world entity."""

    actor_id: str
    name: str
    kind: str  # person | organization | state | group
    country: str | None = None  # ISO3, or IGO/NGO/... for international actors
    sectors: list[str] = field(default_factory=list)  # PLOVER sector codes
    variants: list[str] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    mentions: int = 0
    source: str = "inferred"  # "inferred", "lexicon", or a user dictionary path


@dataclass(slots=True)
class ActorRef:
    """An actor as a party to one event: what the text said and who it is."""

    text: str
    name: str
    country: str | None
    sectors: list[str]
    actor_id: str | None = None
    start: int | None = None
    end: int | None = None


@dataclass(slots=True)
class Location:
    name: str
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    precision: str | None = None  # city | region | country
    geonameid: int | None = None


@dataclass(slots=True)
class Evidence:
    """One sentence that reports an event."""

    doc_id: str
    doc_path: str
    sentence: str
    start: int  # offsets of the sentence in Document.text
    end: int
    outlet: str | None = None
    trigger_start: int | None = None  # offsets of the trigger word(s) in Document.text
    trigger_end: int | None = None


@dataclass(slots=True)
class Provenance:
    """Why an event was coded: the rule and lexicon entry that fired."""

    rule: str  # e.g. "verb-frame", "nominal", "appeal"
    trigger: str  # the trigger text
    lemma: str  # lexicon key that matched
    lexicon: str  # lexicon file:entry that matched
    notes: list[str] = field(default_factory=list)  # how actors/date/flags were found


@dataclass(slots=True)
class Event:
    event_id: str
    event_type: str  # one of the 16 PLOVER types
    cameo: str
    quad: int  # CAMEO quad class: 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict
    actor: list[ActorRef]
    recipient: list[ActorRef]
    evidence: list[Evidence]
    provenance: Provenance
    mode: str | None = None
    contexts: list[str] = field(default_factory=list)
    date: str | None = None
    date_precision: str | None = None  # day | month | season | year | None
    date_source: str | None = None  # "clause: On Sunday", "publication", None
    location: Location | None = None
    negated: bool = False
    future: bool = False
    hypothetical: bool = False
    historical: bool = False
    confidence: float = 0.5


@dataclass(slots=True)
class Quote:
    """Something a speaker said, as one document reports it.

    ``start``/``end`` delimit the quoted words themselves (without the quote
    marks) for direct and partial quotes, and the reported clause for indirect
    speech ("Freij said [the support had an important role]").
    """

    quote_id: str  # stable: derived from doc_id and the span
    doc_id: str
    text: str  # Document.text[start:end]
    start: int
    end: int
    kind: str  # "direct" | "partial" (a quoted fragment inside a clause) | "indirect"
    speaker: ActorRef | None  # None when no speaker could be resolved
    cue: str | None = None  # lemma of the cue verb or phrase: "say", "tell", "according to"
    cue_start: int | None = None
    cue_end: int | None = None
    sentence_index: int | None = None  # sentence holding the cue (or the quote's start)
    rule: str = ""  # which pattern found it, e.g. "quote-cue-speaker"; notes after "+"
    confidence: float = 0.5

    @property
    def direct(self) -> bool:
        return self.kind != "indirect"


@dataclass(slots=True)
class DocResult:
    """Everything the per-document stages produce for one document."""

    document: Document
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    fingerprint: bytes | None = None  # shingle fingerprint for reuse detection (khaldun.reuse)
