"""The core's one sentence splitter, and the whole-sentence passages quoted under an answer."""

from __future__ import annotations

import _shipped

from bot.core import companion, quotes
from bot.core.knowledge import Entry, Paragraph
from bot.core.passages import PASSAGE_LIMIT, passage_of, quoted_passages, sentence_spans, sentences


def test_sentences_cut_at_full_stops_before_a_capital_and_nowhere_else():
    article = _shipped.knowledge().article
    assert sentences(article.paragraph(20).text) == [
        "Stalin staged murderous show trials in Moscow.",
        (
            "Old Bolsheviks who fell foul of his regime were forced to confess to absurd crimes such as being "
            "fascist agents or sabotaging factories."
        ),
        "Almost every leading revolutionary from 1917 was wiped out.",
    ]
    for paragraph in article.paragraphs:  # the sentences are the paragraph, nothing lost
        assert " ".join(sentences(paragraph.text)) == paragraph.text
    assert sentences("Socialist Worker Issue No. 2234") == ["Socialist Worker Issue No. 2234"]
    assert sentences("He said “No.” Then he left! Why? “Because.”") == [
        "He said “No.”",
        "Then he left!",
        "Why?",
        "“Because.”",
    ]


def test_quote_and_catchup_cut_sentences_with_the_same_splitter():
    article = _shipped.knowledge().article
    for paragraph in article.paragraphs:
        found = [(s.start, s.end) for s in quotes._sentences(paragraph.number, paragraph.text)]
        assert found == sentence_spans(paragraph.text)
    for reading in article.readings:
        first = sentences(article.paragraph(reading.paragraphs[0]).text)[0]
        assert companion.first_line(article, reading, limit=1000) == first


def _entry(answer: str, paragraphs: tuple[int, ...]) -> Entry:
    return Entry("an-entry", ("a question",), answer, paragraphs)


def test_a_passage_is_the_quoted_sentence_with_its_short_neighbours():
    article = _shipped.knowledge().article
    # No quotation from ¶20: its opening, then the next sentence while short; the rest left out.
    [passage] = quoted_passages(article, _entry("Show trials (¶20).", (20,)))
    assert passage.text == " ".join(sentences(article.paragraph(20).text)[:2])
    assert not passage.cut_before and passage.cut_after
    # A quotation from ¶20's last sentence: that one, and the one before while short.
    [passage] = quoted_passages(article, _entry("“Almost every leading revolutionary from 1917” (¶20).", (20,)))
    assert passage.text == " ".join(sentences(article.paragraph(20).text)[1:])
    assert passage.cut_before and not passage.cut_after
    # A paragraph short enough is quoted whole.
    [passage] = quoted_passages(article, _entry("(¶16)", (16,)))
    assert passage.text == article.paragraph(16).text and not (passage.cut_before or passage.cut_after)


def test_a_long_sentence_is_quoted_whole_and_only_three_paragraphs_are_quoted():
    long = Paragraph(1, "Short one. " + "A sentence that goes on " * 20 + "and ends. Last.")
    passage = passage_of(long, ["goes on"])
    assert passage.text == sentences(long.text)[1] and len(passage.text) > PASSAGE_LIMIT
    article = _shipped.knowledge().article
    shown = quoted_passages(article, _entry("(¶9) (¶2) (¶16) (¶1)", (9, 2, 16, 1)))
    assert [p.paragraph for p in shown] == [9, 2, 16]  # the first three, in the order listed
    # A quotation's nested marks (‘ ’ for the article's “ ”) still find its sentence.
    [passage] = quoted_passages(article, _entry("“there was a ‘river of blood’” (¶25)", (25,)))
    assert passage.text.startswith("He said that there was a “river of blood”")
