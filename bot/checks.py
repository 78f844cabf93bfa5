"""Who may run the organisers' commands: Manage Server, or the admin role named in config.

Every organisers' command group pairs ``default_permissions(manage_guild=True)`` (members don't
even see it) with :func:`is_organiser` checked at run time (so a hidden command is also a refused
one, whatever a server's overrides say): ``/daily`` through :class:`OrganiserGroup`, ``/qa``
through its cog's ``interaction_check``. discord.py runs neither check for autocomplete, so an
organisers' command's autocomplete asks :func:`is_organiser` itself before answering.

Changing the knowledge is a step further: ``knowledge/qa.yaml`` is one file every server the bot
is in is answered from, so only the host's own servers (:func:`may_change_knowledge`) may.
"""

from __future__ import annotations

import discord
from discord import app_commands

# What the bot must be allowed in the daily reading's channel; opening threads (and starting each
# with its prompt) only when threads are on.
DAILY_CHANNEL_PERMISSIONS = ("view_channel", "send_messages", "embed_links", "read_message_history")
THREAD_PERMISSIONS = ("create_public_threads", "send_messages_in_threads")


def missing_daily_permissions(permissions: discord.Permissions, *, thread: bool) -> list[str]:
    """Return the permissions (flag names) the bot lacks to run the daily reading in a channel."""
    needed = [*DAILY_CHANNEL_PERMISSIONS, *(THREAD_PERMISSIONS if thread else ())]
    return [flag for flag in needed if not getattr(permissions, flag)]


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


async def may_change_knowledge(interaction: discord.Interaction) -> bool:
    """Say whether the member behind ``interaction`` may change the knowledge every server shares.

    The organisers of the host's curation servers (``discord.curation_guilds``, by default
    ``sync_guild``), and the bot application's owner wherever they are. Anyone can invite the bot
    to a server of their own and be an organiser there, so being one is not enough.
    """
    client = interaction.client
    config = getattr(client, "config", None)
    if config is not None and interaction.guild_id in config.curation_guilds and is_organiser(interaction):
        return True
    is_owner = getattr(client, "is_owner", None)
    return bool(is_owner) and await is_owner(interaction.user)


class OrganiserGroup(app_commands.Group):
    """A command group only organisers see (default permissions) and may run (checked each time).

    discord.py attaches ``app_commands.check`` only to single commands, so a group checks in
    ``interaction_check`` instead, with the same rule and the same error.
    """

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if not is_organiser(interaction):
            raise NotOrganiser()
        return True
