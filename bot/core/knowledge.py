"""The article and the curated Q&A, loaded from ``knowledge/*.yaml`` and validated.

One loader for both files. Every problem is reported as ``file:line: what is wrong`` through
:class:`~bot.errors.KnowledgeError`; a load either returns a whole, valid :class:`Knowledge`
or raises, so callers never hold half of an edit.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from bot.core.yamlsource import Located, LocatedList, read_yaml
from bot.errors import KnowledgeError, SourceError

ARTICLE_FILE = "article.yaml"
QA_FILE = "qa.yaml"
WORDS_FILE = "words.yaml"  # optional: how members talk (chatter, social messages, terms the article lacks)
SOCIAL_KINDS = ("greeting", "thanks", "help", "goodbye", "ack")
PARAGRAPH_COUNT = 29
# Discord shows at most 4,096 characters in an embed's description; the answer shares it with
# the quoted paragraphs, so an answer is held to well under that.
ANSWER_LIMIT = 1800
QUESTION_LIMIT = 300
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
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

    @property
    def title(self) -> str:
        """The entry's first phrasing, used wherever the entry is offered as a question."""
        return self.questions[0]


@dataclass(frozen=True)
class Words:
    """How members talk beside what they ask, from ``words.yaml``; empty when there is no such file."""

    chatter: tuple[str, ...] = ()  # words and phrases that never count as part of a question
    social: tuple[tuple[str, str], ...] = ()  # (phrase, kind): a message made only of these is social
    # Terms the article never uses and has no equivalent for, with the paragraphs that come nearest.
    not_in_article: tuple[tuple[str, tuple[int, ...]], ...] = ()


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


def display_path(path: Path) -> str:
    """Return ``path`` as a person would type it: relative to the working folder when inside it."""
    try:
        return os.path.relpath(path)
    except ValueError:  # pragma: no cover - another drive on Windows
        return str(path)


class _Checker:
    """Collect every problem in one pass, so an admin sees them all, not one per attempt."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.problems: list[SourceError] = []

    def add(self, line: int | None, message: str) -> None:
        self.problems.append(SourceError(self.name, line, message))

    def text(self, mapping: Located, key: str, *, required: bool = True, limit: int | None = None) -> str | None:
        if key not in mapping or mapping[key] is None:
            if required:
                self.add(mapping.line, f"missing field '{key}'")
            return None
        value = mapping[key]
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            self.add(mapping.line_of(key), f"'{key}' must be text, not {_kind(value)}")
            return None
        value = value.strip()
        if not value:
            self.add(mapping.line_of(key), f"'{key}' is empty")
            return None
        if limit is not None and len(value) > limit:
            self.add(mapping.line_of(key), f"'{key}' is {len(value)} characters; at most {limit} fit")
            return None
        return value

    def integer(self, mapping: Located, key: str, *, low: int = 1, high: int | None = None) -> int | None:
        if key not in mapping:
            self.add(mapping.line, f"missing field '{key}'")
            return None
        return self.int_value(mapping[key], mapping.line_of(key), f"'{key}'", low=low, high=high)

    def int_value(self, value: Any, line: int, what: str, *, low: int = 1, high: int | None = None) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(line, f"{what} must be a whole number, not {_kind(value)}")
            return None
        if value < low or (high is not None and value > high):
            shown = f"{low}-{high}" if high is not None else f"{low} or more"
            self.add(line, f"{what} is {value}; it must be {shown}")
            return None
        return value

    def paragraphs(self, mapping: Located, key: str, *, required: bool = True) -> tuple[int, ...]:
        value = mapping.get(key)
        if value is None:
            if required:
                self.add(mapping.line, f"missing field '{key}'")
            return ()
        if isinstance(value, int) and not isinstance(value, bool):
            value = LocatedList([value])
            value.line, value.item_lines = mapping.line_of(key), [mapping.line_of(key)]
        if not isinstance(value, list):
            self.add(mapping.line_of(key), f"'{key}' must be a list of paragraph numbers, not {_kind(value)}")
            return ()
        if not value and required:
            self.add(mapping.line_of(key), f"'{key}' is empty; cite at least one paragraph")
        numbers = []
        for index, item in enumerate(value):
            line = value.line_of(index) if isinstance(value, LocatedList) else mapping.line_of(key)
            number = self.int_value(item, line, "paragraph", high=PARAGRAPH_COUNT)
            if number is not None:
                numbers.append(number)
        return tuple(numbers)

    def strings(self, mapping: Located, key: str, *, required: bool, minimum: int = 0, limit: int | None = None) -> tuple[str, ...]:
        value = mapping.get(key)
        if value is None:
            if required:
                self.add(mapping.line, f"missing field '{key}'")
            return ()
        if not isinstance(value, list):
            self.add(mapping.line_of(key), f"'{key}' must be a list, not {_kind(value)}")
            return ()
        if len(value) < minimum:
            self.add(mapping.line_of(key), f"'{key}' has {len(value)} item(s); at least {minimum} needed")
        found = []
        for index, item in enumerate(value):
            line = value.line_of(index) if isinstance(value, LocatedList) else mapping.line_of(key)
            if isinstance(item, (int, float)) and not isinstance(item, bool):
                item = str(item)
            if not isinstance(item, str) or not item.strip():
                self.add(line, f"an item of '{key}' is {'empty' if item in ('', None) else _kind(item)}; it must be text")
                continue
            if limit is not None and len(item.strip()) > limit:
                self.add(line, f"an item of '{key}' is {len(item.strip())} characters; at most {limit}")
                continue
            found.append(item.strip())
        return tuple(found)

    def mapping(self, value: Any, line: int, what: str) -> Located | None:
        if not isinstance(value, Located):
            self.add(line, f"{what} must be a mapping of fields, not {_kind(value)}")
            return None
        return value


def _kind(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _load_article(path: Path) -> tuple[Article | None, _Checker]:
    name = display_path(path)
    check = _Checker(name)
    data = read_yaml(path, error=KnowledgeError, name=name)
    top = check.mapping(data, 1, "the file")
    if top is None:
        return None, check
    title = check.text(top, "title")
    author = check.text(top, "author")
    publication = check.text(top, "publication")
    issue = check.integer(top, "issue")
    series_part = check.integer(top, "series_part")
    standfirst = check.text(top, "standfirst")

    paragraphs: list[Paragraph] = []
    raw = top.get("paragraphs")
    if not isinstance(raw, list):
        check.add(top.line_of("paragraphs"), "missing list 'paragraphs' (the 29 body paragraphs)")
    else:
        for index, item in enumerate(raw):
            para = check.mapping(item, raw.line_of(index), "a paragraph")
            if para is None:
                continue
            number = check.integer(para, "number", high=PARAGRAPH_COUNT)
            text = check.text(para, "text")
            if number is not None and number != index + 1:
                check.add(para.line_of("number"), f"paragraph number {number} is out of order; expected {index + 1}")
            elif number is not None and text is not None:
                paragraphs.append(Paragraph(number, text))
        if len(raw) != PARAGRAPH_COUNT:
            check.add(raw.line, f"there are {len(raw)} paragraphs; the article has {PARAGRAPH_COUNT}")

    readings: list[Reading] = []
    raw = top.get("readings")
    if not isinstance(raw, list) or not raw:
        check.add(top.line_of("readings"), "missing list 'readings' (the daily passages)")
    else:
        expected = 1
        for index, item in enumerate(raw):
            reading = check.mapping(item, raw.line_of(index), "a reading")
            if reading is None:
                continue
            title_ = check.text(reading, "title", limit=90)
            numbers = check.paragraphs(reading, "paragraphs")
            prompt = check.text(reading, "prompt", limit=1500)
            if numbers:
                if list(numbers) != list(range(numbers[0], numbers[0] + len(numbers))):
                    check.add(reading.line_of("paragraphs"), f"paragraphs {list(numbers)} are not consecutive")
                elif numbers[0] != expected:
                    check.add(
                        reading.line_of("paragraphs"),
                        f"this reading starts at ¶{numbers[0]}, but the next unread paragraph is ¶{expected}",
                    )
                expected = numbers[-1] + 1
                if len(numbers) > 3:
                    check.add(reading.line_of("paragraphs"), f"a reading has at most 3 paragraphs, not {len(numbers)}")
            if title_ and numbers and prompt:
                readings.append(Reading(len(readings) + 1, title_, numbers, prompt, reading.line))
        if expected != PARAGRAPH_COUNT + 1 and not check.problems:
            check.add(raw.line, f"the readings stop at ¶{expected - 1}; every paragraph up to ¶{PARAGRAPH_COUNT} needs one")

    timeline = _load_timeline(top, check)

    if check.problems:
        return None, check
    return (
        Article(
            title=title,
            author=author,
            publication=publication,
            issue=issue,
            series_part=series_part,
            standfirst=standfirst,
            paragraphs=tuple(paragraphs),
            readings=tuple(readings),
            timeline=timeline,
        ),
        check,
    )


def _load_timeline(top: Located, check: _Checker) -> tuple[Event, ...]:
    """Read the optional ``timeline:`` list: dated events in date order, each citing paragraphs."""
    raw = top.get("timeline")
    if raw is None:
        return ()
    if not isinstance(raw, list):
        check.add(top.line_of("timeline"), f"'timeline' must be a list of events, not {_kind(raw)}")
        return ()
    events: list[Event] = []
    for index, item in enumerate(raw):
        fields = check.mapping(item, raw.line_of(index), "a timeline event")
        if fields is None:
            continue
        before = len(check.problems)
        when = check.text(fields, "when", limit=20)
        if when is not None and not YEAR_PATTERN.search(when):
            check.add(fields.line_of("when"), f"'when' is “{when}”; it needs a year, e.g. \"1923\" or \"1930s\"")
        event = check.text(fields, "event", limit=200)
        numbers = check.paragraphs(fields, "paragraphs")
        for key in sorted(set(fields) - {"when", "event", "paragraphs"}, key=str):
            check.add(fields.line_of(key), f"unknown field '{key}' (fields: when, event, paragraphs)")
        if len(check.problems) > before:
            continue
        found = Event(when, event, numbers, fields.line)
        if events and found.year < events[-1].year:
            check.add(
                fields.line_of("when"),
                f"{when} comes after {events[-1].when} (line {events[-1].line}); list the events in date order",
            )
            continue
        events.append(found)
    return tuple(events)


def _load_qa(path: Path) -> tuple[list[Entry], list[tuple[str, str]], _Checker]:
    name = display_path(path)
    check = _Checker(name)
    data = read_yaml(path, error=KnowledgeError, name=name)
    top = check.mapping(data, 1, "the file")
    if top is None:
        return [], [], check

    synonyms: list[tuple[str, str]] = []
    raw = top.get("synonyms")
    if raw is not None:
        if not isinstance(raw, Located):
            check.add(top.line_of("synonyms"), "'synonyms' must be a mapping of phrase: replacement")
        else:
            for key, value in raw.items():
                if not isinstance(key, str) or not isinstance(value, (str, int)) or not str(value).strip():
                    check.add(raw.line_of(key), f"synonym {key!r} must map text to text")
                    continue
                synonyms.append((key, str(value)))

    entries: list[Entry] = []
    raw = top.get("entries")
    if not isinstance(raw, list) or not raw:
        check.add(top.line_of("entries"), "missing list 'entries'")
        return [], synonyms, check
    seen: dict[str, int] = {}
    for index, item in enumerate(raw):
        entry = check.mapping(item, raw.line_of(index), "an entry")
        if entry is None:
            continue
        before = len(check.problems)
        entry_id = check.text(entry, "id")
        if entry_id is not None:
            if not ID_PATTERN.match(entry_id):
                check.add(entry.line_of("id"), f"id '{entry_id}' must be lower-case words joined by '-'")
            elif entry_id in seen:
                check.add(entry.line_of("id"), f"duplicate id '{entry_id}' (first used on line {seen[entry_id]})")
            else:
                seen[entry_id] = entry.line_of("id")
        questions = check.strings(entry, "questions", required=True, minimum=1, limit=QUESTION_LIMIT)
        if "questions" in entry and isinstance(entry["questions"], list) and not entry["questions"]:
            pass  # already reported: at least one needed
        answer = check.text(entry, "answer", limit=ANSWER_LIMIT)
        background = entry.get("background", False)
        if not isinstance(background, bool):
            check.add(entry.line_of("background"), "'background' must be true or false")
            background = False
        paragraphs = check.paragraphs(entry, "paragraphs", required=not background)
        related = check.strings(entry, "related", required=False)
        keywords = check.strings(entry, "keywords", required=False)
        unknown = set(entry) - {"id", "questions", "answer", "paragraphs", "background", "related", "keywords"}
        for key in sorted(unknown, key=str):
            check.add(entry.line_of(key), f"unknown field '{key}' (fields: id, questions, answer, paragraphs, background, related, keywords)")
        if len(check.problems) == before:
            entries.append(
                Entry(entry_id, questions, answer, paragraphs, background, related, keywords, entry.line)
            )
    for entry in entries:
        for other in entry.related:
            if other not in seen:
                # Reported against the entry so the admin finds it; the lint also lists it.
                check.add(entry.line, f"entry '{entry.id}' is related to '{other}', which does not exist")
    return entries, synonyms, check


def _load_words(path: Path) -> tuple[Words, _Checker]:
    """Read the optional ``words.yaml``: chatter, social phrases and terms the article lacks."""
    name = display_path(path)
    check = _Checker(name)
    if not path.exists():
        return Words(), check
    data = read_yaml(path, error=KnowledgeError, name=name)
    top = check.mapping(data, 1, "the file")
    if top is None:
        return Words(), check
    for key in sorted(set(top) - {"chatter", "social", "not_in_article"}, key=str):
        check.add(top.line_of(key), f"unknown section '{key}' (sections: chatter, social, not_in_article)")
    chatter = check.strings(top, "chatter", required=False, limit=100)

    social: list[tuple[str, str]] = []
    raw = top.get("social")
    if raw is not None:
        if not isinstance(raw, Located):
            check.add(top.line_of("social"), f"'social' must map each kind ({', '.join(SOCIAL_KINDS)}) to phrases")
        else:
            for kind in raw:
                if kind not in SOCIAL_KINDS:
                    check.add(raw.line_of(kind), f"unknown kind '{kind}' (kinds: {', '.join(SOCIAL_KINDS)})")
                    continue
                social += [(phrase, kind) for phrase in check.strings(raw, kind, required=False, limit=100)]

    absent: list[tuple[str, tuple[int, ...]]] = []
    raw = top.get("not_in_article")
    if raw is not None:
        if not isinstance(raw, Located):
            check.add(top.line_of("not_in_article"), "'not_in_article' must map each term to a list of paragraphs")
        else:
            for term in raw:
                if not isinstance(term, str) or not term.strip():
                    check.add(raw.line_of(term), f"term {term!r} must be text")
                    continue
                if raw[term] in (None, []):
                    absent.append((term.strip(), ()))
                    continue
                numbers = check.paragraphs(raw, term, required=False)
                if numbers:
                    absent.append((term.strip(), numbers))
    return Words(chatter, tuple(social), tuple(absent)), check


def load_knowledge(folder: Path) -> Knowledge:
    """Load and validate ``article.yaml``, ``qa.yaml`` and (if present) ``words.yaml`` from ``folder``.

    Raises :class:`KnowledgeError` listing every problem found, first one first.
    """
    folder = Path(folder)
    article, article_check = _load_article(folder / ARTICLE_FILE)
    entries, synonyms, qa_check = _load_qa(folder / QA_FILE)
    words, words_check = _load_words(folder / WORDS_FILE)
    problems = article_check.problems + qa_check.problems + words_check.problems
    if problems:
        first, *rest = problems
        raise KnowledgeError(first.file, first.line, first.message, more=rest)
    assert article is not None
    files = (folder / ARTICLE_FILE, folder / QA_FILE) + ((folder / WORDS_FILE,) if (folder / WORDS_FILE).exists() else ())
    return Knowledge(
        article=article,
        entries=tuple(entries),
        synonyms=tuple(synonyms),
        words=words,
        files=files,
    )


def topics(knowledge: Knowledge) -> list[tuple[str, list[Entry]]]:
    """Group the entries by the reading their first cited paragraph belongs to, in reading order.

    Entries that cite no paragraph (the article itself, background) come first, under
    "About the article".
    """
    article = knowledge.article
    groups: dict[int, list[Entry]] = {reading.day: [] for reading in article.readings}
    general: list[Entry] = []
    for entry in knowledge.entries:
        if entry.paragraphs and not entry.background:
            groups[article.reading_of(min(entry.paragraphs)).day].append(entry)
        else:
            general.append(entry)
    result = [("About the article", general)] if general else []
    for reading in article.readings:
        if groups[reading.day]:
            heading = f"Day {reading.day}: {reading.title} ({paragraph_span(reading.paragraphs)})"
            result.append((heading, groups[reading.day]))
    return result


def paragraph_span(numbers: tuple[int, ...] | list[int]) -> str:
    """Return paragraph numbers as a reader writes them: ¶7, ¶7–8, ¶4, ¶7, ¶10."""
    numbers = sorted(set(numbers))
    if not numbers:
        return ""
    if numbers == list(range(numbers[0], numbers[-1] + 1)) and len(numbers) > 1:
        return f"¶{numbers[0]}–{numbers[-1]}"
    return ", ".join(f"¶{n}" for n in numbers)
