"""The answer engine: normalisation, the three outcomes, typos, synonyms, declines."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import _shipped
import pytest

from bot.core.matcher import Engine, Outcome, Unreadable
from bot.core.text import clean_question, fold, mostly_latin
from bot.evaluation import evaluate

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def engine():
    return _shipped.engine()


# -- normalisation ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "raw, folded",
    [
        ("Trotsky’s “river of blood”", "trotsky river of blood"),
        ("WHAT is   Socialism?!", "what is socialism"),
        ("Café Élan", "cafe elan"),
        ("industrialized, honor", "industrialised honour"),
        ("doesn’t", "doesnt"),
    ],
)
def test_fold(raw, folded):
    assert fold(raw) == folded


def test_clean_question_removes_discord_markup():
    assert clean_question("<@123> **why** did `Stalin` win? @everyone <:pog:42> https://x.y/z") == "why did Stalin win?"


def test_script_detection():
    assert mostly_latin("why did Stalin win")
    assert not mostly_latin("Почему Сталин победил")


# -- outcomes ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "question, entry_fact",
    [
        ("where was trotsky sent into exile", "Alma Ata"),
        ("trotsky expeld what year", "1927"),  # typo, odd word order
        ("why was trotsky kicked out of the party", "1927"),  # synonym
        ("alma ata", "Alma Ata"),  # one-word style
        ("Why did Stalin win?", "social force"),
        ("wot does socialism in 1 country mean", "alone"),
    ],
)
def test_answers(engine, question, entry_fact):
    result = engine.ask(question)
    assert result.outcome is Outcome.ANSWER, (question, result)
    assert entry_fact.lower() in result.entry.answer.lower()
    assert result.entry.paragraphs


@pytest.mark.parametrize(
    "question",
    [
        "What did Stalin eat for breakfast?",
        "Who was Mao?",
        "What's the best way to cook rice?",
        "qwertyuiop",
    ],
)
def test_declines_what_the_article_does_not_cover(engine, question):
    assert engine.ask(question).outcome is Outcome.DECLINE


@pytest.mark.parametrize(
    "question",
    [
        "Which football team does Trotsky support?",
        "How tall was Stalin?",
        "What did Lenin have for dinner?",
    ],
)
def test_never_answers_questions_that_only_share_a_name(engine, question):
    assert not engine.ask(question).answered


def test_did_you_mean_when_unsure(engine):
    strict = Engine(engine.knowledge, dataclasses.replace(engine.settings, answer_threshold=101))
    result = strict.ask("where was trotsky sent into exile")
    assert result.outcome is Outcome.SUGGEST
    assert 1 <= len(result.matches) <= strict.settings.max_suggestions
    assert "trotsky-exile" in [m.entry.id for m in result.matches]


def test_too_close_to_call_is_a_suggestion(engine):
    wide = Engine(engine.knowledge, dataclasses.replace(engine.settings, margin=50))
    result = wide.ask("bolsheviks")
    assert result.outcome is Outcome.SUGGEST and len(result.matches) >= 2


@pytest.mark.parametrize(
    "question, reason",
    [
        ("", Unreadable.EMPTY),
        ("   ", Unreadable.EMPTY),
        ("x" * 5000, Unreadable.TOO_LONG),
        ("🙂🙂🙂", Unreadable.NO_WORDS),
        ("**__~~||", Unreadable.NO_WORDS),
        ("Почему Сталин победил?", Unreadable.OTHER_SCRIPT),
    ],
)
def test_unreadable_questions(engine, question, reason):
    result = engine.ask(question)
    assert result.outcome is Outcome.UNREADABLE and result.unreadable is reason


def test_curly_and_straight_quotes_match_alike(engine):
    assert engine.ask("what’s the “river of blood”").entry == engine.ask('whats the "river of blood"').entry


def test_complete_offers_close_phrasings_within_limits(engine):
    found = engine.complete("alma", limit=25)
    assert 0 < len(found) <= 25
    assert any("alma ata" in q.lower() for q in found[:5])
    assert engine.complete("", limit=25)


def test_project_question_set_meets_targets(engine):
    """The project's own question set (tests/questions.yaml), written apart from the knowledge."""
    score = evaluate(engine, ROOT / "tests" / "questions.yaml")
    right, declined, wrong = score.tally["in"]
    total_in = right + declined + wrong
    off_declined = score.tally["off"][1] / sum(score.tally["off"])
    answered = right + wrong + score.tally["outside"][0] + score.tally["outside"][2] + score.tally["off"][2]
    wrong_all = wrong + score.tally["outside"][2] + score.tally["off"][2]
    assert right / total_in >= 0.85, score.summary()
    assert off_declined >= 0.95, score.summary()
    assert wrong_all / answered <= 0.05, score.summary()


# -- a rebuild reuses what the replaced engine read ----------------------------------------------
def _indexes(engine: Engine) -> dict:
    names = ("_strong", "_answer", "_cited", "_strong_pairs", "_weak_pairs", "_knows", "_idf", "_names", "_has")
    return {name: getattr(engine, name) for name in names} | {
        "phrasings": [(p.entry_index, p.folded, p.weights, p.kind) for p in engine._phrasings],
        "postings": dict(engine._entry_postings),
        "exact": (engine._exact, engine._exact_words, engine._sorted_phrasings),
    }


@pytest.mark.parametrize("synonym_changed", [False, True])
def test_an_engine_built_on_the_one_it_replaces_is_the_engine_built_afresh(engine, synonym_changed):
    """What a rebuild borrows from the served engine (folding, stems, each unchanged entry's words)
    gives the indexes and answers a build from nothing gives, whether or not the synonyms changed."""
    knowledge = engine.knowledge
    entries = list(knowledge.entries)
    first = entries[0]
    entries[0] = dataclasses.replace(first, questions=first.questions + ("who penned this piece",))
    del entries[5]
    edited = dataclasses.replace(knowledge, entries=tuple(entries))
    if synonym_changed:
        edited = dataclasses.replace(edited, synonyms=knowledge.synonyms + (("penned", "wrote"),))
    rebuilt = Engine(edited, engine.settings, previous=engine)
    fresh = Engine(edited, engine.settings)
    assert _indexes(rebuilt) == _indexes(fresh)
    for question in ("who penned this piece", "when was trotsky expelled", "what is socialism in one country"):
        assert rebuilt.ask(question) == fresh.ask(question)
    assert rebuilt._readings._previous is None  # the replaced engine is not kept alive
