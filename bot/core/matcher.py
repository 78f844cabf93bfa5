"""Decide what a member's message gets: an answer, "did you mean", a passage, a social reply or a decline.

Built once per :class:`~bot.core.knowledge.Knowledge` (a reload builds a new engine). A message
goes through four steps:

1. **Reading** (:mod:`bot.core.message`): paragraphs named ("para 16") are taken out, chatter
   dropped, the sentences that ask something split into parts ("when was he exiled | and where
   to"); a message of only greetings, thanks or "help" is social.
2. **Words**: each part is folded (case, accents, quotes, American spellings), misspelt words are
   corrected against the knowledge's own vocabulary, members' synonyms applied ("kicked out" ->
   "expelled"), and words stemmed. Function words and chatter weigh nothing; every other word
   weighs by its rarity across the entries (a shared "alma" says more than a shared "trotsky").
   The sentences around the question count too, at a fraction of their weight (they say who
   "he" is). Terms the article never uses (``words.yaml``, ``not_in_article``) are marked.
3. **Ranking**: every entry sharing a word is scored by a fitted linear model
   (:mod:`bot.core.decision`) over overlap features: how much of the question its best phrasing
   explains and how much of that phrasing the question uses; how much of the question the entry
   knows in its phrasings and keywords, its answer, and its cited paragraphs; whether it cites a
   paragraph the member named; names in the question it doesn't know; whether a "when" question
   meets an answer with a date.
4. **Deciding**: a fitted logistic model gives the probability that the top entry's answer is
   right, another that the question is about the article at all. Sure enough: the answer (for a
   two-part message, each part's, or the first and a "did you mean" for the second). Less sure,
   but about the article: entries that are themselves plausible are offered; else a paragraph
   holding most of the question's words is quoted. Otherwise a decline, with the nearest passage
   when the question is about the article but asks what it doesn't say.
"""

from __future__ import annotations

import enum
import heapq
import itertools
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from functools import lru_cache, partial

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from bot.core import text as textmod
from bot.core.decision import Model, load_model
from bot.core.knowledge import Entry, Knowledge
from bot.core.message import Message, Part, Reader, asks_judgement, pushes_back, question_kind

# Words that frame a question without saying what it is about: counted lightly.
GENERIC = frozenset(
    """
    main reason reasons important importance significance significant role point points idea ideas
    really actually basically exactly whole big key overall summary summarise simple simply short briefly
    kind sort type view views opinion opinions believe believed feel argue argued argument arguments
    make made makes call called name named mean happen happened result results cause caused causes
    difference different differ same similar compare comparison contrast unlike versus vs against between
    worth matter matters relevant relevance today now still ever end ended start started begin began
    first second third last next later early earlier after before during time times year years long
    many much more most less least good bad best worst real true false right wrong new old
    people person man men guy guys group groups someone anyone somebody anybody something anything happen
    lose lost win won beat come came give gave take took want wanted try tried use used put puts keep kept
    held hold place located location molyneux author
    bit somewhere suppose supposed supposedly surely once paragraph paragraphs para full week weeks
    claim claims claimed deny denies denied around another away else relationship relation relations
    """.split()
)
# Words that only ask to see a paragraph: "explain para 7", "what's paragraph 12 about".
ABOUT_WORDS = frozenset(
    """
    about mean means meaning meant say says saying said explain explained explanation show see read
    break down unpack summarise summarize summary sum gist talk talking discuss discussing cover covers
    covering go over walk through point trying tell whats happening happens going on text line lines
    sentence sentences content contents quote aloud paste print display recite repeat mention mentions
    mentioned mentioning bring brings brought
    """.split()
)

UNKNOWN_WEIGHT = 2.5  # a word the knowledge has never seen: about as telling as a rare one
_CORRECTION_CUTOFF = 85  # rapidfuzz ratio a misspelt word needs to be read as a known one ("rouble" is not "role")
_CORRECTED_WEIGHT = 0.85
_CANDIDATES = 12  # entries kept after ranking; decisions look at these only
_POOL = 12  # entries scored in full per question, the best of a quick count
_SORT_POOL = 2000  # up to this many entries counted, the pool is picked by sorting them all (see _candidates)
_ABSENT_COVER = 0.4  # share of what is asked an entry must know to answer beside a term the article lacks
_ABSENT_OFFER = 0.25  # ... and to be offered beside it
# P(right) of the first entry above which a runner-up the answer model is surer of may answer
# instead, wherever it draws from (see Engine._answerable). On the labelled sets, a runner-up
# promoted over a first this likely was right 13 times of 13; over a less likely first, 1 of 6.
_BOTH_LIKELY = 0.75
_BOTH_LIKELY_WORDS = 4  # ... in a whole message of at least this many words that count
# Two or more of the first _AGREE_AMONG entries with at least this P(right): the likeliest answers
# (see Engine._agreed). On the labelled sets (development, A-E, G): 10 more right answers, 1 more
# wrong; on set F, 1 more right.
_AGREE = 0.7
_AGREE_AMONG = 3
# A question comparing two things ("X vs Y", "the difference between…", "what did each side want")
# is answered with the two first entries when each has at least _COMPARE_LIKELY P(right) and the
# question a P(about the article) of at least _COMPARE_TOPIC (see Engine._both).
_COMPARES = re.compile(
    r"\b(?:vs|versus|difference between|differences between|each side|both sides|both views|on one hand)\b",
    re.IGNORECASE,
)
_COMPARE_LIKELY = 0.4
_COMPARE_TOPIC = 0.9
# P(right) that answers an opinion or challenge, in a question at least this surely about the
# article (see _sure). Scanned on the fitted and validation sets: from 0.95 to 0.8 (the topic
# threshold an answer needs anyway) +6 right answers and 1 wrong (an "isn't this propaganda"
# answered with the article's neutrality, where the set wanted its answer to the claim).
_JUDGEMENT_LIKELY = 0.6
_JUDGEMENT_TOPIC = 0.8
_CHALLENGE_ANSWER_TOPIC = 0.6  # P(about the article) from which a challenge may be answered (see _sure)
_CHALLENGE_TOPIC = 0.3  # P(about the article) from which a challenge is offered entries (see _options)
_CHALLENGE_OFFER = 0.4  # ... each with at least this P(right)
# Naming the article or its author ("according to the article", "does JM say…"): said to be about it.
_CITES = re.compile(r"\b(?:the|this) (?:article|piece|text|essay|author|writer)\b|\b(?:molyneux|jm)\b")
# An entry at least this likely, and this far ahead of every other entry's P(right), answers below
# the answer threshold (see _sure): on the labelled sets (fitted, validation and never-read sets
# together) 8 more right answers and 2 more wrong; lowering the threshold itself for all brings
# as many wrong answers as right ones.
_CLEAR_LIKELY = 0.65
_CLEAR_LEAD = 0.15
_PART_LIKELY = 0.6  # P(right) that answers a later part of a message once an earlier one is answered
# An entry's title that makes it a biography ("Who was Stalin?"), never offered for a judgement.
_BIOGRAPHY = re.compile(r"^Who (?:was|is) (?:[A-Z][\w’'-]* )?([A-Z][\w’'-]*)\?$")
_JUDGED = 4  # entries, best first, whose answer the decision weighs (one answer, at most three offers)
_POINTER = frozenset("it he she they them this that its his their".split())
_DETERMINERS = frozenset("this that".split())  # pointers only when no noun follows ("this author")
# Words that only frame what a part points back to: naming it, whose view it is ("What does the
# author say had happened to it?") or where it came from ("…and where did it come from?").
_NAMING = frozenset(
    textmod.stem(word)
    for word in "call called calls name named term termed mean means meaning author molyneux come came".split()
)
_AGE = re.compile(r"\baged \d+|\b\d+ years old\b")
_YEAR = re.compile(r"\b1[89]\d\d")
_NUMBER = re.compile(
    r"\b\d+\b|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|dozens|hundreds|thousands|millions)\b",
    re.IGNORECASE,
)
_PLACE = re.compile(r"\b(?:in|to|from|near|at|across)\s+(?:the\s+)?[A-Z]\w+")

RANK_FEATURES = (
    "phrasing",
    "phrasing_precision",
    "phrasing_both",
    "strong",
    "answer",
    "cited",
    "paragraph_hit",
    "paragraph_focus",
    "paragraph_miss",
    "name_miss",
    "name_clash",
    "kind_match",
    "kind_miss",
    "phrasing_kind",
    "rarest",
    "rarest_weak",
    "pairs",
    "pairs_weak",
    "names_only",
    "passage_hit",
    "passage_focus",
    "predicate",
    "position",
    "judged_by_name",
)
# Where, in a candidate's values (in RANK_FEATURES' order), are the signals _candidates compares across entries.
_PHRASING_BOTH, _STRONG, _ANSWER, _CITED = (
    RANK_FEATURES.index(name) for name in ("phrasing_both", "strong", "answer", "cited")
)
# An answer that gives a position ("the author argues", "in his opinion", "Trotsky showed").
_POSITION = re.compile(
    r"\bargues\b|\bargued\b|\bin (?:his|my) (?:opinion|view)\b|\bon his view\b|\bthe author (?:says|holds|calls|"
    r"disagrees|rejects|goes further)\b|\bdisagrees\b|\brejects\b|\bTrotsky (?:held|showed|said|refused)\b",
    re.IGNORECASE,
)


class Outcome(enum.Enum):
    """What a member gets for a message."""

    ANSWER = "answer"  # one entry, or one per part of a two-part question
    SUGGEST = "suggest"  # "did you mean", at most three related entries
    PASSAGE = "passage"  # a paragraph quoted: asked for by number, or the one that bears on the question
    SOCIAL = "social"  # greeting, thanks, "help", a nod
    DECLINE = "decline"  # the article doesn't say (with the nearest passage when it touches the subject)
    UNREADABLE = "unreadable"  # empty, too long, only emoji or markup, another script


class Unreadable(enum.Enum):
    """Why a question could not be read at all."""

    EMPTY = "empty"
    TOO_LONG = "too_long"
    NO_WORDS = "no_words"
    OTHER_SCRIPT = "other_script"


@dataclass(frozen=True)
class MatchSettings:
    """How sure the engine must be (0-100, its confidence that an answer is right) and how much it reads.

    ``None`` thresholds take the values fitted with the model (``engine_model.json``).
    """

    answer_threshold: float | None = None
    suggest_threshold: float | None = None
    margin: float = 0.0  # the answer's confidence must lead the runner-up's by this much
    min_coverage: float = 0.0  # share (0-1) of the question's words the answering entry must know
    max_suggestions: int = 3
    max_question_length: int = 300  # /ask
    max_message_length: int = 2000  # a mention or a direct message (Discord's own cap)


@dataclass(frozen=True)
class Match:
    """One entry and how well it fits a question."""

    entry: Entry
    score: float  # 0-100: the engine's confidence that this entry's answer is right
    phrasing: str  # the entry's phrasing closest to the question
    # Share of the question's words the entry knows (phrasings and keywords fully, answer and
    # cited paragraphs in part).
    coverage: float = 0.0


@dataclass(frozen=True)
class Answer:
    """An entry given as the answer to one part of a message."""

    entry: Entry
    part: str  # the part of the message it answers, as the member wrote it ("": all of it, as a comparison's two)
    score: float


@dataclass(frozen=True)
class Result:
    """The engine's verdict on one message: everything a reply needs, decided once.

    ``answer``: :attr:`answers` (one per part answered; :attr:`entry` is the first) and, when a
    second part was unsure, :attr:`offers` for :attr:`offered_part`, or that part in
    :attr:`unanswered`. ``suggest``: :attr:`matches` are the options. ``passage``:
    :attr:`paragraphs` quoted; :attr:`named` when the member asked for them by number, with
    :attr:`matches` the questions one can ask about them. ``social``: :attr:`social` is the kind.
    ``decline``: :attr:`absent` the member's terms the article has no equivalent for, and
    :attr:`paragraphs` the nearest passage when the article touches the subject (never for
    off-topic questions); or, :attr:`not_said`, the best match's entry, which says the article
    doesn't say what was asked. ``unreadable``: :attr:`unreadable` says why.
    """

    question: str
    outcome: Outcome
    matches: tuple[Match, ...] = ()
    unreadable: Unreadable | None = None
    answers: tuple[Answer, ...] = ()
    offers: tuple[Match, ...] = ()
    offered_part: str = ""
    unanswered: tuple[str, ...] = ()
    paragraphs: tuple[int, ...] = ()
    named: tuple[int, ...] = ()
    social: str | None = None
    absent: tuple[str, ...] = ()
    parts: tuple[str, ...] = ()  # what the message asks, one question a part, as written
    not_said: bool = False  # declined with the best match's entry, one of whose not_said questions was asked

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
        """The entry answered (the first part's, for a two-part answer)."""
        return self.answers[0].entry if self.answered and self.answers else None

    @property
    def entries(self) -> tuple[Entry, ...]:
        """Every entry answered, in the order of the parts they answer."""
        return tuple(answer.entry for answer in self.answers) if self.answered else ()

    @property
    def score(self) -> float:
        """The best match's confidence, 0-100 (0 when nothing came close)."""
        return round(self.matches[0].score, 1) if self.matches else 0.0


@dataclass
class _Phrasing:
    entry_index: int
    text: str  # as written, for display
    folded: str
    weights: dict[str, float]
    total: float
    kind: str = "what"  # what kind of answer it asks for: when, where, who...
    said: bool = True  # False: one of the entry's ``not_said`` questions, which the article doesn't answer
    fine_kind: str = "what"  # the kind, telling "how long" and "how old" from "when" (see _not_said)


@dataclass
class _Query:
    folded: str = ""  # the question's own words that count, corrected and with synonyms applied
    asked: str = ""  # the question's own words as read (function words kept), when it has no context
    stems: dict[str, float] = field(default_factory=dict)  # stem -> weight
    pairs: frozenset[tuple[str, str]] = frozenset()  # neighbouring stems of the question itself
    rarest: str = ""  # the question's own rarest stem
    total: float = 0.0
    own: float = 0.0  # weight of the part's own words (the rest is context)
    own_stems: tuple[str, ...] = ()  # the stems of the part's own words, in order
    absent: list[str] = field(default_factory=list)
    absent_weight: float = 0.0
    kind: str = "what"
    fine_kind: str = "what"  # the kind, telling "how long" and "how old" from "when"
    judgement: bool = False  # asks for a judgement or pushes back ("was Trotsky right?")
    challenge: bool = False  # pushes back ("isn't it just…", "surely…"): the narrower kind
    now: bool = False  # asks about the present ("these days", "right now", "tomorrow")
    cites: bool = False  # names the article or its author ("the article mentions…", "does JM…")
    compares: bool = False  # compares two things ("X vs Y", "what did each side want")
    points: bool = False  # its own words hold a pronoun standing for something said before ("it", "he")
    corrected: float = 0.0  # weight of the question's words read as other, known words
    covers: dict[int, float] | None = None  # paragraph -> weight of the question's words it holds


@dataclass
class _Candidate:
    index: int
    rank: float
    values: dict[str, float]
    phrasing: int


@dataclass
class _Judgement:
    """One part (or the whole message) ranked and judged."""

    query: _Query
    ranked: list[_Candidate]
    confidence: list[float]  # P(right) for each ranked candidate
    topic: float  # P(about the article)
    paragraph: int | None  # the paragraph holding most of the question
    paragraph_cover: float
    predicate_cover: float  # the share of the question's words other than names that paragraph holds
    named: tuple[int, ...] = ()  # the paragraphs the member named

    @property
    def top(self) -> float:
        return self.confidence[0] if self.confidence else 0.0


class _Readings:
    """What a build reads off each text, for the next build to reuse.

    Folding, stemming and the answer's patterns depend on nothing but the text, the synonyms and
    the words that count (``words.yaml``'s chatter): while those stay the same, a rebuild for a
    reload or an added phrasing reads again only the texts that changed (most of a 10,000-entry
    build's work). Each build keeps only the texts of its own knowledge, so nothing piles up; the
    previous readings are dropped once the build is done.
    """

    def __init__(
        self, knowledge: Knowledge, synonyms: textmod.Synonyms, chatter: frozenset[str], previous: _Readings | None
    ) -> None:
        self._key = (knowledge.synonyms, knowledge.words)
        self._synonyms = synonyms
        self._chatter = chatter
        self._ignored = textmod.STOPWORDS | chatter
        self.folded: dict[str, str] = {}  # a text as written -> folded, synonyms applied
        self._stems: dict[str, tuple[str, ...]] = {}  # folded -> the stems of its words that count, in order
        self._kinds: dict[str, str] = {}  # folded phrasing -> what kind of answer it asks for
        self._words_keys: dict[str, str] = {}  # folded phrasing -> its words' stems, chatter aside
        self._gives: dict[str, tuple[bool, bool, bool, bool]] = {}  # answer -> a year, a place, a number, a position
        # An entry's words, by its phrasings, keywords, answer and cited paragraphs; also depends on the article.
        self._entries: dict[tuple, tuple] = {}
        self._texts: tuple[str, ...] = ()  # the article's paragraphs and the answers, and the names found in them
        self._names: frozenset[str] = frozenset()
        self._paragraphs = knowledge.article.paragraphs
        self._previous = previous if previous is not None and previous._key == self._key else None
        self._same_article = self._previous is not None and self._previous._paragraphs == self._paragraphs

    def done(self) -> None:
        """Let go of the previous build's readings (the new engine must not keep the old one alive)."""
        self._previous = None

    def _old(self, table: str, key: str):
        return getattr(self._previous, table).get(key) if self._previous is not None else None

    def prepare(self, raw: str) -> str:
        folded = self.folded.get(raw)
        if folded is None:
            folded = self._old("folded", raw)
            if folded is None:
                folded = self._synonyms.apply(textmod.fold(raw))
            self.folded[raw] = folded
        return folded

    def words(self, folded: str) -> list[str]:
        ignored = self._ignored
        return [word for word in folded.split() if word not in ignored]

    def stems(self, folded: str) -> tuple[str, ...]:
        found = self._stems.get(folded)
        if found is None:
            found = self._old("_stems", folded)
            if found is None:
                found = tuple(map(textmod.stem, self.words(folded)))
            self._stems[folded] = found
        return found

    def kind(self, folded: str) -> str:
        found = self._kinds.get(folded)
        if found is None:
            found = self._old("_kinds", folded) or question_kind(folded)
            self._kinds[folded] = found
        return found

    def words_key(self, folded: str) -> str:
        found = self._words_keys.get(folded)
        if found is None:
            found = self._old("_words_keys", folded)
            if found is None:
                found = _words_key(folded, self._chatter)
            self._words_keys[folded] = found
        return found

    def names(self, texts: tuple[str, ...]) -> frozenset[str] | None:
        """Return the names the previous build found in the same ``texts`` (the article's and the answers), if any."""
        if self._previous is not None and self._previous._texts == texts:
            return self.keep_names(texts, self._previous._names)
        return None

    def keep_names(self, texts: tuple[str, ...], names: frozenset[str]) -> frozenset[str]:
        """Keep the names found in ``texts`` for the next build; return them."""
        self._texts, self._names = texts, names
        return names

    @staticmethod
    def _entry_key(entry: Entry) -> tuple:
        return entry.phrasings, entry.keywords, entry.answer, entry.paragraphs

    def entry(self, entry: Entry) -> tuple | None:
        """Return what the previous build read of an entry with the same words, if any (and keep it)."""
        if not self._same_article:
            return None
        key = self._entry_key(entry)
        found = self._previous._entries.get(key)
        if found is not None:
            self._entries[key] = found
        return found

    def keep(self, entry: Entry, known: tuple) -> tuple:
        """Keep what this build read of ``entry`` for the next; return it."""
        self._entries[self._entry_key(entry)] = known
        return known

    def gives(self, answer: str) -> tuple[bool, bool, bool, bool]:
        found = self._gives.get(answer)
        if found is None:
            found = self._old("_gives", answer)
            if found is None:
                found = (
                    bool(_YEAR.search(answer)) or "decade" in answer,
                    bool(_PLACE.search(answer)),
                    bool(_NUMBER.search(answer)),
                    bool(_POSITION.search(answer)),
                )
            self._gives[answer] = found
        return found


class Engine:
    """Answer questions from one :class:`Knowledge`; build a new engine to take an edit."""

    def __init__(
        self,
        knowledge: Knowledge,
        settings: MatchSettings | None = None,
        model: Model | None = None,
        *,
        previous: Engine | None = None,
    ) -> None:
        """Build the indexes for ``knowledge``; ``previous``, the engine it replaces, lends what it read of each text."""
        self.knowledge = knowledge
        self.model = model or load_model()
        settings = settings or MatchSettings()
        # The thresholds fitted per kind of question go with the fitted answer threshold: one set in
        # config is the one threshold for every question.
        self._per_kind = settings.answer_threshold is None
        # The fitted thresholds unless config overrides them; kept as 0-100 like every score shown.
        self.settings = replace(
            settings,
            answer_threshold=settings.answer_threshold
            if settings.answer_threshold is not None
            else round(100 * self.model.answer_threshold, 1),
            suggest_threshold=settings.suggest_threshold
            if settings.suggest_threshold is not None
            else round(100 * self.model.suggest_threshold, 1),
        )
        self._synonyms = textmod.Synonyms(knowledge.synonyms)
        self._reader = Reader(knowledge.words)
        self._people = tuple(textmod.fold(person) for person in people(knowledge.entries))
        self._chatter_words = self._reader.chatter_words
        self._ignored = textmod.STOPWORDS | self._chatter_words
        entries = knowledge.entries
        article = knowledge.article

        # Each text is folded and stemmed once, and a rebuild (a reload, an added phrasing) takes
        # what the engine it replaces read of the texts that did not change (see _Readings).
        readings = self._readings = _Readings(
            knowledge, self._synonyms, self._chatter_words, previous._readings if previous is not None else None
        )
        prepare = readings.prepare

        def stem_pairs(folded: str) -> list[tuple[str, str]]:
            return list(zip(readings.words(folded), readings.stems(folded)))

        def stems(folded: list[str]) -> frozenset[str]:
            return frozenset(itertools.chain.from_iterable(map(readings.stems, folded)))

        def pairs(folded: str) -> frozenset[tuple[str, str]]:
            return frozenset(itertools.pairwise(readings.stems(folded)))

        prepared_paragraphs = {p.number: prepare(p.text) for p in article.paragraphs}
        paragraph_stems = {number: stems([text]) for number, text in prepared_paragraphs.items()}
        paragraph_pairs = {number: pairs(text) for number, text in prepared_paragraphs.items()}
        vocabulary: set[str] = set()
        for folded_paragraph in prepared_paragraphs.values():
            vocabulary.update(folded_paragraph.split())
        # An entry's not_said questions lead to it like its phrasings (see _not_said for what they get).
        folded_questions = [[prepare(question) for question in entry.phrasings] for entry in entries]
        self._strong: list[frozenset[str]] = []
        self._answer: list[frozenset[str]] = []
        self._cited: list[frozenset[str]] = []
        # Neighbouring words ("show trials", "low cunning") say more than the same words apart.
        self._strong_pairs: list[frozenset[tuple[str, str]]] = []
        self._weak_pairs: list[frozenset[tuple[str, str]]] = []
        self._knows: list[dict[str, int]] = []
        for entry, questions in zip(entries, folded_questions):
            keywords = [prepare(keyword) for keyword in entry.keywords]
            answer = prepare(entry.answer)
            for part in questions + keywords + [answer]:
                vocabulary.update(part.split())
            known = readings.entry(entry)
            if known is None:
                strong = stems(questions + keywords)
                answer_stems = stems([answer])
                cited = frozenset().union(*(paragraph_stems[n] for n in entry.paragraphs))
                # What the entry knows of a stem: in its phrasings or keywords (1), its answer (2), its
                # cited paragraphs (4).
                knows = dict.fromkeys(cited, 4)
                for stem in answer_stems:
                    knows[stem] = knows.get(stem, 0) | 2
                for stem in strong:
                    knows[stem] = knows.get(stem, 0) | 1
                known = readings.keep(
                    entry,
                    (
                        strong,
                        answer_stems,
                        cited,
                        frozenset().union(*(pairs(text) for text in questions + keywords)),
                        frozenset().union(pairs(answer), *(paragraph_pairs[n] for n in entry.paragraphs)),
                        knows,
                    ),
                )
            self._strong.append(known[0])
            self._answer.append(known[1])
            self._cited.append(known[2])
            self._strong_pairs.append(known[3])
            self._weak_pairs.append(known[4])
            self._knows.append(known[5])
        # The people and places the article names. A question about one of them must not be
        # answered with an entry about another ("when did Stalin die" is not "when did Trotsky die").
        texts = tuple(p.text for p in article.paragraphs) + tuple(entry.answer for entry in entries)
        found = readings.names(texts)  # the previous build's, when the article and every answer are the same
        if found is None:
            lower_words = {w for text in texts for w in re.findall(r"\b[a-z][\w’']*", text)}
            lower = {textmod.stem(w) for word in lower_words for w in textmod.fold(word).split()}
            names = {
                textmod.stem(word)
                for text in texts
                for word in textmod.proper_nouns(text)
                if textmod.stem(word) not in lower and word not in textmod.STOPWORDS
            }
            # A first name opening a sentence ("Karl Marx and…") is a name too.
            for text in texts:
                for first, second in re.findall(r"\b([A-Z][a-z]+) ([A-Z][a-z]+)", text):
                    first_stem = textmod.stem(textmod.fold(first))
                    if (
                        textmod.stem(textmod.fold(second)) in names
                        and first_stem not in lower
                        and first.lower() not in textmod.STOPWORDS
                        and first.lower() not in GENERIC
                    ):
                        names.add(first_stem)
            found = readings.keep_names(texts, frozenset(names))
        self._names = found
        for phrase, replacement in knowledge.synonyms:
            vocabulary.update(textmod.fold(phrase).split())
            vocabulary.update(textmod.fold(replacement).split())
        vocabulary -= self._ignored

        # Counted an entry at a time: counted in one C call, the stems of every entry held the GIL (and
        # stalled the bot) for 50 ms at 10,000 entries, 200 at 50,000.
        document_frequency: Counter[str] = Counter()
        for knows in self._knows:
            document_frequency.update(iter(knows))
        count = max(len(entries), 1)
        self._idf = {stem: math.log(1 + count / df) for stem, df in document_frequency.items()}
        self._by_initial: dict[str, list[str]] = defaultdict(list)
        for word in sorted(vocabulary):
            self._by_initial[word[0]].append(word)
        self._vocabulary = frozenset(vocabulary)
        self._generic = frozenset(textmod.stem(word) for word in GENERIC)
        self._about = frozenset(textmod.stem(word) for word in ABOUT_WORDS)

        self._phrasings: list[_Phrasing] = []
        for entry_index, entry in enumerate(entries):
            for number, (question, folded) in enumerate(zip(entry.phrasings, folded_questions[entry_index])):
                weights = {stem: self._weight(stem, word) for word, stem in stem_pairs(folded)}
                kind = readings.kind(folded)
                phrasing = _Phrasing(
                    entry_index,
                    question,
                    folded,
                    weights,
                    sum(weights.values()),
                    kind,
                    said=number < len(entry.questions),
                    fine_kind=_fine_kind(folded, kind),
                )
                self._phrasings.append(phrasing)
        self._entry_phrasings: list[list[int]] = [[] for _ in entries]
        # Per entry, each stem of its phrasings with the phrasings holding it (and its weight there):
        # a question meets only the phrasings sharing one of its few stems, not all of an entry's.
        # Phrasings are numbered within their entry there, so a question's overlap with each is
        # summed in a list (cheaper than a dict on every question), with their totals and kinds beside.
        self._phrasings_by_stem: list[dict[str, list[tuple[int, float]]]] = [{} for _ in entries]
        for phrasing_index, phrasing in enumerate(self._phrasings):
            own = self._entry_phrasings[phrasing.entry_index]
            by_stem = self._phrasings_by_stem[phrasing.entry_index]
            for stem, weight in phrasing.weights.items():
                by_stem.setdefault(stem, []).append((len(own), weight))
            own.append(phrasing_index)
        self._phrasing_totals = [[self._phrasings[i].total for i in own] for own in self._entry_phrasings]
        # Whether each entry has not_said questions at all (see _not_said): most have none.
        self._not_said_entries = [not all(self._phrasings[i].said for i in own) for own in self._entry_phrasings]
        self._phrasing_kinds = [[self._phrasings[i].kind for i in own] for own in self._entry_phrasings]
        # One posting list per stem: which entries know it, how (see _knows), and what the quick
        # count gives the entry for it, per unit of the question's weight: more for a stem of its
        # phrasings, and more the larger the share of one of them it makes ("trotsky" is all of
        # "Trotsky who?", a little of "When was Trotsky expelled?"), favouring the entries a word is
        # most about.
        self._entry_postings: dict[str, list[tuple[int, int, float]]] = defaultdict(list)
        share: dict[str, float] = {}
        for index, knows in enumerate(self._knows):
            share.clear()
            for i in self._entry_phrasings[index]:
                phrasing = self._phrasings[i]
                for stem, weight in phrasing.weights.items():
                    part = weight / phrasing.total
                    if part > share.get(stem, 0.0):
                        share[stem] = part
            for stem, how in knows.items():
                self._entry_postings[stem].append((index, how, (1.0 if how & 1 else 0.5) + share.get(stem, 0.0)))
        # A word in more entries than this finds no candidates of its own (see _candidates).
        self._common = max(50, len(entries) // 10)
        # Entries about who someone was ("Who was Stalin?"), never offered for a judgement: each
        # with the (folded) name it is about.
        self._biographies = {
            i: textmod.fold(found.group(1))
            for i, entry in enumerate(entries)
            if (found := _BIOGRAPHY.match(entry.title)) is not None
        }
        self._citing: dict[int, list[int]] = defaultdict(list)
        for index, entry in enumerate(entries):
            for number in entry.paragraphs:
                self._citing[number].append(index)
        # What kind of answer each entry gives, for "when" / "where" / "how many" questions.
        gives = [readings.gives(entry.answer) for entry in entries]
        self._has = [{"when": when, "where": where, "how many": many} for when, where, many, _ in gives]
        self._gives_position = [position for *_, position in gives]
        self._paragraph_stems = paragraph_stems
        self._first_paragraph = min(paragraph_stems, default=0)
        self._paragraphs_with: dict[str, list[int]] = defaultdict(list)
        for number, stems in self._paragraph_stems.items():
            for stem in stems:
                self._paragraphs_with[stem].append(number)
        known: set[str] = set()
        for found in itertools.chain(self._paragraph_stems.values(), self._strong, self._answer):
            known.update(found)  # a set at a time, like the counting above
        self._known = frozenset(known)
        # Terms the article lacks, unless an entry has since been written about them (a phrasing or
        # keyword holding the whole term).
        asked = " | ".join(prepare(text) for entry in entries for text in entry.questions + entry.keywords)
        absent = {}
        for term, numbers in knowledge.words.not_in_article:
            folded = self._synonyms.apply(textmod.fold(term))
            # (The substring test first: a regular expression over every phrasing costs far more.)
            if folded and not (folded in asked and re.search(rf"\b{re.escape(folded)}\b", asked)):
                absent[folded] = (term, numbers)
        self._absent = absent
        self._absent_terms = textmod.Phrases(sorted(absent, key=len, reverse=True)) if absent else None
        # A question that says exactly what one of an entry's phrasings says (the same words that
        # count, in any order, asking the same kind of thing) is answered by it: an organiser wrote
        # that phrasing for that entry ("Add as a phrasing" in /qa unanswered relies on it). In any
        # order: "paper n issue no" is "issue no of the paper?" as members type it.
        exact: dict[tuple[str, str], set[int]] = defaultdict(set)
        for phrasing in self._phrasings:
            content = " ".join(sorted(set(readings.stems(phrasing.folded))))
            exact[phrasing.kind, content or phrasing.folded].add(phrasing.entry_index)
        self._exact = {key: next(iter(found)) for key, found in exact.items() if len(found) == 1 and key[1]}
        # Function words can be all that tells two phrasings apart ("What is the title?", "What does the
        # title mean?"): a question saying every word of one phrasing (chatter aside) is answered by it.
        exact_words: dict[str, set[int]] = defaultdict(set)
        for phrasing in self._phrasings:
            exact_words[readings.words_key(phrasing.folded)].add(phrasing.entry_index)
        self._exact_words = {key: next(iter(found)) for key, found in exact_words.items() if len(found) == 1 and key}
        # Each entry's phrasings with their words sorted, as token_sort_ratio compares them: sorted once
        # here, so a question meets them with one plain ratio call per entry.
        ignoreless = [" ".join(sorted(readings.words(p.folded))) for p in self._phrasings]
        self._sorted_phrasings = [[ignoreless[i] for i in own] for own in self._entry_phrasings]
        # Autocomplete offers every phrasing; precomputed so typing costs one rapidfuzz call.
        self._completions = [p.text for p in self._phrasings]
        self._completions_folded = [p.folded for p in self._phrasings]
        # The spelling cache holds the vocabulary, never the engine: an engine refers to nothing that
        # refers back to it, so a replaced one is freed by reference counting alone (the running bot
        # freezes what it builds out of the collector's walks; see bot.core.library).
        self._correct = lru_cache(maxsize=4096)(partial(_correct, self._vocabulary, self._by_initial))
        self._last_corrected: set[str] = set()
        rank = dict(zip(self.model.rank.features, self.model.rank.weights))
        self._rank_weights = tuple(rank.get(name, 0.0) for name in RANK_FEATURES)
        readings.done()

    # -- words -----------------------------------------------------------------------------
    def _prepare(self, raw: str) -> str:
        return self._synonyms.apply(textmod.fold(raw))

    def _stem_pairs(self, folded: str) -> list[tuple[str, str]]:
        return [(word, textmod.stem(word)) for word in folded.split() if word not in self._ignored]

    def _exact_key(self, folded: str) -> tuple[str, str]:
        # (As the build keys the phrasings.) A phrasing of function words only ("What is the article
        # about?") must be matched whole.
        content = " ".join(sorted({stem for _, stem in self._stem_pairs(folded)}))
        return question_kind(folded), content or folded

    def _exact_entry(self, asked: str) -> int | None:
        """Return the entry one of whose phrasings the question says exactly, if any."""
        found = self._exact_words.get(_words_key(asked, self._chatter_words))
        return found if found is not None else self._exact.get(self._exact_key(asked))

    def _weight(self, stem: str, word: str) -> float:
        weight = self._idf.get(stem)
        if weight is None:
            weight = UNKNOWN_WEIGHT
            if word in textmod.QUESTION_WORDS or word in GENERIC or stem in self._generic:
                weight *= 0.25
        elif word in GENERIC or stem in self._generic:
            weight *= 0.5
        return weight

    def _words(self, folded: str) -> tuple[dict[str, float], list[str], str]:
        """Return the stems of folded words with their weights, the terms the article lacks, and the words as read."""
        corrected_words = []
        corrected: set[str] = set()
        for word in folded.split():
            if word in self._ignored:
                corrected_words.append(word)
                continue
            # A framing word is never "corrected" into a word of the knowledge ("full" is not "fully").
            fixed, was_corrected = (word, False) if word in GENERIC else self._correct(word)
            if not was_corrected and word not in self._vocabulary:
                # A misspelt function word ("happend", "ths", "wen") is one, not a word the article lacks.
                function_word = _function_word(word)
                if function_word is not None:
                    corrected_words.append(function_word)
                    continue
            corrected_words.append(fixed)
            if was_corrected:
                corrected.add(fixed)
        folded = self._synonyms.apply(" ".join(corrected_words))
        absent: list[str] = []
        if self._absent_terms is not None:
            absent = self._absent_terms.found(folded)
            folded = self._absent_terms.sub(" ", folded)
        stems: dict[str, float] = {}
        for word, stem in self._stem_pairs(folded):
            weight = self._weight(stem, word) * (_CORRECTED_WEIGHT if word in corrected else 1.0)
            # Re-inserted so the dict keeps the order of the question's words (for neighbours).
            stems[stem] = max(weight, stems.pop(stem, 0.0))
            if word in corrected:
                # Read as a known word: noted, since a real word may have been mistaken ("biased").
                self._last_corrected.add(stem)
        return stems, absent, folded

    def _query(self, own: str, context: str = "", context_weight: float | None = None) -> _Query:
        factor = self.model.context_weight if context_weight is None else context_weight
        self._last_corrected = set()
        stems, absent, read = self._words(own)
        corrected = set(self._last_corrected)
        order = list(stems)
        kind = question_kind(own)
        query = _Query(
            folded=" ".join(w for w in read.split() if w not in self._ignored),
            asked="" if context.strip() else read,
            stems=dict(stems),
            pairs=frozenset(itertools.pairwise(order)),
            own_stems=tuple(order),
            rarest=max(order, key=stems.get) if order else "",
            kind=kind,
            fine_kind=_fine_kind(own, kind),
            # A challenge before the question ("Surely he was just another boss? What does the
            # article say he represented?") makes it one: the member wants the article's position.
            judgement=asks_judgement(own) or (bool(context) and asks_judgement(context)),
            challenge=pushes_back(own) or (bool(context) and pushes_back(context)),
            now=bool(_NOW.search(own)),
            points=_points(own),
        )
        query.corrected = sum(stems[stem] for stem in corrected if stem in stems)
        query.own = sum(stems.values())
        if context:
            more, more_absent, _ = self._words(context)
            # Only the context's words the knowledge knows can say what the question is about; the
            # rest (a member's news, their branch, their school) would only drown it. However long
            # the background, it never outweighs the question itself.
            known = {
                stem: weight * factor for stem, weight in more.items() if stem in self._known and stem not in stems
            }
            scale = min(1.0, query.own / sum(known.values())) if known and query.own else 1.0
            # A question of frames only ("What does the author say?", "So where's the problem?") asks
            # about what was said before it: then the context counts in full.
            if known and all(stem in self._generic or stem in self._about for stem in stems):
                scale = 1.0 / factor
            # A question that points back with one word of its own ("what was it built on?") is
            # about what was said before it as much as about that word.
            elif (
                context_weight is None  # (a part read with the other parts keeps its own words first)
                and known
                and _POINTER & set(own.split())
                and sum(1 for stem in stems if stem not in self._generic) <= 1
            ):
                scale = 1.0
            for stem, weight in known.items():
                query.stems[stem] = weight * scale
            absent += [term for term in more_absent if term not in absent]
        query.absent = absent
        # A term the article lacks weighs as much as a rare word: it is what the member asks about.
        query.absent_weight = UNKNOWN_WEIGHT * len(absent)
        query.total = sum(query.stems.values()) + query.absent_weight
        return query

    # -- ranking ---------------------------------------------------------------------------
    def _candidates(
        self,
        query: _Query,
        named: tuple[int, ...],
        keep: int | None = _CANDIDATES,
        exact: int | None = None,
        judged: int | None = None,
    ) -> list[_Candidate]:
        """Score the entries sharing a word with the query (or citing a paragraph named); the best ``keep``, best first.

        A quick count over the question's rarer words picks the entries worth scoring in full (all of
        them when ``keep`` is None, as the fit script needs): a word found in most entries finds
        nothing new, though it still counts in the full scores of the entries found. Only the first
        ``judged`` (and the ``exact`` entry) get their values (all when None): the rest are only
        ranked, to set the others' lead, and dropped.
        """
        total = query.total
        if total <= 0 and not named and exact is None:
            return []
        total = total or 1.0
        stems = query.stems
        quick: dict[int, float] = defaultdict(float)
        for position, (stem, weight) in enumerate(sorted(stems.items(), key=lambda item: -item[1])):
            postings = self._entry_postings.get(stem, ())
            if keep is not None and position >= 2 and len(postings) > self._common:
                continue
            for entry_index, _, gain in postings:
                quick[entry_index] += weight * gain
        for number in named:
            for entry_index in self._citing.get(number, ()):
                quick[entry_index] += 0.0
        if keep is None:
            pool = list(quick)
        elif len(quick) <= _SORT_POOL:
            # The same entries in the same order as heapq.nlargest, whose loop in Python costs more
            # than a sort in C until a few thousand entries.
            pool = sorted(quick, key=quick.__getitem__, reverse=True)[: max(_POOL, keep)]
        else:
            pool = heapq.nlargest(max(_POOL, keep), quick, key=quick.__getitem__)
        if exact is not None and exact not in pool:
            pool.append(exact)

        (w_phr, w_prec, w_both, w_strong, w_answer, w_cited, w_hit, w_focus, w_miss, w_name, w_clash, w_kind,
         w_kind_miss, w_same, w_rare, w_rare_weak, w_pairs, w_pairs_weak, w_names_only, w_passage, w_passage_focus,
         w_predicate, w_position, w_judged_by_name) = self._rank_weights  # fmt: skip
        judgement = 1.0 if query.judgement else 0.0
        names = self._names
        names_asked = {stem: w for stem, w in stems.items() if stem in names}
        names_total = sum(names_asked.values())
        # What the question asks about its names ("what did Lenin have for dinner" asks about dinner):
        # the weight of its own words that are neither names nor question frames.
        predicate = {stem: w for stem, w in stems.items() if stem not in names and stem not in self._about}
        predicate_total = sum(predicate.values()) + query.absent_weight
        # The paragraphs holding most of the question's words: entries citing them (few others) are
        # likelier to be about what was asked.
        passages = self._passages(query)
        pairs = query.pairs
        pair_count = len(pairs) or 1
        rarest = query.rarest
        kind = query.kind
        named_set = set(named)
        entries = self.knowledge.entries
        phrasings = self._phrasings
        # The question's stems once, with what each is: a name, a word of what it asks (see predicate).
        asked_stems = [(stem, weight, stem in names, stem in predicate) for stem, weight in stems.items()]
        all_knows, all_by_stem, all_totals = self._knows, self._phrasings_by_stem, self._phrasing_totals
        all_kinds, all_phrasings, all_has = self._phrasing_kinds, self._entry_phrasings, self._has
        strong_pairs, weak_pairs, gives_position = self._strong_pairs, self._weak_pairs, self._gives_position
        found = []
        for index in pool:
            knows = all_knows[index]
            by_stem = all_by_stem[index]
            totals = all_totals[index]
            # The question's overlap with each of the entry's phrasings that shares a word with it (a
            # few of its twenty or so: the others are never looked at).
            shared_by: dict[int, float] = {}
            strong = answer = cited = known_shared = known_predicate = names_missed = 0.0
            unknown_other = False  # a word of the question the entry knows that is not a name
            # One pass over the question's few stems gathers every overlap the features below need.
            for stem, weight, is_name, is_predicate in asked_stems:
                how = knows.get(stem)
                if how:
                    if how & 1:
                        strong += weight
                    if how & 2:
                        answer += weight
                    if how & 4:
                        cited += weight
                    known_shared += weight
                    if not is_name:
                        unknown_other = True
                    if is_predicate:
                        known_predicate += weight if how & 1 else 0.5 * weight
                elif is_name:
                    names_missed += weight
                row = by_stem.get(stem)
                if row:
                    for j, w in row:
                        shared_by[j] = shared_by.get(j, 0.0) + (weight if weight < w else w)  # noqa: FURB136 - a call costs more
            best_key, best, recall, precision, same = -1.0, -1, 0.0, 0.0, 0.0
            kinds = None
            for j in sorted(shared_by):  # in the entry's order, so a tie goes to its first phrasing
                shared = shared_by[j]
                if not shared:
                    continue
                r = shared / total
                p = shared / totals[j]
                if r + 0.5 * p > best_key:
                    best_key, best, recall, precision = r + 0.5 * p, j, r, p
                if r > same:
                    kinds = kinds or all_kinds[index]
                    if kinds[j] == kind:
                        same = r
            phrasing_index = all_phrasings[index][best] if best >= 0 else -1
            s, a, c = strong / total, answer / total, cited / total
            paragraphs = entries[index].paragraphs
            hit = focus = miss = 0.0
            if named_set:
                shared_paragraphs = len(named_set.intersection(paragraphs))
                hit = 1.0 if shared_paragraphs else 0.0
                focus = shared_paragraphs / len(paragraphs) if paragraphs else 0.0
                miss = 1.0 - hit
            name_miss = clash = names_only = 0.0
            if names_total:
                name_miss = names_missed / names_total
                if phrasing_index >= 0:
                    weights = phrasings[phrasing_index].weights
                    other = any(stem in names and stem not in names_asked for stem in weights)
                    clash = 1.0 if other and not names_asked.keys() <= weights.keys() else 0.0
                # An entry the question reaches only through a name ("was Trotsky right" and "Who
                # was Trotsky?") knows who, not what.
                names_only = 1.0 if known_shared and not unknown_other else 0.0
            kind_match = kind_miss = 0.0
            wants = all_has[index].get(kind)
            if wants is not None:
                kind_match, kind_miss = (1.0, 0.0) if wants else (0.0, 1.0)
            how_rarest = knows.get(rarest, 0)
            rare = 1.0 if how_rarest & 1 else 0.0
            rare_weak = 1.0 if not rare and how_rarest else 0.0
            if pairs:
                pairs_strong = len(pairs & strong_pairs[index]) / pair_count
                pairs_weak = len(pairs & weak_pairs[index]) / pair_count
            else:
                pairs_strong = pairs_weak = 0.0
            if predicate_total:
                predicate_cover = known_predicate / predicate_total
            else:
                # Nothing asked beyond names ("trotsky", "alma ata"): the names are the question. Names
                # and frames ("what time is it in Moscow right now") ask nothing the entry knows.
                predicate_cover = 1.0 if names_total and len(names_asked) == len(stems) else 0.0
            passage_hit = passage_focus = 0.0
            if passages and paragraphs:
                held = [passages.get(number, 0.0) for number in paragraphs]
                passage_hit = max(held)
                passage_focus = sum(held) / len(paragraphs)
            both = recall * precision
            # A judgement asked for is answered by the article's position, not by a biography the
            # question reaches through a name ("was Stalin a good leader" is not "Who was Stalin?").
            position = judgement if gives_position[index] else 0.0
            judged_by_name = judgement * names_only
            rank = (
                w_phr * recall + w_prec * precision + w_both * both + w_strong * s + w_answer * a + w_cited * c
                + w_hit * hit + w_focus * focus + w_miss * miss + w_name * name_miss + w_clash * clash
                + w_kind * kind_match + w_kind_miss * kind_miss + w_same * same + w_rare * rare
                + w_rare_weak * rare_weak + w_pairs * pairs_strong + w_pairs_weak * pairs_weak
                + w_names_only * names_only + w_passage * passage_hit + w_passage_focus * passage_focus
                + w_predicate * predicate_cover + w_position * position + w_judged_by_name * judged_by_name
            )  # fmt: skip
            found.append((-rank, index, phrasing_index, (
                recall, precision, both, s, a, c, hit, focus, miss, name_miss, clash, kind_match, kind_miss, same,
                rare, rare_weak, pairs_strong, pairs_weak, names_only, passage_hit, passage_focus, predicate_cover,
                position, judged_by_name,
            )))  # fmt: skip
        found.sort()  # best first (by the rank negated above), ties to the first entry: indexes differ
        chosen = found[:keep]
        if exact is not None and all(item[1] != exact for item in chosen):
            chosen += [item for item in found if item[1] == exact]
        # Whether the signals agree, over every entry kept: the best by phrasing alone, by its own
        # phrasings and keywords alone, by its answer and cited paragraphs alone (set below).
        top_phrasing = max([values[_PHRASING_BOTH] for _, _, _, values in chosen], default=0.0)
        top_strong = max([values[_STRONG] for _, _, _, values in chosen], default=0.0)
        top_weak = max([values[_ANSWER] + values[_CITED] for _, _, _, values in chosen], default=0.0)
        # (The first _JUDGED always: their closeness, below, sets the others' lead.)
        judged = len(chosen) if judged is None else max(judged, _JUDGED)
        kept = [
            _Candidate(
                index,
                -negated,
                dict(zip(RANK_FEATURES, values)) if position < judged or index == exact else {},
                phrasing_index,
            )
            for position, (negated, index, phrasing_index, values) in enumerate(chosen)
        ]
        # How close the question's own words come to the entry's closest phrasing, spelled out
        # (word order, near-misses the stems hide), and the old engine's hand-weighed score on it.
        asked_sorted = " ".join(sorted(query.folded.split()))  # token_sort_ratio's reading, once
        for candidate in kept if keep is None else kept[:_JUDGED]:
            # (One call into rapidfuzz for all of an entry's phrasings, not one a phrasing.)
            closest = process.extractOne(
                asked_sorted, self._sorted_phrasings[candidate.index], scorer=fuzz.ratio, processor=None
            )
            spelling = closest[1] / 100 if closest else 0.0
            values = candidate.values
            values["spelling"] = spelling
            values["closeness"] = (
                0.4 * values["phrasing"]
                + 0.2 * values["phrasing_precision"]
                + 0.2 * min(values["predicate"], 1.0)
                + 0.2 * spelling
            )
        for candidate in kept:
            values = candidate.values
            if values:
                values["best_phrasing"] = 1.0 if top_phrasing > 0 and values["phrasing_both"] >= top_phrasing else 0.0
                values["best_strong"] = 1.0 if top_strong > 0 and values["strong"] >= top_strong else 0.0
                weak = values["answer"] + values["cited"]
                values["best_weak"] = 1.0 if top_weak > 0 and weak >= top_weak else 0.0
        return kept

    def _question_values(
        self, query: _Query, named: tuple[int, ...], ranked: list[_Candidate]
    ) -> tuple[dict[str, float], int | None]:
        """Return what the decision sees of the question itself (not of any entry), and its best paragraph."""
        total = query.total or 1.0
        known = sum(w for stem, w in query.stems.items() if stem in self._known) / total
        names = sum(w for stem, w in query.stems.items() if stem in self._names) / total
        own_content = {stem: w for stem, w in query.stems.items() if stem not in self._names}
        own_total = sum(own_content.values()) + query.absent_weight
        own_known = [w for stem, w in query.stems.items() if stem in self._known and stem in own_content]
        question = {
            # The rarest article word the question uses (off-topic questions share only common ones).
            "best_known": max(own_known, default=0.0) / UNKNOWN_WEIGHT,
            "unknown_words": math.log1p(
                sum(1 for stem in own_content if stem not in self._known and stem not in self._generic)
            ),
            "known": known,
            "content_known": (sum(w for stem, w in own_content.items() if stem in self._known) / own_total)
            if own_total
            else 0.0,
            "absent": query.absent_weight / total,
            "unknown": max(0.0, 1.0 - known - query.absent_weight / total),
            "names": names,
            "context": 1.0 - min(query.own / total, 1.0),
            "words": math.log1p(len(query.stems) + len(query.absent)),
            "one_word": 1.0 if len(query.stems) + len(query.absent) <= 1 else 0.0,
            "paragraph_named": 1.0 if named else 0.0,
            "judgement": 1.0 if query.judgement else 0.0,
            "corrected": query.corrected / total,
        }
        paragraph, cover = self._best_paragraph(query, named, ranked)
        question["article"] = cover
        predicate = {stem: w for stem, w in query.stems.items() if stem not in self._names and stem not in self._about}
        predicate_total = sum(predicate.values()) + query.absent_weight
        held = self._paragraph_stems.get(paragraph, frozenset())
        # The share of what the question asks about its names that the paragraph holds: a passage
        # sharing only "Moscow" with "what time is it in Moscow" says nothing to it.
        question["article_predicate"] = (
            sum(w for stem, w in predicate.items() if stem in held) / predicate_total if predicate_total else 0.0
        )
        return question, paragraph

    def _judge(self, query: _Query, named: tuple[int, ...], judged: int = _JUDGED) -> _Judgement:
        """Rank the entries for a query and say how likely each of the first ``judged`` is right, and
        whether the query is about the article."""
        exact = self._exact_entry(query.asked) if query.asked and not query.absent else None
        # Said word for word, but the member pointed at a paragraph the entry does not draw on
        # ("¶12: what year and what policy" is not the article's date): judged like any other.
        if exact is not None and named and set(named).isdisjoint(self.knowledge.entries[exact].paragraphs):
            exact = None
        ranked = self._candidates(query, named, keep=max(_CANDIDATES, judged), exact=exact, judged=judged)
        question, paragraph = self._question_values(query, named, ranked)
        if exact is not None:
            ranked.sort(key=lambda candidate: candidate.index != exact)
        ranks = [candidate.rank for candidate in ranked]
        entries = self.knowledge.entries
        cited = [entries[candidate.index].paragraphs for candidate in ranked]
        closeness = [candidate.values.get("closeness", 0.0) for candidate in ranked]
        confidence = []
        # Only the first few are ever answered or offered; the rest only set the others' lead.
        for position, candidate in enumerate(ranked[:judged]):
            candidate.values = decision_values(question, candidate.values, position, ranks, cited, closeness)
            is_exact = candidate.index == exact
            confidence.append(1.0 if is_exact else self.model.answer.probability(candidate.values))
        del ranked[judged:]
        top_values = ranked[0].values if ranked else decision_values(question, {}, 0, [], [], [])
        topic = 1.0 if exact is not None else self.model.topic.probability(top_values)
        if named:
            # A question that names one of the article's paragraphs is about the article, however
            # it is worded ("para 20: what became of the 1917 leadership as a whole?").
            topic = max(topic, self.model.topic_threshold)
        return _Judgement(
            query, ranked, confidence, topic, paragraph, question["article"], question["article_predicate"], named
        )

    def _covers(self, query: _Query) -> dict[int, float]:
        """Return the weight of the question's words each paragraph holds (worked out once a query)."""
        if query.covers is None:
            covers: dict[int, float] = defaultdict(float)
            for stem, weight in query.stems.items():
                for number in self._paragraphs_with.get(stem, ()):
                    covers[number] += weight
            query.covers = covers
        return query.covers

    def _passages(self, query: _Query) -> dict[int, float]:
        """Return, for the paragraphs sharing the most of the question's words, how close each comes to the best (0-1)."""
        covers = self._covers(query)
        best = max(covers.values(), default=0.0)
        if best <= 0:
            return {}
        return {number: cover / best for number, cover in covers.items() if cover >= 0.75 * best}

    def _best_paragraph(
        self, query: _Query, named: tuple[int, ...], ranked: list[_Candidate]
    ) -> tuple[int | None, float]:
        """Return the paragraph holding the largest share of the question's words, and that share."""
        total = query.total or 1.0
        best, best_cover = None, 0.0
        cited_by_top = set(self.knowledge.entries[ranked[0].index].paragraphs) if ranked else set()
        covers = self._covers(query)
        # Only a paragraph holding some of the question's words, named or cited can lead; of the
        # rest, which hold none, only the first (ties go to the lowest number).
        contenders = {number for number in (*covers, *named, *cited_by_top) if number in self._paragraph_stems}
        if self._paragraph_stems:
            contenders.add(self._first_paragraph)
        for number in contenders:
            cover = covers.get(number, 0.0) / total
            # Ties go to a paragraph the member named, then to one the best entry cites.
            key = (cover + (0.2 if number in named else 0.0) + (0.05 if number in cited_by_top else 0.0), -number)
            if best is None or key > best[0]:
                best, best_cover = (key, number), cover
        return (best[1] if best else None), best_cover

    def rank(self, question: str, limit: int = 5) -> list[Match]:
        """Return the entries that fit ``question`` best, best first, with the engine's confidence in each."""
        message = self._reader.read(textmod.clean_question(question))
        judgement = self._judge(self._query(message.words or textmod.fold(question)), message.paragraphs, judged=limit)
        return [self._match(judgement, i) for i in range(min(limit, len(judgement.ranked)))]

    def _match(self, judgement: _Judgement, position: int) -> Match:
        candidate = judgement.ranked[position]
        entry = self.knowledge.entries[candidate.index]
        phrasing = self._phrasings[candidate.phrasing].text if candidate.phrasing >= 0 else entry.title
        return Match(
            entry, round(100 * judgement.confidence[position], 2), phrasing, round(candidate.values["coverage"], 3)
        )

    # -- deciding --------------------------------------------------------------------------
    def ask(self, question: str, *, limit: int | None = None) -> Result:
        """Decide what a member sending ``question`` gets.

        ``limit`` is the longest message read (``settings.max_question_length``, /ask's, when
        not given; a mention or a DM passes ``settings.max_message_length``).
        """
        problem, cleaned = self._unreadable(question, limit)
        if problem is not None:
            return Result(question, Outcome.UNREADABLE, unreadable=problem)
        message = self._reader.read(cleaned)
        if message.social is not None:
            return Result(question, Outcome.SOCIAL, social=message.social)
        if message.aside:
            # The member has said it is not about the article ("sorry, wrong channel, but…"): an
            # article word in it ("we're exhausted") is not a question about the article.
            return Result(question, Outcome.DECLINE)
        named = message.paragraphs
        if named and self._only_about(message):
            return self._paragraph_request(question, named)
        parts = self._with_person(message.parts, message.context) or (Part(message.text, textmod.fold(message.text)),)
        texts = tuple(part.text for part in parts)
        query = self._query(" ".join(p.words for p in parts), message.context)
        # A question tag is read as talk and left out of the parts ("…, wasn't it?"): it still pushes back.
        folded = textmod.fold(message.text)
        if pushes_back(folded):
            query.challenge = query.judgement = True
        query.cites = bool(_CITES.search(folded))
        query.compares = bool(_COMPARES.search(message.text))
        whole = self._judge(query, named)
        if len(parts) > 1:
            result = self._ask_in_parts(question, message, parts, whole)
            if result is not None:
                return replace(result, parts=texts, named=named)
        result = self._decide(question, whole, parts[0].text)
        if result.outcome is not Outcome.ANSWER and len(parts) == 1 and query.compares:
            result = self._both(question, whole) or result
        return replace(result, parts=texts, named=named)

    def _with_person(self, parts: tuple[Part, ...], context: str) -> tuple[Part, ...]:
        """Return ``parts`` with "he" read as the one person the rest of the message names.

        "…isn't that what Trotsky's lot would have become? What does the article claim he stood
        for?": he is Trotsky. With no one, or two people, named around it, "he" is left alone.
        """
        named = [person for person in self._people if re.search(rf"\b{person}s?\b", context)] if context else []
        if len(named) != 1:
            return parts
        person = named[0]
        read = []
        for part in parts:
            words = part.words.split()
            if any(word in _PERSONAL for word in words) and not any(word.rstrip("s") in self._people for word in words):
                words = [person + _PERSONAL[word] if word in _PERSONAL else word for word in words]
                part = replace(part, words=" ".join(words))
            read.append(part)
        return tuple(read)

    def _both(self, question: str, judgement: _Judgement) -> Result | None:
        """Answer a comparison ("Trotsky's view vs the author's") with the two entries it lies between.

        Neither alone is sure enough, since each holds half of what was asked; both likely enough,
        in a question clearly about the article, answer it together, each under its own question.
        """
        ranked, confidence = judgement.ranked, judgement.confidence
        # (With the fitted answer threshold only: one set in config is the one for every question.)
        if not self._per_kind or len(ranked) < 2 or judgement.topic < _COMPARE_TOPIC or judgement.query.absent:
            return None
        if min(confidence[0], confidence[1]) < _COMPARE_LIKELY:
            return None
        if self._not_said(judgement, 0) or self._not_said(judgement, 1):  # half of it is not said: not an answer
            return None
        matches = (self._match(judgement, 0), self._match(judgement, 1))
        # No part of the message to show above each: both answer the whole of it.
        answers = tuple(Answer(match.entry, "", match.score) for match in matches)
        return Result(question, Outcome.ANSWER, matches, answers=answers)

    def _points_back(self, words: str, stems: tuple[str, ...]) -> bool:
        """Say whether a part only frames something another part names ("What does he call it?")."""
        # Only naming frames, or a name ("and what did Stalin do about it?"): "why does any of it
        # matter now" asks something of its own.
        return bool(stems) and _points(words) and all(stem in _NAMING or stem in self._names for stem in stems)

    def _only_about(self, message: Message) -> bool:
        """Say whether a message naming a paragraph asks nothing else ("explain para 7")."""
        stems, absent, _ = self._words(message.words)
        return not absent and all(stem in self._about or stem in self._generic for stem in stems)

    def _paragraph_request(self, question: str, named: tuple[int, ...]) -> Result:
        shown = named[:3]
        entries = self.knowledge.entries
        # The questions to ask about it: entries citing it, from the article before background notes,
        # those about it alone (or nearly) first, then those drawing first on it.
        citing = sorted(
            {index for number in shown for index in self._citing.get(number, ())},
            key=lambda i: (
                entries[i].background,
                -len(set(shown) & set(entries[i].paragraphs)) / len(entries[i].paragraphs),
                entries[i].paragraphs[0] not in shown,
                i,
            ),
        )
        matches = tuple(Match(entries[i], 0.0, entries[i].title) for i in citing[: self.settings.max_suggestions])
        return Result(question, Outcome.PASSAGE, matches=matches, paragraphs=shown, named=named)

    def _sure(
        self, judgement: _Judgement, position: int = 0, *, per_kind: bool = False, threshold: float | None = None
    ) -> bool:
        """Say whether the entry at ``position`` is sure enough to answer.

        ``per_kind``: with the thresholds fitted per kind of question (a paragraph named, a clear
        first), which were chosen on single questions; a part of a message asking several things,
        a few words torn from it, keeps the one answer threshold.
        """
        settings = self.settings
        confidence = 100 * judgement.confidence[position]
        candidate = judgement.ranked[position]
        # An opinion or a challenge wants the article's position, never who someone was ("Surely
        # Stalin didn't win until the purges? When does the piece say he won?": the year, not Stalin's
        # biography, which mentions the year among much else); a comparison wants both sides, never
        # one side's biography ("¶15: Trotsky vs Stalin, what did each embody?").
        if (judgement.query.judgement or judgement.query.compares) and candidate.index in self._biographies:
            return False
        # "Who" asked of someone set against the person ("who led the resistance to Stalin", "who
        # fought against Trotsky") asks for someone else: not that person's biography.
        if candidate.index in self._biographies and self._asks_of_another(judgement.query, candidate.index):
            return False
        # The runner-up is the best-ranked other entry (a lower one may look as plausible on its own).
        # For an entry drawn first from the paragraph the member named, an overview citing it among
        # many (the summary, for "para 26 gives three causes, what are they") is not a rival: it is
        # not what the member pointed at.
        others = range(len(judgement.confidence))
        if per_kind and self._per_kind and position == 0 and self._draws_on_named(judgement, position):
            others = [
                j
                for j in others
                if self._draws_on_named(judgement, j)
                or len(self.knowledge.entries[judgement.ranked[j].index].paragraphs) < 4
            ]
        rival = next((100 * judgement.confidence[j] for j in others if j != position), 0.0)
        threshold = settings.answer_threshold if threshold is None else threshold
        # Fitted per kind of question (tools/fit_engine.py): lower for an entry citing the paragraph
        # the member named, and for a clear first in the ranking.
        model = self.model
        per_kind = per_kind and self._per_kind
        if per_kind and model.named_threshold is not None and candidate.values.get("paragraph_hit"):
            threshold = min(threshold, 100 * model.named_threshold)
        if per_kind and model.lead_threshold is not None and candidate.values.get("lead", 0.0) >= model.lead_margin:
            threshold = min(threshold, 100 * model.lead_threshold)
        # Well ahead of every other entry: the knowledge holds one answer to this question.
        # (A comparison wants both sides, however far ahead one entry is: see _both. A question about
        # the present is answered only when sure: see _options. One pointing back ("who came up with
        # it?") says too little of its own to be taken as clear.)
        query = judgement.query
        if (
            per_kind
            and not (query.compares or query.now or query.points)
            and _CLEAR_LIKELY <= confidence / 100 < threshold / 100
        ):
            best_other = max((p for j, p in enumerate(judgement.confidence) if j != position), default=0.0)
            if confidence / 100 - best_other >= _CLEAR_LEAD:
                threshold = min(threshold, 100 * _CLEAR_LIKELY)
        # An opinion or a challenge ("was Trotsky right?", "surely the camps were for criminals") is
        # mostly the member's own words, which no entry holds: in a message clearly about the
        # article, the article's position answers at a lower threshold. Never a biography: "was
        # Stalin a good leader" wants the article's view, not who he was.
        if (
            per_kind
            and judgement.query.judgement
            and judgement.topic >= _JUDGEMENT_TOPIC
            and candidate.index not in self._biographies
        ):
            threshold = min(threshold, 100 * _JUDGEMENT_LIKELY)
        # An answer, like any offer, is only for a question about the article. A member pushing
        # back ("Isn't the civil war just a convenient excuse…?") is arguing with the article in
        # words of their own, which the topic model reads as off the subject: the article's position
        # on what they push against answers from a lower P(about the article).
        topic = self.model.topic_threshold
        if (
            per_kind
            and judgement.query.challenge
            and judgement.topic >= _CHALLENGE_ANSWER_TOPIC
            and candidate.index not in self._biographies
        ):
            threshold, topic = min(threshold, 100 * _JUDGEMENT_LIKELY), min(topic, _CHALLENGE_ANSWER_TOPIC)
        return (
            confidence >= threshold
            and judgement.topic >= topic
            and confidence - rival >= settings.margin
            and candidate.values["coverage"] >= settings.min_coverage
            # A term the article lacks, asked about with little else the entry knows ("where does the
            # term Thermidor come from"), is not what the entry answers.
            and not self._about_absent(judgement, position)
            and not self._only_by_name(judgement.query, candidate)
        )

    def _asks_of_another(self, query: _Query, index: int) -> bool:
        """Say whether a "who" question names the person whose biography is at ``index`` only as
        the one someone else stood against or beside ("to", "against", "with", "than", "versus")."""
        if query.kind != "who" or not query.asked:
            return False
        person = self._biographies[index]
        return re.search(rf"\b(?:to|against|with|than|versus|vs) {re.escape(person)}\b", query.asked) is not None

    def _draws_on_named(self, judgement: _Judgement, position: int) -> bool:
        """Say whether the entry at ``position`` draws first on a paragraph the member named."""
        paragraphs = self.knowledge.entries[judgement.ranked[position].index].paragraphs
        return bool(judgement.named) and bool(paragraphs) and paragraphs[0] in judgement.named

    def _agreed(self, judgement: _Judgement) -> int | None:
        """Return the position of the likeliest entry when two or more of the first three are likely.

        Two entries each likely right (P 0.7 or more) say the question lies squarely where the
        knowledge answers it, though neither reaches the answer threshold alone ("where did the
        Bolsheviks hope the revolution would spread" is held by three entries quoting ¶11): the
        likeliest answers, with every other check an answer needs. A question of a few words says
        too little for this ("who led the Left Opposition" is not what became of its members). Like
        the thresholds fitted per kind, this goes with the fitted answer threshold: one set in config
        is the one threshold for every question.
        """
        if not self._per_kind or len(judgement.query.stems) < _BOTH_LIKELY_WORDS:
            return None
        likely = [i for i, p in enumerate(judgement.confidence[:_AGREE_AMONG]) if p >= _AGREE]
        if len(likely) < 2:
            return None
        best = max(likely, key=lambda i: judgement.confidence[i])
        return best if self._sure(judgement, best, threshold=100 * _AGREE) else None

    def _not_said(self, judgement: _Judgement, position: int) -> bool:
        """Say whether the question is one the entry at ``position`` says the article doesn't answer.

        It is when, of the entry's phrasings asking the same kind of thing as the question, the
        nearest is one of its ``not_said`` questions ("where did he end up after he was deported"
        meets "where did Trotsky go after he was deported"). Of another kind, the question is after
        what the entry does say ("when was Trotsky deported" is not "where did he go", however many
        words they share). Computed only for an entry about to answer: one pass over its phrasings.
        """
        query = judgement.query
        index = judgement.ranked[position].index
        own = self._entry_phrasings[index]
        # An age is an answer of its own: an entry that dates an event ("expelled in 1927") does not
        # say how old anyone was, unless it gives an age or one of its phrasings asks for one.
        if (
            query.fine_kind == "how old"
            and not _AGE.search(self.knowledge.entries[index].answer)
            and all(self._phrasings[i].fine_kind != "how old" for i in own)
        ):
            return True
        if not self._not_said_entries[index]:
            return False
        total = sum(query.stems.values()) or 1.0
        nearest_said = nearest_not_said = 0.0
        for i in own:
            phrasing = self._phrasings[i]
            if phrasing.fine_kind != query.fine_kind:
                continue
            weights = phrasing.weights
            shared = sum(min(weight, weights[stem]) for stem, weight in query.stems.items() if stem in weights)
            if not shared:
                continue
            # How much of the question it holds, and (to part a tie) of itself: a not_said question
            # holding a word the said ones lack ("what was *Trotsky* doing in the civil war") is
            # nearer, however short the said one ("civil war").
            near = shared / total + 0.1 * shared / (phrasing.total or 1.0)
            if phrasing.said:
                nearest_said = max(nearest_said, near)
            else:
                nearest_not_said = max(nearest_not_said, near)
        return nearest_not_said > nearest_said

    def _answerable(self, judgement: _Judgement, *, whole: bool = False) -> tuple[int, ...]:
        """Return the positions whose entry may answer: the first; and the runner-up, when it draws
        first on the same paragraph as the first (a second way into the same passage, which the
        answer model may be surer of: "which came first of the three issues" ranks the three issues
        first and the first issue second), or when the first is itself likely right: the question
        then lies between two entries that both speak to it ("Trotsky wanted industrialisation too,
        so how is it different from Stalin's?"), and the one the answer model is surer of answers.
        Sharing only a paragraph cited in passing, with a first that is unlikely, is not enough:
        "who led the Left Opposition" is not what became of its members. ``whole``: the question is
        the member's whole message; a part torn from one ("…what did Trotsky say?"), like a question
        of a few words ("who led the Left Opposition"), says too little for two entries to be told
        apart by their likelihood, and keeps to the shared paragraph."""
        ranked = judgement.ranked
        if len(ranked) < 2:
            return tuple(range(len(ranked)))
        entries = self.knowledge.entries
        first, second = entries[ranked[0].index].paragraphs, entries[ranked[1].index].paragraphs
        both_likely = (
            whole
            and (
                (judgement.confidence[0] >= _BOTH_LIKELY and len(judgement.query.stems) >= _BOTH_LIKELY_WORDS)
                # Two entries drawing on the same paragraphs, each sure enough to answer alone ("what
                # was between Bolshevism and Stalinism": the river of blood, and Stalinism against
                # Leninism, both from ¶24-25), however few the words. (Sure entries on different
                # passages, "what about Trotsky", stay a choice.)
                or (set(first) == set(second) and min(judgement.confidence[:2]) >= self.settings.answer_threshold / 100)
            )
        )
        return (0, 1) if first[:1] == second[:1] or both_likely else (0,)

    def _only_by_name(self, query: _Query, candidate: _Candidate) -> bool:
        """Say whether the question reaches the entry only through a name while asking something else.

        "what is the Chinese new year" meets the exile "near the Chinese border" on "Chinese" alone:
        the entry knows where, not what was asked, and is at most offered. A question of names and
        frames that the entry's phrasing shares ("what role did Trotsky play") is its own.
        """
        beyond = [
            stem for stem in query.stems if (stem not in self._names or _doctrine(stem)) and stem not in self._about
        ]
        if not beyond or candidate.phrasing < 0:
            return False
        # A background note (not from the article) is about its name alone: sharing a framing word
        # with its phrasing ("the capital of Kazakhstan now", "what is Alma Ata called now") is not
        # sharing what is asked.
        if self.knowledge.entries[candidate.index].background:
            beyond = [stem for stem in beyond if stem not in self._generic] or beyond
        if any(stem in self._phrasings[candidate.phrasing].weights for stem in beyond):
            return False
        knows = self._knows[candidate.index]
        return not any(knows.get(stem) for stem in beyond if stem not in self._generic)

    def _shares_doctrine(self, judgement: _Judgement, position: int) -> bool:
        """Say whether the entry at ``position`` knows a doctrine the question names ("was Stalinism
        just Leninism carried on?"): capitalised like a name, a doctrine is what is asked about."""
        knows = self._knows[judgement.ranked[position].index]
        return any(_doctrine(stem) and knows.get(stem) for stem in judgement.query.stems)

    @staticmethod
    def _about_absent(judgement: _Judgement, position: int = 0) -> bool:
        """Say whether the question is about a term the article lacks more than about what the entry knows."""
        return bool(judgement.query.absent) and judgement.ranked[position].values["predicate"] < _ABSENT_COVER

    def _options(self, judgement: _Judgement) -> list[int]:
        """Return the positions of the entries worth offering: plausible themselves, about the article."""
        # A challenge ("Wasn't Stalin just a grey administrator doing his job?") is mostly the
        # member's own words, which the topic model reads as off the subject; pushing back is itself
        # a sign the member is arguing with the article, so its entries are offered from a lower
        # P(about the article), each entry itself likelier than a plain suggestion needs. Offered
        # only: an answer still needs the full topic threshold. So is a question that names the
        # article or its author ("according to the article, did the bureaucracy grow or shrink?"):
        # the member has said what it is about, whatever words of their own it holds (on the
        # labelled sets: 4 more right entries offered, no off-topic question offered any).
        cut = self.settings.suggest_threshold / 100
        # The article ends in the 1930s (and "is still relevant today"): a question about the
        # weather tomorrow, the polls right now or the capital these days is not about it, whatever
        # words it shares ("Which party is leading in Germany right now?"). Answered if sure, never offered.
        if judgement.query.now:
            return []
        if judgement.topic < self.model.topic_threshold:
            if not (judgement.query.challenge or judgement.query.cites) or judgement.topic < _CHALLENGE_TOPIC:
                return []
            cut = max(cut, _CHALLENGE_OFFER)
        # Related to what was asked: sharing a name is not enough ("was Marx a good dad" is not
        # "Who were Marx and Engels?"), unless the name is all that is asked ("why does the article
        # mention Germany?": its other words only point at the text).
        entries = self.knowledge.entries
        named = set(judgement.named)
        names_only = all(stem in self._names or stem in self._about for stem in judgement.query.stems)
        return [
            i
            for i, p in enumerate(judgement.confidence)
            if p >= cut
            and (names_only or judgement.ranked[i].values["predicate"] > 0 or self._shares_doctrine(judgement, i))
            # A judgement asked ("was Stalin a good leader") is not offered a biography ("Who was
            # Stalin?"): the member wants the article's position, not who he was.
            and not (judgement.query.judgement and judgement.ranked[i].index in self._biographies)
            # A member who names a paragraph is offered only entries that draw on it.
            and (not named or not named.isdisjoint(entries[judgement.ranked[i].index].paragraphs))
        ][: self.settings.max_suggestions]

    def _decide(self, question: str, judgement: _Judgement, part: str) -> Result:
        # The first in the ranking, or a runner-up the answer model is surer of than of the first; else
        # the likeliest of two or more likely entries.
        position = next(
            (p for p in self._answerable(judgement, whole=True) if self._sure(judgement, p, per_kind=True)), None
        )
        if position is None:
            position = self._agreed(judgement)
        if position is not None:
            match = self._match(judgement, position)
            if self._not_said(judgement, position):
                return Result(question, Outcome.DECLINE, (match,), paragraphs=match.entry.paragraphs[:1], not_said=True)
            return Result(question, Outcome.ANSWER, (match,), answers=(Answer(match.entry, part, match.score),))
        # Asked about a term the article lacks ("what was the NEP"): say so, rather than offer neighbours;
        # unless the term only dates or frames a question about what the article has ("Stalin's turn to
        # industry once the NEP was dropped: what year?"): then the entries that know most of the rest.
        options = self._options(judgement)
        if judgement.ranked and self._about_absent(judgement):
            options = [i for i in options if judgement.ranked[i].values["predicate"] >= _ABSENT_OFFER]
        if options:
            return Result(question, Outcome.SUGGEST, tuple(self._match(judgement, i) for i in options))
        query = judgement.query
        absent = tuple(dict.fromkeys(self._absent[term][0] for term in query.absent))
        # (A question about the present is not about the article's passages either.)
        about_article = judgement.topic >= self.model.topic_threshold and not query.now
        best = tuple(self._match(judgement, 0) for _ in judgement.ranked[:1])
        if (
            about_article
            and not absent
            and judgement.paragraph
            and judgement.paragraph_cover >= self.model.passage_coverage
            and judgement.predicate_cover >= self.model.passage_coverage
        ):
            return Result(question, Outcome.PASSAGE, best, paragraphs=(judgement.paragraph,))
        nearest: tuple[int, ...] = ()
        if absent:
            nearest = next((self._absent[term][1][:1] for term in query.absent if self._absent[term][1]), ())
        elif about_article and judgement.paragraph:
            nearest = (judgement.paragraph,)
        return Result(question, Outcome.DECLINE, best, paragraphs=nearest, absent=absent)

    def _ask_in_parts(
        self, question: str, message: Message, parts: tuple[Part, ...], whole: _Judgement
    ) -> Result | None:
        """Answer each part of a message that asks several things; None to judge it as one question."""
        named = message.paragraphs
        judgements = []
        for i, part in enumerate(parts):
            # A part with words of its own stands on them: the other parts' words would pull it
            # towards their own answers ("…and when was he deported" is about deportation, not expulsion).
            query = self._query(part.words, message.context)
            # Nothing of its own the knowledge knows ("…and where to", "…and who paid for it"): the
            # rest of the message says what it is about.
            own = query.own_stems
            if not any(stem in self._known for stem in own) or self._points_back(part.words, own):
                others = " ".join(p.words for j, p in enumerate(parts) if j != i)
                query = self._query(part.words, f"{others} {message.context}", context_weight=1.0)
            judgements.append(self._judge(query, named))
        # One entry that every part puts first answers them all ("when was he exiled and where to").
        tops = {j.ranked[0].index for j in judgements if j.ranked}
        if len(tops) == 1 and whole.ranked and whole.ranked[0].index in tops:
            return None
        answers: list[Answer] = []
        offers: tuple[Match, ...] = ()
        offered_part = ""
        unanswered: list[str] = []
        whole_sure = self._match(whole, 0) if whole.ranked and self._sure(whole) else None
        # Each part's sure entry, if any, found once: whether some part is sure counts for the others.
        sures = [next((i for i in self._answerable(j) if self._sure(j, i)), None) for j in judgements]
        any_sure = any(sure is not None for sure in sures)
        for part, judgement, sure in zip(parts, judgements, sures):
            if sure is not None and self._not_said(judgement, sure):
                unanswered.append(part.text)
                continue
            if sure is not None:
                match = self._match(judgement, sure)
                if all(match.entry.id != a.entry.id for a in answers):
                    answers.append(Answer(match.entry, part.text, match.score))
                continue
            options = [self._match(judgement, i) for i in self._options(judgement)]
            options = [m for m in options if all(m.entry.id != a.entry.id for a in answers)]
            # An unsure part that would offer the entry the whole message is sure of is answered by
            # it ("when did the fight start and who won it": the span of the struggle answers both;
            # left as a button, the answer given would hold only half of what was asked).
            if whole_sure is not None and any(m.entry.id == whole_sure.entry.id for m in options):
                answers.append(Answer(whole_sure.entry, part.text, whole_sure.score))
                continue
            # With another part answered surely (before or after it), a part's likely entry (P 0.6
            # or more, with every other check an answer needs) answers it too: its question is set by
            # the message, not guessed, and a button would leave half of what was asked to another
            # round. (With the fitted thresholds only, as the rules for kinds of question.)
            if any_sure and self._per_kind:
                likely = next(
                    (i for i in self._answerable(judgement) if self._sure(judgement, i, threshold=100 * _PART_LIKELY)),
                    None,
                )
                match = self._match(judgement, likely) if likely is not None else None
                # Never against a paragraph the member named ("¶12 what year and what policy").
                if match is not None and named and not set(named) & set(match.entry.paragraphs):
                    match = None
                if match is not None and all(match.entry.id != a.entry.id for a in answers):
                    answers.append(Answer(match.entry, part.text, match.score))
                    continue
            if options and not offers:
                offers, offered_part = tuple(options), part.text
            else:
                unanswered.append(part.text)
        # The parts answered, with the others offered or said to be unanswered: never dropped silently.
        if not answers:
            # Nothing sure: judged whole, unless the whole has nothing to offer and a part has.
            if offers and not self._options(whole) and not (whole.ranked and self._sure(whole)):
                return Result(question, Outcome.SUGGEST, offers)
            return None
        matches = tuple(Match(a.entry, a.score, a.entry.title) for a in answers)
        return Result(
            question,
            Outcome.ANSWER,
            matches,
            answers=tuple(answers),
            offers=offers,
            offered_part=offered_part,
            unanswered=tuple(unanswered),
        )

    # -- the rest --------------------------------------------------------------------------
    def unreadable(self, question: str, limit: int | None = None) -> Unreadable | None:
        """Say why ``question`` cannot be read at all, or ``None`` when it can."""
        return self._unreadable(question, limit)[0]

    def _unreadable(self, question: str, limit: int | None) -> tuple[Unreadable | None, str]:
        """Return why ``question`` cannot be read (or None), and the question cleaned, for ``ask`` to
        read without cleaning it again."""
        if len(question) > (limit or self.settings.max_question_length):
            return Unreadable.TOO_LONG, ""
        cleaned = textmod.clean_question(question)
        if not question.strip():
            return Unreadable.EMPTY, cleaned
        if not textmod.has_words(cleaned):
            return Unreadable.NO_WORDS, cleaned
        if not textmod.mostly_latin(cleaned):
            return Unreadable.OTHER_SCRIPT, cleaned
        return None, cleaned

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

    # -- for the fit script -----------------------------------------------------------------
    def features(
        self, question: str, *, context_weight: float | None = None
    ) -> tuple[dict[str, float], list[tuple[str, dict[str, float]]]]:
        """Return what the fitted models see of ``question`` read whole: its own values, and every entry
        sharing a word with it (not only the best) with that entry's ranking features.

        ``tools/fit_engine.py`` fits the models on these; :func:`decision_values` combines them as
        the engine does.
        """
        message = self._reader.read(textmod.clean_question(question))
        parts = message.parts or (Part(message.text, textmod.fold(message.text)),)
        query = self._query(" ".join(p.words for p in parts), message.context, context_weight)
        ranked = self._candidates(query, message.paragraphs, keep=None)
        question_values, paragraph = self._question_values(query, message.paragraphs, ranked)
        question_values["best_paragraph"] = paragraph or 0  # not a feature: the paragraph a passage would quote
        question_values["parts"] = len(parts)  # not a feature: several parts are judged one by one
        return question_values, [
            (self.knowledge.entries[c.index].id, c.values, self.knowledge.entries[c.index].paragraphs) for c in ranked
        ]


# Words that put a question in the present, which the article is not about.
_NOW = re.compile(
    r"\b(?:these days|nowadays|right now|currently|at the moment|at present|this (?:year|weekend)|"
    r"next (?:year|month)|last year|tonight|tomorrow|tmrw)\b"
)
_PERSON = re.compile(r"^Who (?:was|is) ([A-Z][\w’']+)\?$")
_PERSONAL = {"he": "", "him": "", "his": "s"}  # a pronoun standing for a man, and the ending it gives his name


def people(entries: tuple[Entry, ...] | list[Entry]) -> tuple[str, ...]:
    """Return the people the knowledge has a "Who was X?" entry for: who "he" or "she" can be."""
    found = (_PERSON.match(entry.title.strip()) for entry in entries)
    return tuple(dict.fromkeys(match.group(1) for match in found if match))


def _points(folded: str) -> bool:
    """Say whether folded words hold a pronoun standing for something said before ("what is it
    called", "what did he stand for"); "this" and "that" before a noun ("this author") do not."""
    words = folded.split()
    return any(
        word in _POINTER and (word not in _DETERMINERS or i + 1 == len(words) or words[i + 1] in textmod.STOPWORDS)
        for i, word in enumerate(words)
    )


def _fine_kind(folded: str, kind: str) -> str:
    """Return the kind of a question already read as ``kind``, telling "how long" and "how old" from
    "when" (only a "when" can be one, so the rest need no second reading)."""
    return question_kind(folded, fine=True) if kind == "when" else kind


def _words_key(folded: str, chatter: frozenset[str]) -> str:
    """Return the key that says a question is word for word one of the phrasings (chatter aside,
    function words kept, "whats" said out): the same function keys both, so they always agree."""
    return " ".join(textmod.stem(word) for word in textmod.said_out(folded).split() if word not in chatter)


_FUNCTION_WORDS_BY_INITIAL: dict[str, list[str]] = defaultdict(list)
for _word in sorted(textmod.STOPWORDS | GENERIC):
    if len(_word) >= 4 and _word.isalpha():
        _FUNCTION_WORDS_BY_INITIAL[_word[0]].append(_word)
# Three letters are too few to tell a typo from another word, except a letter left out of the
# commonest question words ("ths", "wen", "wht").
_SHORT_FUNCTION_WORDS = {
    short: word
    for word in ("this", "that", "what", "when", "with", "from", "they", "them", "have", "does", "were", "your")
    for short in {word[:i] + word[i + 1 :] for i in range(1, 4)}
}


@lru_cache(maxsize=4096)
def _function_word(word: str) -> str | None:
    """Return the function or framing word ``word`` misspells ("happend": "happened"), or None."""
    if not word.isalpha():
        return None
    if len(word) == 3:
        return _SHORT_FUNCTION_WORDS.get(word)
    if len(word) < 4:
        return None
    cutoff = _CORRECTION_CUTOFF if len(word) >= 6 else 86
    found = process.extractOne(
        word, _FUNCTION_WORDS_BY_INITIAL.get(word[0], ()), scorer=fuzz.ratio, score_cutoff=cutoff
    )
    return found[0] if found else None


def _doctrine(stem: str) -> bool:
    """Say whether a name's stem is a doctrine ("stalinism", "bolshevism"): capitalised like a name,
    but what a question is about ("how did Trotsky place Stalinism relative to Bolshevism"), not a
    person or place it passes through."""
    return stem.endswith("ism")


def _correct(vocabulary: frozenset[str], by_initial: dict[str, list[str]], word: str) -> tuple[str, bool]:
    """Return ``word`` read as the known word it misspells (and True), or itself (and False)."""
    if word in vocabulary or len(word) < 4 or not word.isalpha():
        return word, False
    # Typos rarely touch the first letter; requiring it keeps real words ("right") from being
    # read as known ones ("fight"). Short words need a closer match.
    cutoff = _CORRECTION_CUTOFF if len(word) >= 6 else 86
    found = process.extractOne(word, by_initial.get(word[0], ()), scorer=fuzz.ratio, score_cutoff=cutoff)
    if found is None:
        # Two letters typed in the wrong order ("trails" for "trials", "exlied") cost a short word
        # more ratio than one wrong letter, yet are the commonest slip of a fast typist.
        swapped = (word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(1, len(word) - 1))
        known = next((other for other in swapped if other in vocabulary), None)
        return (known, True) if known else (word, False)
    known = found[0]
    # A typo is one slip of the keys, or a word's ending (historic/historical); two changes inside
    # a word make another word ("pushed" is not "punished", "pleasant" not "peasants").
    if OSA.distance(word, known) > 1 and not (known.startswith(word) or word.startswith(known)):
        return word, False
    return known, True


# The values that count apart in a short, plain question (see decision_values), with their names there.
_SHORT_FEATURES = tuple(
    (name, f"{name}_short") for name in ("lead", "rank", "closeness", "closeness_lead", "coverage", "spelling")
)


def _rival(ranks: list[float], position: int, best_other: float) -> int:
    """Return the position of the best-ranked entry other than the one at ``position`` (the first of
    several as good), given its rank ``best_other``: a search in C, where a max() over the others
    with a key called for each costs a Python call an entry."""
    found = ranks.index(best_other)
    return found if found != position else ranks.index(best_other, position + 1)


def decision_values(
    question: dict[str, float],
    candidate: dict[str, float],
    position: int,
    ranks: list[float],
    cited: list[tuple[int, ...]],
    closeness: list[float],
) -> dict[str, float]:
    """Return the values the answer and topic models see for the entry at ``position`` of a ranking.

    ``ranks`` are the ranking's scores, best first; ``cited`` the paragraphs each of those entries
    cites; ``closeness`` their hand-weighed closeness to the question.
    """
    values = {**question, **candidate}
    rank = ranks[position] if ranks else 0.0
    others = ranks[:position] + ranks[position + 1 :]
    values["rank"] = rank
    values["lead"] = rank - (max(others) if others else 0.0)
    # A close runner-up citing the same paragraphs is a second way of saying the same thing, not a rival.
    rival = _rival(ranks, position, max(others)) if others else None
    if rival is not None and cited[position] and cited[rival]:
        mine, theirs = set(cited[position]), set(cited[rival])
        values["rival_same"] = len(mine & theirs) / len(mine | theirs)
    else:
        values["rival_same"] = 0.0
    values["agree"] = (
        candidate.get("best_phrasing", 0.0) + candidate.get("best_strong", 0.0) + candidate.get("best_weak", 0.0)
    )
    values["closeness_lead"] = values.get("closeness", 0.0) - max(
        closeness[:position] + closeness[position + 1 :], default=0.0
    )
    # Short, plain questions ("who wrote this") are judged on other evidence than long chatty ones:
    # the same lead means more when there is little else in the message.
    short = 1.0 if question.get("words", 0.0) <= math.log1p(5) and question.get("context", 0.0) == 0 else 0.0
    values["short"] = short
    for name, short_name in _SHORT_FEATURES:
        values[short_name] = values.get(name, 0.0) * short
    values["coverage"] = min(
        1.0,
        max(
            candidate.get("strong", 0.0),
            0.5 * candidate.get("answer", 0.0) + 0.5 * candidate.get("cited", 0.0),
            candidate.get("phrasing", 0.0),
        ),
    )
    return values
