"""Write members' questions into ``knowledge/qa.yaml`` without touching anything an admin wrote.

The organisers own the file and edit it by hand, so a write from the bot must change exactly one
thing: it adds one phrasing to one entry. The new text is made by a round-trip YAML load and dump
(ruamel.yaml keeps comments and layout) and accepted only when it differs from the file by that one
inserted line; otherwise (a layout ruamel would reformat) the line is inserted as text after the
entry's last phrasing. Either way the result is validated on a copy of the knowledge folder, and
only then replaces the file atomically (a temporary file in the same folder, then ``os.replace``).
The file is read again just before the replace, so a hand edit saved meanwhile is never lost: the
addition is redone on top of it.

Nothing here imports discord: the cog and the command line share it.
"""

from __future__ import annotations

import difflib
import io
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError as RuamelError

from bot.core import text as textmod
from bot.core.knowledge import ARTICLE_FILE, QA_FILE, QUESTION_LIMIT, Knowledge, load_knowledge
from bot.errors import KnowledgeError, ReadingBotError, SourceError

_ATTEMPTS = 3  # a hand edit landing between our read and our write makes us start again


class EditError(ReadingBotError):
    """The phrasing could not be added; the file is unchanged."""


class EntryNotFound(EditError):
    """No entry has the id asked for (removed or renamed since the list was shown)."""


class PhrasingExists(EditError):
    """The entry already has this phrasing (or one that folds to the same words)."""


class EditRejected(EditError):
    """The edited file would not load; ``problems`` say why, as ``file:line: …``."""

    def __init__(self, problems: list[SourceError]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


class FileChangedMeanwhile(EditError):
    """The file kept changing on disk while we tried to write it."""


@dataclass(frozen=True)
class Added:
    """A phrasing written into the file."""

    entry_id: str
    phrasing: str
    line: int  # where the new phrasing sits in qa.yaml (1-based)
    method: str  # "round-trip" or "text insertion"


# -- adding a phrasing -----------------------------------------------------------------------------
def add_phrasing(folder: Path, entry_id: str, phrasing: str) -> Added:
    """Add ``phrasing`` to the questions of entry ``entry_id`` in ``folder/qa.yaml``, safely.

    Raises :class:`EditError` (and leaves the file as it was) when the entry is missing, already
    has the phrasing, or the result would not load.
    """
    folder = Path(folder)
    # Replace the real file, not a symbolic link to it (the link would become a plain copy).
    path = (folder / QA_FILE).resolve()
    phrasing = " ".join(phrasing.split())
    if not phrasing:
        raise EditError("the phrasing is empty")
    if len(phrasing) > QUESTION_LIMIT:
        raise EditError(f"the phrasing is {len(phrasing)} characters; at most {QUESTION_LIMIT} fit")
    for _ in range(_ATTEMPTS):
        original = path.read_bytes()
        text = original.decode("utf-8")
        new_text, line, method = edited_text(text, entry_id, phrasing)
        _validate(folder, new_text, entry_id, phrasing)
        if _replace_if_unchanged(path, original, new_text.encode("utf-8")):
            return Added(entry_id, phrasing, line, method)
    raise FileChangedMeanwhile("qa.yaml kept changing while the phrasing was being added; try again")


def edited_text(text: str, entry_id: str, phrasing: str) -> tuple[str, int, str]:
    """Return ``text`` with ``phrasing`` added to entry ``entry_id``, its line and how it was made.

    Pure: reads nothing from disk. The result differs from ``text`` by one inserted line.
    """
    _, questions = _locate(text, entry_id)
    folded = textmod.fold(phrasing)
    for node in questions.value:
        if isinstance(node, yaml.ScalarNode) and textmod.fold(node.value) == folded:
            raise PhrasingExists(f"entry '{entry_id}' already has the phrasing “{node.value}”")
    if questions.flow_style:
        # ``questions: [a, b]`` is one line; ruamel would rewrap it, so it grows in place.
        return _insert_in_flow(text, questions, phrasing), questions.start_mark.line + 1, "text insertion"
    new_text = _round_trip(text, entry_id, phrasing)
    if new_text is not None:
        line = _single_insertion(text, new_text)
        # ruamel reads YAML 1.2 and the loader PyYAML 1.1 ("yes" is text to one, true to the other).
        if line is not None and _reads_back(new_text, entry_id, phrasing):
            return new_text, line, "round-trip"
    new_text, line = _insert_after_last(text, questions, phrasing)
    return new_text, line, "text insertion"


def _locate(text: str, entry_id: str) -> tuple[yaml.MappingNode, yaml.SequenceNode]:
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise EditError(f"qa.yaml does not parse as it stands ({exc}); fix it first") from None
    entries = _value(root, "entries")
    if not isinstance(entries, yaml.SequenceNode):
        raise EditError("qa.yaml has no list 'entries'")
    for entry in entries.value:
        id_node = _value(entry, "id")
        if isinstance(id_node, yaml.ScalarNode) and id_node.value == entry_id:
            questions = _value(entry, "questions")
            if not isinstance(questions, yaml.SequenceNode) or not questions.value:
                raise EditError(f"entry '{entry_id}' has no list of questions to add to")
            return entry, questions
    raise EntryNotFound(f"there is no entry '{entry_id}' in qa.yaml (renamed or removed?)")


def _reads_back(text: str, entry_id: str, phrasing: str) -> bool:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return False
    for entry in (data.get("entries") if isinstance(data, dict) else None) or ():
        if isinstance(entry, dict) and entry.get("id") == entry_id:
            return (entry.get("questions") or [None])[-1] == phrasing
    return False


def _value(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    for key_node, value_node in node.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
            return value_node
    return None


def _round_trip(text: str, entry_id: str, phrasing: str) -> str | None:
    """Add the phrasing with ruamel.yaml's round trip; ``None`` when it cannot."""
    handler = YAML()  # round-trip mode: comments, quotes and order survive
    handler.preserve_quotes = True
    handler.width = 4096  # never rewrap an admin's long lines
    indent = _block_indent(text)
    if indent is None:
        return None
    handler.indent(mapping=indent[0], sequence=indent[1], offset=indent[2])
    try:
        data = handler.load(text)
        for entry in data["entries"]:
            if entry.get("id") == entry_id:
                entry["questions"].append(phrasing)
                break
        else:
            return None
        out = io.StringIO()
        handler.dump(data, out)
    except (RuamelError, KeyError, TypeError, AttributeError):
        return None
    return out.getvalue()


_ITEM = re.compile(r"^( *)- ")
_KEY = re.compile(r"^( *)[A-Za-z_][\w-]*:")


def _block_indent(text: str) -> tuple[int, int, int] | None:
    """Guess the file's (mapping, sequence, offset) indentation from ``entries:`` and its items."""
    lines = text.splitlines()
    for number, line in enumerate(lines):
        if line.startswith("entries:"):
            for item in lines[number + 1 :]:
                found = _ITEM.match(item)
                if found:
                    offset = len(found.group(1))
                    return 2, offset + 2, offset
                if item.strip() and not item.lstrip().startswith("#"):
                    return None
    return None


def _single_insertion(before: str, after: str) -> int | None:
    """Return the 1-based line of the one line ``after`` adds to ``before``; ``None`` otherwise."""
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    if not before.endswith("\n") and old:
        return None  # ruamel adds a final newline: that would be a change too
    operations = [
        op for op in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes() if op[0] != "equal"
    ]
    if len(operations) != 1:
        return None
    tag, _, _, j1, j2 = operations[0]
    if tag != "insert" or j2 - j1 != 1:
        return None
    return j1 + 1


def _newline(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def _scalar(phrasing: str, *, flow: bool) -> str:
    """Return ``phrasing`` as a YAML scalar that reads back as exactly ``phrasing``."""
    wrapped = f"[{phrasing}]" if flow else f"- {phrasing}"
    try:
        if yaml.safe_load(wrapped) == [phrasing] and "#" not in phrasing and "\\" not in phrasing:
            return phrasing
    except yaml.YAMLError:
        pass
    return json.dumps(phrasing, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def _insert_after_last(text: str, questions: yaml.SequenceNode, phrasing: str) -> tuple[str, int]:
    """Insert ``- phrasing`` as a new line after the last item of a block list of questions."""
    last = questions.value[-1]
    start = last.start_mark
    line_start = text.rfind("\n", 0, start.index) + 1
    prefix = text[line_start : start.index]  # e.g. "      - "
    if not _ITEM.match(prefix) or prefix.strip() != "-":
        raise EditError("the entry's questions are laid out in a way the bot will not edit; add the phrasing by hand")
    end = last.end_mark.index
    # The item may end mid-line (a trailing comment may follow) or at the start of the next line
    # (a block scalar): the new line goes after the line on which it ends.
    if end > 0 and text[end - 1] == "\n":
        insert_at = end
    else:
        newline_at = text.find("\n", end)
        insert_at = len(text) if newline_at == -1 else newline_at + 1
    newline = _newline(text)
    scalar = _scalar(phrasing, flow=False)
    if insert_at == len(text) and not text.endswith("\n"):
        # The last line has no newline: end it, then add ours, and leave the file ending as it did.
        return text + newline + prefix + scalar, text.count("\n") + 2
    return text[:insert_at] + prefix + scalar + newline + text[insert_at:], text.count("\n", 0, insert_at) + 1


def _insert_in_flow(text: str, questions: yaml.SequenceNode, phrasing: str) -> str:
    close = questions.end_mark.index - 1
    if text[close] != "]":
        raise EditError("the entry's questions are laid out in a way the bot will not edit; add the phrasing by hand")
    return text[:close] + ", " + _scalar(phrasing, flow=True) + text[close:]


def _validate(folder: Path, new_text: str, entry_id: str, phrasing: str) -> Knowledge:
    """Load the edited file beside a copy of the article; raise EditRejected if it would not load."""
    with tempfile.TemporaryDirectory(prefix="qa-check-") as scratch:
        copy = Path(scratch)
        article = folder / ARTICLE_FILE
        if article.exists():
            shutil.copyfile(article, copy / ARTICLE_FILE)
        (copy / QA_FILE).write_bytes(new_text.encode("utf-8"))
        try:
            knowledge = load_knowledge(copy)
        except KnowledgeError as error:
            raise EditRejected([_renamed(problem, folder) for problem in error.all()]) from None
    entry = knowledge.entry(entry_id) if knowledge.has_entry(entry_id) else None
    if entry is None or entry.questions[-1] != phrasing:
        raise EditRejected([SourceError(QA_FILE, None, f"the phrasing did not land in entry '{entry_id}'")])
    return knowledge


def _renamed(problem: SourceError, folder: Path) -> SourceError:
    # Problems name the scratch copy; the admin needs the real file.
    return SourceError(str(folder / Path(problem.file).name), problem.line, problem.message)


def _replace_if_unchanged(path: Path, original: bytes, new: bytes) -> bool:
    """Write ``new`` over ``path`` atomically unless the file changed since ``original`` was read."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(new)
            stream.flush()
            os.fsync(stream.fileno())
        shutil.copymode(path, temporary)
        # Read again right before replacing: an admin's save since our read wins, and we redo ours.
        if path.read_bytes() != original:
            os.unlink(temporary)
            return False
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
    return True


# -- stubs for new entries --------------------------------------------------------------------------
def entry_stub(questions: Iterable[str], *, times: int = 1, last_asked: str = "", used_ids: Iterable[str] = ()) -> str:
    """Return a ready-to-paste entry for members' ``questions``: phrasings filled, answer left to write.

    Indented to sit under ``entries:`` in qa.yaml. The answer is left empty on purpose, so the file
    will not load (and the bot will not serve it) until a person writes it.
    """
    questions = [" ".join(q.split()) for q in questions if q.strip()]
    entry_id = _stub_id(questions[0] if questions else "new entry", set(used_ids))
    asked = f"asked {times} time{'s' if times != 1 else ''}" + (f", last {last_asked}" if last_asked else "")
    lines = [f"  # {asked}", f"  - id: {entry_id}", "    questions:"]
    lines += [f"      - {_scalar(q, flow=False)}" for q in questions]
    lines += [
        "    answer: # from the article, a few sentences (at most 500 characters), citing (¶N)",
        "    paragraphs: []  # the paragraphs the answer cites, in the order it cites them",
    ]
    return "\n".join(lines)


def _stub_id(question: str, used: set[str]) -> str:
    words = textmod.content_words(textmod.fold(question))[:5] or ["new", "entry"]
    base = "-".join(words)
    candidate, number = base, 2
    while candidate in used:
        candidate, number = f"{base}-{number}", number + 1
    used.add(candidate)
    return candidate
