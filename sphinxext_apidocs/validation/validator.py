"""Validating values (examples, generated payloads) against spec schemas with jsonschema.

The spec's own files are the registry, so ``$ref`` resolve as they do for the
renderer, and nothing is fetched.  OpenAPI reads schemas in a context, which
plain JSON Schema does not know; the documents are adapted per context first:

* a ``readOnly`` property is not required in a request, a ``writeOnly`` one
  not in a response;
* ``nullable: true`` (OpenAPI 3.0, and 3.1 specs that kept it, as the renderer
  reads it) and Swagger's ``x-nullable`` allow ``null``.

OpenAPI 3.1 schemas are validated as JSON Schema 2020-12; 3.0 and Swagger 2.0
as draft 4, whose boolean ``exclusiveMinimum`` they share.

:meth:`SpecValidator.validation_errors` (what ``apicheck`` uses) adapts the
validator instead of the documents, so nothing is copied and one registry
serves every context; compiled validators are kept per schema, context and
``misdirected`` (the validator class: :mod:`.openapi_keywords`).
It also honours a 3.1 ``jsonSchemaDialect``, the ``discriminator`` of a
``oneOf``/``anyOf`` (a value naming its branch is validated against that branch
only), and reads ``nullable``/``x-nullable`` (in 3.1 too, as the renderer does) as
"``null`` is also valid".  A ``pattern`` is matched by :func:`.bounds.search`; one that
cannot be checked against a value (Python cannot read it, or it could backtrack for long
on it) accepts it, and is noted.  Each validation has a work budget
(:data:`.openapi_keywords.MAX_STEPS`); :meth:`SpecValidator.take_unchecked` tells what
was left unjudged.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import jsonschema
from jsonschema.exceptions import ValidationError
from jsonschema.protocols import Validator
from referencing import Registry, Specification
from referencing.jsonschema import DRAFT4, DRAFT202012

from ..spec.document import LoadedDocument
from ..spec.files import read_project_file
from ..spec.loader import DEFAULT_MAX_BYTES, load_document
from ..spec.model import ApiSpec, Location, Schema
from ..spec.refs import NOT_FOUND, anchor_pointers, resolve_pointer
from .bounds import Unchecked, WorkExhausted
from .openapi_keywords import (
    LeafCheck,
    dialect_class,
    openapi_validator_class,
    pattern_keyword,
    specification_of,
)


def in_context(data: Any, context: str | None, target: Callable[[str], Any] | None = None) -> Any:
    """A copy of a document's data as OpenAPI reads it in ``context``.

    ``target(ref)`` gives what a ``$ref`` of this document points to (None when
    unknown), so that a property whose ``readOnly`` is on the schema it refers
    to is not required in a request either.
    """
    skip = {"request": "readOnly", "response": "writeOnly"}.get(context or "")
    if isinstance(data, list):
        return [in_context(v, context, target) for v in data]
    if not isinstance(data, dict):
        return data
    out = {k: in_context(v, context, target) for k, v in data.items()}
    props = data.get("properties")
    if skip and isinstance(out.get("required"), list) and isinstance(props, dict):
        out["required"] = [
            name for name in out["required"] if not _flagged(props.get(name), skip, target)
        ]
    if (data.get("nullable") is True or data.get("x-nullable") is True) and isinstance(
        data.get("type"), str
    ):
        out["type"] = [data["type"], "null"]
    return out


def _flagged(schema: Any, flag: str, target: Callable[[str], Any] | None) -> bool:
    """Whether ``schema`` (or what its ``$ref`` chain leads to) says ``flag: true``."""
    for _ in range(20):  # a chain of references, bounded against cycles
        if not isinstance(schema, dict):
            return False
        if schema.get(flag) is True:
            return True
        ref = schema.get("$ref")
        if not isinstance(ref, str) or target is None:
            return False
        schema = target(ref)
    return False


def anchored_registry(contents: Mapping[str, Any], draft: Specification[Any]) -> Registry[Any]:
    """A registry of the spec's files (``contents`` by URI) that finds their ``$anchor``
    and ``$dynamicAnchor`` names wherever they are: JSON Schema finds them only under
    the keywords it walks, and an OpenAPI document keeps its schemas under
    ``components``."""

    def anchors_in(_specification: Specification[Any], document: Any) -> list[Any]:
        return [
            anchor
            for pointer in dict.fromkeys(anchor_pointers(document).values())
            for anchor in draft.anchors_in(resolve_pointer(document, pointer))
        ]

    # referencing's documented constructor; mypy does not see the __init__ its attrs
    # decorator makes
    document_specification = Specification(  # type: ignore[call-arg]
        name=f"{draft.name} (an OpenAPI document)",
        id_of=draft.id_of,
        subresources_of=draft.subresources_of,
        maybe_in_subresource=draft.maybe_in_subresource,
        anchors_in=anchors_in,
    )
    return Registry().with_resources(
        (uri, document_specification.create_resource(data)) for uri, data in contents.items()
    )


class SpecValidator:
    """Validates values against the schemas of one loaded spec (root + its files).

    ``documents`` (the loader's documents by root-relative path, as ``load_spec``'s
    ``audit`` sees them) spares reading and parsing those files again; another file
    of more than ``max_bytes`` bytes is not read (the loader refused it too).
    """

    def __init__(
        self,
        spec: ApiSpec,
        root: str,
        files: tuple[str, ...],
        *,
        documents: Mapping[str, LoadedDocument | None] | None = None,
        max_bytes: int = DEFAULT_MAX_BYTES,
    ) -> None:
        self.root = Path(root)
        self._max_bytes = max_bytes
        self.draft = DRAFT202012 if spec.openapi_version.startswith("3.1") else DRAFT4
        self._data = {rel: self._load(rel, documents) for rel in files}
        self._registries: dict[str | None, Registry[Any]] = {}
        self._uris: dict[str, str] = {}
        main = self._data.get(spec.file)
        dialect = main.get("jsonSchemaDialect") if isinstance(main, dict) else None
        #: the JSON Schema validator class the spec's schemas are read with
        self.dialect: type[Validator] = (
            dialect_class(dialect) if self.draft is DRAFT202012 else jsonschema.Draft4Validator
        )
        self._openapi_registry: Registry[Any] | None = None
        self._classes: dict[tuple[str | None, bool], type[Validator]] = {}
        self._compiled: dict[tuple[str, str | None, bool], Validator] = {}
        self._roots: dict[tuple[str | None, bool], Validator] = {}
        self._leaf = LeafCheck(
            nullable=True,
            strict_integer=self.dialect is jsonschema.Draft4Validator,
        )
        #: what validations left unjudged since :meth:`take_unchecked`; the work of the
        #: current one (its validator classes count into it)
        self.unchecked = Unchecked()

    def _load(self, rel: str, documents: Mapping[str, LoadedDocument | None] | None) -> Any:
        if documents is not None and rel in documents:
            doc = documents[rel]
            return doc.data if doc is not None else None
        try:
            content = read_project_file(str(self.root / rel), str(self.root), self._max_bytes)
            return load_document(content, rel, max_bytes=self._max_bytes).data
        except OSError:  # a file the loader could not read (or refused) either: it said so
            return None

    def registry(self, context: str | None) -> Registry[Any]:
        if context not in self._registries:
            contents = {
                self.uri(rel): in_context(data, context, self.targets_from(rel))
                for rel, data in self._data.items()
                if data is not None
            }
            self._registries[context] = anchored_registry(contents, self.draft)
        return self._registries[context]

    def targets_from(self, rel: str) -> Callable[[str], Any]:
        """Resolves a ``$ref`` written in file ``rel`` against the spec's own files."""

        def target(ref: str) -> Any:
            file, _, pointer = ref.partition("#")
            name = rel
            if file:
                name = posixpath.normpath(posixpath.join(posixpath.dirname(rel), unquote(file)))
            found = resolve_pointer(self._data.get(name), unquote(pointer))
            return None if found is NOT_FOUND else found

        return target

    def uri(self, rel: str) -> str:
        found = self._uris.get(rel)
        if found is None:
            found = self._uris[rel] = (self.root / rel).resolve().as_uri()
        return found

    def target(self, schema: Schema) -> str:
        """The URI of ``schema``: the schema a reference leads to, else where it is written."""
        if schema.ref:
            file, _, pointer = schema.ref.partition("#")
            return f"{self.uri(file)}#{pointer}"
        return self.location_target(schema.location)

    def location_target(self, location: Location) -> str:
        return f"{self.uri(location.file)}#{location.pointer}"

    def validation_errors(
        self,
        schema: Schema | Location,
        value: Any,
        context: str | None = None,
        *,
        misdirected: bool = False,
    ) -> list[ValidationError]:
        """jsonschema's errors for ``value`` against ``schema`` (or the schema written at a
        location), read as OpenAPI reads it in ``context`` (``request``, ``response`` or None).
        With ``misdirected``, a ``readOnly`` property in a request and a ``writeOnly`` one in
        a response are errors too (:class:`MisdirectedProperty`).

        Raises what jsonschema raises for a schema it cannot use (an unresolvable
        ``$ref``, an unknown type, a malformed keyword).  The work is bounded
        (:data:`.openapi_keywords.MAX_STEPS`): past it, no errors, and :meth:`take_unchecked` says the value
        was not judged; likewise for a ``pattern`` that could not be checked.
        """
        target = (
            self.location_target(schema) if isinstance(schema, Location) else self.target(schema)
        )
        return self.bounded(self.compiled(target, context, misdirected), value)

    def bounded(self, validator: Validator, value: Any) -> list[ValidationError]:
        """``validator``'s errors for ``value``, within :data:`.openapi_keywords.MAX_STEPS`."""
        self.unchecked.steps = 0
        try:
            return list(validator.iter_errors(value))
        except WorkExhausted:
            self.unchecked.exhausted = True
            return []

    def take_unchecked(self) -> Unchecked:
        """What the validations since the last call left unjudged (then forgotten)."""
        found = Unchecked(dict(self.unchecked.patterns), self.unchecked.exhausted)
        self.unchecked.patterns.clear()
        self.unchecked.exhausted = False
        return found

    def plainly_accepts(self, written: Any, value: Any) -> bool:
        """A shortcut: True when the schema ``written`` (as it is in the file) is only a
        ``type`` and annotations, and ``value`` has that type (False says nothing)."""
        return self._leaf.accepts(written, value)

    def compiled(
        self, target: str, context: str | None = None, misdirected: bool = False
    ) -> Validator:
        """The validator for the schema at URI ``target`` in ``context`` (kept for reuse)."""
        key = (target, context, misdirected)
        found = self._compiled.get(key)
        if found is None:
            reading = (context, misdirected)
            cls = self._classes.get(reading)
            if cls is None:
                cls = self._classes[reading] = openapi_validator_class(
                    self.dialect,
                    context,
                    nullable=True,
                    leaf=self._leaf,
                    misdirected=misdirected,
                    record=self.unchecked,
                )
            if self._roots.get(reading) is None:
                self._roots[reading] = cls({}, registry=self.openapi_registry())
            root = self._roots[reading]
            resolver = getattr(root, "_resolver", None)  # jsonschema >= 4.18
            if resolver is None:
                found = cls({"$ref": target}, registry=self.openapi_registry())
            else:
                # the schema itself, not a reference to it: one lookup now, none per value
                resolved = resolver.lookup(target)
                found = root.evolve(schema=resolved.contents, _resolver=resolved.resolver)
            self._compiled[key] = found
        return found

    def openapi_registry(self) -> Registry[Any]:
        """The spec's files as they are written, for :meth:`validation_errors`."""
        if self._openapi_registry is None:
            self._openapi_registry = anchored_registry(
                {self.uri(rel): data for rel, data in self._data.items() if data is not None},
                specification_of(self.dialect),
            )
        return self._openapi_registry

    def errors(self, schema: Schema, value: Any, context: str | None = None) -> list[str]:
        """Why ``value`` does not validate against ``schema`` (empty when it does)."""
        if schema.ref:
            target = f"{self.uri(schema.ref.partition('#')[0])}#{schema.ref.partition('#')[2]}"
        else:
            target = f"{self.uri(schema.location.file)}#{schema.location.pointer}"
        cls = (
            jsonschema.Draft202012Validator
            if self.draft is DRAFT202012
            else jsonschema.Draft4Validator
        )
        cls = jsonschema.validators.extend(cls, {"pattern": pattern_keyword(self.unchecked)})
        validator = cls({"$ref": target}, registry=self.registry(context))
        return [
            f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}"
            for e in self.bounded(validator, value)
        ]
