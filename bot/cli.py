"""The command line: ``python -m bot [ask|check|eval|...]``.

With no subcommand it runs the bot on Discord when a token is set and opens the offline console
otherwise. The ``ask``, ``check`` and ``eval`` paths never import discord.py, so they start fast.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TextIO

from bot import messages
from bot.config import Config, load_config, secret
from bot.core import replies
from bot.core.knowledge import Knowledge, load_knowledge
from bot.core.matcher import Engine, Outcome, Result
from bot.errors import KnowledgeError, ReadingBotError, SourceError


def build_engine(config: Config) -> Engine:
    """Load the knowledge named by ``config`` and build its answer engine."""
    return Engine(load_knowledge(config.knowledge_dir), config.matching)


def result_json(result: Result, knowledge: Knowledge | None = None, *, limit: int = 300) -> dict:
    """Return the JSON object ``ask --json`` prints for one question.

    ``answer`` holds every answered entry's answer (two for a two-part question); ``paragraphs`` the
    paragraphs answers cite, or the ones a passage or a decline quotes; ``suggestions`` the "did you
    mean" options, the options offered for the unsure part of a two-part answer, or the questions
    to ask about a paragraph asked for. ``reply`` is the whole text the member would see (it needs
    ``knowledge``).
    """
    entries = result.entries
    if result.outcome is Outcome.ANSWER:
        paragraphs = list(dict.fromkeys(n for entry in entries for n in entry.paragraphs))
        offered = result.offers
    else:
        paragraphs = list(result.paragraphs)
        offered = result.matches if result.outcome is Outcome.SUGGEST or result.named else ()
    return {
        "question": result.question,
        "outcome": result.outcome.value,
        "answered": result.answered,
        "answer": "\n\n".join(replies.answer_text(entry) for entry in entries) if entries else None,
        "entry": entries[0].id if entries else None,
        "entries": [entry.id for entry in entries],
        "score": result.score,
        "paragraphs": paragraphs,
        "background": any(entry.background for entry in entries),
        "suggestions": [{"entry": match.entry.id, "question": match.entry.title} for match in offered],
        "reply": replies.reply_text(knowledge, result, limit=limit) if knowledge is not None else None,
    }


def _ask(engine: Engine, args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    # A question on the command line is a member's message: read as much as a mention or a DM.
    limit = engine.settings.max_message_length
    questions = [" ".join(args.question)] if args.question else [line.rstrip("\n") for line in stdin]
    for question in questions:
        result = engine.ask(question, limit=limit)
        if args.json:
            print(json.dumps(result_json(result, engine.knowledge, limit=limit), ensure_ascii=False), file=stdout)
        else:
            print(replies.reply_text(engine.knowledge, result, limit=limit), file=stdout)
            if len(questions) > 1:
                print(file=stdout)
    return 0


def _check(config_path: Path | None, stdout: TextIO) -> int:
    problems: list[SourceError] = []
    try:
        config = load_config(config_path)
    except SourceError as error:
        print(error, file=stdout)
        return 1
    try:
        knowledge = load_knowledge(config.knowledge_dir)
    except KnowledgeError as error:
        problems = error.all()
    if problems:
        for problem in problems:
            print(f"error: {problem}", file=stdout)
        print(f"{len(problems)} error(s): the knowledge was not loaded.", file=stdout)
        return 1
    from bot.core.lint import lint

    findings = lint(knowledge, Engine(knowledge, config.matching))
    errors = [finding for finding in findings if finding.is_error]
    warnings = [finding for finding in findings if not finding.is_error]
    for finding in findings:
        print(f"{finding.severity}: {finding}", file=stdout)
    if errors:
        print(
            f"{len(errors)} error(s)" + (f", {len(warnings)} warning(s)" if warnings else "")
            + ": the knowledge loads, but fix the errors before serving it.",
            file=stdout,
        )
        return 1
    print(
        f"ok: {len(knowledge.entries)} entries, {len(knowledge.article.paragraphs)} paragraphs, "
        f"{len(knowledge.article.readings)} readings, config valid"
        + (f"; {len(warnings)} warning(s)" if warnings else ""),
        file=stdout,
    )
    return 0


def _unanswered(config: Config, as_yaml: bool, stdout: TextIO) -> int:
    from bot.core.curation import group_questions
    from bot.core.qa_edit import entry_stub
    from bot.storage import Storage

    database = config.database  # BOT_DATABASE, if set, is already applied by load_config
    if not Path(database).exists():
        print(messages.UNANSWERED_EMPTY + f" (no state file yet at {database})", file=stdout)
        return 0
    storage = Storage(database)
    try:
        groups = group_questions(storage.unanswered())
    finally:
        storage.close()
    if not as_yaml:
        for line in messages.unanswered_cli_lines(groups):
            print(line, file=stdout)
        return 0
    if not groups:
        print(f"# {messages.UNANSWERED_EMPTY}", file=stdout)
        return 0
    used = {entry.id for entry in load_knowledge(config.knowledge_dir).entries}
    print("# Paste under `entries:` in knowledge/qa.yaml, write each answer and its paragraphs, then", file=stdout)
    print("# run `python -m bot check`. An entry without an answer does not load, so nothing half-written", file=stdout)
    print("# is ever served.", file=stdout)
    for group in groups:
        wordings = list(dict.fromkeys([group.text, *group.wordings]))
        print(file=stdout)
        print(entry_stub(wordings, times=group.count, last_asked=group.last_asked, used_ids=used), file=stdout)
    return 0


# The invite link's permissions, as Discord numbers them (bit positions from the API docs). No
# Mention Everyone: the bot never pings, so it does not ask for the right to.
INVITE_PERMISSIONS = {
    "View Channels": 1 << 10,
    "Send Messages": 1 << 11,
    "Embed Links": 1 << 14,
    "Read Message History": 1 << 16,
    "Create Public Threads": 1 << 35,
    "Send Messages in Threads": 1 << 38,
}
INVITE_SCOPES = ("bot", "applications.commands")


def invite_url(application_id: str) -> str:
    """Return the OAuth2 link that adds the bot to a server with the permissions it needs."""
    permissions = sum(INVITE_PERMISSIONS.values())
    scopes = "+".join(INVITE_SCOPES)
    return f"https://discord.com/oauth2/authorize?client_id={application_id}&scope={scopes}&permissions={permissions}"


def _invite(application_id: str | None, config_path: Path | None, stdout: TextIO) -> int:
    application_id = (application_id or secret("DISCORD_APPLICATION_ID", config_path) or "").strip()
    if not (application_id.isdigit() and 15 <= len(application_id) <= 21):
        print(
            "invite-url: give the application id (Developer Portal > your application > General Information > "
            "Application ID), e.g. python -m bot invite-url 123456789012345678, or set DISCORD_APPLICATION_ID",
            file=sys.stderr,
        )
        return 2
    print(invite_url(application_id), file=stdout)
    return 0


def _preview(knowledge, day: int, stdout: TextIO) -> int:
    from bot.core.companion import questions_for

    article = knowledge.article
    last = len(article.readings) + 1  # the day after the last reading is the closing message
    if not 1 <= day <= last:
        print(f"preview: choose a day from 1 to {last - 1} ({last} is the closing message)", file=sys.stderr)
        return 2
    questions = tuple(e.title for e in questions_for(knowledge, article.reading(day))) if day < last else ()
    print(messages.daily_preview(article, day, questions=questions), file=stdout)
    return 0


def _schedule_day(config: Config, total: int):
    """Return a callable giving the reading the daily schedule is on, for the console's ``today``.

    That is the next day of the one guild with a schedule in the state file; day 1 when there is
    no state file, no schedule or several guilds' schedules.
    """

    def today() -> int:
        if not Path(config.database).exists():
            return 1
        from bot.storage import Storage

        try:
            storage = Storage(config.database)
        except ReadingBotError:
            return 1
        try:
            schedules = storage.daily_schedules()
        finally:
            storage.close()
        return min(max(schedules[0]["next_day"], 1), total) if len(schedules) == 1 else 1

    return today


def parser() -> argparse.ArgumentParser:
    """Build the command-line parser."""
    root = argparse.ArgumentParser(prog="python -m bot", description="A Discord companion for a reading group.")
    root.add_argument("--config", type=Path, help="the config file (default: config/config.yaml, or BOT_CONFIG)")
    sub = root.add_subparsers(dest="command")
    ask = sub.add_parser("ask", help="answer a question as the bot would (each line of stdin without one)")
    ask.add_argument("--json", action="store_true", help="print JSON, one object a line")
    ask.add_argument("question", nargs="*")
    sub.add_parser("check", help="validate the knowledge files and the config; exit 0 or 1")
    evaluate = sub.add_parser("eval", help="score the engine on a question file")
    evaluate.add_argument("file", type=Path)
    sub.add_parser("console", help="open the offline console even when a token is set")
    preview = sub.add_parser("preview", help="print day N's daily post as it will appear")
    preview.add_argument("--day", type=int, required=True, metavar="N")
    invite = sub.add_parser("invite-url", help="print the link that adds the bot to a server")
    invite.add_argument("application_id", nargs="?", help="the application id (default: DISCORD_APPLICATION_ID)")
    unanswered = sub.add_parser("unanswered", help="list members' questions the bot could not answer")
    unanswered.add_argument("--yaml", action="store_true", help="print ready-to-paste qa.yaml stubs instead")
    return root


def main(argv: list[str] | None = None, stdin: TextIO | None = None, stdout: TextIO | None = None) -> int:
    """Run the command line; return the exit code."""
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    args = parser().parse_args(argv)
    if args.command == "invite-url":
        return _invite(args.application_id, args.config, stdout)
    if args.command == "check":
        return _check(args.config, stdout)
    try:
        config = load_config(args.config)
        if args.command == "unanswered":
            return _unanswered(config, args.yaml, stdout)
        engine = build_engine(config)
        if args.command == "preview":
            return _preview(engine.knowledge, args.day, stdout)
        if args.command == "ask":
            return _ask(engine, args, stdin, stdout)
        if args.command == "eval":
            from bot.evaluation import evaluate

            score = evaluate(engine, args.file)
            for miss in score.misses:
                print(miss, file=stdout)
            print(score.summary(), file=stdout)
            return 0
        token = secret("DISCORD_TOKEN", args.config)
        if args.command == "console" or not token:
            from bot.console import run_console

            today = _schedule_day(config, len(engine.knowledge.article.readings))
            return run_console(engine, stdin, stdout, today=today)
        from bot.app import run_bot

        return run_bot(config, token)
    except ReadingBotError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
