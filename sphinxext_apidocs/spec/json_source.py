"""JSON text to plain data: duplicate keys, ``NaN``/``Infinity``, huge integers and
nesting past :data:`~.document.MAX_DEPTH` found and reported with their positions."""

from __future__ import annotations

import json
import math
from typing import Any

from ..diagnostics.problems import Problem
from ..diagnostics.subtypes import Subtype
from .document import MAX_DEPTH, TOO_DEEP, LoadedDocument, outer_pointer
from .json_positions import JsonOutline, decode_outlined
from .numbers import SourceFloat, int_or_digits
from .pointer import escape_token

__all__ = ["load_json"]


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


def load_json(
    text: str, path: str, problems: list[Problem], *, strict: bool
) -> LoadedDocument | None:
    """JSON to a document; None (when not ``strict``) if the text is not JSON."""
    state = _JsonState()
    outline: JsonOutline | None = None
    try:
        decoder = json.JSONDecoder(
            object_pairs_hook=state.pairs, parse_float=SourceFloat, parse_constant=state.constant
        )
        data, outline = decode_outlined(text, decoder)
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
                parse_int=int_or_digits,
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
                TOO_DEEP,
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
    _check_parsed(doc, state)
    return doc


def _check_parsed(doc: LoadedDocument, state: _JsonState) -> None:
    """Refuse the document if it nests too deep, else report its duplicate keys and the
    first ``NaN``/``Infinity`` its parse met."""
    data, path, problems = doc.data, doc.path, doc.problems
    too_deep = _json_depth(data) > MAX_DEPTH
    if not (too_deep or state.duplicates or state.constants):
        return
    found = _json_locate(data, set(state.duplicates))
    if too_deep:
        where = outer_pointer(found.get(_DEEP, ""))
        problems.append(
            Problem(
                Subtype.DEPTH.value,
                TOO_DEEP,
                path,
                doc.line_of(where),
                where,
            )
        )
        doc.data = None
        doc.refused = True
        return
    for dict_id, keys in state.duplicates.items():
        for key in keys:
            pointer = f"{found.get(dict_id, '')}/{escape_token(key)}"
            first = doc.first_line_of(pointer)
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
