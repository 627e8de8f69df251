"""Actor stage: mentions in a document resolved to canonical actors."""

from khaldun.actors.build import build_actors
from khaldun.actors.mentions import ActorMention, DocMentions, MentionFinder

__all__ = ["ActorMention", "DocMentions", "MentionFinder", "build_actors"]
