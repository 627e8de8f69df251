"""A per-document view of the parse: token attributes as plain lists, read once.

spaCy creates a new :class:`~spacy.tokens.Token` object on every ``doc[i]``,
``token.head`` and ``token.children``, and each string attribute (``dep_``,
``lemma_``) is a look-up in the string store.  Scans over every token of a
sentence (triggers, clauses, entities) read the same attributes again and again;
a :class:`DocView` reads them once per document with ``Doc.to_array`` and keeps
what is derived from them (children, clauses) in small caches that die with it.
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

import numpy as np
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, IDX, LEMMA, ORTH, POS, SPACY

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

_ATTRS = [ORTH, LEMMA, POS, DEP, ENT_TYPE, ENT_IOB, HEAD, IDX, SPACY]
_IOB = ("", "I", "O", "B")  # spaCy's IOB_STRINGS, indexed by Token.ent_iob
# Dependencies of a clause nested in another (see :meth:`DocView.clause`).
NESTED_CLAUSES = frozenset({"ccomp", "relcl", "advcl", "acl", "xcomp", "conj", "parataxis", "csubj"})


class DocView:
    """Token attributes of one document by token index, as spaCy's string attributes give them.

    ``text[i]`` is ``doc[i].text``, ``lower``, ``lemma_raw`` (``lemma_``), ``lemma``
    (``lemma_.lower()``), ``pos``, ``dep``, ``ent_type``, ``ent_iob`` the matching
    ``*_`` attributes, ``head[i]`` the head's index, ``idx[i]`` the
    character offset and ``children[i]`` the children's indices in text order.
    """

    __slots__ = ("_clauses", "_ent_starts", "_ents", "_space", "_text", "children", "dep", "doc", "ent_iob",
                 "ent_type", "head", "idx", "lemma", "lemma_raw", "lower", "pos", "text")

    def __init__(self, doc: Doc, strings: dict[int, str] | None = None) -> None:
        """``strings``: a memo of the string store's hashes, which a caller may keep across
        documents (a hash always names the same string) and clear as it likes."""
        self.doc = doc
        n = len(doc)
        array = doc.to_array(_ATTRS) if n else np.zeros((0, len(_ATTRS)), dtype=np.uint64)
        store = doc.vocab.strings
        known = strings if strings is not None else {}

        def column(k: int) -> list[str]:
            hashes = array[:, k].tolist()
            for h in set(hashes).difference(known):
                known[h] = store[h]
            return [known[h] for h in hashes]

        self.text, self.lemma_raw = column(0), column(1)
        self.lower = [t.lower() for t in self.text]  # as spaCy's LOWER attribute is made
        self.pos, self.dep, self.ent_type = column(2), column(3), column(4)
        lowered = {lemma: lemma.lower() for lemma in set(self.lemma_raw)}
        self.lemma = [lowered[lemma] for lemma in self.lemma_raw]
        self.ent_iob = [_IOB[v] for v in array[:, 5].tolist()]
        offsets = array[:, 6].astype(np.int64)  # relative, negative ones wrapped round in uint64
        self.head: list[int] = (offsets + np.arange(n, dtype=np.int64)).tolist()
        self.idx: list[int] = array[:, 7].astype(np.int64).tolist()
        self._space: list[int] = array[:, 8].tolist()  # whether a space follows the token
        self.children: list[list[int]] = [[] for _ in range(n)]
        for i, h in enumerate(self.head):
            if h != i:
                self.children[h].append(i)
        self._text: str | None = None
        self._clauses: dict[int, tuple[int, ...]] = {}
        self._ents: tuple[Span, ...] | None = None
        self._ent_starts: list[int] = []

    def __len__(self) -> int:
        return len(self.head)

    @property
    def doc_text(self) -> str:
        """``doc.text``, built once (from the lists: ``Doc.text`` makes a token object per token)."""
        if self._text is None:
            self._text = "".join([t + " " if space else t for t, space in zip(self.text, self._space)])
        return self._text

    def span_text(self, start: int, end: int) -> str:
        """``doc[start:end].text``."""
        if end <= start:
            return ""
        return self.doc_text[self.idx[start]:self.idx[end - 1] + len(self.text[end - 1])]

    def clause(self, head: int) -> tuple[int, ...]:
        """Indices of the clause headed by ``head`` without nested clauses, in text order
        (:func:`khaldun.events.modality.clause_tokens`)."""
        found = self._clauses.get(head)
        if found is None:
            dep, pos, children = self.dep, self.pos, self.children
            out, stack = [], [head]
            while stack:
                i = stack.pop()
                out.append(i)
                stack.extend(c for c in children[i]
                             if not (dep[c] in NESTED_CLAUSES and pos[c] in {"VERB", "AUX"}))
            found = self._clauses[head] = tuple(sorted(out))
        return found

    @property
    def ents(self) -> tuple[Span, ...]:
        """``doc.ents``, read once."""
        if self._ents is None:
            self._ents = self.doc.ents
            self._ent_starts = [ent.start for ent in self._ents]
        return self._ents

    def ents_within(self, start: int, end: int) -> list[Span]:
        """``doc[start:end].ents`` (from the first entity starting in the span, up to one ending past it)."""
        ents = self.ents
        out = []
        for ent in ents[bisect.bisect_left(self._ent_starts, start):]:
            if ent.end > end:
                break
            out.append(ent)
        return out
