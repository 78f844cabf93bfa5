"""The daily reading: one passage a day in each guild's channel, and the commands around it.

When a post is due is decided by :mod:`bot.core.schedule`; this cog sends it and keeps the record.

Exactly once
------------
Every attempt at a post is written to SQLite as 'sending' *before* the message is sent, and marked
'posted' together with the schedule moving on, in one transaction, once Discord has confirmed the
message. A guild has at most one attempt still 'sending'; while it has one, nothing else is posted
there until the bot has looked in the channel (its messages since the attempt began) for its own
post with that day's title. Found: it is recorded as posted (and its thread opened if missing).
Not found: the attempt is closed as not sent, and the day goes out when it is due (still today
if today's time has passed, never as a burst of days). This check runs at every start and before
every post, so a restart at any moment, even between sending and recording, neither repeats nor
skips a day. A definite refusal (4xx) closes the attempt at once; anything uncertain (a 5xx, a
timeout, a crash) leaves it to that check. If the channel cannot be read, the bot waits (and says
so in /daily status) rather than risk a repeat. The one gap: if someone deletes the bot's post
before the bot is back up, that day is posted again.
"""

from __future__ import annotations

import asyncio
import logging
import zoneinfo
from datetime import datetime, timedelta

import discord
from discord import app_commands
from discord.ext import commands, tasks

from bot import messages
from bot.checks import OrganiserGroup
from bot.config import parse_time, valid_timezone
from bot.core import schedule
from bot.core.companion import questions_for
from bot.core.knowledge import PARAGRAPH_COUNT, Article

log = logging.getLogger(__name__)

COLOUR = discord.Colour.dark_red()
# How far back before an attempt the channel is searched for its message (clock drift).
FIND_MARGIN = timedelta(minutes=5)
# The loop sleeps until the next post is due, but looks at least this often (a guild joined, the
# machine's clock jumped) and never more often than once a minute (a post still due after a run,
# say for a guild the bot has left, is looked at again a minute later, not in a tight loop).
MAX_SLEEP = timedelta(hours=1)
MIN_SLEEP = timedelta(minutes=1)
# Discord: "A thread has already been created for this message".
THREAD_EXISTS = 160004


def post_embed(post: messages.DailyPost) -> discord.Embed:
    """Build the embed of a daily post (also what /today and /reading show)."""
    embed = discord.Embed(title=post.title, description=post.description, colour=COLOUR)
    embed.add_field(name=messages.DAILY_DISCUSSION_LABEL, value=post.prompt, inline=False)
    if post.questions:
        embed.add_field(
            name=messages.DAILY_QUESTIONS_LABEL, value=messages.questions_text(post.questions), inline=False
        )
    embed.set_footer(text=post.footer)
    return embed


def _unix(moment: datetime | None) -> int | None:
    return int(moment.timestamp()) if moment is not None else None


class Daily(commands.Cog):
    """Post each guild's daily reading once a day; /daily for organisers, /today and /reading for all."""

    daily = OrganiserGroup(
        name="daily",
        description="Set up and steer the daily reading (organisers)",
        default_permissions=discord.Permissions(manage_guild=True),
        guild_only=True,
    )

    def __init__(self, bot) -> None:
        self.bot = bot
        self._locks: dict[int, asyncio.Lock] = {}
        # Failed attempts per guild: kept in memory on purpose, a new start tries again at once.
        self._failures: dict[int, schedule.Failures] = {}
        # Guilds whose latest post has been checked for its thread since this start.
        self._thread_checked: set[int] = set()

    async def cog_load(self) -> None:
        self.poster.start()

    async def cog_unload(self) -> None:
        self.poster.cancel()

    # -- helpers ---------------------------------------------------------------------------------
    @property
    def article(self) -> Article:
        return self.bot.library.knowledge.article

    @property
    def total(self) -> int:
        return len(self.article.readings)

    def _questions(self, day: int) -> tuple[str, ...]:
        """Return what a day's post suggests members ask the bot (nothing for the closing message)."""
        if day > self.total:
            return ()
        return tuple(entry.title for entry in questions_for(self.bot.library.knowledge, self.article.reading(day)))

    def _lock(self, guild_id: int) -> asyncio.Lock:
        return self._locks.setdefault(guild_id, asyncio.Lock())

    def _next_post(self, guild_id: int, state: schedule.Schedule, now: datetime) -> datetime | None:
        return schedule.next_post(
            state,
            now,
            self.total,
            failures=self._failures.get(guild_id),
            retries=self.bot.config.daily.retries,
            retry_every=timedelta(minutes=self.bot.config.daily.retry_minutes),
        )

    def _failed(self, guild_id: int, zone: str, now: datetime, reason: str, *, count: bool = True) -> None:
        """Remember a failed attempt: for /daily status, the log, and the retry timing."""
        if count:
            on = schedule.local_date(now, zone)
            before = self._failures.get(guild_id)
            tries = before.count + 1 if before is not None and before.on == on else 1
            self._failures[guild_id] = schedule.Failures(on=on, count=tries, last=now)
        self.bot.storage.record_daily_error(guild_id, reason, now)
        log.warning("Daily reading in guild %s: %s", guild_id, reason)

    @staticmethod
    def _reason(error: Exception) -> str:
        if isinstance(error, discord.HTTPException):
            return messages.daily_error_text(error.status, f"{error.status} {error.text or type(error).__name__}")
        if isinstance(error, TimeoutError):  # asyncio's too; says nothing of itself
            return messages.DAILY_TIMEOUT
        return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__

    # -- the schedule ----------------------------------------------------------------------------
    @tasks.loop(seconds=MAX_SLEEP.total_seconds())
    async def poster(self) -> None:
        """Settle any unresolved attempt and post what is due, guild by guild; then sleep till the next."""
        now = discord.utils.utcnow()
        for row in self.bot.storage.daily_schedules():
            try:
                async with self._lock(row.guild_id):
                    await self._tend(row.guild_id, now)
            except Exception:
                # One guild's trouble must not stop the others, nor the loop.
                log.exception("Daily reading in guild %s: unexpected error", row.guild_id)
        try:
            self._plan(discord.utils.utcnow())
        except Exception:
            log.exception("Daily reading: could not plan the next run; looking again within the hour")

    @poster.before_loop
    async def _before_poster(self) -> None:
        await self.bot.wait_until_ready()

    def _plan(self, now: datetime) -> None:
        """Make the loop wake when the next post is due, or after MAX_SLEEP at the latest.

        Called at the end of each run and whenever a command changes a schedule. The loop wakes
        at ``last run + interval``, so the interval is counted from the last run.
        """
        wake = now + MAX_SLEEP
        for row in self.bot.storage.daily_schedules():
            when = self._next_post(row.guild_id, row.schedule, now)
            if when is not None:
                wake = min(wake, max(when, now + MIN_SLEEP))
        loop = self.poster
        if not isinstance(loop.next_iteration, datetime):
            return  # not started yet: its first run comes at once anyway
        interval = timedelta(hours=loop.hours or 0, minutes=loop.minutes or 0, seconds=loop.seconds or 0)
        last_run = loop.next_iteration - interval
        loop.change_interval(seconds=max((wake - last_run).total_seconds(), 1.0))

    async def _tend(self, guild_id: int, now: datetime) -> None:
        guild = self.bot.get_guild(guild_id)
        if guild is None:
            return  # not (yet) in that guild: nothing can be posted there
        if not await self._resolve_open(guild, now):
            return
        if guild_id not in self._thread_checked:
            self._thread_checked.add(guild_id)
            await self._open_missing_thread(guild, now)
        row = self.bot.storage.daily_schedule(guild_id)
        when = self._next_post(guild_id, row.schedule, now)
        if when is not None and when <= now:
            await self._post(guild, now)

    async def _resolve_open(self, guild: discord.Guild, now: datetime) -> bool:
        """Settle an attempt left 'sending'; return False when that is not possible yet."""
        storage = self.bot.storage
        attempt = storage.open_daily_post(guild.id)
        if attempt is None:
            return True
        row = storage.daily_schedule(guild.id)
        try:
            message = await self._find_sent(guild, attempt)
        except discord.HTTPException as error:
            reason = f"I can't check whether day {attempt.day} was already posted ({self._reason(error)})"
            self._failed(guild.id, row.schedule.timezone, now, reason)
            return False
        if message is None:
            storage.fail_daily_post(attempt.id, "not found in the channel: it was never sent")
            log.info("Daily reading in guild %s: day %s had not gone out; it will be sent", guild.id, attempt.day)
            return True
        on = attempt.on
        after = schedule.after_post(row.schedule, attempt.day, on, self.total)
        storage.finish_daily_post(
            attempt.id, message.id, now, next_day=after.next_day, last_posted_on=on, started=after.started
        )
        self._failures.pop(guild.id, None)
        log.info("Daily reading in guild %s: day %s had gone out; recorded", guild.id, attempt.day)
        await self._open_thread(guild, row, attempt.id, attempt.day, message)
        return True

    async def _open_missing_thread(self, guild: discord.Guild, now: datetime) -> None:
        """Open today's post's thread if the bot stopped between posting and opening it."""
        row = self.bot.storage.daily_schedule(guild.id)
        posts = self.bot.storage.daily_posts(guild.id)
        if not row.thread or not posts or posts[-1].thread_id is not None:
            return
        latest = posts[-1]
        if latest.on != schedule.local_date(now, row.schedule.timezone):
            return  # an old post's discussion has moved on
        channel = guild.get_channel(latest.channel_id)
        if channel is None:
            return
        try:
            message = await channel.fetch_message(latest.message_id)
        except discord.HTTPException:
            return  # deleted, or unreadable: no thread to open on it
        await self._open_thread(guild, row, latest.post_id, latest.day, message)

    async def _find_sent(self, guild: discord.Guild, attempt) -> discord.Message | None:
        """Return the bot's own post of the attempt's day, if it is in the channel."""
        channel = guild.get_channel(attempt.channel_id)
        if channel is None:
            return None  # the channel is gone: nothing can be posted twice in it
        prefix = messages.daily_title_prefix(attempt.day, self.total)
        since = attempt.attempted_at - FIND_MARGIN
        async for message in channel.history(limit=100, after=since, oldest_first=True):
            if message.author.id != self.bot.user.id or not message.embeds:
                continue
            if (message.embeds[0].title or "").startswith(prefix):
                return message
        return None

    async def _post(self, guild: discord.Guild, now: datetime) -> tuple[discord.Message | None, str | None]:
        """Post the schedule's next day now; return the message, or None and why it failed."""
        storage = self.bot.storage
        row = storage.daily_schedule(guild.id)
        day = row.schedule.next_day
        channel = guild.get_channel(row.channel_id)
        if channel is None:
            self._failed(guild.id, row.schedule.timezone, now, messages.DAILY_NO_CHANNEL)
            return None, messages.DAILY_NO_CHANNEL
        role = guild.get_role(row.role_id) if row.role_id else None
        # A member's prompt an organiser approved for this reading is used in place of its own.
        suggestion = storage.approved_suggestion(guild.id, day)
        post = messages.daily_post_for(
            self.article,
            day,
            questions=self._questions(day),
            suggested=(suggestion.text, suggestion.author_id) if suggestion else None,
        )
        on = schedule.local_date(now, row.schedule.timezone)
        attempt_id = storage.begin_daily_post(guild.id, day, on, channel.id, now)
        try:
            message = await channel.send(
                content=role.mention if role else None,
                embed=post_embed(post),
                # The role, and nothing else, may be pinged.
                allowed_mentions=(
                    discord.AllowedMentions(everyone=False, users=False, roles=[role], replied_user=False)
                    if role
                    else discord.AllowedMentions.none()
                ),
            )
        except Exception as error:
            if isinstance(error, discord.HTTPException) and 400 <= error.status < 500:
                storage.fail_daily_post(attempt_id, self._reason(error))  # refused: certainly not sent
            # Anything else may have gone out: the attempt stays 'sending' for _resolve_open.
            reason = self._reason(error)
            self._failed(guild.id, row.schedule.timezone, now, reason)
            if not isinstance(error, discord.HTTPException):
                log.exception("Daily reading in guild %s: sending day %s failed", guild.id, day)
            return None, reason
        self._failures.pop(guild.id, None)
        after = schedule.after_post(row.schedule, day, on, self.total)
        storage.finish_daily_post(
            attempt_id, message.id, now, next_day=after.next_day, last_posted_on=on, started=after.started
        )
        if suggestion is not None:
            storage.use_suggestion(suggestion.id, attempt_id, now)
        log.info("Daily reading in guild %s: posted day %s", guild.id, day)
        await self._open_thread(guild, row, attempt_id, day, message)
        return message, None

    async def _open_thread(
        self, guild: discord.Guild, row, attempt_id: int, day: int, message: discord.Message
    ) -> None:
        """Open the post's discussion thread (or find the one already opened), if threads are on."""
        if not row.thread:
            return
        name = messages.daily_post_for(self.article, day).thread_name
        try:
            thread = message.thread or await message.create_thread(name=name, auto_archive_duration=1440)
        except discord.HTTPException as error:
            if error.code == THREAD_EXISTS:
                thread = await guild.fetch_channel(message.id)  # a message's thread shares its id
            else:
                self._failed(
                    guild.id,
                    row.schedule.timezone,
                    discord.utils.utcnow(),
                    f"day {day} is posted, but its thread could not be opened ({self._reason(error)})",
                    count=False,
                )
                return
        self.bot.storage.set_daily_thread(attempt_id, thread.id)

    # -- organisers: /daily ----------------------------------------------------------------------
    @daily.command(name="setup")
    @app_commands.describe(
        channel="Where the readings are posted",
        time="Local time of day, 24-hour HH:MM (e.g. 18:00)",
        timezone="IANA time zone, e.g. Europe/London or America/New_York",
        thread="Open a discussion thread on each post (default from the config)",
        role="A role to ping with each post",
    )
    async def setup_(
        self,
        interaction: discord.Interaction,
        channel: discord.TextChannel,
        time: str,
        timezone: str,
        thread: bool | None = None,
        role: discord.Role | None = None,
    ) -> None:
        """Choose the channel, time and time zone of the daily reading."""
        at = parse_time(time)
        if at is None:
            await interaction.response.send_message(messages.daily_bad_time(time), ephemeral=True)
            return
        zone = timezone.strip()
        if not valid_timezone(zone):
            await interaction.response.send_message(messages.daily_bad_timezone(timezone), ephemeral=True)
            return
        thread = self.bot.config.daily.thread if thread is None else thread
        permissions = channel.permissions_for(interaction.guild.me)
        needed = {
            "view_channel": "View Channel",
            "send_messages": "Send Messages",
            "embed_links": "Embed Links",
            "read_message_history": "Read Message History",
        }
        if thread:
            needed["create_public_threads"] = "Create Public Threads"
        missing = [label for flag, label in needed.items() if not getattr(permissions, flag)]
        if missing:
            await interaction.response.send_message(
                messages.daily_missing_permissions(channel.mention, missing), ephemeral=True
            )
            return
        if role is not None and (role.is_default() or role.managed):
            await interaction.response.send_message(messages.daily_bad_role(role.name), ephemeral=True)
            return
        notes = []
        if role is not None and not role.mentionable and not permissions.mention_everyone:
            notes.append(messages.daily_role_not_mentionable(role.mention))
        now = discord.utils.utcnow()
        storage = self.bot.storage
        async with self._lock(interaction.guild_id):
            storage.save_daily_setup(
                interaction.guild_id, channel.id, at.strftime("%H:%M"), zone, thread, role.id if role else None, now
            )
            self._plan(now)
            upcoming = self._upcoming(interaction.guild_id, now)
        text = messages.daily_setup_done(
            channel.mention, at.strftime("%H:%M"), zone, thread, role.mention if role else None, upcoming
        )
        await interaction.response.send_message("\n".join([text, *notes]), ephemeral=True)

    @setup_.autocomplete("timezone")
    async def _timezone_choices(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        wanted = current.strip().lower().replace(" ", "_")
        names = sorted(name for name in zoneinfo.available_timezones() if wanted in name.lower())
        return [app_commands.Choice(name=name, value=name) for name in names[:25]]

    async def _schedule_or_say(self, interaction: discord.Interaction):
        row = self.bot.storage.daily_schedule(interaction.guild_id)
        if row is None:
            await interaction.response.send_message(messages.DAILY_NOT_SET_UP, ephemeral=True)
        return row

    def _upcoming(self, guild_id: int, now: datetime) -> str:
        """Say what the guild's schedule posts next, and when."""
        state = self.bot.storage.daily_schedule(guild_id).schedule
        total = self.total
        return messages.daily_next(
            state.next_day,
            total,
            _unix(self._next_post(guild_id, state, now)),
            title=self.article.reading(state.next_day).title if state.next_day <= total else None,
            finished=schedule.next_post_kind(state, total) is None,
            paused=state.paused,
        )

    @daily.command(name="status")
    async def status(self, interaction: discord.Interaction) -> None:
        """Show the daily reading's settings, what comes next and any problem."""
        row = await self._schedule_or_say(interaction)
        if row is None:
            return
        await interaction.response.send_message(
            messages.daily_status(
                channel=f"<#{row.channel_id}>",
                at=row.schedule.time.strftime("%H:%M"),
                zone=row.schedule.timezone,
                thread=row.thread,
                role=f"<@&{row.role_id}>" if row.role_id else None,
                upcoming=self._upcoming(interaction.guild_id, discord.utils.utcnow()),
                paused=row.schedule.paused,
                error=row.last_error,
                error_at=_unix(row.last_error_at),
            ),
            ephemeral=True,
        )

    @daily.command(name="post")
    async def post_now(self, interaction: discord.Interaction) -> None:
        """Post the next reading now; it counts as today's."""
        row = await self._schedule_or_say(interaction)
        if row is None:
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        now = discord.utils.utcnow()
        async with self._lock(interaction.guild_id):
            if not await self._resolve_open(interaction.guild, now):
                row = self.bot.storage.daily_schedule(interaction.guild_id)
                await interaction.followup.send(messages.daily_post_failed(row.last_error), ephemeral=True)
                return
            row = self.bot.storage.daily_schedule(interaction.guild_id)
            if schedule.next_post_kind(row.schedule, self.total) is None:
                await interaction.followup.send(messages.DAILY_FINISHED, ephemeral=True)
                return
            day = row.schedule.next_day
            message, reason = await self._post(interaction.guild, now)
            self._plan(now)
        if message is None:
            await interaction.followup.send(messages.daily_post_failed(reason), ephemeral=True)
        else:
            await interaction.followup.send(messages.daily_posted(day, self.total, message.jump_url), ephemeral=True)

    async def _change(self, interaction: discord.Interaction, change, *, running_only: bool = False) -> None:
        """Apply ``change(state, now)`` to the guild's schedule and reply with ``reply(before)`` and what comes next.

        ``change`` returns the new state and the reply's first words.
        """
        row = await self._schedule_or_say(interaction)
        if row is None:
            return
        now = discord.utils.utcnow()
        async with self._lock(interaction.guild_id):
            await self._resolve_open(interaction.guild, now)
            before = self.bot.storage.daily_schedule(interaction.guild_id).schedule
            if running_only and schedule.next_post_kind(before, self.total) is None:
                await interaction.response.send_message(messages.DAILY_FINISHED, ephemeral=True)
                return
            after, said = change(before, now)
            self.bot.storage.save_daily_progress(
                interaction.guild_id,
                next_day=after.next_day,
                paused=after.paused,
                last_posted_on=after.last_posted_on,
                started=after.started,
            )
            self._failures.pop(interaction.guild_id, None)
            self._plan(now)
            upcoming = self._upcoming(interaction.guild_id, now)
        await interaction.response.send_message(" ".join(part for part in (said, upcoming) if part), ephemeral=True)

    @daily.command(name="skip")
    async def skip(self, interaction: discord.Interaction) -> None:
        """Skip the next reading (it is not posted)."""
        total = self.total
        await self._change(
            interaction,
            lambda state, now: (schedule.skip(state, total), messages.daily_skipped(state.next_day)),
            running_only=True,
        )

    @daily.command(name="pause")
    async def pause(self, interaction: discord.Interaction) -> None:
        """Pause the daily reading until /daily resume."""
        await self._change(interaction, lambda state, now: (schedule.pause(state), None))

    @daily.command(name="resume")
    async def resume(self, interaction: discord.Interaction) -> None:
        """Resume a paused daily reading."""
        await self._change(interaction, lambda state, now: (schedule.resume(state, now), messages.DAILY_RESUMED))

    @daily.command(name="goto")
    @app_commands.describe(day="The reading to post next")
    async def goto(self, interaction: discord.Interaction, day: app_commands.Range[int, 1, PARAGRAPH_COUNT]) -> None:
        """Make a given day the next reading."""
        if day > self.total:
            await interaction.response.send_message(messages.daily_day_range(self.total), ephemeral=True)
            return
        await self._change(interaction, lambda state, now: (schedule.goto(state, day, now), None))

    @daily.command(name="restart")
    async def restart(self, interaction: discord.Interaction) -> None:
        """Start the readings again from day 1."""
        await self._change(interaction, lambda state, now: (schedule.restart(state, now), None))

    # -- members ---------------------------------------------------------------------------------
    @app_commands.command(name="today")
    @app_commands.guild_only()
    async def today(self, interaction: discord.Interaction) -> None:
        """Show the current day's reading and discussion prompt again."""
        row = await self._schedule_or_say(interaction)
        if row is None:
            return
        total = self.total
        posted = [post.day for post in self.bot.storage.daily_posts(interaction.guild_id) if post.day <= total]
        if not posted:
            when = self._next_post(interaction.guild_id, row.schedule, discord.utils.utcnow())
            await interaction.response.send_message(messages.daily_first_comes(_unix(when)), ephemeral=True)
            return
        post = messages.daily_post(
            self.article, self.article.reading(posted[-1]), questions=self._questions(posted[-1])
        )
        await interaction.response.send_message(embed=post_embed(post), ephemeral=True)

    @app_commands.command(name="reading")
    @app_commands.guild_only()
    @app_commands.describe(day="The day's number")
    async def reading(self, interaction: discord.Interaction, day: app_commands.Range[int, 1, PARAGRAPH_COUNT]) -> None:
        """Show a reading the group has already had."""
        total = self.total
        if day > total:
            await interaction.response.send_message(messages.daily_day_range(total), ephemeral=True)
            return
        posted = {post.day for post in self.bot.storage.daily_posts(interaction.guild_id)}
        if day not in posted:
            await interaction.response.send_message(messages.daily_not_posted(day), ephemeral=True)
            return
        post = messages.daily_post(self.article, self.article.reading(day), questions=self._questions(day))
        await interaction.response.send_message(embed=post_embed(post), ephemeral=True)


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Daily(bot))
