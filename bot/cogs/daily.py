"""The daily reading's commands: ``/daily`` for organisers, ``/today`` and ``/reading`` for members.

Thin glue: the posts themselves, and the record that makes each go out exactly once, are
:class:`bot.posting.DailyPoster`'s; this cog starts it, and its commands change a guild's schedule
(:mod:`bot.core.schedule`) and ask the poster to plan again. The cog owns the whole ``/daily``
group, the companion's ``/daily spoilers`` and ``/daily suggestions`` included.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot import messages, replies, ui
from bot.app import ReadingBot
from bot.checks import OrganiserGroup, is_organiser, missing_daily_permissions
from bot.config import parse_time
from bot.core import schedule
from bot.core.knowledge import PARAGRAPH_COUNT
from bot.posting import DailyPoster
from bot.storage import DailySetup


def unix(moment: datetime | None) -> int | None:
    """Return an instant as Unix seconds for a Discord timestamp."""
    return int(moment.timestamp()) if moment is not None else None


# A change to a schedule: the new schedule and the first words of the reply, from the old one and now.
Change = Callable[[schedule.Schedule, datetime], tuple[schedule.Schedule, str | None]]


class Daily(commands.Cog):
    """Set up and steer each guild's daily reading; show the readings posted."""

    daily = OrganiserGroup(
        name="daily",
        description="Set up and steer the daily reading (organisers)",
        default_permissions=discord.Permissions(manage_guild=True),
        guild_only=True,
    )

    def __init__(self, bot: ReadingBot) -> None:
        self.bot = bot
        self.poster = DailyPoster(bot)

    async def cog_load(self) -> None:
        self.poster.start()

    async def cog_unload(self) -> None:
        self.poster.stop()

    async def _setup_or_say(self, interaction: discord.Interaction) -> DailySetup | None:
        """Return the guild's daily reading, or tell the member it is not set up and return None."""
        setup = self.bot.storage.daily_schedule(interaction.guild_id or 0)
        if setup is None:
            await ui.respond(interaction, replies.text_reply(messages.DAILY_NOT_SET_UP))
        return setup

    def _upcoming(self, guild_id: int, now: datetime) -> str:
        """Say what the guild's schedule posts next, and when."""
        setup = self.bot.storage.daily_schedule(guild_id)
        assert setup is not None
        state, total = setup.schedule, self.poster.total
        when = self.poster.next_post(guild_id, state, now)
        return messages.daily_next(
            state.next_day,
            total,
            unix(max(when, now) if when is not None else None),  # a post due goes out now
            title=self.poster.article.reading(state.next_day).title if state.next_day <= total else None,
            finished=schedule.next_post_kind(state, total) is None,
            paused=state.paused,
        )

    # -- organisers: /daily ----------------------------------------------------------------------
    @daily.command(name="setup")
    @app_commands.describe(
        channel="Where the readings are posted",
        time="Local time of day, 24-hour HH:MM (e.g. 18:00)",
        timezone="IANA time zone, e.g. Europe/London or America/New_York",
        thread="Open a discussion thread on each post (default from the config)",
        role="A role to ping with each post",
        ask_hint="Start each thread with a line on how to ask me, too (off unless turned on; kept if left out)",
    )
    async def setup_(
        self,
        interaction: discord.Interaction,
        channel: discord.TextChannel,
        time: str,
        timezone: str,
        thread: bool | None = None,
        role: discord.Role | None = None,
        ask_hint: bool | None = None,
    ) -> None:
        """Choose the channel, time and time zone of the daily reading."""
        # ASCII digits only: "１８:００" in fullwidth digits is not a time an organiser meant to type.
        at = parse_time(time)
        if at is None:
            await ui.respond(interaction, replies.text_reply(messages.daily_bad_time(time)))
            return
        zone = schedule.canonical_zone(timezone)
        if zone is None:
            await ui.respond(interaction, replies.text_reply(messages.daily_bad_timezone(timezone)))
            return
        thread = self.bot.config.daily.thread if thread is None else thread
        permissions = channel.permissions_for(channel.guild.me)
        missing = missing_daily_permissions(permissions, thread=thread)
        if missing:
            names = [messages.PERMISSION_NAMES[flag] for flag in missing]
            await ui.respond(
                interaction, replies.text_reply(messages.daily_missing_permissions(channel.mention, names))
            )
            return
        if role is not None and (role.is_default() or role.managed):
            await ui.respond(interaction, replies.text_reply(messages.daily_bad_role(role.name)))
            return
        notes = []
        if role is not None and not role.mentionable and not permissions.mention_everyone:
            notes.append(messages.daily_role_not_mentionable(role.mention))
        now = self.bot.clock.now()
        guild_id = channel.guild.id
        storage = self.bot.storage
        async with self.poster.lock(guild_id):
            before = storage.daily_schedule(guild_id)
            if before is None:
                started: datetime | None = now
            else:  # a post still to come today is not lost by moving its time to one already past
                started = schedule.change(before.schedule, at, zone, now, self.poster.total).started
            if ask_hint is None:  # left out: as it was (off for a new schedule)
                ask_hint = before is not None and before.ask_hint
            storage.save_daily_setup(
                guild_id,
                channel.id,
                at.strftime("%H:%M"),
                zone,
                thread,
                role.id if role else None,
                started,
                ask_hint=ask_hint,
            )
            self.poster.plan(guild_id)
            upcoming = self._upcoming(guild_id, now)
            if before is not None:
                notes.extend(self._gap_notes(guild_id, before, now))
        text = messages.daily_setup_done(
            channel.mention, at.strftime("%H:%M"), zone, thread, role.mention if role else None, upcoming, hint=ask_hint
        )
        await ui.respond(interaction, replies.text_reply("\n".join([text, *notes])))

    def _gap_notes(self, guild_id: int, before: DailySetup, now: datetime) -> list[str]:
        """Say so when a change of time or time zone leaves a day without a reading, or two close together."""
        after = self.bot.storage.daily_schedule(guild_id)
        posts = self.bot.storage.daily_posts(guild_id)
        if after is None or not posts:
            return []
        coming = self.poster.next_post(guild_id, after.schedule, now)
        coming = max(coming, now) if coming is not None else None  # a post due now goes out now
        gap = schedule.unusual_gap(posts[-1].posted_at, self.poster.next_post(guild_id, before.schedule, now), coming)
        if gap is None or coming is None:
            return []
        return [messages.daily_gap_note(round(gap.total_seconds() / 3600), unix(coming), long=gap > schedule.LONG_GAP)]

    @setup_.autocomplete("timezone")
    async def _timezone_choices(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        # Discord runs an option's autocomplete before any check: a member's modified client gets nothing.
        if not is_organiser(interaction):
            return []
        wanted = current.strip().lower().replace(" ", "_")
        names = [name for name in schedule.zone_names() if wanted in name.lower()]
        return [app_commands.Choice(name=name, value=name) for name in names[:25]]

    @daily.command(name="status")
    async def status(self, interaction: discord.Interaction) -> None:
        """Show the daily reading's settings, what comes next and any problem."""
        setup = await self._setup_or_say(interaction)
        if setup is None:
            return
        text = messages.daily_status(
            channel=f"<#{setup.channel_id}>",
            at=setup.schedule.time.strftime("%H:%M"),
            zone=setup.schedule.timezone,
            thread=setup.thread,
            role=f"<@&{setup.role_id}>" if setup.role_id else None,
            upcoming=self._upcoming(setup.guild_id, self.bot.clock.now()),
            paused=setup.schedule.paused,
            error=setup.last_error,
            error_at=unix(setup.last_error_at),
            hint=setup.ask_hint,
        )
        await ui.respond(interaction, replies.text_reply(text))

    @daily.command(name="post")
    async def post_now(self, interaction: discord.Interaction) -> None:
        """Post the next reading now; it counts as today's."""
        setup = await self._setup_or_say(interaction)
        if setup is None or interaction.guild is None:
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        guild, now = interaction.guild, self.bot.clock.now()
        async with self.poster.lock(guild.id):
            problem = await self.poster.settle(guild, now)
            setup = self.bot.storage.daily_schedule(guild.id)
            assert setup is not None
            if problem is not None:
                await ui.respond(interaction, replies.text_reply(messages.daily_post_failed(problem)))
                return
            if schedule.next_post_kind(setup.schedule, self.poster.total) is None:
                await ui.respond(interaction, replies.text_reply(messages.DAILY_FINISHED))
                return
            day = setup.schedule.next_day
            message, reason = await self.poster.post(guild, setup, now)
            self.poster.plan(guild.id)
        if message is None:
            await ui.respond(interaction, replies.text_reply(messages.daily_post_failed(reason or "")))
        else:
            posted = self.bot.storage.daily_posts(guild.id)
            thread_id = posted[-1].thread_id if posted and posted[-1].message_id == message.id else None
            text = messages.daily_posted(day, self.poster.total, message.jump_url, thread_id)
            await ui.respond(interaction, replies.text_reply(text))

    async def _change(self, interaction: discord.Interaction, change: Change, *, running_only: bool = False) -> None:
        """Apply ``change`` to the guild's schedule; reply with its words and what comes next."""
        setup = await self._setup_or_say(interaction)
        if setup is None or interaction.guild is None:
            return
        guild, now = interaction.guild, self.bot.clock.now()
        async with self.poster.lock(guild.id):
            await self.poster.settle(guild, now)
            setup = self.bot.storage.daily_schedule(guild.id)
            assert setup is not None
            before = setup.schedule
            if running_only and schedule.next_post_kind(before, self.poster.total) is None:
                await ui.respond(interaction, replies.text_reply(messages.DAILY_FINISHED))
                return
            after, said = change(before, now)
            self.bot.storage.save_daily_progress(
                guild.id,
                next_day=after.next_day,
                paused=after.paused,
                last_posted_on=after.last_posted_on,
                started=after.started,
            )
            self.poster.forget_failures(guild.id)
            self.poster.plan(guild.id)
            upcoming = self._upcoming(guild.id, now)
        await ui.respond(interaction, replies.text_reply(" ".join(part for part in (said, upcoming) if part)))

    @daily.command(name="skip")
    async def skip(self, interaction: discord.Interaction) -> None:
        """Skip the next reading (it is not posted)."""
        total = self.poster.total
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
        if day > self.poster.total:
            await ui.respond(interaction, replies.text_reply(messages.daily_day_range(self.poster.total)))
            return
        await self._change(interaction, lambda state, now: (schedule.goto(state, day, now), None))

    @daily.command(name="restart")
    async def restart(self, interaction: discord.Interaction) -> None:
        """Start the readings again from day 1."""
        await self._change(interaction, lambda state, now: (schedule.restart(state, now), None))

    @daily.command(name="spoilers")
    @app_commands.describe(
        setting="on: hold back answers from readings the group hasn't reached; off: answer everything"
    )
    async def spoilers(self, interaction: discord.Interaction, setting: Literal["on", "off"]) -> None:
        """Turn the spoiler guard on or off for this server (off by default)."""
        self.bot.storage.set_spoilers(interaction.guild_id or 0, setting == "on")
        text = messages.SPOILERS_ON if setting == "on" else messages.SPOILERS_OFF
        await ui.respond(interaction, replies.text_reply(text))

    @daily.command(name="suggestions")
    async def suggestions(self, interaction: discord.Interaction) -> None:
        """Review the discussion prompts members suggested: approve or reject each."""
        waiting = self.bot.storage.pending_suggestions(interaction.guild_id or 0)
        await ui.respond(interaction, replies.suggestions_reply(waiting))

    # -- members ---------------------------------------------------------------------------------
    @app_commands.command(name="today")
    @app_commands.guild_only()
    async def today(self, interaction: discord.Interaction) -> None:
        """Show the current day's reading and discussion prompt again."""
        setup = await self._setup_or_say(interaction)
        if setup is None:
            return
        total = self.poster.total
        posted = [post.day for post in self.bot.storage.daily_posts(setup.guild_id) if post.day <= total]
        if not posted:
            when = self.poster.next_post(setup.guild_id, setup.schedule, self.bot.clock.now())
            await ui.respond(interaction, replies.text_reply(messages.daily_first_comes(unix(when))))
            return
        await self._show(interaction, posted[-1])

    @app_commands.command(name="reading")
    @app_commands.guild_only()
    @app_commands.describe(day="The day's number")
    async def reading(self, interaction: discord.Interaction, day: app_commands.Range[int, 1, PARAGRAPH_COUNT]) -> None:
        """Show a reading the group has already had."""
        total = self.poster.total
        if day > total:
            await ui.respond(interaction, replies.text_reply(messages.daily_day_range(total)))
            return
        posted = {post.day for post in self.bot.storage.daily_posts(interaction.guild_id or 0)}
        if day not in posted:
            await ui.respond(interaction, replies.text_reply(messages.daily_not_posted(day)))
            return
        await self._show(interaction, day)

    async def _show(self, interaction: discord.Interaction, day: int) -> None:
        """Show a day's post again, to the member alone."""
        post = replies.daily_post(self.bot.library.knowledge, day)
        await ui.respond(interaction, replies.Reply(cards=(post.card,), private=True))


async def setup(bot: ReadingBot) -> None:
    """Load the daily reading."""
    await bot.add_cog(Daily(bot))
