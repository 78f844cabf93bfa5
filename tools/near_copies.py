#!/usr/bin/env python3
"""List phrasings and test questions that nearly copy an evaluation question.

The knowledge and the project's question sets must grow from the article and from phrasings
written for them, never from the questions the engine is judged on: a near copy makes the judged
figures say more than the engine knows. Run from the project's root, naming the evaluation sets:

    .venv/bin/python tools/near_copies.py ../shared/eval/questions.yaml ../shared/eval/questions-chat.yaml

It compares every phrasing and keyword in ``knowledge/qa.yaml`` and every question in
``tests/questions*.yaml`` with every question of the sets named (rapidfuzz ``ratio`` after
``default_process``), prints each pair at or above ``--cutoff`` (88 unless told), and exits 1
when it found any.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path

import yaml
from rapidfuzz import fuzz, utils

ROOT = Path(__file__).resolve().parent.parent


def set_questions(path: Path) -> Iterator[str]:
    """Yield every question of a question set (in scope, outside, off-topic, social...)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    for cases in data.values():
        if isinstance(cases, list):
            for case in cases:
                yield case["q"] if isinstance(case, dict) else str(case)


def ours() -> Iterator[tuple[str, str]]:
    """Yield (where, text) for every phrasing, keyword and project test question."""
    qa = yaml.safe_load((ROOT / "knowledge" / "qa.yaml").read_text(encoding="utf-8"))
    for entry in qa["entries"]:
        for text in entry["questions"] + entry.get("keywords", []):
            yield f"qa.yaml {entry['id']}", str(text)
    for path in sorted((ROOT / "tests").glob("questions*.yaml")):
        for question in set_questions(path):
            yield f"tests/{path.name}", question


def main() -> int:
    """Print the near copies; 1 if there are any."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="+", type=Path, help="evaluation question sets (YAML)")
    parser.add_argument("--cutoff", type=float, default=88.0)
    args = parser.parse_args()
    judged = [(q, utils.default_process(q)) for path in args.sets for q in set_questions(path)]
    found = 0
    for where, text in ours():
        processed = utils.default_process(text)
        for question, other in judged:
            score = fuzz.ratio(processed, other)
            if score >= args.cutoff:
                found += 1
                print(f"{score:.0f}\t{where}\t{text!r}\t<- {question!r}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
