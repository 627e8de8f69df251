"""Repair the lemma (and part of speech) of irregular verb forms the small model mis-tags.

spaCy's English lemmatizer maps an irregular form to its verb ("retook" ->
"retake", "overran" -> "overrun") only when the tagger calls the token a past
tense or participle.  The small model often tags a rare past form as a present
tense (``VBP``: "The rebels retook the town") or even as a noun ("Syria's army
retook Palmyra" is ``NN``, yet parsed as the ROOT with a subject and an
object); the lemmatizer then keeps the surface form and no lexicon lemma
matches.  This component, placed after the lemmatizer, uses the model's own
table of irregular verb forms (``lemma_exc["verb"]``, some 2,400 forms) to:

- give a ``VERB`` whose lemma is still its surface form the lemma from the
  table ("retook" VBP -> "retake", tagged ``VBD``), unless the form is itself
  a base form ("they lay the groundwork" stays "lay");
- turn a noun, proper noun or adjective that heads a clause (it has a nominal
  subject) and is an irregular verb form into a ``VERB`` with that lemma.

Nothing is fetched or hard-coded: the forms come with the installed model.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from spacy.language import Language

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["VerbFormFixer", "irregular_verb_tables"]

_MISTAGGED_POS = {"NOUN", "PROPN", "ADJ"}
_PRESENT_TAGS = {"VB", "VBP"}


def irregular_verb_tables(nlp: Language) -> tuple[Mapping[str, str], frozenset[str], frozenset[str]]:
    """The model's irregular verb forms (form -> lemma), verb base forms and noun base forms.

    Empty when the pipeline has no rule-based lemmatizer with those tables.
    """
    if "lemmatizer" not in nlp.pipe_names:
        return {}, frozenset(), frozenset()
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None or not lookups.has_table("lemma_exc") or not lookups.has_table("lemma_index"):
        return {}, frozenset(), frozenset()
    exc = lookups.get_table("lemma_exc")
    index = lookups.get_table("lemma_index")
    verb_exc = exc["verb"] if "verb" in exc else {}
    forms = {form: lemmas[0] for form, lemmas in verb_exc.items() if lemmas and lemmas[0] != form}
    verbs = frozenset(index["verb"]) if "verb" in index else frozenset()
    nouns = frozenset(index["noun"]) if "noun" in index else frozenset()
    return forms, verbs, nouns


@Language.factory("khaldun_verb_forms")
def make_verb_form_fixer(nlp: Language, name: str) -> VerbFormFixer:
    forms, verbs, nouns = irregular_verb_tables(nlp)
    return VerbFormFixer(forms, verbs, nouns)


class VerbFormFixer:
    """Pipeline component: lemma and POS of irregular verb forms (see the module docstring)."""

    def __init__(self, forms: Mapping[str, str], verb_bases: frozenset[str] = frozenset(),
                 noun_bases: frozenset[str] = frozenset()) -> None:
        self.forms = forms
        self.verb_bases = verb_bases
        self.noun_bases = noun_bases

    def __call__(self, doc: Doc) -> Doc:
        if not self.forms:
            return doc
        for token in doc:
            lemma = self.forms.get(token.lower_)
            if lemma is None or token.lower_ in self.verb_bases:
                continue
            if token.pos_ == "VERB":
                if token.lemma_.lower() == token.lower_:
                    token.lemma_ = lemma
                    if token.tag_ in _PRESENT_TAGS and not token.lower_.endswith(("ing", "s")):
                        token.tag_ = "VBD"
            elif token.pos_ in _MISTAGGED_POS and self._heads_clause(token):
                token.pos_ = "VERB"
                token.tag_ = "VBN" if any(c.dep_ in {"aux", "auxpass"} for c in token.children) else "VBD"
                token.lemma_ = lemma
        return doc

    def _heads_clause(self, token: Token) -> bool:
        """A mis-tagged verb: it has a subject, and an object too when the form is also a noun."""
        deps = {c.dep_ for c in token.children}
        if not deps & {"nsubj", "nsubjpass"}:
            return False
        return token.lower_ not in self.noun_bases or "dobj" in deps
