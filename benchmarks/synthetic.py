"""Build synthetic knowledge bases that look like the real one, at any size, for the benchmarks.

A synthetic base keeps the real article, the real synonyms and the 77 real entries, and adds
made-up entries until it has the size asked for. Each made-up entry is written the way the real
ones are: three to six phrasings (full questions, casual lower-case ones, two or three word ones)
about two to four topic words, an answer of a couple of sentences, and one to three cited
paragraphs of the real article. Topic words come from a vocabulary of about 3,000 words, the
article's own words plus pronounceable made-up ones, drawn with a Zipf-like skew so that some
words ("trotsky" in the real base) occur in hundreds of entries and most in a few. Nothing is
shipped: the bases are built in memory, seeded, so every run measures the same bases.
"""

from __future__ import annotations

import json
import random
from dataclasses import replace
from itertools import accumulate

from bot.core import text as textmod
from bot.core.knowledge import Entry, Knowledge

VOCABULARY_SIZE = 3000
_CONSONANTS = "bcdfghklmnprstvz"
_VOWELS = "aeiou"
_FULL_FRAMES = (
    "What did {a} do about {b}?",
    "Why did the {a} oppose {b}?",
    "How did {a} change the {b} of {c}?",
    "When did {a} begin the {b}?",
    "What does the article say about {a} and {b}?",
    "Who led the {a} against {b}?",
    "Where was the {a} of {b}?",
    "What was the {a} {b} really about?",
)
_CASUAL_FRAMES = (
    "why {a} {b}",
    "what happened to {a} {b}",
    "{a} and {b} {c}",
    "who was {a}",
    "when was the {a} {b}",
    "whats the {a} {b} thing",
)
_SHORT_FRAMES = ("{a} {b}", "{a}", "{a} {b} {c}")


def _made_up_words(rng: random.Random, count: int, taken: set[str]) -> list[str]:
    found: list[str] = []
    while len(found) < count:
        syllables = rng.choice((2, 2, 3, 3, 4))
        word = "".join(rng.choice(_CONSONANTS) + rng.choice(_VOWELS) for _ in range(syllables))
        if rng.random() < 0.4:
            word += rng.choice(("n", "r", "s", "t", "ism", "ist", "ation", "ed", "ing"))
        if word not in taken and word not in textmod.STOPWORDS:
            taken.add(word)
            found.append(word)
    return found


def vocabulary(knowledge: Knowledge, size: int = VOCABULARY_SIZE, seed: int = 7) -> list[str]:
    """Return ``size`` words: the article's content words first, then made-up ones."""
    rng = random.Random(seed)
    article_words: dict[str, None] = {}
    for paragraph in knowledge.article.paragraphs:
        for word in textmod.content_words(textmod.fold(paragraph.text)):
            if word.isalpha() and len(word) > 2:
                article_words[word] = None
    words = list(article_words)[:size]
    words += _made_up_words(rng, size - len(words), set(words))
    rng.shuffle(words)
    return words


def synthetic_knowledge(knowledge: Knowledge, size: int, seed: int = 1) -> Knowledge:
    """Return ``knowledge`` grown to ``size`` entries with made-up entries (the real ones first)."""
    rng = random.Random(seed)
    words = vocabulary(knowledge)
    # Zipf-like: the word of rank r is drawn with weight 1 / (r + 10)
    cumulative = list(accumulate(1.0 / (rank + 10) for rank in range(len(words))))
    paragraph_count = len(knowledge.article.paragraphs)

    def topic(k: int) -> list[str]:
        picked: list[str] = []
        while len(picked) < k:
            word = rng.choices(words, cum_weights=cumulative)[0]
            if word not in picked:
                picked.append(word)
        return picked

    entries = list(knowledge.entries)
    for number in range(size - len(entries)):
        topic_words = topic(rng.randint(2, 4))
        questions: list[str] = []
        frames = (
            rng.sample(_FULL_FRAMES, rng.randint(1, 2))
            + rng.sample(_CASUAL_FRAMES, rng.randint(1, 2))
            + rng.sample(_SHORT_FRAMES, rng.randint(1, 2))
        )
        for frame in frames:
            shuffled = topic_words[:]
            rng.shuffle(shuffled)
            fill = dict(zip("abc", shuffled + topic(3 - len(shuffled)) if len(shuffled) < 3 else shuffled))
            question = frame.format(**fill)
            if question not in questions:
                questions.append(question)
        first = rng.randint(1, paragraph_count)
        paragraphs = tuple(range(first, min(first + rng.randint(1, 3), paragraph_count + 1)))
        answer = (
            f"The article says the {topic_words[0]} of {topic_words[1]} came from "
            + " ".join(topic(rng.randint(6, 14)))
            + f". It argues this mattered for {' and '.join(topic(2))} "
            + "("
            + ", ".join(f"¶{n}" for n in paragraphs)
            + ")."
        )
        keywords = tuple(topic(rng.randint(0, 2)))
        entries.append(Entry(f"synthetic-{number + 1}", tuple(questions), answer, paragraphs, keywords=keywords))
    return replace(knowledge, entries=tuple(entries))


def questions_for(knowledge: Knowledge, count: int, seed: int = 2) -> list[str]:
    """Return ``count`` questions about synthetic entries, typed the way members type.

    Each takes a phrasing of a random entry and changes it as members do: drops a word, swaps two,
    misspells one, adds a word the base does not know, or keeps it as written.
    """
    rng = random.Random(seed)
    entries = [entry for entry in knowledge.entries if entry.id.startswith("synthetic-")] or list(knowledge.entries)
    found = []
    for _ in range(count):
        words = rng.choice(rng.choice(entries).questions).rstrip("?").lower().split()
        change = rng.randrange(5)
        if change == 0 and len(words) > 2:
            del words[rng.randrange(len(words))]
        elif change == 1 and len(words) > 1:
            i, j = rng.sample(range(len(words)), 2)
            words[i], words[j] = words[j], words[i]
        elif change == 2:
            i = rng.randrange(len(words))
            word = words[i]
            if len(word) > 4:
                k = rng.randrange(1, len(word) - 1)
                words[i] = word[:k] + word[k + 1] + word[k] + word[k + 2 :]
        elif change == 3:
            words.insert(rng.randrange(len(words) + 1), rng.choice(("breakfast", "football", "weather", "crypto")))
        found.append(" ".join(words))
    return found


def qa_yaml(shipped_text: str, knowledge: Knowledge) -> str:
    """Return qa.yaml's text with the made-up entries of ``knowledge`` appended, laid out as the real ones.

    ``shipped_text``: the real qa.yaml (its comments, synonyms and entries stay as they are).
    For the curation benchmarks, which read and write the file itself.
    """
    parts = [shipped_text.rstrip("\n") + "\n"]
    for entry in knowledge.entries:
        if not entry.id.startswith("synthetic-"):
            continue
        parts.append(f"\n  - id: {entry.id}\n    questions:\n")
        parts += [f"      - {json.dumps(question, ensure_ascii=False)}\n" for question in entry.questions]
        parts.append(f"    answer: >-\n      {entry.answer}\n")
        parts.append(f"    paragraphs: [{', '.join(map(str, entry.paragraphs))}]\n")
        if entry.keywords:
            parts.append(f"    keywords: [{', '.join(entry.keywords)}]\n")
    return "".join(parts)
