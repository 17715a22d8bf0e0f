"""The JSON type of a Python value, and whether a value has a given JSON type: one
home for the three stages that ask (samples, validation, the spec rules).

``strict_integer``: OpenAPI 3.0 reads ``1.0`` as a number, JSON Schema 2020-12 (3.1)
as an integer; a bool is never a number.
"""

from __future__ import annotations

import numbers
from typing import Any

#: the JSON Schema type names
TYPES = ("null", "boolean", "integer", "number", "string", "array", "object")


def json_type(value: Any, *, strict_integer: bool = False) -> str | None:
    """``"null"``, ``"boolean"``, ..., ``"object"``; None for what JSON cannot hold."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "integer" if not strict_integer and value.is_integer() else "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return None


def has_type(value: Any, kind: str, *, strict_integer: bool = False) -> bool | None:
    """Whether ``value`` has JSON type ``kind`` (an integer is a number too); None when
    ``kind`` is not a JSON type."""
    if kind == "number":
        return not isinstance(value, bool) and isinstance(value, numbers.Number)
    if kind not in TYPES:
        return None
    return json_type(value, strict_integer=strict_integer) == kind
