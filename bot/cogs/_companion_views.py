"""The companion's Discord pieces: a guild's reading progress as the core sees it, and the
organisers' Approve / Reject buttons for the prompts members suggest.

The buttons are :class:`discord.ui.DynamicItem`\\ s whose ``custom_id`` carries the suggestion's
id, so a queue shown before a restart can still be worked through after it.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime
from typing import Any

import discord

from bot import messages
from bot.checks import is_organiser
from bot.core import limits
from bot.core.companion import Progress

log = logging.getLogger(__name__)

NO_MENTIONS = discord.AllowedMentions.none()


def guild_progress(storage, guild_id: int, total: int) -> Progress | None:
    """Return how far a guild's group has read, or None when it has no daily schedule."""
    return storage.progress(guild_id, total)


def unix(moment: datetime | None) -> int | None:
    """Return an instant as Unix seconds for a Discord timestamp."""
    return int(moment.timestamp()) if moment is not None else None


def suggestions_reply(storage, guild_id: int, note: str | None = None) -> dict[str, Any]:
    """Return the organisers' view of the suggested prompts: a numbered list and a button pair each."""
    waiting = storage.pending_suggestions(guild_id)
    if not waiting:
        text = messages.SUGGESTIONS_EMPTY
        return {"content": f"{note}\n\n{text}" if note else text, "view": None, "allowed_mentions": NO_MENTIONS}
    shown = waiting[: messages.SUGGESTIONS_SHOWN]
    text = messages.suggestions_page(shown, len(waiting))
    view = discord.ui.View(timeout=None)
    for number, suggestion in enumerate(shown, start=1):
        view.add_item(ReviewButton(suggestion.id, "approve", number, row=number - 1))
        view.add_item(ReviewButton(suggestion.id, "reject", number, row=number - 1))
    content = messages.shorten(f"{note}\n\n{text}" if note else text, limits.MESSAGE)
    return {"content": content, "view": view, "allowed_mentions": NO_MENTIONS}


class ReviewButton(
    discord.ui.DynamicItem[discord.ui.Button],
    template=r"companion:prompt:(?P<id>[0-9]{1,18}):(?P<verdict>approve|reject)",
):
    """Approve or Reject under ``/daily suggestions``: decides one suggestion and shows the queue again."""

    def __init__(self, suggestion_id: int, verdict: str, number: int = 0, *, row: int | None = None) -> None:
        label = messages.APPROVE if verdict == "approve" else messages.REJECT
        super().__init__(
            discord.ui.Button(
                label=f"{label} {number}" if number else label,
                style=discord.ButtonStyle.success if verdict == "approve" else discord.ButtonStyle.danger,
                custom_id=f"companion:prompt:{suggestion_id}:{verdict}",
                row=row,
            )
        )
        self.suggestion_id = suggestion_id
        self.verdict = verdict

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str], /):
        return cls(int(match["id"]), match["verdict"])

    async def callback(self, interaction: discord.Interaction) -> None:
        try:
            if interaction.guild_id is None or not is_organiser(interaction):
                await interaction.response.send_message(messages.ORGANISERS_ONLY, ephemeral=True)
                return
            storage = interaction.client.storage  # type: ignore[attr-defined]
            approved = self.verdict == "approve"
            decided = storage.decide_suggestion(
                self.suggestion_id,
                interaction.guild_id,
                "approved" if approved else "rejected",
                interaction.user.id,
                discord.utils.utcnow(),
            )
            note = messages.suggestion_decided(decided, approved=approved) if decided else messages.SUGGESTION_GONE
            await interaction.response.edit_message(**suggestions_reply(storage, interaction.guild_id, note))
        except Exception:
            log.exception("Error behind a suggestion button")
            try:
                if interaction.response.is_done():
                    await interaction.followup.send(messages.APOLOGY, ephemeral=True)
                else:
                    await interaction.response.send_message(messages.APOLOGY, ephemeral=True)
            except discord.HTTPException:
                log.warning("Could not tell the organiser about an error behind a button", exc_info=True)


DYNAMIC_ITEMS = (ReviewButton,)
