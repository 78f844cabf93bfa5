"""The article and the curated Q&A as the bot holds them: frozen values, built only by the loader."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

PARAGRAPH_COUNT = 29
# A timeline event's date: a year ("1923") or a decade ("the 1930s"), as the article gives it.
YEAR_PATTERN = re.compile(r"\b(\d{4})s?\b")


@dataclass(frozen=True)
class Paragraph:
    """One body paragraph of the article, numbered as in the shared README (¶1-¶29)."""

    number: int
    text: str


@dataclass(frozen=True)
class Reading:
    """One day's passage: one to three consecutive paragraphs, a title and a discussion prompt."""

    day: int
    title: str
    paragraphs: tuple[int, ...]
    prompt: str
    line: int = 0


@dataclass(frozen=True)
class Event:
    """A dated event the article mentions, in the article's words, with the paragraphs saying so."""

    when: str
    event: str
    paragraphs: tuple[int, ...]
    line: int = 0

    @property
    def year(self) -> int:
        """The year the event is ordered by (a decade counts as its first year)."""
        return int(YEAR_PATTERN.search(self.when).group(1))


@dataclass(frozen=True)
class Article:
    """The article's metadata, paragraphs, daily readings and the dated events it mentions."""

    title: str
    author: str
    publication: str
    issue: int
    series_part: int
    standfirst: str
    paragraphs: tuple[Paragraph, ...]
    readings: tuple[Reading, ...]
    timeline: tuple[Event, ...] = ()

    def paragraph(self, number: int) -> Paragraph:
        """Return paragraph ``number`` (1-based)."""
        return self.paragraphs[number - 1]

    def reading(self, day: int) -> Reading:
        """Return the reading of ``day`` (1-based)."""
        return self.readings[day - 1]

    def reading_of(self, paragraph: int) -> Reading:
        """Return the reading that contains ``paragraph``."""
        for reading in self.readings:
            if paragraph in reading.paragraphs:
                return reading
        raise KeyError(paragraph)


class View(enum.Enum):
    """A reply an entry is answered with instead of its answer and quotes (``view:`` in qa.yaml)."""

    TIMELINE = "timeline"  # the article's dated events, one a line, as /timeline shows them


@dataclass(frozen=True)
class Entry:
    """One curated answer, with the phrasings members use to ask for it."""

    id: str
    questions: tuple[str, ...]
    answer: str
    paragraphs: tuple[int, ...]
    background: bool = False
    related: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    line: int = 0
    # The answer draws on the article's header (title, standfirst, author, publication, issue),
    # which has no paragraph number: the source shown is "the article's header".
    header: bool = False
    view: View | None = None  # answered with this view rather than the answer's text
    # What the entry is about in a few words ("the Left Opposition"), for reading a follow-up's
    # "they"; empty: read off the first phrasing (see bot.core.followup.subject_of).
    subject: str = ""
    # Questions members ask about the entry's subject that the article does not answer, though the
    # answer says so ("where did Trotsky go after he was deported": "The article doesn't say why,
    # or where he went"). They lead to the entry like its phrasings, but what the member gets is
    # "the article doesn't say" with the entry's text, not an answer.
    not_said: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        """The entry's first phrasing, used wherever the entry is offered as a question."""
        return self.questions[0]

    @property
    def phrasings(self) -> tuple[str, ...]:
        """Every wording that leads to the entry: the questions it answers, then those it says the article doesn't."""
        return self.questions + self.not_said


SOCIAL_KINDS = ("greeting", "thanks", "help", "goodbye", "ack")


@dataclass(frozen=True)
class Words:
    """How members talk beside what they ask, from ``words.yaml``; empty when there is no such file."""

    chatter: tuple[str, ...] = ()  # words and phrases that never count as part of a question
    social: tuple[tuple[str, str], ...] = ()  # (phrase, kind): a message made only of these is social
    # Terms the article never uses and has no equivalent for, with the paragraphs that come nearest.
    not_in_article: tuple[tuple[str, tuple[int, ...]], ...] = ()
    # Phrases with which a member says the message is not about the article ("sorry, wrong channel").
    aside: tuple[str, ...] = ()


@dataclass(frozen=True)
class Knowledge:
    """Everything the bot knows: the article, the entries and the members' synonyms."""

    article: Article
    entries: tuple[Entry, ...]
    synonyms: tuple[tuple[str, str], ...] = ()
    words: Words = Words()
    files: tuple[Path, ...] = field(default=(), compare=False)

    def entry(self, entry_id: str) -> Entry:
        """Return the entry called ``entry_id``."""
        return self._by_id[entry_id]

    def has_entry(self, entry_id: str) -> bool:
        """Say whether an entry called ``entry_id`` exists."""
        return entry_id in self._by_id

    @cached_property
    def _by_id(self) -> dict[str, Entry]:
        return {entry.id: entry for entry in self.entries}


class General(enum.Enum):
    """A heading of /topics that is not a reading."""

    ARTICLE = "article"  # questions about the article itself, answered from its header
    BACKGROUND = "background"  # background the article does not touch at all (cites no paragraph)


def topics(knowledge: Knowledge) -> list[tuple[Reading | General, list[Entry]]]:
    """Group the entries as /topics lists them: the article itself, then each reading, in order.

    An entry about the article (``header``) goes under :attr:`General.ARTICLE`, whatever it
    cites. Every other entry, background included, goes under the reading of the first paragraph
    it cites: ``paragraphs`` lists them in the order the answer cites them, so the first is the
    one the answer starts from (the lowest may be a passing reference back). A background entry
    citing no paragraph goes last, under :attr:`General.BACKGROUND`. Each entry appears once, in
    qa.yaml's order within its group; a group with no entries is left out.
    """
    article = knowledge.article
    groups: dict[Reading | General, list[Entry]] = {General.ARTICLE: []}
    groups.update((reading, []) for reading in article.readings)
    groups[General.BACKGROUND] = []
    for entry in knowledge.entries:
        if entry.header:
            groups[General.ARTICLE].append(entry)
        elif entry.paragraphs:
            groups[article.reading_of(entry.paragraphs[0])].append(entry)
        else:
            groups[General.BACKGROUND].append(entry)
    return [(heading, entries) for heading, entries in groups.items() if entries]


def paragraph_span(numbers: tuple[int, ...] | list[int]) -> str:
    """Return paragraph numbers as a reader writes them: ¶7, ¶7–8, ¶4, ¶7, ¶10."""
    numbers = sorted(set(numbers))
    if not numbers:
        return ""
    if numbers == list(range(numbers[0], numbers[-1] + 1)) and len(numbers) > 1:
        return f"¶{numbers[0]}–{numbers[-1]}"
    return ", ".join(f"¶{n}" for n in numbers)
