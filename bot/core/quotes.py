"""Find where a quotation, or a half-remembered paraphrase, stands in the article.

Plain Python, no discord. The article is cut into sentences; every sentence, every two adjacent
sentences of a paragraph and every whole paragraph is a candidate passage. Both sides are folded
(:func:`bot.core.text.fold`) and the members' synonyms of ``qa.yaml`` are applied to both, so
"fight" meets the article's "struggle" and "honor" its "honour".

A quotation is only said to be in the article when every word it rests on (its content words) is
in one passage: the same word, the same stem, or, for a word the article never uses, a near
spelling of one that is there ("Trotksy"). Two things make a passage contradict a quotation
rather than support it:

* a word the article does use, a number or a name that the passage lacks: "Trotsky *won* the
  struggle against Stalin" shares four words with ¶1, but the article says "won" of Stalin (¶16);
* a word negated in one and not in the other: ¶16 says Stalin won "not [by] personal
  superiority", so "Stalin won by personal superiority" is not what it says.

Saying "yes, the article says that" of something it does not say is worse than a miss, so
anything short of that is reported as not found, with the closest passage. A quotation whose only
unmatched words are words the article never uses ("Trotsky's resistance, though *beaten*…") is
``NEAR``: not claimed, but its passage is the one shown.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from bot.core.knowledge import Knowledge
from bot.core.passages import sentence_spans
from bot.core.text import STOPWORDS, Synonyms, fold, stem

__all__ = ["MIN_WORDS", "QuoteMatch", "Verdict", "find_quote"]

# A word that negates what follows it in its clause, and words that end that clause.
NEGATIONS = frozenset(
    [
        "not",
        "no",
        "nor",
        "never",
        "neither",
        "none",
        "nothing",
        "cannot",
        "cant",
        "dont",
        "doesnt",
        "didnt",
        "isnt",
        "wasnt",
        "werent",
        "arent",
        "couldnt",
        "wouldnt",
        "shouldnt",
        "wont",
        "rather",
    ]
)
CLAUSE_BREAKS = frozenset(["but", "and", "whereas", "instead", "however", "although", "though", "yet"])
MIN_WORDS = 2  # content words a quotation needs before it is looked for
QUOTE_SIMILARITY = 90  # partial_ratio at which wording counts as the article's own
NEAR_SHARE = 1 / 3  # at most this share of a NEAR quotation's words may be foreign to the article
# A misspelling is read as an article word only when it is this close (rapidfuzz ratio), starts
# with the same letter and is within two letters of its length.
TYPO_RATIO = 80
TYPO_MIN_LENGTH = 4


class Verdict(enum.Enum):
    """What the article makes of a quotation."""

    QUOTE = "quote"  # the article's words, give or take a typo or a small slip
    PARAPHRASE = "paraphrase"  # every word it rests on is in the passage, worded differently
    NEAR = "near"  # not in the article's words, but nothing in it contradicts the closest passage
    ABSENT = "absent"  # the article doesn't say that
    TOO_SHORT = "too_short"  # fewer than MIN_WORDS words that mean something


@dataclass(frozen=True)
class Sentence:
    """One sentence of a paragraph, with where it sits in the paragraph's text."""

    paragraph: int
    start: int
    end: int


@dataclass(frozen=True)
class QuoteMatch:
    """Where a quotation stands: the verdict, the closest passage and how alike the wording is."""

    verdict: Verdict
    paragraph: int = 0
    start: int = 0  # the passage's characters in the paragraph's text, to highlight
    end: int = 0
    similarity: float = 0.0  # rapidfuzz partial_ratio of the folded texts, 0-100
    missing: tuple[str, ...] = ()  # the quotation's words the passage lacks (folded)

    @property
    def found(self) -> bool:
        """Say whether the article says what was quoted."""
        return self.verdict in (Verdict.QUOTE, Verdict.PARAPHRASE)


@dataclass(frozen=True)
class _Passage:
    paragraph: int
    start: int
    end: int
    size: int  # sentences
    folded: str
    stems: frozenset[tuple[str, bool]]  # (stem, negated)
    words: tuple[str, ...]


@dataclass(frozen=True)
class _Index:
    passages: tuple[_Passage, ...]
    vocabulary: frozenset[str]  # stems of every word of the article
    synonyms: Synonyms


def _tokens(folded: str) -> list[tuple[str, bool]]:
    """Return each word of folded text with whether a negation earlier in its clause covers it."""
    found = []
    negated = False
    for word in folded.split():
        if word in CLAUSE_BREAKS:
            negated = False
        elif word in NEGATIONS:
            negated = True
            continue
        found.append((word, negated))
    return found


def _sentences(number: int, text: str) -> list[Sentence]:
    return [Sentence(number, start, end) for start, end in sentence_spans(text)]


@lru_cache(maxsize=4)
def _index(knowledge: Knowledge) -> _Index:
    synonyms = Synonyms(knowledge.synonyms)
    passages: list[_Passage] = []
    vocabulary: set[str] = set()

    def add(number: int, text: str, group: list[Sentence]) -> None:
        tokens: list[tuple[str, bool]] = []
        for sentence in group:  # polarity is worked out sentence by sentence
            tokens += _tokens(synonyms.apply(fold(text[sentence.start : sentence.end])))
        folded = synonyms.apply(fold(text[group[0].start : group[-1].end]))
        passages.append(
            _Passage(
                paragraph=number,
                start=group[0].start,
                end=group[-1].end,
                size=len(group),
                folded=folded,
                stems=frozenset((stem(word), negated) for word, negated in tokens),
                words=tuple(dict.fromkeys(word for word, _ in tokens)),
            )
        )
        vocabulary.update(stem(word) for word, _ in tokens)

    for paragraph in knowledge.article.paragraphs:
        sentences = _sentences(paragraph.number, paragraph.text)
        for index in range(len(sentences)):
            add(paragraph.number, paragraph.text, sentences[index : index + 1])
            if index + 1 < len(sentences):
                add(paragraph.number, paragraph.text, sentences[index : index + 2])
        if len(sentences) > 2:
            add(paragraph.number, paragraph.text, sentences)
    return _Index(tuple(passages), frozenset(vocabulary), synonyms)


def _typo_of(word: str, passage: _Passage) -> str | None:
    """Return the passage's word ``word`` is a misspelling of, if any."""
    if len(word) < TYPO_MIN_LENGTH or word.isdigit():
        return None
    best, best_score = None, 0.0
    for candidate in passage.words:
        if candidate[0] != word[0] or abs(len(candidate) - len(word)) > 2:
            continue
        score = fuzz.ratio(word, candidate)
        if score >= TYPO_RATIO and score > best_score:
            best, best_score = candidate, score
    return best


@dataclass(frozen=True)
class _Fit:
    passage: _Passage
    missing: tuple[str, ...]  # words the passage lacks
    contradictions: int  # missing words the article knows, numbers, names; opposite negations
    similarity: float

    @property
    def key(self) -> tuple:
        # Fewest contradictions, then fewest missing words, the shortest passage, the closest wording.
        return (self.contradictions, len(self.missing), self.passage.size, -self.similarity)


def _fit(index: _Index, passage: _Passage, words: list[tuple[str, bool]], folded: str, names: set[str]) -> _Fit:
    missing: list[str] = []
    contradictions = 0
    for word, negated in words:
        stemmed = stem(word)
        known = stemmed in index.vocabulary
        if (stemmed, negated) in passage.stems:
            continue
        if (stemmed, not negated) in passage.stems:
            contradictions += 1  # there, but said the other way round
            continue
        if not known:
            typo = _typo_of(word, passage)
            if typo is not None:
                if (stem(typo), negated) not in passage.stems:
                    contradictions += 1
                continue
        missing.append(word)
        if known or word.isdigit() or word in names:
            contradictions += 1
    return _Fit(passage, tuple(missing), contradictions, fuzz.partial_ratio(folded, passage.folded))


def _names(text: str) -> set[str]:
    """Return the folded capitalised words of ``text`` (names, most likely; "The" is a stopword anyway)."""
    return {fold(word) for word in re.findall(r"[A-Za-z][\w’']*", text) if word[0].isupper()}


def find_quote(knowledge: Knowledge, text: str) -> QuoteMatch:
    """Return where ``text`` stands in the article, or that the article does not say it."""
    index = _index(knowledge)
    folded = index.synonyms.apply(fold(text))
    words = [(word, negated) for word, negated in _tokens(folded) if word not in STOPWORDS]
    words = list(dict.fromkeys(words))
    if len(words) < MIN_WORDS:
        return QuoteMatch(Verdict.TOO_SHORT)
    names = _names(text)
    best = min((_fit(index, passage, words, folded, names) for passage in index.passages), key=lambda fit: fit.key)
    passage = best.passage
    if best.contradictions == 0 and not best.missing:
        verdict = Verdict.QUOTE if best.similarity >= QUOTE_SIMILARITY else Verdict.PARAPHRASE
    elif (
        best.contradictions == 0
        and len(best.missing) <= NEAR_SHARE * len(words)
        and len(words) - len(best.missing) >= 2
    ):
        verdict = Verdict.NEAR
    else:
        verdict = Verdict.ABSENT
    return QuoteMatch(
        verdict=verdict,
        paragraph=passage.paragraph,
        start=passage.start,
        end=passage.end,
        similarity=round(best.similarity, 1),
        missing=best.missing,
    )
