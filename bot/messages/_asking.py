"""What members read when they ask: answers, did-you-means, passages, social replies, declines,
/topics, /paragraph, /about.

A reply names only what works where it is shown: :class:`Commands` says how a place names its
commands (``/topics`` on Discord, ``topics`` in the console, ``python -m bot topics`` on the
command line), and the words that point to them take one.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.knowledge import Article, Entry, General, Reading, paragraph_span
from bot.core.matcher import Unreadable
from bot.messages._common import shorten

__all__ = [
    "BACKGROUND_LABEL",
    "COMMAND_LINE_COMMANDS",
    "COMPARED",
    "CONSOLE_COMMANDS",
    "DECLINE",
    "DECLINE_COMMAND_LINE",
    "DECLINE_CONSOLE",
    "DISCORD_COMMANDS",
    "ENTRY_GONE",
    "NONE_OF_THESE",
    "NONE_OF_THESE_NOT_YOURS",
    "NONE_OF_THESE_THANKS",
    "NOT_SAID",
    "NOT_SAID_LEAD",
    "NOT_SAID_LEAD_BACKGROUND",
    "NOT_YOUR_QUESTION",
    "PARAGRAPH_QUESTIONS",
    "SOCIAL",
    "SUGGEST_INTRO",
    "SUGGEST_PICK_HINT",
    "TOPICS_BACKGROUND",
    "TOPICS_GENERAL",
    "TOPICS_NONE",
    "TOPICS_PER_PAGE",
    "TOPICS_TITLE",
    "UNREADABLE",
    "Commands",
    "about_text",
    "absent_text",
    "answer_text",
    "cooldown_private_text",
    "cooldown_text",
    "decline_more",
    "decline_text",
    "nearest_intro",
    "paragraph_footer",
    "paragraph_title",
    "part_label",
    "passage_intro",
    "social_text",
    "source_line",
    "suggest_ask_hint",
    "suggestion_line",
    "topic_heading",
    "topic_line",
    "topics_footer",
    "unreadable_text",
]

BACKGROUND_LABEL = "Background, not from the article:"


@dataclass(frozen=True)
class Commands:
    """How one place where members ask names what works there; every reply shown there points only to these."""

    topics: str  # the list of questions the bot can answer
    help: str  # everything else it can do
    ask: str  # how to put a question


DISCORD_COMMANDS = Commands("`/topics`", "`/help`", "Ask with `/ask`, by mentioning me or in a direct message")
CONSOLE_COMMANDS = Commands("`topics`", "`help`", "Type a question here")
COMMAND_LINE_COMMANDS = Commands(
    "`python -m bot topics`", "`python -m bot --help`", 'Ask with `python -m bot ask "your question"`'
)


def decline_text(commands: Commands) -> str:
    """Decline a question the article doesn't cover, pointing to the questions it does."""
    return f"I'm sorry, the article doesn't cover that, so I'd rather not guess. {decline_more(commands)}"


def decline_more(commands: Commands) -> str:
    """Point, after saying what the article doesn't say, to what it does."""
    return f"I can answer questions about what it says: try {commands.topics} to see them."


DECLINE = decline_text(DISCORD_COMMANDS)
DECLINE_CONSOLE = decline_text(CONSOLE_COMMANDS)
DECLINE_COMMAND_LINE = decline_text(COMMAND_LINE_COMMANDS)
NOT_SAID = "The article doesn't say, as far as I can tell."
NOT_SAID_LEAD = "The article doesn't say. What it does say:"
NOT_SAID_LEAD_BACKGROUND = "The article doesn't say. Some background:"
COMPARED = "That takes two answers, one for each side:"


def absent_text(terms: tuple[str, ...]) -> str:
    """Say the article has nothing on the member's terms (“NEP”, “Kronstadt”): it lacks them, not the bot."""
    names = [f"“{term}”" for term in terms]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
    return f"The article doesn't say anything about {listed}."


def nearest_intro(number: int) -> str:
    """Introduce the passage that comes nearest to what the article doesn't say."""
    return f"The nearest it comes is ¶{number}:"


def passage_intro(number: int) -> str:
    """Label a paragraph quoted because no answer fits but the text bears on the question."""
    return f"The article doesn't answer that directly; ¶{number} speaks to it:"


PARAGRAPH_QUESTIONS = "Questions you can ask about it"

# A greeting, thanks, "help", a goodbye or a nod: a short friendly reply, never the decline.
SOCIAL = {
    "greeting": "Hello! I'm here to help with “{title}”. Ask me anything about it, for example: why did Stalin "
    "win? {topics} lists the questions I can answer, {help} everything else I can do.",
    "thanks": "You're welcome! Ask me anything else about the article whenever you like: {topics} lists what I "
    "can answer, {help} everything else I can do.",
    "help": "I answer questions about “{title}” by {author} from what the article says, citing the paragraph "
    "(¶1–¶{count}). {ask}: two questions at once, or “explain para 16”, work too. {topics} lists what I can "
    "answer, {help} everything else I can do.",
    "goodbye": "Bye for now! I'll be here when you're back with more questions about the article: {topics} lists "
    "them, {help} everything else I can do.",
    "ack": "Ask me anything about the article whenever you like: {topics} lists what I can answer, {help} "
    "everything else I can do.",
}


def social_text(kind: str, article: Article, commands: Commands) -> str:
    """Reply to a greeting, thanks, "help", a goodbye or a nod (``kind``), pointing to what works here."""
    return SOCIAL.get(kind, SOCIAL["ack"]).format(
        title=article.title,
        author=article.author,
        count=len(article.paragraphs),
        topics=commands.topics,
        help=commands.help,
        ask=commands.ask,
    )


# Nothing in a member's words, shown back, may read as a mention or break out of the quote marks.
_UNSAFE = str.maketrans({"@": "", "＠": "", "<": "", ">": "", "`": "'"})


def part_label(part: str) -> str:
    """Show the part of a member's message a card answers, in their words: “when was he exiled”."""
    return f"“{shorten(' '.join(part.translate(_UNSAFE).split()), 120)}”"


SUGGEST_INTRO = "I'm not sure which of these you mean. Did you mean:"
NONE_OF_THESE = "None of these"
NONE_OF_THESE_NOT_YOURS = (
    "Only the member who asked can pass this question on to the organisers. If it's your question too, ask it yourself."
)
# Someone else pressed an option offered to the asker: the asker's message stays as it was.
NOT_YOUR_QUESTION = (
    "That was someone else's question, so their message stays as it is. Here's the answer, just for you."
)

# Only on Discord, where "None of these" is a button.
NONE_OF_THESE_THANKS = (
    "Thanks for saying so. The organisers will see your question and may add an answer for it. "
    "Meanwhile `/topics` lists what I can answer."
)

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
