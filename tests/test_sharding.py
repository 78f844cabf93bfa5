"""The bot sharded in one process (AutoShardedBot), two shards on SimCord: each guild is served by its
own shard, and the answers, buttons, daily posts and restarts work in both alike."""

from __future__ import annotations

import discord
import pytest
from _world import HOUR, restart

from bot import messages

WHY_STALIN_WON = "why did Stalin win?"


class Group:
    """A guild on one shard, with a channel, an organiser and a member."""

    def __init__(self, env, shard_id: int) -> None:
        self.guild = env.create_guild(f"Group on shard {shard_id}", shard_id=shard_id)
        self.channel = self.guild.create_text_channel("reading")
        mods = self.guild.create_role("Mods", permissions=discord.Permissions(manage_guild=True))
        self.admin = self.guild.add_member(env.create_user(f"ada{shard_id}"), roles=[mods])
        self.member = self.guild.add_member(env.create_user(f"ben{shard_id}"))


@pytest.mark.simcord(shard_count=2)
async def test_two_shards_each_serve_their_own_guilds(simcord_env, config):
    env = simcord_env
    bot = env.bot
    assert isinstance(bot, discord.AutoShardedClient) and bot.shard_count == 2
    groups = [Group(env, 0), Group(env, 1)]
    assert [bot.get_guild(group.guild.id).shard_id for group in groups] == [0, 1]

    for group in groups:
        answer = await group.member.slash(group.channel, "ask", question=WHY_STALIN_WON)
        assert "stronger social force" in answer.response.embeds[0].description
        await group.member.send(group.channel, f"{bot.user.mention} {WHY_STALIN_WON}")
        assert group.channel.last_message.embeds[0].title == "Why did Stalin win?"
        shown = await group.member.slash(group.channel, "topics")
        await group.member.click(shown.response, label=messages.NEXT)
        assert shown.response.embeds[0].footer.text.startswith("Page 2 of ")
        await group.admin.slash(group.channel, "daily setup", channel=group.channel, time="18:00", timezone="UTC")

    await env.advance_time(18 * HOUR)
    await restart(env, config)  # a sharded bot comes back with both shards, and posts once a day in each
    await env.advance_time(24 * HOUR)
    for group in groups:
        titles = [m.embeds[0].title for m in group.channel.history() if m.author.id == bot.user.id and m.embeds]
        days = [title for title in titles if title.startswith("Day ")]
        assert [title.split(":")[0] for title in days] == ["Day 1 of 16", "Day 2 of 16"], titles
    assert env.bot.shard_count == 2
