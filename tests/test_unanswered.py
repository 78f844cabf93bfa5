"""The organisers' inbox below Discord: counting, bounding and grouping members' questions, and
which entry a question could join (storage and bot.core.curation, no SimCord)."""

from __future__ import annotations

import random
import sqlite3
from datetime import UTC, datetime, timedelta

import _shipped
import pytest

from bot.core import curation
from bot.core import text as textmod
from bot.core.curation import UnansweredQuestion, group_questions
from bot.storage import MIGRATIONS, Storage

WHEN = datetime(2026, 3, 1, 18, 0, tzinfo=UTC)


@pytest.fixture
def storage(tmp_path):
    opened = Storage(tmp_path / "state.sqlite3")
    yield opened
    opened.close()


def ask(storage, question: str, member: int | None, *, guild: int = 1, when: datetime = WHEN, **options) -> None:
    storage.record_unanswered(
        guild, textmod.fold(question), question, when, "decline", None, asker_id=member, **options
    )


# -- counting and bounding -------------------------------------------------------------------------
def test_a_members_repeats_count_once(storage):
    for _ in range(3):
        ask(storage, "is the moon made of cheese", member=7)
    ask(storage, "is the moon made of cheese", member=8)
    (question,) = storage.unanswered(1)
    assert question.count == 2


def test_a_dismissed_question_comes_back_for_another_member_only(storage):
    ask(storage, "is the moon made of cheese", member=7)
    storage.dismiss_unanswered([q.id for q in storage.unanswered(1)], 1)
    ask(storage, "is the moon made of cheese", member=7)  # the same member, again and again
    assert storage.unanswered(1) == []
    ask(storage, "is the moon made of cheese", member=8)
    assert [q.count for q in storage.unanswered(1)] == [2]


def test_a_servers_open_questions_are_bounded_least_asked_and_oldest_first_to_go(storage):
    ask(storage, "asked by two", member=1, limit=3)
    ask(storage, "asked by two", member=2, limit=3)
    ask(storage, "old and asked once", member=1, when=WHEN - timedelta(days=3), limit=3)
    ask(storage, "newer and asked once", member=1, when=WHEN - timedelta(days=1), limit=3)
    ask(storage, "another server's", member=1, guild=2, when=WHEN - timedelta(days=9), limit=3)
    ask(storage, "newest and asked once", member=1, limit=3)
    assert [q.text for q in storage.unanswered(1)] == ["asked by two", "newest and asked once", "newer and asked once"]
    assert [q.text for q in storage.unanswered(2)] == ["another server's"]  # each server its own bound


def test_one_member_flooding_distinct_questions_cannot_grow_the_list(storage):
    for number in range(60):
        ask(storage, f"spam question number {number}", member=666, when=WHEN + timedelta(seconds=number), limit=50)
    assert len(storage.unanswered(1)) == 50
    assert storage.db.execute("SELECT COUNT(*) FROM unanswered_askers").fetchone()[0] == 50  # expired with them


def test_bulk_dismissal_is_one_write_and_stays_in_its_server(storage):
    for number in range(1200):
        ask(storage, f"question number {number}", member=number, limit=5000)
    ask(storage, "another server's question", member=1, guild=2)
    ids = [q.id for q in storage.unanswered(1)] + [q.id for q in storage.unanswered(2)]
    assert storage.dismiss_unanswered(ids, 1) == 1200
    assert storage.unanswered(1) == []
    assert [q.text for q in storage.unanswered(2)] == ["another server's question"]


def test_added_questions_are_remembered_with_their_phrasing_and_can_reopen(storage):
    ask(storage, "who put pen to paper", member=1)
    ids = [q.id for q in storage.unanswered(1)]
    storage.mark_unanswered_added(ids, "article-author", "who put pen to paper")
    assert storage.open_unanswered(ids) == []
    (added,) = storage.added_unanswered()
    assert (added.added_to, added.added_phrasing) == ("article-author", "who put pen to paper")
    storage.reopen_unanswered(ids)
    assert storage.open_unanswered(ids) == ids and storage.added_unanswered() == []


def test_migration_5_keeps_the_questions_already_recorded(tmp_path):
    path = tmp_path / "old.sqlite3"
    db = sqlite3.connect(path, isolation_level=None)
    for number in range(1, 5):
        db.executescript(f"BEGIN; {MIGRATIONS[number]}; PRAGMA user_version = {number}; COMMIT;")
    db.execute(
        "INSERT INTO unanswered (guild_id, folded, text, count, first_asked, last_asked, outcome)"
        " VALUES (1, 'old one', 'old one', 5, '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00', 'decline')"
    )
    db.close()
    storage = Storage(path)
    try:
        assert [(q.text, q.count) for q in storage.unanswered(1)] == [("old one", 5)]
        ask(storage, "old one", member=3)
        assert [q.count for q in storage.unanswered(1)] == [6]
    finally:
        storage.close()


# -- grouping --------------------------------------------------------------------------------------
def question(number: int, text: str, count: int = 1, minutes: int = 0) -> UnansweredQuestion:
    when = WHEN - timedelta(minutes=minutes)
    return UnansweredQuestion(number, 1, textmod.fold(text), text, count, when, when, "decline")


def test_grouping_joins_misspellings_anywhere_in_a_word_and_keeps_other_questions_apart():
    groups = group_questions(
        [
            question(1, "why was trotsky expelled", 3),
            question(2, "why was trotsky expeled?", 2),
            question(3, "why was tortsky expelled", 1),
            question(4, "who was lenin", 1),
            question(5, "who was trotsky", 1),
        ]
    )
    first = groups[0]
    assert (first.text, first.count, sorted(first.ids)) == ("why was trotsky expelled", 6, [1, 2, 3])
    assert sorted(g.text for g in groups[1:]) == ["who was lenin", "who was trotsky"]


def test_grouping_compares_each_question_with_a_bounded_number_of_groups(monkeypatch):
    """Not with every group before it: 2,000 distinct questions may not cost 2,000 x 2,000 comparisons."""
    rng = random.Random(3)
    words = [f"{rng.choice('bcdfgkmnprstvz')}{rng.choice('aeiou')}{rng.choice('lnrst')}{n}" for n in range(600)]
    questions = [question(n, "what about the " + " ".join(rng.sample(words, 3))) for n in range(2000)]
    compared = []
    real = curation.process.extractOne

    def counting(query, choices, **options):
        compared.append(len(choices))
        return real(query, choices, **options)

    monkeypatch.setattr(curation.process, "extractOne", counting)
    groups = group_questions(questions)
    assert len(groups) > 1900
    assert sum(compared) <= 100 * len(questions)  # quadratic would be about 2,000,000


# -- which entry a question could join -------------------------------------------------------------
def test_only_a_close_entry_is_offered_for_one_click():
    engine = _shipped.engine()
    assert curation.close_entry(engine, "what's the weather like today") is None  # shares "today" only
    assert curation.close_entry(engine, "who put pen to paper for this piece").entry.id == "article-author"


def test_the_entries_to_choose_from_start_with_the_closest_and_any_entry_can_be_found():
    engine = _shipped.engine()
    choices = curation.entry_choices(engine, "who put pen to paper for this piece")
    assert len(choices) == 25 and choices[0].id == "article-author"
    assert len({entry.id for entry in choices}) == 25
    for entry in engine.knowledge.entries:  # every entry is found by its question, and by its id
        assert entry in curation.search_entries(engine.knowledge, entry.title)
        assert curation.search_entries(engine.knowledge, entry.id)[0] == entry


def test_a_phrasing_is_known_by_its_words_whichever_entry_has_it():
    engine = _shipped.engine()
    assert curation.phrasing_owner(engine, "Who is the AUTHOR?!").id == "article-author"
    assert curation.phrasing_owner(engine, "what snacks are there at the reading group") is None
    assert curation.phrasing_owner(engine, "") is None


def test_an_added_phrasing_that_left_the_knowledge_is_noticed():
    engine = _shipped.engine()
    added = [
        dataclass_replace(question(1, "who is the author"), added_to="article-author"),
        dataclass_replace(question(2, "the snack rota"), added_to="article-author", added_phrasing="the snack rota"),
        # moved by hand to another entry: still in the file
        dataclass_replace(question(3, "whats the article called"), added_to="article-author"),
        dataclass_replace(question(4, "who is the author"), added_to="an-entry-since-removed"),
    ]
    assert curation.vanished(engine, added) == [2]


def dataclass_replace(value, **changes):
    import dataclasses

    return dataclasses.replace(value, **changes)


# -- what a two-part question leaves for the organisers ---------------------------------------------
def test_the_part_of_a_two_part_question_left_unanswered_is_kept_the_answered_part_is_not(storage):
    from bot.recording import record_asked

    engine = _shipped.engine()
    # Written for this test: the first part has its entry, the article says nothing of the second.
    result = engine.ask("who wrote this article and what did Marx say about bananas", limit=2000)
    assert result.answered and result.unanswered
    record_asked(storage, result, guild_id=1, now=WHEN, asker_id=7)
    kept = storage.unanswered(1)
    assert [(q.text, q.outcome) for q in kept] == [("what did Marx say about bananas", "decline")]


def test_the_part_only_offered_is_kept_with_the_entry_offered_first(storage):
    from bot.recording import record_asked

    engine = _shipped.engine()
    result = engine.ask("why did Stalin win and what about Trotsky", limit=2000)
    assert result.answered and result.offered_part == "what about Trotsky"
    record_asked(storage, result, guild_id=1, now=WHEN, asker_id=7)
    (kept,) = storage.unanswered(1)
    assert (kept.text, kept.outcome, kept.suggested) == ("what about Trotsky", "suggest", result.offers[0].entry.id)
