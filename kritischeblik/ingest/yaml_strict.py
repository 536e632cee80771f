"""A strict YAML loader for front matter and sidecar files: small, plain, and read as written.

YAML as PyYAML's ``safe_load`` reads it has traps for a metadata block written by hand or by a hostile
party:
- anchors and aliases (``&a`` / ``*a``) let 0.6 KB expand to gigabytes ("billion laughs"): refused, as are
  explicit tags other than YAML's own core ones (``!!binary``, ``!!set``, ``!python/...``);
- a repeated key silently replaced the earlier value: refused at any depth, also when the two differ only in
  case or spacing, with the line of both;
- YAML 1.1 turns ``0x1F`` into 31, ``007`` into 7, ``yes``/``on`` into True, ``1:30`` into 90 and
  ``1.10`` into 1.1. Here only plain decimal integers (``2``) become numbers and only ``true``/``false``
  become booleans; every other scalar is kept as the text that was written. Keys are always text as
  written. Values of identifying keys (``id``, names: see ``RAW_KEYS``) are always text as written, so
  ``id: 0x1F`` stays "0x1F" and ``id: true`` stays "true";
- dates (``2024-03-05``) are checked (``2024-02-30`` is an error, not a traceback) and kept as ISO text;
- nesting deeper than ``MAX_DEPTH`` and blocks larger than ``MAX_BYTES`` are refused before they can
  exhaust the stack or the memory.
"""

from __future__ import annotations

import re
from typing import Any

from yaml import YAMLError
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver, Resolver
from yaml.scanner import Scanner

from ..errors import InputError

MAX_BYTES = 64 * 1024
MAX_DEPTH = 32
# Keys whose values identify an interview or a person: always the text as written, at any depth.
RAW_KEYS = re.compile(r"^(id|omgeving|duo|respondent(_?\d+)?|respondenten|respondent_rol|organisatie)$")

_TAG = "tag:yaml.org,2002:"


class _Refused(Exception):
    def __init__(self, message: str, node_or_mark: Any) -> None:
        super().__init__(message)
        self.message = message
        self.mark = getattr(node_or_mark, "start_mark", node_or_mark)


class _Resolver(BaseResolver):
    """YAML 1.2 core-like: no octal/hex/sexagesimal numbers, no yes/no/on/off, no floats, no merge keys."""


_Resolver.add_implicit_resolver(
    _TAG + "bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Resolver.add_implicit_resolver(
    _TAG + "int", re.compile(r"^[-+]?(?:0|[1-9][0-9]{0,17})$"), list("-+0123456789")
)
_Resolver.add_implicit_resolver(_TAG + "null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])
for _first, _resolvers in Resolver.yaml_implicit_resolvers.items():
    for _tag, _regexp in _resolvers:
        if _tag == _TAG + "timestamp":
            _Resolver.add_implicit_resolver(_tag, _regexp, [_first])


class _Composer(Composer):
    depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node:
        event = self.peek_event()
        if isinstance(event, AliasEvent) or getattr(event, "anchor", None) is not None:
            raise _Refused(
                "YAML-verwijzingen (&/*) zijn niet toegestaan; schrijf elke waarde voluit", event.start_mark
            )
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _Refused(f"te diep genest (meer dan {MAX_DEPTH} niveaus)", event.start_mark)
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class _Constructor(SafeConstructor):
    yaml_constructors: dict = {}  # only the core tags below; the rest is refused in construct_undefined
    line_offset = 0

    def construct_undefined(self, node: Node) -> Any:
        tag = str(node.tag).replace(_TAG, "!!")
        raise _Refused(f"YAML-tag '{tag}' is niet toegestaan; schrijf de waarde als gewone tekst", node)

    def construct_timestamp(self, node: Node) -> str:
        try:
            value = SafeConstructor.construct_yaml_timestamp(self, node)
        except ValueError:
            raise _Refused(f"ongeldige datum '{node.value}'", node) from None
        return value.isoformat()

    def construct_mapping(self, node: Node, deep: bool = False) -> dict:
        return _mapping(node, lambda n: self.construct_object(n, deep=deep), self.line_offset)


for _name, _fn in {
    "null": SafeConstructor.construct_yaml_null,
    "bool": SafeConstructor.construct_yaml_bool,
    "int": SafeConstructor.construct_yaml_int,
    "float": SafeConstructor.construct_yaml_float,
    "str": SafeConstructor.construct_yaml_str,
    "seq": SafeConstructor.construct_yaml_seq,
    "map": SafeConstructor.construct_yaml_map,
    "timestamp": _Constructor.construct_timestamp,
}.items():
    _Constructor.add_constructor(_TAG + _name, _fn)
_Constructor.add_constructor(None, _Constructor.construct_undefined)


class _Loader(Reader, Scanner, Parser, _Composer, _Constructor, _Resolver):
    def __init__(self, stream: str, line_offset: int) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        _Composer.__init__(self)
        _Constructor.__init__(self)
        _Resolver.__init__(self)
        self.line_offset = line_offset


def _key_text(node: Node) -> str:
    if not isinstance(node, ScalarNode):
        raise _Refused("een sleutel moet tekst zijn, geen lijst of mapping", node)
    return node.value.strip()


def _mapping(node: Node, value_of: Any, line_offset: int) -> dict:
    """A mapping with keys as written; a key seen before (ignoring case and spacing) is refused."""
    if not isinstance(node, MappingNode):
        raise _Refused("verwacht sleutel: waarde-regels", node)
    out: dict[str, Any] = {}
    seen: dict[str, tuple[str, int]] = {}
    for key_node, value_node in node.value:
        key = _key_text(key_node)
        norm = " ".join(key.casefold().split())
        line = key_node.start_mark.line + line_offset
        if norm in seen:
            first, first_line = seen[norm]
            if first == key:
                message = f"dubbele sleutel '{key}' (ook op regel {first_line}); haal er één weg"
            else:
                message = (
                    f"dubbele sleutel '{key}': op regel {first_line} staat al '{first}' (alleen hoofdletters "
                    "of spaties verschillen); haal er één weg"
                )
            raise _Refused(message, key_node)
        seen[norm] = (key, line)
        out[key] = value_of(value_node)
    return out


def _as_written(node: Node, line_offset: int) -> Any:
    """A value exactly as written: scalars as their text (a plain empty or ``~``/``null`` as None)."""
    if isinstance(node, ScalarNode):
        return None if node.tag == _TAG + "null" else node.value
    if isinstance(node, SequenceNode):
        return [_as_written(n, line_offset) for n in node.value]
    return _mapping(node, lambda n: _as_written(n, line_offset), line_offset)


def load_front_matter(block: str, source: str, first_line: int) -> tuple[dict[str, Any], dict[str, int]]:
    """(data, line of each top-level key) of a front-matter block whose first line is ``first_line`` in
    ``source``. Raises InputError with the file and line of the problem."""
    size = len(block.encode("utf-8"))
    if size > MAX_BYTES:
        raise InputError(
            source,
            f"front matter is te groot ({size // 1024} KB; maximaal {MAX_BYTES // 1024} KB)",
            first_line,
        )
    if not block.strip():
        return {}, {}
    loader: _Loader | None = None
    try:
        loader = _Loader(block, first_line)  # the reader already refuses some characters
        root = loader.get_single_node()
        if root is None:
            return {}, {}
        if not isinstance(root, MappingNode):
            raise InputError(
                source, "front matter moet sleutel: waarde-regels bevatten (een YAML-mapping)", first_line
            )
        lines: dict[str, int] = {}

        def value_of(key: str, node: Node) -> Any:
            if RAW_KEYS.match(key.lower()):
                return _as_written(node, first_line)
            assert loader is not None
            return loader.construct_object(node, deep=True)

        data: dict[str, Any] = {}
        seen = _mapping(root, lambda n: n, first_line)  # checks keys and duplicates; values still nodes
        for key_node, _ in root.value:
            lines.setdefault(_key_text(key_node), key_node.start_mark.line + first_line)
        for key, node in seen.items():
            data[key] = value_of(key, node)
        return data, lines
    except _Refused as e:
        line = e.mark.line + first_line if e.mark is not None else first_line
        raise InputError(source, f"front matter: {e.message}", line) from None
    except YAMLError as e:
        # The context mark is where the broken construct began ("[" never closed): that is the line to fix.
        mark = getattr(e, "context_mark", None) or getattr(e, "problem_mark", None)
        line = mark.line + first_line if mark else first_line
        problem = getattr(e, "problem", None) or "ongeldige YAML"
        raise InputError(source, f"front matter is geen geldige YAML: {problem}", line) from None
    finally:
        if loader is not None:
            loader.dispose()
