"""Path templates (``/users/{id}``) and server URLs: the ``{name}`` parts in them, and
the key two templates share when only their parameter names differ."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from .model import METHODS
from .pointer import escape_token

#: a ``{name}`` in a path template or server URL
TEMPLATE = re.compile(r"\{([^{}]*)\}")


def template_key(method: str, path: str) -> str:
    """``get /users/{}``: the endpoint with its parameter names left out."""
    return f"{method.lower()} {TEMPLATE.sub('{}', path.rstrip('/') or '/')}"


def path_names(path: str) -> list[str]:
    """The parameter names of a template, in order: ``/a/{x}/{y}`` -> ``["x", "y"]``."""
    return TEMPLATE.findall(path)


ADDITIONAL_OPERATIONS = ("additionalOperations", "x-oai-additionalOperations")
"""The path item's map of other methods (OpenAPI 3.2), and the extension that stands for it
before 3.2; the first a path item has is read."""


def raw_operations(item: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    """(JSON pointer below the path item, raw value) of each operation a raw path item
    holds: its method fields, then the OpenAPI 3.2 ``additionalOperations`` (or, before
    3.2, ``x-oai-additionalOperations``; as written, unchecked: the normaliser warns of
    wrong entries)."""
    for method in METHODS:
        if method in item:
            yield f"/{method}", item[method]
    for field in ADDITIONAL_OPERATIONS:
        extra = item.get(field)
        if isinstance(extra, dict):
            for name, value in extra.items():
                yield f"/{field}/{escape_token(str(name))}", value
            return
