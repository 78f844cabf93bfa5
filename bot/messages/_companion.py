"""What the reading companion says: discussion links, the spoiler guard, ``/quote``, ``/timeline``,
``/catchup`` and suggested prompts.
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.core import limits
from bot.core.companion import PostedDay, Suggestion
from bot.core.knowledge import Event, Reading, paragraph_span
from bot.messages._common import shorten

__all__ = [
    "APPROVE",
    "CATCHUP_NOTHING_POSTED",
    "DISCUSSION_LABEL",
    "QUOTE_TOO_SHORT",
    "REJECT",
    "SPOILERS_OFF",
    "SPOILERS_ON",
    "SUGGESTIONS_EMPTY",
    "SUGGESTIONS_SHOWN",
    "SUGGESTION_GONE",
    "SUGGEST_TOO_LONG",
    "SUGGEST_TOO_MANY",
    "SUGGEST_TOO_SHORT",
    "TIMELINE_EMPTY",
    "TIMELINE_TITLE",
    "catchup_heading",
    "catchup_line",
    "catchup_links",
    "catchup_more",
    "discussion_lines",
    "plain",
    "quote_heading",
    "quote_passage",
    "quoted_text",
    "spoiler_text",
    "suggest_done",
    "suggestion_decided",
    "suggestions_page",
    "timeline_footer",
    "timeline_hidden",
    "timeline_lines",
]

# Answers that point into the group's discussion, the spoiler guard, /quote, /timeline, /catchup
# and members' prompt suggestions. Times are Unix seconds shown as Discord timestamps.
DISCUSSION_LABEL = "In the group's discussion"
SPOILERS_ON = (
    "Spoiler guard on: a question whose answer comes from a reading the group hasn't reached gets "
    "the day it comes up instead (members can still ask `/ask` with `reveal:True`)."
)
SPOILERS_OFF = "Spoiler guard off: every question gets its answer at once."
QUOTE_TOO_SHORT = "Give me a few more words of the quotation (at least two that matter) and I'll find where it stands."
TIMELINE_TITLE = "Dates in the article"
TIMELINE_EMPTY = "The article's timeline hasn't been written down yet (`timeline:` in knowledge/article.yaml)."
CATCHUP_NOTHING_POSTED = "Nothing has been posted here yet, so there's nothing to catch up on."
SUGGEST_TOO_SHORT = (
    "That's a bit short for a discussion prompt: please write a whole question (at least {low} characters)."
)
SUGGEST_TOO_LONG = "That's a long prompt! Please keep it under {high} characters."
SUGGEST_TOO_MANY = (
    "You already have {count} prompts waiting for the organisers; please wait until they've looked at them."
)
SUGGESTIONS_EMPTY = "No suggested prompts are waiting. Members can suggest one with `/suggest`."
SUGGESTION_GONE = "That suggestion was already dealt with (or no longer exists)."
APPROVE = "Approve"
REJECT = "Reject"
SUGGESTIONS_SHOWN = 5


def discussion_lines(days: list) -> str:
    """Link each posted day an answer draws on: its post and its thread (``days``: PostedDay)."""
    lines = []
    for post in days:
        line = f"Day {post.day}: [the post]({post.jump_url})"
        if post.thread_id:
            line += f" · thread <#{post.thread_id}>"
        lines.append(line)
    return shorten("\n".join(lines), limits.FIELD_VALUE)


def spoiler_text(day: int, paragraph: int, when: int | None, *, slash: bool) -> str:
    """Hold back an answer from a reading the group hasn't reached, and say how to see it anyway."""
    if when is None:
        text = f"That comes up in Day {day} (¶{paragraph}), when the readings get there."
    else:
        text = f"That comes up in Day {day} (¶{paragraph}), on <t:{when}:D>."
    how = (
        "Ask again with `reveal:True` to see the answer now (only you will see it)."
        if slash
        else "To see the answer now, ask with `/ask` and `reveal:True` (only you will see it)."
    )
    return f"{text} I'll keep the answer until then, so nobody reads ahead by accident. {how}"


def quote_heading(verdict: str, number: int, total: int) -> str:
    """Say what /quote found (``verdict``: a :class:`bot.core.quotes.Verdict`'s value) and where."""
    headings = {
        "quote": f"That's in ¶{number} of {total}:",
        "paraphrase": f"The article says that, in its own words, in ¶{number} of {total}:",
        "near": (
            f"I can't find that in the article's words, so I won't say it says that. The closest passage is ¶{number}:"
        ),
        "absent": f"The article doesn't say that. The closest passage is ¶{number}:",
    }
    return headings[verdict]


def quote_passage(paragraph_text: str, number: int, start: int, end: int) -> str:
    """Show the paragraph /quote found, its closest sentence in bold."""
    marked = f"{paragraph_text[:start]}**{paragraph_text[start:end]}**{paragraph_text[end:]}"
    return shorten(f"¶{number} {marked}", 3800)


def quoted_text(text: str) -> str:
    """Show the member's quotation above /quote's answer."""
    return shorten(f"“{text}”", limits.EMBED_AUTHOR)


def timeline_lines(events: Iterable[Event]) -> list[str]:
    """Return the article's dated events, one a line, each with its paragraphs (``events``: Event)."""
    return [f"**{event.when}** {event.event} ({paragraph_span(event.paragraphs)})" for event in events]


def timeline_footer(article) -> str:
    """Say where the dates come from, as an answer's source line does (``article``: Article)."""
    return f"From “{article.title}”, {article.author}, {article.publication} {article.issue}: each date with its paragraph."


def timeline_hidden(count: int) -> str:
    """Say that some dates are held back by the spoiler guard."""
    what = "One more date comes" if count == 1 else f"{count} more dates come"
    return f"*{what} up in readings the group hasn't reached yet.*"


def catchup_line(reading: Reading, line: str) -> str:
    """Return one reading as /catchup lists it: title, paragraphs and its opening line."""
    return f"**Day {reading.day}: {reading.title}** ({paragraph_span(reading.paragraphs)})\n{line}"


def catchup_links(post: PostedDay) -> str:
    """Link a posted day's post and its thread, for /catchup."""
    return f"[the post]({post.jump_url})" + (f" · thread <#{post.thread_id}>" if post.thread_id else "")


def catchup_heading(count: int, *, since_day: int | None, since: int | None, first_time: bool) -> str:
    """Say what /catchup lists."""
    if count == 0:
        if since_day is not None:
            return f"Nothing has been posted from day {since_day} on yet."
        return "You're up to date: nothing new has been posted since you last used me."
    readings = "1 reading" if count == 1 else f"{count} readings"
    if since_day is not None:
        return f"{readings} posted from day {since_day} on:"
    if first_time or since is None:
        return f"{readings} posted so far:"
    return f"{readings} posted since you last used me (<t:{since}:R>):"


def catchup_more(count: int, next_day: int) -> str:
    """Say that the list stops short, and how to see the rest."""
    return f"…and {count} more: `/catchup since_day:{next_day}`."


def suggest_done(day: int) -> str:
    """Confirm a member's prompt was queued for the organisers."""
    return (
        f"Thanks! Your prompt for day {day} is with the organisers. If they approve it, it's used the "
        "next time that reading is posted."
    )


_MARKDOWN = frozenset("\\*_~|`>#[]()<-")


def plain(text: str, limit: int) -> str:
    """Return a member's text to show as typed, Discord's markdown escaped (no link, no bold), in
    at most ``limit`` characters (escapes count)."""
    escaped = "".join("\\" + ch if ch in _MARKDOWN else ch for ch in text)
    if len(escaped) <= limit:
        return escaped
    shown, size = [], 0
    for ch in text:
        piece = "\\" + ch if ch in _MARKDOWN else ch
        if size + len(piece) > limit - 1:
            break
        shown.append(piece)
        size += len(piece)
    return "".join(shown) + "…"


def suggestions_page(shown: list[Suggestion], total: int) -> str:
    """List suggested prompts for organisers, numbered as the buttons are."""
    lines = [f"**Suggested prompts** ({total} waiting, oldest first)"]
    for number, suggestion in enumerate(shown, start=1):
        lines.append(
            f"**{number}.** Day {suggestion.day}, from <@{suggestion.author_id}>: “{plain(suggestion.text, 300)}”"
        )
    if total > len(shown):
        lines.append(f"…and {total - len(shown)} more after these.")
    return shorten("\n".join(lines), limits.MESSAGE)


def suggestion_decided(suggestion: Suggestion, *, approved: bool) -> str:
    """Confirm an organiser's decision on a suggestion."""
    if approved:
        return f"Approved the prompt for day {suggestion.day}: it's used the next time that reading is posted."
    return f"Rejected the prompt for day {suggestion.day}."
