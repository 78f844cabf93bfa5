"""What the daily reading says: the post, ``/today``, ``/reading`` and the organisers' ``/daily``."""

from __future__ import annotations

from bot.core import limits
from bot.core.knowledge import Article, Reading, paragraph_span
from bot.messages._common import shorten

__all__ = [
    "DAILY_CLOSING_FOOTER",
    "DAILY_CLOSING_PROMPT",
    "DAILY_CLOSING_THREAD",
    "DAILY_CLOSING_TITLE",
    "DAILY_DISCUSSION_LABEL",
    "DAILY_FINISHED",
    "DAILY_GONE",
    "DAILY_NOT_SET_UP",
    "DAILY_NO_CHANNEL",
    "DAILY_OPENING_HINT",
    "DAILY_OPENING_PREFIX",
    "DAILY_QUESTIONS_LABEL",
    "DAILY_REFUSED",
    "DAILY_RESUMED",
    "DAILY_STATE_LOCKED",
    "DAILY_TIMEOUT",
    "PERMISSION_NAMES",
    "daily_bad_role",
    "daily_bad_time",
    "daily_bad_timezone",
    "daily_cannot_check",
    "daily_closing_summary",
    "daily_day_range",
    "daily_discord_trouble",
    "daily_first_comes",
    "daily_footer",
    "daily_gap_note",
    "daily_missing_permissions",
    "daily_next",
    "daily_not_posted",
    "daily_opening_failed",
    "daily_post_failed",
    "daily_posted",
    "daily_quoted",
    "daily_role_not_mentionable",
    "daily_setup_done",
    "daily_skipped",
    "daily_status",
    "daily_thread_failed",
    "daily_thread_name",
    "daily_thread_opening",
    "daily_title",
    "daily_title_prefix",
    "daily_when",
    "questions_text",
    "suggested_prompt",
]

# The daily post, /today, /reading and the organisers' /daily commands. Times are Unix seconds,
# shown to members as Discord timestamps (each sees their own local time).
DAILY_DISCUSSION_LABEL = "Discussion"
DAILY_QUESTIONS_LABEL = "Ask me about it"
DAILY_CLOSING_TITLE = "That's the whole article"
DAILY_CLOSING_THREAD = "Reflections on the whole article"
DAILY_CLOSING_PROMPT = (
    "Looking back at the whole article: what was its main argument, and did it convince you? "
    "Which reading stayed with you, and what would you want to read next?"
)
DAILY_CLOSING_FOOTER = "Thank you for reading together. You can still ask me about any of it with /ask."
DAILY_NOT_SET_UP = "The daily reading isn't set up in this server yet. An organiser can start it with `/daily setup`."
DAILY_FINISHED = "The group has read the whole article. An organiser can start again from day 1 with `/daily restart`."
DAILY_NO_CHANNEL = "the daily reading's channel no longer exists (deleted?); choose another with `/daily setup`"
DAILY_RESUMED = "Resumed (a time missed while paused is not made up)."
DAILY_TIMEOUT = "Discord did not answer in time; I'll look in the channel before trying again"
DAILY_REFUSED = "Discord refused: I'm missing a permission in the channel"
DAILY_GONE = "Discord says the channel (or message) no longer exists"
DAILY_STATE_LOCKED = "my state file is locked by another program (a backup?); I'll try again"
PERMISSION_NAMES = {
    "view_channel": "View Channel",
    "send_messages": "Send Messages",
    "embed_links": "Embed Links",
    "read_message_history": "Read Message History",
    "create_public_threads": "Create Public Threads",
    "send_messages_in_threads": "Send Messages in Threads",
}
# Each discussion thread's first message: the prompt, so members have something to answer (the bot
# knows its own by the start), and if the organisers want it, how to ask the bot there.
DAILY_OPENING_PREFIX = f"**{DAILY_DISCUSSION_LABEL}:**"
DAILY_OPENING_HINT = "*Questions about the reading? Mention me here with one, or use `/ask`.*"


def daily_title(day: int, total: int, title: str) -> str:
    """Return a day's post title, "Day 3 of 16: …" (the bot recognises its posts by the start)."""
    return shorten(f"Day {day} of {total}: {title}", limits.EMBED_TITLE)


def daily_title_prefix(day: int, total: int) -> str:
    """Return the start every title of day ``day`` has, whatever the reading's title."""
    return f"Day {day} of " if day <= total else DAILY_CLOSING_TITLE


def daily_footer(article: Article, reading: Reading) -> str:
    """Say what a daily post is from: the article and the paragraphs."""
    return f"“{article.title}”, {article.author} · {paragraph_span(reading.paragraphs)}"


def daily_thread_name(reading: Reading) -> str:
    """Name the discussion thread of a day's post."""
    return shorten(f"Day {reading.day}: {reading.title}", limits.THREAD_NAME)


def daily_thread_opening(prompt: str, *, hint: bool) -> str:
    """Return the first message of a day's thread: its discussion prompt (and how to ask the bot)."""
    text = f"{DAILY_OPENING_PREFIX} {prompt}"
    return f"{text}\n{DAILY_OPENING_HINT}" if hint else text


def daily_quoted(article: Article, reading: Reading) -> str:
    """Quote a day's passage, each paragraph with its number."""
    return "\n\n".join(f"> **¶{n}** {article.paragraph(n).text}" for n in reading.paragraphs)


def daily_closing_summary(article: Article) -> str:
    """Say what the group read, day by day, for the closing post."""
    days = "\n".join(f"Day {r.day}: {r.title} ({paragraph_span(r.paragraphs)})" for r in article.readings)
    return (
        f"Over {len(article.readings)} days we read all {len(article.paragraphs)} paragraphs of "
        f"“{article.title}” by {article.author}:\n\n{days}"
    )


def questions_text(questions: tuple[str, ...] | list[str]) -> str:
    """List the questions a daily post suggests, each ready to type after /ask."""
    return "\n".join(f"• {shorten(q, 200)}" for q in questions) + "\n*Ask with `/ask` or mention me.*"


def suggested_prompt(text: str, author_id: int) -> str:
    """Return a member's approved prompt as the daily post shows it, credited (embeds never ping)."""
    return f"{text}\n*Suggested by <@{author_id}>*"


def daily_day_range(total: int) -> str:
    """Say which days exist."""
    return f"There are {total} readings: choose a day from 1 to {total}."


def daily_not_posted(day: int) -> str:
    """Tell a member a reading has not been posted here yet."""
    return f"Day {day} hasn't been posted yet. Readings can be looked up here once the group has reached them."


def daily_first_comes(when: int | None) -> str:
    """Tell a member nothing has been posted yet, and when day 1 comes."""
    if when is None:
        return "Nothing has been posted yet, and the daily reading is paused."
    return f"Nothing has been posted yet: day 1 comes <t:{when}:F> (<t:{when}:R>)."


def daily_bad_time(value: str) -> str:
    """Tell an organiser a time of day was not understood."""
    return f"“{shorten(value, 100)}” isn't a time of day. Use 24-hour HH:MM, for example `18:00` or `07:30`."


def daily_bad_timezone(value: str) -> str:
    """Tell an organiser a time zone was not recognised."""
    return (
        f"“{shorten(value, 100)}” isn't a time zone I know. Use an IANA name such as `Europe/London`, "
        "`America/New_York` or `Asia/Kolkata`."
    )


def daily_missing_permissions(channel: str, missing: list[str]) -> str:
    """Tell an organiser what the bot may not do in the chosen channel."""
    return (
        f"I can't run the daily reading in {channel}: I'm missing {', '.join(missing)} there. "
        "Give my role those permissions in that channel (or choose another channel) and try again."
    )


def daily_bad_role(name: str) -> str:
    """Tell an organiser a role can't be the one each post pings."""
    return (
        f"“{name}” can't be the reading group's role: choose a role members can be given "
        "(not @everyone or a bot's role)."
    )


def daily_role_not_mentionable(role: str) -> str:
    """Warn an organiser the posts will show the role without pinging it."""
    return (
        f"Note: {role} isn't mentionable and I don't have Mention Everyone, so the posts will name it "
        "without notifying anyone. Turn on “Allow anyone to @mention this role” in the role's settings to fix that."
    )


def daily_when(when: int | None) -> str:
    """Say when the next post goes out."""
    return "not scheduled" if when is None else f"<t:{when}:F> (<t:{when}:R>)"


def daily_next(
    day: int, total: int, when: int | None, *, title: str | None = None, finished: bool = False, paused: bool = False
) -> str:
    """Say what the schedule posts next, and when (or that it has finished, or is paused)."""
    if finished:
        return DAILY_FINISHED
    what = f"day {day} of {total}" + (f": {title}" if title else "") if day <= total else "the closing message"
    if paused:
        return f"Paused: nothing is posted until `/daily resume`; then comes {what}."
    return f"Next: {what}, {daily_when(when)}."


def _thread_setting(thread: bool, hint: bool) -> str:
    if not thread:
        return "without a thread"
    return "with a discussion thread" + (" that says how to ask me" if hint else "")


def daily_setup_done(
    channel: str, at: str, zone: str, thread: bool, role: str | None, upcoming: str, *, hint: bool = False
) -> str:
    """Confirm an organiser's settings (``upcoming`` from :func:`daily_next`)."""
    extras = [_thread_setting(thread, hint)]
    extras.append(f"pinging {role}" if role else "pinging no one")
    return f"The daily reading goes to {channel} at {at} {zone}, {', '.join(extras)}.\n{upcoming}"


def daily_gap_note(hours: int, when: int, *, long: bool) -> str:
    """Warn an organiser that a change leaves a day without a reading (``long``), or two close together."""
    if long:
        return f"Note: with this change the next reading comes <t:{when}:F>, {hours} hours after the last one."
    return f"Note: with this change the next reading comes <t:{when}:F>, only {hours} hours after the last one."


def daily_status(
    *,
    channel: str,
    at: str,
    zone: str,
    thread: bool,
    role: str | None,
    upcoming: str,
    paused: bool,
    error: str | None,
    error_at: int | None,
    hint: bool = False,
) -> str:
    """Describe a guild's daily schedule for its organisers (``upcoming`` from :func:`daily_next`)."""
    lines = [
        f"Channel: {channel}",
        f"Time: {at} {zone}, {_thread_setting(thread, hint)}",
        f"Pings: {role or 'no one'}",
        upcoming,
    ]
    if not paused:
        lines.append("Paused: no")
    if error:
        lines.append(f"Last attempt failed <t:{error_at}:R>: {error}")
    return "\n".join(lines)


def daily_posted(day: int, total: int, link: str, thread_id: int | None = None) -> str:
    """Confirm a post an organiser asked for, with links to it and its thread (as /catchup has)."""
    what = f"Day {day}" if day <= total else "The closing message"
    return f"{what} is posted: [the post]({link})" + (f" · thread <#{thread_id}>" if thread_id else "")


def daily_post_failed(error: str) -> str:
    """Tell an organiser a post they asked for did not go out."""
    return f"I couldn't post it: {error}. Nothing was counted; see `/daily status`."


def daily_skipped(day: int) -> str:
    """Confirm a skipped reading."""
    return f"Skipped day {day}."


def daily_discord_trouble(status: int) -> str:
    """Say that Discord failed on its side (a 5xx), for organisers."""
    return f"Discord had a problem on its side (error {status}); I'll try again"


def daily_cannot_check(day: int, reason: str) -> str:
    """Say the bot waits because it cannot tell whether a day already went out."""
    return f"I can't check whether day {day} was already posted ({reason})"


def daily_opening_failed(day: int, reason: str) -> str:
    """Say a day's thread is open but its prompt could not be posted in it."""
    return f"day {day}'s thread is open, but its prompt could not be posted there ({reason})"


def daily_thread_failed(day: int, reason: str) -> str:
    """Say a day went out but its discussion thread did not open."""
    return f"day {day} is posted, but its thread could not be opened ({reason})"
