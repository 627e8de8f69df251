"""How an actor is written: clean name variants, and coordinations naming several countries.

A mention's text is what the page says ("no Russian ground troops", "His
spokeswoman", "Syrian and Russian jets"); an actor record lists the *names*
an entity goes by.  :func:`variant_of` turns a mention into such a name, or
says it is none:

* determiners, negation, quantifiers, numbers and possessive pronouns are
  dropped ("the two destroyers" -> "destroyers", "no Russian ground troops"
  -> "Russian ground troops", "its forces" -> "forces");
* a word cut at a hyphen is made whole ("range Tu-22M3 bombers" ->
  "Long-range Tu-22M3 bombers");
* a role phrase that describes one member rather than the entity ("a Russian
  general", "His spokeswoman", "A State Department spokesman") and a
  coordination naming two countries ("Russian and US officers") give no
  variant; role phrases and pronouns are never a person's name.

:func:`coordinated_countries` finds the other countries of a coordination,
which are actors of their own.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token  # at run time: a compiled build reads them

from khaldun.nlp.view import DocView

if TYPE_CHECKING:
    from khaldun.knowledge import Entry, Knowledge

#: Leading words that are no part of a name.
_LEADING_DEPS = {"det", "predet", "nummod", "quantmod", "neg", "poss", "case", "punct", "cc", "preconj"}
_QUANTIFIERS = {
    "no", "not", "all", "both", "each", "every", "several", "some", "many", "few", "other", "any",
    "most", "more", "another", "various", "numerous", "certain", "such", "these", "those", "this", "that",
}
_POSSESSIVE_PRONOUNS = {"his", "her", "its", "their", "our", "my", "your", "whose"}
_INDEFINITE = {"a", "an", "one", "another"}
_QUOTES = "\"“”«»"
_NO_QUOTES = str.maketrans("", "", _QUOTES)  # a translation table deleting the quote marks


def _leading_noise(view: DocView, i: int) -> bool:
    lower = view.lower[i]
    if lower in _POSSESSIVE_PRONOUNS or lower in _QUANTIFIERS:
        return True
    pos = view.pos[i]
    if view.dep[i] in _LEADING_DEPS and pos in {"DET", "NUM", "PRON", "PART", "PUNCT", "CCONJ", "ADV"}:
        return True
    return view.tag[i] == "CD" or pos == "PUNCT"


def _whole_start(view: DocView, start: int) -> int:
    """Start of a span cut inside a hyphenated word: "range bombers" -> "Long-range bombers"."""
    tag, spaced = view.tag, view.spaced
    while start >= 2 and tag[start - 1] == "HYPH" and not spaced[start - 1] and not spaced[start - 2]:
        start -= 2
    return start


def describes_member_at(view: DocView, start: int, head: int) -> bool:
    """A singular role introduced by "a" or a possessive pronoun: one member, not the entity.

    "a Russian general", "His spokeswoman", "A State Department spokesman".
    The phrase starts at token ``start`` and has its head at token ``head``.
    """
    if view.tag[head] not in {"NN", "NNP"}:
        return False
    first = view.lower[start]
    return first in _INDEFINITE or first in _POSSESSIVE_PRONOUNS


def is_coordination_at(view: DocView, start: int, end: int, head: int) -> bool:
    """Whether the phrase ``[start, end)`` headed by ``head`` coordinates its modifiers ("Syrian and Russian jets")."""
    dep, heads = view.dep, view.heads
    return any(dep[t] == "cc" and heads[t] != head and start <= heads[t] < end for t in range(start, end)) \
        or any(dep[c] == "conj" for t in range(start, end) if t != head for c in view.children(t))


def clean_words(view: DocView, start: int, end: int) -> str:
    """The words of tokens ``[start, end)`` without leading determiners, quantifiers, numbers and possessive
    pronouns (a word cut at a hyphen made whole)."""
    first = _name_start(view, start, end)
    return _tidy(view.span_text(first, end)) if first < end else ""


def _name_start(view: DocView, start: int, end: int) -> int:
    """The first token of :func:`clean_words` of ``[start, end)`` (``end`` or more: no words)."""
    first = _whole_start(view, start)
    while first < end and _leading_noise(view, first):
        first += 1
    # "Russia's" possessive marker left alone at the start: nothing to name
    tag = view.tag
    while first < end and tag[first] == "POS":
        first += 1
    return first


def _tidy(text: str) -> str:
    """``text`` without quote marks, its words joined by single spaces."""
    return " ".join(text.translate(_NO_QUOTES).split())


class CleanWords:
    """:func:`clean_words` with the tidied text remembered per raw text: a bounded memo (emptied when
    full) for a long-lived owner (the mention finder keeps one; the same names come back from one
    article to the next)."""

    def __init__(self, size: int = 1 << 16) -> None:
        self.size = size
        self._texts: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self._texts)

    def __call__(self, view: DocView, start: int, end: int) -> str:
        """:func:`clean_words` of tokens ``[start, end)`` of ``view``."""
        first = _name_start(view, start, end)
        if first >= end:
            return ""
        raw = view.span_text(first, end)
        text = self._texts.get(raw)
        if text is None:
            if len(self._texts) >= self.size:
                self._texts.clear()
            text = self._texts[raw] = _tidy(raw)
        return text


def variant_at(view: DocView, start: int, end: int, head: int, *, label: str, kind: str,
               role_phrase: bool, clean: Callable[[int, int], str] | None = None) -> str | None:
    """The name the mention ``[start, end)`` headed by ``head`` gives its actor (see :func:`variant_of`).

    ``clean(start, end)``, when given, is :func:`clean_words` of the span on ``view`` (a caller's memo).
    """
    if label == "PRON":
        return None
    if role_phrase:
        if kind == "person":
            return None  # "his Russian counterpart" is Shoigu's role, not his name
        if is_coordination_at(view, start, end, head) or describes_member_at(view, start, head):
            return None
    text = clean(start, end) if clean is not None else clean_words(view, start, end)
    if not text or not any(ch.isalpha() for ch in text):
        return None
    return text


def coordinated_at(view: DocView, head: int, knowledge: Knowledge, country: str | None,
                   linked: Collection[int] | None = None) -> list[tuple[int, Entry]]:
    """Other countries the role phrase headed by token ``head`` names (see :func:`coordinated_countries`).

    ``linked`` (from :func:`conj_linked`, once per document) lets tokens in no coordination be skipped.
    """
    dep, lower, words = view.dep, view.lower, view.words
    modifiers = [c for c in view.children(head) if dep[c] in {"amod", "compound", "nmod", "poss"}]
    modifiers += [p for c in view.children(head) if dep[c] == "prep" and lower[c] == "of"
                  for p in view.children(c) if dep[p] == "pobj"]
    out: list[tuple[int, Entry]] = []
    seen = {country}
    for child in modifiers:
        if linked is not None and child not in linked:
            continue  # coordinated with nothing
        for conj in view.conjuncts(child):
            text = words[conj][:-2] if words[conj].endswith(("'s", "’s")) else words[conj]
            entry = knowledge.demonym(text) or knowledge.lookup(text)
            if entry is None or entry.kind != "state" or not entry.country or entry.country in seen:
                continue
            seen.add(entry.country)
            out.append((conj, entry))
    return out


def conj_linked(view: DocView) -> set[int]:
    """The tokens that are a conjunct or have one (the only tokens with ``view.conjuncts``)."""
    dep, heads = view.dep, view.heads
    conjs = [i for i in range(view.n) if dep[i] == "conj"]
    return set(conjs).union(heads[i] for i in conjs)


# -- the same on spaCy objects (each call reads the whole document: use the *_at forms in loops) --------
def describes_member(span: Span, head: Token) -> bool:
    """:func:`describes_member_at` for a span and its head token."""
    return describes_member_at(DocView(span.doc), span.start, head.i)


def is_coordination(span: Span, head: Token) -> bool:
    """:func:`is_coordination_at` for a span and its head token."""
    return is_coordination_at(DocView(span.doc), span.start, span.end, head.i)


def clean_text(span: Span) -> str:
    """The span's words without leading determiners, quantifiers, numbers and possessive pronouns."""
    return clean_words(DocView(span.doc), span.start, span.end)


def variant_of(span: Span, head: Token, *, label: str, kind: str, role_phrase: bool) -> str | None:
    """The name a mention gives its actor, or None when it gives none (see the module doc).

    ``role_phrase`` says the mention was found as a role phrase ("the Syrian
    army", "Islamic State fighters"), not as a name.
    """
    return variant_at(DocView(span.doc), span.start, span.end, head.i, label=label, kind=kind,
                      role_phrase=role_phrase)


def coordinated_countries(head: Token, knowledge: Knowledge, country: str | None) -> list[tuple[Token, Entry]]:
    """Other countries a role phrase names: "Syrian and Russian jets", "the presidents of Russia and Iran".

    Returns each conjunct token with its country entry, the phrase's own
    country left out.
    """
    return [(head.doc[i], entry) for i, entry in coordinated_at(DocView(head.doc), head.i, knowledge, country)]


__all__ = ["CleanWords", "clean_text", "clean_words", "conj_linked", "coordinated_at", "coordinated_countries", "describes_member",
           "describes_member_at", "is_coordination", "is_coordination_at", "variant_at", "variant_of"]
