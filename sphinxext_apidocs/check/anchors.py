"""``#anchor`` links written in spec text (pure Python, no Sphinx).

A description's ``[see](#pagination)`` or ``<a href="#pagination">`` is rendered as
a same-page link; it works only when the page showing it has that id.  Redoc's
own anchors (``#operation/getPet``, ``#tag/pets``) are a common case: copied
into another tool's output, they point nowhere.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Set
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from ..spec.loader import LoadedDocument
from ..spec.pointer import escape_token
from ..spec.problems import Problem
from ..spec.subtypes import Subtype
from .rules import ANCHOR_UNRESOLVED

TEXT_KEYS = ("description", "summary")
_LINK = re.compile(r"\]\(\s*<?#([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)|href\s*=\s*[\"']#([^\"']+)[\"']")


@dataclass(frozen=True)
class AnchorLink:
    """A ``#anchor`` link written in spec text."""

    anchor: str
    file: str
    line: int | None
    pointer: str


def links_in_spec_text(documents: Mapping[str, LoadedDocument]) -> list[AnchorLink]:
    """Every ``#anchor`` link in a description or summary of the spec's documents."""
    out = []
    for file, doc in documents.items():
        for pointer, text in _texts(doc.data):
            for match in _LINK.finditer(text):
                anchor = unquote(match[1] or match[2])
                out.append(AnchorLink(anchor, file, doc.line_of(pointer), pointer))
    return out


def unresolved(links: list[AnchorLink], ids: Set[str]) -> list[Problem]:
    """A problem for each link to none of ``ids`` (the ids of the pages that render the
    spec; empty: the spec is rendered nowhere, and its links are not judged)."""
    if not ids:
        return []
    return [
        Problem(
            Subtype.CHECK.value,
            f"link to #{link.anchor}: no element of the pages that render this spec has that id",
            link.file,
            link.line,
            link.pointer,
            rule=ANCHOR_UNRESOLVED,
        )
        for link in links
        if link.anchor not in ids
    ]


def _texts(data: Any) -> list[tuple[str, str]]:
    """(pointer, text) of every description and summary holding a ``#`` link."""
    out = []
    stack: list[tuple[Any, str]] = [(data, "")]
    seen: set[int] = set()
    while stack:
        value, pointer = stack.pop()
        if id(value) in seen:
            continue
        seen.add(id(value))
        if isinstance(value, dict):
            for key, child in value.items():
                where = f"{pointer}/{escape_token(str(key))}"
                if key in TEXT_KEYS and isinstance(child, str):
                    if "#" in child:
                        out.append((where, child))
                elif isinstance(child, (dict, list)):
                    stack.append((child, where))
        elif isinstance(value, list):
            stack.extend((child, f"{pointer}/{i}") for i, child in enumerate(value))
    return sorted(out)
