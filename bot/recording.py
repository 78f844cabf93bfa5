"""Keep what members asked: a row for the statistics, and the organisers' inbox for what the bot
could not answer.

One function for every place a member's question reaches the engine (a slash command, a mention,
a DM, the offline console), so ``/qa stats``, ``/qa unanswered`` and ``python -m bot unanswered``
count them all alike. ``guild_id`` None is a question asked outside any server: a DM or the console.
"""

from __future__ import annotations

import logging
from datetime import datetime

from bot.core.curation import inbox_folded
from bot.core.matcher import Outcome, Result
from bot.core.text import clean_question
from bot.storage import Storage

log = logging.getLogger(__name__)


def record_asked(
    storage: Storage, result: Result, *, guild_id: int | None, now: datetime, asker_id: int | None = None
) -> None:
    """Record one question and what the member got; keep it for the organisers unless answered.

    The organisers' inbox keeps what no entry answers: declines (with the nearest passage or
    without), did-you-means, passages quoted because no entry fitted, and the part of a two-part
    question that was only offered or not answered. Not greetings and
    thanks, nor a paragraph asked for by number ("explain para 22"), which get what they asked for.
    ``asker_id``: who asked (a member's repeats of one question count once in the inbox); None in
    the console.
    """
    suggested = result.best.entry.id if result.outcome is Outcome.SUGGEST and result.best else None
    entry_id = result.entry.id if result.entry else suggested
    # Statistics are not worth a member's answer: on Discord they are noted off the event loop and
    # dropped if another process keeps the state file locked; in the console written at once.
    storage.note(storage.record_question, guild_id, now, result.outcome.value, entry_id, result.score)
    unanswered = result.outcome in (Outcome.DECLINE, Outcome.SUGGEST) or (
        result.outcome is Outcome.PASSAGE and not result.named
    )
    if unanswered:
        _keep(storage, result.question, result.outcome, suggested, guild_id=guild_id, now=now, asker_id=asker_id)
    elif result.outcome is Outcome.ANSWER:
        # A two-part question answered in part: the part only offered, or not answered at all, is
        # what the organisers can still write an answer for (the answered part is not kept).
        if result.offered_part:
            offered = result.offers[0].entry.id if result.offers else None
            _keep(storage, result.offered_part, Outcome.SUGGEST, offered, guild_id=guild_id, now=now, asker_id=asker_id)
        for part in result.unanswered:
            _keep(storage, part, Outcome.DECLINE, None, guild_id=guild_id, now=now, asker_id=asker_id)


def _keep(
    storage: Storage,
    question: str,
    outcome: Outcome,
    suggested: str | None,
    *,
    guild_id: int | None,
    now: datetime,
    asker_id: int | None,
) -> None:
    """Put ``question`` (a whole message, or the part of one left unanswered) in the organisers' inbox."""
    folded = inbox_folded(question)
    if folded:
        text = clean_question(question)
        storage.note(
            storage.record_unanswered, guild_id, folded, text, now, outcome.value, suggested, asker_id=asker_id
        )
