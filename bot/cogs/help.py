"""``/help``: every command a member can use, a line each; organisers also see theirs.

The list is read from the command tree itself (each command's description is its docstring), so a
command added to any cog is listed without touching this one.
"""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot import replies, ui
from bot.app import ReadingBot
from bot.checks import is_organiser


def command_help(tree: app_commands.CommandTree) -> tuple[list[replies.CommandHelp], list[replies.CommandHelp]]:
    """Return the tree's slash commands as /help lists them: the members', then the organisers'.

    A command (or group) with default permissions is the organisers'; Discord hides it from members.
    """
    members: list[replies.CommandHelp] = []
    organisers: list[replies.CommandHelp] = []
    for root in tree.get_commands(type=discord.AppCommandType.chat_input):
        leaves = (
            [c for c in root.walk_commands() if isinstance(c, app_commands.Command)]
            if isinstance(root, app_commands.Group)
            else [root]
        )
        shown = organisers if root.default_permissions is not None and root.default_permissions.value else members
        for command in leaves:
            options = tuple((parameter.display_name, parameter.required) for parameter in command.parameters)
            server_only = root.guild_only or command.guild_only
            shown.append(replies.CommandHelp(command.qualified_name, command.description, options, server_only))
    return members, organisers


class Help(commands.Cog):
    """Say what the bot can do."""

    def __init__(self, bot: ReadingBot) -> None:
        self.bot = bot

    @app_commands.command(name="help")
    async def help(self, interaction: discord.Interaction) -> None:
        """List every command I have, with a line on each."""
        members, organisers = command_help(self.bot.tree)
        in_server = interaction.guild_id is not None
        shown = organisers if in_server and is_organiser(interaction) else []
        await ui.respond(interaction, replies.help_reply(members, shown, in_server=in_server))


async def setup(bot: ReadingBot) -> None:
    """Load /help."""
    await bot.add_cog(Help(bot))
