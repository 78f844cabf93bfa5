"""The follow-up rule (bot.core.followup), tested directly on the shipped knowledge and our pairs."""

from __future__ import annotations

from pathlib import Path

import _shipped
import pytest
import yaml

from bot.core.followup import Conversations, follow_up, leaning, people, rewrite, subject_of
from bot.core.knowledge import load_knowledge
from bot.core.matcher import Outcome
from bot.errors import KnowledgeError
from bot.evaluation import evaluate_followups

PAIRS = Path(__file__).parent / "followups.yaml"


@pytest.fixture(scope="module")
def engine():
    return _shipped.engine()


def entry(entry_id: str):
    return _shipped.knowledge().entry(entry_id)


# -- our pairs ----------------------------------------------------------------------------------
def test_the_pair_sets_are_as_the_issue_asks():
    data = yaml.safe_load(PAIRS.read_text(encoding="utf-8"))
    followups, new_topics = data["followups"], data["new_topics"]
    assert len(followups) >= 60 and len(new_topics) >= 30
    pronouns = sum(pair["kind"] == "pronoun" for pair in followups)
    assert abs(pronouns - (len(followups) - pronouns)) <= 2  # half pronoun, half ellipsis
    knowledge = _shipped.knowledge()
    for pair in followups + new_topics:
        assert all(knowledge.has_entry(i) for i in [pair["context"], *pair["expect"]]), pair
    # Over the whole article: the contexts and the answers asked for cite every reading.
    cited = {n for pair in followups for i in [pair["context"], *pair["expect"]] for n in knowledge.entry(i).paragraphs}
    days = {knowledge.article.reading_of(n).day for n in cited}
    assert days == {reading.day for reading in knowledge.article.readings}


def test_pairs_written_after_the_rule_are_never_wrong_because_of_their_context(engine):
    score = evaluate_followups(engine, PAIRS.with_name("followups-2.yaml"))
    assert (score.followups, score.new_topics) == (20, 10)
    assert score.wrong_because_of_context == 0 and score.taken_as_followups == 0, "\n".join(score.misses)
    assert score.right_with_context >= 6, score.summary()  # 9 when written


def test_no_pair_is_answered_wrongly_because_of_its_context_and_no_new_topic_is_taken_as_a_follow_up(engine):
    score = evaluate_followups(engine, PAIRS)
    misses = "\n".join(score.misses)
    assert score.wrong_because_of_context == 0, misses
    assert score.taken_as_followups == 0, misses
    # README's figures (53/63 right, 29 through the context, when written): the engine is being
    # retuned, so these floors leave it room while still catching a rule that stops following up.
    assert score.right >= 45, score.summary()
    assert score.right_with_context >= 22, score.summary()
    assert score.right > score.right_alone + 15, score.summary()  # the context is what answers them


# -- what leans on what came before -----------------------------------------------------------
@pytest.mark.parametrize(
    ("question", "kind", "words"),
    [
        ("what did they want?", "pronoun", "they"),
        ("how did he die", "pronoun", "he"),
        ("where is that?", "pronoun", "that"),
        ("why did that happen?", "pronoun", "that"),
        ("what was their aim", "pronoun", "their"),
        ("and in 1929?", "ellipsis", "and in 1929?"),
        ("what about Stalin?", "ellipsis", "what about Stalin?"),
        ("why?", "ellipsis", "why?"),
        ("why not?", "ellipsis", "why not?"),
        ("and the third one?", "ellipsis", "and the third one?"),
        ("and what happened to them?", "pronoun", "them"),
        # Two things meant: it leans, but no one subject can fill it.
        ("when did they kick him out of the party", "unclear", "they him"),
        ("what did he argue there", "unclear", "he there"),  # a question of its own after its "and"
        ("meaning?", "short", "meaning?"),
    ],
)
def test_a_message_leaning_on_the_last_is_seen_to(question, kind, words):
    found = leaning(question)
    assert found is not None and (found.kind, found.words) == (kind, words)


@pytest.mark.parametrize(
    "question",
    [
        "Who wrote this article?",  # "this" names its own subject
        "what does this paragraph say",
        "Why did Stalin win?",
        "did the author say that Trotsky was right about internationalism",  # "that" joins a clause
        "the show trials caught real traitors, didnt they?",  # a question tag's "they" is its own subject
        "",
    ],
)
def test_a_message_standing_on_its_own_words_leans_on_nothing(question):
    assert leaning(question) is None


def test_the_subject_is_the_entry_s_own_or_read_off_its_first_phrasing():
    assert subject_of(entry("left-opposition")) == "the Left Opposition"  # "Who made up the Left Opposition?"
    assert subject_of(entry("year-1928")) == "1928"  # "What happened in 1928?"
    assert subject_of(entry("trotsky-expelled")) == "Trotsky's expulsion"  # qa.yaml's subject:


def test_every_shipped_entry_has_a_subject_a_reply_can_name():
    # "Taking ‘it’ as “When was Trotsky expelled from the Communist Party?”" would read badly: an
    # entry whose first phrasing gives no subject has one in qa.yaml.
    for found in _shipped.knowledge().entries:
        subject = subject_of(found)
        assert not subject.startswith("“") and len(subject.split()) <= 7, (found.id, subject)


def test_rewriting_puts_the_subject_where_the_member_leant_on_it():
    known = people(_shipped.knowledge().entries)
    assert "Trotsky" in known and "Stalin" in known
    they = leaning("what did they want?")
    assert rewrite("what did they want?", entry("left-opposition"), they, known) == (
        "what did the Left Opposition want?",
        "the Left Opposition",
    )
    # "he" is the person the entry names, not its subject ("that" after the exile is Alma Ata).
    he = leaning("how did he die?")
    assert rewrite("how did he die?", entry("trotsky-exile"), he, known)[0] == "how did Trotsky die?"
    ellipsis = leaning("and in 1929?")
    assert rewrite("and in 1929?", entry("year-1928"), ellipsis, known)[0] == "What happened in 1929?"
    bare = leaning("why?")
    assert rewrite("why?", entry("left-opposition-defeated"), bare, known)[0] == (
        "Why did Stalin defeat the Left Opposition?"
    )
    when = leaning("when?")
    assert rewrite("when?", entry("trotsky-exile"), when, known)[0] == "When was Trotsky sent into internal exile?"


# -- the rule -----------------------------------------------------------------------------------
def test_a_follow_up_is_read_with_its_context_and_says_how(engine):
    read = follow_up(engine, "what did they want?", entry("left-opposition"))
    assert read.result.answered and read.result.entry.id == "left-opposition"
    assert read.context.id == "left-opposition"
    assert (read.taken, read.meaning) == ("they", "the Left Opposition")
    assert read.result.question == "what did they want?"  # the member's words, not the rewriting
    alone = follow_up(engine, "what did they want?", None)
    assert not alone.result.answered and alone.context is None


def test_a_clear_question_is_answered_on_its_own_whatever_came_before(engine):
    read = follow_up(engine, "Why did Stalin win?", entry("left-opposition"))
    assert read.context is None and read.result.entry.id == "why-stalin-won"
    # Even one that looks like a follow-up: "what about Stalin?" is "Who was Stalin?" on its own.
    read = follow_up(engine, "what about Stalin?", entry("year-1928"))
    assert read.context is None and read.result.entry.id == "who-stalin"


def test_a_challenge_with_a_question_tag_is_not_read_through_the_last_answer(engine):
    # "they" in "…, didn't they?" is the show trials: after the exile it is not Alma Ata.
    read = follow_up(engine, "the show trials caught real traitors, didnt they?", entry("trotsky-exile"))
    assert read.context is None and "trotsky-exile" not in [m.entry.id for m in read.result.matches]


def test_a_context_never_turns_an_unsure_reading_into_a_guess(engine):
    # Read with the exile, "what did he argue there?" could be several things: what it gets alone.
    read = follow_up(engine, "what did he argue there?", entry("trotsky-exile"))
    alone = engine.ask("what did he argue there?")
    assert read.context is None and read.result == alone


def test_social_and_unreadable_messages_are_never_follow_ups(engine):
    assert follow_up(engine, "thanks!", entry("left-opposition")).result.outcome is Outcome.SOCIAL
    assert follow_up(engine, "   ", entry("left-opposition")).result.outcome is Outcome.UNREADABLE


# -- each member's context -----------------------------------------------------------------------
def test_a_context_lasts_the_window_and_only_an_answer_makes_one(engine):
    answered = follow_up(engine, "Who made up the Left Opposition?", None)
    not_understood = follow_up(engine, "what did he say there?", entry("left-opposition"))
    thanks = follow_up(engine, "thanks!", entry("left-opposition"))
    talk = Conversations(minutes=5)
    talk.remember("alice", answered, now=0.0)
    talk.remember("alice", not_understood, now=10.0)  # not an answer, nor a new topic: the context stays
    talk.remember("alice", thanks, now=20.0)
    assert talk.context("alice", now=299.0) == "left-opposition"
    assert talk.context("bob", now=1.0) is None  # each member their own
    assert talk.context("alice", now=311.0) is None  # five minutes after the answer
    assert len(talk) == 0  # and forgotten


def test_a_new_topic_the_bot_cannot_answer_drops_the_context(engine):
    talk = Conversations(minutes=5)
    talk.remember("alice", follow_up(engine, "Who made up the Left Opposition?", None), now=0.0)
    breakfast = follow_up(engine, "What did Stalin eat for breakfast?", entry("left-opposition"))
    assert not breakfast.result.answered and breakfast.new_topic
    talk.remember("alice", breakfast, now=1.0)
    assert talk.context("alice", now=2.0) is None  # "what did he like?" next is about breakfast
    assert breakfast.next_context(entry("left-opposition")) is None


def test_contexts_are_bounded_the_least_recently_used_going_first(engine):
    answered = follow_up(engine, "Who made up the Left Opposition?", None)
    talk = Conversations(minutes=5, limit=3)
    for member in ("a", "b", "c"):
        talk.remember(member, answered, now=0.0)
    talk.remember("a", answered, now=1.0)  # "a" asked again: "b" is now the oldest
    talk.remember("d", answered, now=2.0)
    assert len(talk) == 3
    assert talk.context("b", now=3.0) is None
    assert all(talk.context(member, now=3.0) for member in ("a", "c", "d"))


def test_a_window_of_zero_keeps_no_context(engine):
    talk = Conversations(minutes=0)
    talk.remember("alice", follow_up(engine, "Who made up the Left Opposition?", None), now=0.0)
    assert talk.context("alice", now=0.0) is None


# -- qa.yaml's subject: --------------------------------------------------------------------------
def test_a_subject_must_be_a_few_words_of_text(folder):
    qa = folder / "qa.yaml"
    text = qa.read_text(encoding="utf-8")
    line = text[: text.index("    subject: the author\n")].count("\n") + 1
    qa.write_text(text.replace("    subject: the author\n", "    subject: [the, author]\n"), encoding="utf-8")
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(folder)
    assert f"qa.yaml:{line}: 'subject' must be text, not a list" in str(caught.value)
    qa.write_text(text.replace("    subject: the author\n", f"    subject: {'very ' * 30}long\n"), encoding="utf-8")
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(folder)
    assert f"qa.yaml:{line}: 'subject' is 154 characters; at most 80 fit" in str(caught.value)


def test_an_answer_to_the_rewritten_question_must_be_about_what_came_before(engine):
    from bot.core.followup import _follows_on

    # The context's own entry, one citing the same paragraph, or one naming what "he" was taken as.
    assert _follows_on(entry("left-opposition"), engine.ask("Who made up the Left Opposition?"), "the Left Opposition")
    assert _follows_on(entry("trotsky-exile"), engine.ask("Is Alma Ata in Kazakhstan?"), "Alma Ata")
    assert _follows_on(entry("who-trotsky"), engine.ask("How did Trotsky die?"), "Trotsky")
    # A sure answer about something else is a topic the rewriting made up.
    assert not _follows_on(entry("year-1928"), engine.ask("Who wrote this article?"), "1928")


# -- the answer a member replies to ----------------------------------------------------------------------
def test_the_answer_replied_to_is_found_by_its_card_s_title():
    from bot import messages
    from bot.core.followup import answered_in

    knowledge = _shipped.knowledge()
    assert answered_in(knowledge, ["Who made up the Left Opposition?"]).id == "left-opposition"
    # A phrasing no longer first (an edit since the answer) still finds its entry.
    assert answered_in(knowledge, ["", "what was the left opposition"]).id == "left-opposition"
    assert answered_in(knowledge, ["Paragraph 5 of 29"]) is None  # a paragraph's card: no entry
    assert answered_in(knowledge, []) is None
    timeline = answered_in(knowledge, [messages.TIMELINE_TITLE], timeline_title=messages.TIMELINE_TITLE)
    assert timeline is not None and timeline.id == "timeline"


def test_why_after_an_answer_that_gives_no_why_offers_the_entries_beside_it(engine):
    # "In 1927 Stalin achieved a decisive victory": answering that again would not say why.
    read = follow_up(engine, "why?", entry("year-1927"))
    assert read.result.outcome is Outcome.SUGGEST and read.context.id == "year-1927"
    assert "why-stalin-won" in [match.entry.id for match in read.result.matches]
    assert read.meaning == "Why did that happen in 1927?"
    # An answer that gives its reason (or says the article gives none) is the answer to "why?".
    read = follow_up(engine, "why?", entry("trotsky-expelled"))
    assert read.result.entry.id == "trotsky-expelled" and read.context is not None


@pytest.mark.parametrize("question", ["meaning?", "what does that mean?"])
def test_asking_what_it_means_is_not_answered_with_the_same_answer_again(engine, question):
    # After the title, "meaning?" reads as the title again; what it means is the entry beside it.
    read = follow_up(engine, question, entry("article-title"))
    assert read.result.outcome is Outcome.SUGGEST and read.context.id == "article-title"
    assert read.result.matches[0].entry.id == "title-meaning"


def test_he_is_someone_the_answer_names_or_no_one(engine):
    known = people(_shipped.knowledge().entries)
    he = leaning("where did he go?")
    assert rewrite("where did he go?", entry("year-1929"), he, known)[1] == "Trotsky"  # whom its answer is about
    assert rewrite("what did he think?", entry("stalinism"), leaning("what did he think?"), known)[1] != "Stalinism"
    assert rewrite("what did he say?", entry("soviet"), leaning("what did he say?"), known) is None


@pytest.mark.parametrize("more", ["tell me more", "more?", "go on", "and then?", "what happened next?"])
def test_asking_for_more_is_offered_what_is_beside_the_last_answer(engine, more):
    read = follow_up(engine, more, entry("trotsky-exile"))
    assert read.result.outcome is Outcome.SUGGEST and read.context.id == "trotsky-exile"
    offered = [match.entry.id for match in read.result.matches]
    assert offered == list(entry("trotsky-exile").related)[:3]  # not the same answer again
    assert not follow_up(engine, more, None).result.answered  # alone, nothing to go on


def test_check_warns_of_an_entry_with_no_subject(folder):
    from bot.core.lint import lint

    qa = folder / "qa.yaml"
    text = qa.read_text(encoding="utf-8")
    qa.write_text(text.replace("    subject: Trotsky's expulsion\n", ""), encoding="utf-8")
    line = text[: text.index("  - id: trotsky-expelled")].count("\n") + 1
    found = [str(f) for f in lint(load_knowledge(folder)) if "no subject" in str(f)]
    assert len(found) == 1 and f"qa.yaml:{line}: " in found[0] and "'trotsky-expelled'" in found[0]
    assert not [f for f in lint(_shipped.knowledge()) if "no subject" in str(f)]
