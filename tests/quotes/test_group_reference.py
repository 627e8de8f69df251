"""group_quotes (its unrolled pair tests and candidate lookup) against a plain reading of its rule."""

from __future__ import annotations

import itertools
import random

import pytest

from khaldun.quotes import group_quotes
from khaldun.quotes.group import lookup_keys, normalize_quote, same_words
from khaldun.records import ActorRef, Quote

_TEXTS = [
    "We will not accept any deal that leaves our farmers without water this summer",
    "we will not accept any deal that leaves our farmers without water this year",
    "We will not accept any deal that leaves farmers without water",
    "any deal that leaves our farmers without water",
    "We will not accept",
    "The talks in Geneva were frank and we expect another round next month",
    "the talks in Geneva were frank, and we expect a second round next month",
    "The talks were frank",
    "Our troops will stay on the border until the ceasefire holds",
    "our troops will stay at the border until the ceasefire really holds",
    "We will not accept any new taxes on fuel while prices keep rising",
    "Water",
    "We expect another round next month in Geneva with all parties present",
]
_SPEAKERS = [None, "USA_MINISTER", "FRA_PRESIDENT"]


def _reference(items: list[tuple[Quote, str | None]]) -> list[list[str]]:
    """The documented rule, pair by pair: longest first, each quote joins the first group whose
    first quote shares a lookup key and that holds a member saying the same words, the
    speakers agreeing (a group's speaker: its first known one)."""
    order = sorted(items, key=lambda it: (-len(normalize_quote(it[0].text).split()), it[1] is None, it[1] or "",
                                          normalize_quote(it[0].text), it[0].doc_id, it[0].start, it[0].end,
                                          it[0].quote_id))
    groups: list[tuple[list[tuple[Quote, str | None]], list[str | None]]] = []
    for quote, speaker in order:
        keys = set(lookup_keys(quote.text))
        for members, group_speaker in groups:
            if not keys & set(lookup_keys(members[0][0].text)):
                continue
            if speaker is not None and group_speaker[0] is not None and speaker != group_speaker[0]:
                continue
            if any(same_words(quote.text, other.text) for other, _ in members):
                members.append((quote, speaker))
                group_speaker[0] = group_speaker[0] or speaker
                break
        else:
            groups.append(([(quote, speaker)], [speaker]))
    return sorted(sorted(q.quote_id for q, _ in members) for members, _ in groups)


def _items(n: int, texts: list[str] = _TEXTS, speakers: list[str | None] = _SPEAKERS
           ) -> list[tuple[Quote, str | None]]:
    out = []
    for k, (text, speaker) in enumerate(itertools.islice(itertools.cycle(itertools.product(texts, speakers)), n)):
        name = speaker.split("_")[1].title() if speaker else None
        ref = ActorRef(text=name, name=name, country=speaker[:3], sectors=["GOV"], actor_id=speaker) if speaker else None
        out.append((Quote(quote_id=f"q{k:03d}", doc_id=f"doc{k % 7}", text=text, start=10 * k,
                          end=10 * k + len(text), kind="direct", speaker=ref), speaker))
    return out


def test_grouping_matches_the_rule_read_pair_by_pair() -> None:
    items = _items(len(_TEXTS) * len(_SPEAKERS))
    groups = group_quotes(items)
    found = sorted(sorted(q.quote_id for q in g.members) for g in groups)
    assert found == _reference(items)
    # the edited wire copies met: fewer groups than distinct texts
    assert len(groups) < len({normalize_quote(q.text) for q, _ in items}) * len(_SPEAKERS)


def test_grouping_matches_the_rule_on_an_uneven_mix() -> None:
    items = _items(23)  # speakers fall unevenly on the texts
    found = sorted(sorted(q.quote_id for q in g.members) for g in group_quotes(items))
    assert found == _reference(items)


#: Texts at the edge of the key count below which a group is passed over unread: a one-letter
#: edit in an eight-word sentence (twice the shared keys equal the key count less one), and an
#: excerpt of an edited copy sharing too few keys with the original for the original's words,
#: so that only the copy's words, in the same group, take it.
_BOUND_TEXTS = [
    "The army will withdraw from the northern town",
    "The army will withdrew from the northern town",
    "The army will withdraw its heavy weapons from the northern town before the end of the month",
    "The army will withdrew its heavy weapons from the northern town before the end of the month",
    "the army will withdrew its heavy weapons",
]


def test_grouping_matches_the_rule_at_the_key_count_bound() -> None:
    items = _items(2 * len(_BOUND_TEXTS), _BOUND_TEXTS, [None, "USA_MINISTER"])
    found = sorted(sorted(q.quote_id for q in g.members) for g in group_quotes(items))
    assert found == _reference(items)
    texts = {q.quote_id: q.text for q, _ in items}
    # the eight-word pair; the original, its copy and the excerpt (the unknown speaker agrees)
    assert sorted(len({texts[q] for q in g}) for g in found) == [2, 3]


_WORDS = ("we will not accept any deal that leaves our farmers without water this summer "
          "the army must withdraw from town before end of month talks").split()


def _edited(rng: random.Random, text: str) -> str:
    """A copy of ``text`` as another outlet might print it: words changed, dropped or added,
    an excerpt, or a phrase said over again (more words, no more distinct word sequences)."""
    words = text.split()
    kind = rng.randrange(5)
    if kind == 0:
        for _ in range(rng.randint(1, 3)):
            words[rng.randrange(len(words))] = rng.choice(_WORDS)
    elif kind == 1 and len(words) > 5:
        del words[rng.randrange(len(words))]
    elif kind == 2:
        words.insert(rng.randrange(len(words) + 1), rng.choice(_WORDS))
    elif kind == 3:
        start = rng.randrange(len(words) // 2)
        words = words[start:start + rng.randint(4, max(4, len(words) - start))]
    else:
        start = rng.randrange(max(1, len(words) - 3))
        words = words[:start + 3] + words[start:start + 3] * rng.randint(1, 3) + words[start + 3:]
    return " ".join(words)


def _crowd(seed: int) -> list[str]:
    """Texts that share word sequences a lot, and in every proportion: a few random
    sentences over a small vocabulary, then generations of edited copies of the texts so far."""
    rng = random.Random(seed)
    texts = [" ".join(rng.choice(_WORDS) for _ in range(rng.randint(8, 18))) for _ in range(4)]
    while len(texts) < 60:
        texts.append(_edited(rng, rng.choice(texts)))
    return texts


@pytest.mark.parametrize("seed", range(8))
def test_grouping_matches_the_rule_on_crowded_texts(seed: int) -> None:
    # the candidate search (rarest shared word sequences, where a pair first shares one, and
    # the speakers of the groups) must find every member saying the same words as a quote
    texts = _crowd(seed)
    items = _items(2 * len(texts), texts, [None, "USA_MINISTER", "FRA_PRESIDENT", None])
    groups = group_quotes(items)
    found = sorted(sorted(q.quote_id for q in g.members) for g in groups)
    assert found == _reference(items)
    assert any(len({normalize_quote(q.text) for q in g.members}) > 2 for g in groups)


def test_a_chant_meets_a_garbled_copy_with_fewer_words_and_more_word_sequences() -> None:
    # the chant has more words but fewer distinct three-word sequences than the copy (it says
    # the same ones again); they share exactly half of the chant's, which are also its most
    # common: the copy meets the chant only through the last shingle of the chant's prefix,
    # and where they first share one, they can share no more than they need
    chant = "We will stay until they go, we will stay until they go"
    garbled = "we will until they go all will stay until they go"
    chant_keys, garbled_keys = set(lookup_keys(chant)), set(lookup_keys(garbled))
    assert len(chant.split()) > len(garbled.split()) and len(chant_keys) < len(garbled_keys)
    assert 2 * len(chant_keys & garbled_keys) == len(chant_keys) - 1 and same_words(chant, garbled)
    items = _items(4, [chant, garbled], [None, "USA_MINISTER"])
    found = sorted(sorted(q.quote_id for q in g.members) for g in group_quotes(items))
    assert found == _reference(items) == [["q000", "q001", "q002", "q003"]]


def test_a_chant_of_eight_words_is_found_by_its_prefix() -> None:
    # eight words (the fewest the fuzzy rule reads), few distinct word sequences; the copy
    # comes after it (same length, later in order) and has more sequences
    chant = "No retreat, no surrender, no retreat, no surrender"
    garbled = "no retreat no surrender no retreat or surrender"
    chant_keys, garbled_keys = set(lookup_keys(chant)), set(lookup_keys(garbled))
    assert len(chant.split()) == len(garbled.split()) == 8 and len(chant_keys) < len(garbled_keys)
    assert same_words(chant, garbled)
    items = _items(4, [chant, garbled], [None, "USA_MINISTER"])
    found = sorted(sorted(q.quote_id for q in g.members) for g in group_quotes(items))
    assert found == _reference(items) == [["q000", "q001", "q002", "q003"]]
