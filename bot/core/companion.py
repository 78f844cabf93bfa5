"""The reading companion: how far a group has read, and what that means for answers and posts.

Plain Python, no discord. The cogs turn a guild's stored schedule and posts into a
:class:`Progress`; the functions here say which posted days an answer can point to, whether an
answer would run ahead of the group (spoilers), which questions a daily post suggests and what a
member who missed days should catch up on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from bot.core import schedule as schedule_core
from bot.core.knowledge import Article, Entry, Knowledge, Reading
from bot.core.passages import sentences
from bot.core.text import content_words, fold, stem

__all__ = [
    "PostedDay",
    "Progress",
    "Suggestion",
    "catchup",
    "discussion_days",
    "first_line",
    "first_unreached",
    "questions_for",
    "reading_date",
]

QUESTIONS_PER_POST = 3
FIRST_LINE_LIMIT = 140


@dataclass(frozen=True)
class PostedDay:
    """A reading as it went out in one guild: where its post and its thread are."""

    day: int
    guild_id: int
    channel_id: int
    message_id: int
    thread_id: int | None = None
    posted_at: datetime | None = None
    post_id: int = 0  # the stored record of the post (its attempt)
    on: date | None = None  # the local date the post counts for
    opening_id: int | None = None  # the thread's first message (the prompt); 0: none (an older post)

    @property
    def jump_url(self) -> str:
        """The link that opens the post in Discord."""
        return f"https://discord.com/channels/{self.guild_id}/{self.channel_id}/{self.message_id}"


@dataclass(frozen=True)
class Progress:
    """How far one guild's group has read: its schedule and the days posted (latest post of each)."""

    schedule: schedule_core.Schedule
    posted: tuple[PostedDay, ...] = ()
    _by_day: dict[int, PostedDay] = field(default_factory=dict, init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        for post in self.posted:  # oldest first: a day posted again (after a restart) keeps its latest post
            self._by_day[post.day] = post

    def post_of(self, day: int) -> PostedDay | None:
        """Return the latest post of reading ``day`` in this guild, if it went out."""
        return self._by_day.get(day)

    def reached(self, day: int) -> bool:
        """Say whether the group has reached reading ``day``: posted, or passed (skipped, jumped over)."""
        return day < self.schedule.next_day or day in self._by_day


@dataclass(frozen=True)
class Suggestion:
    """A discussion prompt a member suggested for a reading, and where the organisers' decision stands."""

    id: int
    guild_id: int
    day: int
    author_id: int
    text: str
    suggested_at: datetime
    state: str = "pending"  # pending | approved | rejected | used
    decided_by: int | None = None


def first_unreached(article: Article, paragraphs: tuple[int, ...], progress: Progress) -> tuple[Reading, int] | None:
    """Return the first reading (and paragraph) among ``paragraphs`` the group has not reached yet."""
    for number in sorted(paragraphs):
        reading = article.reading_of(number)
        if not progress.reached(reading.day):
            return reading, number
    return None


def discussion_days(article: Article, paragraphs: tuple[int, ...], progress: Progress) -> list[PostedDay]:
    """Return the posted days whose readings hold ``paragraphs``, in reading order."""
    days = sorted({article.reading_of(number).day for number in paragraphs})
    return [post for post in (progress.post_of(day) for day in days) if post is not None]


def reading_date(progress: Progress, day: int, now: datetime, total: int) -> datetime | None:
    """Return when reading ``day`` is expected to be posted, or None (paused, stopped, passed)."""
    return schedule_core.expected_post(progress.schedule, day, now, total)


def questions_for(knowledge: Knowledge, reading: Reading, limit: int = QUESTIONS_PER_POST) -> list[Entry]:
    """Return up to ``limit`` entries a member could ask about ``reading``.

    Only entries citing the reading whose first phrasing shares a word with the passage count:
    "What happened in 1927?" is about ¶2, "Where was this article published?" is not, though it
    cites ¶1. Entries citing only the reading's paragraphs come first, one per paragraph before a
    second of the same paragraph, in the order of qa.yaml; then those citing it among others,
    earlier paragraphs before later ones (no spoilers), the fewest others first.
    """
    inside = set(reading.paragraphs)
    passage = {
        stem(word) for n in reading.paragraphs for word in content_words(fold(knowledge.article.paragraph(n).text))
    }

    def about_passage(entry: Entry) -> bool:
        return (
            not entry.background
            and bool(inside & set(entry.paragraphs))
            and any(stem(word) in passage for word in content_words(fold(entry.title)))
        )

    candidates = [e for e in knowledge.entries if about_passage(e)]
    own = [e for e in candidates if set(e.paragraphs) <= inside]
    # Among the rest, those that look back rather than ahead (no spoilers), citing the fewest others.
    shared = sorted(
        (e for e in candidates if e not in own),
        key=lambda e: (max(e.paragraphs) > max(inside), len(set(e.paragraphs) - inside)),
    )
    chosen: list[Entry] = []
    covered: set[int] = set()
    for entry in own:  # first pass: a spread over the paragraphs
        if len(chosen) < limit and not covered & set(entry.paragraphs):
            chosen.append(entry)
            covered |= set(entry.paragraphs)
    for entry in own + shared:
        if len(chosen) < limit and entry not in chosen:
            chosen.append(entry)
    return chosen


def first_line(article: Article, reading: Reading, limit: int = FIRST_LINE_LIMIT) -> str:
    """Return the reading's opening sentence, cut at a word if long: the one line of /catchup."""
    line = sentences(article.paragraph(reading.paragraphs[0]).text)[0]
    if len(line) > limit:
        line = line[: limit - 1].rsplit(" ", 1)[0] + "…"
    return line


def catchup(
    article: Article, progress: Progress, *, since_day: int | None = None, since: datetime | None = None
) -> list[tuple[Reading, PostedDay]]:
    """Return the readings posted from day ``since_day``, or after the instant ``since``, in day order.

    With neither, every reading posted. The closing message is not a reading and is left out.
    """
    total = len(article.readings)
    found = []
    for day in range(1, total + 1):
        post = progress.post_of(day)
        if post is None:
            continue
        if since_day is not None and day < since_day:
            continue
        if since is not None and (post.posted_at is None or post.posted_at <= since):
            continue
        found.append((article.reading(day), post))
    return found
