"""Adding a phrasing to qa.yaml keeps every byte an admin wrote, and never leaves a broken file."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.core import qa_edit
from bot.core.knowledge import load_knowledge

ROOT = Path(__file__).resolve().parent.parent


def only_inserted_line(before: str, after: str) -> str:
    """Return the one line ``after`` adds to ``before``, failing if anything else differs."""
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    assert len(new) == len(old) + 1
    for index, line in enumerate(new):
        if old[:index] + old[index:] == new[:index] + new[index + 1 :]:
            return line
    raise AssertionError("more than one line changed")


def test_adds_the_phrasing_and_changes_nothing_else(folder):
    path = folder / "qa.yaml"
    before = path.read_text(encoding="utf-8")
    added = qa_edit.add_phrasing(folder, "article-author", "who penned this piece")
    after = path.read_text(encoding="utf-8")
    line = only_inserted_line(before, after)
    assert line == "      - who penned this piece\n"
    assert after.splitlines()[added.line - 1] == line.rstrip("\n")
    assert load_knowledge(folder).entry("article-author").questions[-1] == "who penned this piece"
    # Every comment the admins wrote is still there.
    assert [c for c in before.splitlines() if c.lstrip().startswith("#")] == [
        c for c in after.splitlines() if c.lstrip().startswith("#")
    ]


def test_a_phrasing_joins_the_questions_not_the_not_said_ones(folder):
    # year-1929 lists not_said questions right after its questions: the new one is a question.
    before = load_knowledge(folder).entry("year-1929")
    assert before.not_said
    qa_edit.add_phrasing(folder, "year-1929", "in what year did trotsky leave russia for good")
    after = load_knowledge(folder).entry("year-1929")
    assert after.questions == (*before.questions, "in what year did trotsky leave russia for good")
    assert after.not_said == before.not_said


@pytest.mark.parametrize("phrasing", ["yes", "what's #1: the title?", "null", "1917", "it's “quoted”", 'a "b" c\\d'])
def test_awkward_phrasings_read_back_exactly(folder, phrasing):
    before = (folder / "qa.yaml").read_text(encoding="utf-8")
    qa_edit.add_phrasing(folder, "article-title", phrasing)
    only_inserted_line(before, (folder / "qa.yaml").read_text(encoding="utf-8"))
    assert load_knowledge(folder).entry("article-title").questions[-1] == phrasing


def test_text_insertion_keeps_a_hand_laid_file(tmp_path):
    """A hand-laid layout (odd indents, trailing comments) gets one plain line inserted, nothing else touched."""
    text = (
        "# hand written\n"
        "entries:\n"
        "    -   id: one   # first\n"
        "        questions:\n"
        "          - who   # a comment after the item\n"
        "          - 'what'\n"
        '        answer:   "An answer."\n'
        "        paragraphs: [1]\n"
    )
    new, line, method = qa_edit.edited_text(text, "one", "where")
    assert method == "block list"
    assert new == text.replace("          - 'what'\n", "          - 'what'\n          - where\n")
    assert line == 7


def test_flow_lists_grow_in_place():
    text = "entries:\n  - id: one\n    questions: [who, what]  # short\n    answer: x\n"
    new, line, _ = qa_edit.edited_text(text, "one", "where, then?")
    assert line == 3
    assert new == 'entries:\n  - id: one\n    questions: [who, what, "where, then?"]  # short\n    answer: x\n'
    assert yaml.safe_load(new)["entries"][0]["questions"][-1] == "where, then?"


def test_crlf_and_missing_final_newline_are_kept():
    text = "entries:\r\n  - id: one\r\n    questions:\r\n      - who\r\n      - what"
    new, _, _ = qa_edit.edited_text(text, "one", "where")
    assert new == text + "\r\n      - where"


def test_an_existing_phrasing_is_refused(folder):
    before = (folder / "qa.yaml").read_bytes()
    first = load_knowledge(folder).entry("article-author").questions[0]
    with pytest.raises(qa_edit.PhrasingExists):
        qa_edit.add_phrasing(folder, "article-author", first.upper() + "!")
    assert (folder / "qa.yaml").read_bytes() == before


def test_an_unknown_entry_is_refused(folder):
    before = (folder / "qa.yaml").read_bytes()
    with pytest.raises(qa_edit.EntryNotFound):
        qa_edit.add_phrasing(folder, "no-such-entry", "anything")
    assert (folder / "qa.yaml").read_bytes() == before


def test_a_failing_validation_leaves_the_file_untouched(folder):
    """The article is broken meanwhile: the edited qa.yaml cannot be validated, so nothing is written."""
    before = (folder / "qa.yaml").read_bytes()
    (folder / "article.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    with pytest.raises(qa_edit.EditRejected) as caught:
        qa_edit.add_phrasing(folder, "article-author", "who penned this piece")
    assert "article.yaml:" in str(caught.value)
    assert (folder / "qa.yaml").read_bytes() == before
    assert not [p for p in folder.iterdir() if p.name.startswith(".qa.yaml")]  # no temporary left behind


def test_an_already_broken_file_is_not_touched(folder):
    path = folder / "qa.yaml"
    broken = path.read_text(encoding="utf-8").replace("\nentries:\n", "\nentries: [\n", 1)
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(qa_edit.EditError):
        qa_edit.add_phrasing(folder, "article-author", "who penned this piece")
    assert path.read_text(encoding="utf-8") == broken


def test_a_hand_edit_saved_meanwhile_is_kept(folder, monkeypatch):
    """An admin saves qa.yaml between the bot's read and its write: both edits survive."""
    path = folder / "qa.yaml"
    real_validate = qa_edit._validate
    calls = []

    def validate_then_admin_saves(*args, **kwargs):
        result = real_validate(*args, **kwargs)
        if not calls:
            calls.append(1)
            text = path.read_text(encoding="utf-8")
            path.write_text(
                text.replace("\nentries:\n", "\n# a note the admin just added\nentries:\n", 1), encoding="utf-8"
            )
        return result

    monkeypatch.setattr(qa_edit, "_validate", validate_then_admin_saves)
    qa_edit.add_phrasing(folder, "article-author", "who penned this piece")
    after = path.read_text(encoding="utf-8")
    assert "# a note the admin just added\nentries:" in after
    assert "      - who penned this piece\n" in after
    assert load_knowledge(folder).entry("article-author").questions[-1] == "who penned this piece"


def test_the_write_is_atomic(folder, monkeypatch):
    """The file is replaced by a rename of a complete temporary file, never written in place."""
    replaced = []
    before = (folder / "qa.yaml").read_bytes()
    real_replace = qa_edit.os.replace

    def spy(source, target):
        source, target = Path(source), Path(target)
        replaced.append(target)
        assert source.parent == target.parent  # same folder: a rename, not a copy across disks
        assert target.read_bytes() == before  # untouched until the rename
        assert b"      - who penned this piece\n" in source.read_bytes()  # the temporary is complete
        real_replace(source, target)

    monkeypatch.setattr(qa_edit.os, "replace", spy)
    qa_edit.add_phrasing(folder, "article-author", "who penned this piece")
    assert [target.name for target in replaced] == ["qa.yaml"]


def test_stub_is_yaml_an_admin_can_paste():
    stub = qa_edit.entry_stub(
        ["Why did Stalin like tea?", "yes"], times=3, last_asked="2026-11-20", used_ids={"stalin-tea"}
    )
    data = yaml.safe_load("entries:\n" + stub)
    entry = data["entries"][0]
    assert entry["id"] == "stalin-tea-2"
    assert entry["questions"] == ["Why did Stalin like tea?", "yes", None, None]  # two more to write
    assert entry["answer"] is None  # left for a person to write: it will not load until then
    assert "# asked 3 times, last 2026-11-20" in stub


def test_a_linked_qa_file_stays_a_link(folder, tmp_path):
    real = tmp_path / "elsewhere.yaml"
    (folder / "qa.yaml").rename(real)
    (folder / "qa.yaml").symlink_to(real)
    qa_edit.add_phrasing(folder, "article-author", "who penned this piece")
    assert (folder / "qa.yaml").is_symlink()
    assert "      - who penned this piece\n" in real.read_text(encoding="utf-8")


# -- at scale, and beside editors' scripts (issue 14: 9, 10, 12) -----------------------------------
def served(folder):
    """The library serving ``folder``, as the bot holds it: its knowledge and the digests of its files."""
    from bot.config import load_config
    from bot.core.library import Library

    return Library(folder, load_config().matching)


def test_the_served_file_is_checked_by_parsing_only_the_entry_changed(folder, monkeypatch):
    library = served(folder)
    parsed = []
    real = qa_edit.yaml.compose

    def compose(text, **options):
        parsed.append(len(text))
        return real(text, **options)

    monkeypatch.setattr(qa_edit.yaml, "compose", compose)
    monkeypatch.setattr(qa_edit, "load_knowledge", None)  # the file is not loaded again either
    added = qa_edit.add_phrasing(folder, "trotsky-expelled", "why did they boot trotsky", basis=library.basis)
    size = len((folder / "qa.yaml").read_text(encoding="utf-8"))
    assert parsed and max(parsed) < size / 20
    monkeypatch.undo()
    # What the bot serves next is exactly what loading the file gives, line numbers and all.
    fresh = load_knowledge(folder)
    assert added.knowledge == fresh
    assert [entry.line for entry in added.knowledge.entries] == [entry.line for entry in fresh.entries]


def test_a_hand_edit_not_loaded_yet_gets_the_thorough_check(folder):
    library = served(folder)
    path = folder / "qa.yaml"
    path.write_text("# a note saved by hand\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    added = qa_edit.add_phrasing(folder, "trotsky-expelled", "why did they boot trotsky", basis=library.basis)
    assert path.read_text(encoding="utf-8").startswith("# a note saved by hand\n")
    fresh = load_knowledge(folder)
    assert added.knowledge == fresh
    assert [entry.line for entry in added.knowledge.entries] == [entry.line for entry in fresh.entries]


def test_the_one_line_check_is_not_a_quadratic_diff(folder, monkeypatch):
    """difflib's SequenceMatcher took minutes on large files of repeated lines; the edit needs none."""
    import difflib

    def refuse(*args, **kwargs):
        raise AssertionError("a line diff of the whole file")

    monkeypatch.setattr(difflib, "SequenceMatcher", refuse)
    before = (folder / "qa.yaml").read_text(encoding="utf-8")
    qa_edit.add_phrasing(folder, "article-author", "who penned this piece")
    only_inserted_line(before, (folder / "qa.yaml").read_text(encoding="utf-8"))


def test_the_write_holds_the_lock_editors_scripts_take(folder, monkeypatch):
    import fcntl
    import threading

    monkeypatch.setattr(qa_edit, "LOCK_WAIT", 0.2)
    path = folder / "qa.yaml"
    before = path.read_bytes()
    with (folder / "qa.yaml.lock").open("w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        with pytest.raises(qa_edit.EditError, match=r"knowledge/qa\.yaml is being written by another program"):
            qa_edit.add_phrasing(folder, "article-author", "who penned this piece")
        assert path.read_bytes() == before

    # A script holding the lock a moment while it writes: the bot waits, then adds on top of its edit.
    monkeypatch.setattr(qa_edit, "LOCK_WAIT", 5.0)
    locked, release = threading.Event(), threading.Event()

    def script():
        with (folder / "qa.yaml.lock").open("w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            locked.set()
            release.wait(5)
            path.write_text(path.read_text(encoding="utf-8") + "# the script's line\n", encoding="utf-8")

    writer = threading.Thread(target=script)
    writer.start()
    locked.wait(5)
    threading.Timer(0.2, release.set).start()
    qa_edit.add_phrasing(folder, "article-author", "who penned this piece")
    writer.join()
    after = path.read_text(encoding="utf-8")
    assert after.endswith("# the script's line\n") and "      - who penned this piece\n" in after


@pytest.mark.parametrize(
    "text, line",
    [
        (
            (
                "entries:\n  - id: one\n    questions: &shared\n      - who\n    answer: a\n"
                "  - id: two\n    questions: *shared\n    answer: b\n"
            ),
            3,
        ),
        (
            (
                "entries:\n  - &base\n    id: one\n    questions:\n      - who\n    answer: a\n"
                "  - <<: *base\n    id: two\n"
            ),
            2,
        ),
    ],
)
def test_questions_shared_through_an_anchor_are_refused_with_its_line(text, line):
    with pytest.raises(qa_edit.SharedQuestions) as caught:
        qa_edit.edited_text(text, "one", "where")
    assert f"on line {line}" in str(caught.value)


def test_an_anchor_used_once_is_no_reason_to_refuse():
    text = "entries:\n  - id: one\n    questions: &mine\n      - who\n    answer: a\n"
    new, _, _ = qa_edit.edited_text(text, "one", "where")
    assert yaml.safe_load(new)["entries"][0]["questions"] == ["who", "where"]


def test_the_running_bots_library_keeps_its_knowledge_out_of_the_collectors_walks(folder):
    """freeze: what a build leaves is frozen (never walked by the collector, which holds the GIL),
    and a replaced engine is still freed, by reference counting, as soon as it is swapped out."""
    import gc
    import weakref

    from bot.config import load_config
    from bot.core.library import Library

    gc.collect()  # this test process's own garbage is not to be frozen with it
    try:
        library = Library(folder, load_config().matching, freeze=True)
        assert gc.get_freeze_count() > 0 and gc.isenabled()
        first = weakref.ref(library.engine)
        added = qa_edit.add_phrasing(folder, "article-author", "who penned this piece", basis=library.basis)
        library.serve(added.knowledge, added.digest)
        assert first() is None  # frozen, yet freed by reference counting
        assert library.engine.ask("who penned this piece").entry.id == "article-author"
    finally:
        gc.unfreeze()


def test_a_replaced_engine_is_freed_without_the_collector(folder):
    """An engine holds no reference cycle (its spelling cache holds the vocabulary, not the engine):
    with the collector off, swapping it out of the library frees it at once."""
    import gc
    import weakref

    from bot.config import load_config
    from bot.core.library import Library

    library = Library(folder, load_config().matching)
    library.engine.ask("who wrote the artcle")  # fills the spelling cache
    first = weakref.ref(library.engine)
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        qa_edit.add_phrasing(folder, "article-author", "who put this piece together")  # a hand edit, for the library
        assert library.reload().changed == ("article-author",)
        assert first() is None
    finally:
        if was_enabled:
            gc.enable()


def test_a_replaced_engine_a_reader_still_holds_is_left_whole(folder):
    """The library takes a replaced engine apart a slice at a time (freeing it at once holds the GIL
    for a long time), but never one that a reader is still answering with."""
    from bot.config import load_config
    from bot.core.library import Library

    library = Library(folder, load_config().matching)
    reader = library.engine
    before = reader.ask("who wrote the article")
    added = qa_edit.add_phrasing(folder, "article-author", "who penned this piece", basis=library.basis)
    library.serve(added.knowledge, added.digest)
    assert library.engine is not reader
    assert reader.ask("who wrote the article") == before
    assert reader.knowledge.entries
