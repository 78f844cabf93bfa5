"""Read a member's message as a person would: what it asks, what is only talk, which paragraph it names.

Members don't type search queries. They greet the group, apologise, give some background, then
ask, sometimes two things at once ("when was he exiled and where to"). Before anything is
matched, a message is read into a :class:`Message`:

* **paragraphs named** ("para 16", "¶25", "paragraph 8", "the opening paragraph") are taken out
  of the text and kept apart: they steer the match, they are not words to match;
* **chatter** (``words.yaml``: greetings, apologies, preambles, sign-offs) is dropped: a clause
  made only of chatter and function words goes whole ("sorry if this is a really basic
  question"), a chatter phrase inside a real question is cut out;
* the sentences that **ask** something (a question mark, a question word, "explain…") become the
  :attr:`Message.parts`, split where a second question starts ("…, and how long after…"); the
  other sentences are kept as :attr:`Message.context` (they often say who "he" or "it" is);
* a message with nothing left but greetings, thanks, "help" or a nod is **social**.

Pure functions of the text and the word lists; nothing here knows the entries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core import text as textmod
from bot.core.knowledge import PARAGRAPH_COUNT, Words

MAX_PARTS = 3

# Words that open a question, and the auxiliaries that open a yes/no one.
_WH = frozenset("what whats wat when where who whos whom whose why how which".split())
# Words that only colour a social message ("so what can you actually do"): a social phrase is
# looked for without them.
_FILLERS = frozenset("actually really just even exactly basically honestly literally now".split())
# Which kind a social message is when it holds several: a request for help wants the help; a
# goodbye with thanks ("bye, and thanks for your time") is leaving.
_SOCIAL_PRIORITY = ("help", "goodbye", "greeting", "thanks", "ack")
# Words typed short, spelt out before a social phrase is looked for ("what can u do" is "what can you
# do"), and the words for a kind of question brought to the one the phrases use ("what types of…").
_TEXTESE = {
    "u": "you",
    "ur": "your",
    "r": "are",
    "y": "why",
    "pls": "please",
    "plz": "please",
    "wat": "what",
    "wot": "what",
    "k": "ok",
    "kk": "ok",
    "kinds": "kind",
    "sorts": "sort",
    "types": "kind",
    "type": "kind",
}
# The bot named in the third person is "you" to the social phrases ("what can this bot do", "what
# questions can I ask it", "how does the bot work").
_THE_BOT = re.compile(
    r"\b(?:this|the) (?:bot|thing)\b(?P<works> works\b)?|(?<=\bask )it\b|\bit(?= can\b)|(?<=\bcan )it\b"
)
# A word typed with its last letter held down ("heyy", "thanksss", "byeee").
_HELD = re.compile(r"(\w)\1+$")
_AUX = frozenset(
    "did does do is are was were has have had can could would should will isnt wasnt werent doesnt didnt arent".split()
)
_SUBORDINATORS = frozenset("once after before since because although though while until unless if".split())
_IMPERATIVE = frozenset("explain tell describe define summarise summarize list name give show compare clarify".split())

_ORDINALS = {
    word: number
    for number, words in enumerate(
        [
            "first 1st opening",
            "second 2nd",
            "third 3rd",
            "fourth 4th",
            "fifth 5th",
            "sixth 6th",
            "seventh 7th",
            "eighth 8th",
            "ninth 9th",
            "tenth 10th",
            "eleventh 11th",
            "twelfth 12th",
            "thirteenth 13th",
            "fourteenth 14th",
            "fifteenth 15th",
            "sixteenth 16th",
            "seventeenth 17th",
            "eighteenth 18th",
            "nineteenth 19th",
            "twentieth 20th",
        ],
        start=1,
    )
    for word in words.split()
}
_ORDINALS.update(
    {"last": PARAGRAPH_COUNT, "final": PARAGRAPH_COUNT, "closing": PARAGRAPH_COUNT, "concluding": PARAGRAPH_COUNT}
)
_ENDING = frozenset("end finish close conclude ending".split())
# Some word every paragraph reference holds (besides "¶"): see _take_paragraphs.
_REFERENCE_HINTS = ("par", "pgh", *_ENDING)
_NUMBER_WORDS = {
    word: number
    for number, word in enumerate(
        "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
        "seventeen eighteen nineteen twenty".split(),
        start=1,
    )
}
_PARA = r"(?:paragraphs?|paras?|pgh|par\.)"
_NUMBER = r"(\d{1,3}|twenty[\s-]+(?:one|two|three|four|five|six|seven|eight|nine)|" + "|".join(_NUMBER_WORDS) + ")"
# p9, p.16, pg 3, pp 22-23: activists' shorthand (a number of one or two digits only, so "p 1927" is no reference).
_SHORT_PARAGRAPH = re.compile(
    r"\b(?:p|pg|pp)\.?\s?(\d{1,2})(?:\s*(?:-|–|—|to|&)\s*(?:p|pg|pp)?\.?\s?(\d{1,2}))?\b", re.IGNORECASE
)
_PARAGRAPH_REFERENCES = [
    # ¶16, ¶ 22-23
    re.compile(r"¶\s*(\d{1,3})(?:\s*(?:-|–|—|to|and|&)\s*¶?\s*(\d{1,3}))?", re.IGNORECASE),
    # para 16, paragraph 8, paras 22-23, paragraph twenty
    re.compile(
        rf"\b{_PARA}\s*(?:no\.?\s*|number\s*|#\s*)?{_NUMBER}\b(?:\s*(?:-|–|—|to|and|&)\s*{_NUMBER}\b)?", re.IGNORECASE
    ),
    # the opening paragraph, the 8th para, the last paragraph
    re.compile(rf"\b({'|'.join(sorted(_ORDINALS, key=len, reverse=True))})\s+{_PARA}(?!\w)", re.IGNORECASE),
    _SHORT_PARAGRAPH,
    # how does the article end, the piece's ending: its last paragraph
    re.compile(
        r"\bhow\s+(?:does|did)\s+(?:the|this)\s+(?:article|piece|text|essay)\s+(?:(end|finish|close|conclude)s?)\b"
        r"|\b(?:the|this)\s+(?:article|piece|text|essay)(?:['’]?s)?\s+(ending)\b",
        re.IGNORECASE,
    ),
]

# Words that may open a question before its question word ("so why…", "anyway, where…").
_OPENERS = frozenset("so and but anyway ok okay also then well right now plus hmm just".split())
# Words after which a question word (or "whether") asks indirectly: "I'm not sure whether…".
_WONDERING = frozenset("wondering wonder wondered sure know curious confused unclear understand clarify".split())
# Words after which a question word starts the question ("in 1927 from what…", "about which…").
_LEAD_INS = frozenset("from about to in on at for with by of into and but so".split())
# Prepositions a question may open with: "in which year", "to where", "for what reason".
_PREPOSITIONS = frozenset("in to from for since until till by at on with after".split())
# Where an "and" starts a second question: before a question word, or a preposition and one
# (typed fast: "who wrote it n which paper", "the year + what he called it").
_SECOND_QUESTION = re.compile(
    r"\s+(?:and|n|&|\+|plus)\s+(?=(?:(?:" + "|".join(sorted(_PREPOSITIONS)) + r")\s+)?"
    r"(?:what|whats|what's|wat|wats|when|wen|where|who|whom|whose|why|how|which)\b)"
    # Typed fast, "n" and "+" join yes/no questions too ("who said it n was it true"); after "and"
    # a verb as often goes on with the same question ("what did he argue and was forced to drop").
    r"|\s+(?:n|\+)\s+(?=(?:did|does|do|is|was|were|are|has|had|can|could|would|will)\b)",
    re.IGNORECASE,
)
_LEADING_CONJUNCTION = re.compile(r"^\s*(?:and|n|or|but|so|also|plus|&|\+)\s+", re.IGNORECASE)
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*|[.!?]+")
_ABOUT_ME = re.compile(r"^(?:i|im|ive|id|ill|my|me|we|weve)\b")
_WE_ARE = re.compile(r"\bwe\s*['’]\s*re\b", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"\s*(?:[,;:()\[\]]|\s[-–—]+\s|[–—]|\.\.\.)\s*")


@dataclass(frozen=True)
class Part:
    """One thing a message asks: the member's words, and the same words folded with chatter removed."""

    text: str
    words: str

    @property
    def asks(self) -> str:
        """Say what kind of answer the part wants: when, where, who, how many, why, yes/no or what."""
        return question_kind(self.words)


@dataclass(frozen=True)
class Message:
    """A member's message as read: what it asks, what surrounds it, paragraphs named, or social talk."""

    text: str
    parts: tuple[Part, ...] = ()
    context: str = ""  # folded: the sentences that ask nothing, chatter removed
    paragraphs: tuple[int, ...] = ()
    social: str | None = None  # one of SOCIAL_KINDS when the message is only social talk
    aside: bool = False  # the member says it is not about the article ("sorry, wrong channel")

    @property
    def words(self) -> str:
        """All the words that count, folded: every part, then the context."""
        return " ".join([part.words for part in self.parts] + ([self.context] if self.context else []))


# Words and openings that ask for a judgement or push back ("was Trotsky right?", "isn't this
# just propaganda?", "surely state ownership is socialism"): such a question wants the article's
# position, not a fact.
_JUDGEMENT_WORDS = frozenset(
    """
    right wrong good bad evil better worse best worst fair unfair biased bias propaganda agree disagree
    true untrue lie lies lying myth excuse nonsense rubbish whitewash apologist surely seriously deny
    convenient fault blame blaming success failure monster hero villain genius ruthless justified
    inevitable prove proves proved really honestly
    """.split()
)
_CHALLENGE = re.compile(
    r"^(?:isnt|wasnt|arent|werent|doesnt|didnt|surely|but)\b|\b(?:just as|any better|any worse|do you agree|"
    r"does the article (?:really |seriously )?deny|cop out|(?:isnt|wasnt) (?:that|this)|"
    r"or (?:was it |were they |is it |was he |was that )?(?:just|merely|simply))\b"
)


# A question tag that pushes back ("…, wasn't it?", "…, didn't he?").
_TAG = re.compile(r"\b(?:isnt|wasnt|arent|werent|doesnt|didnt) (?:it|he|she|they|that|this)$")


def without_tag(folded: str) -> str:
    """Return folded words without a closing question tag ("they caught traitors, didn't they?"):
    its pronoun stands for the sentence's own subject, not for anything said before."""
    return _TAG.sub("", folded).rstrip()


def pushes_back(folded: str) -> bool:
    """Say whether folded question words challenge ("isn't it just…", "surely…", "…, wasn't it?")."""
    return bool(_CHALLENGE.search(folded) or _TAG.search(folded))


# Judgement words in phrases that judge nothing: "right now", "all right", "the best time to visit".
_NOT_JUDGING = re.compile(r"\b(?:right (?:now|away|here|there)|all right|best time|at best|at worst)\b")


def asks_judgement(folded: str) -> bool:
    """Say whether folded question words ask for a judgement or push back, rather than for a fact."""
    words = _NOT_JUDGING.sub(" ", folded).split()
    return pushes_back(folded) or any(word in _JUDGEMENT_WORDS for word in words)


# Question words as members type them fast.
_QUESTION_WORD_TYPOS = {"wen": "when", "whn": "when", "wehn": "when", "wher": "where", "whr": "where", "wht": "what"}
_QUESTION_WORD_TYPOS |= {"wat": "what", "wot": "what", "wut": "what", "y": "why", "hw": "how", "wich": "which"}
_QUESTION_WORD_TYPOS |= {"whats": "what", "wheres": "where", "whens": "when", "hows": "how"}  # "what's", folded


def question_kind(folded: str, *, fine: bool = False) -> str:
    """Return what kind of answer folded question words want (``when``, ``where``, ``who``, ``how many``...).

    ``fine``: tell "how long" and "how old" from "when" (for ranking they are all about time; an
    entry that gives the year does not say how long something lasted).
    """
    words = [_QUESTION_WORD_TYPOS.get(word, word) for word in folded.split()]
    for index, word in enumerate(words):
        following = words[index + 1] if index + 1 < len(words) else ""
        if word == "when" or (word in ("what", "which") and following in ("year", "years", "date", "decade", "month")):
            return "when"
        if word == "how" and following in ("long", "soon", "old"):
            return f"how {following}" if fine and following != "soon" else "when"
        if word == "where" or (
            word in ("what", "which") and following in ("country", "place", "city", "town", "border")
        ):
            return "where"
        if word in ("who", "whom", "whose", "whos"):
            return "who"
        if word == "how" and following in ("many", "much"):
            return "how many"
        if word == "why":
            return "why"
        if word in _WH:
            return "what"
    if words and words[0] in _AUX:
        return "yes/no"
    return "what"


class Reader:
    """Read members' messages with one knowledge's word lists (compiled once)."""

    def __init__(self, words: Words) -> None:
        chatter = [textmod.fold(phrase) for phrase in words.chatter]
        self._chatter_words = frozenset(phrase for phrase in chatter if phrase and " " not in phrase)
        self._chatter_phrases = _alternation([phrase for phrase in chatter if " " in phrase])
        social = [(_bot_as_you(textmod.fold(phrase)), kind) for phrase, kind in words.social]
        self._social_kind: dict[str, str] = {}
        for phrase, kind in social:
            if phrase:
                # The first kind listed for a phrase wins ("lol" is a nod, not a greeting).
                self._social_kind.setdefault(phrase, kind)
        self._social_phrases = _alternation(list(self._social_kind))
        # In a clause with nothing else, these are talk, not question ("sorry if this is a basic question").
        said = [textmod.fold(phrase) for phrase, _ in words.social]
        self._talk = frozenset(word for phrase in chatter + said + list(self._social_kind) for word in phrase.split())
        self._talk_or_function = self._talk | textmod.STOPWORDS
        self._aside = _alternation([textmod.fold(phrase) for phrase in words.aside if textmod.fold(phrase)])

    @property
    def chatter_words(self) -> frozenset[str]:
        """The single chatter words: ignored wherever they appear."""
        return self._chatter_words

    def read(self, text: str) -> Message:
        """Read one message (already cleaned of Discord markup)."""
        paragraphs, text_left = _take_paragraphs(text)
        sentences = []
        for match in _SENTENCE.finditer(text_left):
            sentence = match.group(0).strip()
            clauses = [clause for clause in _CLAUSE_BREAK.split(sentence) if clause and not self._is_talk(clause)]
            if clauses:
                # Whether it ends in a question mark, and whether it asks in question form.
                sentences.append((sentence.endswith("?"), self._asks(clauses), clauses))
        asking = [(mark, asks, clauses) for mark, asks, clauses in sentences if mark or asks]
        # A question mark on a statement ("Only three issues?", "Hardly a gulag, is it?") is a
        # challenge, not a question of its own, when another sentence asks in question form.
        if any(asks for _, asks, _ in asking):
            asking = [(mark, asks, clauses) for mark, asks, clauses in asking if asks]
        if not asking:
            asking, rest = sentences, []
        else:
            rest = [item for item in sentences if item not in asking]
        parts: list[Part] = []
        said: list[str] = []
        for _, _, clauses in asking:
            # A clause about the member ("I'm trying to cite it for my notes - which issue is it?")
            # is what surrounds the question, like a sentence that asks nothing.
            mine = [c for c in clauses[:-1] if _ABOUT_ME.match(textmod.fold(c)) and not self._has_question(c)]
            if mine and len(mine) < len(clauses):
                said += mine
                clauses = [c for c in clauses if c not in mine]
            for piece in self._split(clauses):
                words = self._words(piece)
                if words:
                    parts.append(Part(piece, words))
        if len(parts) > MAX_PARTS:
            last = parts[MAX_PARTS - 1 :]
            parts = parts[: MAX_PARTS - 1] + [Part(" ".join(p.text for p in last), " ".join(p.words for p in last))]
        context = " ".join(
            [self._words(" ".join(clauses)) for _, _, clauses in rest] + [self._words(c) for c in said]
        ).strip()
        # Said before any chatter is stripped: "sorry if this is off topic" is itself chatter.
        aside = self._aside is not None and bool(self._aside.found(textmod.fold(text_left)))
        message = Message(text, tuple(parts), " ".join(context.split()), paragraphs, aside=aside)
        if not paragraphs:
            kind = self._social(text_left)
            if kind is not None:
                return Message(text, (), "", (), kind)
        return message

    # -- pieces ------------------------------------------------------------------------------
    def _is_talk(self, clause: str) -> bool:
        """Say whether a clause is only chatter, social talk and function words."""
        folded = textmod.fold(clause)
        if not folded:
            return True
        if not self._talk_or_function.issuperset(folded.split()):
            return False  # a word that is none of those, which no stripping removes (most clauses)
        folded = self._strip_chatter(folded)
        words = folded.split()
        # A question frame with nothing else ("where was it, and when?") still asks something.
        if any(word in _WH for word in words):
            return False
        return all(word in self._talk or word in textmod.STOPWORDS for word in words)

    def _asks(self, clauses: list[str]) -> bool:
        """Say whether a sentence is a question in form: it opens with a question word, an auxiliary or
        "explain…" (after "so", "and", "anyway"...). A "which" or "who" inside a statement ("…last
        night, which was great fun") is not a question."""
        # "We're exhausted." folds to "were exhausted", which would open a question.
        joined = _WE_ARE.sub("we are", " ".join(clauses))
        words = [word for word in textmod.fold(joined).split() if word not in _OPENERS]
        return bool(words) and (
            words[0] in _AUX
            or words[0] in _IMPERATIVE
            or words[0] in _WH
            or any(word in _WH for word in words[:1])
            or self._asks_inside(words)
        )

    @staticmethod
    def _asks_inside(words: list[str]) -> bool:
        # "in paragraph 8, what is 'this'", "according to the article, why…": a question after a lead-in;
        # "I wasn't sure whether he left…", "I was wondering why…": a question asked indirectly.
        return any(
            (word in _WH and (i == 0 or words[i - 1] in _LEAD_INS or words[i - 1] in _WONDERING))
            or (word == "whether" and any(earlier in _WONDERING for earlier in words[:i]))
            for i, word in enumerate(words)
        )

    def _split(self, clauses: list[str]) -> list[str]:
        """Split an asking sentence's clauses where a second question starts."""
        pieces: list[str] = []
        for clause in clauses:
            for chunk in _SECOND_QUESTION.split(clause):
                chunk = _LEADING_CONJUNCTION.sub("", chunk)
                words = textmod.fold(chunk).split()
                # A clause that starts a new question stands alone ("…, and to where was he sent" too,
                # but not "…, and in what year", which asks about the last one); any other continues
                # the last one ("In paragraph 8, what is 'this'" is one question).
                opens = bool(words) and (
                    words[0] in _WH
                    or words[0] in _AUX
                    or (words[0] in _PREPOSITIONS and len(words) > 4 and words[1] in _WH)
                )
                if pieces and opens and self._has_question(pieces[-1]):
                    pieces.append(chunk)
                elif pieces:
                    pieces[-1] = f"{pieces[-1]}, {chunk}"
                else:
                    pieces.append(chunk)
        return pieces

    def _has_question(self, piece: str) -> bool:
        words = textmod.fold(piece).split()
        # A clause opened by "once", "after", "since"… sets the scene of the question after it ("Once
        # Stalin had beaten him, what was done to Trotsky?"): its auxiliary asks nothing.
        if words and words[0] in _SUBORDINATORS:
            return any(word in _WH for word in words)
        return any(word in _WH or word in _AUX or word in _IMPERATIVE for word in words)

    def _strip_chatter(self, folded: str) -> str:
        if self._chatter_phrases is not None:
            folded = self._chatter_phrases.sub(" ", folded)
        return " ".join(word for word in folded.split() if word not in self._chatter_words)

    def _words(self, raw: str) -> str:
        return self._strip_chatter(textmod.full_years(textmod.fold(raw)))

    def _social_word(self, word: str) -> str:
        """Return a word of a possibly social message spelt out: textese, or a held last letter."""
        if word in _TEXTESE:
            return _TEXTESE[word]
        if word in self._talk_or_function:
            return word
        held = _HELD.sub(r"\1", word)
        return held if held in self._talk else word

    def _social(self, text: str) -> str | None:
        """Return the social kind of a message made only of social talk and chatter, else None."""
        if self._social_phrases is None:
            return None
        words = []
        for word in textmod.fold(text).split():
            word = self._social_word(word)
            if word not in self._talk_or_function:
                return None  # neither social, chatter nor a function word: would be left (most messages)
            words.append(word)
        folded = " ".join(word for word in _bot_as_you(" ".join(words)).split() if word not in _FILLERS)
        if not folded:
            return None
        kinds = [self._social_kind[phrase] for phrase in self._social_phrases.found(folded)]
        left = self._strip_chatter(self._social_phrases.sub(" ", folded)).split()
        if any(word not in textmod.STOPWORDS for word in left):
            return None
        # A question made of function words is still a question ("hi! what is the article about?").
        if len(left) >= 3 and any(word in _WH for word in left):
            return None
        if not kinds:
            # Only chatter ("sorry", "hmm"): a nod, unless it was only function words ("what is it").
            return "ack" if self._strip_chatter(folded) != folded else None
        return min(kinds, key=_SOCIAL_PRIORITY.index)


def _bot_as_you(folded: str) -> str:
    """Return folded text with the bot named in the third person as "you" ("how does this bot work")."""
    return _THE_BOT.sub(lambda found: "you work" if found["works"] else "you", folded)


def _alternation(phrases: list[str]) -> textmod.Phrases | None:
    phrases = sorted({phrase for phrase in phrases if phrase}, key=len, reverse=True)
    if not phrases:
        return None
    return textmod.Phrases(phrases)


def _number(token: str) -> int | None:
    token = token.lower()
    if token.isdigit():
        return int(token)
    if token in _NUMBER_WORDS:
        return _NUMBER_WORDS[token]
    if token.startswith("twenty"):
        return 20 + _NUMBER_WORDS.get(re.split(r"[\s-]+", token)[-1], 0)
    return None


def _take_paragraphs(text: str) -> tuple[tuple[int, ...], str]:
    """Return the paragraphs a message names (1-29, in order) and the text without those references."""
    found: list[int] = []

    def take(match: re.Match[str]) -> str:
        groups = [group for group in match.groups() if group]
        if not groups:
            return " "
        if groups[0].lower() in _ENDING:
            numbers = [PARAGRAPH_COUNT]
        elif groups[0].lower() in _ORDINALS:
            numbers = [_ORDINALS[groups[0].lower()]]
        else:
            numbers = [n for n in (_number(group) for group in groups) if n is not None]
        if len(numbers) == 2 and numbers[0] < numbers[1] <= numbers[0] + 5:
            numbers = list(range(numbers[0], numbers[1] + 1))
        found.extend(n for n in numbers if 1 <= n <= PARAGRAPH_COUNT and n not in found)
        return " "

    # Every reference holds "¶", a word for paragraph ("para", "pgh"), the "p9" shorthand or a word
    # for the article's ending ("end", "finish", "close", "conclude"): most questions hold none.
    lowered = text.lower()
    if text.isascii() and not any(hint in lowered for hint in _REFERENCE_HINTS) and not _SHORT_PARAGRAPH.search(text):
        return (), text
    for pattern in _PARAGRAPH_REFERENCES:
        text = pattern.sub(take, text)
    return tuple(found), text
