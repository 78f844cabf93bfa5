"""What the organisers review: members' unanswered questions grouped, and how the bot is doing.

Plain Python over what the storage returns; the ``/qa`` cog and ``python -m bot unanswered`` both
read from here, so the list in the terminal is the list on Discord.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from rapidfuzz import fuzz, process

from bot.core import text as textmod

# Two unanswered questions are shown as one when the words that carry their meaning (folded, no
# stopwords) are this alike (0-100): "why was trotsky expelled" and "why was trotsky expeled?"
# are; "who was lenin" and "who was trotsky" are not. Compared without the question's frame
# ("what did ... think about"), which would make every question of one shape look alike.
GROUP_CUTOFF = 85

PERIODS: dict[str, timedelta | None] = {
    "day": timedelta(days=1),
    "week": timedelta(weeks=1),
    "month": timedelta(days=30),
    "all": None,
}


@dataclass(frozen=True)
class UnansweredQuestion:
    """A question the bot declined or was unsure about, counted over its exact repeats."""

    id: int
    guild_id: int  # 0 for direct messages and the console
    folded: str  # the question folded for matching repeats
    text: str  # as the member last typed it
    count: int
    first_asked: datetime
    last_asked: datetime
    outcome: str  # decline | suggest
    suggested: str | None = None  # the entry the bot suggested, if any
    dismissed: bool = False
    added_to: str | None = None  # the entry an organiser made it a phrasing of


@dataclass
class QuestionGroup:
    """Members' questions that are near-duplicates of each other, shown as one."""

    text: str  # the most asked wording
    folded: str
    count: int
    last_asked: datetime
    suggested: str | None
    ids: list[int] = field(default_factory=list)
    wordings: list[str] = field(default_factory=list)


def group_questions(questions: Iterable[UnansweredQuestion], *, cutoff: float = GROUP_CUTOFF) -> list[QuestionGroup]:
    """Group unanswered questions whose folded text is nearly the same; most asked first."""
    ordered = sorted(questions, key=lambda question: (-question.count, -question.last_asked.timestamp()))
    groups: list[QuestionGroup] = []
    keys: list[str] = []
    for question in ordered:
        folded = question.folded or textmod.fold(question.text)
        key = " ".join(textmod.content_words(folded)) or folded
        found = process.extractOne(key, keys, scorer=fuzz.token_sort_ratio, score_cutoff=cutoff) if keys else None
        if found is None:
            groups.append(QuestionGroup(question.text, folded, 0, question.last_asked, question.suggested))
            keys.append(key)
            group = groups[-1]
        else:
            group = groups[found[2]]
        group.count += question.count
        group.ids.append(question.id)
        group.wordings.append(question.text)
        group.last_asked = max(group.last_asked, question.last_asked)
        group.suggested = group.suggested or question.suggested
    groups.sort(key=lambda group: (-group.count, -group.last_asked.timestamp()))
    return groups


def period_start(period: str, now: datetime) -> datetime | None:
    """Return when ``period`` ("day", "week", "month", "all") began, counting back from ``now``."""
    span = PERIODS[period]
    return None if span is None else now - span


@dataclass(frozen=True)
class Stats:
    """Questions asked over a period and what members got."""

    total: int
    answered: int
    suggested: int
    declined: int
    unreadable: int
    top_entries: tuple[tuple[str, int], ...]

    def share(self, count: int) -> str:
        """Return ``count`` as a whole percentage of the questions asked."""
        return f"{round(100 * count / self.total)}%" if self.total else "0%"


def stats_from(counts: Mapping[str, int], top_entries: Iterable[tuple[str, int]]) -> Stats:
    """Summarise outcome counts (answer/suggest/decline/unreadable) and the most answered entries."""
    return Stats(
        total=sum(counts.values()),
        answered=counts.get("answer", 0),
        suggested=counts.get("suggest", 0),
        declined=counts.get("decline", 0),
        unreadable=counts.get("unreadable", 0),
        top_entries=tuple(top_entries),
    )
