"""Reading a member's message: chatter, the parts that ask, paragraphs named, social talk."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.knowledge import Words, load_knowledge
from bot.core.message import Reader, asks_judgement, question_kind
from bot.core.text import clean_question

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def reader():
    return Reader(load_knowledge(ROOT / "knowledge").words)


def read(reader, text):
    return reader.read(clean_question(text))


# -- chatter ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "message, words",
    [
        ("hey all, apologies if this is a silly question, who did Trotsky represent?", "who did trotsky represent"),
        (
            "Good evening comrades! Quick question: what crimes were the Old Bolsheviks made to confess to? Thanks in advance",
            "what crimes were the old bolsheviks made to confess to",
        ),
        ("sorry to be a pain lol but when did the camps start pls", "but when did the camps start"),
    ],
)
def test_greetings_apologies_and_sign_offs_do_not_count(reader, message, words):
    message = read(reader, message)
    assert [part.words for part in message.parts] == [words]
    assert message.social is None


def test_a_sentence_that_asks_nothing_is_context_not_a_question(reader):
    message = read(reader, "I always thought Stalin was a genius planner. Why does the author say he won?")
    assert [part.words for part in message.parts] == ["why does the author say he won"]
    assert "stalin" in message.context and "genius" in message.context


def test_we_are_is_not_a_question_that_opens_with_were(reader):
    # "We're" folds to "were": as a question it would be asked ("were exhausted") beside the real one.
    message = read(reader, "How do the readings work? We're exhausted. Thanks")
    assert [part.words for part in message.parts] == ["how do the readings work"]
    assert "exhausted" in message.context


def test_a_member_saying_the_message_is_off_the_subject_is_noted(reader):
    assert read(reader, "Hi all, sorry if this is the wrong channel, but where is the nearest post office?").aside
    assert read(reader, "apologies for going off-topic: any good podcasts?").aside
    assert not read(reader, "where was trotsky sent in 1928?").aside


def test_a_clause_about_the_member_before_the_question_is_context(reader):
    message = read(reader, "I'm writing up my notes for class - who published the article?")
    assert [part.words for part in message.parts] == ["who published the article"]
    assert "notes" in message.context
    # A clause of the member's that asks something stays in the question.
    message = read(reader, "I wonder when he was exiled, and where?")
    assert "exiled" in message.parts[0].words


def test_a_question_asked_indirectly_is_a_question(reader):
    # "I wasn't sure whether…", "I'd like to know why…": the question is in the statement.
    message = read(reader, "I wasn't sure from the text whether Trotsky quit or was expelled. Could someone clarify?")
    assert [part.words for part in message.parts] == ["i wasnt sure from the text whether trotsky quit or was expelled"]
    message = read(reader, "Thanks. I'd like to know why Stalin won.")
    assert [part.words for part in message.parts] == ["id like to know why stalin won"]
    # A statement with no question in it stays around the question.
    message = read(reader, "I know the article is short. Who wrote it?")
    assert [part.words for part in message.parts] == ["who wrote it"]


def test_a_message_with_no_question_mark_is_all_question(reader):
    assert [part.words for part in read(reader, "show trials moscow").parts] == ["show trials moscow"]


def test_a_clause_of_only_chatter_goes_whole_but_a_question_frame_stays(reader):
    message = read(reader, "Exile near China sounds mild. Where was it, and when?")
    assert [part.words for part in message.parts] == ["where was it", "when"]


# -- two-part questions -----------------------------------------------------------------------
@pytest.mark.parametrize(
    "message, parts",
    [
        ("when did the camps start and where were they", ["when did the camps start", "where were they"]),
        (
            "Who led the revolution, and which country did they hope would follow?",
            ["who led the revolution", "which country did they hope would follow"],
        ),
        ("What book did Trotsky write? When did it come out?", ["what book did trotsky write", "when did it come out"]),
        # typed fast: "n", "+" and "plus" join questions like "and"
        ("who led the LO n wat happened to them", ["who led the lo", "wat happened to them"]),
        ("when were the camps + where were they", ["when were the camps", "where were they"]),
        ("who said river of blood n was it trotsky", ["who said river of blood", "was it trotsky"]),
        # A clause that sets the scene still asks when it holds a question word.
        (
            "After saying where Stalinism came from, how does he rate it?",
            ["after saying where stalinism came from", "how does he rate it"],
        ),
    ],
)
def test_a_second_question_is_a_second_part(reader, message, parts):
    assert [part.words for part in read(reader, message).parts] == parts


@pytest.mark.parametrize(
    "message",
    [
        "Did the Old Bolsheviks confess willingly, or not?",
        "was it about personalities or about social forces",
        "what were Marx and Engels arguing",
        # "Once…" sets the scene of the question after it; its "had" asks nothing.
        "Once Stalin had won, what did he do to Trotsky?",
        "after he had been expelled, where was Trotsky sent?",
    ],
)
def test_one_question_stays_one_part(reader, message):
    assert len(read(reader, message).parts) == 1


# -- paragraphs named -------------------------------------------------------------------------
@pytest.mark.parametrize(
    "message, numbers",
    [
        ("what does para 12 mean by betrayal", (12,)),
        ("¶21: when did that book come out", (21,)),
        ("in paragraph nineteen who died in the camps", (19,)),
        ("paragraphs 22-23, whose view is which", (22, 23)),
        ("what's the opening paragraph about", (1,)),
        ("how does the last paragraph end", (29,)),
        # The article's ending is its last paragraph.
        ("how does the article end? what was trotsky still arguing", (29,)),
        ("what's the piece's ending", (29,)),
        ("how did the war end", ()),
        ("the 3rd paragraph", (3,)),
        ("para 45", ()),
        # Activists' shorthand: p9, p.16, pg 3, pp 22-23; never a year or a word.
        ("p9 - what is 'this'?", (9,)),
        ("what does p.16 say about cunning", (16,)),
        ("pp 22-23 whose view is which", (22, 23)),
        ("was it p 1927?", ()),
        ("my mp3 player", ()),
    ],
)
def test_paragraphs_named_are_taken_out(reader, message, numbers):
    message = read(reader, message)
    assert message.paragraphs == numbers
    assert all("para" not in part.words for part in message.parts)


@pytest.mark.parametrize(
    "message, read_as",
    [
        ("was trotsky thrown out in 27", "1927"),
        ("what went on from 23 to 29", "1923 to 1929"),
        ("the split of 1923-27, who was on each side", "1923 1927"),
        ("what happened in para 27", None),  # a paragraph, not a year
        ("in \u00b627 what does it say", None),
        ("what's 17 times 23", None),  # arithmetic: no word that dates
    ],
)
def test_a_year_written_in_two_digits_is_read_in_full(reader, message, read_as):
    words = " ".join(part.words for part in read(reader, message).parts)
    if read_as is None:
        assert "19" not in words, words
    else:
        assert read_as in words


# -- social -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "message, kind",
    [
        ("morning all!", "greeting"),
        ("cheers, that's really helpful", "thanks"),
        ("what can I ask you?", "help"),
        ("hi! how does this work", "help"),
        ("night all, see you tomorrow", "goodbye"),
        ("lol ok", "ack"),
        ("wat can u do", "help"),
        ("cheers, that clears it up, really useful", "thanks"),
        ("thanks for your help, it was useful", "thanks"),  # thanks, though it says "help"
        ("right, off to bed, see you at the next meeting!", "goodbye"),
        # The bot named in the third person is "you" to the phrases.
        ("so what can this bot do", "help"),
        ("hello, what kinds of questions can I ask it?", "help"),
        ("not sure how the bot works tbh", "help"),
        # A last letter held down, and textese.
        ("hiii", "greeting"),
        ("thanksss", "thanks"),
        ("kk", "ack"),
    ],
)
def test_social_talk_is_recognised(reader, message, kind):
    message = read(reader, message)
    assert message.social == kind and not message.parts


@pytest.mark.parametrize(
    "message",
    [
        "hi, why did the show trials happen?",
        "hi! what is this article about?",
        "We're new here. What is it about?",
        "thanks! and who wrote the book?",
        "help me understand state capitalism",
        "hi, what can the bot tell me about the show trials?",
        "heyy who was trotsky",
    ],
)
def test_social_words_inside_a_question_change_nothing(reader, message):
    assert read(reader, message).social is None


def test_social_needs_the_word_lists():
    assert Reader(Words()).read("hello").social is None


# -- what kind of answer a question wants --------------------------------------------------------
@pytest.mark.parametrize(
    "words, kind",
    [
        ("in what year did the battle begin", "when"),
        ("how long after the revolution", "when"),
        ("where was he sent", "where"),
        ("which country did they count on", "where"),
        ("who wrote it", "who"),
        ("how many died", "how many"),
        ("why did he lose", "why"),
        ("did he lose", "yes/no"),
        ("what is meant by state capitalism", "what"),
        ("wen was he sent away", "when"),  # typed fast
        ("y did he lose", "why"),
    ],
)
def test_question_kind(words, kind):
    assert question_kind(words) == kind


@pytest.mark.parametrize(
    "words, judging",
    [
        ("was trotsky right", True),
        ("the camps were exaggerated werent they", True),
        ("which party leads the polls right now", False),  # "right now" judges nothing
        ("whats the best time to visit almaty", False),
        ("when was trotsky deported", False),
    ],
)
def test_asks_judgement(words, judging):
    assert asks_judgement(words) is judging


# -- the word lists (knowledge/words.yaml) -------------------------------------------------------
def test_the_shipped_word_lists_load():
    words = load_knowledge(ROOT / "knowledge").words
    assert "sorry" in words.chatter and ("what can you do", "help") in words.social
    assert ("NEP", (7, 8, 9)) in words.not_in_article
    assert "wrong channel" in words.aside


def test_the_word_lists_are_optional(folder):
    (folder / "words.yaml").unlink()
    assert load_knowledge(folder).words == Words()


@pytest.mark.parametrize(
    "text, problem",
    [
        ("chatter: [hi]\nsocial:\n  greting: [hello]\n", "words.yaml:3: unknown kind 'greting'"),
        ("chatter: [hi]\nnot_in_article:\n  NEP: [7, 30]\n", "words.yaml:3:"),
        ("chatter: [hi]\nslang: [lol]\n", "words.yaml:2: unknown section 'slang'"),
    ],
)
def test_a_broken_word_list_names_the_line(folder, text, problem):
    from bot.errors import KnowledgeError

    (folder / "words.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(KnowledgeError, match=problem):
        load_knowledge(folder)
