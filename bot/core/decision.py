"""The fitted part of the answer engine: three small linear models and the thresholds between outcomes.

* ``rank`` orders the entries that share words with a question (a linear score over overlap
  features; fitted so that an entry whose answer is right comes first);
* ``answer`` gives the probability that the top entry's answer is right (logistic; fitted on
  labelled questions, off-topic ones counting as "not right");
* ``topic`` gives the probability that a question is about the article at all (logistic; off-topic
  questions against the rest), which gates "did you mean" buttons and quoted passages.

The weights live in ``engine_model.json`` beside this module, written by ``tools/fit_engine.py``
from the labelled question sets; nothing here needs numpy. Feature names are stored with their
weights, so a feature the engine no longer computes counts as 0 rather than shifting the others.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from itertools import repeat
from operator import mul
from pathlib import Path

MODEL_FILE = Path(__file__).with_name("engine_model.json")


@dataclass(frozen=True)
class Linear:
    """A weighted sum of named features, plus a bias."""

    features: tuple[str, ...]
    weights: tuple[float, ...]
    bias: float = 0.0

    def score(self, values: Mapping[str, float]) -> float:
        """Return the weighted sum for ``values`` (missing features count as 0)."""
        # map() keeps the loop in C: this runs for several entries on every question.
        return self.bias + sum(map(mul, self.weights, map(values.get, self.features, repeat(0.0))))

    def probability(self, values: Mapping[str, float]) -> float:
        """Return the logistic of the score: a probability from 0 to 1."""
        return sigmoid(self.score(values))


@dataclass(frozen=True)
class Model:
    """Everything the fit decides: the three linear models and the thresholds between outcomes."""

    rank: Linear
    answer: Linear
    topic: Linear
    answer_threshold: float = 0.6  # P(right) needed to answer
    # P(right) needed to answer a question that names a paragraph, from an entry citing it: the
    # member has said where to look, so an entry drawn from there is seldom the wrong one (None:
    # the answer threshold).
    named_threshold: float | None = None
    # P(right) needed when the top entry's ranking score leads the runner-up's by at least
    # ``lead_margin``: a clear first in a long or chatty message often scores low only because
    # much of the message is not the question (None: the answer threshold).
    lead_threshold: float | None = None
    lead_margin: float = 0.0
    suggest_threshold: float = 0.2  # P(right) an entry needs to be offered as "did you mean"
    topic_threshold: float = 0.5  # P(about the article) needed for any suggestion or passage
    passage_coverage: float = 0.5  # share of the question's words a paragraph must hold to be quoted
    context_weight: float = 0.5  # how much the sentences around a question count, beside the question
    figures: dict = field(default_factory=dict, compare=False)  # cross-validated figures, for the record

    def to_json(self) -> str:
        """Return the model as the JSON the fit script writes."""
        return json.dumps(asdict(self), indent=2) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Model:
        """Read a model from the JSON the fit script writes."""
        data = json.loads(text)
        linear = {
            key: Linear(tuple(data[key]["features"]), tuple(data[key]["weights"]), data[key].get("bias", 0.0))
            for key in ("rank", "answer", "topic")
        }
        rest = {key: value for key, value in data.items() if key not in linear}
        return cls(**linear, **rest)


def sigmoid(x: float) -> float:
    """Return the logistic function of ``x``, safe for large values."""
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


@lru_cache(maxsize=4)
def load_model(path: Path = MODEL_FILE) -> Model:
    """Load the fitted model shipped with the engine (read once per process)."""
    return Model.from_json(Path(path).read_text(encoding="utf-8"))
