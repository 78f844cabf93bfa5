"""What the organisers read: ``/qa`` and ``python -m bot check`` / ``unanswered``."""

from __future__ import annotations

from collections.abc import Sequence

from bot.core import limits
from bot.core.curation import QuestionGroup, Stats
from bot.core.knowledge import Knowledge
from bot.core.library import Changes
from bot.core.matcher import Match, MatchSettings, Outcome, Result
from bot.errors import SourceError
from bot.messages._common import button_label, discord_time, shorten, times

__all__ = [
    "ADD_FAILED",
    "ADD_REJECTED",
    "CHOOSE_ENTRY",
    "DISMISS",
    "DISMISS_ALL",
    "GOT_TEXT",
    "NONE_FIT",
    "NO_SUCH_ENTRY",
    "OUTCOME_TEXT",
    "PERIOD_TEXT",
    "PROBLEMS_SHOWN",
    "QUESTION_CLOSED",
    "QUESTION_GONE",
    "RELOAD_UNCHANGED",
    "REVIEW_EXPIRED",
    "SEARCH_HINT",
    "UNANSWERED_ALL_DONE",
    "UNANSWERED_EMPTY",
    "add_label",
    "added_text",
    "already_there_text",
    "bulk_all_label",
    "bulk_dismissed_text",
    "bulk_once_label",
    "bulk_prompt",
    "changes_text",
    "dismissed_text",
    "entry_option",
    "keepers_text",
    "phrasing_elsewhere",
    "problem_lines",
    "reload_rejected_text",
    "reopened_text",
    "stats_text",
    "test_text",
    "unanswered_cli_lines",
    "unanswered_question",
]

RELOAD_UNCHANGED = "Reloaded the knowledge: nothing changed."
UNANSWERED_EMPTY = "No unanswered questions to review. Members have been getting answers."
UNANSWERED_ALL_DONE = "That was the last one on this list. Run `/qa unanswered` again for a fresh list."
CHOOSE_ENTRY = "Choose an entry…"
DISMISS = "Dismiss"
DISMISS_ALL = "Dismiss all…"
SEARCH_HINT = "Not in the list? `/qa add-phrasing` searches every entry as you type."
ADD_REJECTED = "I didn't change {file}: the result would not load, so the previous file is still served.\n{problems}"
ADD_FAILED = "I didn't add the phrasing: {reason}. Nothing was written."
QUESTION_CLOSED = (
    "I didn't change anything: “{question}” is no longer open (another organiser added or dismissed it meanwhile)."
)
QUESTION_GONE = "I didn't change anything: that question is no longer open (added, dismissed or forgotten meanwhile)."
NO_SUCH_ENTRY = "No entry matches “{typed}”. Pick one from the list as you type, by its question or its id."
REVIEW_EXPIRED = "This list has expired; run `/qa unanswered` again."
PROBLEMS_SHOWN = 10


def problem_lines(problems: list[SourceError], limit: int = PROBLEMS_SHOWN) -> str:
    """List ``file:line: what is wrong`` problems in a code block, at most ``limit`` of them."""
    shown = [str(problem) for problem in problems[:limit]]
    more = (
        f"\n…and {len(problems) - limit} more (`python -m bot check` lists them all)" if len(problems) > limit else ""
    )
    return "```\n" + shorten("\n".join(shown), 1600) + "\n```" + more


def changes_text(changes: Changes) -> str:
    """Say what a reload changed: entries added, removed, changed, and the article."""
    if not changes.any:
        return RELOAD_UNCHANGED
    parts = []
    for label, ids in (("added", changes.added), ("changed", changes.changed), ("removed", changes.removed)):
        if ids:
            listed = ", ".join(f"`{i}`" for i in ids[:15]) + (f" and {len(ids) - 15} more" if len(ids) > 15 else "")
            parts.append(f"{len(ids)} {label} ({listed})")
    if changes.article_changed:
        parts.append("the article or the synonyms changed")
    return shorten("Reloaded the knowledge: " + "; ".join(parts) + ".", limits.MESSAGE)


def reload_rejected_text(problems: list[SourceError], *, automatic: bool) -> str:
    """Tell the organisers an edit was not loaded, where it is wrong, and that members are unaffected."""
    cause = "I noticed an edit to the knowledge files, but" if automatic else "The edited knowledge files"
    verb = "it does not load" if automatic else "do not load"
    return (
        f"{cause} {verb}, so members still get the previous answers. Fix these and save again"
        f"{'' if automatic else ', then `/qa reload`'}:\n{problem_lines(problems)}"
    )


def keepers_text(servers: list[str], *, named_in_config: bool) -> str:
    """Say who may change the answers every server shares, and what this server's organisers can do.

    ``servers``: the curation servers' names, as far as the bot can see them; ``named_in_config``:
    whether there are any (else only the bot's owner may).
    """
    if servers:
        named = ", ".join(f"**{name}**" for name in servers[:3]) + (" and others" if len(servers) > 3 else "")
        who = f"the organisers of {named}"
    elif named_in_config:
        who = "the organisers of the bot's home server"
    else:
        who = "the bot's owner"
    return (
        f"The answers are shared by every server this bot is in, so only {who} can change them. "
        "Here you can review your members' unanswered questions, dismiss them and see `/qa stats`."
    )


def unanswered_question(
    group: QuestionGroup, number: int, total: int, close_title: str | None, *, may_change: bool
) -> str:
    """Return one question of ``/qa unanswered``: its counts, wordings and the entry it is close to."""
    lines = [
        f"**Question {number} of {total}** (most asked first)",
        f"“{shorten(group.text, 300)}”: asked {times(group.count)}, last {discord_time(group.last_asked)}",
    ]
    others = [w for w in dict.fromkeys(group.wordings) if w != group.text]
    if others:
        more = f" and {len(others) - 3} more" if len(others) > 3 else ""
        lines.append("Also asked as: " + "; ".join(f"“{shorten(w, 80)}”" for w in others[:3]) + more)
    lines.append(GOT_TEXT.get(group.outcome, GOT_TEXT["decline"]))
    if group.none_fit:
        lines.append(NONE_FIT)
    if may_change:
        if close_title:
            lines.append(f"Closest entry: “{shorten(close_title, 200)}”.")
        else:
            lines.append("No entry is close to it: choose one below if it belongs to one, or dismiss it.")
        lines.append(SEARCH_HINT)
    return shorten("\n".join(lines), limits.MESSAGE)


# What members got for a question in the inbox, and what the asker said of a did-you-mean.
GOT_TEXT = {
    "decline": "Members got: the article doesn't cover it.",
    "suggest": "Members got: a did-you-mean.",
    "passage": "Members got: a passage of the article that bears on it (no entry answers it).",
}
NONE_FIT = "The member who asked pressed “None of these”: none of my suggestions was what they meant."


def add_label(title: str) -> str:
    """Label the button that adds the question shown as a phrasing of the entry asked by ``title``."""
    return button_label(f"Add as a phrasing of “{title}”")


def entry_option(title: str) -> str:
    """Name an entry in a select or an autocomplete list: by its first question."""
    return shorten(title, limits.OPTION_LABEL)


def bulk_prompt(total: int, once: int) -> str:
    """Ask which questions to dismiss at once."""
    text = f"Dismiss the {total} question{'s' if total != 1 else ''} on this list?"
    if once:
        text += f" {once} of them were asked by one member only."
    return text + " They come back if another member asks them."


def bulk_all_label(total: int) -> str:
    """Label the button that dismisses every question on the list."""
    return button_label(f"Dismiss all {total}")


def bulk_once_label(once: int) -> str:
    """Label the button that dismisses the questions asked by one member only."""
    return button_label(f"Dismiss the {once} asked once")


def bulk_dismissed_text(count: int) -> str:
    """Confirm a bulk dismissal."""
    return f"Dismissed {count} question{'s' if count != 1 else ''}. They come back if another member asks them."


def added_text(phrasing: str, title: str, file: str, line: int, changes: Changes) -> str:
    """Confirm a phrasing was written into qa.yaml and served."""
    return shorten(
        f"Added “{phrasing}” to “{shorten(title, 150)}” ({file} line {line}); members asking it now get that "
        "answer. " + changes_text(changes),
        limits.MESSAGE,
    )


def already_there_text(phrasing: str, title: str) -> str:
    """Say the question is already a phrasing of the entry chosen, so it leaves the list unchanged."""
    return f"“{shorten(phrasing, 200)}” is already a phrasing of “{shorten(title, 150)}”; I took it off the list."


def phrasing_elsewhere(title: str, entry_id: str) -> str:
    """Say which other entry already has the phrasing (``check`` would call the pair an error)."""
    return f"another entry, “{shorten(title, 150)}” (`{entry_id}`), already has that phrasing"


def reopened_text(count: int) -> str:
    """Say questions came back to the list because their added phrasing left qa.yaml."""
    return (
        f"{count} question{'s' if count != 1 else ''} came back to `/qa unanswered`: the phrasing added for "
        f"{'them is' if count != 1 else 'it is'} no longer in qa.yaml."
    )


def dismissed_text(phrasing: str) -> str:
    """Confirm a question was taken off the list."""
    return f"Dismissed “{shorten(phrasing, 200)}”. It comes back if another member asks it."


OUTCOME_TEXT = {
    "answer": "answered with {answered}",
    "suggest": "offered a did-you-mean: {offered}",
    "passage": "shown {paragraphs}",
    "social": "given a friendly reply (to a {kind}), not an answer",
    "decline": "declined (the article doesn't cover it, as far as I can tell)",
    "unreadable": "told the question can't be read ({reason})",
}


def test_text(
    question: str, result: Result, ranked: Sequence[tuple[str, Sequence[Match]]], settings: MatchSettings
) -> str:
    """Show how the engine sees ``question``: what a member gets, and the top entries with their scores.

    ``ranked``: the top entries for the whole question (part ""), or for each part of a message
    answered part by part, which is then told part by part too.
    """
    lines = [f"**Test:** “{shorten(question, 300)}”"]
    if any(part for part, _ in ranked):  # ranked part by part: the message was answered so
        lines.append("A member asking this would be answered part by part:")
        lines += [f"• {line}" for line in _parts_got(result)]
    else:
        lines.append(f"A member asking this would be {_got(result)}.")
    for part, matches in ranked:
        lines.append("")
        if not matches:
            lines.append(
                f"No entry shares a word with “{shorten(part, 120)}”." if part else "No entry shares a word with it."
            )
            continue
        lines.append(f"Top entries for “{shorten(part, 120)}” on its own:" if part else "Top entries:")
        for number, match in enumerate(matches, start=1):
            lines.append(
                f"{number}. `{match.entry.id}`: score {match.score:.1f}, coverage {match.coverage:.2f}, "
                f"closest phrasing “{shorten(match.phrasing, 120)}”"
                + (" (one of its not_said questions)" if match.phrasing in match.entry.not_said else "")
            )
    lines.append(
        f"\nThresholds: answer at {settings.answer_threshold:g} (leading by {settings.margin:g}, "
        f"coverage {settings.min_coverage:g}), did-you-mean at {settings.suggest_threshold:g}."
    )
    return shorten("\n".join(lines), limits.MESSAGE)


def _got(result: Result) -> str:
    """Say in a phrase what a member gets for a question the engine judged whole."""
    cited = ", ".join(f"¶{n}" for n in result.paragraphs)
    got = OUTCOME_TEXT[result.outcome.value].format(
        answered=" and ".join(f"`{entry.id}`" for entry in result.entries),
        offered=", ".join(f"`{m.entry.id}`" for m in result.matches),
        paragraphs=f"{cited}, as asked" if result.named else f"{cited}, quoted as bearing on it",
        kind=result.social or "",
        reason=result.unreadable.value if result.unreadable else "",
    )
    if result.outcome is Outcome.DECLINE and result.not_said and result.best is not None:
        return f"told the article doesn't say, with `{result.best.entry.id}` (one of its not_said questions)"
    if result.outcome is Outcome.DECLINE:
        if result.paragraphs:
            got += f", with the nearest passage {cited}"
        elif not result.absent:
            got += ", with no passage (off the subject)"
        got += f"; the article lacks {', '.join(result.absent)}" if result.absent else ""
    return got


def _parts_got(result: Result) -> list[str]:
    """Say, a line a part, what a member gets for each part of a message answered part by part."""
    lines = [f"“{shorten(a.part, 120)}”: answered with `{a.entry.id}` (score {a.score:.1f})" for a in result.answers]
    if result.offers:
        offered = ", ".join(f"`{m.entry.id}` ({m.score:.1f})" for m in result.offers)
        lines.append(f"“{shorten(result.offered_part, 120)}”: not sure enough; offered {offered} (a button each)")
    lines += [
        f"“{shorten(part, 120)}”: not answered (the article doesn't say, as far as I can tell)"
        for part in result.unanswered
    ]
    return lines


PERIOD_TEXT = {"day": "the last 24 hours", "week": "the last 7 days", "month": "the last 30 days", "all": "all time"}


def stats_text(stats: Stats, period: str, knowledge: Knowledge) -> str:
    """Show the questions asked over ``period``, what members got and the most asked entries."""
    lines = [f"**Questions asked, {PERIOD_TEXT[period]}:** {stats.total}"]
    if stats.total:
        lines.append(
            f"Answered {stats.answered} ({stats.share(stats.answered)}) · did-you-mean {stats.suggested} "
            f"({stats.share(stats.suggested)}) · declined {stats.declined} ({stats.share(stats.declined)})"
            + (f" · a passage {stats.passages} ({stats.share(stats.passages)})" if stats.passages else "")
            + (f" · greetings and thanks {stats.social} ({stats.share(stats.social)})" if stats.social else "")
            + (f" · unreadable {stats.unreadable} ({stats.share(stats.unreadable)})" if stats.unreadable else "")
        )
    if stats.top_entries:
        lines.append("\nMost asked entries:")
        for number, (entry_id, count) in enumerate(stats.top_entries, start=1):
            title = knowledge.entry(entry_id).title if knowledge.has_entry(entry_id) else "(no longer in qa.yaml)"
            lines.append(f"{number}. `{entry_id}` “{shorten(title, 80)}”: {times(count)}")
    return shorten("\n".join(lines), limits.MESSAGE)


def unanswered_cli_lines(groups: list[QuestionGroup]) -> list[str]:
    """Return the unanswered list as the command line prints it, one question a line."""
    if not groups:
        return [UNANSWERED_EMPTY]
    lines = []
    for number, group in enumerate(groups, start=1):
        line = f"{number}. {group.text}  (asked {times(group.count)}, last {group.last_asked.isoformat()}"
        line += f"; closest entry {group.suggested}" if group.suggested else ""
        line += "; none of the suggestions fit)" if group.none_fit else ")"
        lines.append(line)
        lines += [f"     also asked as: {w}" for w in group.wordings if w != group.text]
    return lines
