"""What a member reads when a message is taken as following on from their last answer."""

from __future__ import annotations

from bot.messages._common import shorten

__all__ = ["taking_as"]

# A member's words shown back may not read as a mention or break out of the quote marks.
_UNSAFE = str.maketrans({"@": "", "＠": "", "<": "", ">": "", "`": "'", "‘": "'", "’": "'"})


def _shown(words: str, limit: int) -> str:
    return shorten(" ".join(words.translate(_UNSAFE).split()), limit)


def taking_as(taken: str, meaning: str) -> str:
    """Say what a follow-up was taken to mean, so a wrong reading shows at once.

    "Taking ‘they’ as the Left Opposition:"; an ellipsis read as a whole question: "Taking ‘and in
    1929?’ as “What happened in 1929?”:"; too few words of its own: "Taking ‘meaning?’ as about the
    title of the article:".
    """
    words = _shown(taken, 60)
    if meaning.startswith("“"):  # an entry's first phrasing, quoted already
        return f"Taking ‘{words}’ as about {_shown(meaning, 120)}:"
    if meaning.endswith("?"):
        return f"Taking ‘{words}’ as “{_shown(meaning, 120)}”:"
    if " " in taken.strip() or taken.strip().endswith("?"):
        return f"Taking ‘{words}’ as about {_shown(meaning, 120)}:"
    return f"Taking ‘{words}’ as {_shown(meaning, 120)}:"
