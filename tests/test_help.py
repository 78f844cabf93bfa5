"""/help and /about, as a member, an organiser and someone in a direct message would use them."""

from __future__ import annotations

import discord

# Every command a member can use, as of this writing; /help reads the command tree, so a command
# added later is listed too (the last test checks that against the tree itself).
MEMBER_COMMANDS = [
    "/ask question [reveal]",
    "/topics",
    "/paragraph number",
    "/about",
    "/today",
    "/reading day",
    "/quote text",
    "/timeline",
    "/catchup [since_day]",
    "/suggest prompt day",
    "/help",
]


def listed(reply) -> list[str]:
    """Return the lines of /help that name a command."""
    return [line for line in reply.embeds[0].description.splitlines() if line.startswith("`/")]


async def test_help_lists_every_member_command_with_a_line_each(simcord_env, guild, channel):
    alice = guild.add_member(simcord_env.create_user("alice"))
    result = await alice.slash(channel, "help")

    assert result.response.ephemeral
    lines = listed(result.response)
    for usage in MEMBER_COMMANDS:
        [line] = [line for line in lines if line.startswith(f"`{usage}` ")]
        assert len(line) > len(usage) + 10  # and says what it does
    assert not [line for line in lines if line.startswith(("`/daily", "`/qa"))]  # not the organisers'


async def test_organisers_also_see_their_commands(simcord_env, guild, channel):
    mods = guild.create_role("Mods", permissions=discord.Permissions(manage_guild=True))
    ada = guild.add_member(simcord_env.create_user("ada"), roles=[mods])
    result = await ada.slash(channel, "help")

    text = result.response.embeds[0].description
    lines = listed(result.response)
    assert "For organisers" in text
    assert any(line.startswith("`/ask question [reveal]` ") for line in lines)
    for usage in (
        "/daily setup channel time timezone [thread] [role] [ask_hint]",
        "/daily status",
        "/qa reload",
        "/qa stats [period]",
    ):
        assert any(line.startswith(f"`{usage}`") for line in lines), usage


async def test_help_in_a_direct_message_says_which_commands_need_a_server(simcord_env):
    dora = simcord_env.create_user("dora")
    result = await dora.slash("help")

    lines = listed(result.response)
    assert any(line.startswith("`/catchup [since_day]` ") and line.endswith("(in a server)") for line in lines)
    assert any(line.startswith("`/ask question [reveal]` ") and not line.endswith("(in a server)") for line in lines)


async def test_help_lists_whatever_commands_the_bot_has(simcord_env, guild, channel):
    alice = guild.add_member(simcord_env.create_user("alice"))
    lines = listed((await alice.slash(channel, "help")).response)
    for command in simcord_env.bot.tree.get_commands():
        if command.default_permissions is None:
            assert any(line.startswith(f"`/{command.name}") for line in lines), command.name


async def test_about_points_to_help(simcord_env, channel, guild):
    alice = guild.add_member(simcord_env.create_user("alice"))
    result = await alice.slash(channel, "about")
    assert "`/help`" in result.response.content
