"""Read YAML while remembering the line every mapping, key and list item came from.

PyYAML's safe loader drops positions; the knowledge files are edited by hand, so every error
has to point at a line. Mappings load as :class:`Located` dicts and lists as :class:`LocatedList`.

A 10,000-entry qa.yaml is 5 MB and some 180,000 nodes, so how it is read matters (a reload waits
for it): libyaml composes the nodes, and the common ones (mappings, lists and text, no anchors
shared) are built directly rather than through PyYAML's general constructor, which keeps books on
every node for cases these files do not have; anything else is left to it. The nodes are then let
go of a slice at a time: freed at once, they held the GIL (and stalled the bot) for 90 ms.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

from bot.errors import SourceError


class Located(dict):
    """A mapping that knows its own line and the line of each key."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        """Return the line of ``key`` (or of the mapping when the key is missing)."""
        return self.key_lines.get(key, self.line)


class LocatedList(list):
    """A list that knows its own line and the line of each item."""

    line: int = 0
    item_lines: list[int]

    def line_of(self, index: int) -> int:
        """Return the line of item ``index``."""
        return self.item_lines[index] if index < len(self.item_lines) else self.line


# A safe loader whose mappings and lists carry line numbers (1-based): built on libyaml's parser
# when PyYAML was built with it (several times faster), else PyYAML's own; the same safe
# constructor either way. Made with type() since which base exists is only known at run time.
_Loader = type("_Loader", (getattr(yaml, "CSafeLoader", yaml.SafeLoader),), {})


def _construct_mapping(loader: yaml.constructor.SafeConstructor, node: yaml.MappingNode) -> Located:
    loader.flatten_mapping(node)
    result = Located()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, "a key here is not a plain value", key_node.start_mark
            ) from None
        if key in result:
            raise yaml.constructor.ConstructorError(
                None, None, f"the key {key!r} appears twice in this mapping", key_node.start_mark
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: yaml.constructor.SafeConstructor, node: yaml.SequenceNode) -> LocatedList:
    result = LocatedList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


_STR = "tag:yaml.org,2002:str"
_MAP = yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG
_SEQ = yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG
_INT = "tag:yaml.org,2002:int"
_PLAIN_KEYS = frozenset({_STR, "tag:yaml.org,2002:int", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null"})
_SLICE = 500  # nodes let go of at a time


class _Shared(Exception):
    """A node met twice (an anchor and its aliases): left to PyYAML's constructor, which shares it."""


def _build(loader: _Loader, node: yaml.Node, open_nodes: set[int]) -> Any:
    """Return the value of ``node`` as the located constructors make it, without PyYAML's bookkeeping."""
    kind = type(node)
    if kind is yaml.ScalarNode:
        # Text as written; numbers, true/false, dates and the rest by the safe constructor.
        tag = node.tag
        if tag == _STR:
            return node.value
        return loader.construct_yaml_int(node) if tag == _INT else loader.construct_object(node, deep=True)
    if id(node) in open_nodes:
        raise _Shared
    open_nodes.add(id(node))
    if kind is yaml.SequenceNode and node.tag == _SEQ:
        children = node.value
        result = LocatedList([_build(loader, child, open_nodes) for child in children])
        result.line = node.start_mark.line + 1
        result.item_lines = [child.start_mark.line + 1 for child in children]
        return result
    if kind is yaml.MappingNode and node.tag == _MAP:
        pairs = node.value
        if not all(type(key) is yaml.ScalarNode and key.tag in _PLAIN_KEYS for key, _ in pairs):
            return _construct_mapping(loader, node)  # merge keys ("<<"), keys that are lists or mappings
        result = Located()
        result.line = node.start_mark.line + 1
        result.key_lines = key_lines = {}
        for key_node, value_node in pairs:
            key = key_node.value if key_node.tag == _STR else loader.construct_object(key_node, deep=True)
            if key in result:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the key {key!r} appears twice in this mapping", key_node.start_mark
                )
            result[key] = _build(loader, value_node, open_nodes)
            key_lines[key] = key_node.start_mark.line + 1
        return result
    return loader.construct_object(node, deep=True)


def _let_go(node: yaml.Node) -> None:
    """Empty the long lists of a parsed document's nodes a slice at a time (see the module's docstring)."""
    pending = [node]
    while pending:
        current = pending.pop()
        if not isinstance(current, yaml.CollectionNode):
            continue
        children = [value for _, value in current.value] if isinstance(current, yaml.MappingNode) else current.value
        pending += (child for child in children if isinstance(child, yaml.CollectionNode) and len(child.value) > 50)
        del children
        while current.value:
            del current.value[-_SLICE:]


def _load(text: str) -> Any:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        try:
            return _build(loader, node, set())
        except _Shared:
            return loader.construct_document(node)
        finally:
            _let_go(node)
    finally:
        loader.dispose()


def parse_yaml(text: str, name: str, *, error: type[SourceError] = SourceError) -> Any:
    """Parse ``text`` (the contents of the file called ``name``) or raise ``error`` with its line."""
    try:
        return _load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or exc.context or "not valid YAML"
        raise error(name, line, f"YAML syntax error: {problem}") from None
    except yaml.reader.ReaderError as exc:
        # A control character (a stray escape code, a NUL): it carries an offset, not a line, and
        # libyaml counts it in bytes, PyYAML in characters; the first such character is the one.
        character = chr(exc.character) if isinstance(exc.character, int) else str(exc.character)
        found = text.find(character)
        line = text.count("\n", 0, found) + 1 if found >= 0 else None
        raise error(
            name,
            line,
            f"YAML syntax error: the invisible control character U+{ord(character[:1] or ' '):04X} is not allowed",
        ) from None
    except yaml.YAMLError as exc:  # pragma: no cover - other PyYAML errors carry no mark
        raise error(name, None, f"YAML error: {exc}") from None


def display_path(path: Path) -> str:
    """Return ``path`` as errors name it: absolute, so it means the same whatever the working folder."""
    return os.path.abspath(path)


def read_yaml(path: Path, *, error: type[SourceError] = SourceError, name: str | None = None) -> Any:
    """Read and parse the YAML file at ``path``; any problem becomes ``error`` naming the file."""
    shown = name or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise error(shown, None, "file not found") from None
    except UnicodeDecodeError as exc:
        raise error(shown, None, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise error(shown, None, f"cannot read the file ({exc.strerror})") from None
    return parse_yaml(text, shown, error=error)
