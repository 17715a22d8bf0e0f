"""The ``examples`` rules: examples, defaults and generated payloads against their schemas,
and the languages of hand-written code samples (pure Python, no Sphinx).

* :func:`check_examples`: every media-type, parameter and header example and every schema
  ``example``/``examples``/``default`` validated against its schema as OpenAPI reads it
  (:meth:`..samples.validate.SpecValidator.validation_errors`: the version's dialect,
  ``nullable``, ``readOnly``/``writeOnly`` by request or response, discriminators).
  A request example with a ``readOnly`` property, or a response example with a
  ``writeOnly`` one, is ``example-readonly-writeonly`` (not for webhooks and callbacks).
  A parameter example written as its serialized string (``"5"`` for an integer,
  ``"a,b"`` for an array) is read by the parameter's style first.
* :func:`check_samples`: the payload the renderer makes for a body without examples.
* :func:`check_code_sample_languages`: ``x-codeSamples`` languages highlighting knows.

A schema jsonschema cannot use (an unresolvable ``$ref``, an unknown type, a malformed
keyword) is not judged: other rules report it.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any
from urllib.parse import parse_qsl, unquote

from jsonschema import FormatChecker
from jsonschema.exceptions import ValidationError, relevance
from pygments.lexers import get_lexer_by_name  # type: ignore[import-untyped]
from pygments.util import ClassNotFound  # type: ignore[import-untyped]

from ..diagnostics.problems import Problem
from ..diagnostics.rules import (
    CODE_SAMPLE_LANGUAGE,
    EXAMPLE_ADDITIONAL_PROPERTY,
    EXAMPLE_FORMAT,
    EXAMPLE_INVALID,
    EXAMPLE_READONLY_WRITEONLY,
    EXAMPLE_UNCHECKED,
    SAMPLE_INVALID,
)
from ..diagnostics.subtypes import Subtype
from ..samples.media import body_kind
from ..samples.payload import Context, branch_samples
from ..spec import code_samples
from ..spec.loader import LoadedDocument, SourceFloat, paused_gc
from ..spec.model import (
    MISSING,
    ApiSpec,
    Example,
    Header,
    Location,
    MediaType,
    Operation,
    Parameter,
    Schema,
)
from ..spec.pointer import escape_token, unescape_token
from ..spec.satisfiable import subschemas
from ..validation.bounds import Unchecked, unchecked_reason
from ..validation.openapi_keywords import MAX_STEPS, MisdirectedProperty
from ..validation.validator import SpecValidator

Documents = Mapping[str, LoadedDocument | None]

#: the subtype of every problem here (the rule says which check it is)
SUBTYPE: str = Subtype.STRUCTURE.value
#: error messages quoted per finding
MESSAGES = 2
#: characters of one quoted error message
MESSAGE_CHARS = 160
#: keywords whose "not allowed" errors are a property the schema forbids
_EXTRA_PROPERTY_KEYWORDS = ("additionalProperties", "unevaluatedProperties")
#: schema keywords the walk of written schemas reads: a value to check (``value``), a list
#: of them (``values``), one schema (``one``), a list of schemas (``list``), either of those
#: (``either``), a map of schemas (``map``)
_SCHEMA_KEYS = {
    "example": "value",
    "default": "value",
    "examples": "values",
    **dict.fromkeys(
        (
            *("additionalProperties", "unevaluatedProperties", "additionalItems"),
            *("unevaluatedItems", "not", "if", "then", "else", "contains", "propertyNames"),
            "contentSchema",
        ),
        "one",
    ),
    "items": "either",
    **dict.fromkeys(("allOf", "anyOf", "oneOf", "prefixItems"), "list"),
    **dict.fromkeys(
        ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas"), "map"
    ),
}


# ---------------------------------------------------------------------------- examples


@dataclass(frozen=True)
class _Use:
    """One example value to check against one schema."""

    value: Any
    at: Location
    """Where the value is written (its JSON pointer is the finding's)."""
    schema: Schema | Location
    context: str | None
    what: str
    """``example``, ``parameter example`` ... for the message."""
    param: Parameter | Header | None = None
    """For a parameter or header example: how a string form is read..."""
    param_schema: Schema | None = None
    """... by this schema."""
    media_type: str | None = None
    written: Any = None
    """The schema as written, when known (a shortcut for plain ones)."""
    directed: bool = False
    """A body a client sends or the server returns: a ``readOnly`` property in the request,
    a ``writeOnly`` one in the response, is reported.  Not for webhooks and callbacks,
    whose requests the server sends (tools read ``readOnly`` there either way)."""


def check_examples(spec: ApiSpec, validator: SpecValidator, documents: Documents) -> list[Problem]:
    """``example-invalid`` and ``example-additional-property`` findings of ``spec``."""
    with paused_gc():
        return _check_examples(spec, validator, documents)


def _check_examples(spec: ApiSpec, validator: SpecValidator, documents: Documents) -> list[Problem]:
    out: list[Problem] = []
    seen: set[tuple[str, str, str, str | None, bool]] = set()
    reported: set[tuple[str, str]] = set()
    validator.take_unchecked()
    places = _pattern_locations(spec)
    for use in _uses(spec):
        target = (
            validator.location_target(use.schema)
            if isinstance(use.schema, Location)
            else validator.target(use.schema)
        )
        key = (use.at.file, use.at.pointer, target, use.context, use.directed)
        if key in seen or (use.at.file, use.at.pointer) in reported:
            continue
        seen.add(key)
        errors = _example_errors(spec, validator, use)
        out += _unchecked(validator.take_unchecked(), use.what, use.at, places, documents)
        if not errors and use.param is None:  # a parameter's example may be its text form
            bad = _format_errors(spec, use)
            if bad:
                reported.add((use.at.file, use.at.pointer))
                more = f" (and {len(bad) - 2} more)" if len(bad) > 2 else ""
                message = f"{use.what} does not match the format of its schema: " + (
                    "; ".join(bad[:2]) + more
                )
                out.append(_problem(message, use.at, EXAMPLE_FORMAT, documents))
            continue
        if not errors:
            continue
        reported.add((use.at.file, use.at.pointer))
        where = f" ({use.context})" if use.context else ""
        misdirected = _only(errors, _misdirected)
        if misdirected is not None:
            rule = EXAMPLE_READONLY_WRITEONLY
            message = (
                f"{use.what}{where} has a property its schema does not allow in a "
                f"{use.context}: {_summary(misdirected)}"
            )
        else:
            extra_only = _only(errors, _extra_property) is not None
            rule = EXAMPLE_ADDITIONAL_PROPERTY if extra_only else EXAMPLE_INVALID
            message = f"{use.what}{where} does not validate against its schema: {_summary(errors)}"
        out.append(_problem(message, use.at, rule, documents))
    return out


#: the formats asserted in examples: well defined, and checked without guessing
#: (``date-time`` and ``uri`` through rfc3339-validator and rfc3986-validator)
ASSERTED_FORMATS = ("date-time", "date", "uuid", "email", "ipv4", "ipv6", "uri")


@cache
def _format_checker() -> FormatChecker:
    known = FormatChecker.checkers
    return FormatChecker([name for name in ASSERTED_FORMATS if name in known])


def _schema_at(spec: ApiSpec, at: Location) -> Schema | None:
    """The normalised schema written at ``at``: a schema a ``$ref`` reaches, or one inside
    it (``properties/x``, ``items``, ``allOf/0`` ...)."""
    tokens = at.pointer.split("/")
    for cut in range(len(tokens), 0, -1):
        found = spec.schemas.get(f"{at.file}#{'/'.join(tokens[:cut])}")
        if found is not None:
            break
    else:
        return None
    rest = [unescape_token(t) for t in tokens[cut:]]
    while rest and found is not None:
        word = rest.pop(0)
        if word in ("properties", "patternProperties") and rest:
            found = dict(
                found.properties if word == "properties" else found.pattern_properties
            ).get(rest.pop(0))
        elif word in ("allOf", "oneOf", "anyOf", "prefixItems") and rest and rest[0].isdigit():
            parts = {
                "allOf": found.all_of,
                "oneOf": found.one_of,
                "anyOf": found.any_of,
                "prefixItems": found.prefix_items,
            }[word]
            index = int(rest.pop(0))
            found = parts[index] if index < len(parts) else None
        elif word == "items":
            found = found.items
        elif word == "not":
            found = found.not_
        elif word == "additionalProperties" and isinstance(found.additional_properties, Schema):
            found = found.additional_properties
        else:
            return None
    return found


def _format_errors(spec: ApiSpec, use: _Use) -> list[str]:
    """Where an example that validates breaks a ``format`` of its schema: the strings are
    followed through properties, items and ``allOf`` (not ``oneOf``/``anyOf``, where the
    branch is not known)."""
    schema = use.schema if isinstance(use.schema, Schema) else _schema_at(spec, use.schema)
    if schema is None:
        return []
    out: list[str] = []
    checker = _format_checker()
    stack: list[tuple[Schema, Any, str, int]] = [(schema, use.value, "", 0)]
    while stack:
        current, value, path, depth = stack.pop()
        current = spec.referent(current)
        if current.ref is not None or depth > 64:
            continue
        fmt = current.format
        if isinstance(value, str) and fmt in checker.checkers and not checker.conforms(value, fmt):
            out.append(f"{path or '(root)'}: {_short(repr(value))} is not a {fmt!r}")
        stack.extend((part, value, path, depth + 1) for part in current.all_of)
        if isinstance(value, dict):
            named = dict(current.properties)
            extra = current.additional_properties
            for key, item in value.items():
                sub = named.get(key) or (extra if isinstance(extra, Schema) else None)
                if sub is not None:
                    stack.append((sub, item, f"{path}/{key}", depth + 1))
        elif isinstance(value, list) and current.items is not None:
            stack.extend(
                (current.items, item, f"{path}/{i}", depth + 1) for i, item in enumerate(value)
            )
    return sorted(out)


def _uses(spec: ApiSpec) -> Iterator[_Use]:
    swagger2 = spec.openapi_version.startswith("2")
    #: the schemas written on parameters and headers (their values are sent as text too)
    inline: dict[Location, tuple[Parameter | Header, Schema]] = {}
    #: the operations a client calls (not webhooks, not callbacks)
    called = {f"{op.location}" for op in spec.operations}
    for op in _operations(spec):
        directed = f"{op.location}" in called
        for p in op.parameters:
            if p.location_in == "unresolved":
                continue
            if p.schema is not None and p.schema.raw is not None and not p.schema.is_ref:
                inline[p.schema.location] = (p, p.schema)
            schema = p.schema
            media_type = None
            if schema is None and p.content:
                schema, media_type = p.content[0].schema, p.content[0].media_type
            if _usable(schema):
                for ex in p.examples:
                    if ex.value is not MISSING:
                        yield _Use(
                            ex.value,
                            _value_at(ex, swagger2),
                            schema,  # type: ignore[arg-type]  # _usable said so
                            None,
                            "parameter example",
                            p if media_type is None else None,
                            schema,
                            media_type,
                        )
            for media in p.content:
                yield from _media_uses(media, None, swagger2, "parameter example")
        if op.request_body is not None:
            for media in op.request_body.content:
                yield from _media_uses(media, "request", swagger2, "example", directed)
        for response in op.responses:
            for header in response.headers:
                if not _usable(header.schema):
                    continue
                assert header.schema is not None
                if header.schema.raw is not None and not header.schema.is_ref:
                    inline[header.schema.location] = (header, header.schema)
                for ex in header.examples:
                    if ex.value is not MISSING:
                        yield _Use(
                            ex.value,
                            _value_at(ex, swagger2),
                            header.schema,
                            None,
                            "header example",
                            header,
                            header.schema,
                        )
            for media in response.content:
                yield from _media_uses(media, "response", swagger2, "example", directed)
    for value, at, schema_at, written, what in _schema_values(spec):
        param, param_schema = inline.get(schema_at, (None, None))
        yield _Use(value, at, schema_at, None, what, param, param_schema, written=written)


def _media_uses(
    media: MediaType, context: str | None, swagger2: bool, what: str, directed: bool = False
) -> Iterator[_Use]:
    if not _usable(media.schema):
        return
    for ex in media.examples:
        if ex.value is MISSING:
            continue
        yield _Use(
            ex.value,
            _value_at(ex, swagger2),
            media.schema,  # type: ignore[arg-type]
            context,
            what,
            media_type=media.media_type,
            directed=directed,
        )


def _usable(schema: Schema | None) -> bool:
    """A schema written in a file (not made up from Swagger 2.0 formData parameters) whose
    reference, if any, resolved."""
    if schema is None or schema.ref == "":
        return False
    return schema.ref is not None or schema.raw is not None


def _value_at(ex: Example, swagger2: bool) -> Location:
    """Where the example's value is written."""
    if ex.name is None or swagger2:  # `example: ...`, Swagger 2.0 `examples: {type: value}`
        return ex.location
    if ex.external_value is not None:
        return ex.location.child("externalValue")
    return ex.location.child("value")


def _operations(spec: ApiSpec) -> Iterator[Operation]:
    todo = list(spec.operations + spec.webhooks)
    seen: set[str] = set()
    while todo:
        op = todo.pop(0)
        key = f"{op.location}"
        if key in seen:
            continue
        seen.add(key)
        yield op
        for callback in op.callbacks:
            todo.extend(callback.operations)


def _example_errors(spec: ApiSpec, validator: SpecValidator, use: _Use) -> list[ValidationError]:
    """The errors of the example's best reading (none: it validates, or cannot be judged)."""
    errors = _reading_errors(spec, validator, use)
    if use.media_type is not None and use.media_type.split(";")[0].strip().endswith(
        "merge-patch+json"
    ):
        # a JSON Merge Patch (RFC 7396) sends only what changes, and null removes a member
        errors = [e for e in errors if e.validator != "required" and e.instance is not None]
    return errors


def _reading_errors(spec: ApiSpec, validator: SpecValidator, use: _Use) -> list[ValidationError]:
    try:
        if use.written is not None and validator.plainly_accepts(use.written, use.value):
            return []
        errors = validator.validation_errors(
            use.schema, use.value, use.context, misdirected=use.directed
        )
        if not errors:
            return errors
        if not isinstance(use.value, str):
            # a parameter is sent as text: 5 for a string parameter is sent as "5"
            text = _scalar_text(use.value) if use.param is not None else None
            if text is not None and not validator.validation_errors(use.schema, text, use.context):
                return []
            return errors
        other = _reading(spec, use)
        if other is _UNREAD:
            return errors
        if other is _SKIP:
            return []
        return validator.validation_errors(use.schema, other, use.context, misdirected=use.directed)
    except Exception:  # a schema jsonschema cannot use: reported by other rules, if at all
        return []


_UNREAD = object()
_SKIP = object()


def _scalar_text(value: Any) -> str | None:
    """A number or boolean as it is written in a URL or header (None for anything else)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, SourceFloat):
        return value.source
    if isinstance(value, (int, float)) and math.isfinite(value):
        return str(value)
    return None


def _reading(spec: ApiSpec, use: _Use) -> Any:
    """Another reading of a string example its schema refuses: a parameter's serialized
    form, a JSON body written as text.  ``_SKIP``: a serialized body (XML, a form) that is
    not judged; ``_UNREAD``: no other reading."""
    text: str = use.value
    if use.param is not None and use.param_schema is not None:
        coerced = coerce_parameter(spec, text, use.param_schema, use.param)
        return _UNREAD if coerced is _UNREAD or coerced == text else coerced
    if use.media_type is None:
        return _UNREAD
    kind = body_kind(use.media_type)
    if kind != "json":
        return _SKIP  # the body as it is sent (XML, text, a form): not read here
    try:
        return json.loads(text)
    except ValueError:
        return _UNREAD


def _schema_values(spec: ApiSpec) -> Iterator[tuple[Any, Location, Location, Any, str]]:
    """(value, where it is, where its schema is, the schema, what) of every ``example``, ``examples``
    item and ``default`` in the spec's schemas (components, and inline in operations)."""
    seen: set[tuple[str, str]] = set()
    for schema in _root_schemas(spec):
        file = schema.location.file
        todo: list[tuple[Any, str]] = [(schema.raw, schema.location.pointer)]
        while todo:
            raw, pointer = todo.pop()
            if not isinstance(raw, dict) or (file, pointer) in seen:
                continue
            seen.add((file, pointer))
            nested: list[tuple[Any, str]] = []
            for key, value in raw.items():
                kind = _SCHEMA_KEYS.get(key)
                if kind is None:
                    continue
                at = f"{pointer}/{escape_token(key)}"
                if kind == "value":
                    what = "schema default" if key == "default" else "schema example"
                    yield value, Location(file, at), Location(file, pointer), raw, what
                elif kind == "values" and isinstance(value, list):
                    for i, item in enumerate(value):
                        yield (
                            item,
                            Location(file, f"{at}/{i}"),
                            Location(file, pointer),
                            raw,
                            "schema example",
                        )
                elif isinstance(value, dict) and kind in ("one", "either"):
                    nested.append((value, at))
                elif isinstance(value, list) and kind in ("list", "either"):
                    nested.extend((v, f"{at}/{i}") for i, v in enumerate(value))
                elif isinstance(value, dict) and kind == "map":
                    nested.extend((v, f"{at}/{escape_token(str(k))}") for k, v in value.items())
            todo.extend(reversed(nested))


def _root_schemas(spec: ApiSpec) -> Iterator[Schema]:
    """Every schema written in a file: the named ones (reached by ``$ref``), then those
    inline in operations (made-up ones, Swagger 2.0 formData bodies, give their parts)."""
    todo: list[Schema] = [spec.schemas[key] for key in sorted(spec.schemas)]
    for op in _operations(spec):
        for p in op.parameters:
            todo.extend(s for s in (p.schema, *(m.schema for m in p.content)) if s is not None)
        if op.request_body is not None:
            todo.extend(m.schema for m in op.request_body.content if m.schema is not None)
        for response in op.responses:
            todo.extend(h.schema for h in response.headers if h.schema is not None)
            todo.extend(m.schema for m in response.content if m.schema is not None)
    seen: set[int] = set()
    for schema in todo:  # grows as it goes
        if id(schema) in seen:
            continue
        seen.add(id(schema))
        if schema.raw is not None:
            yield schema
            continue
        todo.extend(s for _, s in schema.properties)
        if schema.items is not None:
            todo.append(schema.items)


# ---------------------------------------------------------------------------- samples


def check_samples(spec: ApiSpec, validator: SpecValidator, documents: Documents) -> list[Problem]:
    """``sample-invalid``: a payload made from a body schema (as the renderer makes it, for a
    body without examples) that does not validate against that schema."""
    with paused_gc():
        return _check_samples(spec, validator, documents)


def _check_samples(spec: ApiSpec, validator: SpecValidator, documents: Documents) -> list[Problem]:
    out: list[Problem] = []
    seen: set[tuple[str, str]] = set()
    validator.take_unchecked()
    places = _pattern_locations(spec)
    for op in _operations(spec):
        bodies: list[tuple[MediaType, Context, str]] = []
        if op.request_body is not None:
            bodies.extend((m, "request", f"{op.title} request") for m in op.request_body.content)
        for response in op.responses:
            bodies.extend(
                (m, "response", f"{op.title} response {response.status}") for m in response.content
            )
        for media, context, where in bodies:
            schema = media.schema
            # the renderer shows the media type's own examples instead (even unreadable ones)
            if media.examples or not _usable(schema) or body_kind(media.media_type) == "binary":
                continue
            assert schema is not None
            target = validator.target(schema)
            if (target, context) in seen:
                continue
            seen.add((target, context))
            unchecked = Unchecked()
            failures = _sample_failures(spec, validator, schema, context, unchecked)
            what = f"the example made from this schema for {where} {media.media_type}"
            out += _unchecked(unchecked, what, _schema_location(schema), places, documents)
            if not failures:
                continue
            label, errors = failures[0]
            branch = f" ({label})" if label else ""
            message = f"{what}{branch} does not validate against it: {_summary(errors)}"
            if len(failures) > 1:
                message += f" (and {len(failures) - 1} other branch examples)"
            out.append(_problem(message, _schema_location(schema), SAMPLE_INVALID, documents))
    return out


def _sample_failures(
    spec: ApiSpec, validator: SpecValidator, schema: Schema, context: Context, unchecked: Unchecked
) -> list[tuple[str, list[ValidationError]]]:
    """The branch samples of ``schema`` that do not validate, with their errors; what the
    sampler and the validation could not judge goes to ``unchecked``."""
    try:
        samples = branch_samples(spec, schema, context, unchecked=unchecked)
        out = []
        for label, value in samples:
            errors = validator.validation_errors(schema, value, context)
            if errors:
                out.append((label, errors))
        return out
    except Exception:  # a schema jsonschema cannot use: not the sample's fault
        return []
    finally:
        judged = validator.take_unchecked()
        unchecked.patterns.update(judged.patterns)
        unchecked.exhausted = unchecked.exhausted or judged.exhausted


def _unchecked(
    unchecked: Unchecked,
    what: str,
    at: Location,
    places: dict[str, Location],
    documents: Documents,
) -> list[Problem]:
    """``example-unchecked`` findings: the work budget ran out on the value ``what`` (at
    ``at``), or a pattern could not be checked against it: that finding is about the
    pattern, where it is first written (``places``: :func:`_pattern_locations`), the same
    whichever value met it (one per pattern: ``apicheck`` reports a finding once)."""
    out = []
    if unchecked.exhausted:
        message = (
            f"{what} was not checked against its schema: that needs more than {MAX_STEPS:,} "
            "steps (oneOf/anyOf nested deep?)"
        )
        out.append(_problem(message, at, EXAMPLE_UNCHECKED, documents))
    for pattern in unchecked.patterns:
        message = (
            f"pattern {_short(repr(pattern))} was not checked against the examples or made-up "
            f"values it meets: {unchecked_reason(pattern)}"
        )
        written = places.get(pattern, at)
        out.append(_problem(message, written, EXAMPLE_UNCHECKED, documents))
    return out


def _pattern_locations(spec: ApiSpec) -> dict[str, Location]:
    """Where each ``pattern`` (and ``patternProperties`` name) of the spec is first written."""
    out: dict[str, Location] = {}
    todo = list(_root_schemas(spec))
    seen: set[int] = set()
    for schema in todo:  # grows as it goes
        if id(schema) in seen:
            continue
        seen.add(id(schema))
        for name, _sub in schema.pattern_properties:
            out.setdefault(name, schema.location.child("patternProperties", name))
        pattern = dict(schema.constraints).get("pattern")
        if isinstance(pattern, str):
            out.setdefault(pattern, schema.location.child("pattern"))
        todo.extend(subschemas(schema))
    return out


def _schema_location(schema: Schema) -> Location:
    """Where the schema a reference leads to is written (else the schema itself)."""
    if schema.ref:
        file, _, pointer = schema.ref.partition("#")
        return Location(file, pointer)
    return schema.location


# ---------------------------------------------------------------------------- code samples

#: ``lang`` values of hand-written samples that are fine though Pygments has no such name
KNOWN_LANGUAGES = frozenset(
    {
        *("curl", "shell", "sh", "bash", "cli", "azurecli", "azure-cli", "httpie", "http"),
        *("c#", "csharp", "node", "node.js", "nodejs", "javascript", "js", "typescript", "ts"),
        *("python", "python3", "py", "go", "golang", "java", "kotlin", "php", "ruby", "rust"),
        *("swift", "objective-c", "objc", "c", "c++", "cpp", "scala", "perl", "powershell"),
        *("dart", "elixir", "groovy", "coffeescript", "r", "clojure", "text", "plaintext"),
    }
)


def check_code_sample_languages(spec: ApiSpec, documents: Documents) -> list[Problem]:
    """``code-sample-language``: an ``x-codeSamples`` / ``x-code-samples`` entry (one the
    renderer shows: with a ``source``) without a ``lang``, or with one that highlighting does
    not know (shown as plain text)."""
    out: list[Problem] = []
    for op in _operations(spec):
        for key, i, entry in code_samples.entries(op):
            if not code_samples.is_shown(entry):  # as the renderer: not shown, not checked
                continue
            at = op.location.child(key, i, "lang")
            lang = entry.get("lang")
            if lang is None or (isinstance(lang, str) and not lang.strip()):
                message = f"{key} entry {i} of {op.title} has no 'lang'"
            elif not isinstance(lang, str):
                message = f"{key} entry {i} of {op.title}: 'lang' is not a string"
            elif not known_language(lang):
                message = (
                    f"{key} entry {i} of {op.title}: unknown language {lang!r} "
                    "(shown without highlighting)"
                )
            else:
                continue
            out.append(_problem(message, at, CODE_SAMPLE_LANGUAGE, documents))
    return out


@lru_cache(maxsize=512)
def known_language(lang: str) -> bool:
    """Whether highlighting knows ``lang`` (case-insensitive; Pygments' names and aliases,
    and the labels specs commonly use: ``cURL``, ``Node``, ``C#`` ...)."""
    name = lang.strip().lower()
    if name in KNOWN_LANGUAGES:
        return True
    try:
        get_lexer_by_name(name)
    except ClassNotFound:
        return False
    return True


# ---------------------------------------------------------------------------- parameters


def coerce_parameter(spec: ApiSpec, text: str, schema: Schema, param: Parameter | Header) -> Any:
    """``text`` (a parameter or header example written as it is sent) as the value its
    schema describes, read by the parameter's ``style`` and ``explode``: ``"5"`` for an
    integer is 5, ``"a,b"`` for an array ``["a", "b"]``, ``"k,v"`` for an object
    ``{"k": "v"}``.  ``_UNREAD`` when it cannot be read so."""
    where = param.location_in if isinstance(param, Parameter) else "header"
    name = param.name
    style = (param.style if isinstance(param, Parameter) else None) or (
        "form" if where in ("query", "cookie") else "simple"
    )
    explode = param.explode if isinstance(param, Parameter) else None
    if explode is None:
        explode = style == "form"
    s = spec.referent(schema)
    stripped = text.strip()
    if stripped[:1] in ("[", "{"):  # JSON written as a string
        try:
            return json.loads(stripped)
        except ValueError:
            pass
    kind = _kind(spec, s)
    if style == "label" and text.startswith("."):
        text = text[1:]
    elif style == "matrix" and text.startswith(";"):
        text = text[1:]
        if kind != "object" or not explode:
            text = ";".join(p.partition("=")[2] if "=" in p else p for p in text.split(";"))
    if kind == "array":
        return [_scalar(spec, item, s.items) for item in _split_array(text, name, style, explode)]
    if kind == "object":
        pairs = _split_object(text, name, style, explode)
        if pairs is None:
            return _UNREAD
        props = dict(s.properties)
        extra = s.additional_properties if isinstance(s.additional_properties, Schema) else None
        return {k: _scalar(spec, v, props.get(k, extra)) for k, v in pairs}
    return _scalar(spec, text, s)


def _split_array(text: str, name: str, style: str, explode: bool) -> list[str]:
    if style == "form" and explode and f"{name}=" in text:
        return [v for k, v in parse_qsl(text.lstrip("?"), keep_blank_values=True) if k == name]
    if text.startswith(f"{name}=") and style == "form":
        text = text[len(name) + 1 :]
    if text == "":
        return []
    delimiter = {
        "spaceDelimited": " ",
        "pipeDelimited": "|",
        "label": "." if explode else ",",
        "matrix": ";",
    }.get(style, ",")
    if style == "spaceDelimited" and "%20" in text:
        text = unquote(text)
    if style == "matrix" and not explode:
        delimiter = ","
    return text.split(delimiter)


def _split_object(text: str, name: str, style: str, explode: bool) -> list[tuple[str, str]] | None:
    if style == "deepObject" or (style == "form" and explode) or "&" in text:
        pairs = parse_qsl(text.lstrip("?"), keep_blank_values=True)
        deep = re.compile(re.escape(name) + r"\[([^\]]*)\]$")
        out = []
        for key, value in pairs:
            match = deep.match(key)
            out.append((match.group(1) if match else key, value))
        return out or None
    if text.startswith(f"{name}=") and style == "form":
        text = text[len(name) + 1 :]
    if "=" in text:  # simple, label, matrix exploded: k=v,k2=v2
        parts = re.split(r"[,;.]" if style in ("label", "matrix") else ",", text)
        return [(k, v) for k, _, v in (p.partition("=") for p in parts if p)]
    items = text.split(",")
    if len(items) % 2:
        return None
    return list(zip(items[::2], items[1::2], strict=True))


def _scalar(spec: ApiSpec, text: str, schema: Schema | None) -> Any:
    """A string as the scalar its schema's type says (left a string when it is not one)."""
    if schema is None:
        return text
    s = spec.referent(schema)
    kinds = set(s.types) or _branch_types(spec, s)
    if "string" in kinds and not kinds & {"integer", "number", "boolean"}:
        return text
    if kinds & {"integer", "number"} and re.fullmatch(r"[+-]?\d+", text.strip()):
        return int(text)
    if "number" in kinds:
        try:
            value = float(text)
        except ValueError:
            pass
        else:
            if math.isfinite(value):
                return value
    if "boolean" in kinds and text.strip().lower() in ("true", "false"):
        return text.strip().lower() == "true"
    if (s.nullable or "null" in kinds) and text.strip() == "null":
        return None
    return text


def _branch_types(spec: ApiSpec, s: Schema) -> set[str]:
    """The types a schema without ``type`` allows through its branches and parts."""
    out: set[str] = set()
    for part in (*s.one_of, *s.any_of, *s.all_of):
        out.update(spec.referent(part).types)
    return out


def _kind(spec: ApiSpec, s: Schema) -> str | None:
    """``array`` or ``object`` when the schema wants one (and no string), else None."""
    kinds = set(s.types) or _branch_types(spec, s)
    if not kinds:
        if s.items is not None or s.prefix_items:
            return "array"
        return "object" if s.properties or s.additional_properties else None
    if "string" in kinds:
        return None
    if "array" in kinds:
        return "array"
    return "object" if "object" in kinds else None


# ---------------------------------------------------------------------------- findings


def _problem(message: str, at: Location, rule: str, documents: Documents) -> Problem:
    doc = documents.get(at.file)
    line = doc.line_of(at.pointer) if doc is not None else None
    return Problem(SUBTYPE, message, at.file, line, at.pointer, rule)


def _extra_property(error: ValidationError) -> bool:
    """A property the schema forbids (``additionalProperties`` or ``unevaluatedProperties``
    false)."""
    return error.validator in _EXTRA_PROPERTY_KEYWORDS and error.validator_value is False


def _misdirected(error: ValidationError) -> bool:
    """A ``readOnly`` property in a request, or a ``writeOnly`` one in a response."""
    return isinstance(error, MisdirectedProperty)


def _only(
    errors: list[ValidationError], kind: Callable[[ValidationError], bool]
) -> list[ValidationError] | None:
    """The errors of ``kind`` that ``errors`` come down to, when there is nothing else:
    also when every alternative of a ``oneOf``/``anyOf`` fails, and one of them fails on
    such errors alone (that one's are given).  None when some error is of another kind."""
    out: list[ValidationError] = []
    for error in errors:
        if kind(error):
            out.append(error)
            continue
        if error.validator not in ("oneOf", "anyOf") or not error.context:
            return None
        branches: dict[Any, list[ValidationError]] = {}
        for sub in error.context:
            index = sub.relative_schema_path[0] if sub.relative_schema_path else None
            branches.setdefault(index, []).append(sub)
        found = next(
            (f for f in (_only(b, kind) for b in branches.values()) if f is not None), None
        )
        if found is None:
            return None
        out += found
    return out


def _summary(errors: list[ValidationError]) -> str:
    """The first errors (in the value's order, alternatives last), and how many more."""
    ordered = sorted(errors, key=_order)
    text = "; ".join(_describe(e) for e in ordered[:MESSAGES])
    if len(ordered) > MESSAGES:
        text += f" (and {len(ordered) - MESSAGES} more)"
    return text


def _order(error: ValidationError) -> tuple[bool, tuple[str, ...]]:
    path = tuple(f"{p:010d}" if isinstance(p, int) else str(p) for p in error.absolute_path)
    return error.validator in ("oneOf", "anyOf"), path


def _describe(error: ValidationError) -> str:
    """``/path/in/value: message``, short."""
    leaf = error
    if error.validator in ("oneOf", "anyOf") and error.context:
        leaf = max(error.context, key=relevance)
    path = "".join(f"/{p}" for p in error.absolute_path) or "(root)"
    if error.validator in ("oneOf", "anyOf"):
        if not error.context:
            message = f"valid under more than one of the {error.validator} schemas"
        else:
            inner = "".join(f"/{p}" for p in leaf.absolute_path) or "(root)"
            message = (
                f"not valid under any of the {error.validator} schemas "
                f"(e.g. {inner}: {_short(leaf.message)})"
            )
    elif error.validator == "type" and isinstance(error.instance, (dict, list)):
        kinds = (
            error.validator_value
            if isinstance(error.validator_value, list)
            else [error.validator_value]
        )
        found = "an object" if isinstance(error.instance, dict) else "an array"
        message = f"{found} is not of type {', '.join(repr(k) for k in kinds)}"
    else:
        message = _short(error.message)
    return f"{path}: {message}"


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MESSAGE_CHARS else text[: MESSAGE_CHARS - 1] + "…"
