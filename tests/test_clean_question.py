"""What survives of a member's text once cleaned (bot.core.text.clean_question): no link, invite or
mass mention, however the member disguises it with characters that show as nothing.

A suggested prompt is cleaned when it is suggested, shown to the organisers and posted to everyone
(in the daily post's embed, whose message pings the group's role); an unanswered question when it
is kept for the organisers.
"""

from __future__ import annotations

import re
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core.text import clean_question

# Characters that show as nothing, Discord's client included (zero-width, joiners, direction marks,
# soft hyphen, word joiner, variation selectors, tags, Hangul fillers, the Braille blank).
INVISIBLE = [
    "\u00ad",
    "\u034f",
    "\u061c",
    "\u115f",
    "\u180e",
    "\u200b",
    "\u200c",
    "\u200d",
    "\u200e",
    "\u202e",
    "\u2060",
    "\u2063",
    "\u2800",
    "\u3164",
    "\ufe0f",
    "\ufeff",
    "\uffa0",
    "\U000e0041",
]
# What must never come through, each as members type it to get past a filter.
DISGUISES = [
    "https://evil.example/x",
    "HTTPS://EVIL.EXAMPLE",
    "hTtP://evil.example",
    "ftp://evil.example",
    "https:\\\\evil.example",
    "ｈｔｔｐｓ：／／evil.example",  # fullwidth
    "<https://evil.example>",
    "[a harmless label](https://evil.example)",
    "discord.gg/evil",
    "DISCORD.GG/evil",
    "https://discord.gg/evil",
    "discord.com/invite/evil",
    "discordapp.com/invite/evil",
    "@everyone",
    "@here",
    "@EVERYONE",
    "＠everyone",  # fullwidth at sign
]
LINK = re.compile(r"[a-z][a-z0-9+.-]*:[/\\]{2}", re.IGNORECASE)
INVITE = re.compile(r"discord(?:app)?\.(?:gg|com/invite)/", re.IGNORECASE)


def survivors(cleaned: str) -> list[str]:
    """Name what should not have survived the cleaning."""
    found = []
    if LINK.search(cleaned):
        found.append("a link")
    if INVITE.search(cleaned):
        found.append("an invite")
    if re.search(r"@(everyone|here)", cleaned, re.IGNORECASE):
        found.append("a mass mention")
    hidden = [ch for ch in cleaned if ch in INVISIBLE or unicodedata.category(ch) in ("Cf", "Cc", "Co", "Cs")]
    if hidden:
        found.append(f"invisible characters {hidden!r}")
    return found


@st.composite
def disguised(draw) -> str:
    """Some member's text with disguised links and mentions in it, and invisible characters anywhere."""
    parts = draw(st.lists(st.one_of(st.sampled_from(DISGUISES), st.text(max_size=12)), min_size=1, max_size=6))
    text = " ".join(parts) if draw(st.booleans()) else "".join(parts)
    for _ in range(draw(st.integers(0, 12))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(INVISIBLE)) + text[at:]
    return text


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=disguised())
def test_no_link_invite_or_mass_mention_survives_invisible_characters_anywhere(text):
    cleaned = clean_question(text)
    assert not survivors(cleaned), (text, cleaned, survivors(cleaned))
    assert clean_question(cleaned) == cleaned  # cleaning twice changes nothing


def test_the_disguises_of_the_attack_are_removed_and_the_question_kept():
    for text in [
        "htt\u200bps://evil.example why did Stalin win?",
        "@\u200beveryone why did Stalin win?",
        "HTTPS://evil.example why did Stalin win?",
        "discord.gg/evil why did Stalin win?",
        "discord.com/invite/evil why did Stalin win?",
    ]:
        assert clean_question(text) == "why did Stalin win?", text
    assert (
        clean_question("Trotsky’s “permanent revolution”: ﬁrst steps?")
        == "Trotsky’s “permanent revolution”: first steps?"
    )
