"""The verb and noun event lexicon: typed entries, loader and validation.

The event coder looks up each verb token by its spaCy lemma with
:meth:`VerbLexicon.verbs_for` and takes the first entry whose conditions hold
(:meth:`VerbEntry.applies`); nominal triggers ("Russian airstrikes on Idlib")
go through :meth:`VerbLexicon.nouns_for`. The file format is documented in the
header of the bundled ``data/verbs.yaml``.

Example::

    lexicon = load_verbs(["my_verbs.yaml"])  # bundled entries, then the user's
    entry = next(e for e in lexicon.verbs_for("call") if e.applies(preps=["on"]))
    entry.type, entry.cameo, entry.recipient  # ("REQUEST", "020", ("prep:on",))
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

import yaml

__all__ = [
    "PLOVER_CONTEXTS",
    "PLOVER_MODES",
    "PLOVER_TYPES",
    "LexiconError",
    "NounEntry",
    "VerbEntry",
    "VerbLexicon",
    "cameo_quad",
    "load_verbs",
    "match_words",
    "split_slot",
]

BUNDLED_NAME = "verbs.yaml"
_log = logging.getLogger(__name__)

PLOVER_MODES: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        "AGREE": frozenset(),
        "CONSULT": frozenset({"visit", "third-party", "multilateral", "phone"}),
        "SUPPORT": frozenset(),
        "CONCEDE": frozenset(),
        "COOPERATE": frozenset(),
        "AID": frozenset(),
        "RETREAT": frozenset({"withdraw", "release", "disarm", "ceasefire", "access", "resign"}),
        "REQUEST": frozenset({"assist", "change", "yield", "meet"}),
        "ACCUSE": frozenset({"disapprove", "investigate", "allege"}),
        "REJECT": frozenset({"assist", "change", "yield", "meet"}),
        "THREATEN": frozenset({"restrict", "arrest", "relations", "expel", "territory", "violence"}),
        "PROTEST": frozenset({"demo", "riot", "strike", "hunger", "boycott", "obstruct"}),
        "SANCTION": frozenset({"convict", "expel", "withdraw", "discontinue"}),
        "MOBILIZE": frozenset({"troops", "weapons", "police", "militia"}),
        "COERCE": frozenset(
            {
                "seize", "restrict", "censor", "curfew", "martial-law", "arrest", "deport",
                "withhold", "misinformation", "cyber",
            }
        ),
        "ASSAULT": frozenset(
            {
                "abduct", "beat", "torture", "sexual", "targeted", "destroy", "primitive",
                "firearms", "explosives", "suicide-attack", "aerial", "drone", "heavy-weapons",
                "crowd-control", "unconventional",
            }
        ),
    }
)
"""The modes each of the 16 PLOVER event types allows."""

PLOVER_TYPES: frozenset[str] = frozenset(PLOVER_MODES)
"""The 16 PLOVER event types."""

PLOVER_CONTEXTS: frozenset[str] = frozenset(
    """military intelligence executive legislative election political_institutions pro_democracy
    pro_autocracy economic legal reparations human_rights rights_freedoms repression human_security
    gender lgbt religion_ethnicity inequality diplomatic territory peacekeeping health asylum
    migration disasters natural_resource environment technology terrorism cbrn cyber
    misinformation crime corruption illegal_drugs trafficking""".split()
)
"""The 37 PLOVER contexts."""

_WORD = re.compile(r"^[a-z]+$")
_CAMEO = re.compile(r"^[0-9]{2,4}$")
_VERB_SLOT = re.compile(r"^(?:dobj|iobj|xcomp-obj|nsubjpass|phrase|(?:prep|obj-prep):[a-z]+)$")
_NOUN_SLOT = re.compile(r"^(?:amod|poss|compound|prep:[a-z]+)$")
_VERB_SLOT_HELP = "dobj, iobj, prep:<p>, obj-prep:<p>, xcomp-obj, nsubjpass or phrase"
_NOUN_SLOT_HELP = "amod, poss, compound or prep:<p>"

_COMMON_KEYS = frozenset(
    {"lemma", "type", "cameo", "mode", "recipient", "prep", "reciprocal", "future", "contexts", "confidence"}
)
_VERB_KEYS = _COMMON_KEYS | {"particle", "objects", "not_objects", "actor"}
_NOUN_KEYS = _COMMON_KEYS | {"actor"}
_LIST_SECTIONS = ("reporting_verbs", "intent_verbs", "hypothetical_markers")
_TOP_KEYS = frozenset({"verbs", "nouns", "lemma_aliases", *_LIST_SECTIONS})
DEFAULT_CONFIDENCE = 0.7


class LexiconError(ValueError):
    """A lexicon file is malformed; the message names the file and the entry."""


def cameo_quad(code: object) -> int:
    """Return the CAMEO quad class of a CAMEO code.

    Roots 01-05 are 1 (verbal cooperation), 06-08 are 2 (material cooperation),
    09-13 are 3 (verbal conflict) and 14-20 are 4 (material conflict).

    >>> cameo_quad("051"), cameo_quad("0841"), cameo_quad("112"), cameo_quad("190")
    (1, 2, 3, 4)
    """
    if not isinstance(code, str) or not _CAMEO.match(code):
        raise ValueError(f"bad CAMEO code {code!r}: expected a string of 2-4 digits")
    root = int(code[:2])
    if not 1 <= root <= 20:
        raise ValueError(f"bad CAMEO code {code!r}: root {code[:2]} is not between 01 and 20")
    if root <= 5:
        return 1
    if root <= 8:
        return 2
    if root <= 13:
        return 3
    return 4


def split_slot(slot: str) -> tuple[str, str | None]:
    """Split a slot into its kind and preposition: ``"obj-prep:on"`` -> ``("obj-prep", "on")``."""
    kind, _, prep = slot.partition(":")
    return kind, prep or None


@dataclass(frozen=True, slots=True)
class VerbEntry:
    """One verb sense: the event it codes and where its recipient is found."""

    lemma: str
    type: str  # PLOVER event type
    cameo: str
    mode: str | None = None
    recipient: tuple[str, ...] = ()  # slots, searched in order
    prep: str | None = None  # condition: the verb has this preposition child
    particle: str | None = None  # condition: the verb has this particle (prt) child
    objects: frozenset[str] = frozenset()  # condition: dobj lemma is one of these
    not_objects: frozenset[str] = frozenset()  # condition: dobj lemma is none of these
    prep_objects: frozenset[str] = frozenset()  # condition: the object of ``prep`` has one of these lemmas
    reciprocal: bool = False
    future: bool = False
    contexts: tuple[str, ...] = ()
    confidence: float = DEFAULT_CONFIDENCE
    source: str = ""  # "file:section[index]" of the entry
    # The event the recipient performs back, as (CAMEO code, PLOVER type, mode): CAMEO's paired
    # codes, e.g. a visit (042) that the host hosts (043). Read from PETRARCH "[042:043]" codes.
    reverse: tuple[str, str, str | None] | None = None
    # PETRARCH pattern conditions (read from its dictionaries; see khaldun.knowledge.petrarch_verbs):
    # words that must come before the verb, in order, between the actor and the verb; a "_" item
    # glues its neighbours (a trailing "_": the last word is right before the verb). Each word may
    # list alternatives with "|" ("ties|tie").
    before: tuple[str, ...] = ()
    # word sequences (alternatives) of which one must appear, in order, in the object's noun phrase
    # ("* TRADE PROTOCOL": an "800 million ducat trade protocol")
    object_words: tuple[tuple[str, ...], ...] = ()
    compound_subject: bool = False  # condition: the subject is coordinated ("% *": "X and Y agree")
    # Role-swapped entries: slots searched for the ACTOR instead of the subject, which is then the
    # recipient ("Syria received arms from Russia": actor in prep:from, recipient Syria; PETRARCH
    # "+ * FROM $"). Empty: the actor is the subject, the recipient is in ``recipient``.
    actor: tuple[str, ...] = ()

    @property
    def quad(self) -> int:
        """CAMEO quad class of the entry's CAMEO code."""
        return cameo_quad(self.cameo)

    @property
    def conditional(self) -> bool:
        """True if the entry only applies under some condition."""
        return bool(self.prep or self.particle or self.objects or self.not_objects or self.prep_objects
                    or self.before or self.object_words or self.compound_subject)

    def applies_context(self, window: Sequence[frozenset[str]] = (), compound: bool = False,
                        phrases: Iterable[Sequence[frozenset[str]]] = ()) -> bool:
        """Whether the PETRARCH conditions hold: ``window`` the word forms (lower-case text and lemma)
        of the tokens from the actor to the verb, ``compound`` whether the subject is coordinated,
        ``phrases`` the word forms of each object's noun phrase."""
        if self.compound_subject and not compound:
            return False
        if self.before and not match_words(self.before, window, anchored_end=True):
            return False
        if self.object_words:
            phrases = list(phrases)
            return any(match_words(seq, phrase) for seq in self.object_words for phrase in phrases)
        return True

    def applies(
        self,
        preps: Iterable[str] = (),
        particles: Iterable[str] = (),
        object_lemma: str | None = None,
        prep_objects: Mapping[str, Iterable[str]] | None = None,
    ) -> bool:
        """Whether the entry's conditions hold for a verb occurrence.

        ``preps`` are the texts of the verb's preposition children, ``particles``
        those of its particle children, ``object_lemma`` the lemma of its direct
        object (None when it has none), ``prep_objects`` the lemmas of the
        objects of each preposition (``{"for": ["sanction"]}``; needed only by
        entries with :attr:`prep_objects`). Comparison is case-insensitive.
        """
        found = prep_objects or {}
        return (self.fits_frame({p.lower() for p in preps}, {p.lower() for p in particles},
                                lambda prep: found.get(prep, ()))
                and self.fits_object(object_lemma.lower() if object_lemma else None))

    def fits_frame(self, preps: AbstractSet[str], particles: AbstractSet[str],
                   prep_objects: Callable[[str], Iterable[str]]) -> bool:
        """The preposition, particle and preposition-object conditions of :meth:`applies`, on
        lower-case ``preps`` and ``particles``; ``prep_objects(prep)`` gives the lemmas of that
        preposition's objects, asked only by entries that list them."""
        if self.prep and self.prep not in preps:
            return False
        if self.particle and self.particle not in particles:
            return False
        return not self.prep_objects or any(
            lemma.lower() in self.prep_objects for lemma in prep_objects(self.prep or ""))

    def fits_object(self, obj: str | None) -> bool:
        """The object conditions of :meth:`applies`, on a lower-case object lemma (None: no object)."""
        if self.objects and obj not in self.objects:
            return False
        return not (obj and obj in self.not_objects)


@dataclass(frozen=True, slots=True)
class NounEntry:
    """One nominal event trigger ("airstrikes on", "the liberation of")."""

    lemma: str
    type: str
    cameo: str
    mode: str | None = None
    actor: tuple[str, ...] = ()  # slots for the actor, in order
    recipient: tuple[str, ...] = ()  # slots for the recipient, in order
    prep: str | None = None  # condition: the noun has this preposition child
    reciprocal: bool = False
    future: bool = False
    contexts: tuple[str, ...] = ()
    confidence: float = DEFAULT_CONFIDENCE
    source: str = ""

    @property
    def quad(self) -> int:
        """CAMEO quad class of the entry's CAMEO code."""
        return cameo_quad(self.cameo)

    @property
    def conditional(self) -> bool:
        """True if the entry only applies under some condition."""
        return self.prep is not None

    def applies(self, preps: Iterable[str] = ()) -> bool:
        """Whether the entry's condition holds, given the noun's preposition children."""
        return self.prep is None or self.prep in {p.lower() for p in preps}


def match_words(pattern: Sequence[str], words: Sequence[frozenset[str]], *, anchored_end: bool = False) -> bool:
    """Whether the pattern's words occur in ``words`` in order (other words may come between).

    A ``"_"`` item makes its neighbours adjacent; a trailing ``"_"`` with ``anchored_end`` puts the
    last word at the end of ``words``.  A word may list alternatives with ``"|"``.

    >>> forms = [frozenset({w}) for w in "it said it would not".split()]
    >>> match_words(("said", "would"), forms), match_words(("would", "_", "not", "_"), forms, anchored_end=True)
    (True, True)
    >>> match_words(("said", "_", "would"), forms)
    False
    """
    items: list[tuple[frozenset[str], bool]] = []  # (alternatives, glued to the previous word)
    glue = False
    for item in pattern:
        if item == "_":
            glue = True
            continue
        items.append((frozenset(item.split("|")), glue))
        glue = False
    at_end = glue and anchored_end

    def search(k: int, start: int) -> bool:
        if k == len(items):
            return True
        alternatives, glued = items[k]
        last = k == len(items) - 1
        positions = [start] if glued and k > 0 else range(start, len(words))
        for i in positions:
            if i >= len(words) or (last and at_end and i != len(words) - 1):
                continue
            if alternatives & words[i] and search(k + 1, i + 1):
                return True
        return False

    return bool(items) and search(0, 0)


_MEMO_SIZE = 1 << 16  # words whose entries a VerbLexicon remembers


def _spelling_variants(lemma: str) -> Iterator[str]:
    """Yield ``lemma`` and then its American spelling if it is a British one."""
    yield lemma
    for british, american in (("isation", "ization"), ("ise", "ize"), ("yse", "yze")):
        if lemma.endswith(british):
            yield lemma[: -len(british)] + american
            return


@dataclass(frozen=True, slots=True)
class VerbLexicon:
    """Verb and noun entries by lemma, plus the word lists the coder needs."""

    verbs: Mapping[str, tuple[VerbEntry, ...]]
    nouns: Mapping[str, tuple[NounEntry, ...]]
    reporting_verbs: frozenset[str]
    intent_verbs: frozenset[str]
    hypothetical_markers: frozenset[str]
    lemma_aliases: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))  # spaCy -> ours
    files: tuple[str, ...] = ()  # the files loaded, lowest precedence first
    # answers of _lookup, (table name, word) -> entries: a bounded memo (the lexicon never changes)
    _memo: dict[tuple[str, str], tuple[Any, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False)

    def verbs_for(self, lemma: str) -> list[VerbEntry]:
        """Entries for a verb lemma in the order the coder tries them.

        When the lexicon has no entry for the lemma itself, a British spelling
        ("criticise", "mobilise") falls back to the American one and a lemma listed
        in ``lemma_aliases`` ("stag", spaCy's lemma of "staged") to its target.
        """
        return list(self._remembered("verbs", lemma))

    def nouns_for(self, lemma: str) -> list[NounEntry]:
        """Entries for a noun lemma in the order the coder tries them."""
        return list(self._remembered("nouns", lemma))

    def _remembered(self, table: str, lemma: str) -> tuple[Any, ...]:
        """:meth:`_lookup` in ``table`` ("verbs" or "nouns"), remembered (emptied past
        :data:`_MEMO_SIZE` words)."""
        key = (table, lemma)
        found = self._memo.get(key)
        if found is None:
            if len(self._memo) >= _MEMO_SIZE:
                self._memo.clear()
            found = self._memo[key] = self._lookup(self.verbs if table == "verbs" else self.nouns, lemma)
        return found

    @property
    def lemmas(self) -> frozenset[str]:
        """Every verb lemma with at least one entry."""
        return frozenset(self.verbs)

    @property
    def noun_lemmas(self) -> frozenset[str]:
        """Every noun lemma with at least one entry."""
        return frozenset(self.nouns)

    def verb_entries(self) -> Iterator[VerbEntry]:
        """All verb entries."""
        for entries in self.verbs.values():
            yield from entries

    def noun_entries(self) -> Iterator[NounEntry]:
        """All noun entries."""
        for entries in self.nouns.values():
            yield from entries

    def _lookup(self, table: Mapping[str, tuple[Any, ...]], lemma: str) -> tuple[Any, ...]:
        lemma = lemma.lower()
        found = table.get(lemma)  # the lemma itself: the first variant tried
        if found is not None:
            return found
        for variant in (*_spelling_variants(lemma), self.lemma_aliases.get(lemma)):
            if variant is not None and variant in table:
                return table[variant]
        return ()


def load_verbs(extra: Iterable[str | Path] = (), *, bundled_entries: bool = True) -> VerbLexicon:
    """Load the bundled lexicon, then user files in the same format or PETRARCH's.

    For a lemma that a later file defines, its entries replace those of earlier
    files (the bundled file comes first), so a user file fully controls the
    lemmas it mentions. Word lists (``reporting_verbs`` ...) are merged.
    A PETRARCH/CAMEO verb dictionary (``--- VERB [CODE] ---`` blocks, e.g.
    ``CAMEO.2.0.txt``) is recognised by its content and read with
    :mod:`khaldun.knowledge.petrarch_verbs`; what it cannot use is counted and
    logged, never an error. As khaldun never codes plain speech, entries
    without conditions for reporting verbs ("SAID [023]") are left out.
    ``bundled_entries=False`` keeps only the bundled word lists, so that the
    user files alone decide which words are events (an evaluation against a
    dictionary's own gold).
    Raises :class:`LexiconError` naming the file and entry on any problem.
    """
    bundled = resources.files("khaldun.knowledge").joinpath("data", BUNDLED_NAME)
    first = _parse(bundled.read_text(encoding="utf-8"), BUNDLED_NAME)
    if not bundled_entries:
        first = _Layer(first.name, {}, {}, first.words, first.aliases)
    layers = [first]
    foreign: list[_Layer] = []
    for path in extra:
        try:
            text = Path(path).read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            raise LexiconError(f"{path}: cannot read verb lexicon: {exc.strerror or exc}") from exc
        if _is_petrarch(text):
            layers.append(_petrarch_layer(text, str(path)))
            foreign.append(layers[-1])
        else:
            layers.append(_parse(text, str(path)))
    if foreign:
        reporting = set().union(*(layer.words["reporting_verbs"] for layer in layers))
        for layer in foreign:
            # the same entry may be filed under an inflected form too ("said"): drop it there as well
            speech = {e.source for lemma in reporting & set(layer.verbs) for e in layer.verbs[lemma]
                      if not e.conditional}
            for key in list(layer.verbs):
                kept = tuple(e for e in layer.verbs[key] if e.conditional or e.source not in speech)
                if kept:
                    layer.verbs[key] = kept
                else:
                    del layer.verbs[key]

    verbs: dict[str, tuple[VerbEntry, ...]] = {}
    nouns: dict[str, tuple[NounEntry, ...]] = {}
    words: dict[str, set[str]] = {name: set() for name in _LIST_SECTIONS}
    aliases: dict[str, str] = {}
    for layer in layers:
        verbs.update(layer.verbs)
        nouns.update(layer.nouns)
        aliases.update(layer.aliases)
        for name in _LIST_SECTIONS:
            words[name] |= layer.words[name]
    return VerbLexicon(
        verbs=MappingProxyType(verbs),
        nouns=MappingProxyType(nouns),
        reporting_verbs=frozenset(words["reporting_verbs"]),
        intent_verbs=frozenset(words["intent_verbs"]),
        hypothetical_markers=frozenset(words["hypothetical_markers"]),
        lemma_aliases=MappingProxyType(aliases),
        files=tuple(layer.name for layer in layers),
    )


def _is_petrarch(text: str) -> bool:
    from khaldun.knowledge.petrarch_verbs import is_petrarch_verbs

    return is_petrarch_verbs(text)


def _petrarch_layer(text: str, name: str) -> _Layer:
    """A PETRARCH verb dictionary as a layer of verb entries; its summary goes to the log."""
    from khaldun.knowledge.petrarch_verbs import parse_petrarch_verbs

    result = parse_petrarch_verbs(text, Path(name).name)
    _log.warning("%s", result.summary())
    empty: dict[str, set[str]] = {key: set() for key in _LIST_SECTIONS}
    return _Layer(name, dict(result.verbs), {}, empty, {})


# --------------------------------------------------------------------------- parsing


_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # C parser if built


class _LexiconLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """A safe loader reading only true/false as booleans, so ``prep: on`` stays text."""


_LexiconLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}
_LexiconLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


_Entry = TypeVar("_Entry", VerbEntry, NounEntry)


@dataclass(frozen=True, slots=True)
class _Layer:
    """The validated content of one lexicon file."""

    name: str
    verbs: dict[str, tuple[VerbEntry, ...]]
    nouns: dict[str, tuple[NounEntry, ...]]
    words: dict[str, set[str]]
    aliases: dict[str, str]


def _parse(text: str, name: str) -> _Layer:
    """Parse and validate the text of one lexicon file called ``name``."""
    loader = _LexiconLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        raise LexiconError(f"{name}: invalid YAML: {exc}") from exc
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        raise LexiconError(f"{name}: expected a mapping with 'verbs', 'nouns', ... at the top level")
    unknown = sorted(set(map(str, data)) - _TOP_KEYS)
    if unknown:
        raise LexiconError(f"{name}: unknown top-level key(s) {unknown}; expected {sorted(_TOP_KEYS)}")
    lines = _entry_lines(node)

    return _Layer(
        name=name,
        verbs=_section(data, "verbs", name, lines, _verb_entry, _check_verb_shadow),
        nouns=_section(data, "nouns", name, lines, _noun_entry, _check_noun_shadow),
        words={key: set(_word_list(data.get(key), f"{name}: {key}")) for key in _LIST_SECTIONS},
        aliases=_aliases(data.get("lemma_aliases"), name),
    )


def _aliases(raw: Any, name: str) -> dict[str, str]:
    """Validate the optional ``lemma_aliases`` mapping (spaCy lemma -> lexicon lemma)."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise LexiconError(f"{name}: 'lemma_aliases' must be a mapping of spaCy lemma to lexicon lemma")
    for alias, target in raw.items():
        if not all(isinstance(w, str) and _WORD.match(w) for w in (alias, target)):
            raise LexiconError(f"{name}: lemma_aliases: {alias!r}: {target!r} must map a word to a word")
    return dict(raw)


def _entry_lines(node: yaml.Node) -> dict[tuple[str, int], int]:
    """Map (section, index) to the 1-based line of each entry, for error messages."""
    lines: dict[tuple[str, int], int] = {}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(value, yaml.SequenceNode):
                for i, item in enumerate(value.value):
                    lines[(str(key.value), i)] = item.start_mark.line + 1
    return lines


def _section(
    data: dict[str, Any],
    section: str,
    name: str,
    lines: Mapping[tuple[str, int], int],
    build: Callable[[Any, str, str], _Entry],
    check_shadow: Callable[[list[_Entry], _Entry, str], None],
) -> dict[str, tuple[_Entry, ...]]:
    """Validate one list of entries and group it by lemma, keeping file order."""
    raw = data.get(section)
    if raw is None:
        return {}
    if not isinstance(raw, list):
        raise LexiconError(f"{name}: '{section}' must be a list of entries")
    grouped: dict[str, list[_Entry]] = {}
    for index, item in enumerate(raw):
        where = f"{name}:{section}[{index}]"
        line = lines.get((section, index))
        label = f"{where} (line {line})" if line else where
        entry = build(item, label, where)
        earlier = grouped.setdefault(entry.lemma, [])
        check_shadow(earlier, entry, label)
        earlier.append(entry)
    return {lemma: tuple(entries) for lemma, entries in grouped.items()}


def _verb_entry(item: Any, label: str, source: str) -> VerbEntry:
    """Validate one raw verb entry."""
    where, fields = _common_fields(item, label, _VERB_KEYS)
    return VerbEntry(
        **fields,
        recipient=_slots(item.get("recipient", []), where, "recipient", _VERB_SLOT, _VERB_SLOT_HELP),
        actor=_slots(item.get("actor", []), where, "actor", _VERB_SLOT, _VERB_SLOT_HELP),
        particle=_optional_word(item.get("particle"), where, "particle"),
        objects=frozenset(_word_list(item.get("objects"), f"{where}: 'objects'", allow_empty=False)),
        not_objects=frozenset(
            _word_list(item.get("not_objects"), f"{where}: 'not_objects'", allow_empty=False)
        ),
        source=source,
    )


def _noun_entry(item: Any, label: str, source: str) -> NounEntry:
    """Validate one raw noun entry."""
    where, fields = _common_fields(item, label, _NOUN_KEYS)
    return NounEntry(
        **fields,
        actor=_slots(item.get("actor", []), where, "actor", _NOUN_SLOT, _NOUN_SLOT_HELP),
        recipient=_slots(item.get("recipient", []), where, "recipient", _NOUN_SLOT, _NOUN_SLOT_HELP),
        source=source,
    )


def _common_fields(item: Any, label: str, allowed: frozenset[str]) -> tuple[str, dict[str, Any]]:
    """Validate the keys verb and noun entries share.

    Returns the entry's label for later messages and the shared constructor arguments.
    """
    if not isinstance(item, dict):
        raise LexiconError(f"{label}: an entry must be a mapping, got {item!r}")
    lemma = item.get("lemma")
    if not isinstance(lemma, str) or not _WORD.match(lemma):
        raise LexiconError(f"{label}: 'lemma' must be one lower-case word, got {lemma!r}")
    where = f"{label} (lemma {lemma!r})"
    unknown = sorted(set(map(str, item)) - allowed)
    if unknown:
        raise LexiconError(f"{where}: unknown key(s) {unknown}; allowed: {sorted(allowed)}")

    event_type = item.get("type")
    if event_type not in PLOVER_TYPES:
        raise LexiconError(
            f"{where}: unknown PLOVER type {event_type!r}; expected one of {sorted(PLOVER_TYPES)}"
        )
    cameo = item.get("cameo")
    if isinstance(cameo, int) and not isinstance(cameo, bool):
        raise LexiconError(f'{where}: CAMEO code {cameo!r} must be a quoted string, e.g. cameo: "051"')
    try:
        cameo_quad(cameo)
    except ValueError as exc:
        raise LexiconError(f"{where}: {exc}") from None
    mode = item.get("mode")
    if mode is not None and mode not in PLOVER_MODES[event_type]:
        allowed_modes = sorted(PLOVER_MODES[event_type]) or "none"
        raise LexiconError(f"{where}: mode {mode!r} is not a mode of {event_type} (allowed: {allowed_modes})")
    contexts = _word_list(item.get("contexts"), f"{where}: 'contexts'", pattern=None)
    bad = [c for c in contexts if c not in PLOVER_CONTEXTS]
    if bad:
        raise LexiconError(f"{where}: unknown PLOVER context(s) {bad}")
    confidence = item.get("confidence", DEFAULT_CONFIDENCE)
    if isinstance(confidence, bool) or not isinstance(confidence, int | float) or not 0 <= confidence <= 1:
        raise LexiconError(f"{where}: 'confidence' must be a number between 0 and 1, got {confidence!r}")
    return where, {
        "lemma": lemma,
        "type": event_type,
        "cameo": cameo,
        "mode": mode,
        "prep": _optional_word(item.get("prep"), where, "prep"),
        "reciprocal": _flag(item, "reciprocal", where),
        "future": _flag(item, "future", where),
        "contexts": tuple(contexts),
        "confidence": float(confidence),
    }


def _slots(raw: Any, where: str, key: str, pattern: re.Pattern[str], help_text: str) -> tuple[str, ...]:
    """Validate a list of slot names."""
    if not isinstance(raw, list):
        raise LexiconError(f"{where}: '{key}' must be a list of slots ({help_text})")
    for slot in raw:
        if not isinstance(slot, str) or not pattern.match(slot):
            raise LexiconError(f"{where}: unknown {key} slot {slot!r}; expected {help_text}")
    return tuple(raw)


def _word_list(
    raw: Any, where: str, *, allow_empty: bool = True, pattern: re.Pattern[str] | None = _WORD
) -> list[str]:
    """Validate an optional list of words (lower-case, one token each unless ``pattern`` is None)."""
    if raw is None:
        return []
    if not isinstance(raw, list) or (not raw and not allow_empty):
        raise LexiconError(f"{where} must be a non-empty list of words")
    for word in raw:
        if not isinstance(word, str) or (pattern is not None and not pattern.match(word)):
            raise LexiconError(f"{where}: {word!r} is not one lower-case word")
    return list(raw)


def _optional_word(raw: Any, where: str, key: str) -> str | None:
    """Validate an optional single word (a preposition or particle)."""
    if raw is None:
        return None
    if not isinstance(raw, str) or not _WORD.match(raw):
        raise LexiconError(f"{where}: '{key}' must be one lower-case word, got {raw!r}")
    return raw


def _flag(item: dict, key: str, where: str) -> bool:
    """Validate an optional boolean key."""
    value = item.get(key, False)
    if not isinstance(value, bool):
        raise LexiconError(f"{where}: '{key}' must be true or false, got {value!r}")
    return value


def _shadows(first: VerbEntry, later: VerbEntry) -> bool:
    """Whether ``first`` applies whenever ``later`` does, so ``later`` can never be used.

    A partial overlap is fine: "stage a strike" may precede "stage" + assault objects
    that also list "strike", the earlier and more specific entry winning for it.
    """
    if first.prep and first.prep != later.prep:
        return False
    if first.particle and first.particle != later.particle:
        return False
    if later.objects:
        return later.objects <= (first.objects or later.objects) and not later.objects & first.not_objects
    return not first.objects and first.not_objects <= later.not_objects


def _check_verb_shadow(earlier: list[VerbEntry], entry: VerbEntry, label: str) -> None:
    """Raise if an earlier entry for the same lemma always matches before ``entry``."""
    for first in earlier:
        if _shadows(first, entry):
            raise LexiconError(_unreachable(label, entry.lemma, first.source))


def _check_noun_shadow(earlier: list[NounEntry], entry: NounEntry, label: str) -> None:
    """Raise if an earlier entry for the same lemma always matches before ``entry``."""
    for first in earlier:
        if first.prep is None or first.prep == entry.prep:
            raise LexiconError(_unreachable(label, entry.lemma, first.source))


def _in_file(source: str) -> str:
    """The ``section[index]`` part of an entry's source."""
    return source.rsplit(":", 1)[-1]


def _unreachable(label: str, lemma: str, shadow_source: str) -> str:
    return (
        f"{label} (lemma {lemma!r}): unreachable, {_in_file(shadow_source)} always matches first; "
        "put entries with conditions before the general one"
    )
