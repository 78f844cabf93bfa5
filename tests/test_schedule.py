"""The daily schedule's rules, tested directly: wall-clock times, DST, catching up, retries, the end."""

from __future__ import annotations

import io
import subprocess
import sys
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from bot import messages
from bot.cli import main
from bot.core import schedule
from bot.core.schedule import Failures, Post, Schedule

TOTAL = 16
ROOT = Path(__file__).resolve().parent.parent


def at(text: str) -> datetime:
    """An aware UTC instant from ``YYYY-MM-DD HH:MM``."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def london(**changes) -> Schedule:
    base = Schedule(time=time(18, 0), timezone="Europe/London", started=at("2026-01-01 00:00"))
    return Schedule(**{**base.__dict__, **changes})


def test_the_core_never_imports_discord():
    code = "import sys, bot.core.schedule, bot.messages; sys.exit('discord' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=False).returncode == 0


def test_first_post_is_today_at_the_local_time():
    assert schedule.next_post(london(), at("2026-01-05 09:00"), TOTAL) == at("2026-01-05 18:00")


def test_the_local_time_is_converted_to_utc():
    kolkata = london(timezone="Asia/Kolkata")  # UTC+5:30, no DST
    assert schedule.next_post(kolkata, at("2026-01-05 09:00"), TOTAL) == at("2026-01-05 12:30")
    # 18:00 in Kolkata on the 5th has passed at 13:00 UTC, and nothing was posted: due now.
    assert schedule.is_due(kolkata, at("2026-01-05 13:00"), TOTAL)


def test_after_todays_post_the_next_is_tomorrow():
    state = schedule.after_post(london(), 1, date(2026, 1, 5), TOTAL)
    assert state.next_day == 2
    assert schedule.next_post(state, at("2026-01-05 18:00"), TOTAL) == at("2026-01-06 18:00")
    assert not schedule.is_due(state, at("2026-01-05 23:59"), TOTAL)


def test_a_time_missed_today_is_posted_once_at_once():
    state = london(last_posted_on=date(2026, 1, 4), next_day=2)
    now = at("2026-01-05 21:30")  # the bot was offline at 18:00
    assert schedule.next_post(state, now, TOTAL) == at("2026-01-05 18:00")
    assert schedule.is_due(state, now, TOTAL)
    posted = schedule.after_post(state, 2, schedule.local_date(now, state.timezone), TOTAL)
    assert not schedule.is_due(posted, now, TOTAL)


def test_days_missed_before_today_are_not_caught_up_in_a_burst():
    state = london(last_posted_on=date(2026, 1, 1), next_day=2)
    now = at("2026-01-05 09:00")  # offline for three posting times
    assert schedule.next_post(state, now, TOTAL) == at("2026-01-05 18:00")
    assert not schedule.is_due(state, now, TOTAL)


def test_times_before_setup_do_not_count():
    state = london(started=at("2026-01-05 19:00"))
    assert schedule.next_post(state, at("2026-01-05 19:00"), TOTAL) == at("2026-01-06 18:00")


def test_paused_and_stopped_schedules_post_nothing():
    assert schedule.next_post(schedule.pause(london()), at("2026-01-05 18:00"), TOTAL) is None
    assert schedule.next_post(london(started=None), at("2026-01-05 18:00"), TOTAL) is None


def test_resume_does_not_make_up_a_time_missed_while_paused():
    resumed = schedule.resume(schedule.pause(london()), at("2026-01-05 19:00"))
    assert not resumed.paused
    assert schedule.next_post(resumed, at("2026-01-05 19:00"), TOTAL) == at("2026-01-06 18:00")
    early = schedule.resume(schedule.pause(london()), at("2026-01-05 17:00"))
    assert schedule.next_post(early, at("2026-01-05 17:00"), TOTAL) == at("2026-01-05 18:00")


def test_failures_are_retried_apart_then_wait_for_the_next_day():
    state = london()
    failures = Failures(on=date(2026, 1, 5), count=1, last=at("2026-01-05 18:00"))
    assert schedule.next_post(
        state, at("2026-01-05 18:01"), TOTAL, failures=failures, retries=3, retry_every=timedelta(minutes=10)
    ) == at("2026-01-05 18:10")
    exhausted = Failures(on=date(2026, 1, 5), count=4, last=at("2026-01-05 18:30"))
    assert schedule.next_post(state, at("2026-01-05 18:31"), TOTAL, failures=exhausted, retries=3) == at(
        "2026-01-06 18:00"
    )
    yesterday = Failures(on=date(2026, 1, 4), count=9, last=at("2026-01-04 19:00"))
    assert schedule.next_post(state, at("2026-01-05 09:00"), TOTAL, failures=yesterday) == at("2026-01-05 18:00")


def test_after_the_last_reading_comes_the_closing_then_nothing():
    state = london(next_day=TOTAL)
    assert schedule.next_post_kind(state, TOTAL) is Post.READING
    state = schedule.after_post(state, TOTAL, date(2026, 1, 5), TOTAL)
    assert schedule.next_post_kind(state, TOTAL) is Post.CLOSING
    assert schedule.next_post(state, at("2026-01-05 20:00"), TOTAL) == at("2026-01-06 18:00")
    state = schedule.after_post(state, TOTAL + 1, date(2026, 1, 6), TOTAL)
    assert state.started is None
    assert schedule.next_post_kind(state, TOTAL) is None
    assert schedule.next_post(state, at("2026-01-07 20:00"), TOTAL) is None


def test_restart_begins_again_but_never_twice_in_a_day():
    finished = london(next_day=TOTAL + 2, started=None, last_posted_on=date(2026, 1, 6))
    state = schedule.restart(finished, at("2026-01-06 10:00"))
    assert (state.next_day, state.started) == (1, at("2026-01-06 10:00"))
    assert schedule.next_post(state, at("2026-01-06 10:00"), TOTAL) == at("2026-01-07 18:00")


def test_skip_and_goto():
    assert schedule.skip(london(next_day=3), TOTAL).next_day == 4
    assert schedule.skip(london(next_day=TOTAL + 1), TOTAL).next_day == TOTAL + 1
    stopped = london(started=None, next_day=TOTAL + 2)
    moved = schedule.goto(stopped, 5, at("2026-01-06 10:00"))
    assert (moved.next_day, moved.started) == (5, at("2026-01-06 10:00"))


# -- daylight saving -------------------------------------------------------------------------------
def new_york(hour: int, minute: int = 0) -> Schedule:
    return Schedule(time=time(hour, minute), timezone="America/New_York", started=at("2026-01-01 00:00"))


def test_new_york_spring_forward_keeps_the_wall_clock_time():
    state = new_york(18)
    # EST (UTC-5) before 8 March 2026, EDT (UTC-4) from then on.
    assert schedule.next_post(state, at("2026-03-07 12:00"), TOTAL) == at("2026-03-07 23:00")
    assert schedule.next_post(state, at("2026-03-08 12:00"), TOTAL) == at("2026-03-08 22:00")


def test_london_fall_back_keeps_the_wall_clock_time():
    state = london()
    # BST (UTC+1) until 25 October 2026, GMT after.
    assert schedule.next_post(state, at("2026-10-24 12:00"), TOTAL) == at("2026-10-24 17:00")
    assert schedule.next_post(state, at("2026-10-25 12:00"), TOTAL) == at("2026-10-25 18:00")


def test_a_time_in_the_spring_gap_is_posted_just_after_the_jump():
    state = new_york(2, 30)  # 02:30 does not exist on 8 March 2026 in New York
    when = schedule.next_post(state, at("2026-03-08 05:00"), TOTAL)
    assert when == at("2026-03-08 07:30")  # 03:30 EDT
    assert schedule.local_date(when, "America/New_York") == date(2026, 3, 8)
    # The day after is back to 02:30 local.
    after = schedule.after_post(state, 1, date(2026, 3, 8), TOTAL)
    assert schedule.next_post(after, when, TOTAL) == at("2026-03-09 06:30")


def test_a_time_that_happens_twice_is_posted_once_at_the_first():
    state = new_york(1, 30)  # 01:30 happens twice on 1 November 2026 in New York
    first = schedule.next_post(state, at("2026-11-01 04:00"), TOTAL)
    assert first == at("2026-11-01 05:30")  # 01:30 EDT
    after = schedule.after_post(state, 1, schedule.local_date(first, "America/New_York"), TOTAL)
    assert schedule.next_post(after, at("2026-11-01 06:30"), TOTAL) == at("2026-11-02 06:30")


# -- the command line ------------------------------------------------------------------------------
def test_preview_prints_the_post_as_it_will_appear():
    out = io.StringIO()
    assert main(["preview", "--day", "8"], stdout=out) == 0
    text = out.getvalue()
    assert text.startswith(f"Day 8 of {TOTAL}: Why Stalin won")
    assert "> **¶16** " in text
    assert "Discussion: " in text


def test_preview_of_a_day_that_does_not_exist_says_so(capsys):
    assert main(["preview", "--day", "99"], stdout=io.StringIO()) == 2
    assert "1 to" in capsys.readouterr().err


def test_preview_does_not_import_discord():
    code = "import sys; from bot.cli import main; main(['preview', '--day', '1']); sys.exit('discord' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "Day 1 of" in result.stdout


def test_the_console_today_follows_the_single_guilds_schedule(config):
    from bot.cli import _schedule_day
    from bot.storage import Storage

    assert _schedule_day(None, TOTAL)() == 1  # no state file to read
    storage = Storage(config.database)
    today = _schedule_day(storage, TOTAL)
    assert today() == 1  # no schedule yet
    storage.save_daily_setup(1, 10, "18:00", "Europe/London", True, None, at("2026-01-01 00:00"))
    storage.save_daily_progress(1, next_day=5, paused=False, last_posted_on=None, started=at("2026-01-01 00:00"))
    assert today() == 5
    storage.save_daily_progress(1, next_day=TOTAL + 1, paused=False, last_posted_on=None, started=None)
    assert today() == TOTAL  # finished: the last reading
    storage.save_daily_setup(2, 20, "09:00", "Asia/Kolkata", True, None, at("2026-01-01 00:00"))
    assert today() == 1  # several guilds: no single schedule to follow
    storage.close()


def test_the_closing_preview_lists_every_reading():
    from bot.cli import preview
    from bot.config import load_config
    from bot.core.knowledge import load_knowledge

    knowledge = load_knowledge(load_config().knowledge_dir)
    article = knowledge.article
    text = preview(knowledge, len(article.readings) + 1)
    assert text.startswith(messages.DAILY_CLOSING_TITLE)
    assert all(reading.title in text for reading in article.readings)


def test_a_change_of_time_keeps_todays_post_if_it_was_still_to_come():
    state = london()
    # 17:00, the post still to come at 18:00: moved to 16:00 it is due at once, counted today.
    moved = schedule.change(state, time(16, 0), "Europe/London", at("2026-01-01 17:00"), TOTAL)
    assert schedule.next_post(moved, at("2026-01-01 17:00"), TOTAL) == at("2026-01-01 16:00")
    # Moved to 20:00 it waits for 20:00.
    later = schedule.change(state, time(20, 0), "Europe/London", at("2026-01-01 17:00"), TOTAL)
    assert schedule.next_post(later, at("2026-01-01 17:00"), TOTAL) == at("2026-01-01 20:00")
    # Posted today already: nothing more today, whatever the new time.
    posted = london(last_posted_on=date(2026, 1, 1), next_day=2)
    moved = schedule.change(posted, time(16, 0), "Europe/London", at("2026-01-01 19:00"), TOTAL)
    assert schedule.next_post(moved, at("2026-01-01 19:00"), TOTAL) == at("2026-01-02 16:00")
    # Set up only this evening (the day's time had passed): no post is owed today.
    fresh = london(started=at("2026-01-01 19:00"))
    moved = schedule.change(fresh, time(16, 0), "Europe/London", at("2026-01-01 20:00"), TOTAL)
    assert schedule.next_post(moved, at("2026-01-01 20:00"), TOTAL) == at("2026-01-02 16:00")
    # Paused and finished schedules stay so.
    assert (
        schedule.next_post(
            schedule.change(london(paused=True), time(16, 0), "UTC", at("2026-01-01 17:00"), TOTAL),
            at("2026-01-01 17:00"),
            TOTAL,
        )
        is None
    )
    finished = schedule.change(
        london(started=None, next_day=TOTAL + 2), time(9, 0), "UTC", at("2026-01-01 17:00"), TOTAL
    )
    assert finished.started is None and finished.time == time(9, 0)


def test_an_unusual_gap_is_one_the_change_made():
    last = at("2026-01-01 18:00")
    assert schedule.unusual_gap(last, at("2026-01-02 18:00"), at("2026-01-03 02:00")) == timedelta(hours=32)
    assert schedule.unusual_gap(last, at("2026-01-02 18:00"), at("2026-01-01 23:00")) == timedelta(hours=5)
    assert schedule.unusual_gap(last, at("2026-01-02 18:00"), at("2026-01-02 19:00")) == timedelta(hours=25)
    assert schedule.unusual_gap(last, at("2026-01-02 18:00"), at("2026-01-02 08:00")) is None  # 14 hours
    assert schedule.unusual_gap(last, at("2026-01-03 18:00"), at("2026-01-03 19:00")) is None  # long already
    assert schedule.unusual_gap(None, None, at("2026-01-03 19:00")) is None  # nothing posted yet


def test_time_zones_are_canonical_iana_names():
    assert schedule.canonical_zone("Europe/London") == "Europe/London"
    assert schedule.canonical_zone(" america/new_york ") == "America/New_York"
    assert schedule.canonical_zone("UTC") == "UTC"
    for name in (
        "posixrules",
        "Factory",
        "localtime",
        "right/UTC",
        "posix/Europe/London",
        "Europe/../UTC",
        "Mars/Olympus",
        "ＵＴＣ",
    ):
        assert schedule.canonical_zone(name) is None, name
    assert "Europe/London" in schedule.zone_names() and "Factory" not in schedule.zone_names()
