"""The reading companion's replies: /quote, /timeline, /catchup and the organisers' queue of prompts."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from bot import messages
from bot.core import limits
from bot.core.companion import PostedDay, Progress, Suggestion, first_line, first_unreached
from bot.core.knowledge import Article, Event, Knowledge, Reading
from bot.core.quotes import Verdict, find_quote
from bot.core.text import clean_question
from bot.replies._values import Action, Button, Card, Reply, Surface

CATCHUP_SHOWN = 10


def quote_reply(knowledge: Knowledge, text: str, surface: Surface) -> Reply:
    """Say where a quotation stands in the article, its closest sentence in bold, or that it isn't there."""
    quotation = clean_question(text)
    match = find_quote(knowledge, quotation)
    if match.verdict is Verdict.TOO_SHORT:
        return Reply(text=messages.QUOTE_TOO_SHORT, private=True)
    article = knowledge.article
    heading = messages.quote_heading(match.verdict.value, match.paragraph, len(article.paragraphs))
    passage = messages.quote_passage(article.paragraph(match.paragraph).text, match.paragraph, match.start, match.end)
    if not surface.on_discord:
        return Reply(text=f"{heading}\n{passage}")
    reading = article.reading_of(match.paragraph)
    card = Card(
        author=messages.quoted_text(quotation),
        description=f"{heading}\n\n{passage}",
        footer=messages.shorten(messages.paragraph_footer(article, reading), limits.EMBED_FOOTER),
    )
    return Reply(cards=(card,))


def timeline_reply(article: Article, progress: Progress | None = None, *, spoilers: bool = False) -> Reply:
    """List the dates the article mentions, leaving out (and counting) those the group hasn't reached."""
    if not article.timeline:
        return Reply(text=messages.TIMELINE_EMPTY, private=True)
    return Reply(cards=(timeline_card(article, progress, spoilers=spoilers),), private=True)


def timeline_card(article: Article, progress: Progress | None = None, *, spoilers: bool = False) -> Card:
    """Return /timeline's card: the dated events, one a line; with ``spoilers``, only those reached."""
    events, hidden = timeline_events(article, progress, spoilers=spoilers)
    lines = messages.timeline_lines(events)
    if hidden:
        lines.append(messages.timeline_hidden(hidden))
    return Card(
        title=messages.TIMELINE_TITLE,
        description=messages.shorten("\n".join(lines), limits.EMBED_DESCRIPTION),
        footer=messages.shorten(messages.timeline_footer(article), limits.EMBED_FOOTER),
    )


def timeline_events(article: Article, progress: Progress | None, *, spoilers: bool) -> tuple[list[Event], int]:
    """Return the dated events to show, and how many the spoiler guard leaves out."""
    events = list(article.timeline)
    if progress is None or not spoilers:
        return events, 0
    shown = [event for event in events if first_unreached(article, event.paragraphs, progress) is None]
    return shown, len(events) - len(shown)


def catchup_reply(
    article: Article, found: Sequence[tuple[Reading, PostedDay | None]], surface: Surface, *, heading: str = ""
) -> Reply:
    """List readings briefly: on Discord under ``heading`` with links to each day's post and thread, at
    most CATCHUP_SHOWN; offline (no posts) every one."""
    if not surface.on_discord:
        return Reply(
            text="\n".join(messages.catchup_line(reading, first_line(article, reading)) for reading, _ in found)
        )
    lines = []
    for reading, post in found[:CATCHUP_SHOWN]:
        line = messages.catchup_line(reading, first_line(article, reading))
        lines.append(f"{line}\n{messages.catchup_links(post)}" if post is not None else line)
    if len(found) > CATCHUP_SHOWN:
        lines.append(messages.catchup_more(len(found) - CATCHUP_SHOWN, found[CATCHUP_SHOWN][0].day))
    card = Card(description=messages.shorten("\n\n".join([heading, *lines]), limits.EMBED_DESCRIPTION))
    return Reply(cards=(card,), private=True)


def suggestions_reply(waiting: Sequence[Suggestion], note: str | None = None) -> Reply:
    """Show the organisers the suggested prompts: a numbered list and Approve / Reject for each."""
    if not waiting:
        text = messages.SUGGESTIONS_EMPTY
        return Reply(text=f"{note}\n\n{text}" if note else text, private=True)
    # Cleaned again as shown: a prompt stored before the cleaning improved is shown as it would be posted.
    shown = [
        dataclasses.replace(suggestion, text=clean_question(suggestion.text))
        for suggestion in waiting[: messages.SUGGESTIONS_SHOWN]
    ]
    text = messages.suggestions_page(shown, len(waiting))
    buttons: list[Button] = []
    for number, suggestion in enumerate(shown, start=1):
        row = number - 1
        buttons.append(Button(Action.APPROVE_PROMPT, f"{messages.APPROVE} {number}", str(suggestion.id), row=row))
        buttons.append(Button(Action.REJECT_PROMPT, f"{messages.REJECT} {number}", str(suggestion.id), row=row))
    content = messages.shorten(f"{note}\n\n{text}" if note else text, limits.MESSAGE)
    return Reply(text=content, buttons=tuple(buttons), private=True)
