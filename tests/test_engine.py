"""What members get from the engine for each kind of message (issue 11), on questions written for these tests."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from bot import messages
from bot.config import load_config
from bot.console import reply_text
from bot.core import matcher
from bot.core import text as textmod
from bot.core.knowledge import load_knowledge
from bot.core.matcher import Engine, Outcome, Unreadable
from bot.core.message import pushes_back
from bot.replies import Surface

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def engine():
    config = load_config()
    return Engine(load_knowledge(config.knowledge_dir), config.matching)


def ask(engine, text, limit=None):
    return engine.ask(text, limit=limit or engine.settings.max_message_length)


def shown(engine, result):
    """Return the whole text a member gets for ``result`` by a mention or a DM."""
    return reply_text(engine, result, Surface.MESSAGE)


# -- chatter and long messages -------------------------------------------------------------------
def test_the_article_we_are_reading_is_the_article(engine):
    # "the article we're reading" says no more than "the article": the reading doesn't pull it to the series.
    assert ask(engine, "what's the title of the article we're reading?").entry.id == "article-title"
    assert ask(engine, "who wrote the article we are reading").entry.id == "article-author"


@pytest.mark.parametrize(
    "plain, chatty",
    [
        (
            "where did they send trotsky into exile",
            "hey all, sorry if this is a dumb question lol, where did they send trotsky into exile? thanks!",
        ),
        ("why did stalin win", "Good evening comrades! Apologies, I'm new here. Why did Stalin win? Cheers"),
        (
            "what did trotsky argue in exile",
            "Hiya, quick question, hope it's okay to ask: what did Trotsky argue in exile? Thanks in advance xx",
        ),
        ("was stalinism bound to happen", "was stalinism bound to happen or nah"),  # "or nah": or not
        # "I keep seeing … in the chat" says where the member met the name, not what is asked.
        ("who were the left opposition", "hey, I keep seeing the name Left Opposition in the chat. who were they?"),
        # "I didn't follow that bit" is talk, not a question about followers.
        (
            "what was stalin trying to make stronger",
            "what was stalin trying to make stronger? sorry, i didn't follow that bit",
        ),
    ],
)
def test_greetings_apologies_and_sign_offs_do_not_count_against_a_question(engine, plain, chatty):
    first, second = ask(engine, plain), ask(engine, chatty)
    assert first.answered and second.answered
    assert second.entry == first.entry


def test_a_long_message_by_mention_is_answered_from_the_sentences_that_ask(engine):
    background = (
        "I've been reading this with my branch and we argued about it for an hour last night, which was great fun. "
        "Some of us had always been told the opposite at school, and one comrade brought three books along. "
    ) * 6
    message = background + "Anyway: where was Trotsky sent into internal exile in 1928?"
    assert 1000 < len(message) <= 2000
    result = ask(engine, message)
    assert result.answered and "Alma Ata" in result.entry.answer
    # /ask keeps its own, shorter limit.
    assert engine.ask(message).unreadable is Unreadable.TOO_LONG


def test_a_statement_around_the_question_says_who_he_is(engine):
    result = ask(engine, "I always thought Stalin simply out-thought everyone. Why does the author say he won?")
    assert result.parts == ("Why does the author say he won?",)
    # Answered or offered: either way the entry on why Stalin won, found through the statement.
    assert result.outcome in (Outcome.ANSWER, Outcome.SUGGEST)
    assert "stronger social force" in result.matches[0].entry.answer


# -- two-part questions --------------------------------------------------------------------------
def test_both_parts_are_answered_each_with_its_entry(engine):
    result = ask(engine, "what year did trotsky get expelled, and when was he deported?")
    assert result.outcome is Outcome.ANSWER
    assert [a.entry.id for a in result.answers] == ["trotsky-expelled", "year-1929"]
    assert [a.part for a in result.answers] == ["what year did trotsky get expelled", "when was he deported?"]
    text = shown(engine, result)
    assert "1927" in text and "1929" in text and "¶2" in text and "¶3" in text


def test_a_second_question_may_open_with_a_preposition(engine):
    # "…, and to which town…" asks a second question; "…, and in which year?" only asks more of the first.
    result = ask(engine, "when did the party expel trotsky, and to which town was he sent into internal exile?")
    assert [a.entry.id for a in result.answers] == ["trotsky-expelled", "trotsky-exile"]
    assert len(ask(engine, "who led the struggle against stalin, and in which year?").parts) == 1


def test_one_entry_that_answers_both_parts_is_given_once(engine):
    result = ask(engine, "when was he exiled and where to")
    assert result.answered and [e.id for e in result.entries] == ["trotsky-exile"]


def test_a_comparison_is_answered_with_the_two_entries_it_lies_between(engine):
    # Neither entry alone is sure (each holds one side); together they answer, each under its own
    # question, in one reply.
    result = ask(engine, "the left opposition vs the stalinists on democracy, what did each side want")
    assert result.outcome is Outcome.ANSWER
    assert [e.id for e in result.entries] == ["left-opposition", "workers-democracy"]
    assert [a.part for a in result.answers] == ["", ""]  # each answers the whole message
    text = shown(engine, result)
    assert text.startswith(messages.COMPARED) and "¶5" in text and "¶4" in text
    # Off the subject, a comparison is declined as any other question is.
    assert ask(engine, "what's the time difference between london and almaty").outcome is Outcome.DECLINE
    assert ask(engine, "what's the difference between a latte and a cappuccino").outcome is Outcome.DECLINE


def test_of_two_entries_on_the_same_passage_each_sure_alone_the_surer_answers(engine):
    # The river of blood and Stalinism against Leninism both quote ¶25; neither is offered as a
    # choice when either answers.
    result = ask(engine, "what was between bolshevism and stalinism")
    assert result.answered and result.entry.id in ("river-of-blood", "stalinism-vs-leninism")


def test_an_unsure_part_is_answered_by_the_entry_the_whole_message_is_sure_of(engine):
    # "who opposed it" alone is unsure; the whole message is sure of the entry it offers.
    result = ask(engine, "what was socialism in one country and who opposed it")
    assert result.outcome is Outcome.ANSWER and not result.offers and not result.unanswered
    assert [(a.entry.id, a.part) for a in result.answers] == [
        ("socialism-in-one-country", "what was socialism in one country"),
        ("opposed-socialism-one-country", "who opposed it"),
    ]


@pytest.mark.parametrize(
    "message, entry",
    [
        (
            "The article sums up what Trotsky showed about where the bureaucracy came from. What does he call it?",
            "bureaucracy",
        ),
        ("I read about what Trotsky wrote in 1936 on the regime. What did he call it?", "revolution-betrayed"),
    ],
)
def test_a_part_that_only_asks_the_name_of_what_another_names_is_read_with_it(engine, message, entry):
    # "What does he call it?" alone reads as "what is this piece called": the title. "It" is what
    # the sentence before it describes.
    result = ask(engine, message)
    assert "article-title" not in [e.id for e in result.entries]
    assert result.answered and result.entry.id == entry


def test_a_part_asking_where_what_another_names_came_from_is_read_with_it(engine):
    # "where did it come from" alone is where the article first appeared.
    result = ask(engine, "what is stalinism and where did it come from")
    assert [(a.entry.id, a.part) for a in result.answers] == [
        ("stalinism", "what is stalinism"),
        ("why-stalinism-arose", "where did it come from"),
    ]


def test_a_part_naming_only_a_person_and_what_another_part_names_is_read_with_it(engine):
    # "what did stalin do about it" alone is "Stalin": his biography. "It" is the industrialisation.
    result = ask(engine, "why did trotsky push for industrialisation, and what did stalin do about it")
    assert "who-stalin" not in [e.id for e in result.entries]
    # Read with the first part, it is likely Stalin's industrialisation: after a sure first part,
    # likely is enough (P 0.6), so both are answered, each under its part.
    assert [(a.entry.id, a.part) for a in result.answers] == [
        ("trotsky-economic-policy", "why did trotsky push for industrialisation"),
        ("stalin-industrialisation", "what did stalin do about it"),
    ]
    assert not result.offers and not result.unanswered
    # With one answer threshold set in config, the second part is offered, not answered.
    other = Engine(engine.knowledge, dataclasses.replace(engine.settings, answer_threshold=78))
    result = ask(other, "why did trotsky push for industrialisation, and what did stalin do about it")
    assert [a.entry.id for a in result.answers] == ["trotsky-economic-policy"]
    assert result.offered_part == "what did stalin do about it"
    assert "stalin-industrialisation" in [m.entry.id for m in result.offers]


@pytest.mark.parametrize(
    "message",
    [
        "what year did trotsky get expelled, and when was he deported?",
        "what was socialism in one country and why did trotsky oppose it",
        "where were the camps, and what was the weather like there?",
        "who wrote the revolution betrayed and what is his favourite colour",
        "Two questions: what happened in the 1930s, and what did Trotsky write in 1936?",
    ],
)
def test_no_part_of_a_two_part_question_is_silently_dropped(engine, message):
    result = ask(engine, message)
    assert len(result.parts) == 2
    if result.outcome is Outcome.ANSWER and len(result.answers) < len(result.parts):
        # Each part unanswered is offered or said to be unanswered, in the reply too.
        accounted = {a.part for a in result.answers} | {result.offered_part} | set(result.unanswered)
        assert set(result.parts) <= accounted
        text = shown(engine, result)
        for part in set(result.parts) - {a.part for a in result.answers}:
            assert messages.shorten(part, 120).rstrip("?")[:40] in text


# -- paragraphs named ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "message, number",
    [
        ("explain para 20", 20),
        ("¶8?", 8),
        ("what's the last paragraph about", 29),
        ("can you read out ¶11", 11),
        ("how does the article end?", 29),
    ],
)
def test_a_paragraph_asked_for_alone_is_shown_with_its_reading_and_questions(engine, message, number):
    result = ask(engine, message)
    assert result.outcome is Outcome.PASSAGE and result.paragraphs == (number,) and result.named == (number,)
    assert result.matches and all(number in m.entry.paragraphs for m in result.matches)
    text = shown(engine, result)
    reading = engine.knowledge.article.reading_of(number)
    assert engine.knowledge.article.paragraph(number).text in text and reading.title in text
    assert "Questions you can ask about it" in text


def test_a_paragraphs_questions_start_with_the_article_entry_drawing_first_on_it(engine):
    # ¶29 is Trotsky's argument in exile; the background note on his death cites it too, but after.
    matches = ask(engine, "how does the article end?").matches
    assert matches[0].entry.id == "trotsky-exile-argument"
    backgrounds = [m.entry.background for m in matches]
    assert backgrounds == sorted(backgrounds)  # article entries first


def test_naming_a_paragraph_steers_to_entries_citing_it(engine):
    plain = engine.rank("what were they forced to do", limit=1)
    steered = engine.rank("in para 20, what were they forced to do", limit=1)
    assert 20 in steered[0].entry.paragraphs
    assert steered[0].entry != plain[0].entry or 20 in plain[0].entry.paragraphs


@pytest.mark.parametrize(
    "message, number",
    [
        ("para 19 - what does molyneux make of the scale of it?", 19),
        ("para 16: what tipped it, really?", 16),
        ("¶6 — the layer stalin headed, who were they?", 6),
    ],
)
def test_a_question_naming_a_paragraph_is_about_the_article_and_offered_only_what_draws_on_it(engine, message, number):
    result = ask(engine, message)
    # Never the plain off-topic decline: an answer, entries citing the paragraph, or the paragraph itself.
    assert result.outcome is not Outcome.DECLINE or result.paragraphs == (number,), result
    if result.outcome is Outcome.SUGGEST:
        assert all(number in m.entry.paragraphs for m in result.matches), result.matches


def test_a_phrasing_said_word_for_word_does_not_answer_against_the_paragraph_named(engine):
    # "what year" alone is one of the article date's phrasings; with ¶12 named it is 1924's year.
    result = ask(engine, "¶12 what year and what policy")
    assert "article-date" not in [e.id for e in result.entries]
    assert "year-1924" in [e.id for e in result.entries] + [m.entry.id for m in result.offers]


def test_an_overview_citing_the_named_paragraph_in_passing_is_no_rival_to_the_entry_drawn_from_it(engine):
    # The summary cites ¶26 among seven paragraphs and the answer model is surer of it; the member
    # pointed at ¶26, which the causes of Stalinism are drawn from first.
    result = ask(engine, "In ¶26 the author gives three causes: what were they?")
    assert result.answered and result.entry.id == "why-stalinism-arose"


@pytest.mark.parametrize(
    "message, entry_id",
    [
        ("para 14, what are these forces he rambles on about", "social-forces"),
        ("para 21 - what did he write", "year-1936"),
    ],
)
def test_an_entry_citing_the_paragraph_named_answers_at_the_lower_threshold_fitted_for_it(engine, message, entry_id):
    result = ask(engine, message)
    assert result.outcome is Outcome.ANSWER and [e.id for e in result.entries] == [entry_id]
    assert result.answers[0].score < engine.settings.answer_threshold  # below the one for other questions
    # Without the thresholds for its kinds (or with one answer threshold set in config), it is offered.
    for other in (
        Engine(engine.knowledge, model=dataclasses.replace(engine.model, named_threshold=None, lead_threshold=None)),
        Engine(engine.knowledge, dataclasses.replace(engine.settings, answer_threshold=80)),
    ):
        result = ask(other, message)
        assert result.outcome is Outcome.SUGGEST and entry_id in [m.entry.id for m in result.matches]


@pytest.mark.parametrize(
    "message, entry_id",
    [("trotsky exile where", "trotsky-exile")],
)
def test_a_clear_first_answers_at_the_lower_threshold_fitted_for_it(engine, message, entry_id):
    # Far ahead of every other entry in the ranking, but not sure enough for the one answer threshold.
    result = ask(engine, message)
    assert result.outcome is Outcome.ANSWER and [e.id for e in result.entries] == [entry_id]
    assert result.answers[0].score < engine.settings.answer_threshold
    without = Engine(engine.knowledge, model=dataclasses.replace(engine.model, lead_threshold=None))
    result = ask(without, message)
    assert result.outcome is Outcome.SUGGEST and result.matches[0].entry.id == entry_id


@pytest.mark.parametrize(
    "message, first, answered",
    [
        ("which came first of the three issues", "three-issues", "workers-democracy"),
        ("where were ordinary people sent to die in the 30s", "concentration-camps", "the-1930s"),
        # Drawing on another paragraph, but with a first that is itself likely right.
        ("the main argument about the trotsky stalin fight, what is it", "three-issues", "trotsky-vs-stalin"),
    ],
)
def test_a_runner_up_the_answer_model_is_surer_of_answers(engine, message, first, answered):
    # The ranking puts one entry first, but the answer model is surer of the second (and sure
    # enough): that one answers, rather than a "did you mean" between the two.
    assert engine.rank(message, limit=2)[0].entry.id == first
    result = ask(engine, message)
    assert result.outcome is Outcome.ANSWER and [e.id for e in result.entries] == [answered]


def test_the_likeliest_of_several_likely_entries_answers(engine):
    # No entry reaches the answer threshold, but two or more of the first three are likely right:
    # the question lies where the knowledge answers it, and the likeliest answers.
    message = "Hi all, why did the Russian Revolution end up with Stalin, according to the author?"
    read = engine._reader.read(textmod.clean_question(message))
    judgement = engine._judge(engine._query(" ".join(p.words for p in read.parts), read.context), ())
    assert not any(engine._sure(judgement, p, per_kind=True) for p in engine._answerable(judgement, whole=True))
    assert sum(p >= 0.7 for p in judgement.confidence[:3]) >= 2
    result = ask(engine, message)
    assert result.answered and result.entry.id == "stalinism-inevitable"
    assert "isolation" in result.entry.answer


def test_a_runner_up_from_another_paragraph_does_not_answer_a_question_of_few_words(engine):
    # "Who led the Left Opposition" is not what became of its members, whichever the answer model
    # is surer of: three words say too little to choose between two entries by likelihood.
    judgement = engine._judge(engine._query("who led the left opposition", ""), ())
    ids = [engine.knowledge.entries[c.index].id for c in judgement.ranked[:2]]
    assert ids == ["left-opposition", "supporters-fate"]
    assert judgement.confidence[1] > judgement.confidence[0] >= 0.75  # both likely, the second more so
    result = ask(engine, "who led the left opposition")
    assert "supporters-fate" not in [e.id for e in result.entries]


# -- members' words and jargon -------------------------------------------------------------------
@pytest.mark.parametrize(
    "question, entry_id",
    [
        ("what did the LO stand for", "left-opposition"),
        ("state cap, what is it", "state-capitalism"),
        ("what's the name of the article", "article-title"),  # a text's name is its title
        ("when was rb written", "revolution-betrayed"),
        ("the main bones of contention between trotsky and stalin?", "three-issues"),
        ("DWS, whose term is it", "degenerated-workers-state"),
        ("what is the author's name", "article-author"),
        ("who were the apparatchiks", "bureaucracy"),
        ("who were the party functionaries", "bureaucracy"),
        ("what was the nomenklatura", "bureaucracy"),
        ("tell me about the purges", "show-trials"),
        ("why was trotsky booted out of the party", "trotsky-expelled"),
        ("was he chucked out of the cp", "trotsky-expelled"),  # "cp": the Communist Party
        ("degen workers state", "degenerated-workers-state"),
        ("wat happened w trotsky in 28", "year-1928"),  # "w" is "with"; "28" is 1928
        ("wht happend to the old bolsheviks", "old-bolsheviks"),  # misspelt function words are still function words
        ("wen was trotsky deported", "year-1929"),
        ("when was trotsky pushed out of the ussr", "year-1929"),  # pushed out: forced out
        ("what's the entire title of the molyneux article?", "article-title"),  # the Molyneux article: the article
        ("where was the molyneux piece printed", "article-publication"),  # printed, not "print ¶5"
        ("molyneux on the second issue - what was it", "trotsky-economic-policy"),  # Molyneux: the author
        ("abroad, what idea did trotsky go on pushing", "trotsky-exile-argument"),  # went on arguing
        ("was stalin more intelligent than trotsky?", "why-stalin-won"),  # not "personal superiority"
        ("who was trotsky's opponent", "trotsky-vs-stalin"),  # opponent, rival: enemies
        ("who was stalin's main rival", "trotsky-vs-stalin"),
        ("why did stalin hate trotsky", "trotsky-vs-stalin"),  # hate: enemies
        ("were the old bolsheviks executed", "old-bolsheviks"),  # executed: killed ("wiped out", ¶20)
        ("what do the powers that be say about russia", "our-rulers"),  # today's rulers (¶28)
        ("isn't the author just idolising trotsky?", "author-view-of-trotsky"),  # idolise: admire
    ],
)
def test_members_words_map_to_the_articles(engine, question, entry_id):
    assert engine.rank(question, limit=1)[0].entry.id == entry_id


@pytest.mark.parametrize(
    "question, entry_id",
    [
        # Not the "stronger social force" Stalin represented: what he strengthened (¶6).
        ("what did stalin do all he could to make stronger", "bureaucracy"),
        ("which layer was stalin the face of", "new-ruling-class"),  # "the face of": embodied
        ("what was the relationship between stalin and the bureaucracy", "bureaucracy"),  # a frame
        ("for trotsky what was the one hope for humankind", "trotsky-exile-argument"),  # humanity
        # Devastated (¶8, by the civil war) is not "a devastating critique" (¶21, the book).
        ("what was devastated and what devastated it", "civil-war"),
        ("which book was a scathing critique of stalinism", "revolution-betrayed"),
        ("surely lenin paved the way for stalin?", "stalinism-vs-leninism"),  # paved the way for: led to
    ],
)
def test_members_idioms_read_as_the_articles_words(engine, question, entry_id):
    # Each declined or offered without the synonym (or framing word) that reads it.
    result = ask(engine, question)
    assert result.answered and result.entry.id == entry_id


@pytest.mark.parametrize(
    "question, entry_id",
    [
        ("wht happend to the old bolsheviks", "old-bolsheviks"),
        ("wen was trotsky deported", "year-1929"),
        ("who wrote the artcle", "article-author"),  # not "articles", a word some phrasing holds
        ("wats the 1st issue they fought over", "three-issues"),  # "wats" is "what's", not a rare word
        ("which issue of sw is this in", "article-issue"),  # "sw": Socialist Worker
        ("how many ppl were sent to the camps", "concentration-camps"),
    ],
)
def test_a_misspelt_function_word_is_not_a_word_the_article_lacks(engine, question, entry_id):
    # Read as a word the article never uses, "happend" made the question look off the subject:
    # declined with nothing offered.
    result = ask(engine, question)
    assert result.outcome is Outcome.ANSWER and [e.id for e in result.entries] == [entry_id]


def test_a_framing_word_is_not_corrected_into_a_word_of_the_knowledge(engine):
    # "full" once became "fully", a rare word of one answer, and drowned the title ("full" is now
    # chatter, ignored); "sort" would become "short".
    assert engine._words("the sort of title")[0].keys() == engine._words("the title")[0].keys() | {"sort"}


@pytest.mark.parametrize(
    "typed, read",
    [
        ("oposition", "opposition"),  # one letter left out
        ("trotksy", "trotsky"),  # two swapped
        ("trails", "trials"),  # two swapped in a short word, which costs more of the ratio
        ("exlied", "exiled"),
        ("historic", "historical"),  # an ending
        ("pushed", "pushed"),  # two letters apart from "punished": another word, not a typo
        ("pleasant", "pleasant"),  # not "peasants"
    ],
)
def test_a_misspelling_is_one_slip_from_the_word_meant(engine, typed, read):
    assert engine._correct(typed)[0] == read


@pytest.mark.parametrize(
    "question, term, near",
    [
        ("what was the NEP", "NEP", (7,)),
        ("tell me about kronstadt", "Kronstadt", ()),
        ("was there a famine under stalin", "famine", (19,)),
        ("what was the comintern", "Comintern", (11,)),
        ("what does bonapartism mean", "Bonapartism", ()),
    ],
)
def test_what_the_article_does_not_say_is_said_with_the_nearest_passage(engine, question, term, near):
    result = ask(engine, question)
    assert result.outcome is Outcome.DECLINE
    assert result.absent == (term,) and result.paragraphs == near
    text = shown(engine, result)
    assert text.startswith("The article doesn't say") and term in text
    if near:
        assert f"¶{near[0]}" in text


def test_a_term_the_article_lacks_does_not_block_what_it_has(engine):
    result = ask(engine, "when did stalin ditch the NEP and start industrialising at breakneck speed?")
    assert result.answered and "1928" in " ".join(e.answer for e in result.entries)


def test_a_term_the_article_lacks_that_only_frames_a_question_leaves_the_rest_offered(engine):
    result = ask(engine, "with the NEP gone, how did stalin go about industry?")
    assert result.outcome is Outcome.SUGGEST
    assert "stalin-industrialisation" in [m.entry.id for m in result.matches]
    # Asked about the term itself, it is still "the article doesn't say".
    assert ask(engine, "what did trotsky think about thermidor").outcome is Outcome.DECLINE


@pytest.mark.parametrize(
    "question, entry_id",
    [
        ("so after his deportation where did trotsky end up", "year-1929"),
        ("how many died in stalin's camps", "concentration-camps"),
        ("how long did the civil war go on", "civil-war"),
        # Nearer "what part did trotsky have in the civil war" (not said) than "civil war" (said):
        # it holds a word of the question the said one lacks.
        ("what was trotsky up to in the civil war", "civil-war"),
    ],
)
def test_a_question_an_entry_says_the_article_does_not_answer_is_told_so_with_that_entry(engine, question, entry_id):
    result = ask(engine, question)
    assert result.outcome is Outcome.DECLINE and result.not_said and not result.answered
    entry = result.best.entry
    assert entry.id == entry_id and result.paragraphs == entry.paragraphs[:1]
    text = shown(engine, result)
    # Not an answer: said to be so first, then the entry's own text, which says what the article doesn't.
    assert text.startswith(messages.NOT_SAID_LEAD)
    assert entry.answer.split("(¶")[0][:40] in text and ("doesn’t say" in text or "does not say" in text)


@pytest.mark.parametrize(
    "question, entry_id",
    [
        ("in what year was trotsky deported", "year-1929"),  # when, not where he went
        ("how many people were sent to siberia", "concentration-camps"),  # sent, not died
        ("when was he exiled and where to", "trotsky-exile"),  # when, not how long
        ("what did the civil war do to the workers", "civil-war"),
    ],
)
def test_what_the_entry_does_say_is_still_answered(engine, question, entry_id):
    result = ask(engine, question)
    assert result.answered and result.entry.id == entry_id and not result.not_said


def test_what_lenin_thought_of_stalin_is_not_said_and_the_background_is_labelled(engine):
    # The issue's own example: a background entry that says the article doesn't say it.
    result = ask(engine, "what did lenin think of stalin")
    assert result.outcome is Outcome.DECLINE and result.not_said and result.best.entry.id == "lenin"
    text = shown(engine, result)
    assert text.startswith(messages.NOT_SAID_LEAD_BACKGROUND) and "Background, not from the article" in text


def test_not_said_questions_are_told_apart_by_the_kind_of_thing_asked(engine):
    # The same entry, the same words: "how long" is not "when".
    assert engine._not_said(engine._judge(engine._query("how long was trotsky in alma ata", ""), ()), 0)
    assert not engine._not_said(engine._judge(engine._query("when was trotsky in alma ata", ""), ()), 0)


def test_an_age_is_not_said_by_an_entry_that_only_dates_the_event(engine):
    # "Expelled in 1927" says when, not how old he was; the background note that gives his age at
    # death may answer one.
    result = ask(engine, "how old was trotsky when the communist party expelled him")
    assert result.outcome is Outcome.DECLINE and result.not_said and result.best.entry.id == "trotsky-expelled"
    assert shown(engine, result).startswith(messages.NOT_SAID_LEAD)
    result = ask(engine, "how old was trotsky when he died")
    assert result.answered and "aged 60" in result.entry.answer


# -- opinion and challenge -----------------------------------------------------------------------
@pytest.mark.parametrize(
    "question",
    [
        "was trotsky right?",
        "wasn't trotsky just as bad as stalin",
        "isn't this article just propaganda",
        "was stalin evil",
    ],
)
def test_a_judgement_is_never_answered_with_a_biography(engine, question):
    result = ask(engine, question)
    assert not (result.answered and result.entry.id in ("who-trotsky", "who-stalin"))


def test_a_judgement_is_never_offered_a_biography(engine):
    result = ask(engine, "was Stalin a good leader")
    assert result.outcome is Outcome.SUGGEST and result.matches  # "did you mean", but never "Who was Stalin?"
    assert "who-stalin" not in {m.entry.id for m in result.matches}
    # Asked who he was, the biography is still the answer.
    assert ask(engine, "who was stalin").entry.id == "who-stalin"


def test_a_challenge_clearly_about_the_article_gets_its_position_at_a_lower_threshold(engine):
    message = "why should anyone care today what trotsky argued? was it really important"
    result = ask(engine, message)
    assert result.answered and result.entry.id == "relevance-today"
    assert result.answers[0].score < engine.settings.answer_threshold
    # With one answer threshold set in config, it is offered.
    other = Engine(engine.knowledge, dataclasses.replace(engine.settings, answer_threshold=78))
    assert ask(other, message).outcome is Outcome.SUGGEST


def test_a_closing_question_tag_makes_a_claim_a_judgement(engine):
    # The tag is left out of what is asked, but the member is pushing back: the article's position
    # answers at the judgement threshold, and no biography is offered.
    result = ask(engine, "socialism always turns totalitarian, doesn't it?")
    assert result.answered and result.entry.id == "socialism-tyranny"
    assert pushes_back(textmod.fold("socialism always turns totalitarian, doesn't it?"))
    assert not pushes_back(textmod.fold("socialism always turns totalitarian"))
    # "…, or just…" sets the member's own doubt beside the question.
    assert pushes_back(textmod.fold("did trotsky write anything serious, or just angry pamphlets?"))
    assert pushes_back(textmod.fold("was it a real critique or was it just sniping"))


def test_a_challenge_the_topic_model_is_less_sure_of_still_gets_the_articles_position(engine):
    # "saboteurs" is the member's word, not the article's: P(about the article) is 0.82, enough to
    # answer at all, and pushing back makes it a judgement.
    result = ask(engine, "Didn't the show trials prove there really were saboteurs?")
    assert result.answered and result.entry.id == "show-trials"


@pytest.mark.parametrize(
    "question",
    [
        "Surely Stalin didn't win until the show trials? When does the article say he won decisively, and what happened to Trotsky then?",
        "Stalin can't have won before the purges, surely? what year does the article give for his decisive victory",
    ],
)
def test_a_challenge_is_never_answered_with_a_biography(engine, question):
    # "Who was Stalin?" mentions 1927 among much else; the member pushing back wants the year and
    # what the article says of it.
    result = ask(engine, question)
    assert not any(m.entry.title.startswith("Who was") for m in result.answers)
    assert "year-1927" in [m.entry.id for m in result.matches]


def test_who_stood_against_someone_is_not_their_biography(engine):
    # "Who was Stalin?" cites ¶1, where he leads the counter-revolution: the member asks who led
    # the resistance to him.
    result = ask(engine, "opening para: who does JM have at the head of the resistance to stalin")
    assert "who-stalin" not in [a.entry.id for a in result.answers]
    assert ask(engine, "who was stalin").entry.id == "who-stalin"


def test_a_comparison_is_never_answered_with_one_sides_biography(engine):
    result = ask(engine, "para 15: trotsky vs stalin, what did each embody")
    assert result.answered and result.entry.id == "social-forces"


def test_a_challenge_before_the_question_makes_it_a_judgement(engine):
    # "Surely…?" then "What does the article say…?": the member wants the article's position.
    challenge = "surely trotsky was only one more bolshevik boss"
    assert engine._query("what does the article say he represented", challenge).judgement
    assert not engine._query("what does the article say he represented", "trotsky led the struggle").judgement


def test_a_question_pointing_back_with_one_word_of_its_own_is_read_with_what_came_before(engine):
    # "What was it built on?" alone meets "building socialism in Russia alone"; "it" is the
    # industrialisation of the sentence before.
    result = ask(engine, "Stalin built industry fast. Surely that's a win? What was it built on, says the article?")
    assert result.answered and result.entry.id == "stalin-industrialisation"
    # Nor is "what does the author say" the question who the author is.
    result = ask(
        engine, "Wasn't the working class at its peak after 1917? What does the author say had happened to it?"
    )
    assert "article-author" not in [e.id for e in result.entries]


@pytest.mark.parametrize(
    "question, entry_id",
    [
        ("Weren't the show trials just about catching real traitors?", "show-trials"),
        ("surely the camps are exaggerated", "concentration-camps"),
        # A question tag is talk, left out of what is asked, but it still pushes back.
        ("the show trials caught real traitors, didn't they?", "show-trials"),
        # "isn't that…" after a claim, mid-message, pushes back on it.
        ("labelling paper shufflers as a ruling class - isn't that a stretch?", "new-ruling-class"),
    ],
)
def test_a_challenge_the_topic_model_doubts_is_still_offered_the_articles_entries(engine, question, entry_id):
    # Mostly the member's own words ("traitors", "exaggerated"): P(about the article) is under the
    # threshold for any offer, but pushing back on the article's subject is itself a sign.
    # Offered; or, likely enough from P(about the article) 0.6, answered with the article's position.
    result = ask(engine, question)
    assert result.outcome in (Outcome.SUGGEST, Outcome.ANSWER) and entry_id in [m.entry.id for m in result.matches]
    if result.outcome is Outcome.ANSWER:
        assert result.entry.id == entry_id


@pytest.mark.parametrize(
    "question", ["Isn't pineapple on pizza just wrong?", "surely the weather will be better tomorrow"]
)
def test_a_challenge_off_the_subject_is_still_declined_cleanly(engine, question):
    result = ask(engine, question)
    assert result.outcome is Outcome.DECLINE and not result.matches[1:] and not result.paragraphs


def test_a_question_that_names_the_article_is_offered_what_is_near_it(engine):
    # "grow or shrink" are words the knowledge lacks, so P(about the article) is under the offer
    # threshold; a member who says "according to the article" has said what it is about.
    plain = ask(engine, "did the bureaucracy grow or shrink back then?")
    assert plain.outcome is Outcome.DECLINE and not plain.matches[1:]
    cited = ask(engine, "according to the article did the bureaucracy grow or shrink back then?")
    assert cited.outcome is Outcome.SUGGEST and "bureaucracy" in [m.entry.id for m in cited.matches]
    # Naming the article does not make an off-topic question about it.
    for question in ("what does the article say about climate change", "is the author on twitter"):
        off = ask(engine, question)
        assert off.outcome is Outcome.DECLINE and not off.matches[1:] and not off.paragraphs


def test_a_question_only_about_a_name_the_article_mentions_is_offered_its_entry(engine):
    # "bring up" and "mention" only point at the text: Germany is all that is asked.
    result = ask(engine, "why does the piece bring up Germany at all?")
    assert result.outcome in (Outcome.SUGGEST, Outcome.ANSWER) and "why-germany" in [m.entry.id for m in result.matches]
    # A name beside words of the member's own is still not enough ("was Marx a good dad").
    off = ask(engine, "was marx a good dad")
    assert off.outcome is Outcome.DECLINE and not off.matches[1:]


def test_an_entry_well_ahead_of_every_other_answers_below_the_answer_threshold(engine):
    # P(right) 0.68 for the democracy entry, no other above 0.5: answered (from P 0.65 with a lead
    # of 0.15 over every other entry; on the labelled sets 8 right answers for 2 wrong).
    result = ask(engine, "what did stalin do about democracy instead")
    assert result.answered and result.entry.id == "workers-democracy"
    # Two entries about as likely stay a choice.
    close = ask(engine, "why did trotsky lose to stalin")
    assert close.outcome is Outcome.SUGGEST
    # A question pointing back says too little of its own to be clear ("who came up with it?").
    assert ask(engine, "who came up with it?").outcome is Outcome.SUGGEST


def test_was_trotsky_right_gets_the_authors_view_attributed(engine):
    result = ask(engine, "was trotsky right?")
    assert result.answered and result.entry.id == "author-view-of-trotsky"
    assert "in his opinion" in result.entry.answer  # the author's view, said to be his
    # "right" stays everyday talk elsewhere: no passage for an off-topic "right now".
    off = ask(engine, "what time is it in moscow right now")
    assert off.outcome is Outcome.DECLINE and not off.paragraphs


def test_a_filler_word_does_not_outweigh_what_is_asked(engine):
    # "actually" once read as "in reality" (a rare, heavy word) and pulled the question away.
    for message in ("where was it actually published?", "so where was this article honestly published"):
        result = ask(engine, message)
        assert result.answered and result.entry.id == "article-publication", message


@pytest.mark.parametrize(
    "message, entry_id",
    [
        ("what happened to trotsky as a result", "trotsky-fate"),
        ("what happened to the old bolsheviks as a consequence", "old-bolsheviks"),
    ],
)
def test_a_connective_is_not_what_is_asked(engine, message, entry_id):
    # "result" is rare in the knowledge (Stalin's industrialisation "resulted"...): "as a result" only
    # joins the question to what came before.
    result = ask(engine, message)
    assert result.answered and result.entry.id == entry_id


def test_a_light_verb_leaves_the_question_to_what_surrounds_it(engine):
    # "put" is rare in the knowledge but says nothing here: the sentence before says what is asked.
    result = ask(engine, "Trotsky was sent into internal exile in 1928, not a camp. Where did they put him?")
    assert result.answered and result.entry.id == "trotsky-exile"


def test_a_challenge_word_weighs_as_a_frame_not_as_what_is_asked(engine):
    # "surely" and "once" are rare in the knowledge, so they would weigh as much as what is asked.
    stems = engine._words("surely the struggle began once lenin died, in contrast")[0]
    for stem in ("sure", "onc", "contrast"):
        assert stems[stem] == pytest.approx(engine._idf[stem] * 0.5)  # weighed as framing words are
    assert stems["struggl"] == pytest.approx(engine._idf["struggl"])


# -- social --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "message, kind",
    [
        ("good morning everyone!", "greeting"),
        ("thanks, that's helpful", "thanks"),
        ("what can you do?", "help"),
        # Fillers and the common longer forms are still social talk.
        ("ok but what can you really do", "help"),
        ("thank you so much for explaining, mate", "thanks"),
        ("what sort of questions can I ask?", "help"),
        ("what can u do", "help"),
        ("evening all, hope you are all well", "greeting"),
        ("thank you for explanation, it helped a lot", "thanks"),
        ("hey, how does the bot work?", "help"),
    ],
)
def test_greetings_thanks_and_help_get_a_friendly_reply(engine, message, kind):
    result = ask(engine, message)
    assert result.outcome is Outcome.SOCIAL and result.social == kind and not result.matches
    text = shown(engine, result)
    assert "/topics" in text and "doesn't cover" not in text


@pytest.mark.parametrize(
    "message, kind",
    [
        ("ok, i'm off now. see you friday!", "goodbye"),
        ("alright, understood", "ack"),
        ("noted", "ack"),
        ("that's clear now, I get it", "ack"),
        ("bye then, and thanks for your time", "goodbye"),
    ],
)
def test_goodbyes_and_nods_are_social_talk(engine, message, kind):
    result = ask(engine, message)
    assert result.outcome is Outcome.SOCIAL and result.social == kind


def test_a_nod_before_a_question_changes_nothing(engine):
    # "right" and "understood" are social talk only in a message made of such talk.
    assert ask(engine, "right, so why did stalin win").entry.id == "why-stalin-won"
    assert ask(engine, "understood, and when was trotsky expelled?").entry.id == "trotsky-expelled"


# -- passages, declines and "did you mean" ------------------------------------------------------
def test_a_paragraph_that_bears_on_a_question_no_entry_answers_is_quoted(engine):
    # Without the entries citing ¶20, nothing answers a question about the show trials; ¶20 does.
    knowledge = engine.knowledge
    about_the_trials = {entry.id for entry in knowledge.entries if 20 in entry.paragraphs}
    fewer = dataclasses.replace(
        knowledge,
        entries=tuple(
            dataclasses.replace(e, related=tuple(r for r in e.related if r not in about_the_trials))
            for e in knowledge.entries
            if e.id not in about_the_trials
        ),
    )
    narrower = Engine(fewer, engine.settings)
    result = narrower.ask("what absurd crimes were the old bolsheviks forced to confess to at the show trials")
    assert result.outcome is Outcome.PASSAGE and result.paragraphs == (20,) and not result.named
    assert shown(narrower, result).startswith("The article doesn't answer that directly; ¶20")


@pytest.mark.parametrize(
    "question",
    [
        "what's a good recipe for lentil soup",
        "how do I renew my bus pass",
        "which hotel in moscow has the best breakfast",
        "what time is it in moscow right now",
        "was karl marx a good dad",
    ],
)
def test_off_topic_questions_get_no_passage_and_no_did_you_mean(engine, question):
    result = ask(engine, question)
    assert result.outcome is Outcome.DECLINE and not result.paragraphs
    assert shown(engine, result) == messages.DECLINE


def test_a_message_its_member_says_is_off_the_subject_is_declined_whatever_words_it_shares(engine):
    # "civil war" is the article's (¶8); the member said the question was not about the article.
    plain = "Hi all, what was the civil war in Spain about?"
    assert ask(engine, plain).outcome is Outcome.ANSWER  # what the rule is for
    result = ask(engine, plain.replace("Hi all,", "Hi all, sorry this is off topic, but"))
    assert result.outcome is Outcome.DECLINE and not result.matches and not result.paragraphs
    # Said about the article itself, the same words are a question like any other.
    assert ask(engine, "sorry if this is off topic, but who wrote the article?").outcome is Outcome.DECLINE
    assert ask(engine, "who wrote the article?").outcome is Outcome.ANSWER


@pytest.mark.parametrize(
    "initials, spelt_out",
    [
        ("when was LT expelled", "when was trotsky expelled"),
        ("what does JM think of LT", "what does the author think of trotsky"),
        ("when did TRB come out", "when did the revolution betrayed come out"),
    ],
)
def test_activists_initials_read_as_the_names(engine, initials, spelt_out):
    expected = ask(engine, spelt_out)
    assert expected.outcome is Outcome.ANSWER
    result = ask(engine, initials)
    assert result.outcome is Outcome.ANSWER and result.matches[0].entry.id == expected.matches[0].entry.id


@pytest.mark.parametrize(
    "question, entry_id",
    [
        ("title meaning?", "title-meaning"),
        ("whats the meaning of the headline", "title-meaning"),
        ("wats the title of this thing", "article-title"),
        ("what's the title of the piece we're reading", "article-title"),
    ],
)
def test_the_title_and_what_it_means_are_told_apart(engine, question, entry_id):
    # "Mean" counts for nothing in matching, so "title meaning" and "what's the title" once read the same.
    result = ask(engine, question)
    assert result.answered and result.entry.id == entry_id


def test_he_is_the_one_person_the_rest_of_the_message_names(engine):
    # Alone, "what did he represent?" is read as the social forces of both sides (¶14-15).
    assert ask(engine, "My friend says Stalin was a genius. What did he represent?").entry.id == "stronger-social-force"
    assert ask(engine, "My friend admires Trotsky. What did he represent?").entry.id == "social-forces"
    # Two people named around it: "he" could be either, and is left alone (not read as Stalin).
    assert ask(engine, "Stalin and Trotsky both come up a lot. What did he represent?").entry.id == "social-forces"


def test_a_member_pushing_back_gets_the_article_s_position_though_in_words_of_their_own(engine, monkeypatch):
    # "Perfectly sensible" is the member's own, so P(about the article) falls under the 0.8 an answer
    # otherwise needs; pushing back on the article, the member gets its position.
    challenge = "Isn't socialism in one country perfectly sensible?"
    result = ask(engine, challenge)
    assert result.answered and result.entry.id == "socialism-in-one-country"
    assert "betrayal" in result.entry.answer
    monkeypatch.setattr(matcher, "_CHALLENGE_ANSWER_TOPIC", 0.8)  # without the rule: only offered
    assert ask(Engine(engine.knowledge, engine.settings), challenge).outcome is Outcome.SUGGEST
    # Off the subject, pushing back is no way in.
    assert ask(engine, "Isn't the new phone just an overpriced gadget?").outcome is Outcome.DECLINE


def test_a_likely_first_part_is_answered_beside_a_sure_second_part(engine):
    # "where was trotsky exiled" alone is likely, not sure; the deportation part is sure. Both are
    # answered, each under its own part, whichever comes first.
    result = ask(engine, "where was trotsky exiled and when was he deported")
    assert [e.id for e in result.entries] == ["trotsky-exile", "year-1929"]


def test_a_question_about_the_present_is_offered_nothing(engine):
    # The article has the Left Opposition and Germany (¶11) and nothing on the left there today.
    question = "how strong is the left in germany these days"
    # What the rule is for: without the time words the failed spread of the revolution is given.
    assert ask(engine, question.replace(" these days", "")).outcome in (Outcome.SUGGEST, Outcome.ANSWER)
    result = ask(engine, question)
    assert result.outcome is Outcome.DECLINE and not result.paragraphs
    assert shown(engine, result) == messages.DECLINE
    # Sure answers still answer: "still relevant today" is the article's own (¶28).
    assert ask(engine, "is this history still relevant these days?").entry.id == "relevance-today"


@pytest.mark.parametrize(
    "question", ["what is this article about?", "hi! what's the article about?", "We're new here. What is it about?"]
)
def test_what_the_article_is_about_is_its_summary_however_it_is_put(engine, question):
    # Every word of it is a function word ("article" and "about" count for nothing in matching).
    result = ask(engine, question)
    assert result.answered and result.entry.id == "article-summary"


def test_did_you_mean_offers_at_most_three_entries(engine):
    for question in ("what about the workers", "the party", "what did they argue", "bureaucracy and democracy"):
        result = ask(engine, question)
        if result.outcome is Outcome.SUGGEST:
            assert 1 <= len(result.matches) <= 3


def test_every_phrasing_that_says_exactly_what_an_entry_asks_is_answered_by_it(engine):
    titles = [(entry.title, entry.id) for entry in engine.knowledge.entries]
    missed = [
        (title, entry_id)
        for title, entry_id in titles
        if (r := engine.ask(title)).entry is None or r.entry.id != entry_id
    ]
    # A title worded like another entry's phrasing is left to the ranking ("What happened to Trotsky?").
    assert len(missed) <= 2, missed


def test_a_phrasings_words_in_another_order_are_still_that_phrasing(engine):
    # "issue no of the paper?" is one of article-issue's phrasings; a member puts the words the other way round.
    assert "issue no of the paper?" in engine.knowledge.entry("article-issue").questions
    asked = "paper n issue no"
    assert engine._exact_entry(engine._query(asked, "").asked) is not None
    assert ask(engine, asked).entry.id == "article-issue"


def test_function_words_can_be_all_that_tells_two_phrasings_apart(engine):
    # Without "does" and "mean", both are "what ... title"; each is an entry's own phrasing.
    assert ask(engine, "What does the title mean?").entry.id == "title-meaning"
    assert ask(engine, "what is the title").entry.id == "article-title"
    assert ask(engine, "hi all, what does the title mean?").entry.id == "title-meaning"
    # "what's" and "whats" say "what is": the same words as the phrasing, and answered by it.
    assert ask(engine, "what's the title of the article").entry.id == "article-title"
    assert ask(engine, "whats the title of the article").entry.id == "article-title"


@pytest.mark.parametrize(
    "question",
    ["when does the chinese new year start", "recommend a chinese restaurant near me"],
)
def test_an_entry_met_only_through_a_name_does_not_answer_what_else_is_asked(engine, question):
    # The exile was "near the Chinese border": it knows where, not the new year or a restaurant.
    assert not ask(engine, question).answered


def test_a_doctrine_is_what_is_asked_about_not_a_name_the_question_passes_through(engine):
    # "Stalinism" and "Bolshevism" are capitalised like names; the question is about how they relate.
    assert ask(engine, "trotsky on the relation of stalinism to bolshevism").entry.id == "stalinism-vs-leninism"
    # Reached too when the doctrines are all the question shares with the entries: answered with
    # the article's position (Stalinism as Leninism's "counter-revolutionary opposite", ¶24), or
    # offered the entry that gives it.
    result = ask(engine, "leninism simply became stalinism, no?")
    if result.answered:
        assert "counter-revolutionary opposite" in result.entry.answer and 24 in result.entry.paragraphs
    else:
        assert "stalinism-vs-leninism" in [m.entry.id for m in result.matches]


def test_a_background_note_does_not_answer_a_question_sharing_only_its_name_and_a_framing_word(engine):
    # "now" is in "what is Alma Ata called now": not a reason to answer about Kazakhstan's capital.
    assert not ask(engine, "what's the capital of kazakhstan nowadays").answered
    assert ask(engine, "what is alma ata called now").entry.id == "alma-ata"


def test_going_back_is_not_backing(engine):
    # "who backed trotsky" once stemmed to "back": "did he come back" was answered with his supporters.
    assert not ask(engine, "did trotsky ever come back to russia").answered
    assert ask(engine, "who backed trotsky").entry.id == "left-opposition"


def test_a_name_with_what_the_entry_knows_of_it_is_answered(engine):
    assert ask(engine, "what was near the chinese border").entry.id == "trotsky-exile"


# -- the project's own question sets ---------------------------------------------------------------
@pytest.mark.parametrize(
    "name, right, offered, wrong, off_answered",
    [
        # Set A (tuned on), set B (checked), set C (fitted on) and the blind sets D, E, G and H (never
        # fitted on; H's in-scope misses never read), members' voices; floors a little under today's
        # figures (right 82%, 94%, 91%, 91%, 86%, 78%, 87%; right or offered 97%, 98%, 98%, 99%, 97%,
        # 93%, 94%; wrong 0.6%, 1.1%, 1.2%, 0%, 1.9%, 1.7%, 0.7% of answers). C and E hold off-topic
        # traps sharing a place with the article ("the way from Almaty airport"), still answered with
        # the background note on Alma Ata or declined with ¶3 as the nearest passage.
        ("questions-voices.yaml", 0.78, 0.95, 0.02, 0),
        ("questions-voices-2.yaml", 0.90, 0.96, 0.03, 0),
        ("questions-voices-3.yaml", 0.87, 0.95, 0.03, 3),
        ("questions-voices-4.yaml", 0.88, 0.97, 0.02, 0),
        ("questions-voices-5.yaml", 0.82, 0.95, 0.03, 1),
        ("questions-voices-7.yaml", 0.74, 0.90, 0.03, 0),
        ("questions-voices-8.yaml", 0.84, 0.92, 0.02, 0),
        # The blind sets of the second 28 November round: I and K read, J and L never (right 94%,
        # 87%, 81%, 92%; right or offered 98%, 95%, 90%, 96%; wrong 1.3%, 2.0%, 1.4%, 0.6%).
        ("questions-voices-9.yaml", 0.90, 0.95, 0.02, 0),
        ("questions-voices-10.yaml", 0.84, 0.92, 0.03, 0),
        ("questions-voices-11.yaml", 0.78, 0.87, 0.03, 0),
        ("questions-voices-12.yaml", 0.89, 0.93, 0.02, 0),
        # The blind sets of 28 November's third round, first scored before any change: M never read
        # (right 89%, right or offered 97%, wrong 2.8%), N read (78%, 90%, 4.1%; at the round's end
        # 83%, 95%, 2.4%).
        ("questions-voices-13.yaml", 0.86, 0.94, 0.035, 0),
        ("questions-voices-14.yaml", 0.80, 0.91, 0.05, 0),
    ],
)
def test_members_voices_sets_meet_their_floors(engine, name, right, offered, wrong, off_answered):
    import yaml

    from bot.evaluation import satisfied

    data = yaml.safe_load((ROOT / "tests" / name).read_text(encoding="utf-8"))
    answers = {e.id: messages.answer_text(e) for e in engine.knowledge.entries}
    n = good = offers = bad = answered = 0
    for case in data["in_scope"]:
        result = ask(engine, case["q"])
        text = "\n\n".join(answers[e.id] for e in result.entries)
        n += 1
        if result.answered:
            answered += 1
            good += satisfied(text, case)
            bad += not satisfied(text, case)
        elif result.outcome is Outcome.SUGGEST:
            offers += any(satisfied(answers[m.entry.id], case) for m in result.matches)
        elif result.outcome is Outcome.PASSAGE:
            offers += bool(set(result.paragraphs) & set(case.get("para") or []))
    for q in data.get("outside") or []:
        result = ask(engine, q["q"])
        if result.answered:
            answered += 1
            bad += not satisfied("\n\n".join(answers[e.id] for e in result.entries), q)
    clean = answered_off = 0
    for q in data["off_topic"]:
        result = ask(engine, q)
        # Never an answer or a passage (but for the traps counted above); a "did you mean" at most
        # now and then.
        declined = result.outcome in (Outcome.DECLINE, Outcome.SUGGEST) and not result.paragraphs
        answered_off += not declined
        clean += result.outcome is Outcome.DECLINE
    assert answered_off <= off_answered
    assert clean / len(data["off_topic"]) >= 0.85
    for case in data["social"]:
        assert ask(engine, case["q"]).social == case["kind"] or name.endswith("-2.yaml"), case
    for case in data.get("paragraphs") or []:
        result = ask(engine, case["q"])
        assert result.outcome is Outcome.PASSAGE and list(result.paragraphs) == case["para"], case
    assert good / n >= right and (good + offers) / n >= offered and bad / max(answered, 1) <= wrong, (
        good,
        offers,
        bad,
        n,
    )
