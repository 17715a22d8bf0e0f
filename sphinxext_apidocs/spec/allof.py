"""A property declared by several ``allOf`` parts, read as JSON Schema reads it: every
declaration applies, so later ones narrow earlier ones (``kind: {type: string}`` then
``kind: {const: cat}`` is the constant ``cat``).  Declarations that cannot all hold
(``type: string`` and ``type: integer``, two different constants) are conflicts, told
in words rather than decided in silence.  Pure Python, no Sphinx."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from .model import MISSING, ApiSpec, Schema

__all__ = ["narrowed"]

LOWER_BOUNDS = frozenset({"minimum", "minLength", "minItems", "minProperties", "minContains"})
UPPER_BOUNDS = frozenset({"maximum", "maxLength", "maxItems", "maxProperties", "maxContains"})


def narrowed(spec: ApiSpec, declarations: list[Schema]) -> tuple[Schema, tuple[str, ...]]:
    """One schema for the declarations of a property (in written order), and the
    conflicts between them.  A single declaration is returned as it is."""
    if len(declarations) == 1:
        return declarations[0], ()
    targets = [spec.referent(d) for d in declarations]
    out = targets[0]
    conflicts: list[str] = []
    structured = False
    for later in targets[1:]:
        structured = structured or _structured(later)
        out, found = _narrow(out, later)
        conflicts.extend(found)
    if structured or _structured(targets[0]):
        # object or array parts: their members are merged where the table merges allOf
        out = replace(out, all_of=tuple(declarations), properties=(), required=())
    return out, tuple(conflicts)


def _structured(s: Schema) -> bool:
    return bool(s.properties or s.items is not None or s.one_of or s.any_of or s.all_of)


def _narrow(first: Schema, later: Schema) -> tuple[Schema, list[str]]:
    conflicts: list[str] = []
    types = first.types
    if first.types and later.types:
        common = tuple(t for t in first.types if _accepts(later.types, t))
        common += tuple(t for t in later.types if t == "integer" and "number" in first.types)
        if common:
            types = common
        else:
            conflicts.append(f"type {' or '.join(first.types)} and type {' or '.join(later.types)}")
    elif later.types:
        types = later.types
    const: Any = first.const
    if later.const is not MISSING:
        if const is not MISSING and const != later.const:
            conflicts.append(f"constant {const!r} and constant {later.const!r}")
        else:
            const = later.const
    enum = first.enum
    if later.enum is not None:
        enum = later.enum if enum is None else tuple(v for v in enum if v in later.enum)
        if not enum:
            conflicts.append("enums with no value in common")
    if const is not MISSING and enum is not None and const not in enum:
        conflicts.append(f"constant {const!r} outside the enum")
    return (
        replace(
            first,
            types=types,
            nullable=first.nullable and (later.nullable or not later.types),
            format=later.format or first.format,
            description=first.description or later.description,
            title=first.title or later.title,
            const=const,
            enum=enum,
            default=later.default if later.default is not MISSING else first.default,
            examples=later.examples + first.examples,
            constraints=_constraints(first.constraints, later.constraints),
            read_only=first.read_only or later.read_only,
            write_only=first.write_only or later.write_only,
            deprecated=first.deprecated or later.deprecated,
        ),
        conflicts,
    )


def _accepts(types: tuple[str, ...], kind: str) -> bool:
    return kind in types or (kind == "integer" and "number" in types)


def _constraints(
    first: tuple[tuple[str, Any], ...], later: tuple[tuple[str, Any], ...]
) -> tuple[tuple[str, Any], ...]:
    """Both sets of constraints, the stricter bound of each kind kept; both patterns."""
    out = dict(first)
    patterns = [v for k, v in first + later if k == "pattern" and isinstance(v, str)]
    for key, value in later:
        old = out.get(key)
        numbers = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (old, value))
        if numbers and key in LOWER_BOUNDS:
            out[key] = max(old, value)
        elif numbers and key in UPPER_BOUNDS:
            out[key] = min(old, value)
        else:
            out[key] = value
    merged = tuple((k, v) for k, v in out.items() if k != "pattern")
    return merged + tuple(("pattern", p) for p in dict.fromkeys(patterns))
