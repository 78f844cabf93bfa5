"""The daily reading on (simulated) Discord: organisers set it up, the clock runs, members read.

SimCord's clock starts at 2026-01-01 00:00 UTC (midnight in London) and only moves when a test
advances it; the bot's minute loop runs on that clock.
"""

from __future__ import annotations

import zoneinfo
from datetime import UTC, date, datetime, timedelta

import discord
import pytest
from _world import DAY, HOUR, World, lose_the_answer

from bot.checks import NotOrganiser

TOTAL = 16


@pytest.fixture
def world(simcord_env, config):
    return World(simcord_env, config)


def day_titles(*days: int) -> list[str]:
    return [f"Day {d} of {TOTAL}" for d in days]


def starts(titles: list[str], days: list[str]) -> bool:
    return len(titles) == len(days) and all(t.startswith(d + ":") for t, d in zip(titles, days))


async def test_one_post_a_day_in_order_with_its_thread(world):
    reply = await world.setup()
    assert reply.ephemeral and f"<#{world.channel.id}> at 18:00 Europe/London" in reply.response.content
    assert "day 1" in reply.response.content
    await world.env.advance_time(18 * HOUR - 60)
    assert world.posts() == []
    await world.env.advance_time(60)
    assert starts(world.titles(), day_titles(1))
    await world.env.advance_time(3 * DAY)
    assert starts(world.titles(), day_titles(1, 2, 3, 4))
    post = world.posts()[0]
    embed = post.embeds[0]
    assert "> **¶1** Leon Trotsky" in embed.description
    assert embed.fields[0].name == "Discussion" and embed.fields[0].value
    assert post.content == ""
    threads = {t.id: t.name for t in world.channel.threads}
    assert [threads[m.id] for m in world.posts()] == [
        "Day 1: The battle begins",
        "Day 2: Workers’ democracy",
        "Day 3: Industrialisation and the working class",
        "Day 4: An international struggle",
    ]
    # Posted at 18:00 London time each day.
    assert [m.created_at.hour for m in world.posts()] == [18, 18, 18, 18]


def openings(world, post: discord.Message) -> list[str]:
    """The bot's messages in a post's thread, oldest first."""
    bot_id = world.env.bot.user.id
    return [m.content for m in world.thread_of(post).history() if m.author.id == bot_id]


async def test_each_thread_opens_with_the_days_prompt(world):
    await world.setup()
    await world.env.advance_time(18 * HOUR)
    [post] = world.posts()
    prompt = post.embeds[0].fields[0].value
    # The thread's first message is the discussion prompt, so members have something to answer.
    assert openings(world, post) == [f"**Discussion:** {prompt}"]
    [first] = world.thread_of(post).history()[:1]
    assert first.author.id == world.env.bot.user.id
    await world.admin.slash(world.general, "daily post")
    day_2 = world.posts()[-1]
    assert openings(world, day_2) == [f"**Discussion:** {day_2.embeds[0].fields[0].value}"]


async def test_the_post_command_replies_with_labelled_links_not_a_raw_url(world):
    await world.setup()
    reply = await world.admin.slash(world.general, "daily post")
    [post] = world.posts()
    # As /catchup links a post: "[the post](…)", and the thread.
    assert reply.response.content == f"Day 1 is posted: [the post]({post.jump_url}) · thread <#{post.id}>"


async def test_the_thread_can_say_how_to_ask_the_bot(world):
    reply = await world.setup(ask_hint=True)
    assert "with a discussion thread that says how to ask me" in reply.response.content
    await world.env.advance_time(18 * HOUR)
    [opening] = openings(world, world.posts()[0])
    assert opening.endswith("\n*Questions about the reading? Mention me here with one, or use `/ask`.*")
    await world.setup(time="19:00")  # left out: kept as it was
    status = await world.admin.slash(world.general, "daily status")
    assert "with a discussion thread that says how to ask me" in status.response.content
    await world.setup(ask_hint=False)
    await world.env.advance_time(DAY)
    assert "/ask" not in openings(world, world.posts()[1])[0]


@pytest.mark.parametrize("dies", ["after opening the thread", "after sending the prompt"])
async def test_a_restart_between_opening_the_thread_and_recording_its_prompt_posts_it_once(world, monkeypatch, dies):
    await world.setup()
    poster, storage = world.cog.poster, world.env.bot.storage

    async def die_before_the_prompt(*args, **kwargs):
        raise RuntimeError("the process died here")

    def die_before_recording(*args, **kwargs):
        raise RuntimeError("the process died here")

    if dies == "after opening the thread":
        monkeypatch.setattr(poster, "_open_discussion", die_before_the_prompt)
    else:
        monkeypatch.setattr(storage, "set_daily_opening", die_before_recording)
    await world.env.advance_time(18 * HOUR)
    [post] = world.posts()
    assert len(openings(world, post)) == (dies == "after sending the prompt")
    await world.restart()
    prompt = post.embeds[0].fields[0].value
    assert openings(world, post) == [f"**Discussion:** {prompt}"]  # once
    assert world.env.bot.storage.daily_posts(world.guild.id)[0].opening_id == world.thread_of(post).history()[0].id
    await world.restart()
    assert len(openings(world, post)) == 1


async def test_the_role_is_pinged_and_nothing_else(world):
    await world.setup(role=world.readers)
    await world.env.advance_time(18 * HOUR)
    [post] = world.posts()
    assert post.content == f"<@&{world.readers.id}>"
    [sent] = [
        r for r in world.env.http_requests if r.method == "POST" and r.path.endswith(f"/{world.channel.id}/messages")
    ]
    assert sent.json["allowed_mentions"] == {"parse": [], "roles": [world.readers.id]}


async def test_without_a_role_nobody_is_pinged_and_threads_can_be_off(world):
    await world.setup(thread=False)
    await world.env.advance_time(18 * HOUR)
    [post] = world.posts()
    assert post.content == "" and world.channel.threads == []
    [sent] = [
        r for r in world.env.http_requests if r.method == "POST" and r.path.endswith(f"/{world.channel.id}/messages")
    ]
    assert sent.json["allowed_mentions"]["parse"] == [] and not sent.json["allowed_mentions"].get("roles")


async def test_setup_names_a_bad_time_or_timezone_and_checks_the_channel(world):
    reply = await world.setup(time="25:00")
    assert reply.ephemeral and "25:00" in reply.response.content
    reply = await world.setup(timezone="Mars/Olympus")
    assert reply.ephemeral and "Mars/Olympus" in reply.response.content
    choices = await world.admin.autocomplete(world.general, "daily setup", "timezone", "new y")
    assert {"name": "America/New_York", "value": "America/New_York"} in choices
    # A member shown /daily setup by a server's override reads nothing through its autocomplete.
    root = world.env.backend.find_command("daily", None, type=1)
    world.guild.set_command_permissions(int(root["id"]), {world.member: True})
    assert await world.member.autocomplete(world.general, "daily setup", "timezone", "new y") == []
    reply = await world.setup(role=world.guild.default_role)
    assert reply.ephemeral and "can't be the reading group's role" in reply.response.content
    bot_role = world.guild.roles[world.env.bot.user.name]
    closed = world.guild.create_text_channel(
        "announcements",
        overwrites={bot_role: discord.PermissionOverwrite(send_messages=False, create_public_threads=False)},
    )
    reply = await world.setup(channel=closed)
    assert reply.ephemeral
    assert "Send Messages" in reply.response.content and "Create Public Threads" in reply.response.content
    status = await world.admin.slash(world.general, "daily status")
    assert "isn't set up" in status.response.content  # nothing was accepted
    await world.env.advance_time(DAY)
    assert world.posts() == [] and world.posts(closed) == []


async def test_setup_takes_canonical_iana_time_zones_and_ascii_times_only(world):
    for zone in ("posixrules", "Factory", "right/UTC", "posix/Europe/London", "localtime", "Europe/Londoſ"):
        reply = await world.setup(timezone=zone)
        assert "isn't a time zone I know" in reply.response.content, zone
    for time in ("１８:００", "١٨:٣٠", "18:\u0660\u0660"):  # fullwidth and Arabic-Indic digits
        reply = await world.setup(time=time)
        assert "isn't a time of day" in reply.response.content, time
    assert world.env.bot.storage.daily_schedule(world.guild.id) is None  # nothing was accepted
    for typed in ("fact", "posix", "right/", "localtime"):
        assert await world.admin.autocomplete(world.general, "daily setup", "timezone", typed) == [], typed
    reply = await world.setup(timezone="europe/london")  # IANA's name, whatever the letter case
    assert "18:00 Europe/London" in reply.response.content
    assert world.env.bot.storage.daily_schedule(world.guild.id).schedule.timezone == "Europe/London"
    await world.setup(timezone="UTC")
    assert world.env.bot.storage.daily_schedule(world.guild.id).schedule.timezone == "UTC"


async def test_moving_the_time_earlier_past_the_present_posts_today_once_now(world):
    await world.setup()
    await world.env.advance_time(17 * HOUR)  # 17:00, day 1 still to come at 18:00
    await world.setup(time="16:00")
    [post] = world.posts()  # posted at once, as a missed post would be…
    assert post.created_at == datetime(2026, 1, 1, 17, tzinfo=UTC)
    await world.env.advance_time(2 * HOUR)
    assert starts(world.titles(), day_titles(1))  # …once
    await world.env.advance_time(DAY)  # the next at the new time
    assert starts(world.titles(), day_titles(1, 2))
    assert world.posts()[1].created_at == datetime(2026, 1, 2, 16, tzinfo=UTC)
    await world.env.advance_time(2 * HOUR)  # 18:00 on day 2, posted at 16:00: moving earlier again
    await world.setup(time="15:00")
    await world.env.advance_time(DAY - 4 * HOUR)
    assert starts(world.titles(), day_titles(1, 2, 3))  # nothing more on day 2; day 3 at 15:00
    assert world.posts()[2].created_at == datetime(2026, 1, 3, 15, tzinfo=UTC)


async def test_a_change_that_leaves_a_day_without_a_reading_or_two_close_together_says_so(world):
    await world.setup()
    await world.env.advance_time(19 * HOUR)  # day 1 went out at 18:00 London (18:00 UTC)
    reply = await world.setup(timezone="America/Los_Angeles")  # 18:00 there: 02:00 UTC
    content = reply.response.content
    slot = int(datetime(2026, 1, 3, 2, tzinfo=UTC).timestamp())  # 18:00 on 2 January in Los Angeles
    assert f"next reading comes <t:{slot}:F>, 32 hours after the last one" in content
    reply = await world.setup(timezone="Asia/Tokyo", time="08:00")  # 08:00 on 2 January there: 23:00 UTC
    slot = int(datetime(2026, 1, 1, 23, tzinfo=UTC).timestamp())
    assert f"next reading comes <t:{slot}:F>, only 5 hours after the last one" in reply.response.content
    reply = await world.setup(timezone="Asia/Tokyo", time="08:00")  # no change: nothing more to say
    assert "Note:" not in reply.response.content
    reply = await world.setup(timezone="Europe/London", time="18:00")  # back as it was: 24 hours
    assert "Note:" not in reply.response.content


async def test_a_member_without_the_permission_cannot_change_the_schedule(world):
    # Discord hides the organisers' commands from members…
    assert not any(name.startswith("daily") for name in world.member.available_commands(world.general))
    # …and if a server's overrides show them anyway, the bot still refuses.
    command = world.env.backend.find_command("daily", world.guild.id)
    world.guild.set_command_permissions(int(command["id"]), {world.member: True})
    reply = await world.member.slash(
        world.general, "daily setup", channel=world.channel, time="09:00", timezone="Europe/London"
    )
    assert reply.ephemeral and "organisers" in reply.response.content
    # The refusal goes through the tree's error handler (which SimCord records).
    assert any(isinstance(error, NotOrganiser) for error in world.env.errors)
    assert world.env.bot.storage.daily_schedule(world.guild.id) is None
    # The members' commands are open to everyone.
    assert {"today", "reading"} <= set(world.member.available_commands(world.general))


async def test_status_shows_the_next_post_as_a_discord_timestamp(world):
    await world.setup(role=world.readers)
    reply = await world.admin.slash(world.general, "daily status")
    text = reply.response.content
    slot = 1767290400  # 2026-01-01 18:00 UTC (London is on GMT)
    assert f"<t:{slot}:F>" in text and f"<t:{slot}:R>" in text
    assert f"<#{world.channel.id}>" in text and "18:00 Europe/London" in text
    assert "day 1 of 16" in text and "Paused: no" in text


async def test_restarts_between_days_and_on_the_posting_day(world):
    await world.setup()
    await world.env.advance_time(18 * HOUR)
    await world.restart()  # the evening of day 1, after the post
    await world.env.advance_time(18 * HOUR)  # noon of day 2
    await world.restart()  # the posting day, before the post
    await world.env.advance_time(6 * HOUR)
    await world.restart()  # just after day 2's post
    await world.env.advance_time(DAY)
    assert starts(world.titles(), day_titles(1, 2, 3))
    assert len(world.channel.threads) == 3


async def test_a_restart_between_sending_and_recording_neither_repeats_nor_skips(world, monkeypatch):
    await world.setup()
    storage = world.env.bot.storage
    real_finish = storage.finish_daily_post

    def crash_once(*args, **kwargs):
        monkeypatch.setattr(storage, "finish_daily_post", real_finish)
        raise RuntimeError("the process died here")

    monkeypatch.setattr(storage, "finish_daily_post", crash_once)
    await world.env.advance_time(18 * HOUR)
    assert starts(world.titles(), day_titles(1))  # sent…
    assert storage.open_daily_post(world.guild.id).state == "sending"  # …but not recorded
    assert world.channel.threads == []
    await world.restart()
    assert starts(world.titles(), day_titles(1))  # not sent again
    assert world.env.bot.storage.open_daily_post(world.guild.id) is None
    assert [t.name for t in world.channel.threads] == ["Day 1: The battle begins"]
    await world.env.advance_time(DAY)
    assert starts(world.titles(), day_titles(1, 2))  # and not skipped


async def test_an_approved_prompt_is_used_once_even_when_the_bot_dies_before_recording_its_post(world, monkeypatch):
    prompt = "If you had been a worker in 1923, which side would you have taken, and why?"
    await world.member.slash(world.general, "suggest", prompt=prompt, day=1)
    queue = await world.admin.slash(world.general, "daily suggestions")
    await world.admin.click(queue.response, label="Approve 1")
    await world.setup()
    storage = world.env.bot.storage
    real_finish = storage.finish_daily_post

    def crash_once(*args, **kwargs):
        monkeypatch.setattr(storage, "finish_daily_post", real_finish)
        raise RuntimeError("the process died here")

    monkeypatch.setattr(storage, "finish_daily_post", crash_once)
    await world.env.advance_time(18 * HOUR)  # day 1 goes out with the member's prompt…
    await world.restart()  # …and is recorded only now, found in the channel
    [used] = world.env.bot.storage.db.execute("SELECT state FROM prompt_suggestions").fetchall()
    assert used["state"] == "used"  # marked with the post, in the same transaction
    await world.admin.slash(world.general, "daily goto", day=1)
    await world.admin.slash(world.general, "daily post")
    first, again = (post.embeds[0].fields[0].value for post in world.posts())
    assert first.startswith(prompt) and "Suggested by" in first
    assert "Suggested by" not in again  # not used twice


async def test_a_restart_between_recording_and_opening_the_thread_opens_it(world, monkeypatch):
    await world.setup()

    async def die(*args):
        raise RuntimeError("the process died here")

    monkeypatch.setattr(world.cog.poster, "open_thread", die)
    await world.env.advance_time(18 * HOUR)
    assert starts(world.titles(), day_titles(1)) and world.channel.threads == []
    await world.restart()
    assert [t.name for t in world.channel.threads] == ["Day 1: The battle begins"]
    assert starts(world.titles(), day_titles(1))


async def test_a_restart_after_recording_the_attempt_but_before_sending_sends_it(world):
    await world.setup()
    await world.env.advance_time(DAY + 17 * HOUR)  # day 1 posted; 17:00 on day 2
    world.cog.poster.stop()  # the bot hangs…
    await world.env.advance_time(HOUR)
    # …having written its attempt at day 2, at 18:00, and died before the message went out.
    world.env.bot.storage.begin_daily_post(
        world.guild.id, 2, date(2026, 1, 2), world.channel.id, world.env.now(), last_message_id=world.posts()[-1].id
    )
    await world.env.advance_time(20 * 60)
    assert starts(world.titles(), day_titles(1))
    await world.restart()  # 18:20: not found in the channel, so it was never sent: send it now
    assert starts(world.titles(), day_titles(1, 2))
    assert world.posts()[-1].created_at == datetime(2026, 1, 2, 18, 20, tzinfo=UTC)
    await world.env.advance_time(DAY)
    assert starts(world.titles(), day_titles(1, 2, 3))


@pytest.mark.parametrize("minutes", [6, 30, -30])
async def test_a_wrong_host_clock_and_a_lost_answer_never_post_a_day_twice(world, monkeypatch, minutes):
    # Whether the post went out is decided in Discord's order, not by the host's clock.
    world.env.bot.clock.offset = timedelta(minutes=minutes)
    await world.setup()
    sent_at = datetime(2026, 1, 1, 18, tzinfo=UTC) - timedelta(minutes=minutes)  # 18:00 by the host
    await world.env.advance_time((sent_at - world.env.now()).total_seconds() - 60)
    lose_the_answer(monkeypatch, world.channel.id)
    await world.env.advance_time(60)
    assert starts(world.titles(), day_titles(1)) and world.posts()[0].created_at == sent_at
    assert world.env.bot.storage.open_daily_post(world.guild.id) is not None  # fate unknown to the bot
    await world.env.advance_time(10 * 60)  # the retry looks in the channel first: it is there
    assert starts(world.titles(), day_titles(1))
    assert world.env.bot.storage.open_daily_post(world.guild.id) is None
    assert [post.message_id for post in world.env.bot.storage.daily_posts(world.guild.id)] == [world.posts()[0].id]
    await world.restart()
    await world.env.advance_time(DAY)
    assert starts(world.titles(), day_titles(1, 2))


async def test_offline_at_post_time_posts_the_day_once_when_back_and_never_a_burst(world):
    await world.setup()
    await world.env.advance_time(17 * HOUR)
    world.cog.poster.stop()  # offline from 17:00…
    await world.env.advance_time(4 * HOUR)
    await world.restart()  # …back at 21:00 the same day: day 1 goes out now
    assert starts(world.titles(), day_titles(1))
    assert world.posts()[0].created_at.hour == 21
    world.cog.poster.stop()  # offline again for three posting times
    await world.env.advance_time(3 * DAY - 11 * HOUR)  # 10:00 on day 4
    await world.restart()
    assert starts(world.titles(), day_titles(1))  # no burst of missed days
    await world.env.advance_time(8 * HOUR)
    assert starts(world.titles(), day_titles(1, 2))  # the next reading, at the usual time


async def test_pause_and_resume(world):
    await world.setup()
    await world.env.advance_time(18 * HOUR)
    reply = await world.admin.slash(world.general, "daily pause")
    assert reply.ephemeral and "Paused" in reply.response.content
    status = await world.admin.slash(world.general, "daily status")
    assert "Paused: nothing is posted" in status.response.content
    await world.env.advance_time(2 * DAY)
    assert starts(world.titles(), day_titles(1))
    await world.env.advance_time(HOUR)  # 19:00 on day 3: today's time passed while paused
    reply = await world.admin.slash(world.general, "daily resume")
    assert "day 2" in reply.response.content
    await world.env.advance_time(12 * HOUR)
    assert starts(world.titles(), day_titles(1))  # not made up
    await world.env.advance_time(12 * HOUR)
    assert starts(world.titles(), day_titles(1, 2))


async def test_skip_goto_and_post_now(world):
    await world.setup()
    await world.env.advance_time(18 * HOUR)
    reply = await world.admin.slash(world.general, "daily skip")
    assert "Skipped day 2" in reply.response.content and "day 3" in reply.response.content
    await world.env.advance_time(DAY)
    assert starts(world.titles(), day_titles(1, 3))
    await world.env.advance_time(16 * HOUR)  # 10:00 on day 3
    reply = await world.admin.slash(world.general, "daily post")
    assert "Day 4 is posted" in reply.response.content
    assert starts(world.titles(), day_titles(1, 3, 4))
    await world.env.advance_time(12 * HOUR)  # 22:00: the post counted as today's
    assert starts(world.titles(), day_titles(1, 3, 4))
    await world.admin.slash(world.general, "daily goto", day=9)
    await world.env.advance_time(DAY)
    assert starts(world.titles(), day_titles(1, 3, 4, 9))


async def test_a_failed_send_is_retried_and_not_counted(world):
    await world.setup()
    await world.env.advance_time(17 * HOUR)
    world.env.inject_error("POST", "/channels/*/messages", status=500, times=2)
    await world.env.advance_time(HOUR)  # 18:00: Discord fails
    assert world.posts() == []
    status = await world.admin.slash(world.general, "daily status")
    assert "Last attempt failed" in status.response.content and "500" in status.response.content
    assert "day 1 of 16" in status.response.content  # not counted
    await world.env.advance_time(10 * 60)  # 18:10: fails again
    assert world.posts() == []
    await world.env.advance_time(10 * 60)  # 18:20: goes out
    assert starts(world.titles(), day_titles(1))
    assert world.posts()[0].created_at.minute == 20
    status = await world.admin.slash(world.general, "daily status")
    assert "failed" not in status.response.content and "day 2 of 16" in status.response.content
    await world.env.advance_time(DAY)
    assert starts(world.titles(), day_titles(1, 2))


async def test_retries_are_bounded_then_the_day_waits_for_tomorrow(world):
    await world.setup()
    await world.env.advance_time(17 * HOUR)
    world.env.inject_error(
        "POST", "/channels/*/messages", status=403, code=50013, message="Missing Permissions", times=4
    )
    await world.env.advance_time(6 * HOUR)
    sends = [r for r in world.env.http_requests if r.method == "POST" and r.path.endswith("/messages")]
    assert len(sends) == 1 + world.config.daily.retries
    assert world.posts() == []
    status = await world.admin.slash(world.general, "daily status")
    assert "missing a permission" in status.response.content
    await world.env.advance_time(DAY)
    assert starts(world.titles(), day_titles(1))  # the same reading, the next day


async def test_today_and_reading_for_members(world):
    reply = await world.member.slash(world.general, "today")
    assert "isn't set up" in reply.response.content
    await world.setup()
    reply = await world.member.slash(world.general, "today")
    assert "day 1 comes <t:1767290400:F>" in reply.response.content
    await world.env.advance_time(DAY + 18 * HOUR)
    reply = await world.member.slash(world.general, "today")
    assert reply.ephemeral and reply.response.embeds[0].title.startswith("Day 2 of 16")
    reply = await world.member.slash(world.general, "reading", day=1)
    assert reply.response.embeds[0].title.startswith("Day 1 of 16")
    reply = await world.member.slash(world.general, "reading", day=5)
    assert "hasn't been posted yet" in reply.response.content
    reply = await world.member.slash(world.general, "reading", day=20)
    assert "from 1 to 16" in reply.response.content


async def test_the_end_of_the_article_and_a_restart(world):
    await world.setup()
    await world.admin.slash(world.general, "daily goto", day=15)
    await world.env.advance_time(2 * DAY + 18 * HOUR)
    titles = world.titles()
    assert starts(titles[:2], day_titles(15, 16))
    assert titles[2] == "That's the whole article"
    closing = world.posts()[2].embeds[0]
    assert "Why Stalin won" in closing.description and "whole article" in closing.fields[0].value
    await world.env.advance_time(3 * DAY)
    assert len(world.posts()) == 3  # the schedule stopped
    status = await world.admin.slash(world.general, "daily status")
    assert "read the whole article" in status.response.content
    reply = await world.admin.slash(world.general, "daily post")
    assert "restart" in reply.response.content
    await world.env.advance_time(HOUR)
    reply = await world.admin.slash(world.general, "daily restart")
    assert "day 1 of 16" in reply.response.content
    await world.env.advance_time(DAY)
    assert starts(world.titles()[3:], day_titles(1))


async def test_new_york_keeps_18_00_through_the_change_to_daylight_saving(world):
    await world.env.advance_time(65 * DAY + 12 * HOUR)  # noon UTC on 7 March 2026
    await world.setup(time="18:00", timezone="America/New_York")
    await world.env.advance_time(3 * DAY)  # clocks go forward on 8 March
    posted = [m.created_at for m in world.posts()]
    assert [(t.day, t.hour) for t in posted] == [(7, 23), (8, 22), (9, 22)]
    new_york = zoneinfo.ZoneInfo("America/New_York")
    assert {t.astimezone(new_york).strftime("%H:%M") for t in posted} == {"18:00"}


async def test_several_guilds_keep_their_own_schedules(world):
    other = world.env.create_guild("Another group")
    channel = other.create_text_channel("readings")
    admins = other.create_role("Admins", permissions=discord.Permissions(manage_guild=True))
    owner = other.add_member(world.env.create_user("cy"), roles=[admins])
    await world.setup()
    await owner.slash(channel, "daily setup", channel=channel, time="09:00", timezone="Asia/Kolkata")
    await world.admin.slash(world.general, "daily skip")
    await world.env.advance_time(DAY)
    assert starts(world.titles(), day_titles(2))
    assert starts(world.titles(channel), day_titles(1))
    assert world.posts(channel)[0].created_at.hour == 3  # 09:00 in Kolkata is 03:30 UTC


async def test_when_the_channel_cannot_be_checked_it_waits_rather_than_risk_a_repeat(world):
    await world.setup()
    await world.env.advance_time(17 * HOUR)
    world.cog.poster.stop()
    await world.env.advance_time(HOUR)
    world.env.bot.storage.begin_daily_post(
        world.guild.id, 1, date(2026, 1, 1), world.channel.id, world.env.now(), last_message_id=0
    )
    world.env.inject_error("GET", "/channels/*/messages", status=503, times=1)
    await world.restart()  # 18:00: was day 1 sent? The channel can't be read just now
    assert world.posts() == []
    status = await world.admin.slash(world.general, "daily status")
    assert "can't check whether day 1 was already posted" in status.response.content
    await world.env.advance_time(10 * 60)  # the next try reads the channel: never sent, so send it
    assert starts(world.titles(), day_titles(1))
    assert world.posts()[0].created_at.minute == 10


async def test_a_change_wakes_the_sleeping_loop_in_time(world):
    await world.env.advance_time(17 * HOUR + 30 * 60)  # the loop last looked at 17:00 and sleeps till 18:00
    await world.setup(time="17:45")
    await world.env.advance_time(15 * 60)
    [post] = world.posts()
    assert (post.created_at.hour, post.created_at.minute) == (17, 45)


def test_the_record_allows_one_unresolved_attempt_and_counts_a_post_in_one_step(tmp_path):
    from bot.errors import StateError
    from bot.storage import Storage

    storage = Storage(tmp_path / "state.sqlite3")
    noon = datetime(2026, 1, 1, 12, tzinfo=UTC)
    storage.save_daily_setup(1, 10, "18:00", "Europe/London", True, None, noon)
    attempt = storage.begin_daily_post(1, 1, date(2026, 1, 1), 10, noon)
    with pytest.raises(StateError):
        storage.begin_daily_post(1, 1, date(2026, 1, 1), 10, noon)
    storage.begin_daily_post(2, 1, date(2026, 1, 1), 20, noon)  # another guild is independent
    storage.record_daily_error(1, "Discord had a problem", noon)
    storage.finish_daily_post(attempt, 99, noon, next_day=2, last_posted_on=date(2026, 1, 1), started=noon)
    setup = storage.daily_schedule(1)
    assert (setup.schedule.next_day, setup.schedule.last_posted_on.isoformat(), setup.last_error) == (
        2,
        "2026-01-01",
        None,
    )
    assert storage.open_daily_post(1) is None
    assert [post.message_id for post in storage.daily_posts(1)] == [99]
    storage.close()
