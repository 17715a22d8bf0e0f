"""Read-time audit of spec text: what the HTML sanitizer will remove.

Rendering happens at write time (see :mod:`sphinxext_apidocs.pending`); this
finds its warnings while reading, cheaply: only text that looks like it holds
HTML or a URL scheme is parsed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..spec.loader import LoadedDocument
from ..spec.problems import Problem
from ..spec.subtypes import Subtype
from .description import markdown_to_nodes

_SUSPICIOUS = re.compile(
    r"<\s*/?\s*(script|style|iframe|object|embed|form|template|svg|math|img|a)\b|\bon[a-z]+\s*=|"
    r"(javascript|vbscript|data|file)\s*:|&#",
    re.IGNORECASE,
)
_TEXT_KEYS = frozenset({"description", "summary", "title"})


def _strings(doc: LoadedDocument) -> Iterator[tuple[str, str]]:
    """(pointer, text) of every description, summary and title in a document."""
    stack: list[tuple[str, Any]] = [("", doc.data)]
    while stack:
        pointer, value = stack.pop()
        if isinstance(value, dict):
            for key, child in value.items():
                if not isinstance(key, str):
                    continue
                child_pointer = pointer + "/" + key.replace("~", "~0").replace("/", "~1")
                if key in _TEXT_KEYS and isinstance(child, str):
                    yield child_pointer, child
                elif (
                    isinstance(child, (dict, list))
                    and not key.startswith("x-")
                    and key not in ("example", "examples", "default", "enum", "const")
                ):
                    stack.append((child_pointer, child))
        elif isinstance(value, list):
            for i, child in enumerate(value):
                if isinstance(child, (dict, list)):
                    stack.append((f"{pointer}/{i}", child))


def _sanitizer_reports(text: str) -> list[str]:
    reports: list[str] = []
    markdown_to_nodes(text, report=lambda subtype, message: reports.append(message))
    return reports


def audit_descriptions(rel: str, doc: LoadedDocument) -> list[Problem]:
    """Problems the HTML sanitizer will find in a document's spec text."""
    out: list[Problem] = []
    for pointer, text in _strings(doc):
        if not _SUSPICIOUS.search(text):
            continue
        for message in _sanitizer_reports(text):
            out.append(Problem(Subtype.HTML.value, message, rel, doc.line_of(pointer), pointer))
    return out
