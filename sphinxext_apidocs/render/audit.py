"""Read-time audit of spec text: what the HTML sanitizer removes, found while reading.

Rendering happens at write time (see :mod:`sphinxext_apidocs.pending`), but
warnings must come from reading (so an incremental build repeats them).  The
audit parses every description, summary and title of each loaded document,
as the renderer will, and keeps the parsed nodes: the renderer reuses them
instead of parsing the same text again.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from docutils import nodes

from ..spec.loader import LoadedDocument
from ..spec.pointer import escape_token
from ..spec.problems import Problem
from ..spec.subtypes import Subtype
from .description import markdown_to_nodes

_TEXT_KEYS = frozenset({"description", "summary", "title"})
#: values that are literal data, never rendered as Markdown
_LITERAL_KEYS = frozenset({"example", "default", "enum", "const", "value"})
#: text shown verbatim, not parsed
_VERBATIM = frozenset({"/info/title"})


def _strings(doc: LoadedDocument) -> Iterator[tuple[str, str]]:
    """(pointer, text) of every description, summary and title in a document."""
    stack: list[tuple[str, Any]] = [("", doc.data)]
    while stack:
        pointer, value = stack.pop()
        if isinstance(value, dict):
            for key, child in value.items():
                if not isinstance(key, str) or key.startswith("x-") or key in _LITERAL_KEYS:
                    continue
                child_pointer = f"{pointer}/{escape_token(key)}"
                if key in _TEXT_KEYS and isinstance(child, str):
                    if child_pointer not in _VERBATIM:
                        yield child_pointer, child
                elif key == "examples" and isinstance(child, list):
                    continue  # a schema's examples: literal values
                elif isinstance(child, (dict, list)):
                    stack.append((child_pointer, child))
        elif isinstance(value, list):
            for i, child in enumerate(value):
                if isinstance(child, (dict, list)):
                    stack.append((f"{pointer}/{i}", child))


#: what the sanitizer can act on: a tag or autolink, an entity (``&#58;``), and the
#: destination of a link or image (``](``) or of a link reference definition (``]:``)
#: unless it is http(s), a fragment or a path, which it keeps; a URL anywhere else is
#: text (no linkify)
_SANITIZED = re.compile(r"[<&]|\][(:][ \t]*+(?!https?://|#|/)", re.IGNORECASE)


def _parse(text: str) -> tuple[list[nodes.Node], list[str]]:
    """The nodes for ``text`` and what the sanitizer removed from it."""
    reports: list[str] = []
    parsed = markdown_to_nodes(text, report=lambda subtype, message: reports.append(message))
    return parsed, reports


class DescriptionAudit:
    """Called once per loaded document (the ``audit`` hook of :func:`.load_spec`)."""

    def __init__(self) -> None:
        #: parsed block nodes by text, for :attr:`RenderContext.text_cache`
        self.parsed: dict[str, list[nodes.Node]] = {}
        self._reports: dict[str, list[str]] = {}

    def __call__(self, rel: str, doc: LoadedDocument) -> list[Problem]:
        out: list[Problem] = []
        for pointer, text in _strings(doc):
            if not _SANITIZED.search(text):
                continue  # nothing the sanitizer removes (parsed when rendered)
            reports = self._reports.get(text)
            if reports is None:
                parsed, reports = _parse(text)
                self.parsed[text] = parsed
                self._reports[text] = reports
            for message in reports:
                out.append(Problem(Subtype.HTML.value, message, rel, doc.line_of(pointer), pointer))
        return out
