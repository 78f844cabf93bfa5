"""The project's own errors: every user mistake becomes one of these, with a file and a line."""

from __future__ import annotations


class ReadingBotError(Exception):
    """Base of every error the bot reports to a person instead of a traceback."""


class SourceError(ReadingBotError):
    """A problem in a file a person edits, reported as ``file:line: what is wrong``."""

    def __init__(self, file: str, line: int | None, message: str) -> None:
        self.file = file
        self.line = line
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"


class KnowledgeError(SourceError):
    """The knowledge files (article.yaml, qa.yaml) are not valid."""

    def __init__(self, file: str, line: int | None, message: str, *, more: list[SourceError] | None = None) -> None:
        super().__init__(file, line, message)
        # Further problems found in the same pass, so an admin can fix them all at once.
        self.more: list[SourceError] = more or []

    def all(self) -> list[SourceError]:
        """Return this problem and the others found with it."""
        return [SourceError(self.file, self.line, self.message), *self.more]


class ConfigError(SourceError):
    """config/config.yaml is not valid."""


class StateError(ReadingBotError):
    """The bot's state file (SQLite) cannot be opened or used."""


class DiscordUnreachable(ReadingBotError):
    """Discord could not be reached at start (no network, DNS, a timeout, Discord's own outage)."""
