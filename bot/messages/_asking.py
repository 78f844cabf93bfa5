"""What members read when they ask: answers, did-you-means, declines, /topics, /paragraph, /about."""

from __future__ import annotations

from bot.core.knowledge import Article, Entry, General, Reading, paragraph_span
from bot.core.matcher import Unreadable
from bot.messages._common import shorten

__all__ = [
    "BACKGROUND_LABEL",
    "DECLINE",
    "DECLINE_COMMAND_LINE",
    "DECLINE_CONSOLE",
    "ENTRY_GONE",
    "SUGGEST_INTRO",
    "SUGGEST_PICK_HINT",
    "TOPICS_BACKGROUND",
    "TOPICS_GENERAL",
    "TOPICS_NONE",
    "TOPICS_PER_PAGE",
    "TOPICS_TITLE",
    "UNREADABLE",
    "about_text",
    "answer_text",
    "cooldown_private_text",
    "cooldown_text",
    "paragraph_footer",
    "paragraph_title",
    "source_line",
    "suggest_ask_hint",
    "suggestion_line",
    "topic_heading",
    "topic_line",
    "topics_footer",
    "unreadable_text",
]

BACKGROUND_LABEL = "Background, not from the article:"

DECLINE = (
    "I'm sorry, the article doesn't cover that, so I'd rather not guess. "
    "I can answer questions about what it says: try `/topics` to see them."
)
DECLINE_CONSOLE = (
    "I'm sorry, the article doesn't cover that, so I'd rather not guess. Type `topics` to see what I can answer."
)
DECLINE_COMMAND_LINE = (
    "I'm sorry, the article doesn't cover that, so I'd rather not guess. "
    "Run `python -m bot topics` to see what I can answer."
)
SUGGEST_INTRO = "I'm not sure which of these you mean. Did you mean:"
SUGGEST_PICK_HINT = "(Type the number to see that answer.)"
UNREADABLE = {
    Unreadable.EMPTY: "Ask me a question about the article, for example: why did Stalin win?",
    Unreadable.TOO_LONG: "That's a long one! Please ask in a sentence or two (under {limit} characters).",
    Unreadable.NO_WORDS: "I couldn't find any words in that. Ask me a question about the article in words.",
    Unreadable.OTHER_SCRIPT: "I can only read questions in English, the language of the article. Please ask in English.",
}
ENTRY_GONE = "That question isn't in my list any more (the answers were updated). Try `/topics` to see them now."
TOPICS_PER_PAGE = 15
TOPICS_TITLE = "Questions I can answer"
TOPICS_NONE = "I have no questions to offer yet."
TOPICS_GENERAL = "About the article"
TOPICS_BACKGROUND = "Background, beyond the article"


def unreadable_text(reason: Unreadable, limit: int) -> str:
    """Say kindly why a question could not be read."""
    return UNREADABLE[reason].format(limit=limit)


def answer_text(entry: Entry) -> str:
    """Return an entry's answer as members see it, background clearly labelled."""
    if entry.background:
        return f"{BACKGROUND_LABEL} {entry.answer}"
    return entry.answer


def source_line(article: Article, entry: Entry) -> str:
    """Say where an answer comes from: the paragraphs it cites (all of them, quoted or not), or the header."""
    where = f"“{article.title}”, {article.author}, {article.publication} {article.issue}"
    cited = paragraph_span(entry.paragraphs)
    if entry.background:
        return "Background, not from the article" + (f" (the article mentions it at {cited})." if cited else ".")
    if entry.header:
        return f"From the article's header ({where})" + (f" and {cited}." if cited else ".")
    return f"From {where}, {cited}." if cited else f"From {where}."


def about_text(article: Article) -> str:
    """Describe the article and what the bot does."""
    return (
        f"**{article.title}**\n"
        f"by {article.author}, {article.publication} issue {article.issue}, "
        f"part {article.series_part} of a series.\n"
        f"*{article.standfirst}*\n\n"
        f"The article has {len(article.paragraphs)} paragraphs, read over {len(article.readings)} days.\n"
        "Ask me about it with `/ask` (or mention me, or send me a direct message): I answer from the "
        "article and cite the paragraph. `/topics` lists what I can answer; `/help` lists everything "
        "I can do, a line on each."
    )


def topic_heading(heading: Reading | General, *, continued: bool = False) -> str:
    """Head a group of questions: by its reading, as questions about the article, or as background."""
    if heading is General.ARTICLE:
        text = TOPICS_GENERAL
    elif heading is General.BACKGROUND:
        text = TOPICS_BACKGROUND
    else:
        text = f"Day {heading.day}: {heading.title} ({paragraph_span(heading.paragraphs)})"
    return f"{text} (continued)" if continued else text


def topic_line(entry: Entry) -> str:
    """List one question the bot can answer."""
    return f"• {shorten(entry.title, 200)}"


def topics_footer(page: int, pages: int) -> str:
    """Say which page of /topics this is, and how to use it."""
    return f"Page {page + 1} of {pages} · ask any of them with /ask"


def suggestion_line(number: int | None, entry: Entry) -> str:
    """Offer one did-you-mean where there are no buttons: numbered to be typed, or (None) just listed."""
    return f"  {number}. {entry.title}" if number is not None else f"  • {entry.title}"


def suggest_ask_hint(entry: Entry) -> str:
    """Say how to get one of the did-you-means from the command line, which asks once and is done."""
    title = entry.title.replace('"', "'")
    return f'(Ask again with the one you mean, e.g. python -m bot ask "{title}")'


def paragraph_title(number: int, total: int) -> str:
    """Head /paragraph: which paragraph of how many."""
    return f"¶{number} of {total}"


def paragraph_footer(article: Article, reading: Reading) -> str:
    """Say where a paragraph comes from and the day the group reads it."""
    return f"“{article.title}”, {article.author}. Read on day {reading.day}: {reading.title}."


def cooldown_text(retry_at: int) -> str:
    """Tell a member asking quickly when to try again (``retry_at`` in Unix seconds)."""
    return f"You're asking quickly! Give the others a moment and try again <t:{retry_at}:R>."


def cooldown_private_text(retry_at: int) -> str:
    """Tell a member asking quickly that this answer is for them alone, and until when."""
    return (
        f"You're asking quickly, so this one is just for you: your answers show in the channel again <t:{retry_at}:R>."
    )
