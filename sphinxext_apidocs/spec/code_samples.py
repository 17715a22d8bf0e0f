"""Hand-written code samples in a spec: ``x-codeSamples`` (Redocly) and
``x-code-samples`` (its older spelling), each a list of ``{lang, label, source}``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NamedTuple

from .model import Operation

#: the extension names, in the order their entries are shown
KEYS = ("x-codeSamples", "x-code-samples")

#: ``lang`` values of hand-written samples (``x-codeSamples``) that mean a built-in language
SAMPLE_LANGUAGE_ALIASES: dict[str, str] = {
    "shell": "curl",
    "sh": "curl",
    "bash": "curl",
    "curl": "curl",
    "httpie": "httpie",
    "python": "python",
    "python3": "python",
    "py": "python",
    "httpx": "python-httpx",
    "python-httpx": "python-httpx",
    "javascript": "javascript",
    "js": "javascript",
    "node": "javascript",
    "node.js": "javascript",
    "nodejs": "javascript",
    "typescript": "typescript",
    "ts": "typescript",
    "go": "go",
    "golang": "go",
    "java": "java",
    "c#": "csharp",
    "csharp": "csharp",
    "cs": "csharp",
    "php": "php",
    "ruby": "ruby",
    "rb": "ruby",
    "rust": "rust",
}


class Entry(NamedTuple):
    key: str
    position: int
    value: Any
    """as the spec has it: any shape"""


def entries(op: Operation) -> Iterator[Entry]:
    """Every entry of both lists, whatever its shape."""
    for key in KEYS:
        found = op.extension(key)
        if isinstance(found, list):
            for position, value in enumerate(found):
                yield Entry(key, position, value)


def is_shown(entry: Any) -> bool:
    """An entry with source code; one without (ReadMe's ``language``/``code`` flavour
    included) is not shown, so nothing else about it matters."""
    return isinstance(entry, dict) and isinstance(entry.get("source"), str)


def language_id(lang: str) -> str:
    """The built-in sample language a ``lang`` means (``sh`` -> ``curl``), else ``lang``."""
    return SAMPLE_LANGUAGE_ALIASES.get(lang.strip().lower(), lang)
