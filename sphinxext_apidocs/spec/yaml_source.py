"""YAML text to plain data, built iteratively from PyYAML's event stream: positions,
duplicate keys, ``<<`` merges, unknown tags, aliases within a budget, nesting within
:data:`~.document.MAX_DEPTH`."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, cast

import yaml
from yaml import events as ye

from ..diagnostics.problems import Problem
from ..diagnostics.subtypes import Subtype
from .document import MAX_DEPTH, TOO_DEEP, LoadedDocument, outer_pointer
from .pointer import escape_token
from .yaml_scalars import (
    STANDARD_TAGS,
    YAML_TAG,
    key_text,
    plain_scalar,
    tagged_scalar,
    yaml_tag_name,
)

__all__ = ["ALIAS_EXPANSION_LIMIT", "load_yaml"]

ALIAS_EXPANSION_LIMIT = 1_000_000
"""Most nodes YAML aliases may add to a document in all (billion laughs)."""

_YamlLoader: Any = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader


class _Frame:
    """A mapping or sequence being built."""

    __slots__ = (
        "anchor", "child", "container", "height", "is_map", "key",
        "merge_line", "merges", "merging", "pointer", "size", "want_key",
    )  # fmt: skip

    def __init__(
        self, container: dict[str, Any] | list[Any], pointer: str | None, anchor: str | None
    ) -> None:
        self.container: Any = container
        self.is_map = type(container) is dict
        self.pointer = pointer  # None inside a complex key: no positions there
        self.anchor = anchor
        self.want_key = True  # mappings only: is the next node a key?
        self.key = ""
        self.child: str | None = None  # pointer of the value being built
        self.size = 1  # expanded node count
        self.height = 1  # container levels, this one included
        self.merges: list[object] | None = None  # values of `<<` keys
        self.merging = False  # is the value being built that of a `<<` key?
        self.merge_line = 0


class _Refused(Exception):
    """The document cannot be loaded; the problem is already recorded."""


class _YamlBuilder:
    """Builds plain data from a YAML event stream, without recursion."""

    def __init__(self, path: str, problems: list[Problem]) -> None:
        self.path = path
        self.problems = problems
        self.lines: dict[str, int] = {}
        self.stack: list[_Frame] = []
        # name -> (value, size, height), or the _Frame still being built
        self.anchors: dict[str, tuple[object, int, int] | _Frame] = {}
        self.alias_budget = ALIAS_EXPANSION_LIMIT
        self.omitted: list[tuple[str, int, int, str]] = []  # alias, size, line, pointer
        self.tags: dict[str, list[Any]] = {}  # tag -> [count, line, pointer]
        self.root: object = None

    # -- where we are
    def here(self) -> str:
        """Pointer of the node about to be added (for messages)."""
        if not self.stack:
            return ""
        top = self.stack[-1]
        base = top.pointer if top.pointer is not None else ""
        if not top.is_map:
            return f"{base}/{len(top.container)}"
        return top.child if top.child is not None and not top.want_key else base

    def problem(
        self, subtype: Subtype, message: str, line: int, pointer: str | None = None
    ) -> None:
        self.problems.append(
            Problem(
                subtype.value, message, self.path, line, self.here() if pointer is None else pointer
            )
        )

    # -- the event loop
    def build(self, get_event: Callable[[], Any]) -> object:
        """Build the document whose DocumentStartEvent was just read; return its root."""
        stack, lines = self.stack, self.lines
        while True:
            event = get_event()
            cls = event.__class__
            line = event.start_mark.line + 1
            if cls is ye.ScalarEvent:
                # Fast path: an untagged, unanchored scalar in a mapping.
                top = stack[-1] if stack else None
                if (
                    top is not None
                    and top.is_map
                    and top.pointer is not None
                    and event.tag is None
                    and event.anchor is None
                ):
                    text = event.value
                    if top.want_key:
                        if text not in top.container and (text != "<<" or event.style):
                            top.want_key = False
                            top.key = text
                            top.child = child = f"{top.pointer}/{escape_token(text)}"
                            lines[child] = line
                            top.size += 1
                            continue
                    elif not top.merging:
                        top.want_key = True
                        top.container[top.key] = text if event.style else plain_scalar(text)
                        top.size += 1
                        continue
                self.scalar(event, line)
            elif cls is ye.MappingEndEvent or cls is ye.SequenceEndEvent:
                self.end(line)
            elif cls is ye.MappingStartEvent or cls is ye.SequenceStartEvent:
                self.start(event, cls is ye.MappingStartEvent, line)
            elif cls is ye.AliasEvent:
                self.alias(event, line)
            else:  # DocumentEndEvent
                return self.root

    def scalar(self, event: ye.ScalarEvent, line: int) -> None:
        tag, text = event.tag, event.value
        as_key = bool(self.stack) and self.stack[-1].is_map and self.stack[-1].want_key
        if tag is None or tag == "!":
            plain = event.style is None or event.style == ""
            if as_key:
                if plain and text == "<<":
                    self.add_key_merge(line)
                    return
                value: object = text
            else:
                value = plain_scalar(text) if plain and tag is None else text
        elif tag in STANDARD_TAGS:
            if tag == YAML_TAG + "merge" and as_key:
                self.add_key_merge(line)
                return
            value, ok = tagged_scalar(tag, text)
            if not ok:
                self.problem(
                    Subtype.PARSE,
                    f"{text!r} is not a valid {yaml_tag_name(tag)}; kept as text",
                    line,
                )
            if as_key:
                value = text
        else:
            self.unknown_tag(tag, line)
            value = text
        self.add(value, 1, 0, line)
        if event.anchor is not None:
            self.anchors[event.anchor] = (value, 1, 0)

    def start(self, event: ye.CollectionStartEvent, is_map: bool, line: int) -> None:
        tag = event.tag
        if tag is not None and tag != "!" and tag not in STANDARD_TAGS:
            self.unknown_tag(tag, line)
        if len(self.stack) >= MAX_DEPTH:
            self.problem(
                Subtype.DEPTH,
                TOO_DEEP,
                line,
                outer_pointer(self.here()),
            )
            raise _Refused
        pointer: str | None = ""
        if self.stack:
            top = self.stack[-1]
            if top.pointer is None or (top.is_map and top.want_key):
                pointer = None  # a complex key, or inside one
            elif top.is_map:
                pointer = top.child
            else:
                pointer = f"{top.pointer}/{len(top.container)}"
                self.lines[pointer] = line
        else:
            self.lines[""] = line
        frame = _Frame({} if is_map else [], pointer, event.anchor)
        if event.anchor is not None:
            self.anchors[event.anchor] = frame
        self.stack.append(frame)

    def end(self, line: int) -> None:
        frame = self.stack.pop()
        value: object = frame.container
        if frame.merges is not None:
            value = self.merged(frame)
        if frame.anchor is not None and self.anchors.get(frame.anchor) is frame:
            self.anchors[frame.anchor] = (value, frame.size, frame.height)
        self.add(value, frame.size, frame.height, line, attached=True)

    def alias(self, event: ye.AliasEvent, line: int) -> None:
        name = cast(str, event.anchor)
        target = self.anchors.get(name)
        if target is None:
            self.problem(Subtype.PARSE, f"alias *{name} has no anchor &{name} before it", line)
            self.add(f"<undefined alias *{name}>", 1, 0, line)
        elif isinstance(target, _Frame):
            self.problem(
                Subtype.ALIAS,
                f"alias *{name} refers to a node that contains it; replaced by a placeholder",
                line,
            )
            self.add(f"<alias *{name} omitted: refers to itself>", 1, 0, line)
        else:
            value, size, height = target
            if len(self.stack) + height > MAX_DEPTH:
                self.problem(
                    Subtype.DEPTH,
                    f"alias *{name} makes the nesting deeper than {MAX_DEPTH} levels; not loaded",
                    line,
                    outer_pointer(self.here()),
                )
                raise _Refused
            if size > 1 and size > self.alias_budget:
                self.omitted.append((name, size, line, self.here()))
                self.add(f"<alias *{name} omitted: expands to {size:,} nodes>", 1, 0, line)
                return
            self.alias_budget -= size - 1
            self.add(value, size, height, line)

    # -- attaching a finished node to its parent
    def add(self, value: object, size: int, height: int, line: int, attached: bool = False) -> None:
        if not self.stack:
            self.root = value
            if not attached:
                self.lines[""] = line
            return
        top = self.stack[-1]
        top.size += size
        if height >= top.height:
            top.height = height + 1
        if not top.is_map:
            items = cast(list[Any], top.container)
            if not attached and top.pointer is not None:
                self.lines[f"{top.pointer}/{len(items)}"] = line
            items.append(value)
        elif top.want_key:
            self.add_key(top, value if isinstance(value, str) else key_text(value), line)
        else:
            top.want_key = True
            if top.merging:
                top.merging = False
                self.add_merge(top, value, line)
            else:
                cast(dict[str, Any], top.container)[top.key] = value

    def add_key(self, top: _Frame, key: str, line: int) -> None:
        mapping = cast(dict[str, Any], top.container)
        top.want_key = False
        top.key = key
        if top.pointer is None:
            top.child = None
            first = None
        else:
            top.child = f"{top.pointer}/{escape_token(key)}"
            first = self.lines.get(top.child)
            self.lines[top.child] = line
        if key in mapping:
            at = f" (first at line {first})" if first is not None else ""
            self.problem(
                Subtype.DUPLICATE_KEY,
                f"duplicate key {key!r}{at}; the last one wins",
                line,
                top.child or top.pointer or "",
            )

    def add_key_merge(self, line: int) -> None:
        top = self.stack[-1]
        top.want_key = False
        top.key, top.child = "<<", None
        if top.merges is None:
            top.merges = []
        top.merging = True
        top.merge_line = line

    def add_merge(self, top: _Frame, value: object, line: int) -> None:
        merges = cast(list[object], top.merges)
        if isinstance(value, dict):
            merges.append(value)
        elif isinstance(value, list) and all(isinstance(v, dict) for v in value):
            merges.extend(value)
        else:
            base = top.pointer or ""
            self.problem(
                Subtype.PARSE,
                "a merge key `<<` needs a mapping or a list of mappings; kept as a key `<<`",
                line,
                f"{base}/<<",
            )
            cast(dict[str, Any], top.container)["<<"] = value

    def merged(self, frame: _Frame) -> dict[str, Any]:
        """The mapping with its `<<` merges: its own keys first win, then earlier merges."""
        own = cast(dict[str, Any], frame.container)
        result: dict[str, Any] = {}
        for mapping in reversed(cast(list[dict[str, Any]], frame.merges)):
            result.update(mapping)
        result.update(own)
        if frame.pointer is not None:
            for key in result.keys() - own.keys():
                self.lines.setdefault(f"{frame.pointer}/{escape_token(key)}", frame.merge_line)
        return result

    def unknown_tag(self, tag: str, line: int) -> None:
        seen = self.tags.get(tag)
        if seen is None:
            self.tags[tag] = [1, line, self.here()]
        else:
            seen[0] += 1

    def finish(self) -> None:
        """Problems summarised over the whole document."""
        for tag, (count, line, pointer) in self.tags.items():
            more = f" ({count} times)" if count > 1 else ""
            self.problems.append(
                Problem(
                    Subtype.UNSAFE.value,
                    f"unsupported YAML tag {yaml_tag_name(tag)}{more} ignored: the value is kept as "
                    "plain data and nothing is constructed",
                    self.path,
                    line,
                    pointer,
                )
            )
        if self.omitted:
            name, size, line, pointer = self.omitted[0]
            more = (
                f"; {len(self.omitted) - 1} more aliases omitted" if len(self.omitted) > 1 else ""
            )
            self.problems.append(
                Problem(
                    Subtype.ALIAS.value,
                    f"YAML aliases expand to more than {ALIAS_EXPANSION_LIMIT:,} nodes: alias *{name} "
                    f"({size:,} nodes) replaced by a placeholder{more}",
                    self.path,
                    line,
                    pointer,
                )
            )


_FLOW_TOKEN = re.compile(r""""(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|#[^\n]*|[\[\]{}]""")


def _flow_depth(text: str, end: int) -> int:
    """The deepest flow nesting (``[`` and ``{``) in ``text[:end]``, quoted strings and
    comments aside: tells a parser's refusal of deep nesting from other syntax errors
    without reading its message."""
    depth = deepest = 0
    for match in _FLOW_TOKEN.finditer(text, 0, end):
        token = match.group()
        if token == "[" or token == "{":
            depth += 1
            deepest = max(deepest, depth)
        elif token == "]" or token == "}":
            depth = max(depth - 1, 0)
    return deepest


def load_yaml(text: str, path: str, problems: list[Problem]) -> LoadedDocument:
    builder = _YamlBuilder(path, problems)
    data: object = None
    refused = False
    loader: Any = None
    try:
        loader = _YamlLoader(text)  # the pure Python reader may already object here
        loader.get_event()  # StreamStartEvent
        if loader.get_event().__class__ is ye.DocumentStartEvent:
            data = builder.build(loader.get_event)
            builder.finish()
            try:
                event = loader.get_event()
            except yaml.YAMLError:
                event = None  # more content, and broken
            if event.__class__ is not ye.StreamEndEvent:
                mark = getattr(event, "start_mark", None)
                problems.append(
                    Problem(
                        Subtype.NOT_OPENAPI.value,
                        "expected one document; the file holds several (`---`): only the first is read",
                        path,
                        mark.line + 1 if mark is not None else None,
                        "",
                    )
                )
    except _Refused:
        refused = True
    except yaml.MarkedYAMLError as exc:
        refused = True
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        if mark is not None and _flow_depth(text, mark.index) > MAX_DEPTH:
            # The parser refused a nesting we refuse too, before the builder saw it
            # (libyaml's scanner looks ahead; PyYAML 6.0.4 caps flow nesting at 1,000).
            # Whatever the parser's wording, the user gets ``depth``.
            builder.problem(
                Subtype.DEPTH,
                TOO_DEEP,
                line or 1,
                outer_pointer(builder.here()),
            )
        else:
            where = f" (line {line}, column {mark.column + 1})" if mark is not None else ""
            what = " ".join(x for x in (exc.context, exc.problem) if x)
            problems.append(
                Problem(Subtype.PARSE.value, f"invalid YAML: {what}{where}", path, line)
            )
    except yaml.YAMLError as exc:  # ReaderError: a character YAML does not allow
        refused = True
        position = getattr(exc, "position", None)
        line = None
        if isinstance(position, int):
            # libyaml counts UTF-8 bytes, the pure Python reader characters
            prefix = (
                text.encode()[:position]
                if _YamlLoader is not yaml.SafeLoader
                else text[:position].encode()
            )
            line = prefix.count(b"\n") + 1
        where = f" (line {line})" if line is not None else ""
        what = str(exc).split("\n")[0]
        problems.append(Problem(Subtype.PARSE.value, f"invalid YAML: {what}{where}", path, line))
    finally:
        if loader is not None:
            loader.dispose()
    if refused:
        return LoadedDocument(path, None, problems, {}, refused=True)
    return LoadedDocument(path, data, problems, builder.lines)
