"""Soaks through SimCord, bounded in time: 120 days of daily readings with faults, and 1,000 questions.

The suite runs each soak shorter (30 days, 300 questions: every kind of fault and of reply still
happens, and the same checks hold); the full ones are marked slow and run with
``pytest -m slow tests/test_soak.py`` (about 20 s).

The daily soak
--------------
Two guilds at once, each set up by its organiser with ``/daily setup`` (London at 18:00, pinging
a role; New York at 07:30, three days later). For 120 (or 30) simulated days, with a seeded (reproducible)
random plan:

- the bot restarts on a fifth of the days (``env.restart_bot``) at a random minute; on some
  posting days it dies between sending the post and recording it (``finish_daily_post`` raises,
  the same honest mechanism as tests/test_daily.py, and the bot is restarted at once);
- some sends fail: a 500 or a 403 "Missing Permissions" (code 50013) before the message is
  made, or a 500 or a timeout after Discord made it (the answer lost on the way back). The
  organiser's ``/daily status`` names the failure; ten minutes later the bot looks in the channel
  for a send of unknown fate and posts only if it is not there. On some of those days the bot
  also restarts before that retry.

The bot posts at the group's time by the host's clock, which runs 30 minutes fast of Discord's in
one soak and 30 minutes slow in another (the full soak runs it right as well): whether a send of
unknown fate went out is decided in Discord's order, so the same checks hold. Every reading is
posted exactly once, in order, one a local day, then the closing message and nothing more; each
thread starts with its prompt, once; the attempt record agrees with the channel; nothing pinged
but the role.

The question soak
-----------------
1,000 (or 300) questions from 50 members in one channel, by ``/ask`` and by mentions, with time moving a
little between them: a mix of the knowledge's own phrasings, typos of them, off-topic questions,
vague ones the bot is unsure of, greetings and thanks, unreadable ones and repeats. Each gets an answer, a did-you-mean, a
passage, a friendly reply, a decline, an "I can't read that" or a cooldown notice, or is a
mention inside a wait the member was already told about (one note a wait, by design); the counts
add up, nothing raised, and the state on disk agrees (greetings never reach the organisers' inbox).
"""

from __future__ import annotations

import os
import random
import time
from datetime import UTC, datetime, timedelta

import discord
import pytest
from _discord_checks import ping_problems, problems, sent_payloads
from _world import lose_the_answer, restart

from bot import messages
from bot.core import schedule
from bot.core.text import clean_question, fold

DAYS = 120
SHORT_DAYS = 30  # the suite's soak: each guild's 17 posts with the same kinds of faults, fewer quiet days
QUESTIONS = 1000
SHORT_QUESTIONS = 300
SEED = int(os.environ.get("SOAK_SEED", "20260101"))  # another seed: SOAK_SEED=7 pytest tests/test_soak.py
START = datetime(2026, 1, 1, tzinfo=UTC)  # SimCord's clock starts here


class Group:
    """One guild with its reading channel and organiser, and what the soak plans for it."""

    def __init__(self, env, name: str, *, time: str, zone: str, setup_day: int, role: bool) -> None:
        self.env = env
        self.guild = env.create_guild(name)
        self.general = self.guild.create_text_channel("general")
        self.channel = self.guild.create_text_channel("daily-reading")
        mods = self.guild.create_role("Organisers", permissions=discord.Permissions(manage_guild=True))
        self.role = self.guild.create_role("Readers", mentionable=True) if role else None
        self.organiser = self.guild.add_member(env.create_user(f"organiser-{name}"), roles=[mods])
        self.time, self.zone, self.setup_day = time, zone, setup_day
        self.faults: dict[int, str] = {}  # day index -> the fault of its send (see FAULTS)
        self.crashes: set[int] = set()  # day indexes the bot dies between sending and recording
        self.status_checks = 0

    async def setup(self) -> None:
        options = {"channel": self.channel, "time": self.time, "timezone": self.zone}
        if self.role:
            options["role"] = self.role
        reply = await self.organiser.slash(self.general, "daily setup", **options)
        assert "day 1" in reply.response.content, reply.response.content

    async def status(self) -> str:
        return (await self.organiser.slash(self.general, "daily status")).response.content

    def slot(self, day: int) -> datetime:
        """The UTC instant of this group's post on soak day ``day`` (its local date is that UTC date)."""
        on = (START + timedelta(days=day)).date()
        return schedule.slot_instant(on, datetime.strptime(self.time, "%H:%M").time(), self.zone)

    def posts(self) -> list[discord.Message]:
        bot_id = self.env.bot.user.id
        return [m for m in self.channel.history() if m.author.id == bot_id and m.embeds]


# What goes wrong with a send: refused before the message is made (the 500 and 403 that
# SimCord injects), or made by Discord with the answer lost on the way back.
FAULTS = ("500", "403", "500 after sending", "timeout after sending")


def crash_on_record(env) -> None:
    """Make the running bot die between sending its next post and recording it (once)."""
    storage = env.bot.storage

    def die(*args, **kwargs):
        del storage.finish_daily_post  # back to the real method, should anything call it again
        raise RuntimeError("the process died here")

    storage.finish_daily_post = die


# The host's clock against Discord's, in minutes. The suite runs the wrong clocks only: with the
# same plan and checks, the right one is the easy case (and test_daily.py's); -m slow runs all three.
SKEWS = {"host clock right": 0, "30 min fast": 30, "30 min slow": -30}
WRONG_CLOCKS = pytest.mark.parametrize("skew", [30, -30], ids=["30 min fast", "30 min slow"])
ANY_CLOCK = pytest.mark.parametrize("skew", SKEWS.values(), ids=SKEWS.keys())


@WRONG_CLOCKS
async def test_30_days_two_guilds_restarts_and_faults_post_every_reading_once_in_order(
    simcord_env, config, monkeypatch, skew
):
    await daily_soak(simcord_env, config, monkeypatch, days=SHORT_DAYS, skew=timedelta(minutes=skew))


@pytest.mark.slow
@ANY_CLOCK
async def test_120_days_two_guilds_restarts_and_faults_post_every_reading_once_in_order(
    simcord_env, config, monkeypatch, skew
):
    await daily_soak(simcord_env, config, monkeypatch, days=DAYS, skew=timedelta(minutes=skew))


async def daily_soak(simcord_env, config, monkeypatch, *, days: int, skew: timedelta = timedelta(0)) -> None:
    """Run the daily soak over ``days`` simulated days, the host's clock ``skew`` ahead of Discord's."""
    env = simcord_env
    env.bot.clock.offset = skew
    clock_started = time.perf_counter()
    rng = random.Random(SEED)
    london = Group(env, "London", time="18:00", zone="Europe/London", setup_day=0, role=True)
    new_york = Group(env, "New York", time="07:30", zone="America/New_York", setup_day=3, role=False)
    groups = (london, new_york)
    total = len(env.bot.library.knowledge.article.readings)
    assert total + 1 < days
    # The plan. Each group posts on total + 1 consecutive days from its set-up (the closing last).
    for group in groups:
        posting = list(range(group.setup_day, group.setup_day + total + 1))
        picked = rng.sample(posting, 3 + 2 * len(FAULTS))
        group.crashes = set(picked[:3])
        group.faults = {day: FAULTS[i // 2] for i, day in enumerate(picked[3:])}
    restart_days = set(rng.sample(range(days), days // 5))
    restarts = 0

    for day in range(days):
        midnight = START + timedelta(days=day)
        events: list[tuple[datetime, int, str, Group | None]] = []
        for group in groups:
            if day == group.setup_day:
                events.append((midnight + timedelta(minutes=1), 0, "setup", group))
            slot = group.slot(day) - skew  # when the bot posts: its time by the host's clock
            if day in group.crashes:
                events.append((slot - timedelta(minutes=5), 1, "arm crash", group))
                events.append((slot, 2, "restart after the crash", group))
            if day in group.faults:
                events.append((slot - timedelta(minutes=5), 1, "inject", group))
                events.append((slot + timedelta(minutes=1), 2, "status shows the failure", group))
                if group.faults[day] != "403" and day % 2:
                    # Down while a send of unknown fate awaits its retry: the new start looks in
                    # the channel (not there) and sends it at once.
                    events.append((slot + timedelta(minutes=2), 2, "restart", None))
                events.append((slot + timedelta(minutes=11), 2, "retried", group))
        if day in restart_days:
            at = midnight + timedelta(minutes=rng.randrange(24 * 60))
            # Not inside a failure's check window: a start forgets the failures and retries at once,
            # which is right but would race the status check.
            busy = [e[0] for e in events if e[2] == "inject"]
            while any(t - timedelta(minutes=6) <= at <= t + timedelta(minutes=20) for t in busy):
                at += timedelta(hours=1)
            if at < midnight + timedelta(days=1):
                events.append((at, 3, "restart", None))
        for when, _, what, group in sorted(events, key=lambda e: (e[0], e[1])):
            await env.advance_time(max((when - env.now()).total_seconds(), 0))
            if what == "setup":
                await group.setup()
            elif what == "arm crash":
                crash_on_record(env)
            elif what == "restart after the crash":
                # The post went out at the slot and the bot died before recording it.
                attempt = env.bot.storage.open_daily_post(group.guild.id)
                assert attempt is not None and attempt.state == "sending", f"day {day}: nothing left unrecorded"
                await restart(env, config)
                restarts += 1
                assert env.bot.storage.open_daily_post(group.guild.id) is None  # found and recorded at start
            elif what == "inject":
                fault = group.faults[day]
                if fault == "500":
                    env.inject_error("POST", f"/channels/{group.channel.id}/messages", status=500, times=1)
                elif fault == "403":
                    env.inject_error(
                        "POST",
                        f"/channels/{group.channel.id}/messages",
                        status=403,
                        code=50013,
                        message="Missing Permissions",
                        times=1,
                    )
                else:
                    lose_the_answer(monkeypatch, group.channel.id, fault)
            elif what == "status shows the failure":
                text = await group.status()
                assert "Last attempt failed" in text, (day, text)
                fault = group.faults[day]
                said = {"403": "missing a permission", "timeout after sending": messages.DAILY_TIMEOUT}
                assert said.get(fault, "Discord had a problem on its side (error 500)") in text, (day, fault, text)
                group.status_checks += 1
            elif what == "retried":
                assert "Last attempt failed" not in await group.status(), f"day {day}: not retried"
            elif what == "restart":
                await restart(env, config)
                restarts += 1
        await env.advance_time(max((midnight + timedelta(days=1) - env.now()).total_seconds(), 0))

    assert env.now() == START + timedelta(days=days)
    for group in groups:
        posts = group.posts()
        titles = [post.embeds[0].title for post in posts]
        expected = [messages.daily_title_prefix(day, total) for day in range(1, total + 2)]
        # Every reading exactly once, in order, then the closing message, then nothing.
        assert len(titles) == total + 1, titles
        assert all(title.startswith(prefix) for title, prefix in zip(titles, expected)), titles
        # One a local day, from the set-up day, none lost.
        first = (START + timedelta(days=group.setup_day)).date()
        local_dates = [schedule.local_date(post.created_at, group.zone) for post in posts]
        assert local_dates == [first + timedelta(days=i) for i in range(total + 1)]
        # The record agrees with the channel: every day posted once, nothing left unresolved.
        record = env.bot.storage.daily_posts(group.guild.id)
        assert [post.day for post in record] == list(range(1, total + 2))
        assert [post.message_id for post in record] == [post.id for post in posts]
        assert env.bot.storage.open_daily_post(group.guild.id) is None
        assert len(group.channel.threads) == total + 1
        # Each thread starts with its prompt, sent once, and the record knows where it is.
        bot_id = env.bot.user.id
        threads = {thread.id: thread for thread in group.channel.threads}
        for post, recorded in zip(posts, record):
            said = [m for m in threads[post.id].history() if m.author.id == bot_id]
            assert [m.content.startswith(messages.DAILY_OPENING_PREFIX) for m in said] == [True], post.id
            assert recorded.opening_id == said[0].id
        assert "read the whole article" in await group.status()
        # Sends: one a post, plus one for each refused send (a lost answer is not sent again);
        # pings: the role at most.
        sends = [
            r for r in env.http_requests if r.method == "POST" and r.path == f"/channels/{group.channel.id}/messages"
        ]
        assert len(sends) == total + 1 + sum(fault in ("500", "403") for fault in group.faults.values())
        role = group.role.id if group.role else None
        for request in sends:
            assert not ping_problems(request.json, role_allowed=role), request.json
        assert group.status_checks == len(group.faults)
    print(
        f"\n{days}-day soak (seed {SEED}, host clock {skew.total_seconds() / 60:+.0f} min): {restarts} restarts ({sum(len(g.crashes) for g in groups)} between sending and"
        f" recording), {sum(len(g.faults) for g in groups)} failed sends, "
        f"{sum(len(g.posts()) for g in groups)} posts, {time.perf_counter() - clock_started:.1f} s"
    )


OFF_TOPIC = [
    "What did Stalin eat for breakfast?",
    "who won the world cup in 1998",
    "what's the weather like in Moscow today",
    "recipe for borscht please",
    "How tall was Napoleon?",
    "what is the capital of Australia",
    "Can you recommend a good novel?",
    "When did Lenin learn to swim?",
    "what's the best python web framework",
    "how do I bake bread",
    "who painted the Mona Lisa?",
    "is it going to rain tomorrow",
]
# Too vague for one entry: a did-you-mean (typos of phrasings are mostly answered).
UNSURE = ["what about Trotsky", "bureaucracy and democracy", "tell me about the exile"]
SOCIAL = ["hello!", "hi all", "thanks!", "thank you so much", "what can you do?", "bye for now"]
UNREADABLE = [
    "",
    "   ",
    "???",
    "🤔🤔 ❓",
    "Почему Сталин победил?",
    "スターリンはなぜ勝ったのか",
    "why " * 100,
    "\u200b\u200b",
]


def typo(text: str, rng: random.Random) -> str:
    """Misspell one word a little: swap two letters or drop one."""
    words = text.split()
    long_words = [i for i, word in enumerate(words) if len(word) > 4]
    if not long_words:
        return text
    i = rng.choice(long_words)
    word = words[i]
    j = rng.randrange(1, len(word) - 2)
    words[i] = word[:j] + word[j + 1] + word[j] + word[j + 2 :] if rng.random() < 0.5 else word[:j] + word[j + 1 :]
    return " ".join(words)


def kind_of(body: dict, limits: tuple[int, ...], article) -> str:
    """What a reply is, from the payload the bot sent (``limits``: the longest questions read).

    A member past the cooldown gets /ask replies privately under a note: the reply below it counts.
    """
    content = body.get("content") or ""
    if "just for you" in content:
        content = content.partition("\n\n")[2]
    if content == messages.SUGGEST_INTRO:
        return "did-you-mean"
    # A decline, with the nearest passage (a card) or without; a passage under its label.
    if content == messages.DECLINE or content.startswith(("The article doesn't say ", messages.NOT_SAID)):
        return "decline"
    if any(content == messages.passage_intro(n) for n in range(1, len(article.paragraphs) + 1)):
        return "passage"
    if content in {messages.social_text(kind, article, messages.DISCORD_COMMANDS) for kind in messages.SOCIAL}:
        return "social"
    if body.get("embeds"):
        return "answer"
    if "try again <t:" in content:
        return "cooldown"
    if content in {messages.unreadable_text(reason, limit) for reason in messages.UNREADABLE for limit in limits}:
        return "unreadable"
    return f"unexpected: {content[:80]!r}"


async def test_300_questions_from_50_members_each_get_a_reply_and_the_state_agrees(simcord_env, config):
    await question_soak(simcord_env, config, questions=SHORT_QUESTIONS)


@pytest.mark.slow
async def test_1000_questions_from_50_members_each_get_a_reply_and_the_state_agrees(simcord_env, config):
    await question_soak(simcord_env, config, questions=QUESTIONS)


async def question_soak(simcord_env, config, *, questions: int) -> None:
    """Put ``questions`` questions to the bot (see the module's docstring)."""
    env = simcord_env
    clock_started = time.perf_counter()
    rng = random.Random(SEED)
    guild = env.create_guild("Busy group")
    channel = guild.create_text_channel("reading-group")
    members = [guild.add_member(env.create_user(f"member{i:02}")) for i in range(50)]
    # A few members ask a lot (they meet the cooldown); most ask now and then.
    weights = [16 if i < 5 else 1 for i in range(50)]
    phrasings = [q for entry in env.bot.library.knowledge.entries for q in entry.questions]
    article = env.bot.library.knowledge.article
    asked: list[str] = []
    unanswered_asks: set[tuple[int, str]] = set()  # (member, question): each member counts once a question
    counts = {"answer": 0, "did-you-mean": 0, "decline": 0, "unreadable": 0, "cooldown": 0, "already told to wait": 0}
    counts |= {"passage": 0, "social": 0}  # a passage is rare: no entry fits, but a paragraph clearly does
    by_ask = 0

    for _ in range(questions):
        roll = rng.random()
        if roll < 0.45:
            question = rng.choice(phrasings)
        elif roll < 0.6:
            question = typo(rng.choice(phrasings), rng)
        elif roll < 0.69:
            question = rng.choice(OFF_TOPIC)
        elif roll < 0.71:
            question = rng.choice(UNSURE)
        elif roll < 0.75:
            question = rng.choice(SOCIAL)
        elif roll < 0.85:
            question = rng.choice(UNREADABLE)
        else:
            question = rng.choice(asked) if asked else rng.choice(phrasings)
        asked.append(question)
        member = rng.choices(members, weights)[0]
        since, errors = len(env.http_requests), env.error_cursor
        if rng.random() < 0.5:
            by_ask += 1
            await member.slash(channel, "ask", question=question)
        else:
            await member.send(channel, f"{env.bot.user.mention} {question}")
        assert not env.errors_since(errors), question
        replies = sent_payloads(env, since)
        for request, body in replies:
            assert not problems(body), (request.path, problems(body))
        if not replies:
            counts["already told to wait"] += 1  # a mention within a wait already announced
        else:
            [(_, body)] = replies
            settings = env.bot.library.engine.settings
            kind = kind_of(body, (settings.max_question_length, settings.max_message_length), article)
            assert kind in counts, kind
            counts[kind] += 1
            if kind in ("decline", "did-you-mean", "passage"):
                unanswered_asks.add((member.id, fold(clean_question(question))))
        await env.advance_time(rng.uniform(0.5, 4.0))

    assert sum(counts.values()) == questions, counts
    assert all(count for kind, count in counts.items() if kind != "passage"), counts  # every kind of reply happened
    print(f"\n{questions:,} questions ({by_ask} by /ask): {counts}, {time.perf_counter() - clock_started:.1f} s")

    # The state on disk agrees: every question that reached the engine is counted once, by outcome.
    storage = env.bot.storage
    reached = questions - counts["cooldown"] - counts["already told to wait"]
    outcomes = storage.outcome_counts(None, None)
    assert sum(outcomes.values()) == reached
    assert outcomes.get("answer", 0) == counts["answer"]
    assert outcomes.get("suggest", 0) == counts["did-you-mean"]
    assert outcomes.get("decline", 0) == counts["decline"]
    assert outcomes.get("unreadable", 0) == counts["unreadable"]
    assert outcomes.get("passage", 0) == counts["passage"] and outcomes.get("social", 0) == counts["social"]
    unanswered = storage.unanswered(include_dismissed=True)
    assert sum(question.count for question in unanswered) == len(unanswered_asks)
    assert len(unanswered_asks) <= counts["decline"] + counts["did-you-mean"] + counts["passage"]
    assert len({question.folded for question in unanswered}) == len(unanswered)  # repeats merged
    assert storage.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # And the file itself, opened afresh, says the same.
    from bot.storage import Storage

    again = Storage(storage.path)
    try:
        assert again.db.execute("SELECT COUNT(*) FROM questions").fetchone()[0] == reached
        assert again.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        again.close()
