"""Normalise what members type so that the matcher compares words, not keystrokes.

Folding is only ever applied to copies used for matching: the article is always quoted as written.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201b": "'",
        "\u2032": "'",
        "`": "'",
        "\u00b4": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2033": '"',
        # Marks the article and its answers use that fold to spaces anyway: mapped here, so that
        # such text stays ASCII and skips the decomposition.
        "\u2014": " ",
        "\u2013": " ",
        "\u00b6": " ",
        "\u2026": " ",
        "\u00a0": " ",
    }
)
_QUOTE_MARKS = tuple((chr(code), plain) for code, plain in _QUOTES.items())
_POSSESSIVE = re.compile(r"(\w)'s\b")
_QUESTION_CONTRACTION = re.compile(r"\b(what|who|where|when|how)'s\b")
_APOSTROPHE = re.compile(r"(\w)'(\w)")
_NON_WORD = re.compile(r"[^0-9a-z]+")
# British spelling is the article's: fold American "-ize" forms and "-or" words into it.
_IZE = re.compile(r"\b(\w{4,}?)iz(e|ed|es|ing|ation|ations|er|ers)\b")
_SPELLING = {"honor": "honour", "honors": "honours", "labor": "labour", "program": "programme"}

_stemmer = snowballstemmer.stemmer("english")

# Words that carry no meaning for finding an entry: function words, question frames, chat filler.
STOPWORDS = frozenset(
    """
    a an the and or but if then so of to in on at by for from with about as into onto over under
    than that this these those there here it its itself is are was were be been being am do does
    did done doing have has had having will would shall should can could may might must i me my
    mine we us our you your yours he him his she her hers they them their theirs what whats which
    who whom whose when where why how whats wat wot whos hows wheres whens whys wats wots whts wut
    any some all each every very just also too not no yes only really quite
    tell explain describe say says said mean means meant meaning exactly
    please pls plz thanks thank hi hello hey ok okay um uh like
    know think thought get got go going went happen happened happens thing things stuff
    gets getting gotten goes doin saying thinking
    bot article articles text piece essay writer
    until till because since according why's isnt wasnt dont doesnt didnt arent werent cant couldnt wouldnt
    one's s t
    n u r y w ur ya im ive id ill youre theyre thats theres gonna wanna gotta kinda sorta abt bc cuz coz tho
    neither nor either nevertheless however although though whereas albeit such per
    actually again even ever basically literally truly honestly seriously precisely totally
    certainly definitely supposedly apparently anyway anyhow altogether concretely lol lmao tbh btw idk imo iirc
    """.split()
)

# Question words are kept apart: they rarely decide the entry, but they help break ties.
QUESTION_WORDS = frozenset("who whom whose what when where why how which".split())


# A year written short, as members type it ("kicked out in 27", "from 1923 to 29"): the article's
# years run from 1917 to 1936, so two digits from 17 to 40 after a word that dates ("in", "by",
# "since"...) or after a year are read as 1917-1940; "17 times 23" stays arithmetic. Paragraph
# numbers ("para 27") are taken out of a message before its words are read.
_SHORT_YEAR = re.compile(
    r"\b(in|by|from|after|before|since|until|till|to|around|circa|late|early|mid|19\d\d) (1[7-9]|[23]\d|40)\b"
)


_DIGIT = re.compile(r"\d")


def full_years(folded: str) -> str:
    """Return folded words with years written in two digits ("in 27") written out ("in 1927")."""
    if not _DIGIT.search(folded):
        return folded
    # Twice, so each of "from 23 to 27" is read ("23" becomes a year before "to 27" is looked at).
    return _SHORT_YEAR.sub(r"\1 19\2", _SHORT_YEAR.sub(r"\1 19\2", folded))


# "What's" folds to "whats": said out, so "whats the title of the article" says exactly what
# "What is the title of the article?" says.
_CONTRACTIONS = {"whats": "what is", "whos": "who is", "wheres": "where is", "whens": "when is", "hows": "how is"}


def said_out(folded: str) -> str:
    """Return folded words with question words' contractions said out ("whats" -> "what is")."""
    return " ".join(_CONTRACTIONS.get(word, word) for word in folded.split())


@lru_cache(maxsize=2048)
def fold(text: str) -> str:
    """Return ``text`` lower-cased, accents and curly quotes folded, punctuation turned to spaces."""
    # Plain ASCII needs neither the table (a lookup a character) nor the decomposition.
    if text.isascii():
        if "`" in text:
            text = text.replace("`", "'")
    else:
        # (A replace for each mark present costs less than the table, which looks up every character.)
        for mark, plain in _QUOTE_MARKS:
            if mark in text:
                text = text.replace(mark, plain)
        if not text.isascii():
            # Only letters with accents need the decomposition (the article's dashes and marks
            # become spaces below whatever is done with them here).
            text = unicodedata.normalize("NFKD", text)
            text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.casefold()
    if "'" in text:
        # "what's" is "what is", not a possessive: kept as "whats" (said out where it counts).
        text = _QUESTION_CONTRACTION.sub(r"\1s", text)
        text = _POSSESSIVE.sub(r"\1", text)
        text = _APOSTROPHE.sub(r"\1\2", text)
    text = _NON_WORD.sub(" ", text)
    if "iz" in text:
        text = _IZE.sub(r"\1is\2", text)
    words = [_SPELLING.get(word, word) for word in text.split()]
    return " ".join(words)


# Irregular past forms the stemmer cannot bring home ("took" and "take", "became" and "become").
# "left" is missing on purpose: in this article it is mostly the Left Opposition.
_IRREGULAR = dict(
    pair.split(":")
    for pair in """
    took:take taken:take became:become wrote:write written:write began:begin begun:begin
    fought:fight led:lead sent:send came:come gave:give given:give kept:keep stood:stand
    brought:bring built:build held:hold fell:fall fallen:fall rose:rise risen:rise arose:arise
    arisen:arise spoke:speak spoken:speak broke:break broken:break chose:choose chosen:choose
    drove:drive driven:drive threw:throw thrown:throw grew:grow grown:grow knew:know known:know
    saw:see seen:see ran:run lost:lose meant:mean paid:pay sold:sell told:tell understood:understand
    struck:strike hid:hide hidden:hide shot:shoot forgot:forget forgotten:forget caught:catch
    taught:teach sought:seek bought:buy felt:feel fled:flee wore:wear worn:wear overthrew:overthrow
    overthrown:overthrow withdrew:withdraw won:win beaten:beat died:die dying:die killed:kill
    """.split()
)


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    """Return the stem of a folded word ("expelled" and "expel" share one)."""
    # Snowball reads "stalinism" as "stalin"; the bot must tell the man from the system.
    if word.endswith(("ism", "isms", "ist", "ists")):
        return word.removesuffix("s")
    return _stemmer.stemWord(_IRREGULAR.get(word, word))


class Synonyms:
    """Replace members' phrases with the article's words, whole words only, longest first."""

    def __init__(self, pairs: tuple[tuple[str, str], ...] | list[tuple[str, str]]) -> None:
        table = {}
        for phrase, replacement in pairs:
            key = fold(phrase)
            if key:
                table[key] = fold(replacement)
        self._table = table
        # The phrases by their first word, longest first: the text is read a word at a time and, at
        # each word, the longest phrase starting there is replaced (as one alternation of all the
        # phrases, longest first, would; a word at a time costs a tenth of it).
        self._by_first: dict[str, list[tuple[list[str], str]]] = {}
        for key in sorted(table, key=len, reverse=True):
            words = key.split()
            self._by_first.setdefault(words[0], []).append((words, table[key]))

    def apply(self, folded: str) -> str:
        """Return ``folded`` with every listed phrase replaced."""
        words = folded.split()
        by_first = self._by_first
        if by_first.keys().isdisjoint(words):
            return folded
        out = []
        i, count = 0, len(words)
        while i < count:
            for phrase, replacement in by_first.get(words[i], ()):
                if words[i : i + len(phrase)] == phrase:
                    out.append(replacement)
                    i += len(phrase)
                    break
            else:
                out.append(words[i])
                i += 1
        return " ".join(out)


class Phrases:
    """Folded phrases (given longest first, which wins where several start at one word), found in
    folded text as whole words by one regular expression of them all.

    The expression tries each of up to a few hundred phrases at every word: most texts hold none
    of them, and a phrase can only be in a text holding each of its words, so a text lacking some
    word of every phrase is passed over without running it. (Folded text is letters, digits and
    spaces only, so a phrase's words are whole words of any text it is found in.)
    """

    def __init__(self, phrases: list[str]) -> None:
        self._pattern = re.compile(r"\b(?:" + "|".join(re.escape(phrase) for phrase in phrases) + r")\b")
        self._words_by_first: dict[str, list[frozenset[str]]] = {}
        for phrase in phrases:
            words = phrase.split()
            self._words_by_first.setdefault(words[0], []).append(frozenset(words))
        self._first_words = frozenset(self._words_by_first)

    def _may_hold(self, folded: str) -> bool:
        words = set(folded.split())
        by_first = self._words_by_first
        return any(needed <= words for first in words & self._first_words for needed in by_first[first])

    def sub(self, replacement: str, folded: str) -> str:
        return self._pattern.sub(replacement, folded) if self._may_hold(folded) else folded

    def found(self, folded: str) -> list[str]:
        """Return the phrases found in ``folded``, in order."""
        return [match.group(0) for match in self._pattern.finditer(folded)] if self._may_hold(folded) else []


def content_words(folded: str) -> list[str]:
    """Return the words of folded text that carry meaning (no stopwords)."""
    return [word for word in folded.split() if word not in STOPWORDS]


# Characters that show as nothing (Unicode's default-ignorable code points, and blanks that are
# letters or symbols: Hangul fillers, the Braille blank). Removed before any pattern runs, so none
# can split "https://" or "@everyone" for Discord to join back up.
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u2800\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)
_HIDDEN = frozenset({"Cf", "Cc", "Co", "Cs"})  # format, control, private-use and surrogate characters
# Discord markup that is not part of a question: mentions, custom emoji, links, formatting.
# Each with a mark every match holds: a text without it is passed over (most questions hold none).
_MARKUP = [
    (re.compile(r"<a?:\w+:\d+>"), "<"),  # custom emoji
    (re.compile(r"<[@#][!&]?\d+>"), "<"),  # user, role and channel mentions
    (re.compile(r"@(?:everyone|here)", re.IGNORECASE), "@"),
    (re.compile(r"[a-z][a-z0-9+.-]*:[/\\]{2}\S*", re.IGNORECASE), ":"),  # a link, whatever its scheme
    # Invites, which Discord shows as links even without a scheme.
    (re.compile(r"(?:discord(?:app)?\.com/invite|discord\.gg)/\S*", re.IGNORECASE), "/"),
    (re.compile(r"```.*?```", re.DOTALL), "```"),
    (re.compile(r"[`*_~|>#]+"), ""),  # (any of several marks: always run)
]
_LETTER_OR_DIGIT = re.compile(r"[^\W_]", re.UNICODE)


def _visible(text: str) -> str:
    """Return ``text`` without invisible characters, and any kind of space or line break as a space."""
    if text.isascii() and text.isprintable():
        return text  # most messages: nothing hidden, and every space already a plain one
    text = _INVISIBLE.sub("", text)
    return "".join(
        " " if ch.isspace() else ch for ch in text if ch.isspace() or unicodedata.category(ch) not in _HIDDEN
    )


def clean_question(text: str) -> str:
    """Return what a member typed without Discord markup, mentions and links, spaces collapsed.

    The text is first normalised (NFKC: fullwidth "ｈｔｔｐｓ" is "https") and stripped of
    characters that show as nothing, then the patterns run, each leaving a space (so removing one
    thing never joins two others into a third).
    """
    text = _visible(unicodedata.normalize("NFKC", _visible(text)))
    for pattern, mark in _MARKUP:
        if mark in text:
            text = pattern.sub(" ", text)
    return " ".join(text.split())


def has_words(text: str) -> bool:
    """Say whether ``text`` has any letter or digit at all (not only emoji or punctuation)."""
    return bool(_LETTER_OR_DIGIT.search(text))


def mostly_latin(text: str) -> bool:
    """Say whether most letters of ``text`` are Latin (the article's script)."""
    if text.isascii():
        return True  # every ASCII letter is Latin: no need to look up each one's name
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return True
    latin = sum(1 for ch in letters if "LATIN" in unicodedata.name(ch, ""))
    return latin * 2 >= len(letters)


def _starts_sentence(text: str, start: int) -> bool:
    """Say whether the word at ``start`` opens a sentence: the text's start, after ". " (or "! ", "? "),
    or after an opening quote or bracket."""
    if start == 0:
        return True
    end = start
    while end > 0 and text[end - 1].isspace():
        end -= 1
    if end == 0:
        return False
    before = text[end - 1]
    return before in '“"(' or (before in ".!?" and end < start)


def proper_nouns(text: str) -> list[str]:
    """Return the folded capitalised words of ``text`` that do not start a sentence."""
    found = []
    for match in re.finditer(r"[A-Z][\w’']+", text):
        if not _starts_sentence(text, match.start()):
            found.extend(fold(match.group(0)).split()[:1])
    return found
