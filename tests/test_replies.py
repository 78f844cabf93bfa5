"""Each of the engine's outcomes as a reply, on every surface: built once by ``replies.reply_for``.

The results are made by hand here (an engine's verdict, not its accuracy, is what a reply renders),
so these hold whatever the engine decides for a given question. Discord's side (buttons pressed,
payloads sent) is in tests/test_asking.py, through SimCord.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, time

import _shipped
import pytest

from bot import messages, replies
from bot.console import render
from bot.core import limits
from bot.core.companion import PostedDay, Progress
from bot.core.curation import inbox_folded, question_key
from bot.core.matcher import Answer, Match, Outcome, Result, Unreadable
from bot.core.schedule import Schedule
from bot.replies import Action, Surface

ENGINE = _shipped.engine()
KNOWLEDGE = ENGINE.knowledge
ARTICLE = KNOWLEDGE.article
ASKER = 2**64 - 1
ON_DISCORD = (Surface.SLASH, Surface.MESSAGE)
OFFLINE = (Surface.CONSOLE, Surface.COMMAND_LINE)


def entry(entry_id: str):
    return KNOWLEDGE.entry(entry_id)


def match(entry_id: str, score: float = 50.0) -> Match:
    return Match(entry(entry_id), score, entry(entry_id).title)


def reply(result: Result, surface: Surface, **context) -> replies.Reply:
    return replies.reply_for(ENGINE, result, replies.Context(surface, asker_id=ASKER, **context))


def text(result: Result, surface: Surface, **context) -> str:
    """What the member reads, as plain text (the console and the command line print exactly this)."""
    return render(reply(result, surface, **context))


def two_parts(*answered: tuple[str, str], offers: tuple[str, ...] = (), offered_part: str = "", unanswered=()):
    answers = tuple(Answer(entry(entry_id), part, 90.0) for entry_id, part in answered)
    return Result(
        " and ".join(part for _, part in answered),
        Outcome.ANSWER,
        tuple(Match(a.entry, a.score, a.entry.title) for a in answers),
        answers=answers,
        offers=tuple(match(entry_id) for entry_id in offers),
        offered_part=offered_part,
        unanswered=tuple(unanswered),
    )


EXPELLED_AND_DEPORTED = two_parts(
    ("trotsky-expelled", "when was trotsky expelled from the party"), ("year-1929", "when was he deported?")
)
EXILED_AND_A_BOOK = two_parts(
    ("trotsky-exile", "where was trotsky sent in 1928"),
    offers=("revolution-betrayed", "year-1936"),
    offered_part="what book did he write",
)
GREETING = Result("hello!", Outcome.SOCIAL, social="greeting")
OFF_TOPIC = Result("what's a good recipe for lentil soup", Outcome.DECLINE)
NO_NEP = Result(
    "what was the NEP", Outcome.DECLINE, (match("trotsky-economic-policy", 5),), paragraphs=(7,), absent=("NEP",)
)
UNSURE = Result("why did he lose", Outcome.SUGGEST, (match("why-stalin-won"), match("stronger-social-force")))
PARA_22 = Result(
    "explain para 22",
    Outcome.PASSAGE,
    (match("stalin-regime-basis", 0), match("state-capitalism", 0)),
    paragraphs=(22,),
    named=(22,),
)
TRIALS = Result("what absurd crimes did they confess to", Outcome.PASSAGE, paragraphs=(20,))


def test_every_outcome_has_a_reply_on_every_surface():
    results = [EXPELLED_AND_DEPORTED, EXILED_AND_A_BOOK, GREETING, OFF_TOPIC, NO_NEP, UNSURE, PARA_22, TRIALS]
    results.append(Result("", Outcome.UNREADABLE, unreadable=Unreadable.EMPTY))
    assert {result.outcome for result in results} == set(Outcome)
    for result in results:
        for surface in Surface:
            shown = reply(result, surface)
            assert shown.text or shown.cards, (result.outcome, surface)
            assert messages.APOLOGY not in text(result, surface)


# -- each surface names only what works there ------------------------------------------------------
@pytest.mark.parametrize("result", [GREETING, OFF_TOPIC, Result("what can you do", Outcome.SOCIAL, social="help")])
def test_each_surface_points_only_to_what_works_there(result):
    for surface in ON_DISCORD:
        shown = text(result, surface)
        assert "`/topics`" in shown and "python -m bot" not in shown and "`topics`" not in shown
    console = text(result, Surface.CONSOLE)
    assert "`topics`" in console and "/topics" not in console and "python -m bot" not in console
    command_line = text(result, Surface.COMMAND_LINE)
    assert "`python -m bot topics`" in command_line and "/topics" not in command_line


@pytest.mark.parametrize("kind", sorted(messages.SOCIAL))
def test_a_social_message_gets_a_short_friendly_reply_pointing_to_topics_and_help(kind):
    result = Result("hi", Outcome.SOCIAL, social=kind)
    shown = reply(result, Surface.MESSAGE)
    assert not shown.cards and not shown.buttons and not shown.private
    assert "`/topics`" in shown.text and "`/help`" in shown.text
    assert "doesn't cover" not in shown.text and "rather not guess" not in shown.text
    assert len(shown.text) <= 400  # short: a greeting is not a lecture
    assert "`help`" in text(result, Surface.CONSOLE) and "python -m bot --help" in text(result, Surface.COMMAND_LINE)


# -- a two-part answer ------------------------------------------------------------------------------
def test_both_parts_answered_are_a_card_each_under_the_members_words_each_cited():
    for surface in Surface:
        shown = reply(EXPELLED_AND_DEPORTED, surface)
        assert [card.author for card in shown.cards] == [
            "“when was trotsky expelled from the party”",
            "“when was he deported?”",
        ]
        assert [card.title for card in shown.cards] == [entry("trotsky-expelled").title, entry("year-1929").title]
        assert "¶2" in shown.cards[0].footer and "¶3" in shown.cards[1].footer
        assert "1927" in shown.cards[0].description and "1929" in shown.cards[1].description
    # Related questions under each answer, on Discord only, never the other part's own entry.
    buttons = reply(EXPELLED_AND_DEPORTED, Surface.SLASH).buttons
    assert buttons and all(b.action is Action.RELATED for b in buttons)
    assert not {b.target for b in buttons} & {"trotsky-expelled", "year-1929"}
    assert len({b.target for b in buttons}) == len(buttons)
    assert not reply(EXPELLED_AND_DEPORTED, Surface.CONSOLE).buttons


def test_an_unsure_second_part_is_offered_and_named():
    shown = reply(EXILED_AND_A_BOOK, Surface.SLASH)
    answered, offered = shown.cards
    assert answered.author == "“where was trotsky sent in 1928”" and "Alma Ata" in answered.description
    assert offered.author == "“what book did he write”" and offered.description == messages.SUGGEST_INTRO
    picks = [b for b in shown.buttons if b.action is Action.PICK_PART]
    assert [b.target for b in picks] == ["revolution-betrayed", "year-1936"]
    assert all(b.card == 1 and b.asker_id == ASKER for b in picks)
    assert shown.buttons[: len(picks)] == tuple(picks)  # the options first, then the answer's related questions

    console = text(EXILED_AND_A_BOOK, Surface.CONSOLE)
    assert "“what book did he write”" in console and "1. What is Trotsky's book The Revolution Betrayed?" in console
    assert messages.SUGGEST_PICK_HINT in console
    command_line = text(EXILED_AND_A_BOOK, Surface.COMMAND_LINE)
    assert "• What is Trotsky's book The Revolution Betrayed?" in command_line and 'python -m bot ask "' in command_line
    assert "Type the number" not in command_line


def test_a_part_the_article_does_not_answer_is_said_to_be_unanswered_not_dropped():
    result = two_parts(("trotsky-exile", "where were the camps"), unanswered=("what was the weather like there",))
    for surface in Surface:
        cards = reply(result, surface).cards
        assert cards[-1].author == "“what was the weather like there”"
        assert cards[-1].description == messages.NOT_SAID


def test_the_members_words_shown_back_cannot_ping():
    result = two_parts(("trotsky-exile", "@everyone where <@123> was he `sent`"), ("year-1929", "and then"))
    author = reply(result, Surface.MESSAGE).cards[0].author
    assert "@" not in author and "<" not in author and "`" not in author


def test_several_answers_share_one_messages_room_quoting_less_never_cutting():
    # The entries with the longest cards, three at once: Discord counts every card toward 6,000.
    answers = [e for e in KNOWLEDGE.entries if e.view is None]  # (the key dates list /timeline's dates instead)
    longest = sorted(answers, key=lambda e: -replies.answer_card(ARTICLE, e).length)[:3]
    result = two_parts(*((e.id, f"part {i} " + "x" * 110) for i, e in enumerate(longest)))
    posted = [PostedDay(day, 2**64 - 1, 2**64 - 1, 2**64 - 1, 2**64 - 1) for day in range(1, 17)]
    schedule = Schedule(time(18), "Europe/London", next_day=17)
    for progress in (None, Progress(schedule, tuple(posted))):  # with every day's discussion linked too
        cards = reply(result, Surface.SLASH, progress=progress).cards
        assert sum(card.length for card in cards) <= limits.EMBED_TOTAL
        for card, e in zip(cards, longest):
            assert card.description.startswith(messages.answer_text(e))  # each answer whole
            assert card.footer == messages.source_line(ARTICLE, e)  # its source names every paragraph
            for line in card.description.splitlines():
                assert not line.startswith("> ") or line.endswith("”")  # a quote whole, or not at all


def test_the_spoiler_guard_holds_back_each_part_on_its_own():
    # Day 1 posted, next day 2: ¶3 (day 1) is reached; ¶16 (day 8) is not.
    schedule = Schedule(time(18), "Europe/London", next_day=2)
    progress = Progress(schedule, (PostedDay(1, 1, 2, 3, 4),))
    result = two_parts(("trotsky-exile", "where was he exiled"), ("why-stalin-won", "why did stalin win"))
    now = datetime(2026, 1, 2, tzinfo=UTC)
    shown = reply(result, Surface.SLASH, progress=progress, spoilers=True, now=now)
    exiled, held = shown.cards
    assert "Alma Ata" in exiled.description and exiled.fields[0].name == messages.DISCUSSION_LABEL
    assert held.author == "“why did stalin win”" and "Day 8" in held.description
    assert "stronger social force" not in render(shown)
    assert shown.private  # a note about a reading ahead goes to the asker alone, as for one answer
    revealed = reply(result, Surface.SLASH, progress=progress, spoilers=True, now=now, reveal=True)
    assert "stronger social force" in revealed.cards[1].description and revealed.private


# -- a passage, a paragraph asked for, a decline ----------------------------------------------------
def test_a_passage_is_labelled_and_quotes_the_paragraph_whole():
    for surface in Surface:
        shown = reply(TRIALS, surface)
        assert shown.text == messages.passage_intro(20)
        assert shown.text == "The article doesn't answer that directly; ¶20 speaks to it:"
        [card] = shown.cards
        assert card.description == ARTICLE.paragraph(20).text  # whole sentences: the whole paragraph
        assert "day 11" in card.footer and ARTICLE.reading_of(20).title in card.footer
        assert not shown.buttons


def test_a_passage_from_a_reading_not_reached_is_held_back():
    progress = Progress(Schedule(time(18), "Europe/London", next_day=2), (PostedDay(1, 1, 2, 3, 4),))
    shown = reply(TRIALS, Surface.SLASH, progress=progress, spoilers=True)
    assert not shown.cards and "Day 11" in shown.text and shown.private


def test_a_paragraph_asked_for_comes_with_its_reading_and_the_questions_to_ask_about_it():
    for surface in Surface:
        shown = reply(PARA_22, surface)
        [card] = shown.cards
        assert card.title == "¶22 of 29" and card.description == ARTICLE.paragraph(22).text
        assert ARTICLE.reading_of(22).title in card.footer
        [asked] = card.fields
        assert asked.name == messages.PARAGRAPH_QUESTIONS
        assert asked.value.splitlines() == [
            f"• {entry('stalin-regime-basis').title}",
            f"• {entry('state-capitalism').title}",
        ]
        if surface.on_discord:  # and a button for each, showing its answer
            assert [(b.action, b.target) for b in shown.buttons] == [
                (Action.RELATED, "stalin-regime-basis"),
                (Action.RELATED, "state-capitalism"),
            ]
        else:
            assert not shown.buttons


def test_a_decline_says_what_the_article_lacks_and_quotes_the_nearest_passage():
    for surface in Surface:
        shown = reply(NO_NEP, surface)
        assert shown.text == "The article doesn't say anything about “NEP”. The nearest it comes is ¶7:"
        assert [card.description for card in shown.cards] == [ARTICLE.paragraph(7).text]
    lacking = dataclasses.replace(NO_NEP, paragraphs=(), absent=("Kronstadt", "Kamenev"))
    assert text(lacking, Surface.SLASH).startswith("The article doesn't say anything about “Kronstadt” or “Kamenev”.")
    assert "try `/topics`" in text(lacking, Surface.SLASH)
    nearest_only = dataclasses.replace(NO_NEP, absent=())
    assert text(nearest_only, Surface.MESSAGE).startswith(messages.NOT_SAID + " The nearest it comes is ¶7")


def test_a_decline_never_quotes_a_passage_the_group_has_not_reached():
    progress = Progress(Schedule(time(18), "Europe/London", next_day=2), (PostedDay(1, 1, 2, 3, 4),))
    shown = reply(NO_NEP, Surface.SLASH, progress=progress, spoilers=True)  # ¶7 is day 3
    assert not shown.cards and shown.text.startswith("The article doesn't say anything about “NEP”.")
    assert "¶7" not in shown.text


def test_an_off_topic_question_gets_the_plain_decline_and_nothing_quoted():
    for surface, words in [
        (Surface.SLASH, messages.DECLINE),
        (Surface.MESSAGE, messages.DECLINE),
        (Surface.CONSOLE, messages.DECLINE_CONSOLE),
        (Surface.COMMAND_LINE, messages.DECLINE_COMMAND_LINE),
    ]:
        assert reply(OFF_TOPIC, surface) == replies.Reply(text=words)


# -- did you mean ------------------------------------------------------------------------------------
def test_did_you_mean_has_none_of_these_on_discord_naming_the_question_in_the_inbox():
    for surface in ON_DISCORD:
        shown = reply(UNSURE, surface)
        assert shown.text == messages.SUGGEST_INTRO
        *picks, none = shown.buttons
        assert [(b.action, b.target) for b in picks] == [
            (Action.PICK, "why-stalin-won"),
            (Action.PICK, "stronger-social-force"),
        ]
        assert none.action is Action.NONE_OF_THESE and none.label == messages.NONE_OF_THESE
        assert none.target == question_key(inbox_folded("why did he lose")) and none.asker_id == ASKER
    for surface in OFFLINE:
        assert not reply(UNSURE, surface).buttons and messages.NONE_OF_THESE not in text(UNSURE, surface)


@pytest.mark.parametrize("surface, limit", [(Surface.SLASH, 300), (Surface.MESSAGE, 2000), (Surface.CONSOLE, 2000)])
def test_too_long_says_the_limit_of_where_it_was_asked(surface, limit):
    result = Result("why " * 800, Outcome.UNREADABLE, unreadable=Unreadable.TOO_LONG)
    assert reply(result, surface).text == messages.unreadable_text(Unreadable.TOO_LONG, limit)
    assert replies.question_limit(ENGINE.settings, surface) == limit


def test_answers_longer_than_any_shipped_still_fit_one_message():
    # Three answers at the loader's limit: past the quotes, the links go, then each answer is cut to fit.
    from types import SimpleNamespace

    from bot.core.knowledge import ANSWER_LIMIT

    long_ones = [dataclasses.replace(e, answer="word " * (ANSWER_LIMIT // 5)) for e in KNOWLEDGE.entries[20:23]]
    knowledge = dataclasses.replace(KNOWLEDGE, entries=tuple(long_ones))
    engine = SimpleNamespace(knowledge=knowledge, settings=ENGINE.settings)
    answers = tuple(Answer(e, f"part {i}", 90.0) for i, e in enumerate(long_ones))
    result = Result("three", Outcome.ANSWER, answers=answers)
    cards = replies.reply_for(engine, result, replies.Context(Surface.SLASH)).cards
    assert len(cards) == 3 and sum(card.length for card in cards) <= limits.EMBED_TOTAL
    assert all("word word" in card.description and card.footer for card in cards)
