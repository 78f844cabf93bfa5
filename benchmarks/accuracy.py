"""Score the answer engine against two simple baselines on the project's question sets, side by side.

Run from the project's root:  .venv/bin/python benchmarks/accuracy.py   (or benchmarks/run.py for all)

* **engine**: ``Engine.ask`` as the bot runs it on a mention or DM (an answer only for
  ``Outcome.ANSWER``; a two-part answer is judged on both entries' answers).
* **WRatio**: ``rapidfuzz.process.extractOne(question, every phrasing, scorer=fuzz.WRatio)`` with
  no processor (rapidfuzz normalises nothing then: case and punctuation count), answering the
  phrasing's entry when the score is at least the cut-off.
* **BM25**: a word-overlap ranker, one document per entry (its phrasings and keywords), words
  lower-cased and split on anything not a letter or digit, common English function words
  dropped; answering the best entry when its score, divided by the question's own best possible
  score, is at least the cut-off.

Each answer is judged as ``python -m bot eval`` judges the engine (``bot.evaluation.satisfied`` on
the answer's text): in-scope questions are right, declined or wrong; "outside" questions are right
when declined or answered with the background asked for; off-topic ones are right only when
declined.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from common import cases, question_files
from rapidfuzz import fuzz, process

from bot import messages
from bot.config import load_config
from bot.core.knowledge import Entry, Knowledge, load_knowledge
from bot.core.matcher import Engine
from bot.evaluation import satisfied

WRATIO_CUTOFFS = (85, 90, 95)  # WRatio gives a partial match 0.9 x its score: cut-offs 80 and 85 answer alike
WRATIO_CUTOFF = 85
BM25_CUTOFFS = (0.5, 0.6, 0.7)
BM25_CUTOFF = 0.6

_WORD = re.compile(r"[0-9a-z]+")
_FUNCTION_WORDS = frozenset(
    """
    a an the and or but of to in on at by for from with about as is are was were be been being
    do does did have has had it its this that these those what which who whom whose when where
    why how i you he she we they me him her us them my your his our their not no
    """.split()
)


class WRatioBaseline:
    """Answer with the entry of the closest phrasing by ``fuzz.WRatio``, unnormalised."""

    def __init__(self, knowledge: Knowledge, cutoff: float) -> None:
        self.cutoff = cutoff
        self.phrasings = [question for entry in knowledge.entries for question in entry.questions]
        self.entries = [entry for entry in knowledge.entries for _ in entry.questions]

    def __call__(self, question: str) -> Entry | None:
        found = process.extractOne(question, self.phrasings, scorer=fuzz.WRatio, score_cutoff=self.cutoff)
        return self.entries[found[2]] if found else None


def _words(text: str) -> list[str]:
    return [word for word in _WORD.findall(text.lower()) if word not in _FUNCTION_WORDS]


class BM25Baseline:
    """Rank entries by Okapi BM25 over their phrasings and keywords; answer above a relative cut-off."""

    def __init__(self, knowledge: Knowledge, cutoff: float, k1: float = 1.2, b: float = 0.75) -> None:
        self.cutoff, self.k1, self.b = cutoff, k1, b
        self.entries = list(knowledge.entries)
        self.documents = [Counter(_words(" ".join(entry.questions + entry.keywords))) for entry in self.entries]
        self.average = sum(sum(d.values()) for d in self.documents) / len(self.documents)
        frequency = Counter(word for document in self.documents for word in document)
        n = len(self.documents)
        self.idf = {word: math.log(1 + (n - df + 0.5) / (df + 0.5)) for word, df in frequency.items()}
        self.postings: dict[str, list[int]] = {}
        for index, document in enumerate(self.documents):
            for word in document:
                self.postings.setdefault(word, []).append(index)

    def score(self, words: list[str], document: Counter) -> float:
        length = sum(document.values())
        total = 0.0
        for word in words:
            tf = document.get(word, 0)
            if tf:
                total += (
                    self.idf[word] * tf * (self.k1 + 1) / (tf + self.k1 * (1 - self.b + self.b * length / self.average))
                )
        return total

    def __call__(self, question: str) -> Entry | None:
        words = _words(question)
        if not words:
            return None
        # The best a document could score for these words: each known word once, at full weight.
        ceiling = sum(self.idf.get(word, 0.0) for word in set(words)) * (self.k1 + 1) / (self.k1 + 1 - self.b)
        if not ceiling:
            return None
        # Only the documents holding a word of the question can score (an inverted index, as any
        # BM25 search engine keeps, so its time is comparable with the engine's).
        found = {index for word in set(words) for index in self.postings.get(word, ())}
        if not found:
            return None
        best = max(sorted(found), key=lambda index: self.score(words, self.documents[index]))
        return self.entries[best] if self.score(words, self.documents[best]) / ceiling >= self.cutoff else None


@dataclass
class Tally:
    """Right, declined and wrong per kind of question (in scope, outside the article, off topic)."""

    counts: dict[str, list[int]] = field(default_factory=lambda: {k: [0, 0, 0] for k in ("in", "outside", "off")})

    def add(self, kind: str, answer: Entry | tuple[Entry, ...] | None, case: dict) -> None:
        counts = self.counts[kind]
        answers = answer if isinstance(answer, tuple) else (answer,) if answer is not None else ()
        if not answers:
            counts[1] += 1
        elif kind != "off" and satisfied("\n\n".join(messages.answer_text(entry) for entry in answers), case):
            counts[0] += 1
        else:
            counts[2] += 1

    def cells(self) -> list[str]:
        right, declined, wrong = self.counts["in"]
        n = right + declined + wrong
        off = self.counts["off"]
        out = self.counts["outside"]
        answered = right + wrong + out[0] + out[2] + off[2]
        all_wrong = wrong + out[2] + off[2]
        return [
            f"{right}/{n} ({right / max(n, 1):.0%})",
            f"{declined}",
            f"{wrong}",
            f"{out[1] + out[0]}/{sum(out)}" if sum(out) else "-",
            f"{off[1]}/{sum(off)}",
            f"{all_wrong}/{answered} ({all_wrong / max(answered, 1):.0%})",
        ]


def answerers(knowledge: Knowledge, engine: Engine) -> dict[str, Callable[[str], Entry | tuple[Entry, ...] | None]]:
    """Return the engine and every baseline, by name, each mapping a question to an entry or None."""
    limit = engine.settings.max_message_length
    found: dict[str, Callable[[str], Entry | tuple[Entry, ...] | None]] = {
        "engine": lambda question: engine.ask(question, limit=limit).entries
    }
    for cutoff in WRATIO_CUTOFFS:
        mark = " (chosen)" if cutoff == WRATIO_CUTOFF else ""
        found[f"WRatio, cut-off {cutoff}{mark}"] = WRatioBaseline(knowledge, cutoff)
    for cutoff in BM25_CUTOFFS:
        mark = " (chosen)" if cutoff == BM25_CUTOFF else ""
        found[f"BM25, cut-off {cutoff}{mark}"] = BM25Baseline(knowledge, cutoff)
    return found


def measure() -> list[tuple[str, str, Tally]]:
    """Return ``(question set, answerer, tally)`` for every question set present and answerer."""
    config = load_config()
    knowledge = load_knowledge(config.knowledge_dir)
    engine = Engine(knowledge, config.matching)
    results = []
    for set_name, path in question_files().items():
        questions = cases(path)
        for name, answer in answerers(knowledge, engine).items():
            tally = Tally()
            for kind, case in questions:
                tally.add(kind, answer(case["q"]), case)
            results.append((set_name, name, tally))
    return results


def report(results: list[tuple[str, str, Tally]]) -> list[str]:
    """Return the tallies as lines of a markdown table."""
    lines = [
        "| question set | answerer | in-scope right | declined | wrong | outside: declined or right | off-topic declined | wrong of all answered |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for set_name, name, tally in results:
        lines.append(f"| `{set_name}` | {name} | " + " | ".join(tally.cells()) + " |")
    return lines


def main() -> None:
    """Print the accuracy table."""
    print("\n".join(report(measure())))


if __name__ == "__main__":
    main()
