"""The same quote reported by several documents becomes one group.

:func:`group_quotes` takes ``(quote, canonical_speaker_id)`` pairs (the id is
None when the speaker is unknown) and groups quotes that

- have the same speaker, or one side's speaker is unknown, and
- say the same words: equal normalised text, one text contained in the other
  (at least :data:`MIN_CONTAINED_WORDS` words), or, for texts of at least
  :data:`MIN_FUZZY_WORDS` words, a rapidfuzz similarity of at least
  :data:`MIN_SIMILARITY` (wire copy edited slightly by each outlet).

The result does not depend on the order of the input: quotes are visited in a
fixed order (longest text first), each joining the first compatible group.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from khaldun.records import ActorRef, Quote

__all__ = ["MIN_CONTAINED_WORDS", "MIN_FUZZY_WORDS", "MIN_SIMILARITY", "QuoteGroup", "group_quotes",
           "normalize_quote"]

MIN_CONTAINED_WORDS = 4
MIN_FUZZY_WORDS = 8
MIN_SIMILARITY = 88.0
_SHINGLE = 3
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "`": "'"})
_NON_WORD = re.compile(r"[^\w\s']+")
_SPACE = re.compile(r"\s+")


def normalize_quote(text: str) -> str:
    """Lowercase words only: "“We will win,” he" and "we will win he" compare equal."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).lower()
    text = _NON_WORD.sub(" ", text).replace("'", "")
    return _SPACE.sub(" ", text).strip()


@dataclass(slots=True)
class QuoteGroup:
    """One quote and every report of it."""

    quote_id: str  # stable: speaker id + normalised text of the longest report
    text: str  # the longest text reported
    speaker: ActorRef | None
    speaker_id: str | None  # canonical speaker id, None when no report knows it
    cue: str | None  # the most frequent cue among the reports
    direct: bool  # at least one report quotes the words themselves
    kind: str  # kind of the longest report: "direct" | "partial" | "indirect"
    members: list[Quote] = field(default_factory=list)  # sorted by (doc_id, start)

    @property
    def reports(self) -> int:
        return len(self.members)

    @property
    def documents(self) -> int:
        return len({q.doc_id for q in self.members})


@dataclass(slots=True)
class _Item:
    quote: Quote
    speaker_id: str | None
    norm: str
    words: int


@dataclass(slots=True)
class _Draft:
    items: list[_Item]
    speaker_id: str | None


def group_quotes(items: Iterable[tuple[Quote, str | None]]) -> list[QuoteGroup]:
    """Group the same quote across documents; groups sorted by quote_id."""
    pool = []
    for quote, speaker_id in items:
        norm = normalize_quote(quote.text)
        pool.append(_Item(quote, speaker_id, norm, len(norm.split())))
    # a fixed order: longest first, then known speakers, then by document and place
    pool.sort(key=lambda it: (-it.words, it.speaker_id is None, it.speaker_id or "", it.norm,
                              it.quote.doc_id, it.quote.start, it.quote.end, it.quote.quote_id))
    drafts: list[_Draft] = []
    exact: dict[str, list[int]] = {}
    shingles: dict[tuple[str, ...], list[int]] = {}
    for item in pool:
        target = _find_group(item, drafts, exact, shingles)
        if target is None:
            target = len(drafts)
            drafts.append(_Draft(items=[], speaker_id=item.speaker_id))
            exact.setdefault(item.norm, []).append(target)
            for sh in _shingles(item.norm):
                shingles.setdefault(sh, []).append(target)
        draft = drafts[target]
        draft.items.append(item)
        draft.speaker_id = draft.speaker_id or item.speaker_id
    groups = [_finish(d) for d in drafts]
    groups.sort(key=lambda g: (g.quote_id, g.members[0].doc_id, g.members[0].start))
    return groups


def _find_group(item: _Item, drafts: list[_Draft], exact: dict[str, list[int]],
                shingles: dict[tuple[str, ...], list[int]]) -> int | None:
    candidates = list(exact.get(item.norm, []))
    for sh in _shingles(item.norm):
        candidates.extend(shingles.get(sh, []))
    for n in sorted(set(candidates)):
        draft = drafts[n]
        if not _speakers_agree(item.speaker_id, draft.speaker_id):
            continue
        if any(_same_words(item, other) for other in draft.items):
            return n
    return None


def _speakers_agree(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


def _same_words(a: _Item, b: _Item) -> bool:
    if a.norm == b.norm:
        return True
    short, long_ = (a, b) if a.words <= b.words else (b, a)
    if short.words >= MIN_CONTAINED_WORDS and f" {short.norm} " in f" {long_.norm} ":
        return True
    if short.words >= MIN_FUZZY_WORDS:
        return fuzz.ratio(a.norm, b.norm) >= MIN_SIMILARITY
    return False


def _shingles(norm: str) -> list[tuple[str, ...]]:
    words = norm.split()
    if len(words) < _SHINGLE:
        return []
    return [tuple(words[i:i + _SHINGLE]) for i in range(len(words) - _SHINGLE + 1)]


def _finish(draft: _Draft) -> QuoteGroup:
    items = sorted(draft.items, key=lambda it: (it.quote.doc_id, it.quote.start, it.quote.end))
    longest = min(items, key=lambda it: (-it.words, it.quote.kind == "indirect", it.quote.doc_id,
                                         it.quote.start))
    with_speaker = [it for it in items if it.quote.speaker is not None
                    and (draft.speaker_id is None or it.speaker_id == draft.speaker_id)]
    speaker = (with_speaker[0].quote.speaker if with_speaker else None)
    cues = Counter(it.quote.cue for it in items if it.quote.cue)
    cue = min(cues, key=lambda c: (-cues[c], c)) if cues else None
    key = f"{draft.speaker_id or ''}|{longest.norm}"
    return QuoteGroup(
        quote_id=hashlib.sha256(key.encode("utf-8")).hexdigest()[:16],
        text=longest.quote.text, speaker=speaker, speaker_id=draft.speaker_id, cue=cue,
        direct=any(it.quote.kind != "indirect" for it in items), kind=longest.quote.kind,
        members=[it.quote for it in items])
