"""The bot's state in SQLite: one module, plain SQL with ``?`` placeholders.

Schema changes are numbered migrations applied in order at start (``PRAGMA user_version`` holds
the number applied). Each feature's tables and methods sit in their own section below.
Times are stored as ISO-8601 UTC text.
"""

from __future__ import annotations

import logging
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

from bot.errors import StateError

log = logging.getLogger(__name__)

# Numbered by feature: 1 asking, 2 daily reading, 3 curation, 4 companion. Never edit a
# migration that has shipped: add a new number.
MIGRATIONS: dict[int, str] = {
    # 1: asking — every question asked (for statistics) and the ones the bot could not answer.
    1: """
    CREATE TABLE questions (
        id INTEGER PRIMARY KEY,
        guild_id INTEGER,
        asked_at TEXT NOT NULL,
        outcome TEXT NOT NULL,           -- answer | suggest | decline | unreadable
        entry_id TEXT,                   -- the entry answered, or the best suggestion
        score REAL NOT NULL DEFAULT 0
    );
    CREATE INDEX questions_guild_time ON questions (guild_id, asked_at);
    CREATE TABLE unanswered (
        id INTEGER PRIMARY KEY,
        guild_id INTEGER NOT NULL DEFAULT 0,  -- 0 for direct messages and the console
        folded TEXT NOT NULL,            -- the question folded for matching repeats
        text TEXT NOT NULL,              -- as the member last typed it
        count INTEGER NOT NULL DEFAULT 1,
        first_asked TEXT NOT NULL,
        last_asked TEXT NOT NULL,
        outcome TEXT NOT NULL,           -- decline | suggest
        suggested TEXT,                  -- the entry the bot suggested, if any
        dismissed INTEGER NOT NULL DEFAULT 0,
        UNIQUE (guild_id, folded)
    );
    """,
}


def utc_text(moment: datetime) -> str:
    """Return an aware datetime as ISO-8601 UTC text."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


def parse_utc(text: str) -> datetime:
    """Return ISO-8601 text written by :func:`utc_text` as an aware datetime."""
    return datetime.fromisoformat(text)


class Storage:
    """One SQLite database; every write is its own transaction."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path) if str(path) != ":memory:" else path
        try:
            if isinstance(self.path, Path):
                self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(str(self.path), isolation_level=None, check_same_thread=False)
            self.db.row_factory = sqlite3.Row
            # WAL keeps the file consistent if the process is killed mid-write.
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StateError(f"{self.path}: the state file cannot be used ({exc}). Move it aside to start afresh.") from None
        except OSError as exc:
            raise StateError(f"{self.path}: the state file cannot be opened ({exc.strerror}).") from None

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > max(MIGRATIONS):
            raise sqlite3.DatabaseError(f"it was written by a newer version of the bot (schema {version})")
        for number, script in sorted(MIGRATIONS.items()):
            if number <= version:
                continue
            log.info("Applying state migration %d to %s", number, self.path)
            self.db.executescript(f"BEGIN; {script}; PRAGMA user_version = {number}; COMMIT;")

    def close(self) -> None:
        """Close the database."""
        self.db.close()

    # -- asking --------------------------------------------------------------------------------
    def record_question(self, guild_id: int | None, when: datetime, outcome: str, entry_id: str | None, score: float) -> None:
        """Log one question asked (for /qa stats)."""
        self.db.execute(
            "INSERT INTO questions (guild_id, asked_at, outcome, entry_id, score) VALUES (?, ?, ?, ?, ?)",
            (guild_id, utc_text(when), outcome, entry_id, score),
        )

    def record_unanswered(self, guild_id: int | None, folded: str, text: str, when: datetime,
                          outcome: str, suggested: str | None) -> None:
        """Count a question the bot declined or was unsure about, merging exact repeats."""
        stamp = utc_text(when)
        self.db.execute(
            """
            INSERT INTO unanswered (guild_id, folded, text, first_asked, last_asked, outcome, suggested)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (guild_id, folded) DO UPDATE SET
                count = count + 1, text = excluded.text, last_asked = excluded.last_asked,
                outcome = excluded.outcome, suggested = excluded.suggested, dismissed = 0
            """,
            (guild_id or 0, folded, text, stamp, stamp, outcome, suggested),
        )

    def unanswered(self, guild_id: int | None = None, *, include_dismissed: bool = False) -> list[sqlite3.Row]:
        """Return unanswered questions, most asked first (all guilds when ``guild_id`` is None)."""
        sql = "SELECT * FROM unanswered WHERE (? IS NULL OR guild_id = ?)"
        if not include_dismissed:
            sql += " AND dismissed = 0"
        sql += " ORDER BY count DESC, last_asked DESC"
        return list(self.db.execute(sql, (guild_id, guild_id)))
