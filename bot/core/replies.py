"""Say the engine's verdict in plain words: the whole text a member would see, for every outcome.

The command line prints this (``python -m bot ask``, and the ``reply`` field of ``--json``). It
renders a :class:`~bot.core.matcher.Result` and decides nothing: which entries answer which part
of the message, which paragraph to quote, what the article lacks, all come decided in the result.
The Discord replies (cards and buttons) are built from the same result.
"""

from __future__ import annotations

from bot.core.knowledge import Entry, Knowledge, Paragraph, paragraph_span
from bot.core.matcher import Outcome, Result, Unreadable

MESSAGE_LIMIT = 2000  # Discord's limit on a message's text
QUOTE_LIMIT = 220
BACKGROUND_LABEL = "Background, not from the article:"

SOCIAL = {
    "greeting": "Hello! I'm here to help with “{title}”. Ask me anything about it, for example: why did Stalin win? "
    "`/topics` lists the questions I can answer.",
    "thanks": "You're welcome! Ask me anything else about the article whenever you like; `/topics` lists what I "
    "can answer.",
    "help": "I answer questions about “{title}” by {author} from what the article says, citing the paragraph "
    "(¶1–¶{count}). Ask with `/ask`, by mentioning me or in a direct message: two questions at once, or "
    "“explain para 16”, work too. `/topics` lists what I can answer, `/paragraph` shows a paragraph, "
    "`/quote` finds a quotation, `/today` shows the day's reading.",
    "goodbye": "Bye for now! I'll be here when you're back with more questions about the article (`/topics` lists "
    "them).",
    "ack": "Ask me anything about the article whenever you like: `/topics` lists what I can answer.",
}
DECLINE = (
    "I'm sorry, the article doesn't cover that, so I'd rather not guess. "
    "I can answer questions about what it says: try `/topics` to see them."
)
UNREADABLE = {
    Unreadable.EMPTY: "Ask me a question about the article, for example: why did Stalin win?",
    Unreadable.TOO_LONG: "That's a long one! Please ask in a sentence or two (under {limit} characters).",
    Unreadable.NO_WORDS: "I couldn't find any words in that. Ask me a question about the article in words.",
    Unreadable.OTHER_SCRIPT: "I can only read questions in English, the language of the article. Please ask in English.",
}


def answer_text(entry: Entry) -> str:
    """Return an entry's answer as members see it, background clearly labelled."""
    return f"{BACKGROUND_LABEL} {entry.answer}" if entry.background else entry.answer


def shorten(text: str, limit: int) -> str:
    """Cut ``text`` at a word boundary to at most ``limit`` characters, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:—-")
    return cut + "…"


def quote(paragraph: Paragraph, limit: int = QUOTE_LIMIT) -> str:
    """Quote a paragraph with its number: ¶16 “The reason Stalin won…”."""
    return f"¶{paragraph.number} “{shorten(paragraph.text, limit)}”"


def _shown(part: str) -> str:
    """Return a member's words fit to show back: no @ or angle brackets, so nothing can read as a mention."""
    return shorten(" ".join(part.translate(_UNSAFE).split()), 120)


_UNSAFE = str.maketrans({"@": "", "<": "", ">": "", "`": "'", "＠": ""})


def reply_text(knowledge: Knowledge, result: Result, *, limit: int = 300) -> str:
    """Return the whole text a member gets for ``result`` (``limit``: the question length read)."""
    article = knowledge.article
    outcome = result.outcome
    if outcome is Outcome.UNREADABLE:
        return UNREADABLE[result.unreadable].format(limit=limit)
    if outcome is Outcome.SOCIAL:
        return SOCIAL[result.social].format(title=article.title, author=article.author, count=len(article.paragraphs))
    if outcome is Outcome.ANSWER:
        return _answers(knowledge, result)
    if outcome is Outcome.SUGGEST:
        lines = ["I'm not sure which of these you mean. Did you mean:"]
        lines += [f"  {i}. {match.entry.title}" for i, match in enumerate(result.matches, 1)]
        return "\n".join(lines)
    if outcome is Outcome.PASSAGE:
        return _passage(knowledge, result)
    return _decline(knowledge, result)


def _answers(knowledge: Knowledge, result: Result) -> str:
    several = len(result.answers) > 1 or result.offers or result.unanswered
    # Long answers share Discord's 2,000 characters: quotes shrink first, then the answers.
    quote_limit = QUOTE_LIMIT if len(result.answers) == 1 else 120
    blocks = []
    for answer in result.answers:
        lines = [f"“{_shown(answer.part)}”"] if several else []
        lines.append(answer_text(answer.entry))
        lines += [quote(knowledge.article.paragraph(n), quote_limit) for n in answer.entry.paragraphs[:3]]
        blocks.append("\n".join(lines))
    if result.offers:
        lines = [f"“{_shown(result.offered_part)}”: I'm not sure which of these you mean. Did you mean:"]
        lines += [f"  {i}. {match.entry.title}" for i, match in enumerate(result.offers, 1)]
        blocks.append("\n".join(lines))
    for part in result.unanswered:
        blocks.append(f"“{_shown(part)}”: the article doesn't say, as far as I can tell.")
    text = "\n\n".join(blocks)
    if len(text) > MESSAGE_LIMIT:
        per_block = MESSAGE_LIMIT // len(blocks) - 2
        text = "\n\n".join(shorten(block, per_block) for block in blocks)
    return text


def _passage(knowledge: Knowledge, result: Result) -> str:
    article = knowledge.article
    if result.named:
        lines = []
        for number in result.paragraphs:
            reading = article.reading_of(number)
            lines.append(f"¶{number}, from Day {reading.day}: {reading.title} ({paragraph_span(reading.paragraphs)})")
            lines.append(article.paragraph(number).text)
            lines.append("")
        if result.matches:
            lines.append("Questions you can ask about it:")
            lines += [f"  - {match.entry.title}" for match in result.matches]
        return shorten("\n".join(lines).strip(), MESSAGE_LIMIT)
    number = result.paragraphs[0]
    return (
        f"The article doesn't answer that directly; ¶{number} speaks to it:\n"
        f"“{shorten(article.paragraph(number).text, 900)}”"
    )


def _decline(knowledge: Knowledge, result: Result) -> str:
    if not result.absent and not result.paragraphs:
        return DECLINE
    said = (
        f"The article doesn't say anything about {_listed(result.absent)}."
        if result.absent
        else "The article doesn't say."
    )
    if result.paragraphs:
        near = ", ".join(quote(knowledge.article.paragraph(n)) for n in result.paragraphs)
        return f"{said} The nearest it comes is {near}"
    return f"{said} I can answer questions about what it does say: try `/topics` to see them."


def _listed(terms: tuple[str, ...]) -> str:
    names = [f"“{term}”" for term in terms]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
