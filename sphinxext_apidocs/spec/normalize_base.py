"""What every step of normalisation shares: the documents being read, the spec's version,
problems, a raw value as a mapping (or a problem), ``$ref`` chains and a memo."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from ..diagnostics.subtypes import Subtype
from .model import MISSING, ExternalDocs, Location
from .numbers import SourceFloat
from .refs import DocumentSet

__all__ = ["UNRESOLVED", "NormalizerBase", "extensions", "omitted_alias", "ref_text", "scalar_text"]

T = TypeVar("T")

UNRESOLVED = "(unresolved reference)"


def ref_text(value: Any) -> str:
    ref = value.get("$ref") if isinstance(value, dict) else None
    return str(ref) if ref is not None else "?"


def scalar_text(value: Any) -> str | None:
    if value is None or value is MISSING:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, SourceFloat):
        return value.source
    if isinstance(value, (int, float, bool)):
        return str(value)
    return None


def extensions(value: dict[str, Any]) -> tuple[tuple[str, Any], ...]:
    return tuple([(k, v) for k, v in value.items() if type(k) is str and k.startswith("x-")])


def omitted_alias(value: Any) -> bool:
    """The text the loader leaves in place of a YAML alias it did not expand (and
    reported: ``apidocs.alias``)."""
    return isinstance(value, str) and value.startswith("<alias *") and " omitted: " in value


class NormalizerBase:
    """The documents, the version flags and the helpers of every normalising step."""

    def __init__(self, docs: DocumentSet) -> None:
        self.docs = docs
        self._memo: dict[tuple[str, str], Any] = {}
        self.swagger2 = False
        self.v31 = False
        self.v32 = False
        self.root: dict[str, Any] = {}

    def report(
        self, subtype: Subtype, message: str, loc: Location | None, rule: str | None = None
    ) -> None:
        self.docs.report(subtype, message, loc, rule)

    def obj(self, value: Any, loc: Location, what: str = "an object") -> dict[str, Any]:
        """``value`` if it is a mapping; else {} and a structure problem."""
        if value is None or value is MISSING:
            return {}
        if isinstance(value, dict):
            return value
        if not omitted_alias(value):  # the loader reported that one
            self.report(
                Subtype.STRUCTURE, f"expected {what}, found {type(value).__name__}; skipped", loc
            )
        return {}

    def deref(self, value: Any, loc: Location) -> tuple[Any, Location] | None:
        """Follow a chain of ``$ref`` (for non-schema objects)."""
        seen: list[str] = []
        while isinstance(value, dict) and "$ref" in value:
            key = str(loc)
            if key in seen:
                chain = " -> ".join([*seen, key])
                self.report(Subtype.REF_CYCLE, f"reference cycle: {chain}", loc)
                return None
            seen.append(key)
            target = self.docs.resolve(value["$ref"], loc.child("$ref"))
            if target is None:
                return None
            loc, value = target
        return value, loc

    def memo(self, kind: str, loc: Location, build: Callable[[], T]) -> T:
        key = (kind, str(loc))
        if key not in self._memo:
            self._memo[key] = build()
        result: T = self._memo[key]
        return result

    def external_docs(self, value: Any) -> ExternalDocs | None:
        if isinstance(value, dict) and isinstance(value.get("url"), str):
            return ExternalDocs(value["url"], scalar_text(value.get("description")))
        return None
