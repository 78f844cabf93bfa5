"""The reading companion for members: ``/quote``, ``/timeline``, ``/catchup`` and ``/suggest``.

Thin glue over :mod:`bot.core.quotes` and :mod:`bot.core.companion`. The organisers' side, the
spoiler guard's switch and the queue of suggested prompts, is ``/daily spoilers`` and ``/daily
suggestions``, in the group the daily cog owns.

Answers pointing into the discussion and the spoiler guard itself live where answers are made
(:func:`bot.cogs._asking_views.entry_reply`). This cog also notes when each member last used the
bot in a guild (commands, buttons, mentions), for ``/catchup`` with no day.
"""

from __future__ import annotations

import logging
import sqlite3

import discord
from discord import app_commands
from discord.ext import commands

from bot import messages
from bot.cogs._companion_views import DYNAMIC_ITEMS, NO_MENTIONS, guild_progress, unix
from bot.core import limits
from bot.core.companion import catchup, first_line, first_unreached
from bot.core.knowledge import PARAGRAPH_COUNT, Knowledge
from bot.core.quotes import Verdict, find_quote
from bot.core.text import clean_question

log = logging.getLogger(__name__)

COLOUR = discord.Colour.dark_red()
QUOTE_LIMIT = 500
PROMPT_MIN, PROMPT_MAX = 15, 600
PENDING_PER_MEMBER = 3
CATCHUP_SHOWN = 10


def _knowledge(interaction: discord.Interaction) -> Knowledge:
    return interaction.client.library.knowledge  # type: ignore[attr-defined]


class Companion(commands.Cog):
    """Tie answers to the text and to the group's pace."""

    def __init__(self, bot: commands.Bot) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(*DYNAMIC_ITEMS)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(*DYNAMIC_ITEMS)

    @property
    def storage(self):
        return self.bot.storage  # type: ignore[attr-defined]

    # -- when each member last used the bot --------------------------------------------------
    def _seen(self, guild_id: int | None, user: discord.abc.User, when) -> None:
        if guild_id is None or user.bot:
            return
        try:
            self.storage.record_activity(guild_id, user.id, when)
        except sqlite3.Error:
            log.exception("Could not record a member's activity")

    @commands.Cog.listener()
    async def on_interaction(self, interaction: discord.Interaction) -> None:
        if interaction.type in (discord.InteractionType.application_command, discord.InteractionType.component):
            self._seen(interaction.guild_id, interaction.user, interaction.created_at)

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        me = self.bot.user
        if message.guild is not None and me is not None and any(user.id == me.id for user in message.mentions):
            self._seen(message.guild.id, message.author, message.created_at)

    # -- /quote --------------------------------------------------------------------------------
    @app_commands.command(name="quote")
    @app_commands.describe(text="A quotation from the article, or what you remember of it")
    async def quote(self, interaction: discord.Interaction, text: app_commands.Range[str, 1, QUOTE_LIMIT]) -> None:
        """Find where a quotation stands in the article, or hear that it doesn't say that."""
        knowledge = _knowledge(interaction)
        match = find_quote(knowledge, clean_question(text))
        if match.verdict is Verdict.TOO_SHORT:
            await interaction.response.send_message(
                messages.QUOTE_TOO_SHORT, ephemeral=True, allowed_mentions=NO_MENTIONS
            )
            return
        article = knowledge.article
        heading, passage = messages.quote_reply(
            match.verdict.value,
            article.paragraph(match.paragraph).text,
            match.paragraph,
            match.start,
            match.end,
            len(article.paragraphs),
        )
        embed = discord.Embed(description=f"{heading}\n\n{passage}", colour=COLOUR)
        embed.set_author(name=messages.shorten(f"“{clean_question(text)}”", limits.EMBED_AUTHOR))
        reading = article.reading_of(match.paragraph)
        embed.set_footer(
            text=messages.shorten(
                f"“{article.title}”, {article.author}. Read on day {reading.day}: {reading.title}.", limits.EMBED_FOOTER
            )
        )
        await interaction.response.send_message(embed=embed, allowed_mentions=NO_MENTIONS)

    # -- /timeline -----------------------------------------------------------------------------
    @app_commands.command(name="timeline")
    async def timeline(self, interaction: discord.Interaction) -> None:
        """See the dates the article mentions, in order, each with its paragraph."""
        article = _knowledge(interaction).article
        events = list(article.timeline)
        if not events:
            await interaction.response.send_message(messages.TIMELINE_EMPTY, ephemeral=True)
            return
        hidden = 0
        progress = (
            guild_progress(self.storage, interaction.guild_id, len(article.readings)) if interaction.guild_id else None
        )
        if progress is not None and self.storage.spoilers_on(interaction.guild_id):
            shown = [event for event in events if first_unreached(article, event.paragraphs, progress) is None]
            hidden, events = len(events) - len(shown), shown
        lines = messages.timeline_lines(events)
        if hidden:
            lines.append(messages.timeline_hidden(hidden))
        embed = discord.Embed(
            title=messages.TIMELINE_TITLE,
            description=messages.shorten("\n".join(lines), limits.EMBED_DESCRIPTION),
            colour=COLOUR,
        )
        await interaction.response.send_message(embed=embed, ephemeral=True, allowed_mentions=NO_MENTIONS)

    # -- /catchup ------------------------------------------------------------------------------
    @app_commands.command(name="catchup")
    @app_commands.guild_only()
    @app_commands.describe(since_day="Start from this day (default: since you last used me)")
    async def catchup_(
        self, interaction: discord.Interaction, since_day: app_commands.Range[int, 1, PARAGRAPH_COUNT] | None = None
    ) -> None:
        """Catch up on the readings you missed, with links to each day's discussion."""
        article = _knowledge(interaction).article
        total = len(article.readings)
        if since_day is not None and since_day > total:
            await interaction.response.send_message(messages.daily_day_range(total), ephemeral=True)
            return
        progress = guild_progress(self.storage, interaction.guild_id, total)
        if progress is None:
            await interaction.response.send_message(messages.DAILY_NOT_SET_UP, ephemeral=True)
            return
        if not progress.posted:
            await interaction.response.send_message(messages.CATCHUP_NOTHING_POSTED, ephemeral=True)
            return
        since = None
        if since_day is None:
            since = self.storage.seen_before(interaction.guild_id, interaction.user.id, interaction.created_at)
        found = catchup(article, progress, since_day=since_day, since=since)
        lines = []
        for reading, post in found[:CATCHUP_SHOWN]:
            link = f"[the post]({post.jump_url})" + (f" · thread <#{post.thread_id}>" if post.thread_id else "")
            lines.append(f"{messages.catchup_line(reading, first_line(article, reading))}\n{link}")
        if len(found) > CATCHUP_SHOWN:
            lines.append(messages.catchup_more(len(found) - CATCHUP_SHOWN, found[CATCHUP_SHOWN][0].day))
        heading = messages.catchup_heading(len(found), since_day=since_day, since=unix(since), first_time=since is None)
        embed = discord.Embed(
            description=messages.shorten("\n\n".join([heading, *lines]), limits.EMBED_DESCRIPTION), colour=COLOUR
        )
        await interaction.response.send_message(embed=embed, ephemeral=True, allowed_mentions=NO_MENTIONS)

    # -- /suggest ------------------------------------------------------------------------------
    @app_commands.command(name="suggest")
    @app_commands.guild_only()
    @app_commands.describe(prompt="A question to open the discussion of that reading", day="The reading it is for")
    async def suggest(
        self, interaction: discord.Interaction, prompt: str, day: app_commands.Range[int, 1, PARAGRAPH_COUNT]
    ) -> None:
        """Suggest a discussion prompt for a day's reading; the organisers approve it."""
        total = len(_knowledge(interaction).article.readings)
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
            waiting = self.storage.pending_suggestions(interaction.guild_id, author_id=interaction.user.id)
            if len(waiting) >= PENDING_PER_MEMBER:
                problem = messages.SUGGEST_TOO_MANY.format(count=len(waiting))
        if problem:
            await interaction.response.send_message(problem, ephemeral=True, allowed_mentions=NO_MENTIONS)
            return
        self.storage.add_suggestion(interaction.guild_id, day, interaction.user.id, text, discord.utils.utcnow())
        await interaction.response.send_message(
            messages.suggest_done(day), ephemeral=True, allowed_mentions=NO_MENTIONS
        )


async def setup(bot: commands.Bot) -> None:
    """Load the companion feature."""
    await bot.add_cog(Companion(bot))
