"""Property-based tests: whatever happens to the knowledge files, the loader says so or loads them whole.

The shipped ``article.yaml`` and ``qa.yaml`` are copied to a temporary folder and damaged as an
admin's editor or a bad paste might: truncated at any byte, lines deleted, duplicated, swapped or
re-indented, stray YAML put in, bytes that are not UTF-8, and every field given a value of the
wrong type (text, numbers, lists, mappings, nothing). Each time the loader either returns a whole,
valid :class:`Knowledge` (29 paragraphs, readings covering them all in order, every entry whole),
on which an answer engine can be built, or raises :class:`KnowledgeError` whose message starts with
the file and, where there is one, the line: never another exception, never half a load.
"""

from __future__ import annotations

import copy
import dataclasses
import re
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.config import load_config
from bot.core.knowledge import (
    ARTICLE_FILE,
    ID_PATTERN,
    PARAGRAPH_COUNT,
    QA_FILE,
    Knowledge,
    load_knowledge,
)
from bot.core.matcher import Engine
from bot.core.yamlsource import display_path
from bot.errors import KnowledgeError

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SHIPPED_DIR = load_config().knowledge_dir
SHIPPED = {name: (SHIPPED_DIR / name).read_bytes() for name in (ARTICLE_FILE, QA_FILE)}
SHIPPED_KNOWLEDGE = load_knowledge(SHIPPED_DIR)

WRONG_VALUES = [
    ["a list", "of text"],
    {"a": "mapping"},
    {"text": [1, {"nested": None}]},
    [[1, 2], {"x": None}],
    42,
    -3,
    3.5,
    float("nan"),
    None,
    True,
    "",
    "   ",
    [],
    {},
    "x" * 5000,
]
WRONG_YAML = [
    "[a, b]",
    "{x: 1}",
    "{text: [1, {n: ~}]}",
    "[[1, 2]]",
    "42",
    "-3",
    "3.5",
    ".nan",
    ".inf",
    "null",
    "~",
    "true",
    "''",
    "[]",
    "{}",
    "2023-01-01",
    "!!binary aGVsbG8=",
    "0x1F",
    "[1, 999]",
    "[0]",
    "&anchor x",
    "*alias",
    "!!python/object/apply:os.system ['true']",
    "'unclosed",
    "[unclosed",
    "|",
    ">-",
    '"\\x"',
]
GARBAGE_LINES = [
    "\t- x",
    "  : ",
    "&a",
    "*b",
    "<<: *c",
    "? [a, b]",
    "? {a: 1}",
    "{",
    "]",
    "'",
    '"',
    "%YAML 1.1",
    "---",
    "...",
    "- - -",
    "key: value",
    "  - id: stray",
    "questions:",
    "number: 1",
    "\u00a0text: x",
    "\ufeffid: x",
    "#",
    "\x00",
    "\x1b[31m",
    "entries: []",
    "paragraphs: [1, 2, 3]",
    "- {id: x, questions: [a], answer: b, paragraphs: [1]}",
]


def write(folder: Path, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        (folder / name).write_bytes(data)


def check_load(folder: Path, files: dict[str, bytes]) -> Knowledge | None:
    """Load ``folder`` and check the outcome; return the knowledge when it loaded."""
    try:
        knowledge = load_knowledge(folder)
    except KnowledgeError as error:
        check_error(folder, files, error)
        return None
    check_whole(knowledge)
    return knowledge


def check_error(folder: Path, files: dict[str, bytes], error: KnowledgeError) -> None:
    names = {display_path(folder / name): name for name in files}
    problems = [str(error)] + [str(problem) for problem in error.more]
    for problem in problems:
        match = re.match(r"^(.+?)(?::(\d+))?: (.+)$", problem, re.DOTALL)
        assert match, problem
        shown, line, message = match.groups()
        assert shown in names, (shown, problem)
        assert message.strip(), problem
        if line is not None:
            lines = files[names[shown]].count(b"\n") + 1
            assert 1 <= int(line) <= lines + 1, (problem, lines)
    first = str(error)
    assert any(re.match(rf"^{re.escape(path)}(:\d+)?: ", first) for path in names), first


def check_whole(knowledge: Knowledge) -> None:
    article = knowledge.article
    assert len(article.paragraphs) == PARAGRAPH_COUNT
    assert [p.number for p in article.paragraphs] == list(range(1, PARAGRAPH_COUNT + 1))
    assert all(isinstance(p.text, str) and p.text.strip() for p in article.paragraphs)
    for value in (article.title, article.author, article.publication, article.standfirst):
        assert isinstance(value, str) and value.strip()
    assert isinstance(article.issue, int) and isinstance(article.series_part, int)
    covered = [n for reading in article.readings for n in reading.paragraphs]
    assert covered == list(range(1, PARAGRAPH_COUNT + 1))
    assert [r.day for r in article.readings] == list(range(1, len(article.readings) + 1))
    assert all(r.title.strip() and r.prompt.strip() and 1 <= len(r.paragraphs) <= 3 for r in article.readings)
    for event in article.timeline:
        assert isinstance(event.when, str) and isinstance(event.event, str) and event.event.strip()
        assert event.paragraphs and all(1 <= n <= PARAGRAPH_COUNT for n in event.paragraphs)
    assert [event.year for event in article.timeline] == sorted(event.year for event in article.timeline)
    assert knowledge.entries
    ids = [entry.id for entry in knowledge.entries]
    assert len(set(ids)) == len(ids)
    for entry in knowledge.entries:
        assert ID_PATTERN.match(entry.id)
        assert entry.questions and all(isinstance(q, str) and q.strip() for q in entry.questions)
        assert isinstance(entry.answer, str) and entry.answer.strip()
        assert all(isinstance(n, int) and 1 <= n <= PARAGRAPH_COUNT for n in entry.paragraphs)
        assert entry.paragraphs or entry.background or entry.header
        assert all(other in ids for other in entry.related)
        assert all(isinstance(k, str) and k.strip() for k in entry.keywords)
    assert all(isinstance(a, str) and isinstance(b, str) for a, b in knowledge.synonyms)


def _content(knowledge: Knowledge) -> tuple:
    article = dataclasses.replace(
        knowledge.article, readings=tuple(dataclasses.replace(r, line=0) for r in knowledge.article.readings)
    )
    return article, tuple(dataclasses.replace(e, line=0) for e in knowledge.entries), knowledge.synonyms


def check_engine(knowledge: Knowledge) -> None:
    engine = Engine(knowledge)
    engine.ask("when was trotsky expelled")
    engine.complete("trot")


# -- line-level damage ---------------------------------------------------------------------------
SCALE = 1_000_000


def _mutate(data: bytes, operation: tuple) -> bytes:
    kind, a, b, pick = operation
    # a and b are positions as millionths of the file, so that any size of file is covered evenly.
    if kind == "truncate":
        return data[: a * len(data) // SCALE]
    if kind == "bytes":
        offset = a * len(data) // SCALE
        return data[:offset] + bytes([0xFF, 0xC3, 0x28][b % 3 :]) + data[offset:]
    lines = data.decode("utf-8", errors="surrogateescape").split("\n")
    i, j = a * len(lines) // (SCALE + 1), b * len(lines) // (SCALE + 1)
    if kind == "delete":
        del lines[i]
    elif kind == "duplicate":
        lines.insert(i, lines[i])
    elif kind == "swap":
        lines[i], lines[j] = lines[j], lines[i]
    elif kind == "indent":
        lines[i] = "  " + lines[i] if pick % 2 else lines[i][2:]
    elif kind == "garbage":
        lines.insert(i, GARBAGE_LINES[pick % len(GARBAGE_LINES)])
    elif kind == "value":
        # Give the nearest ``key: value`` or ``- item`` line at or after i a value of another type.
        wrong = WRONG_YAML[pick % len(WRONG_YAML)]
        for k in list(range(i, len(lines))) + list(range(i)):
            match = re.match(r"^(\s*(?:- )?[A-Za-z_]+:)\s*\S.*$|^(\s*- )\S.*$", lines[k])
            if match:
                lines[k] = (match.group(1) + " " if match.group(1) else match.group(2)) + wrong
                break
    return "\n".join(lines).encode("utf-8", errors="surrogateescape")


OPERATIONS = st.tuples(
    st.sampled_from(
        ["truncate", "bytes", "delete", "duplicate", "swap", "indent", "garbage", "value", "value", "value"]
    ),
    st.integers(0, SCALE),
    st.integers(0, SCALE),
    st.integers(0, 1_000),
)


@FUZZ
@given(st.lists(st.tuples(st.sampled_from([ARTICLE_FILE, QA_FILE]), OPERATIONS), min_size=1, max_size=3))
def test_damaged_files_load_whole_or_fail_with_file_and_line(damage):
    files = dict(SHIPPED)
    for name, operation in damage:
        files[name] = _mutate(files[name], operation)
    with tempfile.TemporaryDirectory() as folder:
        write(Path(folder), files)
        knowledge = check_load(Path(folder), files)
    # Building an engine takes a tenth of a second: only for knowledge the damage changed.
    if knowledge is not None and _content(knowledge) != _content(SHIPPED_KNOWLEDGE):
        check_engine(knowledge)


@pytest.mark.parametrize("name", [ARTICLE_FILE, QA_FILE])
@pytest.mark.parametrize("share", [0.0, 0.001, 0.1, 0.37, 0.5, 0.81, 0.999])
def test_truncated_files_are_refused_or_whole(tmp_path, name, share):
    files = dict(SHIPPED)
    files[name] = files[name][: int(len(files[name]) * share)]
    write(tmp_path, files)
    check_load(tmp_path, files)


@pytest.mark.parametrize("character", ["\x00", "\x07", "\x1b"])
def test_a_control_character_is_reported_with_its_line(tmp_path, character):
    lines = SHIPPED[QA_FILE].decode().split("\n")
    lines[200] += character
    files = dict(SHIPPED, **{QA_FILE: "\n".join(lines).encode()})
    write(tmp_path, files)
    with pytest.raises(
        KnowledgeError, match=rf"^{re.escape(display_path(tmp_path / QA_FILE))}:201: .*control character"
    ):
        load_knowledge(tmp_path)


def test_missing_files_name_the_file(tmp_path):
    (tmp_path / QA_FILE).write_bytes(SHIPPED[QA_FILE])
    with pytest.raises(KnowledgeError, match=rf"^{re.escape(display_path(tmp_path / ARTICLE_FILE))}: "):
        load_knowledge(tmp_path)


# -- wrong types in every field --------------------------------------------------------------------
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_ARTICLE = yaml.load(SHIPPED[ARTICLE_FILE], Loader=_LOADER)
_QA_FULL = yaml.load(SHIPPED[QA_FILE], Loader=_LOADER)
# Three entries of the shipped qa.yaml (first, middle, last) keep each load quick; related ids
# pointing at the others are dropped so that the small file loads as it is.
_KEPT = [_QA_FULL["entries"][i] for i in (0, len(_QA_FULL["entries"]) // 2, -1)]
_QA = {
    "synonyms": _QA_FULL["synonyms"],
    "entries": [
        dict(entry, related=[i for i in entry.get("related", []) if i in {e["id"] for e in _KEPT}]) for entry in _KEPT
    ],
}
SMALL = {ARTICLE_FILE: SHIPPED[ARTICLE_FILE], QA_FILE: yaml.dump(_QA, Dumper=_DUMPER, allow_unicode=True).encode()}
DELETE = object()


def _places() -> list[tuple[str, tuple]]:
    """Return ``(file, path)`` for every field of both files (first, middle and last list items)."""
    places: list[tuple[str, tuple]] = []
    for key in _ARTICLE:
        places.append((ARTICLE_FILE, (key,)))
    for index in (0, len(_ARTICLE["paragraphs"]) - 1):
        places.append((ARTICLE_FILE, ("paragraphs", index)))
        places += [(ARTICLE_FILE, ("paragraphs", index, key)) for key in ("number", "text")]
    for index in (0, len(_ARTICLE["readings"]) - 1):
        places.append((ARTICLE_FILE, ("readings", index)))
        places += [(ARTICLE_FILE, ("readings", index, key)) for key in ("title", "paragraphs", "prompt")]
        places.append((ARTICLE_FILE, ("readings", index, "paragraphs", 0)))
    timeline = _ARTICLE.get("timeline") or []
    for index in sorted({0, len(timeline) - 1} if timeline else set()):
        places.append((ARTICLE_FILE, ("timeline", index)))
        places += [(ARTICLE_FILE, ("timeline", index, key)) for key in ("when", "event", "paragraphs")]
    places += [(QA_FILE, ("synonyms",)), (QA_FILE, ("entries",)), (QA_FILE, ("synonyms", next(iter(_QA["synonyms"]))))]
    fields = ("id", "questions", "answer", "paragraphs", "header", "background", "view", "related", "keywords")
    for index in (0, len(_QA["entries"]) - 1):
        places.append((QA_FILE, ("entries", index)))
        places += [(QA_FILE, ("entries", index, key)) for key in fields]
        places += [(QA_FILE, ("entries", index, "questions", 0)), (QA_FILE, ("entries", index, "paragraphs", 0))]
    return places


def _replaced(document, path: tuple, value):
    document = copy.deepcopy(document)
    parent = document
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    if isinstance(parent, list) and last >= len(parent):
        parent.append(None)
    if value is DELETE:
        parent.pop(last, None) if isinstance(parent, dict) else parent.pop(last)
    else:
        parent[last] = value
    return document


@pytest.mark.parametrize(
    ("name", "path"), _places(), ids=lambda p: "/".join(map(str, p)) if isinstance(p, tuple) else p
)
def test_every_field_with_a_wrong_type(tmp_path, name, path):
    loaded = 0
    for value in [*WRONG_VALUES, DELETE]:
        document = _replaced(_ARTICLE if name == ARTICLE_FILE else _QA, path, value)
        files = dict(SMALL)
        files[name] = yaml.dump(document, Dumper=_DUMPER, allow_unicode=True, sort_keys=False).encode()
        write(tmp_path, files)
        knowledge = check_load(tmp_path, files)
        if knowledge is not None and not loaded:
            loaded += 1
            check_engine(knowledge)


def test_the_small_copy_used_for_wrong_types_loads(tmp_path):
    write(tmp_path, SMALL)
    assert len(check_load(tmp_path, SMALL).entries) == 3
