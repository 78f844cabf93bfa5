"""The buttons under the bot's replies, as persistent items that outlive a restart.

Each is a :class:`discord.ui.DynamicItem` whose ``custom_id`` carries what it needs (the entry's id,
the asker, the page, the suggestion), so nothing is remembered in memory and a button made before
a restart still works after it. The bot registers :data:`DYNAMIC_ITEMS` once, at start.
:func:`view_for` turns a reply's :class:`~bot.replies.Button`\\ s into these items.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import discord

from bot import messages
from bot.checks import is_organiser
from bot.core import limits
from bot.replies import Action, Button, Reply, Surface, context_for, entry_reply, suggestions_reply, topics_reply
from bot.replies import text_reply as note
from bot.ui.failure import ReadingView, apologise
from bot.ui.render import edit, respond

if TYPE_CHECKING:
    from bot.app import ReadingBot

    Interaction = discord.Interaction[ReadingBot]
else:
    Interaction = discord.Interaction

log = logging.getLogger(__name__)

STYLES = {
    Action.RELATED: discord.ButtonStyle.secondary,
    Action.PICK: discord.ButtonStyle.primary,
    Action.PREVIOUS_PAGE: discord.ButtonStyle.secondary,
    Action.NEXT_PAGE: discord.ButtonStyle.secondary,
    Action.APPROVE_PROMPT: discord.ButtonStyle.success,
    Action.REJECT_PROMPT: discord.ButtonStyle.danger,
}


def _ui_button(button: Button, custom_id: str) -> discord.ui.Button[Any]:
    return discord.ui.Button(
        label=button.label, style=STYLES[button.action], custom_id=custom_id, disabled=button.disabled, row=button.row
    )


class _Pressed:
    """What every button does when pressed: its own work, and the apology should that fail."""

    async def callback(self, interaction: Interaction) -> None:
        try:
            await self.press(interaction)
        except Exception as error:  # noqa: BLE001 - one handler turns any failure into the apology
            await apologise(interaction, error)

    async def press(self, interaction: Interaction) -> None:
        raise NotImplementedError


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


class RelatedButton(_Pressed, discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"qa:entry:(?P<id>[a-z0-9-]+)"):
    """A related question under an answer: pressing it shows that answer to the one who pressed."""

    def __init__(self, entry_id: str, item: discord.ui.Button[Any] | None = None) -> None:
        super().__init__(item or discord.ui.Button(custom_id=f"qa:entry:{entry_id}"))
        self.entry_id = entry_id

    @classmethod
    def of(cls, button: Button) -> RelatedButton:
        return cls(button.target, _ui_button(button, f"qa:entry:{button.target}"))

    @classmethod
    async def from_custom_id(cls, interaction: Interaction, item: discord.ui.Button[Any], match: re.Match[str], /):
        return cls(match["id"], item)

    async def press(self, interaction: Interaction) -> None:
        reply = await _answer_or_gone(interaction, self.entry_id)
        if reply is not None:
            # Privately: anyone in the channel may press it, and the answer is for them, not for everyone.
            await respond(interaction, reply, private=True)


class PickButton(
    _Pressed,
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"qa:pick:(?P<id>[a-z0-9-]+):(?P<asker>[0-9]+)",
):
    """A "did you mean" suggestion. The asker's press turns the message into the answer; anyone else's
    press shows the answer to them alone, so a passer-by cannot change someone else's question."""

    def __init__(self, entry_id: str, asker_id: int, item: discord.ui.Button[Any] | None = None) -> None:
        super().__init__(item or discord.ui.Button(custom_id=f"qa:pick:{entry_id}:{asker_id}"))
        self.entry_id = entry_id
        self.asker_id = asker_id

    @classmethod
    def of(cls, button: Button) -> PickButton:
        return cls(button.target, button.asker_id, _ui_button(button, f"qa:pick:{button.target}:{button.asker_id}"))

    @classmethod
    async def from_custom_id(cls, interaction: Interaction, item: discord.ui.Button[Any], match: re.Match[str], /):
        return cls(match["id"], int(match["asker"]), item)

    async def press(self, interaction: Interaction) -> None:
        reply = await _answer_or_gone(interaction, self.entry_id)
        if reply is None:
            return
        if interaction.user.id == self.asker_id:
            # The suggestions give way to the answer (and its related questions), or to the spoiler note.
            await edit(interaction, reply)
        else:
            await respond(interaction, reply, private=True)


class TopicsButton(
    _Pressed,
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"qa:topics:(?P<page>[0-9]{1,4}):(?P<way>prev|next)",
):
    """Previous or Next under ``/topics``: shows that page in place."""

    def __init__(self, page: int, way: str, item: discord.ui.Button[Any] | None = None) -> None:
        super().__init__(item or discord.ui.Button(custom_id=f"qa:topics:{page}:{way}"))
        self.page = page

    @classmethod
    def of(cls, button: Button) -> TopicsButton:
        way = "prev" if button.action is Action.PREVIOUS_PAGE else "next"
        return cls(int(button.target), way, _ui_button(button, f"qa:topics:{button.target}:{way}"))

    @classmethod
    async def from_custom_id(cls, interaction: Interaction, item: discord.ui.Button[Any], match: re.Match[str], /):
        return cls(int(match["page"]), match["way"], item)

    async def press(self, interaction: Interaction) -> None:
        await edit(interaction, topics_reply(interaction.client.library.knowledge, self.page, Surface.SLASH))


class ReviewButton(
    _Pressed,
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"companion:prompt:(?P<id>[0-9]{1,18}):(?P<verdict>approve|reject)",
):
    """Approve or Reject under ``/daily suggestions``: decides one suggestion and shows the queue again."""

    def __init__(self, suggestion_id: int, verdict: str, item: discord.ui.Button[Any] | None = None) -> None:
        super().__init__(item or discord.ui.Button(custom_id=f"companion:prompt:{suggestion_id}:{verdict}"))
        self.suggestion_id = suggestion_id
        self.verdict = verdict

    @classmethod
    def of(cls, button: Button) -> ReviewButton:
        verdict = "approve" if button.action is Action.APPROVE_PROMPT else "reject"
        return cls(int(button.target), verdict, _ui_button(button, f"companion:prompt:{button.target}:{verdict}"))

    @classmethod
    async def from_custom_id(cls, interaction: Interaction, item: discord.ui.Button[Any], match: re.Match[str], /):
        return cls(int(match["id"]), match["verdict"], item)

    async def press(self, interaction: Interaction) -> None:
        if interaction.guild_id is None or not is_organiser(interaction):
            await respond(interaction, note(messages.ORGANISERS_ONLY))
            return
        storage = interaction.client.storage
        approved = self.verdict == "approve"
        decided = storage.decide_suggestion(
            self.suggestion_id,
            interaction.guild_id,
            "approved" if approved else "rejected",
            interaction.user.id,
            discord.utils.utcnow(),
        )
        said = messages.suggestion_decided(decided, approved=approved) if decided else messages.SUGGESTION_GONE
        await edit(interaction, suggestions_reply(storage.pending_suggestions(interaction.guild_id), said))


_ITEMS = {
    Action.RELATED: RelatedButton,
    Action.PICK: PickButton,
    Action.PREVIOUS_PAGE: TopicsButton,
    Action.NEXT_PAGE: TopicsButton,
    Action.APPROVE_PROMPT: ReviewButton,
    Action.REJECT_PROMPT: ReviewButton,
}
DYNAMIC_ITEMS = (RelatedButton, PickButton, TopicsButton, ReviewButton)


def item_for(button: Button) -> discord.ui.DynamicItem[Any] | None:
    """Return the persistent item for ``button``, or None when its state is too long for a custom_id."""
    item = _ITEMS[button.action].of(button)
    if len(item.custom_id) > limits.CUSTOM_ID:
        log.warning("A %s button for %r is too long for Discord's custom_id; not offered", button.action, button.target)
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
