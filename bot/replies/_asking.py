"""The replies to a member's question, and to /topics, /paragraph and /about.

:func:`reply_for` is the one place that decides what a question gets, on every surface: one small
function an outcome of the engine, behind one table. A new outcome is a new function and a new
row. An answer to several parts is a reply with a card a part (answered, offered, or not said);
a did-you-mean carries its options and "None of these"; a passage and a decline's nearest passage
are the paragraph's card under a line saying what it is. Where there are no buttons (the console,
the command line) the same reply says in words what to type instead.
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
from bot.core.companion import Progress, discussion_days, first_unreached, reading_date
from bot.core.curation import inbox_folded, question_key
from bot.core.knowledge import Article, Entry, Knowledge, View, topics
from bot.core.matcher import Answer, Engine, MatchSettings, Outcome, Result
from bot.core.passages import QUOTES_SHOWN, quoted_passages
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


def question_limit(settings: MatchSettings, surface: Surface) -> int:
    """Return the longest question read where it is asked: ``/ask``'s own limit, or a message's.

    A mention or a DM can hold Discord's 2,000 characters, and the console and the command line
    read a question as a message; ``/ask`` keeps its shorter limit.
    """
    return settings.max_question_length if surface is Surface.SLASH else settings.max_message_length


# What each surface's replies point to: only what works there.
_COMMANDS = {
    Surface.SLASH: messages.DISCORD_COMMANDS,
    Surface.MESSAGE: messages.DISCORD_COMMANDS,
    Surface.CONSOLE: messages.CONSOLE_COMMANDS,
    Surface.COMMAND_LINE: messages.COMMAND_LINE_COMMANDS,
}


def reply_for(engine: Engine, result: Result, context: Context) -> Reply:
    """Return what a member gets for the engine's verdict on their question."""
    return _BY_OUTCOME[result.outcome](engine, result, context)


def _answer(engine: Engine, result: Result, context: Context) -> Reply:
    knowledge = engine.knowledge
    answers = result.answers
    if len(answers) == 1 and not result.offers and not result.unanswered:
        return entry_reply(knowledge, answers[0].entry, context)
    # Several parts: a card a part, each under the member's own words, in one message. The parts
    # answered, then the one offered, then any the article doesn't answer: none dropped.
    answered = {answer.entry.id for answer in answers}
    cards: list[Card] = []
    buttons: list[Button] = []
    private = False
    for answer in answers:
        piece = entry_reply(knowledge, answer.entry, context)
        card = piece.cards[0] if piece.cards else Card(description=piece.text)  # or the spoiler guard's note
        # Under the part of the message it answers; a comparison's two answers each answer all of it.
        cards.append(dataclasses.replace(card, author=messages.part_label(answer.part)) if answer.part else card)
        buttons += [b for b in piece.buttons if b.target not in answered and b not in buttons]
        private = private or piece.private
    for part in result.unanswered:
        cards.append(Card(author=messages.part_label(part), description=messages.NOT_SAID))
    if result.offers:
        offered = [match.entry for match in result.offers]
        options = _options(offered, context)
        cards.append(Card(author=messages.part_label(result.offered_part), description="\n".join(options)))
        if context.surface.on_discord:
            picks = [
                Button(
                    Action.PICK_PART,
                    messages.button_label(entry.title),
                    entry.id,
                    asker_id=context.asker_id,
                    card=len(cards) - 1,
                )
                for entry in offered
            ]
            # The options first: they finish the answer; related questions go on from it.
            buttons = picks + [b for b in buttons if b.target not in {e.id for e in offered}]
    # Two answers to the whole message, neither under a part of it: a comparison's.
    text = messages.COMPARED if len(answers) > 1 and not any(answer.part for answer in answers) else ""
    return Reply(text=text, cards=_fitted(knowledge, tuple(cards), answers), buttons=tuple(buttons), private=private)


def _fitted(knowledge: Knowledge, cards: tuple[Card, ...], answers: tuple[Answer, ...]) -> tuple[Card, ...]:
    """Return ``cards`` within what one message may hold (Discord counts every card toward one total).

    First the answers quote fewer passages (a quote is dropped whole, never cut); then, if need
    be, the discussion links go; only answers longer than the shipped knowledge has are cut.
    """
    for quotes in range(QUOTES_SHOWN - 1, -1, -1):
        if _length(cards) <= limits.EMBED_TOTAL:
            return cards
        cards = tuple(
            _requoted(knowledge.article, card, answers[i].entry, quotes) if i < len(answers) else card
            for i, card in enumerate(cards)
        )
    if _length(cards) > limits.EMBED_TOTAL:
        cards = tuple(dataclasses.replace(card, fields=()) for card in cards)
    if _length(cards) > limits.EMBED_TOTAL:
        room = (limits.EMBED_TOTAL - sum(card.length - len(card.description) for card in cards)) // len(cards)
        cards = tuple(dataclasses.replace(card, description=messages.shorten(card.description, room)) for card in cards)
    return cards


def _length(cards: tuple[Card, ...]) -> int:
    return sum(card.length for card in cards)


def _requoted(article: Article, card: Card, entry: Entry, quotes: int) -> Card:
    if entry.view is not None or not card.footer:  # a view's list, or the spoiler guard's note
        return card
    return dataclasses.replace(card, description=answer_card(article, entry, quotes=quotes).description)


def _options(entries: list[Entry], context: Context) -> list[str]:
    """Offer entries in words: on Discord the buttons follow; the console takes a number; the command
    line says how to ask again."""
    if context.surface is Surface.CONSOLE:  # the console remembers them: a number picks one
        lines = [messages.suggestion_line(number, entry) for number, entry in enumerate(entries, start=1)]
        return [messages.SUGGEST_INTRO, *lines, messages.SUGGEST_PICK_HINT]
    if context.surface is Surface.COMMAND_LINE:  # one question and done: say how to ask the one meant
        lines = [messages.suggestion_line(None, entry) for entry in entries]
        return [messages.SUGGEST_INTRO, *lines, messages.suggest_ask_hint(entries[0])]
    return [messages.SUGGEST_INTRO]


def _suggest(engine: Engine, result: Result, context: Context) -> Reply:
    entries = [match.entry for match in result.matches]
    text = "\n".join(_options(entries, context))
    if not context.surface.on_discord:
        return Reply(text=text)
    buttons = [
        Button(Action.PICK, messages.button_label(entry.title), entry.id, asker_id=context.asker_id)
        for entry in entries
    ]
    # "None of these" names the question by its key in the organisers' inbox, where it is kept.
    key = question_key(inbox_folded(result.question))
    buttons.append(Button(Action.NONE_OF_THESE, messages.NONE_OF_THESE, key, asker_id=context.asker_id))
    return Reply(text=text, buttons=tuple(buttons))


def _passage(engine: Engine, result: Result, context: Context) -> Reply:
    article = engine.knowledge.article
    if result.named:  # "explain para 22": the paragraph, and what one can ask about it
        cards = [paragraph_card(article, number) for number in result.paragraphs]
        entries = [match.entry for match in result.matches]
        if entries:
            asked = "\n".join(messages.topic_line(entry) for entry in entries)
            field = Field(messages.PARAGRAPH_QUESTIONS, messages.shorten(asked, limits.FIELD_VALUE))
            cards[-1] = dataclasses.replace(cards[-1], fields=(field,))
        buttons: tuple[Button, ...] = ()
        if context.surface.on_discord:
            buttons = tuple(Button(Action.RELATED, messages.button_label(e.title), e.id) for e in entries)
        return Reply(cards=tuple(cards), buttons=buttons)
    # No entry answers, but a paragraph bears on the question: quoted, and said to be only that.
    number = result.paragraphs[0]
    held = _held_back(article, (number,), context)
    if held is not None:
        return held
    card = _with_discussion(article, paragraph_card(article, number), (number,), context)
    return Reply(text=messages.passage_intro(number), cards=(card,), private=_ahead(article, (number,), context))


def _social(engine: Engine, result: Result, context: Context) -> Reply:
    assert result.social is not None
    article = engine.knowledge.article
    return Reply(text=messages.social_text(result.social, article, _COMMANDS[context.surface]))


def _decline(engine: Engine, result: Result, context: Context) -> Reply:
    commands = _COMMANDS[context.surface]
    article = engine.knowledge.article
    if result.not_said and result.best is not None:
        # Asked what an entry says the article doesn't: that entry's text, which says so and gives what
        # the article does say, under a line saying it is not an answer.
        shown = entry_reply(engine.knowledge, result.best.entry, context)
        if not shown.cards:  # held back by the spoiler guard: its note says when it comes up
            return shown
        background = result.best.entry.background  # its card is labelled "Background, not from the article"
        return dataclasses.replace(
            shown, text=messages.NOT_SAID_LEAD_BACKGROUND if background else messages.NOT_SAID_LEAD
        )
    said = messages.absent_text(result.absent) if result.absent else messages.NOT_SAID
    # The nearest passage, unless the group hasn't reached it: a decline is no way round the guard.
    nearest = [n for n in result.paragraphs if not _ahead(article, (n,), context)][:1]
    if nearest:
        card = paragraph_card(article, nearest[0])
        return Reply(text=f"{said} {messages.nearest_intro(nearest[0])}", cards=(card,))
    if not result.absent and not result.paragraphs:  # off the subject altogether
        return Reply(text=messages.decline_text(commands))
    return Reply(text=f"{said} {messages.decline_more(commands)}")


def _unreadable(engine: Engine, result: Result, context: Context) -> Reply:
    assert result.unreadable is not None
    limit = question_limit(engine.settings, context.surface)
    return Reply(text=messages.unreadable_text(result.unreadable, limit), private=True)


_BY_OUTCOME: dict[Outcome, Callable[[Engine, Result, Context], Reply]] = {
    Outcome.ANSWER: _answer,
    Outcome.SUGGEST: _suggest,
    Outcome.PASSAGE: _passage,
    Outcome.SOCIAL: _social,
    Outcome.DECLINE: _decline,
    Outcome.UNREADABLE: _unreadable,
}


def _ahead(article: Article, paragraphs: tuple[int, ...], context: Context) -> bool:
    """Say whether the spoiler guard is on and ``paragraphs`` come from a reading the group hasn't reached."""
    progress = context.progress
    return bool(progress and context.spoilers and first_unreached(article, paragraphs, progress))


def _held_back(article: Article, paragraphs: tuple[int, ...], context: Context) -> Reply | None:
    """Return the spoiler guard's note for text from a reading the group hasn't reached (None: show it).

    ``reveal`` shows it, to the asker alone (the caller makes that reply private).
    """
    progress = context.progress
    if progress is None or not context.spoilers or context.reveal:
        return None
    ahead = first_unreached(article, paragraphs, progress)
    if ahead is None:
        return None
    reading, paragraph = ahead
    expected = reading_date(progress, reading.day, context.now, len(article.readings)) if context.now else None
    when = int(expected.timestamp()) if expected is not None else None
    note = messages.spoiler_text(reading.day, paragraph, when, slash=context.surface is Surface.SLASH)
    return Reply(text=note, private=True)


def _with_discussion(article: Article, card: Card, paragraphs: tuple[int, ...], context: Context) -> Card:
    """Return ``card`` linking the group's discussion of the posted days ``paragraphs`` come from."""
    discussion = discussion_days(article, paragraphs, context.progress) if context.progress is not None else []
    if not discussion:
        return card
    return dataclasses.replace(card, fields=(Field(messages.DISCUSSION_LABEL, messages.discussion_lines(discussion)),))


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
    held = _held_back(article, entry.paragraphs, context)
    if held is not None:
        return held
    card = _with_discussion(article, answer_card(article, entry), entry.paragraphs, context)
    private = _ahead(article, entry.paragraphs, context)  # revealed: for the asker alone
    return Reply(cards=(card,), buttons=_related(knowledge, entry, context), private=private)


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


def answer_card(article: Article, entry: Entry, *, quotes: int = QUOTES_SHOWN) -> Card:
    """Return an answer as a card: the answer, whole sentences of its first cited paragraphs, the source.

    At most ``quotes`` paragraphs are quoted (:func:`~bot.core.passages.quoted_passages`); the
    source line cites every paragraph by number, so those not quoted are still named.
    """
    description = messages.answer_text(entry)
    shown = [messages.quote(passage) for passage in quoted_passages(article, entry)[:quotes]]
    if shown:
        description += "\n"
    for line in shown:
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
    return Reply(cards=(paragraph_card(article, number),))


def paragraph_card(article: Article, number: int) -> Card:
    """Return one paragraph of the article, whole, with the reading (day and title) it belongs to."""
    reading = article.reading_of(number)
    return Card(
        title=messages.paragraph_title(number, len(article.paragraphs)),
        description=messages.shorten(article.paragraph(number).text, limits.EMBED_DESCRIPTION),
        footer=messages.shorten(messages.paragraph_footer(article, reading), limits.EMBED_FOOTER),
    )


def about_reply(article: Article) -> Reply:
    """Return what ``/about`` says: the article and what the bot can do."""
    return Reply(text=messages.shorten(messages.about_text(article), limits.MESSAGE), private=True)


def just_for_the_asker(reply: Reply, note: str) -> Reply:
    """Return ``reply`` for the asker alone, with ``note`` (why) above it."""
    return dataclasses.replace(reply, text=f"{note}\n\n{reply.text}" if reply.text else note, private=True)


def text_reply(text: str, *, private: bool = True) -> Reply:
    """Return a reply that is only words (a notice, a refusal), private unless told."""
    return Reply(text=text, private=private)
