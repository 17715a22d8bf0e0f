"""The rules on one schema: ``discriminator-mapping`` and ``enum-type`` (pure Python, no
Sphinx)."""

from __future__ import annotations

import posixpath
from typing import Any
from urllib.parse import unquote

from ...diagnostics import suggest
from ...diagnostics.rules import DISCRIMINATOR_MAPPING, ENUM_TYPE
from ...spec.pointer import escape_token
from ...spec.refs import NOT_FOUND
from ...validation.json_types import TYPES, json_type
from .raw import URL_SCHEME, RawSpec, scalar_text


def check_mapping(raw: RawSpec, used: set[str], mapping: Any, file: str, pointer: str) -> None:
    """The schema each value of a discriminator ``mapping`` names exists; those it names
    go to ``used``."""
    if not isinstance(mapping, dict):
        return
    owner = raw.component_of(file, pointer)
    for value, target in mapping.items():
        if not isinstance(target, str):
            continue
        where = f"{pointer}/{escape_token(str(value))}"
        named = raw.schema_names.get(target)
        if named is not None:
            if named != owner:
                used.add(named)
            continue
        text = target.strip()
        if URL_SCHEME.match(text) or text.startswith("//"):
            continue  # remote: not checked
        looks_like_ref = "#" in text or "/" in text or "." in text
        if looks_like_ref:
            path = text.partition("#")[0]
            if path and "://" not in file:
                rel = posixpath.normpath(posixpath.join(posixpath.dirname(file), unquote(path)))
                if rel not in raw.data:
                    continue  # a file nothing loaded: cannot be told
            place = raw.target(file, text)
            if place is not None and raw.value_at(place) is not NOT_FOUND:
                component = raw.component_of(*place)
                if component is not None and component != owner:
                    used.add(component)
                continue
        prefix = "#/definitions/" if raw.swagger2 else "#/components/schemas/"
        if looks_like_ref:
            candidates = {prefix + escape_token(n) for n in raw.schema_names}
        else:
            candidates = set(raw.schema_names)
        hint = suggest.aside(target, candidates)
        raw.report(
            DISCRIMINATOR_MAPPING,
            f"discriminator mapping {str(value)!r} names {target!r}, which is no schema{hint}",
            file,
            where,
        )


def check_enum(raw: RawSpec, schema: dict[str, Any], file: str, pointer: str) -> None:
    """Each ``enum`` value is of a type the schema allows."""
    enum = schema.get("enum")
    written = schema.get("type")
    if not isinstance(enum, list) or written is None:
        return
    types = written if isinstance(written, list) else [written]
    if not types or not all(isinstance(t, str) and t in TYPES for t in types):
        return  # an unknown or malformed type: not ours to judge
    allowed = set(types)
    nullable_word = schema.get("nullable") is True or schema.get("x-nullable") is True
    if nullable_word and not raw.v31:
        allowed.add("null")
    for i, value in enumerate(enum):
        got = json_type(value, strict_integer=True)
        if got is None or got in allowed:
            continue
        if got == "integer" and "number" in allowed:
            continue
        if got == "number" and "integer" in allowed and float(value).is_integer():
            continue
        expected = " or ".join(types)
        if got == "null" and nullable_word:
            extra = " (nullable is no keyword in OpenAPI 3.1: add 'null' to the type)"
        elif got == "null":
            extra = " (add nullable: true)" if not raw.v31 else " (add 'null' to the type)"
        else:
            extra = ""
        raw.report(
            ENUM_TYPE,
            f"enum value {_shown(value)} is {_A_TYPE[got]}, but the schema's type is "
            f"{expected}{extra}",
            file,
            f"{pointer}/enum/{i}",
        )


_A_TYPE = {
    "null": "null",
    "boolean": "a boolean",
    "integer": "an integer",
    "number": "a number",
    "string": "a string",
    "array": "an array",
    "object": "an object",
}


def _shown(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    text = repr(value) if isinstance(value, str) else scalar_text(value) or type(value).__name__
    return text if len(text) <= 40 else text[:37] + "..."
