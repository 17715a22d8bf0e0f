"""Read-time audit of spec text: what the HTML sanitizer removes, found while reading.

Rendering happens at write time (see :mod:`sphinxext_apidocs.sphinx_ext.deferred`), but
warnings must come from reading (so an incremental build repeats them).  The
audit parses every description, summary and title of each loaded document,
as the renderer will, and keeps the parsed nodes: the renderer reuses them
instead of parsing the same text again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from docutils import nodes

from ..diagnostics.problems import Problem
from ..diagnostics.subtypes import Subtype
from ..spec.document import LoadedDocument
from ..spec.prose import Prose, prose
from .description import markdown_source, markdown_to_nodes

#: text shown verbatim, not parsed
_VERBATIM = frozenset({"/info/title"})


#: what the sanitizer can act on, in the text as it parses it (``markdown_source``): a
#: tag or autolink, an entity (``&#58;``), and the destination of a link or image
#: (``](``) or of a link reference definition (``]:``) unless it is plainly http(s), a
#: fragment or a path, which it keeps; a URL anywhere else is text (no linkify).  ASCII
#: letters only: ``re.IGNORECASE`` would take ``httpſ://`` for ``https://``.
_SANITIZED = re.compile(r"[<&]|\][(:][ \t]*+(?![hH][tT][tT][pP][sS]?://|#|/)")


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

    def __call__(
        self, rel: str, doc: LoadedDocument, texts: Iterable[Prose] | None = None
    ) -> list[Problem]:
        """The problems of ``doc``'s prose (``texts``: its :func:`.prose`, if at hand)."""
        out: list[Problem] = []
        for _key, pointer, text in texts if texts is not None else prose(doc.data):
            if pointer in _VERBATIM or not _SANITIZED.search(markdown_source(text)):
                continue  # nothing the sanitizer removes (parsed when rendered)
            reports = self._reports.get(text)
            if reports is None:
                parsed, reports = _parse(text)
                self.parsed[text] = parsed
                self._reports[text] = reports
            for message in reports:
                out.append(Problem(Subtype.HTML.value, message, rel, doc.line_of(pointer), pointer))
        return out
