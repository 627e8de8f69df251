"""Find the quotes of one parsed document: direct, partial and indirect speech.

:class:`QuoteFinder` is a pure function of one document, its spaCy parse and
the actor mentions found in it (``MentionFinder.find``)::

    finder = QuoteFinder(res.knowledge)
    quotes = finder.find(document, doc, res.finder.find(doc, document.published))

How it decides, in order:

1. **Quoted spans** (:mod:`khaldun.quotes.marks`) that are not page debris
   (JSON, code) or headlines (a line with no sentence punctuation).
2. A span that is a **clause or a sentence** ("the situation is good", a
   quote that opens its sentence) is a *direct* quote, attributed to the cue
   before it ('X said: "…"', 'X told reporters that "…"', 'according to X,
   "…"', 'X sent a message: "…"') or after it ('"…," X said', '"…," said X',
   '"…," IRNA quoted the president as saying').
3. A **fragment** ("an act of aggression") is a *partial* quote only when a
   speech verb governs it in the parse ('X called the strike "…"', 'X said
   the plan was "…"'); otherwise it is a scare quote, a name or a title and
   is dropped, as are fragments right after "so-called", "dubbed", ... and
   short Title Case phrases.
4. A direct quote with no cue of its own takes the speaker of its run-on
   chain (a quote continued across paragraphs), of the quote before it in
   the same paragraph ('"A," he said. "B."'), or, when it opens its
   paragraph, of the last quote of the previous paragraph (lower confidence).
5. **Indirect speech**: the clausal complement of a speech verb ('X said
   (that) CLAUSE', 'X told Y that CLAUSE', 'CLAUSE, X said', 'X, he said,
   CLAUSE'), and the clause "according to X" attaches to.  A clause that is
   itself a report ('X said Y told Z …, the ministry said') is attributed to
   the innermost speaker only.

The cue words are data (``knowledge/data/quote_cues.yaml``).
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span  # at run time: a compiled build reads them

from khaldun.quotes.cues import CueLexicon, load_cues
from khaldun.quotes.marks import QuoteSpan, find_quote_spans, paragraph_spans
from khaldun.quotes.speaker import Speaker, SpeakerResolver, speaker_index
from khaldun.records import ActorRef, Quote

if TYPE_CHECKING:
    from khaldun.actors.mentions import DocMentions
    from khaldun.nlp.view import DocView
    from khaldun.knowledge import Knowledge
    from khaldun.records import Document

__all__ = ["QuoteFinder", "quote_id"]

_SUBJECTS = {"nsubj", "nsubjpass", "csubj", "expl"}
_VERB_POS = {"VERB", "AUX"}
# words that open another clause between a quote and a later cue ('"…", while X said')
_BOUNDARIES = {"while", "whereas", "but", "although", "though", "because", "when", "after",
               "before", "since", "if", "unless", "whom"}
_SMALL_WORDS = {"the", "of", "and", "for", "in", "on", "a", "an", "to", "at", "de", "al", "el", "la"}
_DEBRIS = re.compile(r"[{}<>\[\]|\\]|\":|https?://|www\.|\.(?:jpg|png|mp4|html?)\b")
_SENTENCE_BREAK = re.compile(r"[.!?][\"”’)]?\s+[\"“‘(]?[A-Z0-9]")
_TERMINAL = ".!?…:;"
_CLOSERS = "\"”’'»)]"
# how much less sure an inherited speaker is than one named by a cue
_INHERITED = {"run-on": 0.95, "continuation": 0.9, "previous-paragraph": 0.7}
_NO_SPEAKER_CONFIDENCE = 0.2
_DATELINE = re.compile(r"[A-Z][\w.,() ]{0,40}?\s[-–—]\s")
# the speakers a pronoun can take from the previous quote: he/she a person, it/they anything else
_PRONOUN_KINDS = {"he": {"person", None}, "she": {"person", None}, "it": {"organization", "state", "group", None},
                  "they": {"organization", "state", "group", None}}
_MAX_GAP_AFTER = 12  # tokens between a closing mark and its cue verb ('"…," a source close to X said')


def quote_id(doc_id: str, start: int, end: int) -> str:
    """Stable id of a quote: a hash of its document and span."""
    return hashlib.sha256(f"{doc_id}:{start}:{end}".encode()).hexdigest()[:16]


@dataclass(slots=True)
class _Attribution:
    """Who said a quote and the cue that says so."""

    speaker: Speaker | None
    cue: str | None
    cue_token: int | None  # token index of the cue
    rule: str  # "before-cue", "after-cue", "governing-cue", ...
    weight: float = 1.0  # < 1 for inherited speakers
    speaker_token: int | None = None  # token index of the speaker phrase's head

    @property
    def confidence(self) -> float:
        if self.speaker is None:
            return _NO_SPEAKER_CONFIDENCE
        return round(self.speaker.confidence * self.weight, 2)


@dataclass(slots=True)
class _Found:
    kind: str
    start: int
    end: int
    attribution: _Attribution | None
    paragraph: int
    span: QuoteSpan | None = None


class _Context:
    """One document's text, parse and lookups shared by the passes."""

    def __init__(self, document: Document, doc: Doc, found: DocMentions, cues: CueLexicon,
                 knowledge: Knowledge | None) -> None:
        self.document = document
        self.text = document.text
        self.doc = doc
        self.view: DocView = found.view_of(doc)
        self.speakers = SpeakerResolver(doc, found, cues, knowledge)
        self.token_starts = self.view.starts
        self.sents: list[Span] = self.view.sents
        self.sent_of = self.view.sent_of
        self.paragraphs = paragraph_spans(self.text)
        self.para_starts = [p[0] for p in self.paragraphs]
        self.quoted: list[tuple[int, int]] = []  # character ranges inside quote marks (see set_quoted)
        self._in_quote: list[bool] = [False] * len(self.token_starts)  # per token: starts inside them

    def token_at(self, char: int) -> int:
        """Index of the token holding (or starting right after) character ``char``."""
        i = bisect.bisect_right(self.token_starts, char) - 1
        i = max(i, 0)
        if i < len(self.doc) - 1 and self.view.ends[i] <= char:
            i += 1
        return i

    def tokens(self, start: int, end: int) -> list[int]:
        """Indices of the tokens that start inside ``[start, end)``."""
        lo = bisect.bisect_left(self.token_starts, start)
        hi = bisect.bisect_left(self.token_starts, end)
        return list(range(lo, hi))

    def paragraph_of(self, char: int) -> int:
        return max(bisect.bisect_right(self.para_starts, char) - 1, 0)

    def set_quoted(self, ranges: list[tuple[int, int]]) -> None:
        """Record the character ranges inside quote marks, and which tokens start in one."""
        self.quoted = ranges
        flags = [False] * len(self.token_starts)
        for start, end in ranges:
            lo = bisect.bisect_left(self.token_starts, start)
            hi = bisect.bisect_left(self.token_starts, end)
            if hi > lo:
                flags[lo:hi] = [True] * (hi - lo)
        self._in_quote = flags

    def in_quote_at(self, i: int) -> bool:
        """Whether token ``i`` starts inside quote marks."""
        return self._in_quote[i]


class QuoteFinder:
    """Finds direct, partial and indirect quotes; holds only the loaded lexicons."""

    def __init__(self, knowledge: Knowledge | None = None, cues: CueLexicon | None = None,
                 cue_files: Iterable[str | Path] = ()) -> None:
        self.knowledge = knowledge
        self.cues = cues if cues is not None else load_cues(cue_files)
        # the verbs that can report indirect speech (``cues.allows(lemma, "indirect")`` as one set)
        self._indirect_verbs = frozenset(lemma for lemma, uses in self.cues.verbs.items() if "indirect" in uses)

    # -- public -----------------------------------------------------------------
    def find(self, document: Document, doc: Doc, found: DocMentions) -> list[Quote]:
        """Every quote of one parsed document, in text order."""
        ctx = _Context(document, doc, found, self.cues, self.knowledge)
        spans = [s for s in find_quote_spans(ctx.text, ctx.paragraphs) if self._plausible(ctx, s)]
        ctx.set_quoted([(s.start, s.end) for s in spans])
        results: list[_Found] = []
        prev_close: dict[int, int] = {}
        for span in spans:
            found_quote = self._marked(ctx, span, prev_close.get(span.paragraph))
            prev_close[span.paragraph] = span.close if span.close is not None else span.end
            if found_quote is not None:
                results.append(found_quote)
        results += self._indirect(ctx, results)
        results.sort(key=lambda f: (f.start, f.end))
        self._pronoun_speakers(ctx.view, results)
        self._inherit(ctx, results)
        return [self._record(ctx, f) for f in results if _keep(ctx, f)]

    # -- quoted spans -------------------------------------------------------------
    def _plausible(self, ctx: _Context, span: QuoteSpan) -> bool:
        """Not page debris and not a headline."""
        content = ctx.text[span.start:span.end]
        if not any(c.isalpha() for c in content) or _DEBRIS.search(content):
            return False
        if span.runs_on or span.close is None:
            return True
        line_start = ctx.text.rfind("\n", 0, span.open) + 1
        line_end = ctx.text.find("\n", span.close)
        line = ctx.text[line_start:line_end if line_end >= 0 else len(ctx.text)].rstrip()
        line = line.rstrip(_CLOSERS + " ")
        if (ctx.document.title and line.strip() == ctx.document.title.strip().rstrip(_CLOSERS)):
            return False
        return bool(line) and line[-1] in _TERMINAL + ","

    def _marked(self, ctx: _Context, span: QuoteSpan, prev_close: int | None) -> _Found | None:
        """A direct or partial quote from a quoted span, or None for a scare quote."""
        toks = ctx.tokens(span.start, span.end)
        if not toks:
            return None
        para_start, para_end = ctx.paragraphs[span.paragraph]
        sent = ctx.sents[ctx.sent_of[toks[0]]]
        left = max(sent.start_char, para_start, (prev_close + 1) if prev_close is not None else 0)
        before = ctx.text[left:span.open]
        initial = not before.strip(" \t\n—–-:")
        clausal = self._clausal(ctx, span, toks)
        found = _Found(kind="direct", start=span.start, end=span.end, attribution=None,
                       paragraph=span.paragraph, span=span)
        if clausal or initial or span.continues:
            found.attribution = self._direct_cue(ctx, span, left, para_end)
            return found
        # a fragment: a partial quote only if a speech verb governs it
        if self._scare(ctx, span, before):
            return None
        found.kind = "partial"
        found.attribution = self._governing_cue(ctx, toks) or self._after_cue(ctx, span, para_end)
        return found if found.attribution is not None else None

    def _clausal(self, ctx: _Context, span: QuoteSpan, toks: list[int]) -> bool:
        """A sentence or a clause with its own subject, not a phrase (``toks``: the quote's token indices)."""
        content = ctx.text[span.start:span.end]
        if _SENTENCE_BREAK.search(content):
            return True
        view = ctx.view
        heads, dep = view.heads, view.dep
        inside = set(toks)
        roots = [t for t in toks if heads[t] not in inside or heads[t] == t]
        if any(dep[c] in _SUBJECTS and c in inside for r in roots for c in view.children(r)):
            return True
        # a capitalised quote with a verb and its subject inside: a sentence the parse split oddly
        return content[:1].isupper() and len(toks) >= 4 and any(
            dep[t] in _SUBJECTS and heads[t] in inside and view.pos[heads[t]] in _VERB_POS for t in toks)

    def _scare(self, ctx: _Context, span: QuoteSpan, before: str) -> bool:
        """Scare quotes, names and titles: 'so-called "advisers"', 'the "Resistance Front"'."""
        lead = before.lower().rstrip(" \t")
        if any(lead.endswith(marker) for marker in self.cues.scare_markers):
            return True
        words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", ctx.text[span.start:span.end])]
        if not words or len(words) > 6:
            return False
        content_words = [w for n, w in enumerate(words) if n == 0 or w.lower() not in _SMALL_WORDS]
        content_words = [w for w in content_words if w.lower() not in _SMALL_WORDS] or content_words
        return all(w[0].isupper() for w in content_words)

    # -- cues for marked quotes -----------------------------------------------------
    def _direct_cue(self, ctx: _Context, span: QuoteSpan, left: int, para_end: int) -> _Attribution | None:
        before = self._before_cue(ctx, span, left)
        if before is not None and before.rule.endswith("tight"):
            before.rule = "before-cue"
            return before
        after = self._after_cue(ctx, span, para_end)
        if after is not None:
            return after
        if before is not None:
            before.rule = "before-cue"
        return before

    def _before_cue(self, ctx: _Context, span: QuoteSpan, left: int) -> _Attribution | None:
        """'X said: "…"', 'X told reporters that "…"', 'according to X, "…"', 'X sent a message: "…"'."""
        view = ctx.view
        dep, is_punct = view.dep, view.is_punct
        toks = [t for t in ctx.tokens(left, span.open) if not ctx.in_quote_at(t)]
        for n in range(len(toks) - 1, -1, -1):
            t = toks[n]
            # the tokens after t ("the gap") grow by one a step: one subject among them ends the search
            if n + 1 < len(toks) and dep[toks[n + 1]] in _SUBJECTS and not is_punct[toks[n + 1]]:
                return None  # the quote sits in another clause
            cue = self._cue_at(ctx, t, "direct")
            if cue is None:
                continue
            lemma, speaker_at = cue
            if speaker_at is None or ctx.in_quote_at(speaker_at):
                # a parse that lost the subject: the nearest subject before the cue
                by_token = ctx.speakers.found.by_token
                speaker_at = next((x for x in reversed(toks[:n]) if dep[x] in {"nsubj", "nsubjpass"}
                                   or x in by_token), None)
            tight = all(is_punct[g] or view.lower[g] == "that" for g in toks[n + 1:])
            speaker = ctx.speakers.resolve(speaker_at) if speaker_at is not None else None
            return _Attribution(speaker=speaker, cue=lemma, cue_token=t,
                                rule="before-cue" + ("-tight" if tight else ""), speaker_token=speaker_at)
        return None

    def _cue_at(self, ctx: _Context, t: int, use: str) -> tuple[str, int | None] | None:
        """``(cue lemma, speaker token index)`` if token ``t`` is a cue: a speech verb, "according to" or a
        speech noun."""
        view = ctx.view
        dep, pos = view.dep, view.pos
        lemma = view.lemma_lower[t]
        if pos[t] in _VERB_POS and self.cues.allows(lemma, use):
            return lemma, speaker_index(view, t, self.cues)
        if view.lower[t] == "according" and t + 1 < view.n and view.lower[t + 1] == "to":
            pobj = next((c for c in view.children(t + 1) if dep[c] == "pobj"), None)
            return "according to", pobj
        if pos[t] == "NOUN" and lemma in self.cues.nouns and dep[t] in {"dobj", "pobj", "nsubj"}:
            heads = view.heads
            verb = heads[t] if dep[t] == "dobj" else (heads[heads[t]] if dep[t] == "pobj" else None)
            if dep[t] == "nsubj":  # "his statement read: ..."
                owner = next((c for c in view.children(t) if dep[c] == "poss"), None)
                return (lemma, owner) if owner is not None else None
            if verb is not None and pos[verb] in _VERB_POS:
                return lemma, speaker_index(view, verb, self.cues)
        return None

    def _after_cue(self, ctx: _Context, span: QuoteSpan, para_end: int) -> _Attribution | None:
        """'"…," X said', '"…," said X', '"…," IRNA quoted the president as saying'."""
        if span.close is None:
            return None
        view = ctx.view
        first = ctx.token_at(span.close + 1)
        if first >= view.n or view.starts[first] >= para_end:
            return None
        sent_end = ctx.sents[ctx.sent_of[first]].end_char
        nxt = next((s for s, _ in ctx.quoted if s > span.close), None)
        end = min(para_end, sent_end, (nxt - 1) if nxt is not None else para_end)
        toks = ctx.tokens(span.close + 1, end)
        ends_sentence = ctx.text[span.start:span.end].rstrip(_CLOSERS)[-1:] in ".!?"
        lower, pos, dep = view.lower, view.pos, view.dep
        for n, t in enumerate(toks[:_MAX_GAP_AFTER + 1]):
            if lower[t] in _BOUNDARIES or lower[t] == ";":
                return None
            if n and pos[t] in _VERB_POS and view.tag[t] in {"VBD", "VBZ", "VBP"} \
                    and not self.cues.is_verb(view.lemma_raw[t]) and dep[t] not in {"aux", "auxpass"}:
                return None  # another clause's verb comes first
            cue = self._cue_at(ctx, t, "direct")
            if cue is None:
                continue
            lemma, speaker_at = cue
            if speaker_at is not None and ctx.in_quote_at(speaker_at):
                speaker_at = None
            if speaker_at is None:
                # a parse that hung the speaker on the quote: the noun phrase next to the cue
                speaker_at = next((x for x in toks[:n] if pos[x] in {"NOUN", "PROPN", "PRON"}
                                   and dep[x] not in {"pobj", "compound", "poss", "amod", "nmod"}), None)
                if speaker_at is None:
                    speaker_at = next((x for x in toks[n + 1:] if pos[x] in {"NOUN", "PROPN"}
                                       and dep[x] not in {"pobj", "compound", "poss", "amod", "nmod"}), None)
            if ends_sentence and any(dep[c] in {"ccomp", "dobj"} for c in view.children(t)) \
                    and lemma not in self.cues.quote_verbs:
                return None  # '"…." The army said six soldiers died': a new sentence, not an attribution
            speaker = ctx.speakers.resolve(speaker_at) if speaker_at is not None else None
            return _Attribution(speaker=speaker, cue=lemma, cue_token=t, rule="after-cue",
                                speaker_token=speaker_at)
        return None

    def _governing_cue(self, ctx: _Context, toks: list[int]) -> _Attribution | None:
        """The speech verb a quoted fragment (token indices ``toks``) depends on: 'X called the strike "…"'."""
        view = ctx.view
        heads, dep = view.heads, view.dep
        inside = set(toks)
        root = next((t for t in toks if heads[t] not in inside or heads[t] == t), toks[0])
        sent = ctx.sent_of[root]
        node = root
        for _ in range(10):
            candidates = [node] + [c for c in view.children(node) if dep[c] == "parataxis"]
            for cand in candidates:
                if cand in inside or ctx.in_quote_at(cand) or ctx.sent_of[cand] != sent:
                    continue
                cue = self._cue_at(ctx, cand, "partial")
                if cue is None and view.pos[cand] in _VERB_POS:
                    noun = next((c for c in view.children(cand) if dep[c] == "dobj"
                                 and view.lemma_lower[c] in self.cues.nouns), None)
                    if noun is not None:  # "sent a message to congratulate him on his "…" win"
                        cue = (view.lemma_lower[noun], speaker_index(view, cand, self.cues))
                if cue is not None:
                    lemma, speaker_at = cue
                    if speaker_at is not None and ctx.in_quote_at(speaker_at):
                        speaker_at = None
                    speaker = ctx.speakers.resolve(speaker_at) if speaker_at is not None else None
                    if speaker is None:
                        continue
                    return _Attribution(speaker=speaker, cue=lemma, cue_token=cand,
                                        rule="governing-cue", speaker_token=speaker_at)
            if heads[node] == node:
                break
            node = heads[node]
        return None

    # -- indirect speech -----------------------------------------------------------
    def _indirect(self, ctx: _Context, marked: list[_Found]) -> list[_Found]:
        out: list[_Found] = []
        direct = sorted((f.start, f.end) for f in marked if f.kind == "direct")
        direct_starts = [s for s, _ in direct]
        seen: set[tuple[int, int]] = set()
        view = ctx.view
        lower, pos, lemmas, dep = view.lower, view.pos, view.lemma_lower, view.dep
        verbs, in_quote = self._indirect_verbs, ctx._in_quote
        for i in _cue_candidates(view, verbs):
            clause = attribution = None
            if lower[i] == "according" and i + 1 < view.n and lower[i + 1] == "to":
                if in_quote[i]:
                    continue
                clause, attribution = self._according_to(ctx, i)
            elif pos[i] in _VERB_POS and lemmas[i] in verbs and not any(
                    dep[c] == "neg" for c in view.children(i)):
                if in_quote[i]:
                    continue
                clause, attribution = self._reported_clause(ctx, i)
            if clause is None or attribution is None:
                continue
            start, end = _strip_dateline(ctx.text, *clause)
            if (start, end) in seen or _covered(start, end, direct, direct_starts) or _headline(ctx, start, end):
                continue
            # the speaker is resolved only for a clause kept so far (resolving is pure, and the dearest step)
            who = attribution.speaker_token
            attribution.speaker = ctx.speakers.resolve(who) if who is not None else None
            if attribution.speaker is None and not _personal_pronoun(view, who):
                continue
            seen.add((start, end))
            out.append(_Found(kind="indirect", start=start, end=end, attribution=attribution,
                              paragraph=ctx.paragraph_of(start)))
        return out

    def _reported_clause(self, ctx: _Context, v: int) -> tuple[tuple[int, int] | None, _Attribution | None]:
        """The clause reported by speech verb ``v`` (a token index) and its attribution, or ``(None, None)``."""
        view = ctx.view
        dep = view.dep
        head = view.heads[v]
        comps = [c for c in view.children(v) if dep[c] == "ccomp"]
        # the caller drops a clause with no speaker token: each branch looks for it before building the clause
        if comps:
            comp = comps[0]
            if self._is_report(view, comp):
                return None, None  # 'X told Y that …, the ministry said': only the inner report
            found = speaker_index(view, v, self.cues)
            if found is None:
                return None, None
            tokens = self._clause_tokens(view, comp)
            rule = "ccomp"
        elif (dep[v] == "parataxis" or (dep[v] == "advcl" and _ends_sentence(view, v))) \
                and view.pos[head] in _VERB_POS and (dep[v] == "parataxis" or v > head) \
                and not self._is_report(view, head) \
                and any(dep[c] == "nsubj" for c in view.children(v)):
            found = speaker_index(view, v, self.cues)
            if found is None:
                return None, None
            inner = set(view.descendants(v))
            for child in view.children(head):  # '…, X said, according to IRNA': the channel, not the words
                if child > v and view.lower[child] == "according":
                    inner.update(view.descendants(child))
            # in no particular order: _trim sorts the tokens
            tokens = [t for t in view.descendants(head) if t not in inner]
            after = [t for t in tokens if t > v]
            if after and all(view.is_punct[t] for t in after):
                tokens = [t for t in tokens if t < v]  # the clause ends where the cue begins
            rule = "parenthetical"
        else:
            return None, None
        clause = _trim(ctx, tokens, whole=rule == "parenthetical")
        if clause is None:
            return None, None
        # the speaker is left to the caller to resolve (see _indirect)
        return clause, _Attribution(speaker=None, cue=view.lemma_lower[v], cue_token=v, rule=rule,
                                    speaker_token=found)

    def _clause_tokens(self, view: DocView, root: int) -> list[int]:
        """The reported clause under token ``root``, without the speaker's own further speech acts.

        'X said the rallies were a provocation, and accused the organisers …':
        the parse hangs "accused" on the reported clause; it is X's act, not
        part of what X said.
        """
        dep, pos, tag = view.dep, view.pos, view.tag
        drop: set[int] = set()
        # tense or punctuation tells the speaker's act from a second reported verb: 'said Y had
        # started a review and warned that …', 'said they were a provocation, and accused …'
        # but not 'said a general arrived and asked Washington …'
        shifted = tag[root] in {"VBN", "VB", "MD"} or any(dep[c] in {"aux", "auxpass"} for c in view.children(root))
        for child in view.children(root):
            if dep[child] not in {"conj", "advcl"} or pos[child] not in _VERB_POS \
                    or not self.cues.is_verb(view.lemma_lower[child]) \
                    or any(dep[c] in _SUBJECTS for c in view.children(child)):
                continue
            comma = child > 1 and any(view.words[t] == "," for t in range(max(child - 2, 0), child))
            if shifted or comma or tag[child] == "VBG" or any(dep[c] == "ccomp" for c in view.children(child)):
                drop.update(view.descendants(child))
        if not drop:
            return view.descendants(root)  # in no particular order: _trim sorts the tokens
        # the cut leaves "…, and": keep the run up to the cut (in subtree order: the last ones go)
        first_cut = min(drop)
        tokens = [t for t in view.subtree(root) if t not in drop and (t < first_cut or t < root)]
        while tokens and (dep[tokens[-1]] == "cc" or view.is_punct[tokens[-1]]):
            tokens.pop()
        return tokens

    def _according_to(self, ctx: _Context, t: int) -> tuple[tuple[int, int] | None, _Attribution | None]:
        """The clause "according to" (token index ``t``) attaches to, and its attribution, or ``(None, None)``."""
        view = ctx.view
        heads, dep, pos, lemmas, children = view.heads, view.dep, view.pos, view.lemma_lower, view.children
        is_verb = self.cues.is_verb
        head = heads[t]
        while dep[head] == "conj" and heads[head] != head:
            head = heads[head]  # 'X took off and struck targets, according to Moscow': both verbs
        if head == t or pos[head] not in _VERB_POS or is_verb(lemmas[head]):
            return None, None  # 'X said, according to IRNA': the agency is the channel, not the speaker
        if any(c < t and pos[c] in _VERB_POS and dep[c] in {"parataxis", "advcl", "ccomp"}
               and is_verb(lemmas[c]) and any(dep[g] in _SUBJECTS for g in children(c))
               for c in children(head)):
            return None, None  # '…, the general said, according to IRNA': the general is the speaker
        pobj = next((c for c in children(t + 1) if dep[c] == "pobj"), None)
        if pobj is None:
            return None, None
        inner = set(view.descendants(t))
        clause = _trim(ctx, [x for x in view.descendants(head) if x not in inner])  # _trim sorts them
        # the speaker is left to the caller to resolve (see _indirect)
        return clause, _Attribution(speaker=None, cue="according to", cue_token=t, rule="according-to",
                                    speaker_token=pobj)

    def _is_report(self, view: DocView, i: int) -> bool:
        """A clause that is itself reported speech: its verb (token ``i``) is a cue with a clause of its own."""
        return self.cues.allows(view.lemma_lower[i], "indirect") and any(
            view.dep[c] == "ccomp" for c in view.children(i))

    # -- speakers for quotes with no cue ----------------------------------------------
    def _pronoun_speakers(self, view: DocView, results: list[_Found]) -> None:
        """'"…," he said' after a quote by Ansari: Ansari, whatever else the pronoun could mean."""
        last: tuple[int, Speaker] | None = None
        for f in results:
            a = f.attribution
            if a is None or a.weight != 1.0:
                continue
            if _personal_pronoun(view, a.speaker_token) and a.speaker_token is not None:
                # a pronoun the actor stage could not bind may reach further back; it/they stay in the paragraph
                tok = a.speaker_token
                personal = view.lower[tok] in {"he", "she"}
                reach = (1 if a.speaker is not None else 3) if personal else 0
                if last is not None and last[0] >= f.paragraph - reach \
                        and last[1].kind in _PRONOUN_KINDS[view.lower[tok]]:
                    prev = last[1]
                    ref = ActorRef(text=view.words[tok], name=prev.ref.name, country=prev.ref.country,
                                   sectors=list(prev.ref.sectors), actor_id=prev.ref.actor_id,
                                   start=view.starts[tok], end=view.ends[tok])
                    a.speaker = Speaker(ref=ref, how="pronoun", kind=prev.kind)
                    a.rule += "+previous-speaker"
                if a.speaker is not None:
                    last = (f.paragraph, a.speaker)
            elif a.speaker is not None:
                last = (f.paragraph, a.speaker)

    def _inherit(self, ctx: _Context, results: list[_Found]) -> None:
        """Run-on chains, '"A," he said. "B."', and a quote paragraph after a known speaker."""
        by_chain: dict[int, _Attribution] = {}
        for f in results:
            if f.span is not None and f.attribution is not None and f.attribution.speaker is not None:
                by_chain.setdefault(f.span.chain, f.attribution)
        last_in_para: dict[int, _Attribution] = {}
        for f in results:
            a = f.attribution
            if f.kind == "direct" and (a is None or a.speaker is None):
                chained = by_chain.get(f.span.chain) if f.span is not None else None
                if chained is not None and f.span is not None:
                    f.attribution = _inherited(chained, "run-on")
                elif f.paragraph in last_in_para:
                    f.attribution = _inherited(last_in_para[f.paragraph], "continuation")
                elif f.paragraph - 1 in last_in_para and f.span is not None and self._opens_paragraph(ctx, f):
                    f.attribution = _inherited(last_in_para[f.paragraph - 1], "previous-paragraph")
            if f.attribution is not None and f.attribution.speaker is not None:
                last_in_para[f.paragraph] = f.attribution

    def _opens_paragraph(self, ctx: _Context, f: _Found) -> bool:
        ps, _ = ctx.paragraphs[f.paragraph]
        return f.span is not None and not ctx.text[ps:f.span.open].strip()

    # -- records -----------------------------------------------------------------------
    def _record(self, ctx: _Context, f: _Found) -> Quote:
        a = f.attribution
        view = ctx.view
        cue_tok = a.cue_token if a is not None else None
        cue_start: int | None
        cue_end: int | None
        if cue_tok is not None and a is not None and a.cue == "according to":
            cue_start, cue_end = view.starts[cue_tok], view.starts[cue_tok + 1] + 2
        elif cue_tok is not None:
            cue_start, cue_end = view.starts[cue_tok], view.ends[cue_tok]
        else:
            cue_start = cue_end = None
        anchor = cue_tok if cue_tok is not None and a is not None and a.weight == 1.0 else ctx.token_at(f.start)
        rule = f"{f.kind}:{a.rule}" if a is not None else f"{f.kind}:no-cue"
        if a is not None and a.speaker is not None:
            rule += f"+{a.speaker.how}"
        return Quote(
            quote_id=quote_id(ctx.document.doc_id, f.start, f.end), doc_id=ctx.document.doc_id,
            text=ctx.text[f.start:f.end], start=f.start, end=f.end, kind=f.kind,
            speaker=a.speaker.ref if a is not None and a.speaker is not None else None,
            cue=a.cue if a is not None else None,
            cue_start=cue_start if a is not None and a.weight == 1.0 else None,
            cue_end=cue_end if a is not None and a.weight == 1.0 else None,
            sentence_index=ctx.sent_of[min(anchor, len(ctx.doc) - 1)] if len(ctx.doc) else None,
            rule=rule, confidence=a.confidence if a is not None else _NO_SPEAKER_CONFIDENCE)


def _cue_candidates(view: DocView, verbs: frozenset[str] | None = None) -> list[int]:
    """Indices of the tokens that may open indirect speech, in order: verbs and "according".

    With ``verbs`` (the lemmas of the speech verbs that report indirect speech) only the
    verbs among those: most sentences have none, and their tokens go unread after this scan.
    """
    pos = view.pos
    if verbs is None:
        return [i for i, (p, lower) in enumerate(zip(pos, view.lower)) if p in _VERB_POS or lower == "according"]
    found = [i for i, lemma in enumerate(view.lemma_lower) if lemma in verbs and pos[i] in _VERB_POS]
    lower = view.lower
    if "according" in lower:  # found by list.index, without a loop over the tokens in Python
        extra, at = [], -1
        try:
            while True:
                at = lower.index("according", at + 1)
                extra.append(at)
        except ValueError:
            pass
        found = sorted(set(found).union(extra))
    return found


def _inherited(source: _Attribution, rule: str) -> _Attribution:
    return _Attribution(speaker=source.speaker, cue=source.cue, cue_token=source.cue_token, rule=rule,
                        weight=_INHERITED[rule])


def _covered(start: int, end: int, ranges: list[tuple[int, int]], starts: list[int] | None = None) -> bool:
    """Whether a direct quote covers most of ``[start, end)`` or opens it ('said "…" after the …').

    ``starts``, the ranges' starts when ``ranges`` are sorted by start, lets the ranges that start
    too late to do either go unread.
    """
    length = max(end - start, 1)
    if starts is not None:  # either test needs s < end or s <= start + 2
        ranges = ranges[:bisect.bisect_right(starts, max(end - 1, start + 2))]
    return any(min(end, e) - max(start, s) >= 0.5 * length or (start <= s <= start + 2 and e > s)
               for s, e in ranges)


def _ends_sentence(view: DocView, verb: int) -> bool:
    """'…, As-Safir reported.': nothing but punctuation after the verb (token ``verb``) in its sentence."""
    is_punct = view.is_punct
    return all(is_punct[t] for t in range(verb + 1, view.sents[view.sent_of[verb]].end))


def _personal_pronoun(view: DocView, token: int | None) -> bool:
    """Whether token ``token`` (an index) is "he", "she", "it" or "they"."""
    return token is not None and view.lower[token] in _PRONOUN_KINDS


def _headline(ctx: _Context, start: int, end: int) -> bool:
    """A clause on a line with no sentence punctuation: a headline or the title."""
    line_end = ctx.text.find("\n", end)
    line = ctx.text[ctx.text.rfind("\n", 0, start) + 1:line_end if line_end >= 0 else len(ctx.text)]
    line = line.rstrip().rstrip(_CLOSERS + " ")
    return not line or line[-1] not in _TERMINAL + ","


def _strip_dateline(text: str, start: int, end: int) -> tuple[int, int]:
    """'Tehran - Russian warplanes have …': the dateline is not what was said."""
    if start and text[start - 1] != "\n":
        return start, end  # a dateline opens a line: no need to match
    m = _DATELINE.match(text, start, end)
    return (m.end(), end) if m else (start, end)


def _keep(ctx: _Context, f: _Found) -> bool:
    """Quotes with a cue or a speaker; a long direct quote even with neither."""
    if f.attribution is not None and (f.attribution.speaker is not None or f.kind != "indirect"):
        return True
    return f.kind == "direct" and len(ctx.text[f.start:f.end].split()) >= 5


def _trim(ctx: _Context, tokens: list[int], whole: bool = False) -> tuple[int, int] | None:
    """Character span of a reported clause (distinct token indices): no leading "that", no edge punctuation or
    quote marks.

    The subtree minus an inner phrase may leave two runs of tokens: the longer
    one is kept, or, with ``whole`` ('The liberation, he said, was crucial'),
    everything from the first to the last.
    """
    if not tokens:
        return None
    view = ctx.view
    is_punct, is_space, lower, words = view.is_punct, view.is_space, view.lower, view.words
    tokens = sorted(tokens)
    if whole or tokens[-1] - tokens[0] == len(tokens) - 1:  # everything, or one run (no token repeats)
        first, last = tokens[0], tokens[-1]
    else:  # the first of the longest runs of consecutive tokens
        first = last = run_start = tokens[0]
        for prev, t in zip(tokens, tokens[1:]):
            if t != prev + 1:
                run_start = t
            elif t - run_start > last - first:
                first, last = run_start, t
    # the run is tokens first..last (empty once first > last)
    while first <= last and (is_punct[first] or lower[first] in {"that", "whether"} or is_space[first]):
        first += 1
    while first <= last and (is_punct[last] or is_space[last]) and words[last] not in {"”", '"', "’"}:
        last -= 1
    if sum(view.is_alpha[first:last + 1]) < 3:
        return None
    start = view.starts[first]
    end = view.ends[last]
    text = ctx.text[start:end]
    # a dangling closing mark with no opening one inside the clause goes too
    marks = text.count('"') + text.count("“") + text.count("”")
    if text.endswith(('"', "”")) and marks % 2 == 1:
        end -= 1
    return start, end
