"""Where a spec document's objects and prose are (pure Python, no Sphinx)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .pointer import escape_token

PROSE_KEYS = ("description", "summary", "title")
#: values that are literal data, never spec objects (whatever keys they hold)
LITERAL_KEYS = frozenset({"example", "default", "enum", "const", "value"})
#: extensions rendered as parts of the spec (3.0 webhooks)
RENDERED_EXTENSIONS = frozenset({"x-webhooks"})
#: objects whose keys are names (a status code, a property, a media type ...), not
#: keywords: a response ``default`` or a property ``value`` is no literal data
NAME_MAPS = frozenset(
    {
        *("paths", "webhooks", "x-webhooks", "callbacks", "pathItems"),
        *("schemas", "definitions", "$defs", "properties", "patternProperties"),
        *("dependentSchemas", "responses", "parameters", "examples", "requestBodies"),
        *("headers", "securitySchemes", "securityDefinitions", "links", "content"),
        *("encoding", "variables"),
    }
)


def literal(key: Any, value: Any) -> bool:
    """Whether ``value``, at ``key`` of an object whose keys are keywords (not names),
    is literal data: an example, a default, an enum ... or a schema's ``examples`` list."""
    return key in LITERAL_KEYS or (key == "examples" and isinstance(value, list))


Prose = tuple[str, str, str]
"""(key, pointer, text) of one piece of prose."""


def objects(data: Any) -> Iterator[tuple[str, dict[Any, Any], bool]]:
    """(pointer, object, whether it is inside an extension) of every object in a
    document's data, each once (YAML aliases share objects); not those inside example
    data (``example``, ``value``, a schema's ``examples`` list ...)."""
    # (pointer, value, whether its keys are names, inside an extension)
    stack: list[tuple[str, Any, bool, bool]] = [("", data, False, False)]
    seen: set[int] = set()
    while stack:
        pointer, value, names, extension = stack.pop()
        if id(value) in seen:
            continue
        seen.add(id(value))
        if isinstance(value, dict):
            yield pointer, value, extension
            for key, child in value.items():
                if not isinstance(child, (dict, list)):
                    continue
                inside = extension
                if not names:
                    if literal(key, child):
                        continue
                    if isinstance(key, str) and key.startswith("x-"):
                        inside = inside or key not in RENDERED_EXTENSIONS
                token = escape_token(key) if isinstance(key, str) else str(key)
                stack.append((f"{pointer}/{token}", child, not names and key in NAME_MAPS, inside))
        elif isinstance(value, list):
            for i, child in enumerate(value):
                if isinstance(child, (dict, list)):
                    stack.append((f"{pointer}/{i}", child, False, extension))


def prose(data: Any) -> Iterator[Prose]:
    """Every description, summary and title in a document's data: not in example data
    nor in extensions (``x-...``, but ``x-webhooks``), which are not rendered as prose."""
    for pointer, obj, extension in objects(data):
        if extension:
            continue
        for key in PROSE_KEYS:
            text = obj.get(key)
            if isinstance(text, str):
                yield key, f"{pointer}/{key}", text
