"""Measure how long the answer engine takes per question, in process, and how that grows with size.

Run from the project's root:  .venv/bin/python benchmarks/latency.py   (or benchmarks/run.py for all)

On the shipped knowledge every question of every question set (the article's phrasing and
members' voices) is asked once to warm the caches (the spelling corrector's, reported apart as
"first round") and then five more times; BM25 (benchmarks/accuracy.py, over an inverted index)
answers the same questions in the same run; and 60 long messages (500-2,000 characters, several
questions with a greeting, as a mention or a DM may be) are read as the bot reads a mention. On the
synthetic bases (benchmarks/synthetic.py: the real article and entries grown with made-up ones to
1,000 and 10,000 entries) the same real questions are asked, and 300 questions typed from the
made-up entries' phrasings with the changes members make (a word dropped, two swapped, a typo, an
unknown word), each asked twice after a warm-up round, and BM25 beside it. Autocomplete (``Engine.complete``) is timed
on the first 12 characters of each question (of a sample of 100 on the synthetic bases).
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass

from accuracy import BM25_CUTOFF, BM25Baseline
from common import all_questions, long_messages, percentile
from synthetic import questions_for, synthetic_knowledge

from bot.config import load_config
from bot.core.knowledge import Knowledge, load_knowledge
from bot.core.matcher import Engine

SIZES = (1_000, 10_000)
# Issue 11's targets: median and p99 on the shipped knowledge, median at 10,000 entries.
TARGETS_MS = {"shipped": (0.5, 3.0), 10_000: (5.0, None)}


@dataclass
class Timing:
    """Latency of one kind of call on one knowledge base, in milliseconds."""

    base: str
    entries: int
    phrasings: int
    questions: str
    calls: int
    median: float
    p99: float
    build_ms: float = 0.0


def _time_calls(call, inputs: list[str], rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        for text in inputs:
            start = time.perf_counter()
            call(text)
            times.append((time.perf_counter() - start) * 1000)
    return times


def _timing(base: str, knowledge: Knowledge, what: str, times: list[float], build_ms: float = 0.0) -> Timing:
    return Timing(
        base,
        len(knowledge.entries),
        sum(len(e.questions) for e in knowledge.entries),
        what,
        len(times),
        statistics.median(times),
        percentile(times, 0.99),
        build_ms,
    )


def measure() -> list[Timing]:
    """Time ``Engine.ask`` and ``Engine.complete`` on the shipped base and the synthetic ones."""
    config = load_config()
    start = time.perf_counter()
    shipped = load_knowledge(config.knowledge_dir)
    loaded = time.perf_counter()
    engine = Engine(shipped, config.matching)
    built = time.perf_counter()
    real = all_questions()
    results = [
        Timing("shipped", len(shipped.entries), 0, "load and validate the YAML", 1, (loaded - start) * 1000, 0.0),
    ]
    first = _time_calls(engine.ask, real, 1)
    results.append(_timing("shipped", shipped, "real, first round", first, (built - loaded) * 1000))
    results.append(_timing("shipped", shipped, "real", _time_calls(engine.ask, real, 5)))
    bm25 = BM25Baseline(shipped, BM25_CUTOFF)
    _time_calls(bm25, real, 1)
    results.append(_timing("shipped", shipped, "real, BM25", _time_calls(bm25, real, 5)))
    limit = engine.settings.max_message_length
    long = long_messages()
    _time_calls(lambda text: engine.ask(text, limit=limit), long, 1)
    results.append(
        _timing("shipped", shipped, "long messages (500-2,000 characters)",
                _time_calls(lambda text: engine.ask(text, limit=limit), long, 5))
    )  # fmt: skip
    typed = [question[:12] for question in real]
    _time_calls(engine.complete, typed, 1)
    results.append(_timing("shipped", shipped, "autocomplete", _time_calls(engine.complete, typed, 3)))

    for size in SIZES:
        knowledge = synthetic_knowledge(shipped, size)
        start = time.perf_counter()
        engine = Engine(knowledge, config.matching)
        build_ms = (time.perf_counter() - start) * 1000
        made_up = questions_for(knowledge, 300)
        _time_calls(engine.ask, real + made_up, 1)
        name = f"synthetic {size:,}"
        results.append(_timing(name, knowledge, "real", _time_calls(engine.ask, real, 2), build_ms))
        bm25 = BM25Baseline(knowledge, BM25_CUTOFF)
        _time_calls(bm25, real[:20], 1)
        results.append(_timing(name, knowledge, "real, BM25", _time_calls(bm25, real, 2)))
        results.append(_timing(name, knowledge, "member-typed made-up", _time_calls(engine.ask, made_up, 2)))
        results.append(_timing(name, knowledge, "member-typed made-up, BM25", _time_calls(bm25, made_up, 2)))
        # Autocomplete scans every phrasing (about 0.1 s at 10,000 entries): a sample keeps the run short.
        typed = [question[:12] for question in real[::4] + made_up[::6]]
        _time_calls(engine.complete, typed[:10], 1)
        results.append(_timing(name, knowledge, "autocomplete", _time_calls(engine.complete, typed, 1)))
    return results


def report(results: list[Timing]) -> list[str]:
    """Return the timings as lines of a markdown table."""
    lines = [
        "| knowledge base | entries / phrasings | questions | calls | median | p99 | index build |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for t in results:
        if t.calls == 1 and not t.p99:
            lines.append(f"| {t.base} | {t.entries} | {t.questions} | 1 | {t.median:.1f} ms | | |")
            continue
        build = f"{t.build_ms:,.0f} ms" if t.build_ms else ""
        lines.append(
            f"| {t.base} | {t.entries:,} / {t.phrasings:,} | {t.questions} | {t.calls:,} "
            f"| {t.median:.3f} ms | {t.p99:.2f} ms | {build} |"
        )
    return lines


def verdict(results: list[Timing]) -> list[str]:
    """Return one line per latency target: met or missed."""
    lines = []
    for t in results:
        if t.questions not in ("real", "member-typed made-up"):
            continue
        median, p99 = TARGETS_MS["shipped"] if t.base == "shipped" else TARGETS_MS.get(t.entries, (None, None))
        if median is not None:
            state = "met" if t.median <= median else "MISSED"
            lines.append(f"target median <= {median:g} ms on {t.base} ({t.questions}): {t.median:.3f} ms, {state}")
        if p99 is not None:
            state = "met" if t.p99 <= p99 else "MISSED"
            lines.append(f"target p99 <= {p99:g} ms on {t.base} ({t.questions}): {t.p99:.2f} ms, {state}")
    return lines


def main() -> None:
    """Print the latency table."""
    results = measure()
    print("\n".join(report(results) + [""] + verdict(results)))


if __name__ == "__main__":
    main()
