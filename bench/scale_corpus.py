"""Synthetic news corpora for the throughput and scaling benches (text we generate, not real news).

Two modes:

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
    As ``realistic``, laid out in time as an archive is: 100 articles a day from
    1 January 2018, so that dates advance with the corpus's size (``realistic``
    spreads any size over the same 84 days); reprints and shared wire
    paragraphs come from the last 200 articles (``realistic`` keeps a random
    sample of all earlier ones); and each day's background sentences come from
    a window of 6 of the sample corpus's sentences that moves on by 2 a day.
    Its event and quote sentences carry their day's date (", March 5"), as news
    does: two articles write the same generated sentence by chance only on the
    same day, where ``realistic`` sentences meet more often the larger the
    corpus.
    Not yet as local as news: an article still has about twice as many reuse
    links at 20,000 articles as at 2,000 (docs/scaling.md), probably because
    the window comes round again every 114 days and each sentence it draws is
    shared by about 17 articles a day.

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


def _event_sentence(rng: random.Random, when: str = "") -> str:
    verb = rng.choice(VERBS).format(r=rng.choice(RECIPIENTS), p=rng.choice(PLACES))
    actor = rng.choice(ACTORS)
    s = f"{actor[0].upper()}{actor[1:]} {verb} on {rng.choice(DAYS)}{when}, {rng.choice(SOURCES)}."
    if rng.random() < 0.3:
        s = s[:-1] + f", after {rng.randint(2, 90)} people were reported {rng.choice(['killed', 'hurt', 'detained'])}."
    return s


def _slots(template: str, rng: random.Random) -> str:
    return template.format(r=rng.choice(RECIPIENTS), p=rng.choice(PLACES), d=rng.choice(DAYS),
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


#: ``archive`` mode: articles a day, and the background sentences of one day (moving on by 2 a day).
ARCHIVE_PER_DAY = 100
ARCHIVE_BACKGROUND = 6


def _fresh_article(rng: random.Random, background: list[str], when: str = "") -> list[str]:
    """Headline plus paragraphs, each paragraph 1-3 generated sentences (events and quotes
    dated ``when`` too, if given: ", March 5")."""
    paras = [_event_sentence(rng, when) + " " + _event_sentence(rng, when)]
    for _ in range(rng.randint(5, 8)):
        kinds = rng.choices([_event_sentence, _quote_sentence, _filler],
                            weights=[6, 2, 1], k=rng.randint(2, 4))
        paras.append(" ".join(k(rng, when) for k in kinds))
    for _ in range(rng.randint(0, 2)):
        paras.insert(rng.randint(1, len(paras)), _varied(rng.choice(background), rng))
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
    background = _sample_sentences()
    archive = mode == "archive"
    if not archive and mode != "realistic":
        raise ValueError(f"unknown corpus mode {mode!r}")
    recent: list[list[str]] = []  # a window of earlier articles, for reprints (bounded memory)
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            if archive:
                days = i // ARCHIVE_PER_DAY
                today = [background[(2 * days + j) % len(background)] for j in range(ARCHIVE_BACKGROUND)]
                dated = date(2018, 1, 1) + timedelta(days=days)
                day, when = dated.isoformat(), f", {dated:%B} {dated.day}"
            else:
                today, when = background, ""
                day = f"2018-{1 + i % 12:02d}-{1 + i % 28:02d}"
            roll = rng.random()
            if recent and roll < 0.05:  # verbatim reprint
                parts = list(rng.choice(recent))
            elif recent and roll < 0.10:  # near-verbatim reprint
                parts = list(rng.choice(recent))
                parts[0] = "UPDATE: " + parts[0]
                if len(parts) > 3:
                    parts.pop(rng.randint(2, len(parts) - 1))
                parts.append(_event_sentence(rng, when))
            else:
                parts = _fresh_article(rng, today, when)
                if recent and roll < 0.20:  # one shared wire paragraph
                    parts.insert(2, rng.choice(rng.choice(recent)[1:]))
            recent.append(parts)
            if len(recent) > 200:
                recent.pop(0 if archive else rng.randrange(len(recent)))
            text = "\n\n".join(parts[:2] if lead_only else parts)
            words += len(text.split())
            fh.write(json.dumps({"id": str(i), "title": parts[0], "text": text, "published": day,
                                 "outlet": rng.choice(OUTLETS)}) + "\n")
    return words
