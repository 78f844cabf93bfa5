#!/usr/bin/env python3
"""Fit the answer engine's models on the labelled question sets; write ``bot/core/engine_model.json``.

Run from the project's root (about a minute; pure Python, no numpy):

    .venv/bin/python tools/fit_engine.py            # fit, cross-validate, write the model, print figures
    .venv/bin/python tools/fit_engine.py --dry-run  # the same without writing

What it fits (see ``bot/core/decision.py``):

1. ``rank``: a linear score over each candidate entry's overlap features, fitted by softmax
   cross-entropy so that entries whose answer is right (it holds the case's strings, as the scorer
   checks) come first;
2. ``answer``: logistic regression, P(this entry's answer is right), on the top three candidates
   of every in-scope, outside and off-topic question (off-topic ones are never right);
3. ``topic``: logistic regression, P(the question is about the article): off-topic against the rest;
4. the thresholds between outcomes, chosen on out-of-fold predictions: the lowest answer threshold
   whose wrong answers stay at most 2.5% of answers, then per kind of question (a paragraph named
   and the entry citing it; a clear first by its ranking lead) the lowest that adds right answers
   and no wrong one, the suggestion threshold that offers the most
   while keeping off-topic questions clean, and the topic and paragraph cut-offs for passages.

Cross-validation leaves one question set out at a time: each set is answered by the whole engine
(``Engine.ask``, two-part questions and all) with models fitted on the other sets only, and scored
as ``../shared/tools/score_answers.py`` scores. Those figures, and the in-sample ones, are printed
and stored in the model file under ``figures``.

The labelled sets are the project's own (``tests/questions*.yaml``) and the shared development sets
(``../shared/eval/*.yaml``, skipped with a note when absent). Deterministic: the same sets and
knowledge give the same model.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.core.decision import MODEL_FILE, Linear, Model, sigmoid
from bot.core.knowledge import load_knowledge
from bot.core.matcher import _JUDGED as JUDGED
from bot.core.matcher import RANK_FEATURES, Engine, MatchSettings, Outcome, decision_values
from bot.evaluation import satisfied

SETS = [
    ROOT / "tests" / "questions-voices.yaml",
    ROOT / "tests" / "questions-voices-2.yaml",
    ROOT / "tests" / "questions-voices-3.yaml",
    # Sets D to L (questions-voices-4 to -12), written blind, are held out: never fitted on.
    ROOT / "tests" / "questions.yaml",
    ROOT / "tests" / "questions-2.yaml",
    ROOT.parent / "shared" / "eval" / "questions.yaml",
    ROOT.parent / "shared" / "eval" / "questions-chat.yaml",
]
ANSWER_FEATURES = (
    "rank",
    "lead",
    "phrasing",
    "phrasing_precision",
    "strong",
    "answer",
    "cited",
    "coverage",
    "paragraph_hit",
    "paragraph_named",
    "name_miss",
    "kind_match",
    "kind_miss",
    "known",
    "absent",
    "unknown",
    "context",
    "words",
    "one_word",
    "names",
    "names_only",
    "pairs",
    "pairs_weak",
    "rarest",
    "rarest_weak",
    "phrasing_kind",
    "content_known",
    "passage_hit",
    "passage_focus",
    "rival_same",
    "agree",
    "best_phrasing",
    "best_strong",
    "best_weak",
    "predicate",
    "spelling",
    "closeness",
    "closeness_lead",
    "judgement",
    "position",
    "judged_by_name",
    "corrected",
    "best_known",
    "unknown_words",
    "short",
    "lead_short",
    "rank_short",
    "closeness_short",
    "closeness_lead_short",
    "coverage_short",
    "spelling_short",
)
TOPIC_FEATURES = (
    "known",
    "content_known",
    "absent",
    "unknown",
    "article",
    "rank",
    "phrasing",
    "strong",
    "names",
    "words",
    "one_word",
    "context",
    "coverage",
    "names_only",
    "predicate",
    "best_known",
    "unknown_words",
)
MAX_WRONG = 0.025  # wrong answers, share of answers, allowed on out-of-fold predictions
RANK_POOL = 30  # candidates per question the ranker is fitted on (by a first, fixed ordering)
ANSWER_L2, TOPIC_L2 = 0.03, 0.01  # ridge penalties on standardised features
TRAIN_POSITIONS = 3  # candidates per question the answer model learns from (the runner-ups teach it "lead")


@dataclass
class Case:
    """One labelled question and what the engine's features make of it."""

    source: str
    kind: str  # in, outside, off, social, paragraphs
    q: str
    spec: dict
    right: frozenset[str] = frozenset()  # entries whose answer holds the case's strings
    question: dict | None = None
    candidates: list | None = None  # [(entry id, rank features)]
    paragraph: int | None = None
    parts: int = 1  # the parts the message asks; the engine judges several one by one


def load_cases(paths: list[Path], knowledge) -> list[Case]:
    """Read every labelled question of ``paths``, with the entries that would answer it right."""
    answers = {
        entry.id: (f"Background, not from the article: {entry.answer}" if entry.background else entry.answer)
        for entry in knowledge.entries
    }
    cases = []
    for path in paths:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        name = (
            path.relative_to(ROOT).as_posix()
            if ROOT in path.parents
            else f"../{path.relative_to(ROOT.parent).as_posix()}"
        )
        for kind, key in (("in", "in_scope"), ("outside", "outside")):
            for spec in data.get(key) or []:
                right = frozenset(i for i, text in answers.items() if satisfied(text, spec))
                cases.append(Case(name, kind, spec["q"], spec, right))
        cases += [Case(name, "off", q, {"q": q}) for q in data.get("off_topic") or []]
        cases += [Case(name, "social", spec["q"], spec) for spec in data.get("social") or []]
        cases += [Case(name, "paragraphs", spec["q"], spec) for spec in data.get("paragraphs") or []]
    return cases


# -- optimisation (small, dense, pure Python: Newton's method) ---------------------------------
def solve(matrix: list[list[float]], vector: list[float]) -> list[float]:
    """Solve ``matrix @ x = vector`` by Gaussian elimination with partial pivoting."""
    n = len(vector)
    a = [row[:] + [vector[i]] for i, row in enumerate(matrix)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(a[r][col]))
        a[col], a[pivot] = a[pivot], a[col]
        if abs(a[col][col]) < 1e-12:
            continue
        for r in range(col + 1, n):
            f = a[r][col] / a[col][col]
            if f:
                for c in range(col, n + 1):
                    a[r][c] -= f * a[col][c]
    x = [0.0] * n
    for r in range(n - 1, -1, -1):
        if abs(a[r][r]) < 1e-12:
            continue
        x[r] = (a[r][n] - sum(a[r][c] * x[c] for c in range(r + 1, n))) / a[r][r]
    return x


def newton(loss_parts, size: int, l2: list[float], steps: int = 25) -> list[float]:
    """Minimise a convex loss by damped Newton steps; ``loss_parts(w)`` returns (loss, gradient, Hessian)."""
    w = [0.0] * size
    previous = math.inf
    for _ in range(steps):
        loss, g, h = loss_parts(w)
        loss += sum(c * x * x for c, x in zip(l2, w))
        for i in range(size):
            g[i] += 2 * l2[i] * w[i]
            h[i][i] += 2 * l2[i] + 1e-9
        step = solve(h, g)
        w = [x - s for x, s in zip(w, step)]
        if previous - loss < 1e-7:
            break
        previous = loss
    return w


def fit_rank(groups: list[tuple[list[list[float]], list[bool]]], l2: float = 0.001) -> list[float]:
    """Fit linear ranking weights by softmax cross-entropy: right candidates should come first."""
    size = len(groups[0][0][0])
    n = len(groups)

    def parts(w):
        loss = 0.0
        g = [0.0] * size
        h = [[0.0] * size for _ in range(size)]
        for rows, right in groups:
            scores = [sum(a * b for a, b in zip(w, row)) for row in rows]
            top = max(scores)
            top_good = max(s for s, r in zip(scores, right) if r)
            exp = [math.exp(s - top) for s in scores]
            exp_good = [math.exp(s - top_good) if r else 0.0 for s, r in zip(scores, right)]
            total = sum(exp)
            good = sum(exp_good)
            loss += (top + math.log(total) - top_good - math.log(good)) / n
            p_all = [e / total for e in exp]
            p_good = [e / good for e in exp_good]
            mean_all = [sum(p * row[i] for p, row in zip(p_all, rows)) for i in range(size)]
            mean_good = [sum(p * row[i] for p, row in zip(p_good, rows)) for i in range(size)]
            for i in range(size):
                g[i] += (mean_all[i] - mean_good[i]) / n
            # Hessian of log-sum-exp over all minus over the right ones (a Gauss-Newton bound: keep the first).
            for p, row in zip(p_all, rows):
                if p < 1e-6:
                    continue
                for i in range(size):
                    di = row[i] - mean_all[i]
                    if di:
                        hi = h[i]
                        for j in range(size):
                            hi[j] += p * di * (row[j] - mean_all[j]) / n
        return loss, g, h

    return newton(parts, size, [l2] * size)


def fit_logistic(rows: list[list[float]], labels: list[int], l2: float = 1.0) -> tuple[list[float], float]:
    """Fit logistic regression (features standardised while fitting); return weights and bias."""
    size = len(rows[0])
    mean = [sum(r[i] for r in rows) / len(rows) for i in range(size)]
    spread = [math.sqrt(sum((r[i] - mean[i]) ** 2 for r in rows) / len(rows)) or 1.0 for i in range(size)]
    scaled = [[(r[i] - mean[i]) / spread[i] for i in range(size)] + [1.0] for r in rows]
    n = len(scaled)

    def parts(w):
        loss = 0.0
        g = [0.0] * (size + 1)
        h = [[0.0] * (size + 1) for _ in range(size + 1)]
        for row, y in zip(scaled, labels):
            p = sigmoid(sum(a * b for a, b in zip(w, row)))
            loss -= (math.log(p) if y else math.log(1 - p)) / n if 0 < p < 1 else 0.0
            error = (p - y) / n
            curve = p * (1 - p) / n
            for i in range(size + 1):
                g[i] += error * row[i]
                if curve:
                    hi = h[i]
                    ri = row[i] * curve
                    for j in range(size + 1):
                        hi[j] += ri * row[j]
        return loss, g, h

    w = newton(parts, size + 1, [l2] * size + [0.0])
    weights = [w[i] / spread[i] for i in range(size)]
    bias = w[-1] - sum(w[i] * mean[i] / spread[i] for i in range(size))
    return weights, bias


# -- the models --------------------------------------------------------------------------------
def ranked(case: Case, weights: list[float]) -> list[tuple[float, str, dict, tuple]]:
    """Return the case's candidates ranked by ``weights``: (score, entry id, rank features, cited), best first."""
    scored = [
        (sum(w * values[name] for w, name in zip(weights, RANK_FEATURES)), entry_id, values, cited)
        for entry_id, values, cited in case.candidates
    ]
    return sorted(scored, key=lambda item: -item[0])


def top_values(case: Case, weights: list[float], positions: int = 3) -> list[tuple[str, dict]]:
    """Return the decision values of the first ``positions`` candidates, as the engine computes them."""
    order = ranked(case, weights)[:12]
    if not order:
        return [("", decision_values(case.question, {}, 0, [], [], []))]
    ranks = [score for score, _, _, _ in order]
    cited = [paragraphs for _, _, _, paragraphs in order]
    # The agreement flags, as the engine sets them over the candidates it keeps.
    kept = [dict(values) for _, _, values, _ in order]
    for key, signal in (
        ("best_phrasing", ("phrasing_both",)),
        ("best_strong", ("strong",)),
        ("best_weak", ("answer", "cited")),
    ):
        top = max(sum(v[name] for name in signal) for v in kept)
        for v in kept:
            v[key] = 1.0 if top > 0 and sum(v[name] for name in signal) >= top else 0.0
    # As the engine: spelling and closeness only for the entries it judges.
    for v in kept[JUDGED:]:
        v["spelling"] = v["closeness"] = 0.0
    closeness = [v.get("closeness", 0.0) for v in kept]
    return [
        (order[i][1], decision_values(case.question, kept[i], i, ranks, cited, closeness))
        for i in range(min(positions, len(order)))
    ]


def fit_ranking(cases: list[Case]) -> list[float]:
    """Fit the ranking weights on the in-scope and outside cases some entry answers."""
    groups = []
    for case in cases:
        if case.kind in ("in", "outside") and case.candidates and any(c[0] in case.right for c in case.candidates):
            pool = case.candidates[:RANK_POOL] + [c for c in case.candidates[RANK_POOL:] if c[0] in case.right]
            rows = [[values[name] for name in RANK_FEATURES] for _, values, _ in pool]
            groups.append((rows, [entry_id in case.right for entry_id, _, _ in pool]))
    return fit_rank(groups)


def fit_models(cases: list[Case], context_weight: float, rank_weights: list[float] | None = None) -> Model:
    """Fit the three models on ``cases`` (the ranking too, unless given; thresholds are chosen apart)."""
    if rank_weights is None:
        rank_weights = fit_ranking(cases)

    answer_rows, answer_labels, topic_rows, topic_labels = [], [], [], []
    for case in cases:
        if case.kind not in ("in", "outside", "off") or case.question is None:
            continue
        # In-scope cases no single entry answers (two-part ones) say nothing about one entry's answer.
        if case.kind == "in" and not case.right:
            continue
        tops = top_values(case, rank_weights, TRAIN_POSITIONS)
        for entry_id, values in tops:
            answer_rows.append([values.get(name, 0.0) for name in ANSWER_FEATURES])
            answer_labels.append(1 if entry_id and entry_id in case.right else 0)
        topic_rows.append([tops[0][1].get(name, 0.0) for name in TOPIC_FEATURES])
        topic_labels.append(0 if case.kind == "off" else 1)
    # The answer model is held close to a simple consensus of its features (strong L2): on
    # out-of-fold questions that keeps its few most confident answers right; the topic model,
    # with a clearer signal (words the article never uses), is left freer.
    answer_weights, answer_bias = fit_logistic(answer_rows, answer_labels, ANSWER_L2)
    topic_weights, topic_bias = fit_logistic(topic_rows, topic_labels, TOPIC_L2)
    return Model(
        rank=Linear(RANK_FEATURES, tuple(round(w, 4) for w in rank_weights)),
        answer=Linear(ANSWER_FEATURES, tuple(round(w, 4) for w in answer_weights), round(answer_bias, 4)),
        topic=Linear(TOPIC_FEATURES, tuple(round(w, 4) for w in topic_weights), round(topic_bias, 4)),
        context_weight=context_weight,
    )


# -- choosing the thresholds on out-of-fold predictions -----------------------------------------
@dataclass
class Prediction:
    case: Case
    confidence: list[tuple[str, float, bool]]  # (entry id, P(right), may be offered) for the top candidates
    topic: float
    cover: float
    absent: bool
    named_hit: bool = False  # the question names a paragraph and the top entry cites it
    lead: float = 0.0  # how far the top entry's ranking score leads the runner-up's


def predict(model: Model, case: Case) -> Prediction:
    weights = list(model.rank.weights)
    tops = top_values(case, weights)
    confidence = [
        (entry_id, model.answer.probability(values), values.get("predicate", 0.0) > 0)
        for entry_id, values in tops
        if entry_id
    ]
    return Prediction(
        case,
        confidence,
        model.topic.probability(tops[0][1]),
        min(case.question.get("article", 0.0), case.question.get("article_predicate", 0.0)),
        case.question.get("absent", 0.0) > 0,
        bool(tops and tops[0][0] and tops[0][1].get("paragraph_hit")),
        tops[0][1].get("lead", 0.0) if tops and tops[0][0] else 0.0,
    )


def needed(p: Prediction, answer: float, named: float | None = None, lead: tuple[float, float] | None = None) -> float:
    """Return the P(right) this prediction needs to be answered, as the engine decides it per kind."""
    threshold = answer
    if named is not None and p.named_hit:
        threshold = min(threshold, named)
    if lead is not None and p.lead >= lead[1]:
        threshold = min(threshold, lead[0])
    return threshold


def simulate(
    predictions: list[Prediction],
    answer: float,
    suggest: float,
    topic: float,
    cover: float,
    named: float | None = None,
    lead: tuple[float, float] | None = None,
) -> dict:
    """Count what single-question decisions with these thresholds would give (as the scorer counts)."""
    tally = {
        "right": 0,
        "offered": 0,
        "wrong": 0,
        "answers": 0,
        "n_in": 0,
        "n_off": 0,
        "off_declined": 0,
        "off_clean": 0,
    }
    for p in predictions:
        case = p.case
        outcome, suggested, paragraph = "decline", [], None
        # A question naming a paragraph is about the article whatever its words (as in the engine).
        about = p.topic >= topic or p.named_hit
        if p.confidence and p.confidence[0][1] >= needed(p, answer, named, lead) and about:
            outcome = "answer"
        elif p.topic >= topic and any(c >= suggest and ok for _, c, ok in p.confidence):
            outcome, suggested = "suggest", [i for i, c, ok in p.confidence if c >= suggest and ok]
        elif p.topic >= topic and not p.absent and p.cover >= cover:
            outcome, paragraph = "passage", case.paragraph
        if outcome == "answer":
            tally["answers"] += 1
            good = p.confidence[0][0] in case.right
            if case.kind == "in":
                tally["right" if good else "wrong"] += 1
            elif case.kind == "off" or not good:
                tally["wrong"] += 1
        elif case.kind == "in":
            hit = any(i in case.right for i in suggested) or (paragraph in (case.spec.get("para") or []))
            tally["offered"] += hit
        if case.kind == "in":
            tally["n_in"] += 1
        if case.kind == "off":
            tally["n_off"] += 1
            tally["off_declined"] += outcome in ("decline", "suggest")
            tally["off_clean"] += outcome == "decline"
    return tally


def choose_thresholds(predictions: list[Prediction]) -> dict:
    """Return the thresholds, chosen in turn on out-of-fold predictions:

    1. topic: the lowest that leaves at most 1 off-topic question in 20 looking like the article's;
    2. answer: the lowest whose wrong answers stay at most MAX_WRONG of answers;
    3. suggest and passage cover: the most right-or-offered while off-topic questions stay clean
       (no passage ever, a suggestion for at most 1 in 20).
    """
    # Messages asking several things are judged part by part, so their whole-message predictions
    # say little about a threshold.
    usable = [
        p
        for p in predictions
        if p.case.kind in ("in", "outside", "off")
        and p.case.parts == 1
        and not (p.case.kind == "in" and not p.case.right)
    ]
    off = [p for p in usable if p.case.kind == "off"]
    topic = 0.95
    for t in [round(0.05 * i, 2) for i in range(1, 20)]:
        if sum(p.topic >= t for p in off) <= 0.05 * len(off):
            topic = t
            break
    answer = 0.99
    for t in [round(0.01 * i, 2) for i in range(30, 100)]:
        tally = simulate(usable, t, 1.1, topic, 1.1)
        if tally["answers"] and tally["wrong"] / tally["answers"] <= MAX_WRONG:
            answer = t
            break
    # Per kind of question, a lower answer threshold where it adds right answers and no wrong one
    # (the kinds are few questions each, so "no wrong one" rather than a share): a question naming a
    # paragraph answered from an entry citing it; a clear first in the ranking.
    wrong = simulate(usable, answer, 1.1, topic, 1.1)["wrong"]
    named = answer
    for t in [round(0.05 * i, 2) for i in range(6, 20)]:
        if t < answer and simulate(usable, answer, 1.1, topic, 1.1, named=t)["wrong"] <= wrong:
            named = t
            break
    lead, best_right = None, simulate(usable, answer, 1.1, topic, 1.1, named=named)["right"]
    for margin in (1.0, 1.5, 2.0, 2.5, 3.0):
        for t in [round(0.05 * i, 2) for i in range(10, 20)]:
            if t >= answer:
                break
            tally = simulate(usable, answer, 1.1, topic, 1.1, named=named, lead=(t, margin))
            if tally["wrong"] <= wrong and tally["right"] > best_right:
                lead, best_right = (t, margin), tally["right"]
    best = None
    for suggest in [round(0.05 * i, 2) for i in range(1, 20)]:
        if suggest >= answer:
            continue
        for cover in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9):
            tally = simulate(usable, answer, suggest, topic, cover, named, lead)
            passages = sum(
                1
                for p in off
                if p.topic >= topic
                and not p.absent
                and p.cover >= cover
                and not any(c >= suggest and ok for _, c, ok in p.confidence)
                and not (p.confidence and p.confidence[0][1] >= needed(p, answer, named, lead))
            )
            if off and (passages > 0 or tally["off_clean"] < 0.95 * len(off)):
                continue
            key = (tally["right"] + tally["offered"], suggest, cover)
            if best is None or key > best[0]:
                best = (key, {"suggest_threshold": suggest, "passage_coverage": cover})
    chosen = best[1] if best else {"suggest_threshold": answer, "passage_coverage": 0.9}
    return dict(
        answer_threshold=answer,
        named_threshold=named,
        lead_threshold=lead[0] if lead else None,
        lead_margin=lead[1] if lead else 0.0,
        topic_threshold=topic,
        **chosen,
    )


# -- scoring the whole engine as the shared scorer does -----------------------------------------
def score_engine(engine: Engine, cases: list[Case]) -> dict:
    """Ask the engine every case (as a mention or DM would) and count as the shared scorer counts."""
    answers = {e.id: e for e in engine.knowledge.entries}
    limit = engine.settings.max_message_length
    tally = {
        "n_in": 0,
        "right": 0,
        "offered": 0,
        "wrong": 0,
        "answers": 0,
        "n_off": 0,
        "off_declined": 0,
        "off_clean": 0,
        "n_social": 0,
        "social_right": 0,
        "n_paragraphs": 0,
        "paragraphs_right": 0,
    }
    misses = []
    for case in cases:
        result = engine.ask(case.q, limit=limit)
        if case.kind == "social":
            tally["n_social"] += 1
            ok = result.outcome is Outcome.SOCIAL and result.social == case.spec.get("kind")
            tally["social_right"] += ok
            if not ok:
                misses.append(f"social? {result.outcome.value} {result.social} | {case.q}")
            continue
        if case.kind == "paragraphs":
            tally["n_paragraphs"] += 1
            ok = result.outcome is Outcome.PASSAGE and set(result.paragraphs) == set(case.spec["para"])
            tally["paragraphs_right"] += ok
            if not ok:
                misses.append(f"paragraph? {result.outcome.value} {result.paragraphs} | {case.q}")
            continue
        text = "\n\n".join(answer_text(a.entry) for a in result.answers)
        answered = result.outcome is Outcome.ANSWER
        tally["answers"] += answered
        if case.kind == "in":
            tally["n_in"] += 1
            if answered and satisfied(text, case.spec):
                tally["right"] += 1
            elif answered:
                tally["wrong"] += 1
                misses.append(f"WRONG | {case.q} | {[e.id for e in result.entries]}")
            else:
                offered = (
                    result.outcome is Outcome.PASSAGE and set(result.paragraphs) & set(case.spec.get("para") or [])
                ) or (
                    result.outcome is Outcome.SUGGEST
                    and any(satisfied(answer_text(answers[m.entry.id]), case.spec) for m in result.matches)
                )
                tally["offered"] += bool(offered)
                misses.append(
                    f"{'offered' if offered else 'declined'} ({result.outcome.value}) | {case.q} | "
                    f"{[m.entry.id for m in result.matches]} {result.paragraphs}"
                )
        elif case.kind == "outside":
            if answered and not satisfied(text, case.spec):
                tally["wrong"] += 1
                misses.append(f"WRONG(outside) | {case.q} | {[e.id for e in result.entries]}")
        else:
            tally["n_off"] += 1
            declined = result.outcome not in (Outcome.ANSWER, Outcome.PASSAGE)
            tally["off_declined"] += declined
            tally["off_clean"] += declined and result.outcome is not Outcome.SUGGEST
            if answered:
                tally["wrong"] += 1
            if not (declined and result.outcome is not Outcome.SUGGEST):
                misses.append(f"off-topic {result.outcome.value} | {case.q} | {[m.entry.id for m in result.matches]}")
    tally["misses"] = misses
    return tally


def answer_text(entry) -> str:
    return f"Background, not from the article: {entry.answer}" if entry.background else entry.answer


def thresholds(model: Model) -> str:
    lead = f"{model.lead_threshold} leading by {model.lead_margin}" if model.lead_threshold is not None else "none"
    return (
        f"thresholds: answer {model.answer_threshold} (paragraph named {model.named_threshold}, clear first {lead}), "
        f"suggest {model.suggest_threshold}, topic {model.topic_threshold}, passage cover {model.passage_coverage}"
    )


def describe(t: dict) -> str:
    def share(a, b):
        return f"{a}/{b} ({a / b:.0%})" if b else "-"

    parts = [
        f"right {share(t['right'], t['n_in'])}",
        f"right or offered {share(t['right'] + t['offered'], t['n_in'])}",
        f"wrong {share(t['wrong'], t['answers'])} of answers",
        f"off-topic declined {share(t['off_declined'], t['n_off'])}",
        f"clean {share(t['off_clean'], t['n_off'])}",
    ]
    if t["n_social"]:
        parts.append(f"social {share(t['social_right'], t['n_social'])}")
    if t["n_paragraphs"]:
        parts.append(f"paragraph requests {share(t['paragraphs_right'], t['n_paragraphs'])}")
    return ", ".join(parts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dry-run", action="store_true", help="print the figures without writing the model")
    parser.add_argument("--context-weight", type=float, default=None, help="weight of the sentences around a question")
    parser.add_argument("--show", metavar="SET", help="print the misses of the set whose name contains SET")
    args = parser.parse_args()
    started = time.perf_counter()
    knowledge = load_knowledge(ROOT / "knowledge")
    paths = [path for path in SETS if path.exists()]
    for path in SETS:
        if not path.exists():
            print(f"note: {path} not found; fitting without it")
    current = Model.from_json(MODEL_FILE.read_text(encoding="utf-8")) if MODEL_FILE.exists() else None
    context_weight = (
        args.context_weight if args.context_weight is not None else (current.context_weight if current else 0.5)
    )
    bootstrap = Model(
        Linear(RANK_FEATURES, (1.0,) * len(RANK_FEATURES)),
        Linear((), ()),
        Linear((), ()),
        context_weight=context_weight,
    )
    engine = Engine(knowledge, MatchSettings(), model=bootstrap)
    cases = load_cases(paths, knowledge)
    for case in cases:
        if case.kind in ("in", "outside", "off"):
            case.question, case.candidates = engine.features(case.q)
            case.paragraph = case.question.pop("best_paragraph") or None
            case.parts = case.question.pop("parts")
    sources = list(dict.fromkeys(case.source for case in cases))

    # Leave one set out: fit on the rest, choose thresholds on the rest's out-of-fold predictions.
    held_out: dict[str, dict] = {}
    all_predictions: list[Prediction] = []
    for source in sources:
        train = [c for c in cases if c.source != source]
        rank_weights = fit_ranking(train)
        model = fit_models(train, context_weight, rank_weights)
        all_predictions += [predict(model, c) for c in cases if c.source == source and c.question is not None]
        # Thresholds from the training sets' own out-of-fold predictions (the ranking stays the
        # training sets' one: refitting it per inner fold costs much and changes little).
        inner = []
        for other in sources:
            if other == source:
                continue
            inner_model = fit_models([c for c in train if c.source != other], context_weight, rank_weights)
            inner += [predict(inner_model, c) for c in train if c.source == other and c.question is not None]
        model = replace(model, **choose_thresholds(inner))
        held_out[source] = score_engine(
            Engine(knowledge, MatchSettings(), model=model), [c for c in cases if c.source == source]
        )
        print(f"held out {source}: {describe(held_out[source])}; {thresholds(model)}", flush=True)

    final = replace(fit_models(cases, context_weight), **choose_thresholds(all_predictions))
    engine = Engine(knowledge, MatchSettings(), model=final)
    in_sample = {}
    for source in sources:
        in_sample[source] = score_engine(engine, [c for c in cases if c.source == source])
        print(f"in sample {source}: {describe(in_sample[source])}")
        if args.show and args.show in source:
            print("\n".join("    " + m for m in in_sample[source]["misses"]))
    figures = {
        "sets": sources,
        "held_out": {s: {k: v for k, v in t.items() if k != "misses"} for s, t in held_out.items()},
        "in_sample": {s: {k: v for k, v in t.items() if k != "misses"} for s, t in in_sample.items()},
    }
    final = replace(final, figures=figures)
    print(f"{thresholds(final)}; context weight {context_weight}; {time.perf_counter() - started:.0f} s")
    if not args.dry_run:
        MODEL_FILE.write_text(final.to_json(), encoding="utf-8")
        print(f"wrote {MODEL_FILE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
