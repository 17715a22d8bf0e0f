"""Bounded checks of values against schemas (pure Python, no Sphinx).

:func:`search` is the one place a spec's ``pattern`` meets a string -- for the made-up
examples, for this package's own validator and for jsonschema's ``pattern`` keyword.
Python's ``re`` backtracks: ``^(a+)+$`` takes about 2**n steps on ``"a" * n + "!"``,
``^a*a*a*a*$`` about n**4, ``^(a|a){30}$`` 2**30 at any length.  Each pattern is read
once (Python's own parser, with its flags, also those of a group) and given a worst case:
exponential for a repeat whose iterations can match the same text in several ways
(alternatives that match one string, both nothing or starting alike; an iteration that
can end where the next begins), or a back reference; n**k for k repeats in a row that can
hand characters to each other; times the ways its fixed parts match one string; n times
more when the search is not anchored.  A string is matched only when that worst case
stays within :data:`MATCH_STEPS`; a longer one, or any string against a pattern Python
cannot read (``\\p{L}``), is *not checked*: the answer is None, and the caller says so
(:class:`Unchecked`) instead of calling the value right or wrong.

The reading is conservative: it may call a harmless pattern costly (its long strings are
then left unchecked, and said so), never the other way round.
"""

from __future__ import annotations

import math
import re
import re._parser as sre_parse  # type: ignore[import-not-found]  # Python's own regex parser (3.11+)
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

#: the worst-case backtracking steps one match may take (about 0.1 s of ``re``)
MATCH_STEPS = 2**18
#: the ways one match may take, at most, for a pattern to count as linear (``2**LINEAR_WAYS``)
LINEAR_WAYS = 4
#: nesting of groups and repeats read, at most (deeper: taken as exponential)
MAX_NESTING = 100


@dataclass
class Unchecked:
    """What a check of values left unjudged, to be reported (never a silent pass)."""

    patterns: dict[str, None] = field(default_factory=dict)
    """Patterns that met a string they could not be checked against (in order met)."""
    exhausted: bool = False
    """The work budget ran out: the value's validity is not known."""
    steps: int = 0
    """The work done so far, counted by the checker (schemas visited)."""

    def __bool__(self) -> bool:
        return bool(self.patterns) or self.exhausted


class WorkExhausted(Exception):
    """A checker's work budget ran out (raised by the checker, caught where it began)."""


def search(pattern: str, text: str) -> bool | None:
    """``re.search(pattern, text)`` as jsonschema does it, when that is cheap enough;
    None when it is not checked (see the module docstring)."""
    compiled, longest = _read(pattern)
    if compiled is None or (longest is not None and len(text) > longest):
        return None
    return compiled.search(text) is not None


def readable(pattern: str) -> bool:
    """Whether Python can read ``pattern`` (``\\p{L}`` it cannot)."""
    return _read(pattern)[0] is not None


def longest_checked(pattern: str) -> int | None:
    """The longest text :func:`search` runs ``pattern`` on (None: any; -1: none)."""
    return _read(pattern)[1]


def unchecked_reason(pattern: str) -> str:
    """Why strings are left unchecked against ``pattern``, for a message."""
    compiled, longest = _read(pattern)
    if compiled is None:
        return "Python cannot read it"
    if longest is not None and longest < 0:
        return "it can backtrack for very long on any text"
    return f"it can backtrack for very long on text longer than {longest} characters"


@lru_cache(maxsize=4096)
def _read(pattern: str) -> tuple[re.Pattern[str] | None, int | None]:
    """The compiled pattern (None: unreadable) and the longest text it is run on (None:
    any, its worst case grows linearly; -1: none)."""
    try:
        compiled = re.compile(pattern)
        parsed = sre_parse.parse(pattern)
    except (re.error, RecursionError, OverflowError):
        return None, None
    try:
        node = _Reader(bool(compiled.flags & re.IGNORECASE)).sequence(list(parsed), 0)
    except (RecursionError, _TooDeep):
        return compiled, -1
    first = parsed.data[0] if parsed.data else None
    anchored = (
        first is not None
        and str(first[0]) == "AT"
        and (
            str(first[1]) == "AT_BEGINNING_STRING"
            or (str(first[1]) == "AT_BEGINNING" and not compiled.flags & re.MULTILINE)
        )
    )
    return compiled, _longest(node, searched=not anchored)


def _longest(node: _Node, searched: bool) -> int | None:
    """The longest text of length n whose worst case, ``2**ways * 2**(rate * n) *
    n**degree`` (``n`` times more when searched from every start), stays within
    :data:`MATCH_STEPS`."""
    degree = node.degree + 1 if searched else node.degree
    if node.rate == 0 and degree <= 1 and node.ways <= LINEAR_WAYS:
        return None
    budget = math.log2(MATCH_STEPS) - node.ways
    if budget < 0:
        return -1
    if node.rate == 0:
        return None if degree == 0 else int(2 ** (budget / degree))
    longest = 0
    while node.rate * (longest + 1) + degree * math.log2(longest + 1) <= budget:
        longest += 1
    return longest


# -- reading a parsed pattern -------------------------------------------------------------

_ASCII = frozenset(range(128))


@dataclass(frozen=True)
class _Chars:
    """A set of characters, over-approximated: exact for ASCII, "some" beyond."""

    ascii: frozenset[int] = frozenset()
    beyond: bool = False

    def __or__(self, other: _Chars) -> _Chars:
        return _Chars(self.ascii | other.ascii, self.beyond or other.beyond)

    def meets(self, other: _Chars) -> bool:
        return bool(self.ascii & other.ascii) or (self.beyond and other.beyond)


_NONE = _Chars()
_ANY = _Chars(_ASCII, True)
_CATEGORIES = {
    "CATEGORY_DIGIT": frozenset(range(48, 58)),
    "CATEGORY_SPACE": frozenset(b" \t\n\r\f\v"),
    "CATEGORY_WORD": frozenset(b"0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"),
}
#: parse items that match nothing (anchors, and those that fail or succeed at once)
_ZERO_WIDTH = frozenset({"AT", "FAILURE", "SUCCESS"})


@dataclass(frozen=True)
class _Node:
    """What a piece of a pattern can do (over-approximated: it may do less)."""

    first: _Chars = _NONE
    """Characters a non-empty match of it can start with."""
    chars: _Chars = _NONE
    """Characters it can consume."""
    last: _Chars = _NONE
    """Characters where a longer match of it goes on after a shorter one has ended."""
    shortest: float = 0
    longest: float = 0
    ambiguous: bool = False
    """It can match one string in several ways."""
    ways: float = 0
    """The ways it can match one string at one length, at most: ``2**ways``."""
    degree: float = 0
    """Its worst case grows as n**degree (on top of ``rate``)."""
    rate: float = 0
    """Its worst case grows as ``2**(rate * n)``: 0 unless exponential."""

    @property
    def nullable(self) -> bool:
        return self.shortest == 0

    @property
    def variable(self) -> bool:
        return self.shortest != self.longest


#: any piece of a pattern: what a part not read in detail is taken to be
_OPAQUE = _Node(first=_ANY, chars=_ANY, last=_ANY, longest=math.inf, ambiguous=True, rate=1)


class _TooDeep(Exception):
    """Groups and repeats nested deeper than :data:`MAX_NESTING`."""


class _Reader:
    def __init__(self, ignore_case: bool) -> None:
        self.ignore_case = ignore_case

    def sequence(self, items: list[Any], nesting: int) -> _Node:
        done = _Node()
        #: the parts so far that may still trade characters with a later one (or make it
        #: try again): what they can consume, and the longest chain of such parts they end
        chains: list[tuple[_Chars, float]] = []
        degree: float = 0
        for op, arg in items:
            node = self.item(str(op), arg, nesting)
            # one text matched by done then node, split in two places: done's shorter
            # match ends where its longer one goes on, and node starts there
            splits = done.variable and done.last.meets(node.first)
            last = node.last | (done.last if done.variable and node.nullable else _NONE)
            if splits:
                last = last | done.chars | node.chars
            degree = max(degree, node.degree)
            if node.variable or node.ambiguous or node.degree:
                before = max((n for c, n in chains if c.meets(node.first)), default=0)
                chains.append((node.chars, before + max(node.degree, 1)))
                degree = max(degree, chains[-1][1])
            elif not node.nullable:
                # a fixed character ends the repeats that cannot take it
                chains = [(c, n) for c, n in chains if c.meets(node.chars)]
            done = _Node(
                first=done.first | node.first if done.nullable else done.first,
                chars=done.chars | node.chars,
                last=last,
                shortest=done.shortest + node.shortest,
                longest=done.longest + node.longest,
                ambiguous=done.ambiguous or node.ambiguous or splits,
                ways=done.ways + node.ways,
                degree=degree,
                rate=done.rate + node.rate,
            )
        return done

    def item(self, name: str, arg: Any, nesting: int) -> _Node:
        if nesting > MAX_NESTING:
            raise _TooDeep
        if name in ("LITERAL", "NOT_LITERAL", "ANY", "IN"):
            one = self.charset(name, arg)
            return _Node(first=one, chars=one, shortest=1, longest=1)
        if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, high, sub = arg
            return self.repeat(low, high, sub, nesting + 1)
        if name == "SUBPATTERN":
            return self.scoped(arg, nesting + 1)
        if name == "ATOMIC_GROUP":
            return self.sequence(list(arg), nesting + 1)
        if name == "BRANCH":
            return self.branch([self.sequence(list(b), nesting + 1) for b in arg[1]])
        if name in ("ASSERT", "ASSERT_NOT"):
            inner = self.sequence(list(arg[1]), nesting + 1)
            # it looks at the text after (or before) each place it is tried at
            degree = inner.degree + 1 if inner.variable else inner.degree
            return _Node(first=inner.first, ways=inner.ways, degree=degree, rate=inner.rate)
        if name in _ZERO_WIDTH:
            return _Node()
        return _OPAQUE  # back references (they make any regular reading wrong), the unknown

    def scoped(self, arg: Any, nesting: int) -> _Node:
        """A group, with the flags it adds or removes for its own part."""
        _group, add, remove, sub = arg
        outer = self.ignore_case
        if add & re.IGNORECASE:
            self.ignore_case = True
        if remove & re.IGNORECASE:
            self.ignore_case = False
        try:
            return self.sequence(list(sub), nesting)
        finally:
            self.ignore_case = outer

    def repeat(self, low: int, high: int, sub: Any, nesting: int) -> _Node:
        body = self.sequence(list(sub), nesting)
        if high == 0:
            return _Node()
        times = math.inf if high == sre_parse.MAXREPEAT else high
        more = times != low
        # where one iteration's shorter match ends, the next can start
        boundary = body.variable and body.last.meets(body.first)
        several_ways = body.ambiguous or boundary or (body.nullable and body.variable)
        degree, ways, rate = body.degree, body.ways * low, body.rate
        if times > 1 and more and several_ways:
            # exponential: each character can begin, go on or end an iteration, each of
            # which matches in its own ways
            degree = 0
            rate = body.rate + body.ways + max(body.degree, 1) + 1
        elif boundary and low > 1:
            degree = max(body.degree, 1) * low  # (a*){5}: a*a*a*a*a*
        return _Node(
            first=body.first,
            chars=body.chars,
            last=body.chars if more or body.variable else _NONE,
            shortest=body.shortest * low,
            longest=body.longest * times if body.longest else 0,
            ambiguous=body.ambiguous or (times > 1 and several_ways),
            ways=max(ways, body.ways),
            degree=degree,
            rate=rate,
        )

    @staticmethod
    def branch(alternatives: list[_Node]) -> _Node:
        first, chars, last = _NONE, _NONE, _NONE
        ambiguous, nullable = False, False
        for alternative in alternatives:
            # two alternatives match one string: both nothing, or both something
            ambiguous = (
                ambiguous
                or alternative.ambiguous
                or (nullable and alternative.nullable)
                or first.meets(alternative.first)
            )
            nullable = nullable or alternative.nullable
            first, chars, last = (
                first | alternative.first,
                chars | alternative.chars,
                last | alternative.last,
            )
        shortest = min((a.shortest for a in alternatives), default=0)
        longest = max((a.longest for a in alternatives), default=0)
        return _Node(
            first=first,
            chars=chars,
            last=last | chars if shortest != longest else last,
            shortest=shortest,
            longest=longest,
            ambiguous=ambiguous,
            ways=max((a.ways for a in alternatives), default=0)
            + (math.log2(len(alternatives)) if ambiguous else 0),
            degree=max((a.degree for a in alternatives), default=0),
            rate=max((a.rate for a in alternatives), default=0),
        )

    def charset(self, name: str, arg: Any) -> _Chars:
        """The characters one LITERAL, NOT_LITERAL, ANY or IN can consume."""
        if name == "ANY":
            return _ANY
        if name == "LITERAL":
            return self.cased(_Chars(frozenset({arg}) & _ASCII, arg >= 128))
        if name == "NOT_LITERAL":
            return _Chars(_ASCII - {arg}, True)
        members, negate = _NONE, False
        for op, value in arg:
            kind = str(op)
            if kind == "NEGATE":
                negate = True
            elif kind == "LITERAL":
                members = members | _Chars(frozenset({value}) & _ASCII, value >= 128)
            elif kind == "RANGE":
                low, high = value
                members = members | _Chars(frozenset(range(low, min(high, 127) + 1)), high >= 128)
            elif kind == "CATEGORY":
                own = _CATEGORIES.get(str(value))
                members = members | (_Chars(own, True) if own is not None else _ANY)
            else:
                members = members | _ANY
        if negate:  # exact in ASCII, so its complement is too
            members = _Chars(_ASCII - members.ascii, True)
        return self.cased(members)

    def cased(self, chars: _Chars) -> _Chars:
        if not self.ignore_case:
            return chars
        swapped = {ord(chr(c).swapcase()) for c in chars.ascii} & _ASCII
        return _Chars(chars.ascii | swapped, True)
