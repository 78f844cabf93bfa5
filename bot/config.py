"""Read ``config/config.yaml`` once at start and check every value.

Errors name the file, the line, the key and what would be valid. Secrets come from the
environment (or ``config/.env``) only, never from this file.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import time as Time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.core.knowledge import display_path
from bot.core.matcher import MatchSettings
from bot.core.yamlsource import Located, read_yaml
from bot.errors import ConfigError

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG = ROOT / "config" / "config.yaml"
_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")


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

    root: Path
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


def parse_time(value: str) -> Time | None:
    """Return ``HH:MM`` as a time, or ``None`` when it is not a real time of day."""
    match = _TIME.match(value.strip())
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        return None
    return Time(hour, minute)


def valid_timezone(name: str) -> bool:
    """Say whether ``name`` is an IANA timezone this machine knows."""
    if not name or name != name.strip() or ".." in name or name.startswith("/"):
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


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

    def number(self, where: Located, key: str, path: str, default: float, low: float, high: float, *, whole: bool = False) -> Any:
        value = where.get(key, default)
        ok = isinstance(value, (int, float)) and not isinstance(value, bool) and low <= value <= high
        if whole and not isinstance(value, int):
            ok = False
        if not ok:
            kind = "a whole number" if whole else "a number"
            self.fail(where, key, path, f"must be {kind} from {low:g} to {high:g}")
        return value

    def optional_id(self, where: Located, key: str, path: str) -> int | None:
        value = where.get(key)
        if value is None:
            return None
        if isinstance(value, str) and value.isdigit():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            self.fail(where, key, path, "must be a Discord id (a long number) or null")
        return value


def load_config(path: Path | None = None) -> Config:
    """Read and check the config file (``BOT_CONFIG`` or ``config/config.yaml``)."""
    path = Path(path or os.environ.get("BOT_CONFIG") or DEFAULT_CONFIG)
    name = display_path(path)
    data = read_yaml(path, error=ConfigError, name=name)
    if data is None:
        data = Located()
        data.line, data.key_lines = 1, {}
    if not isinstance(data, Located):
        raise ConfigError(name, 1, "the config must be a mapping of settings")
    read = _Reader(name, data)
    root = path.resolve().parent.parent

    known = {"knowledge_dir", "database", "matching", "asking", "discord", "daily", "curation"}
    for key in data:
        if key not in known:
            raise ConfigError(name, data.line_of(key), f"unknown setting '{key}' (known: {', '.join(sorted(known))})")

    knowledge_dir = data.get("knowledge_dir", "knowledge")
    if not isinstance(knowledge_dir, str) or not knowledge_dir.strip():
        read.fail(data, "knowledge_dir", "knowledge_dir", "must be a folder path")
    database = os.environ.get("BOT_DATABASE") or data.get("database", "data/bot.sqlite3")
    if not isinstance(database, str) or not database.strip():
        read.fail(data, "database", "database", "must be a file path")

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
        read.fail(matching, "suggest_threshold", "matching.suggest_threshold", f"must not be above answer_threshold ({answer})")
    settings = MatchSettings(
        answer_threshold=float(answer) if answer is not None else None,
        suggest_threshold=float(suggest) if suggest is not None else None,
        margin=float(read.number(matching, "margin", "matching.margin", 0, 0, 50)),
        min_coverage=float(read.number(matching, "min_coverage", "matching.min_coverage", 0, 0, 1)),
        max_suggestions=read.number(matching, "max_suggestions", "matching.max_suggestions", 3, 1, 5, whole=True),
        max_question_length=read.number(asking, "max_question_length", "asking.max_question_length", 300, 20, 1900, whole=True),
        max_message_length=read.number(asking, "max_message_length", "asking.max_message_length", 2000, 20, 4000, whole=True),
    )

    discord_section = read.section("discord")
    admin_role = discord_section.get("admin_role")
    if admin_role is not None and (not isinstance(admin_role, str) or not admin_role.strip()):
        read.fail(discord_section, "admin_role", "discord.admin_role", "must be a role name or null")

    daily = read.section("daily")
    raw_time = daily.get("time", "18:00")
    at = parse_time(raw_time) if isinstance(raw_time, str) else None
    if at is None:
        read.fail(daily, "time", "daily.time", "must be a time of day as HH:MM, e.g. \"18:00\"")
    zone = daily.get("timezone", "Europe/London")
    if not isinstance(zone, str) or not valid_timezone(zone):
        read.fail(daily, "timezone", "daily.timezone", "must be an IANA timezone such as Europe/London")
    thread = daily.get("thread", True)
    if not isinstance(thread, bool):
        read.fail(daily, "thread", "daily.thread", "must be true or false")

    curation = read.section("curation")
    return Config(
        root=root,
        knowledge_dir=(root / knowledge_dir).resolve(),
        database=(root / database).resolve() if not os.path.isabs(database) else Path(database),
        matching=settings,
        cooldown_questions=read.number(asking, "cooldown_questions", "asking.cooldown_questions", 4, 1, 100, whole=True),
        cooldown_seconds=float(read.number(asking, "cooldown_seconds", "asking.cooldown_seconds", 60, 0, 86400)),
        sync_guild=read.optional_id(discord_section, "sync_guild", "discord.sync_guild"),
        admin_role=admin_role.strip() if isinstance(admin_role, str) else None,
        admin_channel=read.optional_id(discord_section, "admin_channel", "discord.admin_channel"),
        daily=DailyDefaults(
            time=at,
            timezone=zone,
            thread=thread,
            retries=read.number(daily, "retries", "daily.retries", 3, 0, 20, whole=True),
            retry_minutes=float(read.number(daily, "retry_minutes", "daily.retry_minutes", 10, 0.1, 720)),
        ),
        reload_poll_seconds=float(read.number(curation, "reload_poll_seconds", "curation.reload_poll_seconds", 10, 0, 3600)),
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


def secret(name: str, config_path: Path | None = None) -> str | None:
    """Return the secret ``name`` from the environment, else from ``config/.env``."""
    value = os.environ.get(name)
    if value:
        return value.strip()
    env_file = Path(config_path or os.environ.get("BOT_CONFIG") or DEFAULT_CONFIG).resolve().parent / ".env"
    return read_env_file(env_file).get(name) or None
