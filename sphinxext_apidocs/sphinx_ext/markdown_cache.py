"""Parsed Markdown endpoint sources of one build, cached by content."""

from __future__ import annotations

import os

from ..diagnostics.problems import Problem
from ..diagnostics.subtypes import Subtype
from ..markdown.merge import MarkdownIndex
from ..markdown.parse import MarkdownSource, parse_markdown
from ..spec.files import read_project_file, subtype_of
from ..spec.loader import DEFAULT_MAX_BYTES
from .fingerprint import Fingerprint


class MarkdownCache:
    """Parsed Markdown endpoint sources of one build, reused while unchanged."""

    def __init__(self) -> None:
        self._entries: dict[str, tuple[Fingerprint, MarkdownSource]] = {}
        self._indexes: dict[str, tuple[MarkdownSource, MarkdownIndex]] = {}

    def get(self, path: str, root: str, max_bytes: int = DEFAULT_MAX_BYTES) -> MarkdownSource:
        entry = self._entries.get(path)
        if entry is not None and entry[0].still_valid():
            return entry[1]
        shown = os.path.relpath(path, root)
        content: bytes | None = None
        problem: tuple[Subtype, str] | None = None
        try:
            content = read_project_file(path, root, max_bytes)
        except OSError as exc:
            subtype = subtype_of(exc)
            if subtype is Subtype.SIZE:
                problem = (subtype, f"is larger than apidocs_max_file_size ({max_bytes})")
            else:
                problem = (subtype, f"cannot be read ({exc.strerror or type(exc).__name__})")
        if content is not None:
            try:
                source = parse_markdown(content.decode("utf-8-sig"), shown)
            except UnicodeDecodeError:
                problem = (Subtype.ENCODING, "is not UTF-8 text")
        if problem is not None:
            message = f"the Markdown source {problem[1]}; it is not used"
            source = MarkdownSource(shown, problems=(Problem(problem[0].value, message, shown),))
        self._entries[path] = (Fingerprint.of(path, root, max_bytes, content), source)
        return source

    def sha256(self, path: str) -> str | None:
        """The SHA-256 of the file at ``path`` as :meth:`get` last read it (None: unread)."""
        entry = self._entries.get(path)
        return entry[0].sha256 if entry is not None else None

    def index(self, path: str, root: str, max_bytes: int) -> MarkdownIndex:
        """The endpoint sections of one file by endpoint, made once per parse."""
        source = self.get(path, root, max_bytes)
        found = self._indexes.get(path)
        if found is None or found[0] is not source:
            found = self._indexes[path] = (source, MarkdownIndex.of([source]))
        return found[1]
