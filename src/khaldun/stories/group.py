"""Group documents into stories and label them.

Two documents belong to one story when they share text (a reuse link: exact
copy, near duplicate or copied passage) or report one *specific* merged event:
one with a named person or organisation among its parties, a day or month
date, or a city.  A generic happening ("Russian airstrikes", dated only by
publication) is told in too many unrelated articles to tie them together.
Stories are the connected components (union-find); a story's label names its
main actors, event types and place.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

#: How many actors and event types a label names.
LABEL_ACTORS = 3
LABEL_TYPES = 2
#: A story's period covers its latest dated happening and the weeks before it.
RECENT = timedelta(days=31)


@dataclass(frozen=True, slots=True)
class DocInfo:
    doc_id: str
    published: str | None = None
    title: str | None = None


@dataclass(frozen=True, slots=True)
class StoryEvent:
    """A merged event as stories see it."""

    merged_id: str
    event_type: str
    doc_ids: tuple[str, ...]
    parties: tuple[str, ...]  # canonical names of actors and recipients
    date: str | None = None
    date_precision: str | None = None
    place: str | None = None
    place_precision: str | None = None
    names_someone: bool = False  # a named person or organisation is a party
    historical: bool = False  # background ("had fallen to ISIS last May"), not the news

    @property
    def specific(self) -> bool:
        """Whether reporting this event ties two documents into one story."""
        return (self.names_someone or self.date_precision in {"day", "month"}
                or self.place_precision == "city")


@dataclass(slots=True)
class Story:
    story_id: str
    label: str
    doc_ids: list[str]
    events: list[str] = field(default_factory=list)  # merged event ids
    actors: list[tuple[str, int]] = field(default_factory=list)  # (name, events)
    event_types: list[tuple[str, int]] = field(default_factory=list)
    places: list[tuple[str, int]] = field(default_factory=list)
    first_date: str | None = None
    last_date: str | None = None


class Ties:
    """Which documents are one story: a union-find over documents, tied by reuse links and by
    the specific merged events they share.  Ties to documents it was not given are ignored."""

    __slots__ = ("_parent",)

    def __init__(self, doc_ids: Iterable[str]) -> None:
        self._parent = {doc_id: doc_id for doc_id in doc_ids}

    def __contains__(self, doc_id: str) -> bool:
        return doc_id in self._parent

    def find(self, doc_id: str) -> str:
        """The smallest document tied to ``doc_id`` so far (its component's root)."""
        parent = self._parent
        while parent[doc_id] != doc_id:
            parent[doc_id] = parent[parent[doc_id]]
            doc_id = parent[doc_id]
        return doc_id

    def tie(self, links: Iterable[tuple[str, str]], events: Iterable[StoryEvent]) -> None:
        """Tie the documents of each link, and those of each specific event."""
        for a, b in links:
            self._union(a, b)
        for event in events:
            if event.specific:
                for other in event.doc_ids[1:]:
                    self._union(event.doc_ids[0], other)

    def components(self) -> dict[str, list[str]]:
        """Each component's root and its documents, sorted, in the order of their roots."""
        members: dict[str, list[str]] = {}
        for doc_id in sorted(self._parent):
            members.setdefault(self.find(doc_id), []).append(doc_id)
        return members

    def _union(self, a: str, b: str) -> None:
        if a in self._parent and b in self._parent:
            ra, rb = self.find(a), self.find(b)
            if ra != rb:
                self._parent[max(ra, rb)] = min(ra, rb)


def group_stories(docs: Iterable[DocInfo], events: Iterable[StoryEvent],
                  links: Iterable[tuple[str, str]]) -> list[Story]:
    """Stories of the documents, largest first (then by id); every document is in one."""
    docs = {d.doc_id: d for d in docs}
    events = list(events)
    ties = Ties(docs)
    ties.tie(links, events)
    members = ties.components()
    tallies = {root: Tally() for root in members}
    for doc in docs.values():
        tallies[ties.find(doc.doc_id)].add_doc(doc)
    for event in events:
        if event.doc_ids and event.doc_ids[0] in ties:
            tallies[ties.find(event.doc_ids[0])].add_event(event)
    stories = [tallies[root].story(ids) for root, ids in members.items()]
    stories.sort(key=lambda s: (-len(s.doc_ids), -len(s.events), s.story_id))
    return stories


class Tally:
    """What one story's record is made of, gathered one document and one event at a time.

    A story of any size is summed up without holding its events: counts of actors, event
    types and places, the distinct dates, and (with ``keep_ids``, what :func:`group_stories`
    does) the merged event ids.  An event is added to the story of its first document.
    """

    __slots__ = ("actors", "types", "places", "dates", "published", "events", "event_ids", "first", "title")

    def __init__(self, *, keep_ids: bool = True) -> None:
        self.actors: Counter[str] = Counter()
        self.types: Counter[str] = Counter()
        self.places: Counter[str] = Counter()
        self.dates: set[str] = set()  # dated happenings, not background
        self.published: set[str] = set()  # the documents' dates, used when no happening is dated
        self.events = 0
        self.event_ids: list[str] | None = [] if keep_ids else None
        self.first: str | None = None  # the smallest document id added, and its title
        self.title: str | None = None

    def add_doc(self, doc: DocInfo) -> None:
        if doc.published:
            self.published.add(doc.published)
        if self.first is None or doc.doc_id < self.first:
            self.first, self.title = doc.doc_id, doc.title

    def add_event(self, event: StoryEvent) -> None:
        weight = len(event.doc_ids)  # an event many documents report weighs more
        self.actors.update({name: weight for name in set(event.parties) if name})
        self.types[event.event_type] += weight
        if event.place:
            self.places[event.place] += weight
        if event.date and not event.historical and event.date_precision in {"day", "week", "month"}:
            self.dates.add(event.date)
        self.events += 1
        if self.event_ids is not None:
            self.event_ids.append(event.merged_id)

    def story(self, doc_ids: Sequence[str]) -> Story:
        """The story of ``doc_ids`` (every document added, and no other).  Its ``events`` lists
        the merged event ids only with ``keep_ids``; :attr:`events` counts them either way."""
        first = min(doc_ids)
        dates = sorted(self.dates or self.published)
        if dates:  # the story's own weeks, not the background it recalls ("since March 2011")
            latest = _day(dates[-1])
            dates = [d for d in dates if latest is None or (_day(d) or latest) >= latest - RECENT]
        story = Story(
            story_id="s-" + hashlib.sha256(first.encode()).hexdigest()[:12],
            label="", doc_ids=list(doc_ids), events=sorted(self.event_ids or ()),
            actors=_ranked(self.actors), event_types=_ranked(self.types), places=_ranked(self.places),
            first_date=dates[0] if dates else None, last_date=dates[-1] if dates else None,
        )
        story.label = label(story, self.title if self.first == first else None)
        return story


def label(story: Story, title: str | None = None) -> str:
    """A short human label: "Syria, Iran, Russia — ASSAULT, SUPPORT — Tadmur, 2016-03-27"."""
    parts = []
    if story.actors:
        parts.append(", ".join(name for name, _ in story.actors[:LABEL_ACTORS]))
    if story.event_types:
        parts.append(", ".join(t for t, _ in story.event_types[:LABEL_TYPES]))
    where_when = [p for p in (story.places[0][0] if story.places else None, _period(story)) if p]
    if where_when:
        parts.append(", ".join(where_when))
    if not story.actors and title:
        parts.insert(0, title)
    return " — ".join(parts) or (title or "(no events)")


def _period(story: Story) -> str | None:
    if not story.first_date:
        return None
    if story.first_date == story.last_date:
        return story.first_date
    return f"{story.first_date} to {story.last_date}"


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _ranked(counts: Counter[str]) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
