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
    """Return what the console (or the command line) prints for a question: the bot's verdict on Discord."""
    return render(replies.reply_for(engine, result, replies.Context(surface)))


class Console:
    """One console session: remembers the last suggestions so a number picks one."""

    def __init__(self, engine: Engine, today: Callable[[], int] | None = None) -> None:
        self.engine = engine
        self.today = today or (lambda: 1)
        self._suggestions: list[Entry] = []

    def handle(self, line: str) -> str | None:
        """Return the reply to one line typed, or ``None`` to quit."""
        text = line.strip()
        command, _, argument = text.partition(" ")
        command = command.lower()
        if command in ("quit", "exit", "q"):
            return None
        reply = self._command(command, argument.strip(), text)
        return render(reply) if reply is not None else self._ask(line)

    def _command(self, command: str, argument: str, text: str) -> Reply | None:
        """Return the reply to a console command, or None when the line is a question."""
        knowledge = self.engine.knowledge
        article = knowledge.article
        total = len(article.readings)
        if command == "help":
            return Reply(text=messages.CONSOLE_HELP)
        if command == "topics" and not argument:
            return replies.topics_reply(knowledge, 0, Surface.CONSOLE)
        if command == "quote" and argument:
            return replies.quote_reply(knowledge, argument, Surface.CONSOLE)
        if command == "timeline" and not argument:
            return replies.timeline_reply(article)
        if command == "catchup" and (not argument or argument.isdigit()):
            return self._catchup(int(argument or 1))
        if command == "today" and not argument:
            return Reply(cards=(replies.daily_post(knowledge, self.today()).card,))
        if command == "reading" and argument.isdigit():
            if 1 <= int(argument) <= total:
                return Reply(cards=(replies.daily_post(knowledge, int(argument)).card,))
            return Reply(text=messages.console_range("reading", total))
        if command == "paragraph" and argument.isdigit():
            if 1 <= int(argument) <= PARAGRAPH_COUNT:
                return replies.paragraph_reply(article, int(argument))
            return Reply(text=messages.console_range("paragraph", PARAGRAPH_COUNT))
        if text.isdigit() and 1 <= int(text) <= len(self._suggestions):
            entry = self._suggestions[int(text) - 1]
            self._suggestions = []
            return replies.entry_reply(knowledge, entry, replies.Context(Surface.CONSOLE))
        return None

    def _catchup(self, since_day: int) -> Reply:
        """List the readings from ``since_day`` to the schedule's day: offline, that day stands in for
        what has been posted."""
        article = self.engine.knowledge.article
        total = len(article.readings)
        today = self.today()
        if not 1 <= since_day <= total:
            return Reply(text=messages.console_range("catchup", total))
        if since_day > today:
            return Reply(text=messages.catchup_offline_ahead(since_day, today))
        found = [(article.reading(day), None) for day in range(since_day, today + 1)]
        return replies.catchup_reply(article, found, Surface.CONSOLE)

    def _ask(self, question: str) -> str:
        result = self.engine.ask(question)
        self._suggestions = [m.entry for m in result.matches] if result.outcome is Outcome.SUGGEST else []
        return reply_text(self.engine, result)


def run_console(
    engine: Engine, stdin: TextIO | None = None, stdout: TextIO | None = None, today: Callable[[], int] | None = None
) -> int:
    """Run the console until ``quit`` or the end of input; return the exit code."""
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    console = Console(engine, today)
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
