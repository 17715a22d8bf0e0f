"""Load one YAML or JSON file into plain data, safely, remembering source lines.

Pure Python (no Sphinx).  :func:`load_document` never raises for bad input;
everything wrong becomes a :class:`~.problems.Problem`.  Policies:

* Bytes: UTF-8 (a BOM is stripped) or UTF-16/32 with a BOM.  Invalid UTF-8,
  Latin-1 and NUL bytes refuse the file (``encoding``).  A lone surrogate
  escape (``"\\ud800"`` in JSON or a YAML double-quoted string) is replaced by
  U+FFFD with an ``encoding`` warning; the document is kept.
* YAML: PyYAML (libyaml when available) only *parses*; the data is built here
  from its event stream, iteratively: YAML 1.2 core-schema scalars (``yes``,
  ``012345`` and ``2024-01-01`` stay strings; floats are :class:`SourceFloat`),
  keys are the text they were written as, duplicate keys warn (last wins),
  ``<<`` merges, any tag outside the standard ones warns (``unsafe``) and is
  ignored, aliases share one object and may add at most
  :data:`ALIAS_EXPANSION_LIMIT` nodes in all (then a placeholder string), and
  an alias to a node that contains it becomes a placeholder.  Events are used
  rather than ``yaml.compose`` because libyaml's composer recurses in C (and
  crashes the interpreter on ``[[[[...`` 30,000 deep) and is five times
  slower; building from events stops at :data:`MAX_DEPTH` before libyaml has
  read more than a few kilobytes of a deep input.
* JSON: duplicate keys warn (last wins); ``NaN``/``Infinity`` are kept as
  floats with a ``parse`` warning; integers over 4,300 digits are kept as their
  digit strings; floats are :class:`SourceFloat`.
* Nesting deeper than :data:`MAX_DEPTH` refuses the document (``depth``).
* A root that is not a mapping warns (``not-openapi``); the data is kept.
"""

from __future__ import annotations

import codecs
import gc
import json
import math
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from json.scanner import make_scanner
from typing import Any, cast

import yaml
from yaml import events as ye

from ..diagnostics.problems import Problem
from ..diagnostics.subtypes import Subtype
from .pointer import escape_token

__all__ = [
    "ALIAS_EXPANSION_LIMIT",
    "DEFAULT_MAX_BYTES",
    "MAX_DEPTH",
    "LoadedDocument",
    "SourceFloat",
    "load_document",
]

MAX_DEPTH = 200
"""Deepest container nesting accepted (the root mapping is depth 1)."""
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
ALIAS_EXPANSION_LIMIT = 1_000_000
"""Most nodes YAML aliases may add to a document in all (billion laughs)."""

_YamlLoader: Any = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader


class SourceFloat(float):
    """A float that remembers the text it was written as (``.source``, e.g. ``'3.0'``, ``'1.50'``)."""

    __slots__ = ("source",)
    source: str

    def __new__(cls, source: str, value: float | None = None) -> SourceFloat:
        self = super().__new__(cls, float(source) if value is None else value)
        self.source = source
        return self

    def __reduce__(self) -> tuple[type[SourceFloat], tuple[str, float]]:
        return (SourceFloat, (self.source, float(self)))


def _outer(pointer: str, parts: int = 8) -> str:
    """The ancestor of ``pointer`` at most ``parts`` levels down (for messages)."""
    return "/".join(pointer.split("/", parts + 1)[: parts + 1])


class LoadedDocument:
    """One loaded file: its data (None when refused), problems and source lines."""

    def __init__(
        self,
        path: str,
        data: object | None,
        problems: list[Problem],
        lines: dict[str, int] | None = None,
        json_text: str | None = None,
        *,
        refused: bool = False,
        has_duplicates: bool = False,
        outline: JsonOutline | None = None,
    ) -> None:
        self.path = path
        self.data = data
        self.problems = problems
        self.refused = refused
        """True when the file could not be loaded at all (``data`` is None)."""
        self._lines = lines
        self._json = (
            JsonLines(json_text, outline, complete=has_duplicates)
            if json_text is not None
            else None
        )

    def line_of(self, pointer: str) -> int | None:
        """1-based line of the value at ``pointer``, else of its nearest existing ancestor."""
        if self._json is not None:
            return self._json.line_of(pointer)
        lines = self._lines or {}
        while True:
            line = lines.get(pointer)
            if line is not None or not pointer:
                return line
            pointer = pointer[: pointer.rfind("/")] if "/" in pointer else ""

    def _first_line_of(self, pointer: str) -> int | None:
        """For a duplicated JSON key, the line of its first occurrence (else None)."""
        if self._json is None:
            return None
        self._json.line_of(pointer)
        return self._json.first_lines.get(pointer)


@contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic garbage collection meanwhile: loading and checking a large spec make
    millions of objects, and each full collection walks all of them (a quarter of an
    ``apicheck`` run on GitHub's spec).  Collection resumes afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# -- entry point -------------------------------------------------------------


def load_document(
    content: bytes, path: str, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> LoadedDocument:
    """Parse ``content`` (the bytes of the file at ``path``); never raises for bad input.

    JSON when ``path`` ends in ``.json`` (a JSON error is reported, with no
    YAML retry) or when the text starts with ``{``/``[`` and parses as JSON;
    YAML otherwise.  A lone surrogate escape is replaced by U+FFFD with an
    ``encoding`` warning; JSON ``NaN``/``Infinity`` are kept with a ``parse``
    warning.
    """
    problems: list[Problem] = []

    def refuse(subtype: Subtype, message: str, line: int | None = None) -> LoadedDocument:
        problems.append(Problem(subtype.value, message, path, line))
        return LoadedDocument(path, None, problems, {}, refused=True)

    if len(content) > max_bytes:
        return refuse(
            Subtype.SIZE,
            f"file is {len(content):,} bytes, over the limit of {max_bytes:,}; not parsed",
        )
    text = decode_text(content, path, problems)
    if text is None:
        return LoadedDocument(path, None, problems, {}, refused=True)
    if not text.strip():
        return refuse(Subtype.NOT_OPENAPI, "the file is empty; expected an OpenAPI document")

    doc: LoadedDocument | None = None
    if path.lower().endswith(".json"):
        doc = _load_json(text, path, problems, strict=True)
    elif text.lstrip()[:1] in ("{", "["):
        doc = _load_json(text, path, problems, strict=False)
    if doc is None:
        doc = _load_yaml(text, path, problems)

    escapes = _SURROGATE_ESCAPE_UTF8 if _encoding(content).startswith("utf-8") else None
    if doc.data is not None and (
        escapes.search(content) if escapes is not None else _SURROGATE_ESCAPE.search(text)
    ):
        doc.data = _replace_surrogates(doc)
    _check_root(doc)
    return doc


def _check_root(doc: LoadedDocument) -> None:
    """Warn unless the root is a mapping (an empty document is refused)."""
    data = doc.data
    if isinstance(data, dict) or doc.refused:
        return
    if data is None:
        doc.refused = True
        message = "expected an OpenAPI document: the document is empty (null)"
    else:
        kinds = {list: "a list", str: "a string", bool: "a boolean"}
        got = kinds.get(type(data), "a number")
        message = (
            f"expected an OpenAPI document: a mapping with an `openapi` or `swagger` key, got {got}"
        )
    doc.problems.append(Problem(Subtype.NOT_OPENAPI.value, message, doc.path, doc.line_of(""), ""))


# -- bytes to text -----------------------------------------------------------

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _encoding(content: bytes) -> str:
    return next((enc for bom, enc in _BOMS if content.startswith(bom)), "utf-8")


def decode_text(content: bytes, path: str, problems: list[Problem]) -> str | None:
    """The text of ``content``, or None (and a problem) if it is not text."""
    encoding = _encoding(content)
    try:
        text = content.decode(encoding)
    except UnicodeDecodeError as exc:
        before = content[: exc.start].decode(encoding, errors="replace")
        line = before.count("\n") + 1
        bad = content[exc.start : exc.start + 4].hex(" ")
        hint = " (Latin-1 or another 8-bit encoding?)" if encoding == "utf-8" else ""
        problems.append(
            Problem(
                Subtype.ENCODING.value,
                f"not valid {encoding.upper().removesuffix('-SIG')} text at line {line}: bytes {bad}{hint}; save the file as UTF-8",
                path,
                line,
            )
        )
        return None
    # (in UTF-8 a NUL byte is a NUL character: the bytes are searched faster)
    nul = text.find("\x00") if not encoding.startswith("utf-8") or b"\x00" in content else -1
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        hint = " (UTF-16 without a byte-order mark?)" if text.count("\x00") * 4 > len(text) else ""
        problems.append(
            Problem(
                Subtype.ENCODING.value,
                f"NUL character at line {line}{hint}; save the file as UTF-8",
                path,
                line,
            )
        )
        return None
    return text


# `\ud800`-`\udfff` escapes (JSON, YAML "..."), possibly written with \U.
_SURROGATE_ESCAPE = re.compile(r"\\(?:u|U0000)[dD][89a-fA-F][0-9a-fA-F]{2}")
_SURROGATE_ESCAPE_UTF8 = re.compile(_SURROGATE_ESCAPE.pattern.encode())
_SURROGATE = re.compile("[\ud800-\udfff]")


def _replace_surrogates(doc: LoadedDocument) -> object:
    """Replace lone surrogates (from escapes) in strings by U+FFFD, with a warning."""
    found: list[str] = []

    def fix(value: str, pointer: str) -> str:
        if not _SURROGATE.search(value):
            return value
        if not found:
            found.append(pointer)
        # Valid pairs were already joined by the parser: what is left is lone.
        return _SURROGATE.sub("\ufffd", value)

    def fix_tree(root: object) -> object:
        if isinstance(root, str):
            return fix(root, "")
        stack: list[tuple[object, str]] = [(root, "")]
        seen: set[int] = set()
        while stack:
            node, pointer = stack.pop()
            if id(node) in seen:
                continue
            seen.add(id(node))
            if isinstance(node, dict):
                items = list(node.items())
                if any(isinstance(k, str) and _SURROGATE.search(k) for k, _ in items):
                    node.clear()
                    node.update((fix(k, pointer), v) for k, v in items)
                    items = list(node.items())
                for k, v in items:
                    child = f"{pointer}/{escape_token(k)}"
                    if isinstance(v, str):
                        node[k] = fix(v, child)
                    elif isinstance(v, (dict, list)):
                        stack.append((v, child))
            elif isinstance(node, list):
                for i, v in enumerate(node):
                    if isinstance(v, str):
                        node[i] = fix(v, f"{pointer}/{i}")
                    elif isinstance(v, (dict, list)):
                        stack.append((v, f"{pointer}/{i}"))
        return root

    data = fix_tree(doc.data)
    if found:
        pointer = found[0]
        doc.problems.append(
            Problem(
                Subtype.ENCODING.value,
                "lone UTF-16 surrogate escape (such as \\ud800) in a string; replaced by U+FFFD",
                doc.path,
                doc.line_of(pointer),
                pointer,
            )
        )
    return data


# -- JSON --------------------------------------------------------------------


class _JsonState:
    """What the hooks of one ``json.loads`` call saw."""

    def __init__(self) -> None:
        self.duplicates: dict[int, list[str]] = {}
        self.constants: list[str] = []

    def pairs(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(pairs)
        if len(result) != len(pairs):
            seen: set[str] = set()
            dups = self.duplicates.setdefault(id(result), [])
            for key, _ in pairs:
                if key in seen and key not in dups:
                    dups.append(key)
                seen.add(key)
        return result

    def constant(self, name: str) -> SourceFloat:
        self.constants.append(name)
        return SourceFloat(name, float(name))


def _int_or_digits(text: str) -> int | str:
    """``int(text)``, or the digits themselves past Python's 4,300-digit limit."""
    try:
        return int(text)
    except ValueError:
        return text


def _load_json(
    text: str, path: str, problems: list[Problem], *, strict: bool
) -> LoadedDocument | None:
    """JSON to a document; None (when not ``strict``) if the text is not JSON."""
    state = _JsonState()
    outline: JsonOutline | None = None
    try:
        decoder = json.JSONDecoder(
            object_pairs_hook=state.pairs, parse_float=SourceFloat, parse_constant=state.constant
        )
        data, outline = _decode_outlined(text, decoder)
    except (ValueError, StopIteration, IndexError, RecursionError):
        state = _JsonState()  # not plain JSON: json.loads says why, or copes (below)
    try:
        try:
            if outline is None:
                data = json.loads(
                    text,
                    object_pairs_hook=state.pairs,
                    parse_float=SourceFloat,
                    parse_constant=state.constant,
                )
        except json.JSONDecodeError:
            raise
        except ValueError:  # an integer over sys.get_int_max_str_digits()
            state = _JsonState()
            data = json.loads(
                text,
                object_pairs_hook=state.pairs,
                parse_float=SourceFloat,
                parse_constant=state.constant,
                parse_int=_int_or_digits,
            )
    except json.JSONDecodeError as exc:
        if not strict:
            return None
        problems.append(
            Problem(
                Subtype.PARSE.value,
                f"invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})",
                path,
                exc.lineno,
            )
        )
        return LoadedDocument(path, None, problems, {}, refused=True)
    except RecursionError:
        if not strict:
            return None  # the YAML loader will say how deep
        line, pointer = _too_deep_in_json(text)
        problems.append(
            Problem(
                Subtype.DEPTH.value,
                f"nesting deeper than {MAX_DEPTH} levels; not loaded",
                path,
                line,
                pointer,
            )
        )
        return LoadedDocument(path, None, problems, {}, refused=True)

    doc = LoadedDocument(
        path,
        data,
        problems,
        None,
        text,
        has_duplicates=bool(state.duplicates),
        outline=None if state.duplicates else outline,
    )
    too_deep = _json_depth(data) > MAX_DEPTH
    if not (too_deep or state.duplicates or state.constants):
        return doc
    found = _json_locate(data, set(state.duplicates))
    if too_deep:
        where = _outer(found.get(_DEEP, ""))
        problems.append(
            Problem(
                Subtype.DEPTH.value,
                f"nesting deeper than {MAX_DEPTH} levels; not loaded",
                path,
                doc.line_of(where),
                where,
            )
        )
        doc.data = None
        doc.refused = True
        return doc
    for dict_id, keys in state.duplicates.items():
        for key in keys:
            pointer = f"{found.get(dict_id, '')}/{escape_token(key)}"
            first = doc._first_line_of(pointer)
            at = f" (first at line {first})" if first is not None else ""
            problems.append(
                Problem(
                    Subtype.DUPLICATE_KEY.value,
                    f"duplicate key {key!r}{at}; the last one wins",
                    path,
                    doc.line_of(pointer),
                    pointer,
                )
            )
    if state.constants:
        pointer = found.get(_NOT_FINITE, "")
        problems.append(
            Problem(
                Subtype.PARSE.value,
                f"{state.constants[0]} is not valid JSON (kept as a number)",
                path,
                doc.line_of(pointer),
                pointer,
            )
        )
    return doc


def _too_deep_in_json(text: str) -> tuple[int, str]:
    """The line and JSON pointer where ``text`` first nests deeper than ``MAX_DEPTH``
    (for a document ``json.loads`` cannot even build); (1, "") if it does not."""
    stack: list[list[Any]] = []  # per open container: [is_object, key or index]
    line, i, n = 1, 0, len(text)
    last_string: str | None = None
    while i < n:
        c = text[i]
        if c == "\n":
            line += 1
        elif c == '"':
            end = i + 1
            while end < n and text[end] != '"':
                end += 2 if text[end] == "\\" else 1
            try:
                last_string = json.loads(text[i : end + 1])
            except ValueError:
                last_string = text[i + 1 : end]
            i = end
        elif c == ":" and stack and stack[-1][0]:
            stack[-1][1] = last_string
        elif c == "," and stack and not stack[-1][0]:
            stack[-1][1] += 1
        elif c in "{[":
            if len(stack) >= MAX_DEPTH:
                return line, "".join(f"/{escape_token(str(key))}" for _, key in stack)
            stack.append([c == "{", None if c == "{" else 0])
        elif c in "}]" and stack:
            stack.pop()
        i += 1
    return 1, ""


def _json_depth(data: object) -> int:
    """How deeply containers nest in ``data`` (counting stops past MAX_DEPTH); a level at a
    time, each in one comprehension."""
    depth = 0
    level = [data] if type(data) is dict or type(data) is list else []
    while level and depth <= MAX_DEPTH:
        depth += 1
        level = [
            v
            for node in level
            for v in (node.values() if type(node) is dict else node)
            if type(v) is dict or type(v) is list
        ]
    return depth


_DEEP, _NOT_FINITE = -1, -2


def _json_locate(data: object, dict_ids: set[int]) -> dict[int, str]:
    """Pointers of the dicts whose ids are in ``dict_ids``, of a container past
    MAX_DEPTH (key ``_DEEP``) and of a NaN or infinity (``_NOT_FINITE``)."""
    found: dict[int, str] = {}
    stack: list[tuple[Any, int, str]] = [(data, 1, "")]
    while stack:
        node, depth, pointer = stack.pop()
        if depth > MAX_DEPTH:
            found.setdefault(_DEEP, pointer)
            continue
        if type(node) is dict:
            if id(node) in dict_ids:
                found[id(node)] = pointer
            items: Any = node.items()
        elif type(node) is list:
            items = enumerate(node)
        else:
            continue
        for k, v in items:
            if type(v) is dict or type(v) is list:
                stack.append((v, depth + 1, f"{pointer}/{escape_token(str(k))}"))
            elif type(v) is SourceFloat and not math.isfinite(v):
                found.setdefault(_NOT_FINITE, f"{pointer}/{escape_token(str(k))}")
    return found


_SPACE = re.compile(r"[ \t\n\r]*")
_SPACE_OR_COMMA = re.compile(r"[ \t\n\r,]*")
_COLON = re.compile(r"[ \t\n\r]*:[ \t\n\r]*")


#: a JSON string at an offset, decoded: (its text, the offset after it); C speed
_scanstring: Callable[[str, int], tuple[str, int]] = json.decoder.scanstring  # type: ignore[attr-defined]  # not in typeshed's json.decoder


def _skip(pattern: re.Pattern[str], text: str, pos: int) -> int:
    """Where ``pattern``, matched at ``pos``, ends (the white-space patterns always match;
    ``_COLON`` does after a key of valid JSON)."""
    match = pattern.match(text, pos)
    if match is None:
        raise ValueError(f"unexpected character at offset {pos}")
    return match.end()


#: steps over one JSON value (C speed; numbers stay text, so no conversion can fail)
_step_over = json.JSONDecoder(parse_int=str, parse_float=str, parse_constant=str).raw_decode


#: objects this deep (the root, /paths and /components, a path item and a component map)
#: have their members' offsets recorded as they are decoded
OUTLINE_DEPTH = 3
JsonOutline = tuple[dict[str, tuple[int, int]], list[str]]
"""(pointer -> (offset of its key, offset of its value), the objects so recorded)."""


def _decode_outlined(text: str, decoder: json.JSONDecoder) -> tuple[Any, JsonOutline]:
    """``decoder.decode(text)``, and where the members of the outer objects start.

    The outer objects are read here, a member at a time (their values by the C decoder,
    so the decoding costs the same); finding a line later then steps over values only
    inside them, not over all of ``/paths`` to reach ``/components``.  Raises
    ValueError, StopIteration or IndexError for text that is not plain JSON.
    """
    scan_once = make_scanner(decoder)  # type: ignore[arg-type]  # typeshed wants a scanner
    hook = decoder.object_pairs_hook
    assert hook is not None
    members: dict[str, tuple[int, int]] = {}
    outlined: list[str] = []

    def value(pos: int, pointer: str, depth: int) -> tuple[Any, int]:
        if depth < OUTLINE_DEPTH and text.startswith("{", pos):
            return members_of(pos, pointer, depth)
        return scan_once(text, pos)

    def members_of(pos: int, pointer: str, depth: int) -> tuple[Any, int]:
        outlined.append(pointer)
        pairs: list[tuple[str, Any]] = []
        pos = _skip(_SPACE, text, pos + 1)
        if text[pos] == "}":
            return hook(pairs), pos + 1
        while True:
            if text[pos] != '"':
                raise ValueError("expected a key")
            key, end = _scanstring(text, pos + 1)
            start = _skip(_COLON, text, end)
            member = f"{pointer}/{escape_token(key)}"
            members[member] = (pos, start)
            item, pos = value(start, member, depth + 1)
            pairs.append((key, item))
            pos = _skip(_SPACE, text, pos)
            if text[pos] == ",":
                pos = _skip(_SPACE, text, pos + 1)
            elif text[pos] == "}":
                return hook(pairs), pos + 1
            else:
                raise ValueError("expected ',' or '}'")

    data, end = value(_skip(_SPACE, text, 0), "", 0)
    if _skip(_SPACE, text, end) != len(text):
        raise ValueError("extra data")
    return data, (members, outlined)


class JsonLines:
    """The lines of JSON pointers in a (valid) JSON text, found on demand.

    Indexing every key of a 12 MB spec costs half a second in Python, for the few
    hundred lines a report names.  Instead the members of the outer objects come from
    ``outline`` (recorded while decoding), and any other container is scanned only as
    far as a pointer asked for needs, its members' offsets kept, each value passed over
    stepped over by the C decoder.  A key's line is the line of the key; an array
    item's, the line where it starts.  With ``complete`` (the text has duplicate keys)
    containers are scanned to their end, so that the last of the duplicates wins, as
    in the data, and :attr:`first_lines` has the line of the first.
    """

    def __init__(
        self, text: str, outline: JsonOutline | None = None, *, complete: bool = False
    ) -> None:
        self.text = text
        self._outline = outline
        self.complete = complete
        self.first_lines: dict[str, int] = {}
        start = _skip(_SPACE, text, 0)
        line = text.count("\n", 0, start) + 1
        #: pointer -> (offset of its value, line at that offset, line reported)
        self._at: dict[str, tuple[int, int, int]] = {"": (start, line, line)}
        #: container pointer -> where its scan stopped: [offset, line there, next array
        #: index or -1 in an object, whether the value at offset is still to be passed];
        #: None when scanned to its end
        self._scans: dict[str, list[Any] | None] = {}

    def line_of(self, pointer: str) -> int | None:
        if self._outline is not None:
            self._take_outline()
        at = self._at
        found = at.get(pointer)
        if found is not None:
            return found[2]
        cut = len(pointer)  # the nearest ancestor already located ...
        while cut > 0:
            cut = pointer.rfind("/", 0, cut)
            if cut < 0 or pointer[:cut] in at:
                break
        if cut < 0:
            return None
        known = pointer[:cut]
        while True:  # ... and down from it, a token at a time
            end = pointer.find("/", cut + 1)
            child = pointer if end < 0 else pointer[:end]
            if child not in at:
                self._scan(known, child)
                if child not in at:  # no such member: the nearest ancestor's line
                    return at[known][2]
            if end < 0:
                return at[child][2]
            known, cut = child, end

    def _take_outline(self) -> None:
        """The members recorded while decoding, with their lines: the outer objects need
        no scan."""
        assert self._outline is not None
        members, outlined = self._outline
        self._outline = None
        line_at: dict[int, int] = {}
        line, last, count = 1, 0, self.text.count
        for offset in sorted({o for places in members.values() for o in places}):
            line += count("\n", last, offset)
            line_at[offset] = line
            last = offset
        for member, (key, value) in members.items():
            self._at[member] = (value, line_at[value], line_at[key])
        for container in outlined:
            self._scans[container] = None

    def _scan(self, container: str, wanted: str) -> None:
        """Record the members of ``container`` up to ``wanted`` (or to its end)."""
        scans = self._scans
        state = scans.get(container)
        if state is None:
            if container in scans:
                return  # scanned to its end already
            offset, line, _ = self._at[container]
            opening = self.text[offset]
            if opening not in "{[":  # a scalar has no members
                scans[container] = None
                return
            state = [offset + 1, line, 0 if opening == "[" else -1, False]
        text, at, count = self.text, self._at, self.text.count
        pos, line, index, pending = state
        while True:
            if pending:
                end = _step_over(text, pos)[1]
                line += count("\n", pos, end)
                pos = end
            end = _skip(_SPACE_OR_COMMA, text, pos)
            line += count("\n", pos, end)
            pos = end
            if text[pos] in "}]":
                scans[container] = None
                return
            if index < 0:
                key, end = _scanstring(text, pos + 1)
                member = f"{container}/{escape_token(key)}"
                key_line = line
                end = _skip(_COLON, text, end)
                line += count("\n", pos, end)
                pos = end
                if member in at:
                    self.first_lines.setdefault(member, at[member][2])
                at[member] = (pos, line, key_line)
            else:
                member = f"{container}/{index}"
                index += 1
                at[member] = (pos, line, line)
            pending = True
            if member == wanted and not self.complete:
                scans[container] = [pos, line, index, pending]
                return


# -- YAML --------------------------------------------------------------------

_YAML_TAG = "tag:yaml.org,2002:"
_STANDARD_TAGS = frozenset(
    _YAML_TAG + name
    for name in (
        "str", "int", "float", "bool", "null", "map", "seq",
        "binary", "timestamp", "set", "omap", "pairs", "merge", "value", "yaml",
    )
)  # fmt: skip
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_SPECIAL_START = frozenset("-+.0123456789")
_NUMBER = re.compile(
    r"(?P<int>[-+]?(?:0|[1-9][0-9]*))"
    r"|(?P<hex>0x[0-9a-fA-F]+)"
    r"|(?P<oct>0o[0-7]+)"
    r"|(?P<float>[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?)"
    r"|(?P<inf>[-+]?\.(?:inf|Inf|INF))"
    r"|(?P<nan>\.(?:nan|NaN|NAN))"
)


def _plain_scalar(text: str) -> object:
    """A plain (unquoted, untagged) scalar by the YAML 1.2 core schema."""
    if text in _NULLS:
        return None
    flag = _BOOLS.get(text)
    if flag is not None:
        return flag
    if text[0] in _SPECIAL_START:
        m = _NUMBER.fullmatch(text)
        if m is not None:
            kind = m.lastgroup
            if kind == "int":
                return _int_or_digits(text)
            if kind == "hex":
                return int(text, 16)
            if kind == "oct":
                return int(text[2:], 8)
            if kind == "float":
                # Digits alone that are no int (a leading zero: 012345) stay text.
                if "." in text or "e" in text or "E" in text:
                    return SourceFloat(text)
                return text
            if kind == "inf":
                return SourceFloat(text, -math.inf if text[0] == "-" else math.inf)
            return SourceFloat(text, math.nan)
    return text


def _tagged_scalar(tag: str, text: str) -> tuple[object, bool]:
    """A scalar with an explicit standard tag; ``ok`` False if the text does not fit it."""
    name = tag[len(_YAML_TAG) :]
    if name == "int":
        if re.fullmatch(r"[-+]?[0-9]+", text):
            return _int_or_digits(text), True
        value = _plain_scalar(text) if text else None
        return (value, True) if type(value) is int else (text, False)
    if name == "float":
        value = _plain_scalar(text) if text else None
        if type(value) is SourceFloat:
            return value, True
        try:
            return SourceFloat(text, float(value) if type(value) is int else float(text)), True
        except ValueError:
            return text, False
    if name == "bool":
        flag = {"true": True, "false": False}.get(text.lower())
        return (flag, True) if flag is not None else (text, False)
    if name == "null":
        return (None, True) if text in _NULLS else (text, False)
    # str, binary, timestamp, ... : the text as written
    return text, True


def _yaml_tag_name(tag: str) -> str:
    return "!!" + tag[len(_YAML_TAG) :] if tag.startswith(_YAML_TAG) else tag


def _key_text(value: object) -> str:
    """A non-scalar or aliased key as text."""
    if isinstance(value, str):
        return value
    if isinstance(value, SourceFloat):
        return value.source
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return json.dumps(value, ensure_ascii=False, default=str)


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
                        top.container[top.key] = text if event.style else _plain_scalar(text)
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
                value = _plain_scalar(text) if plain and tag is None else text
        elif tag in _STANDARD_TAGS:
            if tag == _YAML_TAG + "merge" and as_key:
                self.add_key_merge(line)
                return
            value, ok = _tagged_scalar(tag, text)
            if not ok:
                self.problem(
                    Subtype.PARSE,
                    f"{text!r} is not a valid {_yaml_tag_name(tag)}; kept as text",
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
        if tag is not None and tag != "!" and tag not in _STANDARD_TAGS:
            self.unknown_tag(tag, line)
        if len(self.stack) >= MAX_DEPTH:
            self.problem(
                Subtype.DEPTH,
                f"nesting deeper than {MAX_DEPTH} levels; not loaded",
                line,
                _outer(self.here()),
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
                    _outer(self.here()),
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
            self.add_key(top, value if isinstance(value, str) else _key_text(value), line)
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
                    f"unsupported YAML tag {_yaml_tag_name(tag)}{more} ignored: the value is kept as "
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


def _load_yaml(text: str, path: str, problems: list[Problem]) -> LoadedDocument:
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
                f"nesting deeper than {MAX_DEPTH} levels; not loaded",
                line or 1,
                _outer(builder.here()),
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
