"""What the offline console and the command line say, beyond the answers themselves."""

from __future__ import annotations

__all__ = [
    "ASK_USAGE",
    "CONSOLE_HELP",
    "INVITE_USAGE",
    "OFFLINE_BANNER",
    "STUBS_HEADER",
    "catchup_offline_ahead",
    "check_errors",
    "check_failed",
    "check_ok",
    "console_usage",
    "discord_retry",
    "discord_unreachable",
    "no_state_file",
    "no_token",
    "not_recording",
    "preview_range",
    "preview_thread",
]

OFFLINE_BANNER = "Offline console, not connected to Discord: the bot's answers here. Type `help` for commands."
CONSOLE_HELP = """Type a question about the article and press Enter, or one of:
  today        the reading the schedule is on
  reading N    day N's reading and discussion prompt (read N works too)
  paragraph N  paragraph N of the article (1-29)
  topics       the questions I can answer
  quote TEXT   where a quotation (or something like it) stands in the article
  timeline     the dates the article mentions, in order
  catchup [N]  the readings from day N (default 1) up to the schedule's current day
  help         this list
  quit         leave (Ctrl-D works too)"""
ASK_USAGE = 'ask: give a question, e.g. python -m bot ask "why did Stalin win?"'
INVITE_USAGE = (
    "invite-url: give the application id (Developer Portal > your application > General Information > "
    "Application ID), e.g. python -m bot invite-url 123456789012345678, or set DISCORD_APPLICATION_ID"
)
STUBS_HEADER = (
    "# Paste under `entries:` in knowledge/qa.yaml, write each answer and its paragraphs, then\n"
    "# run `python -m bot check`. An entry without an answer does not load, so nothing half-written\n"
    "# is ever served."
)


def console_usage(command: str, readings: int, paragraphs: int) -> str:
    """Say how a console command is typed, for one typed with a missing or unusable argument."""
    return {
        "today": "today: the reading the schedule is on (type it alone; `reading N` shows day N)",
        "reading": f"reading N: a day from 1 to {readings}",
        "paragraph": f"paragraph N: a paragraph from 1 to {paragraphs}",
        "topics": "topics: the questions I can answer (type it alone)",
        "quote": "quote TEXT: the words you remember from the article, e.g. quote river of blood",
        "timeline": "timeline: the dates the article mentions (type it alone)",
        "catchup": f"catchup [N]: the readings from day N (1 to {readings}, default 1) up to the schedule's day",
        "quit": "quit: type it alone to leave",
    }[command]


def no_token(env_file: object) -> str:
    """Say, in one line, that no token is set and how to get one."""
    return (
        "No DISCORD_TOKEN, so not on Discord: to run the bot there, copy your bot's token from "
        "https://discord.com/developers/applications (your application > Bot > Reset Token) "
        f"into {env_file} as DISCORD_TOKEN=… (or set it in the environment)."
    )


def not_recording(problem: object) -> str:
    """Say the console answers but cannot keep the questions asked for the organisers."""
    return f"note: questions asked here are not recorded for `python -m bot unanswered`: {problem}"


def discord_retry(problem: str, seconds: float) -> str:
    """Say, in the log, that Discord could not be reached and when the bot tries again."""
    return f"Cannot reach Discord ({problem}); trying again in {seconds:.1f} s."


def discord_unreachable(problem: str, attempts: int) -> str:
    """Say why the bot stopped: Discord could not be reached, however often it tried."""
    return (
        f"cannot reach Discord after {attempts} tries ({problem}). Check this machine's internet "
        "connection (and https://discordstatus.com), then start the bot again."
    )


def catchup_offline_ahead(since_day: int, today: int) -> str:
    """Tell the console user the schedule hasn't reached that day."""
    return f"The schedule is on day {today}: nothing from day {since_day} on to catch up on yet."


def preview_thread(name: str) -> str:
    """Name, under a previewed post, the thread it will open."""
    return f"[thread: {name}]"


def preview_range(last: int) -> str:
    """Say which days ``preview`` can show (the one after the last reading is the closing message)."""
    return f"preview: choose a day from 1 to {last - 1} ({last} is the closing message)"


def no_state_file(text: str, database: object) -> str:
    """Add that there is no state file yet to what ``unanswered`` says."""
    return f"{text} (no state file yet at {database})"


def check_errors(count: int) -> str:
    """Say the knowledge was not loaded, and how many errors stopped it."""
    return f"{count} error(s): the knowledge was not loaded."


def check_failed(errors: int, warnings: int) -> str:
    """Say the knowledge loads but has errors to fix before it is served."""
    found = f"{errors} error(s)" + (f", {warnings} warning(s)" if warnings else "")
    return found + ": the knowledge loads, but fix the errors before serving it."


def check_ok(entries: int, paragraphs: int, readings: int, warnings: int) -> str:
    """Say the knowledge and the config are valid."""
    return f"ok: {entries} entries, {paragraphs} paragraphs, {readings} readings, config valid" + (
        f"; {warnings} warning(s)" if warnings else ""
    )
