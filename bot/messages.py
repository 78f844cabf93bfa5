"""Everything the bot says to people, in one voice, in one place.

Plain text only: the Discord cogs, the offline console and the command line all read from here,
so an answer in the terminal is the answer on Discord. Nothing here imports discord.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.knowledge import Article, Entry, Knowledge, Paragraph, Reading, paragraph_span
from bot.core.matcher import Unreadable

BACKGROUND_LABEL = "Background, not from the article:"
QUOTE_LIMIT = 220

DECLINE = (
    "I'm sorry, the article doesn't cover that, so I'd rather not guess. "
    "I can answer questions about what it says: try `/topics` to see them."
)
DECLINE_CONSOLE = (
    "I'm sorry, the article doesn't cover that, so I'd rather not guess. "
    "Type `topics` to see what I can answer."
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
  help         this list
  quit         leave (Ctrl-D works too)"""
APOLOGY = "Sorry, something went wrong on my side while doing that. The organisers can find the details in the bot's log."


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
    lines = [f"Day {reading.day} of {len(article.readings)}: {reading.title} ({paragraph_span(reading.paragraphs)})", ""]
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
# Discord's own limits, so every reply fits whatever the knowledge holds.
MESSAGE_LIMIT = 2000
TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FOOTER_LIMIT = 2048
BUTTON_LABEL_LIMIT = 80
CHOICE_NAME_LIMIT = 100
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
        if len(description) + len(line) + 3 > DESCRIPTION_LIMIT:
            break
        description += f"\n> {line}"
    return Card(
        title=shorten(entry.title, TITLE_LIMIT),
        description=shorten(description, DESCRIPTION_LIMIT),
        footer=shorten(source_line(article, entry), FOOTER_LIMIT),
    )


def paragraph_card(article: Article, number: int) -> Card:
    """Return one paragraph of the article as an embed's text, with the day it is read."""
    paragraph = article.paragraph(number)
    reading = article.reading_of(number)
    return Card(
        title=f"¶{number} of {len(article.paragraphs)}",
        description=shorten(paragraph.text, DESCRIPTION_LIMIT),
        footer=shorten(f"“{article.title}”, {article.author}. Read on day {reading.day}: {reading.title}.", FOOTER_LIMIT),
    )


def topic_pages(groups: list[tuple[str, list[Entry]]], per_page: int = TOPICS_PER_PAGE) -> list[str]:
    """Split the questions the bot can answer into pages, each heading repeated where a group continues."""
    pages: list[str] = []
    lines: list[str] = []
    count = 0
    for heading, entries in groups:
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
    return [shorten(page, DESCRIPTION_LIMIT) for page in pages] or ["I have no questions to offer yet."]


def topics_card(pages: list[str], page: int) -> Card:
    """Return one page of ``/topics`` as an embed's text."""
    return Card(
        title="Questions I can answer",
        description=pages[page],
        footer=f"Page {page + 1} of {len(pages)} · ask any of them with /ask",
    )


def button_label(text: str) -> str:
    """Return ``text`` short enough for a button."""
    return shorten(text, BUTTON_LABEL_LIMIT)


def choice_name(text: str) -> str:
    """Return ``text`` short enough for an autocomplete choice."""
    return shorten(text, CHOICE_NAME_LIMIT)


def cooldown_text(retry_at: int) -> str:
    """Tell a member asking quickly when to try again (``retry_at`` in Unix seconds)."""
    return f"You're asking quickly! Give the others a moment and try again <t:{retry_at}:R>."
