"""The knowledge being served, swapped whole on reload.

A reload builds the new knowledge and its engine aside and replaces the old pair in one
assignment only when both are valid: readers never see half an edit, and a broken edit leaves the
previous version serving.
"""

from __future__ import annotations

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
    return (entry.questions, entry.answer, entry.paragraphs, entry.background, entry.related, entry.keywords)


class Library:
    """Hold the served knowledge and engine; reload them safely from ``folder``."""

    def __init__(self, folder: Path, settings: MatchSettings) -> None:
        self.folder = Path(folder)
        self.settings = settings
        self._stamps = self._read_stamps()
        self.engine = Engine(load_knowledge(self.folder), settings)

    @property
    def knowledge(self) -> Knowledge:
        """The knowledge being served."""
        return self.engine.knowledge

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
        engine = Engine(load_knowledge(self.folder), self.settings)
        changes = compare(self.engine.knowledge, engine.knowledge)
        self.engine = engine
        return changes
