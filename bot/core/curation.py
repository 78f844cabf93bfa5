"""What the organisers review: members' unanswered questions grouped, and how the bot is doing.

Plain Python over rows the storage returns; the ``/qa`` cog and ``python -m bot unanswered`` both
read from here, so the list in the terminal is the list on Discord.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

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


@dataclass
class QuestionGroup:
    """Members' questions that are near-duplicates of each other, shown as one."""

    text: str  # the most asked wording
    folded: str
    count: int
    last_asked: str  # ISO-8601 UTC
    suggested: str | None
    ids: list[int] = field(default_factory=list)
    wordings: list[str] = field(default_factory=list)

    @property
    def last_asked_at(self) -> datetime:
        """When a member last asked any of these, as an aware datetime."""
        return datetime.fromisoformat(self.last_asked)


def group_questions(rows: Iterable[Mapping[str, Any]], *, cutoff: float = GROUP_CUTOFF) -> list[QuestionGroup]:
    """Group unanswered rows whose folded text is nearly the same; most asked first.

    Each row needs ``id``, ``folded``, ``text``, ``count``, ``last_asked`` and ``suggested``.
    """
    rows = sorted(rows, key=lambda row: (-row["count"], _desc(row["last_asked"])))
    groups: list[QuestionGroup] = []
    keys: list[str] = []
    for row in rows:
        folded = row["folded"] or textmod.fold(row["text"])
        key = " ".join(textmod.content_words(folded)) or folded
        found = process.extractOne(key, keys, scorer=fuzz.token_sort_ratio, score_cutoff=cutoff) if keys else None
        if found is None:
            groups.append(QuestionGroup(row["text"], folded, 0, row["last_asked"], row["suggested"]))
            keys.append(key)
            group = groups[-1]
        else:
            group = groups[found[2]]
        group.count += row["count"]
        group.ids.append(row["id"])
        group.wordings.append(row["text"])
        group.last_asked = max(group.last_asked, row["last_asked"])
        group.suggested = group.suggested or row["suggested"]
    groups.sort(key=lambda group: (-group.count, _desc(group.last_asked)))
    return groups


def _desc(stamp: str) -> tuple:
    # Sort ISO text newest first inside an ascending sort.
    return tuple(-ord(ch) for ch in stamp)


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
