"""Find actor mentions in one parsed document and resolve them inside it.

Three kinds of mention are found, in this order:

1. named entities (persons, organisations, countries, demonyms) looked up in
   the lexicons; capitals and seats of power ("Tehran", "the Kremlin") stand
   for their government;
2. role phrases ("Iran's defense minister", "the Syrian army", "rebels"),
   whose country comes from the phrase itself (possessive, demonym, "of X");
3. pronouns ("he", "its"), resolved to the most recent compatible mention.

A person named next to a role ("his Syrian counterpart, Fahd Jassem
al-Freij") takes the role's country and sector; a bare surname takes the full
name introduced earlier in the document.  Roles with no country in the text
("the regime", "pro-regime forces") take the document's main country, with a
rule that says so.
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from spacy.tokens import Doc  # at run time: a compiled build reads them

from khaldun.actors.naming import SECTOR_NOUNS, ActorIds, generic_name
from khaldun.actors.offices import NOT_CURRENT, OfficeIndex
from khaldun.actors.variants import CleanWords
from khaldun.knowledge.normalize import normalize_name
from khaldun.nlp.view import DocView, StringCache

if TYPE_CHECKING:
    from khaldun.knowledge import Entry, Knowledge
    from khaldun.timeplace.gazetteer import Gazetteer

_ENTITY_LABELS = {"PERSON", "ORG", "GPE", "NORP"}
_NOUN_TAGS = frozenset({"NOUN", "PROPN"})  # the parts of speech of role phrase heads
_PRONOUN_TAGS = frozenset({"PRON"})
_PERSON_PRONOUNS = {"he", "she", "him", "her", "his"}
_THING_PRONOUNS = {"it", "its"}
_PLURAL_PRONOUNS = {"they", "them", "their"}
_DESCRIPTOR_DEPS = {"poss", "amod", "compound", "nmod"}
_ROLE_MODIFIERS = frozenset({"compound", "amod"})  # modifiers that make a role phrase with its head
# Sectors a modifier imposes on a generic head ("rebel commanders" are rebels, not the military).
_DISTINCTIVE_SECTORS = {"REB", "OPP", "COP", "SPY", "CVL", "JRN", "MED", "REL", "LAB", "BUS", "REF", "CRM"}
# Non-state sectors take the country where things happen, not the country most talked about.
_LOCAL_SECTORS = {"REB", "OPP", "CVL", "REF", "CRM", "UAF"}
# Modifiers that make a role the government's ("government forces", "pro-regime militias").
_GOVERNMENT_WORDS = {"government", "regime", "pro-government", "pro-regime", "loyalist", "state"}
_LOCATION_PREPS = {"in", "across", "near", "into", "inside", "throughout", "around"}
# Honorifics between a title and a name ("Supreme Leader Ayatollah Ali Khamenei").
_HONORIFICS = {"ayatollah", "grand", "sheikh", "sayyid", "hojatoleslam", "mr", "mrs", "ms", "dr", "general", "gen",
               "brigadier", "major", "admiral", "colonel", "col", "maj", "brig", "lt", "lieutenant", "prince", "king",
               "emir", "imam", "mullah"}
# Title words that are not part of a person's name.
_TITLES = {
    "president", "minister", "general", "gen.", "maj.", "brig.", "brigadier", "major", "admiral",
    "colonel", "col.", "mr", "mr.", "mrs", "ms", "dr", "dr.", "sheikh", "ayatollah", "king", "prince",
    "secretary", "chief", "commander", "lieutenant", "lt.", "defense", "defence", "foreign", "prime",
}
_BARE_TITLES = frozenset(t.strip(".") for t in _TITLES)
_MEMO_SIZE = 65_536  # surface forms a finder remembers the country of


@dataclass(slots=True)
class ActorMention:
    """A resolved actor mention (token offsets into the spaCy Doc)."""

    start: int
    end: int
    head: int
    sentence_index: int
    text: str
    label: str
    rule: str
    name: str
    kind: str
    country: str | None = None
    sectors: list[str] = field(default_factory=list)
    entry_key: str | None = None
    role_text: str | None = None
    actor_id: str | None = None


class _At(NamedTuple):
    """Where an entity mention is: the first fields of :class:`ActorMention`, in their order."""

    start: int
    end: int
    head: int
    sentence_index: int
    text: str
    label: str


#: What an entity's text names (see :meth:`MentionFinder._entity_reading`): a lexicon entry, or the
#: (rule, name, kind, country, sectors, entry key) of its mention, and whether a modifier names no one.
_Reading = tuple["Entry | None", "tuple[str, str, str, str | None, tuple[str, ...], str | None] | None", bool]


@dataclass(slots=True)
class DocMentions:
    mentions: list[ActorMention]
    by_token: dict[int, ActorMention]
    main_country: str | None
    #: the document read once (see :mod:`khaldun.nlp.view`), for the stages after this one
    view: DocView | None = field(default=None, repr=False, compare=False)
    #: the finder's memo of actor ids, for the stages after this one (None: they hash their own)
    ids: ActorIds | None = field(default=None, repr=False, compare=False)
    #: the finder's memo of cleaned mention words, for the stages after this one (None: they clean their own)
    cleaner: CleanWords | None = field(default=None, repr=False, compare=False)

    def view_of(self, doc: Doc) -> DocView:
        """The view of *doc* these mentions were found with (built now if they were made by hand)."""
        if self.view is None or self.view.doc is not doc:
            self.view = DocView(doc)
        return self.view

    def at(self, token_index: int) -> ActorMention | None:
        return self.by_token.get(token_index)


class MentionFinder:
    """Finds and resolves actor mentions; holds only the loaded knowledge."""

    def __init__(self, knowledge: Knowledge, places: Gazetteer | None = None) -> None:
        self.knowledge = knowledge
        self.places = places
        self.offices = OfficeIndex(knowledge.entries)
        self.strings = StringCache()  # the parse's strings, read from one document to the next
        self._named: dict[str, tuple[bool, str | None]] = {}  # see _country_named
        self._entities: dict[tuple[str, str], _Reading] = {}  # (text, label) -> see _entity_reading
        self._role_phrases: dict[tuple[str, ...], tuple[tuple[str, ...], int]] = {}  # see _role_reading
        self._sectors: dict[tuple[int, str | None], tuple[Entry, tuple[str, ...]]] = {}  # see _sectors_on
        self._role_word: dict[tuple[str, str], bool] = {}  # (lemma, word) -> a role word alone (bounded)
        self._places: dict[str, tuple[str | None, str | None]] = {}  # see _place_reading
        self._titles: dict[str, str] = {}  # role phrase text -> _office_title (bounded)
        self.ids = ActorIds()  # actor ids, hashed once per process (see DocMentions.ids)
        self.cleaner = CleanWords()  # mention words cleaned once per process (see DocMentions.cleaner)

    # -- public -------------------------------------------------------------
    def find(self, doc: Doc, date: str | None = None) -> DocMentions:
        """Mentions of *doc*; *date* (ISO, the publication date) picks the roles held then."""
        view = DocView(doc, self.strings)
        mentions: list[ActorMention] = []
        by_token: dict[int, ActorMention] = {}

        def add(m: ActorMention) -> None:
            mentions.append(m)
            for i in range(m.start, m.end):
                by_token.setdefault(i, m)

        for n, label in enumerate(view.ent_labels):
            if label in _ENTITY_LABELS:
                m = self._entity_mention(view, n, date)
                if m is not None:
                    add(m)
        dep, lemmas, words, heads, pos = view.dep, view.lemma_lower, view.words, view.heads, view.pos
        role_word = self._role_word  # (lemma, word) -> whether it names a role alone
        # the tokens with a compound or adjective on their left, which may make a role phrase with them
        modified = {heads[c] for c in range(view.n) if heads[c] > c and dep[c] in _ROLE_MODIFIERS}
        for i in _indices_of(view, _NOUN_TAGS):
            if i in by_token or (dep[i] == "compound" and pos[heads[i]] in _NOUN_TAGS):
                continue  # a compound noun: the head of the phrase carries the role (see _role_mention)
            key = (lemmas[i], words[i])
            alone = role_word.get(key)
            if alone is None:
                if len(role_word) >= _MEMO_SIZE:
                    role_word.clear()
                alone = role_word[key] = bool(self.knowledge.sector_of(key[0])
                                              or self.knowledge.sector_of(key[1].lower()))
            if not alone and i not in modified:
                continue  # no sectors: _role_sectors would find none
            m = self._role_mention(view, i, by_token)
            if m is not None:
                add(m)
        mentions.sort(key=lambda m: m.start)
        self._link_persons_to_roles(view, mentions, by_token)
        self._resolve_surnames(mentions)
        self._resolve_offices(view, mentions, date)
        main_country = _main_country(mentions)
        place_country = self._place_country(view, mentions) or main_country
        pronouns = self._pronouns(view, mentions, by_token)
        for pron, _ in pronouns:
            add(pron)
        # the role phrases by head lemma, in list order: kind and label stay as they are in the loop below
        roles: dict[str, list[ActorMention]] = {}
        for m in mentions:
            if m.label == "ROLE" and m.kind == "group":
                roles.setdefault(lemmas[m.head], []).append(m)
        for m in mentions:
            if m.label == "ROLE" and m.country is None:
                # "its armed forces": the country of whatever "its" refers to
                for child in view.children(m.head):
                    owner = by_token.get(child) if dep[child] == "poss" else None
                    if owner is not None and owner.country:
                        m.country = owner.country
                        m.rule += "+possessor"
                        m.name = generic_name(self.knowledge, m.country, m.sectors)
            if m.label == "ROLE" and m.kind == "group" and (m.country is None or m.sectors[:1] == ["UNK"]):
                patron = _close_to(view, m.head, by_token)
                if patron is not None and patron.country:
                    # "a source close to the Assad regime": the side it speaks for
                    m.country = patron.country
                    if patron.sectors and (not m.sectors or m.sectors[0] == "UNK"):
                        m.sectors = list(patron.sectors)
                    m.rule += "+close-to"
                    m.name = generic_name(self.knowledge, m.country, m.sectors)
            if m.label == "ROLE" and m.country is None and m.kind == "group":
                # "the border guards" after "Russian border guards"; "government forces" in Syria
                country, how = _same_head_country(m, roles[lemmas[m.head]]), "+antecedent"
                if country is None:
                    country, how = self._government_place(view, m), "+sentence-place"
                if country is not None:
                    m.country = country
                    m.rule += how
                    m.name = generic_name(self.knowledge, country, m.sectors)
            fallback = place_country if set(m.sectors[:1]) & _LOCAL_SECTORS else main_country
            if m.country is None and m.kind == "group" and fallback:
                m.country = fallback
                m.rule += "+document-country"
                m.name = generic_name(self.knowledge, fallback, m.sectors)
        for pron, antecedent in pronouns:
            pron.name, pron.kind, pron.country = antecedent.name, antecedent.kind, antecedent.country
            pron.sectors, pron.entry_key = list(antecedent.sectors), antecedent.entry_key
        mentions.sort(key=lambda m: m.start)
        return DocMentions(mentions=mentions, by_token=by_token, main_country=main_country, view=view,
                           ids=self.ids, cleaner=self.cleaner)

    def _place_country(self, view: DocView, mentions: list[ActorMention]) -> str | None:
        """The country where the document's events happen: "in Syria", "near Idlib"."""
        counts: Counter[str] = Counter()
        named = {m.country for m in mentions if m.country}  # a town counts only in a country the text names
        lower, heads = view.lower, view.heads
        for ent, label, root in zip(view.ents, view.ent_labels, view.ent_roots):
            if label not in {"GPE", "LOC", "FAC"} or lower[heads[root]] not in _LOCATION_PREPS:
                continue
            text = view.span_text(ent.start, ent.end)
            known = self._places.get(text)
            if known is None:
                known = self._place_reading(text)
            country, place = known
            if country is None and place in named:
                country = place
            if country:
                counts[country] += 1
        return counts.most_common(1)[0][0] if counts else None

    def _place_reading(self, text: str) -> tuple[str | None, str | None]:
        """The country of the state a place name ``text`` is (lexicon), else None, and the gazetteer's
        country of the place (None without a gazetteer); remembered in a bounded memo."""
        entry = self.knowledge.lookup(text)
        state = entry.country if entry is not None and entry.kind == "state" else None
        place = self.places.country_of(text) if state is None and self.places is not None else None
        if len(self._places) >= _MEMO_SIZE:
            self._places.clear()
        known = self._places[text] = (state, place)
        return known

    def _government_place(self, view: DocView, m: ActorMention) -> str | None:
        """"government forces", "pro-regime militias": the government of the country where it happens.

        The country is the state named after a place preposition in the same
        sentence ("the war in Syria, where ... government forces").
        """
        lower = view.lower
        if not any(lower[i] in _GOVERNMENT_WORDS for i in range(m.start, m.head)):
            return None
        heads = view.heads
        for n in view.sentence_ents(view.sent_of[m.head]):
            ent = view.ents[n]
            if view.ent_labels[n] not in {"GPE", "LOC"} or lower[heads[view.ent_roots[n]]] not in _LOCATION_PREPS:
                continue
            entry = self.knowledge.lookup(view.span_text(ent.start, ent.end))
            if entry is not None and entry.kind == "state" and entry.country:
                return entry.country
        return None

    # -- named entities -------------------------------------------------------
    def _entity_mention(self, view: DocView, n: int, date: str | None = None) -> ActorMention | None:
        """The mention of entity ``view.ents[n]``, or None when it names no actor."""
        ent = view.ents[n]
        start, end = ent.start, ent.end
        root = view.ent_roots[n]
        label = view.ent_labels[n]
        text = view.span_text(start, end).strip()
        known = self._entities.get((text, label))
        if known is None:
            known = self._entity_reading(text, label)
        entry, template, modifier_is_none = known
        if modifier_is_none and view.dep[root] in {"amod", "compound"}:
            return None  # a demonym: a modifier of a role phrase ("Syrian troops")
        at = _At(start, end, root, view.sent_of[start], text, label)
        if entry is not None:
            return self._from_entry(entry, at, rule="lexicon", date=date)
        if template is not None:
            rule, name, kind, country, sectors, key = template
            return ActorMention(*at, rule=rule, name=name, kind=kind, country=country, sectors=list(sectors),
                                entry_key=key)
        if label == "ORG":
            if _inside_role_phrase(view, root, self.knowledge):
                return None
            country = self._country_of_modifiers(view, root, {})
            return ActorMention(*at, rule="model:ORG", name=_strip_the(text), kind="organization",
                                country=country)
        return None  # an unknown GPE is a place, not an actor

    def _entity_reading(self, text: str, label: str) -> _Reading:
        """What an entity ``text`` labelled ``label`` names, whatever its place in a document;
        remembered in a bounded memo (the knowledge never changes).

        An entry read with the document's date (the lexicon's), or the fields of a mention that
        need no date (metonyms, demonyms, unknown persons); and whether the entity names no one when
        it modifies a noun (a demonym: "Syrian troops").  An unknown organisation is read in its
        document (see :meth:`_entity_mention`).
        """
        k = self.knowledge
        entry = k.lookup(text)
        reading: _Reading
        if entry is not None:
            # a demonym: a modifier of a role phrase, or "the Iranians" as a state
            reading = (entry, None, entry.kind == "state" and label == "NORP")
        elif (met := k.metonym(text)) is not None:
            state, sector = met
            sectors = [sector] if sector else self._sectors_on(state, None)
            reading = (None, (f"metonym:{state.key}", generic_name(k, state.country, sectors), "group",
                              state.country, tuple(sectors), state.key), False)
        elif (dem := k.demonym(text)) is not None:
            reading = (None, (f"demonym:{dem.key}", dem.name, dem.kind, dem.country,
                              tuple(self._sectors_on(dem, None)), dem.key), True)
        elif label == "PERSON":
            reading = (None, ("model:PERSON", _person_name(text), "person", None, (), None), False)
        else:
            reading = (None, None, False)
        if len(self._entities) >= _MEMO_SIZE:
            self._entities.clear()
        self._entities[text, label] = reading
        return reading

    def _from_entry(self, entry: Entry, at: _At, *, rule: str, date: str | None = None) -> ActorMention:
        return ActorMention(*at, rule=f"{rule}:{entry.key}", name=entry.name, kind=entry.kind,
                            country=entry.country, sectors=self._sectors_on(entry, date), entry_key=entry.key)

    def _sectors_on(self, entry: Entry, date: str | None) -> list[str]:
        """:func:`sectors_on`, remembered per entry and date in a bounded memo (the knowledge never changes)."""
        key = (id(entry), date)
        known = self._sectors.get(key)
        if known is None or known[0] is not entry:  # the entry is kept, so its id names no other
            if len(self._sectors) >= _MEMO_SIZE:
                self._sectors.clear()
            known = self._sectors[key] = (entry, tuple(sectors_on(entry, date)))
        return list(known[1])

    # -- role phrases ---------------------------------------------------------
    def _role_sectors(self, view: DocView, i: int, lefts: list[int] | None = None) -> tuple[list[str], int]:
        """Sectors of the role phrase headed by token ``i`` and its first token (``lefts``: ``view.lefts(i)``)."""
        lemmas, words, dep = view.lemma_lower, view.words, view.dep
        compounds = [c for c in (view.lefts(i) if lefts is None else lefts) if dep[c] in _ROLE_MODIFIERS]
        key = (lemmas[i], words[i], *[w for c in compounds for w in (lemmas[c], words[c])])
        known = self._role_phrases.get(key)
        if known is None:
            known = self._role_reading(key)
        sectors, which = known
        return list(sectors), (i if which < 0 else compounds[which])

    def _role_reading(self, key: tuple[str, ...]) -> tuple[tuple[str, ...], int]:
        """The sectors of a role head's (lemma, word) and its modifiers' ``key[2:]`` (lemma, word, ...),
        and which modifier starts the phrase (-1: none); remembered in a bounded memo."""
        k = self.knowledge
        lemma, word = key[0], key[1]
        pairs = [(key[n], key[n + 1]) for n in range(2, len(key), 2)]
        found: tuple[tuple[str, ...], int] | None = None
        for n, (c_lemma, c_word) in enumerate(pairs):
            sectors = k.sector_of(f"{c_lemma} {lemma}") or k.sector_of(f"{c_word.lower()} {word.lower()}")
            if sectors:
                found = (tuple(sectors), n)
                break
        if found is None:
            sectors = k.sector_of(lemma) or k.sector_of(word.lower())
            found = (tuple(sectors), -1)
            if sectors:
                # "rebel commanders", "opposition leader", "police officers": the modifier says who
                for n, (c_lemma, _) in enumerate(pairs):
                    distinctive = [s for s in k.sector_of(c_lemma) if s in _DISTINCTIVE_SECTORS]
                    if distinctive:
                        found = (tuple(distinctive), n)
                        break
        if len(self._role_phrases) >= _MEMO_SIZE:
            self._role_phrases.clear()
        self._role_phrases[key] = found
        return found

    def _role_mention(self, view: DocView, i: int, by_token: dict[int, ActorMention]) -> ActorMention | None:
        """The role phrase headed by noun ``i`` ("Iran's defense minister"), or None."""
        dep = view.dep
        if dep[i] == "compound" and view.pos[view.heads[i]] in {"NOUN", "PROPN"}:
            return None  # the head of the phrase carries the role
        lefts = view.lefts(i)
        sectors, first = self._role_sectors(view, i, lefts)
        if not sectors:
            return None
        # the whole name of a modifier: "Islamic State militants", not "State militants"
        start = min([first] + [c for c in lefts if dep[c] in _DESCRIPTOR_DEPS or dep[c] == "det"]
                    + [by_token[c].start for c in lefts if dep[c] in _DESCRIPTOR_DEPS and c in by_token])
        text = view.span_text(start, i + 1)
        lemma = view.lemma_lower[i]
        org = _organisation_modifier(view, i, by_token, lefts)
        if org is not None:
            # "Islamic State militants", "Hezbollah fighters", "NATO troops": the organisation acts
            return ActorMention(start=start, end=i + 1, head=i,
                                sentence_index=view.sent_of[i], text=text, label=org.label,
                                rule=f"role:{lemma}+organisation:{org.rule}", name=org.name,
                                kind=org.kind, country=org.country, sectors=list(org.sectors),
                                entry_key=org.entry_key, role_text=text)
        country = self._country_of_modifiers(view, i, by_token)
        tag = view.tag
        if country is None and sectors[0] in {"GOV", "LEG", "JUD"} and tag[i] in {"NNS", "NNPS"}:
            return None  # "other governments": no one actor
        if country is None and any(dep[c] == "poss" and tag[c] == "NNS" and c not in by_token
                                   for c in view.children(i)):
            return None  # "the two countries' forces", "both sides' fighters": several actors
        name = generic_name(self.knowledge, country, sectors)
        return ActorMention(start=start, end=i + 1, head=i,
                            sentence_index=view.sent_of[i], text=text, label="ROLE",
                            rule=f"role:{lemma}", name=name, kind="group",
                            country=country, sectors=sectors, role_text=text)

    def _country_of_modifiers(self, view: DocView, i: int, by_token: dict[int, ActorMention]) -> str | None:
        """Country named inside the noun phrase headed by token ``i``: Iran's X, Syrian X, X of Iran."""
        dep, lower, words, ent_type = view.dep, view.lower, view.words, view.ent_type
        candidates, ofs = [], []
        for c in view.children(i):
            if dep[c] in _DESCRIPTOR_DEPS:
                candidates.append(c)
            elif dep[c] == "prep" and lower[c] == "of":
                ofs.append(c)
        # "the Russian Army commander": the country modifies a compound of the head
        candidates += [g for c in candidates if dep[c] == "compound"
                       for g in view.children(c) if dep[g] in _DESCRIPTOR_DEPS]
        candidates += [p for c in ofs for p in view.children(c) if dep[p] == "pobj"]
        named_memo = self._named
        for c in candidates:
            m = by_token.get(c)
            if m is not None and m.country:
                return m.country
            # outside an entity the entity's text is the word's own: read once
            for text in (words[c], view.entity_text(c)) if ent_type[c] else (words[c],):
                named = named_memo.get(text)
                if named is None:
                    named = self._country_named(text)
                if named[0]:
                    return named[1]
        return None

    def _country_named(self, text: str) -> tuple[bool, str | None]:
        """Whether ``text`` names a country's actor (a state, its demonym, a seat of power) and which
        country; remembered in a bounded memo (the knowledge never changes)."""
        k = self.knowledge
        entry = k.lookup(text) or k.demonym(text)
        if entry is not None and entry.country:
            named: tuple[bool, str | None] = (True, entry.country)
        else:
            met = k.metonym(text)
            named = (True, met[0].country) if met is not None else (False, None)
        if len(self._named) >= _MEMO_SIZE:
            self._named.clear()
        self._named[text] = named
        return named

    # -- linking --------------------------------------------------------------
    def _link_persons_to_roles(self, view: DocView, mentions: list[ActorMention],
                               by_token: dict[int, ActorMention]) -> None:
        """A person beside a role takes its country and sectors."""
        dep = view.dep
        for m in mentions:
            if m.kind != "person":
                continue
            head = m.head
            related = [view.heads[head]] if dep[head] == "appos" else []
            related += [c for c in view.children(head) if dep[c] == "appos"]
            related += [c for c in view.lefts(head) if dep[c] in {"compound", "poss", "amod"}]
            before = self._title_before(view, m, by_token)
            if before is not None and before not in related:
                related.append(before)  # "Supreme Leader Ayatollah Ali Khamenei"
            for tok in related:
                role = by_token.get(tok)
                if role is None or role is m:
                    # a role word inside the person's own phrase ("Defense Minister X")
                    sectors, first = self._role_sectors(view, tok)
                    if sectors and not m.sectors:
                        m.sectors = sectors
                    if sectors and not m.role_text:
                        m.role_text = self._role_phrase(view, tok, first, by_token)
                    country = self._country_of_modifiers(view, tok, by_token) if sectors else None
                    if country and not m.country:
                        m.country = country
                    continue
                if role.kind == "group" and role.label == "ROLE":
                    if not m.country and role.country:
                        m.country = role.country
                    if not m.sectors:
                        m.sectors = list(role.sectors)
                    m.role_text = role.text
                    # the role phrase now names this person
                    role.name, role.kind, role.country = m.name, "person", m.country
                    role.sectors, role.entry_key = m.sectors, m.entry_key
                    role.rule += "+appos-person"
                elif role.kind in {"organization", "state"} and not m.country and role.country:
                    m.country = role.country

    @staticmethod
    def _title_before(view: DocView, m: ActorMention, by_token: dict[int, ActorMention]) -> int | None:
        """The head of a role phrase written just before a person's name, honorifics between:
        "Supreme Leader Ayatollah Ali Khamenei"."""
        i = m.start - 1
        while i >= 0 and view.lower[i].strip(".") in _HONORIFICS and i not in by_token:
            i -= 1
        role = by_token.get(i) if i >= 0 else None
        if role is None or role.label != "ROLE" or role.kind != "group" or role.end != i + 1:
            return None
        return role.head

    def _role_phrase(self, view: DocView, tok: int, first: int, by_token: dict[int, ActorMention]) -> str:
        """The words of a role inside a person's phrase: "Iran's defense minister", "Defense Minister"."""
        dep = view.dep
        start = min([first] + [view.token(c).left_edge.i for c in view.lefts(tok)
                               if dep[c] in {"poss", "amod"} and (c in by_token or dep[c] == "poss")])
        return view.span_text(start, tok + 1)

    def _resolve_offices(self, view: DocView, mentions: list[ActorMention], date: str | None) -> None:
        """A role phrase naming an office takes the person who holds it.

        The person the document itself names in the office comes first
        ("Hossein Dehghan, Iran's defense minister" ... "Iran's defence
        chief"), then the dictionary's holder on *date*.  Indefinite ("a
        minister"), plural, former, deputy and acting roles name no one in
        particular.
        """
        said: dict[tuple[str | None, str], list[ActorMention]] = {}
        for m in mentions:
            if m.kind == "person" and m.role_text and m.label != "PRON":
                title = self._office_title(m.role_text)
                if title:
                    key = self.offices.key(title)
                    for country in {m.country, None}:
                        group = said.setdefault((country, key), [])
                        if all(o.name != m.name for o in group):
                            group.append(m)
        lower, tag = view.lower, view.tag
        for m in mentions:
            if m.label != "ROLE" or m.kind != "group" or not m.sectors:
                continue
            if tag[m.head] not in {"NN", "NNP"} or lower[m.start] in {"a", "an", "one", "another", "his", "her",
                                                                      "their"}:
                continue
            if any(lower[i].strip(".-") in NOT_CURRENT for i in range(m.start, m.end)):
                continue
            title = self._office_title(m.text)
            if not title:
                continue
            key = self.offices.key(title)
            named = said.get((m.country, key), [])
            if len(named) == 1:
                person, how = named[0], "document"
                m.name, m.kind, m.country = person.name, "person", m.country or person.country
                m.sectors, m.entry_key = list(person.sectors), person.entry_key
                m.rule += f"+office-holder:{how}"
                continue
            holder = self.offices.holder(m.country, title, date)
            if holder is not None:
                m.name, m.kind, m.entry_key = holder.entry.name, "person", holder.entry.key
                m.country = m.country or holder.entry.country
                m.sectors = sectors_on(holder.entry, date) or list(m.sectors)
                m.rule += f"+office-holder:lexicon:{holder.entry.key}"

    def _office_title(self, text: str) -> str:
        """The office words of a role phrase: "Iran's defence chief" -> "defence chief";
        remembered in a bounded memo (the knowledge never changes)."""
        title = self._titles.get(text)
        if title is None:
            if len(self._titles) >= _MEMO_SIZE:
                self._titles.clear()
            title = self._titles[text] = self._read_title(text)
        return title

    def _read_title(self, text: str) -> str:
        """:meth:`_office_title` of ``text``, read now."""
        k = self.knowledge
        for mark in ("'s ", "’s ", "s' "):
            if mark in text:
                text = text.rsplit(mark, 1)[1]
        words = text.split()
        if " of " in f" {text} ":
            # "president of Syria": the country is no part of the office
            head, _, tail = text.rpartition(" of ")
            entry = k.lookup(tail) or k.demonym(tail)
            if entry is not None and entry.kind == "state":
                words = head.split()
        kept = [w for w in words if w.lower() not in {"the", "his", "her", "its", "their"}
                and not _names_country(k, w)]
        return " ".join(kept)

    def _resolve_surnames(self, mentions: list[ActorMention]) -> None:
        """"Dehqan" after "Hossein Dehqan" is the same person."""
        full: dict[str, ActorMention] = {}
        for m in mentions:
            if m.kind != "person":
                continue
            parts = m.name.split()
            if len(parts) > 1:
                full.setdefault(normalize_name(parts[-1]), m)
                continue
            target = full.get(normalize_name(m.name))
            if target is not None and target.entry_key is None and m.entry_key is None:
                m.name = target.name
                m.country = m.country or target.country
                m.sectors = m.sectors or target.sectors
                m.rule += "+surname"
        # propagate what any mention learnt to every mention of the same person
        best: dict[str, ActorMention] = {}
        for m in mentions:
            if m.kind == "person":
                b = best.get(m.name)
                if b is None or (m.country and not b.country) or (m.sectors and not b.sectors):
                    best[m.name] = m
        for m in mentions:
            if m.kind == "person" and m.name in best:
                b = best[m.name]
                m.country = m.country or b.country
                m.sectors = m.sectors or list(b.sectors)

    def _pronouns(self, view: DocView, mentions: list[ActorMention],
                  by_token: dict[int, ActorMention]) -> list[tuple[ActorMention, ActorMention]]:
        """Pronoun mentions with their antecedents (a recent subject is preferred)."""
        out = []
        starts = [m.start for m in mentions]
        lower, dep = view.lower, view.dep
        for i in _indices_of(view, _PRONOUN_TAGS):
            if i in by_token:
                continue
            word = lower[i]
            if word in _PERSON_PRONOUNS:
                kinds = {"person"}
            elif word in _THING_PRONOUNS | _PLURAL_PRONOUNS:
                kinds = {"state", "organization", "group"}
            else:
                continue
            here = view.sent_of[i]
            antecedent = _cataphor(view, i, by_token, kinds)
            if antecedent is None:
                candidates = _recent(mentions, starts, i, here - 2, kinds)
                if dep[i] in {"dobj", "dative", "pobj"}:
                    # "Trump called Erdogan and urged him": an object pronoun is not its own clause's subject
                    local = _clause_subjects(view, i)
                    candidates = [m for m in candidates if m.head not in local]
                subjects = [m for m in candidates if dep[m.head] in {"nsubj", "nsubjpass"}
                            and m.sentence_index >= here - 1]
                if dep[i] == "poss" and candidates and candidates[0].sentence_index == here:
                    subjects = []  # "congratulated Damascus on its liberation": the nearest
                antecedent = (subjects or candidates)[0] if subjects or candidates else None
            if antecedent is None:
                continue
            pron = ActorMention(
                start=i, end=i + 1, head=i, sentence_index=here,
                text=view.words[i], label="PRON", rule=f"pronoun->{antecedent.text}",
                name=antecedent.name, kind=antecedent.kind, country=antecedent.country,
                sectors=list(antecedent.sectors), entry_key=antecedent.entry_key,
                role_text=antecedent.role_text)
            out.append((pron, antecedent))
        return out


def sectors_on(entry: Entry, date: str | None) -> list[str]:
    """The sectors an entry is coded with on *date* (ISO, possibly partial).

    When the entry has dated roles, the roles held that day decide (dated
    ones before open-ended defaults, as in PETRARCH): Rouhani, President from
    2013-08-03, is GOV in 2016 and has no sector in 2012.  With no date, the
    actor's latest role counts: the latest-starting one still held, else its
    undated default codes, else the latest-starting one.  Sectors that no
    role accounts for stay (Khamenei's REL).  An entry without dated
    roles keeps its own sectors.
    """
    dated = [r for r in entry.roles if r.start or r.end]
    if not dated:
        return list(entry.sectors)
    if date:
        held = entry.roles_on(date)
        chosen = [r for r in held if r.start or r.end] or held
    else:
        current = [r for r in dated if r.end is None]
        defaults = [r for r in entry.roles if not (r.start or r.end)]
        pool = current or defaults or dated
        latest = max(r.start or "" for r in pool)
        chosen = [r for r in pool if (r.start or "") == latest]
    bound = {r.sector for r in entry.roles}
    sectors = [r.sector for r in chosen if r.sector] + [s for s in entry.sectors if s not in bound]
    return list(dict.fromkeys(sectors))


def _close_to(view: DocView, head: int, by_token: dict[int, ActorMention]) -> ActorMention | None:
    """The actor in "close to X", "loyal to X" modifying a role ("a source close to the Kremlin")."""
    dep, lower = view.dep, view.lower
    for child in view.children(head):
        if dep[child] not in {"amod", "advmod", "acl"} or lower[child] not in {"close", "closer", "loyal", "linked"}:
            continue
        for prep in view.children(child):
            if dep[prep] == "prep" and lower[prep] == "to":
                for pobj in view.children(prep):
                    found = by_token.get(pobj) if dep[pobj] == "pobj" else None
                    if found is not None and found.kind != "person":
                        return found
    return None


def _same_head_country(m: ActorMention, roles: list[ActorMention]) -> str | None:
    """The country of the nearest earlier role with the same head word that the text gave a country;
    ``roles`` are the document's group role phrases with ``m``'s head lemma, in mention order."""
    for other in reversed(roles):
        if (other.start < m.start and other.country and "+document-country" not in other.rule
                and other.sectors[:1] == m.sectors[:1]):
            return other.country
    return None


def _names_country(knowledge: Knowledge, word: str) -> bool:
    """A word that is a country or its demonym ("Iranian", "Russia's")."""
    word = word[:-2] if word.endswith(("'s", "’s")) else word
    if not word[:1].isupper():
        return False
    entry = knowledge.demonym(word) or knowledge.lookup(word)
    return entry is not None and entry.kind == "state"


def _recent(mentions: list[ActorMention], starts: list[int], before: int, first_sentence: int,
            kinds: set[str]) -> list[ActorMention]:
    """Mentions of ``kinds`` ending before token ``before``, nearest first, back to ``first_sentence``."""
    out = []
    for n in range(bisect.bisect_left(starts, before) - 1, -1, -1):
        m = mentions[n]
        if m.sentence_index < first_sentence:
            break
        if m.end <= before and m.kind in kinds:
            out.append(m)
    return out


def _clause_subjects(view: DocView, pronoun: int) -> set[int]:
    """Token indices of the subjects of the verb governing an object pronoun (and of verbs it is conjoined to)."""
    heads, dep = view.heads, view.dep
    verb = heads[heads[pronoun]] if dep[pronoun] == "pobj" else heads[pronoun]
    out: set[int] = set()
    for _ in range(4):
        out.update(c for c in view.children(verb) if dep[c] in {"nsubj", "nsubjpass"})
        if dep[verb] != "conj" or heads[verb] == verb:
            break
        verb = heads[verb]
    return out


def _cataphor(view: DocView, i: int, by_token: dict[int, ActorMention], kinds: set[str]) -> ActorMention | None:
    """"In a call with his counterpart, Dehqan said": a pronoun before the subject it names."""
    root = view.sent_roots[view.sent_of[i]]
    if i >= root:
        return None
    for child in view.children(root):
        if view.dep[child] == "nsubj" and child > i:
            m = by_token.get(child)
            if m is not None and m.kind in kinds:
                return m
    return None


def _indices_of(view: DocView, tags: frozenset[str]) -> list[int]:
    """Indices of the tokens whose part of speech is one of ``tags``, in order."""
    return [i for i, pos in enumerate(view.pos) if pos in tags]


def _main_country(mentions: list[ActorMention]) -> str | None:
    counts = Counter(m.country for m in mentions
                     if m.country and len(m.country) == 3 and m.kind in {"state", "group"}
                     and m.label in {"GPE", "NORP", "ROLE"})
    return counts.most_common(1)[0][0] if counts else None


def _person_name(text: str) -> str:
    """A person's name without the titles before it: "President Hassan Rouhani" -> "Hassan Rouhani"."""
    words = text.strip().split()
    while len(words) > 1 and words[0].lower().strip(".") in _BARE_TITLES:
        words = words[1:]
    name = " ".join(words)
    return name[:-2] if name.endswith(("'s", "’s")) else name


def _strip_the(text: str) -> str:
    return text[4:] if text.lower().startswith("the ") else text


def _organisation_modifier(view: DocView, i: int, by_token: dict[int, ActorMention],
                           lefts: list[int] | None = None) -> ActorMention | None:
    """A named organisation modifying role head ``i`` ("Taliban insurgents", "Islamic State's fighters").

    States, seats of government ("Kremlin officials": the Russian government, by metonymy),
    persons and other role phrases do not count.
    """
    dep = view.dep
    for child in view.lefts(i) if lefts is None else lefts:
        if dep[child] not in _DESCRIPTOR_DEPS:
            continue
        m = by_token.get(child)
        if (m is not None and m.label != "ROLE" and m.kind in {"organization", "group"}
                and not m.rule.startswith("metonym")):
            return m
    return None


def _inside_role_phrase(view: DocView, root: int, knowledge: Knowledge) -> bool:
    """An ORG the model invented inside a role phrase ("Defense" in "Defense Minister"); ``root`` is its root."""
    if view.dep[root] != "compound":
        return False
    lemmas = view.lemma_lower
    head = view.heads[root]
    return bool(knowledge.sector_of(lemmas[head]) or knowledge.sector_of(f"{lemmas[root]} {lemmas[head]}"))


__all__ = ["ActorMention", "DocMentions", "MentionFinder", "SECTOR_NOUNS"]
