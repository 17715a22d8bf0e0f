"""Markdown endpoint sections merged into the spec's operations (pure Python, no Sphinx).

Markdown wins for prose, examples and code samples; the spec wins for schemas,
parameter locations and types.  Every disagreement is a :class:`Problem` with the
Markdown file and line.  An endpoint the spec does not have becomes an operation
of its own (:func:`operation_from`): a ``{name}`` in the path is a path parameter,
any other documented parameter a query parameter.

Examples of a file's own ``Error Responses`` section go to each of its endpoints
whose operation has their status (to every endpoint no spec describes); one that
fits none is a problem (:func:`unmatched`).  FastMarkDocs' placeholders
(``{base_url}``...) in code samples and examples are filled by :func:`filled`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from ..diagnostics import suggest
from ..diagnostics.problems import Problem
from ..diagnostics.rules import MARKDOWN_SYNTAX, MARKDOWN_UNMATCHED
from ..diagnostics.subtypes import Subtype
from ..spec import code_samples
from ..spec.model import (
    Example,
    Location,
    MediaType,
    Operation,
    Parameter,
    RequestBody,
    Response,
    Schema,
)
from ..spec.paths import path_names, template_key
from .parse import CodeSampleDoc, EndpointDoc, ExampleDoc, MarkdownSource, Prose

_MEDIA = {"json": "application/json", "xml": "application/xml", "yaml": "application/yaml"}


@dataclass
class MarkdownIndex:
    """Every endpoint section of a set of Markdown files, by endpoint."""

    by_template: dict[str, EndpointDoc] = field(default_factory=dict)
    sources: list[MarkdownSource] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @classmethod
    def of(cls, sources: Iterable[MarkdownSource]) -> MarkdownIndex:
        index = cls()
        for source in sources:
            index.sources.append(source)
            index.problems.extend(source.problems)
            for doc in source.endpoints:
                key = template_key(doc.method, doc.path)
                first = index.by_template.get(key)
                if first is None:
                    index.by_template[key] = doc
                    continue
                index.problems.append(
                    Problem(
                        Subtype.MARKDOWN,
                        f"{doc.title} is documented twice; the section at "
                        f"{first.file}:{first.line} is used, this one is ignored",
                        doc.file,
                        doc.line,
                        rule=MARKDOWN_SYNTAX,
                    )
                )
        return index

    def find(self, op: Operation) -> EndpointDoc | None:
        return self.by_template.get(template_key(op.method, op.path))

    def endpoints(self) -> list[EndpointDoc]:
        return list(self.by_template.values())

    def tags(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """The tags sections add to their endpoint, by :func:`.spec.paths.template_key`."""
        return tuple(sorted((key, doc.tags) for key, doc in self.by_template.items() if doc.tags))


def unmatched(
    index: MarkdownIndex, operations: Iterable[Operation], spec_label: str
) -> list[Problem]:
    """A problem for every section whose endpoint the spec does not have, with the closest
    method and path."""
    ops = [op for op in operations if op.kind == "path"]
    known = {template_key(op.method, op.path) for op in ops}
    titles = [op.title for op in ops]
    out = []
    for doc in index.endpoints():
        if template_key(doc.method, doc.path) in known:
            continue
        hint = suggest.hint(doc.title, titles, cutoff=0.5)
        out.append(
            Problem(
                Subtype.MARKDOWN,
                f"{doc.title} is not an operation of spec {spec_label!r}{hint}",
                doc.file,
                doc.line,
                rule=MARKDOWN_UNMATCHED,
            )
        )
    by_key = {template_key(op.method, op.path): op for op in ops}
    for source in index.sources:
        matched = [
            by_key[k]
            for k in (template_key(d.method, d.path) for d in source.endpoints)
            if k in by_key
        ]
        shared = {e.line: e for d in source.endpoints for e in d.examples if e.shared}
        for example in shared.values():
            if matched and not any(_error_status(op, example) for op in matched):
                status = example.status or "error"
                out.append(
                    Problem(
                        Subtype.MARKDOWN,
                        f"the {status} example of the file's error responses fits no response "
                        f"of its endpoints in spec {spec_label!r}; it is not shown",
                        source.file,
                        example.line,
                        rule=MARKDOWN_UNMATCHED,
                    )
                )
    return out


def _error_status(op: Operation, example: ExampleDoc) -> str | None:
    """The response of ``op`` an error example goes to: its status, else the first error
    response (4XX, 5XX or default); None when ``op`` has no such response."""
    errors = [r.status for r in op.responses if not r.status.startswith(("1", "2", "3"))]
    if example.status is None:
        return errors[0] if errors else None
    return next((s for s in errors if s.upper() == example.status.upper()), None)


def _parsed_json(example: ExampleDoc) -> tuple[bool, Any]:
    """(True, value) for a JSON example (a ``json`` fence, or one with no language that
    parses); (False, the text as written) otherwise."""
    if example.language.lower() in ("json", "jsonc", "json5", ""):
        try:
            return True, json.loads(example.code)
        except ValueError:
            pass
    return False, example.code


def _media_type(example: ExampleDoc) -> str | None:
    """The media type the fence's language names (None: no language, not JSON)."""
    if _parsed_json(example)[0]:
        return "application/json"
    return _MEDIA.get(example.language.lower(), "text/plain" if example.language else None)


def _with_example(
    content: tuple[MediaType, ...], example: ExampleDoc, loc: Location
) -> tuple[MediaType, ...]:
    """``content`` with the example on the media type it fits (the first one otherwise),
    in place of the spec's examples there."""
    value = Example(example.label, loc, value=_parsed_json(example)[1])
    wanted = _media_type(example)
    target = next((m for m in content if m.media_type == wanted), None)
    if target is None and (wanted is None or wanted == "text/plain") and content:
        target = content[0]  # no language, or an unknown one: the first media type
    if target is None:  # a media type the spec does not list: shown under its own
        return (*content, MediaType(wanted or "text/plain", loc, None, (value,)))
    own = tuple(e for e in target.examples if e.location.file == loc.file)
    return tuple(replace(m, examples=(*own, value)) if m is target else m for m in content)


def merge(op: Operation, doc: EndpointDoc) -> tuple[Operation, list[Problem]]:
    """``op`` with what ``doc`` says of it, and the problems found on the way.

    The description is left to the caller (Markdown prose is rendered with MyST):
    here it only provides the summary when the spec has none.
    """
    problems: list[Problem] = []
    loc = Location(doc.file, f"/L{doc.line}")

    def problem(message: str, line: int) -> None:
        problems.append(Problem(Subtype.MARKDOWN, message, doc.file, line))

    request_body, responses = _with_examples(op, doc, loc, problem)
    merged = replace(
        op,
        summary=op.summary or doc.summary,
        tags=op.tags + tuple(t for t in doc.tags if t not in op.tags),
        parameters=_with_parameters(op, doc, loc, problem),
        request_body=request_body,
        responses=responses,
        extensions=_with_code_samples(op, doc),
    )
    return merged, problems


Report = Callable[[str, int], None]
"""Records a problem: its message and the line of the Markdown source."""


def _with_parameters(
    op: Operation, doc: EndpointDoc, loc: Location, problem: Report
) -> tuple[Parameter, ...]:
    """The operation's parameters with the descriptions the section gives them; one the
    spec does not have is added as documented."""
    spec_names, doc_names = path_names(op.path), path_names(doc.path)
    if spec_names != doc_names:
        problem(
            f"{doc.title}: the spec names the path parameters "
            f"{', '.join('{' + n + '}' for n in spec_names)} ({op.title}); the spec's names are used",
            doc.line,
        )
    renamed = dict(zip(doc_names, spec_names, strict=False))
    parameters = list(op.parameters)
    for pdoc in doc.parameters:
        name = renamed.get(pdoc.name, pdoc.name)
        at = next((i for i, p in enumerate(parameters) if p.name == name), None)
        if at is None:  # header names are case-insensitive
            at = next(
                (
                    i
                    for i, p in enumerate(parameters)
                    if p.location_in == "header" and p.name.lower() == name.lower()
                ),
                None,
            )
        if at is None:
            problem(
                f"{doc.title}: the spec has no parameter {pdoc.name!r}; it is shown as documented",
                pdoc.line,
            )
            parameters.append(_parameter(pdoc.name, doc.path, pdoc, loc))
        elif pdoc.description:
            parameters[at] = replace(parameters[at], description=pdoc.description)
    return tuple(parameters)


def _with_examples(
    op: Operation, doc: EndpointDoc, loc: Location, problem: Report
) -> tuple[RequestBody | None, tuple[Response, ...]]:
    """The request body and responses with the section's examples added: a request
    example to the body, a response example to its status (else the first 2xx)."""
    request_body = op.request_body
    responses = list(op.responses)
    own = {e.status for e in doc.examples if not e.shared}
    for example in doc.examples:
        if example.shared and (
            example.status in own or (op.responses and _error_status(op, example) is None)
        ):
            continue  # the endpoint's own example, or one the operation has no response for
        if example.kind == "request":
            if request_body is None and op.responses:
                problem(
                    f"{doc.title}: the spec has no request body; the example is shown as one",
                    example.line,
                )
            body = request_body or RequestBody(loc)
            request_body = replace(body, content=_with_example(body.content, example, loc))
            continue
        if example.kind == "error":
            status = _error_status(op, example) or example.status or "default"
        else:
            status = example.status or next(
                (r.status for r in responses if r.status.startswith("2")),
                responses[0].status if responses else "200",
            )
        at = next((i for i, r in enumerate(responses) if r.status.upper() == status.upper()), None)
        if at is None:
            if op.responses:
                problem(
                    f"{doc.title}: the spec has no response {status}; the example is shown under it",
                    example.line,
                )
            responses.append(
                Response(status, loc, example.label, content=_with_example((), example, loc))
            )
        else:
            found = responses[at]
            responses[at] = replace(found, content=_with_example(found.content, example, loc))
    return request_body, tuple(responses)


def _with_code_samples(op: Operation, doc: EndpointDoc) -> tuple[tuple[str, Any], ...]:
    """The extensions with the section's code samples first in ``x-codeSamples``; the
    spec's samples in the languages the section also gives are replaced."""
    samples = [_code_sample(s) for s in doc.code_samples]
    if not samples:
        return op.extensions
    mine = {code_samples.language_id(s["lang"]) for s in samples}
    kept = []
    for entry in code_samples.entries(op):
        item = entry.value
        lang = str(item.get("lang", "")) if isinstance(item, dict) else ""
        if code_samples.language_id(lang) not in mine:
            kept.append(item)
    others = tuple((k, v) for k, v in op.extensions if k not in code_samples.KEYS)
    return (*others, (code_samples.KEYS[0], samples + kept))


def _code_sample(sample: CodeSampleDoc) -> dict[str, str]:
    """An ``x-codeSamples`` entry."""
    entry = {"lang": sample.language or "text", "source": sample.code}
    if sample.label:
        entry["label"] = sample.label
    return entry


def _parameter(name: str, path: str, pdoc: Any, loc: Location) -> Parameter:
    where = "path" if name in path_names(path) else "query"
    kind = _TYPE_ALIASES.get(pdoc.type.lower(), pdoc.type.lower()) if pdoc and pdoc.type else None
    schema = Schema(loc, types=(kind,)) if kind in _JSON_TYPES else None
    return Parameter(
        name,
        where,
        loc,
        description=pdoc.description if pdoc else None,
        required=where == "path" or bool(pdoc and pdoc.required),
        schema=schema,
    )


_JSON_TYPES = {"string", "integer", "number", "boolean", "array", "object"}
_TYPE_ALIASES = {
    "int": "integer",
    "str": "string",
    "bool": "boolean",
    "float": "number",
    "list": "array",
    "dict": "object",
}


def operation_from(doc: EndpointDoc) -> Operation:
    """An operation made from the Markdown section alone (no spec has it)."""
    loc = Location(doc.file, f"/L{doc.line}")
    documented = {p.name: p for p in doc.parameters}
    parameters = [_parameter(n, doc.path, documented.get(n), loc) for n in path_names(doc.path)]
    parameters += [
        _parameter(p.name, doc.path, p, loc)
        for p in doc.parameters
        if p.name not in path_names(doc.path)
    ]
    bare = Operation(doc.method, doc.path, loc, summary=doc.summary, tags=doc.tags)
    with_params = replace(bare, parameters=tuple(parameters))
    merged, _ = merge(with_params, replace(doc, parameters=()))
    return merged


#: FastMarkDocs' placeholders: in code samples and examples all of them, in prose
#: ``{base_url}`` only (``{path}`` may well be text there)
_PLACEHOLDER = re.compile(r"\{(base_url|method|method_lower|path|url)\}")


def filled(doc: EndpointDoc, base_url: str) -> EndpointDoc:
    """``doc`` with FastMarkDocs' placeholders filled: ``{base_url}``, ``{url}`` (the
    base URL and the path), ``{method}``, ``{method_lower}`` and ``{path}``."""
    base = base_url.rstrip("/")
    values = {
        "base_url": base,
        "url": base + doc.path,
        "method": doc.method.upper(),
        "method_lower": doc.method.lower(),
        "path": doc.path,
    }

    def code(text: str) -> str:
        return _PLACEHOLDER.sub(lambda m: values[m[1]], text)

    return replace(
        doc,
        description=None if doc.description is None else filled_prose(doc.description, base),
        sections=tuple(filled_prose(p, base) for p in doc.sections),
        examples=tuple(replace(e, code=code(e.code)) for e in doc.examples),
        code_samples=tuple(replace(s, code=code(s.code)) for s in doc.code_samples),
    )


def filled_prose(prose: Prose, base_url: str) -> Prose:
    """``prose`` with ``{base_url}`` filled (the only placeholder of :func:`filled` that
    is not likely to be meant as written in prose)."""
    return replace(prose, text=prose.text.replace("{base_url}", base_url.rstrip("/")))


__all__ = ["MarkdownIndex", "filled", "filled_prose", "merge", "operation_from", "unmatched"]
