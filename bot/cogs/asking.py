"""Asking about the article: ``/ask``, a mention of the bot, a direct message; ``/topics``,
``/paragraph`` and ``/about``.

Thin glue: the engine decides what a question gets (:meth:`bot.core.matcher.Engine.ask`),
:func:`bot.replies.reply_for` what the member reads, :mod:`bot.ui` how Discord shows it.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque

import discord
from discord import app_commands
from discord.ext import commands

from bot import messages, replies, ui
from bot.app import ReadingBot
from bot.core.followup import FollowUp, answered_in, conversation_key, follow_up
from bot.core.knowledge import PARAGRAPH_COUNT, Entry
from bot.core.matcher import Outcome
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
        self,
        question: str,
        surface: replies.Surface,
        *,
        asker_id: int,
        guild_id: int | None,
        channel_id: int | None,
        answered: Entry | None = None,
        reveal: bool = False,
    ) -> replies.Reply:
        """Ask the engine, record the question and return what the member gets (:meth:`read`, then
        :meth:`reply_to_read`)."""
        read = self.read(
            question, surface, asker_id=asker_id, guild_id=guild_id, channel_id=channel_id, answered=answered
        )
        return self.reply_to_read(
            read, surface, asker_id=asker_id, guild_id=guild_id, channel_id=channel_id, reveal=reveal
        )

    def read(
        self,
        question: str,
        surface: replies.Surface,
        *,
        asker_id: int,
        guild_id: int | None,
        channel_id: int | None,
        answered: Entry | None = None,
    ) -> FollowUp:
        """Return the engine's reading of ``question`` as the member's next message.

        Read by :func:`bot.core.followup.follow_up`: its context is ``answered`` (the entry of the bot's
        answer it replies to) or else the member's last answer in this channel (direct messages: in
        DMs), within ``asking.followup_minutes``. A mention or a DM is read up to
        ``asking.max_message_length``, ``/ask`` up to its own ``max_question_length``.
        """
        engine = self.bot.library.engine
        if answered is None:
            key = conversation_key(guild_id, channel_id, asker_id)
            kept = self.bot.conversations.context(key, time.monotonic())  # SimCord moves this clock in tests
            knowledge = engine.knowledge
            answered = knowledge.entry(kept) if kept and knowledge.has_entry(kept) else None
        return follow_up(engine, question, answered, limit=replies.question_limit(engine.settings, surface))

    def reply_to_read(
        self,
        read: FollowUp,
        surface: replies.Surface,
        *,
        asker_id: int,
        guild_id: int | None,
        channel_id: int | None,
        reveal: bool = False,
    ) -> replies.Reply:
        """Record the question read, keep its answer as the member's context for the next, and
        return what the member gets. ``reveal`` shows an answer the spoiler guard would hold back
        (to the asker alone)."""
        engine = self.bot.library.engine
        key = conversation_key(guild_id, channel_id, asker_id)
        self.bot.conversations.remember(key, read, time.monotonic())
        if read.context is not None:
            log.debug("Read %r as following on from %s", read.result.question, read.context.id)
        stamp = discord.utils.utcnow()
        record_asked(self.bot.storage, read.result, guild_id=guild_id, now=stamp, asker_id=asker_id)
        total = len(engine.knowledge.article.readings)
        context = replies.context_for(
            self.bot.storage, guild_id, total, surface, now=stamp, asker_id=asker_id, reveal=reveal
        )
        return replies.followup_reply(engine, read, context)

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
        # No reply threading in /ask: the member's last answer here, within the window, is the context.
        reply = self.reply_for(
            question,
            replies.Surface.SLASH,
            asker_id=interaction.user.id,
            guild_id=interaction.guild_id,
            channel_id=interaction.channel_id,
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
        # Off the event loop: it ranks every phrasing, a few ms on the shipped knowledge but about
        # 0.2 s a keystroke at 10,000 entries, which would hold up every other member's answer.
        found = await asyncio.to_thread(engine.complete, typed, 25)
        names = [messages.choice_name(phrasing) for phrasing in found]
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
        """Return the question a message puts to the bot, or ``None`` when it is not one.

        In a server a message is put to the bot by a mention, or by replying to one of its messages."""
        if message.author.bot or message.webhook_id or message.type not in _MEMBER_MESSAGES:
            return None
        if message.guild is None:
            return message.content
        me = self.bot.user
        if me is None:
            return None
        if not self._mentions_me(message) and self.replied_to(message) is None:
            return None
        text = message.content
        for token in self._tokens(message):
            text = text.replace(token, " ")
        return text.strip()

    def _tokens(self, message: discord.Message) -> list[str]:
        """Return the ways a message can mention the bot."""
        me = self.bot.user
        if me is None:
            return []
        tokens = [f"<@{me.id}>", f"<@!{me.id}>"]
        if message.guild is not None and message.guild.self_role is not None:
            # The bot's own role, which Discord's picker sometimes inserts.
            tokens.append(message.guild.self_role.mention)
        return tokens

    def _mentions_me(self, message: discord.Message) -> bool:
        return any(token in message.content for token in self._tokens(message))

    def replied_to(self, message: discord.Message) -> discord.Message | None:
        """Return the bot's reply to a member that ``message`` replies to (Discord sends it along), if any.

        Only the bot's answers to members count (a reply to a mention, an ``/ask`` response, or any
        message carrying an answer's card): members replying to the daily post are talking to each
        other, not to the bot."""
        reference = message.reference
        resolved = reference.resolved if reference is not None else None
        me = self.bot.user
        if not isinstance(resolved, discord.Message) or me is None or resolved.author.id != me.id:
            return None
        if resolved.reference is not None or resolved.interaction_metadata is not None:
            return resolved
        return resolved if self._answered_in(resolved) is not None else None

    def _answered_in(self, replied: discord.Message | None) -> Entry | None:
        """Return the entry the bot's message answered with (read off its cards, so it survives a restart)."""
        if replied is None:
            return None
        titles = [embed.title or "" for embed in replied.embeds]
        return answered_in(self.bot.library.knowledge, titles, timeline_title=messages.TIMELINE_TITLE)

    def _reply_to_message(self, message: discord.Message, question: str) -> replies.Reply | None:
        """Return the reply to a question in a message; None inside a wait the member was already told of.

        A direct message crowds no channel, so only a mention in a server counts toward the cooldown."""
        guild_id = message.guild and message.guild.id
        replied = self.replied_to(message)
        where = {"asker_id": message.author.id, "guild_id": guild_id, "channel_id": message.channel.id}
        read = self.read(question, replies.Surface.MESSAGE, answered=self._answered_in(replied), **where)
        # In a server, a reply to the bot that only thanks it or nods ("thanks!", "👍") needs no answer back.
        only_talk = read.result.outcome in (Outcome.SOCIAL, Outcome.UNREADABLE)
        if guild_id and replied is not None and not self._mentions_me(message) and only_talk:
            return None
        retry_at = self._retry_at(message.author.id) if guild_id else None
        if retry_at is None:
            return self.reply_to_read(read, replies.Surface.MESSAGE, **where)
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
