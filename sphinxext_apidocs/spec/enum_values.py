"""What the values of an ``enum`` mean, from the vendor extensions generators and
renderers read: ``x-enumDescriptions`` (Redoc: a map value -> text) or
``x-enum-descriptions`` (openapi-generator: a list parallel to ``enum``; either form
is accepted under either name), and ``x-enum-varnames`` (or NSwag's ``x-enumNames``:
the name each value has in generated code, a list parallel to ``enum``)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from .model import Schema
from .normalize_base import scalar_text

DESCRIPTIONS = ("x-enumDescriptions", "x-enum-descriptions")
NAMES = ("x-enum-varnames", "x-enumNames")
EXTENSIONS = frozenset(DESCRIPTIONS + NAMES)


@dataclass(frozen=True)
class EnumValue:
    value: Any
    name: str | None = None
    """The value's name in generated code (``x-enum-varnames``)."""
    description: str | None = None


def _extension(schema: Schema, names: tuple[str, ...]) -> Any:
    found = dict(schema.extensions)
    return next((found[n] for n in names if n in found), None)


def _key(value: Any) -> str:
    """How a map of descriptions names ``value``: a string as it is, anything else as
    JSON (``1``, ``true``, ``null``)."""
    return value if isinstance(value, str) else json.dumps(value)


def _texts(given: Any, values: tuple[Any, ...]) -> list[str | None]:
    """``given`` (a map value -> text or a list parallel to ``values``) as one text or
    None per value."""
    if isinstance(given, dict):
        by_key = {_key(k): scalar_text(v) for k, v in given.items()}
        return [by_key.get(_key(v)) for v in values]
    if isinstance(given, list):
        texts = [scalar_text(v) for v in given[: len(values)]]
        return texts + [None] * (len(values) - len(texts))
    return [None] * len(values)


def enum_values(schema: Schema) -> tuple[EnumValue, ...]:
    """Each value of ``schema``'s ``enum`` with its name and description; empty when
    the schema has no ``enum`` or says nothing about its values."""
    values = schema.enum or ()
    descriptions = _texts(_extension(schema, DESCRIPTIONS), values)
    names = _texts(_extension(schema, NAMES), values)
    if not any(descriptions) and not any(names):
        return ()
    return tuple(
        EnumValue(value, name or None, description.strip() or None if description else None)
        for value, name, description in zip(values, names, descriptions, strict=True)
    )


def extension_problems(raw: dict[str, Any]) -> list[tuple[str, str]]:
    """(extension, what is wrong) for each of these extensions of the schema ``raw`` that
    says something :func:`enum_values` leaves out: beside a ``$ref``, given under both
    names, not a map or a list, a text that is not one, a map key naming no value of
    ``enum``, a list longer than ``enum``."""
    if "$ref" in raw:
        why = "beside a $ref is not read (put it on the schema the $ref leads to); ignored"
        return [(name, why) for name in sorted(EXTENSIONS.intersection(raw))]
    enum = raw.get("enum")
    values = enum if isinstance(enum, list) else []
    known = {_key(v) for v in values}
    out: list[tuple[str, str]] = []
    for group in (DESCRIPTIONS, NAMES):  # the first name given is read (:func:`_extension`)
        read, *others = [n for n in group if n in raw] or [""]
        out.extend((other, f"is ignored: {read} says the same and is read") for other in others)
    ignored = {name for name, _why in out}
    for name in sorted(EXTENSIONS.intersection(raw) - ignored):
        given = raw[name]
        if not isinstance(given, (dict, list)):
            out.append((name, "is neither a map of enum values to texts nor a list; ignored"))
            continue
        texts = given.values() if isinstance(given, dict) else given
        if any(scalar_text(t) is None and t is not None for t in texts):
            out.append((name, "has an entry that is not a text; that entry is ignored"))
        if not isinstance(enum, list):
            out.append((name, "describes no enum: the schema has no enum list; ignored"))
        elif isinstance(given, dict):
            unknown = [str(k) for k in given if _key(k) not in known]
            if unknown:
                listed = ", ".join(repr(k) for k in unknown[:5])
                out.append((name, f"names {listed}, not a value of enum; ignored"))
        elif len(given) > len(values):
            extra = len(given) - len(values)
            out.append((name, f"has {extra} more entries than enum has values; ignored"))
    return out
