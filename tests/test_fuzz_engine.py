"""Property-based tests: whatever a member types, the engine answers safely and the reply is sendable.

Arbitrary unicode, zero-width and right-to-left characters, 10,000-character input, markdown and
code blocks, ``@everyone`` and user, role and channel mentions, mixed with words of the article so
that every outcome (answer, did-you-mean, decline, unreadable) is reached. For each question: no
exception, a well-formed result, and every text a member would see (in the console and on Discord)
within Discord's limits and without anything that could ping: the replies never echo the question.
"""

from __future__ import annotations

import math

import _shipped
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot import messages, replies
from bot.console import reply_text
from bot.core import limits
from bot.core.knowledge import SOCIAL_KINDS
from bot.core.matcher import _COMPARE_LIKELY as COMPARE_LIKELY
from bot.core.matcher import Outcome, Result, Unreadable
from bot.core.message import MAX_PARTS

FUZZ = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FEW = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PINGS = ("@everyone", "@here", "<@")

ENGINE = _shipped.engine()
_WORDS = sorted(
    {word.strip("?.,!'\"’“”()") for entry in ENGINE.knowledge.entries for q in entry.questions for word in q.split()}
    - {""}
)

MENTIONS = st.sampled_from(
    [
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
        "@Trotsky",
        "<t:1700000000:R>",
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
        "\u0000",
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
        "```py\nprint('hi')\n```",
        "> ",
        ">>> ",
        "# ",
        "-# ",
        "[link](https://example.com)",
        "https://example.com/?q=stalin",
        "\n",
        "\t",
        "  ",
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
    ]
)
OTHER_SCRIPTS = st.sampled_from(["Троцкий", "スターリン", "تروتسكي", "טרוצקי", "托洛茨基", "Τρότσκι", "ट्रॉट्स्की"])
FRAGMENT = st.one_of(
    st.sampled_from(_WORDS),
    st.sampled_from(_WORDS),
    MENTIONS,
    INVISIBLE,
    MARKUP,
    OTHER_SCRIPTS,
    st.text(max_size=8),
)
QUESTIONS = (
    st.lists(FRAGMENT, max_size=25).map(" ".join) | st.lists(FRAGMENT, max_size=25).map("".join) | st.text(max_size=400)
)
LONG_QUESTIONS = st.tuples(st.lists(FRAGMENT, min_size=1, max_size=10).map(" ".join), st.integers(0, 200)).map(
    lambda pair: ((pair[0] or "x") * (10_200 // max(len(pair[0]), 1) + 1))[pair[1] : pair[1] + 10_000]
)


def discord_texts(result: Result, surface: replies.Surface = replies.Surface.SLASH) -> list[tuple[str, str, int]]:
    """Return ``(what, text, limit)`` for everything the reply would show on Discord (``/ask``'s, or a
    mention's): each part within its own limit, every card together within a message's."""
    reply = replies.reply_for(ENGINE, result, replies.Context(surface, asker_id=2**64 - 1))
    found = [("content", reply.text, limits.MESSAGE)] if reply.text else []
    assert len(reply.cards) <= limits.EMBEDS
    assert sum(card.length for card in reply.cards) <= limits.EMBED_TOTAL
    for card in reply.cards:
        found += [
            (what, text, limit)
            for what, text, limit in [
                ("title", card.title, limits.EMBED_TITLE),
                ("description", card.description, limits.EMBED_DESCRIPTION),
                ("footer", card.footer, limits.EMBED_FOOTER),
                ("author", card.author, limits.EMBED_AUTHOR),
                *((f"field {f.name}", f.value, limits.FIELD_VALUE) for f in card.fields),
            ]
            if text
        ]
    assert len(reply.buttons) <= limits.COMPONENTS
    return found + [("button", button.label, limits.BUTTON_LABEL) for button in reply.buttons]


def check_result(question: str, result: Result) -> None:
    assert isinstance(result, Result)
    assert result.question == question
    assert isinstance(result.outcome, Outcome)
    settings_ = ENGINE.settings
    if result.outcome is Outcome.UNREADABLE:
        assert isinstance(result.unreadable, Unreadable)
        assert result.matches == ()
    else:
        assert result.unreadable is None
        assert len(question) <= settings_.max_question_length
    if result.outcome is Outcome.ANSWER:
        # One entry, or one per part of a message asking several things, none twice.
        assert 1 <= len(result.answers) == len(result.matches) <= MAX_PARTS
        assert len({entry.id for entry in result.entries}) == len(result.entries)
        assert all(ENGINE.knowledge.has_entry(entry.id) for entry in result.entries)
        # The answer threshold, or the lower one fitted for its kind of question (a paragraph
        # named, a clear first in the ranking), never below both.
        model = ENGINE.model
        kinds = [t for t in (model.named_threshold, model.lead_threshold) if t is not None]
        if len(result.answers) == 2 and not any(a.part for a in result.answers):
            kinds.append(COMPARE_LIKELY)  # a comparison, answered with the two entries it lies between
        lowest = min([settings_.answer_threshold, *(round(100 * t, 1) for t in kinds)])
        assert result.answers[0].score >= lowest
        assert len(result.offers) <= settings_.max_suggestions
    elif result.outcome is Outcome.SUGGEST:
        assert 1 <= len(result.matches) <= settings_.max_suggestions
        assert len({m.entry.id for m in result.matches}) == len(result.matches)
    elif result.outcome is Outcome.PASSAGE:
        assert 1 <= len(result.paragraphs) <= 3 and all(1 <= n <= 29 for n in result.paragraphs)
        assert len(result.matches) <= settings_.max_suggestions
    elif result.outcome is Outcome.SOCIAL:
        assert result.social in SOCIAL_KINDS and not result.matches
    elif result.outcome is Outcome.DECLINE:
        assert len(result.matches) <= 1 and len(result.paragraphs) <= 1
    for match in result.matches:
        assert math.isfinite(match.score) and 0 <= match.score <= 100
        assert 0 <= match.coverage <= 1
        assert match.phrasing in match.entry.phrasings  # its questions, or its not_said ones


def check_replies(question: str, result: Result) -> None:
    # The console and the command line have no limit of their own; they print what a message can hold.
    everything = limits.MESSAGE + limits.EMBED_TOTAL
    shown = [
        ("console", reply_text(ENGINE, result), everything),
        ("command line", reply_text(ENGINE, result, replies.Surface.COMMAND_LINE), everything),
        *discord_texts(result),
    ]
    for what, text, limit in shown:
        assert text.strip(), what
        assert len(text) <= limit, (what, len(text))
        for ping in PINGS:
            assert ping not in text, (what, ping, text)
    # The replies are written from the knowledge (a two-part answer names the part it answers, with
    # no @ or angle brackets left): a mention typed by the member cannot come back in them.
    for mention in ("<@123>", "<@&456>", "<#789>"):
        if mention in question:
            assert all(mention not in text for _, text, _ in shown)


@FUZZ
@given(QUESTIONS)
def test_any_question_gets_a_well_formed_result_and_a_safe_reply(question):
    result = ENGINE.ask(question)
    check_result(question, result)
    check_replies(question, result)


@FUZZ
@given(
    st.lists(MENTIONS | INVISIBLE | MARKUP, min_size=1, max_size=6),
    st.sampled_from(
        [
            "when was trotsky expelled",
            "alma ata",
            "why did stalin win",
            "what is socialism in one country",
            "who wrote this",
        ]
    ),
)
def test_mentions_and_markup_around_a_real_question_never_come_back(noise, question):
    typed = " ".join(noise[: len(noise) // 2] + [question] + noise[len(noise) // 2 :])
    result = ENGINE.ask(typed)
    check_result(typed, result)
    check_replies(typed, result)


def test_mentions_and_invisible_characters_do_not_change_the_answer():
    plain = ENGINE.ask("when was trotsky expelled from the party")
    assert plain.answered
    for noisy in (
        "@everyone when was trotsky expelled from the party",
        "<@123> when was <@&456> trotsky expelled from the party <#789>",
        "when was **trotsky** expelled from the `party`",
        "when\u200b was trotsky\u200d expelled from the party\u202e",
        "\u2067when was trotsky expelled from the party\u2069",
    ):
        result = ENGINE.ask(noisy)
        assert result.answered and result.entry.id == plain.entry.id, noisy


@FEW
@given(LONG_QUESTIONS)
def test_ten_thousand_characters_are_declined_as_too_long_and_rank_does_not_fail(question):
    assert len(question) == 10_000
    result = ENGINE.ask(question)
    check_result(question, result)
    assert result.unreadable is Unreadable.TOO_LONG
    check_replies(question, result)
    # The engine's parts take such input too (autocomplete sees what is typed, not a question).
    ENGINE.rank(question)
    assert len(ENGINE.complete(question[:500])) <= 25


@pytest.mark.parametrize(
    "question", ["", " ", "\u200b", "\u202e", "```\n```", "<@123>", "@everyone", "🙂🙂", "?", "\x00"]
)
def test_questions_with_nothing_to_read(question):
    result = ENGINE.ask(question)
    check_result(question, result)
    assert result.outcome is Outcome.UNREADABLE
    check_replies(question, result)


MESSAGES = st.lists(st.one_of(FRAGMENT, st.sampled_from([". ", "? ", "! ", ", and ", "\n"])), max_size=300).map(
    lambda parts: " ".join(parts)[:2000]
)


@FUZZ
@given(MESSAGES)
def test_a_message_by_mention_or_dm_of_up_to_2000_characters_is_read_safely(message):
    result = ENGINE.ask(message, limit=ENGINE.settings.max_message_length)
    assert result.outcome is not Outcome.UNREADABLE or result.unreadable is not Unreadable.TOO_LONG
    assert len(result.parts) <= MAX_PARTS
    shown = discord_texts(result, replies.Surface.MESSAGE)
    assert shown
    for what, text, limit in shown:
        assert text.strip() and len(text) <= limit, (what, len(text))
        for ping in PINGS:
            assert ping not in text, (what, ping, text)


@FUZZ
@given(QUESTIONS)
def test_autocomplete_offers_at_most_25_choices_of_at_most_100_characters(typed):
    choices = ENGINE.complete(typed, limit=25)
    assert len(choices) <= 25
    assert len(set(choices)) == len(choices)
    phrasings = {q for entry in ENGINE.knowledge.entries for q in entry.questions}
    for choice in choices:
        assert choice in phrasings
        assert 1 <= len(choice) <= 100
        assert 1 <= len(messages.choice_name(choice)) <= limits.CHOICE_NAME
        assert not any(ping in choice for ping in PINGS)
