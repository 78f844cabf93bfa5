"""The replies to a member's question, and to /topics, /paragraph and /about.

:func:`reply_for` is the one place that decides what a question gets: one small function an
outcome of the engine, behind one table. A new outcome is a new function and a new row; an answer
drawing on several entries is a reply with several cards; a did-you-mean may carry more buttons.
"""

from __future__ import annotations

import dataclasses
import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from bot import messages
from bot.core import limits
from bot.core import replies as plain
from bot.core.companion import Progress, discussion_days, first_unreached, reading_date
from bot.core.knowledge import Article, Entry, Knowledge, View, topics
from bot.core.matcher import Engine, Outcome, Result
from bot.core.passages import quoted_passages
from bot.replies._companion import timeline_card, timeline_events
from bot.replies._values import Action, Button, Card, Field, Reply, Surface

if TYPE_CHECKING:
    from bot.storage import Storage

log = logging.getLogger(__name__)

RELATED_SHOWN = 3
TOPICS_MIN_START = 3  # a /topics group starts a page rather than put fewer questions than this at a page's foot


@dataclass(frozen=True)
class Context:
    """Who asked, where, and how far their group has read: what a reply is built for."""

    surface: Surface
    asker_id: int = 0
    progress: Progress | None = None  # the guild's reading progress; None in DMs, offline, or with no schedule
    spoilers: bool = False  # the guild holds back answers from readings it has not reached
    reveal: bool = False  # /ask ... reveal:True: show such an answer now, to the asker alone
    now: datetime | None = None  # when asked, for the date a held-back answer comes up


def context_for(
    storage: Storage,
    guild_id: int | None,
    total: int,
    surface: Surface,
    *,
    now: datetime,
    asker_id: int = 0,
    reveal: bool = False,
) -> Context:
    """Return the context of a question asked in a guild (or a DM, when ``guild_id`` is None)."""
    progress, spoilers = None, False
    if guild_id:
        try:
            progress = storage.progress(guild_id, total)
            spoilers = progress is not None and storage.spoilers_on(guild_id)
        except sqlite3.Error:
            # The group's progress is a courtesy; the answer itself is not worth losing over it.
            log.exception("Could not read guild %s's reading progress; answering without it", guild_id)
            progress, spoilers = None, False
    return Context(surface, asker_id, progress, spoilers, reveal, now)


def reply_for(engine: Engine, result: Result, context: Context) -> Reply:
    """Return what a member gets for the engine's verdict on their question."""
    return _BY_OUTCOME[result.outcome](engine, result, context)


def _answer(engine: Engine, result: Result, context: Context) -> Reply:
    assert result.entry is not None
    return entry_reply(engine.knowledge, result.entry, context)


def _suggest(engine: Engine, result: Result, context: Context) -> Reply:
    entries = [match.entry for match in result.matches]
    if context.surface is Surface.CONSOLE:  # the console remembers them: a number picks one
        lines = [messages.suggestion_line(number, entry) for number, entry in enumerate(entries, start=1)]
        return Reply(text="\n".join([messages.SUGGEST_INTRO, *lines, messages.SUGGEST_PICK_HINT]))
    if context.surface is Surface.COMMAND_LINE:  # one question and done: say how to ask the one meant
        lines = [messages.suggestion_line(None, entry) for entry in entries]
        return Reply(text="\n".join([messages.SUGGEST_INTRO, *lines, messages.suggest_ask_hint(entries[0])]))
    buttons = tuple(
        Button(Action.PICK, messages.button_label(entry.title), entry.id, asker_id=context.asker_id)
        for entry in entries
    )
    return Reply(text=messages.SUGGEST_INTRO, buttons=buttons)


# Each surface's decline names what works there: /topics on Discord, `topics` in the console,
# `python -m bot topics` on the command line.
_DECLINE = {
    Surface.SLASH: messages.DECLINE,
    Surface.MESSAGE: messages.DECLINE,
    Surface.CONSOLE: messages.DECLINE_CONSOLE,
    Surface.COMMAND_LINE: messages.DECLINE_COMMAND_LINE,
}


def _decline(engine: Engine, result: Result, context: Context) -> Reply:
    return Reply(text=_DECLINE[context.surface])


def _unreadable(engine: Engine, result: Result, context: Context) -> Reply:
    assert result.unreadable is not None
    return Reply(text=messages.unreadable_text(result.unreadable, engine.settings.max_question_length), private=True)


def _said_plainly(engine: Engine, result: Result, context: Context) -> Reply:
    # Interim, until these outcomes get their cards and buttons: the engine's plain-text rendering.
    return Reply(text=plain.reply_text(engine.knowledge, result, limit=engine.settings.max_message_length))


_BY_OUTCOME: dict[Outcome, Callable[[Engine, Result, Context], Reply]] = {
    Outcome.PASSAGE: _said_plainly,
    Outcome.SOCIAL: _said_plainly,
    Outcome.ANSWER: _answer,
    Outcome.SUGGEST: _suggest,
    Outcome.DECLINE: _decline,
    Outcome.UNREADABLE: _unreadable,
}


def entry_reply(knowledge: Knowledge, entry: Entry, context: Context) -> Reply:
    """Return ``entry``'s answer as the context allows: linked to the group's discussion, or held back.

    In a guild with a daily schedule the answer links the posted days it draws on; with the spoiler
    guard on, an answer from a reading the group has not reached is held back with the day it comes
    up, unless ``reveal`` (then it goes to the asker alone). Direct messages and the console have
    no group, so no guard. An entry with a ``view`` is answered with that view instead.
    """
    if entry.view is View.TIMELINE and knowledge.article.timeline:
        return _timeline_answer(knowledge, entry, context)
    article = knowledge.article
    progress = context.progress
    ahead = first_unreached(article, entry.paragraphs, progress) if progress and context.spoilers else None
    if progress is not None and ahead is not None and not context.reveal:
        reading, paragraph = ahead
        expected = reading_date(progress, reading.day, context.now, len(article.readings)) if context.now else None
        when = int(expected.timestamp()) if expected is not None else None
        note = messages.spoiler_text(reading.day, paragraph, when, slash=context.surface is Surface.SLASH)
        return Reply(text=note, private=True)
    discussion = discussion_days(article, entry.paragraphs, progress) if progress is not None else []
    card = answer_card(article, entry)
    if discussion:
        field = Field(messages.DISCUSSION_LABEL, messages.discussion_lines(discussion))
        card = Card(card.title, card.description, card.footer, fields=(field,))
    return Reply(cards=(card,), buttons=_related(knowledge, entry, context), private=ahead is not None)


def _timeline_answer(knowledge: Knowledge, entry: Entry, context: Context) -> Reply:
    """Answer with /timeline's dates, one a line, rather than the entry's text and its quotes.

    The spoiler guard leaves out the dates from readings the group hasn't reached and says how
    many, as /timeline does; ``reveal`` shows them all, to the asker alone.
    """
    article = knowledge.article
    progress = context.progress if context.spoilers else None
    _, hidden = timeline_events(article, progress, spoilers=context.spoilers)
    revealed = bool(hidden) and context.reveal
    card = timeline_card(article, None if revealed else progress, spoilers=context.spoilers and not revealed)
    return Reply(cards=(card,), buttons=_related(knowledge, entry, context), private=revealed)


def _related(knowledge: Knowledge, entry: Entry, context: Context) -> tuple[Button, ...]:
    if not context.surface.on_discord:
        return ()
    related = [knowledge.entry(i) for i in entry.related if knowledge.has_entry(i)][:RELATED_SHOWN]
    return tuple(Button(Action.RELATED, messages.button_label(other.title), other.id) for other in related)


def answer_card(article: Article, entry: Entry) -> Card:
    """Return an answer as a card: the answer, whole sentences of its first cited paragraphs, the source.

    At most three paragraphs are quoted (:func:`~bot.core.passages.quoted_passages`); the source
    line cites every paragraph by number, so those not quoted are still named.
    """
    description = messages.answer_text(entry)
    quotes = [messages.quote(passage) for passage in quoted_passages(article, entry)]
    if quotes:
        description += "\n"
    for line in quotes:
        # Never reached with the loader's limit on answers; a quote is dropped whole, never cut.
        if len(description) + len(line) + 3 > limits.EMBED_DESCRIPTION:
            break
        description += f"\n> {line}"
    return Card(
        title=messages.shorten(entry.title, limits.EMBED_TITLE),
        description=messages.shorten(description, limits.EMBED_DESCRIPTION),
        footer=messages.shorten(messages.source_line(article, entry), limits.EMBED_FOOTER),
    )


def topic_pages(knowledge: Knowledge, per_page: int = messages.TOPICS_PER_PAGE) -> list[str]:
    """Split the questions the bot can answer into pages of at most ``per_page``, under their headings.

    A group longer than a page (Day 1's) runs on over the next, its heading repeated "(continued)".
    A group that would start at the foot of a page with fewer than TOPICS_MIN_START of its
    questions there starts on the next page instead, so no heading is left with one line under it.
    """
    pages: list[list[str]] = []
    lines: list[str] = []
    count = 0
    for heading, entries in topics(knowledge):
        room = per_page - count
        if lines and room < min(len(entries), TOPICS_MIN_START):
            pages.append(lines)
            lines, count = [], 0
        for index, entry in enumerate(entries):
            if count == per_page:
                pages.append(lines)
                lines, count = [], 0
            if index == 0 or not lines:
                if lines:
                    lines.append("")
                lines.append(f"**{messages.topic_heading(heading, continued=index > 0)}**")
            lines.append(messages.topic_line(entry))
            count += 1
    if lines:
        pages.append(lines)
    return [messages.shorten("\n".join(page), limits.EMBED_DESCRIPTION) for page in pages] or [messages.TOPICS_NONE]


def topics_reply(knowledge: Knowledge, page: int, surface: Surface) -> Reply:
    """Return one page of ``/topics`` with Previous and Next (the console: every group, in one list)."""
    if not surface.on_discord:  # a terminal scrolls: every group at once, none split
        return Reply(text=topic_pages(knowledge, per_page=max(len(knowledge.entries), 1))[0])
    pages = topic_pages(knowledge)
    page = max(0, min(page, len(pages) - 1))  # the list may have shrunk since the buttons were made
    card = Card(messages.TOPICS_TITLE, pages[page], messages.topics_footer(page, len(pages)))
    buttons: tuple[Button, ...] = ()
    if len(pages) > 1:
        last = len(pages) - 1
        buttons = (
            Button(Action.PREVIOUS_PAGE, messages.PREVIOUS, str(max(page - 1, 0)), disabled=page == 0),
            Button(Action.NEXT_PAGE, messages.NEXT, str(min(page + 1, last)), disabled=page == last),
        )
    return Reply(cards=(card,), buttons=buttons, private=True)


def paragraph_reply(article: Article, number: int) -> Reply:
    """Return one paragraph of the article, with the day the group reads it."""
    reading = article.reading_of(number)
    card = Card(
        title=messages.paragraph_title(number, len(article.paragraphs)),
        description=messages.shorten(article.paragraph(number).text, limits.EMBED_DESCRIPTION),
        footer=messages.shorten(messages.paragraph_footer(article, reading), limits.EMBED_FOOTER),
    )
    return Reply(cards=(card,))


def about_reply(article: Article) -> Reply:
    """Return what ``/about`` says: the article and what the bot can do."""
    return Reply(text=messages.shorten(messages.about_text(article), limits.MESSAGE), private=True)


def just_for_the_asker(reply: Reply, note: str) -> Reply:
    """Return ``reply`` for the asker alone, with ``note`` (why) above it."""
    return dataclasses.replace(reply, text=f"{note}\n\n{reply.text}" if reply.text else note, private=True)


def text_reply(text: str, *, private: bool = True) -> Reply:
    """Return a reply that is only words (a notice, a refusal), private unless told."""
    return Reply(text=text, private=private)
