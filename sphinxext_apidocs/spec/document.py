"""One loaded file (:class:`LoadedDocument`: its data, problems and source lines) and the
nesting limit both readers apply."""

from __future__ import annotations

from ..diagnostics.problems import Problem
from .json_positions import JsonLines, JsonOutline

__all__ = ["MAX_DEPTH", "TOO_DEEP", "LoadedDocument", "outer_pointer"]

MAX_DEPTH = 200
"""Deepest container nesting accepted (the root mapping is depth 1)."""
TOO_DEEP = f"nesting deeper than {MAX_DEPTH} levels; not loaded"
"""The message of a document refused for its nesting (``depth``)."""


def outer_pointer(pointer: str, parts: int = 8) -> str:
    """The ancestor of ``pointer`` at most ``parts`` levels down (for messages)."""
    return "/".join(pointer.split("/", parts + 1)[: parts + 1])


class LoadedDocument:
    """One loaded file: its data (None when refused), problems and source lines."""

    def __init__(
        self,
        path: str,
        data: object | None,
        problems: list[Problem],
        lines: dict[str, int] | None = None,
        json_text: str | None = None,
        *,
        refused: bool = False,
        has_duplicates: bool = False,
        outline: JsonOutline | None = None,
    ) -> None:
        self.path = path
        self.data = data
        self.problems = problems
        self.refused = refused
        """True when the file could not be loaded at all (``data`` is None)."""
        self._lines = lines
        self._json = (
            JsonLines(json_text, outline, complete=has_duplicates)
            if json_text is not None
            else None
        )

    def line_of(self, pointer: str) -> int | None:
        """1-based line of the value at ``pointer``, else of its nearest existing ancestor."""
        if self._json is not None:
            return self._json.line_of(pointer)
        lines = self._lines or {}
        while True:
            line = lines.get(pointer)
            if line is not None or not pointer:
                return line
            pointer = pointer[: pointer.rfind("/")] if "/" in pointer else ""

    def first_line_of(self, pointer: str) -> int | None:
        """For a duplicated JSON key, the line of its first occurrence (else None)."""
        if self._json is None:
            return None
        self._json.line_of(pointer)
        return self._json.first_lines.get(pointer)
