"""The reading companion for members: ``/quote``, ``/timeline``, ``/catchup`` and ``/suggest``.

Thin glue over :mod:`bot.core.quotes` and :mod:`bot.core.companion`, with the replies built by
:mod:`bot.replies`. The organisers' side, the spoiler guard's switch and the queue of suggested
prompts, is ``/daily spoilers`` and ``/daily suggestions``, in the group the daily cog owns; answers
that point into the discussion, and the spoiler guard itself, are made where every answer is
(:func:`bot.replies.entry_reply`). This cog also notes when each member last used the bot in a
guild (commands, buttons, mentions), for ``/catchup`` with no day.
"""

from __future__ import annotations

from datetime import datetime

import discord
from discord import app_commands
from discord.ext import commands

from bot import messages, replies, ui
from bot.app import ReadingBot
from bot.core.companion import catchup
from bot.core.knowledge import PARAGRAPH_COUNT
from bot.core.text import clean_question

QUOTE_LIMIT = 500
PROMPT_MIN, PROMPT_MAX = 15, 600
PENDING_PER_MEMBER = 3


class Companion(commands.Cog):
    """Tie answers to the text and to the group's pace."""

    def __init__(self, bot: ReadingBot) -> None:
        self.bot = bot

    # -- when each member last used the bot --------------------------------------------------
    def _seen(self, guild_id: int | None, user: discord.abc.User, when: datetime) -> None:
        if guild_id is None or user.bot:
            return
        storage = self.bot.storage
        storage.note(storage.record_activity, guild_id, user.id, when)  # off the event loop, never in the way

    @commands.Cog.listener()
    async def on_interaction(self, interaction: discord.Interaction) -> None:
        if interaction.type in (discord.InteractionType.application_command, discord.InteractionType.component):
            self._seen(interaction.guild_id, interaction.user, interaction.created_at)

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        me = self.bot.user
        if message.guild is not None and me is not None and any(user.id == me.id for user in message.mentions):
            self._seen(message.guild.id, message.author, message.created_at)

    # -- /quote and /timeline ------------------------------------------------------------------
    @app_commands.command(name="quote")
    @app_commands.describe(text="A quotation from the article, or what you remember of it")
    async def quote(self, interaction: discord.Interaction, text: app_commands.Range[str, 1, QUOTE_LIMIT]) -> None:
        """Find where a quotation stands in the article, or hear that it doesn't say that."""
        await ui.respond(interaction, replies.quote_reply(self.bot.library.knowledge, text, replies.Surface.SLASH))

    @app_commands.command(name="timeline")
    async def timeline(self, interaction: discord.Interaction) -> None:
        """See the dates the article mentions, in order, each with its paragraph."""
        article = self.bot.library.knowledge.article
        context = replies.context_for(
            self.bot.storage,
            interaction.guild_id,
            len(article.readings),
            replies.Surface.SLASH,
            now=discord.utils.utcnow(),
        )
        await ui.respond(interaction, replies.timeline_reply(article, context.progress, spoilers=context.spoilers))

    # -- /catchup ------------------------------------------------------------------------------
    @app_commands.command(name="catchup")
    @app_commands.guild_only()
    @app_commands.describe(since_day="Start from this day (default: since you last used me)")
    async def catchup_(
        self, interaction: discord.Interaction, since_day: app_commands.Range[int, 1, PARAGRAPH_COUNT] | None = None
    ) -> None:
        """Catch up on the readings you missed, with links to each day's discussion."""
        article = self.bot.library.knowledge.article
        total = len(article.readings)
        guild_id = interaction.guild_id or 0
        progress = self.bot.storage.progress(guild_id, total)
        if since_day is not None and since_day > total:
            reply = replies.text_reply(messages.daily_day_range(total))
        elif progress is None:
            reply = replies.text_reply(messages.DAILY_NOT_SET_UP)
        elif not progress.posted:
            reply = replies.text_reply(messages.CATCHUP_NOTHING_POSTED)
        else:
            since = None
            if since_day is None:
                since = self.bot.storage.seen_before(guild_id, interaction.user.id, interaction.created_at)
            found = catchup(article, progress, since_day=since_day, since=since)
            heading = messages.catchup_heading(
                len(found),
                since_day=since_day,
                since=int(since.timestamp()) if since else None,
                first_time=since is None,
            )
            reply = replies.catchup_reply(article, found, replies.Surface.SLASH, heading=heading)
        await ui.respond(interaction, reply)

    # -- /suggest ------------------------------------------------------------------------------
    @app_commands.command(name="suggest")
    @app_commands.guild_only()
    @app_commands.describe(prompt="A question to open the discussion of that reading", day="The reading it is for")
    async def suggest(
        self, interaction: discord.Interaction, prompt: str, day: app_commands.Range[int, 1, PARAGRAPH_COUNT]
    ) -> None:
        """Suggest a discussion prompt for a day's reading; the organisers approve it."""
        total = len(self.bot.library.knowledge.article.readings)
        guild_id = interaction.guild_id or 0
        # No mentions, links or markup survive into the stored prompt: it will be posted to everyone.
        text = clean_question(prompt)
        problem = None
        if day > total:
            problem = messages.daily_day_range(total)
        elif len(text) < PROMPT_MIN:
            problem = messages.SUGGEST_TOO_SHORT.format(low=PROMPT_MIN)
        elif len(text) > PROMPT_MAX:
            problem = messages.SUGGEST_TOO_LONG.format(high=PROMPT_MAX)
        else:
            waiting = self.bot.storage.pending_suggestions(guild_id, author_id=interaction.user.id)
            if len(waiting) >= PENDING_PER_MEMBER:
                problem = messages.SUGGEST_TOO_MANY.format(count=len(waiting))
        if problem is None:
            self.bot.storage.add_suggestion(guild_id, day, interaction.user.id, text, discord.utils.utcnow())
        await ui.respond(interaction, replies.text_reply(problem or messages.suggest_done(day)))


async def setup(bot: ReadingBot) -> None:
    """Load the companion feature."""
    await bot.add_cog(Companion(bot))
