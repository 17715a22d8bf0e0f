"""``#anchor`` and ``/path`` links written in spec text (pure Python, no Sphinx).

A description's ``[see](#pagination)`` or ``<a href="#pagination">`` is rendered as
a same-page link; it works only when the page showing it has that id.  Redoc's
own anchors (``#operation/getPet``, ``#tag/pets``, ``#schema/Pet``) are links to
objects of the ``api`` domain instead: they work when the spec documents that object
somewhere.  A link starting with ``/`` (``/docs/api``) is a path on the site the spec
came from: without ``apidocs_link_base`` it points nowhere on another site.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Set
from dataclasses import dataclass
from urllib.parse import unquote

from ..diagnostics.problems import Problem
from ..diagnostics.rules import ANCHOR_UNRESOLVED, LINK_ROOT_RELATIVE, XREF_UNRESOLVED
from ..diagnostics.subtypes import Subtype
from ..render.links import redoc_target, root_relative
from ..spec.document import LoadedDocument
from ..spec.prose import Prose, prose

TEXT_KEYS = ("description", "summary")
_LINK = re.compile(
    r"\]\(\s*<?([#/][^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)|href\s*=\s*[\"']([#/][^\"']*)[\"']"
)


@dataclass(frozen=True)
class SpecTextLink:
    """A ``#anchor`` or ``/path`` link written in spec text."""

    href: str
    file: str
    line: int | None
    pointer: str


def links_in_spec_text(
    documents: Mapping[str, LoadedDocument], texts: Mapping[str, list[Prose]] | None = None
) -> list[SpecTextLink]:
    """Every ``#anchor`` and ``/path`` link in a description or summary of the spec's
    documents (``texts``: their :func:`.prose` by file, if at hand)."""
    out = []
    for file, doc in documents.items():
        for key, pointer, text in texts[file] if texts is not None else prose(doc.data):
            if key not in TEXT_KEYS or ("#" not in text and "/" not in text):
                continue
            for match in _LINK.finditer(text):
                href = match[1] or match[2]
                if (href.startswith("#") and len(href) > 1) or root_relative(href):
                    out.append(SpecTextLink(href, file, doc.line_of(pointer), pointer))
    return out


def unresolved(
    links: list[SpecTextLink], ids: Set[str], documents: Callable[[str, str], bool]
) -> list[Problem]:
    """A problem for each ``#anchor`` link to none of ``ids`` (the ids of the pages that
    render the spec; empty: the spec is rendered nowhere, and its links are not judged),
    and for each Redoc-style link to an object that ``documents(role, name)`` denies."""
    if not ids:
        return []
    out = []
    for link in links:
        if not link.href.startswith("#"):
            continue
        target = redoc_target(link.href)
        if target is None:
            anchor = unquote(link.href[1:])
            if anchor in ids:
                continue
            message = (
                f"link to #{anchor}: no element of the pages that render this spec has that id"
            )
            rule = ANCHOR_UNRESOLVED
        elif documents(target.role, target.name):
            continue
        else:
            kind = "operation" if target.role == "op" else target.role
            message = f"link to {link.href}: this spec documents no {kind} {target.name!r}"
            rule = XREF_UNRESOLVED
        out.append(
            Problem(Subtype.CHECK.value, message, link.file, link.line, link.pointer, rule=rule)
        )
    return out


def root_relative_links(links: list[SpecTextLink]) -> list[Problem]:
    """A problem for each ``/path`` link (judged when no ``apidocs_link_base`` says
    which site they are on)."""
    return [
        Problem(
            Subtype.CHECK.value,
            f"link to {link.href}: a path on the spec's own site; set apidocs_link_base "
            "to the site's address",
            link.file,
            link.line,
            link.pointer,
            rule=LINK_ROOT_RELATIVE,
        )
        for link in links
        if root_relative(link.href)
    ]
