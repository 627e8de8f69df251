"""Cross-document step: documents grouped into stories (the same set of happenings)."""

from khaldun.stories.group import DocInfo, Story, StoryEvent, Tally, Ties, group_stories

__all__ = ["DocInfo", "Story", "StoryEvent", "Tally", "Ties", "group_stories"]
