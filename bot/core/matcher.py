"""Find the entry a member's question is asking for.

The index is built once per :class:`~bot.core.knowledge.Knowledge`; answering a question touches
only the index. Each entry is scored on three signals, all on folded text:

* **phrasing overlap**: the words of the question against each phrasing of the entry, weighted by
  how rare each word is across the knowledge base (a shared "trotsky" says little, a shared
  "alma" says a lot);
* **coverage**: how much of what the question asks about the entry knows of at all (its phrasings
  and keywords fully, its answer and cited paragraphs partly). A question about Stalin's breakfast
  shares "stalin" with dozens of entries, but nothing in the knowledge base knows "breakfast":
  low coverage is what turns such questions into a decline rather than a wrong answer;
* **spelling**: rapidfuzz's similarity of the whole question to the phrasing, for word order,
  short questions and near-misses.

Misspelt words are corrected against the knowledge base's own vocabulary first, then members'
synonyms ("kicked out" -> "expelled") are applied.
"""

from __future__ import annotations

import enum
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz, process

from bot.core import text as textmod
from bot.core.knowledge import Entry, Knowledge

# Words that frame a question without saying what it is about: counted, but lightly, when the
# knowledge base does not know them ("was it worth it", "the main reason").
GENERIC = frozenset(
    """
    main reason reasons important importance significance significant role point points idea ideas
    really actually basically exactly big key overall summary summarise simple simply short briefly
    kind sort type view views opinion opinions believe believed feel argue argued argument arguments
    make made makes call called name named mean happen happened result results cause caused causes
    difference different differ same similar compare comparison versus vs against between
    worth matter matters relevant relevance today now still ever end ended start started begin began
    first second third last next later early earlier after before during time times year years long
    many much more most less least good bad best worst real true false right wrong new old
    people person man men guy guys group groups someone anyone something anything happen
    lose lost win won beat come came give gave take took want wanted try tried use used
    held hold place located location
    """.split()
)

W_RECALL, W_PRECISION, W_COVERAGE, W_SPELLING = 0.4, 0.2, 0.2, 0.2
UNKNOWN_WEIGHT = 2.5
NAME_CLASH_FACTOR = 0.75  # a word the knowledge base has never seen: about as telling as a rare one
_CORRECTION_CUTOFF = 85  # rapidfuzz ratio a misspelt word needs to be read as a known one ("rouble" is not "role")
_CORRECTED_WEIGHT = 0.85
_WEAK_WEIGHT = 0.5  # a word found only in the answer or the cited paragraphs


class Outcome(enum.Enum):
    """What a member gets for a question."""

    ANSWER = "answer"
    SUGGEST = "suggest"  # "did you mean"
    DECLINE = "decline"
    UNREADABLE = "unreadable"  # empty, too long, only emoji or markup, another script


class Unreadable(enum.Enum):
    """Why a question could not be read at all."""

    EMPTY = "empty"
    TOO_LONG = "too_long"
    NO_WORDS = "no_words"
    OTHER_SCRIPT = "other_script"


@dataclass(frozen=True)
class MatchSettings:
    """Thresholds (0-100) that decide between an answer, a "did you mean" and a decline."""

    answer_threshold: float = 52.0
    suggest_threshold: float = 45.0
    margin: float = 4.0
    min_coverage: float = 0.4
    max_suggestions: int = 3
    max_question_length: int = 300


@dataclass(frozen=True)
class Match:
    """One entry and how well it fits a question."""

    entry: Entry
    score: float
    phrasing: str
    # Share of the question the entry knows: the lower of all its words and of what it asks
    # about its names ("dinner" in "what did Lenin have for dinner").
    coverage: float = 0.0


@dataclass(frozen=True)
class Result:
    """The engine's verdict on one question: the outcome and the entries behind it."""

    question: str
    outcome: Outcome
    matches: tuple[Match, ...] = ()
    unreadable: Unreadable | None = None

    @property
    def answered(self) -> bool:
        """Say whether the member gets an answer."""
        return self.outcome is Outcome.ANSWER

    @property
    def best(self) -> Match | None:
        """The best match, if any entry came close."""
        return self.matches[0] if self.matches else None

    @property
    def entry(self) -> Entry | None:
        """The entry answered, for an answer."""
        return self.matches[0].entry if self.answered else None

    @property
    def score(self) -> float:
        """The best match's score (0 when nothing came close)."""
        return round(self.matches[0].score, 1) if self.matches else 0.0


@dataclass
class _Phrasing:
    entry_index: int
    text: str  # as written, for display
    folded: str
    weights: dict[str, float]
    total: float


@dataclass
class _Query:
    folded: str
    stems: dict[str, float] = field(default_factory=dict)  # stem -> weight
    total: float = 0.0


class Engine:
    """Answer questions from one :class:`Knowledge`; build a new engine to take an edit."""

    def __init__(self, knowledge: Knowledge, settings: MatchSettings | None = None) -> None:
        self.knowledge = knowledge
        self.settings = settings or MatchSettings()
        self._synonyms = textmod.Synonyms(knowledge.synonyms)
        entries = knowledge.entries
        article = knowledge.article

        prepared_paragraphs = {p.number: self._prepare(p.text) for p in article.paragraphs}
        vocabulary: set[str] = set()
        strong: list[set[str]] = []
        weak: list[set[str]] = []
        for entry in entries:
            folded_questions = [self._prepare(question) for question in entry.questions]
            keywords = [self._prepare(keyword) for keyword in entry.keywords]
            background = [self._prepare(entry.answer)]
            background += [prepared_paragraphs[n] for n in entry.paragraphs]
            for part in folded_questions + keywords + background:
                vocabulary.update(part.split())
            strong.append(
                {textmod.stem(w) for part in folded_questions + keywords for w in textmod.content_words(part)}
            )
            weak.append({textmod.stem(w) for part in background for w in textmod.content_words(part)})
        for folded_paragraph in prepared_paragraphs.values():
            vocabulary.update(folded_paragraph.split())
        # The people and places the article names. A question about one of them must not be
        # answered with an entry about another ("when did Stalin die" is not "when did Trotsky die").
        texts = [p.text for p in article.paragraphs] + [entry.answer for entry in entries]
        lower = {
            textmod.stem(w)
            for text in texts
            for w in textmod.fold(" ".join(re.findall(r"\b[a-z][\w’']*", text))).split()
        }
        self._names = frozenset(
            textmod.stem(word)
            for text in texts
            for word in textmod.proper_nouns(text)
            if textmod.stem(word) not in lower and word not in textmod.STOPWORDS
        )
        for phrase, replacement in knowledge.synonyms:
            vocabulary.update(textmod.fold(phrase).split())
            vocabulary.update(textmod.fold(replacement).split())
        vocabulary -= textmod.STOPWORDS

        document_frequency: dict[str, int] = defaultdict(int)
        for index in range(len(entries)):
            for stem in strong[index] | weak[index]:
                document_frequency[stem] += 1
        count = max(len(entries), 1)
        self._idf = {stem: math.log(1 + count / df) for stem, df in document_frequency.items()}
        self._unknown_weight = UNKNOWN_WEIGHT
        self._by_initial: dict[str, list[str]] = defaultdict(list)
        for word in sorted(vocabulary):
            self._by_initial[word[0]].append(word)
        self._vocabulary_set = frozenset(vocabulary)

        self._phrasings: list[_Phrasing] = []
        self._postings: dict[str, list[int]] = defaultdict(list)
        for entry_index, entry in enumerate(entries):
            for question in entry.questions:
                folded = self._prepare(question)
                weights = {}
                for word in textmod.content_words(folded):
                    stem = textmod.stem(word)
                    weights[stem] = self._weight(stem, word)
                phrasing = _Phrasing(entry_index, question, folded, weights, sum(weights.values()))
                for stem in weights:
                    self._postings[stem].append(len(self._phrasings))
                self._phrasings.append(phrasing)
        self._strong_postings: dict[str, list[int]] = defaultdict(list)
        self._weak_postings: dict[str, list[int]] = defaultdict(list)
        for index in range(len(entries)):
            for stem in strong[index]:
                self._strong_postings[stem].append(index)
            for stem in weak[index] - strong[index]:
                self._weak_postings[stem].append(index)
        # Autocomplete offers every phrasing; precomputed so typing costs one rapidfuzz call.
        self._completions = [p.text for p in self._phrasings]
        self._completions_folded = [p.folded for p in self._phrasings]
        self._generic = frozenset(textmod.stem(word) for word in GENERIC)
        self._correct = lru_cache(maxsize=4096)(self._correct_uncached)

    # -- building blocks -------------------------------------------------------------------
    def _prepare(self, raw: str) -> str:
        return self._synonyms.apply(textmod.fold(raw))

    def _weight(self, stem: str, word: str) -> float:
        weight = self._idf.get(stem)
        if weight is None:
            weight = self._unknown_weight
            if word in textmod.QUESTION_WORDS or word in GENERIC or stem in GENERIC:
                weight *= 0.25
        elif word in GENERIC:
            weight *= 0.5
        return weight

    def _correct_uncached(self, word: str) -> tuple[str, bool]:
        if word in self._vocabulary_set or len(word) < 4 or not word.isalpha():
            return word, False
        # Typos rarely touch the first letter; requiring it keeps real words ("right") from being
        # read as known ones ("fight"). Short words need a closer match.
        cutoff = _CORRECTION_CUTOFF if len(word) >= 6 else 86
        candidates = self._by_initial.get(word[0], ())
        found = process.extractOne(word, candidates, scorer=fuzz.ratio, score_cutoff=cutoff)
        if found is None:
            return word, False
        return found[0], True

    def _read(self, question: str) -> _Query:
        folded = textmod.fold(question)
        corrected_words = []
        corrected: set[str] = set()
        for word in folded.split():
            if word in textmod.STOPWORDS:
                corrected_words.append(word)
                continue
            fixed, was_corrected = self._correct(word)
            corrected_words.append(fixed)
            if was_corrected:
                corrected.add(fixed)
        folded = self._synonyms.apply(" ".join(corrected_words))
        query = _Query(folded)
        for word in textmod.content_words(folded):
            stem = textmod.stem(word)
            weight = self._weight(stem, word)
            if word in corrected:
                weight *= _CORRECTED_WEIGHT
            query.stems[stem] = max(weight, query.stems.get(stem, 0.0))
        query.total = sum(query.stems.values())
        return query

    # -- scoring ---------------------------------------------------------------------------
    def rank(self, question: str, limit: int = 5) -> list[Match]:
        """Return the entries that fit ``question`` best, best first, with their scores."""
        query = self._read(question)
        if not query.stems:
            return []
        # What the question asks about a name must be known too: "what did Lenin have for dinner"
        # is about dinner. Only a question that is nothing but names is judged on the names.
        predicate = {
            stem: w for stem, w in query.stems.items() if stem not in self._names and stem not in self._generic
        }
        coverage = self._coverage(query.stems)
        predicate_coverage = self._coverage(predicate)
        predicate_total = sum(predicate.values())
        shared: dict[int, float] = defaultdict(float)
        for stem, weight in query.stems.items():
            for phrasing_index in self._postings.get(stem, ()):
                shared[phrasing_index] += min(weight, self._phrasings[phrasing_index].weights[stem])

        query_names = query.stems.keys() & self._names
        best: dict[int, tuple[float, _Phrasing, float]] = {}
        for phrasing_index, overlap in shared.items():
            phrasing = self._phrasings[phrasing_index]
            recall = overlap / query.total  # how much of the question this phrasing explains
            precision = overlap / phrasing.total if phrasing.total else 0.0
            cover = min(coverage[phrasing.entry_index] / query.total, 1.0)
            spelling = fuzz.token_sort_ratio(query.folded, phrasing.folded) / 100
            score = 100 * (W_RECALL * recall + W_PRECISION * precision + W_COVERAGE * cover + W_SPELLING * spelling)
            if (
                query_names
                and not query_names <= phrasing.weights.keys()
                and (phrasing.weights.keys() & self._names) - query_names
            ):
                score *= NAME_CLASH_FACTOR
            if predicate_total:
                cover = min(cover, predicate_coverage[phrasing.entry_index] / predicate_total)
            current = best.get(phrasing.entry_index)
            if current is None or score > current[0]:
                best[phrasing.entry_index] = (score, phrasing, cover)
        ranked = sorted(best.items(), key=lambda item: item[1][0], reverse=True)[:limit]
        entries = self.knowledge.entries
        return [
            Match(entries[i], round(score, 2), phrasing.text, round(cover, 3)) for i, (score, phrasing, cover) in ranked
        ]

    def _coverage(self, stems: dict[str, float]) -> dict[int, float]:
        """Sum, per entry, the weight of the given stems the entry knows (its answer counts half)."""
        coverage: dict[int, float] = defaultdict(float)
        for stem, weight in stems.items():
            for entry_index in self._strong_postings.get(stem, ()):
                coverage[entry_index] += weight
            for entry_index in self._weak_postings.get(stem, ()):
                coverage[entry_index] += weight * _WEAK_WEIGHT
        return coverage

    def ask(self, question: str) -> Result:
        """Decide what a member asking ``question`` gets: an answer, suggestions or a decline."""
        problem = self.unreadable(question)
        if problem is not None:
            return Result(question, Outcome.UNREADABLE, unreadable=problem)
        settings = self.settings
        ranked = self.rank(textmod.clean_question(question), limit=max(settings.max_suggestions, 2))
        if not ranked:
            return Result(question, Outcome.DECLINE)
        top = ranked[0]
        runner_up = ranked[1].score if len(ranked) > 1 else 0.0
        if (
            top.score >= settings.answer_threshold
            and top.coverage >= settings.min_coverage
            and top.score - runner_up >= settings.margin
        ):
            return Result(question, Outcome.ANSWER, (top,))
        close = [m for m in ranked if m.score >= settings.suggest_threshold][: settings.max_suggestions]
        if close:
            return Result(question, Outcome.SUGGEST, tuple(close))
        return Result(question, Outcome.DECLINE, tuple(ranked[:1]))

    def unreadable(self, question: str) -> Unreadable | None:
        """Say why ``question`` cannot be read at all, or ``None`` when it can."""
        if len(question) > self.settings.max_question_length:
            return Unreadable.TOO_LONG
        cleaned = textmod.clean_question(question)
        if not question.strip():
            return Unreadable.EMPTY
        if not textmod.has_words(cleaned):
            return Unreadable.NO_WORDS
        if not textmod.mostly_latin(cleaned):
            return Unreadable.OTHER_SCRIPT
        return None

    def complete(self, typed: str, limit: int = 25) -> list[str]:
        """Return the entries closest to what has been typed so far: each once, by its first phrasing, best first.

        A phrasing "fits" when each typed word starts one of its words (the last is often
        unfinished). Entries with a phrasing that fits come first, those whose first phrasing fits
        before the others, then by rapidfuzz's WRatio: "why did sta" offers "Why did Stalin win?"
        before an entry that merely has "why did stalin deport trotsky" among its phrasings, and
        never a lower-case variant of a question already offered.
        """
        entries = self.knowledge.entries
        folded = textmod.fold(textmod.clean_question(typed))
        if not folded:
            return [entry.title for entry in entries[:limit]]
        typed_words = folded.split()
        # The substring test (fast) rules out most phrasings before the word-by-word one.
        fits = [
            all(part in phrasing for part in typed_words)
            and all(any(word.startswith(part) for word in phrasing.split()) for part in typed_words)
            for phrasing in self._completions_folded
        ]
        scores = [0.0] * len(fits)
        for _, score, index in process.extract(folded, self._completions_folded, scorer=fuzz.WRatio, limit=None):
            scores[index] = score
        best: dict[int, tuple[bool, float]] = {}
        title: dict[int, tuple[bool, float]] = {}
        for index, phrasing in enumerate(self._phrasings):
            rank = (fits[index], scores[index])
            title.setdefault(phrasing.entry_index, rank)  # an entry's phrasings start with its first
            best[phrasing.entry_index] = max(best.get(phrasing.entry_index, rank), rank)
        order = sorted(best, key=lambda i: (best[i][0], title[i][0], best[i][1], title[i][1], -i), reverse=True)
        return [entries[i].title for i in order[:limit]]
