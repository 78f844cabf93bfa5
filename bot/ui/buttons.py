"""The buttons under the bot's replies, as persistent items that outlive a restart.

Each is a :class:`discord.ui.DynamicItem` whose ``custom_id`` carries what it needs (the entry's id,
the asker, the page, the suggestion), so nothing is remembered in memory and a button made before
a restart still works after it. The bot registers :data:`DYNAMIC_ITEMS` once, at start.
:func:`view_for` turns a reply's :class:`~bot.replies.Button`\\ s into these items.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import discord

from bot import messages
from bot.checks import is_organiser
from bot.core import limits
from bot.core.followup import conversation_key
from bot.replies import (
    Action,
    Button,
    Reply,
    Surface,
    context_for,
    entry_reply,
    just_for_the_asker,
    suggestions_reply,
    topics_reply,
)
from bot.replies import text_reply as note
from bot.ui.failure import ReadingView, apologise
from bot.ui.render import NO_MENTIONS, edit, embed, respond

if TYPE_CHECKING:
    from bot.app import ReadingBot

    Interaction = discord.Interaction[ReadingBot]
else:
    Interaction = discord.Interaction

log = logging.getLogger(__name__)

STYLES = {
    Action.RELATED: discord.ButtonStyle.secondary,
    Action.PICK: discord.ButtonStyle.primary,
    Action.PICK_PART: discord.ButtonStyle.primary,
    Action.NONE_OF_THESE: discord.ButtonStyle.secondary,
    Action.PREVIOUS_PAGE: discord.ButtonStyle.secondary,
    Action.NEXT_PAGE: discord.ButtonStyle.secondary,
    Action.APPROVE_PROMPT: discord.ButtonStyle.success,
    Action.REJECT_PROMPT: discord.ButtonStyle.danger,
}


class _Persistent:
    """What every button here shares: it is made from a reply's Button, rebuilt from its custom_id
    after a restart, and turns any failure when pressed into the apology.

    Each class gives ``PATTERN`` (its custom_id, with the state in named groups, also its
    DynamicItem template) and ``custom_id_for(button)``; its constructor takes the groups, as text.
    """

    PATTERN: re.Pattern[str]

    @classmethod
    def custom_id_for(cls, button: Button) -> str:
        raise NotImplementedError

    @classmethod
    def of(cls, button: Button) -> Any:
        """Return the item showing ``button``; its state is read back from its custom_id."""
        custom_id = cls.custom_id_for(button)
        item = discord.ui.Button(
            label=button.label,
            style=STYLES[button.action],
            custom_id=custom_id,
            disabled=button.disabled,
            row=button.row,
        )
        match = cls.PATTERN.fullmatch(custom_id)
        return cls(item, **match.groupdict()) if match else None

    @classmethod
    async def from_custom_id(cls, interaction: Interaction, item: discord.ui.Button[Any], match: re.Match[str], /):
        return cls(item, **match.groupdict())

    async def callback(self, interaction: Interaction) -> None:
        try:
            await self.press(interaction)
        except Exception as error:  # noqa: BLE001 - one handler turns any failure into the apology
            await apologise(interaction, error)

    async def press(self, interaction: Interaction) -> None:
        raise NotImplementedError


def _chosen(interaction: Interaction, entry_id: str) -> None:
    """Make the asker's pick their context, as an answer to their question would be ("and why?")."""
    key = conversation_key(interaction.guild_id, interaction.channel_id, interaction.user.id)
    interaction.client.conversations.choose(key, entry_id, time.monotonic())


async def _answer_or_gone(interaction: Interaction, entry_id: str) -> Reply | None:
    """Return the reply showing entry ``entry_id``, or tell the presser it is gone and return None."""
    bot = interaction.client
    # Read at each press: a reload swaps the knowledge, and old buttons must follow it.
    knowledge = bot.library.knowledge
    if not knowledge.has_entry(entry_id):  # a reload removed it since the button was made
        await respond(interaction, note(messages.ENTRY_GONE))
        return None
    context = context_for(
        bot.storage,
        interaction.guild_id,
        len(knowledge.article.readings),
        Surface.SLASH,
        now=discord.utils.utcnow(),
    )
    return entry_reply(knowledge, knowledge.entry(entry_id), context)


_RELATED = re.compile(r"qa:entry:(?P<entry_id>[a-z0-9-]+)")
_PICK = re.compile(r"qa:pick:(?P<entry_id>[a-z0-9-]+):(?P<asker_id>[0-9]+)")
_PART = re.compile(r"qa:part:(?P<entry_id>[a-z0-9-]+):(?P<asker_id>[0-9]+):(?P<card>[0-9])")
_NONE = re.compile(r"qa:none:(?P<key>[0-9a-f]{16}):(?P<asker_id>[0-9]+)")
_TOPICS = re.compile(r"qa:topics:(?P<page>[0-9]{1,4}):(?P<way>prev|next)")
_REVIEW = re.compile(r"companion:prompt:(?P<suggestion_id>[0-9]{1,18}):(?P<verdict>approve|reject)")


class RelatedButton(_Persistent, discord.ui.DynamicItem[discord.ui.Button[Any]], template=_RELATED):
    """A related question under an answer: pressing it shows that answer to the one who pressed."""

    PATTERN = _RELATED

    def __init__(self, item: discord.ui.Button[Any], entry_id: str) -> None:
        super().__init__(item)
        self.entry_id = entry_id

    @classmethod
    def custom_id_for(cls, button: Button) -> str:
        return f"qa:entry:{button.target}"

    async def press(self, interaction: Interaction) -> None:
        reply = await _answer_or_gone(interaction, self.entry_id)
        if reply is not None:
            # Privately: anyone in the channel may press it, and the answer is for them, not for everyone.
            await respond(interaction, reply, private=True)


async def _to_a_passer_by(interaction: Interaction, reply: Reply) -> None:
    """Show an answer offered to someone else's question to whoever pressed it, alone, saying why:
    the asker's message is the asker's to change."""
    await respond(interaction, just_for_the_asker(reply, messages.NOT_YOUR_QUESTION))


class PickButton(_Persistent, discord.ui.DynamicItem[discord.ui.Button[Any]], template=_PICK):
    """A "did you mean" suggestion. The asker's press turns the message into the answer; anyone else's
    press shows the answer to them alone, so a passer-by cannot change someone else's question."""

    PATTERN = _PICK

    def __init__(self, item: discord.ui.Button[Any], entry_id: str, asker_id: str) -> None:
        super().__init__(item)
        self.entry_id = entry_id
        self.asker_id = int(asker_id)

    @classmethod
    def custom_id_for(cls, button: Button) -> str:
        return f"qa:pick:{button.target}:{button.asker_id}"

    async def press(self, interaction: Interaction) -> None:
        reply = await _answer_or_gone(interaction, self.entry_id)
        if reply is None:
            return
        if interaction.user.id == self.asker_id:
            # The suggestions give way to the answer (and its related questions), or to the spoiler note.
            await edit(interaction, reply)
            _chosen(interaction, self.entry_id)
        else:
            await _to_a_passer_by(interaction, reply)


class PartButton(_Persistent, discord.ui.DynamicItem[discord.ui.Button[Any]], template=_PART):
    """An option for the unsure part of a two-part answer. The asker's press puts that answer in place
    of the card offering it, so the message answers both parts; anyone else's shows it to them alone."""

    PATTERN = _PART

    def __init__(self, item: discord.ui.Button[Any], entry_id: str, asker_id: str, card: str) -> None:
        super().__init__(item)
        self.entry_id = entry_id
        self.asker_id = int(asker_id)
        self.card = int(card)

    @classmethod
    def custom_id_for(cls, button: Button) -> str:
        return f"qa:part:{button.target}:{button.asker_id}:{button.card}"

    async def press(self, interaction: Interaction) -> None:
        reply = await _answer_or_gone(interaction, self.entry_id)
        if reply is None:
            return
        message = interaction.message
        shown = message.embeds if message is not None else []
        if interaction.user.id != self.asker_id:
            await _to_a_passer_by(interaction, reply)
            return
        # A held-back answer (the spoiler guard's note), or a message no longer as it was made,
        # goes to the asker alone.
        if reply.private or not reply.cards or self.card >= len(shown):
            await respond(interaction, reply, private=True)
            return
        answered = embed(reply.cards[0])
        if shown[self.card].author.name:  # the member's words for the part it answers
            answered.set_author(name=shown[self.card].author.name)
        embeds = [answered if i == self.card else old for i, old in enumerate(shown)]
        await interaction.response.edit_message(
            embeds=embeds, view=_without_options(message, self.card), allowed_mentions=NO_MENTIONS
        )
        _chosen(interaction, self.entry_id)


def _without_options(message: discord.Message, card: int) -> ReadingView | None:
    """Return the buttons under ``message`` less the options that filled in card ``card``: each rebuilt
    as the persistent item it was, from its custom_id."""
    view = ReadingView(timeout=None)
    for row in message.components:
        for component in getattr(row, "children", ()):
            custom_id = getattr(component, "custom_id", None) or ""
            part = _PART.fullmatch(custom_id)
            if part is not None and int(part["card"]) == card:
                continue
            for kind in DYNAMIC_ITEMS:
                found = kind.PATTERN.fullmatch(custom_id)
                if found is not None:
                    item = discord.ui.Button(
                        label=component.label, style=component.style, custom_id=custom_id, disabled=component.disabled
                    )
                    view.add_item(kind(item, **found.groupdict()))
                    break
    return view if view.children else None


class NoneButton(_Persistent, discord.ui.DynamicItem[discord.ui.Button[Any]], template=_NONE):
    """The "None of these" under a did-you-mean. The asker's press tells the organisers (their inbox
    marks the question) and thanks the member in place of the suggestions; only the asker's press counts."""

    PATTERN = _NONE

    def __init__(self, item: discord.ui.Button[Any], key: str, asker_id: str) -> None:
        super().__init__(item)
        self.key = key
        self.asker_id = int(asker_id)

    @classmethod
    def custom_id_for(cls, button: Button) -> str:
        return f"qa:none:{button.target}:{button.asker_id}"

    async def press(self, interaction: Interaction) -> None:
        if interaction.user.id != self.asker_id:
            await respond(interaction, note(messages.NONE_OF_THESE_NOT_YOURS))
            return
        storage = interaction.client.storage
        # Kept with the question already in the inbox (a did-you-mean is kept when asked), off the loop.
        storage.note(storage.mark_none_fit, interaction.guild_id, self.key)
        await edit(interaction, note(messages.NONE_OF_THESE_THANKS, private=False))


class TopicsButton(_Persistent, discord.ui.DynamicItem[discord.ui.Button[Any]], template=_TOPICS):
    """Previous or Next under ``/topics``: shows that page in place."""

    PATTERN = _TOPICS

    def __init__(self, item: discord.ui.Button[Any], page: str, way: str) -> None:
        super().__init__(item)
        self.page = int(page)

    @classmethod
    def custom_id_for(cls, button: Button) -> str:
        # The way keeps Previous and Next apart when both lead to the same page.
        way = "prev" if button.action is Action.PREVIOUS_PAGE else "next"
        return f"qa:topics:{button.target}:{way}"

    async def press(self, interaction: Interaction) -> None:
        await edit(interaction, topics_reply(interaction.client.library.knowledge, self.page, Surface.SLASH))


class ReviewButton(_Persistent, discord.ui.DynamicItem[discord.ui.Button[Any]], template=_REVIEW):
    """Approve or Reject under ``/daily suggestions``: decides one suggestion and shows the queue again."""

    PATTERN = _REVIEW

    def __init__(self, item: discord.ui.Button[Any], suggestion_id: str, verdict: str) -> None:
        super().__init__(item)
        self.suggestion_id = int(suggestion_id)
        self.approved = verdict == "approve"

    @classmethod
    def custom_id_for(cls, button: Button) -> str:
        verdict = "approve" if button.action is Action.APPROVE_PROMPT else "reject"
        return f"companion:prompt:{button.target}:{verdict}"

    async def press(self, interaction: Interaction) -> None:
        if interaction.guild_id is None or not is_organiser(interaction):
            await respond(interaction, note(messages.ORGANISERS_ONLY))
            return
        storage = interaction.client.storage
        decided = storage.decide_suggestion(
            self.suggestion_id,
            interaction.guild_id,
            "approved" if self.approved else "rejected",
            interaction.user.id,
            discord.utils.utcnow(),
        )
        said = messages.suggestion_decided(decided, approved=self.approved) if decided else messages.SUGGESTION_GONE
        await edit(interaction, suggestions_reply(storage.pending_suggestions(interaction.guild_id), said))


_ITEMS = {
    Action.RELATED: RelatedButton,
    Action.PICK: PickButton,
    Action.PICK_PART: PartButton,
    Action.NONE_OF_THESE: NoneButton,
    Action.PREVIOUS_PAGE: TopicsButton,
    Action.NEXT_PAGE: TopicsButton,
    Action.APPROVE_PROMPT: ReviewButton,
    Action.REJECT_PROMPT: ReviewButton,
}
DYNAMIC_ITEMS = (RelatedButton, PickButton, PartButton, NoneButton, TopicsButton, ReviewButton)


def item_for(button: Button) -> discord.ui.DynamicItem[Any] | None:
    """Return the persistent item for ``button``, or None when its state does not fit a custom_id."""
    kind = _ITEMS[button.action]
    item = kind.of(button)
    if item is None or len(item.custom_id) > limits.CUSTOM_ID:
        log.warning("A %s button for %r does not fit Discord's custom_id; not offered", button.action, button.target)
        return None
    return item


def view_for(buttons: Iterable[Button]) -> ReadingView | None:
    """Return the view holding ``buttons``, or None when there are none to show."""
    view = ReadingView(timeout=None)
    for button in buttons:
        item = item_for(button)
        if item is not None:
            view.add_item(item)
    return view if view.children else None
