"""Print how the follow-up rule does on the pairs in tests/followups*.yaml (or the files given).

    .venv/bin/python tools/followup_pairs.py [FILE ...] [-v]

Right with context, wrong because of context (must be 0), new topics taken as follow-ups (must
be 0); ``-v`` lists the misses.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.config import load_config
from bot.core.library import Library
from bot.errors import SourceError
from bot.evaluation import evaluate_followups


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, help="follow-up pair files (default: tests/followups*.yaml)")
    parser.add_argument("-v", "--verbose", action="store_true", help="list the misses")
    args = parser.parse_args(argv)
    verbose = args.verbose
    files = args.files or [
        ROOT / "tests" / "followups.yaml",
        ROOT / "tests" / "followups-2.yaml",
    ]
    config = load_config()
    engine = Library(config.knowledge_dir, config.matching).engine
    failed = False
    for path in files:
        try:
            score = evaluate_followups(engine, path)
        except SourceError as error:  # a missing or broken file: say which, no traceback
            print(f"error: {error}", file=sys.stderr)
            return 2
        print(f"{path.name}: {score.summary()}")
        if verbose:
            for miss in score.misses:
                print(f"  {miss}")
        failed = failed or bool(score.wrong_because_of_context or score.taken_as_followups)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
