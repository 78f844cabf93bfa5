"""The words every feature shares: cutting text to fit, quoting, times, the apology, paging."""

from __future__ import annotations

from datetime import datetime

from bot.core import limits
from bot.core.passages import Passage

__all__ = [
    "APOLOGY",
    "NEXT",
    "NOT_HERE",
    "NOT_IN_DIRECT_MESSAGES",
    "ORGANISERS_ONLY",
    "PREVIOUS",
    "button_label",
    "choice_name",
    "discord_time",
    "quote",
    "shorten",
    "times",
]

APOLOGY = (
    "Sorry, something went wrong on my side while doing that. The organisers can find the details in the bot's log."
)
ORGANISERS_ONLY = "Only the group's organisers (Manage Server, or the organiser role) can do that."
NOT_IN_DIRECT_MESSAGES = "That works in a server channel, not in direct messages."
NOT_HERE = "You can't use that command here."
PREVIOUS = "Previous"
NEXT = "Next"


def shorten(text: str, limit: int) -> str:
    """Cut ``text`` at a word boundary to at most ``limit`` characters, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:—-")
    return cut + "…"


# The article's own quote marks, nested inside ours as ‘ ’ (its words unchanged).
_NESTED = str.maketrans("“”", "‘’")


def quote(passage: Passage) -> str:
    """Quote whole sentences of a paragraph with its number, "…" where sentences are left out.

    ¶20 “Stalin staged murderous show trials in Moscow. Old Bolsheviks … factories. …”
    """
    before = "… " if passage.cut_before else ""
    after = " …" if passage.cut_after else ""
    return f"¶{passage.paragraph} “{before}{passage.text.translate(_NESTED)}{after}”"


def button_label(text: str) -> str:
    """Return ``text`` short enough for a button."""
    return shorten(text, limits.BUTTON_LABEL)


def choice_name(text: str) -> str:
    """Return ``text`` short enough for an autocomplete choice."""
    return shorten(text, limits.CHOICE_NAME)


def discord_time(moment: datetime) -> str:
    """Return a Discord timestamp that each reader sees in their own time zone, relative to now."""
    return f"<t:{int(moment.timestamp())}:R>"


def times(count: int) -> str:
    """Return "once", "twice" or "N times"."""
    return {1: "once", 2: "twice"}.get(count, f"{count} times")
