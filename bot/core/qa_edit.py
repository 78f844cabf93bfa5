"""Write members' questions into ``knowledge/qa.yaml`` without touching anything an admin wrote.

The organisers own the file and edit it by hand, so a write from the bot must change exactly one
thing: it adds one phrasing to one entry, as one new line after the entry's last phrasing (or
one more item in a ``[flow, list]``). Nothing else in the file is read back and re-written, so
comments, quotes and layout stay byte for byte. (A YAML round trip would re-write the whole file
to change one line: 26 s at 10,000 entries, and a diff to prove nothing else moved.)

Two ways to check the result, one fast and one thorough:

- When the file is byte for byte the one the served knowledge was loaded from (its SHA-256, see
  :class:`bot.core.library.Basis`), only the edited entry is parsed again: the rest of the file
  is known to load, and the entry must read back as before plus the phrasing. The new knowledge
  is the served one with that phrasing, so nothing is loaded twice. A 50,000-entry file costs
  what a 50-entry one does, bar reading and writing it.
- Otherwise (a hand edit not yet loaded, or no basis given), the whole file is parsed to find the
  entry, and the result is validated on a copy of the knowledge folder.

Either way the file is replaced atomically (a temporary file in the same folder, then
``os.replace``), under an advisory lock on ``qa.yaml.lock`` beside it (``fcntl.flock``; editors'
scripts that take it too never interleave with the bot), and read again just before the replace:
a hand edit saved meanwhile is never lost, the addition is redone on top of it.

Nothing here imports discord: the cog and the command line share it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib
import json
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.core import text as textmod
from bot.core.knowledge import ARTICLE_FILE, QA_FILE, QUESTION_LIMIT, WORDS_FILE, Knowledge, load_knowledge
from bot.core.library import Basis, digest
from bot.core.yamlsource import parse_yaml
from bot.errors import KnowledgeError, ReadingBotError, SourceError

# POSIX only (not on Windows, where the lock is skipped: it is advisory anyway).
fcntl = importlib.import_module("fcntl") if os.name == "posix" else None

_ATTEMPTS = 3  # a hand edit landing between our read and our write makes us start again
LOCK_SUFFIX = ".lock"  # qa.yaml.lock: hold it (flock, exclusive) while a script writes qa.yaml
LOCK_WAIT = 10.0  # seconds to wait for another writer's lock before giving up
_LOCK_POLL = 0.05
# libyaml's parser when PyYAML has it: finding one entry in a large file is several times faster.
_COMPOSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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


class SharedQuestions(EditError):
    """The entry's questions are one YAML node shared with another place (an anchor and alias)."""


@dataclass(frozen=True)
class Added:
    """A phrasing written into the file, and the knowledge the file now holds."""

    entry_id: str
    phrasing: str
    line: int  # where the new phrasing sits in qa.yaml (1-based)
    method: str  # "block list" or "flow list": how the entry's questions are laid out
    knowledge: Knowledge | None = None  # the file's knowledge, validated, ready to serve
    digest: str = ""  # SHA-256 of the bytes written


def shown(folder: Path) -> str:
    """Name qa.yaml as the organisers know it (``knowledge/qa.yaml``), wherever the bot runs."""
    return f"{Path(folder).name}/{QA_FILE}"


# -- adding a phrasing -----------------------------------------------------------------------------
def add_phrasing(folder: Path, entry_id: str, phrasing: str, *, basis: Basis | None = None) -> Added:
    """Add ``phrasing`` to the questions of entry ``entry_id`` in ``folder/qa.yaml``, safely.

    ``basis``: the served knowledge and the digests of the files it came from, for the fast
    check (see the module's docstring). Raises :class:`EditError` (and leaves the file as it
    was) when the file cannot be read, the entry is missing, already has the phrasing, or the
    result would not load.
    """
    folder = Path(folder)
    # Replace the real file, not a symbolic link to it (the link would become a plain copy).
    path = (folder / QA_FILE).resolve()
    phrasing = " ".join(phrasing.split())
    if not phrasing:
        raise EditError("the phrasing is empty")
    if len(phrasing) > QUESTION_LIMIT:
        raise EditError(f"the phrasing is {len(phrasing)} characters; at most {QUESTION_LIMIT} fit")
    _read(path, folder)  # a missing or unreadable file is reported before anything is created
    with _locked(folder):
        for _ in range(_ATTEMPTS):
            original, text = _read(path, folder)
            edit = _edit(folder, text, original, entry_id, phrasing, basis)
            encoded = edit.text.encode("utf-8")
            if _replace_if_unchanged(path, original, encoded, folder):
                digest_ = hashlib.sha256(encoded).hexdigest()
                return Added(entry_id, phrasing, edit.line, edit.method, edit.knowledge, digest_)
    raise FileChangedMeanwhile(f"{shown(folder)} kept changing while the phrasing was being added; try again")


def _read(path: Path, folder: Path) -> tuple[bytes, str]:
    """Return qa.yaml's bytes and text, or raise EditError naming the file and the problem."""
    name = shown(folder)
    try:
        original = path.read_bytes()
    except FileNotFoundError:
        raise EditError(f"{name} does not exist") from None
    except IsADirectoryError:
        raise EditError(f"{name} is a folder, not a file") from None
    except OSError as exc:
        raise EditError(f"{name} cannot be read ({exc.strerror})") from None
    try:
        return original, original.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise EditError(f"{name} is not UTF-8 text ({exc.reason} at byte {exc.start})") from None


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Hold the advisory lock on ``qa.yaml.lock`` beside qa.yaml; wait at most LOCK_WAIT seconds."""
    if fcntl is None:  # pragma: no cover
        yield
        return
    lock_path = folder / (QA_FILE + LOCK_SUFFIX)
    try:
        handle = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise EditError(f"{shown(folder)} cannot be locked for writing ({lock_path.name}: {exc.strerror})") from None
    try:
        # Counted in polls, not by the clock: a test's simulated clock may stand still meanwhile.
        for _ in range(max(1, round(LOCK_WAIT / _LOCK_POLL))):
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                time.sleep(_LOCK_POLL)
        else:
            raise EditError(
                f"{shown(folder)} is being written by another program (it holds {lock_path.name}); try again"
            )
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
    finally:
        os.close(handle)


@dataclass(frozen=True)
class _Edit:
    text: str
    line: int
    method: str
    knowledge: Knowledge


def _edit(folder: Path, text: str, original: bytes, entry_id: str, phrasing: str, basis: Basis | None) -> _Edit:
    """Make the edited text and check it: fast when ``original`` is the served file, else thoroughly."""
    if basis is not None and basis.qa_digest == hashlib.sha256(original).hexdigest():
        article = digest(folder / ARTICLE_FILE)
        entry = basis.knowledge.entry(entry_id) if basis.knowledge.has_entry(entry_id) else None
        if entry is not None and article is not None and article == basis.article_digest:
            fast = _fast_edit(text, basis.knowledge, entry.line, entry_id, phrasing)
            if fast is not None:
                return fast
    new_text, line, method = edited_text(text, entry_id, phrasing)
    return _Edit(new_text, line, method, _validate(folder, new_text, entry_id, phrasing))


def edited_text(text: str, entry_id: str, phrasing: str) -> tuple[str, int, str]:
    """Return ``text`` with ``phrasing`` added to entry ``entry_id``, its line and how it was made.

    Pure: reads nothing from disk. The result differs from ``text`` by one inserted line (or, for
    a flow list, by one item on the list's line).
    """
    root = _compose(text)
    entry, questions = _locate(root, entry_id)
    _refuse_shared(root, entry, questions, entry_id, text)
    return _insert(text, questions, entry_id, phrasing)


def _insert(text: str, questions: yaml.SequenceNode, entry_id: str, phrasing: str) -> tuple[str, int, str]:
    folded = textmod.fold(phrasing)
    for node in questions.value:
        if isinstance(node, yaml.ScalarNode) and textmod.fold(node.value) == folded:
            raise PhrasingExists(f"entry '{entry_id}' already has the phrasing “{node.value}”")
    if questions.flow_style:
        # ``questions: [a, b]`` is one line: it grows in place.
        return _insert_in_flow(text, questions, phrasing), questions.start_mark.line + 1, "flow list"
    new_text, line = _insert_after_last(text, questions, phrasing)
    return new_text, line, "block list"


def _compose(text: str) -> yaml.Node | None:
    try:
        return yaml.compose(text, Loader=_COMPOSER)
    except yaml.YAMLError as exc:
        raise EditError(f"qa.yaml does not parse as it stands ({exc}); fix it first") from None


def _locate(root: yaml.Node | None, entry_id: str) -> tuple[yaml.MappingNode, yaml.SequenceNode]:
    entries = _value(root, "entries")
    if not isinstance(entries, yaml.SequenceNode):
        raise EditError("qa.yaml has no list 'entries'")
    for entry in entries.value:
        id_node = _value(entry, "id")
        if isinstance(id_node, yaml.ScalarNode) and id_node.value == entry_id:
            return entry, _questions(entry, entry_id)
    raise EntryNotFound(f"there is no entry '{entry_id}' in qa.yaml (renamed or removed?)")


def _questions(entry: yaml.Node, entry_id: str) -> yaml.SequenceNode:
    questions = _value(entry, "questions")
    if not isinstance(questions, yaml.SequenceNode) or not questions.value:
        raise EditError(f"entry '{entry_id}' has no list of questions to add to")
    return questions


def _refuse_shared(root: yaml.Node | None, entry: yaml.Node, questions: yaml.Node, entry_id: str, text: str) -> None:
    """Refuse when the entry or its questions are a node reused through an anchor (``&x`` … ``*x``).

    The phrasing would be added to every place that uses it, growing another entry too.
    """
    uses: dict[int, int] = {}
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        uses[id(node)] = uses.get(id(node), 0) + 1
        if uses[id(node)] > 1:
            continue  # an alias: its insides were counted where the anchor is
        if isinstance(node, yaml.MappingNode):
            stack += [part for pair in node.value for part in pair]
        elif isinstance(node, yaml.SequenceNode):
            stack += node.value
    for node in (questions, entry):
        if uses.get(id(node), 0) > 1:
            found = re.match(r"&([^\s,\[\]{}]+)", text[node.start_mark.index :])
            anchor = f" '&{found.group(1)}'" if found else ""
            raise SharedQuestions(
                f"entry '{entry_id}' shares its questions with another place through the YAML anchor{anchor}"
                f" on line {node.start_mark.line + 1}; adding a phrasing there would add it to both."
                " Give the entry a list of its own, then try again"
            )


def _value(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    for key_node, value_node in node.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
            return value_node
    return None


_ITEM = re.compile(r"^( *)- ")


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


# -- the fast check: the served file plus one entry ------------------------------------------------
def _fast_edit(text: str, served: Knowledge, line: int, entry_id: str, phrasing: str) -> _Edit | None:
    """Edit the entry starting on ``line`` of the served file, parsing that entry alone.

    Returns ``None`` (use the thorough check) whenever the entry cannot be cut out of the file on
    its own: not laid out as ``- id: …`` items, or using anchors and aliases.
    """
    span = _entry_span(text, line)
    if span is None:
        return None
    start, end = span
    fragment = text[start:end]
    if _uses_anchors(fragment):
        return None
    try:
        root = yaml.compose(fragment, Loader=_COMPOSER)
    except yaml.YAMLError:
        return None
    if not isinstance(root, yaml.SequenceNode) or len(root.value) != 1:
        return None
    entry = root.value[0]
    id_node = _value(entry, "id")
    if not (isinstance(id_node, yaml.ScalarNode) and id_node.value == entry_id):
        return None
    new_fragment, fragment_line, method = _insert(fragment, _questions(entry, entry_id), entry_id, phrasing)
    before, after = _entry_data(fragment), _entry_data(new_fragment)
    if before is None or after is None:
        return None
    grown = after.pop("questions", None)
    had = before.pop("questions", None)
    if before != after or not isinstance(had, list) or grown != [*had, phrasing]:
        return None  # only the phrasing may change; anything else: the thorough check decides
    new_line = line - 1 + fragment_line
    inserted = new_fragment.count("\n") - fragment.count("\n")
    knowledge = dataclasses.replace(
        served,
        entries=tuple(_moved(entry_, entry_id, phrasing, new_line, inserted) for entry_ in served.entries),
    )
    return _Edit(text[:start] + new_fragment + text[end:], new_line, method, knowledge)


def _moved(entry, entry_id: str, phrasing: str, line: int, inserted: int):
    if entry.id == entry_id:
        return dataclasses.replace(entry, questions=(*entry.questions, phrasing))
    if inserted and entry.line >= line:
        return dataclasses.replace(entry, line=entry.line + inserted)
    return entry


def _entry_span(text: str, line: int) -> tuple[int, int] | None:
    """Return where the list item starting on ``line`` (1-based) begins and ends in ``text``.

    The item runs until the first line, other than a blank or a comment, indented no further
    than its ``-``; YAML's block structure guarantees nothing of the item lies beyond it.
    """
    offset = 0
    for _ in range(line - 1):
        offset = text.find("\n", offset) + 1
        if offset == 0:
            return None
    first_end = text.find("\n", offset)
    first = text[offset : len(text) if first_end == -1 else first_end]
    found = _ITEM.match(first)
    if found is None:
        return None
    indent = len(found.group(1))
    end = len(text) if first_end == -1 else first_end + 1
    position = end
    while position < len(text):
        newline_at = text.find("\n", position)
        following = len(text) if newline_at == -1 else newline_at + 1
        current = text[position:following]
        stripped = current.strip()
        if stripped and not stripped.startswith("#"):
            if len(current) - len(current.lstrip(" ")) <= indent:
                break
            end = following
        position = following
    return offset, end


def _uses_anchors(fragment: str) -> bool:
    try:
        return any(
            isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None)
            for event in yaml.parse(fragment, Loader=_COMPOSER)
        )
    except yaml.YAMLError:
        return True


def _entry_data(fragment: str) -> dict | None:
    try:
        data = parse_yaml(fragment, QA_FILE)
    except SourceError:
        return None
    if not isinstance(data, list) or len(data) != 1 or not isinstance(data[0], dict):
        return None
    return dict(data[0])


# -- the thorough check ---------------------------------------------------------------------------
def _validate(folder: Path, new_text: str, entry_id: str, phrasing: str) -> Knowledge:
    """Load the edited file beside a copy of the article; raise EditRejected if it would not load."""
    with tempfile.TemporaryDirectory(prefix="qa-check-") as scratch:
        copy = Path(scratch)
        for name in (ARTICLE_FILE, WORDS_FILE):  # the rest of the knowledge, as it stands
            if (folder / name).exists():
                shutil.copyfile(folder / name, copy / name)
        (copy / QA_FILE).write_bytes(new_text.encode("utf-8"))
        try:
            knowledge = load_knowledge(copy)
        except KnowledgeError as error:
            raise EditRejected([_renamed(problem, folder) for problem in error.all()]) from None
    entry = knowledge.entry(entry_id) if knowledge.has_entry(entry_id) else None
    if entry is None or entry.questions[-1] != phrasing:
        raise EditRejected([SourceError(QA_FILE, None, f"the phrasing did not land in entry '{entry_id}'")])
    # The copy's paths are gone with the scratch folder: name the real files.
    return dataclasses.replace(knowledge, files=tuple(folder / path.name for path in knowledge.files))


def _renamed(problem: SourceError, folder: Path) -> SourceError:
    # Problems name the scratch copy; the admin needs the real file.
    return SourceError(str(folder / Path(problem.file).name), problem.line, problem.message)


def _replace_if_unchanged(path: Path, original: bytes, new: bytes, folder: Path) -> bool:
    """Write ``new`` over ``path`` atomically unless the file changed since ``original`` was read."""
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise EditError(f"{shown(folder)} cannot be written ({exc.strerror})") from None
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
    except BaseException as exc:
        if os.path.exists(temporary):
            os.unlink(temporary)
        if isinstance(exc, OSError):
            raise EditError(f"{shown(folder)} cannot be written ({exc.strerror})") from None
        raise
    return True


# -- stubs for new entries --------------------------------------------------------------------------
# Empty phrasings for the organiser to fill in: an empty item does not load, so none is forgotten.
STUB_PLACEHOLDERS = (
    "write another way members ask it, as they would type it (a casual one)",
    "and another: two or three words",
)


def entry_stub(questions: Iterable[str], *, times: int = 1, last_asked: str = "", used_ids: Iterable[str] = ()) -> str:
    """Return a ready-to-paste entry for members' ``questions``: phrasings filled, answer left to write.

    Indented to sit under ``entries:`` in qa.yaml. The answer and two more phrasings are left
    empty on purpose (``check`` asks for at least three), so the file will not load (and the bot
    will not serve it) until a person writes them.
    """
    questions = [" ".join(q.split()) for q in questions if q.strip()]
    entry_id = _stub_id(questions[0] if questions else "new entry", set(used_ids))
    asked = f"asked {times} time{'s' if times != 1 else ''}" + (f", last {last_asked}" if last_asked else "")
    lines = [f"  # {asked}", f"  - id: {entry_id}", "    questions:"]
    lines += [f"      - {_scalar(q, flow=False)}" for q in questions]
    lines += [f"      -  # {placeholder}" for placeholder in STUB_PLACEHOLDERS]
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
