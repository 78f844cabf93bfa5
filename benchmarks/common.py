"""What the benchmarks share: the project's paths, the question sets and percentiles."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.evaluation import cases  # once the project's root is on the path

__all__ = ["QUESTION_FILES", "ROOT", "all_questions", "cases", "percentile", "question_files"]

QUESTION_FILES = {
    "tests/questions.yaml": ROOT / "tests" / "questions.yaml",
    "tests/questions-2.yaml": ROOT / "tests" / "questions-2.yaml",
    "tests/questions-voices.yaml": ROOT / "tests" / "questions-voices.yaml",
    "tests/questions-voices-2.yaml": ROOT / "tests" / "questions-voices-2.yaml",
    "tests/questions-voices-3.yaml": ROOT / "tests" / "questions-voices-3.yaml",
    "tests/questions-voices-4.yaml": ROOT / "tests" / "questions-voices-4.yaml",
    "tests/questions-voices-5.yaml": ROOT / "tests" / "questions-voices-5.yaml",
    "../shared/eval/questions.yaml": ROOT.parent / "shared" / "eval" / "questions.yaml",
    "../shared/eval/questions-chat.yaml": ROOT.parent / "shared" / "eval" / "questions-chat.yaml",
}


def question_files() -> dict[str, Path]:
    """Return the question sets present on this machine, by the name the README uses."""
    return {name: path for name, path in QUESTION_FILES.items() if path.exists()}


def all_questions() -> list[str]:
    """Return every question of every question set present."""
    return [case["q"] for path in question_files().values() for _, case in cases(path)]


def long_messages(count: int = 60, seed: int = 3) -> list[str]:
    """Return messages of 500 to 2,000 characters, as a chatty member writes by mention or DM.

    Each strings together a greeting, some background and several of the question sets' questions
    (the engine answers from the sentences that ask), up to Discord's 2,000 characters.
    """
    import random

    rng = random.Random(seed)
    questions = all_questions()
    openers = ["Hi everyone, sorry if this is a basic question.", "Hello all! I only joined this week.", "hey"]
    found = []
    for _ in range(count):
        target = rng.randint(500, 2000)
        text = rng.choice(openers)
        while True:
            more = f" {rng.choice(questions)}"
            if len(text) + len(more) > target:
                break
            text += more
        found.append(text)
    return found


def percentile(values: list[float], share: float) -> float:
    """Return the ``share`` percentile of ``values`` (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]
