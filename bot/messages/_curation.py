"""What the organisers read: ``/qa`` and ``python -m bot check`` / ``unanswered``."""

from __future__ import annotations

from bot.core import limits
from bot.core.curation import QuestionGroup, Stats
from bot.core.knowledge import Knowledge
from bot.core.library import Changes
from bot.core.matcher import Match, MatchSettings, Result
from bot.errors import SourceError
from bot.messages._common import button_label, discord_time, shorten, times

__all__ = [
    "ADD_FAILED",
    "ADD_REJECTED",
    "OUTCOME_TEXT",
    "PERIOD_TEXT",
    "PICK_ENTRY",
    "PICK_PLACEHOLDER",
    "PROBLEMS_SHOWN",
    "RELOAD_UNCHANGED",
    "REVIEW_EXPIRED",
    "UNANSWERED_ALL_DONE",
    "UNANSWERED_EMPTY",
    "add_label",
    "added_text",
    "changes_text",
    "dismiss_label",
    "dismissed_text",
    "other_entry_label",
    "problem_lines",
    "reload_rejected_text",
    "stats_text",
    "test_text",
    "unanswered_cli_lines",
    "unanswered_page",
]

RELOAD_UNCHANGED = "Reloaded the knowledge: nothing changed."
UNANSWERED_EMPTY = "No unanswered questions to review. Members have been getting answers."
UNANSWERED_ALL_DONE = "That was the last one on this list. Run `/qa unanswered` again for a fresh list."
PICK_ENTRY = "Which entry should “{question}” become a phrasing of? (the closest entries first)"
PICK_PLACEHOLDER = "Choose an entry"
ADD_REJECTED = "I didn't change qa.yaml: the result would not load, so the previous file is still served.\n{problems}"
ADD_FAILED = "I didn't change qa.yaml: {reason}."
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


def unanswered_page(groups: list[QuestionGroup], first_number: int, page: int, pages: int, total: int) -> str:
    """Return one page of ``/qa unanswered``: numbered questions, counts, when last asked."""
    lines = [f"**Questions I couldn't answer** (page {page + 1} of {pages}, {total} in all, most asked first)"]
    for number, group in enumerate(groups, start=first_number):
        line = f"**{number}.** “{shorten(group.text, 200)}”: asked {times(group.count)}, last {discord_time(group.last_asked)}"
        if group.suggested:
            line += f"; closest entry `{group.suggested}`"
        others = [w for w in group.wordings if w != group.text]
        if others:
            line += "\n   also asked as: " + "; ".join(f"“{shorten(w, 80)}”" for w in others[:3])
            if len(others) > 3:
                line += f" and {len(others) - 3} more"
        lines.append(line)
    return shorten("\n".join(lines), limits.MESSAGE)


def add_label(number: int, entry_id: str) -> str:
    """Label the button that adds question ``number`` as a phrasing of the suggested entry."""
    return button_label(f"{number}: Add as a phrasing of {entry_id}")


def other_entry_label(number: int) -> str:
    """Label the button that picks another entry for question ``number``."""
    return button_label(f"{number}: Another entry…")


def dismiss_label(number: int) -> str:
    """Label the button that dismisses question ``number``."""
    return button_label(f"{number}: Dismiss")


def added_text(phrasing: str, entry_id: str, line: int, changes: Changes) -> str:
    """Confirm a phrasing was written into qa.yaml and served."""
    return shorten(
        f"Added “{phrasing}” to `{entry_id}` (qa.yaml line {line}); members asking it now get that answer. "
        + changes_text(changes),
        limits.MESSAGE,
    )


def dismissed_text(phrasing: str) -> str:
    """Confirm a question was taken off the list."""
    return f"Dismissed “{shorten(phrasing, 200)}”. It comes back if a member asks it again."


OUTCOME_TEXT = {
    "answer": "answered with `{entry}`",
    "suggest": "offered a did-you-mean: {entries}",
    "decline": "declined (the article doesn't cover it, as far as I can tell)",
    "unreadable": "told the question can't be read ({reason})",
}


def test_text(question: str, result: Result, ranked: list[Match], settings: MatchSettings) -> str:
    """Show how the engine sees ``question``: the top entries with scores, and the member's outcome."""
    outcome = result.outcome.value
    entries = ", ".join(f"`{m.entry.id}`" for m in result.matches)
    got = OUTCOME_TEXT[outcome].format(
        entry=result.entry.id if result.entry else "",
        entries=entries,
        reason=result.unreadable.value if result.unreadable else "",
    )
    lines = [f"**Test:** “{shorten(question, 300)}”", f"A member asking this would be {got}.", ""]
    if ranked:
        lines.append("Top entries:")
        for number, match in enumerate(ranked, start=1):
            lines.append(
                f"{number}. `{match.entry.id}`: score {match.score:.1f}, coverage {match.coverage:.2f}, "
                f"closest phrasing “{shorten(match.phrasing, 120)}”"
            )
    else:
        lines.append("No entry shares a word with it.")
    lines.append(
        f"\nThresholds: answer at {settings.answer_threshold:g} (leading by {settings.margin:g}, "
        f"coverage {settings.min_coverage:g}), did-you-mean at {settings.suggest_threshold:g}."
    )
    return shorten("\n".join(lines), limits.MESSAGE)


PERIOD_TEXT = {"day": "the last 24 hours", "week": "the last 7 days", "month": "the last 30 days", "all": "all time"}


def stats_text(stats: Stats, period: str, knowledge: Knowledge) -> str:
    """Show the questions asked over ``period``, what members got and the most asked entries."""
    lines = [f"**Questions asked, {PERIOD_TEXT[period]}:** {stats.total}"]
    if stats.total:
        lines.append(
            f"Answered {stats.answered} ({stats.share(stats.answered)}) · did-you-mean {stats.suggested} "
            f"({stats.share(stats.suggested)}) · declined {stats.declined} ({stats.share(stats.declined)})"
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
        line += f"; closest entry {group.suggested})" if group.suggested else ")"
        lines.append(line)
        lines += [f"     also asked as: {w}" for w in group.wordings if w != group.text]
    return lines
