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
    "../shared/eval/questions.yaml": ROOT.parent / "shared" / "eval" / "questions.yaml",
}


def question_files() -> dict[str, Path]:
    """Return the question sets present on this machine, by the name the README uses."""
    return {name: path for name, path in QUESTION_FILES.items() if path.exists()}


def all_questions() -> list[str]:
    """Return every question of every question set present."""
    return [case["q"] for path in question_files().values() for _, case in cases(path)]


def percentile(values: list[float], share: float) -> float:
    """Return the ``share`` percentile of ``values`` (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]
