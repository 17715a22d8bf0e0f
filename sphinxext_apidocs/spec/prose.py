"""Where a spec document's prose is (pure Python, no Sphinx)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .pointer import escape_token

PROSE_KEYS = frozenset({"description", "summary", "title"})
#: values that are literal data, never prose (whatever keys they hold)
LITERAL_KEYS = frozenset({"example", "default", "enum", "const", "value"})
#: extensions rendered as parts of the spec (3.0 webhooks)
RENDERED_EXTENSIONS = frozenset({"x-webhooks"})


Prose = tuple[str, str, str]
"""(key, pointer, text) of one piece of prose."""


def prose(data: Any) -> Iterator[Prose]:
    """(key, pointer, text) of every description, summary and title in a document's data;
    not in example data (``example``, ``value``, a schema's ``examples`` list ...) nor in
    extensions (``x-...``, but ``x-webhooks``), which are not rendered as prose."""
    stack: list[tuple[str, Any]] = [("", data)]
    while stack:
        pointer, value = stack.pop()
        if isinstance(value, dict):
            for key, child in value.items():
                if not isinstance(key, str) or key in LITERAL_KEYS:
                    continue
                if key.startswith("x-") and key not in RENDERED_EXTENSIONS:
                    continue
                if key in PROSE_KEYS and isinstance(child, str):
                    yield key, f"{pointer}/{escape_token(key)}", child
                elif key == "examples" and isinstance(child, list):
                    continue  # a schema's examples: literal values
                elif isinstance(child, (dict, list)):
                    stack.append((f"{pointer}/{escape_token(key)}", child))
        elif isinstance(value, list):
            for i, child in enumerate(value):
                if isinstance(child, (dict, list)):
                    stack.append((f"{pointer}/{i}", child))
