"""A faster drop-in for the English model's ``attribute_ruler``, with identical output.

The stock :class:`spacy.pipeline.AttributeRuler` runs a :class:`~spacy.matcher.Matcher`
with all of its ~180 patterns over every token, then builds a ``Span`` and sets
attributes one match at a time: nearly every token matches (each tag maps to a
coarse part of speech), so it costs about an eighth of the small model's whole
pipeline.  :class:`TableAttributeRuler` compiles the same rules three ways:

- one-token patterns on ``TAG`` and/or ``LOWER`` (nearly all of them) into
  lookup tables keyed by (tag, lower-case form);
- other one-token patterns (on ``DEP``, ``IS_SPACE`` too, with ``IN`` /
  ``NOT_IN``) into tests on the document's attribute arrays;
- the rest (several tokens, a regex) into a small ``Matcher``;

then applies every match in the ruler's order (later rules win, as in spaCy)
and writes the results with one ``Doc.from_array``.

The tables are built from the installed model's own ruler at load time, so
nothing of the model is copied into khaldun.  ``tests/nlp/test_attributes.py``
checks that the two rulers give the same tags, parts of speech, morphology and
lemmas.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

import re

import numpy as np
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc

if TYPE_CHECKING:
    from spacy.pipeline import AttributeRuler
    from spacy.vocab import Vocab

#: Token attributes a pattern may test and still be compiled into the tables.
_TABLE_KEYS = frozenset({"TAG", "LOWER"})
#: Token attributes a one-token pattern may test and be compiled into an array test (and their columns).
_ARRAY_KEYS = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}
_ARRAY_ATTRS = [TAG, LOWER, DEP, IS_SPACE]

Rule = tuple[int, Mapping[int, int]]  # (rule id: its order in the ruler, {attribute id: value})


def _values(condition: Any) -> list[str] | None:
    """The strings a table pattern's condition accepts (``"NN"`` or ``{"IN": [...]}``), else None."""
    if isinstance(condition, str):
        return [condition]
    if isinstance(condition, dict) and set(condition) == {"IN"} and all(isinstance(v, str) for v in condition["IN"]):
        return list(condition["IN"])
    return None


class _TokenTest:
    """One pattern token as a test on a document's (tag, lower, dep, is_space) columns.

    Supports what the English models' rules use: an exact value, ``IN``,
    ``NOT_IN``, a ``REGEX`` on ``LOWER``, and ``IS_SPACE`` true or false.
    """

    def __init__(self) -> None:
        self.checks: list[tuple[int, bool, np.ndarray]] = []  # (column, wanted: in or not in, values)
        self.regexes: list[re.Pattern[str]] = []  # on the lower-case form

    @classmethod
    def compile(cls, token: dict, strings: Any) -> _TokenTest | None:
        """The test for a pattern token, or None when it uses anything else (it goes to the matcher)."""
        test = cls()
        for key, condition in token.items():
            column = _ARRAY_KEYS.get(key)
            if column is None:
                return None
            if key == "IS_SPACE":
                if not isinstance(condition, bool):
                    return None
                test.checks.append((column, True, np.array([int(condition)], dtype=np.uint64)))
                continue
            if isinstance(condition, str):
                condition = {"IN": [condition]}
            if not isinstance(condition, dict) or len(condition) != 1:
                return None
            (op, values), = condition.items()
            if op == "REGEX" and key == "LOWER" and isinstance(values, str):
                test.regexes.append(re.compile(values))
            elif op in ("IN", "NOT_IN") and all(isinstance(v, str) for v in values):
                test.checks.append((column, op == "IN", np.array([strings.add(v) for v in values], dtype=np.uint64)))
            else:
                return None
        return test

    def mask(self, columns: np.ndarray, strings: Any) -> np.ndarray:
        mask = np.ones(len(columns), dtype=bool)
        for column, wanted, values in self.checks:
            hit = _isin(columns[:, column], values)
            mask &= hit if wanted else ~hit
        for regex in self.regexes:
            lowers = np.unique(columns[:, 1])
            matching = [h for h in lowers.tolist() if regex.search(strings[h])]
            mask &= np.isin(columns[:, 1], np.array(matching, dtype=np.uint64)) if matching else False
        return mask


def _isin(column: np.ndarray, values: np.ndarray) -> np.ndarray:
    """``np.isin``, faster for the few values a rule names."""
    if len(values) > 8:
        return np.isin(column, values)
    hit = column == values[0]
    for value in values[1:]:
        hit |= column == value
    return hit


class _PatternTest:
    """A pattern of one or more plain tokens (no operators) as array tests: where its matches start."""

    def __init__(self, tokens: list[_TokenTest]) -> None:
        self.tokens = tokens

    @classmethod
    def compile(cls, pattern: list[dict], strings: Any) -> _PatternTest | None:
        tokens = [_TokenTest.compile(token, strings) if token else None for token in pattern]
        return cls(tokens) if all(t is not None for t in tokens) else None  # type: ignore[arg-type]

    def starts(self, columns: np.ndarray, strings: Any) -> list[int]:
        n, width = len(columns), len(self.tokens)
        if n < width:
            return []
        hit = np.ones(n - width + 1, dtype=bool)
        for offset, token in enumerate(self.tokens):
            hit &= token.mask(columns, strings)[offset:n - width + 1 + offset]
            if not hit.any():
                return []
        return np.flatnonzero(hit).tolist()


class TableAttributeRuler:
    """The model's attribute ruler as lookup tables plus a small matcher (same output, faster)."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab
        self._by_tag: dict[int, list[Rule]] = {}
        self._by_lower: dict[int, list[Rule]] = {}
        self._by_pair: dict[tuple[int, int], list[Rule]] = {}
        self._tests: list[tuple[Rule, _PatternTest]] = []
        self._matcher = Matcher(vocab, validate=False)
        self._complex: dict[int, Rule] = {}  # matcher key -> rule
        self._indices: dict[int, int] = {}  # rule id -> the token of the match it sets
        self._attr_ids: list[int] = []  # every attribute some rule sets
        self._merged: dict[Any, dict[int, int]] = {}  # result of the table rules, per key (bounded)

    def compile_from(self, ruler: AttributeRuler) -> None:
        """Take over an :class:`AttributeRuler`'s rules (its ``patterns``, ``attrs`` and ``indices``)."""
        for rule_id, (pattern, attrs, index) in enumerate(
                zip(ruler.patterns, ruler.attrs, ruler.indices, strict=True)):
            self._add(rule_id, pattern["patterns"], dict(attrs), index)
        self._attr_ids = sorted({*self._attr_ids, *(a for attrs in ruler.attrs for a in attrs)})
        self._merged.clear()

    def _add(self, rule_id: int, patterns: list[list[dict]], attrs: dict[int, int], index: int) -> None:
        rule: Rule = (rule_id, attrs)
        self._indices[rule_id] = index
        for pattern in patterns:
            if len(pattern) == 1 and pattern[0] and set(pattern[0]) <= _TABLE_KEYS and index in (0, -1):
                tags = _values(pattern[0].get("TAG", ""))
                lowers = _values(pattern[0].get("LOWER", ""))
                if tags is not None and lowers is not None:
                    self._add_table(rule, tags if "TAG" in pattern[0] else None,
                                    lowers if "LOWER" in pattern[0] else None)
                    continue
            test = _PatternTest.compile(pattern, self.vocab.strings)
            if test is not None and -len(pattern) <= index < len(pattern):
                self._tests.append((rule, test))
                continue
            key = self.vocab.strings.add(f"khaldun_attribute_rule_{rule_id}")
            self._matcher.add(key, [pattern])
            self._complex[key] = rule

    def _add_table(self, rule: Rule, tags: list[str] | None, lowers: list[str] | None) -> None:
        strings = self.vocab.strings
        if tags is not None and lowers is not None:
            for tag in tags:
                for lower in lowers:
                    self._by_pair.setdefault((strings.add(tag), strings.add(lower)), []).append(rule)
        elif tags is not None:
            for tag in tags:
                self._by_tag.setdefault(strings.add(tag), []).append(rule)
        elif lowers is not None:
            for lower in lowers:
                self._by_lower.setdefault(strings.add(lower), []).append(rule)

    def _table_rules(self, tag: int, lower: int) -> list[Rule]:
        return sorted([*self._by_tag.get(tag, ()), *self._by_lower.get(lower, ()),
                       *self._by_pair.get((tag, lower), ())], key=lambda rule: rule[0])

    def _table_result(self, tag: int, lower: int) -> dict[int, int]:
        # Only words some rule names make the lower-case form matter: otherwise the tag decides.
        special = lower in self._by_lower or (tag, lower) in self._by_pair
        key = (tag, lower) if special else tag
        merged = self._merged.get(key)
        if merged is None:
            merged = {}
            for _, attrs in self._table_rules(tag, lower):
                merged.update(attrs)
            self._merged[key] = merged  # bounded: tags x the few words the rules name
        return merged

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        columns = doc.to_array(_ARRAY_ATTRS)
        tags, lowers = columns[:, 0].tolist(), columns[:, 1].tolist()
        extra = self._matched(doc, columns)  # token index -> rules from array tests and the matcher
        values = doc.to_array(self._attr_ids)
        column = {attr: n for n, attr in enumerate(self._attr_ids)}
        for i, (tag, lower) in enumerate(zip(tags, lowers)):
            if i in extra:
                merged: dict[int, int] = {}
                for _, attrs in sorted(self._table_rules(tag, lower) + extra[i], key=lambda rule: rule[0]):
                    merged.update(attrs)
            else:
                merged = self._table_result(tag, lower)
            for attr, value in merged.items():
                values[i, column[attr]] = value
        doc.from_array(self._attr_ids, values.astype(np.uint64))
        return doc

    def _matched(self, doc: Doc, columns: np.ndarray) -> dict[int, list[Rule]]:
        out: dict[int, list[Rule]] = {}
        strings = self.vocab.strings
        for rule, test in self._tests:
            index = self._indices[rule[0]]
            width = len(test.tokens)
            for start in test.starts(columns, strings):
                out.setdefault(range(start, start + width)[index], []).append(rule)
        if not len(self._matcher):
            return out
        for key, start, end in self._matcher(doc, allow_missing=True):
            rule = self._complex[key]
            index = self._indices[rule[0]]
            position = range(start, end)[index]  # the ruler's index into the match, negative too
            out.setdefault(position, []).append(rule)
        return out

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)


class CachedLemmatizer:
    """The model's rule lemmatizer, read from its own cache through the document's arrays.

    spaCy's rule lemmatizer caches each lemma by (form, part of speech,
    morphology) but still visits every token as a Python object and sets its
    lemma string; this reads those three columns at once, asks the lemmatizer
    once per distinct key (its answer depends on nothing else) and writes the
    lemma ids in one go.  Lemmas already set (by the attribute ruler) are kept,
    as spaCy does unless ``overwrite`` is set.
    """

    #: Lemma ids kept at most (then the memo starts again): bounded memory on any corpus.
    MEMO_SIZE = 500_000

    def __init__(self, lemmatizer: Any) -> None:
        self.lemmatizer = lemmatizer
        self._memo: dict[tuple[int, int, int], int] = {}  # (form, pos, morphology) -> lemma id

    @property
    def lookups(self) -> Any:
        """The wrapped lemmatizer's tables (``khaldun_verb_forms`` reads its irregular verbs there)."""
        return self.lemmatizer.lookups

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        lemmatizer, memo = self.lemmatizer, self._memo
        columns = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = columns[:, 3].tolist()
        keep = not lemmatizer.overwrite
        for i, (orth, pos, morph, lemma) in enumerate(columns.tolist()):
            if lemma and keep:
                continue
            found = memo.get((orth, pos, morph))
            if found is None:
                found = doc.vocab.strings.add(lemmatizer.lemmatize(doc[i])[0])
                if len(memo) >= self.MEMO_SIZE:
                    memo.clear()
                memo[orth, pos, morph] = found
            lemmas[i] = found
        doc.from_array([LEMMA], np.array(lemmas, dtype=np.uint64).reshape(-1, 1))
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)


@Language.factory("khaldun_attribute_ruler")
def make_table_attribute_ruler(nlp: Language, name: str) -> TableAttributeRuler:
    """An empty ruler; :func:`replace_attribute_ruler` fills it from the model's own."""
    return TableAttributeRuler(nlp.vocab)


def replace_attribute_ruler(nlp: Language) -> None:
    """Swap the model's ``attribute_ruler`` for the table version compiled from it, in place."""
    if "attribute_ruler" not in nlp.pipe_names:
        return
    ruler = nlp.get_pipe("attribute_ruler")
    table = nlp.replace_pipe("attribute_ruler", "khaldun_attribute_ruler")
    table.compile_from(ruler)


def wrap_lemmatizer(nlp: Language) -> None:
    """Read the model's rule lemmatizer through its cache (:class:`CachedLemmatizer`), in place."""
    if "lemmatizer" not in nlp.pipe_names:
        return
    lemmatizer = nlp.get_pipe("lemmatizer")
    if getattr(lemmatizer, "mode", None) != "rule" or not hasattr(lemmatizer, "cache"):
        return  # a lookup or custom lemmatizer: leave it as it is
    nlp.replace_pipe("lemmatizer", "khaldun_cached_lemmatizer").lemmatizer = lemmatizer


@Language.factory("khaldun_cached_lemmatizer")
def make_cached_lemmatizer(nlp: Language, name: str) -> CachedLemmatizer:
    """Filled by :func:`wrap_lemmatizer` with the model's own lemmatizer."""
    return CachedLemmatizer(None)
