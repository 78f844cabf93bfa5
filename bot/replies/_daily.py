"""The daily post: a day's passage quoted with its numbers, the prompt, questions to ask the bot."""

from __future__ import annotations

from dataclasses import dataclass

from bot import messages
from bot.core import limits
from bot.core.companion import Suggestion, questions_for
from bot.core.knowledge import Article, Knowledge
from bot.core.text import clean_question
from bot.replies._values import Card, Field


@dataclass(frozen=True)
class DailyPost:
    """A day's post as the channel shows it, the name of its discussion thread and the prompt that opens it."""

    card: Card
    thread_name: str
    prompt: str


def daily_post(knowledge: Knowledge, day: int, *, suggested: Suggestion | None = None) -> DailyPost:
    """Return the post of day ``day`` (the day after the last reading: the closing post).

    It ends with two or three questions members can ask about the passage; ``suggested`` is a
    member's approved prompt, used (credited) instead of the reading's own.
    """
    article = knowledge.article
    total = len(article.readings)
    if day > total:
        return _closing(article)
    reading = article.reading(day)
    prompt = reading.prompt
    if suggested is not None:  # cleaned again: it may have been stored before the cleaning improved
        prompt = messages.suggested_prompt(clean_question(suggested.text), suggested.author_id)
    prompt = messages.shorten(prompt, limits.FIELD_VALUE)
    fields = [Field(messages.DAILY_DISCUSSION_LABEL, prompt)]
    questions = [entry.title for entry in questions_for(knowledge, reading)]
    if questions:
        fields.append(Field(messages.DAILY_QUESTIONS_LABEL, messages.questions_text(questions)))
    card = Card(
        title=messages.daily_title(day, total, reading.title),
        description=messages.shorten(messages.daily_quoted(article, reading), limits.EMBED_DESCRIPTION),
        footer=messages.daily_footer(article, reading),
        fields=tuple(fields),
    )
    return DailyPost(card, messages.daily_thread_name(reading), prompt)


def _closing(article: Article) -> DailyPost:
    """Return the closing post: what the group read, and an invitation to think about the whole."""
    card = Card(
        title=messages.DAILY_CLOSING_TITLE,
        description=messages.shorten(messages.daily_closing_summary(article), limits.EMBED_DESCRIPTION),
        footer=messages.DAILY_CLOSING_FOOTER,
        fields=(Field(messages.DAILY_DISCUSSION_LABEL, messages.DAILY_CLOSING_PROMPT),),
    )
    return DailyPost(card, messages.DAILY_CLOSING_THREAD, messages.DAILY_CLOSING_PROMPT)
