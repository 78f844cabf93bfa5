"""The knowledge being served, swapped whole on reload.

A reload builds the new knowledge and its engine aside and replaces the old pair in one
assignment only when both are valid: readers never see half an edit, and a broken edit leaves the
previous version serving.

The library also remembers what the served knowledge was loaded from (a SHA-256 of each file's
bytes, read before and after the load: equal, or unknown). With it an added phrasing is checked
against the one entry it changes instead of the whole file (:mod:`bot.core.qa_edit`), and the
result is served without loading the file again (:meth:`Library.serve`).
"""

from __future__ import annotations

import gc
import hashlib
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bot.core.knowledge import ARTICLE_FILE, QA_FILE, WORDS_FILE, Knowledge, load_knowledge
from bot.core.matcher import Engine, MatchSettings


@dataclass(frozen=True)
class Changes:
    """What a reload changed in the Q&A entries."""

    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    article_changed: bool = False

    @property
    def any(self) -> bool:
        """Say whether anything changed at all."""
        return bool(self.added or self.removed or self.changed or self.article_changed)


def compare(old: Knowledge, new: Knowledge) -> Changes:
    """Return what changed between two versions of the knowledge."""
    before = {entry.id: entry for entry in old.entries}
    after = {entry.id: entry for entry in new.entries}
    return Changes(
        added=tuple(i for i in after if i not in before),
        removed=tuple(i for i in before if i not in after),
        changed=tuple(i for i in after if i in before and _content(after[i]) != _content(before[i])),
        article_changed=old.article != new.article or old.synonyms != new.synonyms,
    )


def _content(entry) -> tuple:
    # The line an entry sits on moves when another entry is edited: not a change of this one.
    return (
        entry.questions,
        entry.answer,
        entry.paragraphs,
        entry.header,
        entry.background,
        entry.view,
        entry.related,
        entry.keywords,
    )


@dataclass(frozen=True)
class Basis:
    """The served knowledge and the digests of the files it was loaded from (``None``: not known)."""

    knowledge: Knowledge
    qa_digest: str | None
    article_digest: str | None


def digest(path: Path) -> str | None:
    """Return the SHA-256 of a file's bytes, or ``None`` when it cannot be read."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None


class Library:
    """Hold the served knowledge and engine; reload them safely from ``folder``.

    Building a large knowledge base allocates millions of objects, and CPython's cyclic garbage
    collector walks every object it tracks, holding the GIL, again and again as they pile up: at
    10,000 entries that stalled the event loop for up to 0.9 s although the build ran in a worker
    thread. So a build runs with the collector held off. With ``freeze`` (the running bot; see
    :func:`bot.app.run_bot`) what it built is then frozen (``gc.freeze``): never walked again. A
    frozen object in a reference cycle would never be collected, but an engine and its knowledge
    hold none (nothing they refer to refers back), so a replaced engine is freed by reference
    counting as soon as the last reader lets go of it. Tests leave ``freeze`` off: freezing would
    keep every earlier test's garbage for good.
    """

    def __init__(
        self, folder: Path, settings: MatchSettings, *, engine: Engine | None = None, freeze: bool = False
    ) -> None:
        """Load the knowledge in ``folder`` and build its engine (or serve ``engine``, built from it already)."""
        self.folder = Path(folder)
        self.settings = settings
        self.freeze = freeze
        self._stamps = self._read_stamps()
        before = self._digests()
        if engine is None:
            engine = self._build(lambda: Engine(load_knowledge(self.folder), settings))
        elif freeze:
            gc.freeze()  # handed over to serve (python -m bot): frozen like the engines built here
        self._served = (engine, self._agreed(before))

    def _build(self, make: Callable[[], Engine]) -> Engine:
        """Build an engine with the collector held off; with ``freeze``, freeze what is alive after."""
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            engine = make()
            if self.freeze:
                gc.freeze()
        finally:
            if was_enabled:
                gc.enable()
        return engine

    @property
    def engine(self) -> Engine:
        """The engine serving members."""
        return self._served[0]

    @property
    def knowledge(self) -> Knowledge:
        """The knowledge being served."""
        return self.engine.knowledge

    @property
    def basis(self) -> Basis:
        """The served knowledge with the digests of the files it came from."""
        engine, (qa, article) = self._served
        return Basis(engine.knowledge, qa, article)

    def _digests(self) -> tuple[str | None, str | None]:
        return digest(self.folder / QA_FILE), digest(self.folder / ARTICLE_FILE)

    def _agreed(self, before: tuple[str | None, str | None]) -> tuple[str | None, str | None]:
        # A save between the two reads means the load may have seen either version: not known.
        after = self._digests()
        qa, article = (b if b == a else None for b, a in zip(before, after))
        return qa, article

    def _read_stamps(self) -> tuple:
        stamps = []
        for name in (ARTICLE_FILE, QA_FILE, WORDS_FILE):
            try:
                stat = (self.folder / name).stat()
                stamps.append((stat.st_mtime_ns, stat.st_size))
            except OSError:
                stamps.append(None)
        return tuple(stamps)

    def changed_on_disk(self) -> bool:
        """Say whether a knowledge file changed since the last load or attempt (a cheap stat)."""
        return self._read_stamps() != self._stamps

    def reload(self) -> Changes:
        """Load the files again and serve them if valid; raise KnowledgeError and keep the old otherwise."""
        self._stamps = self._read_stamps()  # a broken edit is reported once, not on every poll
        before = self._digests()
        if None not in before and before == self._served[1]:
            return Changes()  # saved again unchanged (or touched): nothing to build
        # The served engine lends what it read of each text that did not change (see Engine).
        engine = self._build(lambda: Engine(load_knowledge(self.folder), self.settings, previous=self.engine))
        return self._swap(engine, self._agreed(before))

    def serve(self, knowledge: Knowledge, qa_digest: str) -> Changes:
        """Serve ``knowledge``, already loaded and checked, which qa.yaml now holds (``qa_digest``).

        For the bot's own edit of qa.yaml: the file is not loaded a second time. Should the file
        on disk no longer be the one written (a save since), the next poll loads it.
        """
        engine = self._build(lambda: Engine(knowledge, self.settings, previous=self.engine))
        stamps = self._read_stamps()
        qa, article = self._digests()
        changes = self._swap(engine, (qa_digest, self.basis.article_digest))
        self._stamps = stamps if qa == qa_digest and article == self.basis.article_digest else ()
        return changes

    def _swap(self, engine: Engine, digests: tuple[str | None, str | None]) -> Changes:
        old = self.engine
        changes = compare(old.knowledge, engine.knowledge)
        self._served = (engine, digests)
        retiring = [old]
        del old
        _retire(retiring)
        return changes


# Items freed at a time when a replaced engine is taken apart: a few milliseconds' work each.
_SLICE = 500


def _retire(retiring: list[Engine]) -> None:
    """Free the replaced engine in ``retiring`` a slice at a time, unless someone still holds it.

    Freeing an object frees what only it refers to, all in one C call that holds the GIL: dropping
    a 10,000-entry engine (millions of objects) at once stalled the event loop for 140-260 ms,
    although it happened in a worker thread. Taken apart a slice at a time, in Python, the GIL
    changes hands between slices. Only what nothing else refers to is taken apart (the engine
    itself, then each of its containers): a reader still answering with the old engine keeps it
    whole, and it is freed whole when that reader lets go; what the new engine shares with it
    (entries, what it read of unchanged texts) is only let go of.
    """
    engine = retiring.pop()
    if sys.getrefcount(engine) > 2:  # this name and the call's argument: anyone else is a reader
        return
    _take_apart(vars(engine))


def _take_apart(attributes: dict) -> None:
    """Empty an object's ``attributes``, each container that nothing else refers to a slice at a time."""
    while attributes:
        _, value = attributes.popitem()
        if sys.getrefcount(value) > 2:  # shared with the new engine, or a constant: let go of, not emptied
            continue
        if isinstance(value, tuple) and len(value) > _SLICE:
            value = list(value)  # the tuple is freed, its items held by the list: emptied below
        if isinstance(value, list):
            _free(value)
        elif isinstance(value, dict):
            # The keys go at once (mostly words, shared with the new engine); the values a slice at a time.
            values = list(value.values())
            value.clear()
            _free(values)
        elif type(value).__module__.startswith("bot."):
            _take_apart(vars(value))  # the knowledge, what the engine read of its texts
        del value


def _free(items: list) -> None:
    """Empty ``items`` a slice at a time; a list among them (a posting list, up to one an entry) on its own."""
    while items:
        if type(items[-1]) is list:
            item = items.pop()
            if sys.getrefcount(item) == 2:  # this name and the call's argument
                while item:
                    del item[-_SLICE:]
            del item
        else:
            del items[-_SLICE:]
