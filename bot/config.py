"""Read ``config/config.yaml`` once at start and check every value.

Errors name the file (by its absolute path), the line, the key and what would be valid; a key the
bot does not know is an error at any level, with the closest known one ("did you mean
'answer_threshold'?"), since a misspelt key silently left at its default is the hardest mistake to
see. Relative paths in the file are read from the file's own folder, wherever it is run from.
Secrets come from the environment (or the ``.env`` beside the config) only, never from this file.
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass
from datetime import time as Time
from pathlib import Path
from typing import Any

from bot.core import schedule
from bot.core.matcher import MatchSettings
from bot.core.yamlsource import Located, display_path, read_yaml
from bot.errors import ConfigError

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG = ROOT / "config" / "config.yaml"
# Where the knowledge and the state live when the config does not say: the project's own folders.
DEFAULT_KNOWLEDGE = ROOT / "knowledge"
DEFAULT_DATABASE = ROOT / "data" / "bot.sqlite3"
_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")

# Every setting the config knows: the top level's own settings under "", then each section's.
# A new setting is a name here and a line reading it in load_config; any other key in the file is
# refused with the closest known name.
KNOWN_KEYS: dict[str, frozenset[str]] = {
    "": frozenset({"knowledge_dir", "database"}),
    "matching": frozenset({"answer_threshold", "suggest_threshold", "margin", "min_coverage", "max_suggestions"}),
    "asking": frozenset(
        {"max_question_length", "max_message_length", "cooldown_questions", "cooldown_seconds", "followup_minutes"}
    ),
    "discord": frozenset({"sync_guild", "admin_role", "admin_channel", "curation_guilds"}),
    "daily": frozenset({"time", "timezone", "thread", "retries", "retry_minutes"}),
    "curation": frozenset({"reload_poll_seconds"}),
}


@dataclass(frozen=True)
class DailyDefaults:
    """What a new daily schedule starts with."""

    time: Time
    timezone: str
    thread: bool
    retries: int
    retry_minutes: float


@dataclass(frozen=True)
class Config:
    """Every setting the bot runs with, checked."""

    root: Path  # the config file's folder, which relative paths in it are read from
    knowledge_dir: Path
    database: Path
    matching: MatchSettings
    cooldown_questions: int
    cooldown_seconds: float
    sync_guild: int | None
    admin_role: str | None
    admin_channel: int | None
    daily: DailyDefaults
    reload_poll_seconds: float
    # The servers whose organisers may change the shared knowledge (qa.yaml): discord.curation_guilds,
    # else sync_guild; empty, only the application's owner may.
    curation_guilds: tuple[int, ...] = ()
    # How long a member's last answer stays the context of their next message (0: no follow-ups).
    followup_minutes: float = 5.0


def parse_time(value: str) -> Time | None:
    """Return ``HH:MM`` as a time, or ``None`` when it is not a real time of day.

    ASCII digits only: a regex digit would also take fullwidth and other scripts' digits ("１８:００").
    """
    if not value.isascii():
        return None
    match = _TIME.match(value.strip())
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        return None
    return Time(hour, minute)


class _Reader:
    def __init__(self, name: str, data: Located) -> None:
        self.name = name
        self.data = data

    def section(self, key: str) -> Located:
        value = self.data.get(key)
        if value is None:
            empty = Located()
            empty.line, empty.key_lines = self.data.line_of(key), {}
            return empty
        if not isinstance(value, Located):
            raise ConfigError(self.name, self.data.line_of(key), f"'{key}' must be a section of settings")
        return value

    def fail(self, where: Located, key: str, path: str, expected: str) -> None:
        raise ConfigError(self.name, where.line_of(key), f"'{path}' {expected} (got {where.get(key)!r})")

    def number(
        self, where: Located, key: str, path: str, default: float, low: float, high: float, *, whole: bool = False
    ) -> Any:
        value = where.get(key, default)
        ok = isinstance(value, (int, float)) and not isinstance(value, bool) and low <= value <= high
        if whole and not isinstance(value, int):
            ok = False
        if not ok:
            kind = "a whole number" if whole else "a number"
            self.fail(where, key, path, f"must be {kind} from {low:g} to {high:g}")
        return value

    def id_list(self, where: Located, key: str, path: str) -> tuple[int, ...] | None:
        value = where.get(key)
        if value is None:
            return None
        values = value if isinstance(value, list) else [value]
        ids = [int(v) if isinstance(v, str) and v.isdigit() else v for v in values]
        if any(isinstance(v, bool) or not isinstance(v, int) or v <= 0 for v in ids):
            self.fail(where, key, path, "must be a list of Discord server ids (long numbers), or null")
        return tuple(ids)

    def optional_id(self, where: Located, key: str, path: str) -> int | None:
        value = where.get(key)
        if value is None:
            return None
        if isinstance(value, str) and value.isdigit():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            self.fail(where, key, path, "must be a Discord id (a long number) or null")
        return value


def check_keys(name: str, data: Located) -> None:
    """Refuse any key :data:`KNOWN_KEYS` does not list, at the top level or in a section."""
    sections = KNOWN_KEYS.keys() - {""}
    _check_section(name, data, "", KNOWN_KEYS[""] | sections)
    for section in sorted(sections):
        value = data.get(section)
        if isinstance(value, Located):
            _check_section(name, value, section, KNOWN_KEYS[section])


def _check_section(name: str, where: Located, section: str, known: frozenset[str]) -> None:
    for key in where:
        if key in known:
            continue
        path = f"{section}.{key}" if section else str(key)
        close = difflib.get_close_matches(str(key), sorted(known), n=1, cutoff=0.6)
        if close:
            hint = f"did you mean '{close[0]}'?"
        else:
            hint = f"known {f'in {section}' if section else 'at the top level'}: {', '.join(sorted(known))}"
        raise ConfigError(name, where.line_of(key), f"unknown setting '{path}' ({hint})")


def _path(read: _Reader, data: Located, key: str, folder: Path, default: Path, what: str) -> Path:
    """Return the path setting ``key``, relative ones read from the config's ``folder``."""
    value = data.get(key)
    if value is None:
        return default
    if not isinstance(value, str) or not value.strip():
        read.fail(data, key, key, f"must be a {what} path")
    return (folder / value.strip()).resolve()


def load_config(path: Path | None = None) -> Config:
    """Read and check the config file (``BOT_CONFIG`` or ``config/config.yaml``)."""
    path = Path(path or os.environ.get("BOT_CONFIG") or DEFAULT_CONFIG).resolve()
    name = display_path(path)
    data = read_yaml(path, error=ConfigError, name=name)
    if data is None:
        data = Located()
        data.line, data.key_lines = 1, {}
    if not isinstance(data, Located):
        raise ConfigError(name, 1, "the config must be a mapping of settings")
    read = _Reader(name, data)
    check_keys(name, data)
    folder = path.parent

    knowledge_dir = _path(read, data, "knowledge_dir", folder, DEFAULT_KNOWLEDGE, "folder")
    if not knowledge_dir.is_dir():
        raise ConfigError(
            name,
            data.line_of("knowledge_dir"),
            f"'knowledge_dir': {knowledge_dir} is not a folder (a relative path is read from this file's folder)",
        )
    database = _path(read, data, "database", folder, DEFAULT_DATABASE, "file")
    # BOT_DATABASE is typed at a shell, so a relative one is read from the working folder.
    override = os.environ.get("BOT_DATABASE", "").strip()
    if override:
        database = Path(override).resolve()

    matching = read.section("matching")
    asking = read.section("asking")
    # The engine's confidence (0-100) needed to answer or to offer; absent or null: the values fitted
    # with the engine's model (bot/core/engine_model.json).
    answer = suggest = None
    if matching.get("answer_threshold") is not None:
        answer = read.number(matching, "answer_threshold", "matching.answer_threshold", 0, 1, 100)
    if matching.get("suggest_threshold") is not None:
        suggest = read.number(matching, "suggest_threshold", "matching.suggest_threshold", 0, 1, 100)
    if answer is not None and suggest is not None and suggest > answer:
        read.fail(
            matching,
            "suggest_threshold",
            "matching.suggest_threshold",
            f"must not be above answer_threshold ({answer})",
        )
    settings = MatchSettings(
        answer_threshold=float(answer) if answer is not None else None,
        suggest_threshold=float(suggest) if suggest is not None else None,
        margin=float(read.number(matching, "margin", "matching.margin", 0, 0, 50)),
        min_coverage=float(read.number(matching, "min_coverage", "matching.min_coverage", 0, 0, 1)),
        max_suggestions=read.number(matching, "max_suggestions", "matching.max_suggestions", 3, 1, 5, whole=True),
        max_question_length=read.number(
            asking, "max_question_length", "asking.max_question_length", 300, 20, 1900, whole=True
        ),
        max_message_length=read.number(
            asking, "max_message_length", "asking.max_message_length", 2000, 20, 4000, whole=True
        ),
    )

    discord_section = read.section("discord")
    admin_role = discord_section.get("admin_role")
    if admin_role is not None and (not isinstance(admin_role, str) or not admin_role.strip()):
        read.fail(discord_section, "admin_role", "discord.admin_role", "must be a role name or null")

    daily = read.section("daily")
    raw_time = daily.get("time", "18:00")
    at = parse_time(raw_time) if isinstance(raw_time, str) else None
    if at is None:
        read.fail(daily, "time", "daily.time", 'must be a time of day as HH:MM, e.g. "18:00"')
    # The same zones /daily setup takes: places, not tzdata's aliases (posixrules, Factory, posix/...).
    given = daily.get("timezone", "Europe/London")
    zone = schedule.canonical_zone(given) if isinstance(given, str) else None
    if zone is None:
        read.fail(daily, "timezone", "daily.timezone", "must be an IANA timezone such as Europe/London")
    thread = daily.get("thread", True)
    if not isinstance(thread, bool):
        read.fail(daily, "thread", "daily.thread", "must be true or false")

    curation = read.section("curation")
    sync_guild = read.optional_id(discord_section, "sync_guild", "discord.sync_guild")
    curation_guilds = read.id_list(discord_section, "curation_guilds", "discord.curation_guilds")
    if curation_guilds is None:
        curation_guilds = (sync_guild,) if sync_guild else ()
    return Config(
        root=folder,
        knowledge_dir=knowledge_dir,
        database=database,
        matching=settings,
        cooldown_questions=read.number(
            asking, "cooldown_questions", "asking.cooldown_questions", 4, 1, 100, whole=True
        ),
        cooldown_seconds=float(read.number(asking, "cooldown_seconds", "asking.cooldown_seconds", 60, 0, 86400)),
        followup_minutes=float(read.number(asking, "followup_minutes", "asking.followup_minutes", 5, 0, 1440)),
        sync_guild=sync_guild,
        admin_role=admin_role.strip() if isinstance(admin_role, str) else None,
        admin_channel=read.optional_id(discord_section, "admin_channel", "discord.admin_channel"),
        daily=DailyDefaults(
            time=at,
            timezone=zone,
            thread=thread,
            retries=read.number(daily, "retries", "daily.retries", 3, 0, 20, whole=True),
            retry_minutes=float(read.number(daily, "retry_minutes", "daily.retry_minutes", 10, 0.1, 720)),
        ),
        reload_poll_seconds=float(
            read.number(curation, "reload_poll_seconds", "curation.reload_poll_seconds", 10, 0, 3600)
        ),
        curation_guilds=curation_guilds,
    )


def read_env_file(path: Path) -> dict[str, str]:
    """Read ``KEY=value`` lines from a ``.env`` file (comments and blank lines skipped)."""
    values: dict[str, str] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return values
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.partition("=")
        key = key.removeprefix("export ").strip()
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[key] = value
    return values


def env_file(config_path: Path | None = None) -> Path:
    """Return the ``.env`` file secrets are read from: beside the config file."""
    return Path(config_path or os.environ.get("BOT_CONFIG") or DEFAULT_CONFIG).resolve().parent / ".env"


def secret(name: str, config_path: Path | None = None) -> str | None:
    """Return the secret ``name`` from the environment, else from the ``.env`` beside the config."""
    value = os.environ.get(name)
    if value:
        return value.strip()
    return read_env_file(env_file(config_path)).get(name) or None
