"""The ``breaking-change`` rule: each change from the newest earlier version of a spec to
the current one that breaks clients (pure Python, no Sphinx)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..changes.diff import Change
from ..diagnostics.problems import Problem
from ..diagnostics.rules import BREAKING_CHANGE
from ..diagnostics.subtypes import Subtype
from ..spec.document import LoadedDocument


def breaking_changes(
    changes: Iterable[Change],
    since: str,
    documents: Mapping[str, LoadedDocument],
    old_documents: Mapping[str, LoadedDocument],
    old_file: Mapping[str, str] | None = None,
) -> list[Problem]:
    """A finding for each breaking change since version ``since``, where it is in the
    current spec (``documents``), or in the old one (``old_documents``) for what was
    removed; ``old_file`` names an old file as the report should (a ``git:`` entry)."""
    out = []
    for change in changes:
        if not change.breaking:
            continue
        where = change.location
        docs = old_documents if change.in_old else documents
        doc = docs.get(where.file)
        line = doc.line_of(where.pointer) if doc is not None else None
        file = (old_file or {}).get(where.file, where.file) if change.in_old else where.file
        about = change.operation or change.schema
        text = f"{about}: {change.text}" if about else change.text
        message = f"{text} (breaks clients of {since})"
        out.append(
            Problem(Subtype.CHANGE.value, message, file, line, where.pointer, BREAKING_CHANGE)
        )
    return out
