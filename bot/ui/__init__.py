"""The bot's replies on Discord: one renderer for every cog, the persistent buttons, one apology.

- :mod:`bot.ui.render` turns a :class:`~bot.replies.Reply` into discord.py's arguments and sends
  it (an interaction's answer, an edit, a channel message), never able to ping;
- :mod:`bot.ui.buttons` holds the buttons that outlive a restart, and what pressing each does;
- :mod:`bot.ui.failure` is the one way a member is told something failed.

Not a cog: every cog imports from here, and no cog imports another.
"""

from bot.ui.buttons import DYNAMIC_ITEMS, item_for, view_for
from bot.ui.failure import ReadingView, apologise, tell
from bot.ui.render import NO_MENTIONS, edit, edit_kwargs, embed, message_kwargs, respond, send

__all__ = [
    "DYNAMIC_ITEMS",
    "NO_MENTIONS",
    "ReadingView",
    "apologise",
    "edit",
    "edit_kwargs",
    "embed",
    "item_for",
    "message_kwargs",
    "respond",
    "send",
    "tell",
    "view_for",
]
