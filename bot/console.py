"""The offline console: the bot's answers in a terminal, with no Discord at all.

Interactive at a terminal; when standard input is a pipe it answers each line and exits. The
replies are the ones the bot gives on Discord (:mod:`bot.replies`), built for the console and
rendered as plain text by :func:`render`, the one place Discord's markup is taken out.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TextIO

from bot import messages, replies
from bot.core.knowledge import PARAGRAPH_COUNT, Entry
from bot.core.matcher import Engine, Outcome, Result
from bot.replies import Reply, Surface

# Discord's markup, as the replies use it: **bold**, *italics*, "> " quoted lines, [links](url) and
# <t:…> timestamps. `code` stays: it reads as well in a terminal, and says what to type.
_BOLD = re.compile(r"\*\*(.+?)\*\*", re.DOTALL)
_ITALIC = re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])", re.DOTALL)
_QUOTED = re.compile(r"^> ?", re.MULTILINE)
_LINK = re.compile(r"\[([^\]\n]+)\]\((\S+?)\)")
_TIMESTAMP = re.compile(r"<t:(\d+)(?::[tTdDfFR])?>")


def strip_markup(text: str) -> str:
    """Return ``text`` without Discord's markup, as a terminal should show it."""
    text = _BOLD.sub(r"\1", text)
    text = _ITALIC.sub(r"\1", text)
    text = _QUOTED.sub("", text)
    text = _LINK.sub(r"\1 (\2)", text)
    return _TIMESTAMP.sub(lambda m: datetime.fromtimestamp(int(m[1]), UTC).strftime("%Y-%m-%d %H:%M UTC"), text)


def render(reply: Reply, *, markup: bool = False) -> str:
    """Return a reply as plain text: its words, then each card (title, body, fields, source).

    ``markup`` keeps Discord's markup, to show what a message will look like when posted.
    """
    parts = [reply.text] if reply.text else []
    for card in reply.cards:
        lines = [part for part in (card.author, card.title, card.description) if part]
        for field in card.fields:
            lines.append(f"{field.name}:\n{field.value}" if "\n" in field.value else f"{field.name}: {field.value}")
        if card.footer:
            lines.append(f"— {card.footer}")
        parts.append("\n".join(lines))
    text = "\n\n".join(parts)
    return text if markup else strip_markup(text)


def reply_text(engine: Engine, result: Result, surface: Surface = Surface.CONSOLE) -> str:
    """Return what the console (or the command line) prints for a question: the reply a member gets on
    Discord, built for ``surface``, as text."""
    return render(replies.reply_for(engine, result, replies.Context(surface)))


# What follows each console command: nothing, a day, a paragraph, an optional day, or text.
# ``help`` takes anything (the list is the answer to whatever was asked about it).
_TAKES = {
    "help": "anything",
    "quit": "nothing",
    "today": "nothing",
    "topics": "nothing",
    "timeline": "nothing",
    "reading": "day",
    "paragraph": "paragraph",
    "catchup": "optional day",
    "quote": "text",
}
# Words people type for a command; "read 5" means "reading 5", not a question about reading.
_ALIASES = {"exit": "quit", "q": "quit", "read": "reading", "day": "reading", "para": "paragraph"}
_NUMBER = re.compile(r"[0-9]{1,6}")


def _number(text: str) -> int | None:
    """Return ``text`` as a whole number, or None (``isdigit`` also takes "²", which int() refuses)."""
    return int(text) if _NUMBER.fullmatch(text) else None


class Console:
    """One console session: remembers the last suggestions so a number picks one.

    A line whose first word is a command (or one of its aliases) is that command, never a question:
    with a missing or unusable argument it gets the command's usage line. ``record`` keeps each
    question put to the engine (for ``python -m bot unanswered``).
    """

    def __init__(
        self,
        engine: Engine,
        today: Callable[[], int] | None = None,
        record: Callable[[Result], None] | None = None,
    ) -> None:
        self.engine = engine
        self.today = today or (lambda: 1)
        self.record = record
        self._suggestions: list[Entry] = []

    def handle(self, line: str) -> str | None:
        """Return the reply to one line typed, or ``None`` to quit."""
        text = line.strip()
        word, argument = (text.split(None, 1) + ["", ""])[:2]
        command = _ALIASES.get(word.lower(), word.lower())
        if command in _TAKES:
            if command == "quit" and not argument:
                return None
            return render(self._command(command, argument.strip()))
        if (number := _number(text)) is not None and 1 <= number <= len(self._suggestions):
            entry = self._suggestions[number - 1]
            self._suggestions = []
            return render(replies.entry_reply(self.engine.knowledge, entry, replies.Context(Surface.CONSOLE)))
        return self._ask(line)

    def _command(self, command: str, argument: str) -> Reply:
        """Return the reply to a console command, or its usage line when the argument won't do."""
        knowledge = self.engine.knowledge
        article = knowledge.article
        total = len(article.readings)
        takes = _TAKES[command]
        number = _number(argument)
        if command == "help":
            return Reply(text=messages.CONSOLE_HELP)
        if takes == "nothing" and not argument:
            if command == "topics":
                return replies.topics_reply(knowledge, 0, Surface.CONSOLE)
            if command == "timeline":
                return replies.timeline_reply(article)
            if command == "today":
                return Reply(cards=(replies.daily_post(knowledge, self.today()).card,))
        if command == "quote" and argument:
            return replies.quote_reply(knowledge, argument, Surface.CONSOLE)
        if command == "catchup" and (not argument or (number is not None and 1 <= number <= total)):
            return self._catchup(number or 1)
        if command == "reading" and number is not None and 1 <= number <= total:
            return Reply(cards=(replies.daily_post(knowledge, number).card,))
        if command == "paragraph" and number is not None and 1 <= number <= PARAGRAPH_COUNT:
            return replies.paragraph_reply(article, number)
        return Reply(text=messages.console_usage(command, total, PARAGRAPH_COUNT))

    def _catchup(self, since_day: int) -> Reply:
        """List the readings from ``since_day`` to the schedule's day: offline, that day stands in for
        what has been posted."""
        article = self.engine.knowledge.article
        today = self.today()
        if since_day > today:
            return Reply(text=messages.catchup_offline_ahead(since_day, today))
        found = [(article.reading(day), None) for day in range(since_day, today + 1)]
        return replies.catchup_reply(article, found, Surface.CONSOLE)

    def _ask(self, question: str) -> str:
        result = self.engine.ask(question, limit=replies.question_limit(self.engine.settings, Surface.CONSOLE))
        if self.record is not None:
            self.record(result)
        # What the reply numbers: a did-you-mean's options, or those for the unsure part of an answer.
        offered = result.matches if result.outcome is Outcome.SUGGEST else result.offers
        self._suggestions = [match.entry for match in offered]
        return reply_text(self.engine, result)


def run_console(
    engine: Engine,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    today: Callable[[], int] | None = None,
    record: Callable[[Result], None] | None = None,
) -> int:
    """Run the console until ``quit`` or the end of input; return the exit code."""
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    console = Console(engine, today, record)
    interactive = stdin.isatty()
    print(messages.OFFLINE_BANNER, file=stdout)
    while True:
        if interactive:
            try:
                line = input("> ")
            except (EOFError, KeyboardInterrupt):
                print(file=stdout)
                return 0
        else:
            line = stdin.readline()
            if not line:
                return 0
            if not line.strip():
                continue
        reply = console.handle(line)
        if reply is None:
            return 0
        print(reply, file=stdout)
        if not interactive:
            print(file=stdout)
        stdout.flush()
