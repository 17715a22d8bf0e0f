"""Raw HTML in spec text as a flat list of events (text, start and end tags) that keep
their source text; builds nothing."""

from __future__ import annotations

import html
import re
from enum import StrEnum
from html.parser import HTMLParser
from typing import Final


class EventKind(StrEnum):
    """The first item of an :data:`Event`."""

    TEXT = "text"
    """``(TEXT, data)``"""
    START = "start"
    """``(START, tag, attrs, raw, selfclosing)``"""
    END = "end"
    """``(END, tag, raw)``"""
    MD = "md"
    """``(MD, token)``: a markdown-it inline token among the HTML events"""
    SKIP = "skip"
    """``(SKIP,)``: a comment, ``<!DOCTYPE>``, ``<?pi?>`` or ``<![CDATA[ ]]>``; never
    returned by :func:`html_events`"""


Event = tuple[object, ...]
"""One event: an :class:`EventKind` and its items."""


class _Tokenizer(HTMLParser):
    """Collects tags and text with their source offsets; builds nothing."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[tuple[int, int], Event]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append(
            (self.getpos(), (EventKind.START, tag, attrs, self.get_starttag_text() or "", False))
        )

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append(
            (self.getpos(), (EventKind.START, tag, attrs, self.get_starttag_text() or "", True))
        )

    def handle_endtag(self, tag: str) -> None:
        self.found.append((self.getpos(), (EventKind.END, tag, "")))

    def handle_data(self, data: str) -> None:
        self.found.append((self.getpos(), (EventKind.TEXT, data)))

    # comments, <!DOCTYPE>, <?pi?>, <![CDATA[ ]]>: invisible in a browser
    def handle_comment(self, data: str) -> None:
        self.found.append((self.getpos(), (EventKind.SKIP,)))

    def handle_decl(self, decl: str) -> None:
        self.found.append((self.getpos(), (EventKind.SKIP,)))

    def handle_pi(self, data: str) -> None:
        self.found.append((self.getpos(), (EventKind.SKIP,)))

    def unknown_decl(self, data: str) -> None:
        self.found.append((self.getpos(), (EventKind.SKIP,)))


def html_events(src: str) -> list[Event]:
    """Tokenize an HTML fragment; end tags and unparsed leftovers keep their source."""
    parser = _Tokenizer()
    try:
        parser.feed(src)
        parser.close()
    except Exception:  # a parser bug must not lose the text
        return [(EventKind.TEXT, _visible_text(src))]
    rest = parser.rawdata  # left unparsed, e.g. after an unclosed <script>
    starts = [0]
    for line in src.split("\n")[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    found = parser.found
    offsets = [starts[line - 1] + col for (line, col), _ in found]
    end_of_parsed = len(src) - len(rest)
    events: list[Event] = []
    for i, (_, event) in enumerate(found):
        if event[0] == EventKind.END:
            stop = offsets[i + 1] if i + 1 < len(found) else end_of_parsed
            event = (EventKind.END, event[1], src[offsets[i] : stop])
        if event[0] != EventKind.SKIP:
            events.append(event)
    if rest:
        events.append((EventKind.TEXT, rest))
    return events


_SCRIPTISH: Final = re.compile(
    r"<(script|style|template|iframe|object|svg|math|head|title)\b.*?</\1\s*>", re.S | re.I
)
_ANY_TAG: Final = re.compile(r"<[^>]*>")


def _visible_text(src: str) -> str:
    """Crude visible text of HTML, the fallback when the tokenizer fails."""
    return html.unescape(_ANY_TAG.sub("", _SCRIPTISH.sub("", src)))
