"""Faults of the state file: a kill mid-write, and a file that cannot be used at start.

- A process writing to the state file through :class:`bot.storage.Storage` as fast as it can
  (questions, unanswered questions, daily posts recorded and counted in one transaction) is
  killed with SIGKILL, three times: each time the file opens again, passes SQLite's integrity
  check, every post recorded is counted (never one without the other), and writing carries on.
- Another program holding the file's write lock (a backup, someone's ``sqlite3`` shell) holds up
  nothing: a member's question is answered at once, the event loop never stalls, and the daily
  post waits for the lock off the loop and is recorded once.
- ``python -m bot`` with a token set and a state file that is garbage, a directory, written by a
  newer version, damaged, or unreadable (where the test can make it so: not as root) stops before connecting anywhere, exit code 1, with one line
  naming the file and no traceback.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from _world import HOUR, World

from bot.storage import Storage

ROOT = Path(__file__).resolve().parent.parent

WRITER = r"""
import sys
from datetime import UTC, date, datetime
from bot.storage import Storage

storage = Storage(sys.argv[1])
storage.save_daily_setup(1, 10, "18:00", "Europe/London", True, None, datetime(2026, 1, 1, tzinfo=UTC))
attempt = storage.open_daily_post(1)
if attempt is not None:  # left 'sending' by the previous kill: the bot would look in the channel
    storage.fail_daily_post(attempt.id, "not found in the channel: it was never sent")
print("writing", flush=True)
i = 0
while True:
    now = datetime.now(UTC)
    storage.record_question(1, now, "decline", None, 12.5)
    storage.record_unanswered(1, f"question {i % 97}", f"Question {i}?", now, "decline", None)
    day = storage.daily_schedule(1).schedule.next_day
    attempt = storage.begin_daily_post(1, day, date(2026, 1, 1), 10, now)
    storage.finish_daily_post(attempt, 1000 + day, now, next_day=day + 1, last_posted_on=date(2026, 1, 1), started=now)
    i += 1
"""


def consistent(path: Path) -> int:
    """Open the state file as the bot does, check it and write to it; return the days counted."""
    storage = Storage(path)
    try:
        assert storage.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        next_day = storage.daily_schedule(1).schedule.next_day
        posted = storage.daily_posts(1)
        # Posted and counted in one transaction: never one without the other.
        assert len(posted) == next_day - 1
        assert [post.day for post in posted] == list(range(1, next_day))
        assert storage.db.execute("SELECT COUNT(*) FROM daily_posts WHERE state = 'sending'").fetchone()[0] <= 1
        # It carries on: a question, and a whole post, are recorded.
        now = datetime.now(UTC)
        before = storage.db.execute("SELECT COUNT(*) FROM questions").fetchone()[0]
        storage.record_question(None, now, "answer", "why-stalin-won", 90.0)
        assert storage.db.execute("SELECT COUNT(*) FROM questions").fetchone()[0] == before + 1
        attempt = storage.open_daily_post(1)
        if attempt is not None:
            storage.fail_daily_post(attempt.id, "not found in the channel: it was never sent")
        day = next_day
        attempt = storage.begin_daily_post(1, day, date(2026, 1, 2), 10, now)
        storage.finish_daily_post(
            attempt, 5000 + day, now, next_day=day + 1, last_posted_on=date(2026, 1, 2), started=now
        )
        return storage.daily_schedule(1).schedule.next_day - 1
    finally:
        storage.close()


def test_the_state_file_survives_a_kill_mid_write_and_the_bot_carries_on(tmp_path):
    path = tmp_path / "state.sqlite3"
    counted = 0
    for round_, pause in enumerate((0.3, 0.45, 0.6)):
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            assert writer.stdout.readline().strip() == "writing", writer.stderr.read()
            time.sleep(pause)  # thousands of writes in flight
            os.kill(writer.pid, signal.SIGKILL)
            assert writer.wait(timeout=10) == -signal.SIGKILL
        finally:
            if writer.poll() is None:
                writer.kill()
                writer.wait()
        now_counted = consistent(path)
        assert now_counted > counted + 10, f"round {round_}: the writer hardly wrote ({now_counted})"
        counted = now_counted


# Another program with the state file's write lock, until a line arrives on its standard input.
HOLDER = r"""
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN IMMEDIATE")
db.execute("INSERT INTO questions (asked_at, outcome) VALUES ('2026-01-01T00:00:00+00:00', 'answer')")
print("locked", flush=True)
sys.stdin.readline()
db.execute("ROLLBACK")
"""


class LoopWatch:
    """Watch the event loop from the test's side, in real time: its longest stall, and when the bot
    first answered an interaction."""

    def __init__(self, env) -> None:
        self.env = env
        self.longest = 0.0
        self.answered_after: float | None = None
        self._seen = len(env.http_requests)
        self._started = time.perf_counter()
        self._task = asyncio.create_task(self._watch())

    async def _watch(self) -> None:
        last = time.perf_counter()
        while True:
            await asyncio.sleep(0.01)
            now = time.perf_counter()
            self.longest = max(self.longest, now - last)
            last = now
            if self.answered_after is None and any(
                request.path.endswith("/callback") for request in self.env.http_requests[self._seen :]
            ):
                self.answered_after = now - self._started

    async def stop(self) -> None:
        self._task.cancel()
        await asyncio.gather(self._task, return_exceptions=True)


class LockHolder:
    """Another program holding the state file's write lock, from :meth:`take` until :meth:`release`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.process: subprocess.Popen | None = None

    def take(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(self.path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout.readline().strip() == "locked", self.process.stderr.read()

    def release(self) -> None:
        assert self.process is not None
        self.process.stdin.write("\n")
        self.process.stdin.flush()
        assert self.process.wait(timeout=10) == 0

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def lock_holder(config):
    holder = LockHolder(config.database)
    yield holder
    holder.stop()


async def test_a_state_file_locked_by_another_program_holds_up_no_answer_and_the_post_waits(
    simcord_env, config, lock_holder
):
    world = World(simcord_env, config)
    await world.setup()
    await world.env.advance_time(18 * HOUR - 60)
    lock_holder.take()
    # A member asks while the file is locked: the answer comes at once, within Discord's 3 seconds.
    watch = LoopWatch(world.env)
    reply = await world.member.slash(world.general, "ask", question="Why was Trotsky expelled?")
    await watch.stop()
    assert reply.response.embeds, reply.response.content  # the answer itself
    assert watch.answered_after is not None and watch.answered_after < 3.0, watch.answered_after
    assert watch.longest < 1.0, f"the event loop stalled {watch.longest:.1f} s"
    # 18:00 with the file still locked: the post's record waits, off the loop, until the lock goes.
    release = threading.Timer(1.5, lock_holder.release)
    release.start()
    watch = LoopWatch(world.env)
    started = time.perf_counter()
    await world.env.advance_time(60)
    await watch.stop()
    release.join()
    assert time.perf_counter() - started >= 1.4  # it did wait for the lock
    assert watch.longest < 1.0, f"the event loop stalled {watch.longest:.1f} s"
    [post] = world.posts()
    storage = world.env.bot.storage
    assert [(p.day, p.message_id) for p in storage.daily_posts(world.guild.id)] == [(1, post.id)]
    assert storage.open_daily_post(world.guild.id) is None
    assert storage.daily_schedule(world.guild.id).schedule.next_day == 2


def run_bot_with_state(path: Path, *args: str) -> subprocess.CompletedProcess:
    """Run ``python -m bot`` as a person would, with a dummy token and ``BOT_DATABASE`` at ``path``."""
    env = {**os.environ, "DISCORD_TOKEN": "dummy.token.for-tests", "BOT_DATABASE": str(path)}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        check=False,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def assert_clear_error(result: subprocess.CompletedProcess, path: Path) -> None:
    assert result.returncode == 1, (result.returncode, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr  # one line: no traceback, no log of a login attempt
    assert lines[0].startswith("error: ") and str(path) in lines[0], lines[0]
    assert "Traceback" not in result.stderr and result.stdout == ""


def garbage(path: Path) -> None:
    path.write_bytes(bytes(range(256)) * 40)


def directory(path: Path) -> None:
    path.mkdir()


def newer(path: Path) -> None:
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 999")
    db.close()


def damaged(path: Path) -> None:
    """A real state file whose pages were overwritten: the header survives, the rest is noise."""
    storage = Storage(path)
    storage.record_question(1, datetime(2026, 1, 1, tzinfo=UTC), "answer", "why-stalin-won", 90.0)
    storage.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    storage.close()
    data = path.read_bytes()
    path.write_bytes(data[:100] + b"\xff" * (len(data) - 100))


@pytest.mark.parametrize("make", [garbage, directory, newer, damaged])
def test_a_state_file_that_cannot_be_used_stops_the_bot_at_start_naming_it(tmp_path, make):
    path = tmp_path / "state.sqlite3"
    make(path)
    result = run_bot_with_state(path)
    assert_clear_error(result, path)
    assert "Move it aside" in result.stderr or "newer version" in result.stderr


def test_the_unanswered_command_says_the_same(tmp_path):
    path = tmp_path / "state.sqlite3"
    garbage(path)
    assert_clear_error(run_bot_with_state(path, "unanswered"), path)


def test_an_unreadable_state_file_stops_the_bot_at_start_naming_it(tmp_path):
    path = tmp_path / "state.sqlite3"
    Storage(path).close()
    path.chmod(0)
    try:
        try:
            path.open("rb").close()
        except PermissionError:
            pass
        else:
            pytest.skip("this user can read a file without read permission (root): nothing to test")
        assert_clear_error(run_bot_with_state(path), path)
    finally:
        path.chmod(0o600)
