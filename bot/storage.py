"""The bot's state in SQLite: one module, plain SQL with ``?`` placeholders.

Schema changes are numbered migrations applied in order at start (``PRAGMA user_version`` holds
the number applied). Each feature's tables and methods sit in their own section below.
Times are stored as ISO-8601 UTC text.

Rows never leave this module: :class:`Storage` returns the reader's objects (a guild's
:class:`DailySetup` with its :class:`~bot.core.schedule.Schedule`, a :class:`PostAttempt`,
:class:`~bot.core.companion.PostedDay`, :class:`~bot.core.companion.Progress`,
:class:`~bot.core.companion.Suggestion`, :class:`~bot.core.curation.UnansweredQuestion`).

Another process can hold the file's write lock (a backup, someone's ``sqlite3`` shell), and a
write then waits for it (SQLite's busy timeout). Reads never wait (WAL). So that no wait holds up
the bot, the bot's writes are of three kinds:

- **Notes** (a question asked, an unanswered one, a member's activity, why a post failed) are
  worth less than a member's answer: :meth:`Storage.note` queues them and returns at once; they
  are written on the writer thread, each waiting at most ``NOTE_WAIT`` for a lock, and dropped
  (logged) if the file stays locked.
- **Records** that matter (the daily post's exactly-once record, see :mod:`bot.posting`):
  ``await`` :meth:`Storage.record` writes them on the writer thread, waiting up to
  ``RECORD_WAIT`` for a lock, off the event loop.
- Every other write (an organiser's command) is made where it is called, on this connection.

The writer thread has its own connection (one a thread, as SQLite advises) and writes in the
order things were queued; :attr:`Storage.db` is the connection of the thread asking.
"""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import logging
import sqlite3
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any, TypeVar

from bot.core.companion import PostedDay, Progress, Suggestion
from bot.core.curation import UnansweredQuestion, question_key
from bot.core.schedule import Schedule
from bot.errors import StateError

log = logging.getLogger(__name__)

T = TypeVar("T")

# How long a write waits for another process's lock on the file, by what it is worth (seconds).
NOTE_WAIT = 0.25  # a statistic or a note: not worth a member's wait, and not the writer thread's
RECORD_WAIT = 60.0  # the daily post's record: worth waiting for, off the event loop

# Numbered by feature: 1 asking, 2 daily reading, 3 curation, 4 companion, 5 curation (the
# organisers' inbox), 6 daily reading hardened, 7 asking ("None of these"). Never edit a migration
# that has shipped: add a new number.
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
    # 2: daily reading — each guild's schedule, and every attempt at a post (the exactly-once
    # record: a row is 'sending' from just before the message is sent until it is known to be
    # posted or not; see bot/posting.py).
    2: """
    CREATE TABLE daily_schedules (
        guild_id INTEGER PRIMARY KEY,
        channel_id INTEGER NOT NULL,
        post_time TEXT NOT NULL,         -- HH:MM, local wall-clock time
        timezone TEXT NOT NULL,          -- IANA name
        thread INTEGER NOT NULL DEFAULT 1,
        role_id INTEGER,                 -- the role each post pings, if any
        paused INTEGER NOT NULL DEFAULT 0,
        next_day INTEGER NOT NULL DEFAULT 1,   -- readings + 1 is the closing message
        last_posted_on TEXT,             -- local date (YYYY-MM-DD) of the last post
        started_at TEXT,                 -- times before this don't count; NULL once finished
        last_error TEXT,                 -- why the last attempt failed, until a post succeeds
        last_error_at TEXT
    );
    CREATE TABLE daily_posts (
        id INTEGER PRIMARY KEY,
        guild_id INTEGER NOT NULL,
        day INTEGER NOT NULL,            -- the reading's day; readings + 1 for the closing message
        local_date TEXT NOT NULL,        -- the local date the post counts for
        channel_id INTEGER NOT NULL,
        state TEXT NOT NULL,             -- sending | posted | failed
        message_id INTEGER,
        thread_id INTEGER,
        attempted_at TEXT NOT NULL,
        posted_at TEXT,
        error TEXT
    );
    CREATE UNIQUE INDEX daily_posts_one_sending ON daily_posts (guild_id) WHERE state = 'sending';
    CREATE INDEX daily_posts_guild_day ON daily_posts (guild_id, day, state);
    """,
    # 3: curation — what became of an unanswered question an organiser added to an entry.
    3: """
    ALTER TABLE unanswered ADD COLUMN added_to TEXT;  -- the entry it became a phrasing of
    CREATE INDEX questions_time ON questions (asked_at);
    """,
    # 4: companion — each guild's spoiler setting, when each member last used the bot (for
    # /catchup), and the discussion prompts members suggest for a reading. Where each day's post
    # and thread are is already in daily_posts.
    4: """
    CREATE TABLE companion_settings (
        guild_id INTEGER PRIMARY KEY,
        spoilers INTEGER NOT NULL DEFAULT 0   -- 1: hold back answers from readings not reached
    );
    CREATE TABLE member_activity (
        guild_id INTEGER NOT NULL,
        user_id INTEGER NOT NULL,
        last_seen TEXT NOT NULL,         -- the member's latest command, button or mention here
        seen_before TEXT,                -- the one before it (so /catchup can tell "last time")
        PRIMARY KEY (guild_id, user_id)
    );
    CREATE TABLE prompt_suggestions (
        id INTEGER PRIMARY KEY,
        guild_id INTEGER NOT NULL,
        day INTEGER NOT NULL,            -- the reading it is for
        author_id INTEGER NOT NULL,
        text TEXT NOT NULL,
        suggested_at TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'pending',  -- pending | approved | rejected | used
        decided_by INTEGER,
        decided_at TEXT,
        used_at TEXT,
        post_id INTEGER                  -- the daily_posts attempt it went out with
    );
    CREATE INDEX prompt_suggestions_queue ON prompt_suggestions (guild_id, state, day);
    """,
    # 5: curation — who asked each unanswered question (a member's repeats count once), the
    # phrasing an organiser wrote into qa.yaml for it (so a reload can tell it was removed), and
    # an index for keeping each server's open questions bounded.
    5: """
    CREATE TABLE unanswered_askers (
        unanswered_id INTEGER NOT NULL REFERENCES unanswered (id) ON DELETE CASCADE,
        user_id INTEGER NOT NULL,
        PRIMARY KEY (unanswered_id, user_id)
    ) WITHOUT ROWID;
    ALTER TABLE unanswered ADD COLUMN added_phrasing TEXT;  -- the phrasing written into qa.yaml
    CREATE INDEX unanswered_open ON unanswered (guild_id, dismissed, count, last_asked);
    """,
    # 6: daily reading, hardened — where in Discord's own order an attempt began (its post can only
    # come after that message, whatever the host's clock says; NULL for attempts recorded before).
    # Each post's thread starts with its discussion prompt, sent once: where it is (NULL: not yet;
    # 0 for posts from before, whose threads stay as they are). Whether each guild's threads
    # also say how to ask the bot.
    6: """
    ALTER TABLE daily_posts ADD COLUMN last_message_id INTEGER;  -- the channel's newest message before it; 0: none
    ALTER TABLE daily_posts ADD COLUMN opening_id INTEGER;       -- the thread's first message: the prompt
    UPDATE daily_posts SET opening_id = 0 WHERE state = 'posted';
    ALTER TABLE daily_schedules ADD COLUMN ask_hint INTEGER NOT NULL DEFAULT 0;  -- 1: the thread says how to ask
    """,
    # 7: asking — the "None of these" button under a did-you-mean names its question by a short key
    # (a custom_id holds 100 characters), and a member's press is kept for the organisers.
    # question_key() is bot.core.curation's, registered on each connection.
    7: """
    ALTER TABLE unanswered ADD COLUMN key TEXT;  -- question_key(folded)
    ALTER TABLE unanswered ADD COLUMN none_fit INTEGER NOT NULL DEFAULT 0;  -- 1: "None of these" was pressed
    UPDATE unanswered SET key = question_key(folded);
    CREATE INDEX unanswered_key ON unanswered (guild_id, key);
    """,
}

# A server keeps at most this many open unanswered questions: past it, the least asked (and of
# those the oldest) are forgotten, so members cannot grow the list, or the time to review it,
# without bound. A member asking one distinct question after another only replaces their own.
OPEN_UNANSWERED_LIMIT = 2000


def utc_text(moment: datetime) -> str:
    """Return an aware datetime as ISO-8601 UTC text."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def parse_utc(text: str) -> datetime:
    """Return ISO-8601 text written by :func:`utc_text` as an aware datetime."""
    return datetime.fromisoformat(text)


def _utc_or_none(text: str | None) -> datetime | None:
    return parse_utc(text) if text else None


@dataclass(frozen=True)
class DailySetup:
    """A guild's daily reading: where and how it is posted, and where its schedule stands."""

    guild_id: int
    channel_id: int
    thread: bool
    role_id: int | None  # the role each post pings, if any
    schedule: Schedule
    last_error: str | None = None  # why the last attempt failed, until a post succeeds
    last_error_at: datetime | None = None
    ask_hint: bool = False  # each thread's first message also says how to ask the bot


@dataclass(frozen=True)
class PostAttempt:
    """One attempt at a guild's daily post: 'sending' from just before it is sent until its fate is known."""

    id: int
    guild_id: int
    day: int
    on: date  # the local date the post counts for
    channel_id: int
    state: str  # sending | posted | failed
    attempted_at: datetime  # by the host's clock
    # The channel's newest message just before the attempt, in Discord's order (0: it had none):
    # the post, if it went out, is after it. None for attempts recorded before migration 6.
    last_message_id: int | None = None


def _name(write: Callable[..., object]) -> str:
    return getattr(write, "__name__", repr(write))


def _setup(row: sqlite3.Row) -> DailySetup:
    return DailySetup(
        guild_id=row["guild_id"],
        channel_id=row["channel_id"],
        thread=bool(row["thread"]),
        role_id=row["role_id"],
        schedule=Schedule(
            time=time.fromisoformat(row["post_time"]),
            timezone=row["timezone"],
            next_day=row["next_day"],
            paused=bool(row["paused"]),
            last_posted_on=date.fromisoformat(row["last_posted_on"]) if row["last_posted_on"] else None,
            started=_utc_or_none(row["started_at"]),
        ),
        last_error=row["last_error"],
        last_error_at=_utc_or_none(row["last_error_at"]),
        ask_hint=bool(row["ask_hint"]),
    )


def _record(kind: type[T], row: sqlite3.Row, **values: Any) -> T:
    """Build ``kind`` from the row's columns of the same names, and ``values`` for the others."""
    taken = _taken(kind, tuple(row.keys()), tuple(values))  # a Row iterates over its values
    return kind(**{name: row[index] for name, index in taken}, **values)


@functools.cache
def _taken(kind: type, columns: tuple[str, ...], given: tuple[str, ...]) -> tuple[tuple[str, int], ...]:
    # Worked out once per kind of row, not per row: a server's unanswered list is thousands of rows.
    return tuple(
        (field.name, columns.index(field.name))
        for field in dataclasses.fields(kind)
        if field.name not in given and field.name in columns
    )


def _attempt(row: sqlite3.Row) -> PostAttempt:
    return _record(
        PostAttempt, row, on=date.fromisoformat(row["local_date"]), attempted_at=parse_utc(row["attempted_at"])
    )


def _posted(row: sqlite3.Row) -> PostedDay:
    return _record(
        PostedDay,
        row,
        posted_at=_utc_or_none(row["posted_at"]),
        post_id=row["id"],
        on=date.fromisoformat(row["local_date"]),
    )


def _unanswered(row: sqlite3.Row) -> UnansweredQuestion:
    return _record(
        UnansweredQuestion,
        row,
        first_asked=parse_utc(row["first_asked"]),
        last_asked=parse_utc(row["last_asked"]),
        dismissed=bool(row["dismissed"]),
        none_fit=bool(row["none_fit"]),
    )


def _chunks(ids: list[int], size: int = 500) -> list[list[int]]:
    # SQLite caps the ``?`` placeholders in one statement; a bulk dismissal may hold thousands.
    return [list(ids[start : start + size]) for start in range(0, len(ids), size)]


def _marks(chunk: list[int]) -> str:
    return ", ".join("?" * len(chunk))


def _suggestion(row: sqlite3.Row) -> Suggestion:
    return _record(Suggestion, row, suggested_at=parse_utc(row["suggested_at"]))


class Storage:
    """One SQLite database; every write is its own transaction."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path) if str(path) != ":memory:" else path
        self._thread = threading.local()  # the writer thread keeps its own connection here
        try:
            if isinstance(self.path, Path):
                self.path.parent.mkdir(parents=True, exist_ok=True)
            self._main = self._connect()
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StateError(
                f"{self.path}: the state file cannot be used ({exc}). Move it aside to start afresh."
            ) from None
        except OSError as exc:
            raise StateError(f"{self.path}: the state file cannot be opened ({exc.strerror}).") from None
        # An in-memory database exists on one connection only: there, notes and records are written
        # where they are asked for.
        self._writer = (
            ThreadPoolExecutor(max_workers=1, thread_name_prefix="state writer")
            if isinstance(self.path, Path)
            else None
        )
        self._writer_used = False  # whether the writer thread (and its connection) ever started
        self._closed = False

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(str(self.path), isolation_level=None, check_same_thread=False)
        db.row_factory = sqlite3.Row
        # WAL keeps the file consistent if the process is killed mid-write, and reads from waiting.
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA foreign_keys=ON")
        db.create_function("question_key", 1, question_key, deterministic=True)
        return db

    @property
    def db(self) -> sqlite3.Connection:
        """Return the connection of the thread asking: the writer thread's own, or the main one."""
        own = getattr(self._thread, "db", None)
        return own if own is not None else self._main

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
        """Close the database (notes already queued are written first, on the writer thread)."""
        if self._closed:
            return
        self._closed = True
        if self._writer is not None:
            if self._writer_used:
                self._writer.submit(self._close_writer_connection)
            self._writer.shutdown(wait=False)
        self._main.close()

    # -- writes off the event loop ---------------------------------------------------------------
    def note(self, write: Callable[..., object], *args: Any, **kwargs: Any) -> None:
        """Queue a best-effort write (one of this class's methods) and return at once.

        On the writer thread it gives up after NOTE_WAIT if another process holds the file's lock;
        a note that fails is logged, never raised. Outside an event loop (the command line) it is
        written at once.
        """
        if self._closed:
            log.warning("The state file is closed: %s not written", _name(write))
            return
        try:
            loop: asyncio.AbstractEventLoop | None = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        if loop is None or self._writer is None:
            self._noted(None, write, *args, **kwargs)
        else:
            self._writer_used = True
            loop.run_in_executor(self._writer, functools.partial(self._noted, NOTE_WAIT, write, *args, **kwargs))

    async def record(self, write: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Make a write that matters (one of this class's methods) off the event loop; return its result.

        On the writer thread, after the notes queued before it, waiting up to RECORD_WAIT for
        another process's lock; sqlite3.OperationalError if the file is still locked then.
        """
        if self._closed:
            raise StateError(f"{self.path}: the state file is closed")
        if self._writer is None:
            return write(*args, **kwargs)
        job = functools.partial(self._on_writer, RECORD_WAIT, write, *args, **kwargs)
        self._writer_used = True
        return await asyncio.get_running_loop().run_in_executor(self._writer, job)

    def _on_writer(self, wait: float, write: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run ``write`` on the writer thread's connection, waiting at most ``wait`` seconds for a lock."""
        own = getattr(self._thread, "db", None)
        if own is None:
            own = self._thread.db = self._connect()
        own.execute(f"PRAGMA busy_timeout = {round(wait * 1000)}")
        return write(*args, **kwargs)

    def _noted(self, wait: float | None, write: Callable[..., object], *args: Any, **kwargs: Any) -> None:
        try:
            if wait is None:
                write(*args, **kwargs)
            else:
                self._on_writer(wait, write, *args, **kwargs)
        except sqlite3.Error as error:
            # A note is not worth a member's answer, nor holding up the writes behind it.
            log.warning("Could not write %s to the state file (%s); carrying on without it", _name(write), error)

    def _close_writer_connection(self) -> None:
        own = getattr(self._thread, "db", None)
        if own is not None:
            own.close()
            self._thread.db = None

    # -- asking --------------------------------------------------------------------------------
    def record_question(
        self, guild_id: int | None, when: datetime, outcome: str, entry_id: str | None, score: float
    ) -> None:
        """Log one question asked (for /qa stats)."""
        self.db.execute(
            "INSERT INTO questions (guild_id, asked_at, outcome, entry_id, score) VALUES (?, ?, ?, ?, ?)",
            (guild_id, utc_text(when), outcome, entry_id, score),
        )

    def record_unanswered(
        self,
        guild_id: int | None,
        folded: str,
        text: str,
        when: datetime,
        outcome: str,
        suggested: str | None,
        *,
        asker_id: int | None = None,
        limit: int = OPEN_UNANSWERED_LIMIT,
    ) -> None:
        """Count a question the bot declined or was unsure about, merging exact repeats.

        Each member counts once a question (``asker_id``; ``None``, as in the console, counts every
        time): a member's repeat keeps their latest wording but neither adds to the count nor
        brings back a dismissed question. A new question beyond the server's ``limit`` of open ones makes the
        least asked, oldest ones expire.
        """
        guild = guild_id or 0
        stamp = utc_text(when)
        with self.db:
            self.db.execute("BEGIN IMMEDIATE")
            row = self.db.execute(
                "SELECT id FROM unanswered WHERE guild_id = ? AND folded = ?", (guild, folded)
            ).fetchone()
            if row is None:
                question_id = self.db.execute(
                    "INSERT INTO unanswered (guild_id, folded, key, text, first_asked, last_asked, outcome, suggested)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (guild, folded, question_key(folded), text, stamp, stamp, outcome, suggested),
                ).lastrowid
                self._note_asker(question_id, asker_id)
                self._expire_unanswered(guild, limit)
                return
            question_id = row["id"]
            if not self._note_asker(question_id, asker_id):
                # The same member again: their latest wording, but neither a count nor a comeback.
                self.db.execute(
                    "UPDATE unanswered SET text = ?, last_asked = MAX(last_asked, ?) WHERE id = ?",
                    (text, stamp, question_id),
                )
                return
            self.db.execute(
                "UPDATE unanswered SET count = count + 1, text = ?, last_asked = MAX(last_asked, ?), outcome = ?,"
                " suggested = ?, dismissed = 0, added_to = NULL, added_phrasing = NULL WHERE id = ?",
                (text, stamp, outcome, suggested, question_id),
            )

    def mark_none_fit(self, guild_id: int | None, key: str) -> bool:
        """Note that the member who asked the question ``key`` said none of the bot's suggestions fit.

        Return whether the question was found (a note dropped while the file was locked leaves
        nothing to mark). It stays as the organisers left it: listed, or dismissed.
        """
        cursor = self.db.execute(
            "UPDATE unanswered SET none_fit = 1 WHERE guild_id = ? AND key = ?", (guild_id or 0, key)
        )
        return cursor.rowcount > 0

    def _note_asker(self, question_id: int, asker_id: int | None) -> bool:
        """Record that ``asker_id`` asked the question; say whether that is news (a first ask)."""
        if asker_id is None:
            return True
        cursor = self.db.execute(
            "INSERT OR IGNORE INTO unanswered_askers (unanswered_id, user_id) VALUES (?, ?)", (question_id, asker_id)
        )
        return cursor.rowcount == 1

    def _expire_unanswered(self, guild_id: int, limit: int) -> None:
        # Walks the index from the most asked, most recent down and drops whatever lies past the limit.
        self.db.execute(
            "DELETE FROM unanswered WHERE id IN (SELECT id FROM unanswered WHERE guild_id = ? AND dismissed = 0"
            " ORDER BY count DESC, last_asked DESC LIMIT -1 OFFSET ?)",
            (guild_id, limit),
        )

    def unanswered(self, guild_id: int | None = None, *, include_dismissed: bool = False) -> list[UnansweredQuestion]:
        """Return unanswered questions, most asked first (all guilds when ``guild_id`` is None)."""
        sql = "SELECT * FROM unanswered WHERE (? IS NULL OR guild_id = ?)"
        if not include_dismissed:
            sql += " AND dismissed = 0"
        sql += " ORDER BY count DESC, last_asked DESC"
        return [_unanswered(row) for row in self.db.execute(sql, (guild_id, guild_id))]

    # -- daily reading -------------------------------------------------------------------------
    def daily_schedule(self, guild_id: int) -> DailySetup | None:
        """Return a guild's daily reading, or None when it has none."""
        row = self.db.execute("SELECT * FROM daily_schedules WHERE guild_id = ?", (guild_id,)).fetchone()
        return _setup(row) if row is not None else None

    def daily_schedules(self) -> list[DailySetup]:
        """Return every guild's daily reading."""
        return [_setup(row) for row in self.db.execute("SELECT * FROM daily_schedules ORDER BY guild_id")]

    def save_daily_setup(
        self,
        guild_id: int,
        channel_id: int,
        post_time: str,
        zone: str,
        thread: bool,
        role_id: int | None,
        started: datetime | None,
        *,
        ask_hint: bool = False,
    ) -> None:
        """Create a guild's schedule at day 1, or change its settings keeping its progress.

        Either way, posting times before ``started`` no longer count (a finished schedule stays
        finished; see :func:`bot.core.schedule.change`).
        """
        self.db.execute(
            """
            INSERT INTO daily_schedules
                (guild_id, channel_id, post_time, timezone, thread, role_id, started_at, ask_hint)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (guild_id) DO UPDATE SET
                channel_id = excluded.channel_id, post_time = excluded.post_time,
                timezone = excluded.timezone, thread = excluded.thread, role_id = excluded.role_id,
                started_at = CASE WHEN started_at IS NULL THEN NULL ELSE excluded.started_at END,
                ask_hint = excluded.ask_hint
            """,
            (
                guild_id,
                channel_id,
                post_time,
                zone,
                int(thread),
                role_id,
                utc_text(started) if started else None,
                int(ask_hint),
            ),
        )

    def save_daily_progress(
        self, guild_id: int, *, next_day: int, paused: bool, last_posted_on: date | None, started: datetime | None
    ) -> None:
        """Store where a guild's schedule is (after skip, goto, pause, resume or restart)."""
        self.db.execute(
            "UPDATE daily_schedules SET next_day = ?, paused = ?, last_posted_on = ?, started_at = ?"
            " WHERE guild_id = ?",
            (
                next_day,
                int(paused),
                last_posted_on.isoformat() if last_posted_on else None,
                utc_text(started) if started else None,
                guild_id,
            ),
        )

    def record_daily_error(self, guild_id: int, error: str, now: datetime) -> None:
        """Remember why the last attempt at a guild's post failed (shown by /daily status)."""
        self.db.execute(
            "UPDATE daily_schedules SET last_error = ?, last_error_at = ? WHERE guild_id = ?",
            (error, utc_text(now), guild_id),
        )

    def begin_daily_post(
        self,
        guild_id: int,
        day: int,
        on: date,
        channel_id: int,
        now: datetime,
        *,
        last_message_id: int | None = None,
        suggestion_id: int | None = None,
    ) -> int:
        """Record that day ``day`` is about to be sent, before sending it; return the attempt's id.

        ``last_message_id``: the channel's newest message now (0 when it has none), where the search
        for the post starts should its fate be unknown. ``suggestion_id``: the approved prompt the
        post carries, marked used when the post is recorded (:meth:`finish_daily_post`). Raises
        StateError while another attempt of the guild is still 'sending' (unresolved).
        """
        try:
            with self.db:  # one transaction: the attempt and the prompt it carries
                self.db.execute("BEGIN IMMEDIATE")
                cursor = self.db.execute(
                    "INSERT INTO daily_posts"
                    " (guild_id, day, local_date, channel_id, state, attempted_at, last_message_id)"
                    " VALUES (?, ?, ?, ?, 'sending', ?, ?)",
                    (guild_id, day, on.isoformat(), channel_id, utc_text(now), last_message_id),
                )
                if suggestion_id is not None:
                    self.db.execute(
                        "UPDATE prompt_suggestions SET post_id = ? WHERE id = ? AND state = 'approved'",
                        (cursor.lastrowid, suggestion_id),
                    )
        except sqlite3.IntegrityError:
            raise StateError(f"guild {guild_id}: an earlier daily post is still unresolved") from None
        return cursor.lastrowid

    def open_daily_post(self, guild_id: int) -> PostAttempt | None:
        """Return the guild's attempt still marked 'sending' (sent or not: unknown), if any."""
        row = self.db.execute(
            "SELECT * FROM daily_posts WHERE guild_id = ? AND state = 'sending'", (guild_id,)
        ).fetchone()
        return _attempt(row) if row is not None else None

    def finish_daily_post(
        self,
        attempt_id: int,
        message_id: int,
        now: datetime,
        *,
        next_day: int,
        last_posted_on: date,
        started: datetime | None,
    ) -> None:
        """Record in one transaction that an attempt was posted, move its schedule on and mark the
        prompt it carried (if any) used."""
        with self.db:  # one transaction: posted, counted and its prompt used together, or none of them
            self.db.execute("BEGIN IMMEDIATE")
            row = self.db.execute("SELECT guild_id FROM daily_posts WHERE id = ?", (attempt_id,)).fetchone()
            self.db.execute(
                "UPDATE daily_posts SET state = 'posted', message_id = ?, posted_at = ?, error = NULL WHERE id = ?",
                (message_id, utc_text(now), attempt_id),
            )
            self.db.execute(
                "UPDATE daily_schedules SET next_day = ?, last_posted_on = ?, started_at = ?,"
                " last_error = NULL, last_error_at = NULL WHERE guild_id = ?",
                (next_day, last_posted_on.isoformat(), utc_text(started) if started else None, row["guild_id"]),
            )
            self.db.execute(
                "UPDATE prompt_suggestions SET state = 'used', used_at = ? WHERE post_id = ? AND state = 'approved'",
                (utc_text(now), attempt_id),
            )

    def fail_daily_post(self, attempt_id: int, error: str) -> None:
        """Record that an attempt was certainly not posted."""
        self.db.execute("UPDATE daily_posts SET state = 'failed', error = ? WHERE id = ?", (error, attempt_id))

    def set_daily_thread(self, attempt_id: int, thread_id: int) -> None:
        """Record the discussion thread opened on a post."""
        self.db.execute("UPDATE daily_posts SET thread_id = ? WHERE id = ?", (thread_id, attempt_id))

    def set_daily_opening(self, attempt_id: int, message_id: int) -> None:
        """Record the first message of a post's thread (its discussion prompt), sent or found there."""
        self.db.execute("UPDATE daily_posts SET opening_id = ? WHERE id = ?", (message_id, attempt_id))

    def post_suggestion(self, attempt_id: int) -> Suggestion | None:
        """Return the member's prompt an attempt at a post carried, if any."""
        row = self.db.execute("SELECT * FROM prompt_suggestions WHERE post_id = ?", (attempt_id,)).fetchone()
        return _suggestion(row) if row is not None else None

    def daily_posts(self, guild_id: int) -> list[PostedDay]:
        """Return a guild's posted days, oldest first."""
        rows = self.db.execute(
            "SELECT * FROM daily_posts WHERE guild_id = ? AND state = 'posted' ORDER BY id", (guild_id,)
        )
        return [_posted(row) for row in rows]

    def progress(self, guild_id: int, total: int) -> Progress | None:
        """Return how far a guild's group has read (of ``total`` readings), or None when it has no schedule."""
        setup = self.daily_schedule(guild_id)
        if setup is None:
            return None
        return Progress(setup.schedule, tuple(post for post in self.daily_posts(guild_id) if post.day <= total))

    # -- curation ------------------------------------------------------------------------------
    def dismiss_unanswered(self, ids: list[int], guild_id: int | None = None) -> int:
        """Hide these unanswered questions (of ``guild_id``, if given) from /qa unanswered; return how many.

        One transaction however many: a bulk dismissal is one write. They return if another
        member asks them."""
        with self.db:
            self.db.execute("BEGIN IMMEDIATE")
            changed = 0
            for chunk in _chunks(ids):
                changed += self.db.execute(
                    f"UPDATE unanswered SET dismissed = 1 WHERE dismissed = 0 AND id IN ({_marks(chunk)})"
                    " AND (? IS NULL OR guild_id = ?)",
                    (*chunk, guild_id, guild_id),
                ).rowcount
        return changed

    def open_unanswered(self, ids: list[int]) -> list[int]:
        """Return those of ``ids`` still open: not dismissed, added or expired meanwhile."""
        found: list[int] = []
        for chunk in _chunks(ids):
            rows = self.db.execute(
                f"SELECT id FROM unanswered WHERE dismissed = 0 AND id IN ({_marks(chunk)}) ORDER BY id", chunk
            )
            found += [row["id"] for row in rows]
        return found

    def mark_unanswered_added(self, ids: list[int], entry_id: str, phrasing: str | None = None) -> None:
        """Record that these questions became ``phrasing`` in entry ``entry_id``, and hide them."""
        with self.db:
            self.db.execute("BEGIN IMMEDIATE")
            self.db.executemany(
                "UPDATE unanswered SET dismissed = 1, added_to = ?, added_phrasing = ? WHERE id = ?",
                [(entry_id, phrasing, i) for i in ids],
            )

    def added_unanswered(self) -> list[UnansweredQuestion]:
        """Return every question an organiser made a phrasing of, in every guild."""
        rows = self.db.execute("SELECT * FROM unanswered WHERE added_to IS NOT NULL ORDER BY id")
        return [_unanswered(row) for row in rows]

    def reopen_unanswered(self, ids: list[int]) -> None:
        """Put questions back on the list (their phrasing left qa.yaml)."""
        with self.db:
            self.db.execute("BEGIN IMMEDIATE")
            self.db.executemany(
                "UPDATE unanswered SET dismissed = 0, added_to = NULL, added_phrasing = NULL WHERE id = ?",
                [(i,) for i in ids],
            )

    def outcome_counts(self, guild_id: int | None, since: datetime | None) -> dict[str, int]:
        """Count the questions asked since ``since`` (ever, when None) by outcome."""
        rows = self.db.execute(
            "SELECT outcome, COUNT(*) AS n FROM questions WHERE (? IS NULL OR guild_id = ?)"
            " AND (? IS NULL OR asked_at >= ?) GROUP BY outcome",
            (guild_id, guild_id, *(2 * [utc_text(since) if since else None])),
        )
        return {row["outcome"]: row["n"] for row in rows}

    def most_answered(self, guild_id: int | None, since: datetime | None, limit: int = 5) -> list[tuple[str, int]]:
        """Return the entries answered most often since ``since``, with their counts."""
        rows = self.db.execute(
            "SELECT entry_id, COUNT(*) AS n FROM questions WHERE outcome = 'answer' AND entry_id IS NOT NULL"
            " AND (? IS NULL OR guild_id = ?) AND (? IS NULL OR asked_at >= ?)"
            " GROUP BY entry_id ORDER BY n DESC, entry_id LIMIT ?",
            (guild_id, guild_id, *(2 * [utc_text(since) if since else None]), limit),
        )
        return [(row["entry_id"], row["n"]) for row in rows]

    # -- companion -----------------------------------------------------------------------------
    def spoilers_on(self, guild_id: int) -> bool:
        """Say whether a guild holds back answers from readings the group has not reached."""
        row = self.db.execute("SELECT spoilers FROM companion_settings WHERE guild_id = ?", (guild_id,)).fetchone()
        return bool(row and row["spoilers"])

    def set_spoilers(self, guild_id: int, on: bool) -> None:
        """Turn a guild's spoiler guard on or off."""
        self.db.execute(
            "INSERT INTO companion_settings (guild_id, spoilers) VALUES (?, ?)"
            " ON CONFLICT (guild_id) DO UPDATE SET spoilers = excluded.spoilers",
            (guild_id, int(on)),
        )

    def record_activity(self, guild_id: int, user_id: int, when: datetime) -> None:
        """Note that a member used the bot in a guild at ``when`` (events may arrive out of order)."""
        # In an UPDATE every right-hand side reads the row as it was before.
        self.db.execute(
            """
            INSERT INTO member_activity (guild_id, user_id, last_seen) VALUES (?, ?, ?)
            ON CONFLICT (guild_id, user_id) DO UPDATE SET
                seen_before = CASE WHEN excluded.last_seen > last_seen THEN last_seen ELSE seen_before END,
                last_seen = MAX(last_seen, excluded.last_seen)
            """,
            (guild_id, user_id, utc_text(when)),
        )

    def seen_before(self, guild_id: int, user_id: int, when: datetime) -> datetime | None:
        """Return when the member last used the bot in the guild before ``when``, if ever."""
        row = self.db.execute(
            "SELECT last_seen, seen_before FROM member_activity WHERE guild_id = ? AND user_id = ?",
            (guild_id, user_id),
        ).fetchone()
        if row is None:
            return None
        stamp = row["last_seen"] if row["last_seen"] < utc_text(when) else row["seen_before"]
        return parse_utc(stamp) if stamp else None

    def add_suggestion(self, guild_id: int, day: int, author_id: int, text: str, now: datetime) -> int:
        """Queue a member's discussion prompt for reading ``day``; return its id."""
        cursor = self.db.execute(
            "INSERT INTO prompt_suggestions (guild_id, day, author_id, text, suggested_at) VALUES (?, ?, ?, ?, ?)",
            (guild_id, day, author_id, text, utc_text(now)),
        )
        return cursor.lastrowid

    def pending_suggestions(self, guild_id: int, *, author_id: int | None = None) -> list[Suggestion]:
        """Return a guild's suggestions awaiting a decision (one member's, if given), oldest first."""
        rows = self.db.execute(
            "SELECT * FROM prompt_suggestions WHERE guild_id = ? AND state = 'pending'"
            " AND (? IS NULL OR author_id = ?) ORDER BY id",
            (guild_id, author_id, author_id),
        )
        return [_suggestion(row) for row in rows]

    def decide_suggestion(
        self, suggestion_id: int, guild_id: int, state: str, by: int, now: datetime
    ) -> Suggestion | None:
        """Approve or reject a pending suggestion; return it, or None if it was not pending."""
        assert state in ("approved", "rejected")
        cursor = self.db.execute(
            "UPDATE prompt_suggestions SET state = ?, decided_by = ?, decided_at = ?"
            " WHERE id = ? AND guild_id = ? AND state = 'pending'",
            (state, by, utc_text(now), suggestion_id, guild_id),
        )
        if cursor.rowcount == 0:
            return None
        return self.suggestion(suggestion_id)

    def suggestion(self, suggestion_id: int) -> Suggestion | None:
        """Return one suggestion, whatever its state."""
        row = self.db.execute("SELECT * FROM prompt_suggestions WHERE id = ?", (suggestion_id,)).fetchone()
        return _suggestion(row) if row is not None else None

    def approved_suggestion(self, guild_id: int, day: int) -> Suggestion | None:
        """Return the oldest approved, unused prompt for reading ``day`` in a guild."""
        row = self.db.execute(
            "SELECT * FROM prompt_suggestions WHERE guild_id = ? AND day = ? AND state = 'approved' ORDER BY id LIMIT 1",
            (guild_id, day),
        ).fetchone()
        return _suggestion(row) if row is not None else None
