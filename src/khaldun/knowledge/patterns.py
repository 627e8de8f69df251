"""spaCy EntityRuler patterns built from the knowledge base.

Every alias, metonym and demonym becomes a token pattern, tokenised the way
spaCy's English tokenizer splits it ("al-Assad" is ``al``, ``-``, ``Assad``).
Case rules keep ordinary words out:

* an all-capital token ("US", "IRGC") must match exactly, so "us" is no country;
* a capitalised token matches in any case except all lower case, so "Daesh",
  "DAESH" match but "turkey" and "chad" do not;
* a lower-case token (particles such as "al", "bin", "of") matches in any case.

Variants are added for diacritics ("Élysée"/"Elysee"), curly apostrophes and the
Arabic article ("al-Nusra", "al Nusra", and "Bashar Assad" for "Bashar
al-Assad" when at least two tokens remain).  A surface form that two entries
share keeps its label but loses its ``id``; entry aliases win over metonyms,
which win over demonyms.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from khaldun.knowledge.model import KINDS
from khaldun.knowledge.normalize import clean_surface, is_acronym, slugify, strip_diacritics

if TYPE_CHECKING:
    from spacy.tokenizer import Tokenizer

    from khaldun.knowledge.lexicon import Knowledge

_ARTICLES = frozenset({"al", "el"})
_PARTICLES = _ARTICLES | {"bin", "ibn", "bint", "de", "of", "and", "the", "da", "di", "van", "von", "der", "du", "la"}
_ALIAS, _METONYM, _DEMONYM = 0, 1, 2  # priorities when two entries claim one form

TokenKey = tuple[tuple[tuple[str, Any], ...], ...]


@dataclass(slots=True, frozen=True)
class _Claim:
    priority: int
    label: str
    key: str | None


def build_patterns(knowledge: Knowledge) -> list[dict[str, Any]]:
    """EntityRuler patterns (``label``, token ``pattern``, ``id``) for *knowledge*.

    Labels: states and capitals GPE (seats of power as their metonym says),
    demonyms NORP, organisations and groups ORG, persons PERSON; places that
    only contain a country name get their own label and an id ``place:<slug>``.
    Tokenisation and token constraints are cached per word, so that user
    dictionaries with tens of thousands of names build in seconds.
    """
    from khaldun.knowledge.lexicon import demonym_forms

    tokens_of = _Tokens(_tokenizer())
    claims: dict[TokenKey, list[_Claim]] = {}
    patterns: dict[TokenKey, list[dict[str, Any]]] = {}

    def claim(form: str, claim_: _Claim, excluded: set[str]) -> None:
        if excluded and clean_surface(form) in excluded:
            return
        for tokens in _token_variants(form, tokens_of):
            specs = [_token_spec(token) for token in tokens]
            key = tuple(spec_key for _, spec_key in specs)
            if key not in patterns:
                patterns[key] = [dict(spec) for spec, _ in specs]
            claims.setdefault(key, []).append(claim_)

    for entry in knowledge.entries:
        excluded = {clean_surface(form) for form in entry.lookup_only}
        for alias in entry.aliases:
            claim(alias, _Claim(_ALIAS, KINDS[entry.kind], entry.key), excluded)
        for metonym in entry.metonyms:
            claim(metonym.text, _Claim(_METONYM, metonym.label, entry.key), excluded)
        for demonym in demonym_forms(entry.demonyms):
            claim(demonym, _Claim(_DEMONYM, "NORP", entry.key), excluded)
    for place in knowledge.places:
        claim(place.name, _Claim(_ALIAS, place.label, f"place:{slugify(place.name)}"), set())

    result = []
    for key, found in claims.items():
        best = min(c.priority for c in found)
        winners = list(dict.fromkeys((c.label, c.key) for c in found if c.priority == best))
        label, entry_key = winners[0]
        ruler_pattern: dict[str, Any] = {"label": label, "pattern": patterns[key]}
        if len(winners) == 1 and entry_key is not None:
            ruler_pattern["id"] = entry_key
        result.append(ruler_pattern)
    return result


def _tokenizer() -> Tokenizer:
    import spacy

    return spacy.blank("en").tokenizer


class _Tokens:
    """spaCy's tokenisation of a form, word by word, cached.

    The tokenizer splits text on spaces and handles each piece on its own, so
    a form's tokens are its pieces' tokens.  A piece of letters only that is
    no special case ("cannot", "Ill") is one token: those skip the tokenizer.
    """

    def __init__(self, tokenizer: Tokenizer) -> None:
        self.tokenizer = tokenizer
        self.special = frozenset(tokenizer.rules or ())
        self.cache: dict[str, tuple[str, ...]] = {}

    def __call__(self, text: str) -> tuple[str, ...]:
        out: list[str] = []
        for piece in text.split(" "):
            tokens = self.cache.get(piece)
            if tokens is None:
                if piece.isalpha() and piece not in self.special:
                    tokens = (piece,)
                else:
                    tokens = tuple(token.text for token in self.tokenizer(piece))
                self.cache[piece] = tokens
            out.extend(tokens)
        return tuple(out)


def _token_variants(form: str, tokens_of: _Tokens) -> list[tuple[str, ...]]:
    """Token sequences a surface form may appear as."""
    form = _trim(form)
    if len(form) < 2:
        return []
    strings = dict.fromkeys([form, strip_diacritics(form)])
    for text in list(strings):
        if "'" in text:
            strings[text.replace("'", "\u2019")] = None
    variants: dict[tuple[str, ...], None] = {}
    for text in strings:
        for variant in _article_variants(tokens_of(text)):
            variants[variant] = None
    return list(variants)


def _trim(form: str) -> str:
    """Trim a form and drop a leading "the", keeping accents and case ("the Élysée" -> "Élysée")."""
    form = " ".join(form.split())
    return form[4:] if form[:4].lower() == "the " else form


def _article_variants(tokens: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Variants for the Arabic article: "al-Nusra" also as "al Nusra", "Bashar al-Assad" as "Bashar Assad"."""
    variants = [tokens]
    hyphened, spaced, dropped = [], [], []
    i = 0
    has_article = False
    while i < len(tokens):
        token = tokens[i]
        if token.lower() in _ARTICLES and i + 1 < len(tokens) and tokens[i + 1] != "-" and tokens[i + 1].isalpha():
            has_article = True
            hyphened += [token, "-"]
            spaced.append(token)
            i += 1
            continue
        if token.lower() in _ARTICLES and i + 2 < len(tokens) and tokens[i + 1] == "-":
            has_article = True
            hyphened += [token, "-"]
            spaced.append(token)
            i += 2
            continue
        hyphened.append(token)
        spaced.append(token)
        dropped.append(token)
        i += 1
    if has_article:
        variants += [tuple(hyphened), tuple(spaced)]
        if len(dropped) >= 2:
            variants.append(tuple(dropped))
    return list(dict.fromkeys(variants))


@functools.lru_cache(maxsize=131_072)
def _token_spec(token: str) -> tuple[dict[str, Any], tuple[tuple[str, Any], ...]]:
    """The token constraint of a pattern token and its hashable key (callers copy the dict)."""
    spec = _token_pattern(token)
    return spec, tuple(sorted(spec.items()))


def _token_pattern(token: str) -> dict[str, Any]:
    if token.lower() in _PARTICLES:
        return {"LOWER": token.lower()}
    if not any(c.isalpha() for c in token) or any(c.isdigit() for c in token) or is_acronym(token):
        return {"ORTH": token}
    if token[0].isupper():
        return {"LOWER": token.lower(), "IS_LOWER": False}
    return {"LOWER": token.lower()}
