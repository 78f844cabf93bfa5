"""What a reply is, whoever shows it: text or cards, buttons described by what they do, private or not.

Frozen values with no discord in them. :mod:`bot.replies` builds them; :mod:`bot.ui` renders them
for Discord and :func:`bot.console.render` as plain text.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Surface(enum.Enum):
    """Where a reply is shown: what a member can do there decides what the reply offers."""

    SLASH = "slash"  # a Discord slash command or button: the reply can be private, /ask has reveal
    MESSAGE = "message"  # a mention of the bot or a direct message: the reply is a message in the channel
    CONSOLE = "console"  # the offline console: nothing to press, a number picks a suggestion
    COMMAND_LINE = "command line"  # python -m bot ask: one answer and done

    @property
    def on_discord(self) -> bool:
        """Say whether replies here can carry buttons and Discord's markup."""
        return self in (Surface.SLASH, Surface.MESSAGE)


class Action(enum.Enum):
    """What pressing a button does."""

    RELATED = "related"  # show a related entry's answer to whoever presses
    PICK = "pick"  # a did-you-mean: the asker's press turns the message into that answer
    PICK_PART = "pick part"  # an option for the unsure part of a two-part answer: the asker's press puts
    # that answer in place of the card offering it
    NONE_OF_THESE = "none of these"  # under a did-you-mean: the asker's press passes the question to the organisers
    PREVIOUS_PAGE = "previous page"  # show that (earlier) page of /topics in place
    NEXT_PAGE = "next page"
    APPROVE_PROMPT = "approve prompt"  # an organiser approves a member's suggested prompt
    REJECT_PROMPT = "reject prompt"


@dataclass(frozen=True)
class Button:
    """A button under a reply: what it does, on what (an entry's id, a page, a suggestion's id)."""

    action: Action
    label: str
    target: str
    asker_id: int = 0  # for a did-you-mean: whose question it answers
    disabled: bool = False
    row: int | None = None  # which row it sits on, when the layout matters
    card: int = 0  # for PICK_PART: the position of the card it fills in


@dataclass(frozen=True)
class Field:
    """A titled part of a card (Discord: an embed field)."""

    name: str
    value: str


@dataclass(frozen=True)
class Card:
    """A titled block of text (Discord: an embed), each part within Discord's limits."""

    title: str = ""
    description: str = ""
    footer: str = ""
    author: str = ""  # a line above the title: who or what the card is about
    fields: tuple[Field, ...] = ()

    @property
    def length(self) -> int:
        """Count the characters Discord counts toward a message's cards (6,000 for all of them together)."""
        fields = sum(len(field.name) + len(field.value) for field in self.fields)
        return len(self.title) + len(self.description) + len(self.footer) + len(self.author) + fields


@dataclass(frozen=True)
class Reply:
    """What the bot says back: text, cards (several for a two-part answer), buttons.

    ``private``: for the member alone, where the surface allows it. ``ping_role``: the one role the
    reply may notify (the daily post's reading group); every other mention in it notifies no one.
    """

    text: str = ""
    cards: tuple[Card, ...] = ()
    buttons: tuple[Button, ...] = ()
    private: bool = False
    ping_role: int | None = None
