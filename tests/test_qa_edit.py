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


@pytest.mark.parametrize("phrasing", ["yes", "what's #1: the title?", "null", "1917", "it's “quoted”", 'a "b" c\\d'])
def test_awkward_phrasings_read_back_exactly(folder, phrasing):
    before = (folder / "qa.yaml").read_text(encoding="utf-8")
    qa_edit.add_phrasing(folder, "article-title", phrasing)
    only_inserted_line(before, (folder / "qa.yaml").read_text(encoding="utf-8"))
    assert load_knowledge(folder).entry("article-title").questions[-1] == phrasing


def test_text_insertion_keeps_a_hand_laid_file(tmp_path):
    """A layout ruamel would reformat (odd indents, trailing comments) gets a plain line insertion."""
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
    assert method == "text insertion"
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
    assert entry["questions"] == ["Why did Stalin like tea?", "yes"]
    assert entry["answer"] is None  # left for a person to write: it will not load until then
    assert "# asked 3 times, last 2026-11-20" in stub


def test_a_linked_qa_file_stays_a_link(folder, tmp_path):
    real = tmp_path / "elsewhere.yaml"
    (folder / "qa.yaml").rename(real)
    (folder / "qa.yaml").symlink_to(real)
    qa_edit.add_phrasing(folder, "article-author", "who penned this piece")
    assert (folder / "qa.yaml").is_symlink()
    assert "      - who penned this piece\n" in real.read_text(encoding="utf-8")
