"""Problems found while loading or normalising a spec (pure Python, no Sphinx)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a spec file.

    ``subtype`` is one of the documented ``apidocs`` warning subtypes (see
    :class:`~sphinxext_apidocs.diagnostics.subtypes.Subtype`); ``file`` is the path of the file
    the problem is in, ``line`` is 1-based (``None`` when unknown) and
    ``pointer`` the JSON pointer of the value concerned (``""`` for the root).
    """

    subtype: str
    message: str
    file: str | None = None
    line: int | None = None
    pointer: str | None = None
    rule: str | None = None
    """The ``apicheck`` rule id when more specific than the subtype's
    (see ``sphinxext_apidocs.diagnostics.rules``)."""

    def where(self) -> str:
        """``file:line #pointer`` as far as known, for messages."""
        out = self.file or ""
        if self.line is not None:
            out += f":{self.line}"
        if self.pointer is not None:
            out += f" #{self.pointer}" if out else f"#{self.pointer}"
        return out
