"""The daily reading's posts: each guild's passage sent once a day, and the record that makes it once.

When a post is due is decided by :mod:`bot.core.schedule`; this module sends it and keeps the
record. The ``/daily`` commands (:mod:`bot.cogs.daily`) steer it; nothing here is a command.

Exactly once
------------
Every attempt at a post is written to SQLite as 'sending' *before* the message is sent, with the
id of the channel's newest message at that moment (and the member's prompt it carries, if any).
Once Discord has confirmed the message, the attempt is marked 'posted', the schedule moves on and
that prompt is marked used, in one transaction. A guild has at most one attempt still 'sending';
while it has one, nothing else is posted there until the bot has looked in the channel, at the
messages after that newest one, for its own post with that day's title. Message ids are Discord's
own order (a snowflake holds the time Discord made the message), so the search never depends on
the host's clock, which may be minutes fast or slow. Found: it is recorded as posted (and its
thread opened if missing). Not found: the attempt is closed as not sent, and the day goes out
when it is due (still today if today's time has passed, never as a burst of days). This check
runs at every start and before every post, so a restart at any moment, even between sending and
recording, neither repeats nor skips a day. A definite refusal (4xx) closes the attempt at once;
anything uncertain (a 5xx, a timeout, a crash) leaves it to that check. If the channel cannot be
read, the bot waits (and says so in /daily status) rather than risk a repeat; before a post too,
as it would have nothing to search from. The one gap: if someone deletes the bot's post before
the bot is back up, that day is posted again.

The post's thread is opened on it and started with the post's discussion prompt, whose id is
recorded once sent. A thread the bot did not open just now (found after a restart, or opened
before the bot stopped) is searched for that prompt before it is sent, so a restart between
opening the thread and posting in it, or between posting and recording, neither repeats nor loses
it. A thread left unopened, or without its prompt, is seen to at the next start (that day only).

The record's writes wait for another program's lock on the state file off the event loop
(:meth:`bot.storage.Storage.record`); a write that still fails leaves the attempt to the check
above, like a crash at that point.

When it runs
------------
Each guild with a schedule has one runner in a :class:`~bot.scheduler.Scheduler`, asleep on the
host's clock (:class:`bot.clock.Clock`) until that guild's next post is due, an hour at most (a
guild joined, the machine's clock jumped) and a minute at least (a post still due after a run,
say in a guild the bot has left, is looked at again a minute later, not in a tight loop). A run
settles any open attempt and posts what is due. At start every guild has a run at once; a
command that changes a schedule wakes that guild's runner to sleep until its new time, or to run
at once when the change makes a post due now. Runs and commands of one guild take turns through
the guild's lock.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import discord

from bot import messages, replies, ui
from bot.core import schedule
from bot.core.knowledge import Article
from bot.scheduler import Scheduler
from bot.storage import DailySetup, PostAttempt

if TYPE_CHECKING:
    from bot.app import ReadingBot

log = logging.getLogger(__name__)

# For an attempt recorded before the channel's newest message was kept with it: how far before its
# time (by the host's clock) the channel is searched.
FIND_MARGIN = timedelta(minutes=5)
MAX_SLEEP = timedelta(hours=1)
MIN_SLEEP = timedelta(minutes=1)
# Discord: "A thread has already been created for this message".
THREAD_EXISTS = 160004


class DailyPoster:
    """Post each guild's daily reading once a day, through restarts and Discord's failures."""

    def __init__(self, bot: ReadingBot) -> None:
        self.bot = bot
        self.scheduler = Scheduler("daily reading", self._wake_time, self._run, clock=bot.clock)
        self._locks: dict[int, asyncio.Lock] = {}
        # Failed attempts per guild: kept in memory on purpose, a new start tries again at once.
        self._failures: dict[int, schedule.Failures] = {}
        # Guilds whose latest post has been checked for its thread since this start.
        self._thread_checked: set[int] = set()
        self._starting: asyncio.Task[None] | None = None
        self._stopped = False

    # -- starting and stopping -------------------------------------------------------------------
    def start(self) -> None:
        """Give every guild a run as soon as the bot is connected."""
        self._stopped = False
        self._starting = asyncio.create_task(self._start(), name="daily reading: start")

    async def _start(self) -> None:
        await self.bot.wait_until_ready()
        for setup in self.bot.storage.daily_schedules():
            self.scheduler.start(setup.guild_id)

    def stop(self) -> None:
        """Stop every guild's runner (the bot is closing, or a test makes it hang)."""
        self._stopped = True
        if self._starting is not None:
            self._starting.cancel()
        self.scheduler.stop_all()

    # -- what the commands share -----------------------------------------------------------------
    @property
    def article(self) -> Article:
        return self.bot.library.knowledge.article

    @property
    def total(self) -> int:
        return len(self.article.readings)

    def lock(self, guild_id: int) -> asyncio.Lock:
        """Return the lock a guild's runs and commands take turns through."""
        return self._locks.setdefault(guild_id, asyncio.Lock())

    def next_post(self, guild_id: int, state: schedule.Schedule, now: datetime) -> datetime | None:
        """Return when the guild's next post is due, failed attempts and their retries counted."""
        return schedule.next_post(
            state,
            now,
            self.total,
            failures=self._failures.get(guild_id),
            retries=self.bot.config.daily.retries,
            retry_every=timedelta(minutes=self.bot.config.daily.retry_minutes),
        )

    def forget_failures(self, guild_id: int) -> None:
        """Start the guild's retries afresh (an organiser changed its schedule)."""
        self._failures.pop(guild_id, None)

    def plan(self, guild_id: int) -> None:
        """Have the guild's runner sleep until its next post, after a change to its schedule.

        A post the change makes due (today's, moved to a time already past) goes out at once.
        """
        if self._stopped:
            return
        setup = self.bot.storage.daily_schedule(guild_id)
        now = self.bot.clock.now()
        when = self.next_post(guild_id, setup.schedule, now) if setup is not None else None
        if when is not None and when <= now:
            self.scheduler.start(guild_id)
        else:
            self.scheduler.wake(guild_id)

    # -- a guild's run ---------------------------------------------------------------------------
    def _wake_time(self, guild_id: int) -> datetime | None:
        """Return when the guild's runner runs next: its next post, within MIN_SLEEP and MAX_SLEEP."""
        now = self.bot.clock.now()
        setup = self.bot.storage.daily_schedule(guild_id)
        if setup is None:
            return None  # no schedule any more: nothing to run
        wake = now + MAX_SLEEP
        when = self.next_post(guild_id, setup.schedule, now)
        if when is not None:
            wake = min(wake, max(when, now + MIN_SLEEP))
        return wake

    async def _run(self, guild_id: int) -> None:
        """Settle any unresolved attempt and post what is due."""
        async with self.lock(guild_id):
            await self._tend(guild_id, self.bot.clock.now())

    async def _tend(self, guild_id: int, now: datetime) -> None:
        guild = self.bot.get_guild(guild_id)
        if guild is None:
            return  # not (yet) in that guild: nothing can be posted there
        if await self.settle(guild, now) is not None:
            return
        setup = self.bot.storage.daily_schedule(guild_id)
        if setup is None:
            return
        if guild_id not in self._thread_checked:
            self._thread_checked.add(guild_id)
            await self._open_missing_thread(guild, setup, now)
        when = self.next_post(guild_id, setup.schedule, now)
        if when is not None and when <= now:
            await self.post(guild, setup, now)

    async def settle(self, guild: discord.Guild, now: datetime) -> str | None:
        """Settle an attempt left 'sending'; return why that is not possible yet, or None once settled."""
        storage = self.bot.storage
        attempt = storage.open_daily_post(guild.id)
        setup = storage.daily_schedule(guild.id)
        if attempt is None or setup is None:
            return None
        try:
            message = await self._find_sent(guild, attempt)
        except discord.HTTPException as error:
            return self._failed(guild.id, setup, now, messages.daily_cannot_check(attempt.day, self._reason(error)))
        try:
            if message is None:
                await storage.record(storage.fail_daily_post, attempt.id, "not found in the channel: it was never sent")
                log.info("Daily reading in guild %s: day %s had not gone out; it will be sent", guild.id, attempt.day)
                return None
            after = schedule.after_post(setup.schedule, attempt.day, attempt.on, self.total)
            await storage.record(
                storage.finish_daily_post,
                attempt.id,
                message.id,
                now,
                next_day=after.next_day,
                last_posted_on=attempt.on,
                started=after.started,
            )
        except sqlite3.Error as error:
            log.warning("Daily reading in guild %s: could not record day %s (%s)", guild.id, attempt.day, error)
            return self._failed(guild.id, setup, now, messages.DAILY_STATE_LOCKED, count=False)
        self._failures.pop(guild.id, None)
        log.info("Daily reading in guild %s: day %s had gone out; recorded", guild.id, attempt.day)
        await self.open_thread(guild, setup, attempt.id, attempt.day, message)
        return None

    async def _open_missing_thread(self, guild: discord.Guild, setup: DailySetup, now: datetime) -> None:
        """Open today's post's thread, or post its prompt there, if the bot stopped before doing so."""
        posts = self.bot.storage.daily_posts(guild.id)
        if not setup.thread or not posts:
            return
        latest = posts[-1]
        if latest.thread_id is not None and latest.opening_id is not None:
            return  # opened, and started with its prompt
        if latest.on != schedule.local_date(now, setup.schedule.timezone):
            return  # an old post's discussion has moved on
        channel = guild.get_channel(latest.channel_id)
        if not isinstance(channel, discord.abc.Messageable):
            return
        try:
            message = await channel.fetch_message(latest.message_id)
        except discord.HTTPException:
            return  # deleted, or unreadable: no thread to open on it
        await self.open_thread(guild, setup, latest.post_id, latest.day, message)

    async def _find_sent(self, guild: discord.Guild, attempt: PostAttempt) -> discord.Message | None:
        """Return the bot's own post of the attempt's day, if it is in the channel."""
        channel = guild.get_channel(attempt.channel_id)
        if not isinstance(channel, discord.abc.Messageable):
            return None  # the channel is gone: nothing can be posted twice in it
        me = self.bot.user
        prefix = messages.daily_title_prefix(attempt.day, self.total)
        since: discord.abc.Snowflake | datetime = attempt.attempted_at - FIND_MARGIN
        if attempt.last_message_id is not None:
            since = discord.Object(attempt.last_message_id)  # Discord's order, not the host's clock
        async for message in channel.history(limit=100, after=since, oldest_first=True):
            if me is None or message.author.id != me.id or not message.embeds:
                continue
            if (message.embeds[0].title or "").startswith(prefix):
                return message
        return None

    @staticmethod
    async def _newest_message_id(channel: discord.TextChannel) -> int:
        """Return the id of the channel's newest message as Discord has it (0 when it has none)."""
        async for message in channel.history(limit=1):
            return message.id
        return 0

    async def post(
        self, guild: discord.Guild, setup: DailySetup, now: datetime
    ) -> tuple[discord.Message | None, str | None]:
        """Post the schedule's next day now; return the message, or None and why it failed."""
        storage = self.bot.storage
        day = setup.schedule.next_day
        channel = guild.get_channel(setup.channel_id)
        if not isinstance(channel, discord.TextChannel):
            return None, self._failed(guild.id, setup, now, messages.DAILY_NO_CHANNEL)
        role = guild.get_role(setup.role_id) if setup.role_id else None
        # A member's prompt an organiser approved for this reading is used in place of its own.
        suggestion = storage.approved_suggestion(guild.id, day)
        post = replies.daily_post(self.bot.library.knowledge, day, suggested=suggestion)
        # The role, and nothing else, may be pinged.
        reply = replies.Reply(
            text=role.mention if role else "", cards=(post.card,), ping_role=role.id if role else None
        )
        on = schedule.local_date(now, setup.schedule.timezone)
        try:
            newest = await self._newest_message_id(channel)
        except discord.HTTPException as error:
            # Nothing sent: without the channel's newest message there'd be nothing to search from.
            return None, self._failed(guild.id, setup, now, self._reason(error))
        try:
            attempt_id = await storage.record(
                storage.begin_daily_post,
                guild.id,
                day,
                on,
                channel.id,
                now,
                last_message_id=newest,
                suggestion_id=suggestion.id if suggestion else None,
            )
        except sqlite3.Error as error:  # locked by another program for longer than a record waits
            log.warning("Daily reading in guild %s: could not record the attempt at day %s (%s)", guild.id, day, error)
            return None, self._failed(guild.id, setup, now, messages.DAILY_STATE_LOCKED)
        try:
            message = await ui.send(channel, reply)
        except Exception as error:
            if isinstance(error, discord.HTTPException) and 400 <= error.status < 500:
                # Refused: certainly not sent. Should this record fail, settle() finds nothing later.
                with contextlib.suppress(sqlite3.Error):
                    await storage.record(storage.fail_daily_post, attempt_id, self._reason(error))
            # Anything else may have gone out: the attempt stays 'sending' for settle().
            if not isinstance(error, discord.HTTPException):
                log.exception("Daily reading in guild %s: sending day %s failed", guild.id, day)
            return None, self._failed(guild.id, setup, now, self._reason(error))
        self._failures.pop(guild.id, None)
        after = schedule.after_post(setup.schedule, day, on, self.total)
        try:
            await storage.record(
                storage.finish_daily_post,
                attempt_id,
                message.id,
                now,
                next_day=after.next_day,
                last_posted_on=on,
                started=after.started,
            )
        except sqlite3.Error as error:
            # Sent but not recorded: the attempt stays 'sending', and the next run finds the post.
            log.warning("Daily reading in guild %s: day %s is out but not recorded (%s)", guild.id, day, error)
            return message, None
        log.info("Daily reading in guild %s: posted day %s", guild.id, day)
        await self.open_thread(guild, setup, attempt_id, day, message)
        return message, None

    async def open_thread(
        self, guild: discord.Guild, setup: DailySetup, attempt_id: int, day: int, message: discord.Message
    ) -> None:
        """Open the post's discussion thread (or find the one already opened) and start it with the
        post's prompt, if threads are on."""
        if not setup.thread:
            return
        storage = self.bot.storage
        post = replies.daily_post(self.bot.library.knowledge, day, suggested=storage.post_suggestion(attempt_id))
        opened_now = False
        try:
            thread = message.thread
            if thread is None:
                thread = await message.create_thread(name=post.thread_name, auto_archive_duration=1440)
                opened_now = True
        except discord.HTTPException as error:
            if error.code != THREAD_EXISTS:
                reason = messages.daily_thread_failed(day, self._reason(error))
                self._failed(guild.id, setup, self.bot.clock.now(), reason, count=False)
                return
            thread = await guild.fetch_channel(message.id)  # a message's thread shares its id
        with contextlib.suppress(sqlite3.Error):  # unrecorded, the thread is found again at the next start
            await storage.record(storage.set_daily_thread, attempt_id, thread.id)
        await self._open_discussion(guild, setup, attempt_id, day, thread, post.prompt, look_first=not opened_now)

    async def _open_discussion(
        self,
        guild: discord.Guild,
        setup: DailySetup,
        attempt_id: int,
        day: int,
        thread: discord.abc.GuildChannel | discord.Thread,
        prompt: str,
        *,
        look_first: bool,
    ) -> None:
        """Start the thread with the post's prompt, once (see "Exactly once" above)."""
        if not isinstance(thread, discord.Thread):
            return
        try:
            # A thread opened before this run may hold the prompt already: the bot stopped after
            # sending it, or its answer was lost.
            opening = await self._find_opening(thread) if look_first else None
            if opening is None:
                text = messages.daily_thread_opening(prompt, hint=setup.ask_hint)
                opening = await ui.send(thread, replies.Reply(text=text))
        except (discord.HTTPException, TimeoutError) as error:
            reason = messages.daily_opening_failed(day, self._reason(error))
            self._failed(guild.id, setup, self.bot.clock.now(), reason, count=False)
            return
        with contextlib.suppress(sqlite3.Error):  # unrecorded, it is found in the thread at the next start
            await self.bot.storage.record(self.bot.storage.set_daily_opening, attempt_id, opening.id)

    async def _find_opening(self, thread: discord.Thread) -> discord.Message | None:
        """Return the bot's prompt in the thread, if it is there."""
        me = self.bot.user
        async for message in thread.history(limit=50, oldest_first=True):
            if (
                me is not None
                and message.author.id == me.id
                and message.content.startswith(messages.DAILY_OPENING_PREFIX)
            ):
                return message
        return None

    # -- failures --------------------------------------------------------------------------------
    def _failed(self, guild_id: int, setup: DailySetup, now: datetime, reason: str, *, count: bool = True) -> str:
        """Remember a failed attempt (for /daily status, the log, the retry timing); return ``reason``."""
        if count:
            on = schedule.local_date(now, setup.schedule.timezone)
            before = self._failures.get(guild_id)
            tries = before.count + 1 if before is not None and before.on == on else 1
            self._failures[guild_id] = schedule.Failures(on=on, count=tries, last=now)
        storage = self.bot.storage
        storage.note(storage.record_daily_error, guild_id, reason, now)
        log.warning("Daily reading in guild %s: %s", guild_id, reason)
        return reason

    @staticmethod
    def _reason(error: Exception) -> str:
        """Say why a request to Discord failed, for the organisers (``/daily status``)."""
        if isinstance(error, discord.HTTPException):
            if error.status == 403:
                return messages.DAILY_REFUSED
            if error.status == 404:
                return messages.DAILY_GONE
            if error.status >= 500:
                return messages.daily_discord_trouble(error.status)
            return f"{error.status} {error.text or type(error).__name__}"
        if isinstance(error, TimeoutError):  # asyncio's too; says nothing of itself
            return messages.DAILY_TIMEOUT
        return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
