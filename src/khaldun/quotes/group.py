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
:func:`number_groups` takes where each quote is and what it says (a
:class:`QuotePlaces`, in columns) and returns each quote's group number;
:func:`finish_group` then makes the :class:`QuoteGroup` of one group's quotes,
read a few groups at a time.  A first run groups every quote of the run at
once, so what it holds a distinct text is kept small: the text's words, and its
keys as hashes in one array (:class:`QuoteTexts`); the lookup index is a few
arrays built once (:class:`_MemberTexts`).
"""

from __future__ import annotations

import gc
import hashlib
import re
import unicodedata
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import fuzz

from khaldun.records import ActorRef, Quote

__all__ = ["MIN_CONTAINED_WORDS", "MIN_FUZZY_WORDS", "MIN_SIMILARITY", "QuoteGroup", "QuotePlaces", "QuoteTexts",
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
    """A quote as a group holds it: where it is, its speaker, its text (its number in the
    :class:`QuoteTexts`) and that text's words."""

    quote: Quote
    quote_id: str
    doc_id: str
    start: int
    end: int
    speaker_id: str | None
    text: int
    norm: str
    words: int


class QuoteTexts:
    """Quote texts normalised once each: their words, lookup keys, and the same-words test.

    A memo owned by its caller (one grouping, one closure search) and dropped with it: the
    same text reported by many documents is normalised once.  A grouping of a whole run
    holds every distinct text of it, so each is held compactly: a number, its normalised
    text, its word count, and its lookup keys as hashes in one array shared by every text
    (Python's ``hash`` of each key: they live no longer than the memo), not as strings.
    """

    __slots__ = ("_ids", "_norms", "_words", "_keys", "_ends")

    def __init__(self) -> None:
        self._ids: dict[str, int] = {}  # text as given -> its number
        self._norms: list[str] = []
        self._words: list[int] = []
        self._keys = array("q")  # each text's key hashes in turn: its normalised text's, then its shingles'
        self._ends = array("q", [0])  # text n's keys are _keys[_ends[n]:_ends[n + 1]]

    def __len__(self) -> int:
        return len(self._norms)

    def number(self, text: str) -> int:
        """The text's number in this memo (texts are numbered from 0 as first given)."""
        found = self._ids.get(text)
        if found is None:
            norm = normalize_quote(text)
            found = len(self._norms)
            self._ids[text] = found
            self._norms.append(norm)
            self._words.append(len(norm.split()))
            self._keys.extend([hash(key) for key in _keys(norm)])
            self._ends.append(len(self._keys))
        return found

    def item(self, quote: Quote, speaker_id: str | None) -> _Item:
        """The quote as a group holds it."""
        n = self.number(quote.text)
        return _Item(quote, quote.quote_id, quote.doc_id, quote.start, quote.end, speaker_id, n,
                     self._norms[n], self._words[n])

    def forget_given(self) -> None:
        """Let go of the texts as given, keeping their numbers' words and keys: all that
        :func:`number_groups` reads of the texts of a :class:`QuotePlaces`.  A text asked about
        afterwards is numbered again."""
        self._ids = {}

    def keys(self, text: str) -> list[str]:
        """What :func:`lookup_keys` gives for ``text``."""
        return _keys(self._norms[self.number(text)])

    def key_count(self, text: str) -> int:
        """How many lookup keys ``text`` has."""
        n = self.number(text)
        return self._ends[n + 1] - self._ends[n]

    def same(self, a: str, b: str) -> bool:
        """What :func:`same_words` says of two texts."""
        x, y = self.number(a), self.number(b)
        return self._same(x, frozenset(self._hashes(x)), y)

    def _hashes(self, n: int) -> array[int]:
        return self._keys[self._ends[n]:self._ends[n + 1]]

    def _same(self, x: int, x_keys: frozenset[int], y: int) -> bool:
        return _same_texts(self._norms[x], self._words[x], x_keys, self._norms[y], self._words[y], self._hashes(y))


class QuotePlaces:
    """Quotes known by their place and text, what :func:`number_groups` groups, held in
    columns: each quote's id, document id and speaker id (strings the caller may share),
    offsets, and its text's number in :attr:`texts`."""

    __slots__ = ("texts", "quote_ids", "doc_ids", "starts", "ends", "numbers", "speaker_ids")

    def __init__(self, texts: QuoteTexts | None = None) -> None:
        self.texts = texts if texts is not None else QuoteTexts()
        self.quote_ids: list[str] = []
        self.doc_ids: list[str] = []
        self.starts = array("q")
        self.ends = array("q")
        self.numbers = array("q")
        self.speaker_ids: list[str | None] = []

    def __len__(self) -> int:
        return len(self.quote_ids)

    def add(self, quote_id: str, doc_id: str, start: int, end: int, text: str, speaker_id: str | None) -> None:
        self.quote_ids.append(quote_id)
        self.doc_ids.append(doc_id)
        self.starts.append(start)
        self.ends.append(end)
        self.numbers.append(self.texts.number(text))
        self.speaker_ids.append(speaker_id)


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
    pool = [texts.item(quote, speaker_id) for quote, speaker_id in items]
    order = sorted(range(len(pool)), key=lambda i: _visit(pool[i].words, pool[i].speaker_id, pool[i].norm,
                                                          pool[i].doc_id, pool[i].start, pool[i].end,
                                                          pool[i].quote_id))
    groups, speakers = _assign(texts, order, [it.text for it in pool], [it.speaker_id for it in pool])
    drafts = [_Draft(items=[], speaker_id=speaker_id) for speaker_id in speakers]
    for position, i in enumerate(order):
        drafts[groups[position]].items.append(pool[i])
    finished = [_finish(d) for d in drafts]
    finished.sort(key=lambda g: (g.quote_id, g.members[0].doc_id, g.members[0].start))
    return finished


def _visit(words: int, speaker_id: str | None, norm: str, doc_id: str, start: int, end: int,
           quote_id: str) -> tuple[int, bool, str, str, str, int, int, str]:
    """Where a quote comes in the fixed order quotes are visited: longest first, then known
    speakers, then by document and place."""
    return (-words, speaker_id is None, speaker_id or "", norm, doc_id, start, end, quote_id)


def number_groups(places: QuotePlaces | Iterable[tuple[str, str, int, int, str, str | None]],
                  texts: QuoteTexts | None = None) -> list[tuple[str, int, str | None]]:
    """Group quotes known by ``(quote_id, doc_id, start, end, text, speaker_id)`` (or a
    :class:`QuotePlaces` of them) as :func:`group_quotes` does, without their :class:`Quote`
    records.

    ``texts`` numbers the texts of tuples given (a new :class:`QuoteTexts` if None); a
    :class:`QuotePlaces` brings its own (``places.texts``), and ``texts`` is not used then.

    Returns ``(quote_id, group number, the group's speaker id)`` for each quote, groups
    numbered from 0 in the order they were made, each group's quotes together in the order
    visited.  :func:`finish_group` makes a :class:`QuoteGroup` of one group's quotes.
    """
    if not isinstance(places, QuotePlaces):
        given = QuotePlaces(texts)
        for place in places:
            given.add(*place)
        places = given
    memo = places.texts
    ids, docs, starts, ends, numbers, speakers = (places.quote_ids, places.doc_ids, places.starts, places.ends,
                                                  places.numbers, places.speaker_ids)
    norms, words = memo._norms, memo._words
    order = sorted(range(len(ids)), key=lambda i: _visit(words[numbers[i]], speakers[i], norms[numbers[i]],
                                                         docs[i], starts[i], ends[i], ids[i]))
    if not order:
        return []
    with _no_cycle_collection():
        groups, group_speakers = _assign(memo, order, numbers, speakers)
    # each group's quotes together, groups in the order made, quotes in the order visited
    visits: list[int] = np.argsort(np.frombuffer(groups, dtype=np.int64), kind="stable").tolist()
    return [(ids[order[p]], groups[p], group_speakers[groups[p]]) for p in visits]


def finish_group(members: Iterable[tuple[Quote, str | None]], speaker_id: str | None,
                 texts: QuoteTexts | None = None) -> QuoteGroup:
    """The :class:`QuoteGroup` of the quotes :func:`number_groups` put in one group
    (``speaker_id``: the group's speaker id it gave)."""
    memo = texts if texts is not None else QuoteTexts()
    return _finish(_Draft(items=[memo.item(quote, sid) for quote, sid in members], speaker_id=speaker_id))


def _assign(memo: QuoteTexts, order: list[int], numbers: Sequence[int], speakers: Sequence[str | None]
            ) -> tuple[array[int], list[str | None]]:
    """Visit the quotes in ``order`` (each known by its text's number in ``memo`` and its
    speaker id), each joining the first group made whose first quote shares a lookup key with
    it and that holds a member saying the same words, the speakers agreeing, or making a new
    one.  Returns each visit's group number, and each group's speaker id."""
    # the distinct normalised texts, numbered as first visited (a text's reports say the same words)
    pool: dict[str, int] = {}
    firsts = array("q")  # each distinct text's number in the memo
    visited = array("q")  # each visit's distinct text
    norms = memo._norms
    for i in order:
        number = numbers[i]
        t = pool.setdefault(norms[number], len(firsts))
        if t == len(firsts):
            firsts.append(number)
        visited.append(t)
    del pool
    index = _MemberTexts(memo, firsts)
    groups = array("q")
    group_speakers: list[str | None] = []
    group_firsts = array("q")  # the memo number of each group's first quote's text
    for position, i in enumerate(order):
        t = visited[position]
        speaker_id = speakers[i]
        target = _find_group(memo, index, t, speaker_id, group_speakers, group_firsts)
        if target < 0:
            target = len(group_speakers)
            group_speakers.append(speaker_id)
            group_firsts.append(firsts[t])
        else:
            group_speakers[target] = group_speakers[target] or speaker_id
        groups.append(target)
        index.add(t, target, group_speakers[target])
    return groups, group_speakers


def _find_group(memo: QuoteTexts, index: _MemberTexts, t: int, speaker_id: str | None,
                group_speakers: list[str | None], group_firsts: array[int]) -> int:
    """The first group (in creation order) whose first quote shares a lookup key with a
    quote of the distinct text ``t`` (and ``speaker_id``), with a member saying the same
    words, its speaker agreeing; -1 when none.

    The members saying the same words are among :meth:`_MemberTexts.candidates`; a text's
    words are compared only when one of its groups could come first.
    """
    number = index.firsts[t]
    keys = frozenset(memo._hashes(number))
    best = -1
    for other in index.candidates(t, speaker_id):
        low = -1
        for n in index.groups(other):
            if ((best < 0 or n < best) and (low < 0 or n < low)
                    and _speakers_agree(speaker_id, group_speakers[n])
                    and not keys.isdisjoint(memo._hashes(group_firsts[n]))):
                low = n
        if low >= 0 and (other == t or memo._same(number, keys, index.firsts[other])):
            best = low
    return best


#: Where a member text's speaker is kept: it joined groups of several speakers (not a speaker id).
_SEVERAL = "\x00several"


class _Postings:
    """For each shingle (numbered), the texts holding it in the order they are visited, and
    where it is in each one's order: ``holders[starts[k]:starts[k + 1]]``."""

    __slots__ = ("holders", "places", "starts")

    def __init__(self, holders: np.ndarray, places: np.ndarray, shingles: np.ndarray, count: int) -> None:
        ends = np.zeros(count + 1, dtype=np.int64)
        np.cumsum(np.bincount(shingles, minlength=count), out=ends[1:])
        self.holders = holders.data
        self.places = places.data
        self.starts = ends.data


class _MemberTexts:
    """The distinct texts of a grouping, looked up by shingle, so that a quote meets only
    the member texts (those of quotes visited before it) that could say the same words as it
    (prefix filtering, exact).

    Two different texts say the same words only when the shorter one's shingles are all
    the other's (containment), or when both have :data:`MIN_FUZZY_WORDS` words and share at
    least half the shingles of the one with fewer (the fuzzy rule): ``need`` shingles.  Each
    text's shingles are ordered rarest first (counted over the distinct texts to group, ties
    by hash).  Of a pair sharing ``need``, the one with fewer shingles keeps at most
    ``need - 1`` of them after its first ``size - need + 1`` (its *prefix*), so one of those
    is the other's.  A quote therefore looks its prefix up among every shingle of the texts
    with at least as many (texts already grouped are at least as long), and, for the fuzzy
    rule, all its shingles among the prefixes of the texts with fewer.  The first shingle a
    pair is found to share bounds what they can share: nothing rarer is common to both, so
    at most the remaining shingles of the one with fewer left (positional filtering); a pair
    that cannot reach ``need`` is dropped there.  Rare shingles are held by few texts, so
    the candidates do not grow with the corpus through common word sequences ("we will not").

    A quote with a known speaker passes over the texts all of whose groups had another
    speaker when the text joined them (a group keeps its speaker once it has one).

    Every distinct text's shingles are known before the first is visited, so the index is
    built once, in arrays: each text's shingles in order, and each shingle's holders in the
    order the texts are visited (the members are those visited so far: a prefix of each).
    Each text's groups and speakers are kept as one number and one string, with more only
    for the texts that have more.
    """

    __slots__ = ("firsts", "_words", "_sizes", "_bounds", "_order", "_every", "_prefixes", "_added",
                 "_groups", "_more_groups", "_speakers", "_more_speakers")

    def __init__(self, memo: QuoteTexts, firsts: array[int]) -> None:
        self.firsts = firsts  # each distinct text's number in the memo
        self._added = 0  # the distinct texts 0 .. _added - 1 are members
        self._groups = array("q")  # each member text's first group
        self._more_groups: dict[int, list[int]] = {}  # every group of the texts in more than one
        # each member text's group's speaker when it joined ("" for none; _SEVERAL: see _more_speakers)
        self._speakers: list[str] = []
        self._more_speakers: dict[int, set[str]] = {}  # the speakers of the texts that joined several
        size = len(firsts)
        texts = np.frombuffer(firsts, dtype=np.int64) if size else np.zeros(0, dtype=np.int64)
        ends = np.frombuffer(memo._ends, dtype=np.int64)
        starts = ends[texts] + 1  # (a text's first key is its normalised text's)
        counts = ends[texts + 1] - starts
        words = np.asarray(memo._words, dtype=np.int64)[texts]
        del ends, texts
        bounds = np.zeros(size + 1, dtype=np.int64)
        np.cumsum(counts, out=bounds[1:])
        total = int(bounds[-1])
        holder = np.repeat(np.arange(size, dtype=np.int32), counts)
        place = np.arange(total, dtype=np.int64) - np.repeat(bounds[:-1], counts)  # a shingle's place in its text
        hashes = np.frombuffer(memo._keys, dtype=np.int64) if len(memo._keys) else np.zeros(0, dtype=np.int64)
        shingle_hashes = hashes[np.repeat(starts, counts) + place]
        del hashes, starts
        _, shingles, held = np.unique(shingle_hashes, return_inverse=True, return_counts=True)
        del shingle_hashes
        shingles = shingles.reshape(-1).astype(np.int32)
        # each text's shingles, rarest first (ties by hash): texts stay in turn, their places unchanged
        order = shingles[np.lexsort((shingles, held[shingles], holder))]
        del shingles
        by_shingle = np.lexsort((holder, order))  # each shingle's holders, in the order visited
        holder, place, key = holder[by_shingle], place[by_shingle].astype(np.int32), order[by_shingle]
        del by_shingle
        self._every = _Postings(holder, place, key, len(held))
        # what a text with more shingles looks up for the fuzzy rule: the prefixes of fuzzy-rule texts
        prefix = (place <= counts[holder] // 2) & (words[holder] >= MIN_FUZZY_WORDS)
        self._prefixes = _Postings(holder[prefix], place[prefix], key[prefix], len(held))
        del holder, place, key, prefix
        self._sizes: list[int] = counts.tolist()  # each distinct text's shingle count
        self._words: list[int] = words.tolist()
        self._bounds = bounds.data  # text t's shingles are _order[_bounds[t]:_bounds[t + 1]]
        self._order = order

    def groups(self, t: int) -> list[int]:
        """The groups member text ``t`` is in."""
        more = self._more_groups.get(t)
        return more if more is not None else [self._groups[t]]

    def candidates(self, t: int, speaker_id: str | None) -> list[int]:
        """Every member text that may say the same words as the distinct text ``t`` (itself
        included) in a group whose speaker may agree with ``speaker_id``."""
        found = [t] if t < self._added else []
        words = self._words[t]
        if words < MIN_CONTAINED_WORDS:
            return found
        size = self._sizes[t]
        fuzzy = words >= MIN_FUZZY_WORDS
        need = (size + 1) // 2 if fuzzy else size  # containment: every shingle
        met = {t}  # texts met: judged where first met
        self._meet(found, met, self._every, t, size - need + 1, need, speaker_id)
        if fuzzy:
            self._meet(found, met, self._prefixes, t, size, 0, speaker_id)
        return found

    def _meet(self, found: list[int], met: set[int], postings: _Postings, t: int, stop: int, need: int,
              speaker_id: str | None) -> None:
        """Add to ``found`` the member texts listed in ``postings`` under one of the first
        ``stop`` of text ``t``'s shingles that may share enough with it: ``need`` shingles,
        those with at least as many shingles as it; with ``need`` 0, half the other's, those
        with fewer.  With a ``speaker_id``, only texts that joined a group without a speaker
        or with this one."""
        sizes, holders, places, starts = self._sizes, postings.holders, postings.places, postings.starts
        added = self._added
        first = self._bounds[t]
        size = sizes[t]
        shingles: list[int] = self._order[first:first + stop].tolist()
        joined = self._speakers
        for i in range(stop):
            shingle = shingles[i]
            for p in range(starts[shingle], starts[shingle + 1]):
                other_text = holders[p]
                if other_text >= added:
                    break  # (holders in the order visited: the rest are not members yet)
                if speaker_id is not None:
                    speaker = joined[other_text]
                    if speaker != speaker_id and speaker != "" and (
                            speaker is not _SEVERAL or not self._several_agree(other_text, speaker_id)):
                        continue
                other = sizes[other_text]
                if (other < size) if need else (other >= size):
                    continue
                if other_text in met:
                    continue
                met.add(other_text)
                # nothing rarer is common to both: at most the shingles left after this one
                left = 1 + min(size - i - 1, other - places[p] - 1)
                if left >= (need or (other + 1) // 2):
                    found.append(other_text)

    def _several_agree(self, t: int, speaker_id: str) -> bool:
        """Whether member text ``t``, which joined groups of several speakers, joined one
        without a speaker or with ``speaker_id``."""
        speakers = self._more_speakers[t]
        return speaker_id in speakers or "" in speakers

    def add(self, t: int, group: int, speaker_id: str | None) -> None:
        """A quote of distinct text ``t`` is now a member of ``group``, whose speaker is ``speaker_id``."""
        speaker = speaker_id or ""
        if t >= self._added:  # its first quote: the next text visited
            self._added = t + 1
            self._groups.append(group)
            self._speakers.append(speaker)
            return
        more = self._more_groups.get(t)
        if more is None:
            if self._groups[t] != group:
                self._more_groups[t] = [self._groups[t], group]
        elif group not in more:
            more.append(group)
        joined = self._speakers[t]
        if joined is _SEVERAL:
            self._more_speakers[t].add(speaker)
        elif joined != speaker:
            self._more_speakers[t] = {joined, speaker}
            self._speakers[t] = _SEVERAL


def _speakers_agree(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


def same_words(a: str, b: str) -> bool:
    """Whether two quote texts say the same words (the module's rules)."""
    return QuoteTexts().same(a, b)


def _same_texts(a: str, a_words: int, a_keys: frozenset[int], b: str, b_words: int, b_keys: Sequence[int]) -> bool:
    """Whether two normalised texts (with their word counts and their distinct lookup keys' hashes)
    say the same words."""
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
    items = sorted([(it, it.quote) for it in draft.items], key=lambda pair: (pair[1].doc_id, pair[1].start,
                                                                           pair[1].end))
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
