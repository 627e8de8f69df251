"""Synthetic news corpora for the throughput and scaling benches (text we generate, not real news).

Four modes:

``realistic`` (default)
    Each article is distinct: a headline and 5-8 paragraphs of sentences
    generated from templates (actor, verb phrase, counterpart, place, weekday,
    attribution; quotes with a speaker; background sentences, all with slots
    filled at random) over a vocabulary we wrote, plus at
    most two background sentences taken from the bundled sample corpus with
    light word-level variation (weekday, numbers, one name swapped).  Then, as
    wire copy gives: 5 % of articles are verbatim reprints of an earlier
    article (another outlet, same text: stored as copies, not coded again),
    5 % near-verbatim reprints (new headline, one paragraph dropped, one added:
    coded, and linked as reuse), and 10 % carry one paragraph of an earlier
    article (a shared wire paragraph).  About 350 words an article, like short news items.

``archive``
    Laid out in time as an archive is, and local as news is: 100 articles a
    day from 1 January 2018, so that dates advance with the corpus's size
    (``realistic`` spreads any size over the same 84 days), in periods of 3
    days, each about a story of its own.  A period has its own names (places,
    groups and people, made up from syllables) and its own 6 background
    sentences.  Its headlines, quotes (3 names each), fillers and background
    sentences are written with its names; its event sentences have the actors
    and verbs of ``realistic`` and take place in one of its names; event and
    quote sentences carry their day's date (", March 5"); reprints and shared
    wire paragraphs come from the same period's earlier articles.  So periods
    share no sentence, only the fixed words of the templates, and an article
    has about as many reuse links at 20,000 articles as at 2,000 (8.2 and
    8.1).  The event sentences' actors, verbs and recipients still recur by
    chance in every period, so in reuse linking most articles reach most
    earlier ones (docs/scaling.md).  (Until 2026-11-25 this mode drew background
    sentences from the sample corpus in a window that came round every 114
    days, and reprints from the last 200 articles: an article had twice as
    many reuse links at 20,000 as at 2,000.)

``news``
    ``archive``'s layout (days, periods with names of their own, reprints from
    the period), with quotes that share their words about as real ones do.
    Each quote is one of a few frames whose slots, every second or third
    word, take words drawn at random from the vocabulary of the bundled sample
    corpus (ours) or the period's names.  Only 15 % of the event sentences are
    attributed ("..., officials said"): the quote finder takes those as
    reported speech.  ``bench/quote_keys.py`` compares its quotes with real
    ones: 19 % of them share half their three-word sequences with other
    quotes, as 19 % of real quotes do, against 80 % in ``archive`` and 95 % in
    ``realistic``.

``dense`` (the old bench corpus)
    Articles recombine 5-10 whole paragraphs of the sample corpus, so every
    article shares paragraphs with ~100 others: a pathological reuse density
    that makes the cross-document steps far costlier than real news.
"""

from __future__ import annotations

import json
import random
import re
from datetime import date, timedelta
from pathlib import Path

ACTORS = [
    "Turkish President Recep Tayyip Erdogan", "Russian Foreign Minister Sergei Lavrov",
    "the Iranian government", "Israeli troops", "Syrian rebels", "the United Nations",
    "German Chancellor Angela Merkel", "French President Emmanuel Macron", "Chinese officials",
    "the Pakistani army", "Indian police", "Egyptian Foreign Minister Sameh Shoukry",
    "Saudi-led coalition aircraft", "Kurdish fighters", "the European Union", "Ukrainian forces",
    "Japanese Prime Minister Shinzo Abe", "Nigerian soldiers", "Venezuelan opposition leaders",
    "the Iraqi parliament", "Afghan security forces", "Taliban militants", "Kenyan police",
    "the Jordanian foreign ministry", "South Korean President Moon Jae-in", "Lebanese protesters",
]
VERBS = [
    "met {r} in {p}", "accused {r} of violating the ceasefire", "condemned {r}",
    "signed an agreement with {r} in {p}", "attacked {r} near {p}", "arrested members of {r} in {p}",
    "called on {r} to release the detainees", "threatened {r} with sanctions",
    "promised aid to {r}", "rejected a proposal from {r}", "held talks with {r} in {p}",
    "expelled diplomats of {r}", "praised {r} for its role in the talks", "shelled positions of {r} near {p}",
    "demanded an apology from {r}", "agreed to cooperate with {r} on border security",
    "protested against {r} in {p}", "imposed new sanctions on {r}", "hosted {r} in {p}",
    "warned {r} against further escalation",
]
RECIPIENTS = [
    "Iran", "Turkey", "the Syrian government", "Russia", "the United States", "Israel", "Hamas",
    "Saudi Arabia", "Qatar", "the Houthi rebels", "Pakistan", "India", "China", "Japan", "North Korea",
    "Ukraine", "the Kurdish militia", "Egypt", "Sudan", "Ethiopia", "the Taliban", "Afghanistan",
    "the opposition", "Germany", "France", "Britain", "Venezuela", "Colombia", "Kenya", "Somalia",
]
PLACES = [
    "Ankara", "Moscow", "Tehran", "Damascus", "Aleppo", "Baghdad", "Mosul", "Beirut", "Amman", "Cairo",
    "Khartoum", "Addis Ababa", "Kabul", "Islamabad", "New Delhi", "Beijing", "Tokyo", "Seoul", "Kiev",
    "Berlin", "Paris", "London", "Geneva", "Vienna", "Caracas", "Bogota", "Nairobi", "Mogadishu",
    "Sanaa", "Doha", "Riyadh", "Jerusalem", "Gaza",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
SOURCES = ["officials said", "the state news agency reported", "a spokesman said", "witnesses said",
           "according to a statement", "diplomats said", "the ministry said"]
SPEAKERS = ["a government spokesman", "the foreign minister", "an army commander", "the ambassador",
            "a senior official", "the prime minister", "a rebel commander", "the president"]
# Quotes and background sentences are templates too: real articles rarely repeat one another's
# words outside reprints and wire copy, so a fixed list would make every article "share" text.
QUOTES = ["We will not accept any interference by {r} in our internal affairs",
          "The door to negotiations with {r} remains open until {d}",
          "Those responsible for the attack in {p} will be held accountable",
          "Our forces in {p} are ready to respond to any aggression by {r}",
          "This agreement with {r} opens a new chapter for the people of {p}",
          "The humanitarian situation in {p} is getting worse every day",
          "We expect {r} to honour its commitments before {d}",
          "Nobody in {p} wants another war with {r}"]
FILLERS = ["The two sides have been at odds over {p} for {n} months.",
           "Talks with {r} are expected to resume in {p} on {d}.",
           "The dispute over {p} has strained relations with {r}.",
           "Casualty figures from {p} could not be independently verified.",
           "Diplomats in {p} described the meeting with {r} as constructive.",
           "The incident in {p} drew criticism from {n} rights groups."]
OUTLETS = ["Wire One", "Daily Ledger", "Gulf Courier", "Capital Post", "Border Times", "Evening Herald"]


def _event_sentence(rng: random.Random, when: str = "", names: list[str] | None = None,
                    attributed: bool = True) -> str:
    """An event sentence; with ``names`` (an ``archive`` period's), placed in one of them;
    ``attributed`` ends it with its source ("officials said")."""
    if names:
        template = rng.choice(VERBS)
        verb = (template if "{p}" in template else template + " in {p}").format(
            r=rng.choice(RECIPIENTS), p=rng.choice(names))
    else:
        verb = rng.choice(VERBS).format(r=rng.choice(RECIPIENTS), p=rng.choice(PLACES))
    actor = rng.choice(ACTORS)
    source = f", {rng.choice(SOURCES)}" if attributed else ""
    s = f"{actor[0].upper()}{actor[1:]} {verb} on {rng.choice(DAYS)}{when}{source}."
    if rng.random() < 0.3:
        s = s[:-1] + f", after {rng.randint(2, 90)} people were reported {rng.choice(['killed', 'hurt', 'detained'])}."
    return s


def _slots(template: str, rng: random.Random, names: list[str] | None = None) -> str:
    """The template's slots filled at random (recipients and places from ``names``, if given)."""
    return template.format(r=rng.choice(names or RECIPIENTS), p=rng.choice(names or PLACES), d=rng.choice(DAYS),
                           n=rng.randint(2, 40))


def _quote_sentence(rng: random.Random, when: str = "") -> str:
    on = f" on {when.removeprefix(', ')}" if when else ""
    return f'"{_slots(rng.choice(QUOTES), rng)}," {rng.choice(SPEAKERS)} told reporters in {rng.choice(PLACES)}{on}.'


def _filler(rng: random.Random, when: str = "") -> str:
    return _slots(rng.choice(FILLERS), rng)


def _varied(sentence: str, rng: random.Random) -> str:
    """A sample-corpus sentence with light word-level variation."""
    out = re.sub(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b",
                 lambda _m: rng.choice(DAYS), sentence)
    out = re.sub(r"\b\d+\b", lambda m: str(max(1, int(m.group()) + rng.randint(-5, 5))), out)
    names = [w for w in re.findall(r"\b[A-Z][a-z]{3,}\b", out)]
    if names:
        out = out.replace(rng.choice(names), rng.choice(PLACES), 1)
    return out


def _sample_sentences() -> list[str]:
    from khaldun.cli import sample_corpus
    from khaldun.ingest import iter_documents
    from khaldun.records import Document

    return [s for d in iter_documents([sample_corpus()]) if isinstance(d, Document)
            for p in d.text.split("\n\n") for s in re.split(r'(?<=[.!?])\s+(?=[A-Z"“])', p)
            if len(s.split()) > 8]


def _paragraphs() -> list[str]:
    from khaldun.cli import sample_corpus
    from khaldun.ingest import iter_documents
    from khaldun.records import Document

    return [p for d in iter_documents([sample_corpus()]) if isinstance(d, Document)
            for p in d.text.split("\n\n") if len(p) > 60]


#: ``archive`` mode: articles a day, days a period, background sentences and names of a period.
ARCHIVE_PER_DAY = 100
ARCHIVE_PERIOD_DAYS = 3
ARCHIVE_BACKGROUND = 6
ARCHIVE_NAMES = 12
_SYLLABLES = ["ka", "ro", "mi", "tan", "vel", "do", "sa", "rin", "ul", "be", "mar", "zo", "lek", "ni",
              "ha", "tor", "gu", "pen", "as", "ri", "mon", "da", "il", "ve", "shu", "ob", "ter", "lan"]
#: Quotes of an ``archive`` period: three of its names each (``{a}``, ``{b}``, ``{c}``), so that
#: quotes of two periods never pass the fuzzy rule of quote grouping.
ARCHIVE_QUOTES = [
    "We will not accept any interference by {a} in the affairs of {b} or {c}",
    "The door to negotiations between {a} and {b} remains open, whatever {c} says",
    "Those who attacked the convoy from {a} to {b} will answer for it in {c}",
    "Our forces in {a} are ready to respond to any move from {b} or {c}",
    "This agreement between {a} and {b} opens a new chapter for the people of {c}",
    "The situation in {a} is worse every day, and neither {b} nor {c} is helping",
    "We expect {a} to keep its word to {b} before the talks in {c}",
    "Nobody in {a} wants another war with {b}, least of all the families of {c}",
]
#: Background sentences of an ``archive`` period (each one a paragraph of its own): no five
#: words in a row without one of its names, so that two periods' share no passage.
ARCHIVE_BACKGROUND_TEMPLATES = [
    "{a} and {b} have fought over the {c} road since {d} closed it.",
    "Talks between {a} and {b} broke down after {c} accused {d} of moving troops.",
    "Aid groups in {a} say fighting near {b} drove thousands to {c} and {d}.",
    "The {a} council sent observers to {b}, which {c} called provocative and {d} welcomed.",
    "Trade from {a} to {b} has halved since {c} shut the {d} crossing.",
    "People in {a} told of shelling from {b}, which {c} and {d} both deny.",
]
#: Headlines of an ``archive`` period: no five words in a row without one of its names, so that
#: headlines of two periods share no passage.
ARCHIVE_HEADLINES = [
    "{a} and {b} trade blame over {c}", "Talks on {a} stall as {b} walks out of {c}",
    "{a} says {b} shelled {c}", "Protests in {a} over the {b} deal with {c}",
    "{a} closes its border with {b} after {c} clashes", "Aid reaches {a} from {b} after {c} deal",
]


def _name(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(3, 4))).capitalize()


def _archive_period(seed: int, period: int) -> tuple[list[str], list[str]]:
    """One ``archive`` period's names and background sentences (the same for the same seed)."""
    rng = random.Random(f"{seed}/{period}")
    names: list[str] = []
    while len(names) < ARCHIVE_NAMES:
        name = _name(rng)
        if name not in names:
            names.append(name)
    background = [rng.choice(ARCHIVE_BACKGROUND_TEMPLATES).format(**dict(zip("abcd", rng.sample(names, 4))))
                  for _ in range(ARCHIVE_BACKGROUND)]
    return names, background


def _archive_quote(rng: random.Random, names: list[str], when: str) -> str:
    said = rng.choice(ARCHIVE_QUOTES).format(**dict(zip("abc", rng.sample(names, 3))))
    return f'"{said}," {rng.choice(SPEAKERS)} told reporters in {rng.choice(PLACES)} on {when.removeprefix(", ")}.'


#: ``news`` mode: quote frames; ``{w}`` takes a word of the sample corpus, ``{a}`` and ``{b}``
#: a name of the period.  Few runs of three words are all fixed ("we will not", "there is no":
#: word sequences many real quotes share too).
NEWS_QUOTES = [
    "We will not {w} any {w} from {a}, and the {w} of {b} knows {w} well",
    "The {w} in {a} is {w} every day, {w} the {w} and {w} we {w}",
    "Our {w} will {w} the {w} near {a} until {b} {w} its {w}",
    "Nobody {w} {a} wants {w} {w} with {b}, least {w} the {w}",
    "This {w} with {a} {w} a {w} chapter for {w} in {b}",
    "{a} must {w} its {w} to {b} before the {w} {w} in {w}",
    "There is no {w} for {w} while {a} {w} the {w} of {b}",
    "They {w} us {w} {w}, but {a} {w} what {b} {w} {w}",
    "What {w} in {a} was {w}, and {w} {b} will {w} the {w}",
    "I {w} the {w} {w} of {a} and {w} them to {w} {b}",
]
#: ``news`` mode: the share of event sentences attributed to a source.
NEWS_ATTRIBUTED = 0.15


def _vocabulary() -> list[str]:
    """The lowercase words (4 letters or more) of the bundled sample corpus."""
    return sorted({w for s in _sample_sentences() for w in re.findall(r"\b[a-z]{4,}\b", s)})


def _news_quote(rng: random.Random, names: list[str], vocabulary: list[str], when: str) -> str:
    """A ``news`` quote sentence: a frame filled with words of ``vocabulary`` and two ``names``."""
    frame = rng.choice(NEWS_QUOTES)
    a, b = rng.sample(names, 2)
    said = re.sub(r"\{w\}", lambda _m: rng.choice(vocabulary), frame).format(a=a, b=b)
    return f'"{said}," {rng.choice(SPEAKERS)} told reporters in {rng.choice(PLACES)} on {when.removeprefix(", ")}.'


def _fresh_article(rng: random.Random, background: list[str], when: str = "",
                   names: list[str] | None = None, vocabulary: list[str] | None = None) -> list[str]:
    """Headline plus paragraphs, each paragraph 1-3 generated sentences (events and quotes
    dated ``when`` too, if given: ", March 5"; quotes and fillers written with ``names``, if
    given: an ``archive`` period's; with a ``vocabulary``, quotes as in ``news`` mode)."""
    if names and vocabulary:
        def event(rng: random.Random, when: str) -> str:
            return _event_sentence(rng, when, names, attributed=rng.random() < NEWS_ATTRIBUTED)

        def quote(rng: random.Random, when: str) -> str:
            return _news_quote(rng, names, vocabulary, when)

        def filler(rng: random.Random, when: str) -> str:
            return _slots(rng.choice(FILLERS), rng, names)
    elif names:
        def event(rng: random.Random, when: str) -> str:
            return _event_sentence(rng, when, names)

        def quote(rng: random.Random, when: str) -> str:
            return _archive_quote(rng, names, when)

        def filler(rng: random.Random, when: str) -> str:
            return _slots(rng.choice(FILLERS), rng, names)
    else:
        event, quote, filler = _event_sentence, _quote_sentence, _filler
    paras = [event(rng, when) + " " + event(rng, when)]
    for _ in range(rng.randint(5, 8)):
        kinds = rng.choices([event, quote, filler], weights=[6, 2, 1], k=rng.randint(2, 4))
        paras.append(" ".join(k(rng, when) for k in kinds))
    for _ in range(rng.randint(0, 2)):
        paras.insert(rng.randint(1, len(paras)), _varied(rng.choice(background), rng))
    if names:
        title = rng.choice(ARCHIVE_HEADLINES).format(**dict(zip("abc", rng.sample(names, 3))))
    else:
        title = re.sub(r"[,.].*$", "", paras[0])[:80]
    return [title, *paras]


def build_corpus(directory: Path, n: int, seed: int, mode: str = "realistic", lead_only: bool = False) -> int:
    """Write N articles to ``directory/corpus.jsonl``; return the number of words.

    ``lead_only`` keeps each article's headline and first paragraph (about 40
    words): a cheap corpus with as many documents, for memory at scale.
    """
    rng = random.Random(seed)
    words = 0
    path = directory / "corpus.jsonl"
    if mode == "dense":
        paragraphs = _paragraphs()
        with path.open("w", encoding="utf-8") as fh:
            for i in range(n):
                body = rng.sample(paragraphs, k=min(len(paragraphs), rng.randint(5, 10)))
                text = "\n\n".join(body) + f"\n\nArticle {i}."
                words += len(text.split())
                fh.write(json.dumps({"id": str(i), "text": text, "published": "2016-03-29"}) + "\n")
        return words
    archive = mode in ("archive", "news")
    if not archive and mode != "realistic":
        raise ValueError(f"unknown corpus mode {mode!r}")
    background = [] if archive else _sample_sentences()
    vocabulary = _vocabulary() if mode == "news" else None
    names: list[str] | None = None
    period = -1
    recent: list[list[str]] = []  # a window of earlier articles, for reprints (bounded memory)
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            if archive:
                days = i // ARCHIVE_PER_DAY
                if days // ARCHIVE_PERIOD_DAYS != period:  # a new period: its own names, nothing earlier
                    period = days // ARCHIVE_PERIOD_DAYS
                    names, background = _archive_period(seed, period)
                    recent = []
                dated = date(2018, 1, 1) + timedelta(days=days)
                day, when = dated.isoformat(), f", {dated:%B} {dated.day}"
            else:
                when = ""
                day = f"2018-{1 + i % 12:02d}-{1 + i % 28:02d}"
            roll = rng.random()
            if recent and roll < 0.05:  # verbatim reprint
                parts = list(rng.choice(recent))
            elif recent and roll < 0.10:  # near-verbatim reprint
                parts = list(rng.choice(recent))
                parts[0] = "UPDATE: " + parts[0]
                if len(parts) > 3:
                    parts.pop(rng.randint(2, len(parts) - 1))
                added = _event_sentence(rng, when, names)
                # archive: not a one-sentence paragraph, which would be found again in any period
                parts.append(f"{added} {_slots(rng.choice(FILLERS), rng, names)}" if names else added)
            else:
                parts = _fresh_article(rng, background, when, names, vocabulary)
                if recent and roll < 0.20:  # one shared wire paragraph
                    parts.insert(2, rng.choice(rng.choice(recent)[1:]))
            recent.append(parts)
            if len(recent) > 200:
                recent.pop(rng.randrange(len(recent)))
            text = "\n\n".join(parts[:2] if lead_only else parts)
            words += len(text.split())
            fh.write(json.dumps({"id": str(i), "title": parts[0], "text": text, "published": day,
                                 "outlet": rng.choice(OUTLETS)}) + "\n")
    return words
