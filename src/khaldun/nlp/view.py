"""One parsed document read once: its tokens, tree, sentences and entities as plain lists.

spaCy builds a new ``Token`` at every ``doc[i]``, ``token.head``,
``token.children`` and ``span.text``; the mention, actor and quote stages ask
for the same tokens thousands of times a document.  A :class:`DocView` reads
each attribute once for the whole document (from the parse's arrays where it
can) and answers by token index: ``view.dep[i]``, ``view.children(i)``,
``view.span_text(start, end)``.  It lives as long as the document's mentions
(:class:`~khaldun.actors.mentions.DocMentions` carries it to the later
stages: events, places, quotes), so nothing outlives the document.
"""

from __future__ import annotations

import bisect
import operator
from collections.abc import Callable

import numpy as np
from spacy.attrs import (
    DEP,
    ENT_IOB,
    ENT_TYPE,
    HEAD,
    IDX,
    IS_ALPHA,
    IS_PUNCT,
    IS_SPACE,
    LEMMA,
    LOWER,
    ORTH,
    POS,
    SPACY,
    TAG,
)
from spacy.tokens import Doc, Span, Token  # at run time: a compiled build reads them

__all__ = ["NESTED_CLAUSES", "DocView", "StringCache", "token_index"]

#: Dependencies of a clause nested in another (see :meth:`DocView.clause`).
NESTED_CLAUSES = frozenset({"ccomp", "relcl", "advcl", "acl", "xcomp", "conj", "parataxis", "csubj"})
_IOB = ("", "I", "O", "B")  # spaCy's IOB_STRINGS, indexed by Token.ent_iob
_TRAILING = ("", " ")  # what follows a token, by its SPACY flag

# the parse's arrays read in one call; string columns first (see DocView.__init__)
_STRINGS = (ORTH, LOWER, LEMMA, POS, TAG, DEP)
_ATTRS = [*_STRINGS, HEAD, IDX, SPACY, IS_PUNCT, IS_SPACE, IS_ALPHA, ENT_IOB, ENT_TYPE]


class StringCache:
    """A bounded memo of the string store: hash -> string.

    A hash names the same string in every vocabulary, so the memo can serve
    every document of a process; it is emptied when it reaches ``size``.
    Looking a hash up here is several times cheaper than in spaCy's
    ``StringStore``.
    """

    def __init__(self, size: int = 1 << 16) -> None:
        self.size = size
        self._strings: dict[int, str] = {}
        self._lowered: dict[int, str] = {}  # hash -> its string in lower case

    def strings(self, doc: Doc, hashes: list[int]) -> list[str]:
        """The strings of ``hashes`` (from ``doc``'s vocabulary)."""
        store = doc.vocab.strings
        return self._answer(self._strings, hashes, lambda missing: [store[h] for h in missing])

    def lowered(self, doc: Doc, hashes: list[int]) -> list[str]:
        """The strings of ``hashes`` in lower case (``str.lower``, once per string)."""
        return self._answer(self._lowered, hashes,
                            lambda missing: [text.lower() for text in self.strings(doc, missing)])

    def _answer(self, known: dict[int, str], hashes: list[int],
                fill: Callable[[list[int]], list[str]]) -> list[str]:
        """``known[h]`` for every hash, the missing ones made by ``fill`` first (``known`` emptied when full)."""
        try:
            return list(map(known.__getitem__, hashes))  # the usual case: every string seen before
        except KeyError:
            pass
        missing = set(hashes).difference(known)
        if len(known) + len(missing) > self.size:
            known.clear()
            missing = set(hashes)
        ordered = list(missing)
        known.update(zip(ordered, fill(ordered)))
        return list(map(known.__getitem__, hashes))


def token_index(token: Token | int) -> int:
    """The index of a spaCy ``Token``, or the index itself: for code that takes either."""
    return token if isinstance(token, int) else token.i

#: Parts of speech that head a nested clause.
_VERBAL = frozenset({"VERB", "AUX"})


class DocView:
    """Index-based, read-once access to one parsed document.

    ``words[i]`` is ``doc[i].text``; ``lower``, ``pos``, ``tag``, ``dep`` the
    matching ``*_`` attributes, ``lemma_lower`` is ``lemma_.lower()``;
    ``heads[i]`` the head's index, ``starts[i]``/``ends[i]`` the token's
    character span, ``spaced[i]`` whether whitespace follows it.  Token-valued
    answers (``children``, ``lefts``, ``subtree``) are token indices, and
    :meth:`token` builds (once) the ``Token`` of an index.  Orders follow
    spaCy's: ``children`` is ``lefts`` then ``rights``, each ascending, and
    ``subtree`` walks lefts, the token, then rights.  ``strings`` (a
    :class:`StringCache` kept by the caller across documents) makes reading
    the string columns cheaper.
    """

    def __init__(self, doc: Doc, strings: StringCache | None = None) -> None:
        self.doc = doc
        n = self.n = len(doc)
        array = doc.to_array(_ATTRS) if n else np.zeros((0, len(_ATTRS)), dtype=np.uint64)
        cache = strings if strings is not None else StringCache()
        columns = array[:, :len(_STRINGS)].T.tolist()
        self.words, self.lower, lemmas, self.pos, self.tag, self.dep = (
            cache.strings(doc, column) for column in columns)
        self.lemma_raw: list[str] = lemmas  # ``lemma_`` as the lemmatizer wrote it
        self.lemma_lower: list[str] = cache.lowered(doc, columns[2])
        k = len(_STRINGS)
        offsets = array[:, k].astype(np.int64)  # relative, negative ones wrapped round in uint64
        self.heads: list[int] = (offsets + np.arange(n, dtype=np.int64)).tolist()
        self.starts: list[int] = array[:, k + 1].tolist()
        flags = array[:, k + 2:k + 6].astype(bool).T.tolist()
        self.spaced: list[bool] = flags[0] if n else []
        self.is_punct: list[bool] = flags[1] if n else []
        self.is_space: list[bool] = flags[2] if n else []
        self.is_alpha: list[bool] = flags[3] if n else []
        self.ent_iob: list[int] = array[:, k + 6].tolist()  # 1 inside, 2 outside, 3 beginning, 0 unset
        self.ent_type: list[int] = array[:, k + 7].tolist()
        self.ends: list[int] = list(map(operator.add, self.starts, map(len, self.words)))
        #: ``doc.text`` (built from the columns: spaCy's own joins a new Token per word)
        self.text: str = "".join(map(operator.add, self.words, map(_TRAILING.__getitem__, self.spaced)))
        # children as one flat list grouped by head (ascending within each head), and where each head's
        # group begins: a few lists a document rather than one per token
        index = np.arange(n, dtype=np.int64)
        heads = offsets + index
        dependent = heads != index
        by_head = np.argsort(heads[dependent], kind="stable")
        self._kids: list[int] = index[dependent][by_head].tolist()
        self._first_kid: list[int] = np.searchsorted(heads[dependent][by_head], np.arange(n + 1)).tolist()
        self._tokens: dict[int, Token] = {}
        self._clauses: dict[int, tuple[int, ...]] = {}
        self._conj_groups: dict[int, tuple[int, ...]] = {}
        self._sents: list[Span] | None = None
        self._sent_of: list[int] | None = None
        self._sent_roots: list[int] | None = None
        self._ents: list[Span] | None = None
        self._ent_labels: list[str] | None = None
        self._ent_roots: list[int] | None = None
        self._ent_label: list[str] | None = None
        self._ent_iob_: list[str] | None = None
        self._ent_start_list: list[int] | None = None

    def __len__(self) -> int:
        return self.n

    def token(self, i: int) -> Token:
        """The spaCy ``Token`` at index ``i``, built once."""
        tok = self._tokens.get(i)
        if tok is None:
            tok = self._tokens[i] = self.doc[i]
        return tok

    # -- sentences and entities -----------------------------------------------------
    # Read on first use and kept: plain properties over ``_*`` slots rather than
    # ``functools.cached_property``, which a compiled build (``KHALDUN_COMPILE``, see
    # docs/scaling.md) cannot keep and would recompute at every access.
    @property
    def sents(self) -> list[Span]:
        """``list(doc.sents)``, built once."""
        if self._sents is None:
            self._sents = list(self.doc.sents)
        return self._sents

    @property
    def sent_of(self) -> list[int]:
        """Sentence number of each token."""
        if self._sent_of is None:
            out = [0] * self.n
            for k, sent in enumerate(self.sents):
                out[sent.start:sent.end] = [k] * (sent.end - sent.start)
            self._sent_of = out
        return self._sent_of

    @property
    def sent_roots(self) -> list[int]:
        """``sent.root.i`` of each sentence."""
        if self._sent_roots is None:
            self._sent_roots = [sent.root.i for sent in self.sents]
        return self._sent_roots

    @property
    def ents(self) -> list[Span]:
        """``doc.ents``, built once."""
        if self._ents is None:
            self._ents = list(self.doc.ents)
        return self._ents

    @property
    def ent_labels(self) -> list[str]:
        """``ent.label_`` of each entity of :attr:`ents`."""
        if self._ent_labels is None:
            self._ent_labels = [ent.label_ for ent in self.ents]
        return self._ent_labels

    @property
    def ent_roots(self) -> list[int]:
        """``ent.root.i`` of each entity of :attr:`ents`."""
        if self._ent_roots is None:
            self._ent_roots = [ent.root.i for ent in self.ents]
        return self._ent_roots

    @property
    def ent_label(self) -> list[str]:
        """``ent_type_`` of each token ("" outside entities)."""
        if self._ent_label is None:
            strings = self.doc.vocab.strings
            names = {h: strings[h] if h else "" for h in set(self.ent_type)}  # each label read once
            self._ent_label = list(map(names.__getitem__, self.ent_type))
        return self._ent_label

    @property
    def ent_iob_(self) -> list[str]:
        """``ent_iob_`` of each token ("B", "I", "O" or "")."""
        if self._ent_iob_ is None:
            self._ent_iob_ = [_IOB[v] for v in self.ent_iob]
        return self._ent_iob_

    def _ent_starts(self) -> list[int]:
        if self._ent_start_list is None:
            self._ent_start_list = [ent.start for ent in self.ents]
        return self._ent_start_list

    def ents_within(self, start: int, end: int) -> list[Span]:
        """``doc[start:end].ents``: the entities from the first starting in the span, up to one ending past it."""
        out = []
        for ent in self.ents[bisect.bisect_left(self._ent_starts(), start):]:
            if ent.end > end:
                break
            out.append(ent)
        return out

    def sentence_ents(self, k: int) -> list[int]:
        """Indices into :attr:`ents` of the entities inside sentence ``k`` (as ``Span.ents``)."""
        sent = self.sents[k]
        out = []
        for n, ent in enumerate(self.ents):
            if ent.start >= sent.start:
                if ent.end <= sent.end:
                    out.append(n)
                else:
                    break
        return out

    # -- the tree -----------------------------------------------------------------------
    def children(self, i: int) -> list[int]:
        """Indices of the children of token ``i``, in order."""
        return self._kids[self._first_kid[i]:self._first_kid[i + 1]]

    def lefts(self, i: int) -> list[int]:
        return [c for c in self._kids[self._first_kid[i]:self._first_kid[i + 1]] if c < i]

    def rights(self, i: int) -> list[int]:
        return [c for c in self._kids[self._first_kid[i]:self._first_kid[i + 1]] if c > i]

    def descendants(self, i: int) -> list[int]:
        """The tokens of :meth:`subtree` in no particular order (breadth first, no recursion: cheaper
        where the order does not matter); ``min`` and ``max`` of it are ``left_edge`` and ``right_edge``."""
        kids, first = self._kids, self._first_kid
        out = [i]
        for j in out:  # grows while it is read
            out.extend(kids[first[j]:first[j + 1]])
        return out

    def subtree(self, i: int) -> list[int]:
        """The token and its descendants, in spaCy's ``Token.subtree`` order."""
        out: list[int] = []
        kids, first = self._kids, self._first_kid

        def walk(j: int) -> None:
            below = kids[first[j]:first[j + 1]]
            for c in below:
                if c < j:
                    walk(c)
            out.append(j)
            for c in below:
                if c > j:
                    walk(c)

        walk(i)
        return out

    def clause(self, head: int) -> tuple[int, ...]:
        """Indices of the clause headed by ``head`` without its nested clauses, in text order
        (:func:`khaldun.events.modality.clause_tokens`); kept per head."""
        found = self._clauses.get(head)
        if found is None:
            dep, pos = self.dep, self.pos
            out, stack = [], [head]
            push = stack.append
            while stack:
                i = stack.pop()
                out.append(i)
                for c in self.children(i):
                    if dep[c] not in NESTED_CLAUSES or pos[c] not in _VERBAL:
                        push(c)
            found = self._clauses[head] = tuple(sorted(out))
        return found

    def conjuncts(self, i: int) -> list[int]:
        """``token.conjuncts``: the tokens coordinated with ``i``, itself left out (a new list).

        The coordination a token belongs to is walked once per document: every member of
        it (and any token outside one) is answered from :meth:`_coordination`."""
        dep, heads = self.dep, self.heads
        start = i
        while start != heads[start] and dep[start] == "conj":
            start = heads[start]
        group = self._coordination(start)
        return [w for w in group if w != i]

    def _coordination(self, start: int) -> tuple[int, ...]:
        """``start`` and its ``conj`` descendants through right children, breadth first
        (spaCy's ``Token.conjuncts`` order), kept per first member."""
        found = self._conj_groups.get(start)
        if found is None:
            dep, kids, first = self.dep, self._kids, self._first_kid
            output = [start]
            for word in output:  # grows while it is read: a breadth-first walk
                output.extend(c for c in kids[first[word]:first[word + 1]] if c > word and dep[c] == "conj")
            found = self._conj_groups[start] = tuple(output)
        return found

    # -- text -----------------------------------------------------------------------------
    def span_text(self, start: int, end: int) -> str:
        """``doc[start:end].text``."""
        return self.text[self.starts[start]:self.ends[end - 1]] if end > start else ""

    def entity_text(self, i: int) -> str:
        """The text of the entity holding token ``i`` (from the IOB codes), else the token's own."""
        if not self.ent_type[i]:
            return self.words[i]
        iob = self.ent_iob
        start = i
        while start > 0 and iob[start] == 1:
            start -= 1
        end = i + 1
        while end < self.n and iob[end] == 1:
            end += 1
        return self.span_text(start, end)
