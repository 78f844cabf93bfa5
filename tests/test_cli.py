"""The command line and the offline console, driven as a person would use them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The fields the shared scorer and earlier tools read, plus the outcome, every entry answered and the
# whole reply (issue 11's contract).
FIELDS = {
    "question",
    "answered",
    "answer",
    "entry",
    "score",
    "paragraphs",
    "background",
    "suggestions",
    "outcome",
    "entries",
    "reply",
}


def run(*args: str, stdin: str = "", env: dict | None = None) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k != "DISCORD_TOKEN"}
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        check=False,
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=environment,
        timeout=60,
    )


def test_ask_json_contract_for_one_question():
    proc = run("ask", "--json", "where was trotsky exiled")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert set(data) == FIELDS
    assert data["answered"] is True and "Alma Ata" in data["answer"]
    assert data["entry"] and 3 in data["paragraphs"] and 0 <= data["score"] <= 100
    assert data["background"] is False and data["suggestions"] == []
    assert data["outcome"] == "answer" and data["entries"] == [data["entry"]]
    assert "Alma Ata" in data["reply"] and "¶3" in data["reply"]


def test_ask_json_outcomes_for_a_members_messages():
    questions = [
        "hiya, thanks for doing this!",
        "explain para 19 pls",
        "when was trotsky expelled from the party, and when was he deported?",
        "what was the NEP",
        "what's a good recipe for lentil soup",
        "🙂",
    ]
    proc = run("ask", "--json", stdin="\n".join(questions) + "\n")
    answers = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [a["outcome"] for a in answers] == ["social", "passage", "answer", "decline", "decline", "unreadable"]
    for answer in answers:
        assert set(answer) == FIELDS and answer["reply"]
        assert answer["answered"] is (answer["outcome"] == "answer")
    social, passage, two_part, absent, off_topic, _ = answers
    assert "doesn't cover" not in social["reply"]
    assert passage["paragraphs"] == [19] and "Siberia" in passage["reply"]
    assert two_part["entries"] == ["trotsky-expelled", "year-1929"] and two_part["entry"] == "trotsky-expelled"
    assert "1927" in two_part["answer"] and "1929" in two_part["answer"] and "1929" in two_part["reply"]
    assert absent["reply"].startswith("The article doesn't say") and "NEP" in absent["reply"]
    assert off_topic["paragraphs"] == [] and off_topic["suggestions"] == []


def test_plain_ask_reads_questions_from_stdin():
    proc = run("ask", stdin="where was trotsky exiled\nhello\n")
    assert proc.returncode == 0, proc.stderr
    assert "Alma Ata" in proc.stdout and "Hello!" in proc.stdout


def test_ask_json_reads_stdin_in_order():
    questions = ["when was trotsky expelled", "what did stalin eat for breakfast", "", "trotsky"]
    proc = run("ask", "--json", stdin="\n".join(questions) + "\n")
    lines = proc.stdout.splitlines()
    assert len(lines) == len(questions)
    answers = [json.loads(line) for line in lines]
    assert [a["question"] for a in answers] == questions
    assert answers[0]["answered"] and "1927" in answers[0]["answer"]
    assert answers[1]["answered"] is False and answers[1]["answer"] is None and answers[1]["entry"] is None
    assert answers[2]["answered"] is False
    for answer in answers:
        assert set(answer) == FIELDS
        for suggestion in answer["suggestions"]:
            assert set(suggestion) == {"entry", "question"}


def test_ask_does_not_import_discord():
    code = (
        "import sys; from bot.cli import main; main(['ask', 'alma ata'], stdout=open('/dev/null', 'w')); "
        "assert 'discord' not in sys.modules, 'discord imported'"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], check=False, cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr


def test_ask_prints_a_readable_answer():
    proc = run("ask", "why did stalin win")
    assert proc.returncode == 0
    assert "¶16" in proc.stdout and "social force" in proc.stdout


def test_check_passes_on_the_shipped_files():
    proc = run("check")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.strip().splitlines()[-1].startswith("ok:")


def test_check_fails_with_file_and_line(tmp_path):
    import shutil

    shutil.copytree(ROOT / "knowledge", tmp_path / "knowledge")
    shutil.copytree(ROOT / "config", tmp_path / "config", ignore=shutil.ignore_patterns(".env"))
    qa = tmp_path / "knowledge" / "qa.yaml"
    qa.write_text(
        qa.read_text(encoding="utf-8").replace(
            "  - id: article-author\n", "  - id: article-author\n    answer: [\n", 1
        ),
        encoding="utf-8",
    )
    proc = run("--config", str(tmp_path / "config" / "config.yaml"), "check")
    assert proc.returncode == 1
    assert "qa.yaml:" in proc.stdout and "Traceback" not in proc.stdout + proc.stderr


def test_bad_config_is_named_not_a_traceback(tmp_path):
    config = tmp_path / "config" / "config.yaml"
    config.parent.mkdir()
    config.write_text('knowledge_dir: knowledge\ndaily:\n  time: "25:00"\n', encoding="utf-8")
    proc = run("--config", str(config), "check")
    assert proc.returncode == 1
    assert "config.yaml:3: 'daily.time'" in proc.stdout and "Traceback" not in proc.stdout + proc.stderr


def test_console_without_token_answers_each_line_and_exits():
    proc = run(
        stdin="where was trotsky exiled\nparagraph 15\nreading 1\ntopics\nhelp\nwhat is 2 + 2\nquit\nnever reached\n"
    )
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert out.splitlines()[0].startswith("Offline console")
    assert "Alma Ata" in out
    assert "set up in in 1917" in out  # paragraph 15, verbatim
    assert "Day 1 of" in out and "Discussion:" in out
    assert "About the article" in out
    assert "doesn't cover" in out
    assert "never reached" not in out


def test_console_suggestion_number_picks_the_answer():
    import dataclasses

    from bot.cli import build_engine
    from bot.config import load_config
    from bot.console import Console

    config = load_config()
    engine = build_engine(
        dataclasses.replace(config, matching=dataclasses.replace(config.matching, answer_threshold=101))
    )
    console = Console(engine)
    reply = console.handle("where was trotsky exiled")
    assert "Did you mean" in reply
    assert "¶" in console.handle("1")


def test_eval_prints_a_summary():
    proc = run("eval", "tests/questions.yaml")
    assert proc.returncode == 0
    assert "in-scope right" in proc.stdout.splitlines()[-1]
