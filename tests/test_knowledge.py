"""The loader: the shipped files are valid and complete; every mistake is reported with its line."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from bot.core.knowledge import PARAGRAPH_COUNT, Entry, General, View, load_knowledge, topics
from bot.errors import KnowledgeError

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT.parent / "shared" / "source" / "fighting-the-stalinist-distortion-of-socialism.txt"


@pytest.fixture(scope="module")
def knowledge():
    return load_knowledge(ROOT / "knowledge")


def edit(path: Path, old: str, new: str, count: int = 1) -> int:
    """Replace ``old`` in the file and return the 1-based line where the edit landed."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return line


def replace_field(folder: Path, field: str, new: str, entry: str = "article-author") -> int:
    """Replace ``field`` of ``entry`` in qa.yaml (up to the next field) and return the entry's line."""
    qa = folder / "qa.yaml"
    text = qa.read_text(encoding="utf-8")
    start = text.index(f"  - id: {entry}")
    begin = text.index(f"    {field}:", start)
    end = re.compile(r"^    \w+:", re.MULTILINE).search(text, begin + 1).start()
    qa.write_text(text[:begin] + new + text[end:], encoding="utf-8")
    return text[:start].count("\n") + 1


def problems(folder: Path) -> list[str]:
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(folder)
    return [str(p) for p in caught.value.all()]


# -- the shipped knowledge --------------------------------------------------------------------
def test_shipped_knowledge_has_every_paragraph_and_enough_entries(knowledge):
    assert [p.number for p in knowledge.article.paragraphs] == list(range(1, PARAGRAPH_COUNT + 1))
    assert len(knowledge.entries) >= 60
    cited = {n for entry in knowledge.entries for n in entry.paragraphs}
    assert cited == set(range(1, PARAGRAPH_COUNT + 1))
    # Every paragraph answers at least two questions from the article (background aside).
    answering = [n for entry in knowledge.entries if not entry.background for n in set(entry.paragraphs)]
    assert [n for n in range(1, PARAGRAPH_COUNT + 1) if answering.count(n) < 2] == []


def test_readings_cover_each_paragraph_once_in_order(knowledge):
    order = [n for reading in knowledge.article.readings for n in reading.paragraphs]
    assert order == list(range(1, PARAGRAPH_COUNT + 1))
    assert all(1 <= len(r.paragraphs) <= 3 and r.prompt and r.title for r in knowledge.article.readings)
    assert knowledge.article.reading_of(14).paragraphs != (14,)  # too short alone
    assert knowledge.article.reading_of(27).paragraphs != (27,)
    # A sentence and the one that answers it are read on the same day: "Stalinism was not…" /
    # "Instead it was…" (¶25-26), "This was a huge contribution…" / "It is still relevant…" (¶27-28).
    for first, second in [(2, 3), (7, 8), (13, 14), (17, 18), (25, 26), (27, 28)]:
        assert knowledge.article.reading_of(first) == knowledge.article.reading_of(second), (first, second)


def test_paragraphs_are_the_article_verbatim(knowledge):
    if not SOURCE.exists():
        pytest.skip("the shared source text is not beside the project")
    blocks = [b.strip() for b in re.split(r"\n\s*\n", SOURCE.read_text(encoding="utf-8")) if b.strip()]
    body = blocks[4 : 4 + PARAGRAPH_COUNT]
    assert [p.text for p in knowledge.article.paragraphs] == body
    assert "set up in in 1917" in knowledge.article.paragraph(15).text
    assert all("Click here" not in p.text and "Mobile users" not in p.text for p in knowledge.article.paragraphs)


def test_metadata(knowledge):
    article = knowledge.article
    assert (article.author, article.publication, article.issue, article.series_part) == (
        "John Molyneux",
        "Socialist Worker",
        2234,
        2,
    )
    assert article.title == "Fighting the Stalinist distortion of socialism"


def test_entries_have_three_phrasings_and_short_answers(knowledge):
    for entry in knowledge.entries:
        assert len(entry.questions) >= 3, entry.id
        assert len(entry.answer) <= 1800, entry.id


def test_quotes_in_answers_are_in_the_article(knowledge):
    """Every “curly-quoted” phrase in an answer is the article's exact words (its ‘ ’ are the article's “ ”)."""
    article = knowledge.article
    marks = str.maketrans(dict.fromkeys("“”‘’", "'"))
    header = f"{article.title} {article.standfirst} Issue No. {article.issue} {article.publication}"
    text = (" ".join(p.text for p in article.paragraphs) + " " + header).translate(marks)
    for entry in knowledge.entries:
        for quoted in re.findall(r"“([^”]+)”", entry.answer):
            for fragment in quoted.translate(marks).split("…"):
                assert fragment.strip(" .,") in text, f"{entry.id}: “{quoted}” is not in the article"


def test_newcomer_terms_have_entries(knowledge):
    phrasings = " | ".join(q.lower() for e in knowledge.entries for q in e.questions)
    for term in [
        "left opposition",
        "bolshevik",
        "soviet",
        "socialism in one country",
        "bureaucra",
        "show trials",
        "old bolsheviks",
        "revolution betrayed",
        "degenerated",
        "state capitalism",
        "river of blood",
        "alma ata",
    ]:
        assert term in phrasings, term


def test_background_entries_are_labelled(knowledge):
    from bot import messages

    background = [e for e in knowledge.entries if e.background]
    assert background
    for entry in background:
        assert messages.answer_text(entry).startswith(messages.BACKGROUND_LABEL)
        assert "Background" in messages.source_line(knowledge.article, entry)


def test_topics_file_every_entry_once_under_the_reading_of_its_first_cited_paragraph(knowledge):
    article = knowledge.article
    grouped = topics(knowledge)
    placed = {}
    for heading, entries in grouped:
        for entry in entries:
            assert entry.id not in placed, f"{entry.id} is listed twice"
            placed[entry.id] = heading
    assert set(placed) == {entry.id for entry in knowledge.entries}
    for entry in knowledge.entries:
        # Not min(paragraphs): an answer about ¶29 that looks back at ¶12 belongs to ¶29's day.
        expected = General.ARTICLE if entry.header else article.reading_of(entry.paragraphs[0])
        assert placed[entry.id] == expected, entry.id
    assert [heading for heading, _ in grouped] == [General.ARTICLE, *article.readings]  # Day 16 too
    by_title = {entry.title: placed[entry.id] for entry in knowledge.entries}
    assert by_title["What did Trotsky argue in exile?"] == article.reading(16)
    assert by_title["Why is this still relevant today?"] == article.reading(15)
    assert by_title["Is Alma Ata in Kazakhstan?"] == article.reading(1)  # background, by its paragraph
    assert by_title["Who wrote this article?"] is General.ARTICLE

    # Background that touches no paragraph of the article comes last, under its own heading.
    aside = Entry("reading-group-snacks", ("what snacks are there",), "Biscuits.", (), background=True)
    extended = dataclasses.replace(knowledge, entries=(*knowledge.entries, aside))
    assert topics(extended)[-1] == (General.BACKGROUND, [aside])


# -- mistakes, each with its file and line ----------------------------------------------------
def test_yaml_syntax_error_names_file_and_line(folder):
    line = edit(folder / "qa.yaml", "  - id: article-author\n", "  - id: [article-author\n")
    found = problems(folder)
    assert len(found) == 1
    assert re.match(rf".*qa\.yaml:{line + 1}: YAML syntax error", found[0]), found


def test_duplicate_id(folder):
    line = edit(folder / "qa.yaml", "  - id: article-author\n", "  - id: trotsky-expelled\n")
    found = problems(folder)
    # The later of the two is the duplicate; the message points back at the first.
    assert any(
        re.search(rf"qa\.yaml:\d+: duplicate id 'trotsky-expelled' \(first used on line {line}\)", p) for p in found
    ), found


def test_missing_answer(folder):
    line = replace_field(folder, "answer", "")
    assert any(f"qa.yaml:{line}: missing field 'answer'" in p for p in problems(folder))


def test_paragraph_out_of_range(folder):
    line = edit(folder / "qa.yaml", "    paragraphs: [2]\n", "    paragraphs: [2, 30]\n")
    assert any(f"qa.yaml:{line}: paragraph is 30; it must be 1-29" in p for p in problems(folder))


def test_empty_question_list(folder):
    replace_field(folder, "questions", "    questions: []\n")
    text = (folder / "qa.yaml").read_text(encoding="utf-8")
    line = text[: text.index("    questions: []")].count("\n") + 1
    assert any(f"qa.yaml:{line}: 'questions' has 0 item(s)" in p for p in problems(folder))


def test_answer_too_long_for_discord(folder):
    replace_field(folder, "answer", "    answer: " + "word " * 1000 + "\n")
    text = (folder / "qa.yaml").read_text(encoding="utf-8")
    line = text[: text.index("    answer: word")].count("\n") + 1
    assert any(f"qa.yaml:{line}: 'answer' is" in p and "at most" in p for p in problems(folder))


def test_wrong_type_and_unknown_related(folder):
    edit(folder / "qa.yaml", "  - id: article-author\n", "  - id: article-author\n    background: maybe\n")
    found = problems(folder)
    assert any("'background' must be true or false" in p for p in found)


def test_header_entry_may_cite_no_paragraph(folder):
    replace_field(folder, "paragraphs", "    paragraphs: []\n    header: true\n", entry="year-1923")
    entry = load_knowledge(folder).entry("year-1923")
    assert entry.header and entry.paragraphs == ()


def test_an_entry_citing_nothing_must_be_about_the_header(folder):
    line = edit(folder / "qa.yaml", "  - id: year-1923\n", "  - id: year-1923\n    header: yes please\n")
    replace_field(folder, "paragraphs", "    paragraphs: []\n", entry="year-1923")
    found = problems(folder)
    assert any(f"qa.yaml:{line + 1}: 'header' must be true or false" in p for p in found), found
    assert any("'paragraphs' is empty; cite at least one paragraph" in p for p in found), found


def test_article_paragraph_missing(folder):
    article = folder / "article.yaml"
    text = article.read_text(encoding="utf-8")
    start = text.index("  - number: 29\n")
    end = text.index("\n", text.index("    text:", start)) + 1
    article.write_text(text[:start] + text[end:], encoding="utf-8")
    found = problems(folder)
    assert any("article.yaml" in p and "28 paragraphs" in p for p in found), found


def test_missing_file(folder):
    (folder / "qa.yaml").unlink()
    assert any("qa.yaml: file not found" in p for p in problems(folder))


def test_all_problems_reported_at_once(folder):
    edit(folder / "qa.yaml", "    paragraphs: [2]\n", "    paragraphs: [0]\n")
    edit(folder / "qa.yaml", "  - id: article-author\n", "  - id: Not An Id\n")
    assert len(problems(folder)) >= 2


# -- the timeline ----------------------------------------------------------------------------------
def test_every_year_in_the_article_is_on_the_timeline_in_order(knowledge):
    article = knowledge.article
    dated = {event.when for event in article.timeline}
    for paragraph in article.paragraphs:
        for year in re.findall(r"\b\d{4}s?\b", paragraph.text):
            assert year in dated, f"¶{paragraph.number} mentions {year}, which /timeline leaves out"
    years = [event.year for event in article.timeline]
    assert years == sorted(years) and years[0] == 1917 and "1930s" in dated
    for event in article.timeline:  # each date is cited from a paragraph that gives it
        assert event.event and event.paragraphs
        assert any(event.when in article.paragraph(n).text for n in event.paragraphs), event


def test_timeline_mistakes_are_reported_with_their_line(folder):
    path = folder / "article.yaml"
    year = edit(path, 'when: "1924"', 'when: "the next year"')
    order = edit(path, 'when: "1929"', 'when: "1920"')
    unknown = edit(path, "    paragraphs: [21]\n", "    paragraphs: [21]\n    source: book\n") + 1
    found = problems(folder)
    assert any(f"article.yaml:{year}: 'when' is “the next year”; it needs a year" in p for p in found), found
    assert any(f"article.yaml:{order}: 1920 comes after 1928" in p for p in found), found
    assert any(f"article.yaml:{unknown}: unknown field 'source'" in p for p in found), found


def test_an_article_without_a_timeline_still_loads(folder):
    path = folder / "article.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("\n# The dated events")] + "\n", encoding="utf-8")
    knowledge = load_knowledge(folder)
    assert knowledge.article.timeline == ()
    # The key-dates question then gets its own answer (check warns of it, see test_lint).
    from bot import replies

    reply = replies.entry_reply(knowledge, knowledge.entry("timeline"), replies.Context(replies.Surface.SLASH))
    assert reply.cards[0].title == "What are the key dates in the article?"


def test_an_entry_view_is_checked_with_its_line(knowledge, folder):
    assert knowledge.entry("timeline").view is View.TIMELINE
    assert {entry.id for entry in knowledge.entries if entry.view} == {"timeline"}
    line = edit(folder / "qa.yaml", "    view: timeline\n", "    view: calendar\n")
    other = edit(folder / "qa.yaml", "  - id: year-1917\n", "  - id: year-1917\n    view: [timeline]\n") + 1
    found = problems(folder)
    assert any(p.endswith(f"qa.yaml:{line}: 'view' is 'calendar'; it must be one of: timeline") for p in found), found
    assert any(p.endswith(f"qa.yaml:{other}: 'view' is a list; it must be one of: timeline") for p in found), found


def test_not_said_questions_load_beside_the_questions(knowledge):
    entry = knowledge.entry("year-1929")
    assert entry.not_said and not set(entry.not_said) & set(entry.questions)
    assert entry.phrasings == entry.questions + entry.not_said
    # Every entry with them says, in its answer, what the article doesn't say.
    for entry in knowledge.entries:
        assert not entry.not_said or "say" in entry.answer, entry.id


def test_not_said_questions_need_an_answer_that_says_so(folder):
    line = edit(
        folder / "qa.yaml",
        "  - id: article-author\n",
        "  - id: article-author\n    not_said:\n      - what did the author have for lunch\n",
    )
    replace_field(folder, "answer", "    answer: John Molyneux wrote it (the article's header).\n")
    found = problems(folder)
    assert any(f"qa.yaml:{line + 1}: 'not_said' needs an answer that says what the article" in p for p in found), found


def test_a_not_said_item_must_be_text(folder):
    line = edit(folder / "qa.yaml", "  - id: article-author\n", "  - id: article-author\n    not_said: [[]]\n")
    found = problems(folder)
    assert any(f"qa.yaml:{line + 1}: an item of 'not_said' is a list; it must be text" in p for p in found), found
