"""Measure curation at scale, through the real bot on SimCord: the organisers' inbox with 10,000
unanswered questions, and an added phrasing and a reload at 10,000 and 50,000 entries.

Run from the project's root:  .venv/bin/python benchmarks/curation.py [--sizes 10000 50000]

Not part of benchmarks/run.py: the 50,000-entry base takes a few minutes to build and reload.
Each part runs in a fresh process (see :func:`measure`).

Everything is driven as an organiser acts, through SimCord (discord.py's own machinery against a
simulated Discord), and timed on the wall clock from the command (or click) to the bot's final
answer. While it runs, a watchdog thread posts a no-op to the bot's event loop every 5 ms and
times how long each waits to run, from when the watchdog meant to post it: the worst wait is the
longest the bot could not answer anyone (it includes the watchdog's own wake-up, so it is an upper
bound).

- The inbox: the shipped knowledge; 10,000 distinct questions as members type them (made-up
  entries' phrasings with a word dropped, two swapped, a typo or an unknown word) from 500
  members, seeded in one server with its bound raised to 10,000 (it is 2,000); ``/qa
  unanswered`` five times, "Next", and "Dismiss all…" then "Dismiss all 10000".
- At size N: the real qa.yaml grown with made-up entries to N (benchmarks/synthetic.py, written
  to a temporary folder); ``/qa add-phrasing`` of a question to an entry in the middle of the
  file, timed in its parts (the file written and checked by ``qa_edit.add_phrasing``, the new
  knowledge served by ``Library.serve``), and ``/qa reload`` after a hand edit of the file. The
  stall is watched through each command and the 40 members' questions that follow it (the old
  knowledge base is garbage collected at some later allocation, not inside the command).
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import Self

import discord
import simcord
from common import ROOT
from synthetic import qa_yaml, questions_for, synthetic_knowledge

from bot import create_bot
from bot.config import load_config
from bot.core import qa_edit
from bot.core import text as textmod
from bot.core.knowledge import load_knowledge
from bot.core.library import Library

ROWS = 10_000
SIZES = (10_000, 50_000)
TARGETS = {"inbox": 0.5, "add": 1.0, "reload": 2.0, "stall": 0.050}


class Watchdog:
    """Post a no-op to the event loop every few milliseconds; remember the longest wait to run one."""

    def __init__(self, loop: asyncio.AbstractEventLoop, every: float = 0.005) -> None:
        self.loop = loop
        self.every = every
        self.worst = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            # Timed from when the watchdog means to post, not from the post: a thread holding the GIL
            # (a long C call) keeps the watchdog from posting as much as the loop from running, and
            # timed from the post, a stall that began while the watchdog slept went unseen.
            due, ran = time.perf_counter() + self.every, threading.Event()
            time.sleep(self.every)
            self.loop.call_soon_threadsafe(ran.set)
            ran.wait(60)
            if self._stop.is_set():
                break  # the loop may be busy finishing the measurement: not a stall of the bot's
            self.worst = max(self.worst, time.perf_counter() - due)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        # Not joined: the thread may be waiting for the loop, which would be waiting here.
        self._stop.set()


async def timed(
    act: Callable[[], Awaitable[object]], after: Callable[[], Awaitable[object]] | None = None
) -> tuple[float, float, object]:
    """Run ``act``; return its wall time, the worst event-loop stall meanwhile, and its result.

    ``after``: what happens next, still watched for stalls (the garbage a rebuild leaves is
    collected at some later allocation, not necessarily inside the command).
    """
    with Watchdog(asyncio.get_running_loop()) as dog:
        start = time.perf_counter()
        result = await act()
        elapsed = time.perf_counter() - start
        if after is not None:
            await after()
    return elapsed, dog.worst, result


@dataclasses.dataclass
class Figure:
    """One measured operation."""

    what: str
    size: str
    seconds: float
    stall: float
    target: float | None = None
    note: str = ""


async def _world(env, bot):
    guild = env.create_guild("Host")
    channel = guild.create_text_channel("general")
    role = guild.create_role("Organiser", permissions=discord.Permissions(manage_guild=True))
    admin = guild.add_member(env.create_user("ada"), roles=[role])
    bot.config = dataclasses.replace(bot.config, curation_guilds=(guild.id,))
    return guild, channel, admin


def members_asking(env, guild, channel, count: int = 40):
    """Return a coroutine function: ``count`` questions from members, a minute of simulated time apart."""
    members = [guild.add_member(env.create_user(f"member{n}")) for n in range(4)]
    questions = ["why did stalin win", "who was trotsky", "what is socialism in one country", "alma ata"]

    async def ask() -> None:
        for number in range(count):
            await members[number % 4].slash(channel, "ask", question=questions[number % 4])
            await env.advance_time(15)

    return ask


def member_questions(count: int) -> list[str]:
    """Return ``count`` distinct questions as members type them."""
    base = synthetic_knowledge(load_knowledge(ROOT / "knowledge"), 2_000)
    found: dict[str, str] = {}
    seed = 11
    while len(found) < count:
        for question in questions_for(base, count, seed=seed):
            found.setdefault(textmod.fold(question), question)
        seed += 1
    return list(found.values())[:count]


async def inbox(folder: Path) -> list[Figure]:
    """Time /qa unanswered, a page turn and a bulk dismissal with ROWS open questions."""
    config = dataclasses.replace(load_config(), database=folder / "inbox.sqlite3", reload_poll_seconds=0)
    bot = create_bot(config, freeze=True)  # as python -m bot runs it
    rng = random.Random(5)
    figures = []
    async with simcord.run(bot, shard_count=1, settle_timeout=900) as env:
        guild, channel, admin = await _world(env, bot)
        now = env.now()
        for number, question in enumerate(member_questions(ROWS)):
            bot.storage.record_unanswered(
                guild.id,
                textmod.fold(question),
                question,
                now - timedelta(seconds=number),
                "decline",
                None,
                asker_id=rng.randrange(500),
                limit=ROWS,
            )
        runs = []
        for _ in range(5):
            runs.append(await timed(lambda: admin.slash(channel, "qa unanswered")))
        listing = runs[-1][2]
        groups = listing.response.content.split(" of ", 1)[1].split("**")[0]
        figures.append(
            Figure(
                "`/qa unanswered` (median of 5)",
                f"{ROWS:,} questions ({groups} after grouping)",
                statistics.median(r[0] for r in runs),
                max(r[1] for r in runs),
                TARGETS["inbox"],
            )
        )
        seconds, stall, _ = await timed(lambda: admin.click(listing.response, label="Next"))
        figures.append(Figure('"Next" (the next question and its entries)', f"{ROWS:,} questions", seconds, stall))
        confirm = await admin.click(listing.response, label="Dismiss all…")
        label = next(
            c["label"] for row in confirm.response.components for c in row["components"] if "all" in c["label"]
        )
        seconds, stall, _ = await timed(lambda: admin.click(confirm.response, label=label))
        figures.append(Figure(f'"{label}" (one transaction)', f"{ROWS:,} questions", seconds, stall))
    bot.storage.close()
    return figures


def knowledge_of(size: int, folder: Path) -> Path:
    """Write the real knowledge grown to ``size`` entries into ``folder``; return it."""
    target = folder / f"knowledge-{size}"
    shutil.copytree(ROOT / "knowledge", target)
    grown = synthetic_knowledge(load_knowledge(ROOT / "knowledge"), size)
    (target / "qa.yaml").write_text(qa_yaml((ROOT / "knowledge" / "qa.yaml").read_text(encoding="utf-8"), grown))
    return target


async def at_size(size: int, folder: Path) -> list[Figure]:
    """Time an added phrasing and a reload on a ``size``-entry base."""
    knowledge = knowledge_of(size, folder)
    megabytes = (knowledge / "qa.yaml").stat().st_size / 1e6
    config = dataclasses.replace(
        load_config(), database=folder / f"state-{size}.sqlite3", knowledge_dir=knowledge, reload_poll_seconds=0
    )
    start = time.perf_counter()
    bot = create_bot(config, freeze=True)  # as python -m bot runs it
    built = time.perf_counter() - start
    parts: dict[str, float] = {}

    def timing(name: str, function):
        def wrapper(*args, **kwargs):
            began = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                parts[name] = time.perf_counter() - began

        return wrapper

    real_add, real_serve = qa_edit.add_phrasing, Library.serve
    qa_edit.add_phrasing = timing("write", real_add)
    Library.serve = timing("serve", real_serve)  # type: ignore[method-assign]
    figures = [Figure("start: load and index", f"{size:,} entries, qa.yaml {megabytes:.0f} MB", built, 0.0)]
    try:
        async with simcord.run(bot, shard_count=1, settle_timeout=900) as env:
            guild, channel, admin = await _world(env, bot)
            asking = members_asking(env, guild, channel)
            entry = f"synthetic-{size // 2}"
            seconds, stall, done = await timed(
                lambda: admin.slash(
                    channel, "qa add-phrasing", question="what do the made-up words here mean", entry=entry
                ),
                asking,
            )
            assert "Added" in done.response.content, done.response.content
            figures.append(
                Figure(
                    "`/qa add-phrasing`: qa.yaml written and checked",
                    f"{size:,} entries",
                    parts["write"],
                    stall,
                    TARGETS["add"],
                )
            )
            figures.append(
                Figure("… and the new knowledge served (engine rebuilt)", f"{size:,} entries", parts["serve"], stall)
            )
            figures.append(Figure("… the whole command, as the organiser waits", f"{size:,} entries", seconds, stall))
            path = knowledge / "qa.yaml"
            path.write_text(
                path.read_text(encoding="utf-8").replace(
                    "      - who is the author\n", "      - who is the author\n      - who wrote the piece\n", 1
                ),
                encoding="utf-8",
            )
            seconds, stall, done = await timed(lambda: admin.slash(channel, "qa reload"), asking)
            assert "1 changed" in done.response.content, done.response.content
            figures.append(
                Figure("`/qa reload` after a hand edit", f"{size:,} entries", seconds, stall, TARGETS["reload"])
            )
    finally:
        qa_edit.add_phrasing, Library.serve = real_add, real_serve  # type: ignore[method-assign]
        bot.storage.close()
    return figures


def report(figures: list[Figure]) -> list[str]:
    """Return the figures as a markdown table."""
    lines = [
        "| operation | size | wall time | worst event-loop stall | target |",
        "| --- | --- | --- | --- | --- |",
    ]
    for figure in figures:
        target = f"under {figure.target:g} s" if figure.target else ""
        stall = f"{figure.stall * 1000:.0f} ms" if figure.stall else ""
        lines.append(f"| {figure.what} | {figure.size} | {figure.seconds:.2f} s | {stall} | {target} |")
    return lines


async def measure_part(part: str) -> list[Figure]:
    """Run one part: "inbox", or a knowledge base size."""
    with tempfile.TemporaryDirectory(prefix="curation-bench-") as scratch:
        folder = Path(scratch)
        return await inbox(folder) if part == "inbox" else await at_size(int(part), folder)


def measure(sizes: tuple[int, ...] = SIZES) -> list[Figure]:
    """Run the inbox benchmark and the add/reload one at each size, each in a fresh process.

    A fresh process each: a bot stopped in the same process leaves its heap behind, and the
    garbage collector's walks of it would be counted as the next bot's stalls.
    """
    figures = []
    for part in ("inbox", *map(str, sizes)):
        done = subprocess.run(
            [sys.executable, __file__, "--part", part], capture_output=True, text=True, check=True, cwd=ROOT
        )
        figures += [Figure(**item) for item in json.loads(done.stdout.splitlines()[-1])]
    return figures


def main() -> None:
    """Measure and print the table for README's "Measured"."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=list(SIZES))
    parser.add_argument("--part", help=argparse.SUPPRESS)  # one part, in its own process, as JSON
    arguments = parser.parse_args()
    if arguments.part:
        figures = asyncio.run(measure_part(arguments.part))
        print(json.dumps([dataclasses.asdict(figure) for figure in figures]))
        return
    print("\n".join(report(measure(tuple(arguments.sizes)))))


if __name__ == "__main__":
    main()
