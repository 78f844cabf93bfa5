"""Asking about the article: ``/ask``, a mention of the bot, a direct message; ``/topics``,
``/paragraph`` and ``/about``.

Thin glue: the engine decides what a question gets (:meth:`bot.core.matcher.Engine.ask`),
:func:`bot.replies.reply_for` what the member reads, :mod:`bot.ui` how Discord shows it.
"""

from __future__ import annotations

import logging
import time
from collections import deque

import discord
from discord import app_commands
from discord.ext import commands

from bot import messages, replies, ui
from bot.app import ReadingBot
from bot.core.knowledge import PARAGRAPH_COUNT
from bot.recording import record_asked

log = logging.getLogger(__name__)

# Messages a member writes, as opposed to joins, pins and thread notices.
_MEMBER_MESSAGES = (discord.MessageType.default, discord.MessageType.reply)


class QuestionCooldown:
    """Allow each member ``count`` public replies in a channel in any ``seconds`` (a sliding window).

    It keeps a channel from being crowded by one member's questions, so only replies the channel
    sees count: a private ``/ask`` reply or a direct message crowds no one. A member over the limit
    still gets ``/ask`` answers, privately; a mention, which can only be answered in the channel,
    gets one note saying when to try again.
    """

    def __init__(self, count: int, seconds: float) -> None:
        self.count = count
        self.seconds = seconds
        self._asked: dict[int, deque[float]] = {}

    def take(self, member_id: int) -> float:
        """Count a question from ``member_id`` and return 0, or return the seconds to wait without counting."""
        now = time.monotonic()  # SimCord moves this clock in tests
        if len(self._asked) > 1000:  # forget members who have not asked for a while
            self._asked = {k: v for k, v in self._asked.items() if v and v[-1] > now - self.seconds}
        asked = self._asked.setdefault(member_id, deque())
        while asked and asked[0] <= now - self.seconds:
            asked.popleft()
        if len(asked) >= self.count:
            return asked[0] + self.seconds - now
        asked.append(now)
        return 0.0


class Asking(commands.Cog):
    """Members ask about the article and get answers grounded in it."""

    def __init__(self, bot: ReadingBot) -> None:
        self.bot = bot
        self.cooldown = QuestionCooldown(bot.config.cooldown_questions, bot.config.cooldown_seconds)
        # When a member writing quickly was last told to wait, so a burst gets one note, not one each.
        self._told_until: dict[int, float] = {}

    # -- the answer, wherever the question came from -----------------------------------------
    def reply_for(
        self, question: str, surface: replies.Surface, *, asker_id: int, guild_id: int | None, reveal: bool = False
    ) -> replies.Reply:
        """Ask the engine, record the question and return what the member gets.

        A mention or a DM is read up to ``asking.max_message_length``, ``/ask`` up to its own
        ``max_question_length``. ``reveal`` shows an answer the spoiler guard would hold back (to
        the asker alone)."""
        engine = self.bot.library.engine
        result = engine.ask(question, limit=replies.question_limit(engine.settings, surface))
        now = discord.utils.utcnow()
        record_asked(self.bot.storage, result, guild_id=guild_id, now=now, asker_id=asker_id)
        total = len(engine.knowledge.article.readings)
        context = replies.context_for(
            self.bot.storage, guild_id, total, surface, now=now, asker_id=asker_id, reveal=reveal
        )
        return replies.reply_for(engine, result, context)

    def _retry_at(self, member_id: int) -> int | None:
        """Count a public reply to ``member_id``; return when they may have another (Unix seconds), if they must wait."""
        wait = self.cooldown.take(member_id)
        if not wait:
            return None
        return int(discord.utils.utcnow().timestamp() + wait) + 1

    # -- slash commands ----------------------------------------------------------------------
    @app_commands.command(name="ask")
    @app_commands.describe(
        question="Your question about the article, e.g. why did Stalin win?",
        reveal="Show the answer now even if it comes from a reading the group hasn't reached (only you see it)",
    )
    async def ask(self, interaction: discord.Interaction, question: str, reveal: bool = False) -> None:
        """Ask a question about the article."""
        reply = self.reply_for(
            question,
            replies.Surface.SLASH,
            asker_id=interaction.user.id,
            guild_id=interaction.guild_id,
            reveal=reveal,
        )
        if not reply.private and interaction.guild_id is not None:
            retry_at = self._retry_at(interaction.user.id)
            if retry_at is not None:
                reply = replies.just_for_the_asker(reply, messages.cooldown_private_text(retry_at))
        await ui.respond(interaction, reply)

    @ask.autocomplete("question")
    async def ask_complete(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        """Offer the knowledge base's questions closest to what has been typed so far."""
        engine = self.bot.library.engine
        typed = current[: engine.settings.max_question_length]
        names = [messages.choice_name(phrasing) for phrasing in engine.complete(typed, limit=25)]
        return [app_commands.Choice(name=name, value=name) for name in names][:25]

    @app_commands.command(name="topics")
    async def topics(self, interaction: discord.Interaction) -> None:
        """See the questions I can answer, grouped by reading."""
        await ui.respond(interaction, replies.topics_reply(self.bot.library.knowledge, 0, replies.Surface.SLASH))

    @app_commands.command(name="paragraph")
    @app_commands.describe(number=f"The paragraph's number, 1 to {PARAGRAPH_COUNT}")
    async def paragraph(
        self, interaction: discord.Interaction, number: app_commands.Range[int, 1, PARAGRAPH_COUNT]
    ) -> None:
        """Show a paragraph of the article."""
        await ui.respond(interaction, replies.paragraph_reply(self.bot.library.knowledge.article, number))

    @app_commands.command(name="about")
    async def about(self, interaction: discord.Interaction) -> None:
        """About the article and what I can do."""
        await ui.respond(interaction, replies.about_reply(self.bot.library.knowledge.article))

    # -- mentions and direct messages --------------------------------------------------------
    def question_in(self, message: discord.Message) -> str | None:
        """Return the question a message puts to the bot, or ``None`` when it is not one."""
        if message.author.bot or message.webhook_id or message.type not in _MEMBER_MESSAGES:
            return None
        if message.guild is None:
            return message.content
        me = self.bot.user
        if me is None:
            return None
        # Only an explicit mention counts: a reply to the bot's answer ("thanks!") is not a question.
        tokens = [f"<@{me.id}>", f"<@!{me.id}>"]
        if message.guild.self_role is not None:  # the bot's own role, which Discord's picker sometimes inserts
            tokens.append(message.guild.self_role.mention)
        if not any(token in message.content for token in tokens):
            return None
        text = message.content
        for token in tokens:
            text = text.replace(token, " ")
        return text.strip()

    def _reply_to_message(self, message: discord.Message, question: str) -> replies.Reply | None:
        """Return the reply to a question in a message; None inside a wait the member was already told of.

        A direct message crowds no channel, so only a mention in a server counts toward the cooldown."""
        guild_id = message.guild and message.guild.id
        retry_at = self._retry_at(message.author.id) if guild_id else None
        if retry_at is None:
            return self.reply_for(question, replies.Surface.MESSAGE, asker_id=message.author.id, guild_id=guild_id)
        # A reply in the channel cannot be private: say it once a wait, not once a message.
        now = time.monotonic()
        if self._told_until.get(message.author.id, 0.0) > now:
            return None
        if len(self._told_until) > 1000:
            self._told_until = {k: v for k, v in self._told_until.items() if v > now}
        self._told_until[message.author.id] = now + self.cooldown.seconds
        return replies.text_reply(messages.cooldown_text(retry_at))

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        question = self.question_in(message)
        if question is None:
            return
        reference = message.to_reference(fail_if_not_exists=False)
        try:
            reply = self._reply_to_message(message, question)
            if reply is not None:
                await ui.send(message.channel, reply, reference=reference)
        except discord.Forbidden:
            log.warning("Cannot reply in channel %s: the bot lacks permission there", message.channel.id)
        except Exception:
            log.exception("Error answering a message from member %s", message.author.id)
            try:
                await ui.send(message.channel, replies.text_reply(messages.APOLOGY), reference=reference)
            except discord.HTTPException:
                log.warning("Could not tell the member about an error", exc_info=True)


async def setup(bot: ReadingBot) -> None:
    """Load the asking feature."""
    await bot.add_cog(Asking(bot))
