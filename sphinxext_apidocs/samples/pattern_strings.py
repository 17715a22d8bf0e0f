"""Strings that match a regular expression ``pattern`` (pure Python, no Sphinx).

:func:`matching` builds the shortest string from Python's own parse of the pattern,
else takes one of a few common strings; :func:`padded` lengthens a string and keeps it
matching.  Every string is checked with :func:`..validation.bounds.search`, so a
catastrophic pattern cannot run for long.
"""

from __future__ import annotations

import re._parser as sre_parse  # type: ignore[import-not-found]  # Python's own regex parser (3.11+)
from typing import Any

from ..validation.bounds import readable, search

#: strings tried against a ``pattern`` (short, so no pattern can run for long)
PATTERN_CANDIDATES = (
    "string",
    "abc",
    "a",
    "A",
    "0",
    "1",
    "123",
    "a1",
    "abc123",
    "ABC",
    "a-b",
    "a_b",
    "a.b",
    "2024-01-01",
    "user@example.com",
    "https://example.com",
    "#000000",
    "+10000000000",
    "v1",
    "1.0.0",
)


def matching(pattern: str, longest: int) -> str | None:
    """A short string matching ``pattern`` (a built one at most ``longest`` characters
    long); None when there is none we can make.

    The pattern is parsed with Python's own regular expression parser and the
    shortest string is built from the parse tree; it is then checked with
    :func:`..validation.bounds.search` (so a catastrophic pattern cannot run for long).  Syntax
    Python does not know (``\\p{L}``) gives None: the caller falls back to a plain string.
    """
    if not readable(pattern):
        return None
    try:
        built = _build(sre_parse.parse(pattern))
    except (RecursionError, _Unbuildable, OverflowError):
        built = None
    candidates = ([built] if built is not None and len(built) <= longest else []) + list(
        PATTERN_CANDIDATES
    )
    return _first_match(pattern, candidates)


def padded(text: str, length: int, pattern: str | None) -> str:
    """``text`` made ``length`` long, still matching ``pattern`` where a repeated character can."""
    missing = length - len(text)
    if pattern is not None:
        chars = dict.fromkeys((text[-1:] or "x", "x", "0", "a", "A", "1", "-", " "))
        found = _first_match(
            pattern, [c for char in chars for c in (text + char * missing, char * missing + text)]
        )
        if found is not None:
            return found
    return text + "x" * missing


def _first_match(pattern: str, candidates: list[str]) -> str | None:
    """The first candidate that matches ``pattern``; else the first that cannot be checked
    (a best guess: the caller's check reports the pattern as not checked); else None."""
    unknown = None
    for candidate in candidates:
        found = search(pattern, candidate)
        if found:
            return candidate
        if found is None and unknown is None:
            unknown = candidate
    return unknown


class _Unbuildable(Exception):
    pass


_CATEGORY = {
    "CATEGORY_DIGIT": "0",
    "CATEGORY_NOT_DIGIT": "a",
    "CATEGORY_SPACE": " ",
    "CATEGORY_NOT_SPACE": "a",
    "CATEGORY_WORD": "a",
    "CATEGORY_NOT_WORD": "-",
}


def _build(tree: Any, depth: int = 0) -> str:
    """A short string for a parsed pattern (anchors ignored, the first alternative that
    gives some text taken)."""
    if depth > 50:
        raise _Unbuildable
    out: list[str] = []
    for op, arg in tree:
        name = str(op)
        if name == "LITERAL":
            out.append(chr(arg))
        elif name == "NOT_LITERAL":
            out.append("a" if chr(arg) != "a" else "b")
        elif name == "ANY":
            out.append("a")
        elif name == "IN":
            out.append(_class_member(arg))
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, _high, sub = arg
            out.append(_build(sub, depth + 1) * min(int(low), 64))
        elif name == "SUBPATTERN":
            out.append(_build(arg[-1], depth + 1))
        elif name == "BRANCH":
            out.append(_branch(arg[1], depth + 1))
        elif name in ("AT", "ASSERT", "ASSERT_NOT"):
            continue
        elif name == "CATEGORY":
            out.append(_CATEGORY.get(str(arg), "a"))
        else:  # back references, conditionals...
            raise _Unbuildable
    return "".join(out)


def _branch(alternatives: list[Any], depth: int) -> str:
    """The first alternative that gives some text (``^$|^[A-Z]{2}$`` gives ``AA``, a
    sample more telling than the empty string), else the first that can be built."""
    built: list[str] = []
    for alternative in alternatives:
        try:
            text = _build(alternative, depth)
        except _Unbuildable:
            continue
        if text:
            return text
        built.append(text)
    if not built:
        raise _Unbuildable
    return built[0]


def _class_member(items: Any) -> str:
    negate = False
    for op, arg in items:
        name = str(op)
        if name == "NEGATE":
            negate = True
        elif negate:
            continue
        elif name == "LITERAL":
            return chr(arg)
        elif name == "RANGE":
            return chr(arg[0])
        elif name == "CATEGORY":
            return _CATEGORY.get(str(arg), "a")
    if negate:
        excluded = {chr(arg) for op, arg in items if str(op) == "LITERAL"}
        return next(c for c in "a0-_ bA" if c not in excluded)
    raise _Unbuildable
