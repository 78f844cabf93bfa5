"""Find what the knowledge's schema cannot see: problems of content, each as ``file:line: …``.

The loader already refuses a file that is malformed; this looks at a file that loads and asks
whether it serves members well: two entries with nearly the same phrasing (members would get the
wrong one, or a "did you mean"), paragraphs nothing cites, readings without a prompt, related ids
that go nowhere, answers too long for Discord. Errors fail ``python -m bot check``; warnings are
listed for the organisers to judge.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process

from bot.core import text as textmod
from bot.core.knowledge import ARTICLE_FILE, QA_FILE, Knowledge
from bot.core.limits import EMBED_DESCRIPTION as DESCRIPTION_LIMIT
from bot.core.limits import MESSAGE as MESSAGE_LIMIT
from bot.core.matcher import Engine, Outcome
from bot.core.yamlsource import Located, LocatedList, display_path, read_yaml
from bot.errors import SourceError

ERROR = "error"
WARNING = "warning"

# Phrasings of two entries this alike (rapidfuzz token_sort_ratio on folded text, 0-100) are
# reported: members typing one may well be answered with the other.
NEAR_DUPLICATE = 90
# The house guideline in qa.yaml's header comment: one to four sentences, at most 900 characters.
ANSWER_GUIDELINE = 900
_QUOTE_ALLOWANCE = 240  # one brief quote of a cited paragraph under an answer, with its marks
_BACKGROUND_LABEL = len("Background, not from the article: ")


@dataclass(frozen=True)
class Finding:
    """One problem the lint found, with how serious it is."""

    severity: str  # ERROR or WARNING
    file: str
    line: int | None
    message: str

    @property
    def is_error(self) -> bool:
        """Say whether this finding fails the check."""
        return self.severity == ERROR

    def __str__(self) -> str:
        return str(SourceError(self.file, self.line, self.message))


def lint(knowledge: Knowledge, engine: Engine | None = None) -> list[Finding]:
    """Return every finding for ``knowledge``, errors first, each in file order."""
    folder = knowledge.files[0].parent if knowledge.files else Path("knowledge")
    qa_name = display_path(folder / QA_FILE)
    article_name = display_path(folder / ARTICLE_FILE)
    lines = _SourceLines(folder)
    findings: list[Finding] = []
    findings += near_duplicates(knowledge, engine, qa_name, lines)
    findings += uncited_paragraphs(knowledge, article_name, lines)
    findings += readings_without_prompt(knowledge, article_name)
    findings += unknown_related(knowledge, qa_name)
    findings += long_answers(knowledge, qa_name)
    return sorted(findings, key=lambda f: (not f.is_error, f.file, f.line or 0))


class _SourceLines:
    """The line of each phrasing and paragraph, read again from the files (Entry keeps only its own)."""

    def __init__(self, folder: Path) -> None:
        self.questions: dict[tuple[str, int], int] = {}
        self.paragraphs: dict[int, int] = {}
        try:
            qa = read_yaml(folder / QA_FILE)
            article = read_yaml(folder / ARTICLE_FILE)
        except SourceError:
            return  # only lines are lost: the findings fall back to the entry's line
        for entry in _items(qa, "entries"):
            questions = entry.get("questions") if isinstance(entry, Located) else None
            if isinstance(questions, LocatedList):
                for index in range(len(questions)):
                    self.questions[(str(entry.get("id")), index)] = questions.line_of(index)
        for index, paragraph in enumerate(_items(article, "paragraphs")):
            if isinstance(paragraph, Located):
                self.paragraphs[index + 1] = paragraph.line

    def question(self, entry, index: int) -> int:
        return self.questions.get((entry.id, index), entry.line)


def _items(data, key: str) -> list:
    value = data.get(key) if isinstance(data, Located) else None
    return value if isinstance(value, list) else []


def near_duplicates(
    knowledge: Knowledge,
    engine: Engine | None,
    qa_name: str,
    lines: _SourceLines | None = None,
    *,
    cutoff: float = NEAR_DUPLICATE,
) -> list[Finding]:
    """Report phrasings of different entries that fold to nearly the same words."""
    lines = lines or _SourceLines(knowledge.files[0].parent if knowledge.files else Path(qa_name).parent)
    synonyms = textmod.Synonyms(knowledge.synonyms)
    # Folded as the engine folds them: what members type is compared after the same steps.
    owners: list[tuple[int, int]] = []
    folded: list[str] = []
    for entry_index, entry in enumerate(knowledge.entries):
        for question_index, question in enumerate(entry.questions):
            owners.append((entry_index, question_index))
            folded.append(synonyms.apply(textmod.fold(question)))
    if not folded:
        return []
    findings = []
    reported: set[tuple[int, int]] = set()
    for a in range(len(folded)):
        close = process.extract(
            folded[a], folded[a + 1 :], scorer=fuzz.token_sort_ratio, score_cutoff=cutoff, limit=None
        )
        for _, score, offset in sorted(close, key=lambda found: found[2]):
            b = a + 1 + offset
            # "what happened in 1917" and "... 1923" share every letter but one, and rightly go
            # to different entries: phrasings naming different numbers are not duplicates.
            if owners[a][0] == owners[b][0] or _numbers(folded[a]) != _numbers(folded[b]):
                continue
            pair = (owners[a][0], owners[b][0])
            if pair in reported and score < 100:
                continue  # one report a pair of entries is enough to send the admin there
            reported.add(pair)
            findings.append(_duplicate(knowledge, engine, qa_name, lines, owners[a], owners[b], score))
    return findings


def _numbers(folded: str) -> set[str]:
    return {word for word in folded.split() if word.isdigit()}


def _duplicate(knowledge, engine, qa_name, lines, first, second, score) -> Finding:
    entry_a, entry_b = knowledge.entries[first[0]], knowledge.entries[second[0]]
    text_a, text_b = entry_a.questions[first[1]], entry_b.questions[second[1]]
    line_a, line_b = lines.question(entry_a, first[1]), lines.question(entry_b, second[1])
    same = score >= 100
    what = "folds to the same words as" if same else "is nearly the same as"
    message = (
        f"“{text_a}” ({entry_a.id}) {what} “{text_b}” ({entry_b.id}, {qa_name}:{line_b}), "
        f"score {score:.0f}/100: {_consequence(engine, text_a, entry_a.id)}"
    )
    return Finding(ERROR if same else WARNING, qa_name, line_a, message)


def _consequence(engine: Engine | None, question: str, entry_id: str) -> str:
    if engine is None:
        return "members may get the wrong entry or a did-you-mean"
    result = engine.ask(question)
    if result.outcome is Outcome.ANSWER and result.entry.id == entry_id:
        return "it still answers its own entry, but a member's slight rewording may not"
    if result.outcome is Outcome.ANSWER:
        return f"asking it now answers '{result.entry.id}' instead"
    if result.outcome is Outcome.SUGGEST:
        return "asking it now gets a did-you-mean"
    return "asking it now is declined"


def uncited_paragraphs(knowledge: Knowledge, article_name: str, lines: _SourceLines | None = None) -> list[Finding]:
    """Report paragraphs of the article that no entry cites (members' questions on them go unanswered)."""
    cited = {number for entry in knowledge.entries for number in entry.paragraphs}
    paragraph_lines = lines.paragraphs if lines else {}
    return [
        Finding(
            WARNING,
            article_name,
            paragraph_lines.get(p.number),
            f"¶{p.number} is cited by no entry in qa.yaml: questions about it cannot be answered",
        )
        for p in knowledge.article.paragraphs
        if p.number not in cited
    ]


def readings_without_prompt(knowledge: Knowledge, article_name: str) -> list[Finding]:
    """Report readings with no discussion prompt (the daily post would end with nothing to discuss)."""
    return [
        Finding(ERROR, article_name, reading.line or None, f"the reading of day {reading.day} has no discussion prompt")
        for reading in knowledge.article.readings
        if not reading.prompt.strip() or reading.prompt.strip().upper().startswith("TODO")
    ]


def unknown_related(knowledge: Knowledge, qa_name: str) -> list[Finding]:
    """Report related ids that name no entry (their buttons would lead nowhere) or the entry itself."""
    findings = []
    for entry in knowledge.entries:
        for other in entry.related:
            if other == entry.id:
                findings.append(Finding(WARNING, qa_name, entry.line, f"entry '{entry.id}' lists itself as related"))
            elif not knowledge.has_entry(other):
                findings.append(
                    Finding(
                        ERROR, qa_name, entry.line, f"entry '{entry.id}' is related to '{other}', which does not exist"
                    )
                )
    return findings


def long_answers(knowledge: Knowledge, qa_name: str) -> list[Finding]:
    """Report answers Discord cannot show whole, or that crowd out their quotes."""
    findings = []
    for entry in knowledge.entries:
        shown = len(entry.answer) + (_BACKGROUND_LABEL if entry.background else 0)
        with_quotes = shown + len(entry.paragraphs) * _QUOTE_ALLOWANCE
        if shown > MESSAGE_LIMIT:
            findings.append(
                Finding(
                    ERROR,
                    qa_name,
                    entry.line,
                    f"the answer of '{entry.id}' is {shown} characters; a Discord message shows {MESSAGE_LIMIT}",
                )
            )
        elif with_quotes > DESCRIPTION_LIMIT:
            findings.append(
                Finding(
                    WARNING,
                    qa_name,
                    entry.line,
                    f"the answer of '{entry.id}' and its {len(entry.paragraphs)} quotes run to about "
                    f"{with_quotes} characters; Discord shows {DESCRIPTION_LIMIT}, so quotes will be dropped",
                )
            )
        elif len(entry.answer) > ANSWER_GUIDELINE:
            findings.append(
                Finding(
                    WARNING,
                    qa_name,
                    entry.line,
                    f"the answer of '{entry.id}' is {len(entry.answer)} characters; "
                    f"qa.yaml asks for at most {ANSWER_GUIDELINE}",
                )
            )
    return findings
