"""Measure how long the answer engine takes per question, in process, on the shipped knowledge.

Run from the project's root:  .venv/bin/python benchmarks/answer_latency.py
Prints the median and 99th percentile over every question of both question sets, each asked
several times (the first round warms rapidfuzz's and the spelling corrector's caches and is
reported apart), the time to load and index the knowledge, and the cold start of the CLI.
"""

from __future__ import annotations

import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.config import load_config  # noqa: E402
from bot.core.knowledge import load_knowledge  # noqa: E402
from bot.core.matcher import Engine  # noqa: E402


def questions() -> list[str]:
    found = []
    for path in (ROOT / "tests" / "questions.yaml", ROOT.parent / "shared" / "eval" / "questions.yaml"):
        if path.exists():
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            found += [c["q"] for c in data.get("in_scope", []) + data.get("outside", [])]
            found += list(data.get("off_topic", []))
    return found


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main() -> None:
    config = load_config()
    start = time.perf_counter()
    knowledge = load_knowledge(config.knowledge_dir)
    loaded = time.perf_counter()
    engine = Engine(knowledge, config.matching)
    indexed = time.perf_counter()
    asked = questions()

    first = []
    for question in asked:
        t0 = time.perf_counter()
        engine.ask(question)
        first.append(time.perf_counter() - t0)
    warm = []
    for _ in range(5):
        for question in asked:
            t0 = time.perf_counter()
            engine.ask(question)
            warm.append(time.perf_counter() - t0)

    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "bot", "ask", "--json", "alma ata"], cwd=ROOT, capture_output=True, check=True)
    cold = time.perf_counter() - t0

    print(f"machine: {platform.processor() or platform.machine()}, Python {platform.python_version()}")
    print(f"knowledge: {len(knowledge.entries)} entries, {sum(len(e.questions) for e in knowledge.entries)} phrasings")
    print(f"load YAML + validate: {(loaded - start) * 1000:.1f} ms; build index: {(indexed - loaded) * 1000:.1f} ms")
    print(f"questions: {len(asked)}; first round median {statistics.median(first) * 1e3:.3f} ms, "
          f"p99 {percentile(first, 0.99) * 1e3:.3f} ms")
    print(f"warm ({len(warm)} answers): median {statistics.median(warm) * 1e3:.3f} ms, "
          f"p99 {percentile(warm, 0.99) * 1e3:.3f} ms")
    print(f"cold start of `python -m bot ask --json` (one question, whole process): {cold * 1000:.0f} ms")


if __name__ == "__main__":
    main()
