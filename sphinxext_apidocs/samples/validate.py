"""Validating values (examples, generated payloads) against spec schemas with jsonschema.

The spec's own files are the registry, so ``$ref`` resolve as they do for the
renderer, and nothing is fetched.  OpenAPI reads schemas in a context, which
plain JSON Schema does not know; the documents are adapted per context first:

* a ``readOnly`` property is not required in a request, a ``writeOnly`` one
  not in a response;
* OpenAPI 3.0 ``nullable: true`` and Swagger's ``x-nullable`` allow ``null``.

OpenAPI 3.1 schemas are validated as JSON Schema 2020-12; 3.0 and Swagger 2.0
as draft 4, whose boolean ``exclusiveMinimum`` they share.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import jsonschema
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4, DRAFT202012

from ..spec.loader import load_document
from ..spec.model import ApiSpec, Schema
from ..spec.refs import NOT_FOUND, resolve_pointer

Reader = Callable[[str], bytes]


def _read(path: str) -> bytes:
    return Path(path).read_bytes()


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


class SpecValidator:
    """Validates values against the schemas of one loaded spec (root + its files)."""

    def __init__(
        self, spec: ApiSpec, root: str, files: tuple[str, ...], *, read: Reader = _read
    ) -> None:
        self.root = Path(root)
        self.draft = DRAFT202012 if spec.openapi_version.startswith("3.1") else DRAFT4
        self._data = {rel: load_document(read(str(self.root / rel)), rel).data for rel in files}
        self._registries: dict[str | None, Registry[Any]] = {}

    def registry(self, context: str | None) -> Registry[Any]:
        if context not in self._registries:
            resources = [
                (
                    self.uri(rel),
                    Resource.from_contents(
                        in_context(data, context, self.targets_from(rel)),
                        default_specification=self.draft,
                    ),
                )
                for rel, data in self._data.items()
                if data is not None
            ]
            self._registries[context] = Registry().with_resources(resources)
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
        return (self.root / rel).resolve().as_uri()

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
        validator = cls({"$ref": target}, registry=self.registry(context))
        return [
            f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}"
            for e in validator.iter_errors(value)
        ]
