"""The reply to a message read as following on from the member's last answer.

The same reply as any question gets (:func:`bot.replies.reply_for`), with one line above it
saying what the follow-up was taken to mean: "Taking ‘they’ as the Left Opposition:".
"""

from __future__ import annotations

import dataclasses

from bot import messages
from bot.core.followup import FollowUp
from bot.core.matcher import Engine
from bot.replies._asking import Context, reply_for
from bot.replies._values import Reply


def followup_reply(engine: Engine, read: FollowUp, context: Context) -> Reply:
    """Return what a member gets for a message the follow-up rule has read (alone or through a context)."""
    reply = reply_for(engine, read.result, context)
    if read.context is None:
        return reply
    line = messages.taking_as(read.taken, read.meaning)
    return dataclasses.replace(reply, text=f"{line}\n{reply.text}" if reply.text else line)
