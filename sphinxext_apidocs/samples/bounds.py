"""Bounded checks of values against schemas (pure Python, no Sphinx).

:func:`search` is the one place a spec's ``pattern`` meets a string -- for the made-up
examples, for this package's own validator and for jsonschema's ``pattern`` keyword.
Python's ``re`` backtracks: ``^(a+)+$`` takes about 2**n steps on ``"a" * n + "!"``,
``^a*a*a*a*$`` about n**4.  Each pattern is read once (Python's own parser) and given a
*degree*: how its worst case grows with the length of the text (exponential for a repeat
whose iterations can split the same text in several ways, or a back reference; n**k for
k repeats in a row that can hand characters to each other; one more when the search is
not anchored).  A string is matched only when that worst case stays within
:data:`MATCH_STEPS`; a longer one, or any string against a pattern Python cannot read
(``\\p{L}``), is *not checked*: the answer is None, and the caller says so
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
#: the degree of a pattern whose worst case grows exponentially
EXPONENTIAL = math.inf
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


def unchecked_reason(pattern: str) -> str:
    """Why strings are left unchecked against ``pattern``, for a message."""
    compiled, longest = _read(pattern)
    if compiled is None:
        return "Python cannot read it"
    return f"it can backtrack for very long on text longer than {longest} characters"


@lru_cache(maxsize=4096)
def _read(pattern: str) -> tuple[re.Pattern[str] | None, int | None]:
    """The compiled pattern (None: unreadable) and the longest text it is run on (None:
    any; its worst case grows linearly)."""
    try:
        compiled = re.compile(pattern)
        parsed = sre_parse.parse(pattern)
    except (re.error, RecursionError, OverflowError):
        return None, None
    try:
        degree = _Reader(bool(compiled.flags & re.IGNORECASE)).degree(parsed)
    except (RecursionError, _TooDeep):
        degree = EXPONENTIAL
    if degree <= 1:
        return compiled, None
    if degree == EXPONENTIAL:
        return compiled, int(math.log2(MATCH_STEPS))
    return compiled, int(MATCH_STEPS ** (1 / degree))


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


@dataclass(frozen=True)
class _Node:
    """What a piece of a pattern can do."""

    first: _Chars = _NONE
    """Characters a match of it can start with."""
    chars: _Chars = _NONE
    """Characters it can consume."""
    last: _Chars = _NONE
    """Characters a variable-length part at its end can consume (it can take more)."""
    nullable: bool = True
    variable: bool = False
    """It can match strings of different lengths."""
    ambiguous: bool = False
    """It can match one string in several ways (alternatives that start alike)."""
    degree: float = 0
    """Its worst case grows as n**degree."""


class _TooDeep(Exception):
    """Groups and repeats nested deeper than :data:`MAX_NESTING`."""


class _Reader:
    def __init__(self, ignore_case: bool) -> None:
        self.ignore_case = ignore_case

    def degree(self, parsed: Any) -> float:
        """The degree of a whole pattern, searched (not anchored: one more)."""
        node = self.sequence(list(parsed), 0)
        anchored = (
            bool(parsed.data)
            and str(parsed.data[0][0]) == "AT"
            and (str(parsed.data[0][1]) in ("AT_BEGINNING", "AT_BEGINNING_STRING"))
        )
        return node.degree if anchored or node.degree == 0 else node.degree + 1

    def sequence(self, items: list[Any], nesting: int) -> _Node:
        first, chars, last = _NONE, _NONE, _NONE
        nullable, variable, ambiguous = True, False, False
        degree: float = 0
        #: the repeats so far that may still trade characters with a later one: what they
        #: can consume, and the length of the longest chain of trading repeats they end
        chains: list[tuple[_Chars, float]] = []
        for op, arg in items:
            node = self.item(str(op), arg, nesting)
            if nullable:
                first = first | node.first
            chars = chars | node.chars
            last = (last | node.last) if node.nullable else node.last
            nullable = nullable and node.nullable
            variable = variable or node.variable
            ambiguous = ambiguous or node.ambiguous
            degree = max(degree, node.degree)
            if node.variable or node.ambiguous:
                before = max((n for c, n in chains if c.meets(node.first)), default=0)
                chains.append((node.chars, before + max(node.degree, 1)))
                degree = max(degree, chains[-1][1])
            elif not node.nullable:
                # a fixed character ends the repeats that cannot take it
                chains = [(c, n) for c, n in chains if c.meets(node.chars)]
        return _Node(first, chars, last, nullable, variable, ambiguous, degree)

    def item(self, name: str, arg: Any, nesting: int) -> _Node:
        if nesting > MAX_NESTING:
            raise _TooDeep
        if name in ("LITERAL", "NOT_LITERAL", "ANY", "IN"):
            one = self.charset(name, arg)
            return _Node(first=one, chars=one, nullable=False)
        if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, high, sub = arg
            return self.repeat(low, high, sub, nesting + 1)
        if name == "SUBPATTERN":
            return self.sequence(list(arg[-1]), nesting + 1)
        if name == "ATOMIC_GROUP":
            return self.sequence(list(arg), nesting + 1)
        if name == "BRANCH":
            return self.branch([self.sequence(list(b), nesting + 1) for b in arg[1]])
        if name in ("ASSERT", "ASSERT_NOT"):
            inner = self.sequence(list(arg[1]), nesting + 1)
            return _Node(degree=inner.degree + 1 if inner.variable else inner.degree)
        if name in ("GROUPREF", "GROUPREF_EXISTS", "GROUPREF_IGNORE"):
            return _Node(first=_ANY, chars=_ANY, last=_ANY, variable=True, degree=EXPONENTIAL)
        return _Node()  # AT (anchors), FAILURE, SUCCESS: zero width

    def repeat(self, low: int, high: int, sub: Any, nesting: int) -> _Node:
        body = self.sequence(list(sub), nesting)
        if high == 0:
            return _Node()
        more = high != low
        variable = more or body.variable
        degree = body.degree
        boundary = body.variable and body.last.meets(body.first)  # where one iteration ends
        if high > 1 and more and (body.ambiguous or boundary or (body.nullable and body.variable)):
            degree = EXPONENTIAL
        elif boundary and low > 1:
            degree = max(body.degree, 1) * low  # (a*){5}: a*a*a*a*a*
        return _Node(
            first=body.first,
            chars=body.chars,
            last=body.chars if more else body.last,
            nullable=body.nullable or low == 0,
            variable=variable,
            ambiguous=body.ambiguous,
            degree=degree,
        )

    @staticmethod
    def branch(alternatives: list[_Node]) -> _Node:
        first, chars, last = _NONE, _NONE, _NONE
        ambiguous = False
        for alternative in alternatives:
            ambiguous = ambiguous or alternative.ambiguous or first.meets(alternative.first)
            first, chars, last = (
                first | alternative.first,
                chars | alternative.chars,
                (last | alternative.last),
            )
        return _Node(
            first=first,
            chars=chars,
            last=last,
            nullable=any(a.nullable for a in alternatives),
            variable=len({(a.nullable, a.variable) for a in alternatives}) > 1
            or any(a.variable for a in alternatives),
            ambiguous=ambiguous,
            degree=max((a.degree for a in alternatives), default=0),
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
