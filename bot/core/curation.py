"""What the organisers review: members' unanswered questions grouped, and how the bot is doing.

Plain Python over what the storage returns; the ``/qa`` cog and ``python -m bot unanswered`` both
read from here, so the list in the terminal is the list on Discord.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import chain, islice

from rapidfuzz import fuzz, process, utils

from bot.core import text as textmod
from bot.core.knowledge import Entry, Knowledge
from bot.core.matcher import Engine, Match, Outcome
from bot.errors import ReadingBotError

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


class QuestionClosed(ReadingBotError):
    """The question is no longer open: another organiser added or dismissed it meanwhile."""


class PhrasingTaken(ReadingBotError):
    """An entry already has the phrasing (the same words, as ``check`` reads them)."""

    def __init__(self, entry: Entry) -> None:
        self.entry = entry
        super().__init__(f"entry '{entry.id}' already has that phrasing")


def inbox_folded(question: str) -> str:
    """Return a question as the organisers' inbox files it: markup and mentions out, folded.

    A member's repeats of a question, however typed, fold to the same text and count once.
    """
    return textmod.fold(textmod.clean_question(question))


def question_key(folded: str) -> str:
    """Return a short key naming a question in the inbox (by its folded text), for a button to carry.

    A button keeps its state in a custom_id of 100 characters; a question can be 2,000.
    """
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()[:16]


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
    outcome: str  # decline | suggest | passage: what the member got
    suggested: str | None = None  # the entry the bot suggested, if any
    dismissed: bool = False
    added_to: str | None = None  # the entry an organiser made it a phrasing of
    added_phrasing: str | None = None  # the phrasing written into qa.yaml for it
    none_fit: bool = False  # the member pressed "None of these" under the bot's suggestions


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
    outcome: str = "decline"  # what members got for the most asked wording
    none_fit: bool = False  # a member said none of the bot's suggestions fit


def group_questions(questions: Iterable[UnansweredQuestion], *, cutoff: float = GROUP_CUTOFF) -> list[QuestionGroup]:
    """Group unanswered questions whose folded text is nearly the same; most asked first.

    Near-linear, so a server's whole list groups well inside Discord's three seconds: a question
    is compared only with the groups that share one of its rarest words (see :class:`_GroupIndex`),
    at most :data:`CANDIDATES` of them.
    """
    ordered = sorted(questions, key=lambda question: (-question.count, -question.last_asked.timestamp()))
    keys = [_key(question) for question in ordered]
    index = _GroupIndex(keys)
    groups: list[QuestionGroup] = []
    for question, key in zip(ordered, keys):
        found = index.exact(key)
        if found is None:
            rarest = index.rarest(key)
            found = index.find(key, rarest, cutoff)
        if found is None:
            found = len(groups)
            groups.append(
                QuestionGroup(
                    question.text, key.folded, 0, question.last_asked, question.suggested, outcome=question.outcome
                )
            )
            index.add(key, rarest, found)
        group = groups[found]
        group.count += question.count
        group.ids.append(question.id)
        group.wordings.append(question.text)
        group.last_asked = max(group.last_asked, question.last_asked)
        group.suggested = group.suggested or question.suggested
        group.none_fit = group.none_fit or question.none_fit
    groups.sort(key=lambda group: (-group.count, -group.last_asked.timestamp()))
    return groups


# A question is compared with at most this many groups: with the rarest words first they are
# the likeliest, and the bound keeps the worst case (thousands of questions sharing every word)
# linear.
CANDIDATES = 50
# Words are indexed by their first and by their last letters, so that a misspelling ("expeled",
# "tortsky") still finds the group through the end of the word it leaves alone.
_ENDS = 3


@dataclass(frozen=True)
class _Key:
    folded: str
    # The content words in alphabetical order: rapidfuzz's ratio on these is token_sort_ratio on
    # the words, without sorting them again for every comparison.
    words: str
    prefixes: tuple[str, ...]  # their beginnings and ends, what the index files groups under


def _key(question: UnansweredQuestion) -> _Key:
    folded = question.folded or textmod.fold(question.text)
    content = sorted(textmod.content_words(folded) or folded.split())
    ends = (end for word in content for end in (word[:_ENDS], "…" + word[-_ENDS:]))
    return _Key(folded, " ".join(content), tuple(dict.fromkeys(ends)))


class _GroupIndex:
    """Find the group a question belongs to without comparing it with every group.

    Two questions near enough to group share most of their words, so they share one of the
    rarest few (prefix filtering, as in set-similarity joins): each group is filed under the
    beginnings and ends of its rarest words, and a question looks only there. Exact repeats of a
    group's words are found at once.
    """

    def __init__(self, keys: list[_Key]) -> None:
        self._frequency = Counter(prefix for key in keys for prefix in key.prefixes)
        self._exact: dict[str, int] = {}
        self._filed: dict[str, list[int]] = {}
        self._words: list[str] = []
        self._where: list[int] = []

    def rarest(self, key: _Key) -> list[str]:
        """Return the beginnings and ends of ``key``'s words that a near-duplicate must share one of."""
        ordered = sorted(key.prefixes, key=self._frequency.__getitem__)
        # Grouping asks for most words in common: of n words, any near-duplicate shares one of
        # the n - ceil(0.6 n) + 1 rarest.
        return ordered[: len(ordered) - math.ceil(0.6 * len(ordered)) + 1]

    def exact(self, key: _Key) -> int | None:
        """Return the group whose words are exactly ``key``'s, if there is one."""
        return self._exact.get(key.words)

    def find(self, key: _Key, rarest: list[str], cutoff: float) -> int | None:
        """Return the group ``key`` is near enough to, among those filed under ``rarest``; else ``None``."""
        filed = self._filed
        slots = list(dict.fromkeys(islice(chain.from_iterable(filed.get(p, ()) for p in rarest), CANDIDATES)))
        if not slots:
            return None
        words = self._words
        found = process.extractOne(key.words, [words[slot] for slot in slots], scorer=fuzz.ratio, score_cutoff=cutoff)
        return None if found is None else self._where[slots[found[2]]]

    def add(self, key: _Key, rarest: list[str], group: int) -> None:
        """File a new group under its rarest word beginnings and ends."""
        slot = len(self._words)
        self._words.append(key.words)
        self._where.append(group)
        self._exact.setdefault(key.words, group)
        for prefix in rarest:
            self._filed.setdefault(prefix, []).append(slot)


# -- which entry a question could become a phrasing of -------------------------------------------
CHOICES = 25  # Discord's limit on a select's options and on autocomplete's choices
# A phrasing already in the knowledge is looked for among the entries that rank best for it:
# an entry holding the very words ranks at the top, so a few dozen are plenty.
_OWNER_CANDIDATES = 25


def close_entry(engine: Engine, question: str) -> Match | None:
    """Return the entry ``question`` is close to, or ``None`` when none is.

    Close means the engine itself would answer a member with it or offer it as a "did you mean"
    (its first option). A high score alone is not enough: the engine's confidences rank entries
    for a question, and a question off the subject ("what's the weather like today") can rank an
    entry high on one shared word, yet the engine declines it, as should the one-click button.
    """
    result = engine.ask(question, limit=engine.settings.max_message_length)
    if result.outcome in (Outcome.ANSWER, Outcome.SUGGEST) and result.matches:
        return result.matches[0]
    return None


def entry_choices(engine: Engine, question: str, limit: int = CHOICES) -> list[Entry]:
    """Return ``limit`` entries for an organiser to choose from, the closest to ``question`` first.

    The engine's ranking first; then, to fill the list, the entries whose first question reads
    most like it (the ranking only knows entries that share a word with the question).
    """
    chosen = {match.entry.id: match.entry for match in engine.rank(textmod.clean_question(question), limit=limit)}
    if len(chosen) < limit:
        for entry in search_entries(engine.knowledge, question, limit=2 * limit, cutoff=0):
            chosen.setdefault(entry.id, entry)
    return list(chosen.values())[:limit]


def search_entries(knowledge: Knowledge, typed: str, limit: int = CHOICES, *, cutoff: float = 50) -> list[Entry]:
    """Return the entries whose first question or id reads most like ``typed``, best first.

    For the organisers' autocomplete: every entry can be found, whatever the size of the base.
    ``cutoff``: the least rapidfuzz WRatio (0-100) an entry needs to be listed.
    """
    entries = knowledge.entries
    typed = typed.strip()
    if not typed:
        return list(entries[:limit])
    found: dict[str, Entry] = {}
    if knowledge.has_entry(typed):
        found[typed] = knowledge.entry(typed)
    for choices in ([entry.title for entry in entries], [entry.id for entry in entries]):
        for _, _, index in process.extract(
            typed, choices, scorer=fuzz.WRatio, processor=utils.default_process, limit=limit, score_cutoff=cutoff
        ):
            found.setdefault(entries[index].id, entries[index])
    ranked = sorted(
        found.values(),
        key=lambda entry: (
            -max(
                fuzz.WRatio(typed, entry.title, processor=utils.default_process),
                fuzz.WRatio(typed, entry.id, processor=utils.default_process),
            )
        ),
    )
    return ranked[:limit]


class _Wording:
    """A phrasing's words as ``python -m bot check`` compares them: folded, synonyms applied, sorted."""

    def __init__(self, knowledge: Knowledge) -> None:
        self._synonyms = textmod.Synonyms(knowledge.synonyms)

    def __call__(self, phrasing: str) -> list[str]:
        return sorted(self._synonyms.apply(textmod.fold(phrasing)).split())


def phrasing_owner(engine: Engine, phrasing: str) -> Entry | None:
    """Return the entry that already has ``phrasing`` (the same words, as ``check`` reads them), if any.

    ``check`` calls two entries with such phrasings an error, so an organiser adding one to a
    second entry is told which entry has it instead.
    """
    return _owner(engine, phrasing, _Wording(engine.knowledge))


def _owner(engine: Engine, phrasing: str, wording: _Wording) -> Entry | None:
    wanted = wording(phrasing)
    if not wanted:
        return None
    ranked = engine.rank(textmod.clean_question(phrasing), limit=_OWNER_CANDIDATES)
    if ranked:
        candidates: Iterable[Entry] = [match.entry for match in ranked]
    elif textmod.content_words(" ".join(wanted)):
        return None  # no phrasing shares a word with it
    else:
        candidates = engine.knowledge.entries  # words the engine ignores: look everywhere
    for entry in candidates:
        if any(wording(question) == wanted for question in entry.questions):
            return entry
    return None


def vanished(engine: Engine, added: Iterable[UnansweredQuestion]) -> list[int]:
    """Return the ids of the ``added`` questions whose phrasing is no longer in the knowledge.

    A phrasing moved by hand to another entry is still there; one dropped (a stale editor save
    over the bot's addition, an organiser's tidy-up) sends its question back to the list.
    """
    knowledge = engine.knowledge
    wording = _Wording(knowledge)
    gone = []
    for question in added:
        phrasing = question.added_phrasing or question.text
        wanted = wording(phrasing)
        entry = (
            knowledge.entry(question.added_to) if question.added_to and knowledge.has_entry(question.added_to) else None
        )
        if entry is not None and any(wording(existing) == wanted for existing in entry.questions):
            continue
        if _owner(engine, phrasing, wording) is None:
            gone.append(question.id)
    return gone


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
    passages: int = 0  # a paragraph shown: asked for by number, or quoted as bearing on the question
    social: int = 0  # greetings, thanks, "help"

    def share(self, count: int) -> str:
        """Return ``count`` as a whole percentage of the questions asked."""
        return f"{round(100 * count / self.total)}%" if self.total else "0%"


def stats_from(counts: Mapping[str, int], top_entries: Iterable[tuple[str, int]]) -> Stats:
    """Summarise outcome counts (each of the engine's outcomes) and the most answered entries."""
    return Stats(
        total=sum(counts.values()),
        answered=counts.get("answer", 0),
        suggested=counts.get("suggest", 0),
        declined=counts.get("decline", 0),
        unreadable=counts.get("unreadable", 0),
        top_entries=tuple(top_entries),
        passages=counts.get("passage", 0),
        social=counts.get("social", 0),
    )
