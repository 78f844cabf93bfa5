"""A reading group on SimCord's simulated Discord, shared by the tests that run the daily reading.

SimCord's clock starts at 2026-01-01 00:00 UTC (midnight in London) and only moves when a test
advances it.
"""

from __future__ import annotations

import types

import discord

from bot import create_bot

HOUR = 3600
DAY = 24 * HOUR


async def restart(env, config) -> None:
    """Stop the bot and start a fresh one on the same state file."""
    old = env.bot
    # The knowledge on disk is the one the old bot served, so its engine serves the new one too.
    # The host's clock is the host's: a fast one is as fast after the restart.
    await env.restart_bot(create_bot(config, engine=old.library.engine, clock=old.clock))
    old.storage.close()


def lose_the_answer(monkeypatch, channel_id: int, fault: str = "500 after sending") -> None:
    """Make the next send to the channel go out, then fail as if Discord's answer was lost.

    SimCord's injected errors fail a request before Discord acts on it; this is the other case,
    a message made whose answer never reached the bot (``fault``: "timeout after sending", or a 500).
    """
    real = discord.TextChannel.send

    async def send(self, *args, **kwargs):
        if self.id != channel_id:
            return await real(self, *args, **kwargs)
        monkeypatch.setattr(discord.TextChannel, "send", real)
        await real(self, *args, **kwargs)
        if fault == "timeout after sending":
            raise TimeoutError
        raise discord.DiscordServerError(types.SimpleNamespace(status=500, reason="Internal Server Error"), "lost")

    monkeypatch.setattr(discord.TextChannel, "send", send)


class World:
    """One guild with a reading channel, a "Readers" role, an organiser and two members."""

    def __init__(self, env, config) -> None:
        self.env = env
        self.config = config
        self.guild = env.create_guild("Reading group")
        self.general = self.guild.create_text_channel("general")
        self.channel = self.guild.create_text_channel("daily-reading")
        mods = self.guild.create_role("Mods", permissions=discord.Permissions(manage_guild=True))
        self.readers = self.guild.create_role("Readers")
        self.admin = self.guild.add_member(env.create_user("ada"), roles=[mods])
        self.member = self.guild.add_member(env.create_user("ben"))
        self.other = self.guild.add_member(env.create_user("cy"))

    async def setup(self, **options):
        """Run ``/daily setup`` as the organiser: 18:00 London in the reading channel unless told."""
        options = {"channel": self.channel, "time": "18:00", "timezone": "Europe/London", **options}
        return await self.admin.slash(self.general, "daily setup", **options)

    async def start(self, days: int = 1) -> None:
        """Set up the daily reading and let ``days`` posts go out."""
        await self.setup()
        await self.env.advance_time(18 * HOUR + (days - 1) * DAY)

    def posts(self, channel=None) -> list[discord.Message]:
        """The bot's posts in the reading channel (not the thread notices), oldest first."""
        bot_id = self.env.bot.user.id
        return [m for m in (channel or self.channel).history() if m.author.id == bot_id and m.embeds]

    def titles(self, channel=None) -> list[str]:
        return [m.embeds[0].title for m in self.posts(channel)]

    def thread_of(self, message: discord.Message):
        return next(t for t in self.channel.threads if t.id == message.id)

    async def restart(self) -> None:
        """Stop the bot and start a fresh one on the same state file."""
        await restart(self.env, self.config)

    @property
    def cog(self):
        return self.env.bot.get_cog("Daily")
