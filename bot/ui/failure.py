"""One way to tell a member something failed: a short private note, the details in the log.

Every path ends here: the slash commands' error handler (:mod:`bot.app`), every view's
``on_error`` (:class:`ReadingView`) and every persistent button (:mod:`bot.ui.buttons`).
"""

from __future__ import annotations

import logging
from typing import Any

import discord

from bot import messages
from bot.replies import text_reply
from bot.ui.render import respond

log = logging.getLogger(__name__)


async def tell(interaction: discord.Interaction, text: str) -> None:
    """Tell the member behind ``interaction`` something, privately; never raise."""
    try:
        await respond(interaction, text_reply(text))
    except discord.HTTPException:
        log.warning("Could not tell the member: %s", text, exc_info=True)


async def apologise(interaction: discord.Interaction, error: BaseException) -> None:
    """Log an unexpected error with where it happened, and tell the member briefly."""
    if interaction.command is not None:
        where = f"/{interaction.command.qualified_name}"
    else:
        where = f"the component {(interaction.data or {}).get('custom_id', '?')!r}"
    log.error("Error in %s", where, exc_info=error)
    await tell(interaction, messages.APOLOGY)


class ReadingView(discord.ui.View):
    """A view whose failures reach the member as the apology, like every other failure."""

    async def on_error(self, interaction: discord.Interaction, error: Exception, item: discord.ui.Item[Any], /) -> None:
        await apologise(interaction, error)
