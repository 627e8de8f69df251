"""Auxiliary flags of an event: negation, future, hypothetical, historical.

Also the clause of a trigger: the tokens that belong to it and not to a
clause nested inside it, where its own date expressions are found.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from spacy.tokens import Token  # at run time: a compiled build reads them

from khaldun.nlp.view import DocView, token_index
from khaldun.nlp.view import NESTED_CLAUSES as _NESTED_CLAUSES

if TYPE_CHECKING:
    from khaldun.knowledge.verbs import VerbLexicon

_FUTURE_AUX = {"will", "shall", "'ll"}
# "is willing to send troops", "ready to contribute": intent stated with an adjective
_INTENT_ADJECTIVES = {"willing", "ready", "prepared", "determined", "committed", "eager", "set", "poised"}
_HYPOTHETICAL_AUX = {"could", "might", "may", "should", "must"}


@dataclass(slots=True)
class Flags:
    negated: bool = False
    future: bool = False
    hypothetical: bool = False
    past_perfect: bool = False
    own_future: bool = False  # "will"/"shall" on the trigger's own verb
    reporter: Token | None = None
    notes: tuple[str, ...] = ()


def clause_tokens(head: Token) -> list[Token]:
    """Tokens of the clause headed by ``head``, without nested clauses."""
    out, stack = [], [head]
    while stack:
        tok = stack.pop()
        out.append(tok)
        for child in tok.children:
            if child.dep_ in _NESTED_CLAUSES and child.pos_ in {"VERB", "AUX"}:
                continue
            stack.append(child)
    return sorted(out, key=lambda t: t.i)


def flags_for(trigger: Token | int, verbs: VerbLexicon, view: DocView | None = None) -> Flags:
    """Read the flags off the trigger and the verbs that govern it.

    ``trigger`` is a token, or its index in ``view`` (the document's view, read instead of
    the tokens; built here for a token given without one)."""
    if view is None:
        view = DocView(trigger.doc)  # type: ignore[union-attr]
    t = token_index(trigger)
    dep, lower, words, children = view.dep, view.lower, view.words, view.children
    flags = Flags()
    notes = []
    chain = _governing_chain(view, t)
    own = chain[0]
    for child in children(own):
        low, d = lower[child], dep[child]
        if d == "neg" or (d == "det" and low == "no"):
            flags.negated = True
            notes.append(f"negation: {words[child]!r}")
        elif d == "aux" and low in _FUTURE_AUX:
            flags.future = flags.own_future = True
            notes.append(f"future: {words[child]!r}")
        elif d == "aux" and low in _HYPOTHETICAL_AUX:
            flags.hypothetical = True
            notes.append(f"hypothetical: {words[child]!r}")
        elif d == "aux" and low == "would":
            flags.future = True  # reported future ("said it would send")
            notes.append("future: 'would'")
        elif d == "aux" and view.lemma_raw[child] == "have" and view.tag[own] == "VBN" and low == "had":
            flags.past_perfect = True
        elif d == "mark" and low in verbs.hypothetical_markers:
            flags.hypothetical = True
            notes.append(f"hypothetical: {words[child]!r}")
    for below, gov in zip(chain, chain[1:]):
        lemma = view.lemma_lower[gov]
        kids = children(gov)
        if dep[below] in {"conj", "xcomp"} and not flags.hypothetical and any(
                dep[c] == "aux" and lower[c] in _HYPOTHETICAL_AUX for c in kids):
            # "must continue and intensify", "should try to retake": the modal covers both verbs
            flags.hypothetical = True
            notes.append(f"hypothetical: governed by {words[gov]!r}")
        if lemma in verbs.intent_verbs or lemma in _INTENT_ADJECTIVES:
            flags.future = True
            notes.append(f"intent: {words[gov]!r}")
        if lemma in verbs.reporting_verbs and flags.reporter is None:
            flags.reporter = view.token(gov)
        if any(dep[c] == "aux" and lower[c] in _FUTURE_AUX for c in kids):
            flags.future = True
            notes.append(f"future: governed by {words[gov]!r}")
        if any(dep[c] == "neg" for c in kids) and lemma not in verbs.reporting_verbs:
            flags.negated = True
            notes.append(f"negation: governed by {words[gov]!r}")
    if flags.reporter is not None:
        flags.past_perfect = False  # "said they had met": backshift, not background
    flags.notes = tuple(notes)
    return flags


def _governing_chain(view: DocView, trigger: int) -> list[int]:
    """The trigger's own verb, then the verbs it hangs from (xcomp, ccomp ...), as indices."""
    dep, heads = view.dep, view.heads
    tok = trigger
    if view.pos[trigger] in {"NOUN", "PROPN"} and dep[trigger] in {"dobj", "pobj", "nsubjpass"}:
        tok = heads[trigger]
        while dep[tok] == "prep" and heads[tok] != tok:
            tok = heads[heads[tok]] if dep[heads[tok]] == "pobj" else heads[tok]
    chain = [tok]
    while dep[tok] in {"xcomp", "ccomp", "conj", "advcl", "acomp"} and heads[tok] != tok:
        tok = heads[tok]
        chain.append(tok)
        if len(chain) > 6:
            break
    return chain
