"""Members follow up on the bot's answers through SimCord: replies to an answer, a member's next
question in the channel, /ask within the window, direct messages, and a restart."""

from __future__ import annotations

import _shipped

LEFT_OPPOSITION = "who made up the left opposition?"  # answered: left-opposition
TAKING_THEY = "Taking ‘they’ as the Left Opposition:"


def mention(env) -> str:
    return env.bot.user.mention


async def ask(env, member, channel, question: str):
    """Mention the bot with ``question`` and return its reply."""
    await member.send(channel, f"{mention(env)} {question}")
    reply = channel.last_message
    assert reply.author.id == env.bot.user.id
    return reply


def assert_no_pings(reply) -> None:
    assert not reply.mention_everyone and not reply.mentions and not reply.role_mentions


# -- a Discord reply to the bot's answer ---------------------------------------------------------------
async def test_a_reply_to_an_answer_is_read_with_that_answer(simcord_env, channel, alice, bob):
    answer = await ask(simcord_env, alice, channel, "where did stalin send trotsky first?")
    assert answer.embeds[0].title == "Where was Trotsky sent into internal exile?"

    # No mention: replying to the bot's answer is addressing the bot.
    question = await alice.send(channel, "where is that?", reply_to=answer)

    reply = channel.last_message
    assert reply.author.id == simcord_env.bot.user.id
    assert reply.reference.message_id == question.id
    assert reply.content == "Taking ‘that’ as Alma Ata:"
    assert "Alma Ata" in reply.embeds[0].description
    assert_no_pings(reply)

    # Anyone replying to that answer follows on from it, not from their own last question.
    await ask(simcord_env, bob, channel, "what is stalinism?")
    await bob.send(channel, "how did he die?", reply_to=answer)
    reply = channel.last_message
    assert reply.content == "Taking ‘he’ as Trotsky:"
    assert reply.embeds[0].title == "How did Trotsky die?"


async def test_a_reply_that_only_thanks_the_bot_gets_nothing_back(simcord_env, channel, alice):
    answer = await ask(simcord_env, alice, channel, LEFT_OPPOSITION)
    thanks = await alice.send(channel, "thanks, that's really helpful!", reply_to=answer)
    assert channel.last_message.id == thanks.id

    # A reply to another member, not the bot, is not put to the bot either.
    other = await alice.send(channel, "I'm reading para 5 now")
    await alice.send(channel, "what did they want?", reply_to=other)
    assert channel.last_message.author.id == alice.id


async def test_a_reply_to_an_answer_still_follows_it_after_a_restart(simcord_env, channel, alice, config):
    from bot import create_bot

    answer = await ask(simcord_env, alice, channel, LEFT_OPPOSITION)
    await simcord_env.restart_bot(create_bot(config, engine=_shipped.engine_for(config)))

    await alice.send(channel, "what did they want?", reply_to=answer)
    reply = channel.last_message
    assert reply.content == TAKING_THEY
    assert reply.embeds[0].title == "Who made up the Left Opposition?"

    # Without the reply, the restart has forgotten what alice last asked.
    plain = await ask(simcord_env, alice, channel, "and what about them?")
    assert not plain.content.startswith("Taking")


# -- a member's next question in the channel --------------------------------------------------------
async def test_two_members_follow_up_at_once_each_on_their_own_last_answer(simcord_env, channel, alice, bob):
    await ask(simcord_env, alice, channel, LEFT_OPPOSITION)
    await ask(simcord_env, bob, channel, "what is stalinism?")

    alices = await ask(simcord_env, alice, channel, "what did they want?")
    bobs = await ask(simcord_env, bob, channel, "why did it arise?")

    assert alices.content == TAKING_THEY
    assert alices.embeds[0].title == "Who made up the Left Opposition?"
    assert bobs.content == "Taking ‘it’ as Stalinism:"
    assert bobs.embeds[0].title == "How did Stalinism come about?"


async def test_a_follow_up_after_the_window_is_read_alone(simcord_env, channel, alice, config):
    await ask(simcord_env, alice, channel, LEFT_OPPOSITION)
    await simcord_env.advance_time(config.followup_minutes * 60 + 1)

    reply = await ask(simcord_env, alice, channel, "what did they want?")
    assert not reply.content.startswith("Taking")
    assert not reply.embeds or reply.embeds[0].title != "Who made up the Left Opposition?"


async def test_a_clear_new_question_right_after_an_answer_is_answered_on_its_own(simcord_env, channel, alice):
    await ask(simcord_env, alice, channel, LEFT_OPPOSITION)

    reply = await ask(simcord_env, alice, channel, "why did stalin win?")
    assert not reply.content.startswith("Taking")
    assert reply.embeds[0].title == "Why did Stalin win?"
    # And the new answer is the context now.
    reply = await ask(simcord_env, alice, channel, "how?")
    assert reply.content.startswith("Taking ‘how?’ as")


async def test_a_context_belongs_to_its_channel(simcord_env, guild, channel, alice):
    await ask(simcord_env, alice, channel, LEFT_OPPOSITION)
    elsewhere = guild.create_text_channel("off-topic")

    reply = await ask(simcord_env, alice, elsewhere, "what did they want?")
    assert not reply.content.startswith("Taking")


# -- /ask and direct messages --------------------------------------------------------------------------
async def test_ask_within_the_window_follows_the_same_rule(simcord_env, channel, alice, bob):
    await alice.slash(channel, "ask", question=LEFT_OPPOSITION)
    await bob.slash(channel, "ask", question="who was trotsky?")

    followed = (await alice.slash(channel, "ask", question="what happened to them?")).response
    assert followed.content.startswith("Taking ‘them’ as the Left Opposition:")
    bobs = (await bob.slash(channel, "ask", question="how did he die?")).response
    assert bobs.content == "Taking ‘he’ as Trotsky:"
    assert bobs.embeds[0].title == "How did Trotsky die?"


async def test_direct_messages_follow_up_and_a_reply_there_follows_its_answer(simcord_env):
    dora = simcord_env.create_user("dora")
    await dora.send_dm("who was trotsky?")
    answer = dora.dm_channel.last_message
    await dora.send_dm("what is stalinism?")

    await dora.send_dm("why did it arise?")
    assert dora.dm_channel.last_message.content == "Taking ‘it’ as Stalinism:"

    reference = {"channel_id": str(dora.dm_channel.id), "message_id": str(answer.id)}
    await dora.send_dm("how did he die?", reference=reference)
    reply = dora.dm_channel.last_message
    assert reply.content == "Taking ‘he’ as Trotsky:"
    assert reply.embeds[0].title == "How did Trotsky die?"


async def test_members_replying_to_the_daily_post_are_talking_to_each_other(simcord_env, config):
    from _world import World

    world = World(simcord_env, config)
    await world.start()
    post = world.posts()[0]

    said = await world.member.send(world.channel, "what did they want though?", reply_to=post)
    assert world.channel.last_message.id == said.id  # the bot keeps out of it


async def test_a_reply_to_an_ask_answer_follows_it_too(simcord_env, channel, alice, bob):
    asked = await alice.slash(channel, "ask", question="what is socialism in one country?")
    assert asked.response.embeds[0].title == "What was the theory of socialism in one country?"

    await bob.send(channel, "who came up with it?", reply_to=asked.response)
    reply = channel.last_message
    assert reply.author.id == simcord_env.bot.user.id
    assert reply.content == "Taking ‘it’ as socialism in one country:"
    assert "Stalin adopted in 1924" in reply.embeds[0].description


# -- a "did you mean" pick ---------------------------------------------------------------------------
async def test_a_did_you_mean_pick_is_what_the_next_question_follows_on_from(simcord_env, channel, alice):
    offered = await ask(simcord_env, alice, channel, "what about Trotsky")  # which Trotsky question? a did-you-mean
    assert not offered.embeds and "Who was Trotsky?" in [
        button.label for row in offered.components for button in row.children
    ]
    await alice.click(offered, label="Who was Trotsky?")

    # Read alone, "he" is nobody: the pick made Trotsky's entry the context, as an answer would.
    reply = await ask(simcord_env, alice, channel, "how did he die?")
    assert reply.content == "Taking ‘he’ as Trotsky:"
    assert reply.embeds[0].title == "How did Trotsky die?"
