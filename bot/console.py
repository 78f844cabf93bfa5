"""The offline console: the bot's answers in a terminal, with no Discord at all.

Interactive at a terminal; when standard input is a pipe it answers each line and exits.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TextIO

from bot import messages
from bot.core.companion import first_line
from bot.core.knowledge import PARAGRAPH_COUNT, Knowledge, topics
from bot.core.matcher import Engine, Outcome, Result
from bot.core.quotes import Verdict, find_quote


def reply_text(engine: Engine, result: Result) -> str:
    """Return what the console prints for a question: the same verdict the bot gives on Discord."""
    if result.outcome is Outcome.UNREADABLE:
        return messages.unreadable_text(result.unreadable, engine.settings.max_question_length)
    if result.outcome is Outcome.ANSWER:
        return messages.console_answer(engine.knowledge, result.entry)
    if result.outcome is Outcome.SUGGEST:
        lines = [messages.SUGGEST_INTRO]
        lines += [f"  {i}. {match.entry.title}" for i, match in enumerate(result.matches, 1)]
        lines.append("(Type the number to see that answer.)")
        return "\n".join(lines)
    return messages.DECLINE_CONSOLE


def topics_text(knowledge: Knowledge) -> str:
    """List the questions the bot can answer, grouped by reading."""
    lines = []
    for reading, entries in topics(knowledge):
        lines.append(messages.topic_heading(reading))
        lines += [f"  - {entry.title}" for entry in entries]
    return "\n".join(lines)


def quote_text(knowledge: Knowledge, text: str) -> str:
    """Say where a quotation stands in the article, as /quote does."""
    match = find_quote(knowledge, text)
    if match.verdict is Verdict.TOO_SHORT:
        return messages.QUOTE_TOO_SHORT
    article = knowledge.article
    heading, passage = messages.quote_reply(
        match.verdict.value,
        article.paragraph(match.paragraph).text,
        match.paragraph,
        match.start,
        match.end,
        len(article.paragraphs),
    )
    return messages.quote_text(heading, passage)


def timeline_text(knowledge: Knowledge) -> str:
    """List the dated events the article mentions, in order."""
    events = knowledge.article.timeline
    if not events:
        return messages.TIMELINE_EMPTY
    return "\n".join([messages.TIMELINE_TITLE, *(line.replace("**", "") for line in messages.timeline_lines(events))])


def catchup_text(knowledge: Knowledge, since_day: int, today: int) -> str:
    """List the readings from ``since_day`` to ``today`` briefly: offline, the schedule's day stands
    in for what has been posted."""
    article = knowledge.article
    total = len(article.readings)
    if not 1 <= since_day <= total:
        return f"There are {total} readings: try `catchup 1` to `catchup {total}`."
    if since_day > today:
        return messages.catchup_offline_ahead(since_day, today)
    readings = [article.reading(day) for day in range(since_day, today + 1)]
    lines = [messages.catchup_line(reading, first_line(article, reading)) for reading in readings]
    return messages.catchup_console(lines)


class Console:
    """One console session: remembers the last suggestions so a number picks one."""

    def __init__(self, engine: Engine, today: Callable[[], int] | None = None) -> None:
        self.engine = engine
        self.today = today or (lambda: 1)
        self._suggestions: list = []

    def handle(self, line: str) -> str | None:
        """Return the reply to one line typed, or ``None`` to quit."""
        text = line.strip()
        command, _, argument = text.partition(" ")
        command = command.lower()
        article = self.engine.knowledge.article
        if command in ("quit", "exit", "q"):
            return None
        if command == "help":
            return messages.CONSOLE_HELP
        if command == "topics" and not argument:
            return topics_text(self.engine.knowledge)
        if command == "quote" and argument.strip():
            return quote_text(self.engine.knowledge, argument)
        if command == "timeline" and not argument:
            return timeline_text(self.engine.knowledge)
        if command == "catchup" and (not argument or argument.strip().isdigit()):
            return catchup_text(self.engine.knowledge, int(argument or 1), self.today())
        if command == "today" and not argument:
            return messages.reading_text(article, article.reading(self.today()))
        if command in ("reading", "paragraph") and argument.strip().isdigit():
            number = int(argument)
            if command == "reading":
                if 1 <= number <= len(article.readings):
                    return messages.reading_text(article, article.reading(number))
                return (
                    f"There are {len(article.readings)} readings: try `reading 1` to `reading {len(article.readings)}`."
                )
            if 1 <= number <= PARAGRAPH_COUNT:
                return f"¶{number} {article.paragraph(number).text}"
            return f"The article has {PARAGRAPH_COUNT} paragraphs: try `paragraph 1` to `paragraph {PARAGRAPH_COUNT}`."
        if text.isdigit() and self._suggestions and 1 <= int(text) <= len(self._suggestions):
            entry = self._suggestions[int(text) - 1]
            self._suggestions = []
            return messages.console_answer(self.engine.knowledge, entry)
        result = self.engine.ask(line)
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
