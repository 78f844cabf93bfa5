"""Read a member's next question as part of their conversation: "what did they want?", "and in 1929?".

Members talk in threads of thought. After "Who were the Left Opposition?" comes "what did they
want?", "and what happened to them?", "why?". Read alone, such a message gets a decline or a
guess; read with the entry the member was last answered with (their *context*), it is a question
the engine can answer. The rule, in the order it is applied:

1. **No context, or nothing to read** (a greeting, thanks, an empty or unreadable message, a
   paragraph asked for by number): the message is read alone.
2. **A message that matches confidently on its own is answered on its own**, whatever it looks
   like: "what about Stalin?" is "Who was Stalin?" after any answer, and a clear new question drops
   the context. An old context can never turn a clear question into another answer.
3. **Otherwise, only a message that leans on what came before** is read with the context:
   a pronoun standing for something (he, she, they, it, that, this, them, his, their…, but not
   "this article"), an ellipsis ("and in 1929?", "what about the Bolsheviks?", "why?", "and the
   third one?"), or too few words of its own to match. The message is rewritten with the context
   entry's *subject* (``Entry.subject``, or one derived from its first phrasing): the pronoun
   replaced ("what did the Left Opposition want?"), the new subject put into the last question
   ("What happened in 1929?"), the bare question word put on it ("Why was Trotsky expelled from
   the Communist Party?"). The engine answers the rewritten question through its ordinary path.
   Words standing for two things ("when did they kick him out?") lean, but are left alone rather
   than half read.
4. **Only a sure answer counts, and only one about what came before**: the context's entry, one
   citing a paragraph it cites, one related to it, or one naming what the follow-up was taken as.
   Otherwise (a did-you-mean, a decline, an answer about something else) the member gets what
   their message gets alone: a context never turns a "did you mean" into a guess. A bare "why?"
   or "how?" whose reading is the same answer again, when that answer gives no why, gets the
   entries beside it offered as a "did you mean" instead ("Why did Stalin win?" after 1927), as
   does "tell me more" or "and then?".

:class:`Conversations` keeps each member's context: in memory only, per guild, channel and member
(a direct message: per member), the last entry they were answered with, for a window of minutes,
at most ``limit`` of them (the least recently used go first). A new topic the bot could not answer
drops it: the member's next "what did they want?" is about that. A restart forgets them all.

Pure functions of the text, the knowledge and the engine; nothing here knows Discord.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass, replace

from bot.core import text as textmod
from bot.core.knowledge import Entry, Knowledge, View
from bot.core.matcher import GENERIC, Engine, Match, Outcome, Result, people
from bot.core.message import without_tag

# Pronouns that stand for what was said before, by what they can stand for ("there" only ever in
# company: it marks a second thing referred to). Possessives are rewritten as "X's".
_REFERS_TO = {
    **dict.fromkeys("he him his".split(), "man"),
    **dict.fromkeys("she her".split(), "woman"),
    **dict.fromkeys("they them their".split(), "many"),
    **dict.fromkeys("it its".split(), "thing"),
    "there": "place",
}
_POSSESSIVE = frozenset("his her their its".split())
_DEMONSTRATIVE = frozenset("that this those these".split())
# "that" and "this" stand for something only at the end, or before a verb ("why did that happen",
# "what does this mean", "is that true"); elsewhere they are a conjunction ("he said that…") or
# name their own subject ("this article", "that paragraph").
_AFTER_DEMONSTRATIVE = frozenset(
    """
    is was were are be been mean means meant happen happened happens come came lead led cause caused
    work worked matter matters say said show shows prove proves end ended start started refer refers
    true right wrong so important again more further please
    """.split()
)
# Openings of an ellipsis: the rest of the message replaces the last question's subject.
_ELLIPSIS = re.compile(
    r"^(?:and|but|so|or|then|ok|okay)?\s*(?:what about|how about|what of|and about|and)\s+(?P<rest>.+)$"
)
# A bare question word asks the last question again in another way: "why?", "how so?", "when?".
_BARE = re.compile(
    r"^(?:and|but|so|ok|okay)?\s*(?P<wh>why|how|when|where|who|how come|since when|"
    r"in what way|how long)\s*(?P<not>not)?\s*(?:so|exactly|then|though|really|tho)?$"
)
_SINGULAR_PERSONAL = frozenset("he him his she her".split())
_ORDINAL = re.compile(r"^(?:the )?(first|second|third|fourth|last) ?(?:one|issue|point|thing)?$")
# Words that open a question of its own: "and what happened…", "and did they…".
_ASKING = textmod.QUESTION_WORDS | frozenset(
    "whats is are was were did does do has have had can could would should will isnt wasnt didnt doesnt".split()
)
# An answer that gives a why or a how, or says the article gives none.
_REASON = re.compile(
    r"^(?:why|how)\b|\bbecause\b|\breasons?\b|\bargues\b|\bargued\b|\bshowed\b|\bproduct of\b|"
    r"\bso that\b|\bin order to\b|\b(?:doesn’t|does not|doesn't) (?:say|describe|explain) (?:why|how)\b",
    re.IGNORECASE,
)
# Asking for more of the same: "tell me more", "go on", "and then?", "what happened next?".
_MORE = re.compile(
    r"^(?:and |ok |okay |so )?(?:(?:can you |could you |please )?(?:tell me |say |give me |explain )?more"
    r"(?: about (?:it|that|this|them|him|her))?(?: please)?|go on|elaborate|more details?|details|"
    r"then|then what|and then|what next|what happened next|what then|after that|what about after that)$"
)
_PREPOSITIONS = frozenset("in on at for to from of with about by during after before since".split())
# A message with fewer words of its own than this (besides function words) cannot be matched alone.
_FEW_WORDS = 2

_MEANING = frozenset("mean means meaning meant".split())
_MEANING_FRAME = frozenset("and but so what whats does do did is it its that thats this the by of".split())
# What a subject is derived from, when the entry doesn't give one: "Who were the Left Opposition?"
_SUBJECT_PATTERNS = (
    re.compile(r"^what does (?:the article mean by|the article say about) (?P<s>.+?)$", re.IGNORECASE),
    re.compile(r"^what (?:does|did) (?P<s>.+?) mean(?: in the article)?$", re.IGNORECASE),
    re.compile(r"^what happened (?:in|to) (?P<s>.+)$", re.IGNORECASE),
    re.compile(r"^what became of (?P<s>.+)$", re.IGNORECASE),
    re.compile(r"^(?:who|what) (?:is|was|are|were) (?P<s>.+)$", re.IGNORECASE),
)


@dataclass(frozen=True)
class Leaning:
    """How a message leans on what came before: the words that do, and in what way."""

    kind: str  # "pronoun", "ellipsis", "short", or "unclear" (standing for more than one thing)
    words: str  # the member's words that lean ("they", "and in 1929?", "why?")


@dataclass(frozen=True)
class FollowUp:
    """What a member's message gets, and whether it was read as following on from their context.

    ``context`` is the entry it was read with (None: it stood alone); ``taken`` the member's words
    read through it ("they") and ``meaning`` what they were taken as ("the Left Opposition", or the
    question as rewritten for an ellipsis).
    """

    result: Result
    context: Entry | None = None
    taken: str = ""
    meaning: str = ""
    kind: str = ""  # the Leaning's kind, when context was taken
    # The message asked something of its own, leaning on nothing before it: a new topic, answered or not.
    new_topic: bool = False

    def next_context(self, current: Entry | None) -> Entry | None:
        """Return the member's context after this message: its answer; none after a new topic it
        could not answer (their next "what did they want?" is about that, not the last answer);
        else ``current`` (thanks, a follow-up not understood)."""
        if self.result.answered and self.result.entry is not None:
            return self.result.entry
        return None if self.new_topic else current


def subject_of(entry: Entry) -> str:
    """Return what ``entry`` is about, in a few words: its ``subject``, or one read off its first phrasing.

    "Who were the Left Opposition?" is about "the Left Opposition"; a phrasing no pattern reads
    ("When was Trotsky expelled…?") gives the phrasing itself, quoted, until qa.yaml gives a subject.
    """
    if entry.subject:
        return entry.subject
    title = entry.title.strip().rstrip("?").strip()
    for pattern in _SUBJECT_PATTERNS:
        found = pattern.match(title)
        if found:
            return found.group("s").strip().strip("“”\"'")
    return f"“{entry.title}”"


def _folded_words(question: str) -> list[str]:
    return textmod.fold(textmod.clean_question(question)).split()


def leaning(question: str) -> Leaning | None:
    """Return how ``question`` leans on what came before it, or None when it stands on its own words."""
    folded = " ".join(_folded_words(question))
    words = folded.split()
    if not words:
        return None
    bare = _BARE.match(folded)
    if bare:
        return Leaning("ellipsis", question.strip())
    rest = _ellipsis(folded)
    if rest is not None and len(textmod.content_words(rest)) <= 4:
        return Leaning("ellipsis", question.strip())
    pronouns = _pronouns(without_tag(folded).split())
    if pronouns:
        # Words standing for two things ("when did they kick him out", "what did he argue there") are
        # more than one subject can stand in for: the message leans, but is left alone rather than
        # half read.
        if len({_REFERS_TO.get(word, "thing") for word in pronouns}) > 1 or pronouns[0] == "there":
            return Leaning("unclear", " ".join(pronouns))
        return Leaning("pronoun", pronouns[0])
    if len(textmod.content_words(folded)) < _FEW_WORDS and len(words) <= 3:
        return Leaning("short", question.strip())
    return None


def _ellipsis(folded: str) -> str | None:
    """Return what an ellipsis puts in the last question's place ("and in 1929" -> "in 1929"), if it is one.

    "and what happened to them?" is a question of its own after its "and", not an ellipsis."""
    found = _ELLIPSIS.match(folded)
    if found is None:
        return None
    rest = found.group("rest")
    if rest.split()[0] in _ASKING:
        return None
    return rest


def _pronouns(words: list[str]) -> list[str]:
    """Return the words of ``words`` standing for something said before, in order."""
    found = []
    for index, word in enumerate(words):
        following = words[index + 1] if index + 1 < len(words) else ""
        if word in _REFERS_TO or word in _DEMONSTRATIVE and (not following or following in _AFTER_DEMONSTRATIVE):
            found.append(word)
    return found


def _person_in(entry: Entry, known: tuple[str, ...]) -> str | None:
    """Return the person ``entry`` is about: the first its subject, first phrasing or answer names."""
    for text in (entry.subject, entry.title, entry.answer):
        named = [(found.start(), name) for name in known if (found := re.search(rf"\b{re.escape(name)}\b", text))]
        if named:
            return min(named)[1]
    return None


def rewrite(question: str, entry: Entry, lean: Leaning, known: tuple[str, ...] = ()) -> tuple[str, str] | None:
    """Return ``question`` rewritten to stand alone with ``entry`` as its context, and what the leaning
    words were taken as; None when the entry has nothing they can stand for.

    "he", "him", "his", "she", "her" stand for a person, among ``known`` (:func:`people`): the one
    the entry's subject or first phrasing names, else the first its answer names. After "Where was
    Trotsky exiled to?" "he" is Trotsky and "that" is Alma Ata; after "What happened in 1929?" "he"
    is Trotsky, whom the answer is about; after "What is Stalinism?" no one."""
    if lean.kind == "unclear":
        return None
    subject = subject_of(entry)
    plain = subject.strip("“”")
    title = entry.title.strip()
    if lean.kind == "pronoun":
        word = lean.words
        if word in _SINGULAR_PERSONAL:
            person = _person_in(entry, known)
            if person is None:
                return None
            subject = plain = person
        if word in _POSSESSIVE:
            replacement = f"{plain}’" if plain.endswith("s") else f"{plain}’s"
        else:
            replacement = plain
        return re.sub(rf"\b{re.escape(word)}\b", replacement, question, count=1, flags=re.IGNORECASE), subject
    folded = " ".join(_folded_words(question))
    bare = _BARE.match(folded)
    if bare:
        rewritten = _with_question_word(title, plain, bare.group("wh"), negated=bare.group("not") is not None)
        if rewritten is not None:
            return rewritten, rewritten
        return f"{plain}. {question}", subject
    rest = _ellipsis(folded)
    ordinal = _ORDINAL.match(rest) if rest is not None else None
    if ordinal and not subject.startswith("“"):
        # "and the third one?" after the three main issues: the third of them.
        rewritten = f"What was the {ordinal.group(1)} of {plain}?"
        return rewritten, rewritten
    if rest is not None and not subject.startswith("“"):
        put = _into_title(title, plain, rest)
        if put is not None:
            return put, put
    # Too few words, or nothing to put them into: the subject is said before the question, as a
    # member would ("The Left Opposition. what happened?").
    return f"{plain}. {question}", subject


def _with_question_word(title: str, subject: str, wh: str, *, negated: bool = False) -> str | None:
    """Return ``title`` asked with another question word, or None when that makes no question.

    "Where did Trotsky go in exile?" + "when?" -> "When did Trotsky go in exile?"; "What happened in 1927?"
    + "why?" -> "Why did that happen in 1927?"; "Was Stalin's Russia socialist?" + "why not?" ->
    "Why was Stalin's Russia not socialist?". A definition ("What were the show trials?") has no
    such form: None.
    """
    words = title.rstrip("?").split()
    if len(words) < 2:
        return None
    first, second = textmod.fold(words[0]), textmod.fold(words[1])
    ask = f"{wh[:1].upper()}{wh[1:]}"
    if first == "what" and second == "happened":
        return None if negated else f"{ask} did that happen {' '.join(words[2:])}?"
    if first in ("what", "who", "which") and second in ("is", "was", "are", "were"):
        return None
    if first in textmod.QUESTION_WORDS:
        body = words[1:]
    elif first in _ASKING:
        body = [words[0].lower(), *words[1:]]
    else:
        return None
    text = " ".join(body)
    if negated:
        found = re.search(re.escape(subject), text, re.IGNORECASE)
        if found is None or found.start() == 0:
            return None
        text = f"{text[: found.end()]} not{text[found.end() :]}"
    # "Where was Trotsky exiled to?" asked "when?" is "When was Trotsky exiled?", not "…exiled to?".
    last = text.rsplit(" ", 1)
    if len(last) == 2 and last[1].lower() in _PREPOSITIONS and wh != "where":
        text = last[0]
    return f"{ask} {text}?"


def _into_title(title: str, subject: str, rest: str) -> str | None:
    """Return ``title`` with ``subject`` replaced by ``rest`` ("What happened in 1928?" -> "…in 1929?")."""
    found = re.search(re.escape(subject), title, re.IGNORECASE)
    if found is None:
        return None
    before = title[: found.start()]
    rest_words = rest.split()
    previous = before.split()[-1].lower() if before.split() else ""
    # "and in 1929?" after "What happened in 1928?": the preposition is already there.
    if rest_words and rest_words[0] in _PREPOSITIONS and rest_words[0] == previous:
        rest_words = rest_words[1:]
    if not rest_words:
        return None
    return before + " ".join(rest_words) + title[found.end() :]


def follow_up(engine: Engine, question: str, context: Entry | None, *, limit: int | None = None) -> FollowUp:
    """Decide what ``question`` gets from a member whose context is ``context`` (None: no context)."""
    alone = engine.ask(question, limit=limit)
    if alone.outcome in (Outcome.SOCIAL, Outcome.UNREADABLE) or alone.named:
        return FollowUp(alone)
    lean = leaning(question)
    if context is None or alone.answered or lean is None:
        # Clear on its own, or leaning on nothing: a new topic drops the context.
        return FollowUp(alone, new_topic=lean is None)
    if _MORE.match(" ".join(_folded_words(question))):
        # "tell me more", "and then?": the same answer again says nothing more; what is beside it might.
        return _beside(engine, question, context, subject_of(context), "more") or FollowUp(alone)
    rewritten = rewrite(question, context, lean, people(engine.knowledge.entries))
    if rewritten is None:
        return FollowUp(alone)
    rewritten, meaning = rewritten
    read = engine.ask(rewritten, limit=limit)
    if not read.answered or not _follows_on(context, read, meaning):
        return FollowUp(alone)
    taken = lean.words if lean.kind == "pronoun" else question.strip()
    same = read.entry is not None and read.entry.id == context.id
    if same and ((_asks_reason(question) and not _gives_reason(context)) or _asks_meaning(question)):
        # "why?" after "In 1927 Stalin achieved a decisive victory", "meaning?" after the title: the
        # same answer again gives no why and no meaning. The entries its author put beside it are
        # offered instead ("Why did Stalin win?", "What does the title mean?"), if any.
        return _beside(engine, question, context, meaning, lean.kind) or FollowUp(alone)
    # The member's own words are what was asked (the inbox, the reply's labels); the rewriting is said apart.
    return FollowUp(replace(read, question=question), context, taken, meaning, lean.kind)


def _beside(engine: Engine, question: str, context: Entry, meaning: str, kind: str) -> FollowUp | None:
    """Offer the entries ``context`` is related to as a "did you mean" (None when it has none)."""
    knowledge = engine.knowledge
    beside = [knowledge.entry(i) for i in context.related if knowledge.has_entry(i) and i != context.id]
    if not beside:
        return None
    options = tuple(Match(entry, 0.0, entry.title) for entry in beside[: engine.settings.max_suggestions])
    return FollowUp(Result(question, Outcome.SUGGEST, options), context, question.strip(), meaning, kind)


def _follows_on(context: Entry, read: Result, meaning: str) -> bool:
    """Say whether an answer to a rewritten follow-up is about what came before or what it was taken as.

    The context's own entry, one citing a paragraph it cites, one related to it, or one whose first
    phrasing or subject names what the follow-up was taken to mean ("how did he die?" after "Who was
    Trotsky?" is "How did Trotsky die?"). A sure answer to something else is a new topic the
    rewriting made up: not the member's.
    """
    answered = read.entries
    if not answered:
        return False
    for entry in answered:
        if entry.id == context.id or set(entry.paragraphs) & set(context.paragraphs):
            continue
        if entry.id in context.related or context.id in entry.related:
            continue
        if _stems(meaning) & _stems(f"{entry.title} {entry.subject}"):
            continue
        return False
    return True


def _asks_reason(question: str) -> bool:
    """Say whether a bare follow-up asks why or how ("why?", "how come?", "why not?")."""
    bare = _BARE.match(" ".join(_folded_words(question)))
    return bare is not None and bare.group("wh") in ("why", "how", "how come", "in what way")


def _asks_meaning(question: str) -> bool:
    """Say whether a bare follow-up asks what it means ("meaning?", "what does that mean?")."""
    words = set(_folded_words(question))
    return bool(words & _MEANING) and words <= _MEANING | _MEANING_FRAME


def _gives_reason(entry: Entry) -> bool:
    """Say whether an entry's answer gives a why or a how (or says the article gives none)."""
    return bool(_REASON.search(entry.title) or _REASON.search(entry.answer))


def _stems(text: str) -> set[str]:
    """Return the stems of the words of ``text`` that say what it is about (no question words or frames)."""
    words = textmod.content_words(textmod.fold(text))
    return {textmod.stem(word) for word in words if word not in GENERIC and word not in textmod.QUESTION_WORDS}


def answered_in(knowledge: Knowledge, titles: list[str], *, timeline_title: str = "") -> Entry | None:
    """Return the entry a reply of the bot's answered with, from its cards' titles (None: not an answer).

    An answer's card is titled with its entry's first phrasing, so a member's reply to it can be read
    with that entry whenever it comes, even after a restart. A phrasing that is no longer first (an
    edit since) still finds its entry; a title the knowledge no longer has finds none. A shortened
    title ("…") is matched on what is shown. ``timeline_title`` is the title of the key dates' card,
    which an entry with ``view: timeline`` answers with.
    """
    for title in titles:
        if not title:
            continue
        if timeline_title and title == timeline_title:
            timeline = [entry for entry in knowledge.entries if entry.view is View.TIMELINE]
            if timeline:
                return timeline[0]
        shown = title.removesuffix("…")
        found = [entry for entry in knowledge.entries if entry.title == title]
        found = found or [entry for entry in knowledge.entries if title in entry.questions]
        if not found and shown != title:
            found = [entry for entry in knowledge.entries if entry.title.startswith(shown)]
        if len(found) == 1:
            return found[0]
    return None


def conversation_key(guild_id: int | None, channel_id: int | None, member_id: int) -> tuple[int, int, int]:
    """Return whose context a message in ``guild_id``/``channel_id`` by ``member_id`` reads and sets.

    In a server, a member's context is theirs in that channel; a direct message has no server or
    channel that matters, so there it is the member's alone."""
    return (guild_id or 0, (channel_id or 0) if guild_id else 0, member_id)


class Conversations:
    """Each member's context: the entry they were last answered with, for ``minutes``, in memory only.

    Keys are whatever says where and who (the cog uses guild, channel and member; a direct message
    has no guild or channel, so it is per member). At most ``limit`` are kept, the least recently
    used forgotten first. Times are seconds on any clock that only goes forward.
    """

    def __init__(self, minutes: float, limit: int = 10_000) -> None:
        self.window = minutes * 60
        self.limit = limit
        self._last: OrderedDict[Hashable, tuple[str, float]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._last)

    def context(self, key: Hashable, now: float) -> str | None:
        """Return the id of the entry ``key`` was last answered with, if within the window."""
        found = self._last.get(key)
        if found is None:
            return None
        entry_id, when = found
        if now - when > self.window or self.window <= 0:
            del self._last[key]
            return None
        return entry_id

    def choose(self, key: Hashable, entry_id: str, now: float) -> None:
        """Make ``entry_id`` ``key``'s context: the member picked that answer ("did you mean")."""
        if self.window <= 0:
            return
        self._last[key] = (entry_id, now)
        self._last.move_to_end(key)
        while len(self._last) > self.limit:
            self._last.popitem(last=False)

    def remember(self, key: Hashable, read: FollowUp, now: float) -> None:
        """Keep ``key``'s context after the message ``read``: its answer, or none after a new topic
        it could not answer (:meth:`FollowUp.next_context`)."""
        if self.window <= 0:
            return
        if not read.result.answered or read.result.entry is None:
            if read.new_topic:
                self._last.pop(key, None)
            return
        self.choose(key, read.result.entry.id, now)
