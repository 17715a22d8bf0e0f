"""Plain Markdown of operations and schemas, and the ``llms.txt`` index: text for tools and
LLMs, built from the model (not from the HTML).  Pure: strings in, strings out.

Spec text is untrusted.  Descriptions are CommonMark already and are kept as written,
but nothing in them can leave its place: raw HTML becomes text (``<`` as ``&lt;``
outside code), a fence it leaves open is closed, and every file starts with our own
heading (so a ``---`` line can never open front matter).  Names, values and one-line
texts go into code spans, table cells and list items on one line, with every ``|``
escaped and code spans fenced by a longer run of backticks than they hold.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from ..samples.media import body_kind, body_text, stream_items, stream_text
from ..samples.payload import SampleProperties, given_example
from ..samples.request import querystring_text
from ..samples.validity import MadeUp, MadeUpKey, made_up
from ..spec.enum_values import EnumValue, enum_values
from ..spec.model import MISSING, ApiSpec, Example, MediaType, Operation, Schema
from ..validation.validator import SpecValidator
from .schema import json_text

SchemaLink = Callable[[str], str | None]
"""The link to a named schema's full form (None: its name only)."""

MAX_DEPTH = 4
"""Levels of inline (unnamed) nested schemas written out; deeper ones are named only."""
MAX_LINES = 200
"""Lines of one schema's field list; the rest is counted, not written."""
MAX_VALUES = 20
"""Enum values listed."""

_HTML_START = re.compile(r"<(?=[A-Za-z/!?])")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_BACKTICKS = re.compile(r"`+")


# -- inline text ---------------------------------------------------------------------


def _flat(text: Any) -> str:
    """``text`` with each line break a space: every one :meth:`str.splitlines` knows
    (``\\r``, ``\\u2028`` ...), not only those of CommonMark, so that no spec text
    written inline can start a line of its own (a heading, an HTML block)."""
    return " ".join(str(text).splitlines())


def one_line(text: str | None) -> str:
    """``text`` on one line (whitespace runs to one space), raw HTML as text."""
    return _no_html(" ".join(_flat(text or "").split()))


def cell(text: str) -> str:
    """A table cell: one line, ``|`` escaped."""
    return one_line(text).replace("|", "\\|")


def code(text: Any) -> str:
    """``text`` as a code span: one line, fenced by more backticks than any run it holds."""
    value = _flat(text)
    runs = [len(r) for r in _BACKTICKS.findall(value)]
    fence = "`" * (max(runs, default=0) + 1)
    pad = " " if value.startswith("`") or value.endswith("`") or not value.strip() else ""
    return f"{fence}{pad}{value}{pad}{fence}"


def fenced(text: str, language: str = "") -> str:
    """A fenced code block holding ``text`` exactly: the fence is longer than any run of
    backticks in it."""
    runs = [len(r) for r in _BACKTICKS.findall(text)]
    fence = "`" * max(3, max(runs, default=0) + 1)
    return f"{fence}{language}\n{text.rstrip(chr(10))}\n{fence}"


def _no_html(text: str) -> str:
    """``<`` that could open a tag or comment, outside code spans, as ``&lt;``."""
    out: list[str] = []
    pos = 0
    for m in _BACKTICKS.finditer(text):
        closing = text.find(m[0], m.end())
        while closing != -1 and (
            text[closing - 1 : closing] == "`" or text[closing + len(m[0]) :][:1] == "`"
        ):
            closing = text.find(m[0], closing + 1)
        if m.start() < pos or closing == -1:
            continue
        out.append(_HTML_START.sub("&lt;", text[pos : m.start()]))
        out.append(text[m.start() : closing + len(m[0])])
        pos = closing + len(m[0])
    out.append(_HTML_START.sub("&lt;", text[pos:]))
    return "".join(out)


def description(text: str | None) -> str:
    """A spec description as Markdown, kept in its place: HTML as text outside fenced
    code, a fence left open closed, blank lines around it."""
    if not text or not text.strip():
        return ""
    lines: list[str] = []
    open_fence: str | None = None
    for line in text.strip("\n").splitlines():
        m = _FENCE.match(line)
        if open_fence is None and m:
            open_fence = m[1]
        elif open_fence is not None and m and m[1][0] == open_fence[0]:
            if len(m[1]) >= len(open_fence) and not line[m.end() :].strip():
                open_fence = None
        elif open_fence is None:
            line = _no_html(line)
        lines.append(line)
    if open_fence is not None:
        lines.append(open_fence)
    return "\n".join(lines).strip()


# -- schemas ---------------------------------------------------------------------------


@dataclass
class SchemaText:
    """Writes schemas as compact indented field lists; named schemas by name (a link)."""

    spec: ApiSpec
    link: SchemaLink

    def name_of(self, schema: Schema) -> str | None:
        return self.spec.schema_names.get(schema.ref) if schema.ref else None

    def named(self, name: str) -> str:
        url = self.link(name)
        return f"[{code(name)}]({url})" if url else code(name)

    def type_words(self, schema: Schema) -> str:
        """``string, date-time``, ``array of Pet``, ``Pet`` (a named schema)."""
        name = self.name_of(schema)
        if name:
            return self.named(name)
        s = self.spec.referent(schema)
        words = []
        for t in s.types or (("object",) if s.properties else ()):
            if t == "array" and s.items is not None:
                words.append(f"array of {self.type_words(s.items)}")
            else:
                words.append(t)
        if s.nullable and "null" not in words:
            words.append("null")
        text = " or ".join(words)
        if s.format:
            text += f" ({one_line(s.format)})" if text else one_line(s.format)
        if not text and (s.one_of or s.any_of or s.all_of):
            text = "one of" if s.one_of else "any of" if s.any_of else "all of"
        return text or "any"

    def notes(self, schema: Schema, required: bool) -> list[str]:
        s = self.spec.referent(schema)
        out = ["required"] if required else []
        out += [
            word
            for flag, word in (
                (s.read_only, "read-only"),
                (s.write_only, "write-only"),
                (s.deprecated, "deprecated"),
            )
            if flag
        ]
        return out

    def facts(self, schema: Schema) -> str:
        """Description, enum, default and constraints of one field, on one line."""
        s = self.spec.referent(schema) if not self.name_of(schema) else schema
        parts = [one_line(s.description)] if s.description else []
        if s.enum is not None:
            described = enum_values(s) or tuple(EnumValue(v) for v in s.enum)
            values = ", ".join(self.enum_value(v) for v in described[:MAX_VALUES])
            more = f" (and {len(s.enum) - MAX_VALUES} more)" if len(s.enum) > MAX_VALUES else ""
            parts.append(f"One of: {values}{more}.")
        if s.const is not MISSING:
            parts.append(f"Always {code(json_text(s.const))}.")
        if s.default is not MISSING:
            parts.append(f"Default: {code(json_text(s.default))}.")
        if s.constraints:
            parts.append(", ".join(f"{k} {code(json_text(v))}" for k, v in s.constraints) + ".")
        return " ".join(p for p in parts if p)

    @staticmethod
    def enum_value(value: EnumValue) -> str:
        """A value in code, with its name and description in parentheses."""
        said = [code(value.name)] if value.name else []
        said += [one_line(value.description)] if value.description else []
        return code(json_text(value.value)) + (f" ({'; '.join(said)})" if said else "")

    def field_lines(self, schema: Schema, depth: int = 0, nesting: int = 0) -> list[str]:
        """The fields of ``schema`` (unnamed parts expanded, named ones by name), one list
        item each, nested by two spaces a level (``depth``); ``nesting`` counts every
        schema walked into, also the items of an array shown at its own level."""
        if self.name_of(schema) and nesting > 0:
            return []
        s = self.spec.referent(schema)
        indent = "  " * depth
        if depth >= MAX_DEPTH or nesting >= 2 * MAX_DEPTH:
            return [f"{indent}- … (nested deeper: not shown)"] if s.properties else []
        lines: list[str] = []
        for label, parts in (("All of", s.all_of), ("One of", s.one_of), ("Any of", s.any_of)):
            if parts:
                lines.append(f"{indent}- {label}:")
                for part in parts:
                    lines.append(f"{indent}  - {self.type_words(part)}")
                    lines.extend(self.field_lines(part, depth + 2, nesting + 1))
        for prop, sub in s.properties:
            words = "; ".join([self.type_words(sub), *self.notes(sub, prop in s.required)])
            facts = self.facts(sub)
            lines.append(f"{indent}- {code(prop)} ({words})" + (f": {facts}" if facts else ""))
            lines.extend(self.field_lines(sub, depth + 1, nesting + 1))
        items = s.items
        if items is not None and not self.name_of(items) and not s.properties:
            lines.extend(self.field_lines(items, depth, nesting + 1))
        return lines

    def block(self, schema: Schema) -> str:
        """A schema: its type line, then its fields (at most :data:`MAX_LINES`); a named
        schema by name only (its full form is shown once, by :meth:`full`)."""
        head = f"Schema: {self.type_words(schema)}"
        facts = self.facts(schema)
        lines = [head + (f". {facts}" if facts else "")]
        fields = [] if self.name_of(schema) else self.field_lines(schema)
        if fields:
            lines.append("")
            lines.extend(fields[:MAX_LINES])
            if len(fields) > MAX_LINES:
                lines.append(f"- … ({len(fields) - MAX_LINES} more lines not shown)")
        return "\n".join(lines)

    def full(self, name: str, schema: Schema, level: int) -> str:
        """A named schema's full form, under a heading of ``level``."""
        s = self.spec.referent(schema)
        parts = [f"{'#' * level} {one_line(name)}"]
        if s.description:
            parts.append(description(s.description))
        fields = self.field_lines(s) if not s.is_ref else []
        parts.append(f"Type: {self.type_words(s)}")
        if fields:
            parts.append("\n".join(fields[:MAX_LINES]))
            if len(fields) > MAX_LINES:
                parts.append(f"… ({len(fields) - MAX_LINES} more lines not shown)")
        return "\n\n".join(parts) + "\n"


# -- operations --------------------------------------------------------------------------


@dataclass(frozen=True)
class OperationText:
    """What :func:`operation_markdown` needs besides the operation."""

    spec: ApiSpec
    page_url: str = ""
    """The operation on its HTML page (empty: none)."""
    schema_link: SchemaLink = lambda _name: None
    curl: str = ""
    """The curl sample (empty: none)."""
    example_max_chars: int = 20000
    properties: SampleProperties = "minimal"
    level: int = 1
    """The heading level of the operation's title."""
    validator: SpecValidator | None = None
    """Judges the made-up examples: one that does not meet its schema says so."""
    made_up: dict[tuple[object, str, str], list[str]] = field(default_factory=dict)
    """The made-up examples' Markdown, by schema, context and media type: pass one dict
    to the texts of all operations of a spec, so that a schema many operations share
    (an error response) is sampled and written once (on Stripe's spec: 41 s of
    sampling and 9 s of JSON writing without it)."""
    made_up_cache: dict[MadeUpKey, MadeUp] = field(default_factory=dict)
    """The bodies made up from schemas (:func:`.made_up`): pass the one the pages of the
    spec used, so that they are not made and judged again."""


def operation_markdown(op: Operation, how: OperationText) -> str:
    """One operation in plain Markdown: title, method and path, description, servers,
    authentication, parameters, request body, responses (schemas as field lists,
    examples), the curl sample."""
    spec = how.spec
    h = "#" * how.level
    hh = "#" * (how.level + 1)
    schemas = SchemaText(spec, how.schema_link)
    out = [f"{h} {one_line(op.summary) or one_line(op.title)}", code(op.title)]
    facts = []
    if op.operation_id:
        facts.append(f"Operation ID: {code(op.operation_id)}")
    if op.tags:
        facts.append("Tags: " + ", ".join(one_line(t) for t in op.tags))
    if op.deprecated:
        facts.append("**Deprecated**")
    if how.page_url:
        facts.append(f"HTML: <{how.page_url}>")
    if facts:
        out.append("\n".join(f"- {f}" for f in facts))
    if op.description:
        out.append(description(op.description))
    servers = op.servers or spec.servers
    if servers:
        lines = [f"{hh} Servers"]
        for server in servers:
            note = f": {one_line(server.description)}" if server.description else ""
            lines.append(f"- {code(server.url)}{note}")
        out.append("\n".join(lines[:1]) + "\n\n" + "\n".join(lines[1:]))
    out.append(f"{hh} Authentication\n\n{_security(spec, op)}")
    if op.parameters:
        rows = ["| Name | In | Type | Required | Description |", "| --- | --- | --- | --- | --- |"]
        for p in op.parameters:
            schema = p.schema or (p.content[0].schema if p.content else None)
            kind = schemas.type_words(schema) if schema is not None else "any"
            if p.content:
                kind += f" as {p.content[0].media_type}"
            facts_text = schemas.facts(schema) if schema is not None else ""
            sent = querystring_text(spec, p) if p.location_in == "querystring" else ""
            sent_text = f"Sent as {code('?' + sent)}." if sent else ""
            text = " ".join(x for x in (one_line(p.description), facts_text, sent_text) if x)
            rows.append(
                f"| {cell(code(p.name))} | {cell(p.location_in)} | {cell(kind)} | "
                f"{'yes' if p.required else 'no'} | {cell(text)} |"
            )
        out.append(f"{hh} Parameters\n\n" + "\n".join(rows))
    body = op.request_body
    if body is not None and body.content:
        parts = [f"{hh} Request body" + (" (required)" if body.required else "")]
        if body.description:
            parts.append(description(body.description))
        for media in body.content:
            parts.extend(_media(schemas, media, "request", how))
        out.append("\n\n".join(parts))
    if op.responses:
        parts = [f"{hh} Responses"]
        for response in op.responses:
            parts.append(f"{hh}# {one_line(response.status)}")
            if response.description:
                parts.append(description(response.description))
            if response.headers:
                parts.append(
                    "Headers:\n\n"
                    + "\n".join(
                        f"- {code(hdr.name)} ({schemas.type_words(hdr.schema) if hdr.schema else 'any'})"
                        + (f": {one_line(hdr.description)}" if hdr.description else "")
                        for hdr in response.headers
                    )
                )
            for media in response.content:
                parts.extend(_media(schemas, media, "response", how))
        out.append("\n\n".join(parts))
    if how.curl:
        out.append(f"{hh} Example request (curl)\n\n{fenced(how.curl, 'bash')}")
    return "\n\n".join(p for p in out if p) + "\n"


def _security(spec: ApiSpec, op: Operation) -> str:
    requirements = spec.security if op.security is None else op.security
    if not requirements:
        return "None."
    lines = []
    for requirement in requirements:
        if not requirement.schemes:
            lines.append("- None (anonymous access)")
            continue
        words = []
        for name, scopes in requirement.schemes:
            scheme = spec.security_scheme(name)
            kind = ""
            if scheme is not None:
                kind = " ".join(
                    one_line(x)
                    for x in (scheme.type, scheme.scheme, scheme.param_in, scheme.param_name)
                    if x
                )
            scope_text = f", scopes {', '.join(code(s) for s in scopes)}" if scopes else ""
            words.append(f"{code(name)}" + (f" ({kind}{scope_text})" if kind or scope_text else ""))
        lines.append("- " + " and ".join(words))
    return "One of:\n\n" + "\n".join(lines) if len(lines) > 1 else "\n".join(lines)


def _media(schemas: SchemaText, media: MediaType, context: Any, how: OperationText) -> list[str]:
    spec = schemas.spec
    parts = [f"Content type: {code(media.media_type)}"]
    if media.schema is not None:
        parts.append(schemas.block(media.schema))
    if media.item_schema is not None:  # OpenAPI 3.2: a stream of items
        values = stream_items(spec, media.item_schema, context, how.properties)
        parts.append("A stream of items, each:\n\n" + schemas.block(media.item_schema))
        text = stream_text(values, media.media_type, media.prefix_encoding, media.item_encoding)
        stream = fenced(text, "text")
        parts.append(f"Example stream (made from the item schema)\n\n{stream}")
    examples = media.examples
    given = given_example(spec, media.schema)
    if not examples and given is not MISSING:
        examples = (Example(None, media.location, value=given),)
    for ex in examples:
        title = "Example" + (f" {one_line(ex.name)}" if ex.name else "")
        title += f": {one_line(ex.summary)}" if ex.summary else ""
        if ex.value is not MISSING:
            parts.append(f"{title}\n\n{_example_block(ex.value, media, how)}")
        elif ex.external_value:
            parts.append(f"{title}: external, {code(ex.external_value)}")
        if ex.serialized_value is not None:
            parts.append(f"{title}, serialized:\n\n{fenced(ex.serialized_value, 'text')}")
    if examples or media.schema is None or body_kind(media.media_type) == "binary":
        return parts
    # a form's encoding is the media type's own: only bodies without one are shared
    key = (
        None
        if media.encoding
        else (media.schema.ref or id(media.schema), context, media.media_type)
    )
    made = how.made_up.get(key) if key else None
    if made is None:
        made = []
        bodies = made_up(
            spec, media.schema, context, how.properties, how.validator, how.made_up_cache
        )
        invalid = bodies.invalid
        for name, value in bodies.samples[:3]:
            text = body_text(spec, media.schema, value, media.media_type, media.encoding)
            if text.strip():
                label = "Example (made from the schema)" + (f": {one_line(name)}" if name else "")
                if name in invalid:
                    label += " (does not meet its schema: no valid one could be made)"
                made.append(f"{label}\n\n{_fence_example(text, media, how)}")
        if key:
            how.made_up[key] = made
    return parts + made


def _example_block(value: Any, media: MediaType, how: OperationText) -> str:
    text = json_text(value, limit=how.example_max_chars, indent=2)
    language = "json" if not isinstance(value, str) else ""
    return fenced(text, language)


def _fence_example(text: str, media: MediaType, how: OperationText) -> str:
    if len(text) > how.example_max_chars:
        cut = len(text) - how.example_max_chars
        text = f"{text[: how.example_max_chars]}\n… ({cut} characters not shown)"
    kind = body_kind(media.media_type)
    return fenced(text, "json" if kind == "json" else "xml" if kind == "xml" else "")


# -- llms.txt --------------------------------------------------------------------------


@dataclass(frozen=True)
class IndexLink:
    name: str
    url: str
    note: str = ""


def llms_index(
    title: str, summary: str, prose: str, sections: Iterable[tuple[str, list[IndexLink]]]
) -> str:
    """``llms.txt`` (https://llmstxt.org): ``# title``, ``> summary``, prose, then one
    ``## section`` per group of ``- [name](url): note`` links."""
    out = [f"# {one_line(title) or 'API'}"]
    if summary.strip():
        out.append(f"> {one_line(summary)}")
    if prose.strip():
        out.append(prose.strip())
    for heading, links in sections:
        if not links:
            continue
        items = "\n".join(
            f"- [{_link_text(link.name)}]({link.url})"
            + (f": {one_line(link.note)}" if link.note.strip() else "")
            for link in links
        )
        out.append(f"## {one_line(heading)}\n\n{items}")
    return "\n\n".join(out) + "\n"


def _link_text(text: str) -> str:
    return re.sub(r"([\[\]\\`*_])", r"\\\1", one_line(text))


def first_sentence(text: str | None) -> str:
    """The first sentence of a description, on one line (for a summary)."""
    line = one_line((text or "").strip().split("\n\n", 1)[0])
    m = re.match(r"(.+?[.!?])(\s|$)", line)
    return m[1] if m else line


__all__ = [
    "IndexLink",
    "OperationText",
    "SchemaLink",
    "SchemaText",
    "code",
    "description",
    "fenced",
    "first_sentence",
    "llms_index",
    "one_line",
    "operation_markdown",
]
