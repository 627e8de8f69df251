"""Which coded events are one real-world happening: the merge rule.

Events from different sentences or documents merge when all of these hold
(:func:`merge_events` applies them; each is a small function below):

1. **same type and actors**: the same PLOVER type, the same set of canonical
   actors (actors merged across documents count as one; a state and its
   generic organs are one party, see :func:`party_key`), and the same negated /
   future / hypothetical flags;
2. **recipients**: the same set, or one event names none;
3. **dates**: the spans their dates stand for overlap, and two day-precision
   dates are equal (:func:`khaldun.merge.dates.dates_compatible`).  An event
   with no date at all (an article without a publication date and no date in
   the clause) merges with events of its own document, of a document that
   shares text with its own (reuse links), or when a named person or
   organisation is a party;
4. **places**: when both have a place, the same country and, when both are
   cities, within :data:`CITY_TOLERANCE_KM` of each other;
5. **modes**: when both have a mode, the same mode.

A merged event is a cluster in which every pair satisfies 2-5 (complete
linkage), so a chain of one-day-apart reports never merges two different days;
and an event joins a cluster only when exactly one cluster would take it (an
undated "Russian airstrikes" never picks one day's strikes among several).
Events are considered most exact first, so the result does not depend on
input order.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from khaldun.merge.dates import PRECISION_RANK, date_span, dates_compatible
from khaldun.timeplace.gazetteer import distance_km

#: Two cities farther apart than this are different places.
CITY_TOLERANCE_KM = 50.0

#: Place precisions from the most to the least exact (no place last).
PLACE_RANK: dict[str | None, int] = {"city": 0, "region": 1, "country": 2, None: 3}


@dataclass(frozen=True, slots=True)
class Place:
    name: str | None
    country: str | None
    precision: str | None = None
    lat: float | None = None
    lon: float | None = None


@dataclass(slots=True)
class EventInfo:
    """What the merge rule needs to know about one coded event."""

    event_id: str
    doc_id: str
    event_type: str
    actors: frozenset[str]  # canonical actor keys
    recipients: frozenset[str]
    date: str | None = None
    date_precision: str | None = None
    place: Place | None = None
    mode: str | None = None
    negated: bool = False
    future: bool = False
    hypothetical: bool = False
    confidence: float = 0.5


@dataclass(slots=True)
class MergedEvent:
    """One happening: the events that report it, the first of them its representative."""

    merged_id: str  # the smallest member event id: stable whatever the input order
    members: list[EventInfo] = field(default_factory=list)
    rule: str = "single"

    @property
    def representative(self) -> EventInfo:
        """The member whose date and place are most exact (then most confident)."""
        return min(self.members, key=_exactness)

    @property
    def event_ids(self) -> list[str]:
        return sorted(m.event_id for m in self.members)

    @property
    def doc_ids(self) -> list[str]:
        return sorted({m.doc_id for m in self.members})


#: Whether two documents share text (exact copies, near duplicates, passages).
Related = Callable[[str, str], bool]


def block_key(event: EventInfo) -> tuple:
    """Rule 1: events can only merge inside one block."""
    return (event.event_type, event.actors, event.negated, event.future, event.hypothetical)


def block_text(event: EventInfo) -> str:
    """Rule 1's block as a string, the same for every event of the block.

    Stored with each event so that a later merge finds, with SQL, the blocks
    a new event touches (only those need clustering again: the rule never
    looks across blocks).
    """
    kind, actors, *flags = block_key(event)
    return json.dumps([kind, *flags, sorted(actors)], ensure_ascii=False)


def compatible(a: EventInfo, b: EventInfo, related: Related | None = None) -> bool:
    """Rules 2-5 for two events of one block."""
    return (_recipients_ok(a, b) and _dates_ok(a, b, related)
            and places_compatible(a.place, b.place) and _modes_ok(a, b))


def _recipients_ok(a: EventInfo, b: EventInfo) -> bool:
    return a.recipients == b.recipients or not a.recipients or not b.recipients


def _dates_ok(a: EventInfo, b: EventInfo, related: Related | None) -> bool:
    if a.date and b.date:
        return dates_compatible((a.date, a.date_precision), (b.date, b.date_precision))
    if a.doc_id == b.doc_id:
        return True
    if related is not None and related(a.doc_id, b.doc_id):
        return True
    return _names_someone(a) or _names_someone(b)


def _names_someone(event: EventInfo) -> bool:
    """Whether a named person or organisation is a party (see :func:`party_key`)."""
    return any(k.startswith("actor:") for k in event.actors | event.recipients)


def _modes_ok(a: EventInfo, b: EventInfo) -> bool:
    return a.mode is None or b.mode is None or a.mode == b.mode


def places_compatible(a: Place | None, b: Place | None) -> bool:
    """Rule 3: no place is compatible with any; otherwise same country, and close cities."""
    if a is None or b is None:
        return True
    if a.country and b.country and a.country != b.country:
        return False
    if a.precision == "city" and b.precision == "city":
        if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
            return (a.name or "").lower() == (b.name or "").lower()
        return distance_km(a.lat, a.lon, b.lat, b.lon) <= CITY_TOLERANCE_KM
    return True


def merge_events(events: Iterable[EventInfo], related: Related | None = None) -> list[MergedEvent]:
    """Cluster events into happenings; every event is in exactly one result.

    ``related`` says whether two documents share text (rule 3).  Results are
    sorted by merged id; members by event id.
    """
    blocks: dict[tuple, list[EventInfo]] = defaultdict(list)
    for event in events:
        blocks[block_key(event)].append(event)
    merged: list[MergedEvent] = []
    for members in blocks.values():
        merged.extend(_cluster(members, related))
    for m in merged:
        m.members.sort(key=lambda e: e.event_id)
        m.merged_id = m.members[0].event_id
    merged.sort(key=lambda m: m.merged_id)
    return merged


def _cluster(members: list[EventInfo], related: Related | None) -> list[MergedEvent]:
    """Complete-linkage clusters of one block, most exact events first.

    An event joins the one cluster all of whose members are compatible with
    it; with none, or with several (ambiguous), it starts its own.  Which
    clusters can take a dated event is looked up by day (:class:`_DayIndex`),
    so a block spread over many days costs about what its days cost apart,
    not the square of its size; the clusters found are those a scan of every
    cluster finds.
    """
    clusters: list[MergedEvent] = []
    index = _DayIndex()
    for event in sorted(members, key=_exactness):
        span = day_span(event.date, event.date_precision)
        candidates = clusters if span is None else [clusters[i] for i in index.near(span)]
        fits = _fitting(event, candidates, related)
        if len(fits) == 1:
            fits[0].members.append(event)
            fits[0].rule = _rule(fits[0].members)
        else:
            index.started(len(clusters), span)
            clusters.append(MergedEvent(merged_id=event.event_id, members=[event]))
    return clusters


def day_span(date: str | None, precision: str | None) -> tuple[int, int] | None:
    """:func:`date_span` as day numbers (``date.toordinal``; None: no date, or one that does
    not parse).  Two dated events can only merge when their spans overlap."""
    span = date_span(date, precision)
    return None if span is None else (span[0].toordinal(), span[1].toordinal())


class _DayIndex:
    """Which clusters of one block a dated event can join, found by day.

    A dated event is compatible with a dated member only when their spans
    overlap, so a cluster can take it only when its span overlaps the span of
    the event that started the cluster, when that one is dated.  Such a
    cluster is listed under every day of its first event's span (at most a
    year's days); a cluster started by an undated event is always a candidate.
    """

    def __init__(self) -> None:
        self.by_day: dict[int, list[int]] = defaultdict(list)
        self.undated: list[int] = []

    def started(self, position: int, span: tuple[int, int] | None) -> None:
        """A new cluster, at ``position`` in the block's list, started by an event of ``span``."""
        if span is None:
            self.undated.append(position)
            return
        for day in range(span[0], span[1] + 1):
            self.by_day[day].append(position)

    def near(self, span: tuple[int, int]) -> list[int]:
        """Positions of the clusters that may take an event of ``span``, oldest first."""
        found: set[int] = set(self.undated)
        for day in range(span[0], span[1] + 1):
            found.update(self.by_day.get(day, ()))
        return sorted(found)


def _fitting(event: EventInfo, clusters: list[MergedEvent], related: Related | None) -> list[MergedEvent]:
    """The clusters all of whose members are compatible with ``event``; only the first two
    (two already make it ambiguous)."""
    fits: list[MergedEvent] = []
    for cluster in clusters:
        if all(compatible(event, other, related) for other in cluster.members):
            fits.append(cluster)
            if len(fits) == 2:
                break
    return fits


def _rule(members: list[EventInfo]) -> str:
    docs = {m.doc_id for m in members}
    where = "across documents" if len(docs) > 1 else "within a document"
    return f"same type and parties, compatible dates and places ({where})"


def _exactness(event: EventInfo) -> tuple:
    span = date_span(event.date, event.date_precision)
    return (
        PRECISION_RANK.get(event.date_precision, 9),
        PLACE_RANK.get(event.place.precision if event.place else None, 3),
        -event.confidence,
        span[0].isoformat() if span else "9999",
        event.event_id,
    )


#: Sectors of the state: "the Syrian army", "Damascus" and "Syria" are one party
#: when the question is whether two reports tell the same happening.
STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "SPY", "LEG", "JUD"})


def party_key(actor_id: str | None, kind: str | None, name: str | None, country: str | None,
              sectors: Iterable[str] | None) -> str:
    """The identity of an event party for merging.

    Named persons and organisations are their canonical actor; a state and its
    generic organs ("Syria", "the Syrian army", "the Syrian government") are
    one party, the state; other generic groups are their country and sector
    ("Syrian rebels").
    """
    sectors = list(sectors or [])
    if kind in {"person", "organization"} and actor_id:
        return f"actor:{actor_id}"
    if country and (not sectors or STATE_SECTORS.intersection(sectors)):
        return f"state:{country}"
    if country:
        return f"group:{country}:{sectors[0]}"
    return f"actor:{actor_id}" if actor_id else f"name:{(name or '').lower()}"


def side_keys(parties: Iterable[tuple[str, str | None]]) -> frozenset[str]:
    """The keys of one side of an event, from (party key, country) pairs.

    A state listed beside one of its own named people ("Turkish President" read
    as the Turkish government next to Erdogan) adds nothing: the person is the
    state's organ here, so ``state:TUR`` is dropped when a named Turkish
    person or organisation is on the same side.
    """
    parties = list(parties)
    named = {country for key, country in parties if key.startswith("actor:") and country}
    return frozenset(key for key, _ in parties
                     if not (key.startswith("state:") and key[len("state:"):] in named))
