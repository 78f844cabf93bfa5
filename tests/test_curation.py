"""The organisers' /qa commands and the automatic reload, driven through SimCord as people act."""

from __future__ import annotations

import contextlib
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
    """The host's own server: its organisers may change the shared knowledge (discord.curation_guilds)."""
    guild = simcord_env.create_guild()
    guild.create_text_channel("general")
    guild.create_text_channel("organisers")
    bot = simcord_env.bot
    bot.config = dataclasses.replace(bot.config, curation_guilds=(guild.id,))
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


AUTHOR = "Who wrote this article?"  # article-author's first question, as the organisers see it


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
    assert "Question 1 of 2" in page.content
    assert "“who put pen to paper for this piece”: asked 4 times" in page.content
    assert f"<t:{int(now.timestamp())}:R>" in page.content
    assert "stalin eat" not in page.content  # one question at a time, the most asked first

    await admin.click(page, label=f"Add as a phrasing of “{AUTHOR}”")
    assert f"Added “who put pen to paper for this piece” to “{AUTHOR}”" in listing.response.content
    assert "Question 1 of 1" in listing.response.content and "stalin eat" in listing.response.content

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
    await admin.select(page, ["article-author"])
    assert f"      - {question}\n" in qa_file(knowledge).read_text(encoding="utf-8")

    again = await member.slash(channel, "ask", question=question)
    assert again.response.embeds[0].title == bot.library.knowledge.entry("article-author").title


async def test_add_to_an_entry_picked_from_the_closest(simcord_env, guild, admin, knowledge):
    bot = simcord_env.bot
    channel = guild.channels["general"]
    question = "what name did the piece carry"
    seed_unanswered(bot, guild.id, question, 2, simcord_env.now())
    listing = await admin.slash(channel, "qa unanswered")
    select = next(c for row in listing.response.components for c in row["components"] if c["type"] == 3)
    assert select["placeholder"] == "Choose an entry…" and len(select["options"]) == 25
    # Entries are shown by their first question, as members ask it; the id is only the small print.
    assert select["options"][0] == {**select["options"][0], "label": AUTHOR, "value": "article-author"}
    await admin.select(listing.response, ["article-author"])
    assert f"to “{AUTHOR}”" in listing.response.content
    assert bot.library.knowledge.entry("article-author").questions[-1] == question
    assert "# --- The article itself" in qa_file(knowledge).read_text(encoding="utf-8")


async def test_dismiss_takes_a_question_off_the_list(simcord_env, guild, admin, knowledge):
    bot = simcord_env.bot
    channel = guild.channels["general"]
    seed_unanswered(bot, guild.id, "what did stalin eat for breakfast", 2, simcord_env.now())
    before = qa_file(knowledge).read_bytes()
    page = (await admin.slash(channel, "qa unanswered")).response
    await admin.click(page, label="Dismiss")
    assert (await admin.slash(channel, "qa unanswered")).response.content.startswith("No unanswered questions")
    assert qa_file(knowledge).read_bytes() == before


async def test_a_failure_behind_a_review_button_gets_the_apology_not_discords_error(simcord_env, guild, admin):
    from bot import messages

    bot = simcord_env.bot
    channel = guild.channels["general"]
    seed_unanswered(bot, guild.id, "what did stalin eat for breakfast", 2, simcord_env.now())
    page = (await admin.slash(channel, "qa unanswered")).response

    def broken(ids, guild_id=None):
        raise RuntimeError("the state file went away")

    bot.storage.dismiss_unanswered = broken
    pressed = await admin.click(page, label="Dismiss")
    assert pressed.response.ephemeral and pressed.response.content == messages.APOLOGY
    assert [str(error) for error in simcord_env.errors] == ["the state file went away"]


async def test_unanswered_pages_one_question_at_a_time(simcord_env, guild, admin):
    bot = simcord_env.bot
    channel = guild.channels["general"]
    topics = ["breakfast", "hats", "weather", "music", "football", "poetry"]
    for index, topic in enumerate(topics):
        seed_unanswered(bot, guild.id, f"what did stalin think about {topic}", 10 - index, simcord_env.now())
    listing = await admin.slash(channel, "qa unanswered")
    page = listing.response
    assert "Question 1 of 6" in page.content and "breakfast" in page.content and "hats" not in page.content
    buttons = [c for row in page.components for c in row.get("components", []) if c.get("type") == 2]
    assert len(buttons) <= 5  # not three buttons for each of six questions
    for _ in range(4):
        await admin.click(listing.response, label="Next")
    assert "Question 5 of 6" in listing.response.content
    assert "“what did stalin think about football”: asked 6 times" in listing.response.content
    await admin.click(listing.response, label="Dismiss")
    assert "Dismissed “what did stalin think about football”" in listing.response.content
    assert "Question 5 of 5" in listing.response.content and "poetry" in listing.response.content


# -- testing and counting ----------------------------------------------------------------------
async def test_qa_test_shows_the_top_three_and_the_outcome(simcord_env, guild, admin):
    result = await admin.slash(guild.channels["general"], "qa test", question="who wrote this article")
    text = result.response.content
    assert result.response.ephemeral
    assert "answered with `article-author`" in text
    assert 1 <= text.count("score ") <= 3  # the engine lists only the entries that came close
    assert "1. `article-author`" in text
    assert "Thresholds: answer at" in text


async def test_qa_test_shows_every_outcome_and_a_two_part_question_part_by_part(simcord_env, guild, admin):
    channel = guild.channels["general"]

    async def tested(question: str) -> str:
        result = await admin.slash(channel, "qa test", question=question)
        assert result.response.ephemeral
        return result.response.content

    both = await tested("why did Stalin win and what about Trotsky")
    assert "answered part by part" in both
    assert "• “why did Stalin win”: answered with `why-stalin-won`" in both
    assert "• “what about Trotsky”: not sure enough; offered `" in both
    assert "Top entries for “why did Stalin win” on its own:" in both
    assert "Top entries for “what about Trotsky” on its own:" in both

    one_said = await tested("who wrote this article and what did Marx say about bananas")
    assert "• “who wrote this article”: answered with `article-author`" in one_said
    assert "• “what did Marx say about bananas”: not answered" in one_said

    assert "would be shown ¶22, as asked." in await tested("explain para 22")
    assert "given a friendly reply (to a greeting)" in await tested("hello")
    nearest = await tested("what did Lenin think of the NEP")
    assert "declined" in nearest and "with the nearest passage ¶" in nearest and "the article lacks NEP" in nearest
    assert "declined" in (far := await tested("what's the weather in Paris")) and "no passage (off the subject)" in far
    not_said = await tested("so after his deportation where did trotsky end up")
    assert "would be told the article doesn't say, with `year-1929` (one of its not_said questions)" in not_said
    assert "(one of its not_said questions)" in not_said.split("Top entries", 1)[1]


def test_qa_test_says_a_passage_quoted_for_want_of_an_answer_is_only_that():
    import _shipped

    from bot import messages
    from bot.core.matcher import Outcome, Result

    engine = _shipped.engine()
    result = Result("did the workers give up", Outcome.PASSAGE, paragraphs=(16,))
    text = messages.test_text(result.question, result, [("", [])], engine.settings)
    assert "would be shown ¶16, quoted as bearing on it." in text and "No entry shares a word with it." in text


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


# -- the organisers' inbox (issues 13 and 14) --------------------------------------------------
def components(message, kind: int) -> list[dict]:
    """The message's components of one type (2 button, 3 select)."""
    return [c for row in message.components for c in row.get("components", []) if c.get("type") == kind]


async def deferred(env, act) -> tuple[bool, object]:
    """Run ``act()``; say whether the bot's first answer to it was a deferral (type 5), and return its result."""
    before = len(env.http_requests)
    result = await act()
    callbacks = [r for r in env.http_requests[before:] if r.method == "POST" and r.path.endswith("/callback")]
    return callbacks[0].json["type"] == 5, result


async def test_a_question_far_from_every_entry_is_not_offered_for_one_click(simcord_env, guild, admin, knowledge):
    """'what's the weather like today' shares 'today' with relevance-today and nothing more."""
    bot = simcord_env.bot
    seed_unanswered(bot, guild.id, "what's the weather like today", 3, simcord_env.now(), "relevance-today")
    page = (await admin.slash(guild.channels["general"], "qa unanswered")).response
    labels = [button["label"] for button in components(page, 2)]
    assert not [label for label in labels if label.startswith("Add as a phrasing")]
    assert "Dismiss" in labels and components(page, 3)[0]["placeholder"] == "Choose an entry…"
    assert "No entry is close to it" in page.content


async def test_a_members_repeats_count_once_in_the_inbox(simcord_env, guild, admin):
    channel = guild.channels["general"]
    pestering = guild.add_member(simcord_env.create_user("pip"))
    other = guild.add_member(simcord_env.create_user("quin"))
    for _ in range(3):
        await pestering.slash(channel, "ask", question="is the moon made of green cheese")
    await other.slash(channel, "ask", question="is the moon made of green cheese")
    page = (await admin.slash(channel, "qa unanswered")).response
    assert "“is the moon made of green cheese”: asked twice" in page.content


async def test_unanswered_is_deferred_and_grouped_off_the_event_loop(simcord_env, guild, admin, monkeypatch):
    import threading

    from bot.cogs import curation as cog_module

    bot = simcord_env.bot
    seed_unanswered(bot, guild.id, "what did stalin eat for breakfast", 2, simcord_env.now())
    threads = []
    real = cog_module.group_questions

    def grouping(questions):
        threads.append(threading.current_thread())
        return real(questions)

    monkeypatch.setattr(cog_module, "group_questions", grouping)
    was_deferred, listing = await deferred(simcord_env, lambda: admin.slash(guild.channels["general"], "qa unanswered"))
    assert was_deferred  # acknowledged at once; the list follows
    assert "stalin eat" in listing.response.content
    assert threads and threads[0] is not threading.main_thread()


async def test_organisers_dismiss_in_bulk(simcord_env, guild, admin):
    bot = simcord_env.bot
    channel = guild.channels["general"]
    for number, topic in enumerate(["breakfast", "poetry", "football", "chess", "music", "painting", "gardens"]):
        seed_unanswered(bot, guild.id, f"what did stalin say about {topic}", 1 if number < 5 else 2, simcord_env.now())
    listing = await admin.slash(channel, "qa unanswered")
    assert "Question 1 of 7" in listing.response.content
    confirm = await admin.click(listing.response, label="Dismiss all…")
    assert "5 of them were asked by one member only" in confirm.response.content
    await admin.click(confirm.response, label="Dismiss the 5 asked once")
    assert "Dismissed 5 questions" in listing.response.content and "Question 1 of 2" in listing.response.content
    confirm = await admin.click(listing.response, label="Dismiss all…")
    await admin.click(confirm.response, label="Dismiss all 2")
    assert (await admin.slash(channel, "qa unanswered")).response.content.startswith("No unanswered questions")


async def test_add_phrasing_reaches_any_entry_by_its_question(simcord_env, guild, admin, knowledge):
    """The select holds the 25 closest; /qa add-phrasing finds any of the entries as the organiser types."""
    bot = simcord_env.bot
    channel = guild.channels["general"]
    question = "what name did the piece carry"
    seed_unanswered(bot, guild.id, question, 2, simcord_env.now())
    page = (await admin.slash(channel, "qa unanswered")).response
    assert "article-title" not in [option["value"] for option in components(page, 3)[0]["options"]]
    assert "/qa add-phrasing" in page.content

    offered = await admin.autocomplete(channel, "qa add-phrasing", "question", "piece")
    assert {"name": question, "value": question} in offered
    entries = await admin.autocomplete(channel, "qa add-phrasing", "entry", "title of the", question=question)
    assert entries[0] == {"name": "What is the title of the article?", "value": "article-title"}
    was_deferred, done = await deferred(
        simcord_env, lambda: admin.slash(channel, "qa add-phrasing", question=question, entry="article-title")
    )
    assert was_deferred and done.response.ephemeral
    assert f"Added “{question}” to “What is the title of the article?”" in done.response.content
    assert bot.library.knowledge.entry("article-title").questions[-1] == question
    assert "piece carry" not in (await admin.slash(channel, "qa unanswered")).response.content  # and off the list


async def test_add_phrasing_takes_a_long_question_by_reference(simcord_env, guild, admin, knowledge):
    """An autocomplete value holds 100 characters: a longer question travels as a reference to it."""
    bot = simcord_env.bot
    channel = guild.channels["general"]
    question = "who was it that sat down and wrote out this long piece " + "about the stalinist distortion " * 3
    seed_unanswered(bot, guild.id, question.strip(), 2, simcord_env.now())
    (offered,) = await admin.autocomplete(channel, "qa add-phrasing", "question", "sat down and wrote")
    assert offered["value"].startswith("#") and len(offered["name"]) <= 100
    done = await admin.slash(channel, "qa add-phrasing", question=offered["value"], entry="article-author")
    assert bot.library.knowledge.entry("article-author").questions[-1] == question.strip()
    assert "Added" in done.response.content
    again = await admin.slash(channel, "qa add-phrasing", question=offered["value"], entry="article-author")
    assert again.response.content.startswith("I didn't change anything: that question is no longer open")


async def test_organiser_autocomplete_answers_members_nothing(simcord_env, guild, admin, member):
    """A server override may show a member /qa add-phrasing: its autocomplete still tells them nothing."""
    bot = simcord_env.bot
    channel = guild.channels["general"]
    seed_unanswered(bot, guild.id, "a question only organisers should read", 2, simcord_env.now())
    root = simcord_env.backend.find_command("qa", None, type=1)
    guild.set_command_permissions(int(root["id"]), {member: True})
    assert await admin.autocomplete(channel, "qa add-phrasing", "question", "")
    assert await member.autocomplete(channel, "qa add-phrasing", "question", "") == []
    assert await member.autocomplete(channel, "qa add-phrasing", "entry", "who") == []


@pytest.fixture
def other_server(simcord_env):
    """A server someone else invited the bot to: its organiser is an organiser there, nothing more."""
    server = simcord_env.create_guild("Somebody else's server")
    server.create_text_channel("general")
    role = server.create_role("Mods", permissions=discord.Permissions(manage_guild=True))
    return server, server.add_member(simcord_env.create_user("mallory"), roles=[role])


async def test_another_servers_organiser_cannot_change_the_shared_answers(
    simcord_env, guild, admin, member, other_server, knowledge
):
    server, mallory = other_server
    theirs = server.channels["general"]
    before = qa_file(knowledge).read_bytes()
    cheese = "is the moon made of green cheese according to the piece"
    their_member = server.add_member(simcord_env.create_user("nob"))
    await their_member.slash(theirs, "ask", question=cheese)

    # They still review their own members' questions, and may dismiss them, but not add them.
    page = (await mallory.slash(theirs, "qa unanswered")).response
    assert f"“{cheese}”" in page.content
    assert "only the organisers of **Test Guild** can change them" in page.content
    assert [button["label"] for button in components(page, 2)] == ["Dismiss", "Previous", "Next", "Dismiss all…"]
    assert not components(page, 3)

    for command, options in (("qa add-phrasing", {"question": cheese, "entry": "why-stalin-won"}), ("qa reload", {})):
        refused = await mallory.slash(theirs, command, **options)
        assert refused.response.ephemeral
        assert "The answers are shared by every server this bot is in" in refused.response.content
    assert qa_file(knowledge).read_bytes() == before
    assert not await admin.autocomplete(guild.channels["general"], "qa add-phrasing", "question", "cheese")
    assert "cheese" not in str(await member.autocomplete(guild.channels["general"], "ask", "question", "green chee"))

    await mallory.click(page, label="Dismiss")
    assert (await mallory.slash(theirs, "qa unanswered")).response.content.startswith("No unanswered questions")
    assert "Questions asked" in (await mallory.slash(theirs, "qa stats")).response.content


async def test_with_no_curation_server_only_the_applications_owner_changes_the_answers(
    simcord_env, guild, admin, knowledge
):
    bot = simcord_env.bot
    bot.config = dataclasses.replace(bot.config, curation_guilds=())
    channel = guild.channels["general"]
    options = {"question": "who set down these words", "entry": "article-author"}
    refused = await admin.slash(channel, "qa add-phrasing", **options)
    assert "only the bot's owner can change them" in refused.response.content
    bot.owner_id = admin.id  # the host, who owns the application
    done = await admin.slash(channel, "qa add-phrasing", **options)
    assert f"Added “who set down these words” to “{AUTHOR}”" in done.response.content


def test_who_can_change_the_answers_is_said_even_when_their_server_is_out_of_sight():
    from bot import messages

    assert "the organisers of **Host**" in messages.keepers_text(["Host"], named_in_config=True)
    assert "the organisers of the bot's home server" in messages.keepers_text([], named_in_config=True)
    assert "only the bot's owner" in messages.keepers_text([], named_in_config=False)


def test_curation_guilds_default_to_the_sync_guild(tmp_path):
    from bot.config import load_config
    from bot.errors import ConfigError

    config = tmp_path / "config.yaml"
    config.write_text("discord:\n  sync_guild: 123456789012345678\n", encoding="utf-8")
    assert load_config(config).curation_guilds == (123456789012345678,)
    config.write_text(
        "discord:\n  sync_guild: 123456789012345678\n  curation_guilds: [223456789012345678, 323456789012345678]\n",
        encoding="utf-8",
    )
    assert load_config(config).curation_guilds == (223456789012345678, 323456789012345678)
    config.write_text("discord:\n  curation_guilds: [yes]\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(config)
    assert ":2:" in str(caught.value) and "discord.curation_guilds" in str(caught.value)
    config.write_text("discord: {}\n", encoding="utf-8")
    assert load_config(config).curation_guilds == ()


@pytest.mark.parametrize(
    "breakage, problem",
    [
        ("missing", "knowledge/qa.yaml does not exist"),
        ("folder", "knowledge/qa.yaml is a folder, not a file"),
        ("latin-1", "knowledge/qa.yaml is not UTF-8 text"),
    ],
)
async def test_an_unusable_qa_file_gets_one_line_naming_it_and_nothing_is_written(
    simcord_env, guild, admin, knowledge, breakage, problem
):
    bot = simcord_env.bot
    seed_unanswered(bot, guild.id, "who put pen to paper for this piece", 2, simcord_env.now(), "article-author")
    listing = await admin.slash(guild.channels["general"], "qa unanswered")
    path = qa_file(knowledge)
    if breakage == "missing":
        path.unlink()
    elif breakage == "folder":
        path.unlink()
        path.mkdir()
    else:
        path.write_bytes(path.read_bytes().replace(b"Who wrote", "Qui a écrit".encode("latin-1")))
    files = sorted(p.name for p in knowledge.iterdir())
    await admin.click(listing.response, label=f"Add as a phrasing of “{AUTHOR}”")
    note = listing.response.content.split("\n\n")[0]
    assert note.startswith("I didn't add the phrasing: " + problem) and "\n" not in note
    assert sorted(p.name for p in knowledge.iterdir()) == files  # nothing written, not even a lock file
    assert not simcord_env.errors
    assert bot.library.engine.ask("who wrote this article").entry.id == "article-author"  # still served


async def test_two_organisers_cannot_put_one_question_into_two_entries(simcord_env, guild, admin, knowledge):
    bot = simcord_env.bot
    channel = guild.channels["general"]
    second = guild.add_member(simcord_env.create_user("bea"), roles=[guild.roles["Organiser"]])
    question = "who put pen to paper for this piece"
    seed_unanswered(bot, guild.id, question, 2, simcord_env.now(), "article-author")
    hers = await admin.slash(channel, "qa unanswered")
    his = await second.slash(channel, "qa unanswered")
    await admin.click(hers.response, label=f"Add as a phrasing of “{AUTHOR}”")
    await second.select(his.response, ["article-title"])
    assert "is no longer open" in his.response.content
    text = qa_file(knowledge).read_text(encoding="utf-8")
    assert text.count(f"- {question}\n") == 1
    assert bot.library.knowledge.entry("article-title").questions[-1] != question

    # A phrasing another entry has already (the same words, as `check` reads them) is refused, naming it.
    taken = await admin.slash(channel, "qa add-phrasing", question="Who is the AUTHOR?", entry="article-title")
    assert "another entry, “Who wrote this article?” (`article-author`), already has that phrasing" in (
        taken.response.content
    )
    assert qa_file(knowledge).read_text(encoding="utf-8") == text


async def test_a_question_whose_added_phrasing_left_the_file_comes_back(simcord_env, guild, admin, knowledge):
    """A stale editor save drops the phrasing the bot added: on reload the question is open again."""
    bot = simcord_env.bot
    channel = guild.channels["general"]
    question = "who put pen to paper for this piece"
    seed_unanswered(bot, guild.id, question, 2, simcord_env.now(), "article-author")
    stale = qa_file(knowledge).read_text(encoding="utf-8")
    listing = await admin.slash(channel, "qa unanswered")
    await admin.click(listing.response, label=f"Add as a phrasing of “{AUTHOR}”")
    assert (await admin.slash(channel, "qa unanswered")).response.content.startswith("No unanswered questions")

    qa_file(knowledge).write_text(stale + "# saved from an editor opened before the bot's edit\n", encoding="utf-8")
    reloaded = await admin.slash(channel, "qa reload")
    assert "1 question came back to `/qa unanswered`" in reloaded.response.content
    assert f"“{question}”: asked twice" in (await admin.slash(channel, "qa unanswered")).response.content


@contextlib.contextmanager
def held_lock(path: Path):
    """Hold the advisory lock an editor's script takes while it writes qa.yaml."""
    import fcntl

    with path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


async def test_the_write_waits_for_an_editors_lock_and_says_so_when_it_is_held(
    simcord_env, guild, admin, knowledge, monkeypatch
):
    from bot.core import qa_edit

    monkeypatch.setattr(qa_edit, "LOCK_WAIT", 0.2)
    bot = simcord_env.bot
    seed_unanswered(bot, guild.id, "who put pen to paper for this piece", 2, simcord_env.now(), "article-author")
    listing = await admin.slash(guild.channels["general"], "qa unanswered")
    before = qa_file(knowledge).read_bytes()
    with held_lock(knowledge / "qa.yaml.lock"):  # an editor's script, as README says to
        await admin.click(listing.response, label=f"Add as a phrasing of “{AUTHOR}”")
        assert "knowledge/qa.yaml is being written by another program (it holds qa.yaml.lock)" in (
            listing.response.content
        )
        assert qa_file(knowledge).read_bytes() == before
    await admin.click(listing.response, label=f"Add as a phrasing of “{AUTHOR}”")
    assert "Added “who put pen to paper for this piece”" in listing.response.content


async def test_questions_shared_through_a_yaml_anchor_are_not_edited(simcord_env, guild, admin, knowledge):
    path = qa_file(knowledge)
    text = path.read_text(encoding="utf-8")
    anchored = text.replace(
        "  - id: article-title\n    questions:\n", "  - id: article-title\n    questions: &title\n", 1
    )
    assert anchored != text
    path.write_text(anchored + "\n  - id: headline\n    questions: *title\n    answer: x\n    header: true\n")
    await admin.slash(guild.channels["general"], "qa reload")
    before = path.read_bytes()
    line = line_of(knowledge, "questions: &title")
    refused = await admin.slash(
        guild.channels["general"], "qa add-phrasing", question="what was it headlined", entry="article-title"
    )
    assert f"through the YAML anchor '&title' on line {line}" in refused.response.content
    assert path.read_bytes() == before
