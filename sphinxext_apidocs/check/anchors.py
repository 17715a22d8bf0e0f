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
from urllib.parse import unquote

from ..diagnostics.problems import Problem
from ..diagnostics.rules import ANCHOR_UNRESOLVED
from ..diagnostics.subtypes import Subtype
from ..spec.document import LoadedDocument
from ..spec.prose import Prose, prose

TEXT_KEYS = ("description", "summary")
_LINK = re.compile(r"\]\(\s*<?#([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)|href\s*=\s*[\"']#([^\"']+)[\"']")


@dataclass(frozen=True)
class AnchorLink:
    """A ``#anchor`` link written in spec text."""

    anchor: str
    file: str
    line: int | None
    pointer: str


def links_in_spec_text(
    documents: Mapping[str, LoadedDocument], texts: Mapping[str, list[Prose]] | None = None
) -> list[AnchorLink]:
    """Every ``#anchor`` link in a description or summary of the spec's documents
    (``texts``: their :func:`.prose` by file, if at hand)."""
    out = []
    for file, doc in documents.items():
        for key, pointer, text in texts[file] if texts is not None else prose(doc.data):
            if key not in TEXT_KEYS or "#" not in text:
                continue
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
