"""A conversation on the command line (ask --session, JSON lines naming members) and in the console."""

from __future__ import annotations

import io
import json

import _shipped
import pytest

from bot.cli import main
from bot.config import load_config
from bot.console import Console
from bot.errors import ReadingBotError


def ask(lines: list[str], *args: str) -> list[dict]:
    out = io.StringIO()
    assert main(["ask", "--json", *args], stdin=io.StringIO("\n".join(lines) + "\n"), stdout=out) == 0
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_a_session_reads_each_question_after_the_last_answer():
    found = ask(["who made up the left opposition?", "what did they want?", "why did stalin win?", "how?"], "--session")

    assert [(f["entry"], f["context"]) for f in found] == [
        ("left-opposition", None),
        ("left-opposition", "left-opposition"),
        ("why-stalin-won", None),  # a clear new question stands alone and becomes the context
        (found[3]["entry"], "why-stalin-won"),
    ]
    assert found[1]["reply"].startswith("Taking ‘they’ as the Left Opposition:\n")
    assert found[1]["question"] == "what did they want?"  # as asked, not as rewritten


def test_an_empty_line_or_a_new_topic_not_answered_ends_the_conversation():
    found = ask(["who made up the left opposition?", "", "what did they want?"], "--session")
    assert found[2]["context"] is None
    found = ask(
        ["who made up the left opposition?", "what did stalin eat for breakfast?", "what did they want?"], "--session"
    )
    assert found[2]["context"] is None


def test_without_a_session_each_question_stands_alone():
    found = ask(["who made up the left opposition?", "what did they want?"])
    assert [f["context"] for f in found] == [None, None]
    assert found[1]["entry"] != "left-opposition"
    assert not found[1]["reply"].startswith("Taking")


def test_json_lines_name_the_members_each_with_their_own_context():
    lines = [
        {"question": "who made up the left opposition?", "member": "ann"},
        {"question": "what is stalinism?", "member": "ben"},
        {"question": "what did they want?", "member": "ann"},
        {"question": "why did it arise?", "member": "ben"},
    ]
    found = ask([json.dumps(line) for line in lines])

    assert [(f["member"], f["entry"], f["context"]) for f in found] == [
        ("ann", "left-opposition", None),
        ("ben", "stalinism", None),
        ("ann", "left-opposition", "left-opposition"),
        ("ben", "why-stalinism-arose", "stalinism"),
    ]


def test_json_lines_are_a_conversation_even_without_members():
    lines = [{"question": "who made up the left opposition?"}, {"question": "what did they want?"}]
    found = ask([json.dumps(line) for line in lines])
    assert [f["context"] for f in found] == [None, "left-opposition"]
    assert "member" not in found[1]


def test_the_plain_reply_says_how_the_follow_up_was_taken():
    out = io.StringIO()
    stdin = io.StringIO("where did stalin send trotsky first?\nwhere is that?\n")
    main(["ask", "--session"], stdin=stdin, stdout=out)
    assert "\nTaking ‘that’ as Alma Ata:\n" in out.getvalue()


def test_the_console_keeps_one_context_for_its_session():
    console = Console(_shipped.engine())
    console.handle("who was trotsky?")
    assert console.handle("how did he die?").startswith("Taking ‘he’ as Trotsky:\n")
    assert console.handle("why did stalin win?").startswith("Why did Stalin win?")  # a new topic
    assert console.handle("how?").startswith("Taking ‘how?’ as “How did Stalin win?”:")


def test_an_option_picked_in_the_console_is_the_context_of_the_next_question():
    console = Console(_shipped.engine())
    offered = console.handle("stalin policy")
    assert "1." in offered and "industrialisation" in offered
    picked = console.handle("2")
    assert picked.startswith("What was Stalin's policy on industrialisation?")
    assert console.handle("when did it happen?").startswith("Taking ‘it’ as Stalin's policy on industrialisation:")


def test_the_follow_up_window_is_a_setting_checked_at_start(tmp_path):
    assert load_config().followup_minutes == 5  # the shipped config, and the default
    config = tmp_path / "config.yaml"
    config.write_text("asking:\n  followup_minutes: 0\n", encoding="utf-8")
    assert load_config(config).followup_minutes == 0  # follow-ups off
    config.write_text("asking:\n  followup_minutes: -1\n", encoding="utf-8")
    with pytest.raises(ReadingBotError, match=r"config.yaml:2: 'asking.followup_minutes' must be a number"):
        load_config(config)
    config.write_text("asking:\n  follow_up_minutes: 5\n", encoding="utf-8")
    with pytest.raises(ReadingBotError, match=r"did you mean 'followup_minutes'"):
        load_config(config)
