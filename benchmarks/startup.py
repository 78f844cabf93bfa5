"""Measure cold start and peak memory of ``python -m bot ask`` and of building the Discord bot.

Run from the project's root:  .venv/bin/python benchmarks/startup.py   (or benchmarks/run.py for all)

Each is a fresh Python process, run several times; the figures are medians. Wall time is the
whole process, interpreter start included, as a person at a terminal waits for it. Peak memory is
the process's peak resident set size, ``VmHWM`` in ``/proc/self/status`` read as it exits (not
``ru_maxrss``: Linux carries that across ``exec`` from the benchmark's own, larger, process). For
``python -m bot ask`` it comes from separate runs of the same command through ``runpy`` with an
exit hook that reads it, so the timed runs are the plain command. ``create_bot()`` is timed
inside its process too: importing ``bot.app`` (discord.py with it) and building the bot with the
knowledge loaded and indexed and the state file opened (a new one in a temporary folder); it does
not connect to Discord.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass

from common import ROOT

RUNS = 7
_PEAK = """
import atexit, sys

def _peak():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                print("PEAK_KB", line.split()[1], file=sys.stderr)

atexit.register(_peak)
"""
_CLI = (
    _PEAK
    + """
import runpy
sys.argv = ["bot", "ask", "--json", "alma ata"]
runpy.run_module("bot", run_name="__main__", alter_sys=True)
"""
)
_CREATE_BOT = (
    _PEAK
    + """
import json, time
start = time.perf_counter()
import bot.app
imported = time.perf_counter()
created = bot.app.create_bot()
built = time.perf_counter()
assert created.library.knowledge.entries
print(json.dumps({"import_ms": (imported - start) * 1000, "build_ms": (built - imported) * 1000}))
"""
)


@dataclass
class Start:
    """One kind of start: median wall time, peak memory and what was timed inside the process."""

    what: str
    wall_ms: float
    peak_mb: float
    inside: dict[str, float]


def _run(args: list[str], env: dict[str, str]) -> tuple[float, float | None, str]:
    start = time.perf_counter()
    done = subprocess.run(
        args, check=False, cwd=ROOT, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL
    )
    wall = time.perf_counter() - start
    if done.returncode:
        raise RuntimeError(f"{' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    peaks = [int(line.split()[1]) for line in done.stderr.splitlines() if line.startswith("PEAK_KB ")]
    return wall * 1000, (peaks[0] / 1024 if peaks else None), done.stdout


def measure(runs: int = RUNS) -> list[Start]:
    """Start ``python -m bot ask`` and ``create_bot()`` ``runs`` times each; return the medians."""
    results = []
    with tempfile.TemporaryDirectory() as folder:
        env = dict(os.environ, BOT_DATABASE=os.path.join(folder, "state.sqlite3"))
        env.pop("DISCORD_TOKEN", None)
        for what, args, measured in (
            (
                '`python -m bot ask --json "alma ata"`',
                [sys.executable, "-m", "bot", "ask", "--json", "alma ata"],
                [sys.executable, "-c", _CLI],
            ),
            ("`create_bot()` with the knowledge loaded", [sys.executable, "-c", _CREATE_BOT], None),
        ):
            _run(args, env)  # warm the file cache and the bytecode
            walls, peaks, inside = [], [], []
            for _ in range(runs):
                wall, peak, output = _run(args, env)
                walls.append(wall)
                if measured:
                    peak = _run(measured, env)[1]
                peaks.append(peak)
                inside += [json.loads(line) for line in output.splitlines() if line.startswith('{"import_ms"')]
            medians = {key: statistics.median(row[key] for row in inside) for key in (inside[0] if inside else {})}
            known = [peak for peak in peaks if peak is not None]
            results.append(Start(what, statistics.median(walls), statistics.median(known) if known else 0.0, medians))
    return results


def report(results: list[Start]) -> list[str]:
    """Return the starts as lines of a markdown table."""
    lines = [
        "| start (fresh process) | wall time, median | peak memory (RSS) | inside the process |",
        "| --- | --- | --- | --- |",
    ]
    for start in results:
        inside = ", ".join(f"{key.removesuffix('_ms')} {value:.0f} ms" for key, value in start.inside.items())
        lines.append(f"| {start.what} | {start.wall_ms:.0f} ms | {start.peak_mb:.0f} MB | {inside} |")
    return lines


def main() -> None:
    """Print the cold-start table."""
    print("\n".join(report(measure())))


if __name__ == "__main__":
    main()
