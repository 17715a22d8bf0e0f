"""One document from a spec split over several files: every ``$ref`` to another file
is brought into the main document (pure Python, no Sphinx, no file read).

The documents are those the loader read (:class:`~.refs.DocumentSet` resolves each
reference the way it did while loading, so nothing new is read and nothing outside
the project is reached).  Where the target of a reference goes:

* a component of the main document that is only a ``$ref``
  (``Book: {$ref: schemas/book.yaml}``) is replaced by its target;
* another schema goes under ``components/schemas`` (``definitions`` in Swagger 2.0),
  named after its component name, else the last part of its pointer or its file;
* anything else (a parameter, a response, a path item...) is written where it was
  first referred to.

Every later reference to the same target points at that place (``#/...``), so a
target is written once, and recursive references end there.  A reference that could
not be resolved while loading (a missing file, a remote URL, a file the loader did not
read) stays as it was written: the bundle holds only what the spec's own pages show.
A ``$ref`` inside data (``example``, an example's ``value``, ``default``, ``enum``,
``const``, an ``x-`` extension...) is data too, and stays as written.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import Any

from .document import MAX_DEPTH, LoadedDocument
from .model import ApiSpec, Location
from .pointer import escape_token
from .prose import NAME_MAPS, RENDERED_EXTENSIONS, literal
from .refs import DocumentSet

_NAME_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def bundle(spec: ApiSpec, documents: Mapping[str, LoadedDocument], root: str) -> Any:
    """The main document of ``spec`` with every reference to another of ``documents``
    (by project-relative path, as loaded) brought into it."""
    return _Bundler(spec, documents, root).run()


class _LoadedOnly(DocumentSet):
    """The documents the loader read, and no other: a file it did not read (one only
    example data names) is not read now."""

    def load(self, rel: str, *, referrer: Location | None = None) -> LoadedDocument | None:
        return self.documents.get(rel)


class _Bundler:
    def __init__(self, spec: ApiSpec, documents: Mapping[str, LoadedDocument], root: str) -> None:
        self.spec = spec
        self.docs = _LoadedOnly(root)
        self.docs.documents.update(documents)  # resolved from these; nothing read
        self.main = spec.file
        self.placed: dict[tuple[str, str], str] = {}
        """(file, pointer) of a target -> its pointer in the bundle."""
        self.schemas: dict[str, Any] = {}
        """Schemas of other files, by the name they get under the main document's."""
        self.inlining: set[tuple[str, str]] = set()
        self.swagger2 = spec.openapi_version.startswith("2")
        main = self.docs.documents[self.main]
        assert main is not None and isinstance(main.data, dict)
        self.data: dict[str, Any] = main.data
        self.existing = self.schema_names_taken()
        """The names of the main document's own schemas (None: it has no place for more)."""
        for slot, value in self.component_slots():
            ref = value["$ref"]
            found = self.resolve(ref, Location(self.main, slot))
            if found is not None and not ref.startswith("#"):
                self.placed.setdefault((found[0].file, found[0].pointer), slot)

    def run(self) -> dict[str, Any]:
        out = self.copy(self.data, Location(self.main, ""), "", 0)
        assert isinstance(out, dict)
        if self.schemas:
            if self.swagger2:
                out.setdefault("definitions", {}).update(self.schemas)
            else:
                out.setdefault("components", {}).setdefault("schemas", {}).update(self.schemas)
        return out

    def schema_names_taken(self) -> set[str] | None:
        holder: Any = self.data
        for key in ("definitions",) if self.swagger2 else ("components", "schemas"):
            holder = holder.get(key, {}) if isinstance(holder, dict) else None
        return set(holder) if isinstance(holder, dict) else None

    def component_slots(self) -> list[tuple[str, dict[str, Any]]]:
        """(pointer, value) of each component of the main document that is only a ``$ref``."""
        maps = (
            [("/definitions", self.data.get("definitions"))]
            + [(f"/{k}", self.data.get(k)) for k in ("parameters", "responses")]
            if self.swagger2
            else [
                (f"/components/{escape_token(k)}", v)
                for k, v in _mapping(self.data.get("components")).items()
            ]
        )
        return [
            (f"{where}/{escape_token(name)}", value)
            for where, group in maps
            for name, value in _mapping(group).items()
            if isinstance(value, dict)
            and list(value) == ["$ref"]
            and isinstance(value["$ref"], str)
        ]

    def resolve(self, ref: str, at: Location) -> tuple[Location, Any] | None:
        """The target of ``ref``, as the loader found it (its problems were reported then)."""
        problems = len(self.docs.problems)
        found = self.docs.resolve(ref, at)
        del self.docs.problems[problems:]
        return found

    def copy(self, value: Any, at: Location, pointer: str, depth: int, names: bool = False) -> Any:
        """``value`` (written at ``at``), to be placed at ``pointer`` in the bundle
        (``names``: its keys are names, a property's or a status code, not keywords)."""
        if isinstance(value, list):
            items = []
            for i, item in enumerate(value):
                items.append(self.copy(item, at.child(i), f"{pointer}/{i}", depth + 1))
            return items
        if not isinstance(value, dict):
            return value
        ref = value.get("$ref")
        if isinstance(ref, str) and not names and depth < MAX_DEPTH:
            bundled = self.reference(value, ref, at, pointer, depth)
            if bundled is not None:
                return bundled
        out = {}
        for key, item in value.items():
            if not names and self.is_data(key, item):
                out[key] = item  # as written: a $ref in it is data, not a reference
                continue
            where, inner = f"{pointer}/{escape_token(key)}", not names and key in NAME_MAPS
            out[key] = self.copy(item, at.child(key), where, depth + 1, inner)
        mapping = _mapping(_mapping(out.get("discriminator")).get("mapping"))
        for name, target in mapping.items():
            if isinstance(target, str) and ("#" in target or "/" in target):
                mapping[name] = self.mapped(target, at.child("discriminator", "mapping", name))
        return out

    def is_data(self, key: Any, value: Any) -> bool:
        """Whether ``value``, at the keyword ``key``, is data (whatever keys it holds)."""
        if literal(key, value) or (self.swagger2 and key == "examples"):  # 2.0: by media type
            return True
        return isinstance(key, str) and key.startswith("x-") and key not in RENDERED_EXTENSIONS

    def mapped(self, ref: str, at: Location) -> str:
        """A discriminator's mapping to a schema by reference, as a reference in the bundle."""
        if ref.startswith("#") and at.file == self.main:
            return ref
        found = self.resolve(ref, at)
        if found is None or str(found[0]) not in self.spec.schemas:
            return ref
        if self.home(found[0]) is None and self.existing is None:
            return ref  # nowhere to put it
        bundled = self.reference({"$ref": ref}, ref, at, "", 0)
        return bundled["$ref"] if isinstance(bundled, dict) and "$ref" in bundled else ref

    def reference(
        self, value: dict[str, Any], ref: str, at: Location, pointer: str, depth: int
    ) -> Any | None:
        """What a ``$ref`` becomes in the bundle (None: it stays as written, its siblings
        copied)."""
        if ref.startswith("#") and at.file == self.main:
            return None  # already a reference into the main document
        found = self.resolve(ref, at)
        if found is None:
            return None
        target, content = found
        siblings = {k: v for k, v in value.items() if k != "$ref"}
        home = self.home(target)
        if home == pointer:  # a component of the main document that names its target
            return self.copy(content, target, pointer, depth + 1)
        if home is None:
            key = (target.file, target.pointer)
            if str(target) in self.spec.schemas and self.existing is not None:
                home = self.placed[key] = self.hoist(target)
                name = home.rsplit("/", 1)[1]
                self.schemas[name] = None  # taken before its content refers back to it
                self.schemas[name] = self.copy(content, target, home, depth + 1)
            elif not siblings:
                self.placed[key] = pointer  # written here; later references point here
                return self.copy(content, target, pointer, depth + 1)
            elif key in self.inlining:  # it holds itself, with siblings: as written
                return None
            else:  # written here with its siblings, so this copy is not the target itself
                self.inlining.add(key)
                inlined = self.copy(content, target, pointer, depth + 1)
                self.inlining.discard(key)
                if isinstance(inlined, dict):
                    return {**inlined, **self.copy(siblings, at, pointer, depth + 1)}
                return inlined
        out = {"$ref": "#" + home}
        out.update(self.copy(siblings, at, pointer, depth + 1))
        return out

    def home(self, target: Location) -> str | None:
        """Where ``target`` is in the bundle already (itself or an ancestor placed)."""
        if target.file == self.main:
            return target.pointer
        pointer = target.pointer
        while True:
            found = self.placed.get((target.file, pointer))
            if found is not None:
                return found + target.pointer[len(pointer) :]
            if not pointer:
                return None
            pointer = pointer[: pointer.rfind("/")]

    def hoist(self, target: Location) -> str:
        """A free pointer under the bundle's schemas for the schema at ``target``."""
        name = self.spec.schema_names.get(str(target))
        if not name:
            last = target.pointer.rsplit("/", 1)[-1]
            name = last or os.path.splitext(os.path.basename(target.file))[0]
        name = _NAME_UNSAFE.sub("_", name) or "Schema"
        home = "/definitions" if self.swagger2 else "/components/schemas"
        taken = self.existing or set()
        candidate, n = name, 1
        while candidate in taken or candidate in self.schemas:
            n += 1
            candidate = f"{name}{n}"
        return f"{home}/{escape_token(candidate)}"


__all__ = ["bundle"]


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}
