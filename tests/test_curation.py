"""The organisers' /qa commands and the automatic reload, driven through SimCord as people act."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from pathlib import Path

import discord
import pytest

from bot.core import text as textmod

ROOT = Path(__file__).resolve().parent.parent
POLL = 5.0

NEW_ENTRY = """
  - id: reading-group-snacks
    questions:
      - what snacks are there at the reading group
      - reading group snacks
    answer: >-
      Biscuits, brought by whoever reads the prompt aloud.
    background: true
"""


@pytest.fixture
def knowledge(folder):
    """A copy of the shipped knowledge for the admins in the test to edit."""
    return folder


@pytest.fixture
def simcord_bot(config, knowledge):
    from bot import create_bot

    return create_bot(
        dataclasses.replace(config, knowledge_dir=knowledge, reload_poll_seconds=POLL, admin_channel=None)
    )


@pytest.fixture
def guild(simcord_env):
    guild = simcord_env.create_guild()
    guild.create_text_channel("general")
    guild.create_text_channel("organisers")
    return guild


@pytest.fixture
def admin(simcord_env, guild):
    role = guild.create_role("Organiser", permissions=discord.Permissions(manage_guild=True))
    return guild.add_member(simcord_env.create_user("ada"), roles=[role])


@pytest.fixture
def member(simcord_env, guild):
    return guild.add_member(simcord_env.create_user("mo"))


def qa_file(knowledge: Path) -> Path:
    return knowledge / "qa.yaml"


def append_entry(knowledge: Path, entry: str = NEW_ENTRY) -> None:
    with qa_file(knowledge).open("a", encoding="utf-8") as stream:
        stream.write(entry)


def line_of(knowledge: Path, needle: str) -> int:
    for number, line in enumerate(qa_file(knowledge).read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(needle)


async def outcome(admin, channel, question: str) -> str:
    """What /qa test says a member asking ``question`` would get."""
    result = await admin.slash(channel, "qa test", question=question)
    assert result.response.ephemeral
    return result.response.content.splitlines()[1]


# -- reloading ---------------------------------------------------------------------------------
async def test_reload_serves_an_edit_and_says_what_changed(simcord_env, guild, admin, knowledge):
    channel = guild.channels["general"]
    assert "answered with `reading-group-snacks`" not in await outcome(
        admin, channel, "what snacks are there at the reading group"
    )
    append_entry(knowledge)

    result = await admin.slash(channel, "qa reload")
    assert result.response.ephemeral
    assert "1 added (`reading-group-snacks`)" in result.response.content
    assert "answered with `reading-group-snacks`" in await outcome(
        admin, channel, "what snacks are there at the reading group"
    )
    engine = simcord_env.bot.library.engine
    assert engine.ask("reading group snacks").entry.answer.startswith("Biscuits")


async def test_the_poll_reloads_an_edit_by_itself(simcord_env, guild, admin, knowledge):
    bot = simcord_env.bot
    bot.config = dataclasses.replace(bot.config, admin_channel=guild.channels["organisers"].id)
    append_entry(knowledge)
    assert not bot.library.knowledge.has_entry("reading-group-snacks")
    await simcord_env.advance_time(POLL + 1)
    assert bot.library.knowledge.has_entry("reading-group-snacks")
    assert "answered with `reading-group-snacks`" in await outcome(
        admin, guild.channels["general"], "reading group snacks"
    )
    notes = [m.content for m in guild.channels["organisers"].history()]
    assert any("1 added (`reading-group-snacks`)" in note for note in notes)


@pytest.mark.parametrize(
    "breakage, needle, problem",
    [
        ("bad yaml", "      - who is the author", "YAML syntax error"),
        ("duplicate id", "  - id: article-title", "duplicate id 'article-title'"),
    ],
)
async def test_a_broken_edit_keeps_the_old_answers_and_names_the_line(
    simcord_env, guild, admin, knowledge, breakage, needle, problem
):
    channel = guild.channels["general"]
    path = qa_file(knowledge)
    text = path.read_text(encoding="utf-8")
    if breakage == "bad yaml":
        text = text.replace("      - who is the author\n", "      - who is the author\n    : [broken\n", 1)
        append = NEW_ENTRY
    else:
        append = NEW_ENTRY.replace("reading-group-snacks", "article-title")
    path.write_text(text + append, encoding="utf-8")
    line = line_of(knowledge, needle) + 1 if breakage == "bad yaml" else len(text.splitlines()) + 2

    result = await admin.slash(channel, "qa reload")
    assert result.response.ephemeral
    assert f"qa.yaml:{line}:" in result.response.content
    assert problem in result.response.content
    assert "members still get the previous answers" in result.response.content
    assert "answered with `article-author`" in await outcome(admin, channel, "who wrote this article")
    assert "reading-group-snacks" not in await outcome(admin, channel, "reading group snacks")


async def test_a_broken_edit_found_by_the_poll_is_posted_to_the_admin_channel(simcord_env, guild, admin, knowledge):
    bot = simcord_env.bot
    bot.config = dataclasses.replace(bot.config, admin_channel=guild.channels["organisers"].id)
    append_entry(knowledge, NEW_ENTRY.replace("reading-group-snacks", "article-title"))
    await simcord_env.advance_time(POLL + 1)
    notes = [m.content for m in guild.channels["organisers"].history()]
    assert any("duplicate id 'article-title'" in note and "qa.yaml:" in note for note in notes)
    await simcord_env.advance_time(3 * POLL)  # reported once, not on every poll
    assert len([m for m in guild.channels["organisers"].history()]) == len(notes)
    assert bot.library.knowledge.entry("article-title").questions[0] != "what snacks are there at the reading group"


# -- permissions -------------------------------------------------------------------------------
async def test_members_do_not_see_the_qa_commands(simcord_env, guild, member, admin):
    channel = guild.channels["general"]
    assert not [name for name in member.available_commands(channel) if name.startswith("qa")]
    assert {"qa reload", "qa unanswered", "qa test", "qa stats"} <= set(admin.available_commands(channel))


@pytest.mark.parametrize(
    "command, options",
    [("qa reload", {}), ("qa unanswered", {}), ("qa test", {"question": "who wrote it"}), ("qa stats", {})],
)
async def test_members_are_refused_even_when_a_server_shows_them_the_commands(
    simcord_env, guild, member, command, options
):
    """A server override may show a member the commands; running one is still refused."""
    channel = guild.channels["general"]
    root = simcord_env.backend.find_command("qa", None, type=1)
    guild.set_command_permissions(int(root["id"]), {member: True})
    result = await member.slash(channel, command, **options)
    assert result.response.ephemeral
    assert result.response.content.startswith("Only the group's organisers")
    from bot.checks import NotOrganiser

    assert [type(error) for error in simcord_env.errors] == [NotOrganiser]  # refused, not crashed


async def test_the_organiser_role_named_in_config_may_run_them(simcord_env, guild):
    """A server shows /qa to its Organiser role (no Manage Server): the role is enough to run it."""
    role = guild.create_role("Organiser")
    organiser = guild.add_member(simcord_env.create_user("olu"), roles=[role])
    root = simcord_env.backend.find_command("qa", None, type=1)
    guild.set_command_permissions(int(root["id"]), {role: True})
    result = await organiser.slash(guild.channels["general"], "qa test", question="who wrote this article")
    assert "answered with `article-author`" in result.response.content


# -- learning from unanswered questions --------------------------------------------------------
def seed_unanswered(bot, guild_id: int, question: str, times: int, when, suggested: str | None = None) -> None:
    for _ in range(times):
        bot.storage.record_unanswered(guild_id, textmod.fold(question), question, when, "decline", suggested)
        bot.storage.record_question(guild_id, when, "decline", suggested, 20.0)


async def test_unanswered_to_phrasing_end_to_end(simcord_env, guild, admin, knowledge):
    bot = simcord_env.bot
    channel = guild.channels["general"]
    question = "who put pen to paper for this piece"
    assert not bot.library.engine.ask(question).answered
    now = simcord_env.now()
    seed_unanswered(bot, guild.id, question, 3, now, suggested="article-author")
    seed_unanswered(bot, guild.id, "who put pen to paper for the piece", 1, now)  # a near-duplicate
    seed_unanswered(bot, guild.id, "what did stalin eat for breakfast", 1, now - timedelta(days=1))
    before = qa_file(knowledge).read_text(encoding="utf-8")
    comment = "  # --- The article itself ---"
    assert comment in before

    listing = await admin.slash(channel, "qa unanswered")
    page = listing.response
    assert page.ephemeral
    assert "“who put pen to paper for this piece”: asked 4 times" in page.content
    assert f"<t:{int(now.timestamp())}:R>" in page.content
    assert page.content.index("who put pen") < page.content.index("stalin eat")

    clicked = await admin.click(page, label="1: Add as a phrasing of article-author")
    assert "Added “who put pen to paper for this piece” to `article-author`" in clicked.followups[0].content

    after = qa_file(knowledge).read_text(encoding="utf-8")
    assert f"      - {question}\n" in after
    assert comment in after
    assert len(after.splitlines()) == len(before.splitlines()) + 1
    assert bot.library.engine.ask(question).entry.id == "article-author"
    assert "answered with `article-author`" in await outcome(admin, channel, question)

    refreshed = await admin.slash(channel, "qa unanswered")
    assert "who put pen" not in refreshed.response.content
    assert "stalin eat" in refreshed.response.content


async def test_a_members_declined_question_is_answered_after_an_organiser_adds_it(
    simcord_env, guild, admin, member, knowledge
):
    """End to end through /ask: declined, listed, added as a phrasing, then answered."""
    bot = simcord_env.bot
    channel = guild.channels["general"]
    question = "who put pen to paper for this piece"
    first = await member.slash(channel, "ask", question=question)
    assert not first.response.embeds  # not answered: declined or a did-you-mean

    page = (await admin.slash(channel, "qa unanswered")).response
    assert f"“{question}”: asked once" in page.content
    step = await admin.click(page, label="1: Another entry…")
    await admin.select(step.response, ["article-author"])
    assert f"      - {question}\n" in qa_file(knowledge).read_text(encoding="utf-8")

    again = await member.slash(channel, "ask", question=question)
    assert again.response.embeds[0].title == bot.library.knowledge.entry("article-author").title


async def test_add_to_another_entry_picked_from_a_list(simcord_env, guild, admin, knowledge):
    bot = simcord_env.bot
    channel = guild.channels["general"]
    question = "what name did the piece go by"
    seed_unanswered(bot, guild.id, question, 2, simcord_env.now(), suggested="article-author")
    page = (await admin.slash(channel, "qa unanswered")).response
    step = await admin.click(page, label="1: Another entry…")
    picker = step.response
    assert picker.ephemeral
    chosen = await admin.select(picker, ["article-title"])
    assert "to `article-title`" in chosen.followups[0].content
    assert bot.library.knowledge.entry("article-title").questions[-1] == question
    assert "# --- The article itself" in qa_file(knowledge).read_text(encoding="utf-8")


async def test_dismiss_takes_a_question_off_the_list(simcord_env, guild, admin, knowledge):
    bot = simcord_env.bot
    channel = guild.channels["general"]
    seed_unanswered(bot, guild.id, "what did stalin eat for breakfast", 2, simcord_env.now())
    before = qa_file(knowledge).read_bytes()
    page = (await admin.slash(channel, "qa unanswered")).response
    await admin.click(page, label="1: Dismiss")
    assert (await admin.slash(channel, "qa unanswered")).response.content.startswith("No unanswered questions")
    assert qa_file(knowledge).read_bytes() == before


async def test_a_failure_behind_a_review_button_gets_the_apology_not_discords_error(simcord_env, guild, admin):
    from bot import messages

    bot = simcord_env.bot
    channel = guild.channels["general"]
    seed_unanswered(bot, guild.id, "what did stalin eat for breakfast", 2, simcord_env.now())
    page = (await admin.slash(channel, "qa unanswered")).response

    def broken(ids):
        raise RuntimeError("the state file went away")

    bot.storage.dismiss_unanswered = broken
    pressed = await admin.click(page, label="1: Dismiss")
    assert pressed.response.ephemeral and pressed.response.content == messages.APOLOGY
    assert [str(error) for error in simcord_env.errors] == ["the state file went away"]


async def test_unanswered_pages(simcord_env, guild, admin):
    bot = simcord_env.bot
    channel = guild.channels["general"]
    topics = ["breakfast", "hats", "weather", "music", "football", "poetry"]
    for index, topic in enumerate(topics):
        seed_unanswered(bot, guild.id, f"what did stalin think about {topic}", 10 - index, simcord_env.now())
    listing = await admin.slash(channel, "qa unanswered")
    page = listing.response
    assert "page 1 of 2, 6 in all" in page.content and "football" not in page.content
    await admin.click(page, label="Next")
    second = listing.response  # the list is edited in place
    assert "page 2 of 2" in second.content
    assert "**5.** “what did stalin think about football”: asked 6 times" in second.content
    await admin.click(second, label="5: Dismiss")
    assert "Dismissed “what did stalin think about football”" in listing.response.content
    assert "5 in all" in listing.response.content


# -- testing and counting ----------------------------------------------------------------------
async def test_qa_test_shows_the_top_three_and_the_outcome(simcord_env, guild, admin):
    result = await admin.slash(guild.channels["general"], "qa test", question="who wrote this article")
    text = result.response.content
    assert result.response.ephemeral
    assert "answered with `article-author`" in text
    assert 1 <= text.count("score ") <= 3  # the engine lists only the entries that came close
    assert "1. `article-author`" in text
    assert "Thresholds: answer at" in text


async def test_qa_stats_counts_over_a_period(simcord_env, guild, admin):
    bot = simcord_env.bot
    now = simcord_env.now()
    for _ in range(3):
        bot.storage.record_question(guild.id, now, "answer", "article-author", 90)
    bot.storage.record_question(guild.id, now, "answer", "article-title", 90)
    bot.storage.record_question(guild.id, now, "suggest", "article-title", 55)
    bot.storage.record_question(guild.id, now - timedelta(days=3), "decline", None, 10)
    bot.storage.record_question(guild.id, now - timedelta(days=60), "decline", None, 10)

    week = (await admin.slash(guild.channels["general"], "qa stats", period="week")).response.content
    assert "last 7 days:** 6" in week
    assert "Answered 4 (67%)" in week and "did-you-mean 1 (17%)" in week and "declined 1 (17%)" in week
    assert week.index("`article-author`") < week.index("`article-title`")
    assert "three times" not in week and "3 times" in week

    day = (await admin.slash(guild.channels["general"], "qa stats", period="day")).response.content
    assert "last 24 hours:** 5" in day
    everything = (await admin.slash(guild.channels["general"], "qa stats", period="all")).response.content
    assert "all time:** 7" in everything


# -- the command line --------------------------------------------------------------------------
def test_cli_lists_unanswered_and_prints_yaml_stubs(tmp_path):
    """``python -m bot unanswered [--yaml]`` reads the same state and never loads discord.py."""
    import os
    import subprocess
    import sys
    from datetime import UTC, datetime

    import yaml

    from bot.storage import Storage

    database = tmp_path / "state.sqlite3"
    storage = Storage(database)
    when = datetime(2026, 11, 20, 18, 30, tzinfo=UTC)
    for question, times in (
        ("what did stalin eat for breakfast", 3),
        ("what did stalin eat for brekfast", 1),
        ("was trotsky tall", 2),
    ):
        for _ in range(times):
            storage.record_unanswered(1, textmod.fold(question), question, when, "decline", None)
    storage.close()
    env = {**os.environ, "BOT_DATABASE": str(database)}
    code = "import sys; sys.argv = ['bot', *sys.argv[1:]]; from bot.cli import main; rc = main(); assert 'discord' not in sys.modules; sys.exit(rc)"

    listed = subprocess.run(
        [sys.executable, "-c", code, "unanswered"], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert lines[0].startswith("1. what did stalin eat for breakfast  (asked 4 times, last 2026-11-20")
    assert lines[1].strip() == "also asked as: what did stalin eat for brekfast"
    assert lines[2].startswith("2. was trotsky tall  (asked twice")

    stubs = subprocess.run(
        [sys.executable, "-c", code, "unanswered", "--yaml"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert stubs.returncode == 0, stubs.stderr
    entries = yaml.safe_load("entries:\n" + stubs.stdout)["entries"]
    # What members asked, then two empty phrasings to write: check asks for three.
    assert [e["questions"] for e in entries] == [
        ["what did stalin eat for breakfast", "what did stalin eat for brekfast", None, None],
        ["was trotsky tall", None, None],
    ]
    assert all(e["answer"] is None for e in entries)


def test_a_pasted_stub_loads_only_once_its_phrasings_are_written(folder):
    """The stub's two empty phrasings stop the file loading, named by line, until they are written."""
    from bot.core import lint
    from bot.core.knowledge import load_knowledge
    from bot.core.qa_edit import entry_stub
    from bot.errors import KnowledgeError

    stub = entry_stub(["was trotsky tall"], used_ids=())
    answered = stub.replace("    answer: #", "    answer: The article doesn't say. #").replace(
        "paragraphs: []", "paragraphs: [1]"
    )
    qa = qa_file(folder)
    original = qa.read_text(encoding="utf-8")
    qa.write_text(original + answered + "\n", encoding="utf-8")
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(folder)
    empty = [p for p in caught.value.all() if "an item of 'questions' is empty" in p.message]
    assert len(empty) == 2 and all(p.line and p.line > len(original.splitlines()) for p in empty)

    filled = answered.replace(
        "      -  # write another way", "      - how tall was trotsky  # write another way", 1
    ).replace("      -  # and another", "      - trotsky height  # and another", 1)
    qa.write_text(original + filled + "\n", encoding="utf-8")
    knowledge = load_knowledge(folder)
    assert knowledge.entry("trotsky-tall").questions == ("was trotsky tall", "how tall was trotsky", "trotsky height")
    assert not [f for f in lint.few_phrasings(knowledge, "qa.yaml") if "trotsky-tall" in f.message]
