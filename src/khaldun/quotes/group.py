"""The same quote reported by several documents becomes one group.

:func:`group_quotes` takes ``(quote, canonical_speaker_id)`` pairs (the id is
None when the speaker is unknown) and groups quotes that

- have the same speaker, or one side's speaker is unknown, and
- say the same words: equal normalised text, one text contained in the other
  (at least :data:`MIN_CONTAINED_WORDS` words), or, for texts of at least
  :data:`MIN_FUZZY_WORDS` words sharing at least half the shorter one's
  three-word shingles, a rapidfuzz similarity of at least
  :data:`MIN_SIMILARITY` (wire copy edited slightly by each outlet).

The result does not depend on the order of the input: quotes are visited in a
fixed order (longest text first), each joining the first group whose first
quote shares one of its :func:`lookup_keys` (normalised text, shingles) and
which holds a member saying the same words, the speakers agreeing.  Two
quotes saying the same words always share a key, and a quote only ever joins
a group through such a member: so the groups of a set of quotes closed under
"says the same words" are the same alone as within any
larger set, which lets the store regroup only what new quotes reach.

A store groups quotes it holds no :class:`Quote` objects for:
:func:`number_groups` takes where each quote is and what it says and returns
each quote's group number; :func:`finish_group` then makes the
:class:`QuoteGroup` of one group's quotes, read a few groups at a time.
"""

from __future__ import annotations

import gc
import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from khaldun.records import ActorRef, Quote

__all__ = ["MIN_CONTAINED_WORDS", "MIN_FUZZY_WORDS", "MIN_SIMILARITY", "QuoteGroup", "QuoteTexts",
           "finish_group", "group_quotes", "hashed_keys", "key_hash", "lookup_keys", "normalize_quote",
           "number_groups", "same_words"]

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
    """A quote as the grouping visits it: where it is, and its text's words and keys
    (shared by every report of the same text)."""

    quote: Quote | None  # None where the caller groups by place only (:func:`number_groups`)
    quote_id: str
    doc_id: str
    start: int
    end: int
    speaker_id: str | None
    norm: str
    words: int
    keys: tuple[str, ...]  # lookup keys (a set only while the quote is placed: sets are large)


@dataclass(slots=True)
class _Words:
    """A distinct quote text, normalised."""

    text: str  # as first given
    norm: str
    words: int
    keys: tuple[str, ...]  # lookup keys, as :func:`lookup_keys` lists them


class QuoteTexts:
    """Quote texts normalised once each: their words, lookup keys, and the same-words test.

    A memo owned by its caller (one grouping, one closure search) and dropped
    with it: the same text reported by many documents is normalised once, and
    a word sequence that many texts share is held once.
    """

    __slots__ = ("_seen", "_shared")

    def __init__(self) -> None:
        self._seen: dict[str, _Words] = {}
        self._shared: dict[str, str] = {}  # each lookup key, held once

    def _entry(self, text: str) -> _Words:
        entry = self._seen.get(text)
        if entry is None:
            norm = normalize_quote(text)
            shared = self._shared
            keys = tuple([shared.setdefault(key, key) for key in _keys(norm)])
            entry = _Words(text, norm, len(norm.split()), keys)
            self._seen[text] = entry
        return entry

    def item(self, quote: Quote, speaker_id: str | None) -> _Item:
        """The quote as the grouping visits it."""
        text = self._entry(quote.text)
        return _Item(quote, quote.quote_id, quote.doc_id, quote.start, quote.end, speaker_id,
                     text.norm, text.words, text.keys)

    def place(self, quote_id: str, doc_id: str, start: int, end: int, text: str,
              speaker_id: str | None) -> _Item:
        """A quote the grouping knows only by its place and its text."""
        words = self._entry(text)
        return _Item(None, quote_id, doc_id, start, end, speaker_id, words.norm, words.words, words.keys)

    def text(self, text: str) -> str:
        """The text as first given: one string for every report of it."""
        return self._entry(text).text

    def keys(self, text: str) -> list[str]:
        """What :func:`lookup_keys` gives for ``text``."""
        return list(self._entry(text).keys)

    def same(self, a: str, b: str) -> bool:
        """What :func:`same_words` says of two texts."""
        x, y = self._entry(a), self._entry(b)
        return _same_texts(x.norm, x.words, frozenset(x.keys), y.norm, y.words, y.keys)


@dataclass(slots=True)
class _Draft:
    items: list[_Item]
    speaker_id: str | None


def group_quotes(items: Iterable[tuple[Quote, str | None]],
                 texts: QuoteTexts | None = None) -> list[QuoteGroup]:
    """Group the same quote across documents; groups sorted by quote_id.

    ``texts`` may pass the caller's :class:`QuoteTexts` (texts it has normalised already).
    """
    with _no_cycle_collection():
        return _group(items, texts if texts is not None else QuoteTexts())


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Pause the cycle collector: the grouping builds many small objects and no reference
    cycles, and the collector's passes over them would cost about a seventh of its time on
    large runs."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _group(items: Iterable[tuple[Quote, str | None]], texts: QuoteTexts) -> list[QuoteGroup]:
    groups = [_finish(d) for d in _drafts([texts.item(quote, speaker_id) for quote, speaker_id in items])]
    groups.sort(key=lambda g: (g.quote_id, g.members[0].doc_id, g.members[0].start))
    return groups


def number_groups(places: Iterable[tuple[str, str, int, int, str, str | None]],
                  texts: QuoteTexts | None = None) -> list[tuple[str, int, str | None]]:
    """Group quotes known by ``(quote_id, doc_id, start, end, text, speaker_id)`` as
    :func:`group_quotes` does, without their :class:`Quote` records.

    Returns ``(quote_id, group number, the group's speaker id)`` for each quote, groups
    numbered from 0 in the order they were made.  :func:`finish_group` makes a
    :class:`QuoteGroup` of one group's quotes.
    """
    memo = texts if texts is not None else QuoteTexts()
    with _no_cycle_collection():
        drafts = _drafts([memo.place(*place) for place in places])
        return [(it.quote_id, n, d.speaker_id) for n, d in enumerate(drafts) for it in d.items]


def finish_group(members: Iterable[tuple[Quote, str | None]], speaker_id: str | None,
                 texts: QuoteTexts | None = None) -> QuoteGroup:
    """The :class:`QuoteGroup` of the quotes :func:`number_groups` put in one group
    (``speaker_id``: the group's speaker id it gave)."""
    memo = texts if texts is not None else QuoteTexts()
    return _finish(_Draft(items=[memo.item(quote, sid) for quote, sid in members], speaker_id=speaker_id))


def _drafts(pool: list[_Item]) -> list[_Draft]:
    # a fixed order: longest first, then known speakers, then by document and place
    pool.sort(key=lambda it: (-it.words, it.speaker_id is None, it.speaker_id or "", it.norm,
                              it.doc_id, it.start, it.end, it.quote_id))
    drafts: list[_Draft] = []
    index = _MemberTexts(pool)
    for item in pool:
        target = _find_group(item, frozenset(item.keys), drafts, index)
        if target is None:
            target = len(drafts)
            drafts.append(_Draft(items=[], speaker_id=item.speaker_id))
        draft = drafts[target]
        draft.items.append(item)
        draft.speaker_id = draft.speaker_id or item.speaker_id
        index.add(item, target, draft.speaker_id)
    return drafts


@dataclass(slots=True)
class _Text:
    """A distinct normalised text among the groups' members."""

    item: _Item  # its first report (all reports of a text say the same words)
    ordered: list[str]  # its shingle keys, rarest first
    groups: list[int]  # the groups it is a member of
    speakers: set[str]  # the speakers of those groups when it joined them ("" for none)


class _MemberTexts:
    """The groups' member texts, looked up by shingle, so that a quote meets only the texts
    that could say the same words as it (prefix filtering, exact).

    Two different texts say the same words only when the shorter one's shingles are all
    the other's (containment), or when both have :data:`MIN_FUZZY_WORDS` words and share at
    least half the shingles of the one with fewer (the fuzzy rule): ``need`` shingles.  Each
    text's shingles are ordered rarest first (counted over the distinct texts to group).
    Of a pair sharing ``need``, the one with fewer shingles keeps at most ``need - 1`` of
    them after its first ``size - need + 1`` (its *prefix*), so one of those is the other's.
    A quote therefore looks its prefix up among every shingle of the texts with at least as
    many (texts already grouped are at least as long), and, for the fuzzy rule, all its
    shingles among the prefixes of the texts with fewer.  The first shingle a pair is found
    to share bounds what they can share: nothing rarer is common to both, so at most the
    remaining shingles of the one with fewer left (positional filtering); a pair that
    cannot reach ``need`` is dropped there.  Rare shingles are held by few texts, so the
    candidates do not grow with the corpus through common word sequences ("we will not").

    A quote with a known speaker passes over the texts all of whose groups had another
    speaker when the text joined them (a group keeps its speaker once it has one).
    """

    __slots__ = ("_counts", "_ordered", "_texts", "_every", "_prefixes")

    def __init__(self, pool: list[_Item]) -> None:
        counts: Counter[str] = Counter()
        seen: set[str] = set()
        for item in pool:
            if item.norm not in seen:
                seen.add(item.norm)
                counts.update(item.keys)
        self._counts = counts
        self._ordered: dict[str, list[str]] = {}  # text -> its shingle keys, rarest first
        self._texts: dict[str, _Text] = {}  # text -> the member text
        self._every: dict[str, list[_Text]] = {}  # shingle -> the texts that have it
        self._prefixes: dict[str, list[_Text]] = {}  # the same for prefixes (fuzzy-rule texts)

    def ordered(self, item: _Item) -> list[str]:
        """The item's shingle keys, rarest first (ties by key)."""
        found = self._ordered.get(item.norm)
        if found is None:
            found = sorted(sorted(k for k in item.keys if k.startswith("S:")), key=self._counts.__getitem__)
            self._ordered[item.norm] = found
        return found

    def candidates(self, item: _Item) -> list[_Text]:
        """Every member text that may say the same words as the item (its own text included)
        in a group whose speaker may agree with the item's."""
        found: dict[str, _Text] = {}
        same = self._texts.get(item.norm)
        if same is not None:
            found[item.norm] = same
        if item.words < MIN_CONTAINED_WORDS:
            return list(found.values())
        ordered = self.ordered(item)
        size = len(ordered)
        fuzzy = item.words >= MIN_FUZZY_WORDS
        need = (size + 1) // 2 if fuzzy else size  # containment: every shingle
        met: set[str] = set()  # texts met: judged where first met
        _meet(found, met, self._every, ordered, size - need + 1, need, item.speaker_id)
        if fuzzy:
            _meet(found, met, self._prefixes, ordered, size, 0, item.speaker_id)
        return list(found.values())

    def add(self, item: _Item, group: int, speaker_id: str | None) -> None:
        """The item is now a member of ``group``, whose speaker is ``speaker_id``."""
        text = self._texts.get(item.norm)
        if text is not None:
            if group not in text.groups:
                text.groups.append(group)
            text.speakers.add(speaker_id or "")
            return
        ordered = self.ordered(item)
        text = _Text(item, ordered, [group], {speaker_id or ""})
        self._texts[item.norm] = text
        every = self._every
        for key in ordered:
            every.setdefault(key, []).append(text)
        if item.words >= MIN_FUZZY_WORDS:
            prefixes = self._prefixes
            for key in ordered[:len(ordered) // 2 + 1]:  # what texts with more shingles look up
                prefixes.setdefault(key, []).append(text)


def _meet(found: dict[str, _Text], met: set[str], postings: dict[str, list[_Text]],
          ordered: list[str], stop: int, need: int, speaker_id: str | None) -> None:
    """Add to ``found`` the texts listed under the first ``stop`` of a quote's ``ordered``
    shingles that may share enough with it: ``need`` shingles, those with at least as many
    shingles as the quote; with ``need`` 0, half the other's, those with fewer.  With a
    ``speaker_id``, only texts that joined a group without a speaker or with this one."""
    size = len(ordered)
    for i in range(stop):
        key = ordered[i]
        texts = postings.get(key)
        if texts is None:
            continue
        for text in texts:
            other = len(text.ordered)
            if (other < size) if need else (other >= size):
                continue
            if speaker_id is not None and speaker_id not in text.speakers and "" not in text.speakers:
                continue
            norm = text.item.norm
            if norm in met:
                continue
            met.add(norm)
            # nothing rarer is common to both: at most the shingles left after this one
            left = 1 + min(size - i - 1, other - text.ordered.index(key) - 1)
            if left >= (need or (other + 1) // 2):
                found[norm] = text


def _find_group(item: _Item, keys: frozenset[str], drafts: list[_Draft], index: _MemberTexts) -> int | None:
    """The first group (in creation order) whose first quote shares a lookup key with the
    item (``keys``: its keys), with a member saying the same words, its speaker agreeing;
    None when none.

    The members saying the same words are among :meth:`_MemberTexts.candidates`; a text's
    words are compared only when one of its groups could come first.
    """
    best: int | None = None
    for text in index.candidates(item):
        viable = [n for n in text.groups if (best is None or n < best)
                  and _speakers_agree(item.speaker_id, drafts[n].speaker_id)
                  and not keys.isdisjoint(drafts[n].items[0].keys)]
        if viable and (text.item.norm == item.norm or _same_texts(item.norm, item.words, keys, text.item.norm,
                                                                  text.item.words, text.item.keys)):
            best = min(viable)
    return best


def _speakers_agree(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


def same_words(a: str, b: str) -> bool:
    """Whether two quote texts say the same words (the module's rules)."""
    return QuoteTexts().same(a, b)


def _same_texts(a: str, a_words: int, a_keys: frozenset[str], b: str, b_words: int, b_keys: tuple[str, ...]) -> bool:
    """Whether two normalised texts (with their word counts and distinct lookup keys) say the same words."""
    if a == b:
        return True
    short, short_words, long_ = (a, a_words, b) if a_words <= b_words else (b, b_words, a)
    if short_words >= MIN_CONTAINED_WORDS and f" {short} " in f" {long_} ":
        return True  # (the short one's shingles are all the long one's)
    if short_words < MIN_FUZZY_WORDS:
        return False
    # fuzz.ratio is at most 200 * shorter / (both lengths): texts too unequal in length fail
    # without counting shared shingles (most pairs a grouping meets)
    chars_a, chars_b = len(a), len(b)
    if 200 * min(chars_a, chars_b) < MIN_SIMILARITY * (chars_a + chars_b) - 1e-6:
        return False
    # lightly edited copy keeps most word sequences: at least half the shorter text's shingles
    shared = len(a_keys.intersection(b_keys))
    return 2 * shared >= min(len(a_keys), len(b_keys)) - 1 and fuzz.ratio(a, b) >= MIN_SIMILARITY


def lookup_keys(text: str) -> list[str]:
    """What a quote is looked up by: its normalised text and its word shingles.  A quote
    only joins a group through a member sharing one of these keys with it."""
    return _keys(normalize_quote(text))


def key_hash(key: str) -> int:
    """A stable signed 64-bit hash of a lookup key (what a store indexes quotes by)."""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "big", signed=True)


def hashed_keys(text: str) -> list[int]:
    """:func:`key_hash` of each of :func:`lookup_keys` (a pure function of the text: run it
    where the quote was found)."""
    return [key_hash(key) for key in lookup_keys(text)]


def _keys(norm: str) -> list[str]:
    return [f"N:{norm}", *(f"S:{' '.join(sh)}" for sh in dict.fromkeys(_shingles(norm)))]


def _shingles(norm: str) -> list[tuple[str, ...]]:
    words = norm.split()
    if len(words) < _SHINGLE:
        return []
    return [tuple(words[i:i + _SHINGLE]) for i in range(len(words) - _SHINGLE + 1)]


def _finish(draft: _Draft) -> QuoteGroup:
    items = sorted([(it, it.quote) for it in draft.items if it.quote is not None],
                   key=lambda pair: (pair[1].doc_id, pair[1].start, pair[1].end))
    longest, quote = min(items, key=lambda pair: (-pair[0].words, pair[1].kind == "indirect", pair[1].doc_id,
                                                  pair[1].start))
    with_speaker = [q for it, q in items if q.speaker is not None
                    and (draft.speaker_id is None or it.speaker_id == draft.speaker_id)]
    speaker = (with_speaker[0].speaker if with_speaker else None)
    cues = Counter(q.cue for _, q in items if q.cue)
    cue = min(cues, key=lambda c: (-cues[c], c)) if cues else None
    key = f"{draft.speaker_id or ''}|{longest.norm}"
    return QuoteGroup(
        quote_id=hashlib.sha256(key.encode("utf-8")).hexdigest()[:16],
        text=quote.text, speaker=speaker, speaker_id=draft.speaker_id, cue=cue,
        direct=any(q.kind != "indirect" for _, q in items), kind=quote.kind,
        members=[q for _, q in items])
