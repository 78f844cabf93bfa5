"""The article's sentences, the quotations in an answer, and the passages quoted under an answer.

Plain Python, no discord. This is the core's one sentence splitter: ``/quote``'s candidate
passages, ``/catchup``'s opening lines, the lint's synonym contexts and the quotes under an answer
all cut the article here, so they agree on what a sentence is. A sentence ends at ".", "!" or "?"
(and any closing quote or bracket after it) followed by a space and a capital or an opening
quote. The article has no abbreviations; its header's "Issue No. 2234" stays one sentence,
because a number follows the full stop.

Under an answer, the first :data:`QUOTES_SHOWN` paragraphs it cites (in the order its
``paragraphs`` lists them) are quoted; the rest are cited by number in the source line. Each
passage is a run of whole sentences of its paragraph, never a phrase cut short: the sentences the
answer quotes from, or else the paragraph's opening sentence, with the sentences around them
added while the passage stays under :data:`PASSAGE_LIMIT` characters. Where sentences are left
out, :class:`Passage` says so, and the reply marks it with "…".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core.knowledge import Article, Entry, Paragraph

__all__ = [
    "PASSAGE_LIMIT",
    "QUOTES_SHOWN",
    "Passage",
    "passage_of",
    "plain",
    "quotation_parts",
    "quoted_passages",
    "quoted_strings",
    "sentence_spans",
    "sentences",
]

QUOTES_SHOWN = 3  # paragraphs quoted under an answer; the others are cited by number
# A passage grows by whole sentences while it stays this short: a quote under an answer is read
# on a phone, and the member can open the whole paragraph with /paragraph.
PASSAGE_LIMIT = 220

# The end of a sentence: its mark and any closing quotes or brackets, then the space before the
# next sentence's capital or opening quote (group 1: that space).
_SENTENCE_END = re.compile(r"[.!?][”’\"')\]]*(\s+)(?=[A-Z“‘\"'(])")
# Curly quotes and apostrophes read as one mark: an answer nests the article's “…” as ‘…’.
_MARKS = str.maketrans(dict.fromkeys("“”‘’\"'", "'"))
_ELLIPSIS = "…"


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Return where each sentence of ``text`` starts and ends, in order, spaces between left out."""
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        spans.append((start, match.start(1)))
        start = match.end(1)
    spans.append((start, len(text)))
    return spans


def sentences(text: str) -> list[str]:
    """Return the sentences of ``text``, in order."""
    return [text[start:end] for start, end in sentence_spans(text)]


def plain(text: str) -> str:
    """Return ``text`` with its quote marks made one and its spaces single, to compare quotations."""
    return " ".join(text.translate(_MARKS).split())


def quoted_strings(answer: str) -> tuple[list[str], str | None]:
    """Return the “…” quotations of an answer, and what is wrong with its quote marks (or None)."""
    found: list[str] = []
    start: int | None = None
    for index, char in enumerate(answer):
        if char == "“":
            if start is not None:
                return found, f"a “ opens inside the quotation “{answer[start + 1 : index]}…: use ‘ ’ inside “ ”"
            start = index
        elif char == "”":
            if start is None:
                return found, f"a ” closes a quotation that never opened (…{answer[max(0, index - 40) : index + 1]})"
            found.append(answer[start + 1 : index])
            start = None
    if start is not None:
        return found, f"the quotation “{answer[start + 1 : start + 41]}… never closes"
    return found, None


def quotation_parts(quotation: str) -> list[str]:
    """Return the parts of a quotation that must be the article's words (an ellipsis joins parts)."""
    parts = [plain(part).strip(" .,;:") for part in quotation.split(_ELLIPSIS)]
    return [part for part in parts if part]


@dataclass(frozen=True)
class Passage:
    """Whole sentences of one paragraph, quoted under an answer, and whether any were left out."""

    paragraph: int
    text: str
    cut_before: bool = False  # sentences of the paragraph come before it
    cut_after: bool = False  # and after it


def quoted_passages(article: Article, entry: Entry, *, limit: int = PASSAGE_LIMIT) -> list[Passage]:
    """Return the passages quoted under ``entry``'s answer: one for each of its first cited paragraphs."""
    parts = [part for quotation in quoted_strings(entry.answer)[0] for part in quotation_parts(quotation)]
    return [passage_of(article.paragraph(number), parts, limit=limit) for number in entry.paragraphs[:QUOTES_SHOWN]]


def passage_of(paragraph: Paragraph, parts: list[str], *, limit: int = PASSAGE_LIMIT) -> Passage:
    """Return the whole sentences of ``paragraph`` to quote, given the answer's quoted ``parts``.

    The sentences holding any of ``parts`` (else the opening one), then the sentences after and
    before them while the passage stays within ``limit`` characters. A passage is never cut
    inside a sentence, even when one sentence alone is over the limit.
    """
    text = paragraph.text
    spans = sentence_spans(text)
    touched = [
        index
        for start, end in _occurrences(text, parts)
        for index, (first, last) in enumerate(spans)
        if first < end and start < last
    ]
    first, last = (min(touched), max(touched)) if touched else (0, 0)
    while last + 1 < len(spans) and spans[last + 1][1] - spans[first][0] <= limit:
        last += 1
    while first > 0 and spans[last][1] - spans[first - 1][0] <= limit:
        first -= 1
    return Passage(
        paragraph=paragraph.number,
        text=text[spans[first][0] : spans[last][1]],
        cut_before=first > 0,
        cut_after=last < len(spans) - 1,
    )


def _occurrences(text: str, parts: list[str]) -> list[tuple[int, int]]:
    """Return where each quoted part stands in ``text`` (its first occurrence), quote marks made one."""
    marked = text.translate(_MARKS)
    found = []
    for part in parts:
        words = part.translate(_MARKS).split()
        match = re.search(r"\s+".join(map(re.escape, words)), marked) if words else None
        if match:
            found.append(match.span())
    return found
