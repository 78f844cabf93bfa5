"""Run a job for each key (here: each guild) at the time it asks for, again and again.

Each key has one long-lived task that sleeps (:meth:`bot.clock.Clock.sleep_until`, which is
:func:`discord.utils.sleep_until` on the host's clock) until the key's next time, runs the job,
asks for the next time and sleeps again. :meth:`Scheduler.wake` restarts a key's sleep when its
time has moved earlier (an organiser changed the schedule), and :meth:`Scheduler.start` runs it at
once. A runner that would wake first anyway, or is in the middle of its job, is left alone: it
asks for its next time when it wakes or finishes, so a job is never cut off half-way (say,
between sending a post and recording it). A job that raises is logged and the runner carries on. Nothing here
reaches into ``discord.ext.tasks``' state.

One task a key rather than one a run: a run stays a plain function call in a sleeping task, which
keeps the tasks few and lets a test's simulated clock (SimCord) pass a day of wake-ups quickly.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime

from bot.clock import Clock

log = logging.getLogger(__name__)


class Scheduler:
    """One runner per key: sleep until ``next_time(key)``, run ``job(key)``, repeat."""

    def __init__(
        self,
        name: str,
        next_time: Callable[[int], datetime | None],
        job: Callable[[int], Awaitable[None]],
        *,
        clock: Clock,
    ) -> None:
        self.name = name
        self.clock = clock
        self._next_time = next_time
        self._job = job
        self._runners: dict[int, asyncio.Task[None]] = {}
        self._running: set[int] = set()
        self._sleeping_until: dict[int, datetime] = {}

    def __contains__(self, key: int) -> bool:
        runner = self._runners.get(key)
        return runner is not None and not runner.done()

    def start(self, key: int) -> None:
        """Run the job for ``key`` now, then whenever ``next_time`` says (a job under way is left to finish)."""
        if key in self and key in self._running:
            return  # it asks for its next time when the job ends
        self._replace(key, at_once=True)

    def wake(self, key: int) -> None:
        """Make ``key``'s runner sleep until its (changed) next time, or start it if it has none."""
        if key in self and key in self._running:
            return  # it asks for its next time when the job ends
        planned = self._sleeping_until.get(key)
        if key in self and planned is not None:
            when = self._next_time(key)
            if when is not None and planned <= when:
                return  # it wakes first anyway, and then asks for its next time
        self._replace(key, at_once=False)

    def stop(self, key: int) -> None:
        """Stop ``key``'s runner (a job under way is cancelled: use it when shutting down)."""
        self._sleeping_until.pop(key, None)
        runner = self._runners.pop(key, None)
        if runner is not None and runner is not asyncio.current_task():
            runner.cancel()

    def stop_all(self) -> None:
        """Stop every runner."""
        for key in list(self._runners):
            self.stop(key)

    def _replace(self, key: int, *, at_once: bool) -> None:
        self.stop(key)
        self._runners[key] = asyncio.create_task(self._run(key, at_once=at_once), name=f"{self.name}: {key}")

    async def _run(self, key: int, *, at_once: bool) -> None:
        if not at_once and not await self._sleep(key):
            return
        while True:
            self._running.add(key)
            try:
                await self._job(key)
            except Exception:
                log.exception("%s: the job for %s failed", self.name, key)
            finally:
                self._running.discard(key)
            if not await self._sleep(key):
                return

    async def _sleep(self, key: int) -> bool:
        """Sleep until the key's next time; return False when it has none (nothing more to do)."""
        try:
            when = self._next_time(key)
        except Exception:
            log.exception("%s: could not tell when %s runs next; it stops until started again", self.name, key)
            when = None
        if when is None:
            if self._runners.get(key) is asyncio.current_task():
                del self._runners[key]
            return False
        self._sleeping_until[key] = when
        try:
            await self.clock.sleep_until(when)
        finally:
            if self._runners.get(key) is asyncio.current_task():
                self._sleeping_until.pop(key, None)
        return True
