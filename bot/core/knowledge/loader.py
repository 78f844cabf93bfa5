"""Load ``knowledge/article.yaml`` and ``knowledge/qa.yaml`` and check them against the schema."""

from __future__ import annotations

from pathlib import Path

from bot.core.knowledge.model import (
    PARAGRAPH_COUNT,
    SOCIAL_KINDS,
    YEAR_PATTERN,
    Article,
    Entry,
    Event,
    Knowledge,
    Paragraph,
    Reading,
    View,
    Words,
)
from bot.core.knowledge.schema import (
    ANSWER_LIMIT,
    ENTRY_FIELDS,
    ID_PATTERN,
    QUESTION_LIMIT,
    SAYS_NOT_SAID,
    SUBJECT_LIMIT,
    Checker,
    kind_of,
)
from bot.core.yamlsource import Located, display_path, read_yaml
from bot.errors import KnowledgeError

ARTICLE_FILE = "article.yaml"
QA_FILE = "qa.yaml"
WORDS_FILE = "words.yaml"  # optional: how members talk (chatter, social messages, terms the article lacks)


def _load_article(path: Path) -> tuple[Article | None, Checker]:
    name = display_path(path)
    check = Checker(name)
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
            check.add(
                raw.line, f"the readings stop at ¶{expected - 1}; every paragraph up to ¶{PARAGRAPH_COUNT} needs one"
            )

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


def _load_timeline(top: Located, check: Checker) -> tuple[Event, ...]:
    """Read the optional ``timeline:`` list: dated events in date order, each citing paragraphs."""
    raw = top.get("timeline")
    if raw is None:
        return ()
    if not isinstance(raw, list):
        check.add(top.line_of("timeline"), f"'timeline' must be a list of events, not {kind_of(raw)}")
        return ()
    events: list[Event] = []
    for index, item in enumerate(raw):
        fields = check.mapping(item, raw.line_of(index), "a timeline event")
        if fields is None:
            continue
        before = len(check.problems)
        when = check.text(fields, "when", limit=20)
        if when is not None and not YEAR_PATTERN.search(when):
            check.add(fields.line_of("when"), f'\'when\' is “{when}”; it needs a year, e.g. "1923" or "1930s"')
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


def _load_qa(path: Path) -> tuple[list[Entry], list[tuple[str, str]], Checker]:
    name = display_path(path)
    check = Checker(name)
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
        background = _flag(check, entry, "background")
        header = _flag(check, entry, "header")
        view = _view(check, entry)
        # Only an answer drawn from the header or from outside the article may cite no paragraph.
        paragraphs = check.paragraphs(entry, "paragraphs", required=not (background or header))
        related = check.strings(entry, "related", required=False)
        keywords = check.strings(entry, "keywords", required=False)
        subject = check.text(entry, "subject", required=False, limit=SUBJECT_LIMIT) or ""
        not_said = check.strings(entry, "not_said", required=False, limit=QUESTION_LIMIT)
        if not_said and answer is not None and not SAYS_NOT_SAID.search(answer):
            # The member who asks one of them is told the article doesn't say: the answer must say so.
            check.add(
                entry.line_of("not_said"),
                "'not_said' needs an answer that says what the article doesn't say (\"The article doesn't say…\")",
            )
        for key in sorted(set(entry) - set(ENTRY_FIELDS), key=str):
            check.add(entry.line_of(key), f"unknown field '{key}' (fields: {', '.join(ENTRY_FIELDS)})")
        if len(check.problems) == before:
            entries.append(
                Entry(
                    entry_id,
                    questions,
                    answer,
                    paragraphs,
                    background,
                    related,
                    keywords,
                    entry.line,
                    header,
                    view,
                    subject,
                    not_said,
                )
            )
    for entry in entries:
        for other in entry.related:
            if other not in seen:
                # Reported against the entry so the admin finds it; the lint also lists it.
                check.add(entry.line, f"entry '{entry.id}' is related to '{other}', which does not exist")
    return entries, synonyms, check


def _flag(check: Checker, entry: Located, key: str) -> bool:
    """Read an optional true/false field of an entry (false when absent)."""
    value = entry.get(key, False)
    if not isinstance(value, bool):
        check.add(entry.line_of(key), f"'{key}' must be true or false")
        return False
    return value


def _view(check: Checker, entry: Located) -> View | None:
    """Read an entry's optional ``view:``, the reply it gets instead of its answer (None when absent)."""
    if "view" not in entry:
        return None
    value = entry["view"]
    known = ", ".join(view.value for view in View)
    try:
        return View(value)
    except ValueError:
        shown = f"'{value}'" if isinstance(value, str) else kind_of(value)
        check.add(entry.line_of("view"), f"'view' is {shown}; it must be one of: {known}")
        return None


def _load_words(path: Path) -> tuple[Words, Checker]:
    """Read the optional ``words.yaml``: chatter, social phrases, terms the article lacks and asides."""
    name = display_path(path)
    check = Checker(name)
    if not path.exists():
        return Words(), check
    data = read_yaml(path, error=KnowledgeError, name=name)
    top = check.mapping(data, 1, "the file")
    if top is None:
        return Words(), check
    for key in sorted(set(top) - {"chatter", "social", "not_in_article", "aside"}, key=str):
        check.add(top.line_of(key), f"unknown section '{key}' (sections: chatter, social, not_in_article, aside)")
    chatter = check.strings(top, "chatter", required=False, limit=100)
    aside = check.strings(top, "aside", required=False, limit=100)

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
    return Words(chatter, tuple(social), tuple(absent), aside), check


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
    return Knowledge(
        article=article,
        entries=tuple(entries),
        synonyms=tuple(synonyms),
        words=words,
        files=(folder / ARTICLE_FILE, folder / QA_FILE)
        + ((folder / WORDS_FILE,) if (folder / WORDS_FILE).exists() else ()),
    )
