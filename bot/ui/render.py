"""Show a :class:`~bot.replies.Reply` on Discord: cards as embeds, buttons as persistent items, no pings.

The one place a reply becomes discord.py's keyword arguments, for every way the bot answers: an
interaction's response or followup, an edit of the message a button is under, a channel message.
"""

from __future__ import annotations

from typing import Any

import discord

from bot.replies import Card, Reply

COLOUR = discord.Colour.dark_red()
# Nothing the bot sends may ping anyone, whatever a member typed.
NO_MENTIONS = discord.AllowedMentions.none()


def embed(card: Card) -> discord.Embed:
    """Turn a card into an embed."""
    shown = discord.Embed(title=card.title or None, description=card.description or None, colour=COLOUR)
    if card.author:
        shown.set_author(name=card.author)
    for field in card.fields:
        shown.add_field(name=field.name, value=field.value, inline=False)
    if card.footer:
        shown.set_footer(text=card.footer)
    return shown


def mentions(reply: Reply) -> discord.AllowedMentions:
    """Return whom the reply may notify: no one, or the one role it is meant to ping."""
    if reply.ping_role is None:
        return NO_MENTIONS
    return discord.AllowedMentions(
        everyone=False, users=False, roles=[discord.Object(reply.ping_role)], replied_user=False
    )


def message_kwargs(reply: Reply) -> dict[str, Any]:
    """Return the keyword arguments that send ``reply`` as a new message."""
    from bot.ui.buttons import view_for  # the buttons answer with replies rendered here

    kwargs: dict[str, Any] = {"allowed_mentions": mentions(reply)}
    if reply.text:
        kwargs["content"] = reply.text
    if reply.cards:
        kwargs["embeds"] = [embed(card) for card in reply.cards]
    view = view_for(reply.buttons)
    if view is not None:
        kwargs["view"] = view
    return kwargs


def edit_kwargs(reply: Reply) -> dict[str, Any]:
    """Return the keyword arguments that turn an existing message into ``reply``, clearing what it lacks."""
    kwargs = message_kwargs(reply)
    kwargs.setdefault("content", None)
    kwargs.setdefault("embeds", [])
    kwargs.setdefault("view", None)
    return kwargs


async def respond(interaction: discord.Interaction, reply: Reply, *, private: bool | None = None) -> None:
    """Answer an interaction with ``reply`` (a followup if it was already answered).

    ``private`` overrides the reply's own: a button's answer goes to whoever pressed it.
    """
    ephemeral = reply.private if private is None else private
    if interaction.response.is_done():
        await interaction.followup.send(ephemeral=ephemeral, **message_kwargs(reply))
    else:
        await interaction.response.send_message(ephemeral=ephemeral, **message_kwargs(reply))


async def edit(interaction: discord.Interaction, reply: Reply) -> None:
    """Turn the message a component is under into ``reply``."""
    await interaction.response.edit_message(**edit_kwargs(reply))


async def send(
    channel: discord.abc.Messageable, reply: Reply, *, reference: discord.MessageReference | None = None
) -> discord.Message:
    """Post ``reply`` in a channel (a reply to ``reference`` that does not ping its author, if given)."""
    if reference is None:
        return await channel.send(**message_kwargs(reply))
    return await channel.send(reference=reference, mention_author=False, **message_kwargs(reply))
