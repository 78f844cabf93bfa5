"""The article and the curated Q&A, loaded from ``knowledge/*.yaml`` and validated.

One loader for both files. Every problem is reported as ``file:line: what is wrong`` through
:class:`~bot.errors.KnowledgeError`; a load either returns a whole, valid :class:`Knowledge`
or raises, so callers never hold half of an edit.
"""

from bot.core.knowledge.loader import ARTICLE_FILE, QA_FILE, WORDS_FILE, load_knowledge
from bot.core.knowledge.model import (
    PARAGRAPH_COUNT,
    SOCIAL_KINDS,
    YEAR_PATTERN,
    Article,
    Entry,
    Event,
    General,
    Knowledge,
    Paragraph,
    Reading,
    View,
    Words,
    paragraph_span,
    topics,
)
from bot.core.knowledge.schema import ANSWER_LIMIT, ID_PATTERN, QUESTION_LIMIT

__all__ = [
    "ANSWER_LIMIT",
    "ARTICLE_FILE",
    "ID_PATTERN",
    "PARAGRAPH_COUNT",
    "QA_FILE",
    "QUESTION_LIMIT",
    "SOCIAL_KINDS",
    "WORDS_FILE",
    "YEAR_PATTERN",
    "Article",
    "Entry",
    "Event",
    "General",
    "Knowledge",
    "Paragraph",
    "Reading",
    "View",
    "Words",
    "load_knowledge",
    "paragraph_span",
    "topics",
]
