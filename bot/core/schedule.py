"""When a guild's daily reading is due: wall-clock times, time zones and catching up.

Plain Python, no discord: given a guild's :class:`Schedule` and the current instant (an aware UTC
datetime), say when the next post goes out and what the schedule looks like after it.

The rules, all in local time of the schedule's IANA time zone:

- One post a local day at the configured wall-clock time; daylight-saving changes keep the
  wall-clock time. A time that does not exist that day (inside a spring-forward gap) is posted
  when the clocks have jumped, at the same distance past the gap (02:30 becomes 03:30); a time that
  happens twice (fall-back) is posted at its first occurrence.
- A time missed today (the bot was offline) is posted once as soon as possible, still today. Days
  missed before today are not caught up: the reading waits for today's time, so there is never a
  burst of several posts.
- Only times at or after ``started`` count: setting up, resuming or restarting in the evening after
  the day's time does not post at once.
- A failed post is retried ``retries`` times, ``retry_every`` apart; after that it waits for the
  next local day (or the next start of the bot, which forgets the failures).
- After the last reading comes the closing message (day ``total + 1``); then the schedule stops
  (``started`` is None) until an admin restarts it.
- Changing the time or time zone (:func:`change`): times before the change no longer count, except
  today's post if it was still to come: moved to a time already past today, it goes out at once,
  as a missed post would. :func:`unusual_gap` says when a change leaves more than a day, or less
  than 12 hours, between the last post and the next.
- A schedule's time zone is a canonical IANA name (:func:`canonical_zone`): not the host's
  ``localtime``, tzdata's ``Factory``, nor the ``posix/``, ``right/`` and ``posixrules`` files.
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import Enum
from zoneinfo import ZoneInfo, available_timezones

__all__ = [
    "Failures",
    "Post",
    "Schedule",
    "after_post",
    "canonical_zone",
    "change",
    "expected_post",
    "goto",
    "is_due",
    "local_date",
    "next_post",
    "next_post_kind",
    "pause",
    "restart",
    "resume",
    "skip",
    "slot_instant",
    "unusual_gap",
    "zone_names",
]

# Between two posts, what a group would not expect: more than a day, or less than half of one.
LONG_GAP = timedelta(hours=24)
SHORT_GAP = timedelta(hours=12)
# Zone files that are not places a group lives in: tzdata's placeholder and the host's own setting.
_NOT_PLACES = frozenset({"Factory", "localtime"})


@dataclass(frozen=True)
class Schedule:
    """One guild's schedule, as stored."""

    time: time
    timezone: str
    next_day: int = 1
    paused: bool = False
    last_posted_on: date | None = None  # the local date of the last scheduled or manual post
    started: datetime | None = None  # times before this do not count; None: stopped


@dataclass(frozen=True)
class Failures:
    """Failed attempts at the post of one local date (kept in memory: a new start forgets them)."""

    on: date
    count: int
    last: datetime


class Post(Enum):
    """What the next post of a schedule is."""

    READING = "reading"
    CLOSING = "closing"


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("expected an aware datetime")
    return moment.astimezone(UTC)


@functools.cache
def zone_names() -> tuple[str, ...]:
    """Return the IANA time zone names a schedule may use, sorted (read once: it walks the zone files).

    zoneinfo lists tzdata's zones and links ("Europe/London", "UTC", "US/Eastern") and leaves out
    the ``posix/`` and ``right/`` copies and ``posixrules``, which ``ZoneInfo`` would still open.
    """
    return tuple(sorted(available_timezones() - _NOT_PLACES))


@functools.cache
def _zones_by_folded_name() -> dict[str, str]:
    return {name.casefold(): name for name in zone_names()}


def canonical_zone(name: str) -> str | None:
    """Return the IANA time zone ``name`` stands for, spelt as IANA does ("europe/london"), or None."""
    name = name.strip()
    if not name.isascii():
        return None
    return _zones_by_folded_name().get(name.casefold())


def local_date(moment: datetime, zone: str) -> date:
    """Return the date it is in ``zone`` at the instant ``moment``."""
    return _utc(moment).astimezone(ZoneInfo(zone)).date()


def slot_instant(on: date, at: time, zone: str) -> datetime:
    """Return the UTC instant of wall-clock time ``at`` on local date ``on`` in ``zone``.

    fold=0 (zoneinfo's default) resolves an ambiguous time to its first occurrence and a missing
    one with the offset before the jump, which lands just as far past the gap.
    """
    local = datetime.combine(on, at.replace(tzinfo=None, fold=0), tzinfo=ZoneInfo(zone))
    return local.astimezone(UTC)


def next_post_kind(schedule: Schedule, total: int) -> Post | None:
    """Say whether the next post is a reading, the closing message, or nothing (stopped)."""
    if schedule.started is None or schedule.next_day > total + 1:
        return None
    return Post.READING if schedule.next_day <= total else Post.CLOSING


def next_post(
    schedule: Schedule,
    now: datetime,
    total: int,
    *,
    failures: Failures | None = None,
    retries: int = 3,
    retry_every: timedelta = timedelta(minutes=10),
) -> datetime | None:
    """Return the UTC instant of the next post (at or before ``now`` means due now), or None.

    None when the schedule is paused or stopped. ``failures`` are the failed attempts so far at a
    post; after ``retries`` retries the post waits for the next local day.
    """
    if schedule.paused or next_post_kind(schedule, total) is None:
        return None
    assert schedule.started is not None
    started = _utc(schedule.started)
    day = local_date(now, schedule.timezone)
    if schedule.last_posted_on is not None and schedule.last_posted_on >= day:
        day = schedule.last_posted_on + timedelta(days=1)
    while True:
        slot = slot_instant(day, schedule.time, schedule.timezone)
        if slot < started:
            day += timedelta(days=1)
            continue
        if failures is not None and failures.on == day:
            if failures.count > retries:
                day += timedelta(days=1)
                continue
            return max(slot, _utc(failures.last) + retry_every)
        return slot


def is_due(schedule: Schedule, now: datetime, total: int, **retry) -> bool:
    """Say whether a post should go out now."""
    when = next_post(schedule, now, total, **retry)
    return when is not None and when <= _utc(now)


def expected_post(schedule: Schedule, day: int, now: datetime, total: int) -> datetime | None:
    """Return the UTC instant day ``day`` is expected to go out if nothing changes, or None.

    None when the schedule is paused or stopped, or ``day`` is not ahead of it. Days follow one a
    local day from the next post, at the schedule's wall-clock time (retries are not foreseen).
    """
    if day < schedule.next_day or day > total:
        return None
    first = next_post(schedule, now, total)
    if first is None:
        return None
    on = local_date(first, schedule.timezone) + timedelta(days=day - schedule.next_day)
    return slot_instant(on, schedule.time, schedule.timezone)


def after_post(schedule: Schedule, day: int, on: date, total: int) -> Schedule:
    """Return the schedule once day ``day`` went out on local date ``on`` (the closing stops it)."""
    return dataclasses.replace(
        schedule,
        next_day=day + 1,
        last_posted_on=on,
        started=None if day > total else schedule.started,
    )


def change(schedule: Schedule, at: time, zone: str, now: datetime, total: int) -> Schedule:
    """Return the schedule posting at ``at`` in ``zone`` from ``now`` on (a finished one stays finished).

    Times before ``now`` no longer count, except that a post still to come today (or overdue) is
    not lost: if its new time today has already passed, it is due at once, as a missed post is.
    """
    if next_post_kind(schedule, total) is None:
        return dataclasses.replace(schedule, time=at, timezone=zone)
    changed = dataclasses.replace(schedule, time=at, timezone=zone, started=_utc(now))
    owed = next_post(schedule, now, total)
    if owed is None or local_date(owed, schedule.timezone) != local_date(now, schedule.timezone):
        return changed  # paused, or nothing more today
    today = local_date(now, zone)
    slot = slot_instant(today, at, zone)
    if slot < _utc(now) and (schedule.last_posted_on is None or schedule.last_posted_on < today):
        return dataclasses.replace(changed, started=slot)  # the new time today counts: due now
    return changed


def unusual_gap(last_post: datetime | None, before: datetime | None, after: datetime | None) -> timedelta | None:
    """Return the wait from the last post to the next when a change makes it unusual, else None.

    Unusual: over LONG_GAP (a day goes without a reading) or under SHORT_GAP (two readings close
    together). ``before`` and ``after``: the next post's time before and after the change; a gap
    that was already of the same kind is not the change's doing.
    """
    if last_post is None or after is None:
        return None

    def kind(gap: timedelta) -> str | None:
        return "long" if gap > LONG_GAP else "short" if gap < SHORT_GAP else None

    gap = _utc(after) - _utc(last_post)
    if kind(gap) is None or (before is not None and kind(_utc(before) - _utc(last_post)) == kind(gap)):
        return None
    return gap


def skip(schedule: Schedule, total: int) -> Schedule:
    """Return the schedule with its next reading skipped (never past the closing message)."""
    return dataclasses.replace(schedule, next_day=min(schedule.next_day + 1, total + 1))


def goto(schedule: Schedule, day: int, now: datetime) -> Schedule:
    """Return the schedule set to post ``day`` next; a stopped schedule runs again from ``now``."""
    return dataclasses.replace(schedule, next_day=day, started=schedule.started or now)


def pause(schedule: Schedule) -> Schedule:
    """Return the schedule paused."""
    return dataclasses.replace(schedule, paused=True)


def resume(schedule: Schedule, now: datetime) -> Schedule:
    """Return the schedule running again; the times missed while paused do not count."""
    started = now if schedule.started is not None else None
    return dataclasses.replace(schedule, paused=False, started=started)


def restart(schedule: Schedule, now: datetime) -> Schedule:
    """Return the schedule back at day 1, running from ``now`` (never twice in one local day)."""
    return dataclasses.replace(schedule, next_day=1, paused=False, started=now)
