"""The raw documents of one spec as the ``spec`` rules read them: ``$ref`` followed
between files, components found, findings collected (pure Python, no Sphinx)."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import unquote, urljoin

from ...diagnostics.problems import Problem
from ...diagnostics.subtypes import Subtype
from ...spec.document import LoadedDocument
from ...spec.model import ApiSpec, Operation
from ...spec.pointer import escape_token
from ...spec.refs import NOT_FOUND, resolve_pointer

_SUBTYPE = Subtype.STRUCTURE.value

URL_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")

#: the component sections checked by ``component-unused``, and what one entry is called
COMPONENT_SECTIONS_3 = {
    "schemas": "schema",
    "parameters": "parameter",
    "responses": "response",
    "requestBodies": "request body",
    "headers": "header",
    "examples": "example",
    "links": "link",
    "callbacks": "callback",
}
COMPONENT_SECTIONS_2 = {"definitions": "schema", "parameters": "parameter", "responses": "response"}

_UNSEEN: Any = object()

Key = tuple[str, str]
"""A place: (root-relative file, JSON pointer)."""


class RawSpec:
    """The documents of ``spec`` (root-relative file -> loaded document), and the findings
    reported on them."""

    def __init__(
        self,
        spec: ApiSpec,
        documents: Mapping[str, LoadedDocument | None],
    ) -> None:
        self.spec = spec
        self.main = spec.file
        self.data: dict[str, Any] = {}
        for name, doc in documents.items():
            if doc is not None and doc.data is not None:
                self.data[name] = doc.data
        self.documents = documents
        root = self.data.get(self.main)
        self.root: dict[str, Any] = root if isinstance(root, dict) else {}
        self.swagger2 = "swagger" in self.root and "openapi" not in self.root
        version = spec.openapi_version
        self.v31 = not self.swagger2 and version.startswith(("3.1", "3.2"))
        self.sections = COMPONENT_SECTIONS_2 if self.swagger2 else COMPONENT_SECTIONS_3
        self.problems: dict[tuple[str, str, str, str], Problem] = {}
        self._targets: dict[Key, Key | None] = {}
        self._values: dict[Key, Any] = {}
        self.operation_ids = {
            op.operation_id for op in all_operations(spec, webhooks=True) if op.operation_id
        }
        self.schema_names = self._component_schema_names()

    # -- output ------------------------------------------------------------
    def report(self, rule: str, message: str, file: str, pointer: str) -> None:
        key = (rule, file, pointer, message)
        if key in self.problems:
            return
        doc = self.documents.get(file)
        line = doc.line_of(pointer) if doc is not None else None
        self.problems[key] = Problem(_SUBTYPE, message, file, line, pointer, rule)

    def findings(self) -> list[Problem]:
        """What was reported, sorted by file, line and pointer."""
        return sorted(
            self.problems.values(),
            key=lambda p: (p.file or "", p.line or 0, p.pointer or "", p.rule or "", p.message),
        )

    # -- references ----------------------------------------------------------
    def target(self, file: str, ref: Any) -> Key | None:
        """The (file, pointer) a ``$ref`` written in ``file`` names, if that file is loaded."""
        if not isinstance(ref, str):
            return None
        cache_key = (file, ref)
        if cache_key in self._targets:
            return self._targets[cache_key]
        found: Key | None = None
        text = ref.strip()
        path, _, fragment = text.partition("#")
        pointer = unquote(fragment)
        if pointer == "" or pointer.startswith("/"):
            if not path:
                tfile: str | None = file
            elif "://" in file:
                tfile = urljoin(file, path)
            elif URL_SCHEME.match(path) or path.startswith("//"):
                tfile = path  # a remote document is known by its URL
            else:
                tfile = posixpath.normpath(posixpath.join(posixpath.dirname(file), unquote(path)))
            if tfile in self.data:
                found = (tfile, pointer)
        self._targets[cache_key] = found
        return found

    def value_at(self, place: Key) -> Any:
        found = self._values.get(place, _UNSEEN)
        if found is _UNSEEN:
            data = self.data.get(place[0])
            found = NOT_FOUND if data is None else resolve_pointer(data, place[1])
            self._values[place] = found
        return found

    def deref(self, value: Any, file: str, pointer: str) -> tuple[Any, str, str] | None:
        """Follow a chain of ``$ref`` to a value; None when it leads nowhere (or in a circle)."""
        hops = 0
        while isinstance(value, dict) and "$ref" in value:
            place = self.target(file, value["$ref"])
            hops += 1
            if place is None or hops > 50:
                return None
            value = self.value_at(place)
            if value is NOT_FOUND:
                return None
            file, pointer = place
        return value, file, pointer

    def component_of(self, file: str, pointer: str) -> str | None:
        """The pointer of the main file's component that ``pointer`` is in (or is)."""
        if file != self.main:
            return None
        parts = pointer.split("/", 4)
        if self.swagger2:
            if len(parts) >= 3 and parts[1] in self.sections:
                return "/".join(parts[:3])
        elif len(parts) >= 4 and parts[1] == "components" and parts[2] in self.sections:
            return "/".join(parts[:4])
        return None

    def _component_schema_names(self) -> dict[str, str]:
        """The main file's component schemas: name -> pointer."""
        if self.swagger2:
            section, prefix = self.root.get("definitions"), "/definitions/"
        else:
            components = self.root.get("components")
            section = components.get("schemas") if isinstance(components, dict) else None
            prefix = "/components/schemas/"
        if not isinstance(section, dict):
            return {}
        return {str(name): prefix + escape_token(str(name)) for name in section}


def all_operations(spec: ApiSpec, *, webhooks: bool) -> Iterator[Operation]:
    """Every operation of ``spec``: paths, callbacks (at any depth), and webhooks if asked."""
    todo = list(spec.operations)
    if webhooks:
        todo += spec.webhooks
    todo.reverse()
    while todo:
        op = todo.pop()
        yield op
        inner = [cop for cb in op.callbacks for cop in cb.operations]
        todo.extend(reversed(inner))


def bare(name: str) -> str:
    """A template name without RFC 6570 operator and modifiers: ``+path`` -> ``path``."""
    name = name.strip()
    if name[:1] in ("+", "#", ".", "/", ";", "?", "&"):
        name = name[1:]
    if name.endswith("*"):
        name = name[:-1]
    return name.split(":", 1)[0]


def scalar_text(value: Any) -> str:
    """A scalar as written in the document (a number keeps its source text); ``""`` for
    anything else."""
    if isinstance(value, str):
        return value
    source = getattr(value, "source", None)
    if isinstance(source, str):
        return source
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    return ""


def objects_in(value: Any) -> Iterator[tuple[int, dict[str, Any]]]:
    """The objects in a list, with their index; nothing when ``value`` is no list."""
    if isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, dict):
                yield i, item
