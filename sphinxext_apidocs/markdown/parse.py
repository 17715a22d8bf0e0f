"""Markdown endpoint sources (FastMarkDocs style), parsed from markdown-it tokens.

Pure Python, no Sphinx.  A heading ``## METHOD /path`` (levels 2 to 4) opens an
endpoint section that runs to the next heading of the same or a higher level.
Inside it, the sub-headings of the first level below the endpoint's split it:

* text before the first sub-heading is the description (``Section: A, B``
  lines in it are tags, not text);
* ``Parameters``: list items ``- `name` (type, required): description``;
* ``Request Example(s)`` / ``Response Example(s)``: fenced blocks, the status from
  the fence info (``json 201``), a ``**Label (201):**`` line or a deeper heading
  holding a status;
* ``Code Examples`` / ``Code Samples``: fenced blocks, one or more per language;
* anything else is prose, kept in order with its own sub-headings.

A ``## GET /x`` inside a fenced block is code: only heading tokens count.
Prose is kept as Markdown source with its first line, for MyST to render.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Any

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from ..spec.model import METHODS
from ..spec.problems import Problem
from ..spec.subtypes import Subtype

_ENDPOINT = re.compile(
    r"^(?P<method>" + "|".join(METHODS) + r")\s+(?P<path>/\S*)\s*$", re.IGNORECASE
)
_PARAMETER = re.compile(
    r"^(?:`(?P<code>[^`]+)`|\*\*(?P<bold>[^*]+)\*\*|(?P<bare>[\w.\[\]-]+))"
    r"\s*(?:\((?P<meta>[^)]*)\))?\s*(?:[:\u2013\u2014-]\s*(?P<description>.*))?$",
    re.DOTALL,
)
_STATUS_IN_LABEL = re.compile(
    r"^\*\*(?P<label>[^*]*?)\(?\b(?P<status>[1-5]\d\d|[1-5]XX|default)\b\)?[^*]*\*\*:?\s*$",
    re.IGNORECASE,
)
_STATUS = re.compile(r"\b([1-5]\d\d|[1-5]XX)\b")
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
    """A fenced example: ``kind`` is ``request`` or ``response``."""

    kind: str
    code: str
    line: int
    language: str = ""
    status: str | None = None
    label: str | None = None


@dataclass(frozen=True)
class CodeSampleDoc:
    language: str
    code: str
    line: int


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

    @property
    def title(self) -> str:
        return f"{self.method.upper()} {self.path}"

    @property
    def summary(self) -> str | None:
        """The description's first sentence."""
        if self.description is None:
            return None
        first = self.description.text.strip().split("\n\n")[0]
        first = " ".join(first.split())
        sentence = re.split(r"(?<=[.!?])\s", first, maxsplit=1)[0]
        return sentence or None


@dataclass(frozen=True)
class MarkdownSource:
    file: str
    front_matter: dict[str, Any] = field(default_factory=dict)
    endpoints: tuple[EndpointDoc, ...] = ()
    overview: Prose | None = None
    """The ``## Overview`` section: the description of the file's tags."""
    problems: tuple[Problem, ...] = ()

    @property
    def spec(self) -> str | None:
        value = self.front_matter.get("spec")
        return str(value) if value is not None else None

    @property
    def tags(self) -> tuple[str, ...]:
        value = self.front_matter.get("tags")
        if isinstance(value, str):
            return tuple(t.strip() for t in value.split(",") if t.strip())
        if isinstance(value, list):
            return tuple(str(t) for t in value)
        return ()


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
    tokens = _PARSER.parse(text)
    lines = text.splitlines()
    front: dict[str, Any] = {}
    if tokens and tokens[0].type == "front_matter":
        try:
            loaded = yaml.safe_load(tokens[0].content)
        except yaml.YAMLError as exc:
            problems.append(
                Problem(Subtype.MARKDOWN, f"front matter is not valid YAML ({exc})", file, 1)
            )
            loaded = None
        if isinstance(loaded, dict):
            front = loaded
        elif loaded is not None:
            problems.append(
                Problem(Subtype.MARKDOWN, "front matter must be a mapping (spec:, tags:)", file, 1)
            )
    headings = _headings(tokens)
    mapped = [t for t in tokens if t.map]
    endpoints = []
    overview = None
    for index, heading in enumerate(headings):
        end = next((h.line for h in headings[index + 1 :] if h.level <= heading.level), len(lines))
        match = _ENDPOINT.match(heading.title)
        if match and 2 <= heading.level <= 4:
            inner = [h for h in headings[index + 1 :] if heading.line < h.line < end]
            endpoints.append(
                _endpoint(
                    match["method"].lower(),
                    match["path"],
                    heading,
                    end,
                    inner,
                    mapped,
                    lines,
                    file,
                    problems,
                )
            )
        elif heading.title.lower() == "overview" and heading.level == 2:
            overview = Prose(_slice(lines, heading.end, end), _first_line(lines, heading.end, end))
    return MarkdownSource(file, front, tuple(endpoints), overview, tuple(problems))


def _first_line(lines: list[str], start: int, end: int) -> int:
    """The 1-based number of the first line with text in ``lines[start:end]``: where the
    text that :func:`_slice` returns begins."""
    return start + 1 + next((i for i, line in enumerate(lines[start:end]) if line.strip()), 0)


def _slice(lines: list[str], start: int, end: int) -> str:
    return "\n".join(lines[start:end]).strip("\n")


def _endpoint(
    method: str,
    path: str,
    heading: _Heading,
    end: int,
    inner: list[_Heading],
    tokens: list[Token],
    lines: list[str],
    file: str,
    problems: list[Problem],
) -> EndpointDoc:
    starts = [t.map[0] for t in tokens if t.map]  # tokens: those with a line map, in order
    level = min((h.level for h in inner), default=0)
    subs = [h for h in inner if h.level == level]
    first = subs[0].line if subs else end
    description_text = _slice(lines, heading.end, first)
    tags: list[str] = []
    for m in _SECTION_LINE.finditer(description_text):
        tags.extend(t.strip() for t in m["tags"].split(",") if t.strip())
    description_text = _SECTION_LINE.sub("", description_text)
    description = (
        Prose(description_text, _first_line(lines, heading.end, first))
        if description_text.strip()
        else None
    )
    parameters: list[ParameterDoc] = []
    examples: list[ExampleDoc] = []
    samples: list[CodeSampleDoc] = []
    sections: list[Prose] = []
    for i, sub in enumerate(subs):
        sub_end = subs[i + 1].line if i + 1 < len(subs) else end
        kind = _section_kind(sub.title)
        block = tokens[bisect_left(starts, sub.end) : bisect_left(starts, sub_end)]
        if kind == "parameters":
            found, unread = _parameters(block, lines, file, problems)
            parameters.extend(found)
            if unread:  # kept, as written, after the operation
                sections.append(
                    Prose("\n".join(text for _, text in unread), unread[0][0], sub.title, sub.level)
                )
        elif kind in ("request", "response"):
            examples.extend(_examples(kind, block, lines, file))
        elif kind == "samples":
            for token in block:
                if token.type == "fence":
                    language = token.info.split()[0] if token.info.strip() else ""
                    assert token.map is not None
                    samples.append(CodeSampleDoc(language, token.content, token.map[0] + 1))
        else:
            deeper = [h for h in inner if sub.end <= h.line < sub_end]
            text = _relevel(lines, sub, deeper, sub_end)
            first_line = _first_line(lines, sub.end, sub_end)
            sections.append(Prose(text, first_line, sub.title, sub.level))
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
    )


def _relevel(lines: list[str], sub: _Heading, deeper: list[_Heading], end: int) -> str:
    """The section's text with its own headings one level down from the top (``#####``
    under a ``####`` section becomes ``#``), so that MyST reads it as a document of its
    own; the line count stays the same."""
    own = list(lines[sub.end : end])
    for heading in deeper:
        at = heading.line - sub.end
        if own[at].lstrip().startswith("#"):
            own[at] = "#" * max(1, heading.level - sub.level) + " " + heading.title
    return "\n".join(own).strip("\n")


def _section_kind(title: str) -> str:
    words = title.lower().strip().rstrip(":")
    if words in ("parameters", "path parameters", "query parameters", "request parameters"):
        return "parameters"
    if re.fullmatch(r"request (body )?examples?", words):
        return "request"
    if re.fullmatch(r"responses?( body)? examples?|responses", words):
        return "response"
    if re.fullmatch(r"code (examples?|samples?)", words):
        return "samples"
    return "prose"


def _parameters(
    block: list[Token], lines: list[str], file: str, problems: list[Problem]
) -> tuple[list[ParameterDoc], list[tuple[int, str]]]:
    """The parameter items, and the items that are not one (line, text as written)."""
    out = []
    unread: list[tuple[int, str]] = []
    for i, token in enumerate(block):
        if token.type != "list_item_open" or token.level != 1 or not token.map:
            continue
        inline = next((t for t in block[i:] if t.type == "inline"), None)
        line = token.map[0] + 1
        content = inline.content.strip() if inline else ""
        match = _PARAMETER.match(content)
        if not match:
            problems.append(
                Problem(
                    Subtype.MARKDOWN,
                    f"parameter line {content[:60]!r} does not read "
                    "``- `name` (type, required): description``; shown as written "
                    "after the operation",
                    file,
                    line,
                )
            )
            unread.append((line, "\n".join(lines[token.map[0] : token.map[1]])))
            continue
        name = match["code"] or match["bold"] or match["bare"]
        meta = [m.strip().lower() for m in (match["meta"] or "").split(",") if m.strip()]
        required = True if "required" in meta else False if "optional" in meta else None
        kind = next((m for m in meta if m not in ("required", "optional")), None)
        out.append(
            ParameterDoc(name.strip(), line, kind, required, (match["description"] or "").strip())
        )
    return out, unread


def _examples(kind: str, block: list[Token], lines: list[str], file: str) -> list[ExampleDoc]:
    out = []
    status: str | None = None
    label: str | None = None
    for token in block:
        if token.type == "heading_open" and token.map:
            title = lines[token.map[0]].lstrip("#").strip()
            found = _STATUS.search(title)
            status, label = (found[1] if found else None), title
        elif token.type == "inline" and token.map:
            found_label = _STATUS_IN_LABEL.match(token.content.strip())
            if found_label:
                status = found_label["status"]
                label = token.content.strip().strip("*:").strip()
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
                    fence_status or status,
                    label,
                )
            )
            label = None
            if fence_status is None:
                status = None
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
