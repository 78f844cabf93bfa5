"""The quote finder, directly: exact quotes, misquotes with typos, paraphrases, and sentences that
are not in the article, including ones that share most of their words with it.

The rule under test: "yes, the article says that" only when it does. A miss shows the closest
passage, which is the next best thing; a false yes puts words in the author's mouth.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.knowledge import load_knowledge
from bot.core.quotes import Verdict, find_quote

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def knowledge():
    return load_knowledge(ROOT / "knowledge")


@pytest.mark.parametrize(
    "text, paragraph",
    [
        ("It saved the honour of Marxism.", 17),
        ("Leon Trotsky led the struggle against Joseph Stalin’s counter-revolution.", 1),
        ("there was a “river of blood” between Bolshevism and Stalinism", 25),
        ("the revolution could only survive by spreading to other countries", 11),
        ("Stalinism was not the logical or inevitable outcome of Marxism", 25),
        ("In 1927 Stalin achieved a decisive victory", 2),
        ("This was a huge contribution for the future.", 27),
        # A quotation that runs over two sentences.
        ("Stalin at first blocked industrialisation. Then in 1928, after defeating the Left Opposition", 9),
    ],
)
def test_exact_quotations_are_found_where_they_stand(knowledge, text, paragraph):
    match = find_quote(knowledge, text)
    assert (match.verdict, match.paragraph) == (Verdict.QUOTE, paragraph)
    assert match.found


@pytest.mark.parametrize(
    "text, paragraph",
    [
        ("The reason Stalin won was not personal superiorty nor even low cuning", 16),  # typos
        ("Trotksy led the strugle against Stalins counter revolution", 1),
        ("it saved the honor of marxism", 17),  # American spelling, no capitals
        ("He was sent into internal exile in 1928 in Alma-Atta", 3),
        ("stalins regime was based on state ownership not private property but exploited the workers", 22),
    ],
)
def test_misquotes_with_typos_still_find_the_place(knowledge, text, paragraph):
    match = find_quote(knowledge, text)
    assert match.found, match
    assert match.paragraph == paragraph


@pytest.mark.parametrize(
    "text, paragraph",
    [
        ("Stalin won because he represented a stronger social force", 16),
        ("Trotsky was kicked out of the party in 1927", 2),  # the members' synonyms of qa.yaml
        ("Stalin blocked industrialisation at first", 9),
        ("Marx and Engels argued that socialism was international", 10),
        ("Trotsky did not completely succeed in analysing it", 22),
        ("millions of workers and peasants died in camps in Siberia", 19),
    ],
)
def test_paraphrases_find_the_place(knowledge, text, paragraph):
    match = find_quote(knowledge, text)
    assert match.verdict in (Verdict.QUOTE, Verdict.PARAPHRASE), match
    assert match.paragraph == paragraph


@pytest.mark.parametrize(
    "text, closest",
    [
        # Four of five words are ¶1's, but the article says "won" of Stalin.
        ("Trotsky won the struggle against Stalin", 1),
        # ¶17 says this of Trotsky's resistance, not of Stalin.
        ("Stalin saved the honour of Marxism", 17),
        # The article says the opposite, with a "not".
        ("Stalin won by personal superiority", 16),
        ("Stalin won by low cunning", 16),
        ("Stalinism was the logical outcome of Marxism", 25),
        ("Stalinism was a continuation of Leninism", 24),
        ("Trotsky completely succeeded in analysing it", 22),
        # A wrong date, a wrong place, a wrong name.
        ("Trotsky was expelled from the Communist Party in 1929", 2),
        ("Lenin led the struggle against Stalin", 1),
        ("the show trials happened in 1936", None),
        ("Stalin supported industrialisation from the start", 9),
    ],
)
def test_what_the_article_does_not_say_is_not_found_and_the_closest_passage_is_given(knowledge, text, closest):
    match = find_quote(knowledge, text)
    assert match.verdict is Verdict.ABSENT, match
    assert not match.found
    if closest is not None:
        assert match.paragraph == closest


def test_words_the_article_never_uses_are_near_at_most(knowledge):
    # Not claimed (the article says "defeated", not "beaten"), but the right passage is shown.
    match = find_quote(knowledge, "Trotsky’s resistance, though beaten, was of huge historical importance")
    assert (match.verdict, match.paragraph, match.missing) == (Verdict.NEAR, 17, ("beaten",))
    assert not match.found
    assert not find_quote(knowledge, "Trotsky loved Stalin").found


def test_the_best_sentence_is_marked_for_highlighting(knowledge):
    match = find_quote(knowledge, "It saved the honour of Marxism")
    text = knowledge.article.paragraph(17).text
    assert text[match.start : match.end] == "It saved the honour of Marxism."


def test_too_little_to_look_for(knowledge):
    assert find_quote(knowledge, "Stalin").verdict is Verdict.TOO_SHORT
    assert find_quote(knowledge, "the of and").verdict is Verdict.TOO_SHORT
    assert find_quote(knowledge, "").verdict is Verdict.TOO_SHORT


def test_nothing_in_common_is_absent(knowledge):
    match = find_quote(knowledge, "What did Stalin eat for breakfast in Paris")
    assert match.verdict is Verdict.ABSENT and 1 <= match.paragraph <= 29
