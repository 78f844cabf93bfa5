"""The located YAML reader: its quick way through the common nodes gives what PyYAML's constructor gives."""

from __future__ import annotations

import pytest
import yaml

from bot.core.yamlsource import Located, LocatedList, _Loader, parse_yaml
from bot.errors import SourceError


def _with_lines(value):
    """Return ``value`` with the line of each mapping, key, list and item spelled out, to compare."""
    if isinstance(value, Located):
        return ("map", value.line, {k: (value.key_lines[k], _with_lines(v)) for k, v in value.items()})
    if isinstance(value, LocatedList):
        return ("list", value.line, value.item_lines, [_with_lines(v) for v in value])
    return value


TEXTS = {
    "plain": "title: A\nentries:\n  - id: one\n    questions: [who, 'what']\n    paragraphs: [1, 2]\n    header: true\n",
    "numbers and nulls as keys": "1: one\nfalse: yes\n~: nothing\nwhen: 2024-01-02\nratio: 0.5\n",
    "a date as a key": "2024-01-02: a day\n2.5: a number\n",
    "an anchor shared": "base: &b {a: 1}\none: *b\ntwo: *b\nlist: &l [x]\nagain: *l\n",
    "a merge key": "base: &b {a: 1, b: 2}\nentry:\n  <<: *b\n  c: 3\n",
    "other tags": "set: !!set {a, b}\nbinary: !!binary aGk=\nstr: !!str 12\n",
    "empty": "",
    "a scalar": "just text\n",
}


@pytest.mark.parametrize("text", TEXTS.values(), ids=TEXTS.keys())
def test_the_quick_reading_is_pyyamls(text):
    assert _with_lines(parse_yaml(text, "f.yaml")) == _with_lines(yaml.load(text, Loader=_Loader))


def test_an_anchor_shared_stays_one_value():
    data = parse_yaml("base: &b {a: 1}\none: *b\n", "f.yaml")
    assert data["one"] is data["base"]


@pytest.mark.parametrize(
    "text, line, words",
    [
        ("entries:\n  - id: one\n    id: two\n", 3, "appears twice"),
        ("a: 1\n? [x]\n: 2\n", 2, "not a plain value"),
        ("a: [1, 2\nb: 3\n", 2, "YAML syntax error"),
    ],
)
def test_mistakes_name_their_line(text, line, words):
    with pytest.raises(SourceError) as caught:
        parse_yaml(text, "f.yaml")
    assert caught.value.line == line and words in str(caught.value)
