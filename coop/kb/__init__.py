"""The knowledge base: every record indexed, references resolved, inverses computed."""

from coop.kb.index import KnowledgeBase

__all__ = ["KnowledgeBase"]
