"""Auxiliary flags of an event: negation, future, hypothetical, historical.

Also the clause of a trigger: the tokens that belong to it and not to a
clause nested inside it, where its own date expressions are found.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from khaldun.nlp.view import NESTED_CLAUSES as _NESTED_CLAUSES

if TYPE_CHECKING:
    from spacy.tokens import Token

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


def flags_for(trigger: Token, verbs: VerbLexicon) -> Flags:
    """Read the flags off the trigger and the verbs that govern it."""
    flags = Flags()
    notes = []
    chain = _governing_chain(trigger)
    own = chain[0]
    for child in own.children:
        low = child.lower_
        if child.dep_ == "neg" or (child.dep_ == "det" and low == "no"):
            flags.negated = True
            notes.append(f"negation: {child.text!r}")
        elif child.dep_ == "aux" and low in _FUTURE_AUX:
            flags.future = flags.own_future = True
            notes.append(f"future: {child.text!r}")
        elif child.dep_ == "aux" and low in _HYPOTHETICAL_AUX:
            flags.hypothetical = True
            notes.append(f"hypothetical: {child.text!r}")
        elif child.dep_ == "aux" and low == "would":
            flags.future = True  # reported future ("said it would send")
            notes.append("future: 'would'")
        elif child.dep_ == "aux" and child.lemma_ == "have" and own.tag_ == "VBN" and low == "had":
            flags.past_perfect = True
        elif child.dep_ == "mark" and low in verbs.hypothetical_markers:
            flags.hypothetical = True
            notes.append(f"hypothetical: {child.text!r}")
    for below, gov in zip(chain, chain[1:]):
        lemma = gov.lemma_.lower()
        if below.dep_ in {"conj", "xcomp"} and not flags.hypothetical and any(
                c.dep_ == "aux" and c.lower_ in _HYPOTHETICAL_AUX for c in gov.children):
            # "must continue and intensify", "should try to retake": the modal covers both verbs
            flags.hypothetical = True
            notes.append(f"hypothetical: governed by {gov.text!r}")
        if lemma in verbs.intent_verbs or lemma in _INTENT_ADJECTIVES:
            flags.future = True
            notes.append(f"intent: {gov.text!r}")
        if lemma in verbs.reporting_verbs and flags.reporter is None:
            flags.reporter = gov
        if any(c.dep_ == "aux" and c.lower_ in _FUTURE_AUX for c in gov.children):
            flags.future = True
            notes.append(f"future: governed by {gov.text!r}")
        if any(c.dep_ == "neg" for c in gov.children) and lemma not in verbs.reporting_verbs:
            flags.negated = True
            notes.append(f"negation: governed by {gov.text!r}")
    if flags.reporter is not None:
        flags.past_perfect = False  # "said they had met": backshift, not background
    flags.notes = tuple(notes)
    return flags


def _governing_chain(trigger: Token) -> list[Token]:
    """The trigger's own verb, then the verbs it hangs from (xcomp, ccomp ...)."""
    tok = trigger
    if trigger.pos_ in {"NOUN", "PROPN"} and trigger.dep_ in {"dobj", "pobj", "nsubjpass"}:
        tok = trigger.head
        while tok.dep_ == "prep" and tok.head.i != tok.i:
            tok = tok.head.head if tok.head.dep_ == "pobj" else tok.head
    chain = [tok]
    while tok.dep_ in {"xcomp", "ccomp", "conj", "advcl", "acomp"} and tok.head.i != tok.i:
        tok = tok.head
        chain.append(tok)
        if len(chain) > 6:
            break
    return chain
