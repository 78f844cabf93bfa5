"""Who may run the organisers' commands: Manage Server, or the admin role named in config.

``organiser_only()`` pairs ``default_permissions`` (members don't even see the command) with a
runtime check (so a hidden command is also a refused one, whatever a server's overrides say).
"""

from __future__ import annotations

import discord
from discord import app_commands


class NotOrganiser(app_commands.CheckFailure):
    """A member tried an organisers' command."""


def is_organiser(interaction: discord.Interaction) -> bool:
    """Say whether the member behind ``interaction`` may run organisers' commands."""
    member = interaction.user
    if not isinstance(member, discord.Member):
        return False  # organisers' commands are per server; never in direct messages
    if member.guild_permissions.manage_guild or member.guild_permissions.administrator:
        return True
    role_name = getattr(interaction.client, "config", None) and interaction.client.config.admin_role
    return bool(role_name) and any(role.name == role_name for role in member.roles)


class OrganiserGroup(app_commands.Group):
    """A command group only organisers see (default permissions) and may run (checked each time).

    ``organiser_only()``'s runtime check registers only on single commands in discord.py, so a
    group checks in ``interaction_check`` instead, with the same rule and the same error.
    """

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if not is_organiser(interaction):
            raise NotOrganiser()
        return True


def organiser_only():
    """Decorate an app command (or group) so only organisers see and run it."""

    def predicate(interaction: discord.Interaction) -> bool:
        if not is_organiser(interaction):
            raise NotOrganiser()
        return True

    def decorator(func):
        func = app_commands.default_permissions(manage_guild=True)(func)
        func = app_commands.guild_only()(func)
        return app_commands.check(predicate)(func)

    return decorator
