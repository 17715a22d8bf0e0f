"""The ``example-*`` rules: every media-type, parameter and header example and every
schema ``example``/``examples``/``default`` against its schema (pure Python, no Sphinx).

Each value is validated as OpenAPI reads it
(:meth:`..validation.validator.SpecValidator.validation_errors`: the version's dialect,
``nullable``, ``readOnly``/``writeOnly`` by request or response, discriminators).
A request example with a ``readOnly`` property, or a response example with a
``writeOnly`` one, is ``example-readonly-writeonly`` (not for webhooks and callbacks).
A parameter example written as its serialized string (``"5"`` for an integer,
``"a,b"`` for an array) is read by the parameter's style first
(:mod:`.parameter_values`).  A value that validates is held to the ``format`` of
its schema (``example-format``).

A schema jsonschema cannot use (an unresolvable ``$ref``, an unknown type, a malformed
keyword) is not judged: other rules report it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from jsonschema import FormatChecker
from jsonschema.exceptions import ValidationError

from ..diagnostics.problems import Problem
from ..diagnostics.rules import (
    EXAMPLE_ADDITIONAL_PROPERTY,
    EXAMPLE_FORMAT,
    EXAMPLE_INVALID,
    EXAMPLE_READONLY_WRITEONLY,
)
from ..samples.media import body_kind
from ..samples.validity import usable
from ..spec.loader import paused_gc
from ..spec.model import (
    MISSING,
    ApiSpec,
    Example,
    Header,
    Location,
    MediaType,
    Parameter,
    Schema,
)
from ..spec.numbers import SourceFloat
from ..spec.pointer import escape_token, unescape_token
from ..validation.openapi_keywords import MisdirectedProperty
from ..validation.validator import SpecValidator
from .parameter_values import UNREAD, coerce_parameter
from .spec_schemas import operations, root_schemas
from .value_findings import (
    Documents,
    pattern_locations,
    problem,
    short,
    summary,
    unchecked_findings,
)

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
    places = pattern_locations(spec)
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
        out += unchecked_findings(validator.take_unchecked(), use.what, use.at, places, documents)
        if not errors and use.param is None:  # a parameter's example may be its text form
            bad = _format_errors(spec, use)
            if bad:
                reported.add((use.at.file, use.at.pointer))
                more = f" (and {len(bad) - 2} more)" if len(bad) > 2 else ""
                message = f"{use.what} does not match the format of its schema: " + (
                    "; ".join(bad[:2]) + more
                )
                out.append(problem(message, use.at, EXAMPLE_FORMAT, documents))
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
                f"{use.context}: {summary(misdirected)}"
            )
        else:
            extra_only = _only(errors, _extra_property) is not None
            rule = EXAMPLE_ADDITIONAL_PROPERTY if extra_only else EXAMPLE_INVALID
            message = f"{use.what}{where} does not validate against its schema: {summary(errors)}"
        out.append(problem(message, use.at, rule, documents))
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
            out.append(f"{path or '(root)'}: {short(repr(value))} is not a {fmt!r}")
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
    for op in operations(spec):
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
            if usable(schema):
                for ex in p.examples:
                    if ex.value is not MISSING:
                        yield _Use(
                            ex.value,
                            _value_at(ex, swagger2),
                            schema,
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
                if not usable(header.schema):
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
    if not usable(media.schema):
        return
    for ex in media.examples:
        if ex.value is MISSING:
            continue
        yield _Use(
            ex.value,
            _value_at(ex, swagger2),
            media.schema,
            context,
            what,
            media_type=media.media_type,
            directed=directed,
        )


def _value_at(ex: Example, swagger2: bool) -> Location:
    """Where the example's value is written."""
    if ex.name is None or swagger2:  # `example: ...`, Swagger 2.0 `examples: {type: value}`
        return ex.location
    return ex.location.child(ex.value_field)


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
        if other is UNREAD:
            return errors
        if other is _SKIP:
            return []
        return validator.validation_errors(use.schema, other, use.context, misdirected=use.directed)
    except Exception:  # a schema jsonschema cannot use: reported by other rules, if at all
        return []


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
    not judged; ``UNREAD``: no other reading."""
    text: str = use.value
    if use.param is not None and use.param_schema is not None:
        coerced = coerce_parameter(spec, text, use.param_schema, use.param)
        return UNREAD if coerced is UNREAD or coerced == text else coerced
    if use.media_type is None:
        return UNREAD
    kind = body_kind(use.media_type)
    if kind != "json":
        return _SKIP  # the body as it is sent (XML, text, a form): not read here
    try:
        return json.loads(text)
    except ValueError:
        return UNREAD


def _schema_values(spec: ApiSpec) -> Iterator[tuple[Any, Location, Location, Any, str]]:
    """(value, where it is, where its schema is, the schema, what) of every ``example``, ``examples``
    item and ``default`` in the spec's schemas (components, and inline in operations)."""
    seen: set[tuple[str, str]] = set()
    for schema in root_schemas(spec):
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
