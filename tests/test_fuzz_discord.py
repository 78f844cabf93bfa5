"""Property-based tests through SimCord: whatever a member types, the bot's reply is safe to send.

Members put arbitrary text to the bot three ways, as on Discord: ``/ask``, a message mentioning
the bot and a direct message. The text mixes words of the article with arbitrary unicode,
zero-width and right-to-left characters, markdown and code blocks, ``@everyone``, ``@here`` and
real user, role and channel mentions, up to 10,000 characters (``/ask``; a member's own message
is capped by Discord at 2,000, which SimCord enforces). For every question:

- no unhandled error (SimCord captures what discord.py would only log: ``env.errors``);
- exactly one reply, and every message the bot sends fits Discord's limits (content, embed
  title/description/footer/fields, buttons and their labels);
- nothing can ping: every payload's ``allowed_mentions`` parses nothing and lists no one, a reply
  does not ping its author, and the message Discord made of it mentions no one and not everyone.

An organiser's arbitrary time and time zone in ``/daily setup`` (and its time zone autocomplete)
get the same treatment: a 3,000-character time zone used to be echoed whole into a reply over
2,000 characters, which Discord refused (the organiser saw only the apology).

Hypothesis drives many examples through one SimCord environment per test (the fixture is built
once per test function; each example works in that same guild), so a test stays within seconds.
"""

from __future__ import annotations

import dataclasses

import _shipped
import discord
import pytest
from _discord_checks import problems, sent_payloads
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from bot import messages

# One environment serves all the examples of a test: hypothesis must not complain that the
# function-scoped fixtures are not reset between examples (that is the point).
FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
LONG = settings(FUZZ, max_examples=15)

_WORDS = sorted(
    {
        word.strip("?.,!'\"’“”()")
        for entry in _shipped.knowledge().entries
        for question in entry.questions
        for word in question.split()
    }
    - {""}
)
# Placeholders replaced by real mentions of this example's guild.
PLACEHOLDERS = ("{bot}", "{member}", "{role}", "{everyone_role}", "{channel}")
MENTIONS = st.sampled_from(
    [
        *PLACEHOLDERS,
        "@everyone",
        "@here",
        "<@123>",
        "<@!123456789012345678>",
        "<@&456>",
        "<#789>",
        "@ everyone",
        "＠everyone",
        "@\u200beveryone",
        "<@\u200b123>",
        "<:wave:123>",
        "<a:dance:456>",
        "<t:1700000000:R>",
        "<@&{role_id}>",
        "@Trotsky",
    ]
)
INVISIBLE = st.sampled_from(
    [
        "\u200b",
        "\u200c",
        "\u200d",
        "\u2060",
        "\ufeff",
        "\u00ad",
        "\u200e",
        "\u200f",
        "\u202a",
        "\u202b",
        "\u202c",
        "\u202d",
        "\u202e",
        "\u2066",
        "\u2067",
        "\u2068",
        "\u2069",
        "\u061c",
        "\u0301",
        "\x00",
        "\x1b[31m",
    ]
)
MARKUP = st.sampled_from(
    [
        "**",
        "*",
        "_",
        "__",
        "~~",
        "||",
        "`",
        "```",
        "```py\nprint('@everyone')\n```",
        "> ",
        ">>> ",
        "# ",
        "-# ",
        "[link](https://example.com)",
        "https://example.com/?q=stalin",
        "\n",
        "\t",
        "\\",
        "🙂",
        "🇷🇺",
        "👍🏽",
        "❤️‍🔥",
        "?",
        "!!!",
        "...",
        '"',
        "’",
        "«",
        "»",
        "%s",
        "{0}",
        "<script>",
        "' OR 1=1 --",
    ]
)
RTL_AND_OTHER_SCRIPTS = st.sampled_from(
    ["Троцкий", "スターリン", "تروتسكي لماذا", "טרוצקי", "托洛茨基", "Τρότσκι", "ट्रॉट्स्की", "\u202eniw nilats yhw"]
)
FRAGMENT = st.one_of(
    st.sampled_from(_WORDS),
    st.sampled_from(_WORDS),
    st.sampled_from(_WORDS),
    MENTIONS,
    INVISIBLE,
    MARKUP,
    RTL_AND_OTHER_SCRIPTS,
    st.text(max_size=6),
)
QUESTIONS = (
    st.lists(FRAGMENT, max_size=20).map(" ".join) | st.lists(FRAGMENT, max_size=20).map("".join) | st.text(max_size=300)
)
LONG_QUESTIONS = st.tuples(st.lists(FRAGMENT, min_size=1, max_size=8).map(" ".join), st.integers(0, 100)).map(
    lambda pair: ((pair[0] or "x") * (10_200 // max(len(pair[0]), 1) + 1))[pair[1] : pair[1] + 10_000]
)


@pytest.fixture
def config(config):
    """No cooldown in the way (the examples come fast)."""
    return dataclasses.replace(config, cooldown_questions=10_000)


class Room:
    """One guild with a channel, a member who asks, a mentionable role, and someone writing in DMs."""

    def __init__(self, env) -> None:
        self.env = env
        self.guild = env.create_guild("Fuzz")
        self.channel = self.guild.create_text_channel("reading-group")
        self.role = self.guild.create_role("Readers", mentionable=True)
        self.member = self.guild.add_member(env.create_user("alice"))
        self.other = self.guild.add_member(env.create_user("bob"))
        self.dm_user = env.create_user("dora")
        self._examples = 0

    def fresh(self) -> None:
        """A new channel and a new DM writer for the next example (a channel's last message is found
        by reading its whole history, which would grow with every example)."""
        self._examples += 1
        self.channel = self.guild.create_text_channel(f"reading-group-{self._examples}")
        self.dm_user = self.env.create_user(f"dora{self._examples}")

    def fill(self, text: str) -> str:
        """Replace the placeholders by real mentions in this guild."""
        bot = self.env.bot.user
        return (
            text.replace("{bot}", bot.mention)
            .replace("{member}", self.other.mention)
            .replace("{role}", self.role.mention)
            .replace("{role_id}", str(self.role.id))
            .replace("{everyone_role}", self.guild.default_role.mention)
            .replace("{channel}", self.channel.mention)
        )

    def check_sent(self, since: int, *, expected: int) -> None:
        """The bot sent ``expected`` messages since ``since``, each within the limits and ping-free."""
        sent = sent_payloads(self.env, since)
        assert len(sent) == expected, [request.path for request, _ in sent]
        for request, body in sent:
            assert not problems(body), (request.path, problems(body), body)

    @staticmethod
    def check_message(message) -> None:
        """The message as Discord made it mentions no one."""
        assert not message.mention_everyone
        assert not message.mentions and not message.role_mentions

    async def ask(self, question: str) -> None:
        """Ask through /ask; one reply, safe."""
        since, errors = len(self.env.http_requests), self.env.error_cursor
        result = await self.member.slash(self.channel, "ask", question=question)
        assert not self.env.errors_since(errors)
        reply = result.response
        assert reply is not None and (reply.content or reply.embeds)
        self.check_message(reply.message)
        self.check_sent(since, expected=1)

    async def mention(self, question: str) -> None:
        """Ask in the channel, mentioning the bot; one reply to that message, safe."""
        text = f"{self.env.bot.user.mention} {question}"[:2000]
        since, errors = len(self.env.http_requests), self.env.error_cursor
        asked = await self.member.send(self.channel, text)
        assert not self.env.errors_since(errors)
        reply = self.channel.last_message
        assert reply.author.id == self.env.bot.user.id and reply.reference.message_id == asked.id
        self.check_message(reply)
        self.check_sent(since, expected=1)

    async def direct(self, question: str) -> None:
        """Ask in a direct message; one reply, safe."""
        text = question[:2000]
        if not text.strip():
            return  # Discord does not send an empty or blank message
        since, errors = len(self.env.http_requests), self.env.error_cursor
        await self.dm_user.send_dm(text)
        assert not self.env.errors_since(errors)
        reply = self.dm_user.dm_channel.last_message
        assert reply.author.id == self.env.bot.user.id
        self.check_message(reply)
        self.check_sent(since, expected=1)


@pytest.fixture
def room(simcord_env):
    return Room(simcord_env)


@FUZZ
@given(question=QUESTIONS)
async def test_any_question_gets_one_safe_reply_by_ask_mention_and_dm(room, question):
    room.fresh()
    question = room.fill(question)
    await room.ask(question)
    await room.mention(question)
    await room.direct(question)


@LONG
@given(question=LONG_QUESTIONS)
async def test_ten_thousand_characters_get_one_safe_reply(room, question):
    room.fresh()
    question = room.fill(question)
    await room.ask(question)  # /ask takes the whole 10,000 characters
    await room.mention(question)  # a member's message: Discord's 2,000
    await room.direct(question)


@settings(FUZZ, max_examples=60)
@given(data=st.data())
async def test_buttons_under_any_reply_are_safe_to_press(room, data):
    """Whatever the reply, pressing each of its buttons gives a safe reply too."""
    room.fresh()
    question = room.fill(data.draw(QUESTIONS | st.sampled_from(_WORDS).map(lambda w: f"{w}?")))
    result = await room.member.slash(room.channel, "ask", question=question)
    buttons = [item for row in result.response.components or [] for item in _items(row)]
    for label in buttons:
        since, errors = len(room.env.http_requests), room.env.error_cursor
        pressed = await room.other.click(result.response, label=label)
        assert not room.env.errors_since(errors)
        assert pressed.response is not None
        for request, body in sent_payloads(room.env, since):
            assert not problems(body), (request.path, problems(body), body)


def _items(row) -> list[str]:
    if isinstance(row, dict):
        return [item["label"] for item in row.get("components", []) if item.get("label")]
    return [child.label for child in getattr(row, "children", []) if isinstance(child, discord.ui.Button)]


SETTINGS_TEXT = st.one_of(
    st.sampled_from(
        [
            "18:00",
            "7:30",
            "24:00",
            "18.00",
            "١٨:٣٠",
            "Europe/London",
            "America/New_York",
            "UTC",
            "Europe",
            "../etc/passwd",
            "/etc/localtime",
            "posix/Europe/London",
            "Europe/London ",
            "x" * 3000,
            "@everyone",
            "{role}",
            "{member}",
        ]
    ),
    QUESTIONS,
)


@pytest.fixture
def organiser(room):
    mods = room.guild.create_role("Mods", permissions=discord.Permissions(manage_guild=True))
    return room.guild.add_member(room.env.create_user("ada"), roles=[mods])


@settings(FUZZ, max_examples=40)  # three ephemeral replies an example, ~50 ms each in SimCord
@given(at=SETTINGS_TEXT, zone=SETTINGS_TEXT)
async def test_daily_setup_with_any_time_and_timezone_gets_one_safe_reply(room, organiser, at, zone):
    """An organiser's typing in /daily setup (and the time zone autocomplete) is answered safely."""
    at, zone = room.fill(at) or "?", room.fill(zone) or "?"
    since, errors = len(room.env.http_requests), room.env.error_cursor
    choices = await organiser.autocomplete(room.channel, "daily setup", "timezone", zone)
    assert len(choices) <= 25 and all(len(c["name"]) <= 100 and len(c["value"]) <= 100 for c in choices)
    reply = await organiser.slash(room.channel, "daily setup", channel=room.channel, time=at, timezone=zone)
    assert reply.response is not None and (reply.response.content or reply.response.embeds)
    status = await organiser.slash(room.channel, "daily status")
    assert status.response is not None
    assert not room.env.errors_since(errors)
    for request, body in sent_payloads(room.env, since):
        assert not problems(body), (request.path, problems(body), body)


@settings(FUZZ, max_examples=25)  # six commands an example
@given(prompt=QUESTIONS | LONG_QUESTIONS.map(lambda text: text[:700]), quoted=QUESTIONS, tested=QUESTIONS)
async def test_member_text_in_suggest_quote_and_qa_test_stays_safe_through_to_the_daily_post(
    room, organiser, prompt, quoted, tested
):
    """A member's suggested prompt, approved and posted to everyone, and any /quote or /qa test text."""
    env = room.env
    since, errors = len(env.http_requests), env.error_cursor
    storage = env.bot.storage
    if storage.daily_schedule(room.guild.id) is None:
        await organiser.slash(room.channel, "daily setup", channel=room.channel, time="18:00", timezone="UTC")
    total = len(env.bot.library.knowledge.article.readings)
    if storage.daily_schedule(room.guild.id).schedule.next_day > total:
        await organiser.slash(room.channel, "daily restart")
    day = storage.daily_schedule(room.guild.id).schedule.next_day
    reply = await room.member.slash(room.channel, "suggest", prompt=room.fill(prompt) or "?", day=day)
    if reply.response.content.startswith(messages.suggest_done(day)[:20]):
        queue = await organiser.slash(room.channel, "daily suggestions")
        await organiser.click(queue.response, label="Approve 1")
        event("a suggested prompt was approved and posted")
    posted = await organiser.slash(room.channel, "daily post")
    assert "posted" in posted.response.content.lower(), posted.response.content
    await room.member.slash(room.channel, "quote", text=(room.fill(quoted) or "?")[:500])
    await organiser.slash(room.channel, "qa test", question=(room.fill(tested) or "?")[:300])
    assert not env.errors_since(errors)
    for request, body in sent_payloads(env, since):
        assert not problems(body), (request.path, problems(body), body)
