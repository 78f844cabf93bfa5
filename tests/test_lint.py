"""The lint finds what the schema cannot see, each as ``file:line: …`` with a severity."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

from bot.core import lint as lintmod
from bot.core.knowledge import load_knowledge
from bot.core.matcher import Engine

ROOT = Path(__file__).resolve().parent.parent


def edit(folder: Path, old: str, new: str) -> None:
    path = folder / "qa.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(folder: Path, needle: str, name: str = "qa.yaml") -> int:
    for number, line in enumerate((folder / name).read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(needle)


def findings(folder: Path):
    knowledge = load_knowledge(folder)
    return lintmod.lint(knowledge, Engine(knowledge))


def test_shipped_knowledge_has_no_errors():
    knowledge = load_knowledge(ROOT / "knowledge")
    assert [str(f) for f in lintmod.lint(knowledge, Engine(knowledge)) if f.is_error] == []


def test_near_duplicate_phrasings_name_both_lines_and_the_score(folder):
    edit(folder, "      - who is the author\n", "      - who is the author\n      - whats the title of the article\n")
    found = [f for f in findings(folder) if "article-title" in f.message and "article-author" in f.message]
    assert found, [str(f) for f in findings(folder)]
    finding = found[0]
    text = str(finding)
    assert finding.line == line_of(folder, "whats the title of the article")
    assert f"qa.yaml:{finding.line}:" in text
    assert f"qa.yaml:{line_of(folder, '- What is the title of the article?')}" in text
    assert "score" in text


def test_the_same_phrasing_in_two_entries_is_an_error(folder):
    edit(
        folder, "      - who is the author\n", "      - who is the author\n      - What is the title of the article?\n"
    )
    errors = [f for f in findings(folder) if f.is_error]
    assert errors and "folds to the same words" in errors[0].message


def test_uncited_paragraph_is_a_warning_at_its_line(folder):
    knowledge = load_knowledge(folder)
    uncited = dataclasses.replace(
        knowledge, entries=tuple(e for e in knowledge.entries if 29 not in e.paragraphs), files=knowledge.files
    )
    found = [
        f
        for f in lintmod.uncited_paragraphs(uncited, "article.yaml", lintmod._SourceLines(folder))
        if "¶29" in f.message
    ]
    assert found and not found[0].is_error
    assert found[0].line == line_of(folder, "number: 29", "article.yaml")


def test_reading_without_prompt_and_unknown_related_are_errors(folder):
    knowledge = load_knowledge(folder)
    article = dataclasses.replace(
        knowledge.article,
        readings=(dataclasses.replace(knowledge.article.readings[0], prompt="TODO"), *knowledge.article.readings[1:]),
    )
    first = dataclasses.replace(knowledge.entries[0], related=("no-such-entry",))
    broken = dataclasses.replace(
        knowledge, article=article, entries=(first, *knowledge.entries[1:]), files=knowledge.files
    )
    found = lintmod.lint(broken)
    assert any(f.is_error and "day 1 has no discussion prompt" in f.message for f in found)
    assert any(
        f.is_error and "'no-such-entry', which does not exist" in f.message and f.line == first.line for f in found
    )


def test_long_answers_are_reported(folder):
    knowledge = load_knowledge(folder)
    long_entry = dataclasses.replace(knowledge.entries[0], answer="word " * 500)
    over_guideline = dataclasses.replace(knowledge.entries[1], answer="word " * 200)
    changed = dataclasses.replace(
        knowledge, entries=(long_entry, over_guideline, *knowledge.entries[2:]), files=knowledge.files
    )
    found = {f.message.split("'")[1]: f for f in lintmod.long_answers(changed, "qa.yaml")}
    assert found[long_entry.id].is_error and "2000" in found[long_entry.id].message
    assert not found[over_guideline.id].is_error


def test_check_fails_on_errors_and_lists_warnings(folder, tmp_path, monkeypatch):
    from bot import cli

    config = tmp_path / "config" / "config.yaml"
    config.parent.mkdir()
    config.write_text(
        (ROOT / "config" / "config.yaml")
        .read_text(encoding="utf-8")
        .replace("knowledge_dir: knowledge", f"knowledge_dir: {folder}"),
        encoding="utf-8",
    )
    out = io.StringIO()
    assert cli.main(["--config", str(config), "check"], stdout=out) == 0, out.getvalue()
    assert out.getvalue().splitlines()[-1].startswith("ok:")

    edit(
        folder, "      - who is the author\n", "      - who is the author\n      - What is the title of the article?\n"
    )
    out = io.StringIO()
    assert cli.main(["--config", str(config), "check"], stdout=out) == 1
    assert any(line.startswith("error: ") and "qa.yaml:" in line for line in out.getvalue().splitlines())


def test_lint_never_imports_discord():
    import subprocess
    import sys

    code = "import sys, bot.core.lint, bot.core.qa_edit, bot.core.curation; sys.exit('discord' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=False).returncode == 0
