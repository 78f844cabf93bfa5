"""The reading companion on (simulated) Discord, as members and organisers use it: answers that
point into the discussion, the spoiler guard, /quote, /timeline, /catchup and suggested prompts;
and the same features in the offline console.

SimCord's clock starts at 2026-01-01 00:00 UTC (midnight in London); the daily reading is set up
for 18:00 London time, so day 1 goes out 18 hours in.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import _shipped
import discord
import pytest
from _world import DAY, World

from bot import messages
from bot.core import schedule
from bot.core.companion import PostedDay, Progress, catchup, first_unreached, questions_for
from bot.core.knowledge import load_knowledge

DAY_1 = 1767290400  # 2026-01-01 18:00 UTC, day 1's post
EXILED = "where was trotsky sent in 1928"  # ¶3: day 1
WHY_STALIN_WON = "why did Stalin win?"  # ¶16: day 8


@pytest.fixture
def world(simcord_env, config):
    return World(simcord_env, config)


def field(embed: discord.Embed, name: str) -> str | None:
    return next((f.value for f in embed.fields if f.name == name), None)


def jump_url(world: World, message: discord.Message) -> str:
    return f"https://discord.com/channels/{world.guild.id}/{world.channel.id}/{message.id}"


# -- answers point into the discussion ---------------------------------------------------------
async def test_a_post_ends_with_questions_and_answers_link_to_posted_days(world):
    await world.start()
    [post] = world.posts()
    asked = field(post.embeds[0], messages.DAILY_QUESTIONS_LABEL)
    bullets = [line for line in asked.splitlines() if line.startswith("• ")]
    assert 2 <= len(bullets) <= 3
    assert "/ask" in asked

    answer = (await world.member.slash(world.general, "ask", question=EXILED)).response
    assert not answer.ephemeral and "Alma Ata" in answer.embeds[0].description
    links = field(answer.embeds[0], messages.DISCUSSION_LABEL)
    assert f"Day 1: [the post]({jump_url(world, post)})" in links
    assert f"<#{world.thread_of(post).id}>" in links

    # A reading not posted yet has no discussion to point to (and, the guard off, is answered).
    later = (await world.member.slash(world.general, "ask", question=WHY_STALIN_WON)).response
    assert "stronger social force" in later.embeds[0].description
    assert field(later.embeds[0], messages.DISCUSSION_LABEL) is None
    # /today shows the same questions.
    today = (await world.member.slash(world.general, "today")).response
    assert field(today.embeds[0], messages.DAILY_QUESTIONS_LABEL) == asked


def test_each_post_suggests_questions_on_its_own_passage():
    knowledge = load_knowledge("knowledge")
    for reading in knowledge.article.readings:
        chosen = questions_for(knowledge, reading)
        assert 2 <= len(chosen) <= 3, reading.title
        assert all(set(e.paragraphs) & set(reading.paragraphs) and not e.background for e in chosen)
        alone = [set(e.paragraphs) <= set(reading.paragraphs) for e in chosen]
        assert alone == sorted(alone, reverse=True)  # those on the passage alone first
    day_1 = [e.title for e in questions_for(knowledge, knowledge.article.reading(1))]
    assert day_1 == ["What happened in 1923?", "What happened in 1927?", "Where was Trotsky sent into internal exile?"]


# -- spoilers -----------------------------------------------------------------------------------
async def test_the_spoiler_guard_holds_answers_until_the_group_gets_there(world):
    await world.start()
    # Off by default.
    assert (await world.member.slash(world.general, "ask", question=WHY_STALIN_WON)).response.embeds
    # Members can't change it; organisers can.
    assert "daily" not in world.member.available_commands(world.general)
    reply = await world.admin.slash(world.general, "daily spoilers", setting="on")
    assert reply.ephemeral and reply.response.content == messages.SPOILERS_ON

    held = await world.member.slash(world.general, "ask", question=WHY_STALIN_WON)
    assert held.ephemeral and not held.response.embeds
    # Day 1 went out on 1 January, so day 8 comes on 8 January at 18:00.
    assert f"That comes up in Day 8 (¶16), on <t:{DAY_1 + 7 * DAY}:D>." in held.response.content
    assert "reveal:True" in held.response.content
    # What the group has read is answered as usual.
    assert (await world.member.slash(world.general, "ask", question=EXILED)).response.embeds

    revealed = await world.member.slash(world.general, "ask", question=WHY_STALIN_WON, reveal=True)
    assert revealed.ephemeral and "stronger social force" in revealed.response.embeds[0].description

    # A mention can't be revealed: it says how.
    await world.other.send(world.general, f"{world.env.bot.user.mention} {WHY_STALIN_WON}")
    note = world.general.last_message
    assert note.author.id == world.env.bot.user.id and not note.embeds
    assert "That comes up in Day 8" in note.content and "`/ask`" in note.content and "reveal:True" in note.content
    # A direct message has no group to keep pace with.
    await world.other.user.send_dm(WHY_STALIN_WON)
    assert world.other.user.dm_channel.last_message.embeds

    # Once day 8 is posted, the answer comes, linked to that day.
    await world.admin.slash(world.general, "daily goto", day=8)
    await world.admin.slash(world.general, "daily post")
    answer = (await world.other.slash(world.general, "ask", question=WHY_STALIN_WON)).response
    assert not answer.ephemeral and "Day 8: [the post]" in field(answer.embeds[0], messages.DISCUSSION_LABEL)

    reply = await world.admin.slash(world.general, "daily spoilers", setting="off")
    assert reply.response.content == messages.SPOILERS_OFF


async def test_spoilers_are_per_guild_and_a_related_button_respects_them(world):
    await world.start()
    await world.admin.slash(world.general, "daily spoilers", setting="on")
    elsewhere = world.env.create_guild("Another group")
    channel = elsewhere.create_text_channel("chat")
    dora = elsewhere.add_member(world.env.create_user("dora"))
    assert (await dora.slash(channel, "ask", question=WHY_STALIN_WON)).response.embeds

    # Day 1's answer about the exile offers related questions, some from later readings.
    asked = await world.member.slash(world.general, "ask", question="show trials", reveal=True)
    pressed = await world.member.click(asked.response, label="What happened to the Old Bolsheviks?")
    assert pressed.ephemeral and "That comes up in Day" in pressed.response.content


async def test_the_guard_never_holds_back_the_header_only_the_paragraphs_a_header_answer_draws_on(world):
    await world.start()
    await world.admin.slash(world.general, "daily spoilers", setting="on")
    # The title and the byline head the article from day 1: nothing to spoil.
    for question in ("what is the title of the article", "who wrote this article"):
        answer = (await world.member.slash(world.general, "ask", question=question)).response
        assert not answer.ephemeral and answer.embeds[0].footer.text.startswith("From the article's header ("), question
    # What the title means, and the main argument, quote the conclusion (¶18, ¶25-28): held back
    # like any answer drawing on readings the group hasn't reached.
    meaning = await world.member.slash(world.general, "ask", question="what does the title mean")
    assert meaning.ephemeral and "That comes up in Day 9 (¶18)" in meaning.response.content
    argument = await world.member.slash(world.general, "ask", question="what is the author's main argument")
    assert argument.ephemeral and "That comes up in Day 6 (¶14)" in argument.response.content
    shown = await world.other.slash(world.general, "ask", question="what does the title mean", reveal=True)
    assert shown.response.embeds[0].footer.text.endswith(") and ¶18, ¶24, ¶28.")


def test_progress_counts_skipped_and_posted_days_as_reached():
    article = load_knowledge("knowledge").article
    state = schedule.Schedule(
        time=datetime(2026, 1, 1, 18).time(),
        timezone="Europe/London",
        next_day=4,
        started=datetime(2026, 1, 1, tzinfo=UTC),
    )
    progress = Progress(state, (PostedDay(1, 5, 6, 7), PostedDay(9, 5, 6, 8)))
    assert progress.reached(3) and progress.reached(9) and not progress.reached(4)
    assert first_unreached(article, (16, 2), progress) == (article.reading(8), 16)
    assert first_unreached(article, (2, 20), progress) == (article.reading(11), 20)
    assert first_unreached(article, (24,), progress) == (article.reading(13), 24)
    assert [r.day for r, _ in catchup(article, progress, since_day=2)] == [9]
    # The dates to come follow the schedule: day 4 on its next slot, day 6 two local days later.
    now = datetime(2026, 3, 28, 12, tzinfo=UTC)  # the day before the clocks go forward in London
    assert schedule.expected_post(state, 6, now, 16) == datetime(2026, 3, 30, 17, tzinfo=UTC)
    assert schedule.expected_post(state, 3, now, 16) is None
    assert schedule.expected_post(schedule.pause(state), 6, now, 16) is None


# -- /quote and /timeline -----------------------------------------------------------------------
async def test_quote_finds_the_place_or_says_plainly_it_is_not_there(world):
    found = await world.member.slash(world.general, "quote", text="it saved the honor of marxism")
    embed = found.response.embeds[0]
    assert not found.ephemeral
    assert embed.description.startswith("That's in ¶17 of 29:")
    assert "**It saved the honour of Marxism.**" in embed.description  # the sentence, in bold

    wrong = await world.member.slash(world.general, "quote", text="Trotsky won the struggle against Stalin")
    description = wrong.response.embeds[0].description
    assert description.startswith("The article doesn't say that. The closest passage is ¶1:")
    assert "Leon Trotsky led the struggle" in description

    short = await world.member.slash(world.general, "quote", text="Stalin")
    assert short.ephemeral and short.response.content == messages.QUOTE_TOO_SHORT


async def test_timeline_lists_the_dates_in_order_and_keeps_pace_with_the_spoiler_guard(world):
    shown = await world.member.slash(world.general, "timeline")
    text = shown.response.embeds[0].description
    years = [line.split("**")[1] for line in text.splitlines()]
    assert years[:4] == ["1917", "1923", "1924", "1927"] and years[-2:] == ["1930s", "1936"]
    assert "Alma Ata" in text and "(¶3)" in text and "(¶21)" in text

    await world.start()
    await world.admin.slash(world.general, "daily spoilers", setting="on")
    text = (await world.member.slash(world.general, "timeline")).response.embeds[0].description
    assert "1927" in text and "1929" in text  # ¶1-3, day 1
    assert "1936" not in text and "1917" not in text
    assert "more dates come up in readings the group hasn't reached" in text


async def test_the_key_dates_question_gets_the_timeline_and_keeps_pace_with_the_guard(world):
    from bot.core.knowledge import View

    timeline = next(e for e in world.env.bot.library.knowledge.entries if e.view is View.TIMELINE)
    asked = (await world.member.slash(world.general, "ask", question=timeline.title)).response
    embed = asked.embeds[0]
    assert not asked.ephemeral and embed.title == messages.TIMELINE_TITLE
    lines = embed.description.splitlines()
    assert len(lines) == len(world.env.bot.library.knowledge.article.timeline)  # one date a line
    assert lines[0].startswith("**1917**") and lines[-1].startswith("**1936**")
    assert "> " not in embed.description  # no quoted paragraphs under it

    await world.start()
    await world.admin.slash(world.general, "daily spoilers", setting="on")
    await world.other.send(world.general, f"{world.env.bot.user.mention} what are the key dates")
    guarded = world.general.last_message.embeds[0].description  # in the channel: only what the group has read
    assert "**1927**" in guarded and "1936" not in guarded
    assert "more dates come up in readings the group hasn't reached" in guarded
    revealed = await world.other.slash(world.general, "ask", question="key dates", reveal=True)
    assert revealed.ephemeral and "**1936**" in revealed.response.embeds[0].description


# -- /catchup -----------------------------------------------------------------------------------
async def test_catchup_since_last_time_or_since_a_day(world):
    await world.start()
    await world.member.slash(world.general, "today")  # ben reads day 1, then is away
    await world.env.advance_time(2 * DAY)
    posts = world.posts()

    caught = await world.member.slash(world.general, "catchup")
    assert caught.ephemeral
    text = caught.response.embeds[0].description
    assert text.startswith("2 readings posted since you last used me (<t:")
    assert "**Day 2: Workers’ democracy** (¶4–6)" in text and "**Day 3:" in text and "Day 1:" not in text
    assert jump_url(world, posts[1]) in text and f"<#{world.thread_of(posts[2]).id}>" in text
    assert "There were three main issues in this struggle." in text  # the one line

    await world.env.advance_time(60)
    again = await world.member.slash(world.general, "catchup")
    assert "You're up to date" in again.response.embeds[0].description

    text = (await world.member.slash(world.general, "catchup", since_day=1)).response.embeds[0].description
    assert text.startswith("3 readings posted from day 1 on:")
    # Someone who never used the bot gets everything posted so far.
    text = (await world.other.slash(world.general, "catchup")).response.embeds[0].description
    assert text.startswith("3 readings posted so far:")


async def test_catchup_before_anything_is_posted(world):
    reply = await world.member.slash(world.general, "catchup")
    assert reply.response.content == messages.DAILY_NOT_SET_UP
    await world.admin.slash(world.general, "daily setup", channel=world.channel, time="18:00", timezone="Europe/London")
    reply = await world.member.slash(world.general, "catchup")
    assert reply.ephemeral and reply.response.content == messages.CATCHUP_NOTHING_POSTED


# -- suggested prompts --------------------------------------------------------------------------
async def test_a_suggested_prompt_is_approved_and_used_once_through_a_restart(world):
    prompt = "If you had been a worker in 1923, which side would you have taken, and why?"
    reply = await world.member.slash(world.general, "suggest", prompt=f"@everyone <@{world.admin.id}> {prompt}", day=2)
    assert reply.ephemeral and "day 2" in reply.response.content
    await world.other.slash(world.general, "suggest", prompt="Is democracy a luxury in a civil war?", day=2)
    refused = await world.member.slash(world.general, "suggest", prompt="why?", day=2)
    assert refused.ephemeral and "a bit short" in refused.response.content
    refused = await world.member.slash(world.general, "suggest", prompt="x" * 700, day=2)
    assert "under 600 characters" in refused.response.content

    assert "daily" not in world.member.available_commands(world.general)
    queue = await world.admin.slash(world.general, "daily suggestions")
    assert queue.ephemeral and "2 waiting" in queue.response.content
    assert "@everyone" not in queue.response.content and f"<@{world.admin.id}>" not in queue.response.content
    await world.restart()  # the buttons outlive the bot that made them
    await world.admin.click(queue.response, label="Approve 1")
    assert "Approved the prompt for day 2" in queue.response.content
    await world.admin.click(queue.response, label="Reject 1")  # the other one, now first
    assert "Rejected" in queue.response.content and messages.SUGGESTIONS_EMPTY in queue.response.content

    await world.restart()
    await world.start(days=3)
    _, day2, day3 = (post.embeds[0] for post in world.posts())
    discussion = field(day2, messages.DAILY_DISCUSSION_LABEL)
    assert discussion.startswith(prompt) and f"Suggested by <@{world.member.id}>" in discussion
    assert "luxury" not in discussion
    assert "Suggested by" not in field(day3, messages.DAILY_DISCUSSION_LABEL)
    # Used once: day 2 posted again (/daily goto) has its own prompt back.
    await world.admin.slash(world.general, "daily goto", day=2)
    await world.admin.slash(world.general, "daily post")
    assert "Suggested by" not in field(world.posts()[-1].embeds[0], messages.DAILY_DISCUSSION_LABEL)


async def test_a_prompt_disguised_with_invisible_characters_reaches_no_one_with_a_link_or_a_ping(world):
    question = "If you had been a worker in 1923, which side would you have taken?"
    disguised = (
        f"htt\u200bps://evil.example @\u200beveryone HTTPS://EVIL.EXAMPLE discord.gg/evil "
        f"[click here](https\u2060://evil.example) {question}"
    )
    reply = await world.member.slash(world.general, "suggest", prompt=disguised, day=1)
    assert "day 1" in reply.response.content
    queue = await world.admin.slash(world.general, "daily suggestions")
    review = queue.response.content
    # The organiser sees the prompt as plain text: nothing to click, no markdown link.
    assert question in review and "\\[click here\\]\\(" in review
    for text in (review, world.env.bot.storage.pending_suggestions(world.guild.id)[0].text):
        assert "://" not in text and "discord.gg" not in text.lower() and "everyone" not in text
        assert "\u200b" not in text and "\u2060" not in text
    await world.admin.click(queue.response, label="Approve 1")
    await world.setup(role=world.readers)
    await world.env.advance_time(DAY)
    [post] = world.posts()
    discussion = field(post.embeds[0], messages.DAILY_DISCUSSION_LABEL)
    assert question in discussion and "Suggested by" in discussion
    assert "://" not in discussion and "discord.gg" not in discussion.lower() and "everyone" not in discussion
    assert "\u200b" not in discussion and "\u2060" not in discussion


async def test_two_organisers_cannot_decide_one_suggestion_twice(world):
    await world.member.slash(world.general, "suggest", prompt="What would Lenin have made of this?", day=1)
    mods = world.guild.roles["Mods"]
    second = world.guild.add_member(world.env.create_user("dee"), roles=[mods])
    first_view = await world.admin.slash(world.general, "daily suggestions")
    second_view = await second.slash(world.general, "daily suggestions")
    await world.admin.click(first_view.response, label="Approve 1")
    await second.click(second_view.response, label="Reject 1")
    assert second_view.response.content.startswith(messages.SUGGESTION_GONE)
    [row] = world.env.bot.storage.db.execute("SELECT state, decided_by FROM prompt_suggestions").fetchall()
    assert (row["state"], row["decided_by"]) == ("approved", world.admin.id)


# -- the offline console ------------------------------------------------------------------------
def test_the_console_quotes_lists_dates_and_catches_up(config):
    from bot.console import Console

    console = Console(_shipped.engine(), today=lambda: 3)
    assert console.handle("quote it saved the honour of marxism").startswith("That's in ¶17 of 29:\n¶17 ")
    assert console.handle("quote Stalin saved the honour of Marxism").startswith("The article doesn't say that.")
    lines = console.handle("timeline").splitlines()
    assert lines[0] == messages.TIMELINE_TITLE and lines[1].startswith("1917 ") and lines[-2].startswith("1936 ")
    assert lines[-1].startswith("— From “Fighting the Stalinist distortion of socialism”")  # its source, as answers end
    caught = console.handle("catchup 2")
    assert "Day 2: Workers’ democracy (¶4–6)" in caught and "Day 3:" in caught and "Day 4" not in caught
    assert console.handle("catchup").startswith("Day 1: The battle begins")
    assert "nothing from day 5 on" in console.handle("catchup 5")
    assert "quote TEXT" in console.handle("help")


def test_every_post_and_answer_fits_discords_limits_with_the_companion_additions():
    from bot import replies, ui
    from bot.core.companion import Suggestion

    knowledge = load_knowledge("knowledge")
    article = knowledge.article
    longest = "x" * 600  # the longest prompt /suggest accepts
    for reading in article.readings:
        suggested = Suggestion(1, 1, reading.day, 2**64 - 1, longest, datetime(2026, 1, 1, tzinfo=UTC))
        embed = ui.embed(replies.daily_post(knowledge, reading.day, suggested=suggested).card)
        assert len(embed) <= 6000 and all(len(f.value) <= 1024 for f in embed.fields)
    posted = [PostedDay(day, 2**64 - 1, 2**64 - 1, 2**64 - 1, 2**64 - 1) for day in range(1, 17)]
    # Every day linked under every answer: the longest the discussion field can be.
    discussion = (replies.Field(messages.DISCUSSION_LABEL, messages.discussion_lines(posted)),)
    for entry in knowledge.entries:
        card = dataclasses.replace(replies.answer_card(article, entry), fields=discussion)
        embed = ui.embed(card)
        assert len(embed) <= 6000 and all(len(f.value) <= 1024 for f in embed.fields)


async def test_the_organisers_commands_are_refused_to_a_member_even_if_shown(world):
    command = world.env.backend.find_command("daily", world.guild.id)
    world.guild.set_command_permissions(int(command["id"]), {world.member: True})
    reply = await world.member.slash(world.general, "daily spoilers", setting="on")
    assert reply.ephemeral and "organisers" in reply.response.content
    assert not world.env.bot.storage.spoilers_on(world.guild.id)
    reply = await world.member.slash(world.general, "daily suggestions")
    assert reply.ephemeral and "organisers" in reply.response.content
    # Both refusals went through the tree's error handler (which SimCord records).
    assert [type(error).__name__ for error in world.env.errors] == ["NotOrganiser", "NotOrganiser"]
