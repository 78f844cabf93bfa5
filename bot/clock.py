"""The host's clock as the bot reads it: what time it is, and sleeping until a time.

Discord keeps its own time: a message's id (a snowflake) says when Discord made it. The host's
clock can be minutes fast or slow, so nothing that must match Discord's order (was today's post
already sent?) is decided by comparing the two; see :mod:`bot.posting`. What the host's clock
decides is when the bot acts: each daily post goes out at the group's time *by this clock*.

A test runs the bot with its clock fast or slow by setting :attr:`Clock.offset`; SimCord moves
Discord's time (``env.advance_time``), and the bot's clock follows it at that distance. On a real
host the offset is zero and this is :func:`discord.utils.utcnow`.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import discord


class Clock:
    """The host's clock: UTC now (``offset`` from Discord's, in tests), and sleeping until an instant of it."""

    def __init__(self, offset: timedelta = timedelta(0)) -> None:
        self.offset = offset

    def now(self) -> datetime:
        """Return the host's current time, aware, in UTC."""
        return discord.utils.utcnow() + self.offset

    async def sleep_until(self, when: datetime) -> None:
        """Sleep until the host's clock reads ``when`` (at once if it already has)."""
        await discord.utils.sleep_until(when - self.offset)
