"""Find what the knowledge's schema cannot see: problems of content, each as ``file:line: …``.

The loader already refuses a file that is malformed; this looks at a file that loads and asks
whether it serves members well: two entries with nearly the same phrasing (members would get the
wrong one, or a "did you mean"), paragraphs nothing cites, readings without a prompt, related ids
that go nowhere, answers too long for Discord. And whether it is exact: an answer's quotations are
the words of the paragraphs it cites, its "(¶n)" and its ``paragraphs`` agree, a gloss from
outside the article is never shown as the article's, and a synonym does not change what a member
meant. Errors fail ``python -m bot check``; warnings are listed for the organisers to judge.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz, process

from bot.core import text as textmod
from bot.core.knowledge import ARTICLE_FILE, QA_FILE, Article, Entry, Knowledge, View, paragraph_span
from bot.core.limits import EMBED_DESCRIPTION as DESCRIPTION_LIMIT
from bot.core.limits import MESSAGE as MESSAGE_LIMIT
from bot.core.matcher import Engine, Outcome
from bot.core.passages import plain, quotation_parts, quoted_passages, quoted_strings, sentences
from bot.core.yamlsource import Located, LocatedList, display_path, read_yaml
from bot.errors import SourceError

ERROR = "error"
WARNING = "warning"

# Phrasings of two entries this alike (rapidfuzz token_sort_ratio on folded text, 0-100) are
# reported: members typing one may well be answered with the other.
NEAR_DUPLICATE = 90
# The house guideline in qa.yaml's header comment: a few sentences, at most 500 characters. An
# answer is read on a phone above up to three quoted passages; past this it is an essay.
ANSWER_GUIDELINE = 500
# An entry needs several phrasings for members' many ways of asking to find it.
MIN_PHRASINGS = 3
_QUOTE_MARKS = len("\n> ¶29 “… ") + len(" …”")  # what a quoted passage adds under an answer besides its words
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
    findings += views_without_content(knowledge, qa_name, lines)
    findings += long_answers(knowledge, qa_name)
    findings += few_phrasings(knowledge, qa_name)
    findings += without_subject(knowledge, qa_name)
    findings += citations(knowledge, qa_name, lines)
    findings += quotations(knowledge, qa_name, lines)
    findings += glosses_outside_background(knowledge, qa_name, lines)
    findings += suspicious_synonyms(knowledge, qa_name, lines)
    return sorted(findings, key=lambda f: (not f.is_error, f.file, f.line or 0))


class _SourceLines:
    """The line of each phrasing and paragraph, read again from the files (Entry keeps only its own)."""

    def __init__(self, folder: Path) -> None:
        self.questions: dict[tuple[str, int], int] = {}
        self.fields: dict[tuple[str, str], int] = {}
        self.paragraphs: dict[int, int] = {}
        self.synonyms: dict[str, int] = {}
        try:
            qa = read_yaml(folder / QA_FILE)
            article = read_yaml(folder / ARTICLE_FILE)
        except SourceError:
            return  # only lines are lost: the findings fall back to the entry's line
        for entry in _items(qa, "entries"):
            if not isinstance(entry, Located):
                continue
            entry_id = str(entry.get("id"))
            for key in entry:
                self.fields[(entry_id, str(key))] = entry.line_of(key)
            # Numbered as Entry.phrasings numbers them: the questions, then the not_said ones.
            count = 0
            for key in ("questions", "not_said"):
                listed = entry.get(key)
                if isinstance(listed, LocatedList):
                    for index in range(len(listed)):
                        self.questions[(entry_id, count + index)] = listed.line_of(index)
                    count += len(listed)
        synonyms = qa.get("synonyms") if isinstance(qa, Located) else None
        if isinstance(synonyms, Located):
            self.synonyms = {str(key): synonyms.line_of(key) for key in synonyms}
        for index, paragraph in enumerate(_items(article, "paragraphs")):
            if isinstance(paragraph, Located):
                self.paragraphs[index + 1] = paragraph.line

    def question(self, entry, index: int) -> int:
        return self.questions.get((entry.id, index), entry.line)

    def field(self, entry: Entry, key: str) -> int:
        """Return the line of an entry's field (its ``answer:``, its ``paragraphs:``)."""
        return self.fields.get((entry.id, key), entry.line)

    def synonym(self, phrase: str) -> int | None:
        return self.synonyms.get(phrase)


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
        for question_index, question in enumerate(entry.phrasings):
            owners.append((entry_index, question_index))
            folded.append(synonyms.apply(textmod.fold(question)))
    if not folded:
        return []
    terms = _article_bigrams(knowledge.article, synonyms)
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
            if _names_another_term(folded[a], folded[b], terms):
                continue
            pair = (owners[a][0], owners[b][0])
            if pair in reported and score < 100:
                continue  # one report a pair of entries is enough to send the admin there
            reported.add(pair)
            findings.append(_duplicate(knowledge, engine, qa_name, lines, owners[a], owners[b], score))
    return findings


def _numbers(folded: str) -> set[str]:
    return {word for word in folded.split() if word.isdigit()}


def _article_bigrams(article: Article, synonyms: textmod.Synonyms) -> set[tuple[str, str]]:
    """Return every pair of adjacent words in the article, folded as phrasings are, as stems."""
    pairs: set[tuple[str, str]] = set()
    for part in (*(p.text for p in article.paragraphs), *header_parts(article)):
        words = [textmod.stem(word) for word in synonyms.apply(textmod.fold(part)).split()]
        pairs.update(itertools.pairwise(words))
    return pairs


def _names_another_term(first: str, second: str, terms: set[tuple[str, str]]) -> bool:
    """Say whether one phrasing is the other plus words that make one of the article's own terms.

    "who were the old bolsheviks" adds "old" to "who were the bolsheviks", and "Old Bolsheviks" is
    a term the article uses (¶20) for a narrower group than the Bolsheviks: the two ask different
    things, however alike their letters. Any other added word keeps the pair reported.
    """
    # Compared by stems, so "old bolshevik" is the article's "Old Bolsheviks".
    short, long_ = sorted(
        ([textmod.stem(w) for w in first.split()], [textmod.stem(w) for w in second.split()]), key=len
    )
    if not set(short) < set(long_):
        return False
    shared = set(short)
    for index, word in enumerate(long_):
        if word in shared:
            continue
        before = long_[index - 1] if index > 0 else None
        after = long_[index + 1] if index + 1 < len(long_) else None
        if not ((before in shared and (before, word) in terms) or (after in shared and (word, after) in terms)):
            return False
    return True


def _duplicate(knowledge, engine, qa_name, lines, first, second, score) -> Finding:
    entry_a, entry_b = knowledge.entries[first[0]], knowledge.entries[second[0]]
    text_a, text_b = entry_a.phrasings[first[1]], entry_b.phrasings[second[1]]
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


def views_without_content(knowledge: Knowledge, qa_name: str, lines: _SourceLines | None = None) -> list[Finding]:
    """Report entries answered with a view the article has nothing for: they get their answer instead."""
    lines = lines or _SourceLines(Path(qa_name).parent)
    return [
        Finding(
            WARNING,
            qa_name,
            lines.field(entry, "view"),
            f"entry '{entry.id}' is answered with the timeline ('view: timeline'), but article.yaml has no "
            "'timeline:' events: members get its answer instead",
        )
        for entry in knowledge.entries
        if entry.view is View.TIMELINE and not knowledge.article.timeline
    ]


def long_answers(knowledge: Knowledge, qa_name: str) -> list[Finding]:
    """Report answers Discord cannot show whole, or that crowd out their quotes."""
    findings = []
    for entry in knowledge.entries:
        shown = len(entry.answer) + (_BACKGROUND_LABEL if entry.background else 0)
        passages = quoted_passages(knowledge.article, entry)
        quotes = len(passages)
        with_quotes = shown + sum(len(passage.text) + _QUOTE_MARKS for passage in passages)
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
                    f"the answer of '{entry.id}' and its {quotes} quotes run to about "
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


def few_phrasings(knowledge: Knowledge, qa_name: str) -> list[Finding]:
    """Report entries with fewer phrasings than members need to find them."""
    return [
        Finding(
            WARNING,
            qa_name,
            entry.line,
            f"entry '{entry.id}' has {len(entry.questions)} phrasing(s); give at least {MIN_PHRASINGS}, "
            "written as members type them (a full question, a casual one, two or three words)",
        )
        for entry in knowledge.entries
        if len(entry.questions) < MIN_PHRASINGS
    ]


def without_subject(knowledge: Knowledge, qa_name: str) -> list[Finding]:
    """Report entries a follow-up's "it" cannot be said to stand for: no ``subject:``, and none read off
    the first phrasing."""
    from bot.core.followup import subject_of

    return [
        Finding(
            WARNING,
            qa_name,
            entry.line,
            f"entry '{entry.id}' has no subject: a follow-up after it would be shown as “Taking ‘it’ as "
            f"{entry.title}”; give 'subject:', a few words for what it is about",
        )
        for entry in knowledge.entries
        if subject_of(entry).startswith("“")
    ]


# "(¶16)", "(¶22–23)", "¶4, ¶7, ¶10": a paragraph or a range (en dash or hyphen) of paragraphs.
_CITATION = re.compile(r"¶\s*(\d+)(?:\s*[–-]\s*¶?\s*(\d+))?")


def cited_in_text(answer: str) -> list[int]:
    """Return the paragraphs an answer's text cites ("¶n", "¶n–m"), in the order it first cites them."""
    found: list[int] = []
    for match in _CITATION.finditer(answer):
        first = int(match.group(1))
        last = int(match.group(2)) if match.group(2) else first
        for number in range(first, max(first, last) + 1):
            if number not in found:
                found.append(number)
    return found


def citations(knowledge: Knowledge, qa_name: str, lines: _SourceLines | None = None) -> list[Finding]:
    """Report answers whose "(¶n)" and ``paragraphs`` disagree.

    ``paragraphs`` drives the "From …, ¶n" line, the quoted passages and the spoiler guard, so it
    must list exactly what the answer draws on: every paragraph the text cites, and nothing the
    text neither cites nor quotes. It is listed in the order the text cites it, because the first
    one decides the reading /topics files the entry under, and the first ones are quoted.
    """
    lines = lines or _SourceLines(Path(qa_name).parent)
    findings = []
    for entry in knowledge.entries:
        in_text = cited_in_text(entry.answer)
        listed = list(entry.paragraphs)
        line = lines.field(entry, "paragraphs")
        for number in in_text:
            if number not in listed:
                findings.append(
                    Finding(
                        ERROR,
                        qa_name,
                        lines.field(entry, "answer"),
                        f"the answer of '{entry.id}' cites ¶{number}, which its 'paragraphs' does not list",
                    )
                )
        quoted = {number for _, numbers in _quotes_and_sources(knowledge.article, entry) for number in numbers}
        for number in listed:
            if number not in in_text and number not in quoted:
                findings.append(
                    Finding(
                        ERROR,
                        qa_name,
                        line,
                        f"'paragraphs' of '{entry.id}' lists ¶{number}, but the answer neither cites it "
                        f"(“(¶{number})”) nor quotes it",
                    )
                )
        order = [number for number in listed if number in in_text]
        if order != [number for number in in_text if number in listed]:
            findings.append(
                Finding(
                    WARNING,
                    qa_name,
                    line,
                    f"'paragraphs' of '{entry.id}' is {listed}; list them in the order the answer cites them "
                    f"({', '.join(f'¶{n}' for n in in_text)}): the first is the reading /topics files it under",
                )
            )
    return findings


def header_parts(article: Article) -> list[str]:
    """Return the article's header as printed: title, standfirst (it names the series part), byline, masthead, issue."""
    return [article.title, article.standfirst, article.author, article.publication, f"Issue No. {article.issue}"]


@lru_cache(maxsize=4)
def _quotable(article: Article) -> dict[int, str]:
    """Return the text a quotation is looked up in, by paragraph number (0: the header)."""
    texts = {p.number: plain(p.text) for p in article.paragraphs}
    texts[0] = " | ".join(plain(part) for part in header_parts(article))
    return texts


def _quotes_and_sources(article: Article, entry: Entry) -> list[tuple[str, list[int]]]:
    """Return each quotation of an answer with the paragraphs holding all its words (0: the header)."""
    texts = _quotable(article)
    result = []
    for quotation in quoted_strings(entry.answer)[0]:
        parts = quotation_parts(quotation)
        holders = [number for number, text in texts.items() if parts and all(part in text for part in parts)]
        result.append((quotation, holders))
    return result


def quotations(knowledge: Knowledge, qa_name: str, lines: _SourceLines | None = None) -> list[Finding]:
    """Report quotations that are not the words of a paragraph the entry cites (or of the header).

    Members read “…” as the article's own words, shown above the passage cited: a quotation from
    another paragraph, or one misquoted by a word, misleads. The header counts for entries about
    the article itself (``header: true``).
    """
    lines = lines or _SourceLines(Path(qa_name).parent)
    findings = []
    for entry in knowledge.entries:
        line = lines.field(entry, "answer")
        problem = quoted_strings(entry.answer)[1]
        if problem:
            findings.append(Finding(ERROR, qa_name, line, f"the answer of '{entry.id}': {problem}"))
        allowed = set(entry.paragraphs) | ({0} if entry.header else set())
        for quotation, holders in _quotes_and_sources(knowledge.article, entry):
            if set(holders) & allowed:
                continue
            if not holders:
                where = "these are not the article's words (a word, a mark or a capital differs)"
            else:
                shown = ", ".join(f"¶{n}" if n else "the header" for n in holders)
                where = f"the words are in {shown}, which '{entry.id}' does not cite"
            findings.append(Finding(ERROR, qa_name, line, f"the answer of '{entry.id}' quotes “{quotation}”: {where}"))
    return findings


_GLOSS = re.compile(r"\(\s*not from the article", re.IGNORECASE)


def glosses_outside_background(knowledge: Knowledge, qa_name: str, lines: _SourceLines | None = None) -> list[Finding]:
    """Report "(not from the article: …)" glosses inside an answer shown as the article's.

    Only a ``background: true`` entry is labelled "Background, not from the article" wherever it is
    shown (and in the JSON); a gloss in any other answer appears under "From the article".
    """
    lines = lines or _SourceLines(Path(qa_name).parent)
    return [
        Finding(
            ERROR,
            qa_name,
            lines.field(entry, "answer"),
            f"the answer of '{entry.id}' holds a gloss “(not from the article…”, but the entry is not "
            "'background: true': move the gloss into a background entry",
        )
        for entry in knowledge.entries
        if not entry.background and _GLOSS.search(entry.answer)
    ]


def suspicious_synonyms(knowledge: Knowledge, qa_name: str, lines: _SourceLines | None = None) -> list[Finding]:
    """Report synonyms that point nowhere, or that rewrite a word the article uses in another sense.

    A synonym rewrites members' words into the article's, in questions and in the article alike.
    Its target must be words the matcher can find: in the article (its header included) or in
    the knowledge's own phrasings, keywords and answers. And when its source is itself one of the
    article's words, the rewrite makes the passages using the source look like those using the
    target: "survive: wiped out" would make ¶11 (the revolution could "only survive by
    spreading") look like ¶20 (revolutionaries "wiped out"). Meaning is judged by the company the
    words keep: the pair is suspect when the article uses them in different paragraphs, in
    sentences that share no other word. "victory: won" passes (Stalin wins in both ¶2 and ¶16),
    as do words the article uses side by side (¶1's "struggle" and "battle").
    """
    lines = lines or _SourceLines(Path(qa_name).parent)
    article = knowledge.article
    parts = {p.number: p.text for p in article.paragraphs}
    parts[0] = " | ".join(header_parts(article))
    places = {number: textmod.fold(text) for number, text in parts.items()}
    # The header's parts (title, standfirst, byline…) are separate lines, each its own sentences.
    pieces = [(p.number, p.text) for p in article.paragraphs] + [(0, part) for part in header_parts(article)]
    said = [(number, textmod.fold(sentence)) for number, text in pieces for sentence in sentences(text)]
    # Read as the matcher reads them, synonyms applied too: a synonym may point at a word the
    # knowledge only holds through another synonym ("devastating" -> "damning" keeps ¶21's
    # "devastating critique" apart from ¶8's "devastated").
    synonyms = textmod.Synonyms(knowledge.synonyms)
    known = {
        textmod.stem(word)
        for text in (
            *places.values(),
            *(part for entry in knowledge.entries for part in (*entry.questions, *entry.keywords, entry.answer)),
        )
        for folded in (textmod.fold(text),)
        for word in (*folded.split(), *synonyms.apply(folded).split())
    }
    findings = []
    rewrites = {textmod.fold(phrase): textmod.fold(replacement) for phrase, replacement in knowledge.synonyms}
    for phrase, replacement in knowledge.synonyms:
        source, target = textmod.fold(phrase), textmod.fold(replacement)
        line = lines.synonym(phrase)
        if source == target:
            continue  # a spelling the folding already evens out ("honor": "honour")
        # Synonyms apply once: a target holding another synonym's source is never rewritten again,
        # so it misses the entries that hold the rewritten words ("losing: lost" beside "lost: lose").
        again = next(
            (
                (other, rewrites[other])
                for other in sorted(rewrites, key=len, reverse=True)
                if other != source and rewrites[other] != other and _has_phrase(target, other)
            ),
            None,
        )
        if again:
            findings.append(
                Finding(
                    WARNING,
                    qa_name,
                    line,
                    f"synonym '{phrase}: {replacement}' points at '{again[0]}', which is itself rewritten to "
                    f"'{again[1]}' and synonyms apply once: point it at '{again[1]}' instead",
                )
            )
            continue
        missing = [word for word in textmod.content_words(target) or target.split() if textmod.stem(word) not in known]
        if missing:
            findings.append(
                Finding(
                    WARNING,
                    qa_name,
                    line,
                    f"synonym '{phrase}: {replacement}' points at {', '.join(repr(w) for w in missing)}, "
                    "which neither the article nor any entry uses: it can match nothing",
                )
            )
            continue
        with_source = {n for n, text in places.items() if _has_phrase(text, source)}
        with_target = {n for n, text in places.items() if _has_phrase(text, target)}
        if not (with_source - with_target and with_target - with_source):
            continue
        own = {textmod.stem(word) for word in (*source.split(), *target.split())}
        around_source = _context(said, source, own)
        around_target = _context([(n, text) for n, text in said if not _has_phrase(text, source)], target, own)
        if around_source & around_target:
            continue
        findings.append(
            Finding(
                WARNING,
                qa_name,
                line,
                f"synonym '{phrase}: {replacement}' rewrites a word the article itself uses "
                f"({_where(with_source)}) into one it uses of something else ({_where(with_target)}): "
                "those passages would look alike to the matcher; keep it only if they mean the same",
            )
        )
    return findings


def _context(sentences: list[tuple[int, str]], phrase: str, own: set[str]) -> set[str]:
    """Return the stems of the other words in the sentences that use ``phrase``."""
    return {
        textmod.stem(word)
        for _, text in sentences
        if _has_phrase(text, phrase)
        for word in textmod.content_words(text)
        if textmod.stem(word) not in own
    }


def _has_phrase(folded: str, phrase: str) -> bool:
    return re.search(rf"\b{re.escape(phrase)}\b", folded) is not None


def _where(numbers: set[int]) -> str:
    shown = paragraph_span(sorted(n for n in numbers if n))
    return ", ".join(part for part in ("the header" if 0 in numbers else "", shown) if part)
