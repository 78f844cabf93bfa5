"""What a valid knowledge file holds: the limits and patterns, and the checker that reports every problem."""

from __future__ import annotations

import re
from typing import Any

from bot.core.knowledge.model import PARAGRAPH_COUNT
from bot.core.yamlsource import Located, LocatedList
from bot.errors import SourceError

# Discord shows at most 4,096 characters in an embed's description; the answer shares it with
# the quoted paragraphs, so an answer is held to well under that.
ANSWER_LIMIT = 1800
QUESTION_LIMIT = 300
ENTRY_FIELDS = (
    "id",
    "questions",
    "answer",
    "paragraphs",
    "header",
    "background",
    "view",
    "related",
    "keywords",
    "subject",
    "not_said",
)
SUBJECT_LIMIT = 80  # a few words: it is shown in "Taking 'they' as …"
# How an answer says the article is silent on something ("The article doesn't say why", "gives no
# motive"): an entry with ``not_said`` questions must, since that is what those members are told.
SAYS_NOT_SAID = re.compile(
    r"\b(?:doesn[’']t|does not|don[’']t|do not)\s+(?:say|explain|tell|name|give|mention)\b|\bgives no\b|\bsays nothing\b",
    re.IGNORECASE,
)
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class Checker:
    """Collect every problem in one pass, so an admin sees them all, not one per attempt."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.problems: list[SourceError] = []

    def add(self, line: int | None, message: str) -> None:
        self.problems.append(SourceError(self.name, line, message))

    def text(self, mapping: Located, key: str, *, required: bool = True, limit: int | None = None) -> str | None:
        if key not in mapping or mapping[key] is None:
            if required:
                self.add(mapping.line, f"missing field '{key}'")
            return None
        value = mapping[key]
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            self.add(mapping.line_of(key), f"'{key}' must be text, not {kind_of(value)}")
            return None
        value = value.strip()
        if not value:
            self.add(mapping.line_of(key), f"'{key}' is empty")
            return None
        if limit is not None and len(value) > limit:
            self.add(mapping.line_of(key), f"'{key}' is {len(value)} characters; at most {limit} fit")
            return None
        return value

    def integer(self, mapping: Located, key: str, *, low: int = 1, high: int | None = None) -> int | None:
        if key not in mapping:
            self.add(mapping.line, f"missing field '{key}'")
            return None
        return self.int_value(mapping[key], mapping.line_of(key), f"'{key}'", low=low, high=high)

    def int_value(self, value: Any, line: int, what: str, *, low: int = 1, high: int | None = None) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(line, f"{what} must be a whole number, not {kind_of(value)}")
            return None
        if value < low or (high is not None and value > high):
            shown = f"{low}-{high}" if high is not None else f"{low} or more"
            self.add(line, f"{what} is {value}; it must be {shown}")
            return None
        return value

    def paragraphs(self, mapping: Located, key: str, *, required: bool = True) -> tuple[int, ...]:
        value = mapping.get(key)
        if value is None:
            if required:
                self.add(mapping.line, f"missing field '{key}'")
            return ()
        if isinstance(value, int) and not isinstance(value, bool):
            value = LocatedList([value])
            value.line, value.item_lines = mapping.line_of(key), [mapping.line_of(key)]
        if not isinstance(value, list):
            self.add(mapping.line_of(key), f"'{key}' must be a list of paragraph numbers, not {kind_of(value)}")
            return ()
        if not value and required:
            self.add(mapping.line_of(key), f"'{key}' is empty; cite at least one paragraph")
        numbers = []
        for index, item in enumerate(value):
            line = value.line_of(index) if isinstance(value, LocatedList) else mapping.line_of(key)
            number = self.int_value(item, line, "paragraph", high=PARAGRAPH_COUNT)
            if number is not None:
                numbers.append(number)
        return tuple(numbers)

    def strings(
        self, mapping: Located, key: str, *, required: bool, minimum: int = 0, limit: int | None = None
    ) -> tuple[str, ...]:
        value = mapping.get(key)
        if value is None:
            if required:
                self.add(mapping.line, f"missing field '{key}'")
            return ()
        if not isinstance(value, list):
            self.add(mapping.line_of(key), f"'{key}' must be a list, not {kind_of(value)}")
            return ()
        if len(value) < minimum:
            self.add(mapping.line_of(key), f"'{key}' has {len(value)} item(s); at least {minimum} needed")
        found = []
        for index, item in enumerate(value):
            line = value.line_of(index) if isinstance(value, LocatedList) else mapping.line_of(key)
            if isinstance(item, (int, float)) and not isinstance(item, bool):
                item = str(item)
            if not isinstance(item, str) or not item.strip():
                self.add(
                    line, f"an item of '{key}' is {'empty' if item in ('', None) else kind_of(item)}; it must be text"
                )
                continue
            if limit is not None and len(item.strip()) > limit:
                self.add(line, f"an item of '{key}' is {len(item.strip())} characters; at most {limit}")
                continue
            found.append(item.strip())
        return tuple(found)

    def mapping(self, value: Any, line: int, what: str) -> Located | None:
        if not isinstance(value, Located):
            self.add(line, f"{what} must be a mapping of fields, not {kind_of(value)}")
            return None
        return value


def kind_of(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__
