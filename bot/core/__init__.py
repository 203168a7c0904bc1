"""The Discord-free heart of faqbot: knowledge loading and validation, normalization, matching."""

from bot.core.knowledge import (
    KnowledgeError,
    Problem,
    default_knowledge_dir,
    load_knowledge,
    uncovered_paragraphs,
)
from bot.core.matcher import Matcher
from bot.core.models import (
    MAX_PASSAGES,
    Answer,
    Article,
    Candidate,
    Citation,
    Entry,
    Knowledge,
    Passage,
    Source,
    passages,
    shown,
)

__all__ = [
    "MAX_PASSAGES",
    "Answer",
    "Article",
    "Candidate",
    "Citation",
    "Entry",
    "Knowledge",
    "KnowledgeError",
    "Matcher",
    "Passage",
    "Problem",
    "Source",
    "default_knowledge_dir",
    "load_knowledge",
    "passages",
    "shown",
    "uncovered_paragraphs",
]
