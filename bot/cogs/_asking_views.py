"""The asking feature's Discord pieces: answer embeds and the buttons under them.

Every button is a :class:`discord.ui.DynamicItem` whose ``custom_id`` carries what it needs (the
entry's id, the asker, the page), so buttons keep working after the bot restarts: nothing is
remembered in memory. The cog registers the three classes with ``bot.add_dynamic_items``.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from typing import Any

import discord

from bot import messages
from bot.cogs._companion_views import guild_progress, unix
from bot.core import limits
from bot.core.companion import PostedDay, discussion_days, first_unreached, reading_date
from bot.core.knowledge import Entry, Knowledge, topics

log = logging.getLogger(__name__)

NO_MENTIONS = discord.AllowedMentions.none()
RELATED_LIMIT = 3


def card_embed(card: messages.Card) -> discord.Embed:
    """Turn a card's text into an embed."""
    embed = discord.Embed(title=card.title, description=card.description, colour=discord.Colour.dark_red())
    if card.footer:
        embed.set_footer(text=card.footer)
    return embed


def answer_reply(knowledge: Knowledge, entry: Entry, *, discussion: list[PostedDay] = ()) -> dict[str, Any]:
    """Return the keyword arguments that send ``entry``'s answer: embed, related buttons, no pings.

    ``discussion``: the days already posted whose readings the answer cites, linked under it.
    """
    embed = card_embed(messages.answer_card(knowledge.article, entry))
    if discussion:
        embed.add_field(name=messages.DISCUSSION_LABEL, value=messages.discussion_lines(discussion), inline=False)
    reply: dict[str, Any] = {"embed": embed, "allowed_mentions": NO_MENTIONS}
    related = [knowledge.entry(i) for i in entry.related if knowledge.has_entry(i)][:RELATED_LIMIT]
    buttons = [RelatedButton.make(other) for other in related]
    view = _view(button for button in buttons if button is not None)
    if view is not None:
        reply["view"] = view
    return reply


def entry_reply(
    client: Any, entry: Entry, guild_id: int | None, *, reveal: bool = False, slash: bool = True
) -> tuple[dict[str, Any], bool]:
    """Return the reply giving ``entry``'s answer where it was asked, and whether it is for the asker alone.

    In a guild with a daily schedule the answer links the posted days it draws on; with the spoiler
    guard on, an answer from a reading the group has not reached is held back with the day it comes
    up, unless ``reveal`` (then the answer goes to the asker alone). Direct messages have no group,
    so no guard. ``slash``: asked with /ask (which has ``reveal``), not in a mention.
    """
    knowledge: Knowledge = client.library.knowledge
    article = knowledge.article
    total = len(article.readings)
    try:
        progress = guild_progress(client.storage, guild_id, total) if guild_id else None
        guarded = progress is not None and client.storage.spoilers_on(guild_id)
    except sqlite3.Error:
        # The group's progress is a courtesy; the answer itself is not worth losing over it.
        log.exception("Could not read guild %s's reading progress; answering without it", guild_id)
        progress, guarded = None, False
    if progress is None:
        return answer_reply(knowledge, entry), False
    ahead = first_unreached(article, entry.paragraphs, progress) if guarded else None
    if ahead is not None and not reveal:
        reading, paragraph = ahead
        when = unix(reading_date(progress, reading.day, discord.utils.utcnow(), total))
        note = messages.spoiler_text(reading.day, paragraph, when, slash=slash)
        return {"content": note, "allowed_mentions": NO_MENTIONS}, True
    return answer_reply(
        knowledge, entry, discussion=discussion_days(article, entry.paragraphs, progress)
    ), ahead is not None


def suggestion_view(entries: list[Entry], asker_id: int) -> discord.ui.View | None:
    """Return "did you mean" buttons, one a suggested question."""
    return _view(PickButton.make(entry, asker_id) for entry in entries)


def topics_reply(knowledge: Knowledge, page: int) -> dict[str, Any]:
    """Return the keyword arguments that show one page of ``/topics`` with Previous and Next."""
    pages = messages.topic_pages(topics(knowledge))
    page = max(0, min(page, len(pages) - 1))  # the list may have shrunk since the buttons were made
    reply: dict[str, Any] = {
        "embed": card_embed(messages.topics_card(pages, page)),
        "allowed_mentions": NO_MENTIONS,
    }
    if len(pages) > 1:
        reply["view"] = _view(
            [
                TopicsButton(max(page - 1, 0), "prev", disabled=page == 0),
                TopicsButton(min(page + 1, len(pages) - 1), "next", disabled=page == len(pages) - 1),
            ]
        )
    return reply


def _view(items) -> discord.ui.View | None:
    view = discord.ui.View(timeout=None)
    for item in items:
        view.add_item(item)
    return view if view.children else None


async def send_private(interaction: discord.Interaction, **reply: Any) -> None:
    """Reply to an interaction so only the member sees it (a followup if it was already answered)."""
    reply.setdefault("allowed_mentions", NO_MENTIONS)
    if interaction.response.is_done():
        await interaction.followup.send(ephemeral=True, **reply)
    else:
        await interaction.response.send_message(ephemeral=True, **reply)


async def apologise(interaction: discord.Interaction, error: Exception) -> None:
    """Log an unexpected error behind a button and tell the member briefly."""
    log.error(
        "Error behind a button (%s)", interaction.data.get("custom_id") if interaction.data else "?", exc_info=error
    )
    try:
        await send_private(interaction, content=messages.APOLOGY)
    except discord.HTTPException:
        log.warning("Could not tell the member about an error behind a button", exc_info=True)


async def _reply_for_entry(interaction: discord.Interaction, entry_id: str) -> dict[str, Any] | None:
    """Return the reply showing entry ``entry_id``, or tell the presser it is gone and return None."""
    knowledge = _knowledge(interaction)
    if not knowledge.has_entry(entry_id):  # a reload removed it since the button was made
        await send_private(interaction, content=messages.ENTRY_GONE)
        return None
    reply, _ = entry_reply(interaction.client, knowledge.entry(entry_id), interaction.guild_id)
    return reply


def _knowledge(interaction: discord.Interaction) -> Knowledge:
    # Read at each press: a reload swaps the knowledge, and old buttons must follow it.
    return interaction.client.library.knowledge  # type: ignore[attr-defined]


class RelatedButton(discord.ui.DynamicItem[discord.ui.Button], template=r"qa:entry:(?P<id>[a-z0-9-]+)"):
    """A related question under an answer: pressing it shows that answer to the one who pressed."""

    def __init__(self, entry_id: str, label: str = "Related question") -> None:
        super().__init__(
            discord.ui.Button(label=label, style=discord.ButtonStyle.secondary, custom_id=f"qa:entry:{entry_id}")
        )
        self.entry_id = entry_id

    @classmethod
    def make(cls, entry: Entry) -> RelatedButton | None:
        """Return the button for ``entry``, or ``None`` when its id is too long for a custom_id."""
        if len(f"qa:entry:{entry.id}") > limits.CUSTOM_ID:
            log.warning("Entry id %r is too long for a button; not offered as related", entry.id)
            return None
        return cls(entry.id, messages.button_label(entry.title))

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str], /):
        return cls(match["id"])

    async def callback(self, interaction: discord.Interaction) -> None:
        try:
            reply = await _reply_for_entry(interaction, self.entry_id)
            if reply is not None:
                # Privately: anyone in the channel may press it, and the answer is for them, not for everyone.
                await send_private(interaction, **reply)
        except Exception as error:  # noqa: BLE001 - one handler turns any failure into an apology
            await apologise(interaction, error)


class PickButton(discord.ui.DynamicItem[discord.ui.Button], template=r"qa:pick:(?P<id>[a-z0-9-]+):(?P<asker>[0-9]+)"):
    """A "did you mean" suggestion. The asker's press turns the message into the answer; anyone else's
    press shows the answer to them alone, so a passer-by cannot change someone else's question."""

    def __init__(self, entry_id: str, asker_id: int, label: str = "Suggested question") -> None:
        super().__init__(
            discord.ui.Button(
                label=label, style=discord.ButtonStyle.primary, custom_id=f"qa:pick:{entry_id}:{asker_id}"
            )
        )
        self.entry_id = entry_id
        self.asker_id = asker_id

    @classmethod
    def make(cls, entry: Entry, asker_id: int) -> PickButton | None:
        """Return the button for ``entry``, or ``None`` when its id is too long for a custom_id."""
        if len(f"qa:pick:{entry.id}:{asker_id}") > limits.CUSTOM_ID:
            log.warning("Entry id %r is too long for a button; not offered as a suggestion", entry.id)
            return None
        return cls(entry.id, asker_id, messages.button_label(entry.title))

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str], /):
        return cls(match["id"], int(match["asker"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        try:
            reply = await _reply_for_entry(interaction, self.entry_id)
            if reply is None:
                return
            if interaction.user.id == self.asker_id:
                reply.setdefault("view", None)  # the suggestions give way to the answer's related questions
                reply.setdefault("content", None)
                reply.setdefault("embed", None)  # or the answer gives way to the spoiler guard's note
                await interaction.response.edit_message(**reply)
            else:
                await send_private(interaction, **reply)
        except Exception as error:  # noqa: BLE001 - one handler turns any failure into an apology
            await apologise(interaction, error)


class TopicsButton(
    discord.ui.DynamicItem[discord.ui.Button], template=r"qa:topics:(?P<page>[0-9]{1,4}):(?P<way>prev|next)"
):
    """Previous or Next under ``/topics``: shows that page in place."""

    def __init__(self, page: int, way: str, *, disabled: bool = False) -> None:
        label = messages.PREVIOUS_PAGE if way == "prev" else messages.NEXT_PAGE
        super().__init__(
            discord.ui.Button(
                label=label,
                style=discord.ButtonStyle.secondary,
                custom_id=f"qa:topics:{page}:{way}",
                disabled=disabled,
            )
        )
        self.page = page

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str], /):
        return cls(int(match["page"]), match["way"])

    async def callback(self, interaction: discord.Interaction) -> None:
        try:
            reply = topics_reply(_knowledge(interaction), self.page)
            reply.setdefault("view", None)
            await interaction.response.edit_message(**reply)
        except Exception as error:  # noqa: BLE001 - one handler turns any failure into an apology
            await apologise(interaction, error)


DYNAMIC_ITEMS = (RelatedButton, PickButton, TopicsButton)
