"""Where things are in a JSON text: the outer objects' members recorded while decoding,
and the line of any JSON pointer found on demand (:class:`JsonLines`)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from json.scanner import make_scanner
from typing import Any

from .pointer import escape_token

__all__ = ["OUTLINE_DEPTH", "JsonLines", "JsonOutline", "decode_outlined"]

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


def decode_outlined(text: str, decoder: json.JSONDecoder) -> tuple[Any, JsonOutline]:
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
