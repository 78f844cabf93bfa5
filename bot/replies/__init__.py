"""What the bot replies, built once and shown anywhere: Discord, the offline console, the command line.

A :class:`Reply` is text or :class:`Card`\\ s, :class:`Button`\\ s described by what they do, and
whether it is for the member alone. The functions here build every reply from the core's results
and :mod:`bot.messages`' words, given the :class:`Surface` that asked; :mod:`bot.ui` renders a
reply for Discord and :func:`bot.console.render` as plain text. Neither decides what to say.
Nothing here imports discord.
"""

from bot.replies._asking import (
    Context,
    about_reply,
    answer_card,
    context_for,
    entry_reply,
    just_for_the_asker,
    paragraph_card,
    paragraph_reply,
    question_limit,
    reply_for,
    text_reply,
    topic_pages,
    topics_reply,
)
from bot.replies._companion import CATCHUP_SHOWN, catchup_reply, quote_reply, suggestions_reply, timeline_reply
from bot.replies._daily import DailyPost, daily_post
from bot.replies._help import CommandHelp, help_reply
from bot.replies._values import Action, Button, Card, Field, Reply, Surface

__all__ = [
    "CATCHUP_SHOWN",
    "Action",
    "Button",
    "Card",
    "CommandHelp",
    "Context",
    "DailyPost",
    "Field",
    "Reply",
    "Surface",
    "about_reply",
    "answer_card",
    "catchup_reply",
    "context_for",
    "daily_post",
    "entry_reply",
    "help_reply",
    "just_for_the_asker",
    "paragraph_card",
    "paragraph_reply",
    "question_limit",
    "quote_reply",
    "reply_for",
    "suggestions_reply",
    "text_reply",
    "timeline_reply",
    "topic_pages",
    "topics_reply",
]
