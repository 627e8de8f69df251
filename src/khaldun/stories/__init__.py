"""Cross-document step: documents grouped into stories (the same set of happenings)."""

from khaldun.stories.group import DocInfo, StoryEvent, Story, group_stories

__all__ = ["DocInfo", "Story", "StoryEvent", "group_stories"]
