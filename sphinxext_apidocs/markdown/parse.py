"""Markdown endpoint sources (FastMarkDocs style), parsed from markdown-it tokens.

Pure Python, no Sphinx.  A heading ``## METHOD /path`` (levels 2 to 4) opens an
endpoint section that runs to the next heading of the same or a higher level, except
that a sub-section name FastMarkDocs knows (``### Code Examples`` after ``### GET /x``)
at the endpoint's own level 3 or 4 continues it.  Inside it, a heading with a name
of the list below opens a sub-section; any other heading opens one when it is not
deeper than the open sub-section's, and is part of that sub-section otherwise:

* text before the first sub-heading is the description;
* ``Parameters``: list items ``- `name` (type, required): description``;
* ``Request Example(s)`` / ``Request Body`` and ``Response Example(s)``: fenced
  blocks, the status from the fence info (``json 201``), a ``**Label (201):**``
  line (kept as the example's title) or a deeper heading holding a status;
* ``Error Responses``: the same, for error statuses (without one: the operation's
  first error response);
* ``Code Examples`` / ``Code Samples``: fenced blocks, one or more per language; a
  deeper heading just before a fence (``##### cURL``) is its label;
* anything else is prose, kept in order with its own sub-headings.

``Section: A, B`` lines anywhere in an endpoint are its tags, not text.  An
``Error Responses`` section outside the endpoints holds examples for every endpoint of
the file whose operation has their status.  ``---`` lines (thematic breaks) separate
sections and are not kept; a heading that only wraps endpoint sections
(``## Endpoints``) neither.  A code fence left open is closed before the next heading
(at the blank line before it), with a problem at the line it opens.

A ``## GET /x`` inside a fenced block is code: only heading tokens count.
Prose is kept as Markdown source with its first line, for MyST to render.
"""

from __future__ import annotations

import re
import textwrap
from bisect import bisect_left
from dataclasses import dataclass, field, replace
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from ..diagnostics.problems import Problem
from ..diagnostics.rules import MARKDOWN_SYNTAX as SYNTAX
from ..diagnostics.subtypes import Subtype
from ..spec.loader import load_document
from ..spec.model import METHODS

_ENDPOINT = re.compile(
    r"^(?P<method>" + "|".join(METHODS) + r")\s+(?P<path>/\S*)\s*$", re.IGNORECASE
)
"""``METHOD /path`` for a method with a field of its own (``QUERY`` too); another one (an
OpenAPI 3.2 ``additionalOperations`` method) would make a misspelt method an endpoint, so
it is reported as a heading not read (and its operation is documented from the spec)."""
_PARAMETER = re.compile(
    r"^(?:`(?P<code>[^`]+)`|\*\*(?P<bold>[^*]+)\*\*|(?P<bare>[\w.-][\w.\[\]-]*))"
    r"\s*(?:\((?P<meta>[^)]*)\))?\s*(?:[:\u2013\u2014-]\s*(?P<description>.*))?$",
    re.DOTALL,
)
_STATUS_IN_LABEL = re.compile(
    r"^\*\*(?P<label>[^*]*?)\(?\b(?P<status>[1-5]\d\d|[1-5]XX|default)\b\)?[^*]*\*\*:?\s*$",
    re.IGNORECASE,
)
_BOLD_LINE = re.compile(r"^\*\*(?P<label>[^*]+)\*\*:?\s*$")
_LOOKS_LIKE_ENDPOINT = re.compile(
    r"^(?:(?:" + "|".join(METHODS) + r")\b|[A-Z]{3,7}\s+/)", re.IGNORECASE
)
_STATUS = re.compile(r"\b([1-5]\d\d|[1-5]XX)\b")
_ATX_HEADING = re.compile(r"^ {0,3}#{1,6}(?:[ \t]|$)")
_SECTION_LINE = re.compile(
    r"^[ \t]*Section:[ \t]*(?P<tags>.+?)[ \t]*$", re.IGNORECASE | re.MULTILINE
)


_PARSER = MarkdownIt("commonmark").use(front_matter_plugin)


@dataclass(frozen=True)
class Prose:
    """Markdown source kept for MyST, with the 1-based line it starts at."""

    text: str
    line: int
    title: str | None = None
    level: int = 0


@dataclass(frozen=True)
class ParameterDoc:
    name: str
    line: int
    type: str | None = None
    required: bool | None = None
    description: str = ""


@dataclass(frozen=True)
class ExampleDoc:
    """A fenced example: ``kind`` is ``request``, ``response`` or ``error`` (a response
    example of an ``Error Responses`` section)."""

    kind: str
    code: str
    line: int
    language: str = ""
    status: str | None = None
    label: str | None = None
    shared: bool = False
    """From the file's own ``Error Responses`` section: for every endpoint of the file
    whose operation has its status."""


@dataclass(frozen=True)
class CodeSampleDoc:
    language: str
    code: str
    line: int
    label: str | None = None
    """The heading just above the fence (``##### cURL``), if any."""


@dataclass(frozen=True)
class EndpointDoc:
    method: str
    path: str
    file: str
    line: int
    description: Prose | None = None
    tags: tuple[str, ...] = ()
    parameters: tuple[ParameterDoc, ...] = ()
    examples: tuple[ExampleDoc, ...] = ()
    code_samples: tuple[CodeSampleDoc, ...] = ()
    sections: tuple[Prose, ...] = ()
    summary: str | None = None
    """The first sentence of the description's first paragraph, without markup."""

    @property
    def title(self) -> str:
        return f"{self.method.upper()} {self.path}"


@dataclass(frozen=True)
class MarkdownSource:
    file: str
    front_matter: dict[str, Any] = field(default_factory=dict)
    endpoints: tuple[EndpointDoc, ...] = ()
    overview: Prose | None = None
    """The ``## Overview`` section: the description of the file's tags."""
    problems: tuple[Problem, ...] = ()
    preamble: tuple[Prose, ...] = ()
    """Text outside the endpoint sections and the overview (a title, an introduction)."""
    whole: Prose | None = None
    """The whole file after its front matter."""

    @property
    def spec(self) -> str | None:
        value = self.front_matter.get("spec")
        return str(value) if value is not None else None

    @property
    def tags(self) -> tuple[str, ...]:
        """The tags the overview describes: the front matter's ``tags:``, else (as
        FastMarkDocs reads a file) every tag its ``Section:`` lines name."""
        value = self.front_matter.get("tags")
        if isinstance(value, str):
            return tuple(t.strip() for t in value.split(",") if t.strip())
        if isinstance(value, list):
            return tuple(str(t) for t in value)
        return tuple(dict.fromkeys(t for doc in self.endpoints for t in doc.tags))


@dataclass
class _Heading:
    level: int
    title: str
    line: int  # 0-based, of the heading
    end: int  # 0-based, first line after the heading


def _headings(tokens: list[Token]) -> list[_Heading]:
    out = []
    for i, token in enumerate(tokens):
        if token.type == "heading_open" and token.level == 0 and token.map:
            out.append(_Heading(int(token.tag[1]), tokens[i + 1].content.strip(), *token.map))
    return out


def parse_markdown(text: str, file: str) -> MarkdownSource:
    """Every endpoint section of a Markdown file, and what the file says of itself."""
    problems: list[Problem] = []
    # markdown-it knows \n, \r\n and \r as line ends, and nothing else
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    tokens = _parsed_with_fences_closed(lines, file, problems)
    front: dict[str, Any] = {}
    body_start = 0
    if tokens and tokens[0].type == "front_matter":
        body_start = tokens[0].map[1] if tokens[0].map else 0
        front = _front_matter(tokens[0].content, file, problems)
    for token in tokens:  # "---" separates sections: not text of either
        if token.type == "hr" and token.level == 0 and token.map:
            lines[token.map[0]] = ""
    headings = _headings(tokens)
    mapped = [t for t in tokens if t.map]
    starts = [t.map[0] for t in mapped if t.map]
    body = _Body(mapped, starts, lines)
    endpoints = []
    overview = None
    shared: list[ExampleDoc] = []  # of file-level "Error Responses" sections
    used = [False] * len(lines)  # lines read as an endpoint, the overview or shared examples
    for index, heading in enumerate(headings):
        if used[heading.line]:
            continue
        match = _endpoint_title(heading)
        errors = match is None and _section_kind(heading.title) == "error"
        after = _section_end(headings, index, endpoint=match is not None or errors)
        end = headings[after].line if after < len(headings) else len(lines)
        if match:
            inner = headings[index + 1 : after]
            method, path = match["method"].lower(), match["path"]
            endpoints.append(_endpoint(method, path, heading, end, inner, body, file, problems))
            used[heading.line : end] = [True] * (end - heading.line)
        elif heading.title.lower() == "overview" and heading.level == 2:
            overview = Prose(_slice(lines, heading.end, end), _first_line(lines, heading.end, end))
            used[heading.line : end] = [True] * (end - heading.line)
        elif errors:
            consumed: set[int] = set()
            block = body.between(heading.end, end)
            found = _examples("error", block, lines, consumed)
            shared.extend(replace(example, shared=True) for example in found)
            for n in consumed:
                used[n] = True
            if all(used[n] or not lines[n].strip() for n in range(heading.end, end)):
                used[heading.line : heading.end] = [True] * (heading.end - heading.line)
        elif _LOOKS_LIKE_ENDPOINT.match(heading.title):
            problems.append(
                Problem(
                    Subtype.MARKDOWN,
                    f"heading {heading.title!r} is not read as an endpoint: write it as "
                    "METHOD /path (GET, PUT, POST, DELETE, OPTIONS, HEAD, PATCH, TRACE, QUERY), "
                    "on headings of levels 2 to 4; it is kept as prose",
                    file,
                    heading.line + 1,
                    rule=SYNTAX,
                )
            )
    _wrappers_used(headings, lines, used)
    if shared:
        endpoints = [replace(e, examples=(*e.examples, *shared)) for e in endpoints]
    # what is outside the endpoint sections and the overview, in order (api-markdown shows it)
    preamble = _prose_runs(lines, [i for i in range(body_start, len(lines)) if not used[i]])
    whole = Prose(_slice(lines, body_start, len(lines)), _first_line(lines, body_start, len(lines)))
    return MarkdownSource(
        file, front, tuple(endpoints), overview, tuple(problems), tuple(preamble), whole
    )


#: at most this many fences left open are closed again (each costs a parse of the file)
MAX_FENCES_CLOSED = 20


def _parsed_with_fences_closed(lines: list[str], file: str, problems: list[Problem]) -> list[Token]:
    """The tokens of ``lines``.  A code fence left open holds the rest of the file (or,
    up to the closing line of the next fence, whose opening line it swallows): it is
    closed in ``lines`` at the blank line before the heading-like line where the text
    goes on (no text is lost, no line moves), with a problem at the line it opens."""
    for _ in range(MAX_FENCES_CLOSED + 1):
        tokens = _PARSER.parse("\n".join(lines))
        found = next(((t, _left_open(t, lines)) for t in tokens if _left_open(t, lines)), None)
        if found is None:
            return tokens
        fence, limit = found
        assert fence.map is not None
        start = fence.map[0]
        headings = [n for n in range(start + 1, limit) if _ATX_HEADING.match(lines[n])]
        heading = None
        if headings:  # before the swallowed fence: the last heading; else the first
            heading = headings[-1] if limit < fence.map[1] else headings[0]
        blank = None
        if heading is not None:
            blank = next((n for n in range(heading - 1, start, -1) if not lines[n].strip()), None)
        where = (
            f"closed at line {blank + 1}, before the heading at line {heading + 1}"
            if blank is not None and heading is not None
            else "it runs to the end of the file"
            if limit == fence.map[1]
            else f"the fence opening at line {limit + 1} is read as its end"
        )
        problems.append(
            Problem(
                Subtype.MARKDOWN,
                f"the code fence {fence.markup}{fence.info} opened here is not closed; {where}",
                file,
                start + 1,
                rule=SYNTAX,
            )
        )
        if blank is None:
            return tokens
        lines[blank] = lines[start][: len(lines[start]) - len(lines[start].lstrip())] + fence.markup
    return tokens


def _left_open(token: Token, lines: list[str]) -> int:
    """For a fence of the file's top level left open, the line up to which it holds the
    text the author meant to follow it: its end, or a fence's opening line inside it
    (```` ```json ````: it cannot close a fence, so the fence was not closed before it);
    0 for any other token."""
    if token.type != "fence" or token.level != 0 or not token.map:
        return 0
    start, end = token.map
    marker = token.markup[:1]
    for n in range(start + 1, end - 1):
        inner = lines[n].strip()
        fence_length = len(inner) - len(inner.lstrip(marker))
        if fence_length >= len(token.markup) and inner[fence_length:].strip():
            return n
    last = lines[end - 1].strip() if end - 1 > start else ""
    closed = last and set(last) == {marker} and len(last) >= len(token.markup)
    return 0 if closed else end


def _endpoint_title(heading: _Heading) -> re.Match[str] | None:
    """``METHOD /path`` of a heading of levels 2 to 4 (the title may be in backticks)."""
    if not 2 <= heading.level <= 4:
        return None
    title = heading.title
    if title.count("`") == 2:
        title = title.strip("`").strip()
    return _ENDPOINT.match(title)


def _section_end(headings: list[_Heading], index: int, *, endpoint: bool) -> int:
    """The index of the heading that ends the section ``headings[index]`` opens: the next
    of the same or a higher level; for an ``endpoint`` (or the file's error responses)
    also the next endpoint, and not a sub-section name (``### Code Examples``) at its
    own level 3 or 4."""
    heading = headings[index]
    after = index + 1
    while after < len(headings):
        other = headings[after]
        if endpoint and _endpoint_title(other):
            break
        if other.level <= heading.level:
            continues = (
                endpoint
                and other.level == heading.level >= 3
                and _section_kind(other.title) != "prose"
            )
            if not continues:
                break
        after += 1
    return after


def _wrappers_used(headings: list[_Heading], lines: list[str], used: list[bool]) -> None:
    """Headings (below the title) whose sections hold nothing but endpoint sections
    (``## Endpoints``) are marked ``used``: they would be left as headings of nothing."""
    for index in reversed(range(len(headings))):
        heading = headings[index]
        if used[heading.line] or heading.level < 2:  # (a title is kept)
            continue
        after = _section_end(headings, index, endpoint=False)
        end = headings[after].line if after < len(headings) else len(lines)
        inside = range(heading.end, end)
        if any(used[n] for n in inside) and all(used[n] or not lines[n].strip() for n in inside):
            used[heading.line : heading.end] = [True] * (heading.end - heading.line)


def _front_matter(text: str, file: str, problems: list[Problem]) -> dict[str, Any]:
    """The front matter (the YAML between the ``---`` lines that open the file), read by
    the spec loader (bounded depth, aliases and size); its problems, at the file's lines,
    go into ``problems``."""
    if not text.strip():
        return {}
    loaded = load_document(text.encode("utf-8"), file)
    data = loaded.data
    for problem in loaded.problems:
        if problem.subtype == Subtype.NOT_OPENAPI.value:
            continue  # (its wording is a spec's: said below for front matter)
        line = problem.line + 1 if problem.line is not None else 1  # after the opening ---
        problems.append(replace(problem, line=line))
    if isinstance(data, dict):
        return data
    if data is not None:
        problems.append(
            Problem(
                Subtype.MARKDOWN,
                "front matter must be a mapping (spec:, tags:)",
                file,
                1,
                rule=SYNTAX,
            )
        )
    return {}


def _first_line(lines: list[str], start: int, end: int) -> int:
    """The 1-based number of the first line with text in ``lines[start:end]``: where the
    text that :func:`_slice` returns begins."""
    return start + 1 + next((i for i, line in enumerate(lines[start:end]) if line.strip()), 0)


def _slice(lines: list[str], start: int, end: int) -> str:
    return "\n".join(lines[start:end]).strip("\n")


def _prose_runs(lines: list[str], numbers: list[int]) -> list[Prose]:
    """Prose for each run of consecutive line numbers that holds text."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and runs[-1][-1] == n - 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    out = []
    for run in runs:
        text = _slice(lines, run[0], run[-1] + 1)
        if text.strip():
            out.append(Prose(text, _first_line(lines, run[0], run[-1] + 1)))
    return out


class _Body:
    """The file's tokens that have a line map, in order, and its lines."""

    def __init__(self, tokens: list[Token], starts: list[int], lines: list[str]) -> None:
        self.tokens, self.starts, self.lines = tokens, starts, lines

    def between(self, start: int, end: int) -> list[Token]:
        return self.tokens[bisect_left(self.starts, start) : bisect_left(self.starts, end)]


def _plain(inline: Token) -> str:
    """An inline token's text without its markup."""
    parts = []
    for child in inline.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return " ".join("".join(parts).split())


def _endpoint(
    method: str,
    path: str,
    heading: _Heading,
    end: int,
    inner: list[_Heading],
    body: _Body,
    file: str,
    problems: list[Problem],
) -> EndpointDoc:
    lines = body.lines
    subs = _sub_headings(inner)
    first = subs[0].line if subs else end
    tags: list[str] = []
    section_lines: set[int] = set()  # "Section:" lines, blanked (line numbers kept)
    for token in body.between(heading.end, end):
        if token.type != "inline" or token.level != 1 or not token.map:
            continue  # paragraphs of the section itself, not code or lists
        for n in range(*token.map):
            found = _SECTION_LINE.match(lines[n])
            if found:
                tags.extend(t.strip() for t in found["tags"].split(",") if t.strip())
                section_lines.add(n)
    summary = None
    opening = _first_line(lines, heading.end, first) - 1
    for token in body.between(heading.end, first):
        if token.type == "inline" and token.level == 1 and token.map and token.map[0] == opening:
            sentence = re.split(r"(?<=[.!?])\s", _plain(token), maxsplit=1)[0]
            summary = sentence or None
    own = _window(lines, heading.end, first, section_lines)
    description_text = _slice(own, 0, len(own))
    description = (
        Prose(description_text, heading.end + _first_line(own, 0, len(own)))
        if description_text.strip()
        else None
    )
    if summary is not None and tags and summary.startswith("Section:"):
        summary = None
    parameters: list[ParameterDoc] = []
    examples: list[ExampleDoc] = []
    samples: list[CodeSampleDoc] = []
    sections: list[Prose] = []
    for i, sub in enumerate(subs):
        sub_end = subs[i + 1].line if i + 1 < len(subs) else end
        kind = _section_kind(sub.title)
        block = body.between(sub.end, sub_end)
        consumed = set(section_lines)
        if kind == "parameters":
            parameters.extend(_parameters(block, lines, file, problems, consumed))
        elif kind in ("request", "response", "error"):
            examples.extend(_examples(kind, block, lines, consumed))
        elif kind == "samples":
            samples.extend(_samples(block, lines, consumed))
        # prose sections whole; of the others, what was not read (kept, as written)
        kept = _window(lines, sub.end, sub_end, consumed)
        text = _slice(kept, 0, len(kept))  # (MyST reads it with its headings renumbered)
        if text.strip():
            line = sub.end + _first_line(kept, 0, len(kept))
            sections.append(Prose(text, line, sub.title, sub.level))
    return EndpointDoc(
        method,
        path,
        file,
        heading.line + 1,
        description,
        tuple(tags),
        tuple(parameters),
        tuple(examples),
        tuple(samples),
        tuple(sections),
        summary,
    )


def _sub_headings(inner: list[_Heading]) -> list[_Heading]:
    """The headings of an endpoint section that open its sub-sections: one with a name
    of :func:`_section_kind`, else one not deeper than the open sub-section's; the
    others belong to the sub-section they are in (``##### cURL`` under ``#### Code
    Examples``)."""
    out: list[_Heading] = []
    for heading in inner:
        if not out or heading.level <= out[-1].level or _section_kind(heading.title) != "prose":
            out.append(heading)
    return out


def _window(lines: list[str], start: int, end: int, blank: set[int]) -> list[str]:
    """``lines[start:end]``, the lines numbered in ``blank`` emptied."""
    return ["" if n in blank else lines[n] for n in range(start, end)]


def _section_kind(title: str) -> str:
    words = " ".join(title.lower().strip().rstrip(":").split())
    if re.fullmatch(r"(path |query |request |header )?parameters?", words):
        return "parameters"
    if re.fullmatch(r"request (body|(body )?examples?)", words):
        return "request"
    if re.fullmatch(r"responses?( body)? examples?|responses", words):
        return "response"
    if re.fullmatch(r"error (responses?|examples?|codes?)", words):
        return "error"
    if re.fullmatch(r"code (examples?|samples?)", words):
        return "samples"
    return "prose"


def _item_tokens(block: list[Token], i: int) -> list[Token]:
    """The tokens of the list item that opens at ``block[i]``."""
    depth = 0
    for j in range(i, len(block)):
        if block[j].type == "list_item_open":
            depth += 1
        elif block[j].type == "list_item_close":
            depth -= 1
            if depth == 0:
                return block[i : j + 1]
    return block[i:]


def _parameters(
    block: list[Token], lines: list[str], file: str, problems: list[Problem], consumed: set[int]
) -> list[ParameterDoc]:
    """The parameter items; the lines of those read go into ``consumed``.  An item's
    later paragraphs and nested lists are part of its description."""
    out = []
    for i, token in enumerate(block):
        if token.type != "list_item_open" or token.level != 1 or not token.map:
            continue
        item = _item_tokens(block, i)
        inline = next((t for t in item if t.type == "inline"), None)
        line = token.map[0] + 1
        content = inline.content.strip() if inline is not None else ""
        match = _PARAMETER.match(content) if content else None
        if not match:
            problems.append(
                Problem(
                    Subtype.MARKDOWN,
                    f"parameter line {content[:60]!r} does not read "
                    "``- `name` (type, required): description``; shown as written "
                    "after the operation",
                    file,
                    line,
                    rule=SYNTAX,
                )
            )
            continue
        name = match["code"] or match["bold"] or match["bare"]
        meta = [m.strip().lower() for m in (match["meta"] or "").split(",") if m.strip()]
        required = True if "required" in meta else False if "optional" in meta else None
        kind = next((m for m in meta if m not in ("required", "optional")), None)
        description = (match["description"] or "").strip()
        assert inline is not None and inline.map is not None
        rest = lines[inline.map[1] : token.map[1]]
        if any(r.strip() for r in rest):  # more paragraphs, a nested list
            description += "\n\n" + textwrap.dedent("\n".join(rest)).strip("\n")
        out.append(ParameterDoc(name.strip(), line, kind, required, description))
        consumed.update(range(*token.map))
    return out


def _examples(
    kind: str, block: list[Token], lines: list[str], consumed: set[int]
) -> list[ExampleDoc]:
    """Fenced examples; a status from a heading holds until the next heading, one from a
    ``**Label (201):**`` line or the fence info for one fence.  A heading just above a
    fence, or holding a status, is read (not kept as text)."""
    out = []
    heading_status: str | None = None
    heading_label: str | None = None
    status: str | None = None
    label: str | None = None
    for i, token in enumerate(block):
        if token.type == "heading_open" and token.map:
            title = lines[token.map[0]].strip().strip("#").strip()
            found = _STATUS.search(title)
            heading_status, heading_label = (found[1] if found else None), title
            if found or _fence_follows(block, i):
                consumed.update(range(*token.map))
        elif token.type == "inline" and token.map:
            found_label = _STATUS_IN_LABEL.match(token.content.strip())
            if found_label:
                status = found_label["status"]
            if found_label or _label_of_fence(block, i):
                label = token.content.strip().strip("*:").strip()
                consumed.update(range(*token.map))
        elif token.type == "fence" and token.map:
            info = token.info.split()
            language = info[0] if info else ""
            fence_status = next(
                (w for w in info[1:] if _STATUS.fullmatch(w) or w == "default"), None
            )
            out.append(
                ExampleDoc(
                    kind,
                    token.content,
                    token.map[0] + 1,
                    language,
                    fence_status or status or heading_status,
                    label or heading_label,
                )
            )
            consumed.update(range(*token.map))
            status = label = None
    return out


def _label_of_fence(block: list[Token], i: int) -> bool:
    """Whether ``block[i]`` is the inline content of a paragraph that is one bold line
    (``**Administrator user:**``) just above a fence."""
    token = block[i]
    return (
        token.level == 1
        and _BOLD_LINE.match(token.content.strip()) is not None
        and i + 1 < len(block)
        and block[i + 1].type == "fence"
    )


def _fence_follows(block: list[Token], i: int) -> bool:
    """Whether the heading opening at ``block[i]`` (of tokens with a line map: its
    inline content follows, not its closing) is followed by a fence."""
    return i + 2 < len(block) and block[i + 2].type == "fence"


def _samples(block: list[Token], lines: list[str], consumed: set[int]) -> list[CodeSampleDoc]:
    """The fenced code samples; a heading (``##### cURL``) or a bold line just above a
    fence is its label (and its language, when the fence names none)."""
    out = []
    label: str | None = None
    for i, token in enumerate(block):
        if token.type == "heading_open" and token.map and _fence_follows(block, i):
            label = lines[token.map[0]].strip().strip("#").strip() or None
            consumed.update(range(*token.map))
        elif token.type == "inline" and token.map and _label_of_fence(block, i):
            label = token.content.strip().strip("*:").strip() or None
            consumed.update(range(*token.map))
        elif token.type == "fence" and token.map:
            language = token.info.split()[0] if token.info.strip() else (label or "").lower()
            out.append(CodeSampleDoc(language, token.content, token.map[0] + 1, label))
            consumed.update(range(*token.map))
            label = None
    return out


__all__ = [
    "CodeSampleDoc",
    "EndpointDoc",
    "ExampleDoc",
    "MarkdownSource",
    "ParameterDoc",
    "Prose",
    "parse_markdown",
]
