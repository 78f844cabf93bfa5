"""Everything the bot says to people, in one voice, in one place.

Plain text only: the Discord cogs, the offline console and the command line all read from here,
so an answer in the terminal is the answer on Discord. Nothing here imports discord.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core import limits
from bot.core.companion import Suggestion
from bot.core.knowledge import Article, Entry, Knowledge, Paragraph, Reading, paragraph_span
from bot.core.matcher import Unreadable

BACKGROUND_LABEL = "Background, not from the article:"
QUOTE_LIMIT = 220

DECLINE = (
    "I'm sorry, the article doesn't cover that, so I'd rather not guess. "
    "I can answer questions about what it says: try `/topics` to see them."
)
DECLINE_CONSOLE = (
    "I'm sorry, the article doesn't cover that, so I'd rather not guess. Type `topics` to see what I can answer."
)
SUGGEST_INTRO = "I'm not sure which of these you mean. Did you mean:"
UNREADABLE = {
    Unreadable.EMPTY: "Ask me a question about the article, for example: why did Stalin win?",
    Unreadable.TOO_LONG: "That's a long one! Please ask in a sentence or two (under {limit} characters).",
    Unreadable.NO_WORDS: "I couldn't find any words in that. Ask me a question about the article in words.",
    Unreadable.OTHER_SCRIPT: "I can only read questions in English, the language of the article. Please ask in English.",
}
OFFLINE_BANNER = (
    "Offline console: no DISCORD_TOKEN set, so this is not connected to Discord "
    "(set DISCORD_TOKEN, or put it in config/.env, to run the bot). Type `help` for commands."
)
CONSOLE_HELP = """Type a question about the article and press Enter, or one of:
  today        the reading the schedule is on
  reading N    day N's reading and discussion prompt
  paragraph N  paragraph N of the article (1-29)
  topics       the questions I can answer
  quote TEXT   where a quotation (or something like it) stands in the article
  timeline     the dates the article mentions, in order
  catchup [N]  the readings from day N (default 1) up to the schedule's current day
  help         this list
  quit         leave (Ctrl-D works too)"""
APOLOGY = (
    "Sorry, something went wrong on my side while doing that. The organisers can find the details in the bot's log."
)


def unreadable_text(reason: Unreadable, limit: int) -> str:
    """Say kindly why a question could not be read."""
    return UNREADABLE[reason].format(limit=limit)


def answer_text(entry: Entry) -> str:
    """Return an entry's answer as members see it, background clearly labelled."""
    if entry.background:
        return f"{BACKGROUND_LABEL} {entry.answer}"
    return entry.answer


def shorten(text: str, limit: int) -> str:
    """Cut ``text`` at a word boundary to at most ``limit`` characters, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:—-")
    return cut + "…"


def quote(paragraph: Paragraph, limit: int = QUOTE_LIMIT) -> str:
    """Quote a paragraph briefly with its number: ¶16 “The reason Stalin won…”."""
    return f"¶{paragraph.number} “{shorten(paragraph.text, limit)}”"


def source_line(article: Article, entry: Entry) -> str:
    """Say where an answer comes from."""
    where = f"“{article.title}”, {article.author}, {article.publication} {article.issue}"
    if entry.background:
        cited = f" (the article mentions it at {paragraph_span(entry.paragraphs)})" if entry.paragraphs else ""
        return f"Background, not from the article{cited}."
    return f"From {where}, {paragraph_span(entry.paragraphs)}." if entry.paragraphs else f"From {where}."


def about_text(article: Article) -> str:
    """Describe the article and what the bot does."""
    return (
        f"**{article.title}**\n"
        f"by {article.author}, {article.publication} issue {article.issue}, "
        f"part {article.series_part} of a series.\n"
        f"*{article.standfirst}*\n\n"
        f"The article has {len(article.paragraphs)} paragraphs, read over {len(article.readings)} days.\n"
        "Ask me about it with `/ask` (or mention me, or send me a direct message): I answer from the "
        "article and cite the paragraph. `/topics` lists what I can answer, `/paragraph` shows a "
        "paragraph, `/today` the day's reading."
    )


def reading_text(article: Article, reading: Reading) -> str:
    """Return a reading as plain text: the passage with its numbers, then the prompt."""
    lines = [
        f"Day {reading.day} of {len(article.readings)}: {reading.title} ({paragraph_span(reading.paragraphs)})",
        "",
    ]
    for number in reading.paragraphs:
        lines.append(f"¶{number} {article.paragraph(number).text}")
        lines.append("")
    lines.append(f"Discussion: {reading.prompt}")
    return "\n".join(lines)


def console_answer(knowledge: Knowledge, entry: Entry) -> str:
    """Return an answer as the console prints it: answer, brief quotes, source."""
    article = knowledge.article
    lines = [answer_text(entry), ""]
    lines += [quote(article.paragraph(n)) for n in entry.paragraphs]
    lines.append(f"— {source_line(article, entry)}")
    return "\n".join(lines)


# -- Discord: text parts of replies (the cogs build the discord objects) ----------------------
TOPICS_PER_PAGE = 15

ENTRY_GONE = "That question isn't in my list any more (the answers were updated). Try `/topics` to see them now."
PREVIOUS_PAGE = "Previous"
NEXT_PAGE = "Next"


@dataclass(frozen=True)
class Card:
    """The text of an embed: a title, a body and a footer, each within Discord's limits."""

    title: str
    description: str
    footer: str = ""


def answer_card(article: Article, entry: Entry) -> Card:
    """Return an answer as an embed's text: the answer, brief quotes of its paragraphs, the source."""
    description = answer_text(entry)
    quotes = [quote(article.paragraph(n)) for n in entry.paragraphs]
    if quotes:
        description += "\n"
    for line in quotes:
        if len(description) + len(line) + 3 > limits.EMBED_DESCRIPTION:
            break
        description += f"\n> {line}"
    return Card(
        title=shorten(entry.title, limits.EMBED_TITLE),
        description=shorten(description, limits.EMBED_DESCRIPTION),
        footer=shorten(source_line(article, entry), limits.EMBED_FOOTER),
    )


def paragraph_card(article: Article, number: int) -> Card:
    """Return one paragraph of the article as an embed's text, with the day it is read."""
    paragraph = article.paragraph(number)
    reading = article.reading_of(number)
    return Card(
        title=f"¶{number} of {len(article.paragraphs)}",
        description=shorten(paragraph.text, limits.EMBED_DESCRIPTION),
        footer=shorten(
            f"“{article.title}”, {article.author}. Read on day {reading.day}: {reading.title}.", limits.EMBED_FOOTER
        ),
    )


TOPICS_GENERAL = "About the article"


def topic_heading(reading: Reading | None) -> str:
    """Head a group of questions by its reading, or as questions about the article as a whole."""
    if reading is None:
        return TOPICS_GENERAL
    return f"Day {reading.day}: {reading.title} ({paragraph_span(reading.paragraphs)})"


def topic_pages(groups: list[tuple[Reading | None, list[Entry]]], per_page: int = TOPICS_PER_PAGE) -> list[str]:
    """Split the questions the bot can answer into pages, each heading repeated where a group continues."""
    pages: list[str] = []
    lines: list[str] = []
    count = 0
    for reading, entries in groups:
        heading = topic_heading(reading)
        for index, entry in enumerate(entries):
            if count == per_page:
                pages.append("\n".join(lines))
                lines, count = [], 0
            if index == 0 or not lines:
                if lines:
                    lines.append("")
                lines.append(f"**{heading}**" + (" (continued)" if index else ""))
            lines.append(f"• {shorten(entry.title, 200)}")
            count += 1
    if lines:
        pages.append("\n".join(lines))
    return [shorten(page, limits.EMBED_DESCRIPTION) for page in pages] or ["I have no questions to offer yet."]


def topics_card(pages: list[str], page: int) -> Card:
    """Return one page of ``/topics`` as an embed's text."""
    return Card(
        title="Questions I can answer",
        description=pages[page],
        footer=f"Page {page + 1} of {len(pages)} · ask any of them with /ask",
    )


def button_label(text: str) -> str:
    """Return ``text`` short enough for a button."""
    return shorten(text, limits.BUTTON_LABEL)


def choice_name(text: str) -> str:
    """Return ``text`` short enough for an autocomplete choice."""
    return shorten(text, limits.CHOICE_NAME)


def cooldown_text(retry_at: int) -> str:
    """Tell a member asking quickly when to try again (``retry_at`` in Unix seconds)."""
    return f"You're asking quickly! Give the others a moment and try again <t:{retry_at}:R>."


# -- curation: what the organisers read (/qa, python -m bot check/unanswered) ------------------
ORGANISERS_ONLY = "Only the group's organisers (Manage Server, or the organiser role) can do that."
RELOAD_UNCHANGED = "Reloaded the knowledge: nothing changed."
UNANSWERED_EMPTY = "No unanswered questions to review. Members have been getting answers."
UNANSWERED_ALL_DONE = "That was the last one on this list. Run `/qa unanswered` again for a fresh list."
PICK_ENTRY = "Which entry should “{question}” become a phrasing of? (the closest entries first)"
PICK_PLACEHOLDER = "Choose an entry"
ADD_REJECTED = "I didn't change qa.yaml: the result would not load, so the previous file is still served.\n{problems}"
ADD_FAILED = "I didn't change qa.yaml: {reason}."
REVIEW_EXPIRED = "This list has expired; run `/qa unanswered` again."
PREVIOUS = "Previous"
NEXT = "Next"
PROBLEMS_SHOWN = 10


def problem_lines(problems: list, limit: int = PROBLEMS_SHOWN) -> str:
    """List ``file:line: what is wrong`` problems in a code block, at most ``limit`` of them."""
    shown = [str(problem) for problem in problems[:limit]]
    more = (
        f"\n…and {len(problems) - limit} more (`python -m bot check` lists them all)" if len(problems) > limit else ""
    )
    return "```\n" + shorten("\n".join(shown), 1600) + "\n```" + more


def changes_text(changes) -> str:
    """Say what a reload changed: entries added, removed, changed, and the article."""
    if not changes.any:
        return RELOAD_UNCHANGED
    parts = []
    for label, ids in (("added", changes.added), ("changed", changes.changed), ("removed", changes.removed)):
        if ids:
            listed = ", ".join(f"`{i}`" for i in ids[:15]) + (f" and {len(ids) - 15} more" if len(ids) > 15 else "")
            parts.append(f"{len(ids)} {label} ({listed})")
    if changes.article_changed:
        parts.append("the article or the synonyms changed")
    return shorten("Reloaded the knowledge: " + "; ".join(parts) + ".", limits.MESSAGE)


def reload_rejected_text(problems: list, *, automatic: bool) -> str:
    """Tell the organisers an edit was not loaded, where it is wrong, and that members are unaffected."""
    cause = "I noticed an edit to the knowledge files, but" if automatic else "The edited knowledge files"
    verb = "it does not load" if automatic else "do not load"
    return (
        f"{cause} {verb}, so members still get the previous answers. Fix these and save again"
        f"{'' if automatic else ', then `/qa reload`'}:\n{problem_lines(problems)}"
    )


def discord_time(moment) -> str:
    """Return a Discord timestamp that each reader sees in their own time zone, relative to now."""
    return f"<t:{int(moment.timestamp())}:R>"


def times(count: int) -> str:
    """Return "once", "twice" or "N times"."""
    return {1: "once", 2: "twice"}.get(count, f"{count} times")


def unanswered_page(groups: list, first_number: int, page: int, pages: int, total: int) -> str:
    """Return one page of ``/qa unanswered``: numbered questions, counts, when last asked."""
    lines = [f"**Questions I couldn't answer** (page {page + 1} of {pages}, {total} in all, most asked first)"]
    for number, group in enumerate(groups, start=first_number):
        line = f"**{number}.** “{shorten(group.text, 200)}”: asked {times(group.count)}, last {discord_time(group.last_asked)}"
        if group.suggested:
            line += f"; closest entry `{group.suggested}`"
        others = [w for w in group.wordings if w != group.text]
        if others:
            line += "\n   also asked as: " + "; ".join(f"“{shorten(w, 80)}”" for w in others[:3])
            if len(others) > 3:
                line += f" and {len(others) - 3} more"
        lines.append(line)
    return shorten("\n".join(lines), limits.MESSAGE)


def add_label(number: int, entry_id: str) -> str:
    """Label the button that adds question ``number`` as a phrasing of the suggested entry."""
    return button_label(f"{number}: Add as a phrasing of {entry_id}")


def other_entry_label(number: int) -> str:
    """Label the button that picks another entry for question ``number``."""
    return button_label(f"{number}: Another entry…")


def dismiss_label(number: int) -> str:
    """Label the button that dismisses question ``number``."""
    return button_label(f"{number}: Dismiss")


def added_text(phrasing: str, entry_id: str, line: int, changes) -> str:
    """Confirm a phrasing was written into qa.yaml and served."""
    return shorten(
        f"Added “{phrasing}” to `{entry_id}` (qa.yaml line {line}); members asking it now get that answer. "
        + changes_text(changes),
        limits.MESSAGE,
    )


def dismissed_text(phrasing: str) -> str:
    """Confirm a question was taken off the list."""
    return f"Dismissed “{shorten(phrasing, 200)}”. It comes back if a member asks it again."


OUTCOME_TEXT = {
    "answer": "answered with `{entry}`",
    "suggest": "offered a did-you-mean: {entries}",
    "decline": "declined (the article doesn't cover it, as far as I can tell)",
    "unreadable": "told the question can't be read ({reason})",
}


def test_text(question: str, result, ranked: list, settings) -> str:
    """Show how the engine sees ``question``: the top entries with scores, and the member's outcome."""
    outcome = result.outcome.value
    entries = ", ".join(f"`{m.entry.id}`" for m in result.matches)
    got = OUTCOME_TEXT[outcome].format(
        entry=result.entry.id if result.entry else "",
        entries=entries,
        reason=result.unreadable.value if result.unreadable else "",
    )
    lines = [f"**Test:** “{shorten(question, 300)}”", f"A member asking this would be {got}.", ""]
    if ranked:
        lines.append("Top entries:")
        for number, match in enumerate(ranked, start=1):
            lines.append(
                f"{number}. `{match.entry.id}`: score {match.score:.1f}, coverage {match.coverage:.2f}, "
                f"closest phrasing “{shorten(match.phrasing, 120)}”"
            )
    else:
        lines.append("No entry shares a word with it.")
    lines.append(
        f"\nThresholds: answer at {settings.answer_threshold:g} (leading by {settings.margin:g}, "
        f"coverage {settings.min_coverage:g}), did-you-mean at {settings.suggest_threshold:g}."
    )
    return shorten("\n".join(lines), limits.MESSAGE)


PERIOD_TEXT = {"day": "the last 24 hours", "week": "the last 7 days", "month": "the last 30 days", "all": "all time"}


def stats_text(stats, period: str, knowledge) -> str:
    """Show the questions asked over ``period``, what members got and the most asked entries."""
    lines = [f"**Questions asked, {PERIOD_TEXT[period]}:** {stats.total}"]
    if stats.total:
        lines.append(
            f"Answered {stats.answered} ({stats.share(stats.answered)}) · did-you-mean {stats.suggested} "
            f"({stats.share(stats.suggested)}) · declined {stats.declined} ({stats.share(stats.declined)})"
            + (f" · unreadable {stats.unreadable} ({stats.share(stats.unreadable)})" if stats.unreadable else "")
        )
    if stats.top_entries:
        lines.append("\nMost asked entries:")
        for number, (entry_id, count) in enumerate(stats.top_entries, start=1):
            title = knowledge.entry(entry_id).title if knowledge.has_entry(entry_id) else "(no longer in qa.yaml)"
            lines.append(f"{number}. `{entry_id}` “{shorten(title, 80)}”: {times(count)}")
    return shorten("\n".join(lines), limits.MESSAGE)


def unanswered_cli_lines(groups: list) -> list[str]:
    """Return the unanswered list as the command line prints it, one question a line."""
    if not groups:
        return [UNANSWERED_EMPTY]
    lines = []
    for number, group in enumerate(groups, start=1):
        line = f"{number}. {group.text}  (asked {times(group.count)}, last {group.last_asked.isoformat()}"
        line += f"; closest entry {group.suggested})" if group.suggested else ")"
        lines.append(line)
        lines += [f"     also asked as: {w}" for w in group.wordings if w != group.text]
    return lines


# -- daily reading -------------------------------------------------------------------------------
# The daily post, /today, /reading and the organisers' /daily commands. Times are Unix seconds,
# shown to members as Discord timestamps (each sees their own local time).
DAILY_DISCUSSION_LABEL = "Discussion"
DAILY_CLOSING_TITLE = "That's the whole article"
DAILY_CLOSING_THREAD = "Reflections on the whole article"
DAILY_NOT_SET_UP = "The daily reading isn't set up in this server yet. An organiser can start it with `/daily setup`."
DAILY_FINISHED = "The group has read the whole article. An organiser can start again from day 1 with `/daily restart`."
DAILY_NO_CHANNEL = "the daily reading's channel no longer exists (deleted?); choose another with `/daily setup`"


@dataclass(frozen=True)
class DailyPost:
    """The text of one daily post: an embed (title, passage, prompt, footer) and its thread's name."""

    title: str
    description: str
    prompt: str
    footer: str
    thread_name: str
    questions: tuple[str, ...] = ()  # what members can ask the bot about the passage


def daily_title(day: int, total: int, title: str) -> str:
    """Return a day's post title, "Day 3 of 16: …" (the bot recognises its posts by the start)."""
    return shorten(f"Day {day} of {total}: {title}", limits.EMBED_TITLE)


def daily_title_prefix(day: int, total: int) -> str:
    """Return the start every title of day ``day`` has, whatever the reading's title."""
    return f"Day {day} of " if day <= total else DAILY_CLOSING_TITLE


def daily_post(
    article: Article, reading: Reading, *, questions: tuple[str, ...] = (), suggested: tuple[str, int] | None = None
) -> DailyPost:
    """Return a reading as the daily post shows it: the passage quoted with its paragraph numbers.

    ``questions`` end the post (what members can ask about it); ``suggested`` is a member's
    approved prompt and its author's id, used instead of the reading's own prompt.
    """
    total = len(article.readings)
    quoted = "\n\n".join(f"> **¶{n}** {article.paragraph(n).text}" for n in reading.paragraphs)
    prompt = reading.prompt if suggested is None else suggested_prompt(*suggested)
    return DailyPost(
        title=daily_title(reading.day, total, reading.title),
        description=shorten(quoted, limits.EMBED_DESCRIPTION),
        prompt=shorten(prompt, limits.FIELD_VALUE),
        footer=f"“{article.title}”, {article.author} · {paragraph_span(reading.paragraphs)}",
        thread_name=shorten(f"Day {reading.day}: {reading.title}", limits.THREAD_NAME),
        questions=tuple(questions),
    )


def daily_closing(article: Article) -> DailyPost:
    """Return the closing post: what the group read, and an invitation to think about the whole."""
    days = "\n".join(f"Day {r.day}: {r.title} ({paragraph_span(r.paragraphs)})" for r in article.readings)
    return DailyPost(
        title=DAILY_CLOSING_TITLE,
        description=shorten(
            f"Over {len(article.readings)} days we read all {len(article.paragraphs)} paragraphs of "
            f"“{article.title}” by {article.author}:\n\n{days}",
            limits.EMBED_DESCRIPTION,
        ),
        prompt=(
            "Looking back at the whole article: what was its main argument, and did it convince you? "
            "Which reading stayed with you, and what would you want to read next?"
        ),
        footer="Thank you for reading together. You can still ask me about any of it with /ask.",
        thread_name=DAILY_CLOSING_THREAD,
    )


def daily_post_for(article: Article, day: int, **extras) -> DailyPost:
    """Return the post of day ``day``; the day after the last reading is the closing post.

    ``extras`` (questions, suggested) are passed to :func:`daily_post` for a reading.
    """
    if day > len(article.readings):
        return daily_closing(article)
    return daily_post(article, article.reading(day), **extras)


def daily_preview(article: Article, day: int, **extras) -> str:
    """Return day ``day``'s post as plain text, as it will appear in the channel."""
    post = daily_post_for(article, day, **extras)
    lines = [post.title, "", post.description, "", f"{DAILY_DISCUSSION_LABEL}: {post.prompt}", "", post.footer]
    if post.questions:
        lines[-1:-1] = [f"{DAILY_QUESTIONS_LABEL}\n{questions_text(post.questions)}", ""]
    lines.append(f"[thread: {post.thread_name}]")
    return "\n".join(lines)


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


def daily_setup_done(channel: str, at: str, zone: str, thread: bool, role: str | None, upcoming: str) -> str:
    """Confirm an organiser's settings (``upcoming`` from :func:`daily_next`)."""
    extras = ["with a discussion thread" if thread else "without a thread"]
    extras.append(f"pinging {role}" if role else "pinging no one")
    return f"The daily reading goes to {channel} at {at} {zone}, {', '.join(extras)}.\n{upcoming}"


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
) -> str:
    """Describe a guild's daily schedule for its organisers (``upcoming`` from :func:`daily_next`)."""
    lines = [
        f"Channel: {channel}",
        f"Time: {at} {zone}" + (", with a discussion thread" if thread else ", no thread"),
        f"Pings: {role or 'no one'}",
        upcoming,
    ]
    if not paused:
        lines.append("Paused: no")
    if error:
        lines.append(f"Last attempt failed <t:{error_at}:R>: {error}")
    return "\n".join(lines)


def daily_posted(day: int, total: int, link: str) -> str:
    """Confirm a post an organiser asked for."""
    what = f"Day {day}" if day <= total else "The closing message"
    return f"{what} is posted: {link}"


def daily_post_failed(error: str) -> str:
    """Tell an organiser a post they asked for did not go out."""
    return f"I couldn't post it: {error}. Nothing was counted; see `/daily status`."


def daily_skipped(day: int) -> str:
    """Confirm a skipped reading."""
    return f"Skipped day {day}."


DAILY_RESUMED = "Resumed (a time missed while paused is not made up)."


DAILY_TIMEOUT = "Discord did not answer in time; I'll look in the channel before trying again"
DAILY_REFUSED = "Discord refused: I'm missing a permission in the channel"
DAILY_GONE = "Discord says the channel (or message) no longer exists"


def daily_discord_trouble(status: int) -> str:
    """Say that Discord failed on its side (a 5xx), for organisers."""
    return f"Discord had a problem on its side (error {status}); I'll try again"


def daily_cannot_check(day: int, reason: str) -> str:
    """Say the bot waits because it cannot tell whether a day already went out."""
    return f"I can't check whether day {day} was already posted ({reason})"


def daily_thread_failed(day: int, reason: str) -> str:
    """Say a day went out but its discussion thread did not open."""
    return f"day {day} is posted, but its thread could not be opened ({reason})"


# The channel permissions the daily reading needs, as Discord's settings name them.
PERMISSION_NAMES = {
    "view_channel": "View Channel",
    "send_messages": "Send Messages",
    "embed_links": "Embed Links",
    "read_message_history": "Read Message History",
    "create_public_threads": "Create Public Threads",
}


# -- companion -----------------------------------------------------------------------------------
# Answers that point into the group's discussion, the spoiler guard, /quote, /timeline, /catchup
# and members' prompt suggestions. Times are Unix seconds shown as Discord timestamps.
DAILY_QUESTIONS_LABEL = "Ask me about it"
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


def questions_text(questions: tuple[str, ...] | list[str]) -> str:
    """List the questions a daily post suggests, each ready to type after /ask."""
    return "\n".join(f"• {shorten(q, 200)}" for q in questions) + "\n*Ask with `/ask` or mention me.*"


def suggested_prompt(text: str, author_id: int) -> str:
    """Return a member's approved prompt as the daily post shows it, credited (embeds never ping)."""
    return f"{text}\n*Suggested by <@{author_id}>*"


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


def quote_reply(verdict, paragraph_text: str, number: int, start: int, end: int, total: int) -> tuple[str, str]:
    """Return the heading and the passage for /quote: the paragraph with the best sentence in bold.

    ``verdict`` is a :class:`bot.core.quotes.Verdict` value (its ``.value``).
    """
    headings = {
        "quote": f"That's in ¶{number} of {total}:",
        "paraphrase": f"The article says that, in its own words, in ¶{number} of {total}:",
        "near": (
            f"I can't find that in the article's words, so I won't say it says that. The closest passage is ¶{number}:"
        ),
        "absent": f"The article doesn't say that. The closest passage is ¶{number}:",
    }
    marked = f"{paragraph_text[:start]}**{paragraph_text[start:end]}**{paragraph_text[end:]}"
    return headings[verdict], shorten(f"¶{number} {marked}", 3800)


def quote_text(heading: str, passage: str) -> str:
    """Return /quote's answer as plain text (the console)."""
    return f"{heading}\n{passage.replace('**', '')}"


def timeline_lines(events) -> list[str]:
    """Return the article's dated events, one a line, each with its paragraphs (``events``: Event)."""
    return [f"**{event.when}** {event.event} ({paragraph_span(event.paragraphs)})" for event in events]


def timeline_hidden(count: int) -> str:
    """Say that some dates are held back by the spoiler guard."""
    what = "One more date comes" if count == 1 else f"{count} more dates come"
    return f"*{what} up in readings the group hasn't reached yet.*"


def catchup_line(reading: Reading, line: str) -> str:
    """Return one reading as /catchup lists it: title, paragraphs and its opening line."""
    return f"**Day {reading.day}: {reading.title}** ({paragraph_span(reading.paragraphs)})\n{line}"


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


def suggestions_page(shown: list[Suggestion], total: int) -> str:
    """List suggested prompts for organisers, numbered as the buttons are."""
    lines = [f"**Suggested prompts** ({total} waiting, oldest first)"]
    for number, suggestion in enumerate(shown, start=1):
        lines.append(
            f"**{number}.** Day {suggestion.day}, from <@{suggestion.author_id}>: “{shorten(suggestion.text, 300)}”"
        )
    if total > len(shown):
        lines.append(f"…and {total - len(shown)} more after these.")
    return shorten("\n".join(lines), limits.MESSAGE)


def suggestion_decided(suggestion: Suggestion, *, approved: bool) -> str:
    """Confirm an organiser's decision on a suggestion."""
    if approved:
        return f"Approved the prompt for day {suggestion.day}: it's used the next time that reading is posted."
    return f"Rejected the prompt for day {suggestion.day}."


def catchup_offline_ahead(since_day: int, today: int) -> str:
    """Tell the console user the schedule hasn't reached that day."""
    return f"The schedule is on day {today}: nothing from day {since_day} on to catch up on yet."


def catchup_console(lines: list[str]) -> str:
    """Return /catchup's list as the console prints it (no Discord markdown)."""
    return "\n".join(line.replace("**", "") for line in lines)
