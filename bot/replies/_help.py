"""The reply to /help: every command a member can use, a line each, and the organisers' for them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot import messages
from bot.core import limits
from bot.replies._values import Card, Reply


@dataclass(frozen=True)
class CommandHelp:
    """One slash command as /help lists it: its name, its options, what it does."""

    name: str  # as typed after the slash: "ask", "daily setup"
    description: str
    options: tuple[tuple[str, bool], ...] = ()  # (name, required), in order
    server_only: bool = False

    @property
    def usage(self) -> str:
        """Return how the command is typed: its name, then each option, the optional ones in brackets."""
        options = [name if required else f"[{name}]" for name, required in self.options]
        return " ".join([self.name, *options])


def help_reply(
    members: Sequence[CommandHelp], organisers: Sequence[CommandHelp] = (), *, in_server: bool = True
) -> Reply:
    """List the commands a member can use, then (for an organiser) the organisers' own, for the asker alone."""
    lines = [messages.help_intro(in_server)]
    lines += [_line(command, in_server) for command in members]
    if organisers:
        lines += ["", messages.HELP_ORGANISERS]
        lines += [_line(command, in_server) for command in organisers]
    description = messages.shorten("\n".join(lines), limits.EMBED_DESCRIPTION)
    return Reply(cards=(Card(title=messages.HELP_TITLE, description=description),), private=True)


def _line(command: CommandHelp, in_server: bool) -> str:
    return messages.help_line(command.usage, command.description, server_only=command.server_only and not in_server)
