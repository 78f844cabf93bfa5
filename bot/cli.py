"""The command line: ``python -m bot [ask|check|eval|...]``.

With no subcommand it runs the bot on Discord when a token is set and opens the offline console
otherwise. The ``ask``, ``topics``, ``check`` and ``eval`` paths and the console never import
discord.py, so they start fast.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from bot import messages
from bot.config import Config, env_file, load_config, secret
from bot.core.knowledge import Knowledge
from bot.core.library import Library
from bot.core.matcher import Engine, Outcome, Result
from bot.errors import KnowledgeError, ReadingBotError, SourceError

if TYPE_CHECKING:
    from bot.storage import Storage


def result_json(result: Result, engine: Engine | None = None) -> dict:
    """Return the JSON object ``ask --json`` prints for one question.

    ``answer`` holds every answered entry's answer (two for a two-part question); ``paragraphs`` the
    paragraphs answers cite, or the ones a passage or a decline quotes; ``suggestions`` the "did you
    mean" options, the options offered for the unsure part of a two-part answer, or the questions
    to ask about a paragraph asked for. ``reply`` is the whole text the member would see: the reply
    built for the command line, as plain ``ask`` prints it (it needs the ``engine``).
    """
    from bot.console import reply_text
    from bot.replies import Surface

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
        "answer": "\n\n".join(messages.answer_text(entry) for entry in entries) if entries else None,
        "entry": entries[0].id if entries else None,
        "entries": [entry.id for entry in entries],
        "score": result.score,
        "paragraphs": paragraphs,
        "background": any(entry.background for entry in entries),
        "header": any(entry.header for entry in entries),  # drawn from the article's header (title, byline...)
        "suggestions": [{"entry": match.entry.id, "question": match.entry.title} for match in offered],
        "reply": reply_text(engine, result, Surface.COMMAND_LINE) if engine is not None else None,
    }


def _ask(engine: Engine, args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    from bot.console import reply_text
    from bot.replies import Surface, question_limit

    # A question on the command line is a member's message: read as much as a mention or a DM.
    limit = question_limit(engine.settings, Surface.COMMAND_LINE)
    if args.question:
        questions = [" ".join(args.question)]
    elif not stdin.isatty():
        questions = [line.rstrip("\n") for line in stdin]
    else:
        print(messages.ASK_USAGE, file=sys.stderr)
        return 2
    for question in questions:
        result = engine.ask(question, limit=limit)
        if args.json:
            print(json.dumps(result_json(result, engine), ensure_ascii=False), file=stdout)
        else:
            print(reply_text(engine, result, Surface.COMMAND_LINE), file=stdout)
            if len(questions) > 1:
                print(file=stdout)
    return 0


def _check(config_path: Path | None, stdout: TextIO) -> int:
    try:
        config = load_config(config_path)
    except SourceError as error:
        print(error, file=stdout)
        return 1
    try:
        library = Library(config.knowledge_dir, config.matching)
    except KnowledgeError as error:
        problems = error.all()
        for problem in problems:
            print(f"error: {problem}", file=stdout)
        print(messages.check_errors(len(problems)), file=stdout)
        return 1
    from bot.core.lint import lint

    knowledge = library.knowledge
    findings = lint(knowledge, library.engine)
    errors = [finding for finding in findings if finding.is_error]
    warnings = [finding for finding in findings if not finding.is_error]
    for finding in findings:
        print(f"{finding.severity}: {finding}", file=stdout)
    if errors:
        print(messages.check_failed(len(errors), len(warnings)), file=stdout)
        return 1
    article = knowledge.article
    print(
        messages.check_ok(len(knowledge.entries), len(article.paragraphs), len(article.readings), len(warnings)),
        file=stdout,
    )
    return 0


def _unanswered(config: Config, as_yaml: bool, stdout: TextIO) -> int:
    from bot.core.curation import group_questions
    from bot.core.qa_edit import entry_stub
    from bot.storage import Storage

    database = config.database  # BOT_DATABASE, if set, is already applied by load_config
    if not Path(database).exists():
        print(messages.no_state_file(messages.UNANSWERED_EMPTY, database), file=stdout)
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
    from bot.core.knowledge import load_knowledge

    used = {entry.id for entry in load_knowledge(config.knowledge_dir).entries}
    print(messages.STUBS_HEADER, file=stdout)
    for group in groups:
        wordings = list(dict.fromkeys([group.text, *group.wordings]))
        print(file=stdout)
        print(
            entry_stub(wordings, times=group.count, last_asked=group.last_asked.isoformat(), used_ids=used), file=stdout
        )
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
        print(messages.INVITE_USAGE, file=sys.stderr)
        return 2
    print(invite_url(application_id), file=stdout)
    return 0


def preview(knowledge: Knowledge, day: int) -> str:
    """Return day ``day``'s post as plain text, as it will appear in the channel, with its thread."""
    from bot.console import render
    from bot.replies import Reply, daily_post

    post = daily_post(knowledge, day)
    return f"{render(Reply(cards=(post.card,)), markup=True)}\n{messages.preview_thread(post.thread_name)}"


def _preview(knowledge: Knowledge, day: int, stdout: TextIO) -> int:
    last = len(knowledge.article.readings) + 1  # the day after the last reading is the closing message
    if not 1 <= day <= last:
        print(messages.preview_range(last), file=sys.stderr)
        return 2
    print(preview(knowledge, day), file=stdout)
    return 0


def _open_state(config: Config, stderr: TextIO) -> Storage | None:
    """Open the state file for the console, or say why questions will not be recorded and return None."""
    from bot.storage import Storage

    try:
        return Storage(config.database)
    except ReadingBotError as error:
        print(messages.not_recording(error), file=stderr)
        return None


def _schedule_day(storage: Storage | None, total: int):
    """Return a callable giving the reading the daily schedule is on, for the console's ``today``.

    That is the next day of the one guild with a schedule in the state file; day 1 when there is
    no state file, no schedule or several guilds' schedules.
    """

    def today() -> int:
        if storage is None:
            return 1
        schedules = storage.daily_schedules()
        return min(max(schedules[0].schedule.next_day, 1), total) if len(schedules) == 1 else 1

    return today


def _console(engine: Engine, config: Config, stdin: TextIO, stdout: TextIO, *, token_hint: str | None) -> int:
    """Run the offline console; its questions are recorded as asked outside any server."""
    from datetime import UTC, datetime

    from bot.console import run_console
    from bot.recording import record_asked

    if token_hint:
        print(token_hint, file=sys.stderr)
    storage = _open_state(config, sys.stderr)
    today = _schedule_day(storage, len(engine.knowledge.article.readings))

    def record(result: Result) -> None:
        if storage is not None:
            record_asked(storage, result, guild_id=None, now=datetime.now(UTC))

    try:
        return run_console(engine, stdin, stdout, today=today, record=record)
    finally:
        if storage is not None:
            storage.close()


def _topics(knowledge: Knowledge, stdout: TextIO) -> int:
    from bot.console import render
    from bot.replies import Surface, topics_reply

    print(render(topics_reply(knowledge, 0, Surface.COMMAND_LINE)), file=stdout)
    return 0


def parser() -> argparse.ArgumentParser:
    """Build the command-line parser."""
    root = argparse.ArgumentParser(prog="python -m bot", description="A Discord companion for a reading group.")
    root.add_argument("--config", type=Path, help="the config file (default: config/config.yaml, or BOT_CONFIG)")
    sub = root.add_subparsers(dest="command")
    ask = sub.add_parser("ask", help="answer a question as the bot would (each line of stdin without one)")
    ask.add_argument("--json", action="store_true", help="print JSON, one object a line")
    ask.add_argument("question", nargs="*")
    sub.add_parser("topics", help="list the questions the bot can answer, by reading")
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
        engine = Library(config.knowledge_dir, config.matching).engine
        if args.command == "preview":
            return _preview(engine.knowledge, args.day, stdout)
        if args.command == "ask":
            return _ask(engine, args, stdin, stdout)
        if args.command == "topics":
            return _topics(engine.knowledge, stdout)
        if args.command == "eval":
            from bot.evaluation import evaluate

            score = evaluate(engine, args.file)
            for miss in score.misses:
                print(miss, file=stdout)
            print(score.summary(), file=stdout)
            return 0
        token = secret("DISCORD_TOKEN", args.config)
        if args.command == "console" or not token:
            hint = None if token else messages.no_token(env_file(args.config))
            return _console(engine, config, stdin, stdout, token_hint=hint)
        from bot.app import run_bot

        return run_bot(config, token, engine=engine)
    except ReadingBotError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
