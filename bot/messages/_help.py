"""What /help says: every command a member can use, a line each, and the organisers' too."""

from __future__ import annotations

__all__ = ["HELP_ORGANISERS", "HELP_TITLE", "help_intro", "help_line"]

HELP_TITLE = "What I can do"
HELP_ORGANISERS = "**For organisers**"


def help_intro(in_server: bool) -> str:
    """Open /help: the ways to ask, before the list of commands."""
    where = "mention me with a question here" if in_server else "send me a question in a message"
    return f"Ask me anything about the article with `/ask`, or {where}. Every command:"


def help_line(usage: str, description: str, *, server_only: bool) -> str:
    """List one command: how to type it, then what it does (and, in a DM, that it needs a server)."""
    note = " (in a server)" if server_only else ""
    return f"`/{usage}` — {description}{note}"
