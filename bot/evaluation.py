"""Score the answer engine on a question file (the format of the shared eval questions).

``in_scope`` cases must be answered with text containing every string of ``all`` and one of
``any``; ``outside`` cases may be declined, or answered with one of ``any``; ``off_topic``
questions must be declined.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from bot import messages
from bot.core.matcher import Engine
from bot.core.yamlsource import read_yaml
from bot.errors import SourceError


def _fold(text: str) -> str:
    return (text or "").lower().translate(str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'}))


def satisfied(answer: str, case: dict) -> bool:
    """Say whether ``answer`` contains what ``case`` requires."""
    folded = _fold(answer)
    if any(_fold(s) not in folded for s in case.get("all", []) or []):
        return False
    anys = case.get("any", []) or []
    return not anys or any(_fold(s) in folded for s in anys)


@dataclass
class Score:
    """Right, declined and wrong counts per kind of question, and the misses."""

    tally: dict[str, list[int]] = field(
        default_factory=lambda: {"in": [0, 0, 0], "outside": [0, 0, 0], "off": [0, 0, 0]}
    )
    misses: list[str] = field(default_factory=list)
    cited: list[int] = field(default_factory=lambda: [0, 0])

    def summary(self) -> str:
        """Return one line: in-scope right, off-topic declined, wrong answers."""
        right_in, declined_in, wrong_in = self.tally["in"]
        n_in = sum(self.tally["in"])
        n_off = sum(self.tally["off"])
        wrong = wrong_in + self.tally["outside"][2] + self.tally["off"][2]
        answered = right_in + wrong_in + self.tally["outside"][0] + self.tally["outside"][2] + self.tally["off"][2]
        return (
            f"in-scope right {right_in}/{n_in} ({right_in / max(n_in, 1):.1%}), declined {declined_in}; "
            f"off-topic declined {self.tally['off'][1]}/{n_off} ({self.tally['off'][1] / max(n_off, 1):.1%}); "
            f"wrong answers {wrong}/{answered} answered ({wrong / max(answered, 1):.1%}); "
            f"cited paragraph {self.cited[0]}/{self.cited[1]}"
        )


def cases(path: Path) -> list[tuple[str, dict]]:
    """Return ``(kind, case)`` for every question of a question file (kinds: in, outside, off)."""
    data = read_yaml(Path(path), error=SourceError) or {}
    found = [("in", case) for case in data.get("in_scope", []) or []]
    found += [("outside", case) for case in data.get("outside", []) or []]
    found += [("off", {"q": question}) for question in data.get("off_topic", []) or []]
    return found


def evaluate(engine: Engine, path: Path) -> Score:
    """Score ``engine`` on the question file at ``path``."""
    score = Score()
    for kind, case in cases(path):
        # Read as a mention or a DM is (the longest messages), judged on every entry answered (two
        # for a two-part question), as ../shared/tools/score_answers.py judges `ask --json`.
        result = engine.ask(case["q"], limit=engine.settings.max_message_length)
        answer = "\n\n".join(messages.answer_text(entry) for entry in result.entries)
        if not result.answered:
            score.tally[kind][1] += 1
            if kind == "in":
                shown = ", ".join(m.entry.id for m in result.matches)
                score.misses.append(f"declined ({result.outcome.value} {result.score}) | {case['q']} | {shown}")
        elif kind == "off":
            score.tally[kind][2] += 1
            score.misses.append(
                f"WRONG(off-topic {result.score}) | {case['q']} | {', '.join(e.id for e in result.entries)}"
            )
        elif satisfied(answer, case):
            score.tally[kind][0] += 1
            if kind == "in" and case.get("para"):
                score.cited[1] += 1
                score.cited[0] += bool(set(case["para"]) & {n for e in result.entries for n in e.paragraphs})
        else:
            score.tally[kind][2] += 1
            score.misses.append(
                f"WRONG({kind} {result.score}) | {case['q']} | {', '.join(e.id for e in result.entries)}: {answer[:100]}"
            )
    return score


@dataclass
class FollowUpScore:
    """How the follow-up rule does on a file of pairs (``tests/followups.yaml``'s format)."""

    followups: int = 0
    right: int = 0  # the follow-up got one of the entries it must get
    right_with_context: int = 0  # ...and was read through the context
    right_alone: int = 0  # the follow-up, read alone, would have got one of them
    wrong_because_of_context: int = 0  # read through the context, and answered wrongly
    new_topics: int = 0
    taken_as_followups: int = 0  # new topics read through the old context
    new_topics_right: int = 0  # new topics answered with what they ask, on their own
    misses: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """Return one line of the figures README reports."""
        return (
            f"follow-ups right {self.right}/{self.followups} ({self.right_with_context} through the context; "
            f"{self.right_alone} read alone would be); wrong because of context {self.wrong_because_of_context}; "
            f"new topics taken as follow-ups {self.taken_as_followups}/{self.new_topics} "
            f"({self.new_topics_right} answered right on their own)"
        )


def evaluate_followups(engine: Engine, path: Path) -> FollowUpScore:
    """Score the follow-up rule on the pairs at ``path``: each second message read with the first's entry."""
    from bot.core.followup import follow_up

    data = read_yaml(Path(path), error=SourceError) or {}
    knowledge = engine.knowledge
    limit = engine.settings.max_message_length
    score = FollowUpScore()
    for pair in data.get("followups", []) or []:
        score.followups += 1
        expect = set(pair["expect"])
        read = follow_up(engine, pair["then"], knowledge.entry(pair["context"]), limit=limit)
        got = read.result.entry.id if read.result.entry else None
        alone = engine.ask(pair["then"], limit=limit).entry
        score.right_alone += bool(alone and alone.id in expect)
        if got in expect:
            score.right += 1
            score.right_with_context += read.context is not None
            continue
        if read.context is not None and got is not None:
            score.wrong_because_of_context += 1
            score.misses.append(f"WRONG through the context | {pair['first']} | {pair['then']} | {got}")
        else:
            shown = got or f"{read.result.outcome.value} {[m.entry.id for m in read.result.matches][:3]}"
            score.misses.append(f"missed | {pair['first']} | {pair['then']} | {shown} (must be {sorted(expect)})")
    for pair in data.get("new_topics", []) or []:
        score.new_topics += 1
        read = follow_up(engine, pair["then"], knowledge.entry(pair["context"]), limit=limit)
        got = read.result.entry.id if read.result.entry else None
        score.new_topics_right += got in set(pair["expect"])
        if read.context is not None:
            score.taken_as_followups += 1
            score.misses.append(f"NEW TOPIC read as a follow-up | {pair['first']} | {pair['then']} | {got}")
    return score
